import { compensatedSum } from "./neumaier.js";

/**
 * 2^-64 and 2^64, the project's one scale for sums that would leave the doubles: scaling by a power of
 * two is exact, so a scaled sum keeps every bit of the terms.
 */
export const DOWN: number = 2 ** -64;
/** 2^64, see {@link DOWN}. */
export const UP: number = 2 ** 64;

/**
 * Arithmetic mean with compensated (Neumaier) summation: the result does not depend on order.
 * Overflow-safe: the mean of finite values is always finite (between their minimum and maximum), also
 * when their sum is not (two amounts of 1e308): the sum is then taken on values scaled by 2^-64 and
 * the mean scaled back, which gives the same result the exact sum would. NaN for an empty input.
 */
export function compensatedMean(values: ArrayLike<number>): number {
  const n = values.length;
  const plain = compensatedSum(n, (i) => values[i]) / n;
  if (plain - plain === 0 || n === 0) return plain;
  const scaled = (compensatedSum(n, (i) => values[i] * DOWN) / n) * UP;
  if (scaled - scaled !== 0) return scaled; // a term was not finite
  // Rounding can step one ulp outside the values' range at the very top of the doubles.
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    if (values[i] < lo) lo = values[i];
    if (values[i] > hi) hi = values[i];
  }
  return Math.min(hi, Math.max(lo, scaled));
}
