import { z } from "zod";
import { parseOptions } from "../options.js";
import type { FieldAccessor } from "../input/types.js";
import { readValueFields } from "./readValues.js";
import { axisThreshold, type SplitOption } from "../internal/threshold.js";

import { CLV_QUADRANTS } from "./clvQuadrantDefinitions.js";

export { CLV_QUADRANTS };

/** Options of {@link clvQuadrants}. */
export interface ClvQuadrantOptions<Row = any> {
  /** Current value (e.g. historical CLV): field or accessor, default `"monetary"`. */
  current?: FieldAccessor<Row>;
  /** Potential value (e.g. predicted or formula CLV): field or accessor. Required. */
  potential: FieldAccessor<Row>;
  /** Where each axis splits: `"mean"` (default), `"median"`, or explicit `{ current, potential }`. */
  split?: "mean" | "median" | { current?: number; potential?: number };
  /** A value equal to the threshold counts as `"low"` (default) or `"high"`. */
  ties?: "low" | "high";
  customerId?: FieldAccessor<Row>;
}

/** One customer's CLV quadrant. */
export interface ClvQuadrantRecord {
  customerId: string;
  current: number;
  potential: number;
  /** `most_valuable` (IV), `loyal` (III), `potential` (II) or `low_value` (I). */
  quadrant: string;
}

/** Result of {@link clvQuadrants}. */
export interface ClvQuadrantResult {
  quadrants: ClvQuadrantRecord[];
  meta: {
    customers: number;
    thresholds: { current: number; potential: number };
    split: { current: "mean" | "median" | "given"; potential: "mean" | "median" | "given" };
    ties: "low" | "high";
    counts: Record<string, number>;
  };
}

const accessor = z.union([z.string().min(1), z.function()]);
const splitSchema = z.union([
  z.enum(["mean", "median"]),
  z.object({ current: z.number().finite().optional(), potential: z.number().finite().optional() }).strict(),
]);
/** The zod object behind {@link clvQuadrantOptionsObject} (internal: `.extend`, `.shape`). */
export const clvQuadrantOptionsObject = z
  .object({ current: accessor.optional(), potential: accessor, split: splitSchema.optional(), ties: z.enum(["low", "high"]).optional(), customerId: accessor.optional() })
  .strict();

/** Splits two value columns at their thresholds; shared by the 2×2 analyses. */
export function splitTwoAxes(
  x: Float64Array,
  y: Float64Array,
  split: "mean" | "median" | { x?: number; y?: number } | undefined,
  ties: "low" | "high",
): { xHigh: Uint8Array; yHigh: Uint8Array; thresholds: { x: number; y: number }; how: { x: "mean" | "median" | "given"; y: "mean" | "median" | "given" } } {
  const pick = (axis: "x" | "y"): [SplitOption, "mean" | "median" | "given"] => {
    if (typeof split === "object") return split[axis] !== undefined ? [split[axis] as number, "given"] : ["mean", "mean"];
    return [split ?? "mean", split ?? "mean"];
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
  return { xHigh, yHigh, thresholds: { x: tx, y: ty }, how: { x: hx, y: hy } };
}

/**
 * CLV quadrants: each customer's current value against potential value, each high or low against its
 * mean (default), median or a given threshold (a value equal to the threshold is low unless
 * `ties: "high"`). IV `most_valuable` (high/high, 最有价值客户: retain at all cost), III `loyal`
 * (high current, low potential, 次价值客户: keep), II `potential` (low current, high potential,
 * 潜在价值客户: develop), I `low_value` (low/low, 低价值客户: serve at low cost). The potential value
 * can be any column: a formula CLV, or a model's predicted CLV.
 *
 * @param records - Records with `customerId`, the current value (default `monetary`) and the potential value.
 * @param options - `potential` (required), `current`, `split`, `ties`, `customerId`.
 * @returns `quadrants` (one per customer, input order) and `meta` (thresholds, counts).
 * @throws {AnalyticsInputError} Missing fields, non-finite values, duplicate ids, empty input.
 * @throws {TypeError | RangeError} Bad options, prefixed `clvQuadrants:`.
 *
 * @example
 * const { quadrants, meta } = clvQuadrants(
 *   [
 *     { customerId: "a", monetary: 900, clv: 1200 },
 *     { customerId: "b", monetary: 800, clv: 100 },
 *     { customerId: "c", monetary: 50, clv: 900 },
 *     { customerId: "d", monetary: 50, clv: 80 },
 *   ],
 *   { potential: "clv" },
 * );
 * quadrants.map((q) => q.quadrant); //=> ["most_valuable", "loyal", "potential", "low_value"]
 * meta.thresholds;                  //=> { current: 450, potential: 570 }
 *
 * @see Gupta, S. & Lehmann, D. R. (2005). *Managing Customers as Investments*. Wharton School Publishing.
 */
export function clvQuadrants<Row = any>(records: Iterable<Row>, options: ClvQuadrantOptions<Row>): ClvQuadrantResult {
  const fn = "clvQuadrants";
  const opts = parseOptions(fn, clvQuadrantOptionsObject, options);
  const { ids, columns } = readValueFields(
    fn,
    records,
    { current: { field: (opts.current ?? "monetary") as FieldAccessor<Row>, name: "current" }, potential: { field: opts.potential as FieldAccessor<Row>, name: "potential" } },
    (opts.customerId ?? "customerId") as FieldAccessor<Row>,
  );
  const ties = opts.ties ?? "low";
  const split = typeof opts.split === "object" ? { x: opts.split.current, y: opts.split.potential } : opts.split;
  const s = splitTwoAxes(columns.current, columns.potential, split, ties);
  const cellOf = (cur: number, pot: number) => CLV_QUADRANTS.find((q) => (q.current === "high") === !!cur && (q.potential === "high") === !!pot)!.id;
  const counts: Record<string, number> = Object.fromEntries(CLV_QUADRANTS.map((q) => [q.id, 0]));
  const quadrants: ClvQuadrantRecord[] = ids.map((customerId, i) => {
    const quadrant = cellOf(s.xHigh[i], s.yHigh[i]);
    counts[quadrant]++;
    return { customerId, current: columns.current[i], potential: columns.potential[i], quadrant };
  });
  return {
    quadrants,
    meta: {
      customers: ids.length,
      thresholds: { current: s.thresholds.x, potential: s.thresholds.y },
      split: { current: s.how.x, potential: s.how.y },
      ties,
      counts,
    },
  };
}

/** zod schema of {@link ClvQuadrantOptions}. */
export const clvQuadrantOptionsSchema: z.ZodType<ClvQuadrantOptions> = clvQuadrantOptionsObject as unknown as z.ZodType<ClvQuadrantOptions>;
