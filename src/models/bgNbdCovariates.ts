import { bgNbdConditionalExpected, bgNbdPAlive } from "./bgNbd.js";
import {
  BG_NBD_COVARIATES,
  covariatesFitOptionsSchema,
  covariatesPredictionOptionsSchema,
  fitWithCovariates,
  predictWithCovariates,
  type CovariateCoefficients,
  type CovariateCustomer,
  type CovariatesFit,
  type CovariatesFitOptions,
  type CovariatesPredictionOptions,
  type CovariatesPredictionResult,
} from "./modelCovariates.js";
import type { BgNbdParams } from "./types.js";

/** Result of {@link fitBgNbdCovariates}: baseline `params`, `coefficients`, `logLikelihood`, `standardErrors`, `diagnostics`, `meta`. */
export type BgNbdCovariatesFit = CovariatesFit<BgNbdParams>;
/** Options of {@link fitBgNbdCovariates}: the `purchase` and `dropout` fields, `penalizer`. */
export type FitBgNbdCovariatesOptions = CovariatesFitOptions;
/** Schema of {@link FitBgNbdCovariatesOptions}. */
export const fitBgNbdCovariatesOptionsSchema = covariatesFitOptionsSchema;
/** Options of {@link predictBgNbdCovariates}: the horizon `t`. */
export type PredictBgNbdCovariatesOptions = CovariatesPredictionOptions;
/** Schema of {@link PredictBgNbdCovariatesOptions}. */
export const predictBgNbdCovariatesOptionsSchema = covariatesPredictionOptionsSchema;
/** Result of {@link predictBgNbdCovariates}: `customers` and `meta` `{ model: "bg-nbd-covariates", params, coefficients, t }`. */
export type PredictBgNbdCovariatesResult = CovariatesPredictionResult<"bg-nbd-covariates", BgNbdParams>;


const of = (t: readonly number[]): BgNbdParams => ({ r: t[0], alpha: t[1], a: t[2], b: t[3] });

/**
 * Fits the BG/NBD model with time-invariant covariates on the purchase and the dropout process, as R
 * CLVTools does: a customer with covariates z has α = α₀·exp(−γ_pᵀz) (γ_p > 0: buys more often) and
 * a = a₀·exp(γ_dᵀz), b = b₀·exp(γ_dᵀz) (one coefficient per field on both beta parameters: the mean
 * dropout probability a/(a+b) stays, its spread changes). Maximum likelihood by BFGS on the exact
 * gradient (the BG/NBD kernel's, by the chain rule), covariates standardised during the search;
 * coefficients are on the fields' own scale. See docs/models.md ("Covariates").
 *
 * @param records - {@link CovariateCustomer} records: a BTYD summary plus the covariate fields.
 * @param options - `purchase` and `dropout`: field names (either may be empty; a field may be in
 *   both); `penalizer`: CLVTools' L2 regularisation λ·Σγ² added to the mean negative log-likelihood.
 * @returns `params` (r, alpha, a, b of a customer whose covariates are all 0), `coefficients`
 *   (`{ purchase: { field: γ }, dropout: { ... } }`), `logLikelihood`, `standardErrors` of all of
 *   them (null unless converged), `diagnostics`, `meta` (fields, their mean and sd, covariate groups).
 * @throws {AnalyticsInputError} A record breaks the BTYD rules, a covariate is missing or not a finite
 *   number (`["records", i, field]`), a field is constant or a linear combination of the others and a
 *   constant (`degenerate_data`, `["fields", field]`).
 * @throws {RangeError} A field named twice in one list, `count` named as a field, or a bad `penalizer`.
 *
 * @example
 * const customers = [
 *   { frequency: 2, recency: 30.4, T: 38.9, big: 1 }, { frequency: 1, recency: 1.7, T: 38.9, big: 0 },
 *   { frequency: 0, recency: 0, T: 38.9, big: 0 }, { frequency: 0, recency: 0, T: 38.9, big: 1 },
 *   { frequency: 7, recency: 29.4, T: 38.9, big: 1 }, { frequency: 0, recency: 0, T: 38.9, big: 0 },
 * ];
 * const fit = fitBgNbdCovariates(customers, { purchase: ["big"] });
 * // six customers identify nothing: the fit says so instead of pretending
 * [fit.diagnostics.converged, fit.standardErrors, fit.meta.covariateGroups]; //=> [false, null, 2]
 *
 * @see Fader, P. S. & Hardie, B. G. S. (2007). Incorporating time-invariant covariates into the
 *   Pareto/NBD and BG/NBD models. http://brucehardie.com/notes/019/
 * @see R package CLVTools, `bgnbd()` with static covariates (`bgnbd_staticcov_LL_ind` in src/bgnbd.cpp).
 */
export function fitBgNbdCovariates(records: Iterable<CovariateCustomer>, options: FitBgNbdCovariatesOptions = {}): BgNbdCovariatesFit {
  const fit = fitWithCovariates("fitBgNbdCovariates", BG_NBD_COVARIATES, records, options);
  const p = fit.params;
  const se = fit.standardErrors;
  return { ...fit, params: of([p.r, p.alpha, p.a, p.b]), standardErrors: se && { params: of([se.params.r, se.params.alpha, se.params.a, se.params.b]), coefficients: se.coefficients } };
}

/**
 * BG/NBD predictions with covariates: each customer's own α, a, b from the fit's baseline parameters,
 * coefficients and the customer's covariate fields, then P(alive) and the purchases expected in the
 * next `t` time units (FHL 2005 eq. 10), as {@link predictBgNbd} computes them.
 *
 * @param fit - `{ params, coefficients }` of {@link fitBgNbdCovariates} (the fields are read by the coefficients' names).
 * @param records - {@link CovariateCustomer} records with those fields.
 * @returns `customers` (`{ customerId, pAlive, expectedPurchases }`, input order) and `meta`.
 * @throws {RangeError} A parameter not finite and positive, a coefficient not finite, a bad `t`, or a
 *   prediction that cannot be computed (a customer's a exactly 1).
 * @throws {AnalyticsInputError} A record breaks the BTYD rules or lacks a finite covariate.
 *
 * @example
 * const fit = { params: { r: 0.25, alpha: 23.4, a: 0.27, b: 0.85 }, coefficients: { purchase: { lnFirst: 0.48 }, dropout: { lnFirst: 0.31 } } };
 * const { customers: [c] } = predictBgNbdCovariates(fit, [{ customerId: "1", frequency: 2, recency: 30.43, T: 38.86, lnFirst: 3.41 }], { t: 52 });
 * [c.customerId, Math.round(c.pAlive * 1e4) / 1e4, Math.round(c.expectedPurchases * 1e4) / 1e4]; //=> ["1", 0.7318, 1.5772]
 */
export function predictBgNbdCovariates(fit: { params: BgNbdParams; coefficients: CovariateCoefficients }, records: Iterable<CovariateCustomer>, options: PredictBgNbdCovariatesOptions): PredictBgNbdCovariatesResult {
  const res = predictWithCovariates(
    "predictBgNbdCovariates",
    BG_NBD_COVARIATES,
    "bg-nbd-covariates",
    fit as unknown as { params: Record<string, number>; coefficients: CovariateCoefficients },
    records,
    options,
    undefined,
    (th, x, tx, T) => bgNbdPAlive(of(th), x, tx, T),
    (th, t, x, tx, T) => bgNbdConditionalExpected(of(th), t, x, tx, T),
  );
  const p = res.meta.params;
  return { customers: res.customers, meta: { ...res.meta, params: of([p.r, p.alpha, p.a, p.b]) } };
}
