/**
 * Compensated (Neumaier) summation, the project's one way of adding money and likelihoods so that a
 * total does not depend on the order of its terms (to the last bit in practice).
 *
 * Overflow: a sum whose running total leaves the doubles is ±Infinity, never NaN (the compensation
 * of a step that overflowed is 0). {@link compensatedSum} returns that ±Infinity; {@link checkedSum}
 * throws `AnalyticsInputError` code `overflow` instead, naming the function and where.
 *
 * @see Neumaier, A. (1974). Rundungsfehleranalyse einiger Verfahren zur Summation endlicher Summen.
 *   ZAMM 54(1), 39–51.
 */
import { checkFinite, type OverflowSite } from "./overflow.js";

/**
 * The rounding error of `t = s + v`: add it to a running compensation, and the compensation to the
 * sum at the end. 0 when `t` is not finite, so an overflowing sum stays ±Infinity instead of turning
 * into NaN (Infinity − Infinity).
 */
export function sumError(s: number, v: number, t: number): number {
  if (t - t !== 0) return 0;
  return Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s;
}

/** Σ term(i) for i < n, compensated; ±Infinity when the running total overflows (never NaN from finite terms). */
export function compensatedSum(n: number, term: (i: number) => number): number {
  let s = 0;
  let c = 0;
  for (let i = 0; i < n; i++) {
    const v = term(i);
    const t = s + v;
    c += sumError(s, v, t);
    s = t;
  }
  return s - s === 0 ? s + c : s;
}

/**
 * {@link compensatedSum}, but a total that is not finite throws `AnalyticsInputError` code
 * `overflow` from function `fn`; `what` names the sum in the message ("the revenue of segment x").
 */
export function checkedSum(fn: string, what: string, n: number, term: (i: number) => number, site?: OverflowSite): number {
  return checkFinite(fn, compensatedSum(n, term), what, site);
}
