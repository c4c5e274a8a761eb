import { z } from "zod";
import { AnalyticsInputError, inputIssue } from "../errors.js";
import { defineOptions, fieldAccessorSchema, parseOptions, type OptionsSchema } from "../options.js";
import { readRecords } from "../input/readRecords.js";
import type { FieldAccessor, CustomerInput } from "../input/types.js";
import { abcCurveOfGroups } from "./abcCurve.js";
import { checkFinite } from "../internal/overflow.js";
import { sortedValueAt, tieGroups } from "./valueRanking.js";

/** Cumulative shares where classes A and B end, `0 < a < b <= 1`. */
export interface AbcThresholds {
  a: number;
  b: number;
}

/** Options of {@link classifyAbc} common to both methods. */
interface AbcCommonOptions<Row> {
  /** The value to classify on: a field name (default `"monetary"`) or an accessor. */
  value?: FieldAccessor<Row>;
  /** Field or accessor of the customer id (default `"customerId"`). */
  customerId?: FieldAccessor<Row>;
  /**
   * `"records"` (default): `customers`, one {@link AbcRecord} per customer. `"columns"`: `columns`
   * ({@link AbcColumns}), one array per field, without an object per customer.
   */
  output?: "records" | "columns";
}

/** {@link classifyAbc} with cuts at fixed cumulative shares (the default method). */
export interface ClassifyAbcFixedOptions<Row = any> extends AbcCommonOptions<Row> {
  method?: "fixed";
  /** Shares of value (`"value"`, default) or of customers (`"count"`). */
  by?: "value" | "count";
  /** Where A and B end. Defaults: by value `{ a: 0.8, b: 0.95 }`; by count `{ a: 0.2, b: 0.5 }`. */
  thresholds?: AbcThresholds;
}

/** {@link classifyAbc} with the cuts of Ultsch & Lötsch's computed ABC analysis (R `ABCanalysis` 1.2.1). */
export interface ClassifyAbcComputedOptions<Row = any> extends AbcCommonOptions<Row> {
  method: "computed";
  /** The computed method finds its own cuts: `by` does not apply. */
  by?: never;
  /** The computed method finds its own cuts: `thresholds` do not apply. */
  thresholds?: never;
}

/**
 * Options of {@link classifyAbc}: `method: "fixed"` (default) with `by` and `thresholds`, or
 * `method: "computed"` without them (the combination does not compile).
 */
export type ClassifyAbcOptions<Row = any> = ClassifyAbcFixedOptions<Row> | ClassifyAbcComputedOptions<Row>;

/** One customer's ABC class. */
export interface AbcRecord {
  customerId: string;
  value: number;
  abcClass: "A" | "B" | "C";
  /** 1 = highest value; tied values share the rank (1 + the number of higher values); −5 ranks below 0. */
  rank: number;
  /** Share of the total (non-negative) value held by customers whose value is at least this one's. */
  cumulativeShare: number;
}

/** What {@link classifyAbc} used and found. */
export interface AbcMeta {
  method: "fixed" | "computed";
  by: "value" | "count" | null;
  thresholds: AbcThresholds | null;
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
export interface ClassifyAbcResult {
  /** One record per customer, input order. */
  customers: AbcRecord[];
  meta: AbcMeta;
}

/** The classes as columns (`output: "columns"`): entry `i` of every array is customer `i`, input order. */
export type AbcColumns = {
  customerId: string[];
  value: Float64Array;
  abcClass: ("A" | "B" | "C")[];
  rank: Int32Array;
  cumulativeShare: Float64Array;
};

/** Result of {@link classifyAbc} with `output: "columns"`. */
export interface ClassifyAbcColumnsResult {
  columns: AbcColumns;
  meta: AbcMeta;
}

const share = z.number().gt(0).lte(1);

/**
 * zod schema of {@link ClassifyAbcOptions}. It also rejects `by` or `thresholds` with
 * `method: "computed"`, for callers the type does not reach (plain JavaScript, parsed JSON).
 */
export const classifyAbcOptionsSchema: OptionsSchema<Omit<ClassifyAbcFixedOptions, "method"> & { method?: "fixed" | "computed" }> = defineOptions<ClassifyAbcOptions>()({
  value: fieldAccessorSchema.optional(),
  customerId: fieldAccessorSchema.optional(),
  method: z.enum(["fixed", "computed"]).optional(),
  by: z.enum(["value", "count"]).optional(),
  thresholds: z.strictObject({ a: share, b: share }).optional(),
  output: z.enum(["records", "columns"]).optional(),
}).superRefine((o, ctx) => {
  if (o.method !== "computed") return;
  for (const key of ["by", "thresholds"] as const) {
    if (o[key] !== undefined) ctx.addIssue({ code: "custom", path: [key], message: "applies to the fixed method only (method is \"computed\")" });
  }
});

const CLASSES = ["A", "B", "C"] as const;

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
 * Classifies customers into A, B and C by value. `method: "fixed"` (default): ranked high first, a
 * customer is A while those above hold less than `a` of the value (80%; `by: "count"`: of the
 * customers, 20%), B below `b` (95% / 50%), else C; ties share a class. `method: "computed"`: the cuts
 * of Ultsch & Lötsch, exactly as R `ABCanalysis` 1.2.1. Ranks follow the values; a negative value
 * counts as 0 in every share and is C. See docs/abc.md.
 *
 * @returns `customers` (one {@link AbcRecord} each, input order) and `meta` (counts, shares, limits);
 *   with `output: "columns"`, `columns` ({@link AbcColumns}) instead of `customers`, the same values.
 * @throws {AnalyticsInputError} Bad records; `degenerate_data` for a total ≤ 0, or the computed method
 *   on one customer or all-equal values.
 * @throws {TypeError | RangeError} Bad options, prefixed `classifyAbc:` (e.g. `thresholds.a >= b`).
 * @example
 * const { customers, meta } = classifyAbc([
 *   { customerId: "a", monetary: 700 }, { customerId: "b", monetary: 200 },
 *   { customerId: "c", monetary: 60 }, { customerId: "d", monetary: 40 },
 * ]);
 * customers.map((c) => c.abcClass); //=> ["A", "A", "B", "C"]
 * meta.counts;                      //=> { A: 2, B: 1, C: 1 }
 * @example
 * // columns in and out: one array per field, no object per customer (the fast lane for big data)
 * const { columns } = classifyAbc(
 *   { customerId: ["a", "b", "c", "d"], monetary: Float64Array.of(700, 200, 60, 40) },
 *   { output: "columns" },
 * );
 * columns.abcClass;          //=> ["A", "A", "B", "C"]
 * Array.from(columns.rank);  //=> [1, 2, 3, 4]
 * @see Ultsch, A. & Lötsch, J. (2015). Computed ABC Analysis. PLoS ONE 10(6): e0129767.
 */
export function classifyAbc<Row = any>(records: CustomerInput<Row>, options: ClassifyAbcOptions<Row> & { output: "columns" }): ClassifyAbcColumnsResult;
export function classifyAbc<Row = any>(records: CustomerInput<Row>, options?: ClassifyAbcOptions<Row>): ClassifyAbcResult;
export function classifyAbc<Row = any>(records: CustomerInput<Row>, options: ClassifyAbcOptions<Row> = {}): ClassifyAbcResult | ClassifyAbcColumnsResult {
  const fn = "classifyAbc";
  const opts = parseOptions(fn, classifyAbcOptionsSchema, options);
  const method = opts.method ?? "fixed";
  const by = opts.by ?? "value";
  const thresholds = opts.thresholds ?? (by === "value" ? { a: 0.8, b: 0.95 } : { a: 0.2, b: 0.5 });
  if (!(thresholds.a < thresholds.b)) throw new RangeError(`${fn}: thresholds.a must be below thresholds.b, got a = ${thresholds.a}, b = ${thresholds.b}`);
  const { ids, columns } = readRecords(fn, records, {
    customerId: opts.customerId,
    fields: { value: { field: opts.value ?? "monetary", name: "value" } },
  });
  const values = columns.value;
  const n = values.length;
  const r = tieGroups(fn, values);
  const { group, groupRaw, groupValue, groupCount, groupStart, groupBefore, groupUpTo, total } = r;
  const groups = groupStart.length;
  const degenerate = (why: string): never => {
    throw new AnalyticsInputError(fn, [inputIssue("degenerate_data", ["records"], why)]);
  };
  if (method === "computed" || by === "value") {
    if (!(total > 0)) degenerate(`the total value is ${total}: value shares need a positive total`);
  }
  const shareOf = (x: number) => (total > 0 ? Math.min(1, checkFinite(fn, x, "a class's value", { path: ["records"] }) / total) : 0);
  // a group's value above or up to it lies between 0 and the (finite) total: no overflow check per group
  const groupShareOf = (x: number) => (total > 0 ? Math.min(1, x / total) : 0);

  // A class per tie group (0 = A, 1 = B, 2 = C); every member of a group has its value
  const groupClass = new Uint8Array(groups);
  let computed: AbcMeta["computed"] = null;
  if (method === "fixed") {
    for (let g = 0; g < groups; g++) {
      const above = by === "value" ? groupShareOf(groupBefore[g]) : groupStart[g] / n;
      // a negative value (costs more than it brings) is C whatever its rank, as in the computed method
      groupClass[g] = groupRaw[g] < 0 ? 2 : above < thresholds.a ? 0 : above < thresholds.b ? 1 : 2;
    }
  } else {
    const allEqual = groupValue.length === 1;
    if (n < 2 || allEqual) degenerate(n < 2 ? "computed ABC analysis needs at least two customers" : "computed ABC analysis needs values that differ (all are equal)");
    const curve = abcCurveOfGroups(groupValue, groupCount);
    const m = curve.effort.length;
    const E = curve.effort;
    const Y = curve.yield;
    const pareto = whichMin(m, (j) => E[j] * E[j] + (1 - Y[j]) * (1 - Y[j]));
    const breakEven = whichMin(m, (j) => Math.abs(curve.slope[j] - 1));
    const abExchanged = E[breakEven] < E[pareto];
    const abIndex = abExchanged ? breakEven : pareto;
    const bx = abExchanged ? E[pareto] : E[breakEven];
    const cIndex = whichMin(m, (j) => (bx - E[j]) * (bx - E[j]) + (1 - Y[j]) * (1 - Y[j]));
    const abRank = roundHalfEven(E[abIndex] * n);
    const bcRank = roundHalfEven(E[cIndex] * n);
    if (abRank < 1 || bcRank < 1) degenerate("the computed A/B or B/C cut falls before the first customer");
    const abLimit = sortedValueAt(r, abRank - 1);
    const bcLimit = sortedValueAt(r, bcRank - 1);
    // as before on the values as given: a negative value is below every (clamped, >= 0) limit, so C
    for (let g = 0; g < groups; g++) {
      const v = groupRaw[g];
      groupClass[g] = v > abLimit ? 0 : v >= bcLimit ? 1 : 2;
    }
    const point = (j: number) => ({ effort: E[j], yield: Y[j] });
    const other = abExchanged ? pareto : breakEven;
    computed = { abLimit, bcLimit, abRank, bcRank, aPoint: point(abIndex), bPoint: point(other), cPoint: point(cIndex), abExchanged };
  }

  // per group: its rank and cumulative share; per class: its customers
  const groupRank = new Int32Array(groups);
  const groupShare = new Float64Array(groups);
  const counts = [0, 0, 0];
  for (let g = 0; g < groups; g++) {
    groupRank[g] = groupStart[g] + 1;
    groupShare[g] = groupShareOf(groupUpTo[g]);
    counts[groupClass[g]] += groupCount[g];
  }
  // one pass over the customers: the output, and each class's value summed in input order (as before)
  const sums = new Float64Array(3);
  const columnsOut = opts.output === "columns";
  const abcClass: ("A" | "B" | "C")[] = columnsOut ? new Array(n) : [];
  const rank = new Int32Array(columnsOut ? n : 0);
  const cumulativeShare = new Float64Array(columnsOut ? n : 0);
  const customers: AbcRecord[] = columnsOut ? [] : new Array(n);
  for (let i = 0; i < n; i++) {
    const g = group[i];
    const c = groupClass[g];
    const v = values[i];
    sums[c] += v > 0 ? v : 0; // negatives count as 0 (the group's clamped value, read in order)
    if (columnsOut) {
      abcClass[i] = CLASSES[c];
      rank[i] = groupRank[g];
      cumulativeShare[i] = groupShare[g];
    } else customers[i] = { customerId: ids[i], value: values[i], abcClass: CLASSES[c], rank: groupRank[g], cumulativeShare: groupShare[g] };
  }
  const meta: AbcMeta = {
    method,
    by: method === "fixed" ? by : null,
    thresholds: method === "fixed" ? { ...thresholds } : null,
    customers: n,
    total,
    counts: { A: counts[0], B: counts[1], C: counts[2] },
    valueShares: { A: shareOf(sums[0]), B: shareOf(sums[1]), C: shareOf(sums[2]) },
    computed,
  };
  if (columnsOut) return { columns: { customerId: ids, value: values, abcClass, rank, cumulativeShare }, meta };
  return { customers, meta };
}
