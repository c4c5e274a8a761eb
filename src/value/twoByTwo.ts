import { axisThreshold } from "../internal/threshold.js";

/** A cell of a 2×2 value matrix: stable id, English and Chinese labels, the suggested action. */
export interface MatrixCell {
  readonly id: string;
  readonly label: string;
  readonly labelZh: string;
  readonly action: string;
}

/** How an axis threshold was found: the axis mean, its median, or a number the caller gave. */
export type ThresholdMethod = "mean" | "median" | "given";

/** Two value columns split high/low, with the threshold of each axis and how it was found. */
export interface TwoAxisSplit {
  xHigh: Uint8Array;
  yHigh: Uint8Array;
  thresholds: { x: number; y: number };
  methods: { x: ThresholdMethod; y: ThresholdMethod };
}

/**
 * Splits two value columns at their thresholds (mean, type-7 median, or a given number per axis; an
 * axis without a given number uses the mean). Shared by the 2×2 analyses.
 */
export function splitAtThresholds(
  x: Float64Array,
  y: Float64Array,
  thresholds: "mean" | "median" | { x?: number; y?: number } | undefined,
  ties: "low" | "high",
): TwoAxisSplit {
  const pick = (axis: "x" | "y"): ["mean" | "median" | number, ThresholdMethod] => {
    if (typeof thresholds === "object") {
      const given = thresholds[axis];
      return given !== undefined ? [given, "given"] : ["mean", "mean"];
    }
    return [thresholds ?? "mean", thresholds ?? "mean"];
  };
  const [sx, hx] = pick("x");
  const [sy, hy] = pick("y");
  const tx = axisThreshold(x, sx);
  const ty = axisThreshold(y, sy);
  const n = x.length;
  const xHigh = new Uint8Array(n);
  const yHigh = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    xHigh[i] = ties === "low" ? +(x[i] > tx) : +(x[i] >= tx);
    yHigh[i] = ties === "low" ? +(y[i] > ty) : +(y[i] >= ty);
  }
  return { xHigh, yHigh, thresholds: { x: tx, y: ty }, methods: { x: hx, y: hy } };
}
