import { z } from "zod";
import { AnalyticsInputError, inputIssue } from "../errors.js";
import { defineOptions, fieldAccessorSchema, parseOptions, type OptionsSchema } from "../options.js";
import { readRecords } from "../input/readRecords.js";
import type { FieldAccessor, CustomerInput } from "../input/types.js";
import { checkedSum, sumError } from "../internal/neumaier.js";
import { overflowError } from "../internal/overflow.js";

/** Options of {@link whaleCurve}. */
export interface WhaleCurveOptions<Row = any> {
  /** The profit per customer: a field name (default `"profit"`) or an accessor; any sign. */
  value?: FieldAccessor<Row>;
  /** Field or accessor of the customer id (default `"customerId"`). */
  customerId?: FieldAccessor<Row>;
  /** Most points returned (default 1000, at least 3); all `n + 1` points when there are fewer. */
  maxPoints?: number;
}

/** One point of the whale curve. */
export interface WhalePoint {
  /** Customers counted, most profitable first. */
  customers: number;
  /** customers ÷ all customers (0..1). */
  customerShare: number;
  /** Profit of those customers. */
  cumulativeProfit: number;
  /** cumulativeProfit ÷ total profit: 1 at the end, above 1 before the loss-makers bring it down. */
  profitShare: number;
}

/** What the whale curve shows. */
export interface WhaleCurveMeta {
  customers: number;
  /** Σ profit (compensated). */
  totalProfit: number;
  /** Highest cumulative profit (Σ of the positive profits), reached after `peakCustomers` customers. */
  peakProfit: number;
  /** peakProfit ÷ totalProfit (≥ 1): the "whale" height, e.g. 1.5 = 150% of the profit. */
  peakShare: number;
  /** Customers with a positive profit (the fewest that reach the peak). */
  peakCustomers: number;
  peakCustomerShare: number;
  /** Customers with a negative profit, who destroy value, and their share. */
  valueDestroyingCustomers: number;
  valueDestroyingShare: number;
  /** Profit destroyed: −Σ of the negative profits (≥ 0) = peakProfit − totalProfit. */
  profitDestroyed: number;
  /** Points returned, and whether they are a sample of the `customers + 1` points. */
  points: number;
  downsampled: boolean;
}

/** Result of {@link whaleCurve}. */
export interface WhaleCurveResult {
  /** From (0, 0) to (1, 1), customers ranked by profit (highest first), the peak always included. */
  points: WhalePoint[];
  meta: WhaleCurveMeta;
}

/** zod schema of {@link WhaleCurveOptions}. */
export const whaleCurveOptionsSchema: OptionsSchema<WhaleCurveOptions> = defineOptions<WhaleCurveOptions>()({
  value: fieldAccessorSchema.optional(),
  customerId: fieldAccessorSchema.optional(),
  maxPoints: z.number().int().min(3).max(1_000_000).optional(),
});

/**
 * The whale curve (Kaplan & Cooper): cumulative profit against customers ranked by profit, highest
 * first, as a share of the total profit. Profitable customers lift it above 100%; the loss-making
 * customers at the end bring it back down to exactly 100%. Gives the peak (its height and the share
 * of customers at it), the share of customers who destroy value and the profit they destroy. For a
 * non-negative value use `lorenzCurve`. Ties keep input order; sums are compensated.
 *
 * Points: every customer count 0..n when n + 1 ≤ `maxPoints`; otherwise `maxPoints` − 1 evenly spaced
 * counts (round(j·n / (maxPoints − 2))) plus the peak, so the ends and the peak are always exact.
 * See docs/value.md#whale-curve.
 *
 * @returns `points` and `meta` (totals, peak, value destroyed).
 * @throws {AnalyticsInputError} Bad records (a profit that is not finite); `degenerate_data` when the
 *   total profit is not positive (no 100% to draw against); `overflow` when the positive or negative
 *   profits add up beyond ±1.8e308.
 * @throws {TypeError | RangeError} Bad options, prefixed `whaleCurve:`.
 * @example
 * const { points, meta } = whaleCurve([
 *   { customerId: "a", profit: 80 }, { customerId: "b", profit: 50 }, { customerId: "c", profit: -10 }, { customerId: "d", profit: -20 },
 * ]);
 * points.map((p) => p.profitShare); //=> [0, 0.8, 1.3, 1.2, 1]
 * [meta.peakShare, meta.peakCustomerShare, meta.valueDestroyingShare, meta.profitDestroyed]; //=> [1.3, 0.5, 0.5, 30]
 * @see Kaplan, R. S. & Cooper, R. (1998). *Cost & Effect*. Harvard Business School Press (the whale curve).
 */
export function whaleCurve<Row = any>(records: CustomerInput<Row>, options: WhaleCurveOptions<Row> = {}): WhaleCurveResult {
  const fn = "whaleCurve";
  const opts = parseOptions(fn, whaleCurveOptionsSchema, options);
  const valueField = (opts.value ?? "profit") as FieldAccessor<Row>;
  const { columns } = readRecords(fn, records, {
    customerId: opts.customerId as FieldAccessor<Row> | undefined,
    fields: { value: { field: valueField, name: typeof valueField === "string" ? valueField : "value" } },
  });
  const v = columns.value;
  const n = v.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => v[j] - v[i] || i - j);
  const sorted = Float64Array.from(order, (i) => v[i]);
  let positives = 0;
  let negatives = 0;
  for (const x of sorted) {
    if (x > 0) positives++;
    else if (x < 0) negatives++;
  }
  const peakProfit = checkedSum(fn, "the sum of the positive profits", positives, (k) => sorted[k], { path: ["records"] });
  const destroyed = -checkedSum(fn, "the sum of the negative profits", negatives, (k) => sorted[n - negatives + k], { path: ["records"] });
  const total = checkedSum(fn, "the total profit", n, (k) => sorted[k], { path: ["records"] });
  if (!(total > 0)) {
    throw new AnalyticsInputError(fn, [inputIssue("degenerate_data", ["records"], `the total profit is ${total}: the whale curve is drawn as shares of a positive total`)]);
  }
  // a tiny positive total under large profits: shares of it leave the doubles
  if (!Number.isFinite(peakProfit / total)) throw overflowError(fn, "the peak as a share of the total profit", peakProfit / total, { path: ["records"] });
  // cumulative profits, compensated step by step (partial sums lie between the total and the peak)
  const cum = new Float64Array(n + 1);
  let s = 0;
  let c = 0;
  for (let k = 0; k < n; k++) {
    const t = s + sorted[k];
    c += sumError(s, sorted[k], t);
    s = t;
    cum[k + 1] = s + c;
  }
  cum[n] = total;
  const maxPoints = opts.maxPoints ?? 1000;
  let ks: number[];
  if (n + 1 <= maxPoints) ks = Array.from({ length: n + 1 }, (_, k) => k);
  else {
    const set = new Set<number>();
    const steps = maxPoints - 2;
    for (let j = 0; j <= steps; j++) set.add(Math.round((j * n) / steps));
    set.add(positives);
    ks = [...set].sort((a, b) => a - b);
  }
  const points = ks.map((k) => ({
    customers: k,
    customerShare: k / n,
    cumulativeProfit: k === positives ? peakProfit : cum[k],
    profitShare: k === n ? 1 : (k === positives ? peakProfit : cum[k]) / total,
  }));
  return {
    points,
    meta: {
      customers: n,
      totalProfit: total,
      peakProfit,
      peakShare: peakProfit / total,
      peakCustomers: positives,
      peakCustomerShare: positives / n,
      valueDestroyingCustomers: negatives,
      valueDestroyingShare: negatives / n,
      profitDestroyed: destroyed === 0 ? 0 : destroyed,
      points: points.length,
      downsampled: points.length < n + 1,
    },
  };
}
