import { compensatedSum } from "./neumaier.js";

/** Arithmetic mean with compensated (Neumaier) summation: the result does not depend on order. */
export function compensatedMean(values: ArrayLike<number>): number {
  return compensatedSum(values.length, (i) => values[i]) / values.length;
}
