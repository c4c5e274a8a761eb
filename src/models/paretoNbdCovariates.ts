import { paretoNbdConditionalExpected, paretoNbdPAlive } from "./paretoNbd.js";
import {
  PARETO_NBD_COVARIATES,
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
import type { ParetoNbdParams } from "./types.js";

/** Result of {@link fitParetoNbdCovariates}: baseline `params`, `coefficients`, `logLikelihood`, `standardErrors`, `diagnostics`, `meta`. */
export type ParetoNbdCovariatesFit = CovariatesFit<ParetoNbdParams>;
/** Options of {@link fitParetoNbdCovariates}: the `purchase` and `dropout` fields, `penalizer`. */
export type FitParetoNbdCovariatesOptions = CovariatesFitOptions;
/** Schema of {@link FitParetoNbdCovariatesOptions}. */
export const fitParetoNbdCovariatesOptionsSchema = covariatesFitOptionsSchema;
/** Options of {@link predictParetoNbdCovariates}: the horizon `t`. */
export type PredictParetoNbdCovariatesOptions = CovariatesPredictionOptions;
/** Schema of {@link PredictParetoNbdCovariatesOptions}. */
export const predictParetoNbdCovariatesOptionsSchema = covariatesPredictionOptionsSchema;
/** Result of {@link predictParetoNbdCovariates}: `customers` and `meta` `{ model: "pareto-nbd-covariates", params, coefficients, t }`. */
export type PredictParetoNbdCovariatesResult = CovariatesPredictionResult<"pareto-nbd-covariates", ParetoNbdParams>;


const of = (t: readonly number[]): ParetoNbdParams => ({ r: t[0], alpha: t[1], s: t[2], beta: t[3] });

/**
 * Fits the Pareto/NBD model with time-invariant covariates on the purchase and the dropout process, as
 * R CLVTools (and Fader & Hardie's note 019) do: a customer with covariates z has α = α₀·exp(−γ_pᵀz)
 * (γ_p > 0: buys more often) and β = β₀·exp(−γ_dᵀz) (γ_d > 0: drops out sooner). Maximum likelihood by
 * BFGS on the exact gradient (the Pareto/NBD kernel's, by the chain rule), covariates standardised
 * during the search; coefficients are on the fields' own scale. See docs/models.md ("Covariates").
 *
 * @param records - {@link CovariateCustomer} records: a BTYD summary plus the covariate fields.
 * @param options - `purchase` and `dropout`: field names (either may be empty; a field may be in
 *   both); `penalizer`: CLVTools' L2 regularisation λ·Σγ² added to the mean negative log-likelihood.
 * @returns `params` (r, alpha, s, beta of a customer whose covariates are all 0), `coefficients`,
 *   `logLikelihood`, `standardErrors` of all of them (null unless converged), `diagnostics`, `meta`.
 * @throws {AnalyticsInputError} A record breaks the BTYD rules, a covariate is missing or not a finite
 *   number (`["records", i, field]`), a field is constant or a linear combination of the others and a
 *   constant (`degenerate_data`, `["fields", field]`).
 * @throws {RangeError} A field named twice in one list, `count` named as a field, or a bad `penalizer`.
 *
 * @example
 * const customers = [
 *   { frequency: 2, recency: 30.4, T: 38.9, big: 1 }, { frequency: 1, recency: 1.7, T: 38.9, big: 0 },
 *   { frequency: 0, recency: 0, T: 38.9, big: 0 }, { frequency: 0, recency: 0, T: 38.9, big: 1 },
 * ];
 * const fit = fitParetoNbdCovariates(customers, { dropout: ["big"] });
 * [Object.keys(fit.coefficients.dropout), fit.meta.customers]; //=> [["big"], 4]
 *
 * @see Fader, P. S. & Hardie, B. G. S. (2007). Incorporating time-invariant covariates into the
 *   Pareto/NBD and BG/NBD models. http://brucehardie.com/notes/019/
 * @see R package CLVTools, `pnbd()` with static covariates (`pnbd_staticcov_*` in src/pnbd.cpp).
 */
export function fitParetoNbdCovariates(records: Iterable<CovariateCustomer>, options: FitParetoNbdCovariatesOptions = {}): ParetoNbdCovariatesFit {
  const fit = fitWithCovariates("fitParetoNbdCovariates", PARETO_NBD_COVARIATES, records, options);
  const p = fit.params;
  const se = fit.standardErrors;
  return { ...fit, params: of([p.r, p.alpha, p.s, p.beta]), standardErrors: se && { params: of([se.params.r, se.params.alpha, se.params.s, se.params.beta]), coefficients: se.coefficients } };
}

/**
 * Pareto/NBD predictions with covariates: each customer's own α and β from the fit's baseline
 * parameters, coefficients and the customer's covariate fields, then P(alive) and the purchases
 * expected in the next `t` time units (Hardie note 009), as {@link predictParetoNbd} computes them.
 *
 * @param fit - `{ params, coefficients }` of {@link fitParetoNbdCovariates} (the fields are read by the coefficients' names).
 * @param records - {@link CovariateCustomer} records with those fields.
 * @returns `customers` (`{ customerId, pAlive, expectedPurchases }`, input order) and `meta`.
 * @throws {RangeError} A parameter not finite and positive, s = 1, a coefficient not finite, or a bad `t`.
 * @throws {AnalyticsInputError} A record breaks the BTYD rules or lacks a finite covariate.
 *
 * @example
 * const fit = { params: { r: 0.57, alpha: 36.9, s: 0.61, beta: 12.4 }, coefficients: { purchase: { lnFirst: 0.36 }, dropout: {} } };
 * const { customers: [c] } = predictParetoNbdCovariates(fit, [{ customerId: "1", frequency: 2, recency: 30.43, T: 38.86, lnFirst: 3.41 }], { t: 52 });
 * [c.customerId, Math.round(c.pAlive * 1e4) / 1e4, Math.round(c.expectedPurchases * 1e4) / 1e4]; //=> ["1", 0.8702, 1.8587]
 */
export function predictParetoNbdCovariates(fit: { params: ParetoNbdParams; coefficients: CovariateCoefficients }, records: Iterable<CovariateCustomer>, options: PredictParetoNbdCovariatesOptions): PredictParetoNbdCovariatesResult {
  const res = predictWithCovariates(
    "predictParetoNbdCovariates",
    PARETO_NBD_COVARIATES,
    "pareto-nbd-covariates",
    fit as unknown as { params: Record<string, number>; coefficients: CovariateCoefficients },
    records,
    options,
    "s",
    (th, x, tx, T) => paretoNbdPAlive(of(th), x, tx, T),
    (th, t, x, tx, T) => paretoNbdConditionalExpected(of(th), t, x, tx, T),
  );
  const p = res.meta.params;
  return { customers: res.customers, meta: { ...res.meta, params: of([p.r, p.alpha, p.s, p.beta]) } };
}
