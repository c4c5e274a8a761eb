import { lnGamma, logAddExp, logHyp2f1 } from "../internal/special.js";
import { fitBetaGeometric, type BgNbdFit, type BgNbdParams } from "./bgNbd.js";
import { checkPrediction, predictPerTriple, type BtydRecord } from "./btydInput.js";

/**
 * Per-customer log-likelihood of the modified BG/NBD (Batislam, Denizel & Filiztekin 2007), where a
 * customer can also drop out right after the first purchase, written as lifetimes' fitter does.
 *
 * @example
 * const p = { r: 0.5248377255677019, alpha: 6.182988479134203, a: 0.8913562809310627, b: 1.614000025671838 };
 * Math.round(mbgNbdLogLikelihood(p, 0, 0, 38.86) * 1e6) / 1e6; //=> -0.53961
 */
export function mbgNbdLogLikelihood(p: BgNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = p;
  const A1 = lnGamma(r + x) - lnGamma(r) + r * Math.log(alpha);
  const A2 = lnGamma(a + b) + lnGamma(b + x + 1) - lnGamma(b) - lnGamma(a + b + x + 1);
  const A3 = -(r + x) * Math.log(alpha + T);
  const A4 = Math.log(a) - Math.log(b + x) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
  return A1 + A2 + A3 + logAddExp(0, A4);
}

/**
 * Fits the modified BG/NBD model (Batislam et al. 2007) as lifetimes' `ModifiedBetaGeoFitter`: same
 * procedure as {@link fitBgNbd} (BFGS over log-parameters, rescaled times, optional L2 penalty).
 *
 * @example
 * const fit = fitModifiedBgNbd([
 *   { frequency: 2, recency: 30.43, T: 38.86 }, { frequency: 1, recency: 1.71, T: 38.86 },
 *   { frequency: 0, recency: 0, T: 38.86 }, { frequency: 0, recency: 0, T: 38.86 },
 *   { frequency: 0, recency: 0, T: 38.86 }, { frequency: 7, recency: 29.43, T: 38.86 },
 * ]);
 * Number.isFinite(fit.logLikelihood); //=> true
 *
 * @see Batislam, E. P., Denizel, M. & Filiztekin, A. (2007). Empirical validation and comparison of
 *   models for customer base analysis. International Journal of Research in Marketing 24(3), 201–209.
 */
export function fitModifiedBgNbd(customers: readonly BtydRecord[], options: { penalizer?: number } = {}): BgNbdFit {
  return fitBetaGeometric("fitModifiedBgNbd", customers, options, mbgNbdLogLikelihood);
}

/**
 * Modified BG/NBD predictions: P(alive) = 1 / (1 + a/(b+x)·((α+T)/(α+t_x))^(r+x)) (also below 1 for
 * x = 0) and expected purchases in the next `t` time units, ₂F₁ in log space.
 *
 * @example
 * const p = { r: 0.5248377255677019, alpha: 6.182988479134203, a: 0.8913562809310627, b: 1.614000025671838 };
 * const [c] = predictModifiedBgNbd(p, [{ frequency: 2, recency: 30.43, T: 38.86 }], { t: 52 });
 * Math.round(c.pAlive * 1e6) / 1e6;            //=> 0.706126
 * Math.round(c.expectedPurchases * 1e6) / 1e6; //=> 1.596826
 */
export function predictModifiedBgNbd(params: BgNbdParams, customers: readonly BtydRecord[], options: { t: number }): { customerId: string; pAlive: number; expectedPurchases: number }[] {
  const fn = "predictModifiedBgNbd";
  checkPrediction(fn, params as unknown as Record<string, number>, ["r", "alpha", "a", "b"], "a", { t: (options as { t?: unknown } | undefined)?.t });
  return predictPerTriple(fn, customers, options.t, (x, tx, T) => mbgNbdPAlive(params, x, tx, T), (t, x, tx, T) => mbgNbdConditionalExpected(params, t, x, tx, T));
}

/** Modified BG/NBD P(alive) for one customer. */
export function mbgNbdPAlive({ r, alpha, a, b }: BgNbdParams, x: number, tx: number, T: number): number {
  return 1 / (1 + Math.exp(Math.log(a / (b + x)) + (r + x) * Math.log((alpha + T) / (alpha + tx))));
}

/** Modified BG/NBD expected purchases in (T, T + t] for one customer, ₂F₁ in log space. */
export function mbgNbdConditionalExpected(p: BgNbdParams, t: number, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = p;
  const lnH = logHyp2f1(r + x, b + x + 1, a + b + x, t / (alpha + T + t));
  return ((a + b + x) / (a - 1)) * (1 - Math.exp(lnH + (r + x) * Math.log((alpha + T) / (alpha + t + T)))) * mbgNbdPAlive(p, x, tx, T);
}
