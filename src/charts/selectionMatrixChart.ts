import { z } from "zod";
import { describeValue } from "../errors.js";
import { readRecords } from "../input/readRecords.js";
import { defineOptions, parseOptions, type OptionsSchema } from "../options.js";
import { SELECTION_MATRIX_REGIONS, type SelectionMatrixRecord } from "../value/selectionMatrix.js";
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
  valueAxis,
  type AxisScaleOption,
  type ChartOptions,
  type JsonValue,
  type VegaLiteSpec,
} from "./common.js";

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
  if (result === null || typeof result !== "object" || !Array.isArray(result.customers) || typeof result.meta?.thresholds !== "object" || result.meta.thresholds === null) {
    throw new TypeError(`${fn}: expected selectionMatrix's result ({ customers, meta: { thresholds } }), got ${describeValue(result)}`);
  }
  if (result.customers.length === 0) throw new RangeError(`${fn}: no customers to draw (0 records)`);
  const { attractiveness: tA, capability: tC } = result.meta.thresholds;
  if (!Number.isFinite(tA) || !Number.isFinite(tC)) {
    throw new TypeError(`${fn}: meta.thresholds must hold finite attractiveness and capability thresholds, got ${describeValue(tA)} and ${describeValue(tC)}`);
  }
  const byId = new Map(SELECTION_MATRIX_REGIONS.map((r) => [r.id, r]));
  const { ids, columns, texts } = readRecords(fn, result.customers, {
    source: "customers",
    fields: { attractiveness: { field: "attractiveness", name: "attractiveness" }, capability: { field: "capability", name: "capability" } },
    texts: { region: { field: "region", name: "region", allowed: [...byId.keys()] } },
  });
  const n = ids.length;
  const regions = texts.region;
  const counts = new Map<string, number>();
  for (const r of regions) counts.set(r, (counts.get(r) ?? 0) + 1);
  const labelOf = (id: string) => {
    const r = byId.get(id)!;
    return `${language === "zh" ? r.labelZh : r.label} (${groupThousands(counts.get(id) ?? 0)})`;
  };
  const keep = sampleIndices(ids, opts.maxPoints ?? DEFAULT_MAX_POINTS);
  const values: { customerId: string; capability: number; attractiveness: number; region: string }[] = [];
  let loX = tC;
  let hiX = tC;
  let loY = tA;
  let hiY = tA;
  for (const i of keep) {
    const capability = columns.capability[i];
    const attractiveness = columns.attractiveness[i];
    if (capability < loX) loX = capability;
    if (capability > hiX) hiX = capability;
    if (attractiveness < loY) loY = attractiveness;
    if (attractiveness > hiY) hiY = attractiveness;
    values.push({ customerId: ids[i], capability, attractiveness, region: regions[i] });
  }
  const requested = opts.scale ?? "auto";
  const xAxis = valueAxis(fn, "scale", requested, { values: columns.capability, exact: [tC], lo: loX, hi: hiX }, own.capability, language, "x");
  const yAxis = valueAxis(fn, "scale", requested, { values: columns.attractiveness, exact: [tA], lo: loY, hi: hiY }, own.attractiveness, language, "y");
  const transform: Record<string, unknown>[] = [];
  const plotted = (name: string, axis: typeof xAxis) => {
    if (axis.strip === null) return name;
    transform.push({ calculate: `datum.${name} < 0 ? ${axis.strip} : datum.${name}`, as: `${name}Plotted` });
    return `${name}Plotted`;
  };
  const xField = plotted("capability", xAxis);
  const yField = plotted("attractiveness", yAxis);
  const domain = SELECTION_MATRIX_REGIONS.map((r) => labelOf(r.id));
  const [aText, cText] = sameDecimals([tA, tC]);
  const method = typeof result.meta.normalize === "string" ? (own.normalized[result.meta.normalize] ?? "") : "";
  const subtitle = [
    own.thresholds(aText, cText, method),
    keep.length < n ? w.customersShown(groupThousands(keep.length), groupThousands(n)) : w.customersAll(groupThousands(n)),
  ];
  const big = keep.length > 1000;
  const layer: JsonValue[] = [
    {
      transform: [labelLookup(Object.fromEntries(SELECTION_MATRIX_REGIONS.map((r) => [r.id, labelOf(r.id)])), "region"), ...transform] as JsonValue[],
      mark: { type: "point", filled: true, opacity: big ? 0.45 : 0.8, size: big ? 12 : 40 },
      encoding: {
        x: { field: xField, type: "quantitative", title: xAxis.title, scale: xAxis.scale, axis: xAxis.axis },
        y: { field: yField, type: "quantitative", title: yAxis.title, scale: yAxis.scale, axis: yAxis.axis },
        color: {
          field: "label",
          type: "nominal",
          title: own.region,
          scale: { domain, range: SELECTION_MATRIX_REGIONS.map((r) => REGION_COLORS[r.id]) },
          legend: { labelLimit: 320, orient: "bottom", direction: "vertical" },
        },
        tooltip: [
          { field: "customerId", type: "nominal", title: w.customerId },
          { field: "attractiveness", type: "quantitative", title: own.attractiveness, format: ",.4f" },
          { field: "capability", type: "quantitative", title: own.capability, format: ",.4f" },
          { field: "label", type: "nominal", title: own.region },
        ],
      },
    },
    { data: { values: [{}] }, mark: { type: "rule", color: "#555555", strokeDash: [4, 4] }, encoding: { x: { datum: tC } } },
    { data: { values: [{}] }, mark: { type: "rule", color: "#555555", strokeDash: [4, 4] }, encoding: { y: { datum: tA } } },
  ];
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
      layer.push({
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
  return finishSpec(fn, {
    $schema: VEGA_LITE_SCHEMA,
    ...titleOf(opts.title ?? own.title, subtitle),
    data: { values },
    width: opts.width ?? 480,
    height: opts.height ?? 360,
    layer,
  });
}
