import { z } from "zod";
import { defineOptions, parseOptions, type OptionsSchema } from "../options.js";
import { CLV_QUADRANTS } from "../value/clvQuadrantDefinitions.js";
import type { ClvQuadrantRecord } from "../value/clvQuadrants.js";
import { TEXT, chartOptionsShape, maxPointsSchema, type AxisScaleOption, type ChartOptions, type VegaLiteSpec } from "./common.js";
import { quadrantScatter } from "./quadrantScatter.js";

/** Options of {@link clvQuadrantChart}. */
export interface ClvQuadrantChartOptions extends ChartOptions {
  /** Most customers drawn (default 3000); above it, the customers with the smallest FNV-1a hash of their id are drawn. */
  maxPoints?: number;
  /**
   * Scale of both axes: `"auto"` (default: linear, log or symlog chosen for each axis from its data's
   * skew and named in the axis title; see docs/charts.md, "Choosing the scale"), `"linear"`, `"log"`
   * (positive values only) or `"symlog"` (any sign, log-like tails).
   */
  scale?: AxisScaleOption;
}

/** zod schema of {@link ClvQuadrantChartOptions}. */
export const clvQuadrantChartOptionsSchema: OptionsSchema<ClvQuadrantChartOptions> = defineOptions<ClvQuadrantChartOptions>()({
  ...chartOptionsShape,
  maxPoints: maxPointsSchema.optional(),
  scale: z.enum(["auto", "linear", "log", "symlog"]).optional(),
});

/** Input of {@link clvQuadrantChart}: `clvQuadrants`'s result (its customers and `meta.thresholds`). */
export interface ClvQuadrantChartInput {
  readonly customers: readonly ClvQuadrantRecord[];
  readonly meta: { readonly thresholds: { readonly current: number; readonly potential: number } };
}

const QUADRANT_COLORS: Record<string, string> = { most_valuable: "#2ca02c", loyal: "#1f77b4", potential: "#ff7f0e", low_value: "#9d9d9d" };

/**
 * The CLV quadrant scatter of a `clvQuadrants` result: current value across, potential value up, one
 * point per customer coloured by quadrant (legend with each quadrant's count), and the two threshold
 * rules. Above `maxPoints` customers a deterministic sample is drawn (smallest FNV-1a hash of the id);
 * counts, thresholds and subtitle describe all customers.
 *
 * @throws {TypeError} When the input is not a `clvQuadrants` result.
 * @throws {AnalyticsInputError} A record without finite values or a known quadrant (`["customers", i, field]`).
 * @throws {RangeError} `scale: "log"` over values ≤ 0, or bad options; prefixed `clvQuadrantChart:`.
 * @example
 * const spec = clvQuadrantChart(clvQuadrants([
 *   { customerId: "a", monetary: 900, clv: 1200 }, { customerId: "b", monetary: 800, clv: 100 },
 *   { customerId: "c", monetary: 50, clv: 900 }, { customerId: "d", monetary: 50, clv: 80 },
 * ], { potential: "clv" }));
 * spec.data.values.map((d) => d.quadrant); //=> ["most_valuable", "loyal", "potential", "low_value"]
 * spec.title.subtitle[0]; //=> "Thresholds: current 450, potential 570"
 */
export function clvQuadrantChart(result: ClvQuadrantChartInput, options: ClvQuadrantChartOptions = {}): VegaLiteSpec {
  const fn = "clvQuadrantChart";
  const opts = parseOptions(fn, clvQuadrantChartOptionsSchema, options);
  const language = opts.language ?? "en";
  const w = TEXT[language];
  // Current and potential value are in one unit but not alike spread: each axis gets its scale.
  return quadrantScatter(fn, result, opts, {
    producer: "clvQuadrants",
    fields: [
      { field: "current", axis: "x", title: w.currentValue },
      { field: "potential", axis: "y", title: w.potentialValue },
    ],
    group: { field: "quadrant", title: w.quadrant, groups: CLV_QUADRANTS, colors: QUADRANT_COLORS, legend: { labelLimit: 260 } },
    format: ",.2f",
    title: w.clvQuadrants,
    thresholdLine: ([current, potential]) =>
      language === "en" ? `Thresholds: current ${current}, potential ${potential}` : `阈值：当前价值 ${current}，潜在价值 ${potential}`,
  });
}
