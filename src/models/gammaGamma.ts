import type { CustomerInput } from "../input/types.js";
import { AnalyticsInputError, inputIssue, type InputIssue } from "../errors.js";
import { z } from "zod";
import { defineOptions, parseOptions, type OptionsSchema } from "../options.js";
import { fitDiagnostics, standardErrorsFromGradient, type FitDiagnostics, type ValueAndGradient } from "../internal/bfgs.js";
import { overflowError } from "../internal/overflow.js";
import { sumError } from "../internal/neumaier.js";
import { digammaShift, distinctValues, rememberPasses, weightsPer, type LikelihoodPass } from "./likelihoodParts.js";
import { lnGamma, lnGammaRatio, work } from "../internal/special.js";
import { checkParams, minimizeFit, penalty, penalizedFitOptionsSchema, readBtydCustomers, type BtydCustomer } from "./btydInput.js";
import type { GammaGammaParams, PenalizedFitOptions } from "./types.js";
import { exp, log, log1p } from "../internal/elementary.js";

/** `meta` of {@link fitGammaGamma}. */
export interface GammaGammaFitMeta {
  /** Repeat buyers the model was fitted on (frequency > 0, mean spend > 0). */
  repeatBuyers: number;
  /** L2 penalty used (0: none). */
  penalizer: number;
  /**
   * Pearson correlation between frequency and mean repeat spend over the repeat buyers fitted on
   * (each record weighted by its `count`): the model assumes spend independent of frequency. `null`
   * when it is undefined (fewer than 2 buyers, or all with the same frequency or the same spend).
   */
  frequencySpendCorrelation: number | null;
  /** Repeat buyers left out for a mean spend ≤ 0 (`nonPositiveSpend: "exclude"`; 0 otherwise). */
  excludedNonPositiveSpend: number;
  /** Checks that failed, in words: a correlation with |r| > 0.3 (see docs/models.md); empty when none. */
  warnings: string[];
}

/** Result of {@link fitGammaGamma}: the fitted spend model. */
export interface GammaGammaFit {
  params: GammaGammaParams;
  /** Total log-likelihood over the repeat buyers. */
  logLikelihood: number;
  /** Standard errors from the inverse Hessian of the total negative log-likelihood (null if not invertible). */
  standardErrors: GammaGammaParams | null;
  /** False when q ≤ 1: the population mean spend vp/(q − 1) is then infinite. */
  meanSpendFinite: boolean;
  diagnostics: FitDiagnostics;
  meta: GammaGammaFitMeta;
}

/** Options of {@link fitGammaGamma}: `penalizer`, and the policy for repeat buyers with a mean spend ≤ 0. */
export interface FitGammaGammaOptions extends PenalizedFitOptions {
  /**
   * A repeat buyer whose mean repeat spend is 0 or negative (refunds, free orders) has no Gamma-Gamma
   * likelihood. `"error"` (default): refuse, naming up to 20 such customers; `"exclude"`: fit on the
   * others and count them in `meta.excludedNonPositiveSpend`.
   */
  nonPositiveSpend?: "error" | "exclude";
}
/** Schema of {@link FitGammaGammaOptions}. */
export const fitGammaGammaOptionsSchema: OptionsSchema<FitGammaGammaOptions> = defineOptions<FitGammaGammaOptions>()({
  penalizer: penalizedFitOptionsSchema.shape.penalizer,
  nonPositiveSpend: z.enum(["error", "exclude"], { error: 'expected "error" or "exclude"' }).optional(),
});

/** |r| above which the frequency–spend correlation is reported as a warning (see docs/models.md). */
export const SPEND_CORRELATION_WARNING = 0.3;

/**
 * Pearson's r of frequency x and mean spend m over the repeat buyers (rows with x ≠ 0 and m > 0, read
 * in place, in row order) with weights w (1 when absent), by two passes on values rescaled by their
 * largest magnitudes `sa`, `sb` over the buyers (no overflow); null when undefined.
 */
function buyersPearson(a: Float64Array, b: Float64Array, w: Float64Array | undefined, sa: number, sb: number): number | null {
  const n = a.length;
  if (!(sa > 0 && sb > 0 && Number.isFinite(sa) && Number.isFinite(sb))) return null;
  let sw = 0;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    if (a[i] === 0 || !(b[i] > 0)) continue;
    const wi = w === undefined ? 1 : w[i];
    sw += wi;
    ma += wi * (a[i] / sa);
    mb += wi * (b[i] / sb);
  }
  if (!(sw >= 2)) return null;
  ma /= sw;
  mb /= sw;
  let cab = 0;
  let caa = 0;
  let cbb = 0;
  for (let i = 0; i < n; i++) {
    if (a[i] === 0 || !(b[i] > 0)) continue;
    const wi = w === undefined ? 1 : w[i];
    const da = a[i] / sa - ma;
    const db = b[i] / sb - mb;
    cab += wi * da * db;
    caa += wi * da * da;
    cbb += wi * db * db;
  }
  if (!(caa > 0 && cbb > 0)) return null;
  return Math.max(-1, Math.min(1, cab / Math.sqrt(caa * cbb)));
}

// the two 32-bit words of a double, for hashing (a whole double written, its halves read)
const HASH_BITS = new Float64Array(1);
const HASH_WORDS = new Int32Array(HASH_BITS.buffer);

/**
 * The repeat buyers' distinct (x, m̄) pairs (the `rows` rows with x ≠ 0 and m̄ > 0) as the table of
 * a pass, in first-appearance order, with their counts summed in row order (1 per row without `w`):
 * the groups of `groupTriples` with a constant third column, and the distinct x of `distinctValues`
 * over them (a new x always starts a new pair), by an open-addressing table sized once for all the
 * rows (no rehash) that keys on the pair alone. Neither value is ever 0 or NaN here, so comparing by
 * `===` is comparing by value. The pairs' spends are then turned into ln m̄ in place.
 */
function groupPairs(x: Float64Array, m: Float64Array, w: Float64Array | undefined, rows: number, spare?: readonly [Float64Array, Float64Array]): PairTable {
  let size = 16;
  while (size < 2 * rows) size *= 2;
  const mask = size - 1;
  const slots = new Int32Array(size); // pair index + 1 (0: empty)
  const at = new Int32Array(rows);
  // every entry below `count` is written before it is read: spare columns serve as they are
  const um = spare ? spare[0] : new Float64Array(rows);
  const uw = spare ? spare[1] : new Float64Array(rows);
  // distinct x: small whole numbers by a direct table (index + 1), others in a map
  const small = new Int32Array(SMALL_X);
  const large = new Map<number, number>();
  let xs = new Float64Array(64);
  let nx = 0;
  let count = 0;
  for (let i = 0; i < x.length; i++) {
    const a = x[i];
    const b = m[i];
    if (a === 0 || !(b > 0)) continue;
    HASH_BITS[0] = b;
    let h = Math.imul(HASH_WORDS[0], 0x9e3779b1) ^ HASH_WORDS[1];
    h = Math.imul(h ^ (h >>> 15), 0x85ebca6b) ^ Math.imul(a | 0, 0xc2b2ae35);
    h = Math.imul(h ^ (h >>> 13), 0x27d4eb2f);
    h ^= h >>> 16;
    let slot = h & mask;
    for (;;) {
      const s = slots[slot];
      if (s === 0) {
        const isSmall = a > 0 && a < SMALL_X && Math.floor(a) === a;
        let k = isSmall ? small[a] - 1 : (large.get(a) ?? -1);
        if (k < 0) {
          if (nx === xs.length) {
            const more = new Float64Array(2 * nx);
            more.set(xs);
            xs = more;
          }
          xs[nx] = a;
          k = nx++;
          if (isSmall) small[a] = k + 1;
          else large.set(a, k);
        }
        at[count] = k;
        um[count] = b;
        uw[count] = w === undefined ? 1 : w[i];
        slots[slot] = ++count;
        break;
      }
      if (um[s - 1] === b && xs[at[s - 1]] === a) {
        uw[s - 1] += w === undefined ? 1 : w[i];
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  const values = xs.slice(0, nx);
  // x·m̄, then ln m̄ over the spends
  const xm = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    xm[k] = values[at[k]] * um[k];
    um[k] = log(um[k]);
  }
  return { xs: values, at: at.subarray(0, count), lm: um.subarray(0, count), xm, w: uw.subarray(0, count) };
}

// x values below this (whole numbers) are indexed by a direct table in groupPairs
const SMALL_X = 4096;

/** One customer's expected mean spend per purchase. */
export interface ExpectedSpendRecord {
  customerId: string;
  /** Expected spend per purchase: p(v + x·m̄)/(p·x + q − 1); the population mean for x = 0. */
  expectedSpend: number;
}

/** Result of {@link gammaGammaExpectedSpend}: one record per customer (input order), and the parameters used. */
export interface GammaGammaExpectedSpendResult {
  customers: ExpectedSpendRecord[];
  meta: GammaGammaExpectedSpendMeta;
}

/** Expected spends as columns (`output: "columns"`): entry `i` of every array is customer `i`, input order. */
export interface ExpectedSpendColumns {
  customerId: string[];
  expectedSpend: Float64Array;
}

/** Result of {@link gammaGammaExpectedSpend} with `output: "columns"`: the same values and `meta` as the records. */
export interface GammaGammaExpectedSpendColumnsResult {
  columns: ExpectedSpendColumns;
  meta: GammaGammaExpectedSpendMeta;
}

/** Options of {@link gammaGammaExpectedSpend}. */
export interface GammaGammaExpectedSpendOptions {
  /**
   * `"records"` (default): `customers`, one {@link ExpectedSpendRecord} per customer. `"columns"`:
   * `columns` ({@link ExpectedSpendColumns}), one array per field, without an object per customer.
   */
  output?: "records" | "columns";
}

/** Schema of {@link GammaGammaExpectedSpendOptions}. */
export const gammaGammaExpectedSpendOptionsSchema: OptionsSchema<GammaGammaExpectedSpendOptions> = defineOptions<GammaGammaExpectedSpendOptions>()({
  output: z.enum(["records", "columns"]).optional(),
});

/** `meta` of {@link gammaGammaExpectedSpend}. */
export interface GammaGammaExpectedSpendMeta {
  model: "gamma-gamma";
  params: GammaGammaParams;
}

/** The per-customer term the fits sum (arguments unchecked). */
export function gammaGammaLogLikelihoodTerm({ p, q, v }: GammaGammaParams, x: number, m: number): number {
  const px = p * x;
  // ln Γ(px+q) − ln Γ(px) − ln Γ(q) as a log rising factorial from the larger argument (exact when it is huge)
  const gammas = px >= q ? lnGammaRatio(px, q) - lnGamma(q) : lnGammaRatio(q, px) - lnGamma(px);
  // q·ln v − (px+q)·ln(x·m + v) = −(q+px)·ln(1 + x·m/v) − px·ln v: one logarithm of the data per
  // customer, and nothing large cancels for a huge q
  const l1 = log1p((x * m) / v);
  return gammas - q * l1 + (px - 1) * log(m) + px * log(x) - px * (log(v) + l1);
}

/**
 * Per-customer Gamma-Gamma log-likelihood of mean spend m over x repeat purchases (Fader & Hardie note 025).
 *
 * @throws {RangeError} A parameter not finite and positive, x not an integer > 0, m not finite and
 *   > 0, or a log-likelihood that is not finite there.
 *
 * @example
 * Math.round(gammaGammaLogLikelihood({ p: 1, q: 1, v: 1 }, 1, 1) * 1e12) / 1e12; //=> -1.38629436112
 */
export function gammaGammaLogLikelihood(params: GammaGammaParams, x: number, m: number): number {
  const fn = "gammaGammaLogLikelihood";
  checkParams(fn, "params", params, ["p", "q", "v"]);
  if (!(Number.isInteger(x) && x > 0 && m > 0 && Number.isFinite(m))) throw new RangeError(`${fn}: expected an integer x > 0 (repeat purchases) and a finite mean spend m > 0; got x ${x}, m ${m}`);
  const ll = gammaGammaLogLikelihoodTerm(params, x, m);
  if (!Number.isFinite(ll)) throw new RangeError(`${fn}: the log-likelihood is not a finite number at these parameters and data`);
  return ll;
}


// The per-pair sums, carried from one block of pairs to the next: [Σ w·ℓ, its compensation, ∂p, ∂q, ∂v]
const SUMS = new Float64Array(5);
// pairs per call of pairSums
const BLOCK = 4096;

/**
 * The per-pair part of {@link gammaGammaPass} for pairs `from` to `to` − 1, adding to the sums in
 * `SUMS` (the same additions in the same order as one loop over all pairs). A function of its own,
 * without another logarithm (ln v is given), called once per block of pairs: V8 then compiles it with
 * `log1p` inlined, where one long call per pass (optimised on the stack, mid-loop) often ended up
 * with `log1p` as a call boxing each result (about 16 MB of garbage per pass, and slower).
 * `fresh`: compute ln(1 + x·m̄/v) and store it in `l1s`; otherwise read it there.
 */
function pairSums(from: number, to: number, at: Int32Array, lm: Float64Array, xm: Float64Array, w: Float64Array, l1s: Float64Array, fresh: boolean, gammas: Float64Array, pxs: Float64Array, xs: Float64Array, lxs: Float64Array, q: number, v: number, lv: number, gradient: boolean): void {
  let sum = SUMS[0];
  let comp = SUMS[1];
  let gp = SUMS[2];
  let gq = SUMS[3];
  let gv = SUMS[4];
  for (let i = from; i < to; i++) {
    const k = at[i];
    const px = pxs[k];
    let l1: number;
    if (fresh) {
      l1 = log1p(xm[i] / v);
      l1s[i] = l1;
    } else l1 = l1s[i];
    const l2 = lv + l1; // ln(x·m̄ + v)
    const term = gammas[k] - q * l1 + (px - 1) * lm[i] + px * lxs[k] - px * l2;
    const wi = w[i];
    if (gradient) {
      gp += wi * xs[k] * (lm[i] + lxs[k] - l2);
      gq -= wi * l1;
      gv += wi * ((q * xm[i]) / (v * (v + xm[i])) - px / (xm[i] + v));
    }
    const t0 = wi * term;
    const t = sum + t0;
    comp += sumError(sum, t0, t);
    sum = t;
  }
  SUMS[0] = sum;
  SUMS[1] = comp;
  SUMS[2] = gp;
  SUMS[3] = gq;
  SUMS[4] = gv;
}

/**
 * Gamma-Gamma's one-pass total log-likelihood Σ w·ℓ over distinct (x, m̄) pairs and, when `grad` is
 * given, its gradient in (p, q, v) (the expressions of {@link gammaGammaLogLikelihoodTerm}, so the same
 * value to the last bit). With ℓ = ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q·ln v − (px+q)·ln(x·m̄+v) +
 * (px−1)·ln m̄ + px·ln x and ψΔ(c, k) = ψ(c+k) − ψ(c):
 *   ∂ℓ/∂p = x·[ψΔ(px, q) + ln m̄ + ln x − ln(x·m̄+v)],   ∂ℓ/∂q = ψΔ(q, px) − ln(1 + x·m̄/v),
 *   ∂ℓ/∂v = q·x·m̄/(v(v+x·m̄)) − px/(x·m̄+v).
 * The log-gammas, digammas, p·x and ln x are computed once per distinct x. ln(1 + x·m̄/v), the one
 * logarithm per pair and most of a pass's cost, is kept for two values of v: that of the last pass
 * with a gradient and that of the last without, so that a gradient asked for where a value was just
 * computed, the honesty probes and the Hessian's steps in p and q (which keep v) reuse it.
 */
export function gammaGammaPass(x: Float64Array, m: Float64Array, w: Float64Array): LikelihoodPass {
  const d = distinctValues(x);
  const u = x.length;
  const lm = new Float64Array(u);
  const xm = new Float64Array(u);
  for (let i = 0; i < u; i++) {
    lm[i] = log(m[i]);
    xm[i] = x[i] * m[i];
  }
  return pairsPass({ xs: d.values, at: d.index, lm, xm, w });
}

/**
 * The data of a Gamma-Gamma pass over distinct (x, m̄) pairs: the distinct x values (first-appearance
 * order) and each pair's index into them, each pair's ln m̄ and x·m̄, and its count.
 */
interface PairTable {
  xs: Float64Array;
  at: Int32Array;
  lm: Float64Array;
  xm: Float64Array;
  w: Float64Array;
}

/** {@link gammaGammaPass} over a {@link PairTable}. */
function pairsPass({ xs, at, lm, xm, w }: PairTable): LikelihoodPass {
  const wx = weightsPer({ values: xs, index: at }, w);
  const nx = xs.length;
  const u = at.length;
  const lxs = xs.map((v) => log(v));
  const pxs = new Float64Array(nx);
  const gammas = new Float64Array(nx);
  // the two kept tables of ln(1 + x·m̄/v): [0] of the last pass with a gradient, [1] of the last without
  const keptV: (number | undefined)[] = [undefined, undefined];
  const kept: (Float64Array | undefined)[] = [undefined, undefined];
  return (theta, grad) => {
    const [p, q, v] = theta;
    let gp = 0;
    let gq = 0;
    for (let k = 0; k < nx; k++) {
      const px = p * xs[k];
      pxs[k] = px;
      gammas[k] = px >= q ? lnGammaRatio(px, q) - lnGamma(q) : lnGammaRatio(q, px) - lnGamma(px);
      if (grad) {
        gp += wx[k] * xs[k] * digammaShift(px, q);
        gq += wx[k] * digammaShift(q, px);
      }
    }
    let e = Object.is(keptV[0], v) ? 0 : Object.is(keptV[1], v) ? 1 : -1;
    const fresh = e < 0;
    if (fresh) e = grad ? 0 : 1;
    else if (grad && e === 1) {
      // a gradient where a value was computed: that table becomes the gradient's
      [keptV[0], keptV[1]] = [keptV[1], keptV[0]];
      [kept[0], kept[1]] = [kept[1], kept[0]];
      e = 0;
    }
    const l1s = (kept[e] ??= new Float64Array(u));
    keptV[e] = v;
    const lv = log(v);
    SUMS[0] = 0;
    SUMS[1] = 0;
    SUMS[2] = gp;
    SUMS[3] = gq;
    SUMS[4] = 0;
    for (let from = 0; from < u; from += BLOCK) pairSums(from, Math.min(u, from + BLOCK), at, lm, xm, w, l1s, fresh, gammas, pxs, xs, lxs, q, v, lv, grad !== null);
    const sum = SUMS[0];
    if (grad) {
      grad[0] = SUMS[2];
      grad[1] = SUMS[3];
      grad[2] = SUMS[4];
    }
    return sum - sum === 0 ? sum + SUMS[1] : sum;
  };
}

/**
 * Fits the Gamma-Gamma spend model (Fader & Hardie 2013) by maximum likelihood on the repeat buyers
 * (frequency > 0), as lifetimes' `GammaGammaFitter`: BFGS over log-parameters from 0.1, optional L2
 * `penalizer`. `meanSpendFinite` is false when q ≤ 1 (an infinite population mean spend).
 *
 * @param records - {@link BtydCustomer} records with `monetaryValue` (mean spend per repeat purchase).
 * @returns The fitted model: `params` (p, q, v), `logLikelihood`, `standardErrors`, `meanSpendFinite`,
 *   `diagnostics`, `meta` (`repeatBuyers`, `penalizer`).
 * `meta.frequencySpendCorrelation` checks the model's assumption that spend does not depend on
 * frequency; |r| > 0.3 adds a line to `meta.warnings` (the threshold of the btyd library's Quickstart;
 * see docs/models.md). Repeat buyers with a mean spend ≤ 0 are refused, or left out and counted with
 * `nonPositiveSpend: "exclude"`.
 *
 * @throws {AnalyticsInputError} A record breaks the {@link BtydCustomer} rules; a repeat buyer with
 *   `monetaryValue` ≤ 0 (naming the customer) unless `nonPositiveSpend: "exclude"`; fewer than 2
 *   repeat buyers (`degenerate_data`).
 *
 * @example
 * const c = (frequency, monetaryValue) => ({ frequency, recency: frequency, T: 39, monetaryValue });
 * const fit = fitGammaGamma([c(2, 22.35), c(1, 11.77), c(6, 29.5), c(3, 40.1), c(0, 0)]);
 * // r = 0.551 (numpy.corrcoef agrees): spend rises with frequency here, and meta says so
 * [fit.meta.repeatBuyers, Math.round(fit.meta.frequencySpendCorrelation * 1000) / 1000, fit.meta.warnings.length]; //=> [4, 0.551, 1]
 *
 * @see Fader, P. S. & Hardie, B. G. S. (2013). The Gamma-Gamma model of monetary value. Note 025.
 */
export function fitGammaGamma(records: CustomerInput<BtydCustomer>, options: FitGammaGammaOptions = {}): GammaGammaFit {
  const fn = "fitGammaGamma";
  const opts = parseOptions(fn, fitGammaGammaOptionsSchema, options);
  const penalizer = opts.penalizer ?? 0;
  const exclude = opts.nonPositiveSpend === "exclude";
  // "exclude": a negative mean spend (net refunds), which is bad data otherwise, is left out and counted with the zeros below
  // the fit only reads the columns and returns none: plain Float64Array input columns are read in place;
  // ids are read only to name a customer in an issue (none without ids: no position ids made)
  const { x, tx, T, ownTimes, m, w, ids, hasIds, path } = readBtydCustomers(fn, records, exclude ? "signed" : true, undefined, true, false);
  // repeat buyers: x ≠ 0 and m̄ > 0 (read in place, in row order: no copies of the columns)
  let rows = 0;
  let buyers = 0;
  const issues: InputIssue[] = [];
  let zero = 0;
  let excluded = 0;
  let sx = 0; // the largest |x| and |m̄| of the buyers, for Pearson's r
  let sm = 0;
  for (let i = 0; i < x.length; i++) {
    if (x[i] === 0) continue; // no repeat purchase: no spend observation
    if (m[i] > 0) {
      buyers += w === undefined ? 1 : w[i];
      rows++;
      sx = Math.max(sx, Math.abs(x[i]));
      sm = Math.max(sm, Math.abs(m[i]));
    } else {
      excluded += w === undefined ? 1 : w[i];
      if (zero++ < 20 && !exclude) issues.push(inputIssue("invalid_value", path(i, "monetaryValue"), `a repeat buyer needs a mean spend > 0 for Gamma-Gamma, got ${m[i]} (or pass nonPositiveSpend: "exclude")`, hasIds ? ids[i] : undefined));
    }
  }
  if (zero > 0 && !exclude) throw new AnalyticsInputError(fn, issues, zero);
  const r = buyersPearson(x, m, w, sx, sm);
  if (buyers < 2) throw new AnalyticsInputError(fn, [inputIssue("degenerate_data", ["records"], `Gamma-Gamma needs repeat buyers with a positive mean spend; found ${buyers}`)]);
  // identical (x, m̄) pairs share one term, weighted by their count
  // the reader's own copies of t_x and T, never read by this fit, hold the pairs' ln m̄ and counts: two
  // column-sized arrays fewer (from 1M records, fresh arrays pushed V8 into a full collection for external memory)
  const pairs = groupPairs(x, m, w, rows, ownTimes ? [T, tx] : undefined);
  const n = buyers;
  const uw = pairs.w;
  // remembered: the start's check, the probes run twice and the log-likelihood at the search's last point cost one pass each
  const pass = rememberPasses(pairsPass(pairs));
  const gTheta = [0, 0, 0];
  const objective: ValueAndGradient = (phi, grad) => {
    work.units += 20 * uw.length;
    const theta = phi.map(exp);
    const ll = pass(theta, grad ? gTheta : null);
    if (grad) for (let i = 0; i < 3; i++) grad[i] = (-gTheta[i] / n + 2 * penalizer * theta[i]) * theta[i];
    return -ll / n + penalty(penalizer, theta);
  };
  const names = ["p", "q", null] as const; // v carries the currency unit
  const { res, objective: boxed } = minimizeFit(fn, objective, [0.1, 0.1, 0.1], uw.length, names, [true, true, false]);
  const params = { p: exp(res.x[0]), q: exp(res.x[1]), v: exp(res.x[2]) };
  const logLikelihood = pass([params.p, params.q, params.v], null);
  if (!(Number.isFinite(logLikelihood) && Number.isFinite(params.v))) throw overflowError(fn, "the fitted Gamma-Gamma model", Number.isFinite(params.v) ? logLikelihood : params.v, { path: ["records"] });
  const diagnostics = fitDiagnostics(res, names, { objective: boxed });
  const se = diagnostics.converged
    ? standardErrorsFromGradient((phi, g) => {
        const theta = phi.map(exp);
        pass(theta, g);
        for (let i = 0; i < 3; i++) g[i] = -g[i] * theta[i];
      }, [params.p, params.q, params.v])
    : null;
  const warnings =
    r !== null && Math.abs(r) > SPEND_CORRELATION_WARNING
      ? [`frequency and mean spend are correlated (r = ${r.toFixed(3)}, |r| > ${SPEND_CORRELATION_WARNING}): Gamma-Gamma assumes them independent, so its spend predictions lean the wrong way for frequent buyers`]
      : [];
  return {
    params,
    logLikelihood,
    standardErrors: se && { p: se[0], q: se[1], v: se[2] },
    meanSpendFinite: params.q > 1,
    diagnostics,
    meta: { repeatBuyers: n, penalizer, frequencySpendCorrelation: r, excludedNonPositiveSpend: exclude ? excluded : 0, warnings },
  };
}

/**
 * Expected mean spend per purchase of each customer, p(v + x·m̄)/(p·x + q − 1); customers without
 * repeat purchases get the population mean vp/(q − 1). With q ≤ 1 that mean is infinite: the function
 * throws instead of returning a negative or infinite number.
 *
 * @param params - Fitted parameters (`fitGammaGamma(...).params`).
 * @param records - {@link BtydCustomer} records with `monetaryValue`.
 * @param options - `output`: `"records"` (default) or `"columns"`.
 * @returns `customers` (`{ customerId, expectedSpend }`, input order) and `meta` (`{ model: "gamma-gamma", params }`);
 *   with `output: "columns"`, `columns` (`customerId`, `expectedSpend` as a `Float64Array`) instead of `customers`.
 * @throws {RangeError} A parameter not finite and positive, or q ≤ 1.
 * @throws {AnalyticsInputError} A record breaks the {@link BtydCustomer} rules.
 *
 * @example
 * const params = { p: 6.248802496074264, q: 3.744588460923312, v: 15.447748064932831 };
 * const { customers: [c] } = gammaGammaExpectedSpend(params, [{ customerId: "1", frequency: 2, recency: 30.43, T: 38.86, monetaryValue: 22.35 }]);
 * Math.round(c.expectedSpend * 1e6) / 1e6; //=> 24.658616
 */
export function gammaGammaExpectedSpend(params: GammaGammaParams, records: CustomerInput<BtydCustomer>, options: GammaGammaExpectedSpendOptions & { output: "columns" }): GammaGammaExpectedSpendColumnsResult;
export function gammaGammaExpectedSpend(params: GammaGammaParams, records: CustomerInput<BtydCustomer>, options?: GammaGammaExpectedSpendOptions): GammaGammaExpectedSpendResult;
export function gammaGammaExpectedSpend(params: GammaGammaParams, records: CustomerInput<BtydCustomer>, options: GammaGammaExpectedSpendOptions = {}): GammaGammaExpectedSpendResult | GammaGammaExpectedSpendColumnsResult {
  const fn = "gammaGammaExpectedSpend";
  const { output } = parseOptions(fn, gammaGammaExpectedSpendOptionsSchema, options);
  checkParams(fn, "params", params, ["p", "q", "v"]);
  const { p, q, v } = params;
  if (!(q > 1)) throw new RangeError(`${fn}: q = ${q} <= 1 means an infinite mean spend; expected spends do not exist for these parameters`);
  // x and m̄ are only read (plain Float64Array input columns in place); the spends are a new column
  const { ids, x, m } = readBtydCustomers(fn, records, true, undefined, true);
  const expectedSpend = new Float64Array(ids.length);
  for (let i = 0; i < ids.length; i++) {
    let spend = (p * (v + x[i] * m[i])) / (p * x[i] + q - 1);
    if (!(spend - spend === 0)) {
      // x·m or p·v beyond a double: the same value as the weighted mean of the population's mean
      // spend p·v/(q−1) and the customer's own mean m, whose terms stay finite longer
      const own = (p * x[i]) / (p * x[i] + q - 1);
      spend = (1 - own) * ((p * v) / (q - 1)) + own * m[i];
      if (!Number.isFinite(spend)) throw overflowError(fn, "the expected spend", Infinity, { path: ["records", i], customerId: ids[i] });
    }
    expectedSpend[i] = spend;
  }
  const meta: GammaGammaExpectedSpendMeta = { model: "gamma-gamma", params: { p, q, v } };
  if (output === "columns") return { columns: { customerId: ids, expectedSpend }, meta };
  const customers = new Array<ExpectedSpendRecord>(ids.length);
  for (let i = 0; i < ids.length; i++) customers[i] = { customerId: ids[i], expectedSpend: expectedSpend[i] };
  return { customers, meta };
}
