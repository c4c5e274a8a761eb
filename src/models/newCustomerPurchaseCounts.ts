import { parseOptions } from "../options.js";
import { casePmf, checkedModel, checkWindow, newCustomerCase } from "./purchaseCounts.js";
import { predictPurchaseCountsOptionsSchema, type PredictPurchaseCountsMeta, type PredictPurchaseCountsOptions } from "./predictPurchaseCounts.js";
import type { PurchaseModel } from "./types.js";

/** Options of {@link newCustomerPurchaseCounts}: the window `t` (from the first purchase) and `nMax` (default 10). */
export type NewCustomerPurchaseCountsOptions = PredictPurchaseCountsOptions;

/** One count of a new customer's distribution. */
export interface NewCustomerCountRecord {
  /** The number of repeat purchases n, 0..nMax. */
  purchases: number;
  /** P(X(t) = n). */
  probability: number;
  /** P(X(t) ≤ n); 1 − cumulative at nMax is P(X(t) > nMax). */
  cumulative: number;
}

/** Result of {@link newCustomerPurchaseCounts}: one record per n = 0..nMax, and `meta` (`{ model, params, t, nMax }`). */
export interface NewCustomerPurchaseCountsResult {
  probabilities: NewCustomerCountRecord[];
  meta: PredictPurchaseCountsMeta;
}

/**
 * P(X(t) = n), n = 0..nMax: the distribution of the number of repeat purchases in (0, t] of a customer
 * whose first purchase is at time 0 (a new customer), under a fitted BG/NBD (FHL 2005 eq. 8), modified
 * BG/NBD (a dropout chance right at the first purchase) or Pareto/NBD model (the mixture over the
 * dropout time: Fader & Hardie's Pareto/NBD count distribution). Computed in logs (far tails keep their
 * relative precision); probabilities beyond nMax are left out (`cumulative` at nMax says how much). lifetimes
 * calls this `probability_of_n_purchases_up_to_time`.
 *
 * @param model - A fitted purchase model `{ model, params }`.
 * @param options - `t` (required, the model's time unit) and `nMax` (default 10; at most 250 for Pareto/NBD).
 * @returns `probabilities` (`{ purchases, probability, cumulative }`) and `meta` (`{ model, params, t, nMax }`).
 * @throws {TypeError} An unknown model.
 * @throws {RangeError} A parameter not finite and positive, bad
 *   options, or a probability that cannot be computed.
 *
 * @example
 * const model = { model: "bg-nbd", params: { r: 0.2425929282798216, alpha: 4.413532265271803, a: 0.7928859664405851, b: 2.42575238262545 } };
 * const { probabilities } = newCustomerPurchaseCounts(model, { t: 39, nMax: 1 });
 * probabilities.map((c) => Math.round(c.probability * 1e6) / 1e6); //=> [0.574307, 0.199193]
 *
 * @see Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers" the easy way.
 *   Marketing Science 24(2), 275–284; Fader, P. S. & Hardie, B. G. S. Deriving an expression for
 *   P(X(t) = x) under the Pareto/NBD model (note 012), brucehardie.com.
 */
export function newCustomerPurchaseCounts(model: PurchaseModel, options: NewCustomerPurchaseCountsOptions): NewCustomerPurchaseCountsResult {
  const fn = "newCustomerPurchaseCounts";
  const opts = parseOptions(fn, predictPurchaseCountsOptionsSchema, options);
  const t = opts.t;
  const nMax = opts.nMax ?? 10;
  const m = checkedModel(fn, model);
  checkWindow(fn, t, nMax, m);
  const pmf = casePmf(newCustomerCase(m), t, nMax);
  const probabilities: NewCustomerCountRecord[] = [];
  let cumulative = 0;
  for (let n = 0; n <= nMax; n++) {
    if (!(pmf[n] >= 0 && pmf[n] <= 1)) throw new RangeError(`${fn}: the probability of ${n} purchases is not computable at these parameters; use a window nearer the data's time scale`);
    cumulative += pmf[n];
    probabilities.push({ purchases: n, probability: pmf[n], cumulative: Math.min(cumulative, 1) });
  }
  return { probabilities, meta: { ...m, t, nMax } };
}
