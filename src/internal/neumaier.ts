/**
 * Compensated (Neumaier) summation, the project's one way of adding money and likelihoods so that a
 * total does not depend on the order of its terms (to the last bit in practice).
 *
 * @see Neumaier, A. (1974). Rundungsfehleranalyse einiger Verfahren zur Summation endlicher Summen.
 *   ZAMM 54(1), 39–51.
 */

/** The rounding error of `t = s + v`: add it to a running compensation, and the compensation to the sum at the end. */
export function sumError(s: number, v: number, t: number): number {
  return Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s;
}

/** Σ term(i) for i < n, compensated. */
export function compensatedSum(n: number, term: (i: number) => number): number {
  let s = 0;
  let c = 0;
  for (let i = 0; i < n; i++) {
    const v = term(i);
    const t = s + v;
    c += sumError(s, v, t);
    s = t;
  }
  return s + c;
}
