import { AnalyticsInputError, inputIssue } from "../errors.js";
import { parseOptions } from "../options.js";
import { fitDiagnostics, purchaseLikelihoodBound, standardErrors } from "../internal/bfgs.js";
import { compensatedSum } from "../internal/neumaier.js";
import { lnGammaRatio, logAddExp, logHyp2f1, logIntegralLogConcave, logRatioShift, work } from "../internal/special.js";
import { checkParams, groupTriples, longestT, minimizeFit, penalty, penalizedFitOptionsSchema, purchasePredictionOptionsSchema, predictPerCustomer, readBtydCustomers, type BtydCustomer } from "./btydInput.js";
import type { ParetoNbdModel, ParetoNbdParams, PenalizedFitOptions, PurchaseModelFit, PurchasePredictionOptions, PurchasePredictionResult } from "./types.js";
import { exp, expm1, log, log1p } from "../internal/elementary.js";

/** Result of {@link fitParetoNbd}: the fitted model. */
export type ParetoNbdFit = PurchaseModelFit<ParetoNbdParams>;

/** Options of {@link fitParetoNbd}: `penalizer`. */
export type FitParetoNbdOptions = PenalizedFitOptions;
/** Schema of {@link FitParetoNbdOptions}. */
export const fitParetoNbdOptionsSchema = penalizedFitOptionsSchema;
/** Options of {@link predictParetoNbd}: the horizon `t`. */
export type PredictParetoNbdOptions = PurchasePredictionOptions;
/** Schema of {@link PredictParetoNbdOptions}. */
export const predictParetoNbdOptionsSchema = purchasePredictionOptionsSchema;

/** Result of {@link predictParetoNbd}: `customers` and `meta` `{ model: "pareto-nbd", params, t }`. */
export type PredictParetoNbdResult = PurchasePredictionResult<ParetoNbdModel>;

/**
 * ln[αʳ·βˢ·I] with I = ∫ from t_x to T of (α+τ)^−(r+x)·(β+τ)^−(s+1) dτ: the "died between the last
 * purchase and T" part of the likelihood (Hardie note 009's A₀ is ρ·I, ρ = r + s + x; −Infinity when
 * t_x = T). By the closed form, I = F(t_x) − F(T) with F(τ) = (m+τ)^−ρ·₂F₁(ρ, b; ρ+1; z(τ))/ρ, when its
 * series converges fast (z ≤ 0.95) and the difference keeps at least four digits; otherwise (parameters
 * far apart, or t_x close to T at a huge frequency) by quadrature of the log-concave integrand in
 * w = log1p((τ − t_x)/(c + t_x)), c = min(α, β), which takes bounded work whatever the parameters.
 * αʳ·βˢ enters as r·ln(α/(α+τ)) and s·ln(β/(β+τ)), so huge r or s lose nothing to cancellation.
 */
function logDeathTerm({ r, alpha, s, beta }: ParetoNbdParams, x: number, tx: number, T: number): number {
  if (!(T > tx)) return Number.NEGATIVE_INFINITY;
  const rho = r + s + x;
  const alphaLarger = alpha >= beta;
  const m = alphaLarger ? alpha : beta;
  const b2 = alphaLarger ? s + 1 : r + x;
  const d = Math.abs(alpha - beta);
  if (d / (m + tx) <= 0.95) {
    // ln[αʳβˢ(m+τ)^−ρ ₂F₁(...)]: r·ln(α/(m+τ)) + s·ln(β/(m+τ)) − x·ln(m+τ)
    const lnF = (tau: number) => logHyp2f1(rho, b2, rho + 1, d / (m + tau), 2_000) + logRatioShift(r, alpha, m - alpha + tau) + logRatioShift(s, beta, m - beta + tau) - x * log(m + tau);
    const u = lnF(tx);
    const v = lnF(T);
    // keep the difference when at least four digits survive it
    if (Number.isFinite(u) && Number.isFinite(v) && v - u < -1e-4) return u + log1p(-exp(v - u)) - log(rho);
  }
  const c = Math.min(alpha, beta);
  const base = c + tx;
  const tauOf = (w: number) => tx + base * expm1(w);
  const h = (w: number) => {
    const tau = tauOf(w);
    return log(base) + w + logRatioShift(r, alpha, tau) - x * log(alpha + tau) + logRatioShift(s, beta, tau) - log(beta + tau);
  };
  const dh = (w: number) => {
    const cTau = base * exp(w);
    const tau = tx + cTau - base;
    return 1 - ((r + x) * (c + tau)) / (alpha + tau) - ((s + 1) * (c + tau)) / (beta + tau);
  };
  return logIntegralLogConcave(h, dh, 0, log1p((T - tx) / base));
}

/** The two parts of the Pareto/NBD likelihood after Γ(r+x)/Γ(r): alive at T, and died in (t_x, T]. */
function paretoParts(p: ParetoNbdParams, x: number, tx: number, T: number): { alive: number; died: number } {
  const { r, alpha, s, beta } = p;
  const alive = logRatioShift(r, alpha, T) + logRatioShift(s, beta, T) - x * log(alpha + T);
  return { alive, died: log(s) + logDeathTerm(p, x, tx, T) };
}

/** The per-customer term the fits sum (arguments unchecked). */
export function paretoNbdLogLikelihoodTerm(p: ParetoNbdParams, x: number, tx: number, T: number): number {
  const { alive, died } = paretoParts(p, x, tx, T);
  return lnGammaRatio(p.r, x) + logAddExp(alive, died);
}

/**
 * Per-customer Pareto/NBD log-likelihood (Hardie note 009, eqs. 18–20): the log rising factorial
 * ln Γ(r+x) − ln Γ(r) exact for any r, and the term for a death between the last purchase and T by the
 * closed form or, where its series would be slow or its difference cancel, by quadrature.
 *
 * @throws {RangeError} A parameter not finite and positive, x not an integer ≥ 0, not 0 ≤ t_x ≤ T,
 *   or a log-likelihood that is not finite there.
 *
 * @example
 * const p = { r: 0.5532755181576063, alpha: 10.577612238628792, s: 0.6062135437339473, beta: 11.667910267440044 };
 * Math.round(paretoNbdLogLikelihood(p, 0, 0, 38.86) * 1e6) / 1e6; //=> -0.521202
 */
export function paretoNbdLogLikelihood(p: ParetoNbdParams, x: number, tx: number, T: number): number {
  const fn = "paretoNbdLogLikelihood";
  checkParams(fn, "params", p, ["r", "alpha", "s", "beta"]);
  if (!(Number.isInteger(x) && x >= 0 && tx >= 0 && T >= tx && Number.isFinite(T))) {
    throw new RangeError(`${fn}: expected an integer x >= 0 and 0 <= tx <= T, finite; got x ${x}, tx ${tx}, T ${T}`);
  }
  const ll = paretoNbdLogLikelihoodTerm(p, x, tx, T);
  if (!Number.isFinite(ll)) throw new RangeError(`${fn}: the log-likelihood is not a finite number at these parameters and data`);
  return ll;
}


/**
 * Fits the Pareto/NBD model (Schmittlein, Morrison & Colombo 1987) by maximum likelihood: BFGS over
 * log-parameters from θ = 1 (deterministic; lifetimes uses Nelder-Mead from a random start), with
 * lifetimes' optional L2 `penalizer` (−Σℓ + λ·Σθ², times scaled by 1/max(T)).
 *
 * @param records - {@link BtydCustomer} records (lifetimes' summary) in one time unit.
 * @returns The fitted model: `params` (r, alpha, s, beta), `logLikelihood`, `standardErrors`, `diagnostics`, `meta`.
 * @throws {AnalyticsInputError} A record breaks the {@link BtydCustomer} rules (`["records", i, field]`),
 *   or the likelihood is not finite at the end (`degenerate_data`).
 *
 * @example
 * const none = { frequency: 0, recency: 0, T: 38.86 };
 * const fit = fitParetoNbd([{ frequency: 2, recency: 30.43, T: 38.86 }, { frequency: 1, recency: 1.71, T: 38.86 }, none, none, none, { frequency: 7, recency: 29.43, T: 38.86 }]);
 * [Number.isFinite(fit.logLikelihood), fit.meta]; //=> [true, { customers: 6, penalizer: 0 }]
 *
 * @see Schmittlein, D. C., Morrison, D. G. & Colombo, R. (1987). Counting your customers: who are they and
 *   what will they do next? Management Science 33(1), 1–24.
 */
export function fitParetoNbd(records: Iterable<BtydCustomer>, options: FitParetoNbdOptions = {}): ParetoNbdFit {
  const fn = "fitParetoNbd";
  const penalizer = parseOptions(fn, fitParetoNbdOptionsSchema, options).penalizer ?? 0;
  const raw = readBtydCustomers(fn, records);
  const n = raw.x.length;
  const { x, tx, T, w } = groupTriples(raw.x, raw.tx, raw.T);
  const of = (th: number[]) => ({ r: th[0], alpha: th[1], s: th[2], beta: th[3] });
  const nll = (th: number[], scale = 1) => {
    const q = of(th);
    return -compensatedSum(x.length, (i) => w[i] * paretoNbdLogLikelihoodTerm(q, x[i], tx[i] * scale, T[i] * scale));
  };
  const sc = 1 / longestT(fn, T);
  // lifetimes' objective: −Σℓ + λ·Σθ² with times scaled by 1/max(T) (so the penalty sees the scaled α
  // and β); divided by n here, which moves no optimum but keeps gradients at a per-customer scale
  const objective = (phi: number[]) => {
    work.units += 20 * x.length;
    const th = phi.map(exp);
    return (nll(th, sc) + penalty(penalizer, th)) / n;
  };
  const { res, objective: boxed } = minimizeFit(fn, objective, [0, 0, 0, 0], x.length);
  const fitted = res.x.map(exp);
  const params = of([fitted[0], fitted[1] / sc, fitted[2], fitted[3] / sc]);
  const logLikelihood = -nll([params.r, params.alpha, params.s, params.beta]);
  if (!Number.isFinite(logLikelihood)) throw new AnalyticsInputError(fn, [inputIssue("degenerate_data", ["records"], "the fit did not reach a finite likelihood")]);
  const diagnostics = fitDiagnostics(res, ["r", "alpha", "s", "beta"], { objective: boxed, logLikelihood, upperBound: purchaseLikelihoodBound(x, tx, w) });
  const se = diagnostics.converged ? standardErrors(nll, [params.r, params.alpha, params.s, params.beta]) : null;
  return {
    params,
    logLikelihood,
    standardErrors: se && of(se),
    diagnostics,
    meta: { customers: n, penalizer },
  };
}

/**
 * Pareto/NBD predictions for each customer: P(alive) and the purchases expected in the next `t` time
 * units (Hardie note 009, eqs. 36–41, in log space). s = 1 is a removable singularity of the
 * expectation and is refused.
 *
 * @param params - Fitted parameters (`fitParetoNbd(...).params`), in the records' time unit.
 * @param records - {@link BtydCustomer} records.
 * @returns `customers` (`{ customerId, pAlive, expectedPurchases }`, input order) and `meta`
 *   (`{ model: "pareto-nbd", params, t }`).
 * @throws {RangeError} A parameter not finite and positive, s = 1, or a bad `t`.
 * @throws {AnalyticsInputError} A record breaks the {@link BtydCustomer} rules.
 *
 * @example
 * const p = { r: 0.5532785252272063, alpha: 10.57751335093755, s: 0.606240155080356, beta: 11.668640633007454 };
 * const { customers: [c] } = predictParetoNbd(p, [{ frequency: 2, recency: 30.43, T: 38.86 }], { t: 52 });
 * [c.customerId, Math.round(c.pAlive * 1e6) / 1e6, Math.round(c.expectedPurchases * 1e6) / 1e6]; //=> ["0", 0.869115, 1.850769]
 */
export function predictParetoNbd(params: ParetoNbdParams, records: Iterable<BtydCustomer>, options: PredictParetoNbdOptions): PredictParetoNbdResult {
  const fn = "predictParetoNbd";
  const { t } = parseOptions(fn, predictParetoNbdOptionsSchema, options);
  checkParams(fn, "params", params, ["r", "alpha", "s", "beta"], "s");
  const p: ParetoNbdParams = { r: params.r, alpha: params.alpha, s: params.s, beta: params.beta };
  const customers = predictPerCustomer(fn, records, t, (x, tx, T) => paretoNbdPAlive(p, x, tx, T), (h, x, tx, T) => paretoNbdConditionalExpected(p, h, x, tx, T));
  return { customers, meta: { model: "pareto-nbd", params: p, t } };
}

/** Pareto/NBD P(alive) for one customer (note 009 eq. 36, in log space). */
export function paretoNbdPAlive(params: ParetoNbdParams, x: number, tx: number, T: number): number {
  const { alive, died } = paretoParts(params, x, tx, T);
  return 1 / (1 + exp(died - alive));
}

/** Pareto/NBD expected purchases in (T, T + t] for one customer (note 009 eq. 41, in log space). */
export function paretoNbdConditionalExpected(params: ParetoNbdParams, t: number, x: number, tx: number, T: number): number {
  const { r, alpha, s, beta } = params;
  const { alive, died } = paretoParts(params, x, tx, T);
  // (1 − ((β+T)/(β+T+t))^(s−1)) / (s − 1), ≥ 0 for every s ≠ 1
  const tail = log(-expm1(logRatioShift(s - 1, beta + T, t)) / (s - 1));
  return exp(alive - logAddExp(alive, died) + log(r + x) + log(beta + T) - log(alpha + T) + tail);
}
