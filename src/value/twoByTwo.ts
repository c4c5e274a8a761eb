import { quantilesType7 } from "../internal/quantile.js";

/** How a 2×2 split finds each axis's threshold. */
export type SplitOption = "mean" | "median" | number;

/** Threshold of one axis: mean (compensated), type-7 median, or the given number. */
export function axisThreshold(values: Float64Array, split: SplitOption): number {
  if (typeof split === "number") return split;
  if (split === "median") return quantilesType7(values, [0.5], "linear")[0];
  let s = 0;
  let c = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const t = s + v;
    c += Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s;
    s = t;
  }
  return (s + c) / values.length;
}

/** Cell definitions of a 2×2 matrix, by (x high, y high). */
export interface Cell {
  readonly id: string;
  readonly label: string;
  readonly labelZh: string;
  readonly action: string;
}
