import { z } from "zod";
import type { CustomerInput } from "../input/types.js";
import { defineOptions, parseOptions, type OptionsSchema } from "../options.js";
import { customerFieldsSchema, readCustomerColumns, type CustomerFields } from "./customerFields.js";
import { planScoring, rfmCell, scoreColumns, scoreRfmOptionsSchema, type RfmScoreMeta } from "./scoreRfm.js";
import { summarizeSegmentColumns, type SegmentSummaryRow } from "./summarizeSegments.js";
import { RFM_ELEVEN_SEGMENT_GRID, RFM_THREE_LEVEL_GRID, type RfmGrid } from "./rfmGrids.js";
import type { RfmScoringOptions, RfmSegmentRecord } from "./segmentRfm.js";

/** Options of {@link segmentRfmGrid}. */
export interface SegmentRfmGridOptions<Row = any> {
  /** `"rfm-11"` (default: the 11 segments on 1–5 scores) or `"rfm-3"` (8 segments on 1–3 scores). */
  grid?: "rfm-11" | "rfm-3";
  /** How scores are computed (see `scoreRfm`); `bins`, when given, must be the grid's (5 or 3). */
  scoring?: RfmScoringOptions;
  /** Where the values are in the records (default: the `CustomerSummary` names). */
  fields?: CustomerFields<Row>;
}

/** What {@link segmentRfmGrid} used, and the per-segment summary. */
export interface SegmentRfmGridMeta {
  grid: "rfm-11" | "rfm-3";
  customers: number;
  /** The grid's source (the published table of the 11-segment grid). */
  source: string;
  scoring: RfmScoreMeta;
  /** Totals and means per segment, every segment of the grid in its order (empty ones too). */
  segments: SegmentSummaryRow[];
}

/** Result of {@link segmentRfmGrid}: records in `segmentRfm`'s shape (`pattern` is `null`). */
export interface SegmentRfmGridResult {
  customers: RfmSegmentRecord[];
  meta: SegmentRfmGridMeta;
}

/** zod schema of {@link SegmentRfmGridOptions}. */
export const segmentRfmGridOptionsSchema: OptionsSchema<SegmentRfmGridOptions> = defineOptions<SegmentRfmGridOptions>()({
  grid: z.enum(["rfm-11", "rfm-3"]).optional(),
  scoring: scoreRfmOptionsSchema.omit({ fields: true }).optional(),
  fields: customerFieldsSchema.optional(),
});

const GRIDS: Record<"rfm-11" | "rfm-3", RfmGrid> = { "rfm-11": RFM_ELEVEN_SEGMENT_GRID, "rfm-3": RFM_THREE_LEVEL_GRID };

/**
 * Segments customers with a preset RFM grid: scores each customer (1–5, or 1–3 for `"rfm-3"`) and
 * looks its R-F-M cell up in the grid, where every cell belongs to exactly one segment. `"rfm-11"` is
 * the widely used 11-segment table (Champions, Loyal, Potential loyalist, New customers, Promising,
 * Need attention, About to sleep, At risk, Can't lose them, Hibernating, Lost; cell lists as published
 * by Spotler/Bloomreach, see {@link RFM_ELEVEN_SEGMENT_GRID}); `"rfm-3"` the 3-level scheme
 * {@link RFM_THREE_LEVEL_SCHEME}. Its cell lists are not score ranges, so it is a lookup, not
 * first-match rules. Labels and actions: the grid's segments. See docs/segments.md#rfm-grids.
 *
 * @returns `customers` (as `segmentRfm`'s records) and `meta` (scoring edges, per-segment summary).
 * @throws {AnalyticsInputError} On bad records, as `scoreRfm`.
 * @throws {TypeError | RangeError} Bad options, or `scoring.bins` other than the grid's, prefixed `segmentRfmGrid:`.
 * @example
 * const { customers, meta } = segmentRfmGrid(
 *   [{ customerId: "a", recencyDays: 3, frequency: 9, monetary: 900 }, { customerId: "b", recencyDays: 200, frequency: 1, monetary: 20 }, { customerId: "c", recencyDays: 40, frequency: 3, monetary: 300 }],
 *   { grid: "rfm-3" },
 * );
 * customers.map((c) => `${c.cell} ${c.segment}`); //=> ["333 champions", "111 lost", "222 need_attention"]
 * meta.segments.map((s) => s.customers); //=> [1, 0, 0, 1, 0, 0, 0, 1]
 * @see Hughes, A. M. (1994). *Strategic Database Marketing*. Spotler Activate, "App RFM" (the 11-segment cell lists).
 */
export function segmentRfmGrid<Row = any>(customers: CustomerInput<Row>, options: SegmentRfmGridOptions<Row> = {}): SegmentRfmGridResult {
  const fn = "segmentRfmGrid";
  const opts = parseOptions(fn, segmentRfmGridOptionsSchema, options);
  const grid = GRIDS[opts.grid ?? "rfm-11"];
  const given = opts.scoring?.bins;
  for (const d of ["recency", "frequency", "monetary"] as const) {
    const b = typeof given === "number" ? given : given?.[d];
    if (b !== undefined && b !== grid.bins) throw new RangeError(`${fn}: options.scoring.bins: the ${grid.id} grid needs ${grid.bins} bins, got ${b} for ${d}`);
  }
  if (opts.scoring?.breaks !== undefined) {
    for (const d of ["recency", "frequency", "monetary"] as const) {
      const br = opts.scoring.breaks[d];
      if (br !== undefined && br.length + 1 !== grid.bins) throw new RangeError(`${fn}: options.scoring.breaks.${d}: the ${grid.id} grid needs ${grid.bins - 1} breaks, got ${br.length}`);
    }
  }
  const plan = planScoring(fn, { ...opts.scoring, bins: grid.bins });
  const cols = readCustomerColumns(fn, customers, opts.fields as CustomerFields<Row> | undefined);
  const scored = scoreColumns(cols, plan);
  const lookup = new Map<string, string>();
  for (const s of grid.segments) for (const c of s.cells) lookup.set(c, s.id);
  const n = cols.ids.length;
  const segmentIds: string[] = new Array(n);
  const records: RfmSegmentRecord[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const cell = rfmCell(scored.r[i], scored.f[i], scored.m[i]);
    segmentIds[i] = lookup.get(cell) as string;
    records[i] = {
      customerId: cols.ids[i],
      recencyDays: cols.recencyDays[i],
      frequency: cols.frequency[i],
      monetary: cols.monetary[i],
      r: scored.r[i],
      f: scored.f[i],
      m: scored.m[i],
      cell,
      pattern: null,
      segment: segmentIds[i],
    };
  }
  const labels = Object.fromEntries(grid.segments.map((s) => [s.id, { label: s.label, labelZh: s.labelZh }]));
  const order = grid.segments.map((s) => s.id);
  return {
    customers: records,
    meta: { grid: grid.id, customers: n, source: grid.source, scoring: scored.meta, segments: summarizeSegmentColumns(fn, segmentIds, cols, scored, order, labels).rows },
  };
}
