import { describe, expect, expectTypeOf, test } from "vitest";
import fc from "fast-check";
import { customerSurvival, kaplanMeier, sbgSurvival } from "../../src/index.js";
import { survivalChart, survivalChartOptionsSchema, type SurvivalChartOptions, type VegaLiteSpec } from "../../src/charts/index.js";
import { deepFreeze } from "../helpers/arbitraries.js";
import { layerOf, layersOf } from "./layers.js";

type Any = any;

const km = deepFreeze(
  kaplanMeier([
    { duration: 1, event: true, group: "A" },
    { duration: 3, event: false, group: "A" },
    { duration: 4, event: true, group: "A" },
    { duration: 2, event: true, group: "B" },
    { duration: 2, event: true, group: "B" },
    { duration: 5, event: false, group: "B" },
  ]),
);
// Fader & Hardie (2007), "regular" customers, years 0..12; parameters of the fit on years 0..7
const regular = [1000, 631, 468, 382, 326, 289, 262, 241, 223, 207, 194, 183, 173];
const sbg = deepFreeze(sbgSurvival({ alpha: 0.704, beta: 1.182 }, { alive: regular }));

const oneIssue = (issue: object) => expect.objectContaining({ name: "AnalyticsInputError", issues: [expect.objectContaining(issue)] });
const kind = (spec: Any, k: string) => spec.data.values.filter((d: Any) => d.kind === k);

describe("survivalChart", () => {
  test("one step curve per group from S(0) = 1, bands, log-rank p and medians in the subtitle", () => {
    const spec: Any = survivalChart(km);
    const a = kind(spec, "km").filter((d: Any) => d.group === "A");
    expect(a.map((d: Any) => [d.time, d.survival])).toEqual([[0, 1], [1, 2 / 3], [3, 2 / 3], [4, 0]]);
    expect(a[0]).toMatchObject({ lower: 1, upper: 1, atRisk: 3 });
    // S = 0: no band there (the standard error is not finite)
    expect(a[3]).toMatchObject({ lower: null, upper: null });
    const line = layerOf(spec, "line").spec;
    expect(line.mark.interpolate).toBe("step-after");
    expect(line.encoding.color.scale.domain).toEqual(["A", "B"]);
    const band = layerOf(spec, "area").spec;
    expect(band.mark.interpolate).toBe("step-after");
    expect([band.encoding.y.field, band.encoding.y2.field]).toEqual(["lower", "upper"]);
    // the bands fill in the curves' colours, without a legend of their own (the legend shows the lines)
    expect(band.encoding.fill).toMatchObject({ field: "series", legend: null, scale: line.encoding.color.scale });
    expect(spec.resolve).toEqual({ scale: { fill: "independent" }, legend: { fill: "independent" } });
    expect(spec.title.subtitle[0]).toBe("6 subjects · 4 events · 2 groups");
    expect(spec.title.subtitle[1]).toBe(`Log-rank test: χ² = ${Number(km.meta.logRank!.chiSquare.toPrecision(4))}, df = 1, p = ${Number(km.meta.logRank!.pValue.toPrecision(2))}`);
    expect(spec.title.subtitle[2]).toBe(`Median: A ${km.meta.groups[0].median}; B ${km.meta.groups[1].median}`);
    expect(spec.title.subtitle[3]).toBe("Shaded: 95% pointwise confidence band");
    expect(layersOf(spec, "tick")).toHaveLength(0);
    // censoring ticks on request: A at 3, B at 5
    const ticked: Any = survivalChart(km, { censoring: true, bands: false });
    expect(kind(ticked, "censor").map((d: Any) => [d.group, d.time, d.censored])).toEqual([["A", 3, 1], ["B", 5, 1]]);
    expect(layersOf(ticked, "area")).toHaveLength(0);
    expect(ticked.title.subtitle).toHaveLength(3);
  });

  test("one group: named Kaplan–Meier, no log-rank; customerSurvival: days on the x axis; tiny p-values", () => {
    const one: Any = survivalChart(kaplanMeier([{ duration: 1, event: true }, { duration: 2, event: false }]));
    expect(layerOf(one, "line").spec.encoding.color.scale.domain).toEqual(["Kaplan–Meier"]);
    expect(one.title.subtitle.some((s: string) => s.startsWith("Log-rank"))).toBe(false);
    expect(layerOf(one, "line").spec.encoding.x.title).toBe("Time");
    const rows = [
      { customerId: "a", date: "2024-01-01", amount: 10 },
      { customerId: "b", date: "2024-01-05", amount: 20 },
    ];
    const days: Any = survivalChart(customerSurvival(rows, { asOf: "2024-03-01", lostAfterDays: 30 }));
    expect(layerOf(days, "line").spec.encoding.x.title).toBe("Days since first purchase");
    const tiny: Any = survivalChart({ points: km.points, meta: { ...km.meta, logRank: { ...km.meta.logRank!, pValue: 1e-9 } } });
    expect(tiny.title.subtitle[1]).toMatch(/p < 0\.0001$/);
  });

  test("sBG on the same chart: fitted solid, projection dashed from the last fitted period, actual shares as points", () => {
    const spec: Any = survivalChart(null, { sbg, fittedPeriods: 7 });
    expect(kind(spec, "sbgFitted").map((d: Any) => d.period)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(kind(spec, "sbgProjected").map((d: Any) => d.period)).toEqual([7, 8, 9, 10, 11, 12]);
    expect(kind(spec, "actual").map((d: Any) => d.survival)).toEqual(regular.map((a) => a / 1000));
    expect(kind(spec, "sbgFitted")[3].survival).toBe(sbg.periods[3].survival);
    const dashed = layersOf(spec, "line").filter((l) => l.spec.mark.strokeDash !== undefined);
    expect(dashed).toHaveLength(1);
    expect(dashed[0].spec.transform[0].filter).toBe('datum.kind === "sbgProjected"');
    expect(layerOf(spec, "point").spec.mark.shape).toBe("diamond");
    expect(spec.title.subtitle).toEqual(["sBG fitted on periods 0–7, dashed: projection"]);
    expect(layersOf(spec, "line")[0].spec.encoding.x.title).toBe("Periods");
    // with Kaplan–Meier: the periods scaled to its time unit, all in one legend
    const both: Any = survivalChart(km, { sbg, periodLength: 0.5 });
    expect(kind(both, "sbgFitted").map((d: Any) => d.time).slice(0, 3)).toEqual([0, 0.5, 1]);
    expect(kind(both, "sbgProjected")).toEqual([]);
    expect(layerOf(both, "line", (l) => l.transform[0].filter.includes('"km"')).spec.encoding.color.scale.domain).toEqual(["A", "B", "sBG model (fitted)", "Actual"]);
  });

  test("Chinese", () => {
    const spec: Any = survivalChart(km, { language: "zh", sbg, fittedPeriods: 7 });
    expect(spec.title.text).toBe("客户生存曲线");
    expect(spec.title.subtitle[0]).toBe("6 个对象 · 4 个事件 · 2 组");
    expect(spec.title.subtitle[1]).toMatch(/^Log-rank 检验：χ² = .*，自由度 1，p = /);
    expect(spec.title.subtitle.at(-1)).toBe("sBG 在第 0–7 期上拟合，虚线为预测");
    const kmLine = layerOf(spec, "line", (l) => l.transform[0].filter.includes('"km"')).spec;
    expect(kmLine.encoding.y.title).toBe("仍活跃的客户占比");
    expect(kmLine.encoding.color.scale.domain).toEqual(["A", "B", "sBG 模型（拟合）", "sBG 模型（预测）", "实际"]);
  });

  test("bad input", () => {
    expect(() => survivalChart({ points: [] } as never)).toThrow(new RangeError("survivalChart: no survival points to draw (0 records)"));
    expect(() => survivalChart(null)).toThrow(/^survivalChart: /);
    expect(() => survivalChart(42 as never)).toThrow(TypeError);
    const over = km.points.map((p, i) => (i === 1 ? { ...p, survival: 1.5 } : p));
    expect(() => survivalChart(over)).toThrow(expect.objectContaining({ name: "AnalyticsInputError", issues: expect.arrayContaining([expect.objectContaining({ code: "invalid_value", path: ["points", 1, "survival"] })]) }));
    const back = km.points.map((p, i) => (i === 1 ? { ...p, time: 0.5 } : p));
    expect(() => survivalChart(back)).toThrow(oneIssue({ path: ["points", 1, "time"] }));
    const split = [km.points[0], km.points[3], km.points[1]];
    expect(() => survivalChart(split)).toThrow(oneIssue({ path: ["points", 2, "group"] }));
    const band = km.points.map((p, i) => (i === 0 ? { ...p, lower: 0.9 } : p));
    expect(() => survivalChart(band)).toThrow(oneIssue({ path: ["points", 0, "lower"] }));
    expect(() => survivalChart({ points: km.points, meta: { logRank: { ...km.meta.logRank!, pValue: 2 } } })).toThrow(oneIssue({ path: ["meta", "logRank", "pValue"] }));
    const { group: _g, ...noGroup } = km.points[0];
    expect(() => survivalChart([noGroup] as never)).toThrow(oneIssue({ code: "missing_field" }));
    const rising = { periods: sbg.periods.map((p, i) => (i === 2 ? { ...p, survival: 0.99 } : p)) };
    expect(() => survivalChart(null, { sbg: rising })).toThrow(oneIssue({ path: ["sbg", "periods", 2, "survival"] }));
    const tooMany = { periods: sbg.periods.map((p, i) => (i === 1 ? { ...p, actualAlive: 2000 } : p)), meta: sbg.meta };
    expect(() => survivalChart(null, { sbg: tooMany })).toThrow(oneIssue({ path: ["sbg", "periods", 1, "actualAlive"] }));
    expect(() => survivalChart(km, { sbg: [] as never })).toThrow(/^survivalChart: /);
    expect(() => survivalChart(km, { bands: "yes" } as never)).toThrow(/^survivalChart: /);
    const many = kaplanMeier(Array.from({ length: 11 }, (_, i) => ({ duration: 1, event: true, group: `g${i}` })));
    expect(() => survivalChart(many)).toThrow(new RangeError("survivalChart: at most 10 groups can be drawn, got 11"));
  });

  test("the input is not mutated; the output is JSON; types", () => {
    const before = JSON.stringify([km, sbg]);
    const spec = survivalChart(km, { sbg, fittedPeriods: 7, censoring: true, width: 300, height: 200 });
    expect(JSON.stringify([km, sbg])).toBe(before);
    expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
    expect([spec.width, spec.height]).toEqual([300, 200]);
    expectTypeOf(survivalChart).returns.toEqualTypeOf<VegaLiteSpec>();
    expectTypeOf(survivalChart).parameter(1).toEqualTypeOf<SurvivalChartOptions | undefined>();
    expectTypeOf<keyof typeof survivalChartOptionsSchema.shape>().toEqualTypeOf<keyof SurvivalChartOptions>();
  });

  test("property: every Kaplan–Meier point is drawn once, plus S(0) = 1 per group starting later; no NaN", () => {
    const record = fc.record({ duration: fc.integer({ min: 0, max: 30 }), event: fc.boolean(), group: fc.constantFrom("x", "y", "z") });
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 40 }), (records) => {
        const result = kaplanMeier(records);
        const spec: Any = survivalChart(result, { censoring: true });
        const drawn = kind(spec, "km");
        const starts = result.meta.groups.filter((g) => result.points.find((p) => p.group === g.group)!.time > 0).length;
        expect(drawn).toHaveLength(result.points.length + starts);
        for (const g of result.meta.groups) {
          const first = result.points.find((p) => p.group === g.group)!;
          const start = drawn.find((d: Any) => d.group === g.group);
          expect([start.time, start.survival]).toEqual(first.time > 0 ? [0, 1] : [0, first.survival]);
        }
        expect(kind(spec, "censor").reduce((s: number, d: Any) => s + d.censored, 0)).toBe(records.filter((r) => !r.event).length);
        expect(JSON.stringify(spec)).not.toMatch(/NaN|Infinity/);
      }),
    );
  });
});
