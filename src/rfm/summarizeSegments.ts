import { CLASSIC_SEGMENTS, OTHERS_SEGMENT, R_RFM_README_SCHEME, R_RFM_TESTS_SCHEME } from "./segmentDefinitions.js";

/** A segmented customer as {@link segmentRfm} returns (only these fields are read). */
export interface SegmentedCustomer {
  segment: string;
  recencyDays: number;
  frequency: number;
  monetary: number;
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
  /** revenue ÷ all revenue (0..1; `null` when the total is 0). */
  revenueShare: number | null;
  /** revenue ÷ orders (`null` for an empty segment or no orders). */
  averageOrderValue: number | null;
  meanRecencyDays: number | null;
  meanFrequency: number | null;
  meanMonetary: number | null;
  /** Mean scores, when the records carry scores; else `null`. */
  meanR: number | null;
  meanF: number | null;
  meanM: number | null;
}

const KNOWN_LABELS = new Map<string, { label: string; labelZh: string }>();
for (const s of [...CLASSIC_SEGMENTS, ...R_RFM_README_SCHEME, ...R_RFM_TESTS_SCHEME, OTHERS_SEGMENT]) {
  if (!KNOWN_LABELS.has(s.id)) KNOWN_LABELS.set(s.id, { label: s.label ?? s.id, labelZh: s.labelZh ?? s.label ?? s.id });
}

/**
 * Per-segment summary: customers, share, orders, revenue, revenue share, average order value and
 * mean recency/frequency/monetary (and mean scores when present). Segments listed in `order` come
 * first in that order (also when empty), then any others in order of first appearance.
 *
 * @param records - Segmented customers (e.g. {@link segmentRfm}'s `segments`).
 * @param options - `order`: segment ids to list first; `labels`: display labels for custom ids.
 * @returns One {@link SegmentSummaryRow} per segment.
 *
 * @example
 * summarizeSegments([
 *   { segment: "x", recencyDays: 10, frequency: 2, monetary: 50 },
 *   { segment: "x", recencyDays: 30, frequency: 3, monetary: 100 },
 * ])[0];
 * //=> { segment: "x", label: "x", labelZh: "x", customers: 2, share: 1, orders: 5, revenue: 150,
 * //     revenueShare: 1, averageOrderValue: 30, meanRecencyDays: 20, meanFrequency: 2.5,
 * //     meanMonetary: 75, meanR: null, meanF: null, meanM: null }
 */
export function summarizeSegments(
  records: readonly SegmentedCustomer[],
  options: { order?: readonly string[]; labels?: Readonly<Record<string, { label: string; labelZh?: string }>> } = {},
): SegmentSummaryRow[] {
  interface Acc { n: number; orders: number; revenue: number; rec: number; r: number; f: number; m: number; scored: number }
  const acc = new Map<string, Acc>();
  for (const id of options.order ?? []) acc.set(id, { n: 0, orders: 0, revenue: 0, rec: 0, r: 0, f: 0, m: 0, scored: 0 });
  let totalRevenue = 0;
  for (const rec of records) {
    let a = acc.get(rec.segment);
    if (!a) {
      a = { n: 0, orders: 0, revenue: 0, rec: 0, r: 0, f: 0, m: 0, scored: 0 };
      acc.set(rec.segment, a);
    }
    a.n++;
    a.orders += rec.frequency;
    a.revenue += rec.monetary;
    a.rec += rec.recencyDays;
    totalRevenue += rec.monetary;
    if (typeof rec.r === "number" && typeof rec.f === "number" && typeof rec.m === "number") {
      a.scored++;
      a.r += rec.r;
      a.f += rec.f;
      a.m += rec.m;
    }
  }
  const total = records.length;
  const rows: SegmentSummaryRow[] = [];
  for (const [segment, a] of acc) {
    const known = options.labels?.[segment] ?? KNOWN_LABELS.get(segment);
    const label = known?.label ?? segment;
    const some = a.n > 0;
    const scored = a.scored === a.n && some;
    rows.push({
      segment,
      label,
      labelZh: known?.labelZh ?? label,
      customers: a.n,
      share: total > 0 ? a.n / total : 0,
      orders: a.orders,
      revenue: a.revenue,
      revenueShare: totalRevenue !== 0 ? a.revenue / totalRevenue : null,
      averageOrderValue: a.orders > 0 ? a.revenue / a.orders : null,
      meanRecencyDays: some ? a.rec / a.n : null,
      meanFrequency: some ? a.orders / a.n : null,
      meanMonetary: some ? a.revenue / a.n : null,
      meanR: scored ? a.r / a.n : null,
      meanF: scored ? a.f / a.n : null,
      meanM: scored ? a.m / a.n : null,
    });
  }
  return rows;
}
