import { describe, expect, expectTypeOf, test } from "vitest";
import { periodIndicators } from "../../src/index.js";
import { periodChart, periodChartOptionsSchema, type PeriodChartInput, type PeriodChartOptions, type VegaLiteSpec } from "../../src/charts/index.js";
import { deepFreeze } from "../helpers/arbitraries.js";
import { inputErrorOf } from "../helpers/errors.js";
import { layerOf, layersOf } from "./layers.js";
import { checkChart } from "./vegaCheck.js";

type Any = any;

// Three whole months and a December cut on the 9th: the shape of UCI Online Retail's last period.
const tx = deepFreeze([
  { customerId: "a", date: "2011-09-01", amount: 10 },
  { customerId: "b", date: "2011-09-20", amount: 20 },
  { customerId: "a", date: "2011-10-03", amount: 30 },
  { customerId: "c", date: "2011-10-11", amount: 5 },
  { customerId: "c", date: "2011-11-15", amount: 7 },
  { customerId: "d", date: "2011-11-21", amount: 9 },
  { customerId: "d", date: "2011-12-05", amount: 4 },
]);
const result = deepFreeze(periodIndicators(tx, { asOf: "2011-12-09" }));
const rates = (spec: Any) => layerOf(spec, "line").data.values;
const lineOf = (svg: string) => /<g class="mark-line[^]*?d="([^"]*)"/.exec(svg)![1];

describe("periodChart", () => {
  test("one row per period and rate, in time order, with the period's counts for the tooltip", () => {
    const spec: Any = periodChart(result);
    const rows = rates(spec);
    expect(rows).toHaveLength(2 * result.periods.length);
    expect(rows.filter((d: Any) => d.metric === "churnRate").map((d: Any) => [d.period, d.value])).toEqual(result.periods.map((p) => [p.period, p.churnRate]));
    expect(rows.filter((d: Any) => d.metric === "retentionRate").map((d: Any) => d.value)).toEqual(result.periods.map((p) => p.retentionRate));
    expect(rows[2]).toEqual({ period: "2011-10", metric: "churnRate", series: "Churn rate", value: 0.5, partial: false, coverage: null, active: 2, activeAtStart: 2, lost: 1 });
    expect(spec.title.text).toBe("Churn and retention rates per month");
    const line = layerOf(spec, "line").spec;
    expect(line.encoding.x.scale.domain).toEqual(["2011-09", "2011-10", "2011-11", "2011-12"]);
    expect(line.encoding.x.title).toBe("Month");
    expect(line.encoding.y).toMatchObject({ title: "Rate", axis: { format: ".0%" }, scale: { domain: [0, 1] } });
    expect(line.encoding.color.scale).toEqual({ domain: ["Churn rate", "Retention rate"], range: ["#e45756", "#4c78a8"] });
    // every layer names the axes alike, so the merged axis has one title
    for (const l of [...layersOf(spec, "line"), ...layersOf(spec, "point")]) expect([l.spec.encoding.x.title, l.spec.encoding.y.title]).toEqual(["Month", "Rate"]);
  });

  test("a null rate is a gap: no point is drawn for it, it is never a zero, and the line breaks there", async () => {
    const records = deepFreeze([null, 0.5, 0.6, null, 0.4, 0.3].map((c, i) => ({ period: `2024-0${i + 1}`, active: 10, churnRate: c })));
    const spec: Any = periodChart(records, { metrics: ["churnRate"] });
    expect(rates(spec).map((d: Any) => d.value)).toEqual([null, 0.5, 0.6, null, 0.4, 0.3]);
    expect(layerOf(spec, "point").spec.transform).toEqual([{ filter: "datum.value !== null" }]);
    const { marks, svg, messages } = await checkChart(spec);
    expect(messages).toEqual([]);
    expect(marks[layerOf(spec, "point").marks]).toBe(4);
    // two pieces of line (M … L … twice), and nothing drawn at the 0% baseline (y = 280)
    const d = lineOf(svg);
    expect(d.match(/M/g)).toHaveLength(2);
    expect(d).not.toMatch(/,280(?![\d.])/);
    // the first period's null is explained under the title
    expect(spec.title.subtitle).toContain("No rate for 2024-01, the first period: no one was active before it");
  });

  test("a partial period is shaded, its days written in the band and the tooltip, and named under the title", async () => {
    const spec: Any = periodChart(result);
    const december = rates(spec).filter((d: Any) => d.period === "2011-12");
    expect(december.map((d: Any) => [d.value, d.partial, d.coverage])).toEqual([
      [null, true, "9 of 31 days"],
      [null, true, "9 of 31 days"],
    ]);
    const shade = layerOf(spec, "rect");
    expect(shade.data.values).toEqual([{ period: "2011-12", coverage: "9 of 31 days" }]);
    expect(shade.spec.encoding.tooltip).toContainEqual({ field: "coverage", type: "nominal", title: "Partial period" });
    expect(layerOf(spec, "text").spec.encoding.text).toEqual({ field: "coverage", type: "nominal" });
    expect(spec.title.subtitle).toEqual([
      "4 periods, 2011-09 to 2011-12",
      "Shaded: partial period 2011-12 (9 of 31 days): no rate (a gap in the line, not a zero)",
      "No rate for 2011-09, the first period: no one was active before it",
    ]);
    const { marks, texts } = await checkChart(spec);
    expect(marks[shade.marks]).toBe(1);
    expect(texts).toContain("9 of 31 days");
    // whole periods only: no shade, no note
    const whole: Any = periodChart(result.periods.slice(0, 3));
    expect(layersOf(whole, "rect")).toHaveLength(0);
    expect(whole.title.subtitle).toEqual(["3 periods, 2011-09 to 2011-11", "No rate for 2011-09, the first period: no one was active before it"]);
  });

  test('partialPeriods "mark": the rates are drawn, lighter, and the note says they cover the days only', () => {
    const marked: Any = periodChart(periodIndicators(tx, { asOf: "2011-12-09", partialPeriods: "mark" }));
    const december = rates(marked).filter((d: Any) => d.period === "2011-12");
    expect(december.map((d: Any) => d.value)).toEqual([0.5, 0.5]);
    expect(layerOf(marked, "point").spec.encoding.opacity).toEqual({ condition: { test: "datum.partial", value: 0.45 }, value: 1 });
    expect(marked.title.subtitle[1]).toBe("Shaded: partial period 2011-12 (9 of 31 days): rates over the days covered only");
    const dropped: Any = periodChart(periodIndicators(tx, { asOf: "2011-12-09", partialPeriods: "drop" }));
    expect(rates(dropped).map((d: Any) => d.period)).not.toContain("2011-12");
    expect(dropped.title.subtitle).toContain("Left out: partial period 2011-12 (9 of 31 days)");
  });

  test("volume: a bar panel of active customers or revenue under the rates, partial bars lighter and outlined", async () => {
    const spec: Any = periodChart(result, { volume: "active" });
    expect(spec.vconcat).toHaveLength(2);
    const bars = layerOf(spec, "bar", (l) => l.mark.strokeDash === undefined);
    expect(bars.data.values.map((d: Any) => [d.period, d.value, d.partial])).toEqual(result.periods.map((p) => [p.period, p.active, p.partial]));
    expect(bars.spec.encoding.y.title).toBe("Active customers");
    const outline = layerOf(spec, "bar", (l) => l.mark.strokeDash !== undefined);
    expect(outline.spec.transform).toEqual([{ filter: "datum.partial" }]);
    const { marks, messages, viewMessages } = await checkChart(spec);
    expect([...messages, ...viewMessages]).toEqual([]);
    expect(marks[bars.marks]).toBe(4);
    expect(marks[outline.marks]).toBe(1);
    const revenue: Any = periodChart(result, { volume: "revenue", language: "zh" });
    expect(layerOf(revenue, "bar", (l) => l.mark.strokeDash === undefined).data.values.map((d: Any) => d.value)).toEqual(result.periods.map((p) => p.revenue));
  });

  test("Chinese titles, axis titles, legend and notes", () => {
    const spec: Any = periodChart(result, { language: "zh", volume: "active" });
    expect(spec.title.text).toBe("每月流失率与留存率");
    expect(spec.title.subtitle).toEqual(["4 个周期：2011-09 至 2011-12", "阴影：不完整周期 2011-12（31 天中的 9 天），不计算比率（折线断开，并非为零）", "首个周期 2011-09 无比率：此前没有活跃客户"]);
    const line = layerOf(spec, "line").spec;
    expect(line.encoding.color.scale.domain).toEqual(["流失率", "留存率"]);
    expect(line.encoding.y.title).toBe("比率");
    expect(layerOf(spec, "bar", (l) => l.mark.strokeDash === undefined).spec.encoding.x.title).toBe("月");
    for (const shade of layersOf(spec, "rect")) expect(shade.data.values[0].coverage).toBe("31 天中的 9 天");
    expect(layersOf(spec, "rect")).toHaveLength(2); // one shade per panel
    // an array of periods does not say its unit
    expect((periodChart(result.periods, { language: "zh" }) as Any).title.text).toBe("各周期流失率与留存率");
    expect((periodChart(result.periods) as Any).title.text).toBe("Churn and retention rates per period");
  });

  test("other rates, options", () => {
    const spec: Any = periodChart(result, { metrics: ["repurchaseRate", "revenueRetention"], title: "", width: 500, height: 200 });
    expect(spec.title).toBeUndefined();
    expect(spec.width).toBe(500);
    expect(spec.height).toBe(200);
    expect(layerOf(spec, "line").spec.encoding.color.scale.domain).toEqual(["Repurchase rate", "Revenue retention"]);
    expect((periodChart(result, { metrics: ["repeatPurchaseRate"] }) as Any).title.text).toBe("Customer rates per month");
    // revenue retention above 1 widens the axis
    const grown: Any = periodChart([{ period: "p1", active: 1, revenueRetention: null }, { period: "p2", active: 1, revenueRetention: 2.5 }], { metrics: ["revenueRetention"] });
    expect(layerOf(grown, "line").spec.encoding.y.scale.domain).toEqual([0, 2.5]);
  });

  test("inputs are not changed", () => {
    const before = structuredClone(result);
    periodChart(result, { volume: "revenue" });
    expect(result).toEqual(before);
    expect(Object.isFrozen(result.periods[0])).toBe(true);
  });

  test("bad records and bad options are refused", () => {
    const p = result.periods;
    const issue = (run: () => unknown) => inputErrorOf(run).issues[0];
    expect(issue(() => periodChart([{ ...p[1], churnRate: 1.5 }]))).toMatchObject({ code: "invalid_value", path: ["periods", 0, "churnRate"], message: "expected a rate from 0 to 1 or null, got 1.5" });
    expect(issue(() => periodChart([{ ...p[1], churnRate: "0.5" as never }]))).toMatchObject({ code: "invalid_value", path: ["periods", 0, "churnRate"] });
    expect(issue(() => periodChart([{ ...p[1], churnRate: Number.NaN }]))).toMatchObject({ code: "invalid_value", path: ["periods", 0, "churnRate"] });
    expect(issue(() => periodChart([{ ...p[1], active: -1 }]))).toMatchObject({ path: ["periods", 0, "active"] });
    expect(issue(() => periodChart([p[1], p[1]]))).toMatchObject({ path: ["periods", 1, "period"], message: 'period "2011-10" also at periods[0]; one record per period' });
    expect(issue(() => periodChart([{ ...p[3], daysCovered: 40 }]))).toMatchObject({ path: ["periods", 0, "daysCovered"] });
    expect(issue(() => periodChart([{ ...p[3], partial: "yes" as never }]))).toMatchObject({ path: ["periods", 0, "partial"] });
    expect(issue(() => periodChart([{ ...p[1], lost: 0.5 }]))).toMatchObject({ path: ["periods", 0, "lost"] });
    expect(issue(() => periodChart([{ period: "x", active: 1 }], { volume: "revenue" }))).toMatchObject({ code: "missing_field" });
    expect(issue(() => periodChart([{ ...p[1], revenue: 1e308 }, { ...p[2], revenue: 1e308 }], { volume: "revenue" }))).toMatchObject({ code: "overflow" });
    expect(() => periodChart([])).toThrow(/^periodChart: no periods to draw/);
    expect(() => periodChart({ cells: p } as never)).toThrow(/^periodChart: expected periodIndicators' periods \(an array, or a result object with `periods`\)/);
    expect(() => periodChart(result, { metrics: ["churnRate", "churnRate"] })).toThrow(/^periodChart: /);
    expect(() => periodChart(result, { metrics: ["lost" as never] })).toThrow(/^periodChart: /);
    expect(() => periodChart(result, { volume: "orders" as never })).toThrow(/^periodChart: /);
    expect(() => periodChart(result, { colour: "red" } as never)).toThrow(TypeError);
  });

  test("types: input, options, result", () => {
    expectTypeOf(periodChart).parameter(0).toEqualTypeOf<PeriodChartInput>();
    expectTypeOf(periodChart).parameter(1).toEqualTypeOf<PeriodChartOptions | undefined>();
    expectTypeOf(periodChart).returns.toEqualTypeOf<VegaLiteSpec>();
    expectTypeOf<keyof typeof periodChartOptionsSchema.shape>().toEqualTypeOf<keyof PeriodChartOptions>();
    expectTypeOf<ReturnType<typeof periodIndicators>>().toExtend<PeriodChartInput>();
    expectTypeOf<ReturnType<typeof periodIndicators>["periods"]>().toExtend<PeriodChartInput>();
  });
});

test("periodChart: bad partial-period fields are invalid_value issues naming the period (as cohortHeatmap's)", () => {
  const last = result.periods.length - 1;
  expect(result.periods[last].partial).toBe(true);
  const bad = (change: Record<string, unknown>) => ({ ...result, periods: result.periods.map((p, i) => (i === last ? { ...p, ...change } : p)) }) as never;
  expect(inputErrorOf(() => periodChart(bad({ partial: "yes" }))).issues[0]).toMatchObject({ code: "invalid_value", path: ["periods", last, "partial"], message: 'expected true, false or no field, got "yes"' });
  expect(inputErrorOf(() => periodChart(bad({ daysInPeriod: 0 }))).issues[0]).toMatchObject({ code: "invalid_value", path: ["periods", last, "daysInPeriod"] });
  expect(inputErrorOf(() => periodChart(bad({ daysCovered: 40 }))).issues[0]).toMatchObject({ code: "invalid_value", path: ["periods", last, "daysCovered"], message: "expected the days covered, an integer from 1 to daysInPeriod (31), got 40" });
  expect(() => periodChart(bad({ partial: false, daysCovered: undefined, daysInPeriod: undefined }))).not.toThrow();
});
