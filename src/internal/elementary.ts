/**
 * Logarithm, exponential and power computed with + − × ÷ only, so that every runtime gives the same
 * bits. `Math.log`, `Math.exp`, `Math.pow` and friends are not specified to the last bit by
 * ECMAScript, and V8 versions differ in the last place (Node 20 and Deno 2 disagree on about 5% of
 * random logarithms and 10% of exponentials); through a model fit that moves predictions by 1e-5 and
 * customers across quadrant boundaries. Basic arithmetic, `Math.sqrt`, `Math.round`, `Math.floor` and
 * `Math.abs` are exactly specified (IEEE 754), so these functions give identical results everywhere.
 *
 * Accuracy: within 1 ulp of the correctly rounded result over the whole double range; on the 5,183
 * reference cases of test/fixtures/elementary (Python decimal) every result is the correctly rounded
 * value; on 120,000 further random arguments (measured once) 99.9% or more of each function. Special
 * values (NaN, ±0, ±Infinity, negative arguments, subnormals) behave as the corresponding `Math`
 * function does.
 *
 * Method (no fused multiply-add: products are made exact by Dekker's splitting):
 * - `log`: x = 2^k·z, z = c·(1 + r) with 1/c from a 256-entry table (at most 21 bits, so r is exact),
 *   ln x = k·ln 2 + ln c + ln(1 + r), the large parts summed exactly, ln(1 + r) − r by its series.
 * - `exp`: x = (128k + j)·ln2/128 + r, eˣ = 2^k·2^(j/128)·eʳ with 2^(j/128) from a table as a pair.
 * - the tables are filled when the module loads, from a double-double logarithm (x = 2^k·m,
 *   ln m = 2·atanh(u), u = (m − 1)/(m + 1), about 100 bits) and a double-double exponential core (Taylor
 *   series of eʳ to degree 14 with 1 + r + r²/2 + r³/6 kept exact): pure arithmetic, so the same bits
 *   everywhere.
 * - `pow`: integer exponents up to 1024 by repeated squaring in double-double, otherwise e^(y·ln x) with
 *   ln x as a double-double, so the error stays below 1 ulp for |y·ln x| up to the overflow limit.
 *
 * @see Dekker, T. J. (1971). A floating-point technique for extending the available precision.
 *   Numerische Mathematik 18, 224–242.
 * @see Muller, J.-M. (2016). Elementary Functions: Algorithms and Implementation (3rd ed.). Birkhäuser.
 */

// --- bits of a double (endianness of the platform detected once); only read, never written: a
// double built by writing its halves would stall the processor's store forwarding ---
const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
F64[0] = 1;
const HI = U32[1] === 0x3ff00000 ? 1 : 0;

// 2^j for j in [−1074, 1023] at POW2[j + 1074], exact (built by doubling and halving)
const POW2 = new Float64Array(2098);
POW2[1074] = 1;
for (let j = 1; j <= 1023; j++) POW2[1074 + j] = POW2[1073 + j] * 2;
for (let j = 1; j <= 1074; j++) POW2[1074 - j] = POW2[1075 - j] / 2;

/** 2^k for an integer k in [−1074, 1023]. */
function pow2(k: number): number {
  return POW2[k + 1074];
}

/** v·2^k for any integer k, rounded once (v·2^k exact in range, the last step rounds). */
function scale(v: number, k: number): number {
  if (k > 1023) return v * pow2(1023) * pow2(k - 1023);
  if (k < -1022) return v * pow2(k + 600) * pow2(-600);
  return v * pow2(k);
}

// Results of the helpers below go through this scratch array (doubles stored unboxed; module-level
// `let` numbers would be boxed on every write): [0], [1] the pair of twoSum/twoProd; [2..4] the
// exponential core 2^k·(hi + lo); [5], [6] the logarithm core hi + lo; [7..10] unused;
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
const INV6 = 1 / 6;

/** (eʳ − 1 − r − r²/2 − r³/6) / r⁴ for |r| ≤ 0.35, truncation below 2^-63 relative to eʳ. */
function expTail(r: number): number {
  // two interleaved halves in r² (shorter dependency chains)
  const q = r * r;
  const even = C4 + q * (C6 + q * (C8 + q * (C10 + q * (C12 + q * C14))));
  const odd = C5 + q * (C7 + q * (C9 + q * (C11 + q * C13)));
  return even + r * odd;
}

// Table of 2^(j/128) = EXP2_HI[j] + EXP2_LO[j] (about 100 bits), filled in at the end of this module
// from the exponential core and one Newton step with the double-double logarithm.
const EXP2_HI = new Float64Array(128);
const EXP2_LO = new Float64Array(128);
const INV_LN2_128 = 184.6649652337873; // 128/ln 2
const LN2_128_HI = 0.0054152123482253955; // ln2/128 to 35 bits: n·LN2_128_HI is exact for |n| < 2^18
const LN2_128_LO = -1.0082281460997769e-13; // ln2/128 − LN2_128_HI

// exp core: e^(xh + xl) = 2^W[2] · (W[3] + W[4]), the pair with about 62 bits

/** For |xh| ≤ 750 and |xl| tiny next to xh: sets W[2], W[3], W[4]. Written out with locals (hot). */
function expCore(xh: number, xl: number): void {
  const k = Math.round(xh * INV_LN2);
  const rh = xh - k * LN2_HI; // exact
  const rl = xl - k * LN2_LO;
  // r + rr = rh + rl
  const r = rh + rl;
  const bb = r - rh;
  const rr = rh - (r - bb) + (rl - bb);
  // r² = ph + pl exactly (Dekker), r³ = ch + cl
  const ph = r * r;
  let t = SPLIT * r;
  const rhi = t - (t - r);
  const rlo = r - rhi;
  const pl = rhi * rhi - ph + 2 * rhi * rlo + rlo * rlo;
  const ch = ph * r;
  t = SPLIT * ph;
  const phi = t - (t - ph);
  const plo = ph - phi;
  const cl = phi * rhi - ch + phi * rlo + plo * rhi + plo * rlo + pl * r;
  // r²/2 = q2 + q2l, r³/6 = q3 + q3l
  const q2 = 0.5 * ph;
  const q2l = 0.5 * pl;
  const q3 = ch * INV6;
  t = SPLIT * q3;
  const q3hi = t - (t - q3);
  const q3lo = q3 - q3hi;
  const p6 = q3 * 6;
  const q3l = (ch - p6 - (q3hi * 6 - p6 + q3lo * 6) + cl) * INV6; // a remainder: its rounding is negligible
  const tail = ph * ph * expTail(r);
  // 1 + r + q2 + q3 summed exactly, the small parts after
  const s1 = 1 + r;
  const e1 = r - (s1 - 1);
  const s2 = s1 + q2;
  const e2 = q2 - (s2 - s1);
  const s3 = s2 + q3;
  const e3 = q3 - (s3 - s2);
  W[3] = s3;
  W[4] = e1 + e2 + e3 + q2l + q3l + tail + rr * (1 + r + q2 + q3);
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
  const e = (U32[HI] >>> 20) - 1023;
  k += e;
  let m = x * POW2[1074 - e]; // in [1, 2)
  if (m > SQRT2) {
    m *= 0.5;
    k += 1;
  }
  W[11] = k;
  W[12] = m - 1; // exact
}


// Table of the rounded logarithm: the top 8 bits of the significand pick an interval of width 1/256
// and a point c in it with 1/c = INV_C[i] of at most 21 bits, so that z·(1/c) − 1 is exact for z of
// 31 bits; ln c = −ln(1/c) = LOG_C_HI[i] + LOG_C_LO[i] is filled in at the end of this module by the
// double-double logarithm itself (so the table is the same bits everywhere). Intervals at or above √2
// are taken halved (z = m/2, k + 1), so the two intervals next to 1 (c = 1) hold x near 1 on both sides.
const INV_C = new Float64Array(256);
const LOG_C_HI = new Float64Array(256);
const LOG_C_LO = new Float64Array(256);
const HALVED_FROM = 106; // 1 + 106/256 ≥ √2
const SPLIT31 = 4194305; // 2^22 + 1: the high part keeps 31 bits
// 1/n for the series of ln(1 + r) beyond r: |r| < 2^-8, terms to r⁸ (the next is below 2^-67 of r)
const B3 = 1 / 3;
const B5 = 1 / 5;
const B7 = 1 / 7;

/**
 * ln x + extra for a finite x > 0 and a tiny correction `extra`, rounded once (error about 0.51 ulp):
 * x = 2^k·z, z = c·(1 + r) with c from the table, ln x = k·ln 2 + ln c + ln(1 + r), the large parts
 * summed exactly and ln(1 + r) − r by its series. No division, no bit writes (this is the hottest
 * function of the model fits); the double-double version below is for `pow`.
 */
function logRounded(x: number, extra: number): number {
  let k = 0;
  if (x < 2.2250738585072014e-308) {
    x *= 18014398509481984; // 2^54
    k = -54;
  }
  F64[0] = x;
  const bits = U32[HI];
  const e = (bits >>> 20) - 1023;
  const i = (bits >>> 12) & 255;
  let z = x * POW2[1074 - e]; // in [1, 2)
  k += e;
  if (i >= HALVED_FROM) {
    z *= 0.5;
    k += 1;
  }
  const invc = INV_C[i];
  // r = z·invc − 1 exactly as rh + rl: z split into 31 + 22 bits, invc has at most 21
  const t = SPLIT31 * z;
  const zh = t - (t - z);
  const rh = zh * invc - 1;
  const rl = (z - zh) * invc;
  const r = rh + rl;
  const br = r - rh;
  const rr = rh - (r - br) + (rl - br); // r + rr = rh + rl
  const r2 = r * r;
  // ln(1 + r) − r = −r²/2 + r³/3 − … in two interleaved halves
  const odd = B3 + r2 * (B5 + r2 * B7);
  const even = -0.5 + r2 * (-0.25 + r2 * (-1 / 6 + r2 * -0.125));
  const series = r2 * (even + r * odd);
  // k·ln2_hi + ln c + r, summed exactly
  const a = k * LN2_HI; // exact
  const b = LOG_C_HI[i];
  const s1 = a + b;
  const b1 = s1 - a;
  const e1 = a - (s1 - b1) + (b - b1);
  const s2 = s1 + r;
  const b2 = s2 - s1;
  const e2 = s1 - (s2 - b2) + (r - b2);
  return s2 + (e1 + e2 + rr + series + LOG_C_LO[i] + k * LN2_LO + extra);
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
  const ax = Math.abs(x);
  if (ax < 5.551115123125783e-17) return x; // |x| < 2^-54: x − x²/2 rounds to x (keeps −0)
  if (ax < 1.52587890625e-5) {
    // |x| < 2^-16: the series, x exact and the rest below 2^-16 of it (truncation below 2^-80)
    return x + x * x * (-0.5 + x * (B3 + x * (-0.25 + x * 0.2)));
  }
  const a = 1 + x;
  const bb = a - 1;
  const c = 1 - (a - bb) + (x - bb); // a + c = 1 + x exactly
  // ln(a + c) = ln a + c/a (c/a below 2^-53, its square is far below the last bit)
  return logRounded(a, c / a);
}

/** e^x, as `Math.exp`, within 1 ulp on every runtime. */
export function exp(x: number): number {
  if (!(x <= 710)) return x === x ? Number.POSITIVE_INFINITY : Number.NaN;
  if (x < -750) return 0;
  // x = (128k + j)·ln2/128 + r, |r| ≤ ln2/256; eˣ = 2^k · 2^(j/128) · eʳ with 2^(j/128) from the table
  const n = x * INV_LN2_128 + 6755399441055744 - 6755399441055744; // round to nearest: 1.5·2^52 leaves no fraction bits
  const rh = x - n * LN2_128_HI; // exact
  const rl = -n * LN2_128_LO;
  const r = rh + rl;
  const br = r - rh;
  const rr = rh - (r - br) + (rl - br);
  // eʳ − 1 to r⁵ (the next term is below 2^-60 of eʳ)
  const p = r + r * r * (0.5 + r * (C3 + r * (C4 + r * C5)));
  const j = n & 127;
  const th = EXP2_HI[j];
  const v = th + (EXP2_LO[j] + th * (p + rr));
  const k = (n - j) * 0.0078125; // (n − j)/128
  return k >= -1022 && k <= 1023 ? v * POW2[k + 1074] : scale(v, k);
}

/** e^x − 1, accurate for x near 0, as `Math.expm1`; within 1 ulp on every runtime. */
export function expm1(x: number): number {
  if (!(x <= 707)) return x === x ? exp(x) : Number.NaN;
  if (x < -40) return -1; // e^x below 2^-57: −1 + e^x rounds to −1
  const ax = Math.abs(x);
  if (ax < 5.551115123125783e-17) return x; // keeps −0
  if (ax < 0.34657359027997264) {
    // x + x²/2 + x³/6 as pairs, then the rest of the series. x²/2 = q2 + q2l exactly and x³/6 = q3 + q3l
    // to about 100 bits (x³/6 is up to 1/145 of eˣ, so a plain double would leave errors of 2^-60): the
    // products of twoProd written out with locals (this branch is hot in Pareto/NBD's series)
    const p = x * x;
    let t = SPLIT * x;
    const xh = t - (t - x);
    const xl = x - xh;
    const pl = xh * xh - p + xh * xl + xl * xh + xl * xl; // x² = p + pl
    const q2 = p * 0.5;
    const q2l = pl * 0.5;
    const ch = p * x;
    t = SPLIT * p;
    const ph = t - (t - p);
    const plo = p - ph;
    const cl = ph * xh - ch + ph * xl + plo * xh + plo * xl + pl * x; // x³ = ch + cl
    const q3 = ch * INV6;
    const p6 = q3 * 6;
    t = SPLIT * q3;
    const q3h = t - (t - q3);
    const q3lo = q3 - q3h;
    t = SPLIT * 6;
    const sixH = t - (t - 6);
    const sixL = 6 - sixH;
    const r6 = q3h * sixH - p6 + q3h * sixL + q3lo * sixH + q3lo * sixL; // q3·6 = p6 + r6
    const q3l = (ch - p6 - r6 + cl) * INV6; // a remainder: its rounding is negligible
    const x2 = x * x;
    const tail = x2 * x2 * expTail(x);
    const s1 = x + q2;
    const e1 = q2 - (s1 - x);
    const s2 = s1 + q3;
    const e2 = q3 - (s2 - s1);
    return s2 + (e1 + e2 + q2l + q3l + tail);
  }
  // as in exp: 2^k·2^(j/128)·eʳ, then 2^k·2^(j/128) − 1 exactly (a pair) and the rest added once
  const n = x * INV_LN2_128 + 6755399441055744 - 6755399441055744;
  const rh = x - n * LN2_128_HI;
  const rl = -n * LN2_128_LO;
  const r = rh + rl;
  const br = r - rh;
  const rr = rh - (r - br) + (rl - br);
  const p = r + r * r * (0.5 + r * (C3 + r * (C4 + r * C5)));
  const j = n & 127;
  const scaleK = POW2[(n - j) * 0.0078125 + 1074]; // k in [−58, 1020] here
  const th = EXP2_HI[j] * scaleK; // exact
  const s1 = th - 1;
  const b1 = s1 - th;
  const e1 = th - (s1 - b1) + (-1 - b1);
  return s1 + (e1 + EXP2_LO[j] * scaleK + th * (p + rr));
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

// the table of the rounded logarithm (see INV_C)
for (let i = 0; i < 256; i++) {
  const halved = i >= HALVED_FROM;
  const center = (1 + (i + 0.5) / 256) * (halved ? 0.5 : 1);
  // the intervals next to 1 use c = 1 itself (r = z − 1 exactly, nothing cancels near x = 1)
  const invc = i === 0 || i === 255 ? 1 : Math.round(1048576 / center) / 1048576;
  INV_C[i] = invc;
  logCore(invc);
  LOG_C_HI[i] = -W[5];
  LOG_C_LO[i] = -W[6];
}

// the table of 2^(j/128): e^(j·ln2/128) by the core, then y + y·(j·ln2/128 − ln y) with ln y as a pair
for (let j = 0; j < 128; j++) {
  expCore((j * LN2_DH) / 128, (j * LN2_DL) / 128);
  const y = scale(W[3] + W[4], W[2]);
  logCore(y);
  twoProd(j, LN2_DH);
  const d = (W[0] / 128 - W[5]) + (W[1] / 128 + (j * LN2_DL) / 128 - W[6]);
  EXP2_HI[j] = y;
  EXP2_LO[j] = y * d;
}
