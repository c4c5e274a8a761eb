// Reads the per-segment rows (segmentRfm's `meta.segments`, summarizeSegments' `segments`) for the
// segment charts.
import type { SegmentSummaryRow } from "../rfm/summarizeSegments.js";
import { describeValue } from "../errors.js";
import { finiteField, stringField, tableOf } from "./common.js";

/** The fields of a segment row the charts read. */
export type SegmentChartRow = Pick<SegmentSummaryRow, "segment" | "label" | "labelZh" | "customers" | "revenue"> &
  Partial<Pick<SegmentSummaryRow, "share" | "revenueShare">>;

/**
 * Input of the segment charts: `segmentRfm`'s result (rows in `meta.segments`), `summarizeSegments`'
 * result (rows in `segments`), or the rows themselves.
 */
export type SegmentChartInput =
  | readonly SegmentChartRow[]
  | { readonly segments: readonly SegmentChartRow[] }
  | { readonly meta: { readonly segments: readonly SegmentChartRow[] } };

/** One validated row, with the label of the chosen language and shares recomputed from the totals. */
export interface SegmentRow {
  segment: string;
  label: string;
  customers: number;
  revenue: number;
  share: number;
  revenueShare: number | null;
}

/**
 * Validates the rows and recomputes the shares from the counts and revenues (so the shares of the
 * chart always add up, whatever subset of the segments is passed).
 */
export function readSegmentRows(fn: string, input: unknown, language: "en" | "zh"): SegmentRow[] {
  const { rows, path } = tableOf<SegmentChartRow>(fn, input, [["segments"], ["meta", "segments"]], "segment rows (segmentRfm's `meta.segments`)");
  const where = path.length > 0 ? path.join(".") : "segments";
  if (rows.length === 0) throw new RangeError(`${fn}: no segment rows to draw (0 rows)`);
  const out: SegmentRow[] = [];
  const seen = new Set<string>();
  let customers = 0;
  let revenue = 0;
  rows.forEach((row, i) => {
    const segment = stringField(fn, where, i, row, "segment");
    if (seen.has(segment)) throw new TypeError(`${fn}: ${where}[${i}].segment ${describeValue(segment)} appears twice`);
    seen.add(segment);
    const label = typeof row.label === "string" ? row.label : segment;
    const labelZh = typeof row.labelZh === "string" ? row.labelZh : label;
    const n = finiteField(fn, where, i, row, "customers");
    if (!Number.isInteger(n) || n < 0) throw new TypeError(`${fn}: ${where}[${i}].customers must be a count (integer >= 0), got ${n}`);
    const r = finiteField(fn, where, i, row, "revenue");
    customers += n;
    revenue += r;
    out.push({ segment, label: language === "zh" ? labelZh : label, customers: n, revenue: r, share: 0, revenueShare: null });
  });
  const labels = new Set(out.map((r) => r.label));
  if (labels.size < out.length) {
    // Two segments with one display label would merge in the chart: tell them apart by id.
    for (const r of out) r.label = `${r.label} (${r.segment})`;
  }
  for (const r of out) {
    r.share = customers > 0 ? r.customers / customers : 0;
    r.revenueShare = revenue !== 0 ? r.revenue / revenue : null;
  }
  return out;
}

/** Colour scale of the segment charts: one colour per segment in the order of the rows. */
export function segmentColorScale(rows: readonly SegmentRow[]) {
  return { domain: rows.map((r) => r.label), scheme: rows.length <= 10 ? "tableau10" : "tableau20" };
}
