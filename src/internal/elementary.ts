/**
 * Logarithm, exponential and power computed with + − × ÷ only, so that every runtime gives the same
 * bits. `Math.log`, `Math.exp`, `Math.pow` and friends are not specified to the last bit by
 * ECMAScript, and V8 versions differ in the last place (Node 20 and Deno 2 disagree on about 5% of
 * random logarithms and 10% of exponentials); through a model fit that moves predictions by 1e-5 and
 * customers across quadrant boundaries. Basic arithmetic, `Math.sqrt`, `Math.round`, `Math.floor` and
 * `Math.abs` are exactly specified (IEEE 754), so these functions give identical results everywhere.
 *
 * Accuracy: within 1 ulp of the correctly rounded result over the whole double range (measured against
 * 1,000-digit references in test/internal/elementary.test.ts; almost all results are the correctly
 * rounded value itself). Special values (NaN, ±0, ±Infinity, negative arguments, subnormals) behave as
 * the corresponding `Math` function does.
 *
 * Method: the logarithm reduces x = 2^k·m with m in [√½, √2), then ln m = 2·atanh(u), u = (m − 1)/(m + 1),
 * summed as a double-double (about 100 bits) — the extra precision is what `pow` needs, since
 * exp(y·ln x) magnifies the absolute error of y·ln x. The exponential reduces x = k·ln 2 + r with
 * |r| ≤ ½ln 2 (ln 2 split so k·ln2_hi is exact) and sums the Taylor series of eʳ to degree 14 with the
 * leading terms 1 + r + r²/2 kept exact. No tables, no fused multiply-add: products are made exact by
 * Dekker's splitting.
 *
 * @see Dekker, T. J. (1971). A floating-point technique for extending the available precision.
 *   Numerische Mathematik 18, 224–242.
 * @see Muller, J.-M. (2016). Elementary Functions: Algorithms and Implementation (3rd ed.). Birkhäuser.
 */

// --- bits of a double (endianness of the platform detected once) ---
const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
F64[0] = 1;
const HI = U32[1] === 0x3ff00000 ? 1 : 0;
const LO = 1 - HI;

/** 2^k for an integer k in [−1022, 1023], built from its bits. */
function pow2(k: number): number {
  U32[HI] = (k + 1023) << 20;
  U32[LO] = 0;
  return F64[0];
}

/** v·2^k for any integer k, rounded once (v·2^k exact in range, the last step rounds). */
function scale(v: number, k: number): number {
  if (k > 1023) return v * pow2(1023) * pow2(k - 1023);
  if (k < -1022) return v * pow2(k + 600) * pow2(-600);
  return v * pow2(k);
}

// Results of the helpers below go through this scratch array (doubles stored unboxed; module-level
// \`let\` numbers would be boxed on every write): [0], [1] the pair of twoSum/twoProd; [2..4] the
// exponential core 2^k·(hi + lo); [5], [6] the logarithm core hi + lo; [7..10] r²/2 and r³/6 as pairs;
// [11], [12] k and f of x = 2^k·(1 + f).
const W = new Float64Array(13);

// --- exact sums and products: results in (W[0], W[1]) ---
const SPLIT = 134217729; // 2^27 + 1

/** W[0] + W[1] = a + b exactly (any order of magnitude). */
function twoSum(a: number, b: number): void {
  const s = a + b;
  const bb = s - a;
  W[1] = a - (s - bb) + (b - bb);
  W[0] = s;
}

/** W[0] + W[1] = a + b exactly, for |a| ≥ |b| (or a = 0). */
function fastTwoSum(a: number, b: number): void {
  const s = a + b;
  W[1] = b - (s - a);
  W[0] = s;
}

/** W[0] + W[1] = a·b exactly (Dekker), for |a|, |b| below about 1e300 and products away from underflow. */
function twoProd(a: number, b: number): void {
  const p = a * b;
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  W[1] = ah * bh - p + ah * bl + al * bh + al * bl;
  W[0] = p;
}

// ln 2 as hi + lo; LN2_HI has 32 significant bits so k·LN2_HI is exact for |k| < 2^21.
const LN2_HI = 0.6931471803691238; // 0x3FE62E42FEE00000
const LN2_LO = 1.9082149292705877e-10; // ln 2 − LN2_HI, rounded
// ln 2 as a double-double (for k·ln 2 in the logarithm)
const LN2_DH = 0.6931471805599453;
const LN2_DL = 2.3190468138462996e-17;
const INV_LN2 = 1.4426950408889634;
const SQRT2 = 1.4142135623730951;

// 1/n! for n = 3..14 (Taylor coefficients of eʳ beyond 1 + r + r²/2)
const C3 = 1 / 6;
const C4 = 1 / 24;
const C5 = 1 / 120;
const C6 = 1 / 720;
const C7 = 1 / 5040;
const C8 = 1 / 40320;
const C9 = 1 / 362880;
const C10 = 1 / 3628800;
const C11 = 1 / 39916800;
const C12 = 1 / 479001600;
const C13 = 1 / 6227020800;
const C14 = 1 / 87178291200;

/** (eʳ − 1 − r − r²/2 − r³/6) / r⁴ for |r| ≤ 0.35, truncation below 2^-63 relative to eʳ. */
function expTail(r: number): number {
  return C4 + r * (C5 + r * (C6 + r * (C7 + r * (C8 + r * (C9 + r * (C10 + r * (C11 + r * (C12 + r * (C13 + r * C14)))))))));
}

/** Sets r²/2 = W[7] + W[8] exactly and r³/6 = W[9] + W[10] to about 100 bits (r³/6 is up to 1/145 of eʳ,
 * so a plain double would leave errors of 2^-60). */
function squareAndCube(r: number): void {
  twoProd(r, r);
  const ph = W[0];
  const pl = W[1];
  W[7] = ph * 0.5;
  W[8] = pl * 0.5;
  twoProd(ph, r);
  const ch = W[0];
  const cl = W[1] + pl * r;
  const c6 = ch / 6;
  twoProd(c6, 6);
  W[9] = c6;
  W[10] = (ch - W[0] - W[1] + cl) / 6;
}

// exp core: e^(xh + xl) = 2^W[2] · (W[3] + W[4]), the pair with about 62 bits

/** For |xh| ≤ 750 and |xl| tiny next to xh: sets W[2], W[3], W[4]. */
function expCore(xh: number, xl: number): void {
  const k = Math.round(xh * INV_LN2);
  const rh = xh - k * LN2_HI; // exact
  const rl = xl - k * LN2_LO;
  twoSum(rh, rl);
  const r = W[0];
  const rr = W[1];
  squareAndCube(r);
  const r2 = r * r;
  const t = r2 * r2 * expTail(r);
  fastTwoSum(1, r);
  const e1 = W[1];
  fastTwoSum(W[0], W[7]);
  const e2 = W[1];
  fastTwoSum(W[0], W[9]);
  W[3] = W[0];
  W[4] = e1 + e2 + W[1] + W[8] + W[10] + t + rr * (1 + r + W[7] + W[9]);
  W[2] = k;
}

// 1/(2n + 1) for n = 3..12: the atanh series beyond z/3 and z²/5
const A7 = 1 / 7;
const A9 = 1 / 9;
const A11 = 1 / 11;
const A13 = 1 / 13;
const A15 = 1 / 15;
const A17 = 1 / 17;
const A19 = 1 / 19;
const A21 = 1 / 21;
const A23 = 1 / 23;
const A25 = 1 / 25;

/** For a finite x > 0: x = 2^k·(1 + f) with 1 + f in [√½, √2); sets W[11] = k, W[12] = f (exact). */
function reduce(x: number): void {
  let k = 0;
  if (x < 2.2250738585072014e-308) {
    x *= 18014398509481984; // 2^54
    k = -54;
  }
  F64[0] = x;
  const hi = U32[HI];
  k += (hi >>> 20) - 1023;
  U32[HI] = (hi & 0x000fffff) | 0x3ff00000;
  let m = F64[0]; // in [1, 2)
  if (m > SQRT2) {
    m *= 0.5;
    k += 1;
  }
  W[11] = k;
  W[12] = m - 1; // exact
}

const A3 = 1 / 3;
const A5 = 1 / 5;

/**
 * ln x + extra for a finite x > 0 and a tiny correction `extra`, rounded once: u = f/(2 + f) as a pair,
 * then 2u + 2u·V with V = u²/3 + u⁴/5 + … in doubles (2u·V is at most 1/100 of the result, so its
 * rounding stays below 2^-59 of it). Error about 0.5 ulp; the pair version below is for `pow`.
 */
function logRounded(x: number, extra: number): number {
  reduce(x);
  const k = W[11];
  const f = W[12];
  if (f === 0) {
    twoProd(k, LN2_DH);
    return W[0] + (W[1] + k * LN2_DL + extra);
  }
  const den = 2 + f;
  const dl = f - (den - 2);
  const uh = f / den;
  twoProd(uh, den);
  const ul = (f - W[0] - W[1] - uh * dl) / den;
  const z = uh * uh;
  const v = z * (A3 + z * (A5 + z * (A7 + z * (A9 + z * (A11 + z * (A13 + z * (A15 + z * (A17 + z * (A19 + z * (A21 + z * (A23 + z * A25)))))))))));
  const u2 = 2 * uh;
  const small = 2 * ul + u2 * v + extra;
  if (k === 0) return u2 + small;
  twoSum(k * LN2_HI, u2);
  return W[0] + (W[1] + small + k * LN2_LO);
}

/** For a finite x > 0: sets W[5] + W[6] = ln x (about 100 bits). */
function logCore(x: number): void {
  reduce(x);
  const k = W[11];
  const f = W[12];
  if (f === 0) {
    twoProd(k, LN2_DH);
    fastTwoSum(W[0], W[1] + k * LN2_DL);
    W[5] = W[0];
    W[6] = W[1];
    return;
  }
  // u = f / (2 + f) as a double-double
  fastTwoSum(2, f);
  const dh = W[0];
  const dl = W[1];
  const q1 = f / dh;
  twoProd(q1, dh);
  const q2 = (f - W[0] - W[1] - q1 * dl) / dh;
  fastTwoSum(q1, q2);
  const uh = W[0];
  const ul = W[1];
  // z = u²
  twoProd(uh, uh);
  const zh0 = W[0];
  const zl0 = W[1] + 2 * uh * ul;
  fastTwoSum(zh0, zl0);
  const zh = W[0];
  const zl = W[1];
  // z/3
  const t1h = zh / 3;
  twoProd(t1h, 3);
  const t1l = (zh - W[0] - W[1] + zl) / 3;
  // z²/5
  twoProd(zh, zh);
  const wh = W[0];
  const wl = W[1] + 2 * zh * zl;
  const t2h = wh / 5;
  twoProd(t2h, 5);
  const t2l = (wh - W[0] - W[1] + wl) / 5;
  // z³·(1/7 + z/9 + …)
  const t3 = zh * zh * zh * (A7 + zh * (A9 + zh * (A11 + zh * (A13 + zh * (A15 + zh * (A17 + zh * (A19 + zh * (A21 + zh * (A23 + zh * A25)))))))));
  // V = z/3 + z²/5 + z³·P(z)
  fastTwoSum(t1h, t2h);
  const vh0 = W[0];
  const vl0 = W[1] + t1l + t2l + t3;
  fastTwoSum(vh0, vl0);
  const vh = W[0];
  const vl = W[1];
  // ln m = 2u + 2u·V
  twoProd(uh, vh);
  const ph = 2 * W[0];
  const pl = 2 * (W[1] + uh * vl + ul * vh);
  fastTwoSum(2 * uh, ph);
  const bh = W[0];
  const bl = W[1] + 2 * ul + pl;
  // + k·ln 2
  if (k === 0) {
    fastTwoSum(bh, bl);
  } else {
    twoProd(k, LN2_DH);
    const ah = W[0];
    const al = W[1] + k * LN2_DL;
    twoSum(ah, bh);
    fastTwoSum(W[0], W[1] + al + bl);
  }
  W[5] = W[0];
  W[6] = W[1];
}

/** Natural logarithm, as `Math.log` (NaN below 0, −Infinity at ±0), within 1 ulp on every runtime. */
export function log(x: number): number {
  if (!(x > 0)) return x === 0 ? Number.NEGATIVE_INFINITY : Number.NaN;
  if (x === Number.POSITIVE_INFINITY) return x;
  return logRounded(x, 0);
}

/** ln(1 + x), accurate for x near 0, as `Math.log1p`; within 1 ulp on every runtime. */
export function log1p(x: number): number {
  if (!(x > -1)) return x === -1 ? Number.NEGATIVE_INFINITY : Number.NaN;
  if (x === Number.POSITIVE_INFINITY) return x;
  if (Math.abs(x) < 5.551115123125783e-17) return x; // |x| < 2^-54: x − x²/2 rounds to x (keeps −0)
  twoSum(1, x);
  const a = W[0];
  const c = W[1];
  // ln(a + c) = ln a + c/a (c/a below 2^-53, its square is far below the last bit)
  return logRounded(a, c / a);
}

/** e^x, as `Math.exp`, within 1 ulp on every runtime. */
export function exp(x: number): number {
  if (!(x <= 710)) return x === x ? Number.POSITIVE_INFINITY : Number.NaN;
  if (x < -750) return 0;
  expCore(x, 0);
  return scale(W[3] + W[4], W[2]);
}

/** e^x − 1, accurate for x near 0, as `Math.expm1`; within 1 ulp on every runtime. */
export function expm1(x: number): number {
  if (!(x <= 707)) return x === x ? exp(x) : Number.NaN;
  if (x < -40) return -1; // e^x below 2^-57: −1 + e^x rounds to −1
  const ax = Math.abs(x);
  if (ax < 5.551115123125783e-17) return x; // keeps −0
  if (ax < 0.34657359027997264) {
    // x + x²/2 + x³/6 as pairs, then the rest of the series
    squareAndCube(x);
    const x2 = x * x;
    const t = x2 * x2 * expTail(x);
    fastTwoSum(x, W[7]);
    const e1 = W[1];
    fastTwoSum(W[0], W[9]);
    return W[0] + (e1 + W[1] + W[8] + W[10] + t);
  }
  expCore(x, 0);
  const p = pow2(W[2]);
  twoSum(W[3] * p, -1);
  return W[0] + (W[1] + W[4] * p);
}

/**
 * |x|^n for an integer n (|n| ≥ 3) by repeated squaring in double-double arithmetic (about 100 bits, so
 * the one rounding at the end decides, and exact powers such as 10²³ round to even as they should);
 * NaN when that does not apply: |n| above 1024 or a power that could leave [2^-900, 2^900] on the way.
 */
function integerPower(ax: number, n: number): number {
  const m = Math.abs(n);
  if (!(m <= 1024) || !(ax >= 2.2250738585072014e-308)) return Number.NaN;
  F64[0] = ax;
  const e = (U32[HI] >>> 20) - 1023;
  if (m * (Math.abs(e) + 1) > 900) return Number.NaN;
  let bh = ax;
  let bl = 0;
  let rh = 1;
  let rl = 0;
  for (let k = m; ; ) {
    if (k % 2 === 1) {
      twoProd(rh, bh);
      fastTwoSum(W[0], W[1] + rh * bl + rl * bh);
      rh = W[0];
      rl = W[1];
    }
    k = Math.floor(k / 2);
    if (k === 0) break;
    twoProd(bh, bh);
    fastTwoSum(W[0], W[1] + 2 * bh * bl);
    bh = W[0];
    bl = W[1];
  }
  if (n > 0) return rh + rl;
  // 1 / (rh + rl): one Newton correction of the quotient
  const q1 = 1 / rh;
  twoProd(q1, rh);
  const q2 = (1 - W[0] - W[1] - q1 * rl) / rh;
  return q1 + q2;
}

/** Whether y (finite) is an odd integer. */
function isOddInteger(y: number): boolean {
  return Math.abs(y) < 9007199254740992 && Math.floor(y) === y && Math.abs(y % 2) === 1;
}

/**
 * x^y, as `Math.pow` and `**` (their special cases: NaN exponents, ±0, ±Infinity, negative bases with
 * integer exponents), within 1 ulp on every runtime: e^(y·ln x) with ln x as a double-double, so the
 * error stays below 1 ulp for |y·ln x| up to the overflow limit. Exact powers (10², 2⁻⁶⁴, 1.5³) come out exact.
 */
export function pow(x: number, y: number): number {
  if (y !== y) return Number.NaN;
  if (y === 0) return 1;
  if (x !== x) return Number.NaN;
  if (y === 1) return x;
  if (y === 2) return x * x;
  if (y === -1) return 1 / x;
  const ax = Math.abs(x);
  const yInf = y === Number.POSITIVE_INFINITY || y === Number.NEGATIVE_INFINITY;
  if (yInf) {
    if (ax === 1) return Number.NaN;
    return ax > 1 === y > 0 ? Number.POSITIVE_INFINITY : 0;
  }
  const negative = x < 0 || (x === 0 && 1 / x < 0);
  const odd = negative && isOddInteger(y);
  if (x < 0 && x !== Number.NEGATIVE_INFINITY && Math.floor(y) !== y) return Number.NaN;
  let r: number;
  if (ax === 0) r = y > 0 ? 0 : Number.POSITIVE_INFINITY;
  else if (ax === Number.POSITIVE_INFINITY) r = y > 0 ? Number.POSITIVE_INFINITY : 0;
  else if (ax === 1) r = 1;
  else if (Math.abs(y) > 1.8446744073709552e19) r = ax > 1 === y > 0 ? Number.POSITIVE_INFINITY : 0; // |y| > 2^64: |y·ln x| > 2^11
  else if (Math.floor(y) === y && (r = integerPower(ax, y)) === r) {
    // exact-ish integer power
  } else {
    logCore(ax);
    const lh = W[5];
    const ll = W[6];
    twoProd(y, lh);
    const zh = W[0];
    const zl = W[1] + y * ll;
    if (zh > 710) r = Number.POSITIVE_INFINITY;
    else if (zh < -750) r = 0;
    else {
      expCore(zh, zl);
      r = scale(W[3] + W[4], W[2]);
    }
  }
  return odd ? -r : r;
}
