import { z } from "zod";
import { AnalyticsInputError, inputIssue } from "../errors.js";
import { defineOptions, fieldAccessorSchema, parseOptions, type OptionsSchema } from "../options.js";
import { readRecords } from "../input/readRecords.js";
import type { FieldAccessor, CustomerInput } from "../input/types.js";
import { rankValues, type ValueRanking } from "./valueRanking.js";

/** Options of {@link gini} (and the first two of {@link lorenzCurve}). */
export interface GiniOptions<Row = any> {
  /** The value: a field name (default `"monetary"`) or an accessor. */
  value?: FieldAccessor<Row>;
  /** Field or accessor of the customer id (default `"customerId"`). */
  customerId?: FieldAccessor<Row>;
}

/** Options of {@link lorenzCurve}. */
export interface LorenzCurveOptions<Row = any> extends GiniOptions<Row> {
  /** Number of equal steps in customer share (default 100: points at 0%, 1%, …, 100%). */
  steps?: number;
  /** Customer shares for the "x% of customers bring y% of value" statements (default [0.2]). */
  topShares?: number[];
}

/** One point of the concentration curve. */
export interface LorenzPoint {
  /** Share of customers, highest value first (0..1). */
  customerShare: number;
  /** Share of the total value those customers bring (0..1). */
  valueShare: number;
}

/** Result of {@link lorenzCurve}. */
export interface LorenzCurveResult {
  /** `steps + 1` points from (0, 0) to (1, 1), non-decreasing and concave. */
  points: LorenzPoint[];
  meta: {
    customers: number;
    /** Sum of the values, negatives counted as 0. */
    total: number;
    /** Gini coefficient (0 = everyone brings the same, → 1 = one customer brings everything). */
    gini: number;
    /** For each requested customer share: the value share of the top customers, and the sentence. */
    top: { customerShare: number; valueShare: number; statement: string }[];
  };
}

/** zod schema of {@link GiniOptions}. */
export const giniOptionsSchema: OptionsSchema<GiniOptions> = defineOptions<GiniOptions>()({
  value: fieldAccessorSchema.optional(),
  customerId: fieldAccessorSchema.optional(),
});

/** zod schema of {@link LorenzCurveOptions}. */
export const lorenzCurveOptionsSchema: OptionsSchema<LorenzCurveOptions> = defineOptions<LorenzCurveOptions>()({
  ...giniOptionsSchema.shape,
  steps: z.number().int().min(1).max(100_000).optional(),
  topShares: z.array(z.number().gt(0).lte(1)).max(100).optional(),
});

/**
 * Customer values for the value curves and the Gini coefficient. One rule with classifyAbc and
 * tierPyramid: shares of value need a positive total, so a total ≤ 0 (every value ≤ 0) is
 * `degenerate_data`.
 */
function readValueRanking<Row>(fn: string, records: CustomerInput<Row>, opts: { value?: FieldAccessor<Row>; customerId?: FieldAccessor<Row> }): ValueRanking {
  const { columns } = readRecords(fn, records, { customerId: opts.customerId, fields: { value: { field: opts.value ?? "monetary", name: "value" } } });
  const r = rankValues(fn, columns.value);
  if (!(r.total > 0)) {
    throw new AnalyticsInputError(fn, [inputIssue("degenerate_data", ["records"], `the total value is ${r.total}: value shares need a positive total`)]);
  }
  return r;
}

/** Value share of the top `x` (0..1) of customers, exact on the polygon through the ranked customers. */
export function topValueShare(r: ValueRanking, x: number): number {
  const n = r.sorted.length;
  if (r.total <= 0) return 0;
  const pos = x * n;
  const k = Math.min(n, Math.floor(pos));
  // cumulative value of the top k customers, from the tie groups (exact for whole groups)
  let cum: number;
  if (k === 0) cum = 0;
  else {
    let lo = 0;
    let hi = r.groupStart.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (r.groupStart[mid] <= k - 1) lo = mid;
      else hi = mid - 1;
    }
    cum = r.groupBefore[lo] + (k - r.groupStart[lo]) * r.groupValue[lo];
  }
  const partial = k < n ? (pos - k) * r.sorted[k] : 0;
  return Math.min(1, (cum + partial) / r.total);
}

/** Gini coefficient of clamped values: (2 Σ i·x(i)) / (n Σ x) − (n + 1)/n with x ascending. */
export function giniOfRanking(r: ValueRanking): number {
  const n = r.sorted.length;
  if (r.total <= 0 || n < 2) return 0;
  // sorted is descending: the ascending rank of sorted[k] is n - k
  let weighted = 0;
  for (let k = 0; k < n; k++) weighted += (n - k) * r.sorted[k];
  const scale = n * r.total;
  let g = (2 * weighted) / scale - (n + 1) / n;
  if (!Number.isFinite(2 * weighted) || !Number.isFinite(scale)) {
    // Σ i·x(i) left the doubles (values near 1e308): the same formula on shares of the total.
    let shares = 0;
    for (let k = 0; k < n; k++) shares += (n - k) * (r.sorted[k] / r.total);
    g = (2 * shares) / n - (n + 1) / n;
  }
  return Math.min(1, Math.max(0, g));
}

function percent(x: number): string {
  const p = x * 100;
  return `${Number.isInteger(p) ? p : +p.toFixed(1)}%`;
}

/**
 * The concentration (Pareto) curve of customer value: customers ranked high first, the share of value
 * brought by the top x% on a grid of `steps` (exact polygon between customers), the Gini coefficient
 * and "x% of customers bring y% of value" statements. Negative values count as 0. The Lorenz curve
 * proper is its mirror image, L(p) = 1 − valueShare(1 − p). See docs/value.md.
 *
 * @returns `points` (`steps + 1`, from (0, 0) to (1, 1)) and `meta` (total, Gini, statements).
 * @throws {AnalyticsInputError} Bad records; `degenerate_data` when the total value is not positive;
 *   `overflow` when it is beyond ±1.8e308.
 * @throws {TypeError | RangeError} Bad options, prefixed `lorenzCurve:`.
 * @example
 * const { points, meta } = lorenzCurve(
 *   [{ customerId: "a", monetary: 60 }, { customerId: "b", monetary: 30 }, { customerId: "c", monetary: 10 }, { customerId: "d", monetary: 0 }],
 *   { steps: 4, topShares: [0.25, 0.5] },
 * );
 * points.map((p) => p.valueShare); //=> [0, 0.6, 0.9, 1, 1]
 * meta.top[1].statement;           //=> "50% of customers bring 90% of value"
 * @see Lorenz, M. O. (1905). Methods of measuring the concentration of wealth. JASA 9(70), 209–219.
 */
export function lorenzCurve<Row = any>(records: CustomerInput<Row>, options: LorenzCurveOptions<Row> = {}): LorenzCurveResult {
  const fn = "lorenzCurve";
  const opts = parseOptions(fn, lorenzCurveOptionsSchema, options);
  const r = readValueRanking(fn, records, opts);
  const steps = opts.steps ?? 100;
  const points: LorenzPoint[] = [];
  for (let j = 0; j <= steps; j++) {
    const x = j / steps;
    points.push({ customerShare: x, valueShare: j === steps ? 1 : topValueShare(r, x) });
  }
  const top = (opts.topShares ?? [0.2]).map((x) => {
    const y = topValueShare(r, x);
    return { customerShare: x, valueShare: y, statement: `${percent(x)} of customers bring ${percent(y)} of value` };
  });
  return { points, meta: { customers: r.sorted.length, total: r.total, gini: giniOfRanking(r), top } };
}

/**
 * Gini coefficient of customer value in [0, 1]: 0 when every customer brings the same, towards 1 when
 * one brings everything; G = 2·Σ i·x(i) / (n·Σx) − (n + 1)/n with x ascending. Negative values count
 * as 0; one customer gives 0. As {@link lorenzCurve}, `classifyAbc` and `tierPyramid`, a total
 * value ≤ 0 (every value ≤ 0) has no shares and is an error (docs/value.md).
 *
 * @throws {AnalyticsInputError} Bad records; `degenerate_data` when the total value is not positive;
 *   `overflow` when it is beyond ±1.8e308.
 * @throws {TypeError} Bad options, prefixed `gini:`.
 * @example
 * gini([{ customerId: "a", monetary: 1 }, { customerId: "b", monetary: 1 }]); //=> 0
 * gini([{ customerId: "a", monetary: 0 }, { customerId: "b", monetary: 10 }]); //=> 0.5
 * @see Gini, C. (1912). Variabilità e mutabilità.
 */
export function gini<Row = any>(records: CustomerInput<Row>, options: GiniOptions<Row> = {}): number {
  const fn = "gini";
  const opts = parseOptions(fn, giniOptionsSchema, options);
  return giniOfRanking(readValueRanking(fn, records, opts));
}
