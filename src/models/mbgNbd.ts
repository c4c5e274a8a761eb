import type { CustomerInput } from "../input/types.js";
import { lnGammaRatio, logAddExp, logHyp2f1, logRatioShift } from "../internal/special.js";
import { parseOptions } from "../options.js";
import { fitBetaGeometric, type BetaGeometricPass, type BgNbdFit } from "./bgNbd.js";
import { sumError } from "../internal/neumaier.js";
import { digammaShift, passData, timeTables } from "./likelihoodParts.js";
import { checkParams, penalizedFitOptionsSchema, purchasePredictionOutputOptionsSchema, predictPerCustomer, purchasePredictionRecords, type BtydCustomer, type PredictionKernel } from "./btydInput.js";
import type { BgNbdParams, ModifiedBgNbdModel, PenalizedFitOptions, PurchasePredictionColumnsResult, PurchasePredictionOutputOptions, PurchasePredictionResult } from "./types.js";
import { exp, expm1, log, log1p } from "../internal/elementary.js";

/** Result of {@link fitModifiedBgNbd}: the fitted model (the same shape as BG/NBD's). */
export type ModifiedBgNbdFit = BgNbdFit;

/** Options of {@link fitModifiedBgNbd}: `penalizer`. */
export type FitModifiedBgNbdOptions = PenalizedFitOptions;
/** Schema of {@link FitModifiedBgNbdOptions}. */
export const fitModifiedBgNbdOptionsSchema = penalizedFitOptionsSchema;
/** Options of {@link predictModifiedBgNbd}: the horizon `t`, and `output` (`"records"` or `"columns"`). */
export type PredictModifiedBgNbdOptions = PurchasePredictionOutputOptions;
/** Schema of {@link PredictModifiedBgNbdOptions}. */
export const predictModifiedBgNbdOptionsSchema = purchasePredictionOutputOptionsSchema;

/** Result of {@link predictModifiedBgNbd}: `customers` and `meta` `{ model: "modified-bg-nbd", params, t }`. */
export type PredictModifiedBgNbdResult = PurchasePredictionResult<ModifiedBgNbdModel>;
/** Result of {@link predictModifiedBgNbd} with `output: "columns"`: `columns` (`customerId`, `pAlive`, `expectedPurchases`) and the same `meta`. */
export type PredictModifiedBgNbdColumnsResult = PurchasePredictionColumnsResult<ModifiedBgNbdModel>;

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


// The per-triple sums of mbgNbdPass, carried from one block of triples to the next:
// [Σ w·ℓ, its compensation, ∂r, ∂α, ∂a, ∂b]
const MBG_SUMS = new Float64Array(6);
// triples per block
const MBG_BLOCK = 4096;
// per triple of a block: G = ln((α+T)/(α+t_x)), m + ln(e^(−m) + e^(D−m)) and σ = e^(D−m)/(e^(−m) + e^(D−m))
const MBG_G = new Float64Array(MBG_BLOCK);
const MBG_LSE = new Float64Array(MBG_BLOCK);
const MBG_SIGMA = new Float64Array(MBG_BLOCK);

/**
 * G = log1p((T − t_x)/(α + t_x)) of mbgNbdPass's triples `from` to `to` − 1, into `MBG_G` at
 * i − from. Each elementary function of the pass has a function of its own, called once per block,
 * so that V8 inlines it (its budget for inlining does not hold `log1p`, `exp` and `log` together: a
 * call left in place boxes its argument and its result, a heap number per triple).
 */
function mbgNbdG(from: number, to: number, sT: Float64Array, stx: Float64Array, alpha: number): void {
  for (let i = from; i < to; i++) MBG_G[i - from] = log1p((sT[i] - stx[i]) / (alpha + stx[i]));
}

/**
 * logAddExp(0, D) of mbgNbdPass's triples `from` to `to` − 1 (G in `MBG_G`), into `MBG_LSE`, and σ
 * into `MBG_SIGMA` when `grad`; the exponential that is not e⁰ = 1 (exactly) at one call site.
 */
function mbgNbdLogSumExp(from: number, to: number, X: Float64Array, XI: Int32Array, lbx: Float64Array, r: number, la: number, grad: boolean): void {
  for (let i = from; i < to; i++) {
    const D = la - lbx[XI[i]] + (r + X[i]) * MBG_G[i - from];
    const m = D > 0 ? D : 0;
    const e = exp(D > 0 ? -m : D - m);
    const e0 = D > 0 ? e : 1;
    const eD = D > 0 ? 1 : e;
    MBG_LSE[i - from] = m + log(e0 + eD);
    if (grad) MBG_SIGMA[i - from] = eD / (e0 + eD);
  }
}

/**
 * The per-triple sums of {@link mbgNbdPass} for triples `from` to `to` − 1 (G, the log-sum-exp and
 * σ in `MBG_G`, `MBG_LSE`, `MBG_SIGMA`), adding to `MBG_SUMS`: the same additions in the same order
 * as one loop over all triples, the expressions of the pass.
 */
function mbgNbdTripleSums(
  from: number,
  to: number,
  X: Float64Array,
  W: Float64Array,
  XI: Int32Array,
  TI: Int32Array,
  tI: Int32Array,
  head: Float64Array,
  l1: Float64Array,
  l2: Float64Array,
  q: Float64Array,
  inv: Float64Array,
  r: number,
  a: number,
  b: number,
  grad: boolean,
): void {
  let sum = MBG_SUMS[0];
  let comp = MBG_SUMS[1];
  let gr = MBG_SUMS[2];
  let gAlpha = MBG_SUMS[3];
  let ga = MBG_SUMS[4];
  let gb = MBG_SUMS[5];
  for (let i = from; i < to; i++) {
    const xv = X[i];
    const kx = XI[i];
    const iT = TI[i];
    const term = head[kx] + -r * l1[iT] - xv * l2[iT] + MBG_LSE[i - from];
    if (grad) {
      const it = tI[i];
      const wi = W[i];
      const sigma = MBG_SIGMA[i - from];
      gr += wi * (sigma * MBG_G[i - from] - l1[iT]);
      gAlpha += wi * (r * q[iT] - xv * inv[iT] + sigma * (r + xv) * (inv[iT] - inv[it]));
      ga += (wi * sigma) / a;
      gb -= (wi * sigma) / (b + xv);
    }
    const v = W[i] * term;
    const t = sum + v;
    comp += sumError(sum, v, t);
    sum = t;
  }
  MBG_SUMS[0] = sum;
  MBG_SUMS[1] = comp;
  MBG_SUMS[2] = gr;
  MBG_SUMS[3] = gAlpha;
  MBG_SUMS[4] = ga;
  MBG_SUMS[5] = gb;
}

/**
 * Modified BG/NBD's one-pass log-likelihood and gradient (the expressions of
 * {@link mbgNbdLogLikelihoodTerm}, so the same value to the last bit): ℓ = ln Γ(r+x)/Γ(r) +
 * ln B(a, b+x+1)/B(a, b) + r·ln(α/(α+T)) − x·ln(α+T) + ln(1 + e^D), D = ln a − ln(b+x) + (r+x)·G,
 * G = ln((α+T)/(α+t_x)). With σ = e^D/(1 + e^D) and ψΔ(c, k) = ψ(c+k) − ψ(c):
 *   ∂ℓ/∂r = ψΔ(r, x) − ln(1+T/α) + σ·G
 *   ∂ℓ/∂α = rT/(α(α+T)) − x/(α+T) + σ·(r+x)·(1/(α+T) − 1/(α+t_x))
 *   ∂ℓ/∂a = −ψΔ(a+b, x+1) + σ/a,   ∂ℓ/∂b = ψΔ(b, x+1) − ψΔ(a+b, x+1) − σ/(b+x).
 */
export function mbgNbdPass(x: Float64Array, tx: Float64Array, T: Float64Array, w: Float64Array, scale = 1): BetaGeometricPass {
  const d = passData(x, tx, T, w, scale);
  const nx = d.xs.values.length;
  const head = new Float64Array(nx);
  const lbx = new Float64Array(nx);
  return (theta, grad) => {
    const [r, alpha, a, b] = theta;
    const la = log(a);
    let gr = 0;
    let ga = 0;
    let gb = 0;
    for (let k = 0; k < nx; k++) {
      const xv = d.xs.values[k];
      head[k] = lnGammaRatio(r, xv) + lnGammaRatio(b, xv + 1) - lnGammaRatio(a + b, xv + 1);
      lbx[k] = log(b + xv);
      if (grad) {
        const wk = d.wx[k];
        const dab = digammaShift(a + b, xv + 1);
        gr += wk * digammaShift(r, xv);
        ga -= wk * dab;
        gb += wk * (digammaShift(b, xv + 1) - dab);
      }
    }
    const { l1, l2, q, inv } = timeTables(d.times, alpha);
    MBG_SUMS[0] = 0;
    MBG_SUMS[1] = 0;
    MBG_SUMS[2] = gr;
    MBG_SUMS[3] = 0;
    MBG_SUMS[4] = ga;
    MBG_SUMS[5] = gb;
    const u = d.x.length;
    for (let from = 0; from < u; from += MBG_BLOCK) {
      const to = Math.min(u, from + MBG_BLOCK);
      mbgNbdG(from, to, d.T, d.tx, alpha);
      mbgNbdLogSumExp(from, to, d.x, d.xs.index, lbx, r, la, grad !== null);
      mbgNbdTripleSums(from, to, d.x, d.w, d.xs.index, d.TAt, d.txAt, head, l1, l2, q, inv, r, a, b, grad !== null);
    }
    const sum = MBG_SUMS[0];
    if (grad) {
      grad[0] = MBG_SUMS[2];
      grad[1] = MBG_SUMS[3];
      grad[2] = MBG_SUMS[4];
      grad[3] = MBG_SUMS[5];
    }
    return sum - sum === 0 ? sum + MBG_SUMS[1] : sum;
  };
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
export function fitModifiedBgNbd(records: CustomerInput<BtydCustomer>, options: FitModifiedBgNbdOptions = {}): ModifiedBgNbdFit {
  const fn = "fitModifiedBgNbd";
  const penalizer = parseOptions(fn, fitModifiedBgNbdOptionsSchema, options).penalizer ?? 0;
  return fitBetaGeometric(fn, records, penalizer, mbgNbdPass);
}

/**
 * Modified BG/NBD predictions for each customer: P(alive) = 1 / (1 + a/(b+x)·((α+T)/(α+t_x))^(r+x))
 * (below 1 also for x = 0) and the purchases expected in the next `t` time units, ₂F₁ in log space.
 *
 * @param params - Fitted parameters (`fitModifiedBgNbd(...).params`), in the records' time unit.
 * @param records - {@link BtydCustomer} records.
 * @returns `customers` (`{ customerId, pAlive, expectedPurchases }`, input order) and `meta`
 *   (`{ model: "modified-bg-nbd", params, t }`); with `output: "columns"`, `columns` (`customerId`,
 *   `pAlive`, `expectedPurchases` as `Float64Array`s, the same values) instead of `customers`.
 * @throws {RangeError} A parameter not finite and positive, a = 1, or a bad `t`.
 * @throws {AnalyticsInputError} A record breaks the {@link BtydCustomer} rules.
 *
 * @example
 * const p = { r: 0.5248377255677019, alpha: 6.182988479134203, a: 0.8913562809310627, b: 1.614000025671838 };
 * const { customers: [c] } = predictModifiedBgNbd(p, [{ frequency: 2, recency: 30.43, T: 38.86 }], { t: 52 });
 * [c.customerId, Math.round(c.pAlive * 1e6) / 1e6, Math.round(c.expectedPurchases * 1e6) / 1e6]; //=> ["0", 0.706126, 1.596826]
 */
export function predictModifiedBgNbd(params: BgNbdParams, records: CustomerInput<BtydCustomer>, options: PredictModifiedBgNbdOptions & { output: "columns" }): PredictModifiedBgNbdColumnsResult;
export function predictModifiedBgNbd(params: BgNbdParams, records: CustomerInput<BtydCustomer>, options: PredictModifiedBgNbdOptions): PredictModifiedBgNbdResult;
export function predictModifiedBgNbd(params: BgNbdParams, records: CustomerInput<BtydCustomer>, options: PredictModifiedBgNbdOptions): PredictModifiedBgNbdResult | PredictModifiedBgNbdColumnsResult {
  const fn = "predictModifiedBgNbd";
  const { t, output } = parseOptions(fn, predictModifiedBgNbdOptionsSchema, options);
  checkParams(fn, "params", params, ["r", "alpha", "a", "b"], "a");
  const p: BgNbdParams = { r: params.r, alpha: params.alpha, a: params.a, b: params.b };
  const { ids, columns } = predictPerCustomer(fn, records, t, mbgNbdPredictionKernel(p));
  const meta = { model: "modified-bg-nbd", params: p, t } as const;
  return output === "columns" ? { columns: { customerId: ids, ...columns }, meta } : { customers: purchasePredictionRecords(ids, columns), meta };
}

/** Modified BG/NBD P(alive) for one customer. */
export function mbgNbdPAlive({ r, alpha, a, b }: BgNbdParams, x: number, tx: number, T: number): number {
  return 1 / (1 + exp(log(a / (b + x)) + (r + x) * log1p((T - tx) / (alpha + tx))));
}

/** The factor of the modified BG/NBD expectation in (T, T + t] that does not depend on t_x (the expectation without P(alive)). */
export function mbgNbdExpectedFactor(p: BgNbdParams, t: number, x: number, T: number): number {
  const { r, alpha, a, b } = p;
  const lnH = logHyp2f1(r + x, b + x + 1, a + b + x, t / (alpha + T + t));
  return ((a + b + x) / (a - 1)) * -expm1(lnH + logRatioShift(r + x, alpha + T, t));
}

/** Modified BG/NBD expected purchases in (T, T + t] for one customer, ₂F₁ in log space. */
export function mbgNbdConditionalExpected(p: BgNbdParams, t: number, x: number, tx: number, T: number): number {
  return mbgNbdExpectedFactor(p, t, x, T) * mbgNbdPAlive(p, x, tx, T);
}

/** The modified BG/NBD's predictions split for sharing (see {@link PredictionKernel}): state P(alive), expectation factor × P(alive). */
export function mbgNbdPredictionKernel(p: BgNbdParams): PredictionKernel {
  return {
    unit: (x, tx, T, out) => {
      out[0] = out[1] = mbgNbdPAlive(p, x, tx, T);
    },
    pair: (t, x, T) => mbgNbdExpectedFactor(p, t, x, T),
    combine: (factor, alive) => factor * alive,
  };
}
