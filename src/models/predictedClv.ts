import { z } from "zod";
import { describeValue } from "../errors.js";
import { parseOptions } from "../options.js";
import type { BgNbdParams } from "./bgNbd.js";
import { groupTriples, notComputable, readBtyd, type BtydRecord } from "./btydInput.js";
import type { GammaGammaParams } from "./gammaGamma.js";
import { purchaseKernel, type PurchaseModel } from "./purchaseModel.js";

/** Options of {@link predictedClv}: every time unit explicit. */
export interface PredictedClvOptions {
  /** Horizon in months (default 12). */
  months?: number;
  /** Discount rate per month (default 0.01). */
  monthlyDiscountRate?: number;
  /**
   * How many of the summary's time units make a month: 4.345 for weekly data, 30 for daily, 1 for
   * monthly. Required: lifetimes assumes daily data unless told, which silently inflates CLV for
   * weekly summaries.
   */
  periodsPerMonth: number;
}

const schema = z
  .object({
    months: z.number().int().min(1).max(1200).optional(),
    monthlyDiscountRate: z.number().gt(-1).optional(),
    periodsPerMonth: z.number().positive(),
  })
  .strict();

/**
 * Predicted customer lifetime value from a purchase model (BG/NBD, modified BG/NBD or Pareto/NBD) and a
 * Gamma-Gamma spend model, as
 * lifetimes' `customer_lifetime_value` defines it: CLV = Σ_{i=1..months} m̂ · [E(i·f) − E((i−1)·f)] /
 * (1 + d)^i, where E(t) is the expected number of purchases in the next t time units, f the time units
 * per month and m̂ the Gamma-Gamma expected spend p(v + x·m̄)/(p·x + q − 1) (the population mean for
 * customers without repeat purchases). Needs q > 1 (a finite mean spend).
 *
 * The expectation E depends only on (x, t_x, T), so it is computed once per distinct triple; each
 * customer's CLV is their expected spend times their triple's discounted sum.
 *
 * @param purchases - Fitted BG/NBD parameters, or `{ model: "bg-nbd" | "modified-bg-nbd" | "pareto-nbd",
 *   params }` (same time unit as the records).
 * @param gammaGamma - Fitted Gamma-Gamma parameters.
 * @param customers - Records `{ frequency, recency, T, monetaryValue }`.
 * @param options - `periodsPerMonth` (required), `months` (12), `monthlyDiscountRate` (0.01).
 * @returns One `{ customerId, clv, expectedSpend }` per customer.
 * @throws {RangeError} q ≤ 1, or bad options.
 *
 * @example
 * const [c] = predictedClv(
 *   { r: 0.2425929282798216, alpha: 4.413532265271803, a: 0.7928859664405851, b: 2.42575238262545 },
 *   { p: 6.248802496074264, q: 3.744588460923312, v: 15.447748064932831 },
 *   [{ customerId: "1", frequency: 2, recency: 30.43, T: 38.86, monetaryValue: 22.35 }],
 *   { periodsPerMonth: 4.345 },
 * );
 * Math.round(c.clv * 1e6) / 1e6; //=> 36.278496
 */
export function predictedClv(purchases: BgNbdParams | PurchaseModel, gammaGamma: GammaGammaParams, customers: readonly BtydRecord[], options: PredictedClvOptions): { customerId: string; clv: number; expectedSpend: number }[] {
  const fn = "predictedClv";
  const opts = parseOptions(fn, schema, options);
  const months = opts.months ?? 12;
  const d = opts.monthlyDiscountRate ?? 0.01;
  const f = opts.periodsPerMonth;
  const kernel = purchaseKernel(fn, "model" in (purchases ?? {}) ? (purchases as PurchaseModel) : { model: "bg-nbd", params: purchases as BgNbdParams });
  for (const k of ["p", "q", "v"] as const) {
    const value = (gammaGamma as unknown as Record<string, unknown>)?.[k];
    if (!(typeof value === "number" && value > 0 && Number.isFinite(value))) throw new RangeError(`${fn}: gammaGamma.${k} must be a finite positive number, got ${describeValue(value)}`);
  }
  const { p, q, v } = gammaGamma;
  if (!(q > 1)) throw new RangeError(`${fn}: Gamma-Gamma q = ${q} <= 1 means an infinite mean spend; CLV does not exist for these parameters`);
  const { ids, x, tx, T, m } = readBtyd(fn, customers, true);
  const g = groupTriples(x, tx, T);
  // discounted sum of monthly expected purchases, once per distinct (x, t_x, T)
  const discounted = new Float64Array(g.x.length);
  for (let u = 0; u < g.x.length; u++) {
    let sum = 0;
    let previous = 0;
    for (let k = 1; k <= months; k++) {
      const e = kernel.expected(k * f, g.x[u], g.tx[u], g.T[u]);
      sum += (e - previous) / (1 + d) ** k;
      previous = e;
    }
    if (!Number.isFinite(sum)) throw notComputable(fn, g.x[u], g.tx[u], g.T[u]);
    discounted[u] = sum;
  }
  const out = new Array<{ customerId: string; clv: number; expectedSpend: number }>(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const spend = (p * (v + x[i] * m[i])) / (p * x[i] + q - 1); // x = 0: the population mean vp/(q − 1)
    out[i] = { customerId: ids[i], clv: spend * discounted[g.group[i]], expectedSpend: spend };
  }
  return out;
}
