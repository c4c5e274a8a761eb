import { describe, expect, expectTypeOf, test } from "vitest";
import { segmentRfm } from "../../src/index.js";
import { segmentShareChart, segmentShareChartOptionsSchema, type SegmentChartInput, type SegmentShareChartOptions, type VegaLiteSpec } from "../../src/charts/index.js";
import { segmentRows as summary } from "./fixtures.js";
import { layerOf } from "./layers.js";

type Any = any;

describe("segmentShareChart", () => {
  test("two 100% bars with the parts in input order", () => {
    const spec: Any = segmentShareChart(summary, { minLabelShare: 0.1 });
    const rows = spec.data.values.map((d: Any) => [d.measure, d.segment, d.start, d.end, d.text]);
    expect(rows).toEqual([
      ["Share of customers", "important_value", 0, 0.2, "20%"],
      ["Share of revenue", "important_value", 0, 0.6, "60%"],
      ["Share of customers", "important_retain", 0.2, 0.3, "10%"],
      ["Share of revenue", "important_retain", 0.6, 0.8, "20%"],
      ["Share of customers", "general_develop", 0.3, 0.8, "50%"],
      ["Share of revenue", "general_develop", 0.8, 0.95, "15%"],
      ["Share of customers", "general_win_back", 0.8, 1, "20%"],
      ["Share of revenue", "general_win_back", 0.95, 1, ""], // 5% < minLabelShare
    ]);
    expect(layerOf(spec, "bar").spec.encoding.x2).toEqual({ field: "end" });
    expect(layerOf(spec, "text").spec.encoding.text).toEqual({ field: "text", type: "nominal" });
  });

  test("segmentRfm's result: its meta.segments, in the scheme's order", () => {
    const result = segmentRfm([
      { customerId: "a", recencyDays: 5, frequency: 12, monetary: 1500 },
      { customerId: "b", recencyDays: 200, frequency: 1, monetary: 30 },
    ]);
    const spec: Any = segmentShareChart(result);
    expect(spec.data.values.filter((d: Any) => d.measure === "Share of customers").map((d: Any) => d.segment)).toEqual(result.meta.segments.map((s) => s.segment));
  });

  test("negative segment revenue or no revenue cannot be split into shares", () => {
    expect(() => segmentShareChart([{ ...summary[0], revenue: -1 }, summary[1]])).toThrow(
      new RangeError('segmentShareChart: revenue shares need non-negative revenue, but segment "important_value" has -1'),
    );
    expect(() => segmentShareChart([{ ...summary[0], revenue: 0 }])).toThrow(/total revenue is 0/);
    expect(() => segmentShareChart(summary, { minLabelShare: 2 })).toThrow(/^segmentShareChart: options\.minLabelShare/);
    expect(() => segmentShareChart(summary, { metric: "customers" } as never)).toThrow(new TypeError('segmentShareChart: options: unknown option "metric"'));
  });

  test("types: input, options, result", () => {
    expectTypeOf(segmentShareChart).parameter(0).toEqualTypeOf<SegmentChartInput>();
    expectTypeOf(segmentShareChart).parameter(1).toEqualTypeOf<SegmentShareChartOptions | undefined>();
    expectTypeOf(segmentShareChart).returns.toEqualTypeOf<VegaLiteSpec>();
    expectTypeOf<keyof typeof segmentShareChartOptionsSchema.shape>().toEqualTypeOf<keyof SegmentShareChartOptions>();
  });
});
