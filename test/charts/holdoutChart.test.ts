import { describe, expect, expectTypeOf, test } from "vitest";
import { calibrationHoldout } from "../../src/index.js";
import { holdoutChart, holdoutChartOptionsSchema, type HoldoutChartInput, type HoldoutChartOptions, type VegaLiteSpec } from "../../src/charts/index.js";
import { deepFreeze } from "../helpers/arbitraries.js";
import { unitLayers } from "./layers.js";
import { checkChart } from "./vegaCheck.js";

type Any = any;

const rows = deepFreeze([
  { frequency: 0, frequencyAtLeast: false, customers: 100, actual: 0.2, predicted: 0.25 },
  { frequency: 1, frequencyAtLeast: false, customers: 40, actual: 0.8, predicted: 0.7 },
  { frequency: 2, frequencyAtLeast: true, customers: 10, actual: 2, predicted: 2.1 },
]);

describe("holdoutChart", () => {
  test("two rows per calibration frequency, the pooled last one labelled n+", () => {
    const spec: Any = holdoutChart(rows);
    expect(spec.data.values.map((d: Any) => [d.frequencyLabel, d.series, d.purchases, d.customers])).toEqual([
      ["0", "Actual", 0.2, 100],
      ["0", "Model", 0.25, 100],
      ["1", "Actual", 0.8, 40],
      ["1", "Model", 0.7, 40],
      ["2+", "Actual", 2, 10],
      ["2+", "Model", 2.1, 10],
    ]);
    expect(unitLayers(spec).map((l) => l.mark)).toEqual(["line"]);
    expect(spec.encoding.x.sort).toEqual(["0", "1", "2+"]);
    expect(spec.title.subtitle).toBe("150 customers");
  });

  test("calibrationHoldout's result: its frequencies", () => {
    const result = calibrationHoldout({ model: "bg-nbd", params: { r: 0.24, alpha: 4.4, a: 0.79, b: 2.4 } }, [
      { customerId: "a", frequency: 0, recency: 0, T: 30, monetaryValue: 0, frequencyHoldout: 0, durationHoldout: 39 },
      { customerId: "b", frequency: 2, recency: 20, T: 30, monetaryValue: 10, frequencyHoldout: 1, durationHoldout: 39 },
    ]);
    const spec: Any = holdoutChart(result, { model: "BG/NBD" });
    expect(spec.data.values.filter((d: Any) => d.series === "Actual").map((d: Any) => d.purchases)).toEqual(result.frequencies.map((f) => f.actual));
    expect(holdoutChart(result.frequencies, { model: "BG/NBD" })).toEqual(spec);
  });

  test("rows with lower and upper: a band around the model line, named by intervalLevel; it compiles and renders", async () => {
    const banded = deepFreeze(rows.map((r, i) => ({ ...r, lower: r.predicted * 0.8, upper: r.predicted * (1.1 + i / 10) })));
    const spec: Any = holdoutChart(banded, { model: "BG/NBD", intervalLevel: 0.9 });
    expect(unitLayers(spec).map((l) => l.mark)).toEqual(["area", "line"]);
    expect(spec.layer[0].encoding.y.field).toBe("lower");
    expect(spec.layer[0].encoding.y2.field).toBe("upper");
    expect(spec.data.values.filter((d: Any) => d.series === "BG/NBD").map((d: Any) => [d.lower, d.upper])).toEqual(banded.map((r) => [r.lower, r.upper]));
    expect(spec.data.values.filter((d: Any) => d.series === "Actual").every((d: Any) => d.lower === undefined)).toBe(true);
    expect(spec.title.subtitle).toEqual(["150 customers", "Shaded: 90% interval of the model's mean"]);
    expect((holdoutChart(banded, { language: "zh", intervalLevel: 0.975 }) as Any).title.subtitle[1]).toBe("阴影：模型均值的 97.5% 区间");
    expect((holdoutChart(banded) as Any).title.subtitle[1]).toBe("Shaded: the interval of the model's mean");
    for (const language of ["en", "zh"] as const) {
      const checked = await checkChart(holdoutChart(banded, { language, intervalLevel: 0.9 }));
      expect(checked.messages).toEqual([]);
      expect(checked.viewMessages).toEqual([]);
      // one area through the three model points (Vega keeps an item per point of an area)
      expect(checked.marks.layer_0_marks).toBe(3);
    }
    // without bounds the spec is the plain line chart, unchanged
    expect(holdoutChart(rows, { intervalLevel: 0.9 })).toEqual(holdoutChart(rows));
  });

  test("bad rows and options", () => {
    expect(() => holdoutChart(rows, { model: "Actual" })).toThrow(new RangeError('holdoutChart: options.model must differ from "Actual"'));
    const issue = (path: (string | number)[], message: string) => expect.objectContaining({ name: "AnalyticsInputError", issues: [expect.objectContaining({ code: "invalid_value", path, message })] });
    expect(() => holdoutChart([{ ...rows[0], actual: Number.POSITIVE_INFINITY }])).toThrow(issue(["frequencies", 0, "actual"], "expected a finite number >= 0, got Infinity"));
    // mean purchases are never negative
    expect(() => holdoutChart([{ ...rows[0], predicted: -0.5 }])).toThrow(issue(["frequencies", 0, "predicted"], "expected a finite number >= 0, got -0.5"));
    expect(() => holdoutChart([rows[0], { ...rows[1], actual: -1 }])).toThrow(issue(["frequencies", 1, "actual"], "expected a finite number >= 0, got -1"));
    expect(() => holdoutChart([rows[0], rows[0]])).toThrow(issue(["frequencies", 1, "frequency"], "frequency 0 also at frequencies[0]; one row per frequency"));
    expect(() => holdoutChart([{ ...rows[0], frequencyAtLeast: "yes" as never }])).toThrow(issue(["frequencies", 0, "frequencyAtLeast"], 'expected a boolean, got "yes"'));
    expect(() => holdoutChart([{ ...rows[0], customers: 1e308 }, { ...rows[1], customers: 1e308 }])).toThrow(
      expect.objectContaining({ code: "overflow", issues: [expect.objectContaining({ path: ["frequencies"] })] }),
    );
    expect(() => holdoutChart([{ ...rows[0], lower: 0.1 }])).toThrow(issue(["frequencies", 0, "upper"], "expected a finite number >= 0 with lower, got undefined"));
    expect(() => holdoutChart([{ ...rows[0], lower: -1, upper: 1 }])).toThrow(issue(["frequencies", 0, "lower"], "expected a finite number >= 0, got -1"));
    expect(() => holdoutChart([{ ...rows[0], lower: 2, upper: 1 }])).toThrow(issue(["frequencies", 0, "lower"], "lower 2 is above upper 1"));
    expect(() => holdoutChart([rows[0], { ...rows[1], lower: 0.5, upper: 1 }])).toThrow(issue(["frequencies", 1, "lower"], "an interval here but none at frequencies[0]; give lower and upper on every row or on none"));
    expect(() => holdoutChart([{ ...rows[0], lower: 0.1, upper: Number.NaN }])).toThrow(issue(["frequencies", 0, "upper"], "expected a finite number >= 0, got NaN"));
    expect(() => holdoutChart(rows, { intervalLevel: 1 })).toThrow(/^holdoutChart: options/);
    expect(() => holdoutChart([])).toThrow(new RangeError("holdoutChart: no calibration frequencies to draw (0 records)"));
    expect(() => holdoutChart(rows, { models: "x" } as never)).toThrow(new TypeError('holdoutChart: options: unknown option "models"'));
  });

  test("types: input, options, result", () => {
    expectTypeOf(holdoutChart).parameter(0).toEqualTypeOf<HoldoutChartInput>();
    expectTypeOf(holdoutChart).parameter(1).toEqualTypeOf<HoldoutChartOptions | undefined>();
    expectTypeOf(holdoutChart).returns.toEqualTypeOf<VegaLiteSpec>();
    expectTypeOf<keyof typeof holdoutChartOptionsSchema.shape>().toEqualTypeOf<keyof HoldoutChartOptions>();
    expectTypeOf<ReturnType<typeof calibrationHoldout>>().toExtend<HoldoutChartInput>();
  });
});
