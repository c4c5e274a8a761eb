// Reads the per-segment rows (segmentRfm's `meta.segments`, summarizeSegments' `segments`) for the
// segment charts.
import type { SegmentSummaryRow } from "../rfm/summarizeSegments.js";
import { AnalyticsInputError, describeValue, inputIssue } from "../errors.js";
import { readRecords } from "../input/readRecords.js";
import { optionalField, overflowError, SafeSum, tableOf } from "./common.js";

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

/**
 * One validated row, with the label of the chosen language and shares recomputed from the totals:
 * `revenueShare` is the row's revenue ÷ the rows' total revenue (negative for a net refund), `null`
 * when the total is ≤ 0 (docs/conventions.md, group revenue shares).
 */
export interface SegmentRow {
  segment: string;
  label: string;
  customers: number;
  revenue: number;
  share: number;
  revenueShare: number | null;
}

/**
 * Reads the rows through the library's one reader (`readRecords`, paths `["segments", i, field]`,
 * numbered by position: segment rows have no customer id) and recomputes the shares from the counts
 * and revenues (so the shares of the chart always add up, whatever subset of the segments is passed).
 * A segment twice is `invalid_value`; totals beyond the largest double are `overflow`.
 */
export function readSegmentRows(fn: string, input: unknown, language: "en" | "zh"): SegmentRow[] {
  const { rows } = tableOf<SegmentChartRow>(fn, input, [["segments"], ["meta", "segments"]], "segment rows (segmentRfm's `meta.segments`)");
  if (rows.length === 0) throw new RangeError(`${fn}: no segment rows to draw (0 rows)`);
  const source = "segments";
  const { columns, texts } = readRecords(fn, rows, {
    source,
    ids: "index",
    fields: { customers: { field: "customers", name: "customers", rule: "count" }, revenue: { field: "revenue", name: "revenue" } },
    texts: { segment: { field: "segment", name: "segment" } },
  });
  const out: SegmentRow[] = [];
  const seen = new Map<string, number>();
  const customers = new SafeSum();
  const revenue = new SafeSum();
  const parts: [SafeSum, SafeSum][] = [];
  texts.segment.forEach((segment, i) => {
    const before = seen.get(segment);
    if (before !== undefined) {
      throw new AnalyticsInputError(fn, [inputIssue("invalid_value", [source, i, "segment"], `segment ${describeValue(segment)} also at ${source}[${before}]; one row per segment`)]);
    }
    seen.set(segment, i);
    const labelRaw = optionalField(fn, source, rows, i, "label");
    const labelZhRaw = optionalField(fn, source, rows, i, "labelZh");
    const label = typeof labelRaw === "string" ? labelRaw : segment;
    const labelZh = typeof labelZhRaw === "string" ? labelZhRaw : label;
    const n = columns.customers[i];
    const r = columns.revenue[i];
    customers.add(n);
    revenue.add(r);
    const own: [SafeSum, SafeSum] = [new SafeSum(), new SafeSum()];
    own[0].add(n);
    own[1].add(r);
    parts.push(own);
    out.push({ segment, label: language === "zh" ? labelZh : label, customers: n, revenue: r, share: 0, revenueShare: null });
  });
  const labels = new Set(out.map((r) => r.label));
  if (labels.size < out.length) {
    // Two segments with one display label would merge in the chart: tell them apart by id.
    for (const r of out) r.label = `${r.label} (${r.segment})`;
  }
  out.forEach((r, i) => {
    r.share = customers.positive ? parts[i][0].ratioTo(customers) : 0;
    // the group revenue share (docs/conventions.md): revenue ÷ total, null when the total is ≤ 0
    r.revenueShare = revenue.positive ? parts[i][1].ratioTo(revenue) : null;
  });
  return out;
}

/** The total of the rows' `field`, `overflow` when it is beyond the largest double. */
export function segmentTotal(fn: string, rows: readonly SegmentRow[], field: "customers" | "revenue"): number {
  let total = 0;
  for (const r of rows) total += r[field];
  if (!Number.isFinite(total)) throw overflowError(fn, ["segments"], field === "customers" ? "the total number of customers" : "the total revenue");
  return total;
}

/** Colour scale of the segment charts: one colour per segment in the order of the rows. */
export function segmentColorScale(rows: readonly SegmentRow[]) {
  return { domain: rows.map((r) => r.label), scheme: rows.length <= 10 ? "tableau10" : "tableau20" };
}
