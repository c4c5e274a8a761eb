import { compensatedMean } from "./mean.js";
import { quantilesType7 } from "./quantile.js";

/** How a threshold was found: the mean or the median of the values, or a number the caller gave. */
export type ThresholdMethod = "mean" | "median" | "given";

/** How a high/low split finds its threshold: mean, median, or a given number. */
export type SplitOption = "mean" | "median" | number;

/**
 * Threshold of one axis: compensated mean, type-7 median, or the given number. Finite for finite
 * values, also near ±1.8e308 (the mean and the quantile are overflow-safe).
 */
export function axisThreshold(values: Float64Array, split: SplitOption): number {
  if (typeof split === "number") return split;
  if (split === "median") return quantilesType7(values, [0.5], "linear")[0];
  return compensatedMean(values);
}
