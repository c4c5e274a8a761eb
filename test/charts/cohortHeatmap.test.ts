import { describe, expect, expectTypeOf, test } from "vitest";
import { cohortRetention } from "../../src/index.js";
import { cohortHeatmap, cohortHeatmapOptionsSchema, type CohortHeatmapInput, type CohortHeatmapOptions, type VegaLiteSpec } from "../../src/charts/index.js";
import { deepFreeze } from "../helpers/arbitraries.js";
import { inputErrorOf } from "../helpers/errors.js";
import { layerOf, layersOf } from "./layers.js";

type Any = any;

/** The coloured cells' layer (the partial periods' outlines are a second rect layer). */
const cells_ = (spec: Any) => layerOf(spec, "rect", (l) => l.encoding?.color !== undefined).spec;

describe("cohortHeatmap", () => {
  const cells = deepFreeze([
    { cohort: "2024-01", periodIndex: 0, period: "2024-01", customers: 10, share: 1, revenue: 100, cohortSize: 10 },
    { cohort: "2024-01", periodIndex: 1, period: "2024-02", customers: 4, share: 0.4, revenue: 60, cohortSize: 10 },
    { cohort: "2024-01", periodIndex: 2, period: "2024-03", customers: 2, share: 0.2, revenue: 20, cohortSize: 10 },
    { cohort: "2024-02", periodIndex: 0, period: "2024-02", customers: 5, share: 1, revenue: 50, cohortSize: 5 },
    { cohort: "2024-02", periodIndex: 1, period: "2024-03", customers: 1, share: 0.2, revenue: 5, cohortSize: 5 },
    { cohort: "2024-03", periodIndex: 0, period: "2024-03", customers: 3, share: 1, revenue: 30, cohortSize: 3 },
  ]);

  test("one row per cell; shares coloured from 0 to the best later period, clamped", () => {
    const spec: Any = cohortHeatmap(cells);
    expect(spec.data.values).toHaveLength(6);
    expect(spec.data.values[1]).toEqual({ cohort: "2024-01", periodIndex: 1, period: "2024-02", cohortSize: 10, customers: 4, share: 0.4, revenue: 60, value: 0.4, partial: false, coverage: null });
    expect(cells_(spec).encoding.color.scale).toEqual({ scheme: "blues", domain: [0, 0.4], clamp: true });
    expect(spec.encoding.y.scale.domain).toEqual(["2024-01", "2024-02", "2024-03"]);
    expect(spec.encoding.x.scale.domain).toEqual([0, 1, 2]);
    expect(layerOf(spec, "text").spec.transform[0].calculate).toBe('format(datum.value, ".0%") + (datum.partial ? "*" : "")');
    // cells without the partial fields are whole: no outline layer, no note
    expect(layersOf(spec, "rect")).toHaveLength(1);
    expect(spec.title.subtitle).toBe("3 cohorts · 18 customers");
  });

  test("cohortRetention's result: its cells", () => {
    const result = cohortRetention(
      [
        { customerId: "a", date: "2024-01-05", amount: 10 },
        { customerId: "b", date: "2024-01-20", amount: 20 },
        { customerId: "a", date: "2024-02-03", amount: 30 },
      ],
      { asOf: "2024-02-29" },
    );
    const spec: Any = cohortHeatmap(result);
    expect(spec.data.values.map((d: Any) => [d.cohort, d.periodIndex, d.share])).toEqual(result.cells.map((c) => [c.cohort, c.periodIndex, c.share]));
    expect((cohortHeatmap(result.cells) as Any).data).toEqual(spec.data);
    // the result names its period: the axis says months
    expect(spec.encoding.x.title).toBe("Months since first purchase");
    expect((cohortHeatmap(result, { language: "zh" }) as Any).encoding.x.title).toBe("首购后的月数");
    expect((cohortHeatmap(result.cells) as Any).encoding.x.title).toBe("Periods since first purchase");
  });

  test("revenue metric: unclamped domain; labels can be switched off", () => {
    const spec: Any = cohortHeatmap(cells, { metric: "revenue", labels: false });
    expect(layersOf(spec, "text")).toHaveLength(0);
    expect(cells_(spec).encoding.color.scale).toEqual({ scheme: "blues", domain: [0, 100] });
    expect(spec.data.values.map((d: Any) => d.value)).toEqual([100, 60, 20, 50, 5, 30]);
  });

  test("labels are off by default beyond 40 periods", () => {
    const wide = Array.from({ length: 41 }, (_, k) => ({ cohort: "w", periodIndex: k, period: `p${k}`, customers: 1, share: 1, revenue: 1, cohortSize: 1 }));
    expect(layersOf(cohortHeatmap(wide), "text")).toHaveLength(0);
    expect(layersOf(cohortHeatmap(wide.slice(0, 40)), "text")).toHaveLength(1);
  });

  test("bad cells are refused", () => {
    // bad data: the one reader's AnalyticsInputError with the cell and field in the path
    const issue = (path: (string | number)[], message: string) => expect.objectContaining({ name: "AnalyticsInputError", issues: [expect.objectContaining({ code: "invalid_value", path, message })] });
    expect(() => cohortHeatmap([{ ...cells[0], periodIndex: -1 }])).toThrow(issue(["cells", 0, "periodIndex"], "expected an integer >= 0, got -1"));
    expect(() => cohortHeatmap([{ ...cells[0], cohort: 2024 as never }])).toThrow(issue(["cells", 0, "cohort"], "expected a non-empty string, got 2024"));
    expect(() => cohortHeatmap({ cells: [{ ...cells[0], share: "1" as never }] })).toThrow(issue(["cells", 0, "share"], 'expected a finite number, got "1"'));
    expect(() => cohortHeatmap([{ ...cells[0], periodIndex: 1e300 }])).toThrow(issue(["cells", 0, "periodIndex"], "expected a period index up to 100000, got 1e+300"));
    const getter = { ...cells[0] };
    Object.defineProperty(getter, "period", { enumerable: true, get: () => { throw new Error("no"); } });
    expect(() => cohortHeatmap([getter])).toThrow(expect.objectContaining({ issues: [expect.objectContaining({ code: "unreadable_field", path: ["cells", 0, "period"] })] }));
    expect(() => cohortHeatmap([])).toThrow(RangeError);
    expect(() => cohortHeatmap({ rows: cells } as never)).toThrow(/^cohortHeatmap: expected cohortRetention's cells \(an array, or a result object with `cells`\)/);
  });

  test("a share outside 0..1 or a cohort size that is not a count is invalid_value with the cell's path", () => {
    const shareLow = inputErrorOf(() => cohortHeatmap({ cells: cells.map((c, i) => (i === 2 ? { ...c, share: -1 } : c)) }));
    expect(shareLow.issues).toEqual([expect.objectContaining({ code: "invalid_value", path: ["cells", 2, "share"], message: "expected a share from 0 to 1, got -1" })]);
    const shareHigh = inputErrorOf(() => cohortHeatmap(cells.map((c, i) => (i === 1 ? { ...c, share: 1.5 } : c))));
    expect(shareHigh.issues).toEqual([expect.objectContaining({ code: "invalid_value", path: ["cells", 1, "share"] })]);
    const size = inputErrorOf(() => cohortHeatmap(cells.map((c, i) => (i === 3 ? { ...c, cohortSize: 2.5 } : c))));
    expect(size.issues).toEqual([expect.objectContaining({ code: "invalid_value", path: ["cells", 3, "cohortSize"], message: "expected an integer >= 0 or null, got 2.5" })]);
    expect(inputErrorOf(() => cohortHeatmap([{ ...cells[0], customers: -2 }])).issues[0]).toMatchObject({ path: ["cells", 0, "customers"] });
  });

  test("types: input, options, result", () => {
    expectTypeOf(cohortHeatmap).parameter(0).toEqualTypeOf<CohortHeatmapInput>();
    expectTypeOf(cohortHeatmap).parameter(1).toEqualTypeOf<CohortHeatmapOptions | undefined>();
    expectTypeOf(cohortHeatmap).returns.toEqualTypeOf<VegaLiteSpec>();
    expectTypeOf<keyof typeof cohortHeatmapOptionsSchema.shape>().toEqualTypeOf<keyof CohortHeatmapOptions>();
    expectTypeOf<ReturnType<typeof cohortRetention>>().toExtend<CohortHeatmapInput>();
  });
});

describe("cohortHeatmap: partial periods", () => {
  const cells = deepFreeze([
    { cohort: "2011-11", periodIndex: 0, period: "2011-11", customers: 10, share: 1, revenue: 100, cohortSize: 10, partial: false, daysCovered: 30, daysInPeriod: 30 },
    { cohort: "2011-11", periodIndex: 1, period: "2011-12", customers: 2, share: 0.2, revenue: 20, cohortSize: 10, partial: true, daysCovered: 9, daysInPeriod: 31 },
    { cohort: "2011-12", periodIndex: 0, period: "2011-12", customers: 4, share: 1, revenue: 40, cohortSize: 4, partial: true, daysCovered: 9, daysInPeriod: 31 },
  ]);

  test("a partial cell says its days in the tooltip, is lighter, outlined and starred, and the subtitle explains", () => {
    const spec: Any = cohortHeatmap(cells);
    expect(spec.data.values.map((d: Any) => [d.partial, d.coverage])).toEqual([
      [false, null],
      [true, "9 of 31 days"],
      [true, "9 of 31 days"],
    ]);
    const rect = cells_(spec);
    expect(rect.encoding.tooltip).toContainEqual({ field: "coverage", type: "nominal", title: "Partial period" });
    expect(rect.encoding.opacity).toEqual({ condition: { test: "datum.partial", value: 0.5 }, value: 1 });
    const outline = layerOf(spec, "rect", (l) => l.mark.strokeDash !== undefined).spec;
    expect(outline.transform).toEqual([{ filter: "datum.partial" }]);
    expect(outline.mark).toMatchObject({ fillOpacity: 0, strokeDash: [4, 3] });
    expect(spec.title.subtitle).toEqual(["2 cohorts · 14 customers", "Lighter, dashed, *: a partial period (its share is of the days covered; see the tooltip)"]);
    const zh: Any = cohortHeatmap(cells, { language: "zh", labels: false });
    expect(zh.data.values[1].coverage).toBe("31 天中的 9 天");
    expect(cells_(zh).encoding.tooltip).toContainEqual({ field: "coverage", type: "nominal", title: "不完整周期" });
    expect(zh.title.subtitle[1]).toBe("浅色虚线框：不完整周期（占比按已覆盖天数计算，详见提示框）");
  });

  test("the marks come from cohortRetention's own cells (a period cut by asOf)", () => {
    const result = cohortRetention(
      [
        { customerId: "a", date: "2011-11-05", amount: 10 },
        { customerId: "a", date: "2011-12-03", amount: 30 },
      ],
      { asOf: "2011-12-09" },
    );
    const spec: Any = cohortHeatmap(result);
    expect(spec.data.values.find((d: Any) => d.periodIndex === 1)).toMatchObject({ partial: true, coverage: "9 of 31 days" });
  });

  test("partial fields that are not a partial period's are refused", () => {
    const bad = (patch: object) => [{ ...cells[1], ...patch }];
    expect(inputErrorOf(() => cohortHeatmap(bad({ partial: "yes" }))).issues[0]).toMatchObject({ code: "invalid_value", path: ["cells", 0, "partial"] });
    expect(inputErrorOf(() => cohortHeatmap(bad({ daysCovered: 40 }))).issues[0]).toMatchObject({ code: "invalid_value", path: ["cells", 0, "daysCovered"] });
    expect(inputErrorOf(() => cohortHeatmap(bad({ daysInPeriod: Number.NaN }))).issues[0]).toMatchObject({ code: "invalid_value", path: ["cells", 0, "daysInPeriod"] });
    // a whole period needs no day counts
    expect(() => cohortHeatmap([{ ...cells[0], daysCovered: undefined, daysInPeriod: undefined }])).not.toThrow();
  });
});

test("cohortHeatmap: one cohort of one customer reads in the singular", () => {
  const spec = cohortHeatmap(cohortRetention([{ customerId: "a", date: "2024-03-05", amount: 10 }], { asOf: "2024-03-05", period: "month" }));
  expect((spec.title as { subtitle: string[] }).subtitle[0]).toBe("1 cohort · 1 customer");
});
