import { z } from "zod";
import { AnalyticsInputError } from "../errors.js";
import { parseOptions } from "../options.js";
import type { FieldAccessor } from "../input/types.js";
import { abcCurveOfSorted } from "./abcCurve.js";
import { readValues } from "./readValues.js";
import { rankValues } from "./valueRanking.js";

/** Options of {@link classifyAbc}. */
export interface ClassifyAbcOptions<Row = any> {
  /** The value to classify on: a field name (default `"monetary"`) or an accessor. */
  value?: FieldAccessor<Row>;
  /** Field or accessor of the customer id (default `"customerId"`). */
  customerId?: FieldAccessor<Row>;
  /**
   * `"fixed"` (default): cuts at fixed cumulative shares. `"computed"`: the cuts of Ultsch & Lötsch's
   * computed ABC analysis, exactly as R `ABCanalysis` 1.2.1 finds them.
   */
  method?: "fixed" | "computed";
  /** Fixed method: shares of value (`"value"`, default) or of customers (`"count"`). */
  by?: "value" | "count";
  /**
   * Fixed method: cumulative shares where A and B end, `0 < a < b <= 1`. Defaults: by value
   * `{ a: 0.8, b: 0.95 }`; by count `{ a: 0.2, b: 0.5 }`.
   */
  thresholds?: { a: number; b: number };
}

/** One customer's ABC class. */
export interface AbcRecord {
  customerId: string;
  value: number;
  abcClass: "A" | "B" | "C";
  /** 1 = highest value; tied values share the rank (1 + the number of higher values). */
  rank: number;
  /** Share of the total (non-negative) value held by customers whose value is at least this one's. */
  cumulativeShare: number;
}

/** What {@link classifyAbc} used and found. */
export interface AbcMeta {
  method: "fixed" | "computed";
  by: "value" | "count" | null;
  thresholds: { a: number; b: number } | null;
  customers: number;
  /** Sum of the values, negatives counted as 0 (the base of every share). */
  total: number;
  counts: { A: number; B: number; C: number };
  /** Share of the total value in each class. */
  valueShares: { A: number; B: number; C: number };
  /**
   * Computed method: the value limits (A: value > ab; B: bc <= value <= ab; C: value < bc), the
   * Pareto (A/B) and submarginal (C) points on the ABC curve, the break-even point and whether R's
   * A and B points were exchanged. `null` for the fixed method.
   */
  computed: {
    abLimit: number;
    bcLimit: number;
    abRank: number;
    bcRank: number;
    aPoint: { effort: number; yield: number };
    bPoint: { effort: number; yield: number };
    cPoint: { effort: number; yield: number };
    abExchanged: boolean;
  } | null;
}

/** Result of {@link classifyAbc}. */
export interface AbcResult {
  /** One record per customer, input order. */
  classes: AbcRecord[];
  meta: AbcMeta;
}

const accessor = z.union([z.string().min(1), z.function()]);
const share = z.number().gt(0).lte(1);

/** The zod object behind {@link classifyAbcOptionsObject} (internal: `.extend`, `.shape`). */
export const classifyAbcOptionsObject = z
  .object({
    value: accessor.optional(),
    customerId: accessor.optional(),
    method: z.enum(["fixed", "computed"]).optional(),
    by: z.enum(["value", "count"]).optional(),
    thresholds: z.object({ a: share, b: share }).strict().optional(),
  })
  .strict();

/** R's round(): half to even. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 ? 2 * Math.round(x / 2) : r;
}

/** First index of the minimum (R's `which.min`). */
function whichMin(n: number, f: (j: number) => number): number {
  let best = 0;
  let bestValue = f(0);
  for (let j = 1; j < n; j++) {
    const v = f(j);
    if (v < bestValue) {
      best = j;
      bestValue = v;
    }
  }
  return best;
}

/**
 * Classifies customers into A, B and C by their value (ABC / Pareto analysis).
 *
 * - `method: "fixed"`, `by: "value"` (default): customers sorted by value, high first; a customer is
 *   A while the customers above it hold less than `a` (80%) of the total value, B while they hold less
 *   than `b` (95%), else C. So A is the smallest top group reaching 80% (the customer that crosses the
 *   line is in A). Tied values share the class of the first of them (the cut never splits a tie).
 * - `by: "count"`: the same with customer counts: A while fewer than `a` (20%) of the customers rank
 *   above, B below `b` (50%).
 * - `method: "computed"`: Ultsch & Lötsch's computed ABC analysis, identical to R `ABCanalysis` 1.2.1
 *   (class membership and limits; the ABC curve to the last bit in the reference tests): the ABC curve
 *   is interpolated with R's FMM spline on a grid; the A/B cut is the Pareto point (closest to (0, 1))
 *   or the break-even point (slope 1), whichever has less effort; the B/C cut is the point closest to
 *   (effort of the other one, 1). A = value > AB limit, B = BC limit <= value <= AB limit, C = below.
 *   One customer, or all values equal, is an error (`degenerate_data`), not three empty classes.
 *
 * Negative values count as 0 in every share (they are in C). O(n log n).
 *
 * @param records - Records with `customerId` and the value (default field `monetary`, e.g.
 *   {@link CustomerSummary}).
 * @param options - `value`, `customerId`, `method`, `by`, `thresholds`.
 * @returns `classes` (one {@link AbcRecord} per customer, input order) and `meta`.
 * @throws {AnalyticsInputError} `empty_input`, `missing_field`, `missing_customer_id`,
 *   `duplicate_customer`, `invalid_value`, `degenerate_data` (total value not positive; computed
 *   method on one customer or all-equal values).
 * @throws {RangeError | TypeError} On bad options, prefixed `classifyAbc:`.
 *
 * @example
 * const { classes, meta } = classifyAbc([
 *   { customerId: "a", monetary: 700 },
 *   { customerId: "b", monetary: 200 },
 *   { customerId: "c", monetary: 60 },
 *   { customerId: "d", monetary: 40 },
 * ]);
 * classes.map((c) => c.abcClass); //=> ["A", "A", "B", "C"]
 * meta.counts;                    //=> { A: 2, B: 1, C: 1 }
 *
 * @see Ultsch, A. & Lötsch, J. (2015). Computed ABC Analysis for Rational Selection of Most Informative
 *   Variables in Multivariate Data. PLoS ONE 10(6): e0129767.
 * @see Thrun, M. C., Ultsch, A. & Lötsch, J. ABCanalysis: Computed ABC Analysis, R package 1.2.1.
 */
export function classifyAbc<Row = any>(records: Iterable<Row>, options: ClassifyAbcOptions<Row> = {}): AbcResult {
  const fn = "classifyAbc";
  const opts = parseOptions(fn, classifyAbcOptionsObject, options);
  const method = opts.method ?? "fixed";
  if (method === "computed" && (opts.by !== undefined || opts.thresholds !== undefined)) {
    throw new TypeError(`${fn}: by and thresholds apply to the fixed method only`);
  }
  const by = opts.by ?? "value";
  const thresholds = opts.thresholds ?? (by === "value" ? { a: 0.8, b: 0.95 } : { a: 0.2, b: 0.5 });
  if (!(thresholds.a < thresholds.b)) throw new RangeError(`${fn}: thresholds.a must be below thresholds.b, got a = ${thresholds.a}, b = ${thresholds.b}`);
  const { ids, values } = readValues(fn, records, opts.value as FieldAccessor<Row> | undefined, opts.customerId as FieldAccessor<Row> | undefined);
  const n = values.length;
  const { clean, sorted, group, groupValue, groupStart, groupBefore, groupUpTo, total } = rankValues(values);
  const degenerate = (why: string): never => {
    throw new AnalyticsInputError(fn, [{ path: "records", code: "degenerate_data", message: `records: ${why}` }]);
  };
  if (method === "computed" || by === "value") {
    if (!(total > 0)) degenerate(`the total value is ${total}: value shares need a positive total`);
  }
  const shareOf = (x: number) => (total > 0 ? Math.min(1, x / total) : 0);

  const abc: ("A" | "B" | "C")[] = new Array(n);
  let computed: AbcMeta["computed"] = null;
  if (method === "fixed") {
    for (let i = 0; i < n; i++) {
      const g = group[i];
      const above = by === "value" ? shareOf(groupBefore[g]) : groupStart[g] / n;
      abc[i] = above < thresholds.a ? "A" : above < thresholds.b ? "B" : "C";
    }
  } else {
    const allEqual = groupValue.length === 1;
    if (n < 2 || allEqual) degenerate(n < 2 ? "computed ABC analysis needs at least two customers" : "computed ABC analysis needs values that differ (all are equal)");
    const curve = abcCurveOfSorted(sorted);
    const m = curve.effort.length;
    const E = curve.effort;
    const Y = curve.yield;
    const pareto = whichMin(m, (j) => Math.abs(0 - E[j]) ** 2 + Math.abs(1 - Y[j]) ** 2);
    const breakEven = whichMin(m, (j) => Math.abs(curve.slope[j] - 1));
    const abExchanged = E[breakEven] < E[pareto];
    const abIndex = abExchanged ? breakEven : pareto;
    const bx = abExchanged ? E[pareto] : E[breakEven];
    const cIndex = whichMin(m, (j) => Math.abs(bx - E[j]) ** 2 + Math.abs(1 - Y[j]) ** 2);
    const abRank = roundHalfEven(E[abIndex] * n);
    const bcRank = roundHalfEven(E[cIndex] * n);
    if (abRank < 1 || bcRank < 1) degenerate("the computed A/B or B/C cut falls before the first customer");
    const abLimit = sorted[abRank - 1];
    const bcLimit = sorted[bcRank - 1];
    for (let i = 0; i < n; i++) {
      const v = values[i];
      abc[i] = v > abLimit ? "A" : v >= bcLimit ? "B" : "C";
    }
    const point = (j: number) => ({ effort: E[j], yield: Y[j] });
    const other = abExchanged ? pareto : breakEven;
    computed = { abLimit, bcLimit, abRank, bcRank, aPoint: point(abIndex), bPoint: point(other), cPoint: point(cIndex), abExchanged };
  }

  const counts = { A: 0, B: 0, C: 0 };
  const sums = { A: 0, B: 0, C: 0 };
  const classes: AbcRecord[] = new Array(n);
  for (let i = 0; i < n; i++) {
    counts[abc[i]]++;
    sums[abc[i]] += clean[i];
    const g = group[i];
    classes[i] = { customerId: ids[i], value: values[i], abcClass: abc[i], rank: groupStart[g] + 1, cumulativeShare: shareOf(groupUpTo[g]) };
  }
  return {
    classes,
    meta: {
      method,
      by: method === "fixed" ? by : null,
      thresholds: method === "fixed" ? { ...thresholds } : null,
      customers: n,
      total,
      counts,
      valueShares: { A: shareOf(sums.A), B: shareOf(sums.B), C: shareOf(sums.C) },
      computed,
    },
  };
}

/** zod schema of {@link ClassifyAbcOptions}. */
export const classifyAbcOptionsSchema: z.ZodType<ClassifyAbcOptions> = classifyAbcOptionsObject as unknown as z.ZodType<ClassifyAbcOptions>;
