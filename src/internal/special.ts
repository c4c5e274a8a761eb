const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7; relative error about 1e-15). */
export function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** ln(e^a + e^b) without overflow. */
export function logAddExp(a: number, b: number): number {
  if (a === Number.NEGATIVE_INFINITY) return b;
  if (b === Number.NEGATIVE_INFINITY) return a;
  const m = a > b ? a : b;
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}

/**
 * ln ₂F₁(a, b; c; z) for a, b, c > 0 and 0 ≤ z < 1 by its power series, summed with a running scale so
 * that terms as large as 1e300 and beyond stay finite (heavy buyers in BG/NBD need this).
 */
export function logHyp2f1(a: number, b: number, c: number, z: number): number {
  let logScale = 0;
  let sum = 1;
  let term = 1;
  for (let k = 0; k < 10_000_000; k++) {
    term *= ((a + k) * (b + k)) / ((c + k) * (k + 1)) * z;
    sum += term;
    if (sum > 1e200) {
      sum /= 1e200;
      term /= 1e200;
      logScale += 200 * Math.LN10;
    }
    if (term < sum * 1e-17 && (a + k) * (b + k) * z < (c + k) * (k + 1)) break;
  }
  return Math.log(sum) + logScale;
}
