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
 * The terms shrink like zᵏ, so z within about 1e-4 of 1 would need millions of terms: after
 * `maxTerms` the result is NaN (never a truncated sum), which fits treat as "not here" and predictions
 * report as an error.
 */
export function logHyp2f1(a: number, b: number, c: number, z: number, maxTerms = 200_000): number {
  // Euler's transformation ₂F₁(a, b; c; z) = (1 − z)^(c−a−b) ₂F₁(c − a, c − b; c; z): when a + b > c its
  // terms fall like k^(c−a−b−1)·zᵏ instead of rising like k^(a+b−c−1)·zᵏ (Pareto/NBD near z = 1 needs it)
  // (c − a, c − b > −1: at most the first term changes sign, and the transformed sum stays positive)
  if (z > 0.5 && a + b > c && c - a > -1 && c - b > -1) return (c - a - b) * Math.log1p(-z) + hyp2f1Series(c - a, c - b, c, z, maxTerms);
  return hyp2f1Series(a, b, c, z, maxTerms);
}

function hyp2f1Series(a: number, b: number, c: number, z: number, maxTerms: number): number {
  let logScale = 0;
  let sum = 1;
  let term = 1;
  for (let k = 0; ; k++) {
    if (k >= maxTerms) return Number.NaN;
    term *= ((a + k) * (b + k)) / ((c + k) * (k + 1)) * z;
    sum += term;
    if (sum > 1e200) {
      sum /= 1e200;
      term /= 1e200;
      logScale += 200 * Math.LN10;
    }
    if (Math.abs(term) < Math.abs(sum) * 1e-17 && Math.abs((a + k) * (b + k)) * z < (c + k) * (k + 1)) break;
  }
  return sum > 0 ? Math.log(sum) + logScale : Number.NaN;
}
