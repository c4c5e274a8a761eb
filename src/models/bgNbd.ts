import type { CustomerInput } from "../input/types.js";
import { AnalyticsInputError, describeValue, inputIssue } from "../errors.js";
import { parseOptions } from "../options.js";
import { fitDiagnostics, purchaseLikelihoodBound, standardErrorsFromGradient, type ValueAndGradient } from "../internal/bfgs.js";
import { sumError } from "../internal/neumaier.js";
import { digammaShift, passData, rememberPasses, timeTables } from "./likelihoodParts.js";
import { lnGammaRatio, logAddExp, logHyp2f1, logRatioShift, work } from "../internal/special.js";
import { checkedPurchases, checkParams, groupTriples, longestT, minimizeFit, penalty, penalizedFitOptionsSchema, purchasePredictionOutputOptionsSchema, predictPerCustomer, purchasePredictionRecords, readBtydCustomers, type BtydCustomer, type PredictionKernel } from "./btydInput.js";
import type { BgNbdModel, BgNbdParams, PenalizedFitOptions, PurchaseModelFit, PurchasePredictionColumnsResult, PurchasePredictionOutputOptions, PurchasePredictionResult } from "./types.js";
import { exp, expm1, log, log1p } from "../internal/elementary.js";

/** Result of {@link fitBgNbd}: the fitted model. */
export type BgNbdFit = PurchaseModelFit<BgNbdParams>;

/** Options of {@link fitBgNbd}: `penalizer`. */
export type FitBgNbdOptions = PenalizedFitOptions;
/** Schema of {@link FitBgNbdOptions}. */
export const fitBgNbdOptionsSchema = penalizedFitOptionsSchema;
/** Options of {@link predictBgNbd}: the horizon `t`, and `output` (`"records"` or `"columns"`). */
export type PredictBgNbdOptions = PurchasePredictionOutputOptions;
/** Schema of {@link PredictBgNbdOptions}. */
export const predictBgNbdOptionsSchema = purchasePredictionOutputOptionsSchema;

/** Result of {@link predictBgNbd}: `customers` and `meta` `{ model: "bg-nbd", params, t }`. */
export type PredictBgNbdResult = PurchasePredictionResult<BgNbdModel>;
/** Result of {@link predictBgNbd} with `output: "columns"`: `columns` (`customerId`, `pAlive`, `expectedPurchases`) and the same `meta`. */
export type PredictBgNbdColumnsResult = PurchasePredictionColumnsResult<BgNbdModel>;

/** The per-customer term the fits sum (arguments unchecked). */
export function bgNbdLogLikelihoodTerm(p: BgNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = p;
  // ln Γ(r+x)/Γ(r) and ln B(a, b+x)/B(a, b) as log rising factorials: exact for huge r or b
  const head = lnGammaRatio(r, x) + lnGammaRatio(b, x) - lnGammaRatio(a + b, x);
  // r·ln α − (r+x)·ln(α+τ) as r·ln(α/(α+τ)) − x·ln(α+τ): no cancellation of two huge terms
  const alive = logRatioShift(r, alpha, T) - x * log(alpha + T);
  const died = x > 0 ? log(a) - log(b + x - 1) + logRatioShift(r, alpha, tx) - x * log(alpha + tx) : Number.NEGATIVE_INFINITY;
  return head + logAddExp(alive, died);
}

/**
 * Per-customer BG/NBD log-likelihood (Hardie note 027 form, log-sum-exp: finite for heavy buyers).
 *
 * @throws {RangeError} A parameter not finite and positive, x not an integer ≥ 0, not 0 ≤ t_x ≤ T,
 *   or a log-likelihood that is not finite there.
 *
 * @example
 * const p = { r: 0.2425929282798216, alpha: 4.413532265271803, a: 0.7928859664405851, b: 2.42575238262545 };
 * Math.round(bgNbdLogLikelihood(p, 200, 38, 38.86) * 1e4) / 1e4; //=> 100.495
 */
export function bgNbdLogLikelihood(p: BgNbdParams, x: number, tx: number, T: number): number {
  const fn = "bgNbdLogLikelihood";
  checkParams(fn, "params", p, ["r", "alpha", "a", "b"]);
  if (!(Number.isInteger(x) && x >= 0 && tx >= 0 && T >= tx && Number.isFinite(T))) {
    throw new RangeError(`${fn}: expected an integer x >= 0 and 0 <= tx <= T, finite; got x ${x}, tx ${tx}, T ${T}`);
  }
  const ll = bgNbdLogLikelihoodTerm(p, x, tx, T);
  if (!Number.isFinite(ll)) throw new RangeError(`${fn}: the log-likelihood is not a finite number at these parameters and data`);
  return ll;
}


/**
 * Fits the BG/NBD model (Fader, Hardie & Lee 2005) by maximum likelihood, as Python lifetimes'
 * `BetaGeoFitter` does: BFGS over log-parameters from 0.1, times rescaled by 1/max(T) during the fit,
 * optional L2 `penalizer`, the note-027 log-likelihood with log-sum-exp (finite for heavy buyers).
 *
 * @param records - {@link BtydCustomer} records (lifetimes' summary) in one time unit.
 * @returns The fitted model: `params`, total `logLikelihood`, `standardErrors` (null when the Hessian
 *   is not invertible), `diagnostics` (`converged`, and why the search stopped), `meta`.
 * @throws {AnalyticsInputError} A record breaks the {@link BtydCustomer} rules (`["records", i, field]`),
 *   or the likelihood is not finite at the end (`degenerate_data`).
 *
 * @example
 * const none = { frequency: 0, recency: 0, T: 38.86 };
 * const fit = fitBgNbd([{ frequency: 2, recency: 30.43, T: 38.86 }, { frequency: 1, recency: 1.71, T: 38.86 }, none, none, none, { frequency: 7, recency: 29.43, T: 38.86 }]);
 * // six customers cannot pin a and b down: the fit says so instead of pretending
 * [fit.diagnostics.converged, fit.standardErrors, fit.meta]; //=> [false, null, { customers: 6, penalizer: 0 }]
 *
 * @see Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers" the easy way: an
 *   alternative to the Pareto/NBD model. Marketing Science 24(2), 275–284.
 */
export function fitBgNbd(records: CustomerInput<BtydCustomer>, options: FitBgNbdOptions = {}): BgNbdFit {
  const fn = "fitBgNbd";
  const penalizer = parseOptions(fn, fitBgNbdOptionsSchema, options).penalizer ?? 0;
  return fitBetaGeometric(fn, records, penalizer, bgNbdPass);
}

/**
 * A one-pass total log-likelihood over distinct triples with counts `w`, times multiplied by `scale`:
 * `pass(θ, grad)` returns Σ w·ℓ and, when `grad` is given, writes ∂(Σ w·ℓ)/∂θ into it (natural
 * parameters r, α, a, b). Built once per data set (its tables of distinct values), called per step.
 */
export type BetaGeometricPass = (theta: readonly number[], grad: number[] | null) => number;

// The per-triple sums of bgNbdPass, carried from one block of triples to the next:
// [Σ w·ℓ, its compensation, ∂r, ∂α, ∂a, ∂b]
const BG_SUMS = new Float64Array(6);
// triples per block
const BG_BLOCK = 4096;
// per triple of a block with x > 0: m + ln(e^(A−m) + e^(D−m)) and π = e^(D−m)/(e^(A−m) + e^(D−m))
const BG_LSE = new Float64Array(BG_BLOCK);
const BG_PI = new Float64Array(BG_BLOCK);

/**
 * The log-sum-exp of bgNbdPass's triples `from` to `to` − 1 with x > 0 (and π when `grad`), into
 * `BG_LSE` and `BG_PI` at i − from. Of its own, with nothing else to inline but `exp` and `log`, so
 * that V8 inlines both (its budget for inlining holds them, not them and the rest of the pass: a
 * call left in place boxes its argument and its result, about 345 MB of garbage per fit on 1M
 * customers); the other exponential is e⁰ = 1 (exactly, as elementary's exp gives it).
 */
function bgNbdLogSumExp(from: number, to: number, X: Float64Array, XI: Int32Array, TI: Int32Array, tI: Int32Array, lead: Float64Array, rl1: Float64Array, l2: Float64Array, grad: boolean): void {
  for (let i = from; i < to; i++) {
    const xv = X[i];
    if (!(xv > 0)) continue;
    const iT = TI[i];
    const it = tI[i];
    const alive = rl1[iT] - xv * l2[iT];
    const died = lead[XI[i]] + rl1[it] - xv * l2[it];
    const up = alive > died;
    const m = up ? alive : died;
    const e = exp(up ? died - m : alive - m);
    const ea = up ? 1 : e;
    const ed = up ? e : 1;
    BG_LSE[i - from] = m + log(ea + ed);
    if (grad) BG_PI[i - from] = ed / (ea + ed);
  }
}

/**
 * The per-triple sums of {@link bgNbdPass} for triples `from` to `to` − 1 (their log-sum-exp in
 * `BG_LSE`, `BG_PI`), adding to `BG_SUMS`: the same additions in the same order as one loop over
 * all triples, the expressions of the pass.
 */
function bgNbdTripleSums(
  from: number,
  to: number,
  X: Float64Array,
  W: Float64Array,
  XI: Int32Array,
  TI: Int32Array,
  tI: Int32Array,
  head: Float64Array,
  bx1: Float64Array,
  rl1: Float64Array,
  rq: Float64Array,
  l1: Float64Array,
  l2: Float64Array,
  q: Float64Array,
  inv: Float64Array,
  r: number,
  a: number,
  grad: boolean,
): void {
  let sum = BG_SUMS[0];
  let comp = BG_SUMS[1];
  let gr = BG_SUMS[2];
  let gAlpha = BG_SUMS[3];
  let ga = BG_SUMS[4];
  let gb = BG_SUMS[5];
  for (let i = from; i < to; i++) {
    const xv = X[i];
    const kx = XI[i];
    const iT = TI[i];
    let term: number;
    if (xv > 0) {
      term = head[kx] + BG_LSE[i - from];
      if (grad) {
        const it = tI[i];
        const pi = BG_PI[i - from];
        const wi = W[i];
        const pa = 1 - pi;
        gr -= wi * (pa * l1[iT] + pi * l1[it]);
        gAlpha += wi * (pa * (rq[iT] - xv * inv[iT]) + pi * (rq[it] - xv * inv[it]));
        ga += (wi * pi) / a;
        gb -= (wi * pi) / bx1[kx];
      }
    } else {
      term = head[kx] + (rl1[iT] - xv * l2[iT]);
      if (grad) {
        const wi = W[i];
        gr -= wi * l1[iT];
        gAlpha += wi * r * q[iT];
      }
    }
    const v = W[i] * term;
    const t = sum + v;
    comp += sumError(sum, v, t);
    sum = t;
  }
  BG_SUMS[0] = sum;
  BG_SUMS[1] = comp;
  BG_SUMS[2] = gr;
  BG_SUMS[3] = gAlpha;
  BG_SUMS[4] = ga;
  BG_SUMS[5] = gb;
}

/**
 * BG/NBD's one-pass log-likelihood and gradient (FHL 2005 eq. 6 in Hardie note 027's log-sum-exp form,
 * the same expressions as {@link bgNbdLogLikelihoodTerm}, so the same value to the last bit). With
 * A = r·ln(α/(α+T)) − x·ln(α+T) (alive at T) and D = ln a − ln(b+x−1) + r·ln(α/(α+t_x)) − x·ln(α+t_x)
 * (dropped out after the last purchase), ℓ = ln Γ(r+x)/Γ(r) + ln B(a, b+x)/B(a, b) + ln(e^A + e^D) and,
 * with π = e^D/(e^A + e^D) and ψΔ(c, x) = ψ(c+x) − ψ(c),
 *   ∂ℓ/∂r = ψΔ(r, x) − (1−π)·ln(1+T/α) − π·ln(1+t_x/α)
 *   ∂ℓ/∂α = (1−π)·(rT/(α(α+T)) − x/(α+T)) + π·(r·t_x/(α(α+t_x)) − x/(α+t_x))
 *   ∂ℓ/∂a = −ψΔ(a+b, x) + π/a,   ∂ℓ/∂b = ψΔ(b, x) − ψΔ(a+b, x) − π/(b+x−1).
 */
export function bgNbdPass(x: Float64Array, tx: Float64Array, T: Float64Array, w: Float64Array, scale = 1): BetaGeometricPass {
  const d = passData(x, tx, T, w, scale);
  const nx = d.xs.values.length;
  const head = new Float64Array(nx);
  const lbx = new Float64Array(nx);
  // per distinct x: ln a − ln(b+x−1) and b+x−1; per distinct time: −r·ln(1+τ/α) and r·τ/(α(α+τ))
  // (the same products and sums the per-triple expressions form first, so the same bits)
  const lead = new Float64Array(nx);
  const bx1 = new Float64Array(nx);
  const nt = d.times.length;
  const rl1 = new Float64Array(nt);
  const rq = new Float64Array(nt);
  return (theta, grad) => {
    const [r, alpha, a, b] = theta;
    const la = log(a);
    let gr = 0;
    let ga = 0;
    let gb = 0;
    for (let k = 0; k < nx; k++) {
      const xv = d.xs.values[k];
      head[k] = lnGammaRatio(r, xv) + lnGammaRatio(b, xv) - lnGammaRatio(a + b, xv);
      lbx[k] = xv > 0 ? log(b + xv - 1) : 0;
      lead[k] = la - lbx[k];
      bx1[k] = b + xv - 1;
      if (grad) {
        const wk = d.wx[k];
        const dab = digammaShift(a + b, xv);
        gr += wk * digammaShift(r, xv);
        ga -= wk * dab;
        gb += wk * (digammaShift(b, xv) - dab);
      }
    }
    const tt = timeTables(d.times, alpha);
    const { l1, l2, q, inv } = tt;
    for (let k = 0; k < nt; k++) {
      rl1[k] = -r * l1[k];
      rq[k] = r * q[k];
    }
    BG_SUMS[0] = 0;
    BG_SUMS[1] = 0;
    BG_SUMS[2] = gr;
    BG_SUMS[3] = 0;
    BG_SUMS[4] = ga;
    BG_SUMS[5] = gb;
    const u = d.x.length;
    for (let from = 0; from < u; from += BG_BLOCK) {
      const to = Math.min(u, from + BG_BLOCK);
      bgNbdLogSumExp(from, to, d.x, d.xs.index, d.TAt, d.txAt, lead, rl1, l2, grad !== null);
      bgNbdTripleSums(from, to, d.x, d.w, d.xs.index, d.TAt, d.txAt, head, bx1, rl1, rq, l1, l2, q, inv, r, a, grad !== null);
    }
    const sum = BG_SUMS[0];
    if (grad) {
      grad[0] = BG_SUMS[2];
      grad[1] = BG_SUMS[3];
      grad[2] = BG_SUMS[4];
      grad[3] = BG_SUMS[5];
    }
    return sum - sum === 0 ? sum + BG_SUMS[1] : sum;
  };
}

/**
 * The shared fit of the BG/NBD family: lifetimes' procedure (BFGS over log-parameters from 0.1, times
 * scaled by 1/max(T), objective −Σℓ/n + λ·Σθ²) with a given one-pass likelihood and gradient.
 */
export function fitBetaGeometric(
  fn: string,
  records: CustomerInput<BtydCustomer>,
  penalizer: number,
  passOf: (x: Float64Array, tx: Float64Array, T: Float64Array, w: Float64Array, scale?: number) => BetaGeometricPass,
): BgNbdFit {
  // read in place where the columns allow it: the fit only reads them (groupTriples copies the groups out; no customer's group: a fit never asks)
  // (no ids for records without: a fit names a customer only when the records have ids)
  const raw = readBtydCustomers(fn, records, false, undefined, true, false);
  const n = raw.customers;
  // identical (x, t_x, T) triples share one likelihood term, weighted by their count (records' counts summed)
  const { x, tx, T, w } = groupTriples(raw.x, raw.tx, raw.T, raw.w, false);
  const u = x.length;
  const s = 1 / longestT(fn, T);
  // remembered: the start's check, the probes run twice (restart decision, report) and the last point cost one pass each
  const scaled = rememberPasses(passOf(x, tx, T, w, s));
  const gTheta = [0, 0, 0, 0];
  const objective: ValueAndGradient = (phi, grad) => {
    work.units += 20 * u;
    const theta = phi.map(exp);
    const ll = scaled(theta, grad ? gTheta : null);
    if (grad) for (let i = 0; i < 4; i++) grad[i] = (-gTheta[i] / n + 2 * penalizer * theta[i]) * theta[i];
    return -ll / n + penalty(penalizer, theta);
  };
  const names = ["r", "alpha", "a", "b"];
  const { res, objective: boxed } = minimizeFit(fn, objective, [0.1, 0.1, 0.1, 0.1], u, names);
  const params = { r: exp(res.x[0]), alpha: exp(res.x[1]) / s, a: exp(res.x[2]), b: exp(res.x[3]) };
  const natural = rememberPasses(passOf(x, tx, T, w));
  const logLikelihood = natural([params.r, params.alpha, params.a, params.b], null);
  if (!Number.isFinite(logLikelihood)) throw new AnalyticsInputError(fn, [inputIssue("degenerate_data", ["records"], "the fit did not reach a finite likelihood")]);
  const diagnostics = fitDiagnostics(res, names, { objective: boxed, logLikelihood, upperBound: purchaseLikelihoodBound(x, tx, w) });
  // standard errors only at a proper maximum: elsewhere the curvature means nothing
  const se = diagnostics.converged ? standardErrorsFromGradient((phi, g) => {
    const theta = phi.map(exp);
    natural(theta, g);
    for (let i = 0; i < 4; i++) g[i] = -g[i] * theta[i];
  }, [params.r, params.alpha, params.a, params.b]) : null;
  return {
    params,
    logLikelihood,
    standardErrors: se && { r: se[0], alpha: se[1], a: se[2], b: se[3] },
    diagnostics,
    meta: { customers: n, penalizer },
  };
}

/** P(alive) for one customer (Hardie note 021), in the expit form that never overflows. */
export function bgNbdPAlive(p: BgNbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 1;
  const D = (p.r + x) * log1p((T - tx) / (p.alpha + tx)) + log(p.a / (p.b + x - 1));
  return 1 / (1 + exp(D));
}

/**
 * The factor of the expected purchases in (T, T + t] that does not depend on t_x (FHL 2005 eq. 10
 * without P(alive)): (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) · ₂F₁(r+x, b+x; a+b+x−1; t/(α+T+t))],
 * shared by every customer with the same x and T.
 */
export function bgNbdExpectedFactor(p: BgNbdParams, t: number, x: number, T: number): number {
  const { r, alpha, a, b } = p;
  const z = t / (alpha + T + t);
  const lnH = logHyp2f1(r + x, b + x, a + b + x - 1, z);
  const first = (a + b + x - 1) / (a - 1);
  const second = -expm1(lnH + logRatioShift(r + x, alpha + T, t));
  return first * second;
}

/** Expected purchases in (T, T + t] for one customer (FHL 2005 eq. 10), ₂F₁ in log space. */
export function bgNbdConditionalExpected(p: BgNbdParams, t: number, x: number, tx: number, T: number): number {
  return bgNbdExpectedFactor(p, t, x, T) * bgNbdPAlive(p, x, tx, T);
}

/** BG/NBD's predictions split for sharing (see {@link PredictionKernel}): state P(alive), expectation factor × P(alive). */
export function bgNbdPredictionKernel(p: BgNbdParams): PredictionKernel {
  return {
    unit: (x, tx, T, out) => {
      out[0] = out[1] = bgNbdPAlive(p, x, tx, T);
    },
    pair: (t, x, T) => bgNbdExpectedFactor(p, t, x, T),
    combine: (factor, alive) => factor * alive,
  };
}

/**
 * BG/NBD predictions for each customer at fitted parameters: the probability of being alive (expit
 * form: dormant heavy buyers get 0, never NaN) and the purchases expected in the next `t` time units
 * (FHL 2005 eq. 10, ₂F₁ in log space). Each distinct (frequency, recency, T) is computed once, and
 * the ₂F₁ factor once per distinct (frequency, T). With `output: "columns"` the same values come as
 * `Float64Array` columns, without an object per customer (the fast lane for big data).
 *
 * @param params - Fitted parameters (`fitBgNbd(...).params`), in the records' time unit.
 * @param records - {@link BtydCustomer} records, or their columns.
 * @returns `customers` (`{ customerId, pAlive, expectedPurchases }`, input order) and `meta`
 *   (`{ model: "bg-nbd", params, t }`, itself a purchase model for `predictedClv`); with
 *   `output: "columns"`, `columns` (`customerId`, `pAlive`, `expectedPurchases`) instead of `customers`.
 * @throws {RangeError} A parameter not finite and positive, a = 1, or a bad `t`.
 * @throws {AnalyticsInputError} A record breaks the {@link BtydCustomer} rules.
 *
 * @example
 * const p = { r: 0.2425929282798216, alpha: 4.413532265271803, a: 0.7928859664405851, b: 2.42575238262545 };
 * const { customers: [c], meta } = predictBgNbd(p, [{ customerId: "1", frequency: 2, recency: 30.43, T: 38.86 }], { t: 52 });
 * [c.customerId, Math.round(c.pAlive * 1e6) / 1e6, Math.round(c.expectedPurchases * 1e6) / 1e6]; //=> ["1", 0.726609, 1.558584]
 * [meta.model, meta.t]; //=> ["bg-nbd", 52]
 * const { columns } = predictBgNbd(p, { frequency: [2, 0], recency: [30.43, 0], T: [38.86, 38.86] }, { t: 52, output: "columns" });
 * [columns.customerId, Math.round(columns.expectedPurchases[0] * 1e6) / 1e6]; //=> [["0", "1"], 1.558584]
 */
export function predictBgNbd(params: BgNbdParams, records: CustomerInput<BtydCustomer>, options: PredictBgNbdOptions & { output: "columns" }): PredictBgNbdColumnsResult;
export function predictBgNbd(params: BgNbdParams, records: CustomerInput<BtydCustomer>, options: PredictBgNbdOptions): PredictBgNbdResult;
export function predictBgNbd(params: BgNbdParams, records: CustomerInput<BtydCustomer>, options: PredictBgNbdOptions): PredictBgNbdResult | PredictBgNbdColumnsResult {
  const fn = "predictBgNbd";
  const { t, output } = parseOptions(fn, predictBgNbdOptionsSchema, options);
  checkParams(fn, "params", params, ["r", "alpha", "a", "b"], "a");
  const p: BgNbdParams = { r: params.r, alpha: params.alpha, a: params.a, b: params.b };
  const { ids, columns } = predictPerCustomer(fn, records, t, bgNbdPredictionKernel(p));
  const meta = { model: "bg-nbd", params: p, t } as const;
  return output === "columns" ? { columns: { customerId: ids, ...columns }, meta } : { customers: purchasePredictionRecords(ids, columns), meta };
}

/**
 * Unconditional expected number of purchases in (0, t] for a customer picked at random at the moment
 * of their first purchase (FHL 2005 eq. 9): (a+b−1)/(a−1) · [1 − (α/(α+t))^r · ₂F₁(r, b; a+b−1; t/(α+t))],
 * ₂F₁ in log space. It equals the conditional expectation of a customer with x = 0, t_x = 0, T = 0.
 *
 * @throws {RangeError} t not a finite number >= 0, a parameter not finite and positive, a = 1, or a
 *   horizon (or parameters) at which the series cannot be summed — never NaN or a negative number.
 *
 * @example
 * const p = { r: 0.2425929282798216, alpha: 4.413532265271803, a: 0.7928859664405851, b: 2.42575238262545 };
 * Math.round(bgNbdExpectedPurchases(p, 39) * 1e6) / 1e6; //=> 1.195016
 */
export function bgNbdExpectedPurchases(params: BgNbdParams, t: number): number {
  const fn = "bgNbdExpectedPurchases";
  if (!(typeof t === "number" && t >= 0 && Number.isFinite(t))) throw new RangeError(`${fn}: t must be a finite number >= 0, got ${describeValue(t)}`);
  checkParams(fn, "params", params, ["r", "alpha", "a", "b"], "a");
  const { r, alpha, a, b } = params;
  if (t === 0) return 0;
  const lnH = logHyp2f1(r, b, a + b - 1, t / (alpha + t));
  const e = checkedPurchases(((a + b - 1) / (a - 1)) * -expm1(logRatioShift(r, alpha, t) + lnH));
  if (!Number.isFinite(e)) {
    throw new RangeError(`${fn}: the expectation at t = ${t} is not computable at these parameters (a hypergeometric series at its argument's limit of 1, or parameters so extreme that its terms cancel); use a horizon nearer the data's time scale`);
  }
  return e;
}
