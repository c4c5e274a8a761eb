import { z } from "zod";
import { defineOptions, parseOptions, type OptionsSchema } from "../options.js";
import { TEXT, numberLabelExpr, VEGA_LITE_SCHEMA, chartOptionsShape, extent, finishSpec, groupThousands, percentText, titleOf, type ChartOptions, type VegaLiteSpec } from "./common.js";
import { readSegmentRows, segmentColorScale, segmentTotal, type SegmentChartInput, type SegmentRow } from "./segmentRows.js";

/** Options of {@link segmentBarChart}. */
export interface SegmentBarChartOptions extends ChartOptions {
  /** What the bars measure: `"customers"`, `"revenue"`, or `"both"` side by side (default). */
  metric?: "customers" | "revenue" | "both";
  /**
   * Bar order, top to bottom: by `"customers"` or `"revenue"` (descending; ties in input order), or
   * the order of the rows given (`"input"`: the scheme's order, most valuable segment first for the
   * classic scheme). Default: the metric shown (`"customers"` for `"both"`).
   */
  sortBy?: "customers" | "revenue" | "input";
}

/** zod schema of {@link SegmentBarChartOptions}. */
export const segmentBarChartOptionsSchema: OptionsSchema<SegmentBarChartOptions> = defineOptions<SegmentBarChartOptions>()({
  ...chartOptionsShape,
  metric: z.enum(["customers", "revenue", "both"]).optional(),
  sortBy: z.enum(["customers", "revenue", "input"]).optional(),
});

/**
 * Horizontal bars of segment sizes and revenue: one bar per segment (empty ones too), sorted, labelled
 * with its share of all customers (or revenue); `metric: "both"` puts the two side by side in one
 * order. Shares are recomputed from the rows passed; colours follow the rows' order; labels in English
 * or Chinese. Input: `segmentRfm`'s result (`meta.segments`), `summarizeSegments`', or the rows.
 *
 * @throws {AnalyticsInputError} Bad rows, read by the one reader (paths `["segments", i, field]`): a
 *   missing field, a count or revenue that is not finite, a segment twice; `overflow` for totals
 *   beyond the largest double.
 * @throws {TypeError} When the argument is not a table of segment rows.
 * @throws {RangeError} On no rows or bad options, prefixed `segmentBarChart:`.
 * @example
 * const spec = segmentBarChart(segmentRfm([
 *   { customerId: "a", recencyDays: 5, frequency: 12, monetary: 1500 },
 *   { customerId: "b", recencyDays: 200, frequency: 10, monetary: 1300 },
 *   { customerId: "c", recencyDays: 10, frequency: 1, monetary: 40 },
 *   { customerId: "d", recencyDays: 300, frequency: 1, monetary: 30 },
 * ]), { metric: "revenue" });
 * spec.data.values.slice(0, 2).map((d) => [d.label, d.revenue, d.revenueText]);
 * //=> [["Important value", 1500, "52.3%"], ["Important retain", 1300, "45.3%"]]
 * spec.layer.map((l) => l.mark.type); //=> ["bar", "text"]
 */
export function segmentBarChart(segments: SegmentChartInput, options: SegmentBarChartOptions = {}): VegaLiteSpec {
  const fn = "segmentBarChart";
  const opts = parseOptions(fn, segmentBarChartOptionsSchema, options);
  const language = opts.language ?? "en";
  const w = TEXT[language];
  const rows = readSegmentRows(fn, segments, language);
  const metric = opts.metric ?? "both";
  const sortBy = opts.sortBy ?? (metric === "revenue" ? "revenue" : "customers");
  const order = rows.map((r, i) => ({ r, i }));
  if (sortBy !== "input") order.sort((a, b) => b.r[sortBy] - a.r[sortBy] || a.i - b.i);
  const sort = order.map((o) => o.r.label);
  const values = rows.map((r) => ({
    segment: r.segment,
    label: r.label,
    customers: r.customers,
    share: r.share,
    customersText: percentText(r.share),
    revenue: r.revenue,
    revenueShare: r.revenueShare,
    revenueText: percentText(r.revenueShare),
  }));
  const width = opts.width ?? 320;
  const height = opts.height ?? Math.max(120, 28 * rows.length);
  const color = { field: "label", type: "nominal", scale: segmentColorScale(rows), legend: null };
  const tooltip = [
    { field: "label", type: "nominal", title: w.segment },
    { field: "customers", type: "quantitative", title: w.customers, format: "," },
    { field: "share", type: "quantitative", title: w.customerShare, format: ".1%" },
    { field: "revenue", type: "quantitative", title: w.revenue, format: ",.2f" },
    { field: "revenueShare", type: "quantitative", title: w.revenueShare, format: ".1%" },
  ];
  const panel = (m: "customers" | "revenue", showLabels: boolean) => {
    const [lo, hi] = extent(rows.map((r: SegmentRow) => r[m]));
    const max = Math.max(0, hi);
    const min = Math.min(0, lo);
    return {
      width,
      height,
      encoding: {
        y: {
          field: "label",
          type: "nominal",
          sort,
          title: showLabels ? w.segment : null,
          axis: showLabels ? { labelLimit: 220 } : { labels: false, ticks: false },
        },
      },
      layer: [
        {
          mark: { type: "bar" },
          encoding: {
            // Room on the right for the share labels.
            x: {
              field: m,
              type: "quantitative",
              title: m === "customers" ? w.customers : w.revenue,
              scale: { domain: [min, max > 0 ? Math.min(Number.MAX_VALUE, max * 1.2) : 1] },
              axis: m === "customers" ? { labelExpr: numberLabelExpr(language), tickMinStep: 1 } : { labelExpr: numberLabelExpr(language) },
            },
            color,
            tooltip,
          },
        },
        {
          mark: { type: "text", align: "left", baseline: "middle", dx: 4 },
          encoding: {
            x: { field: m, type: "quantitative" },
            text: { field: m === "customers" ? "customersText" : "revenueText", type: "nominal" },
          },
        },
      ],
    };
  };
  const defaultTitle = metric === "customers" ? w.segmentSizes : metric === "revenue" ? w.segmentRevenue : w.segmentSizesRevenue;
  const total = segmentTotal(fn, rows, "customers");
  const head = {
    $schema: VEGA_LITE_SCHEMA,
    ...titleOf(opts.title ?? defaultTitle, w.customersAll(groupThousands(total))),
    data: { values },
  };
  if (metric === "both") {
    return finishSpec(fn, { ...head, hconcat: [panel("customers", true), panel("revenue", false)], spacing: 48 });
  }
  return finishSpec(fn, { ...head, ...panel(metric, true) });
}
