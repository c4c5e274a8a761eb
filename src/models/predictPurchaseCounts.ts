import type { CustomerInput } from "../input/types.js";
import { z } from "zod";
import { defineOptions, parseOptions, type OptionsSchema } from "../options.js";
import { groupTriples, notComputable, readBtydCustomers, type BtydCustomer } from "./btydInput.js";
import { casePmf, checkedModel, checkWindow, existingCustomerCase, MAX_COUNT } from "./purchaseCounts.js";
import type { PurchaseModel } from "./types.js";

/** Options of {@link predictPurchaseCounts}: the window length `t` and the largest count `nMax`. */
export interface PredictPurchaseCountsOptions {
  /** Length of the window (T, T + t], in the data's time unit (required). */
  t: number;
  /** Largest number of purchases listed, an integer in [0, 1e6], at most 250 for Pareto/NBD (default 10). */
  nMax?: number;
}

/** Schema of {@link PredictPurchaseCountsOptions}. */
export const predictPurchaseCountsOptionsSchema: OptionsSchema<PredictPurchaseCountsOptions> = defineOptions<PredictPurchaseCountsOptions>()({
  t: z.number({ error: "expected the window, a finite number >= 0 in the data's time unit" }).min(0, { error: "expected the window, a finite number >= 0 in the data's time unit" }),
  nMax: z.number().int({ error: `expected an integer in [0, ${MAX_COUNT}]` }).min(0, { error: `expected an integer in [0, ${MAX_COUNT}]` }).max(MAX_COUNT, { error: `expected an integer in [0, ${MAX_COUNT}]` }).optional(),
});

/** One customer's probability of exactly `purchases` purchases in the window. */
export interface PurchaseCountRecord {
  customerId: string;
  /** The number of purchases n, 0..nMax. */
  purchases: number;
  /** P(exactly n purchases in the window). */
  probability: number;
  /** P(at most n purchases in the window); 1 − cumulative at nMax is the probability of more than nMax. */
  cumulative: number;
}

/** `meta` of {@link predictPurchaseCounts}: the model and parameters, the window `t` and `nMax`. */
export type PredictPurchaseCountsMeta = PurchaseModel & { t: number; nMax: number };

/** Result of {@link predictPurchaseCounts}: `nMax + 1` records per customer (input order, then n), and `meta`. */
export interface PredictPurchaseCountsResult {
  probabilities: PurchaseCountRecord[];
  meta: PredictPurchaseCountsMeta;
}

/**
 * The probability that each customer makes exactly n purchases in the next `t` time units (the window
 * (T, T + t] after their observation period), n = 0..nMax, under a fitted BG/NBD, modified BG/NBD or
 * Pareto/NBD model: (1 − P(alive))·[n = 0] + P(alive)·(the new-customer count distribution at the
 * customer's posterior parameters) — Fader & Hardie's conditional count distributions (BG/NBD: the
 * conditional form of FHL 2005 eq. 8; Pareto/NBD: note 028). Computed in logs once per distinct
 * (frequency, recency, T); the probabilities beyond nMax are left out (`cumulative` at nMax says how
 * much). lifetimes calls this `conditional_probability_of_n_purchases_up_to_time`.
 *
 * @param model - A fitted purchase model `{ model, params }` (a prediction's `meta` is one).
 * @param records - {@link BtydCustomer} records in the model's time unit.
 * @param options - `t` (required) and `nMax` (default 10; at most 250 for Pareto/NBD, one quadrature per count).
 * @returns `probabilities`: `{ customerId, purchases, probability, cumulative }` for n = 0..nMax per customer,
 *   and `meta` (`{ model, params, t, nMax }`).
 * @throws {TypeError} An unknown model.
 * @throws {RangeError} A parameter not finite and positive, bad
 *   options, or a probability that cannot be computed.
 * @throws {AnalyticsInputError} A bad record.
 *
 * @example
 * const model = { model: "bg-nbd", params: { r: 0.2425929282798216, alpha: 4.413532265271803, a: 0.7928859664405851, b: 2.42575238262545 } };
 * const { probabilities } = predictPurchaseCounts(model, [{ customerId: "a", frequency: 2, recency: 30.43, T: 38.86 }], { t: 39, nMax: 2 });
 * probabilities.map((c) => [c.purchases, Math.round(c.probability * 1e6) / 1e6]); //=> [[0, 0.445393], [1, 0.23933], [2, 0.144178]]
 *
 * @see Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers" the easy way.
 *   Marketing Science 24(2), 275–284 (eq. 8); Fader, P. S. & Hardie, B. G. S. Deriving the conditional
 *   PMF of the Pareto/NBD model (note 028), brucehardie.com.
 */
export function predictPurchaseCounts(model: PurchaseModel, records: CustomerInput<BtydCustomer>, options: PredictPurchaseCountsOptions): PredictPurchaseCountsResult {
  const fn = "predictPurchaseCounts";
  const opts = parseOptions(fn, predictPurchaseCountsOptionsSchema, options);
  const t = opts.t;
  const nMax = opts.nMax ?? 10;
  const m = checkedModel(fn, model);
  checkWindow(fn, t, nMax, m);
  const { ids, x, tx, T } = readBtydCustomers(fn, records);
  const g = groupTriples(x, tx, T);
  const pmfs: Float64Array[] = [];
  for (let k = 0; k < g.x.length; k++) {
    const pmf = casePmf(existingCustomerCase(m, g.x[k], g.tx[k], g.T[k]), t, nMax);
    for (let n = 0; n <= nMax; n++) if (!(pmf[n] >= 0 && pmf[n] <= 1)) throw notComputable(fn, g.x[k], g.tx[k], g.T[k]);
    pmfs.push(pmf);
  }
  const probabilities: PurchaseCountRecord[] = [];
  for (let i = 0; i < ids.length; i++) {
    const pmf = pmfs[g.group[i]];
    let cumulative = 0;
    for (let n = 0; n <= nMax; n++) {
      cumulative += pmf[n];
      probabilities.push({ customerId: ids[i], purchases: n, probability: pmf[n], cumulative: Math.min(cumulative, 1) });
    }
  }
  return { probabilities, meta: { ...m, t, nMax } };
}
