import { z } from "zod";
import { AnalyticsInputError, describeValue, inputIssue, type InputIssue } from "../errors.js";
import { missingFields, readRecords } from "../input/readRecords.js";
import { checkFinite } from "../internal/overflow.js";
import { DOWN, UP } from "../internal/mean.js";
import { defineOptions, parseOptions, type OptionsSchema } from "../options.js";
import { CLASSIC_SEGMENTS, OTHERS_SEGMENT, R_RFM_README_SCHEME, R_RFM_TESTS_SCHEME } from "./segmentDefinitions.js";

/** A segmented customer as {@link summarizeSegments} reads it (e.g. a record of `segmentRfm`). */
export interface SegmentedCustomer {
  /** Optional; when the first record has one, every record needs a unique one. */
  customerId?: string | number;
  segment: string;
  recencyDays: number;
  frequency: number;
  monetary: number;
  /** Scores, when known (`null` or absent otherwise). */
  r?: number | null;
  f?: number | null;
  m?: number | null;
}

/** Totals and means of one segment. */
export interface SegmentSummaryRow {
  segment: string;
  label: string;
  labelZh: string;
  customers: number;
  /** customers ÷ all customers (0..1). */
  share: number;
  /** Sum of `frequency` (orders). */
  orders: number;
  /** Sum of `monetary` (net revenue when monetary is a total). */
  revenue: number;
  /**
   * revenue ÷ all revenue; `null` when the total is not positive (no shares of a total ≤ 0, the rule of
   * the value shares). A segment whose net revenue is negative (refunds) has a negative share.
   */
  revenueShare: number | null;
  /** revenue ÷ orders (`null` for an empty segment or no orders). */
  averageOrderValue: number | null;
  meanRecencyDays: number | null;
  meanFrequency: number | null;
  meanMonetary: number | null;
  /** Mean scores, when every customer of the segment has scores; else `null`. */
  meanR: number | null;
  meanF: number | null;
  meanM: number | null;
}

/** A display label for a segment id. */
export interface SegmentLabel {
  label: string;
  /** Chinese label (default: `label`). */
  labelZh?: string;
}

/** Options of {@link summarizeSegments}. */
export interface SummarizeSegmentsOptions {
  /** Segment ids listed first, in this order, also when empty. */
  order?: readonly string[];
  /** Display labels by segment id (built-in segment ids have theirs). */
  labels?: Readonly<Record<string, SegmentLabel>>;
}

/** What {@link summarizeSegments} summed over. */
export interface SummarizeSegmentsMeta {
  /** Customers (records) summarised. */
  customers: number;
  /** Sum of `monetary` over all customers (the base of `revenueShare`). */
  revenue: number;
}

/** Result of {@link summarizeSegments}. */
export interface SummarizeSegmentsResult {
  /** One row per segment: `order` first, then others in order of first appearance. */
  segments: SegmentSummaryRow[];
  meta: SummarizeSegmentsMeta;
}

/** zod schema of {@link SummarizeSegmentsOptions} (strict: unknown keys are rejected). */
export const summarizeSegmentsOptionsSchema: OptionsSchema<SummarizeSegmentsOptions> = defineOptions<SummarizeSegmentsOptions>()({
  order: z.array(z.string()).optional(),
  labels: z.record(z.string(), z.strictObject({ label: z.string(), labelZh: z.string().optional() })).optional(),
});

const KNOWN_LABELS = new Map<string, { label: string; labelZh: string }>();
for (const s of [...CLASSIC_SEGMENTS, ...R_RFM_README_SCHEME, ...R_RFM_TESTS_SCHEME, OTHERS_SEGMENT]) {
  if (!KNOWN_LABELS.has(s.id)) KNOWN_LABELS.set(s.id, { label: s.label ?? s.id, labelZh: s.labelZh ?? s.label ?? s.id });
}

/**
 * Per-segment summary: customers, share, orders, revenue, revenue share, average order value and
 * mean recency/frequency/monetary (and mean scores when every customer of the segment has them).
 * Segments listed in `order` come first in that order (also when empty), then the others in order of
 * first appearance. `segmentRfm` returns the same rows as `meta.segments`.
 *
 * @param records - Segmented customers: `segment`, `recencyDays`, `frequency`, `monetary`, optional
 *   `r`, `f`, `m` (e.g. `segmentRfm(...).customers`).
 * @returns `segments`: one {@link SegmentSummaryRow} per segment; `meta`: customers and revenue in all.
 * @throws {AnalyticsInputError} `empty_input`, `missing_field`, `invalid_value` (a value, score or
 *   segment id that is not usable), `duplicate_customer`; paths `["records", i, field]`; `overflow`
 *   (path `["records"]`) when a sum (orders, revenue, recency) is beyond ±1.8e308.
 * @throws {TypeError} On bad options (unknown keys included), prefixed `summarizeSegments:`.
 *
 * @example
 * const { segments } = summarizeSegments([
 *   { segment: "x", recencyDays: 10, frequency: 2, monetary: 50 },
 *   { segment: "x", recencyDays: 30, frequency: 3, monetary: 100 },
 * ]);
 * segments[0];
 * //=> { segment: "x", label: "x", labelZh: "x", customers: 2, share: 1, orders: 5, revenue: 150,
 * //     revenueShare: 1, averageOrderValue: 30, meanRecencyDays: 20, meanFrequency: 2.5,
 * //     meanMonetary: 75, meanR: null, meanF: null, meanM: null }
 */
export function summarizeSegments(records: Iterable<SegmentedCustomer>, options: SummarizeSegmentsOptions = {}): SummarizeSegmentsResult {
  const fn = "summarizeSegments";
  const opts = parseOptions(fn, summarizeSegmentsOptionsSchema, options);
  const { ids, columns, rows } = readRecords(fn, records, {
    ids: "index",
    fields: {
      recencyDays: { field: "recencyDays", name: "recencyDays", rule: "nonNegative" },
      frequency: { field: "frequency", name: "frequency", rule: "nonNegative" },
      monetary: { field: "monetary", name: "monetary", rule: "finite" },
    },
  });
  const { segmentIds, scores } = readSegmentsAndScores(fn, rows, ids);
  const { rows: segments, revenue } = summarizeSegmentColumns(fn, segmentIds, columns, scores, opts.order ?? [], opts.labels);
  return { segments, meta: { customers: ids.length, revenue } };
}

/** Reads `segment` (a non-empty string) and the optional scores (a number or null/absent) of each record. */
function readSegmentsAndScores(
  fn: string,
  rows: readonly SegmentedCustomer[],
  ids: readonly string[],
): { segmentIds: string[]; scores: { r: Float64Array; f: Float64Array; m: Float64Array } } {
  const missing = missingFields(rows[0], [["segment", "segment"]]);
  if (missing.length > 0) throw new AnalyticsInputError(fn, missing);
  const n = rows.length;
  const segmentIds: string[] = new Array(n);
  // NaN marks a customer without scores.
  const scores = { r: new Float64Array(n), f: new Float64Array(n), m: new Float64Array(n) };
  const issues: InputIssue[] = [];
  let total = 0;
  const add = (code: "invalid_value" | "unreadable_field", i: number, field: string, message: string): void => {
    total++;
    if (issues.length < 20) issues.push(inputIssue(code, ["records", i, field], message, ids[i]));
  };
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    let field = "segment";
    try {
      const segment = row.segment;
      if (typeof segment === "string" && segment !== "") segmentIds[i] = segment;
      else add("invalid_value", i, field, `expected a segment id (non-empty string), got ${describeValue(segment)}`);
      for (const key of ["r", "f", "m"] as const) {
        field = key;
        const v = row[key];
        if (v === null || v === undefined) scores[key][i] = Number.NaN;
        else if (typeof v === "number" && Number.isFinite(v)) scores[key][i] = v;
        else add("invalid_value", i, key, `expected a finite score or null, got ${describeValue(v)}`);
      }
    } catch (error) {
      add("unreadable_field", i, field, `reading the field threw: ${error instanceof Error ? error.message : describeValue(error)}`);
    }
  }
  if (issues.length > 0) throw new AnalyticsInputError(fn, issues, total);
  return { segmentIds, scores };
}

/**
 * The summary over columns (shared with `segmentRfm`). Sums run in record order; a segment has mean
 * scores only when every one of its customers has all three (NaN marks a missing score).
 */
export function summarizeSegmentColumns(
  fn: string,
  segmentIds: readonly string[],
  values: { readonly recencyDays: ArrayLike<number>; readonly frequency: ArrayLike<number>; readonly monetary: ArrayLike<number> },
  scores: { readonly r: ArrayLike<number>; readonly f: ArrayLike<number>; readonly m: ArrayLike<number> } | null,
  order: readonly string[],
  labels: Readonly<Record<string, SegmentLabel>> | undefined,
): { rows: SegmentSummaryRow[]; revenue: number } {
  interface Acc { n: number; orders: number; revenue: number; rec: number; r: number; f: number; m: number; scored: number }
  const acc = new Map<string, Acc>();
  const open = (): Acc => ({ n: 0, orders: 0, revenue: 0, rec: 0, r: 0, f: 0, m: 0, scored: 0 });
  for (const id of order) if (!acc.has(id)) acc.set(id, open());
  let totalRevenue = 0;
  const n = segmentIds.length;
  for (let i = 0; i < n; i++) {
    let a = acc.get(segmentIds[i]);
    if (!a) {
      a = open();
      acc.set(segmentIds[i], a);
    }
    a.n++;
    a.orders += values.frequency[i];
    a.revenue += values.monetary[i];
    a.rec += values.recencyDays[i];
    totalRevenue += values.monetary[i];
    if (scores !== null) {
      const r = scores.r[i];
      const f = scores.f[i];
      const m = scores.m[i];
      if (r === r && f === f && m === m) {
        a.scored++;
        a.r += r;
        a.f += f;
        a.m += m;
      }
    }
  }
  // Sums the rows report (orders, revenue) beyond the doubles are refused, never a NaN or infinite row.
  checkFinite(fn, totalRevenue, "the revenue of all customers (the sum of monetary)", { path: ["records"] });
  let recencyOverflow = false;
  for (const [segment, a] of acc) {
    checkFinite(fn, a.orders, `the orders (the sum of frequency) of segment ${JSON.stringify(segment)}`, { path: ["records"] });
    checkFinite(fn, a.revenue, `the revenue (the sum of monetary) of segment ${JSON.stringify(segment)}`, { path: ["records"] });
    if (a.rec - a.rec !== 0) recencyOverflow = true;
  }
  // Recency is only reported as a mean, which is finite: summed again on values scaled by 2^-64.
  if (recencyOverflow) {
    for (const a of acc.values()) a.rec = 0;
    for (let i = 0; i < n; i++) (acc.get(segmentIds[i]) as Acc).rec += values.recencyDays[i] * DOWN;
  }
  const rows: SegmentSummaryRow[] = [];
  for (const [segment, a] of acc) {
    const known = (labels && Object.hasOwn(labels, segment) ? labels[segment] : undefined) ?? KNOWN_LABELS.get(segment);
    const label = known?.label ?? segment;
    const some = a.n > 0;
    const scored = a.scored === a.n && some;
    rows.push({
      segment,
      label,
      labelZh: known?.labelZh ?? label,
      customers: a.n,
      share: n > 0 ? a.n / n : 0,
      orders: a.orders,
      revenue: a.revenue,
      // a ratio to a small total (revenues that nearly cancel, fractional orders) can leave the doubles
      revenueShare: totalRevenue > 0 ? checkFinite(fn, a.revenue / totalRevenue, `the revenue share of segment ${JSON.stringify(segment)}`, { path: ["records"] }) : null,
      averageOrderValue: a.orders > 0 ? checkFinite(fn, a.revenue / a.orders, `the average order value of segment ${JSON.stringify(segment)}`, { path: ["records"] }) : null,
      meanRecencyDays: some ? (recencyOverflow ? checkFinite(fn, (a.rec / a.n) * UP, "a mean of recencyDays", { path: ["records"] }) : a.rec / a.n) : null,
      meanFrequency: some ? a.orders / a.n : null,
      meanMonetary: some ? a.revenue / a.n : null,
      meanR: scored ? a.r / a.n : null,
      meanF: scored ? a.f / a.n : null,
      meanM: scored ? a.m / a.n : null,
    });
  }
  return { rows, revenue: totalRevenue };
}
