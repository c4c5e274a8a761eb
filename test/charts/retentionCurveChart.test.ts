import { describe, expect, expectTypeOf, test } from "vitest";
import fc from "fast-check";
import { sbgSurvival } from "../../src/index.js";
import { retentionCurveChart, retentionCurveChartOptionsSchema, type RetentionCurveChartOptions, type VegaLiteSpec } from "../../src/charts/index.js";
import { deepFreeze } from "../helpers/arbitraries.js";
import { layerOf, layersOf } from "./layers.js";

type Any = any;

// Fader & Hardie (2007), "regular" customers, years 0..12; parameters of the fit on years 0..7
const regular = [1000, 631, 468, 382, 326, 289, 262, 241, 223, 207, 194, 183, 173];
const sbg = deepFreeze(sbgSurvival({ alpha: 0.704, beta: 1.182 }, { alive: regular }));

const oneIssue = (issue: object) => expect.objectContaining({ name: "AnalyticsInputError", issues: [expect.objectContaining(issue)] });
const kind = (spec: Any, k: string) => spec.data.values.filter((d: Any) => d.kind === k);

describe("retentionCurveChart", () => {
  test("model rates r_t for t >= 1 (fitted, then projected dashed), actual rates as points", () => {
    const spec: Any = retentionCurveChart(sbg, { fittedPeriods: 7 });
    expect(kind(spec, "fitted").map((d: Any) => [d.period, d.rate])).toEqual(sbg.periods.slice(1, 8).map((p) => [p.period, p.retentionRate]));
    expect(kind(spec, "projected").map((d: Any) => d.period)).toEqual([7, 8, 9, 10, 11, 12]);
    expect(kind(spec, "actual").map((d: Any) => [d.period, d.rate, d.alive])).toEqual(regular.slice(1).map((a, i) => [i + 1, a / regular[i], a]));
    // r_t = (β + t − 1)/(α + β + t − 1) rises with t
    expect(kind(spec, "fitted")[0].rate).toBeCloseTo(1.182 / (0.704 + 1.182), 12);
    const dashed = layersOf(spec, "line").filter((l) => l.spec.mark.strokeDash !== undefined);
    expect(dashed).toHaveLength(1);
    expect(dashed[0].spec.transform[0].filter).toBe('datum.kind === "projected"');
    expect(layerOf(spec, "point").spec.encoding.color.scale.domain).toEqual(["sBG model (fitted)", "sBG model (projected)", "Actual"]);
    expect(spec.title.text).toBe("Retention rate by period");
    expect(spec.title.subtitle).toEqual(["sBG: α = 0.704, β = 1.182", "fitted on periods 0–7, dashed: projection", "actual: customers alive at the start of the period over those of the period before"]);
    // the y axis from below the lowest rate (actual 63.1%) to 100%
    expect(layerOf(spec, "point").spec.encoding.y.scale.domain).toEqual([0.5, 1]);
  });

  test("without actual counts or a fitted horizon: one solid line", () => {
    const spec: Any = retentionCurveChart(sbgSurvival({ alpha: 1, beta: 1 }, { periods: 4 }));
    expect(layersOf(spec, "line")).toHaveLength(1);
    expect(layersOf(spec, "point")).toHaveLength(0);
    expect(kind(spec, "fitted").map((d: Any) => d.rate)).toEqual([1 / 2, 2 / 3, 3 / 4, 4 / 5]);
    expect(spec.title.subtitle).toEqual(["sBG: α = 1, β = 1"]);
  });

  test("Chinese", () => {
    const spec: Any = retentionCurveChart(sbg, { fittedPeriods: 7, language: "zh" });
    expect(spec.title.text).toBe("各期留存率");
    expect(spec.title.subtitle).toEqual(["sBG：α = 0.704，β = 1.182", "在第 0–7 期上拟合，虚线为预测", "实际：期初仍活跃的客户数 ÷ 上一期的客户数"]);
    const line = layersOf(spec, "line")[0].spec;
    expect([line.encoding.x.title, line.encoding.y.title]).toEqual(["期数", "留存率"]);
    expect(line.encoding.color.scale.domain).toEqual(["sBG 模型（拟合）", "sBG 模型（预测）", "实际"]);
  });

  test("bad input", () => {
    expect(() => retentionCurveChart(null as never)).toThrow(new TypeError("retentionCurveChart: expected sbgSurvival's result ({ periods, meta }), got null"));
    expect(() => retentionCurveChart({ periods: sbg.periods.slice(0, 1) })).toThrow(RangeError);
    const shifted = { periods: sbg.periods.map((p, i) => (i === 3 ? { ...p, period: 4 } : p)) };
    expect(() => retentionCurveChart(shifted)).toThrow(oneIssue({ code: "invalid_value", path: ["periods", 3, "period"] }));
    const rate = { periods: sbg.periods.map((p, i) => (i === 2 ? { ...p, retentionRate: 1.2 } : p)) };
    expect(() => retentionCurveChart(rate)).toThrow(oneIssue({ path: ["periods", 2, "retentionRate"] }));
    const zero = { periods: sbg.periods.map((p, i) => (i === 0 ? { ...p, retentionRate: 0.5 } : p)) };
    expect(() => retentionCurveChart(zero)).toThrow(oneIssue({ path: ["periods", 0, "retentionRate"] }));
    const rising = { periods: sbg.periods.map((p, i) => (i === 5 ? { ...p, actualAlive: 400 } : p)) };
    expect(() => retentionCurveChart(rising)).toThrow(oneIssue({ path: ["periods", 5, "actualAlive"] }));
    const fractional = { periods: sbg.periods.map((p, i) => (i === 5 ? { ...p, actualAlive: 1.5 } : p)) };
    expect(() => retentionCurveChart(fractional)).toThrow(oneIssue({ path: ["periods", 5, "actualAlive"] }));
    const { retentionRate: _r, ...noRate } = sbg.periods[1];
    expect(() => retentionCurveChart({ periods: [sbg.periods[0], noRate] as never })).toThrow(oneIssue({ path: ["periods", 1, "retentionRate"] }));
    expect(() => retentionCurveChart(sbg, { fittedPeriods: -1 })).toThrow(/^retentionCurveChart: /);
  });

  test("the input is not mutated; the output is JSON; types", () => {
    const before = JSON.stringify(sbg);
    const spec = retentionCurveChart(sbg, { fittedPeriods: 7, width: 300, height: 200 });
    expect(JSON.stringify(sbg)).toBe(before);
    expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
    expect([spec.width, spec.height]).toEqual([300, 200]);
    expectTypeOf(retentionCurveChart).returns.toEqualTypeOf<VegaLiteSpec>();
    expectTypeOf(retentionCurveChart).parameter(1).toEqualTypeOf<RetentionCurveChartOptions | undefined>();
    expectTypeOf<keyof typeof retentionCurveChartOptionsSchema.shape>().toEqualTypeOf<keyof RetentionCurveChartOptions>();
  });

  test("property: one model rate per period after 0 (two at the last fitted one when projecting), all within the y domain", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.05, max: 20, noNaN: true }), fc.double({ min: 0.05, max: 20, noNaN: true }), fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 40 }), (alpha, beta, periods, fitted) => {
        const result = sbgSurvival({ alpha, beta }, { periods });
        const spec: Any = retentionCurveChart({ periods: [...result.periods, { period: periods + 1, retentionRate: 0.9, actualAlive: null }] }, { fittedPeriods: fitted });
        const last = periods + 1;
        const f = Math.max(1, Math.min(fitted, last));
        expect(kind(spec, "fitted")).toHaveLength(f);
        expect(kind(spec, "projected")).toHaveLength(f < last ? last - f + 1 : 0);
        const [lo, hi] = layersOf(spec, "line")[0].spec.encoding.y.scale.domain;
        for (const d of spec.data.values) expect(d.rate >= lo && d.rate <= hi).toBe(true);
        expect(JSON.stringify(spec)).not.toMatch(/NaN|Infinity/);
      }),
    );
  });
});
