import { readFileSync } from "node:fs";
import { describe, expect, expectTypeOf, test } from "vitest";
import { purchaseTracking } from "../../src/index.js";
import { trackingChart, trackingChartOptionsSchema, type TrackingChartInput, type TrackingChartOptions, type VegaLiteSpec } from "../../src/charts/index.js";
import { deepFreeze } from "../helpers/arbitraries.js";
import { fixturePath } from "../helpers/csv.js";
import { unitLayers } from "./layers.js";
import { checkChart } from "./vegaCheck.js";

type Any = any;

const rows = deepFreeze([
  { periodNumber: 1, startDate: "2024-01-03", endDate: "2024-01-07", holdout: false, partial: true, daysCovered: 5, daysInPeriod: 7, newCustomers: 3, actual: 1, expected: 0.5, cumulativeActual: 1, cumulativeExpected: 0.5 },
  { periodNumber: 2, startDate: "2024-01-08", endDate: "2024-01-14", holdout: false, partial: false, daysCovered: 7, daysInPeriod: 7, newCustomers: 1, actual: 2, expected: 1.5, cumulativeActual: 3, cumulativeExpected: 2 },
  { periodNumber: 3, startDate: "2024-01-15", endDate: "2024-01-21", holdout: true, partial: false, daysCovered: 7, daysInPeriod: 7, newCustomers: 0, actual: 1, expected: 1.5, cumulativeActual: 4, cumulativeExpected: 3.5 },
]);

const cdnow = () =>
  readFileSync(fixturePath("clv/CDNOW_sample.txt"), "utf8")
    .trim()
    .split(/\r?\n/)
    .map((l) => {
      const [, id, day, , amount] = l.trim().split(/\s+/);
      return { customerId: String(Number(id)), date: `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6, 8)}`, amount: Number(amount) };
    });
const bg = { r: 0.2425929282798216, alpha: 4.413532265271803, a: 0.7928859664405851, b: 2.42575238262545 };

describe("trackingChart", () => {
  test("two panels, cumulative above and per period below; two rows per period in each; the calibration end between the last calibration and first holdout period", () => {
    const spec: Any = trackingChart(rows);
    expect(spec.vconcat.length).toBe(2);
    const [cum, inc] = spec.vconcat;
    expect(cum.data.values.map((d: Any) => [d.periodNumber, d.series, d.purchases])).toEqual([
      [1, "Actual", 1],
      [1, "Model", 0.5],
      [2, "Actual", 3],
      [2, "Model", 2],
      [3, "Actual", 4],
      [3, "Model", 3.5],
    ]);
    expect(inc.data.values.map((d: Any) => d.purchases)).toEqual([1, 0.5, 2, 1.5, 1, 1.5]);
    expect(cum.data.values[0]).toMatchObject({ dates: "2024-01-03 … 2024-01-07", partial: true, coverage: "5 of 7 days" });
    const rule = unitLayers(spec).filter((l) => l.mark === "rule");
    expect(rule.map((l) => l.data.values[0])).toEqual([
      { at: 2.5, label: "Calibration end 2024-01-14" },
      { at: 2.5, label: "Calibration end 2024-01-14" },
    ]);
    expect(spec.title.subtitle).toEqual([
      "4 customers first seen up to 2024-01-14",
      "By week 3: actual 4, Model 3.5 (−12.5%)",
      "Holdout only: actual 1, Model 1.5 (+50.0%)",
      "Hollow points: partial periods (1: 5 of 7 days): fewer days, so fewer purchases",
    ]);
    const single: Any = trackingChart(rows, { show: "incremental", language: "zh", model: "BG/NBD" });
    expect(single.vconcat).toBeUndefined();
    expect(single.layer[0].encoding.y.title).toBe("每周重复购买次数");
    expect(single.title.subtitle[1]).toBe("截至第 3 周：实际 4，BG/NBD 3.5（−12.5%）");
  });

  test("purchaseTracking's result: its meta gives the calibration end and the customers; the CDNOW sample compiles and renders without a warning", async () => {
    const result = purchaseTracking(cdnow(), { model: "bg-nbd", params: bg }, { asOf: "1998-06-30", calibrationEnd: "1997-09-30", period: "week" });
    const spec: Any = trackingChart(result, { model: "BG/NBD" });
    expect(spec.title.subtitle).toEqual(["2,357 customers first seen up to 1997-09-30", "By week 78: actual 4,339, BG/NBD 4,161 (−4.1%)", "Holdout only: actual 1,882, BG/NBD 1,667 (−11.4%)"]);
    expect(trackingChart(result.periods, { model: "BG/NBD" }).vconcat).toEqual(spec.vconcat);
    for (const language of ["en", "zh"] as const) {
      const checked = await checkChart(trackingChart(result, { language }));
      expect(checked.messages).toEqual([]);
      expect(checked.viewMessages).toEqual([]);
      // 78 weeks × 2 series of points per panel; one rule per panel
      expect(checked.marks.concat_0_layer_1_marks).toBe(156);
      expect(checked.marks.concat_1_layer_2_marks).toBe(1);
      expect(checked.texts).toContain(language === "en" ? "Calibration end 1997-09-30" : "校准期结束 1997-09-30");
    }
    expect(JSON.stringify(spec)).not.toMatch(/NaN|Infinity|null,"purchases"/);
  });

  test("no holdout: no rule; daily periods: the axis says Day; long series: lines without points", () => {
    const daily = Array.from({ length: 300 }, (_, i) => ({ periodNumber: i + 1, holdout: false, daysInPeriod: 1, actual: 1, expected: 1, cumulativeActual: i + 1, cumulativeExpected: i + 1 }));
    const spec: Any = trackingChart(daily, { show: "cumulative" });
    expect(unitLayers(spec).map((l) => l.mark)).toEqual(["line"]);
    expect(spec.layer[0].encoding.x.title).toBe("Day");
    expect(spec.title.subtitle).toEqual(["By day 300: actual 300, Model 300 (+0.0%)"]);
  });

  test("bad rows and options", () => {
    const issue = (path: (string | number)[], message: string | RegExp) => expect.objectContaining({ name: "AnalyticsInputError", issues: [expect.objectContaining({ path, message: typeof message === "string" ? message : expect.stringMatching(message) })] });
    expect(() => trackingChart([{ ...rows[0], actual: -1 }])).toThrow(issue(["periods", 0, "actual"], "expected a finite number >= 0, got -1"));
    expect(() => trackingChart([{ ...rows[0], cumulativeExpected: Number.NaN }])).toThrow(issue(["periods", 0, "cumulativeExpected"], "expected a finite number >= 0, got NaN"));
    expect(() => trackingChart([rows[1], rows[0]])).toThrow(issue(["periods", 1, "periodNumber"], "expected periods in increasing order, got 1 after 2"));
    expect(() => trackingChart([{ ...rows[0], periodNumber: 0 }])).toThrow(issue(["periods", 0, "periodNumber"], "expected an integer >= 1, got 0"));
    expect(() => trackingChart([rows[2], { ...rows[1], periodNumber: 4 }])).toThrow(issue(["periods", 1, "holdout"], /calibration period after the holdout period at periods\[0\]/));
    expect(() => trackingChart([{ ...rows[0], holdout: "no" as never }])).toThrow(issue(["periods", 0, "holdout"], 'expected a boolean, got "no"'));
    expect(() => trackingChart([{ ...rows[0], daysCovered: 9 }])).toThrow(issue(["periods", 0, "daysCovered"], /daysInPeriod \(7\)/));
    expect(() => trackingChart([{ ...rows[0], actual: 1e308 }, { ...rows[1], actual: 1e308 }])).toThrow(expect.objectContaining({ code: "overflow" }));
    expect(() => trackingChart([])).toThrow(new RangeError("trackingChart: no periods to draw (0 records)"));
    expect(() => trackingChart(rows, { model: "Actual" })).toThrow(new RangeError('trackingChart: options.model must differ from "Actual"'));
    expect(() => trackingChart(rows, { show: "all" } as never)).toThrow(/^trackingChart: options/);
    expect(() => trackingChart({} as never)).toThrow(TypeError);
  });

  test("types: input, options, result", () => {
    expectTypeOf(trackingChart).parameter(0).toEqualTypeOf<TrackingChartInput>();
    expectTypeOf(trackingChart).parameter(1).toEqualTypeOf<TrackingChartOptions | undefined>();
    expectTypeOf(trackingChart).returns.toEqualTypeOf<VegaLiteSpec>();
    expectTypeOf<keyof typeof trackingChartOptionsSchema.shape>().toEqualTypeOf<keyof TrackingChartOptions>();
    expectTypeOf<ReturnType<typeof purchaseTracking>>().toExtend<TrackingChartInput>();
  });
});
