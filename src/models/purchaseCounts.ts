// Distribution of the number of purchases in a window under the BTYD purchase models (internal kernel
// shared by the predictions, the intervals and the tracking charts).
import { describeValue } from "../errors.js";
import { lnGamma, lnGammaRatio, logAddExp, logIntegralLogConcave, logRatioShift } from "../internal/special.js";
import { exp, log, log1p } from "../internal/elementary.js";
import { bgNbdPAlive } from "./bgNbd.js";
import { checkParams } from "./btydInput.js";
import { mbgNbdPAlive } from "./mbgNbd.js";
import { paretoNbdPAlive } from "./paretoNbd.js";
import type { PurchaseModel } from "./types.js";

/** Largest `nMax` the count kernels accept (a million probabilities). */
export const MAX_COUNT = 1_000_000;

/**
 * The count distribution of a customer alive at the start of a window of length t: with probability
 * `1 − weight` an extra atom at 0 (a customer who is not alive), else the model's new-customer
 * distribution at the (posterior) parameters given here. Every case of the three models is one of these.
 */
export interface CountCase {
  family: "beta-geometric" | "pareto";
  /** Probability of being alive at the window's start. */
  weight: number;
  r: number;
  alpha: number;
  /** Beta(a, b) dropout (beta-geometric) or Gamma(s, β) dropout rate (pareto): [a, b] or [s, β]. */
  c: number;
  d: number;
}

/** Validates a purchase model (any a, unlike the expectations' a ≠ 1) and returns a copy of it. */
export function checkedModel(fn: string, model: PurchaseModel): PurchaseModel {
  switch (model?.model) {
    case "bg-nbd":
    case "modified-bg-nbd":
      checkParams(fn, "model.params", model.params, ["r", "alpha", "a", "b"]);
      return { model: model.model, params: { r: model.params.r, alpha: model.params.alpha, a: model.params.a, b: model.params.b } };
    case "pareto-nbd":
      checkParams(fn, "model.params", model.params, ["r", "alpha", "s", "beta"]);
      return { model: model.model, params: { r: model.params.r, alpha: model.params.alpha, s: model.params.s, beta: model.params.beta } };
    default: {
      const given = model as { model?: unknown; params?: unknown } | undefined;
      // a fit (fitBgNbd, fitParetoNbd, …) has params but does not say which model it is
      const hint = given?.model === undefined && given?.params !== undefined ? ` (a fit does not name its model: pass { model: "bg-nbd", params: fit.params }, or the model that was fitted)` : "";
      throw new TypeError(`${fn}: expected model { model: "bg-nbd" | "modified-bg-nbd" | "pareto-nbd", params }, got model ${describeValue(given?.model)}${hint}`);
    }
  }
}

/**
 * Largest `nMax` of the public Pareto/NBD count predictions: each count costs one quadrature (about
 * 0.1 ms, up to 1.5 ms at extreme parameters), so a million would take minutes. The kernel itself has
 * no such cap for callers that choose their sizes.
 */
export const MAX_PARETO_COUNT = 250;

/** Checks a window length t and a largest count nMax (for Pareto/NBD at most {@link MAX_PARETO_COUNT} when `model` is given). */
export function checkWindow(fn: string, t: number, nMax: number, model?: PurchaseModel): void {
  if (!(typeof t === "number" && t >= 0 && Number.isFinite(t))) throw new RangeError(`${fn}: t must be a finite number >= 0, got ${describeValue(t)}`);
  if (!(Number.isInteger(nMax) && nMax >= 0 && nMax <= MAX_COUNT)) throw new RangeError(`${fn}: nMax must be an integer in [0, ${MAX_COUNT}], got ${describeValue(nMax)}`);
  if (model?.model === "pareto-nbd" && nMax > MAX_PARETO_COUNT) throw new RangeError(`${fn}: nMax must be at most ${MAX_PARETO_COUNT} for Pareto/NBD (one quadrature per count), got ${nMax}`);
}

/** The case of a customer born (first purchase) at 0. */
export function newCustomerCase(model: PurchaseModel): CountCase {
  if (model.model === "pareto-nbd") {
    const { r, alpha, s, beta } = model.params;
    return { family: "pareto", weight: 1, r, alpha, c: s, d: beta };
  }
  const { r, alpha, a, b } = model.params;
  // modified BG/NBD: dead at once with probability p; alive, the posterior of p is Beta(a, b + 1)
  if (model.model === "modified-bg-nbd") return { family: "beta-geometric", weight: b / (a + b), r, alpha, c: a, d: b + 1 };
  return { family: "beta-geometric", weight: 1, r, alpha, c: a, d: b };
}

/**
 * The case of a customer with x repeat purchases, the last at t_x, observed to T: alive at T with
 * P(alive); alive, λ ~ Gamma(r + x, α + T) and p ~ Beta(a, b + x) (BG/NBD), Beta(a, b + x + 1)
 * (modified BG/NBD) or μ ~ Gamma(s, β + T) (Pareto/NBD), and by the memoryless purchase and dropout
 * processes the window (T, T + t] is a new customer's (0, t] at those parameters.
 */
export function existingCustomerCase(model: PurchaseModel, x: number, tx: number, T: number): CountCase {
  if (model.model === "pareto-nbd") {
    const p = model.params;
    return { family: "pareto", weight: paretoNbdPAlive(p, x, tx, T), r: p.r + x, alpha: p.alpha + T, c: p.s, d: p.beta + T };
  }
  const p = model.params;
  if (model.model === "modified-bg-nbd") return { family: "beta-geometric", weight: mbgNbdPAlive(p, x, tx, T), r: p.r + x, alpha: p.alpha + T, c: p.a, d: p.b + x + 1 };
  return { family: "beta-geometric", weight: bgNbdPAlive(p, x, tx, T), r: p.r + x, alpha: p.alpha + T, c: p.a, d: p.b + x };
}

/** ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b), from the smaller argument (exact when the other is huge). */
function lnBeta(a: number, b: number): number {
  return a >= b ? lnGamma(b) - lnGammaRatio(a, b) : lnGamma(a) - lnGammaRatio(b, a);
}

/**
 * ln I_u(a, b), the regularized incomplete beta function, with ln u and ln(1 − u) given (exact near
 * either end), by the continued fraction (modified Lentz) on the side where it converges fast; NaN when
 * 2,000 steps are not enough (never a truncated value).
 */
export function logIncompleteBeta(a: number, b: number, lnU: number, ln1mU: number): number {
  const u = exp(lnU);
  const front = a * lnU + b * ln1mU - lnBeta(a, b);
  if (u < (a + 1) / (a + b + 2)) return front + log(betaContinuedFraction(a, b, u) / a);
  // I_u(a, b) = 1 − I_{1−u}(b, a); the subtracted part is then below about ½
  const other = exp(front) * (betaContinuedFraction(b, a, exp(ln1mU)) / b);
  return log1p(-other);
}

function betaContinuedFraction(a: number, b: number, u: number): number {
  const TINY = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * u) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 2_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * u) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * u) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) return h;
  }
  return Number.NaN;
}

/**
 * ln P(N = n), n = 0..nMax, of the negative binomial count of a Poisson(λt) process with λ ~ Gamma(r, α):
 * ln Γ(r+n)/(Γ(r)·n!) + r·ln(α/(α+t)) + n·ln(t/(α+t)), t > 0.
 */
function logNegBinomial(r: number, alpha: number, t: number, nMax: number): Float64Array {
  const out = new Float64Array(nMax + 1);
  const head = logRatioShift(r, alpha, t);
  const lq = -log1p(alpha / t);
  for (let n = 0; n <= nMax; n++) out[n] = lnGammaRatio(r, n) - lnGamma(n + 1) + head + n * lq;
  return out;
}

/**
 * ln P(X(t) = n) for a new BG/NBD customer (FHL 2005 eq. 8), n = 0..nMax, t > 0:
 * B(a, b+n)/B(a, b)·NB(n) + [n > 0]·B(a+1, b+n−1)/B(a, b)·P(NB ≥ n), where NB is the count of the
 * never-dropping Poisson-gamma process and its upper tail P(NB ≥ n) = I_{t/(α+t)}(n, r) is summed
 * downwards from n = nMax + 1 (positive terms only: the tail keeps its relative precision far out,
 * where 1 − Σ_{j<n} NB(j) would be all rounding).
 */
function logBetaGeometricPmf(r: number, alpha: number, a: number, b: number, t: number, nMax: number): Float64Array {
  const nb = logNegBinomial(r, alpha, t, nMax);
  const out = new Float64Array(nMax + 1);
  // ln I_u(nMax+1, r), u = t/(α+t): ln u = −log1p(α/t), ln(1−u) = −log1p(t/α)
  let logTail = logIncompleteBeta(nMax + 1, r, -log1p(alpha / t), -log1p(t / alpha));
  for (let n = nMax; n >= 0; n--) {
    logTail = logAddExp(logTail, nb[n]);
    const stay = lnGammaRatio(b, n) - lnGammaRatio(a + b, n) + nb[n];
    out[n] = n === 0 ? stay : logAddExp(stay, log(a) - log(a + b + n - 1) + lnGammaRatio(b, n - 1) - lnGammaRatio(a + b, n - 1) + logTail);
  }
  return out;
}

/**
 * ln P(X(t) = n) for a new Pareto/NBD customer, n = 0..nMax, t > 0: conditioning on the dropout time τ,
 * NB_t(n)·(β/(β+t))^s + ∫₀ᵗ s/β·(1+τ/β)^−(s+1)·NB_τ(n) dτ, where NB_τ is the negative binomial count
 * over (0, τ]. The integral is over a log-concave integrand in w = ln τ, summed by
 * {@link logIntegralLogConcave} (relative error about 1e-13, bounded work). This is the count
 * distribution of Fader & Hardie's note on the Pareto/NBD (their closed form in ₂F₁ differences, which
 * cancel for large n, is what the reference script evaluates at high precision).
 */
function logParetoPmf(r: number, alpha: number, s: number, beta: number, t: number, nMax: number): Float64Array {
  const nb = logNegBinomial(r, alpha, t, nMax);
  const survive = logRatioShift(s, beta, t);
  const out = new Float64Array(nMax + 1);
  const ls = log(s) - log(beta);
  const lo = Math.min(log(t), log(alpha), log(beta)) - 80;
  const hi = log(t);
  for (let n = 0; n <= nMax; n++) {
    const h = (w: number) => {
      const tau = exp(w);
      return w + ls - (s + 1) * log1p(tau / beta) - r * log1p(tau / alpha) - n * log1p(alpha / tau);
    };
    const dh = (w: number) => {
      const tau = exp(w);
      return 1 - ((s + 1) * tau) / (beta + tau) - (r * tau) / (alpha + tau) + (n * alpha) / (alpha + tau);
    };
    const died = lnGammaRatio(r, n) - lnGamma(n + 1) + logIntegralLogConcave(h, dh, lo, hi, 2_000);
    out[n] = logAddExp(nb[n] + survive, died);
  }
  return out;
}

/** P(n) = (1 − weight)·[n = 0] + weight·(the case's new-customer distribution), n = 0..nMax; NaN if not computable. */
export function casePmf(c: CountCase, t: number, nMax: number): Float64Array {
  const out = new Float64Array(nMax + 1);
  if (t === 0) {
    out[0] = 1;
    return out;
  }
  const logs = c.family === "pareto" ? logParetoPmf(c.r, c.alpha, c.c, c.d, t, nMax) : logBetaGeometricPmf(c.r, c.alpha, c.c, c.d, t, nMax);
  for (let n = 0; n <= nMax; n++) out[n] = c.weight * exp(logs[n]);
  out[0] += 1 - c.weight;
  // a sum above 1 is rounding (a few ulps): scale it back so that the probabilities, summed in order,
  // never pass 1
  for (let pass = 0; pass < 4; pass++) {
    let sum = 0;
    for (let n = 0; n <= nMax; n++) sum += out[n];
    if (!(sum > 1)) break;
    const f = (1 - 2 ** -52 * (pass + 1)) / sum;
    for (let n = 0; n <= nMax; n++) out[n] *= f;
  }
  return out;
}

function finished(fn: string, out: Float64Array): Float64Array {
  for (let n = 0; n < out.length; n++) {
    if (!(out[n] >= 0 && out[n] <= 1)) throw new RangeError(`${fn}: the probability of ${n} purchases is not computable at these parameters (a series or quadrature did not settle); use a horizon nearer the data's time scale`);
  }
  return out;
}

/**
 * P(X(t) = n), n = 0..nMax: the distribution of the number of repeat purchases in (0, t] of a customer
 * whose first purchase is at 0, under a fitted purchase model. BG/NBD: Fader, Hardie & Lee (2005) eq. 8;
 * modified BG/NBD: the same with the dropout at time 0 (probability a/(a+b) of none); Pareto/NBD:
 * the mixture over the dropout time (Fader & Hardie's Pareto/NBD count distribution). Computed in logs
 * (log-gamma ratios, tails summed from the far end, quadrature in logs), so far tails keep their
 * relative precision.
 *
 * The values sum to P(X(t) ≤ nMax) ≤ 1; the rest, 1 − Σ, is P(X(t) > nMax) (take nMax large enough
 * when the tail matters). Internal kernel: `predictPurchaseCounts` is the public surface.
 *
 * @throws {TypeError} An unknown model.
 * @throws {RangeError} A parameter not finite and positive, t not
 *   finite ≥ 0, nMax not an integer in [0, 1e6], or a value that cannot be computed.
 */
export function newCustomerCountPmf(model: PurchaseModel, t: number, nMax: number): Float64Array {
  const fn = "newCustomerCountPmf";
  const m = checkedModel(fn, model);
  checkWindow(fn, t, nMax);
  return finished(fn, casePmf(newCustomerCase(m), t, nMax));
}

/**
 * P(n purchases in (T, T + t] | x, t_x, T), n = 0..nMax, for a customer with x repeat purchases, the
 * last at t_x, observed for T time units: (1 − P(alive))·[n = 0] + P(alive)·(the new-customer
 * distribution at the posterior parameters r + x, α + T and b + x (BG/NBD), b + x + 1 (modified), or
 * β + T (Pareto/NBD)) — Fader & Hardie's conditional count distribution. Sums to ≤ 1 as
 * {@link newCustomerCountPmf} does.
 *
 * @throws {TypeError} An unknown model.
 * @throws {RangeError} As {@link newCustomerCountPmf}, or x not an
 *   integer ≥ 0, or not 0 ≤ t_x ≤ T finite.
 */
export function existingCustomerCountPmf(model: PurchaseModel, t: number, x: number, tx: number, T: number, nMax: number): Float64Array {
  const fn = "existingCustomerCountPmf";
  const m = checkedModel(fn, model);
  checkWindow(fn, t, nMax);
  if (!(Number.isInteger(x) && x >= 0 && tx >= 0 && T >= tx && Number.isFinite(T))) throw new RangeError(`${fn}: expected an integer x >= 0 and 0 <= tx <= T, finite; got x ${describeValue(x)}, tx ${describeValue(tx)}, T ${describeValue(T)}`);
  return finished(fn, casePmf(existingCustomerCase(m, x, tx, T), t, nMax));
}
