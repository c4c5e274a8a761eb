import { z } from "zod";
import { AnalyticsInputError, describeValue, inputIssue, type InputIssue } from "../errors.js";
import { readRecords } from "../input/readRecords.js";
import { defineOptions, parseOptions, type OptionsSchema } from "../options.js";
import { RFM_ELEVEN_SEGMENT_GRID, RFM_THREE_LEVEL_GRID } from "../rfm/rfmGrids.js";
import { CLASSIC_SEGMENTS } from "../rfm/segmentDefinitions.js";
import type { MovementCell, SegmentMovementMeta } from "../value/segmentMovement.js";
import { TEXT, VEGA_LITE_SCHEMA, chartOptionsShape, extent, finishSpec, groupThousands, midpoint, optionalField, overflowError, percentText, titleOf, type ChartOptions, type VegaLiteSpec } from "./common.js";

/** Options of {@link segmentMovementChart}. */
export interface SegmentMovementChartOptions extends ChartOptions {
  /** Cell colour: the cell's `"customers"` (default) or its `"shareOfFrom"` (share of the origin class). */
  metric?: "customers" | "shareOfFrom";
  /**
   * Display label per class id (`{ gold: "Gold" }`), in the chart's language. Default: the label of
   * the library's segments (the classic eight, the RFM grids) in the chosen language, else the id.
   */
  labels?: Readonly<Record<string, string>>;
  /** Names of the two dates (`"2011-06-30"`), shown in the axis titles. */
  fromDate?: string;
  toDate?: string;
  /** Text in the cells (count and share of the origin class): `"auto"` (default: at most 20 classes), `true`, `false`. */
  cellText?: "auto" | boolean;
}

/** zod schema of {@link SegmentMovementChartOptions}. */
export const segmentMovementChartOptionsSchema: OptionsSchema<SegmentMovementChartOptions> = defineOptions<SegmentMovementChartOptions>()({
  ...chartOptionsShape,
  metric: z.enum(["customers", "shareOfFrom"]).optional(),
  labels: z.record(z.string(), z.string().min(1).max(200)).optional(),
  fromDate: z.string().min(1).max(100).optional(),
  toDate: z.string().min(1).max(100).optional(),
  cellText: z.union([z.literal("auto"), z.boolean()]).optional(),
});

/** Input of {@link segmentMovementChart}: `segmentMovement`'s result (the chart reads its `meta`: `classes` and `cells`). */
export interface SegmentMovementChartInput {
  readonly meta: Pick<SegmentMovementMeta, "classes"> & { readonly cells: readonly Pick<MovementCell, "from" | "to" | "customers" | "shareOfFrom">[] };
}

/** Most classes drawn (a 201 × 201 grid). */
const MAX_CLASSES = 200;

const WORDS = {
  en: {
    title: "Segment movement",
    from: "From",
    to: "To",
    fromOn: (d: string) => `From (on ${d})`,
    toOn: (d: string) => `To (on ${d})`,
    newRow: "(new)",
    lostColumn: "(lost)",
    shareOfFrom: "Share of the origin class",
    revenueFrom: "Revenue at the first date",
    revenueTo: "Revenue at the second date",
    summary: (same: string, moved: string, added: string, lost: string) => `stayed ${same} · moved ${moved} · new ${added} · lost ${lost}`,
    note: "Row: class at the first date; column: class at the second. Cell: customers and share of the row; outlined: stayed.",
  },
  zh: {
    title: "客户细分迁移",
    from: "起始分类",
    to: "目标分类",
    fromOn: (d: string) => `起始分类（${d}）`,
    toOn: (d: string) => `目标分类（${d}）`,
    newRow: "（新增）",
    lostColumn: "（流失）",
    shareOfFrom: "占起始分类的比例",
    revenueFrom: "起始日销售额",
    revenueTo: "目标日销售额",
    summary: (same: string, moved: string, added: string, lost: string) => `保持 ${same} · 迁移 ${moved} · 新增 ${added} · 流失 ${lost}`,
    note: "行：起始日的分类；列：目标日的分类。格内：客户数与占该行的比例；黑框：分类不变。",
  },
} as const;

/** Labels of the library's own segment ids (classic eight, RFM grids), per language. */
function knownLabels(language: "en" | "zh"): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of [...CLASSIC_SEGMENTS, ...RFM_ELEVEN_SEGMENT_GRID.segments, ...RFM_THREE_LEVEL_GRID.segments]) {
    if (!out.has(s.id)) out.set(s.id, language === "zh" ? s.labelZh : s.label);
  }
  return out;
}

/**
 * The migration heatmap of a `segmentMovement` result: classes at the first date down, classes at
 * the second date across (in the result's order), new customers as the last row and lost ones as the
 * last column. Each cell is coloured by its customers (square-root scale; or `metric`) and labelled with the count and
 * the share of the origin class; cells where the class stayed the same are outlined. The subtitle
 * counts who stayed, moved, came and left (from the cells). Reads `meta.classes` and `meta.cells`.
 *
 * @throws {TypeError} The input is not a `segmentMovement` result (no `meta.cells` array).
 * @throws {AnalyticsInputError} Bad cells (paths `["cells", i, field]`): a customer count that
 *   is not a non-negative integer, a share outside 0..1, a `from`/`to` that is not a class of
 *   `meta.classes` or `null`, a cell twice, a `null` → `null` cell (`invalid_value`); `meta.classes`
 *   not distinct non-empty strings (`invalid_value` at `["meta", "classes"]`); `overflow` when the
 *   cells' customers add up beyond the largest double.
 * @throws {RangeError} No cells, more than 200 classes, or bad options, prefixed `segmentMovementChart:`.
 * @example
 * const moves = segmentMovement(
 *   [{ customerId: "a", segment: "champions" }, { customerId: "b", segment: "at_risk" }, { customerId: "c", segment: "at_risk" }],
 *   [{ customerId: "a", segment: "at_risk" }, { customerId: "b", segment: "at_risk" }, { customerId: "d", segment: "champions" }],
 * );
 * const spec = segmentMovementChart(moves, { labels: { champions: "Champions", at_risk: "At risk" } });
 * spec.data.values.filter((d) => d.customers > 0).map((d) => [d.fromLabel, d.toLabel, d.customers, d.text]);
 * //=> [["Champions", "At risk", 1, "1\n100%"], ["At risk", "At risk", 1, "1\n50%"], ["At risk", "(lost)", 1, "1\n50%"],
 * //    ["(new)", "Champions", 1, "1\n100%"]]
 */
export function segmentMovementChart(movement: SegmentMovementChartInput, options: SegmentMovementChartOptions = {}): VegaLiteSpec {
  const fn = "segmentMovementChart";
  const opts = parseOptions(fn, segmentMovementChartOptionsSchema, options);
  const language = opts.language ?? "en";
  const w = TEXT[language];
  const m = WORDS[language];
  const metric = opts.metric ?? "customers";
  const meta: unknown = movement !== null && typeof movement === "object" ? (movement as { meta?: unknown }).meta : undefined;
  const rows: unknown = meta !== null && typeof meta === "object" ? (meta as { cells?: unknown }).cells : undefined;
  if (!Array.isArray(rows)) throw new TypeError(`${fn}: expected segmentMovement's result (with meta.cells), got ${describeValue(movement)}`);
  if (rows.length === 0) throw new RangeError(`${fn}: no movement cells to draw (0 cells)`);
  // the classes: distinct non-empty strings, the order of the rows and columns
  const classesRaw: unknown = (meta as { classes?: unknown }).classes;
  if (!Array.isArray(classesRaw) || classesRaw.some((c) => typeof c !== "string" || c === "") || new Set(classesRaw).size !== classesRaw.length) {
    throw new AnalyticsInputError(fn, [inputIssue("invalid_value", ["meta", "classes"], `expected the class ids, distinct non-empty strings, got ${describeValue(classesRaw)}`)]);
  }
  const classes = classesRaw as string[];
  if (classes.length > MAX_CLASSES) throw new RangeError(`${fn}: ${classes.length} classes are too many to draw (at most ${MAX_CLASSES})`);
  const source = "cells";
  const { columns } = readRecords(fn, rows as readonly object[], {
    source,
    ids: "index",
    fields: {
      customers: { field: "customers", name: "customers", rule: "count" },
      shareOfFrom: { field: "shareOfFrom", name: "shareOfFrom", rule: "nonNegative" },
    },
  });
  const rank = new Map(classes.map((c, i) => [c, i]));
  const k = classes.length;
  const issues: InputIssue[] = [];
  let bad = 0;
  const report = (i: number, field: string, message: string) => {
    if (++bad <= 20) issues.push(inputIssue("invalid_value", [source, i, field], message));
  };
  // position of from/to: a class index, k for null (new / lost), -1 when bad
  const place = (i: number, field: "from" | "to"): number => {
    const v = optionalField(fn, source, rows, i, field);
    if (v === null) return k;
    if (typeof v === "string" && rank.has(v)) return rank.get(v) as number;
    report(i, field, `expected one of meta.classes or null, got ${describeValue(v)}`);
    return -1;
  };
  const seen = new Map<number, number>();
  const at: [number, number][] = [];
  for (let i = 0; i < rows.length; i++) {
    const f = place(i, "from");
    const t = place(i, "to");
    if (!(columns.shareOfFrom[i] <= 1)) report(i, "shareOfFrom", `expected a share from 0 to 1, got ${columns.shareOfFrom[i]}`);
    at.push([f, t]);
    if (f < 0 || t < 0) continue;
    if (f === k && t === k) {
      report(i, "from", "a cell from null to null (a customer neither then nor now) is not a movement");
      continue;
    }
    const key = f * (k + 1) + t;
    const before = seen.get(key);
    if (before !== undefined) report(i, "to", `the cell ${classes[f] ?? "new"} → ${classes[t] ?? "lost"} is also at cells[${before}]; one cell per pair`);
    else seen.set(key, i);
  }
  if (bad > 0) throw new AnalyticsInputError(fn, issues, bad);

  // display labels: the caller's, the library's segment labels, else the id; made distinct
  const known = knownLabels(language);
  const labels = classes.map((c) => opts.labels?.[c] ?? known.get(c) ?? c);
  const all = [...labels, m.newRow, m.lostColumn];
  const distinct = new Set(all).size === all.length;
  const labelOf = (x: number, side: "from" | "to") => (x === k ? (side === "from" ? m.newRow : m.lostColumn) : distinct ? labels[x] : `${labels[x]} (${classes[x]})`);

  let same = 0;
  let moved = 0;
  let added = 0;
  let lost = 0;
  const values = rows.map((_, i) => {
    const [f, t] = at[i];
    const customers = columns.customers[i];
    const shareOfFrom = columns.shareOfFrom[i];
    if (f === k) added += customers;
    else if (t === k) lost += customers;
    else if (f === t) same += customers;
    else moved += customers;
    const revenueFrom = optionalField(fn, source, rows, i, "revenueFrom");
    const revenueTo = optionalField(fn, source, rows, i, "revenueTo");
    const money = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);
    return {
      from: f === k ? null : classes[f],
      to: t === k ? null : classes[t],
      fromLabel: labelOf(f, "from"),
      toLabel: labelOf(t, "to"),
      customers,
      shareOfFrom,
      same: f === t,
      revenueFrom: money(revenueFrom),
      revenueTo: money(revenueTo),
      value: metric === "customers" ? customers : shareOfFrom,
      // a share that rounds to 0% but is not 0 reads "<1%"
      text: customers === 0 ? "" : `${groupThousands(customers)}\n${shareOfFrom > 0 && shareOfFrom < 0.005 ? "<1%" : percentText(shareOfFrom, 0)}`,
    };
  });
  const total = same + moved + added + lost;
  if (!Number.isFinite(total)) throw overflowError(fn, [source], "the total number of customers");
  const [lo, hi] = extent(values.map((v) => v.value));
  // counts on a square-root scale (the diagonal's large cells would wash out the rest); white text on
  // the darker half of the colours
  const top = hi > 0 ? hi : 1;
  const dark = metric === "customers" ? top / 4 : midpoint(Math.min(0, lo), top);
  const showText = opts.cellText === "auto" || opts.cellText === undefined ? k <= 20 : opts.cellText;
  const fromDomain = [...classes.map((_, x) => labelOf(x, "from")), m.newRow];
  const toDomain = [...classes.map((_, x) => labelOf(x, "to")), m.lostColumn];
  const withRevenue = values.some((v) => v.revenueFrom !== null || v.revenueTo !== null);
  const layer: Record<string, unknown>[] = [
    {
      mark: { type: "rect" },
      encoding: {
        color: {
          condition: { test: "datum.customers === 0", value: "#f7f7f7" },
          field: "value",
          type: "quantitative",
          title: metric === "customers" ? w.customers : m.shareOfFrom,
          scale: metric === "customers" ? { type: "sqrt", scheme: "blues", domain: [0, top] } : { scheme: "blues", domain: [0, top] },
          legend: { format: metric === "customers" ? ",.0f" : ".0%" },
        },
        tooltip: [
          { field: "fromLabel", type: "nominal", title: m.from },
          { field: "toLabel", type: "nominal", title: m.to },
          { field: "customers", type: "quantitative", title: w.customers, format: "," },
          { field: "shareOfFrom", type: "quantitative", title: m.shareOfFrom, format: ".1%" },
          ...(withRevenue
            ? [
                { field: "revenueFrom", type: "quantitative", title: m.revenueFrom, format: ",.2f" },
                { field: "revenueTo", type: "quantitative", title: m.revenueTo, format: ",.2f" },
              ]
            : []),
        ],
      },
    },
    {
      transform: [{ filter: "datum.same" }],
      mark: { type: "rect", fillOpacity: 0, stroke: "#333333", strokeWidth: 1.5 },
    },
  ];
  if (showText) {
    layer.push({
      mark: { type: "text", baseline: "middle", fontSize: 10, lineBreak: "\n" },
      encoding: {
        text: { field: "text", type: "nominal" },
        color: { condition: { test: `datum.value > ${dark}`, value: "white" }, value: "black" },
      },
    });
  }
  const counts = `${w.customersAll(groupThousands(total))} · ${m.summary(groupThousands(same), groupThousands(moved), groupThousands(added), groupThousands(lost))}`;
  return finishSpec(fn, {
    $schema: VEGA_LITE_SCHEMA,
    ...titleOf(opts.title ?? m.title, [counts, m.note]),
    data: { values },
    width: opts.width ?? Math.min(1000, Math.max(240, 60 * (k + 1))),
    height: opts.height ?? Math.min(1000, Math.max(160, 36 * (k + 1))),
    encoding: {
      x: { field: "toLabel", type: "ordinal", title: opts.toDate === undefined ? m.to : m.toOn(opts.toDate), scale: { domain: toDomain }, axis: { labelAngle: -30, orient: "top", labelLimit: 160 } },
      y: { field: "fromLabel", type: "ordinal", title: opts.fromDate === undefined ? m.from : m.fromOn(opts.fromDate), scale: { domain: fromDomain }, axis: { labelLimit: 160 } },
    },
    layer,
  });
}
