import { describe, expect, expectTypeOf, test } from "vitest";
import { AnalyticsInputError, scoreRfm, segmentRfm } from "../../src/index.js";
import { rfmHeatmap, rfmHeatmapOptionsSchema, type RfmHeatmapInput, type RfmHeatmapOptions, type VegaLiteSpec } from "../../src/charts/index.js";
import { deepFreeze } from "../helpers/arbitraries.js";
import { layerOf } from "./layers.js";

type Any = any;

const scores = deepFreeze([
  { customerId: "a", r: 3, f: 1, m: 1, recencyDays: 2, frequency: 1, monetary: 10 },
  { customerId: "b", r: 3, f: 1, m: 2, recencyDays: 4, frequency: 1, monetary: 30 },
  { customerId: "c", r: 1, f: 3, m: 3, recencyDays: 90, frequency: 9, monetary: 900 },
  { customerId: "d", r: 2, f: 2, m: 2, recencyDays: 40, frequency: 3, monetary: 50 },
]);

/** An AnalyticsInputError with exactly this one issue. */
const oneIssue = (issue: object) => expect.objectContaining({ name: "AnalyticsInputError", issues: [expect.objectContaining(issue)] });

describe("rfmHeatmap", () => {
  test("one row per non-empty (R, F) cell with count and means; R descending, F ascending", () => {
    const spec: Any = rfmHeatmap(scores);
    expect(spec.data.values).toEqual([
      { r: 1, f: 3, customers: 1, share: 0.25, revenue: 900, meanMonetary: 900, meanFrequency: 9, meanRecencyDays: 90, value: 900 },
      { r: 2, f: 2, customers: 1, share: 0.25, revenue: 50, meanMonetary: 50, meanFrequency: 3, meanRecencyDays: 40, value: 50 },
      { r: 3, f: 1, customers: 2, share: 0.5, revenue: 40, meanMonetary: 20, meanFrequency: 1, meanRecencyDays: 3, value: 20 },
    ]);
    expect(spec.encoding.y.scale.domain).toEqual([3, 2, 1]);
    expect(spec.encoding.x.scale.domain).toEqual([1, 2, 3]);
    // white text on the darker half of the colour range: (20 + 900) / 2
    expect(layerOf(spec, "text").spec.encoding.color.condition.test).toBe("datum.value > 460");
    expect(layerOf(spec, "rect").spec.encoding.color.field).toBe("value");
    expect(rfmHeatmap(scores, { metric: "customers" }).data).toEqual({ values: spec.data.values.map((v: Any) => ({ ...v, value: v.customers })) });
  });

  test("with scoreRfm's meta, the axes list every score even when cells are empty", () => {
    const result = scoreRfm(
      [
        { customerId: "a", recencyDays: 1, frequency: 1, monetary: 10 },
        { customerId: "b", recencyDays: 100, frequency: 5, monetary: 50 },
      ],
      { bins: 4 },
    );
    const spec: Any = rfmHeatmap(result);
    expect(spec.encoding.y.scale.domain).toEqual([4, 3, 2, 1]);
    expect(spec.encoding.x.scale.domain).toEqual([1, 2, 3, 4]);
    expect(spec.data.values).toHaveLength(2);
    // the records alone: the axes stop at the highest score present
    const maxR = Math.max(...result.customers.map((c) => c.r));
    expect((rfmHeatmap(result.customers) as Any).encoding.y.scale.domain).toEqual(Array.from({ length: maxR }, (_, i) => maxR - i));
  });

  test("segments without scores are refused with a hint; segments scored on scores work", () => {
    const customers = [
      { customerId: "a", recencyDays: 1, frequency: 1, monetary: 10 },
      { customerId: "b", recencyDays: 100, frequency: 5, monetary: 50 },
    ];
    expect(() => rfmHeatmap(segmentRfm(customers) as never)).toThrow(
      new TypeError('rfmHeatmap: the records carry no R/F scores (classic segments on raw values have none): pass scoreRfm\'s result, or segmentRfm\'s with basis: "scores"'),
    );
    const spec: Any = rfmHeatmap(segmentRfm(customers, { basis: "scores" }));
    expect(spec.encoding.y.scale.domain).toEqual([5, 4, 3, 2, 1]);
    expect(() => rfmHeatmap([])).toThrow(new RangeError("rfmHeatmap: no scored customers to draw (0 records)"));
    expect(() => rfmHeatmap({ scores } as never)).toThrow(/^rfmHeatmap: expected scoreRfm's result/);
  });

  test("bad records are issues naming the record, the field and the customer", () => {
    expect(() => rfmHeatmap([{ ...scores[0], monetary: "10" as never }])).toThrow(AnalyticsInputError);
    expect(() => rfmHeatmap([{ ...scores[0], monetary: "10" as never }])).toThrow(
      oneIssue({ code: "invalid_value", path: ["records", 0, "monetary"], customerId: "a", message: 'expected a finite number, got "10"' }),
    );
    expect(() => rfmHeatmap({ customers: [scores[0], { ...scores[1], r: 2.5 }] })).toThrow(oneIssue({ code: "invalid_value", path: ["customers", 1, "r"], customerId: "b" }));
    expect(() => rfmHeatmap([{ ...scores[0], f: 150 }])).toThrow(oneIssue({ path: ["records", 0, "f"], message: "expected a score from 0 to 100, got 150" }));
    expect(() => rfmHeatmap([scores[0], scores[0]])).toThrow(oneIssue({ code: "duplicate_customer", path: ["records", 1, "customerId"] }));
    expect(() => rfmHeatmap(scores, { metric: "m" as never })).toThrow(/^rfmHeatmap: options\.metric/);
  });

  test("bins in meta that are not an integer 2..10 are refused as data, never an array length; scores above the bins too", () => {
    const scored = scoreRfm(scores.map(({ customerId, recencyDays, frequency, monetary }) => ({ customerId, recencyDays, frequency, monetary })), { bins: 3 });
    for (const bad of [Infinity, 11, 1, 2.5, "3"]) {
      const input = { ...scored, meta: { ...scored.meta, recency: { ...scored.meta.recency, bins: bad as never } } };
      expect(() => rfmHeatmap(input)).toThrow(oneIssue({ code: "invalid_value", path: ["meta", "recency", "bins"] }));
    }
    const f = { ...scored, meta: { ...scored.meta, frequency: { ...scored.meta.frequency, bins: -Infinity } } };
    expect(() => rfmHeatmap(f)).toThrow(/^rfmHeatmap: meta\.frequency\.bins: expected a number of bins from 2 to 10, got -Infinity$/);
    const above = { ...scored, customers: scored.customers.map((c, i) => (i === 0 ? { ...c, r: 4 } : c)) };
    expect(() => rfmHeatmap(above)).toThrow(oneIssue({ code: "invalid_value", path: ["customers", 0, "r"], message: "expected a score from 0 to 3, got 4" }));
  });

  test("types: input, options, result", () => {
    expectTypeOf(rfmHeatmap).parameter(0).toEqualTypeOf<RfmHeatmapInput>();
    expectTypeOf(rfmHeatmap).parameter(1).toEqualTypeOf<RfmHeatmapOptions | undefined>();
    expectTypeOf(rfmHeatmap).returns.toEqualTypeOf<VegaLiteSpec>();
    expectTypeOf<keyof typeof rfmHeatmapOptionsSchema.shape>().toEqualTypeOf<keyof RfmHeatmapOptions>();
    expectTypeOf<ReturnType<typeof scoreRfm>>().toExtend<RfmHeatmapInput>();
    expectTypeOf<ReturnType<typeof segmentRfm>>().toExtend<RfmHeatmapInput>();
  });
});
