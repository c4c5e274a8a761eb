import type { CustomerInput } from "../input/types.js";
import { z } from "zod";
import { defineOptions, parseOptions, type OptionsSchema } from "../options.js";
import { AnalyticsInputError, inputIssue } from "../errors.js";
import type { FitDiagnostics } from "../internal/bfgs.js";
import { overflowError } from "../internal/overflow.js";
import { bgNbdPredictionKernel, type BgNbdFit } from "./bgNbd.js";
import { checkedPurchases, checkParams, notComputable, readBtydCustomers, sharedPredictions, type BtydCustomer, type PredictionKernel } from "./btydInput.js";
import { mbgNbdPredictionKernel } from "./mbgNbd.js";
import { paretoNbdPredictionKernel } from "./paretoNbd.js";
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
  /**
   * `"records"` (default): `customers`, one {@link PredictedClvRecord} per customer. `"columns"`:
   * `columns` ({@link PredictedClvColumns}), one array per field, without an object per customer.
   */
  output?: "records" | "columns";
}

/** Schema of {@link PredictedClvOptions}. */
export const predictedClvOptionsSchema: OptionsSchema<PredictedClvOptions> = defineOptions<PredictedClvOptions>()({
  months: z.number().int().min(1).max(1200).optional(),
  monthlyDiscountRate: z.number().gt(-1).optional(),
  periodsPerMonth: z.number().positive(),
  allowUnconverged: z.boolean().optional(),
  output: z.enum(["records", "columns"]).optional(),
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

/** Predicted values as columns (`output: "columns"`): entry `i` of every array is customer `i`, input order. */
export interface PredictedClvColumns {
  customerId: string[];
  clv: Float64Array;
  expectedSpend: Float64Array;
}

/** Result of {@link predictedClv} with `output: "columns"`: the same values and `meta` as the records. */
export interface PredictedClvColumnsResult {
  columns: PredictedClvColumns;
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
 * @returns `customers` (`{ customerId, clv, expectedSpend }`, input order, finite and ≥ 0) and `meta` (models and options);
 *   with `output: "columns"`, `columns` (`customerId`, `clv`, `expectedSpend` as `Float64Array`s, the
 *   same values) instead of `customers`. The expectations are computed once per distinct
 *   (frequency, recency, T) and month, their ₂F₁ factors once per distinct (frequency, T).
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
export function predictedClv(purchases: PredictedClvPurchases, gammaGamma: GammaGammaParams | GammaGammaFit, records: CustomerInput<BtydCustomer>, options: PredictedClvOptions & { output: "columns" }): PredictedClvColumnsResult;
export function predictedClv(purchases: PredictedClvPurchases, gammaGamma: GammaGammaParams | GammaGammaFit, records: CustomerInput<BtydCustomer>, options: PredictedClvOptions): PredictedClvResult;
export function predictedClv(purchases: PredictedClvPurchases, gammaGamma: GammaGammaParams | GammaGammaFit, records: CustomerInput<BtydCustomer>, options: PredictedClvOptions): PredictedClvResult | PredictedClvColumnsResult {
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
  // the columns are only read here: Float64Array input is read in place
  const { ids, x, tx, T, m } = readBtydCustomers(fn, records, true, undefined, true);
  const meta: PredictedClvMeta = { purchases: kernel.fit, gammaGamma: { p, q, v }, months, monthlyDiscountRate: d, periodsPerMonth: f };
  const columns = clvColumns(fn, predictionKernelOf(kernel.fit), { p, q, v }, ids, x, tx, T, m, months, d, f);
  if (opts.output === "columns") return { columns, meta };
  const customers = new Array<PredictedClvRecord>(ids.length);
  const { clv, expectedSpend } = columns;
  for (let i = 0; i < ids.length; i++) customers[i] = { customerId: ids[i], clv: clv[i], expectedSpend: expectedSpend[i] };
  return { customers, meta };
}

/** The shared-work prediction functions of a (checked) purchase model. */
function predictionKernelOf(fit: PurchaseModel): PredictionKernel {
  if (fit.model === "bg-nbd") return bgNbdPredictionKernel(fit.params);
  if (fit.model === "modified-bg-nbd") return mbgNbdPredictionKernel(fit.params);
  return paretoNbdPredictionKernel(fit.params);
}

/**
 * The CLV columns: the discounted sum of monthly expected purchases once per prediction unit (each
 * (x, T) factor once per month: {@link sharedPredictions}), each expectation checked (never negative,
 * never NaN) and so the sum; then per customer the Gamma-Gamma spend and the product, the first
 * customer whose spend or value leaves the doubles an overflow error.
 */
function clvColumns(fn: string, kernel: PredictionKernel, gg: GammaGammaParams, ids: string[], x: Float64Array, tx: Float64Array, T: Float64Array, m: Float64Array, months: number, d: number, f: number): PredictedClvColumns {
  const horizons = Array.from({ length: months }, (_, k) => (k + 1) * f);
  const s = sharedPredictions(x, tx, T, horizons, kernel);
  const discount = new Float64Array(months + 1);
  for (let k = 1; k <= months; k++) discount[k] = pow(1 + d, k);
  const u = s.x.length;
  const discounted = new Float64Array(u);
  const { state, pair, factor } = s;
  const checked = checkedPurchases; // one binding for the hot loop (an import may be read through a getter)
  for (let j = 0; j < u; j++) {
    let sum = 0;
    let previous = 0;
    const at = pair[j] * months - 1;
    const st = state[j];
    for (let k = 1; k <= months; k++) {
      const e = checked(kernel.combine(factor[at + k], st));
      if (!(e - e === 0)) throw notComputable(fn, s.x[j], s.tx[j], s.T[j]);
      sum += (e - previous) / discount[k];
      previous = e;
    }
    sum = checked(sum);
    if (!(sum - sum === 0)) throw notComputable(fn, s.x[j], s.tx[j], s.T[j]);
    discounted[j] = sum;
  }
  const { p, q, v } = gg;
  const n = ids.length;
  const clv = new Float64Array(n);
  const expectedSpend = new Float64Array(n);
  const group = s.group;
  for (let i = 0; i < n; i++) {
    const spend = (p * (v + x[i] * m[i])) / (p * x[i] + q - 1); // x = 0: the population mean vp/(q − 1)
    const value = spend * discounted[group === null ? i : group[i]];
    if (!(spend - spend === 0 && value - value === 0)) {
      throw overflowError(fn, Number.isFinite(spend) ? "the predicted value" : "the expected spend", Number.isFinite(spend) ? value : spend, { path: ["records", i, "monetaryValue"], customerId: ids[i] });
    }
    clv[i] = value;
    expectedSpend[i] = spend;
  }
  return { customerId: ids, clv, expectedSpend };
}
