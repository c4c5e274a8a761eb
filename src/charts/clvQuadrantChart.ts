import { z } from "zod";
import { describeValue } from "../errors.js";
import { readRecords } from "../input/readRecords.js";
import { defineOptions, parseOptions, type OptionsSchema } from "../options.js";
import { CLV_QUADRANTS } from "../value/clvQuadrantDefinitions.js";
import type { ClvQuadrantRecord } from "../value/clvQuadrants.js";
import {
  DEFAULT_MAX_POINTS,
  TEXT,
  VEGA_LITE_SCHEMA,
  chartOptionsShape,
  finishSpec,
  groupThousands,
  labelLookup,
  maxPointsSchema,
  sameDecimals,
  sampleIndices,
  titleOf,
  type AxisScaleOption,
  valueAxis,
  type ChartOptions,
  type VegaLiteSpec,
} from "./common.js";

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
  if (result === null || typeof result !== "object" || !Array.isArray(result.customers) || typeof result.meta?.thresholds !== "object" || result.meta.thresholds === null) {
    throw new TypeError(`${fn}: expected clvQuadrants's result ({ customers, meta: { thresholds } }), got ${describeValue(result)}`);
  }
  if (result.customers.length === 0) throw new RangeError(`${fn}: no customers to draw (0 records)`);
  const { current: thresholdCurrent, potential: thresholdPotential } = result.meta.thresholds;
  if (!Number.isFinite(thresholdCurrent) || !Number.isFinite(thresholdPotential)) {
    throw new TypeError(`${fn}: meta.thresholds must hold finite current and potential thresholds, got ${describeValue(thresholdCurrent)} and ${describeValue(thresholdPotential)}`);
  }
  const source = "customers";
  const byId = new Map(CLV_QUADRANTS.map((q) => [q.id, q]));
  const { ids, columns, texts } = readRecords(fn, result.customers, {
    source,
    fields: { current: { field: "current", name: "current" }, potential: { field: "potential", name: "potential" } },
    texts: { quadrant: { field: "quadrant", name: "quadrant", allowed: [...byId.keys()] } },
  });
  const n = ids.length;
  const quadrants = texts.quadrant;
  const counts = new Map<string, number>();
  for (const q of quadrants) counts.set(q, (counts.get(q) ?? 0) + 1);
  const labelOf = (id: string) => {
    const q = byId.get(id)!;
    return `${language === "zh" ? q.labelZh : q.label} (${groupThousands(counts.get(id) ?? 0)})`;
  };
  const keep = sampleIndices(ids, opts.maxPoints ?? DEFAULT_MAX_POINTS);
  const values: { customerId: string; current: number; potential: number; quadrant: string }[] = [];
  // The domains hold every point drawn and the threshold rules.
  let loX = thresholdCurrent;
  let hiX = thresholdCurrent;
  let loY = thresholdPotential;
  let hiY = thresholdPotential;
  for (const i of keep) {
    const current = columns.current[i];
    const potential = columns.potential[i];
    if (current < loX) loX = current;
    if (current > hiX) hiX = current;
    if (potential < loY) loY = potential;
    if (potential > hiY) hiY = potential;
    values.push({ customerId: ids[i], current, potential, quadrant: quadrants[i] });
  }
  // Each axis gets its scale: current and potential value are in one unit but not alike spread.
  const requested = opts.scale ?? "auto";
  const xAxis = valueAxis(fn, "scale", requested, { values: columns.current, exact: [thresholdCurrent], lo: loX, hi: hiX }, w.currentValue, language, "x");
  const yAxis = valueAxis(fn, "scale", requested, { values: columns.potential, exact: [thresholdPotential], lo: loY, hi: hiY }, w.potentialValue, language, "y");
  // An axis with a strip plots a copy of the field, its negative values moved to the strip.
  const transform: Record<string, unknown>[] = [];
  const plotted = (name: string, axis: typeof xAxis) => {
    if (axis.strip === null) return name;
    transform.push({ calculate: `datum.${name} < 0 ? ${axis.strip} : datum.${name}`, as: `${name}Plotted` });
    return `${name}Plotted`;
  };
  const xField = plotted("current", xAxis);
  const yField = plotted("potential", yAxis);
  const domain = CLV_QUADRANTS.map((q) => labelOf(q.id));
  const [currentText, potentialText] = sameDecimals([thresholdCurrent, thresholdPotential]);
  const subtitle = [
    language === "en" ? `Thresholds: current ${currentText}, potential ${potentialText}` : `阈值：当前价值 ${currentText}，潜在价值 ${potentialText}`,
    keep.length < n ? w.customersShown(groupThousands(keep.length), groupThousands(n)) : w.customersAll(groupThousands(n)),
  ];
  const big = keep.length > 1000;
  return finishSpec(fn, {
    $schema: VEGA_LITE_SCHEMA,
    ...titleOf(opts.title ?? w.clvQuadrants, subtitle),
    data: { values },
    width: opts.width ?? 480,
    height: opts.height ?? 360,
    layer: [
      {
        // The legend labels live once in the spec, not on every row.
        transform: [labelLookup(Object.fromEntries(CLV_QUADRANTS.map((q) => [q.id, labelOf(q.id)])), "quadrant"), ...transform],
        mark: { type: "point", filled: true, opacity: big ? 0.45 : 0.8, size: big ? 12 : 40 },
        encoding: {
          x: { field: xField, type: "quantitative", title: xAxis.title, scale: xAxis.scale, axis: xAxis.axis },
          y: { field: yField, type: "quantitative", title: yAxis.title, scale: yAxis.scale, axis: yAxis.axis },
          color: {
            field: "label",
            type: "nominal",
            title: w.quadrant,
            scale: { domain, range: CLV_QUADRANTS.map((q) => QUADRANT_COLORS[q.id]) },
            legend: { labelLimit: 260 },
          },
          tooltip: [
            { field: "customerId", type: "nominal", title: w.customerId },
            { field: "current", type: "quantitative", title: w.currentValue, format: ",.2f" },
            { field: "potential", type: "quantitative", title: w.potentialValue, format: ",.2f" },
            { field: "label", type: "nominal", title: w.quadrant },
          ],
        },
      },
      // One rule each (own one-row data, not one rule per customer).
      { data: { values: [{}] }, mark: { type: "rule", color: "#555555", strokeDash: [4, 4] }, encoding: { x: { datum: thresholdCurrent } } },
      { data: { values: [{}] }, mark: { type: "rule", color: "#555555", strokeDash: [4, 4] }, encoding: { y: { datum: thresholdPotential } } },
    ],
  });
}
