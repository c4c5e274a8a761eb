import { describe, expect, expectTypeOf, test } from "vitest";
import fc from "fast-check";
import { AnalyticsInputError, whaleCurve } from "../../src/index.js";
import { whaleCurveChart, whaleCurveChartOptionsSchema, type WhaleCurveChartOptions, type VegaLiteSpec } from "../../src/charts/index.js";
import { deepFreeze } from "../helpers/arbitraries.js";
import { layerOf } from "./layers.js";

type Any = any;

const curve = deepFreeze(
  whaleCurve([
    { customerId: "a", profit: 80 },
    { customerId: "b", profit: 50 },
    { customerId: "c", profit: -10 },
    { customerId: "d", profit: -20 },
  ]),
);

/** An AnalyticsInputError with exactly this one issue. */
const oneIssue = (issue: object) => expect.objectContaining({ name: "AnalyticsInputError", issues: [expect.objectContaining(issue)] });
const byKind = (spec: Any, kind: string) => spec.layer.find((l: Any) => l.data?.values[0]?.kind === kind);

describe("whaleCurveChart", () => {
  test("the curve, the 100% line, the peak marked and labelled, the tail shaded", () => {
    const spec: Any = whaleCurveChart(curve);
    expect(spec.data.values.map((d: Any) => [d.customerShare, d.profitShare, d.cumulativeProfit])).toEqual([
      [0, 0, 0],
      [0.25, 0.8, 80],
      [0.5, 1.3, 130],
      [0.75, 1.2, 120],
      [1, 1, 100],
    ]);
    expect(byKind(spec, "peak").data.values[0]).toMatchObject({ customerShare: 0.5, profitShare: 1.3, text: "peak 130% at 50% of customers" });
    expect(byKind(spec, "total").layer[0].mark.type).toBe("rule");
    expect(byKind(spec, "total").data.values[0].y).toBe(1);
    // the tail: the last 50% of the customers, shaded from 0 to the top of the axis
    const tail = layerOf(spec, "rect").spec;
    expect(tail.data.values).toEqual([{ from: 0.5, to: 1 }]);
    expect(byKind(spec, "tail").data.values[0].text).toBe("value-destroying customers: 50%");
    // the y axis goes above the peak (its label), in %
    const line = layerOf(spec, "line").spec;
    expect(line.encoding.y.scale.domain[1]).toBeCloseTo(1.3 * 1.12, 12);
    expect(line.encoding.y.axis.format).toBe("%");
    expect(spec.title.subtitle).toBe("Total profit 100 · 4 customers · profit destroyed by the loss-makers 30");
  });

  test("Chinese; a curve without loss-makers has no shaded tail; a peak near 100% shows decimals", () => {
    const zh: Any = whaleCurveChart(curve, { language: "zh" });
    expect(zh.title.text).toBe("鲸鱼曲线：按客户累计利润");
    expect(byKind(zh, "peak").data.values[0].text).toBe("峰值 130%（前 50% 的客户）");
    expect(layerOf(zh, "line").spec.encoding.x.title).toBe("客户累计占比（按利润从高到低）");
    const plain: Any = whaleCurveChart(whaleCurve([{ customerId: "a", profit: 3 }, { customerId: "b", profit: 1 }]));
    expect(plain.layer.some((l: Any) => l.mark?.type === "rect")).toBe(false);
    expect(byKind(plain, "tail").data.values[0].text).toBe("no value-destroying customers");
    expect(byKind(plain, "peak").data.values[0].text).toBe("peak 100% at 100% of customers");
    const near: Any = whaleCurveChart(whaleCurve([...Array.from({ length: 999 }, (_, i) => ({ customerId: `c${i}`, profit: 10 })), { customerId: "x", profit: -1 }]));
    expect(byKind(near, "peak").data.values[0].text).toBe("peak 100.01% at 99.9% of customers");
    expect(byKind(near, "tail").data.values[0].text).toBe("value-destroying customers: 0.1%");
  });

  test("bad input", () => {
    expect(() => whaleCurveChart([] as never)).toThrow(new TypeError("whaleCurveChart: expected whaleCurve's result ({ points, meta }), got an array"));
    expect(() => whaleCurveChart({ points: [curve.points[0]], meta: curve.meta })).toThrow(RangeError);
    const points = curve.points.map((p) => ({ ...p }));
    points[2] = { ...points[2], customerShare: 0.1 };
    expect(() => whaleCurveChart({ points, meta: curve.meta })).toThrow(oneIssue({ code: "invalid_value", path: ["points", 2, "customerShare"] }));
    const negative = curve.points.map((p, i) => (i === 1 ? { ...p, profitShare: -0.5 } : p));
    expect(() => whaleCurveChart({ points: negative, meta: curve.meta })).toThrow(oneIssue({ code: "invalid_value", path: ["points", 1, "profitShare"] }));
    expect(() => whaleCurveChart({ points: curve.points, meta: { ...curve.meta, totalProfit: 0 } })).toThrow(oneIssue({ code: "invalid_value", path: ["meta", "totalProfit"] }));
    expect(() => whaleCurveChart({ points: curve.points, meta: { ...curve.meta, valueDestroyingCustomers: 9 } })).toThrow(oneIssue({ code: "invalid_value", path: ["meta", "valueDestroyingCustomers"] }));
    expect(() => whaleCurveChart(curve, { maxPoints: 10 } as never)).toThrow(/^whaleCurveChart: /);
  });

  test("the input is not mutated; the output is JSON; types", () => {
    const before = JSON.stringify(curve);
    const spec = whaleCurveChart(curve, { language: "zh", width: 300, height: 200 });
    expect(JSON.stringify(curve)).toBe(before);
    expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
    expect([spec.width, spec.height]).toEqual([300, 200]);
    expectTypeOf(whaleCurveChart).returns.toEqualTypeOf<VegaLiteSpec>();
    expectTypeOf(whaleCurveChart).parameter(1).toEqualTypeOf<WhaleCurveChartOptions | undefined>();
    expectTypeOf<keyof typeof whaleCurveChartOptionsSchema.shape>().toEqualTypeOf<keyof WhaleCurveChartOptions>();
  });

  test("property: the peak label is at the highest point; the tail starts at 1 − the share of loss-makers", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 100 }), { minLength: 1, maxLength: 40 }), (profits) => {
        fc.pre(profits.reduce((a, b) => a + b, 0) > 0);
        const result = whaleCurve(profits.map((profit, i) => ({ customerId: `c${i}`, profit })));
        const spec: Any = whaleCurveChart(result);
        const peak = byKind(spec, "peak").data.values[0];
        expect(peak.profitShare).toBe(Math.max(...result.points.map((p) => p.profitShare)));
        expect(peak.profitShare).toBeCloseTo(result.meta.peakShare, 12);
        const negatives = profits.filter((p) => p < 0).length;
        const rect = spec.layer.find((l: Any) => l.mark?.type === "rect");
        if (negatives === 0) expect(rect).toBeUndefined();
        else expect(rect.data.values[0].from).toBeCloseTo(1 - negatives / profits.length, 12);
        expect(JSON.stringify(spec)).not.toMatch(/NaN|Infinity/);
      }),
    );
  });
  test("a profit share too large to plot is an AnalyticsInputError, not an internal error (found by the fuzz suite)", () => {
    const curve = whaleCurve([{ customerId: "c0", profit: 0.01 }]);
    const bad = { ...curve, points: curve.points.map((p, i) => (i === 0 ? { ...p, profitShare: 1.7976931348623157e308 } : p)) };
    const call = () => whaleCurveChart(bad);
    expect(call).toThrow(AnalyticsInputError);
    expect(call).toThrow(/^whaleCurveChart: .*profit share that can be plotted/);
  });
});
