import type { CustomerInput } from "../input/types.js";
import { AnalyticsInputError, inputIssue } from "../errors.js";
import { parseOptions } from "../options.js";
import { fitDiagnostics, purchaseLikelihoodBound, standardErrorsFromGradient, type ValueAndGradient } from "../internal/bfgs.js";
import { sumError } from "../internal/neumaier.js";
import { digammaShift, endPoints, passData, rememberPasses } from "./likelihoodParts.js";
import { lnGammaRatio, logAddExp, logHyp2f1, logIntegralLogConcave, logRatioShift, work } from "../internal/special.js";
import { checkParams, groupTriples, longestT, minimizeFit, penalty, penalizedFitOptionsSchema, purchasePredictionOutputOptionsSchema, predictPerCustomer, purchasePredictionRecords, readBtydCustomers, type BtydCustomer, type PredictionKernel } from "./btydInput.js";
import type { ParetoNbdModel, ParetoNbdParams, PenalizedFitOptions, PurchaseModelFit, PurchasePredictionColumnsResult, PurchasePredictionOutputOptions, PurchasePredictionResult } from "./types.js";
import { exp, expm1, log, log1p } from "../internal/elementary.js";

/** Result of {@link fitParetoNbd}: the fitted model. */
export type ParetoNbdFit = PurchaseModelFit<ParetoNbdParams>;

/** Options of {@link fitParetoNbd}: `penalizer`. */
export type FitParetoNbdOptions = PenalizedFitOptions;
/** Schema of {@link FitParetoNbdOptions}. */
export const fitParetoNbdOptionsSchema = penalizedFitOptionsSchema;
/** Options of {@link predictParetoNbd}: the horizon `t`, and `output` (`"records"` or `"columns"`). */
export type PredictParetoNbdOptions = PurchasePredictionOutputOptions;
/** Schema of {@link PredictParetoNbdOptions}. */
export const predictParetoNbdOptionsSchema = purchasePredictionOutputOptionsSchema;

/** Result of {@link predictParetoNbd}: `customers` and `meta` `{ model: "pareto-nbd", params, t }`. */
export type PredictParetoNbdResult = PurchasePredictionResult<ParetoNbdModel>;
/** Result of {@link predictParetoNbd} with `output: "columns"`: `columns` (`customerId`, `pAlive`, `expectedPurchases`) and the same `meta`. */
export type PredictParetoNbdColumnsResult = PurchasePredictionColumnsResult<ParetoNbdModel>;

/**
 * ln[αʳ·βˢ·I] with I = ∫ from t_x to T of (α+τ)^−(r+x)·(β+τ)^−(s+1) dτ: the "died between the last
 * purchase and T" part of the likelihood (Hardie note 009's A₀ is ρ·I, ρ = r + s + x; −Infinity when
 * t_x = T). When one of α, β exceeds the other plus T tenfold, by the binomial series of
 * {@link logBinomialSeriesIntegral}. Else by the closed form, I = F(t_x) − F(T) with
 * F(τ) = (m+τ)^−ρ·₂F₁(ρ, b; ρ+1; z(τ))/ρ, when its series converges fast (z ≤ 0.95) and the difference
 * keeps at least four digits; else by the binomial series when one exceeds the other plus T twofold;
 * otherwise (t_x close to T at a huge frequency, parameters in between) by quadrature of the log-concave integrand in
 * w = log1p((τ − t_x)/(c + t_x)), c = min(α, β), which takes bounded work whatever the parameters.
 * αʳ·βˢ enters as r·ln(α/(α+τ)) and s·ln(β/(β+τ)), so huge r or s lose nothing to cancellation.
 */
function logDeathTerm({ r, alpha, s, beta }: ParetoNbdParams, x: number, tx: number, T: number): number {
  if (!(T > tx)) return Number.NEGATIVE_INFINITY;
  const near = logDeathSeries({ r, alpha, s, beta }, x, tx, T, null, 0.1);
  if (Number.isFinite(near)) return near;
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
  const series = logDeathSeries({ r, alpha, s, beta }, x, tx, T, null);
  if (Number.isFinite(series)) return series;
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

/**
 * `logHyp2f1` (the same branches, series and value to the last bit) with the partial derivatives of
 * ln ₂F₁(a, b; c; z) in a, b, c and z written into `out`: the series differentiated term by term
 * (∂ ln tₖ/∂a = Σⱼ<ₖ 1/(a+j), likewise b and −c, and k/z), and Euler's transformation by the chain rule.
 */
function logHyp2f1Grad(a: number, b: number, c: number, z: number, maxTerms: number, out: Float64Array): number {
  if (z > 0.5 && a + b > c && c - a > -1 && c - b > -1) {
    const l = log1p(-z);
    const v = hyp2f1SeriesGrad(c - a, c - b, c, z, maxTerms, out);
    const ga = out[0];
    const gb = out[1];
    out[0] = -l - ga;
    out[1] = -l - gb;
    out[2] = l + ga + gb + out[2];
    out[3] = -(c - a - b) / (1 - z) + out[3];
    return (c - a - b) * l + v;
  }
  return hyp2f1SeriesGrad(a, b, c, z, maxTerms, out);
}

function hyp2f1SeriesGrad(a: number, b: number, c: number, z: number, maxTerms: number, out: Float64Array): number {
  let logScale = 0;
  let sum = 1;
  let term = 1;
  let da = 0; // Σ tₖ·∂ln tₖ/∂a, and likewise
  let db = 0;
  let dc = 0;
  let dk = 0; // Σ k·tₖ
  let ca = 0;
  let cb = 0;
  let cc = 0;
  for (let k = 0; ; k++) {
    if (k >= maxTerms) {
      work.units += k;
      return Number.NaN;
    }
    term *= ((a + k) * (b + k)) / ((c + k) * (k + 1)) * z;
    sum += term;
    ca += 1 / (a + k);
    cb += 1 / (b + k);
    cc += 1 / (c + k);
    da += term * ca;
    db += term * cb;
    dc += term * cc;
    dk += term * (k + 1);
    if (sum > 1e200) {
      sum /= 1e200;
      term /= 1e200;
      da /= 1e200;
      db /= 1e200;
      dc /= 1e200;
      dk /= 1e200;
      logScale += 200 * Math.LN10;
    }
    if (Math.abs(term) < Math.abs(sum) * 1e-17 && Math.abs((a + k) * (b + k)) * z < (c + k) * (k + 1)) {
      work.units += k + 1;
      break;
    }
  }
  out[0] = da / sum;
  out[1] = db / sum;
  out[2] = -dc / sum;
  out[3] = z === 0 ? (a * b) / c : dk / (z * sum);
  return sum > 0 ? log(sum) + logScale : Number.NaN;
}

/**
 * ln F(τ) of {@link logDeathTerm}'s closed form and its gradient in (r, α, s, β) written into `g`:
 * ln F = ln ₂F₁(ρ, b₂; ρ+1; z) + r·ln(α/(m+τ)) + s·ln(β/(m+τ)) − x·ln(m+τ), with m = max(α, β),
 * z = |α−β|/(m+τ), ρ = r+s+x and b₂ = s+1 when α ≥ β, r+x otherwise.
 */
function logClosedFormGrad({ r, alpha, s, beta }: ParetoNbdParams, x: number, tau: number, g: Float64Array, h: Float64Array): number {
  const rho = r + s + x;
  const alphaLarger = alpha >= beta;
  const m = alphaLarger ? alpha : beta;
  const b2 = alphaLarger ? s + 1 : r + x;
  const d = Math.abs(alpha - beta);
  const mt = m + tau;
  const lnH = logHyp2f1Grad(rho, b2, rho + 1, d / mt, 2_000, h);
  const value = lnH + logRatioShift(r, alpha, m - alpha + tau) + logRatioShift(s, beta, m - beta + tau) - x * log(mt);
  const hRho = h[0] + h[2];
  if (alphaLarger) {
    // z = (α−β)/(α+τ): ∂z/∂α = (β+τ)/(α+τ)², ∂z/∂β = −1/(α+τ)
    g[0] = hRho - log1p(tau / alpha);
    g[1] = (h[3] * (beta + tau)) / (mt * mt) + (r * tau) / (alpha * mt) - (s + x) / mt;
    g[2] = hRho + h[1] - log1p((alpha - beta + tau) / beta);
    g[3] = -h[3] / mt + s / beta;
  } else {
    // z = (β−α)/(β+τ): ∂z/∂α = −1/(β+τ), ∂z/∂β = (α+τ)/(β+τ)²
    g[0] = hRho + h[1] - log1p((beta - alpha + tau) / alpha);
    g[1] = -h[3] / mt + r / alpha;
    g[2] = hRho - log1p(tau / beta);
    g[3] = (h[3] * (alpha + tau)) / (mt * mt) + (s * tau) / (beta * mt) - (r + x) / mt;
  }
  return value;
}

/**
 * ln I and its gradient for I = ∫ from v₁ to v₁+gap of v^−A·(D+v)^−B dv when the far end is well
 * below D (v₁ + gap ≤ D/2): the binomial series (D+v)^−B = D^−B·Σₖ (B)ₖ/k!·(−v/D)ᵏ integrated term by
 * term, ∫ v^(k−A) dv = v₁^(e)·(e^(eL) − 1)/e with e = k+1−A and L = ln(1 + gap/v₁). The terms fall at
 * least like 2^−k. This is the death term of Pareto/NBD when one of α, β is far above the other and the
 * times, where the closed form's ₂F₁ argument is near 1 (its series would need thousands of terms and
 * the fit fell back on quadrature: seconds per pass on realistic data, once the dropout rate heads to
 * 0). `out` receives ∂ln I/∂A, ∂B, ∂D, ∂v₁ (with v₂ = v₁ + gap fixed) and ∂v₂. NaN when the series
 * does not settle in 200 terms or a value leaves the doubles (the caller then uses the quadrature).
 * `ends = false` (a pass without gradient) skips the two exponentials of ∂v₁ and ∂v₂ where they are
 * sure to be finite: the same value and the same NaN, out[3] and out[4] left 0.
 */
export function logBinomialSeriesIntegral(A: number, B: number, D: number, v1: number, gap: number, out: Float64Array | null, logs?: Float64Array, ends = true): number {
  const io = SERIES_IO;
  io[0] = A;
  io[1] = B;
  io[2] = D;
  io[3] = v1;
  io[4] = gap;
  io[5] = log1p(gap / v1);
  seriesIntegral(out, logs, ends);
  return io[6];
}

// {@link seriesIntegral}'s arguments A, B, D, v₁, gap, L = ln(1 + gap/v₁) and its result ln I (or NaN),
// passed in a Float64Array (a double passed to or returned by a call V8 leaves in place is boxed)
const SERIES_IO = new Float64Array(7);

/** {@link logBinomialSeriesIntegral} with its numbers in `SERIES_IO` (the pass sets them per triple). */
function seriesIntegral(out: Float64Array | null, logs: Float64Array | undefined, ends: boolean): void {
  const A = SERIES_IO[0];
  const B = SERIES_IO[1];
  const D = SERIES_IO[2];
  const v1 = SERIES_IO[3];
  const gap = SERIES_IO[4];
  const L = SERIES_IO[5];
  const v2 = v1 + gap;
  // ln v₁, ln v₂, ln D, ln(D+v₁), ln(D+v₂): from the caller's tables when given
  const lv1 = logs ? logs[0] : log(v1);
  const lv2 = logs ? logs[1] : log(v2);
  const lD = logs ? logs[2] : log(D);
  // measured from the end that dominates the first term: v₁ (y upwards) when A > 1, else v₂ (downwards)
  const fromV1 = A > 1;
  const sigma = fromV1 ? 1 : -1;
  const lb = fromV1 ? lv1 : lv2;
  const ratio = (fromV1 ? v1 : v2) / D;
  // e^(σ·eₖ·L) by the recurrence eₖ₊₁ = eₖ + 1: one factor (v₂/v₁)^σ per term instead of an exp
  const q = fromV1 ? v2 / v1 : v1 / v2;
  let E = 0;
  let s0 = 0; // Σ cₖ·Gₖ: I = D^−B·base^(1−A)·s0
  let sB = 0; // Σ cₖ·hₖ·Gₖ, hₖ = Σⱼ<ₖ 1/(B+j)
  let sK = 0; // Σ k·cₖ·Gₖ
  let sA = 0; // Σ cₖ·G′ₖ
  let c = 1; // (B)ₖ/k!·(−base/D)ᵏ
  if (B !== termsB) {
    termsB = B;
    termsFilled = 0;
  }
  for (let k = 0; ; k++) {
    if (k >= 200 || !(Math.abs(c) > 1e-290)) {
    SERIES_IO[6] = Number.NaN;
    return;
  }
    // hₖ and −(B+k)/(k+1) from the table of this B (the same sums and quotients, made once per B)
    if (k >= termsFilled) fillTerms(B, k);
    // Gₖ = ∫₀ᴸ e^(σ·e·y) dy and G′ₖ = ∫₀ᴸ y·e^(σ·e·y) dy, e = k+1−A: base^e·Gₖ = ∫ v^(e−1) dv over [v₁, v₂]
    const eps = sigma * (k + 1 - A);
    const x = eps * L;
    E = E > 1e-300 && E < 1e300 ? E * q : exp(x);
    let g: number;
    let gp: number;
    const ax = Math.abs(x);
    if (ax < 0.05) {
      // power series in x (at most about 8 terms here)
      let tg = L;
      let tp = (L * L) / 2;
      g = tg;
      gp = tp;
      for (let n = 1; n < 20; n++) {
        tg *= x / (n + 1);
        tp *= (x * (n + 1)) / (n * (n + 2));
        g += tg;
        gp += tp;
        if (Math.abs(tg) <= 1e-17 * g && Math.abs(tp) <= 1e-17 * gp) break;
      }
    } else {
      if (x > 700) {
    SERIES_IO[6] = Number.NaN;
    return;
  }
      // e^x − 1 from the recurrence only where it does not cancel (|x| ≥ 0.5); g′ loses at most 40× here
      g = (ax < 0.5 ? expm1(x) : E - 1) / eps;
      gp = (L * E - g) / eps;
    }
    const t = c * g;
    s0 += t;
    sB += t * termsH[k];
    sK += k * t;
    sA += c * gp;
    if (k > 0 && Math.abs(c) * (g + gp) <= 1e-17 * (Math.abs(s0) + Math.abs(sA))) break;
    c *= termsC[k] * ratio;
  }
  if (!(s0 > 0)) {
    SERIES_IO[6] = Number.NaN;
    return;
  }
  const lnI = -B * lD + (1 - A) * lb + log(s0);
  if (!Number.isFinite(lnI)) {
    SERIES_IO[6] = Number.NaN;
    return;
  }
  if (out) {
    out[0] = -lb - (sigma * sA) / s0;
    out[1] = -lD + sB / s0;
    out[2] = -B / D - sK / (D * s0);
    // the integrand at the ends over I: ∂ln I/∂v₁ = −f(v₁)/I, ∂ln I/∂v₂ = f(v₂)/I
    const e1 = -A * lv1 - B * (logs ? logs[3] : log(D + v1)) - lnI;
    const e2 = -A * lv2 - B * (logs ? logs[4] : log(D + v2)) - lnI;
    // without `ends` only whether they are finite matters (the same NaN as with them): e^e is finite for e ≤ 709
    const both = ends || !(e1 <= 709 && e2 <= 709);
    out[3] = both ? -exp(e1) : 0;
    out[4] = both ? exp(e2) : 0;
    for (let k = 0; k < 5; k++) if (!Number.isFinite(out[k])) {
    SERIES_IO[6] = Number.NaN;
    return;
  }
  }
  SERIES_IO[6] = lnI;
}

// {@link logBinomialSeriesIntegral}'s per-term numbers that depend on B and k only, for the last B seen
// (a pass's B is s + 1 for every triple while β > α): termsH[k] = Σⱼ<ₖ 1/(B+j), termsC[k] = −(B+k)/(k+1)
let termsB = Number.NaN;
let termsFilled = 0;
const termsH = new Float64Array(200);
const termsC = new Float64Array(200);
function fillTerms(B: number, k: number): void {
  if (k === 0) termsH[0] = 0;
  else termsH[k] = termsH[k - 1] + 1 / (B + (k - 1));
  termsC[k] = -(B + k) / (k + 1);
  termsFilled = k + 1;
}

/**
 * The death term ln[αʳβˢ·I] by {@link logBinomialSeriesIntegral} when one of α, β exceeds the other
 * plus T by a factor 1/`reach` or more (NaN otherwise, or when the series does not apply), with its
 * gradient in (r, α, s, β) written into `g` when given. Far apart (reach 0.1: about 17 terms) it is
 * the first choice; up to reach 0.5 (about 55 terms) it stands in for the closed form's slow series.
 * `tables`, when given, holds ln(α+t_x), ln(α+T), ln(β+t_x), ln(β+T), ln|α−β|, ln α, ln β (the pass's
 * tables; the same values as computed here).
 */
function logDeathSeries({ r, alpha, s, beta }: ParetoNbdParams, x: number, tx: number, T: number, g: Float64Array | null, reach = 0.5, tables?: Float64Array, ends = true): number {
  const betaLarger = beta > alpha;
  const small = betaLarger ? alpha : beta;
  const big = betaLarger ? beta : alpha;
  const D = Math.abs(alpha - beta);
  const A = betaLarger ? r + x : s + 1;
  const B = betaLarger ? s + 1 : r + x;
  if (!(small + T <= reach * D && A < 1e4 && B < 1e4)) return Number.NaN;
  const logs = seriesLogs;
  if (tables) {
    logs[0] = betaLarger ? tables[0] : tables[2];
    logs[1] = betaLarger ? tables[1] : tables[3];
    logs[2] = tables[4];
    logs[3] = betaLarger ? tables[2] : tables[0];
    logs[4] = betaLarger ? tables[3] : tables[1];
  } else {
    logs[0] = log(small + tx);
    logs[1] = log(small + T);
    logs[2] = log(D);
    logs[3] = log(big + tx);
    logs[4] = log(big + T);
  }
  const la = tables ? tables[5] : log(alpha);
  const lb = tables ? tables[6] : log(beta);
  const io = SERIES_IO;
  io[0] = A;
  io[1] = B;
  io[2] = D;
  io[3] = small + tx;
  io[4] = T - tx;
  io[5] = log1p(io[4] / io[3]);
  return seriesDeathTerm(r, s, betaLarger, la, lb, r / alpha, s / beta, logs, g, ends);
}

/**
 * {@link logDeathSeries} from its pieces (the pass calls it directly with its own tables):
 * ln[αʳβˢ·I] = r·ln α + s·ln β + ln I, I by {@link logBinomialSeriesIntegral} (its A, B, D,
 * v₁ = min(α, β) + t_x, gap = T − t_x and L set by the caller in `SERIES_IO`) with `logs` its
 * logarithms, and the gradient in (r, α, s, β) into `g` when given.
 */
function seriesDeathTerm(r: number, s: number, betaLarger: boolean, la: number, lb: number, rAlpha: number, sBeta: number, logs: Float64Array, g: Float64Array | null, ends: boolean): number {
  // D + v = big + τ exactly in real numbers; the tables' ln(big + τ) stand for ln(D + v)
  seriesIntegral(g ? seriesScratch : null, logs, ends);
  const lnI = SERIES_IO[6];
  if (!Number.isFinite(lnI)) return Number.NaN;
  if (g) {
    const o = seriesScratch;
    const atEnds = o[3] + o[4];
    g[0] = la + (betaLarger ? o[0] : o[1]);
    g[1] = rAlpha + (betaLarger ? atEnds - o[2] : o[2]);
    g[2] = lb + (betaLarger ? o[1] : o[0]);
    g[3] = sBeta + (betaLarger ? o[2] : atEnds - o[2]);
  }
  return r * la + s * lb + lnI;
}
const seriesScratch = new Float64Array(5);
const seriesLogs = new Float64Array(5);

/**
 * {@link logDeathTerm} with its gradient in (r, α, s, β) written into `g` (same branches, same value):
 * the closed form's difference ln(F(t_x) − F(T)) − ln ρ differentiated through the series, or, on the
 * quadrature branch, the gradient as moments of the integrand at the quadrature's own nodes
 * (∂/∂r = −E[ln(1+τ/α)], ∂/∂α = E[rτ/(α(α+τ)) − x/(α+τ)], ∂/∂s = −E[ln(1+τ/β)],
 * ∂/∂β = E[sτ/(β(β+τ)) − 1/(β+τ)], E over τ weighted by the integrand). `lnFAt(τ, g)` gives the
 * closed form's ln F and gradient at t_x or T (memoised by the caller per distinct (x, τ)).
 */
function logDeathTermGrad(p: ParetoNbdParams, x: number, tx: number, T: number, g: Float64Array, lnFAt: (atT: boolean, g: Float64Array) => number, gu: Float64Array, gv: Float64Array, tables?: Float64Array): number {
  const { r, alpha, s, beta } = p;
  g.fill(0);
  if (!(T > tx)) return Number.NEGATIVE_INFINITY;
  const near = logDeathSeries(p, x, tx, T, g, 0.1, tables);
  if (Number.isFinite(near)) return near;
  g.fill(0);
  const rho = r + s + x;
  const m = alpha >= beta ? alpha : beta;
  const d = Math.abs(alpha - beta);
  if (d / (m + tx) <= 0.95) {
    const u = lnFAt(false, gu);
    const v = lnFAt(true, gv);
    if (Number.isFinite(u) && Number.isFinite(v) && v - u < -1e-4) {
      const q = exp(v - u);
      for (let k = 0; k < 4; k++) g[k] = (gu[k] - q * gv[k]) / (1 - q);
      g[0] -= 1 / rho;
      g[2] -= 1 / rho;
      return u + log1p(-q) - log(rho);
    }
  }
  const series = logDeathSeries(p, x, tx, T, g, 0.5, tables);
  if (Number.isFinite(series)) return series;
  g.fill(0);
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
  let total = 0;
  const atNode = (w: number, weight: number) => {
    const tau = tauOf(w);
    total += weight;
    g[0] -= weight * log1p(tau / alpha);
    g[1] += weight * ((r * tau) / (alpha * (alpha + tau)) - x / (alpha + tau));
    g[2] -= weight * log1p(tau / beta);
    g[3] += weight * ((s * tau) / (beta * (beta + tau)) - 1 / (beta + tau));
  };
  const value = logIntegralLogConcave(h, dh, 0, log1p((T - tx) / base), 400, atNode);
  if (total > 0) for (let k = 0; k < 4; k++) g[k] /= total;
  return value;
}

// The per-triple sums of paretoNbdPass, carried from one block of triples to the next:
// [Σ w·ℓ, its compensation, ∂r, ∂α, ∂s, ∂β]
const PN_SUMS = new Float64Array(6);
// triples per block
const PN_BLOCK = 4096;

/**
 * The near series' L = ln(1 + gap/v₁) of triples `from` to `to` − 1 into `ratios` at i − `from` (gap = T − t_x,
 * v₁ = `small` + t_x: the operations of {@link logBinomialSeriesIntegral}). Of its own so that V8
 * inlines `log1p` and its logarithm (in the series' function they were calls boxing each result).
 */
function seriesRatios(from: number, to: number, stx: Float64Array, sT: Float64Array, small: number, ratios: Float64Array): void {
  for (let i = from; i < to; i++) {
    const tx = stx[i];
    ratios[i - from] = log1p((sT[i] - tx) / (small + tx));
  }
}

/**
 * The per-triple part of {@link paretoNbdPass} for triples `from` to `to` − 1, adding to `PN_SUMS`
 * (the same operations, and additions in the same order, as one loop over all triples): the death
 * term by the pass's branches (the near series from the pass's tables and `ratios`; the closed form from
 * the memo, `fillMemo` filling an entry; else `other`: the series near or far, the quadrature, gradient
 * in `gD`), the alive part from the tables, the log-sum-exp and the sums. A function of its own,
 * called once per block with the pass's numbers passed in: V8 compiles it with `exp` inlined (in the
 * pass's closure it was a call, boxing its argument and result).
 */
function paretoNbdBlock(from: number, to: number, x: Float64Array, xIndex: Int32Array, stx: Float64Array, sT: Float64Array, txAt: Int32Array, TAt: Int32Array, w: Float64Array, lA: Float64Array, lB: Float64Array, l1A: Float64Array, l1B: Float64Array, qA: Float64Array, qB: Float64Array, lnGammas: Float64Array, pairAt: Int32Array, u: number, memo: Float64Array, memoGrad: Float64Array, done: Uint8Array, fillMemo: (k: number) => void, other: (i: number, xv: number, tx: number, Ti: number, it: number, iT: number) => number, invRho: Float64Array, logRho: Float64Array, gD: Float64Array, r: number, s: number, alpha: number, betaLarger: boolean, small: number, D: number, m: number, sA: number, sB: number, lnD: number, lnAlpha: number, lnBeta: number, rAlpha: number, sBeta: number, ls: number, invS: number, gradient: boolean, ratios: Float64Array): void {
  const logs = seriesLogs;
  let sum = PN_SUMS[0];
  let comp = PN_SUMS[1];
  let g0 = PN_SUMS[2];
  let g1 = PN_SUMS[3];
  let g2 = PN_SUMS[4];
  let g3 = PN_SUMS[5];
  for (let i = from; i < to; i++) {
    const xv = x[i];
    const kx = xIndex[i];
    const tx = stx[i];
    const Ti = sT[i];
    const it = txAt[i];
    const iT = TAt[i];
    let death = Number.NaN;
    let d0 = 0;
    let d1 = 0;
    let d2 = 0;
    let d3 = 0;
    const near = small + Ti <= 0.1 * D && (betaLarger ? sA + xv : sA) < 1e4 && (betaLarger ? sB : sB + xv) < 1e4;
    if (!(Ti > tx)) death = Number.NEGATIVE_INFINITY;
    else if (near) {
      // the near series (logDeathTermGrad's first branch, its pieces from the tables; NaN falls through to the others)
      logs[0] = betaLarger ? lA[it] : lB[it];
      logs[1] = betaLarger ? lA[iT] : lB[iT];
      logs[2] = lnD;
      logs[3] = betaLarger ? lB[it] : lA[it];
      logs[4] = betaLarger ? lB[iT] : lA[iT];
      const io = SERIES_IO;
      io[0] = betaLarger ? sA + xv : sA;
      io[1] = betaLarger ? sB : sB + xv;
      io[2] = D;
      io[3] = small + tx;
      io[4] = Ti - tx;
      io[5] = ratios[i - from];
      death = seriesDeathTerm(r, s, betaLarger, lnAlpha, lnBeta, rAlpha, sBeta, logs, gD, gradient);
      d0 = gD[0];
      d1 = gD[1];
      d2 = gD[2];
      d3 = gD[3];
    } else if (D / (m + tx) <= 0.95) {
      // the closed form (logDeathTermGrad's second branch, inline): ln(F(t_x) − F(T)) − ln ρ
      const ku = pairAt[i];
      const kv = pairAt[u + i];
      if (!done[ku]) fillMemo(ku);
      if (!done[kv]) fillMemo(kv);
      const lu = memo[ku];
      const lv = memo[kv];
      if (Number.isFinite(lu) && Number.isFinite(lv) && lv - lu < -1e-4) {
        const q = exp(lv - lu);
        if (gradient) {
          const c = 1 - q;
          d0 = (memoGrad[4 * ku] - q * memoGrad[4 * kv]) / c - invRho[kx];
          d1 = (memoGrad[4 * ku + 1] - q * memoGrad[4 * kv + 1]) / c;
          d2 = (memoGrad[4 * ku + 2] - q * memoGrad[4 * kv + 2]) / c - invRho[kx];
          d3 = (memoGrad[4 * ku + 3] - q * memoGrad[4 * kv + 3]) / c;
        }
        death = lu + log1p(-q) - logRho[kx];
      }
    }
    if (death !== death) {
      death = other(i, xv, tx, Ti, it, iT);
      d0 = gD[0];
      d1 = gD[1];
      d2 = gD[2];
      d3 = gD[3];
    }
    // logRatioShift(r, α, T) and logRatioShift(s, β, T), from the tables
    const aliveR = Ti === 0 ? 0 : -r * l1A[iT];
    const aliveS = Ti === 0 ? 0 : -s * l1B[iT];
    const alive = aliveR + aliveS - xv * lA[iT];
    const died = ls + death;
    // logAddExp(alive, died)
    let mix: number;
    let pi = 0;
    if (died === Number.NEGATIVE_INFINITY) mix = alive;
    else {
      const up = alive > died;
      const mx = up ? alive : died;
      if (up && !gradient && died - mx < -37) mix = mx + 0; // e^(died − alive) < 2^−53: ln(1 + it) is ln 1 = 0
      else {
        const ea = up ? 1 : exp(alive - mx); // e⁰ = 1 exactly
        const ed = up ? exp(died - mx) : 1;
        const both = ea + ed;
        mix = mx + (both === 1 ? 0 : log(both)); // ln 1 = 0 exactly
        pi = ed / both;
      }
    }
    const term = lnGammas[kx] + mix;
    if (gradient) {
      const wi = w[i];
      const pa = 1 - pi;
      g0 += wi * (pa * -l1A[iT] + pi * d0);
      g1 += wi * (pa * (qA[iT] - xv / (alpha + Ti)) + pi * d1);
      g2 += wi * (pa * -l1B[iT] + pi * (d2 + invS));
      g3 += wi * (pa * qB[iT] + pi * d3);
    }
    const v = w[i] * term;
    const t = sum + v;
    comp += sumError(sum, v, t);
    sum = t;
  }
  PN_SUMS[0] = sum;
  PN_SUMS[1] = comp;
  PN_SUMS[2] = g0;
  PN_SUMS[3] = g1;
  PN_SUMS[4] = g2;
  PN_SUMS[5] = g3;
}

/**
 * Pareto/NBD's one-pass total log-likelihood Σ w·ℓ over distinct triples (times multiplied by
 * `scale`) and, when `grad` is given, its gradient in (r, α, s, β) (Hardie note 009 eqs. 18–20, the
 * expressions of {@link paretoNbdLogLikelihoodTerm}: the same value to the last bit). With
 * ℓ = ln Γ(r+x)/Γ(r) + ln(e^A + e^D), A = r·ln(α/(α+T)) + s·ln(β/(β+T)) − x·ln(α+T) (alive at T) and
 * D = ln s + ln[αʳβˢ·I] (died in (t_x, T], see logDeathTerm), ∇ℓ = ψΔ(r, x)·e_r + (1−π)·∇A + π·∇D,
 * π = e^D/(e^A + e^D). ∇D is analytic on both branches of the death term (the closed form's series
 * differentiated term by term; the quadrature's moments); no finite differences. The closed form's
 * ln F(τ) is computed once per distinct (x, τ) and pass, not once per triple. The triples are taken
 * `block` at a time (4,096; other sizes for the tests) by a function of their own, the sums carried
 * from block to block: the same value and gradient, to the bit, whatever the block.
 */
export function paretoNbdPass(x: Float64Array, tx: Float64Array, T: Float64Array, w: Float64Array, scale = 1, block = PN_BLOCK): (theta: readonly number[], grad: number[] | null) => number {
  const u = x.length;
  // the near series' L of a block's triples (see seriesRatios)
  const ratios = new Float64Array(Math.min(u, block));
  // distinct x and times (t_x and T together, scaled), shared with the fit's other pass: ln(α+τ),
  // ln(β+τ), ln(1+τ/α), ln(1+τ/β) once per time and pass, Γ and ρ = r+s+x parts once per x
  const d = passData(x, tx, T, w, scale);
  const { tx: stx, T: sT, xs, wx, times: timeValues, txAt, TAt } = d;
  const xIndex = xs.index;
  const nx = xs.values.length;
  const nt = timeValues.length;
  const lA = new Float64Array(nt);
  const lB = new Float64Array(nt);
  const l1A = new Float64Array(nt);
  const l1B = new Float64Array(nt);
  const qA = new Float64Array(nt);
  const qB = new Float64Array(nt);
  const lnGammas = new Float64Array(nx);
  const invRho = new Float64Array(nx);
  const logRho = new Float64Array(nx);
  const tables = new Float64Array(7);
  // the memo of the closed form's ln F and gradient per distinct (x, τ), τ = t_x or T of a triple
  const ends = endPoints(d);
  const pairAt = ends.at;
  const np = ends.x.length;
  const memo = new Float64Array(np);
  const memoGrad = new Float64Array(4 * np);
  const done = new Uint8Array(np);
  const scratch = new Float64Array(4);
  const hbuf = new Float64Array(4);
  const gD = new Float64Array(4);
  const gu = new Float64Array(4);
  const gv = new Float64Array(4);
  let p: ParetoNbdParams = { r: 1, alpha: 1, s: 1, beta: 1 };
  const fillMemo = (k: number): void => {
    memo[k] = logClosedFormGrad(p, ends.x[k], timeValues[ends.time[k]], scratch, hbuf);
    for (let j = 0; j < 4; j++) memoGrad[4 * k + j] = scratch[j];
    done[k] = 1;
  };
  let i = 0;
  const lnF = (atT: boolean, out: Float64Array): number => {
    const k = pairAt[atT ? u + i : i];
    if (!done[k]) fillMemo(k);
    for (let j = 0; j < 4; j++) out[j] = memoGrad[4 * k + j];
    return memo[k];
  };
  // the death term's other branches for triple j (the series near or far, the quadrature), gradient in gD
  const otherBranches = (j: number, xv: number, tx: number, Ti: number, it: number, iT: number): number => {
    i = j;
    tables[0] = lA[it];
    tables[1] = lA[iT];
    tables[2] = lB[it];
    tables[3] = lB[iT];
    return logDeathTermGrad(p, xv, tx, Ti, gD, lnF, gu, gv, tables);
  };
  return (theta, grad) => {
    p = { r: theta[0], alpha: theta[1], s: theta[2], beta: theta[3] };
    const { r, alpha, s, beta } = p;
    done.fill(0);
    let g0 = 0;
    for (let k = 0; k < nx; k++) {
      const xv = xs.values[k];
      lnGammas[k] = lnGammaRatio(r, xv);
      if (grad) g0 += wx[k] * digammaShift(r, xv);
      const rho = r + s + xv;
      invRho[k] = 1 / rho;
      logRho[k] = log(rho);
    }
    const ls = log(s);
    for (let k = 0; k < nt; k++) {
      const tau = timeValues[k];
      lA[k] = log(alpha + tau);
      lB[k] = log(beta + tau);
      l1A[k] = log1p(tau / alpha);
      l1B[k] = log1p(tau / beta);
      if (grad) {
        // the alive part's ∂/∂α and ∂/∂β quotients that depend on the time only
        qA[k] = (r * tau) / (alpha * (alpha + tau));
        qB[k] = (s * tau) / (beta * (beta + tau));
      }
    }
    const invS = 1 / s;
    const rAlpha = r / alpha;
    const sBeta = s / beta;
    tables[4] = log(Math.abs(alpha - beta));
    tables[5] = log(alpha);
    tables[6] = log(beta);
    // the death term's branches (see logDeathTermGrad): the near series needs small + T ≤ D/10 and
    // A, B < 1e4; the closed form d/(m + t_x) ≤ 0.95, finite ends and a difference of four digits
    const betaLarger = beta > alpha;
    const small = betaLarger ? alpha : beta;
    const D = Math.abs(alpha - beta);
    const m = alpha >= beta ? alpha : beta;
    const sA = betaLarger ? r : s + 1;
    const sB = betaLarger ? s + 1 : r;
    PN_SUMS[0] = 0;
    PN_SUMS[1] = 0;
    PN_SUMS[2] = g0;
    PN_SUMS[3] = 0;
    PN_SUMS[4] = 0;
    PN_SUMS[5] = 0;
    const gradient = grad !== null;
    // the near series needs small + T ≤ D/10 (T ≥ 0): else no triple of the pass takes it
    const nearAny = small <= 0.1 * D;
    for (let from = 0; from < u; from += block) {
      const to = Math.min(u, from + block);
      if (nearAny) seriesRatios(from, to, stx, sT, small, ratios);
      paretoNbdBlock(from, to, x, xIndex, stx, sT, txAt, TAt, w, lA, lB, l1A, l1B, qA, qB, lnGammas, pairAt, u, memo, memoGrad, done, fillMemo, otherBranches, invRho, logRho, gD, r, s, alpha, betaLarger, small, D, m, sA, sB, tables[4], tables[5], tables[6], rAlpha, sBeta, ls, invS, gradient, ratios);
    }
    const sum = PN_SUMS[0];
    if (grad) {
      grad[0] = PN_SUMS[2];
      grad[1] = PN_SUMS[3];
      grad[2] = PN_SUMS[4];
      grad[3] = PN_SUMS[5];
    }
    return sum - sum === 0 ? sum + PN_SUMS[1] : sum;
  };
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
export function fitParetoNbd(records: CustomerInput<BtydCustomer>, options: FitParetoNbdOptions = {}): ParetoNbdFit {
  const fn = "fitParetoNbd";
  const penalizer = parseOptions(fn, fitParetoNbdOptionsSchema, options).penalizer ?? 0;
  const raw = readBtydCustomers(fn, records);
  const n = raw.customers;
  const { x, tx, T, w } = groupTriples(raw.x, raw.tx, raw.T, raw.w, false); // no customer's group: the fit never asks
  const of = (th: number[]) => ({ r: th[0], alpha: th[1], s: th[2], beta: th[3] });
  const sc = 1 / longestT(fn, T);
  // lifetimes' objective: −Σℓ + λ·Σθ² with times scaled by 1/max(T) (so the penalty sees the scaled α
  // and β); divided by n here, which moves no optimum but keeps gradients at a per-customer scale
  // remembered: the start's check and the probes run twice (restart decision, report) cost one pass each
  const scaled = rememberPasses(paretoNbdPass(x, tx, T, w, sc));
  const gTheta = [0, 0, 0, 0];
  const objective: ValueAndGradient = (phi, grad) => {
    work.units += 20 * x.length;
    const th = phi.map(exp);
    const ll = scaled(th, grad ? gTheta : null);
    if (grad) for (let i = 0; i < 4; i++) grad[i] = ((-gTheta[i] + 2 * penalizer * th[i]) / n) * th[i];
    return (-ll + penalty(penalizer, th)) / n;
  };
  const names = ["r", "alpha", "s", "beta"];
  const { res, objective: boxed } = minimizeFit(fn, objective, [0, 0, 0, 0], x.length, names);
  const fitted = res.x.map(exp);
  const params = of([fitted[0], fitted[1] / sc, fitted[2], fitted[3] / sc]);
  // the log-likelihood alone (no gradient: a remembered pass takes one at its first point), and the
  // standard errors' gradients through a remembered pass
  const naturalPass = paretoNbdPass(x, tx, T, w);
  const logLikelihood = naturalPass([params.r, params.alpha, params.s, params.beta], null);
  if (!Number.isFinite(logLikelihood)) throw new AnalyticsInputError(fn, [inputIssue("degenerate_data", ["records"], "the fit did not reach a finite likelihood")]);
  const diagnostics = fitDiagnostics(res, names, { objective: boxed, logLikelihood, upperBound: purchaseLikelihoodBound(x, tx, w) });
  const natural = rememberPasses(naturalPass);
  const se = diagnostics.converged
    ? standardErrorsFromGradient((phi, g) => {
        const th = phi.map(exp);
        natural(th, g);
        for (let i = 0; i < 4; i++) g[i] = -g[i] * th[i];
      }, [params.r, params.alpha, params.s, params.beta])
    : null;
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
 *   (`{ model: "pareto-nbd", params, t }`); with `output: "columns"`, `columns` (`customerId`,
 *   `pAlive`, `expectedPurchases` as `Float64Array`s, the same values) instead of `customers`.
 * @throws {RangeError} A parameter not finite and positive, s = 1, or a bad `t`.
 * @throws {AnalyticsInputError} A record breaks the {@link BtydCustomer} rules.
 *
 * @example
 * const p = { r: 0.5532785252272063, alpha: 10.57751335093755, s: 0.606240155080356, beta: 11.668640633007454 };
 * const { customers: [c] } = predictParetoNbd(p, [{ frequency: 2, recency: 30.43, T: 38.86 }], { t: 52 });
 * [c.customerId, Math.round(c.pAlive * 1e6) / 1e6, Math.round(c.expectedPurchases * 1e6) / 1e6]; //=> ["0", 0.869115, 1.850769]
 */
export function predictParetoNbd(params: ParetoNbdParams, records: CustomerInput<BtydCustomer>, options: PredictParetoNbdOptions & { output: "columns" }): PredictParetoNbdColumnsResult;
export function predictParetoNbd(params: ParetoNbdParams, records: CustomerInput<BtydCustomer>, options: PredictParetoNbdOptions): PredictParetoNbdResult;
export function predictParetoNbd(params: ParetoNbdParams, records: CustomerInput<BtydCustomer>, options: PredictParetoNbdOptions): PredictParetoNbdResult | PredictParetoNbdColumnsResult {
  const fn = "predictParetoNbd";
  const { t, output } = parseOptions(fn, predictParetoNbdOptionsSchema, options);
  checkParams(fn, "params", params, ["r", "alpha", "s", "beta"], "s");
  const p: ParetoNbdParams = { r: params.r, alpha: params.alpha, s: params.s, beta: params.beta };
  const { ids, columns } = predictPerCustomer(fn, records, t, paretoNbdPredictionKernel(p));
  const meta = { model: "pareto-nbd", params: p, t } as const;
  return output === "columns" ? { columns: { customerId: ids, ...columns }, meta } : { customers: purchasePredictionRecords(ids, columns), meta };
}

/** Pareto/NBD P(alive) for one customer (note 009 eq. 36, in log space). */
export function paretoNbdPAlive(params: ParetoNbdParams, x: number, tx: number, T: number): number {
  const { alive, died } = paretoParts(params, x, tx, T);
  return 1 / (1 + exp(died - alive));
}

/** Pareto/NBD expected purchases in (T, T + t] for one customer (note 009 eq. 41, in log space). */
export function paretoNbdConditionalExpected(params: ParetoNbdParams, t: number, x: number, tx: number, T: number): number {
  const { alive, died } = paretoParts(params, x, tx, T);
  return exp(paretoLogBase(params, alive, died, x, T) + paretoLogTail(params, t, T));
}

/** ln of the expectation's part that depends on the customer (t_x included): ln P(alive) + ln((r+x)(β+T)/(α+T)). */
function paretoLogBase({ r, alpha, beta }: ParetoNbdParams, alive: number, died: number, x: number, T: number): number {
  return alive - logAddExp(alive, died) + log(r + x) + log(beta + T) - log(alpha + T);
}

/** ln[(1 − ((β+T)/(β+T+t))^(s−1)) / (s − 1)] (the bracket ≥ 0 for every s ≠ 1): the part of the expectation that depends on T and t only. */
function paretoLogTail({ s, beta }: ParetoNbdParams, t: number, T: number): number {
  return log(-expm1(logRatioShift(s - 1, beta + T, t)) / (s - 1));
}

/**
 * Pareto/NBD's predictions split for sharing (see {@link PredictionKernel}): the likelihood's two parts
 * (the costly death integral) once per customer for P(alive) and the expectation, whose tail in (T, t)
 * is shared; expectation exp(base + tail), as {@link paretoNbdConditionalExpected}.
 */
export function paretoNbdPredictionKernel(p: ParetoNbdParams): PredictionKernel {
  return {
    unit: (x, tx, T, out) => {
      const { alive, died } = paretoParts(p, x, tx, T);
      out[0] = 1 / (1 + exp(died - alive));
      out[1] = paretoLogBase(p, alive, died, x, T);
    },
    pair: (t, _x, T) => paretoLogTail(p, t, T),
    combine: (tail, base) => exp(base + tail),
  };
}
