import { z } from "zod";
import { describeValue } from "../errors.js";
import { parseOptions } from "../options.js";
import { CLV_QUADRANTS } from "../value/clvQuadrantDefinitions.js";
import type { ClvQuadrantRecord, ClvQuadrantResult } from "../value/clvQuadrants.js";
import {
  DEFAULT_MAX_POINTS,
  TEXT,
  VEGA_LITE_SCHEMA,
  chartOptionsShape,
  finishSpec,
  finiteField,
  groupThousands,
  labelLookup,
  maxPointsSchema,
  numberText,
  sampleIndices,
  stringField,
  titleOf,
  type AxisScale,
  valueAxis,
  type ChartOptions,
  type VegaLiteSpec,
} from "./common.js";

/** Options of {@link clvQuadrantChart}. */
export interface ClvQuadrantChartOptions extends ChartOptions {
  /** Most customers drawn (default 3000); above it, the customers with the smallest FNV-1a hash of their id are drawn. */
  maxPoints?: number;
  /** Scale of both axes: `"linear"` (default), `"log"` (positive values only) or `"symlog"` (any sign, log-like tails). */
  scale?: AxisScale;
}

/** The zod object behind {@link clvQuadrantChartOptionsObject} (internal: `.extend`, `.shape`). */
export const clvQuadrantChartOptionsObject = z
  .object({ ...chartOptionsShape, maxPoints: maxPointsSchema.optional(), scale: z.enum(["linear", "log", "symlog"]).optional() })
  .strict();

const QUADRANT_COLORS: Record<string, string> = { most_valuable: "#2ca02c", loyal: "#1f77b4", potential: "#ff7f0e", low_value: "#9d9d9d" };

/**
 * The CLV quadrant scatter of a `clvQuadrants` result: current value across, potential value up, one
 * point per customer coloured by quadrant (legend with each quadrant's customer count), and the two
 * threshold rules that split the plane. Above `maxPoints` customers a deterministic sample is drawn
 * (the customers with the smallest FNV-1a hash of their id); the counts,
 * thresholds and subtitle always describe all customers.
 *
 * @param result - `clvQuadrants`'s result (`quadrants` and `meta.thresholds`).
 * @param options - `maxPoints`, `scale`, `title`, `width` (default 480), `height` (default 360), `language`.
 * @returns A Vega-Lite v5 spec (plain JSON), one data row per drawn customer.
 * @throws {TypeError} When the input is not a `clvQuadrants` result (message names record and field).
 * @throws {RangeError} On `scale: "log"` with values or thresholds ≤ 0, or bad options; prefixed `clvQuadrantChart:`.
 *
 * @example
 * const result = clvQuadrants(
 *   [
 *     { customerId: "a", monetary: 900, clv: 1200 },
 *     { customerId: "b", monetary: 800, clv: 100 },
 *     { customerId: "c", monetary: 50, clv: 900 },
 *     { customerId: "d", monetary: 50, clv: 80 },
 *   ],
 *   { potential: "clv" },
 * );
 * const spec = clvQuadrantChart(result);
 * spec.data.values.map((d) => d.quadrant); //=> ["most_valuable", "loyal", "potential", "low_value"]
 * spec.layer[0].encoding.color.scale.domain;
 * //=> ["Most valuable (1)", "Loyal, little growth (1)", "Potential (1)", "Low value (1)"]
 * spec.layer[1].encoding.x.datum;       //=> 450
 *
 * @see Vega-Lite point mark: https://vega.github.io/vega-lite/docs/point.html
 * @see Vega-Lite scale types (log, symlog): https://vega.github.io/vega-lite/docs/scale.html
 * @see Gupta, S. & Lehmann, D. R. (2005). *Managing Customers as Investments*. Wharton School Publishing.
 */
export function clvQuadrantChart(result: Pick<ClvQuadrantResult, "quadrants" | "meta">, options: ClvQuadrantChartOptions = {}): VegaLiteSpec {
  const fn = "clvQuadrantChart";
  const opts = parseOptions(fn, clvQuadrantChartOptionsObject, options);
  const language = opts.language ?? "en";
  const w = TEXT[language];
  if (result === null || typeof result !== "object" || !Array.isArray(result.quadrants) || typeof result.meta?.thresholds !== "object" || result.meta.thresholds === null) {
    throw new TypeError(`${fn}: expected clvQuadrants's result ({ quadrants, meta }), got ${describeValue(result)}`);
  }
  const records: readonly ClvQuadrantRecord[] = result.quadrants;
  const n = records.length;
  if (n === 0) throw new RangeError(`${fn}: no customers to draw (0 records)`);
  const { current: thresholdCurrent, potential: thresholdPotential } = result.meta.thresholds;
  if (!Number.isFinite(thresholdCurrent) || !Number.isFinite(thresholdPotential)) {
    throw new TypeError(`${fn}: meta.thresholds must hold finite current and potential thresholds, got ${describeValue(thresholdCurrent)} and ${describeValue(thresholdPotential)}`);
  }
  const byId = new Map(CLV_QUADRANTS.map((q) => [q.id, q]));
  const counts = new Map<string, number>();
  const ids: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const q = stringField(fn, "quadrants", i, records[i], "quadrant");
    if (!byId.has(q)) throw new TypeError(`${fn}: quadrants[${i}].quadrant must be one of ${[...byId.keys()].join(", ")}, got ${describeValue(q)}`);
    counts.set(q, (counts.get(q) ?? 0) + 1);
    ids[i] = stringField(fn, "quadrants", i, records[i], "customerId");
  }
  const labelOf = (id: string) => {
    const q = byId.get(id)!;
    return `${language === "zh" ? q.labelZh : q.label} (${groupThousands(counts.get(id) ?? 0)})`;
  };
  const keep = sampleIndices(ids, opts.maxPoints ?? DEFAULT_MAX_POINTS);
  const values: { customerId: string; current: number; potential: number; quadrant: string }[] = [];
  let lo = Math.min(thresholdCurrent, thresholdPotential);
  let hi = Math.max(thresholdCurrent, thresholdPotential);
  for (const i of keep) {
    const current = finiteField(fn, "quadrants", i, records[i], "current");
    const potential = finiteField(fn, "quadrants", i, records[i], "potential");
    lo = Math.min(lo, current, potential);
    hi = Math.max(hi, current, potential);
    values.push({ customerId: ids[i], current, potential, quadrant: records[i].quadrant });
  }
  // One scale for both axes: current and potential value are in the same unit.
  const axis = valueAxis(fn, "scale", opts.scale ?? "linear", lo, hi);
  const domain = CLV_QUADRANTS.map((q) => labelOf(q.id));
  const subtitle = [
    language === "en"
      ? `Thresholds: current ${numberText(thresholdCurrent)}, potential ${numberText(thresholdPotential)}`
      : `阈值：当前价值 ${numberText(thresholdCurrent)}，潜在价值 ${numberText(thresholdPotential)}`,
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
        transform: [labelLookup(Object.fromEntries(CLV_QUADRANTS.map((q) => [q.id, labelOf(q.id)])), "quadrant")],
        mark: { type: "point", filled: true, opacity: big ? 0.45 : 0.8, size: big ? 12 : 40 },
        encoding: {
          x: { field: "current", type: "quantitative", title: w.currentValue, ...axis },
          y: { field: "potential", type: "quantitative", title: w.potentialValue, ...axis },
          color: {
            field: "label",
            type: "nominal",
            title: w.quadrant,
            scale: { domain, range: CLV_QUADRANTS.map((q) => QUADRANT_COLORS[q.id]) },
            legend: { labelLimit: 260 },
          },
          tooltip: [
            { field: "customerId", type: "nominal", title: "customerId" },
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

/** zod schema of {@link ClvQuadrantChartOptions}. */
export const clvQuadrantChartOptionsSchema: z.ZodType<ClvQuadrantChartOptions> = clvQuadrantChartOptionsObject as unknown as z.ZodType<ClvQuadrantChartOptions>;
