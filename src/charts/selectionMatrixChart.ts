import { z } from "zod";
import { defineOptions, parseOptions, type OptionsSchema } from "../options.js";
import { SELECTION_MATRIX_REGIONS, type SelectionMatrixRecord } from "../value/selectionMatrix.js";
import { TEXT, chartOptionsShape, maxPointsSchema, type AxisScaleOption, type ChartOptions, type JsonValue, type VegaLiteSpec } from "./common.js";
import { quadrantScatter } from "./quadrantScatter.js";

/** Options of {@link selectionMatrixChart}. */
export interface SelectionMatrixChartOptions extends ChartOptions {
  /** Most customers drawn (default 3000); above it, the customers with the smallest FNV-1a hash of their id are drawn. */
  maxPoints?: number;
  /**
   * Scale of both axes: `"auto"` (default: linear, log or symlog chosen for each axis from its scores'
   * skew and named in the axis title; see docs/charts.md, "Choosing the scale"), `"linear"`, `"log"`
   * (positive scores only) or `"symlog"`.
   */
  scale?: AxisScaleOption;
  /** Write the region names in the four corners of the plot (default true). */
  regionNames?: boolean;
}

/** zod schema of {@link SelectionMatrixChartOptions}. */
export const selectionMatrixChartOptionsSchema: OptionsSchema<SelectionMatrixChartOptions> = defineOptions<SelectionMatrixChartOptions>()({
  ...chartOptionsShape,
  maxPoints: maxPointsSchema.optional(),
  scale: z.enum(["auto", "linear", "log", "symlog"]).optional(),
  regionNames: z.boolean().optional(),
});

/** Input of {@link selectionMatrixChart}: `selectionMatrix`'s result (its customers and `meta.thresholds`). */
export interface SelectionMatrixChartInput {
  readonly customers: readonly SelectionMatrixRecord[];
  readonly meta: { readonly thresholds: { readonly attractiveness: number; readonly capability: number }; readonly normalize?: string };
}

const REGION_COLORS: Record<string, string> = { A: "#2ca02c", B: "#ff7f0e", C: "#1f77b4", D: "#9d9d9d" };

/** The words of this chart (the shared TEXT table holds the ones every chart uses). */
const WORDS = {
  en: {
    title: "Customer selection matrix",
    attractiveness: "Customer attractiveness",
    capability: "Our capability to serve",
    region: "Region",
    thresholds: (a: string, c: string, how: string) => `Thresholds: attractiveness ${a}, capability ${c}${how}`,
    normalized: { minmax: " (min–max scores)", zscore: " (z-scores)", rank: " (rank scores)" } as Record<string, string>,
    corner: { A: "A · select", B: "B · select when able", C: "C · select passively", D: "D · do not select" } as Record<string, string>,
  },
  zh: {
    title: "客户选择矩阵",
    attractiveness: "客户吸引力",
    capability: "企业服务能力",
    region: "区域",
    thresholds: (a: string, c: string, how: string) => `阈值：吸引力 ${a}，服务能力 ${c}${how}`,
    normalized: { minmax: "（最小–最大标准化）", zscore: "（z 分数）", rank: "（秩标准化）" } as Record<string, string>,
    corner: { A: "A 重点选择", B: "B 有能力时选择", C: "C 消极选择", D: "D 不选择" } as Record<string, string>,
  },
} as const;

/**
 * The customer selection matrix (客户选择矩阵, "门当户对") of a `selectionMatrix` result: our capability
 * to serve across, customer attractiveness up, one point per customer coloured by region (legend with
 * each region's label and count), the two threshold rules, and the region names in the corners (A top
 * right: select; B top left: select when able; C bottom right: select passively; D bottom left: do
 * not select). Each axis takes a log or symlog scale when its scores are skewed (min–max scores of
 * money usually are). Above `maxPoints` customers a deterministic sample is drawn (smallest FNV-1a hash
 * of the id); counts, thresholds and subtitle describe all customers.
 *
 * @throws {TypeError} When the input is not a `selectionMatrix` result.
 * @throws {AnalyticsInputError} A record without finite scores or a known region (`["customers", i, field]`).
 * @throws {RangeError} No customers, `scale: "log"` over scores ≤ 0, or bad options; prefixed `selectionMatrixChart:`.
 * @example
 * const spec = selectionMatrixChart(selectionMatrix([
 *   { customerId: "a", amount: 900, service: 9 }, { customerId: "b", amount: 800, service: 2 },
 *   { customerId: "c", amount: 100, service: 8 }, { customerId: "d", amount: 50, service: 1 },
 * ], { attractiveness: [{ field: "amount" }], capability: [{ field: "service" }] }));
 * spec.data.values.map((d) => d.region); //=> ["A", "B", "C", "D"]
 * spec.title.subtitle[0]; //=> "Thresholds: attractiveness 0.485, capability 0.500 (min–max scores)"
 */
export function selectionMatrixChart(result: SelectionMatrixChartInput, options: SelectionMatrixChartOptions = {}): VegaLiteSpec {
  const fn = "selectionMatrixChart";
  const opts = parseOptions(fn, selectionMatrixChartOptionsSchema, options);
  const language = opts.language ?? "en";
  const w = TEXT[language];
  const own = WORDS[language];
  const layers: JsonValue[] = [];
  if (opts.regionNames ?? true) {
    // The names sit in the corners of the plot, inside its edges: x and y in pixels, not data, so
    // log and symlog axes place them the same way.
    const corners = SELECTION_MATRIX_REGIONS.map((r) => ({
      name: own.corner[r.id],
      region: r.id,
      right: r.capability === "high",
      top: r.attractiveness === "high",
    }));
    // Vega-Lite has no corner anchor for a text mark: each corner is a layer of its own, placed in pixels.
    for (const c of corners) {
      layers.push({
        data: { values: [{ name: c.name }] },
        mark: {
          type: "text",
          fontWeight: "bold",
          fontSize: 12,
          color: REGION_COLORS[c.region],
          align: c.right ? "right" : "left",
          baseline: c.top ? "top" : "bottom",
          dx: c.right ? -4 : 4,
          dy: c.top ? 4 : -4,
        },
        encoding: {
          x: c.right ? { value: { expr: "width" } } : { value: 0 },
          y: c.top ? { value: 0 } : { value: { expr: "height" } },
          text: { field: "name", type: "nominal" },
        },
      });
    }
  }
  return quadrantScatter(fn, result, opts, {
    producer: "selectionMatrix",
    fields: [
      { field: "attractiveness", axis: "y", title: own.attractiveness },
      { field: "capability", axis: "x", title: own.capability },
    ],
    group: {
      field: "region",
      title: own.region,
      groups: SELECTION_MATRIX_REGIONS,
      colors: REGION_COLORS,
      legend: { labelLimit: 320, orient: "bottom", direction: "vertical" },
    },
    format: ",.4f",
    title: own.title,
    thresholdLine: ([attractiveness, capability]) =>
      own.thresholds(attractiveness, capability, typeof result.meta.normalize === "string" ? (own.normalized[result.meta.normalize] ?? "") : ""),
    layers,
  });
}
