import type { CustomerInput } from "../input/types.js";
import { z } from "zod";
import { logIntegralLogConcave } from "../internal/special.js";
import { exp, log, log1p } from "../internal/elementary.js";
import { defineOptions, parseOptions, type OptionsSchema } from "../options.js";
import { checkParams, groupTriples, notComputable, readBtydCustomers, type BtydCustomer } from "./btydInput.js";
import { existingCustomerCase } from "./purchaseCounts.js";
import type { ParetoNbdParams } from "./types.js";

/** Options of {@link predictParetoNbdDert}: the continuous discount rate. */
export interface PredictParetoNbdDertOptions {
  /**
   * Continuous discount rate δ per time unit of the data (required, > 0): cash at time u is worth
   * e^(−δu) now. From an annual rate d and weekly data: δ = ln(1 + d)/52 (FHL 2005 use 15% a year:
   * δ = 0.00269).
   */
  continuousDiscountRate: number;
}

const RATE = "expected a finite number > 0 (a continuous rate per time unit of the data)";
/** Schema of {@link PredictParetoNbdDertOptions}. */
export const predictParetoNbdDertOptionsSchema: OptionsSchema<PredictParetoNbdDertOptions> = defineOptions<PredictParetoNbdDertOptions>()({
  continuousDiscountRate: z.number({ error: RATE }).gt(0, { error: RATE }).refine(Number.isFinite, { error: RATE }),
});

/** One customer's discounted expected residual transactions. */
export interface DertRecord {
  customerId: string;
  /** DERT: the purchases expected over the rest of the customer's life, each discounted to T. */
  dert: number;
}

/** Result of {@link predictParetoNbdDert}: `customers` (input order) and `meta`. */
export interface PredictParetoNbdDertResult {
  customers: DertRecord[];
  meta: { model: "pareto-nbd"; params: ParetoNbdParams; continuousDiscountRate: number };
}

/**
 * ln ∫₀^∞ e^(−δu)·(1 + u/B)^(−s) du = ln E[1/(δ + μ)] for μ ~ Gamma(s, B) (B·δ^(s−1)·Γ(s)·U(s, s; δB)
 * with U Tricomi's confluent hypergeometric function) by quadrature of its log-concave integrand in
 * w = ln u (relative error about 1e-13, bounded work).
 */
export function logDiscountedSurvival(delta: number, s: number, B: number): number {
  const lB = log(B);
  const h = (w: number) => {
    const u = exp(w);
    return w - delta * u - s * log1p(u / B);
  };
  const dh = (w: number) => {
    const u = exp(w);
    return 1 - delta * u - (s * u) / (B + u);
  };
  const lo = Math.min(lB, -log(delta)) - 60;
  const hi = log(200 * (1 + s)) - log(delta);
  return logIntegralLogConcave(h, dh, lo, hi, 2_000);
}

/**
 * Discounted expected residual transactions (DERT) of each customer under a fitted Pareto/NBD model,
 * with continuous discounting at rate δ (Fader, Hardie & Lee 2005, "RFM and CLV", eq. 2): the purchases
 * expected over the rest of the customer's life after T, a purchase at T + u counted e^(−δu). Times a
 * mean spend per purchase (e.g. `gammaGammaExpectedSpend`) it is the customer's residual lifetime value
 * with no horizon to choose. DERT = P(alive)·(r+x)/(α+T)·∫₀^∞ e^(−δu)((β+T)/(β+T+u))^s du; the paper's
 * form with Tricomi's U(s, s; δ(β+T)) is the same integral, computed here by quadrature in logs.
 *
 * @param params - Fitted Pareto/NBD parameters, in the records' time unit.
 * @param records - {@link BtydCustomer} records.
 * @param options - `continuousDiscountRate` δ (> 0, per time unit).
 * @returns `customers` (`{ customerId, dert }`, input order) and `meta` (`{ model: "pareto-nbd", params, continuousDiscountRate }`).
 * @throws {RangeError} A parameter not finite and positive, a bad rate, or a value that cannot be
 *   computed.
 * @throws {AnalyticsInputError} A bad record.
 *
 * @example
 * const params = { r: 0.5532785252272063, alpha: 10.57751335093755, s: 0.606240155080356, beta: 11.668640633007454 };
 * const { customers: [c] } = predictParetoNbdDert(params, [{ customerId: "a", frequency: 2, recency: 30.43, T: 38.86 }], { continuousDiscountRate: Math.log(1.15) / 52 });
 * Math.round(c.dert * 1e4) / 1e4; //=> 6.5
 *
 * @see Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). RFM and CLV: using iso-value curves for
 *   customer base analysis. Journal of Marketing Research 42(4), 415–430.
 */
export function predictParetoNbdDert(params: ParetoNbdParams, records: CustomerInput<BtydCustomer>, options: PredictParetoNbdDertOptions): PredictParetoNbdDertResult {
  const fn = "predictParetoNbdDert";
  const { continuousDiscountRate: delta } = parseOptions(fn, predictParetoNbdDertOptionsSchema, options);
  checkParams(fn, "params", params, ["r", "alpha", "s", "beta"]);
  const p: ParetoNbdParams = { r: params.r, alpha: params.alpha, s: params.s, beta: params.beta };
  const { ids, x, tx, T } = readBtydCustomers(fn, records);
  const g = groupTriples(x, tx, T);
  const dert = new Float64Array(g.x.length);
  for (let k = 0; k < g.x.length; k++) {
    const c = existingCustomerCase({ model: "pareto-nbd", params: p }, g.x[k], g.tx[k], g.T[k]);
    dert[k] = c.weight === 0 ? 0 : exp(log(c.weight) + log(c.r) - log(c.alpha) + logDiscountedSurvival(delta, c.c, c.d));
    if (!(dert[k] >= 0 && Number.isFinite(dert[k]))) throw notComputable(fn, g.x[k], g.tx[k], g.T[k]);
  }
  return { customers: ids.map((customerId, i) => ({ customerId, dert: dert[g.group[i]] })), meta: { model: "pareto-nbd", params: p, continuousDiscountRate: delta } };
}
