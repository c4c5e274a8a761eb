import { lnGammaRatio, logAddExp, logHyp2f1, logRatioShift } from "../internal/special.js";
import { parseOptions } from "../options.js";
import { fitBetaGeometric, type BgNbdFit } from "./bgNbd.js";
import { checkParams, penalizedFitOptionsSchema, purchasePredictionOptionsSchema, predictPerCustomer, type BtydCustomer } from "./btydInput.js";
import type { BgNbdParams, ModifiedBgNbdModel, PenalizedFitOptions, PurchasePredictionOptions, PurchasePredictionResult } from "./types.js";
import { exp, expm1, log, log1p } from "../internal/elementary.js";

/** Result of {@link fitModifiedBgNbd}: the fitted model (the same shape as BG/NBD's). */
export type ModifiedBgNbdFit = BgNbdFit;

/** Options of {@link fitModifiedBgNbd}: `penalizer`. */
export type FitModifiedBgNbdOptions = PenalizedFitOptions;
/** Schema of {@link FitModifiedBgNbdOptions}. */
export const fitModifiedBgNbdOptionsSchema = penalizedFitOptionsSchema;
/** Options of {@link predictModifiedBgNbd}: the horizon `t`. */
export type PredictModifiedBgNbdOptions = PurchasePredictionOptions;
/** Schema of {@link PredictModifiedBgNbdOptions}. */
export const predictModifiedBgNbdOptionsSchema = purchasePredictionOptionsSchema;

/** Result of {@link predictModifiedBgNbd}: `customers` and `meta` `{ model: "modified-bg-nbd", params, t }`. */
export type PredictModifiedBgNbdResult = PurchasePredictionResult<ModifiedBgNbdModel>;

/** The per-customer term the fits sum (arguments unchecked). */
export function mbgNbdLogLikelihoodTerm(p: BgNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = p;
  const head = lnGammaRatio(r, x) + lnGammaRatio(b, x + 1) - lnGammaRatio(a + b, x + 1) + logRatioShift(r, alpha, T) - x * log(alpha + T);
  const A4 = log(a) - log(b + x) + (r + x) * log1p((T - tx) / (alpha + tx));
  return head + logAddExp(0, A4);
}

/**
 * Per-customer log-likelihood of the modified BG/NBD (Batislam, Denizel & Filiztekin 2007), where a
 * customer can also drop out right after the first purchase, written as lifetimes' fitter does.
 *
 * @throws {RangeError} A parameter not finite and positive, x not an integer ≥ 0, not 0 ≤ t_x ≤ T,
 *   or a log-likelihood that is not finite there.
 *
 * @example
 * const p = { r: 0.5248377255677019, alpha: 6.182988479134203, a: 0.8913562809310627, b: 1.614000025671838 };
 * Math.round(mbgNbdLogLikelihood(p, 0, 0, 38.86) * 1e6) / 1e6; //=> -0.53961
 */
export function mbgNbdLogLikelihood(p: BgNbdParams, x: number, tx: number, T: number): number {
  const fn = "mbgNbdLogLikelihood";
  checkParams(fn, "params", p, ["r", "alpha", "a", "b"]);
  if (!(Number.isInteger(x) && x >= 0 && tx >= 0 && T >= tx && Number.isFinite(T))) {
    throw new RangeError(`${fn}: expected an integer x >= 0 and 0 <= tx <= T, finite; got x ${x}, tx ${tx}, T ${T}`);
  }
  const ll = mbgNbdLogLikelihoodTerm(p, x, tx, T);
  if (!Number.isFinite(ll)) throw new RangeError(`${fn}: the log-likelihood is not a finite number at these parameters and data`);
  return ll;
}


/**
 * Fits the modified BG/NBD model (Batislam et al. 2007), where a customer can also drop out right
 * after the first purchase, as lifetimes' `ModifiedBetaGeoFitter`: the procedure of `fitBgNbd` (BFGS
 * over log-parameters, rescaled times, optional L2 `penalizer`).
 *
 * @param records - {@link BtydCustomer} records (lifetimes' summary) in one time unit.
 * @returns The fitted model: `params` (r, alpha, a, b), `logLikelihood`, `standardErrors`, `diagnostics`, `meta`.
 * @throws {AnalyticsInputError} A record breaks the {@link BtydCustomer} rules (`["records", i, field]`),
 *   or the likelihood is not finite at the end (`degenerate_data`).
 *
 * @example
 * const none = { frequency: 0, recency: 0, T: 38.86 };
 * const fit = fitModifiedBgNbd([{ frequency: 2, recency: 30.43, T: 38.86 }, { frequency: 1, recency: 1.71, T: 38.86 }, none, none, none, { frequency: 7, recency: 29.43, T: 38.86 }]);
 * Number.isFinite(fit.logLikelihood); //=> true
 *
 * @see Batislam, E. P., Denizel, M. & Filiztekin, A. (2007). Empirical validation and comparison of
 *   models for customer base analysis. International Journal of Research in Marketing 24(3), 201–209.
 */
export function fitModifiedBgNbd(records: Iterable<BtydCustomer>, options: FitModifiedBgNbdOptions = {}): ModifiedBgNbdFit {
  const fn = "fitModifiedBgNbd";
  const penalizer = parseOptions(fn, fitModifiedBgNbdOptionsSchema, options).penalizer ?? 0;
  return fitBetaGeometric(fn, records, penalizer, mbgNbdLogLikelihoodTerm);
}

/**
 * Modified BG/NBD predictions for each customer: P(alive) = 1 / (1 + a/(b+x)·((α+T)/(α+t_x))^(r+x))
 * (below 1 also for x = 0) and the purchases expected in the next `t` time units, ₂F₁ in log space.
 *
 * @param params - Fitted parameters (`fitModifiedBgNbd(...).params`), in the records' time unit.
 * @param records - {@link BtydCustomer} records.
 * @returns `customers` (`{ customerId, pAlive, expectedPurchases }`, input order) and `meta`
 *   (`{ model: "modified-bg-nbd", params, t }`).
 * @throws {RangeError} A parameter not finite and positive, a = 1, or a bad `t`.
 * @throws {AnalyticsInputError} A record breaks the {@link BtydCustomer} rules.
 *
 * @example
 * const p = { r: 0.5248377255677019, alpha: 6.182988479134203, a: 0.8913562809310627, b: 1.614000025671838 };
 * const { customers: [c] } = predictModifiedBgNbd(p, [{ frequency: 2, recency: 30.43, T: 38.86 }], { t: 52 });
 * [c.customerId, Math.round(c.pAlive * 1e6) / 1e6, Math.round(c.expectedPurchases * 1e6) / 1e6]; //=> ["0", 0.706126, 1.596826]
 */
export function predictModifiedBgNbd(params: BgNbdParams, records: Iterable<BtydCustomer>, options: PredictModifiedBgNbdOptions): PredictModifiedBgNbdResult {
  const fn = "predictModifiedBgNbd";
  const { t } = parseOptions(fn, predictModifiedBgNbdOptionsSchema, options);
  checkParams(fn, "params", params, ["r", "alpha", "a", "b"], "a");
  const p: BgNbdParams = { r: params.r, alpha: params.alpha, a: params.a, b: params.b };
  const customers = predictPerCustomer(fn, records, t, (x, tx, T) => mbgNbdPAlive(p, x, tx, T), (h, x, tx, T) => mbgNbdConditionalExpected(p, h, x, tx, T));
  return { customers, meta: { model: "modified-bg-nbd", params: p, t } };
}

/** Modified BG/NBD P(alive) for one customer. */
export function mbgNbdPAlive({ r, alpha, a, b }: BgNbdParams, x: number, tx: number, T: number): number {
  return 1 / (1 + exp(log(a / (b + x)) + (r + x) * log1p((T - tx) / (alpha + tx))));
}

/** Modified BG/NBD expected purchases in (T, T + t] for one customer, ₂F₁ in log space. */
export function mbgNbdConditionalExpected(p: BgNbdParams, t: number, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = p;
  const lnH = logHyp2f1(r + x, b + x + 1, a + b + x, t / (alpha + T + t));
  return ((a + b + x) / (a - 1)) * -expm1(lnH + logRatioShift(r + x, alpha + T, t)) * mbgNbdPAlive(p, x, tx, T);
}
