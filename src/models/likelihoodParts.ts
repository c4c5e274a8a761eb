/**
 * Pieces shared by the fits' one-pass objectives (value and gradient over the distinct triples): the
 * digamma difference that the gradients of log rising factorials need, and tables of a column's
 * distinct values, so that a pass computes each per-value part (a logarithm of α + T, a rising
 * factorial of r at x) once per distinct value instead of once per triple. Realistic summaries have
 * 600k distinct (x, t_x, T) triples but only about a hundred distinct x and a thousand distinct days.
 */
import { log, log1p } from "../internal/elementary.js";
import { work } from "../internal/special.js";

/** Stirling-series part of ψ(z) − ln z + 1/(2z), for z ≥ 15 (error below 2e-16). */
function digammaTail(z: number): number {
  const z2 = 1 / (z * z);
  return -z2 * (1 / 12 - z2 * (1 / 120 - z2 * (1 / 252 - z2 * (1 / 240 - z2 * (1 / 132)))));
}

/**
 * ψ(a + x) − ψ(a) for a > 0, x ≥ 0: the derivative in a of ln Γ(a + x) − ln Γ(a) (`lnGammaRatio`).
 * A sum of 1/(a + j) for a small integer x (exact to rounding, whatever a); otherwise both arguments
 * are shifted to 15 or more by ψ(z) = ψ(z + 1) − 1/z and the asymptotic series is taken as a
 * difference, ln((a + x)/a) as log1p, so nothing large cancels when a is huge.
 */
export function digammaShift(a: number, x: number): number {
  if (x === 0) return 0;
  if (x <= 64 && Number.isInteger(x)) {
    let s = 0;
    for (let j = 0; j < x; j++) s += 1 / (a + j);
    return s;
  }
  let lo = a;
  let hi = a + x;
  let acc = 0;
  let shift = 0; // (hi − lo) − x, exact: both shifts are by whole numbers
  while (lo < 15) {
    acc += 1 / lo;
    lo += 1;
    shift -= 1;
  }
  while (hi < 15) {
    acc -= 1 / hi;
    hi += 1;
    shift += 1;
  }
  // ψ(hi) − ψ(lo) = ln(hi/lo) − 1/(2hi) + 1/(2lo) + tail(hi) − tail(lo)
  return acc + log1p((x + shift) / lo) + (hi - lo) / (2 * hi * lo) + (digammaTail(hi) - digammaTail(lo));
}

/** A column's distinct values (first-appearance order) and each row's index into them. */
export interface DistinctValues {
  values: Float64Array;
  index: Int32Array;
}

// the two 32-bit words of a double, for hashing (a whole double written, its halves read)
const BITS = new Float64Array(1);
const WORDS = new Int32Array(BITS.buffer);

/** The hash of a value for {@link distinctValues} (every NaN one hash; −0 is given as 0). */
function valueHash(key: number): number {
  if (key !== key) return 0x7ff80000;
  BITS[0] = key;
  const h = Math.imul(WORDS[0] ^ Math.imul(WORDS[1], 0x85ebca6b), 0x9e3779b1);
  return h ^ (h >>> 15);
}

/**
 * Distinct values of `v` (compared as numbers, -0 as 0) and each entry's index, in first-appearance
 * order: an open-addressing table of the values' bits that grows with the distinct values (a fit's
 * 1.2M times have about a thousand). With `then`, the entries of `v` followed by those of `then` (as
 * one column of both, without making it): `index` has one entry per entry of either.
 */
export function distinctValues(v: ArrayLike<number>, then?: ArrayLike<number>): DistinctValues {
  const n1 = v.length;
  const n = n1 + (then === undefined ? 0 : then.length);
  let size = 256;
  let slots = new Int32Array(size); // value index + 1 (0: empty)
  let values = new Float64Array(64);
  let count = 0;
  const index = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const vi = i < n1 ? v[i] : then![i - n1];
    const key = vi === 0 ? 0 : vi;
    let slot = valueHash(key) & (size - 1);
    for (;;) {
      const s = slots[slot];
      if (s === 0) {
        if (count === values.length) {
          const more = new Float64Array(2 * count);
          more.set(values);
          values = more;
        }
        values[count] = key;
        slots[slot] = ++count;
        index[i] = count - 1;
        if (2 * count > size) {
          // rehash into a table twice the size
          size *= 2;
          slots = new Int32Array(size);
          for (let k = 0; k < count; k++) {
            let t = valueHash(values[k]) & (size - 1);
            while (slots[t] !== 0) t = (t + 1) & (size - 1);
            slots[t] = k + 1;
          }
        }
        break;
      }
      const e = values[s - 1];
      if (e === key || (e !== e && key !== key)) {
        index[i] = s - 1;
        break;
      }
      slot = (slot + 1) & (size - 1);
    }
  }
  return { values: values.slice(0, count), index };
}

/** Sums of weights per distinct value: Σ w over the rows with index k. */
export function weightsPer(d: DistinctValues, w: ArrayLike<number>): Float64Array {
  const out = new Float64Array(d.values.length);
  for (let i = 0; i < d.index.length; i++) out[d.index[i]] += w[i];
  return out;
}

/** The data of a BG/NBD-family pass: triples, counts, time scale, and the distinct-value tables. */
export interface PassData {
  x: Float64Array;
  w: Float64Array;
  xs: DistinctValues;
  /** Distinct times of t_x and T together (scaled), and each triple's index for t_x and for T. */
  times: Float64Array;
  txAt: Int32Array;
  TAt: Int32Array;
  /** Scaled t_x and T per triple (made on first read). */
  tx: Float64Array;
  T: Float64Array;
  /** Σ w per distinct x. */
  wx: Float64Array;
}

const distinctCache = new WeakMap<Float64Array, { x: Float64Array; tx: Float64Array; w: Float64Array; xs: DistinctValues; wx: Float64Array; times: Float64Array; txAt: Int32Array; TAt: Int32Array }>();

/** The tables of a BG/NBD-family pass over triples with counts `w`, times multiplied by `scale`. */
export function passData(x: Float64Array, tx: Float64Array, T: Float64Array, w: Float64Array, scale: number): PassData {
  const u = x.length;
  // the distinct values of the unscaled columns, shared by a fit's scaled and natural-unit passes
  let shared = distinctCache.get(T);
  if (!shared || shared.x !== x || shared.tx !== tx || shared.w !== w) {
    // t_x then T, as one column of both
    const t = distinctValues(tx, T);
    const xs = distinctValues(x);
    shared = { x, tx, w, xs, wx: weightsPer(xs, w), times: t.values, txAt: t.index.subarray(0, u), TAt: t.index.subarray(u) };
    distinctCache.set(T, shared);
  }
  // the same numbers as the scaled columns' own distinct values: v·scale for each distinct v
  const times = shared.times.map((v) => v * scale);
  // the scaled columns (read by some passes, not BG/NBD's) made on first use
  let stx: Float64Array | undefined;
  let sT: Float64Array | undefined;
  const scaledCopy = (c: Float64Array) => {
    const out = new Float64Array(u);
    for (let i = 0; i < u; i++) out[i] = c[i] * scale;
    return out;
  };
  return {
    x,
    w,
    xs: shared.xs,
    times,
    txAt: shared.txAt,
    TAt: shared.TAt,
    get tx() {
      return (stx ??= scaledCopy(tx));
    },
    get T() {
      return (sT ??= scaledCopy(T));
    },
    wx: shared.wx,
  };
}

/** Per distinct time τ: log1p(τ/α), ln(α + τ), τ/(α(α + τ)) and 1/(α + τ). */
export function timeTables(times: Float64Array, alpha: number): { l1: Float64Array; l2: Float64Array; q: Float64Array; inv: Float64Array } {
  const m = times.length;
  const l1 = new Float64Array(m);
  const l2 = new Float64Array(m);
  const q = new Float64Array(m);
  const inv = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    const tau = times[k];
    l1[k] = tau === 0 ? 0 : log1p(tau / alpha);
    l2[k] = log(alpha + tau);
    inv[k] = 1 / (alpha + tau);
    q[k] = (tau / alpha) * inv[k];
  }
  return { l1, l2, q, inv };
}


/**
 * A one-pass likelihood over the data: `pass(θ, grad)` returns the total log-likelihood and, when
 * `grad` is given, writes its gradient in θ into it.
 */
export type LikelihoodPass = (theta: readonly number[], grad: number[] | null) => number;

/**
 * `pass` with a memory of its last `size` evaluations, so that a fit never pays twice for the same θ:
 * the start is checked for a finite value and then searched from (the first call takes the gradient
 * too, for the call that follows), the honesty probes of `fitDiagnostics` run once for the restart
 * decision and once for the report, and a fit's log-likelihood is often the search's last point. A
 * remembered θ (compared value by value) gives back the same value and gradient, and adds the same
 * counted `work` the evaluation did, so that work budgets, and with them every search, are unchanged.
 */
export function rememberPasses(pass: LikelihoodPass, size = 16): LikelihoodPass {
  const thetas: Float64Array[] = [];
  const values: number[] = [];
  const grads: (Float64Array | null)[] = [];
  const units: number[] = [];
  let next = 0;
  let calls = 0;
  return (theta, grad) => {
    const k = theta.length;
    for (let e = 0; e < thetas.length; e++) {
      const t = thetas[e];
      const g = grads[e];
      if (grad !== null && g === null) continue;
      let same = true;
      for (let j = 0; j < k && same; j++) same = Object.is(t[j], theta[j]);
      if (!same) continue;
      work.units += units[e];
      if (grad !== null && g !== null) for (let j = 0; j < k; j++) grad[j] = g[j];
      return values[e];
    }
    const g = grad !== null || calls === 0 ? new Array<number>(k).fill(0) : null;
    calls++;
    const before = work.units;
    const value = pass(theta, g);
    const e = thetas.length < size ? thetas.length : next;
    next = (e + 1) % size;
    thetas[e] = Float64Array.from(theta);
    values[e] = value;
    grads[e] = g && Float64Array.from(g);
    units[e] = work.units - before;
    if (grad !== null && g !== null) for (let j = 0; j < k; j++) grad[j] = g[j];
    return value;
  };
}

/**
 * The distinct (x, τ) end points of a pass's triples, τ = t_x or T: `at[i]` (t_x of triple i) and
 * `at[u + i]` (its T) index them, `x` and `time` (an index into the pass's `times`) give each. Keyed
 * by the indices of the distinct values, so a pass for other times (scaled, natural) shares them.
 */
export interface EndPoints {
  at: Int32Array;
  x: Float64Array;
  time: Int32Array;
}

const endPointsCache = new WeakMap<Int32Array, EndPoints>();

/** The distinct (x, τ) end points of `d`'s triples (see {@link EndPoints}), built once per data set. */
export function endPoints(d: PassData): EndPoints {
  const cached = endPointsCache.get(d.txAt);
  if (cached) return cached;
  const u = d.x.length;
  const nt = d.times.length;
  const nx = d.xs.values.length;
  const at = new Int32Array(2 * u);
  const xOf: number[] = [];
  const timeOf: number[] = [];
  // a dense table of (x, τ) keys while it stays small; a map otherwise
  const dense = nx * nt <= Math.max(1 << 20, 4 * u) ? new Int32Array(nx * nt).fill(-1) : null;
  const sparse = dense ? null : new Map<number, number>();
  for (let j = 0; j < 2 * u; j++) {
    const i = j < u ? j : j - u;
    const kt = j < u ? d.txAt[i] : d.TAt[i];
    const key = d.xs.index[i] * nt + kt;
    let k = dense ? dense[key] : (sparse!.get(key) ?? -1);
    if (k < 0) {
      k = xOf.length;
      if (dense) dense[key] = k;
      else sparse!.set(key, k);
      xOf.push(d.x[i]);
      timeOf.push(kt);
    }
    at[j] = k;
  }
  const out = { at, x: Float64Array.from(xOf), time: Int32Array.from(timeOf) };
  endPointsCache.set(d.txAt, out);
  return out;
}
