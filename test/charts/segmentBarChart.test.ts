import { describe, expect, expectTypeOf, test } from "vitest";
import { segmentRfm, summarizeSegments } from "../../src/index.js";
import { VEGA_LITE_SCHEMA, segmentBarChart, segmentBarChartOptionsSchema, type SegmentBarChartOptions, type SegmentChartInput, type VegaLiteSpec } from "../../src/charts/index.js";
import { segmentRows as summary } from "./fixtures.js";
import { layerOf } from "./layers.js";

type Any = any;

describe("segmentBarChart", () => {
  test("one row per segment, shares of the rows passed, bars sorted by the metric", () => {
    const spec: Any = segmentBarChart(summary, { metric: "customers" });
    expect(spec.$schema).toBe(VEGA_LITE_SCHEMA);
    expect(spec.data.values.map((d: Any) => [d.segment, d.customers, d.share, d.customersText, d.revenueShare, d.revenueText])).toEqual([
      ["important_value", 20, 0.2, "20.0%", 0.6, "60.0%"],
      ["important_retain", 10, 0.1, "10.0%", 0.2, "20.0%"],
      ["general_develop", 50, 0.5, "50.0%", 0.15, "15.0%"],
      ["general_win_back", 20, 0.2, "20.0%", 0.05, "5.0%"],
    ]);
    // ties (20 and 20) keep the input order
    expect(spec.encoding.y.sort).toEqual(["General develop", "Important value", "General win-back", "Important retain"]);
    const bars = layerOf(spec, "bar").spec;
    expect(bars.encoding.x.field).toBe("customers");
    expect(layerOf(spec, "text").spec.encoding.text.field).toBe("customersText");
    expect(spec.title).toEqual({ text: "Customers per segment", subtitle: "100 customers", anchor: "start" });
    // the colour scale follows the input order whatever the bar order
    expect(bars.encoding.color.scale.domain).toEqual(["Important value", "Important retain", "General develop", "General win-back"]);
  });

  test("both metrics side by side share one order; revenue sort; input order; Chinese labels", () => {
    const both: Any = segmentBarChart({ segments: summary }, { sortBy: "revenue" });
    expect(both.hconcat).toHaveLength(2);
    const [customers, revenue] = both.hconcat;
    expect(layerOf(customers, "bar").spec.encoding.x.field).toBe("customers");
    expect(layerOf(revenue, "bar").spec.encoding.x.field).toBe("revenue");
    expect(customers.encoding.y.sort).toEqual(["Important value", "Important retain", "General develop", "General win-back"]);
    expect(revenue.encoding.y.sort).toEqual(customers.encoding.y.sort);
    expect(revenue.encoding.y.axis).toEqual({ labels: false, ticks: false });
    const zh: Any = segmentBarChart(summary, { language: "zh", metric: "revenue", sortBy: "input", title: "" });
    expect(zh.encoding.y.sort).toEqual(["重要价值客户", "重要保持客户", "一般发展客户", "一般挽留客户"]);
    expect(zh.encoding.y.title).toBe("客户细分");
    expect(zh.title).toBeUndefined();
  });

  test("works on segmentRfm's and summarizeSegments' results; two segments with one label are told apart by id", () => {
    const result = segmentRfm([
      { customerId: "a", recencyDays: 5, frequency: 12, monetary: 1500 },
      { customerId: "b", recencyDays: 200, frequency: 1, monetary: 30 },
    ]);
    const spec: Any = segmentBarChart(result);
    expect(spec.data.values).toHaveLength(8); // every classic segment, empty ones too
    expect(spec.data.values.map((d: Any) => d.segment)).toEqual(result.meta.segments.map((s) => s.segment));
    const summarized: Any = segmentBarChart(summarizeSegments(result.customers));
    expect(summarized.data.values.map((d: Any) => d.customers)).toEqual(summarizeSegments(result.customers).segments.map((s) => s.customers));
    const dup: Any = segmentBarChart([
      { segment: "x", label: "Same", labelZh: "同", customers: 1, revenue: 1 },
      { segment: "y", label: "Same", labelZh: "同", customers: 1, revenue: 1 },
    ]);
    expect(dup.data.values.map((d: Any) => d.label)).toEqual(["Same (x)", "Same (y)"]);
  });

  test("argument errors name the function, the row and the field", () => {
    expect(() => segmentBarChart([] as never)).toThrow(new RangeError("segmentBarChart: no segment rows to draw (0 rows)"));
    expect(() => segmentBarChart("x" as never)).toThrow(
      new TypeError('segmentBarChart: expected segment rows (segmentRfm\'s `meta.segments`) (an array, or a result object with `segments` or `meta.segments`), got "x"'),
    );
    // bad rows: the one reader's AnalyticsInputError with the row and field in the path
    const issue = (path: (string | number)[], message: string) => expect.objectContaining({ name: "AnalyticsInputError", issues: [expect.objectContaining({ code: "invalid_value", path, message })] });
    expect(() => segmentBarChart([{ ...summary[0], customers: Number.NaN }])).toThrow(issue(["segments", 0, "customers"], "expected an integer >= 0, got NaN"));
    expect(() => segmentBarChart({ meta: { segments: [{ ...summary[0], customers: 1.5 }] } })).toThrow(issue(["segments", 0, "customers"], "expected an integer >= 0, got 1.5"));
    expect(() => segmentBarChart([summary[0], summary[0]])).toThrow(issue(["segments", 1, "segment"], `segment "${summary[0].segment}" also at segments[0]; one row per segment`));
    expect(() => segmentBarChart([{ ...summary[0], segment: "" }])).toThrow(issue(["segments", 0, "segment"], 'expected a non-empty string, got ""'));
    expect(() => segmentBarChart(summary, { metric: "orders" as never })).toThrow(RangeError);
    expect(() => segmentBarChart(summary, { metric: "orders" as never })).toThrow(/^segmentBarChart: options\.metric/);
    expect(() => segmentBarChart(summary, { sortBy: "summary" as never })).toThrow(/^segmentBarChart: options\.sortBy/);
    expect(() => segmentBarChart(summary, { colour: "red" } as never)).toThrow(new TypeError('segmentBarChart: options: unknown option "colour"'));
    expect(() => segmentBarChart(summary, { width: 0 })).toThrow(/^segmentBarChart: options\.width/);
  });

  test("revenue shares follow the group rule: revenue ÷ total, negative for a net refund, null when the total is ≤ 0", () => {
    const refund = [...summary.slice(0, 3), { ...summary[3], revenue: -500 }];
    const spec: Any = segmentBarChart(refund);
    const shares = spec.data.values.map((d: Any) => d.revenueShare);
    expect(shares).toEqual([6000 / 9000, 2000 / 9000, 1500 / 9000, -500 / 9000]);
    expect(shares.reduce((a: number, b: number) => a + b, 0)).toBeCloseTo(1, 12);
    expect(spec.data.values[3].revenueText).toBe("-5.6%");
    const negative: Any = segmentBarChart([{ ...summary[0], revenue: 100 }, { ...summary[1], revenue: -300 }]);
    expect(negative.data.values.map((d: Any) => [d.revenueShare, d.revenueText])).toEqual([[null, "–"], [null, "–"]]);
  });

  test("types: input, options, result", () => {
    expectTypeOf(segmentBarChart).parameter(0).toEqualTypeOf<SegmentChartInput>();
    expectTypeOf(segmentBarChart).parameter(1).toEqualTypeOf<SegmentBarChartOptions | undefined>();
    expectTypeOf(segmentBarChart).returns.toEqualTypeOf<VegaLiteSpec>();
    expectTypeOf<keyof typeof segmentBarChartOptionsSchema.shape>().toEqualTypeOf<keyof SegmentBarChartOptions>();
    expectTypeOf<ReturnType<typeof segmentRfm>>().toExtend<SegmentChartInput>();
    expectTypeOf<ReturnType<typeof summarizeSegments>>().toExtend<SegmentChartInput>();
  });
});
