import { z } from "zod";
import { defineOptions, parseOptions, type OptionsSchema } from "../options.js";
import { TEXT, VEGA_LITE_SCHEMA, chartOptionsShape, finishSpec, groupThousands, percentText, titleOf, type ChartOptions, type VegaLiteSpec } from "./common.js";
import { readSegmentRows, segmentColorScale, segmentTotal, type SegmentChartInput } from "./segmentRows.js";

/** Options of {@link segmentShareChart}. */
export interface SegmentShareChartOptions extends ChartOptions {
  /** Smallest share that gets a text label inside its bar part (default 0.04). */
  minLabelShare?: number;
}

/** zod schema of {@link SegmentShareChartOptions}. */
export const segmentShareChartOptionsSchema: OptionsSchema<SegmentShareChartOptions> = defineOptions<SegmentShareChartOptions>()({
  ...chartOptionsShape,
  minLabelShare: z.number().min(0).max(1).optional(),
});

/**
 * Share of customers against share of revenue per segment: two 100% bars split by the segments'
 * customers and by their revenue, parts in the rows' order and colours ("12% of the customers bring
 * 60% of the revenue"). Two data rows per segment with the part's `start`, `end` and `share`; parts
 * of at least `minLabelShare` carry their percentage. Input: as {@link segmentBarChart}.
 *
 * @throws {TypeError} When the rows are not segment rows.
 * @throws {RangeError} A negative segment revenue or a total that is not positive, no rows, bad options.
 * @example
 * const spec = segmentShareChart([
 *   { segment: "important_value", label: "Important value", labelZh: "重要价值客户", customers: 10, revenue: 600 },
 *   { segment: "general_develop", label: "General develop", labelZh: "一般发展客户", customers: 30, revenue: 400 },
 * ], { language: "zh" });
 * spec.data.values.map((d) => [d.measure, d.label, d.start, d.end]);
 * //=> [["客户占比", "重要价值客户", 0, 0.25], ["销售额占比", "重要价值客户", 0, 0.6],
 * //    ["客户占比", "一般发展客户", 0.25, 1], ["销售额占比", "一般发展客户", 0.6, 1]]
 */
export function segmentShareChart(segments: SegmentChartInput, options: SegmentShareChartOptions = {}): VegaLiteSpec {
  const fn = "segmentShareChart";
  const opts = parseOptions(fn, segmentShareChartOptionsSchema, options);
  const language = opts.language ?? "en";
  const w = TEXT[language];
  const rows = readSegmentRows(fn, segments, language);
  const negative = rows.find((r) => r.revenue < 0);
  if (negative) throw new RangeError(`${fn}: revenue shares need non-negative revenue, but segment "${negative.segment}" has ${negative.revenue}`);
  const totalCustomers = segmentTotal(fn, rows, "customers");
  const totalRevenue = segmentTotal(fn, rows, "revenue");
  if (!(totalCustomers > 0)) throw new RangeError(`${fn}: the rows hold no customers`);
  if (!(totalRevenue > 0)) throw new RangeError(`${fn}: the total revenue is ${totalRevenue}: revenue shares need a positive total`);
  const minLabel = opts.minLabelShare ?? 0.04;
  const values: Record<string, unknown>[] = [];
  let cumCustomers = 0;
  let cumRevenue = 0;
  rows.forEach((r, i) => {
    const last = i === rows.length - 1;
    const part = (measure: string, value: number, before: number, after: number) => {
      const total = measure === w.customerShare ? totalCustomers : totalRevenue;
      const start = before / total;
      // The last part ends exactly at 1 (no rounding gap at the right edge).
      const end = last ? 1 : after / total;
      const share = value / total;
      values.push({ measure, segment: r.segment, label: r.label, value, start, end, share, text: share >= minLabel && share > 0 ? percentText(share, 0) : "" });
    };
    part(w.customerShare, r.customers, cumCustomers, cumCustomers + r.customers);
    part(w.revenueShare, r.revenue, cumRevenue, cumRevenue + r.revenue);
    cumCustomers += r.customers;
    cumRevenue += r.revenue;
  });
  const measures = [w.customerShare, w.revenueShare];
  return finishSpec(fn, {
    $schema: VEGA_LITE_SCHEMA,
    ...titleOf(opts.title ?? w.segmentShares, `${w.customersAll(groupThousands(totalCustomers))} · ${w.revenue} ${groupThousands(totalRevenue)}`),
    data: { values },
    width: opts.width ?? 560,
    height: opts.height ?? 110,
    encoding: {
      y: { field: "measure", type: "nominal", sort: measures, title: null, axis: { labelFontSize: 12, labelLimit: 200 } },
    },
    layer: [
      {
        mark: { type: "bar", stroke: "white", strokeWidth: 1 },
        encoding: {
          x: { field: "start", type: "quantitative", title: w.share, scale: { domain: [0, 1] }, axis: { format: "%" } },
          x2: { field: "end" },
          color: {
            field: "label",
            type: "nominal",
            scale: segmentColorScale(rows),
            title: w.segment,
            legend: { orient: "bottom", columns: 4, symbolType: "square", labelLimit: 200 },
          },
          tooltip: [
            { field: "label", type: "nominal", title: w.segment },
            { field: "measure", type: "nominal", title: " " },
            { field: "share", type: "quantitative", title: w.share, format: ".1%" },
            { field: "value", type: "quantitative", title: `${w.customers} / ${w.revenue}`, format: ",.2~f" },
          ],
        },
      },
      {
        transform: [{ calculate: "(datum.start + datum.end) / 2", as: "middle" }],
        mark: { type: "text", baseline: "middle", color: "white", fontWeight: "bold" },
        encoding: { x: { field: "middle", type: "quantitative" }, text: { field: "text", type: "nominal" } },
      },
    ],
  });
}
