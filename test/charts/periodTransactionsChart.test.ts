import { readFileSync } from "node:fs";
import { describe, expect, expectTypeOf, test } from "vitest";
import { bgNbdExpectedPurchases, toBtydSummary, type PurchaseModel } from "../../src/index.js";
import { periodTransactionsChart, periodTransactionsChartOptionsSchema, type PeriodTransactionsChartInput, type PeriodTransactionsChartOptions, type VegaLiteSpec } from "../../src/charts/index.js";
import { deepFreeze } from "../helpers/arbitraries.js";
import { fixturePath } from "../helpers/csv.js";
import { checkChart } from "./vegaCheck.js";

type Any = any;

const cdnow = () =>
  readFileSync(fixturePath("clv/CDNOW_sample.txt"), "utf8")
    .trim()
    .split(/\r?\n/)
    .map((l) => {
      const [, id, day, , amount] = l.trim().split(/\s+/);
      return { customerId: String(Number(id)), date: `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6, 8)}`, amount: Number(amount) };
    });
const reference = JSON.parse(readFileSync(fixturePath("clv/period_transactions_cdnow.json"), "utf8"));
const bg = reference.expected["bg-nbd"].params;

describe("periodTransactionsChart", () => {
  test("CDNOW sample (FHL 2005 figure 1): actual bars exact, model bars Σ P(X(T_i) = n) as the independent scipy script, for the three models", () => {
    const summary = toBtydSummary(cdnow(), { asOf: "1998-06-30", calibrationEnd: "1997-09-30", period: "week" });
    for (const name of ["bg-nbd", "modified-bg-nbd", "pareto-nbd"] as const) {
      const model = { model: name, params: reference.expected[name].params } as PurchaseModel;
      const spec: Any = periodTransactionsChart(model, summary);
      const actual = spec.data.values.filter((d: Any) => d.series === "Actual");
      const expected = spec.data.values.filter((d: Any) => d.series === "Model");
      expect(actual.map((d: Any) => d.customers)).toEqual(reference.actual);
      expect(actual.map((d: Any) => d.frequencyLabel)).toEqual(["0", "1", "2", "3", "4", "5", "6", "7+"]);
      expected.forEach((d: Any, n: number) => expect(Math.abs(d.customers - reference.expected[name].customers[n])).toBeLessThan(1e-8 * reference.expected[name].customers[n]));
      // the bars hold every customer
      expect(expected.reduce((s: number, d: Any) => s + d.customers, 0)).toBeCloseTo(2357, 9);
    }
    const spec: Any = periodTransactionsChart({ model: "bg-nbd", params: bg }, summary.customers, { model: "BG/NBD" });
    expect(spec.title.subtitle).toEqual(["2,357 customers", "The model places 1.3% of the customers in another bar than the data (half the sum of the gaps)"]);
  });

  test("the model's bars have the mean the model expects: Σ n·P(X(T) = n) = E[X(T)] (far bar pooled at 50)", () => {
    const records = deepFreeze([{ frequency: 1, recency: 2, T: 10 }, { frequency: 0, recency: 0, T: 3 }]);
    const spec: Any = periodTransactionsChart({ model: "bg-nbd", params: bg }, records, { maxFrequency: 50 });
    const model = spec.data.values.filter((d: Any) => d.series === "Model");
    const mean = model.slice(0, 50).reduce((s: number, d: Any) => s + d.frequency * d.customers, 0);
    expect(model[50].customers).toBeLessThan(1e-9);
    expect(mean).toBeCloseTo(bgNbdExpectedPurchases(bg, 10) + bgNbdExpectedPurchases(bg, 3), 8);
    // records with counts stand for that many customers
    const counted: Any = periodTransactionsChart({ model: "bg-nbd", params: bg }, [{ frequency: 0, recency: 0, T: 3, count: 4 }], { maxFrequency: 2 });
    expect(counted.data.values.filter((d: Any) => d.series === "Actual").map((d: Any) => d.customers)).toEqual([4, 0, 0]);
  });

  test("compiles and renders, English and Chinese", async () => {
    const records = [{ frequency: 0, recency: 0, T: 30 }, { frequency: 3, recency: 20, T: 30 }, { frequency: 12, recency: 29, T: 31 }];
    for (const language of ["en", "zh"] as const) {
      const spec = periodTransactionsChart({ model: "pareto-nbd", params: reference.expected["pareto-nbd"].params }, records, { language });
      const checked = await checkChart(spec);
      expect(checked.messages).toEqual([]);
      expect(checked.viewMessages).toEqual([]);
      expect(checked.marks.marks).toBe(16);
      expect(checked.texts).toContain(language === "en" ? "Repeat purchases in the calibration period" : "校准期重复购买次数");
    }
  });

  test("bad arguments and records", () => {
    const records = [{ frequency: 0, recency: 0, T: 30 }];
    expect(() => periodTransactionsChart({ model: "x" } as never, records)).toThrow(/^periodTransactionsChart: expected \{ model/);
    expect(() => periodTransactionsChart({ model: "bg-nbd", params: { ...bg, r: -1 } }, records)).toThrow(RangeError);
    expect(() => periodTransactionsChart({ model: "bg-nbd", params: bg }, [])).toThrow(expect.objectContaining({ name: "AnalyticsInputError", code: "empty_input" }));
    expect(() => periodTransactionsChart({ model: "bg-nbd", params: bg }, records, { maxFrequency: 0 })).toThrow(/^periodTransactionsChart: options/);
    expect(() => periodTransactionsChart({ model: "bg-nbd", params: bg }, records, { model: "Actual" })).toThrow(/must differ from "Actual"/);
    expect(() => periodTransactionsChart({ model: "bg-nbd", params: bg }, [{ frequency: 2, recency: 40, T: 30 }])).toThrow(expect.objectContaining({ name: "AnalyticsInputError", issues: [expect.objectContaining({ path: ["records", 0, "recency"] })] }));
    expect(() => periodTransactionsChart({ model: "bg-nbd", params: bg }, { rows: records } as never)).toThrow(TypeError);
  });

  test("types: input, options, result", () => {
    expectTypeOf(periodTransactionsChart).parameter(0).toEqualTypeOf<PurchaseModel>();
    expectTypeOf(periodTransactionsChart).parameter(1).toEqualTypeOf<PeriodTransactionsChartInput>();
    expectTypeOf(periodTransactionsChart).parameter(2).toEqualTypeOf<PeriodTransactionsChartOptions | undefined>();
    expectTypeOf(periodTransactionsChart).returns.toEqualTypeOf<VegaLiteSpec>();
    expectTypeOf<keyof typeof periodTransactionsChartOptionsSchema.shape>().toEqualTypeOf<keyof PeriodTransactionsChartOptions>();
    expectTypeOf<ReturnType<typeof toBtydSummary>>().toExtend<PeriodTransactionsChartInput>();
  });
});
