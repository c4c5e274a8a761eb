import type { ThresholdMethod } from "../internal/threshold.js";
import { z } from "zod";
import { axisThreshold } from "../internal/threshold.js";

/** A cell of a 2×2 value matrix: stable id, English and Chinese labels, the suggested action in both. */
export interface MatrixCell {
  readonly id: string;
  readonly label: string;
  readonly labelZh: string;
  readonly action: string;
  /** The suggested action in Chinese. */
  readonly actionZh: string;
}

export type { ThresholdMethod };

/** The `meta` of a 2×2 analysis with axes `Axis` (e.g. `"current" | "potential"`). */
export interface TwoByTwoMeta<Axis extends string> {
  customers: number;
  /** The threshold of each axis. */
  thresholds: Record<Axis, number>;
  /** How each threshold was found. */
  thresholdMethod: Record<Axis, ThresholdMethod>;
  ties: "low" | "high";
  /** Customers per cell id. */
  counts: Record<string, number>;
}

/** The `thresholds` option of a 2×2 analysis: `"mean"`, `"median"`, or given numbers per axis. */
export function thresholdsOptionSchema<X extends string, Y extends string>(x: X, y: Y) {
  const given = z.number().finite().optional();
  return z.union([z.enum(["mean", "median"]), z.strictObject({ [x]: given, [y]: given } as Record<X | Y, typeof given>)]).optional();
}

/**
 * Splits the two axes and assigns each customer the id of its cell (`cellOf(xHigh, yHigh)`), with the
 * meta every 2×2 analysis returns.
 */
export function twoByTwo<X extends string, Y extends string>(
  axes: readonly [X, Y],
  x: Float64Array,
  y: Float64Array,
  given: "mean" | "median" | Partial<Record<X | Y, number>> | undefined,
  ties: "low" | "high",
  cells: readonly MatrixCell[],
  cellOf: (xHigh: boolean, yHigh: boolean) => string,
): { cell: string[]; meta: TwoByTwoMeta<X | Y> } {
  const [ax, ay] = axes;
  const s = axisThresholds(x, y, typeof given === "object" ? { x: given[ax], y: given[ay] } : given);
  // the four cells' ids looked up once, indexed by 2·xHigh + yHigh
  const ids = [cellOf(false, false), cellOf(false, true), cellOf(true, false), cellOf(true, true)];
  const tally = [0, 0, 0, 0];
  const n = x.length;
  const cell: string[] = new Array(n);
  const tx = s.thresholds.x;
  const ty = s.thresholds.y;
  // one pass: each customer's side of both thresholds, its cell and the tallies
  if (ties === "low") {
    for (let i = 0; i < n; i++) {
      const k = 2 * +(x[i] > tx) + +(y[i] > ty);
      cell[i] = ids[k];
      tally[k]++;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const k = 2 * +(x[i] >= tx) + +(y[i] >= ty);
      cell[i] = ids[k];
      tally[k]++;
    }
  }
  const counts: Record<string, number> = Object.fromEntries(cells.map((c) => [c.id, 0]));
  ids.forEach((id, k) => (counts[id] += tally[k]));
  const pair = <T>(a: T, b: T) => ({ [ax]: a, [ay]: b }) as Record<X | Y, T>;
  return {
    cell,
    meta: { customers: x.length, thresholds: pair(s.thresholds.x, s.thresholds.y), thresholdMethod: pair(s.methods.x, s.methods.y), ties, counts },
  };
}

/** The threshold of each of two axes and how it was found. */
interface TwoAxisThresholds {
  thresholds: { x: number; y: number };
  methods: { x: ThresholdMethod; y: ThresholdMethod };
}

/**
 * The thresholds of two value columns (mean, type-7 median, or a given number per axis; an axis
 * without a given number uses the mean). Shared by the 2×2 analyses.
 */
function axisThresholds(
  x: Float64Array,
  y: Float64Array,
  thresholds: "mean" | "median" | { x?: number; y?: number } | undefined,
): TwoAxisThresholds {
  const pick = (axis: "x" | "y"): ["mean" | "median" | number, ThresholdMethod] => {
    if (typeof thresholds === "object") {
      const given = thresholds[axis];
      return given !== undefined ? [given, "given"] : ["mean", "mean"];
    }
    return [thresholds ?? "mean", thresholds ?? "mean"];
  };
  const [sx, hx] = pick("x");
  const [sy, hy] = pick("y");
  return { thresholds: { x: axisThreshold(x, sx), y: axisThreshold(y, sy) }, methods: { x: hx, y: hy } };
}
