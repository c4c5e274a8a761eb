import type { CustomerInput } from "../input/types.js";
import { z } from "zod";
import { defineOptions, parseOptions, type OptionsSchema } from "../options.js";
import { AnalyticsInputError, inputIssue } from "../errors.js";
import type { FitDiagnostics } from "../internal/bfgs.js";
import { overflowError } from "../internal/overflow.js";
import type { BgNbdFit } from "./bgNbd.js";
import { checkedPurchases, checkParams, groupTriples, notComputable, readBtydCustomers, type BtydCustomer } from "./btydInput.js";
import type { GammaGammaFit } from "./gammaGamma.js";
import { purchaseKernel } from "./purchaseModel.js";
import type { BgNbdParams, GammaGammaParams, PurchaseModel } from "./types.js";
import { pow } from "../internal/elementary.js";

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
  /**
   * Use fits whose `diagnostics.converged` is false (default false: such a fit is refused with
   * `fit_not_converged`). Bare parameters carry no diagnostics and are taken as given.
   */
  allowUnconverged?: boolean;
}

/** Schema of {@link PredictedClvOptions}. */
export const predictedClvOptionsSchema: OptionsSchema<PredictedClvOptions> = defineOptions<PredictedClvOptions>()({
  months: z.number().int().min(1).max(1200).optional(),
  monthlyDiscountRate: z.number().gt(-1).optional(),
  periodsPerMonth: z.number().positive(),
  allowUnconverged: z.boolean().optional(),
});

/** A purchase model as `predictedClv` takes it: BG/NBD parameters, a `{ model, params }`, or a fit (with its `diagnostics`). */
export type PredictedClvPurchases = BgNbdParams | PurchaseModel | (PurchaseModel & { diagnostics: FitDiagnostics }) | BgNbdFit;

/** One customer's predicted lifetime value. */
export interface PredictedClvRecord {
  customerId: string;
  /** Discounted expected spend over the horizon, in the currency of `monetaryValue`. */
  clv: number;
  /** Gamma-Gamma expected spend per purchase. */
  expectedSpend: number;
}

/** `meta` of {@link predictedClv}: the two models and the options used. */
export interface PredictedClvMeta {
  /** The purchase model (BG/NBD parameters given alone are `{ model: "bg-nbd", params }`). */
  purchases: PurchaseModel;
  gammaGamma: GammaGammaParams;
  months: number;
  monthlyDiscountRate: number;
  periodsPerMonth: number;
}

/** Result of {@link predictedClv}: one record per customer (input order), and what made them. */
export interface PredictedClvResult {
  customers: PredictedClvRecord[];
  meta: PredictedClvMeta;
}

/**
 * Predicted customer lifetime value as lifetimes' `customer_lifetime_value` defines it, from a purchase
 * model (BG/NBD, modified BG/NBD or Pareto/NBD) and a Gamma-Gamma spend model: CLV = Σ_{i=1..months}
 * m̂ · [E(i·f) − E((i−1)·f)] / (1 + d)^i, with E(t) the purchases expected in the next t time units, f
 * = `periodsPerMonth` and m̂ the Gamma-Gamma expected spend (details: docs/models.md).
 *
 * A fit whose `diagnostics.converged` is false is refused (`fit_not_converged`, path `["purchases"]` or
 * `["gammaGamma"]`) unless `allowUnconverged: true`: pass the fits themselves (`fitBgNbd(...)`,
 * `{ model: "pareto-nbd", ...fitParetoNbd(...) }`, `fitGammaGamma(...)`) so that this check can work.
 *
 * @param purchases - A purchase fit (`fitBgNbd(...)`, or `{ model, ...fit }` for the others), a purchase
 *   model `{ model, params }` (a prediction's `meta` is one), or BG/NBD parameters.
 * @param gammaGamma - A Gamma-Gamma fit or its parameters (`fitGammaGamma(...).params`); q > 1 (a finite mean spend).
 * @param records - {@link BtydCustomer} records with `monetaryValue`, in the models' time unit.
 * @returns `customers` (`{ customerId, clv, expectedSpend }`, input order, finite and ≥ 0) and `meta` (models and options).
 * @throws {RangeError} A parameter not finite and positive, q ≤ 1, bad options, or a prediction not
 *   computable at these parameters. {@link AnalyticsInputError}: bad records, a fit that did not
 *   converge (`fit_not_converged`), a spend or value beyond a double's range (`overflow`).
 *
 * @example
 * const bg = { r: 0.2425929282798216, alpha: 4.413532265271803, a: 0.7928859664405851, b: 2.42575238262545 };
 * const gg = { p: 6.248802496074264, q: 3.744588460923312, v: 15.447748064932831 };
 * const records = [{ customerId: "1", frequency: 2, recency: 30.43, T: 38.86, monetaryValue: 22.35 }];
 * const { customers: [c], meta } = predictedClv(bg, gg, records, { periodsPerMonth: 4.345 });
 * [Math.round(c.clv * 1e6) / 1e6, meta.purchases.model, meta.months, meta.monthlyDiscountRate]; //=> [36.278496, "bg-nbd", 12, 0.01]
 */
export function predictedClv(purchases: PredictedClvPurchases, gammaGamma: GammaGammaParams | GammaGammaFit, records: CustomerInput<BtydCustomer>, options: PredictedClvOptions): PredictedClvResult {
  const fn = "predictedClv";
  const opts = parseOptions(fn, predictedClvOptionsSchema, options);
  const months = opts.months ?? 12;
  const d = opts.monthlyDiscountRate ?? 0.01;
  const f = opts.periodsPerMonth;
  const given = (purchases ?? {}) as Partial<PurchaseModel> & { diagnostics?: FitDiagnostics };
  const model: PurchaseModel = "model" in given ? (given as PurchaseModel) : "params" in given ? { model: "bg-nbd", params: given.params as BgNbdParams } : { model: "bg-nbd", params: purchases as BgNbdParams };
  const kernel = purchaseKernel(fn, model);
  const ggGiven = (gammaGamma ?? {}) as Partial<GammaGammaFit>;
  const ggParams = ("params" in ggGiven ? ggGiven.params : gammaGamma) as GammaGammaParams;
  checkParams(fn, "gammaGamma", ggParams, ["p", "q", "v"]);
  if (!opts.allowUnconverged) {
    const unconverged = [
      given.diagnostics?.converged === false && inputIssue("fit_not_converged", ["purchases"], `the ${kernel.fit.model} fit: ${given.diagnostics.message}; refit, or pass allowUnconverged: true to use it anyway`),
      ggGiven.diagnostics?.converged === false && inputIssue("fit_not_converged", ["gammaGamma"], `the Gamma-Gamma fit: ${ggGiven.diagnostics.message}; refit, or pass allowUnconverged: true to use it anyway`),
    ].filter((i) => i !== false);
    if (unconverged.length > 0) throw new AnalyticsInputError(fn, unconverged);
  }
  const { p, q, v } = ggParams;
  if (!(q > 1)) throw new RangeError(`${fn}: Gamma-Gamma q = ${q} <= 1 means an infinite mean spend; CLV does not exist for these parameters`);
  const { ids, x, tx, T, m } = readBtydCustomers(fn, records, true);
  const g = groupTriples(x, tx, T);
  // discounted sum of monthly expected purchases, once per distinct (x, t_x, T); each expectation is
  // checked (never negative, never NaN), and so is the sum
  const discounted = new Float64Array(g.x.length);
  for (let u = 0; u < g.x.length; u++) {
    let sum = 0;
    let previous = 0;
    for (let k = 1; k <= months; k++) {
      const e = checkedPurchases(kernel.expected(k * f, g.x[u], g.tx[u], g.T[u]));
      if (!Number.isFinite(e)) throw notComputable(fn, g.x[u], g.tx[u], g.T[u]);
      sum += (e - previous) / pow(1 + d, k);
      previous = e;
    }
    sum = checkedPurchases(sum);
    if (!Number.isFinite(sum)) throw notComputable(fn, g.x[u], g.tx[u], g.T[u]);
    discounted[u] = sum;
  }
  const customers = new Array<PredictedClvRecord>(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const spend = (p * (v + x[i] * m[i])) / (p * x[i] + q - 1); // x = 0: the population mean vp/(q − 1)
    const clv = spend * discounted[g.group[i]];
    if (!(Number.isFinite(spend) && Number.isFinite(clv))) {
      throw overflowError(fn, Number.isFinite(spend) ? "the predicted value" : "the expected spend", Number.isFinite(spend) ? clv : spend, { path: ["records", i, "monetaryValue"], customerId: ids[i] });
    }
    customers[i] = { customerId: ids[i], clv, expectedSpend: spend };
  }
  return { customers, meta: { purchases: kernel.fit, gammaGamma: { p, q, v }, months, monthlyDiscountRate: d, periodsPerMonth: f } };
}
