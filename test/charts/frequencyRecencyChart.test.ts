import { describe, expect, expectTypeOf, test } from "vitest";
import { predictBgNbd, predictParetoNbd, type PurchaseModel, type ToBtydSummaryResult } from "../../src/index.js";
import { frequencyRecencyChart, frequencyRecencyChartOptionsSchema, type FrequencyRecencyChartInput, type FrequencyRecencyChartOptions, type VegaLiteSpec } from "../../src/charts/index.js";
import { deepFreeze } from "../helpers/arbitraries.js";
import { unitLayers } from "./layers.js";
import { checkChart } from "./vegaCheck.js";

type Any = any;

const bg = { r: 0.2425929282798216, alpha: 4.413532265271803, a: 0.7928859664405851, b: 2.42575238262545 };
const pareto = { r: 0.5532785252272063, alpha: 10.57751335093755, s: 0.606240155080356, beta: 11.668640633007454 };
const model: PurchaseModel = { model: "bg-nbd", params: bg };
// 200 customers observed for up to 39 weeks; frequencies 0..9 plus two heavy buyers (25 and 60)
const records = deepFreeze(
  Array.from({ length: 200 }, (_, i) => {
    const frequency = i === 0 ? 60 : i === 1 ? 25 : i % 10;
    const T = i === 5 ? 39 : 30 + (i % 9);
    return { frequency, recency: frequency === 0 ? 0 : (T * ((i % 7) + 1)) / 8, T };
  }),
);

describe("frequencyRecencyChart", () => {
  test("P(alive) cells over 0 ≤ x ≤ the 99th percentile, t_x from 0 to the longest T; each cell is predictBgNbd's P(alive) of that history", () => {
    const spec: Any = frequencyRecencyChart(model, records);
    const cells = spec.data.values;
    // 99th percentile of 200 frequencies: the 198th smallest is 9; the two heavy buyers are above the top row
    expect(Math.max(...cells.map((d: Any) => d.frequency))).toBe(9);
    expect(cells.filter((d: Any) => d.frequency === 0)).toEqual([expect.objectContaining({ recency: 0 })]);
    expect(cells.length).toBe(1 + 9 * 40);
    expect(cells.filter((d: Any) => d.frequency === 3).map((d: Any) => d.recency)).toEqual(Array.from({ length: 40 }, (_, j) => (j === 39 ? 39 : j)));
    const predicted = predictBgNbd(bg, cells.map((d: Any) => ({ frequency: d.frequency, recency: d.recency, T: 39 })), { t: 1 }).customers;
    cells.forEach((d: Any, i: number) => expect(d.value).toBe(predicted[i].pAlive));
    expect(spec.title.subtitle).toEqual([
      "Customers observed for T = 39 time units; top right: frequent and recent, top left: frequent but long silent",
      "lowest 0.0% (x = 9, t_x = 0), highest 100.0% (x = 0, t_x = 0)",
      "2 customers (1.0%) with more than 9 repeat purchases are above the top row",
    ]);
    expect(unitLayers(spec).map((l) => l.mark)).toEqual(["rect"]);
  });

  test("expected purchases over t: predictParetoNbd's; T, maxFrequency and labels as asked; a summary result names the unit", () => {
    const summary = { customers: records, meta: { period: "week" } } as unknown as ToBtydSummaryResult;
    const spec: Any = frequencyRecencyChart({ model: "pareto-nbd", params: pareto }, summary, { metric: "expectedPurchases", t: 52, T: 10, maxFrequency: 4 });
    const cells = spec.data.values;
    expect(cells.length).toBe(1 + 4 * 11);
    const predicted = predictParetoNbd(pareto, cells.map((d: Any) => ({ frequency: d.frequency, recency: d.recency, T: 10 })), { t: 52 }).customers;
    cells.forEach((d: Any, i: number) => expect(d.value).toBe(predicted[i].expectedPurchases));
    // 11 × 5 cells: labels by default
    expect(unitLayers(spec).map((l) => l.mark)).toEqual(["rect", "text"]);
    expect(spec.layer[0].encoding.color.title).toBe("Expected purchases, next 52 weeks");
    expect(spec.layer[0].encoding.x.title).toBe("Recency: time of the last repeat purchase (weeks after the first)");
    const zh: Any = frequencyRecencyChart({ model: "pareto-nbd", params: pareto }, summary, { metric: "expectedPurchases", t: 52, language: "zh", labels: false });
    expect(zh.layer[0].encoding.color.title).toBe("未来 52 周的预期购买次数");
    expect(zh.title.subtitle[0]).toMatch(/^观察期 T = 39 周；/);
    expect(zh.layer.length).toBe(1);
    expect(zh.data.values[0].label).toBeUndefined();
  });

  test("compiles and renders without a warning, both metrics, English and Chinese", async () => {
    for (const language of ["en", "zh"] as const) {
      for (const metric of ["pAlive", "expectedPurchases"] as const) {
        const spec = frequencyRecencyChart(model, records, { language, metric, maxFrequency: 6, T: 8 });
        const checked = await checkChart(spec);
        expect(checked.messages).toEqual([]);
        expect(checked.viewMessages).toEqual([]);
        expect(checked.marks.layer_0_marks).toBe(1 + 6 * 9);
        expect(JSON.stringify(spec)).not.toMatch(/NaN|Infinity/);
      }
    }
  });

  test("bad arguments and records", () => {
    expect(() => frequencyRecencyChart({ model: "x" } as never, records)).toThrow(/^frequencyRecencyChart: expected \{ model/);
    expect(() => frequencyRecencyChart({ model: "bg-nbd", params: { ...bg, a: 1 } }, records)).toThrow(RangeError);
    expect(() => frequencyRecencyChart(model, [{ frequency: 0, recency: 0, T: 0 }])).toThrow(new RangeError("frequencyRecencyChart: every customer has T = 0: give options.T, the observation length to draw"));
    expect((frequencyRecencyChart(model, [{ frequency: 0, recency: 0, T: 0 }], { T: 2 }) as Any).data.values).toHaveLength(1 + 1 * 3);
    expect(() => frequencyRecencyChart(model, records, { t: 0 })).toThrow(/^frequencyRecencyChart: options/);
    expect(() => frequencyRecencyChart(model, records, { maxFrequency: 201 })).toThrow(/^frequencyRecencyChart: options/);
    expect(() => frequencyRecencyChart(model, records, { metric: "clv" } as never)).toThrow(/^frequencyRecencyChart: options/);
    expect(() => frequencyRecencyChart(model, [])).toThrow(expect.objectContaining({ name: "AnalyticsInputError" }));
    expect(() => frequencyRecencyChart(model, [{ frequency: 1, recency: 5, T: 3 }])).toThrow(expect.objectContaining({ issues: [expect.objectContaining({ path: ["records", 0, "recency"] })] }));
  });

  test("types: input, options, result", () => {
    expectTypeOf(frequencyRecencyChart).parameter(0).toEqualTypeOf<PurchaseModel>();
    expectTypeOf(frequencyRecencyChart).parameter(1).toEqualTypeOf<FrequencyRecencyChartInput>();
    expectTypeOf(frequencyRecencyChart).parameter(2).toEqualTypeOf<FrequencyRecencyChartOptions | undefined>();
    expectTypeOf(frequencyRecencyChart).returns.toEqualTypeOf<VegaLiteSpec>();
    expectTypeOf<keyof typeof frequencyRecencyChartOptionsSchema.shape>().toEqualTypeOf<keyof FrequencyRecencyChartOptions>();
    expectTypeOf<ToBtydSummaryResult>().toExtend<FrequencyRecencyChartInput>();
  });
});
