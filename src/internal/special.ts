import { exp, log, log1p } from "./elementary.js";

/**
 * Work done by the series and quadratures below (terms and integrand evaluations), counted so that a
 * fit can stop after a fixed amount of work: a deterministic budget, unlike wall time.
 */
export const work: { units: number } = { units: 0 };

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

const HALF_LN_2PI = 0.5 * log(2 * Math.PI);

/** ln Γ(x) for x > 0 (Lanczos, g = 7; relative error about 1e-15). */
export function lnGamma(x: number): number {
  // below ½ by Γ(x) = Γ(x + 1)/x (no sine, whose last bit varies between runtimes)
  if (x < 0.5) return lnGamma(x + 1) - log(x);
  const z = x - 1;
  let a = LANCZOS[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (z + i);
  return HALF_LN_2PI + (z + 0.5) * log(t) - t + log(a);
}

/** ln(e^a + e^b) without overflow. */
export function logAddExp(a: number, b: number): number {
  if (a === Number.NEGATIVE_INFINITY) return b;
  if (b === Number.NEGATIVE_INFINITY) return a;
  const m = a > b ? a : b;
  return m + log(exp(a - m) + exp(b - m));
}

/**
 * ln ₂F₁(a, b; c; z) for a, b, c > 0 and 0 ≤ z < 1 by its power series, summed with a running scale so
 * that terms as large as 1e300 and beyond stay finite (heavy buyers in BG/NBD need this).
 * The terms shrink like zᵏ, so z within about 1e-4 of 1 would need millions of terms: after
 * `maxTerms` the result is NaN (never a truncated sum), which fits treat as "not here" and predictions
 * report as an error.
 */
export function logHyp2f1(a: number, b: number, c: number, z: number, maxTerms = 200_000): number {
  // Euler's transformation ₂F₁(a, b; c; z) = (1 − z)^(c−a−b) ₂F₁(c − a, c − b; c; z): when a + b > c its
  // terms fall like k^(c−a−b−1)·zᵏ instead of rising like k^(a+b−c−1)·zᵏ (Pareto/NBD near z = 1 needs it)
  // (c − a, c − b > −1: at most the first term changes sign, and the transformed sum stays positive)
  if (z > 0.5 && a + b > c && c - a > -1 && c - b > -1) return (c - a - b) * log1p(-z) + hyp2f1Series(c - a, c - b, c, z, maxTerms);
  return hyp2f1Series(a, b, c, z, maxTerms);
}

function hyp2f1Series(a: number, b: number, c: number, z: number, maxTerms: number): number {
  let logScale = 0;
  let sum = 1;
  let term = 1;
  for (let k = 0; ; k++) {
    if (k >= maxTerms) {
      work.units += k;
      return Number.NaN;
    }
    term *= ((a + k) * (b + k)) / ((c + k) * (k + 1)) * z;
    sum += term;
    if (sum > 1e200) {
      sum /= 1e200;
      term /= 1e200;
      logScale += 200 * Math.LN10;
    }
    if (Math.abs(term) < Math.abs(sum) * 1e-17 && Math.abs((a + k) * (b + k)) * z < (c + k) * (k + 1)) {
      work.units += k + 1;
      break;
    }
  }
  return sum > 0 ? log(sum) + logScale : Number.NaN;
}

/** Stirling's correction lnΓ(z) − [(z − ½)ln z − z + ½ln 2π] for z ≥ 15 (error below 3e-16). */
function stirlingCorrection(z: number): number {
  const z2 = 1 / (z * z);
  return (1 / z) * (1 / 12 + z2 * (-1 / 360 + z2 * (1 / 1260 + z2 * (-1 / 1680 + z2 * (1 / 1188)))));
}

/**
 * ln Γ(a + x) − ln Γ(a) (the log rising factorial) for a > 0, x ≥ 0, exact to rounding for any a: for
 * a ≥ 15 it is the difference of Stirling's series written so nothing large cancels,
 * (a − ½)·log1p(x/a) + x·ln(a + x) − x + [S(a + x) − S(a)], where two `lnGamma` calls would each be
 * about a·ln a and lose everything below their last bit (a = 2e16: steps of 128).
 */
export function lnGammaRatio(a: number, x: number): number {
  if (x === 0) return 0;
  if (a < 15) return lnGamma(a + x) - lnGamma(a);
  return (a - 0.5) * log1p(x / a) + x * log(a + x) - x + (stirlingCorrection(a + x) - stirlingCorrection(a));
}

/**
 * k · ln(a / (a + d)) = −k·log1p(d/a) for a > 0, a + d > 0: exact when d is far below a's last bit
 * (α = 1e99, T = 90: (α + T) − α rounds to 0, d/α does not).
 */
export function logRatioShift(k: number, a: number, d: number): number {
  if (k === 0 || d === 0) return 0;
  return -k * log1p(d / a);
}

// 10-point Gauss–Legendre nodes and weights on [−1, 1] (positive half).
const GL_X = [0.1488743389816312, 0.4333953941292472, 0.6794095682990244, 0.8650633666889845, 0.9739065285171717];
const GL_W = [0.2955242247147529, 0.2692667193099963, 0.219086362515982, 0.1494513491505806, 0.0666713443086881];

/**
 * ln ∫ₐᵇ e^{h(w)} dw for a concave h (a log-concave integrand) with derivative `dh`, whatever its
 * scale: the range is cut where h falls 45 below its maximum (the rest is below e⁻⁴⁵ of the peak),
 * and split into panels over which h falls by at most 3 and that are at most 2 wide, each summed by
 * 10-point Gauss–Legendre (relative error about 1e-13). Bounded work: at most `maxPanels` panels; NaN
 * when that is not enough (never a truncated value). `atNode`, when given, receives every node and its
 * weight relative to e^max (for moments of the integrand: a likelihood's gradient).
 */
export function logIntegralLogConcave(hOf: (w: number) => number, dhOf: (w: number) => number, a: number, b: number, maxPanels = 400, atNode?: (w: number, weight: number) => void): number {
  const h = (w: number) => {
    work.units += 10;
    return hOf(w);
  };
  const dh = (w: number) => {
    work.units += 10;
    return dhOf(w);
  };
  if (!(b > a)) return b === a ? Number.NEGATIVE_INFINITY : Number.NaN;
  if (!(Number.isFinite(a) && Number.isFinite(b))) return Number.NaN;
  // the mode: h' decreases
  let mode: number;
  if (!(dh(a) > 0)) mode = a;
  else if (!(dh(b) < 0)) mode = b;
  else {
    let lo = a;
    let hi = b;
    for (let k = 0; k < 200 && hi - lo > 1e-12 * Math.max(1, Math.abs(lo)); k++) {
      const mid = 0.5 * (lo + hi);
      if (dh(mid) > 0) lo = mid;
      else hi = mid;
    }
    mode = 0.5 * (lo + hi);
  }
  const top = h(mode);
  if (!Number.isFinite(top)) return Number.NaN;
  // where h = level between from (h ≥ level) and to (h < level), h monotone between: safeguarded Newton
  const crossing = (from: number, to: number, level: number): number => {
    let inside = from;
    let outside = to;
    let w = from;
    for (let k = 0; k < 100; k++) {
      const v = h(w) - level;
      if (Math.abs(v) < 0.25) return w;
      if (v > 0) inside = w;
      else outside = w;
      const slope = dh(w);
      let next = w - v / slope;
      if (!(Number.isFinite(next) && (next - inside) * (next - outside) < 0)) next = 0.5 * (inside + outside);
      if (next === w) return w;
      w = next;
    }
    return w;
  };
  const DROP = 3;
  const WIDTH = 2;
  const cuts: number[] = [mode];
  // panels on one side of the mode, outwards until the end of the range or a fall of 45
  const side = (end: number): number[] => {
    const out: number[] = [];
    let w = mode;
    for (let k = 1; out.length < maxPanels; k++) {
      const level = top - DROP * k;
      if (h(end) >= level || k > 15) {
        // the end is within this level (or the fall is past 45): finish with width-capped panels
        const last = k > 15 ? crossing(w, end, top - 45) : end;
        const steps = Math.ceil(Math.abs(last - w) / WIDTH);
        if (!(steps <= maxPanels)) return [Number.NaN];
        for (let j = 1; j <= steps; j++) out.push(w + ((last - w) * j) / steps);
        return out;
      }
      const next = crossing(w, end, level);
      const steps = Math.max(1, Math.ceil(Math.abs(next - w) / WIDTH));
      if (!(steps <= maxPanels)) return [Number.NaN];
      for (let j = 1; j <= steps; j++) out.push(w + ((next - w) * j) / steps);
      w = next;
    }
    return out;
  };
  const right = mode < b ? side(b) : [];
  const left = mode > a ? side(a) : [];
  if (right.length + left.length > maxPanels || right.some(Number.isNaN) || left.some(Number.isNaN)) return Number.NaN;
  for (const w of left) cuts.unshift(w);
  for (const w of right) cuts.push(w);
  let sum = 0;
  for (let i = 0; i + 1 < cuts.length; i++) {
    const lo = cuts[i];
    const hi = cuts[i + 1];
    const half = 0.5 * (hi - lo);
    const mid = 0.5 * (hi + lo);
    if (!(half > 0)) continue;
    let panel = 0;
    for (let j = 0; j < 5; j++) {
      const wl = mid - half * GL_X[j];
      const wr = mid + half * GL_X[j];
      const el = exp(h(wl) - top);
      const er = exp(h(wr) - top);
      panel += GL_W[j] * (el + er);
      // the quadrature's nodes and weights (relative to e^top), for moments of the integrand (gradients)
      if (atNode) (atNode(wl, half * GL_W[j] * el), atNode(wr, half * GL_W[j] * er));
    }
    sum += half * panel;
  }
  return sum > 0 ? top + log(sum) : Number.NaN;
}
