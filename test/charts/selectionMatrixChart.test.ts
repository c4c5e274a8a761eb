import fc from "fast-check";
import { describe, expect, expectTypeOf, test } from "vitest";
import { AnalyticsInputError, selectionMatrix } from "../../src/index.js";
import { selectionMatrixChart, selectionMatrixChartOptionsSchema, type SelectionMatrixChartInput, type SelectionMatrixChartOptions, type VegaLiteSpec } from "../../src/charts/index.js";
import { sampleIndices } from "../../src/charts/common.js";
import { deepFreeze } from "../helpers/arbitraries.js";
import { layerOf, layersOf } from "./layers.js";
import { checkChart } from "./vegaCheck.js";

type Any = any;

const points = (spec: Any) => layerOf(spec, "point");
const capabilityRule = (spec: Any) => layerOf(spec, "rule", (l) => l.encoding.x !== undefined);
const attractivenessRule = (spec: Any) => layerOf(spec, "rule", (l) => l.encoding.y !== undefined);
const cornerNames = (spec: Any) => layersOf(spec, "text").map((l) => l.spec.data.values[0].name);

describe("selectionMatrixChart", () => {
  // amount (min–max: 1, 0.882, 0.059, 0; mean 0.4853) against service (1, 0.125, 0.875, 0; mean 0.5)
  const result = deepFreeze(
    selectionMatrix(
      [
        { customerId: "a", amount: 900, service: 9 },
        { customerId: "b", amount: 800, service: 2 },
        { customerId: "c", amount: 100, service: 8 },
        { customerId: "d", amount: 50, service: 1 },
      ],
      { attractiveness: [{ field: "amount" }], capability: [{ field: "service" }] },
    ),
  );

  test("capability across, attractiveness up, regions with labels and counts, threshold rules, corner names", () => {
    const spec: Any = selectionMatrixChart(result);
    expect(spec.data.values).toEqual(result.customers.map((c) => ({ customerId: c.customerId, capability: c.capability, attractiveness: c.attractiveness, region: c.region })));
    expect(spec.data.values.map((d: Any) => [d.capability, d.attractiveness])).toEqual([
      [1, 1],
      [0.125, expect.closeTo(750 / 850, 15)],
      [expect.closeTo(0.875, 15), expect.closeTo(50 / 850, 15)],
      [0, 0],
    ]);
    const enc = points(spec).spec.encoding;
    expect([enc.x.field, enc.y.field, enc.x.title, enc.y.title]).toEqual(["capability", "attractiveness", "Our capability to serve", "Customer attractiveness"]);
    expect(enc.color.scale.domain).toEqual([
      "A: well matched (select) (1)",
      "B: beyond our capability (select when able) (1)",
      "C: within capability, unattractive (select passively) (1)",
      "D: neither (do not select) (1)",
    ]);
    expect(capabilityRule(spec).spec).toMatchObject({ data: { values: [{}] }, encoding: { x: { datum: 0.5 } } });
    expect(attractivenessRule(spec).spec.encoding.y.datum).toBeCloseTo(1650 / 850 / 4, 15);
    expect(spec.title.text).toBe("Customer selection matrix");
    expect(spec.title.subtitle).toEqual(["Thresholds: attractiveness 0.485, capability 0.500 (min–max scores)", "4 customers"]);
    expect(cornerNames(spec)).toEqual(["A · select", "B · select when able", "C · select passively", "D · do not select"]);
    // A top right, B top left, C bottom right, D bottom left
    const placed = layersOf(spec, "text").map((l) => [l.spec.mark.align, l.spec.mark.baseline]);
    expect(placed).toEqual([["right", "top"], ["left", "top"], ["right", "bottom"], ["left", "bottom"]]);
  });

  test("Chinese labels, titles and corner names", () => {
    const spec: Any = selectionMatrixChart(result, { language: "zh" });
    expect(points(spec).spec.encoding.color.scale.domain).toEqual([
      "A 区：门当户对（重点选择） (1)",
      "B 区：吸引力大但力不能及（有能力时选择） (1)",
      "C 区：力所能及但吸引力小（消极选择） (1)",
      "D 区：吸引力小且力不能及（不选择） (1)",
    ]);
    expect(spec.title.text).toBe("客户选择矩阵");
    expect(spec.title.subtitle).toEqual(["阈值：吸引力 0.485，服务能力 0.500（最小–最大标准化）", "4 位客户"]);
    expect(cornerNames(spec)).toEqual(["A 重点选择", "B 有能力时选择", "C 消极选择", "D 不选择"]);
    expect(points(spec).spec.encoding.x.title).toBe("企业服务能力");
    expect(layersOf(selectionMatrixChart(result, { regionNames: false }), "text")).toHaveLength(0);
  });

  test("z-scores (negative) get a symlog axis or a linear one; the normalisation is named", () => {
    const z = selectionMatrix(result.customers.map((c, i) => ({ customerId: c.customerId, amount: [900, 800, 100, 50][i], service: [9, 2, 8, 1][i] })), {
      attractiveness: [{ field: "amount" }],
      capability: [{ field: "service" }],
      normalize: "zscore",
    });
    const spec: Any = selectionMatrixChart(z);
    expect(spec.title.subtitle[0]).toMatch(/\(z-scores\)$/);
    expect(() => selectionMatrixChart(z, { scale: "log" })).toThrow(/^selectionMatrixChart: scale "log" needs positive values/);
  });

  test("a zero score with a subnormal one is never put on a log axis (q01 ÷ 10 underflows to 0)", () => {
    const r = selectionMatrix([{ customerId: "a", x: 0, s: 0 }, { customerId: "b", x: 0, s: 5e-324 }, { customerId: "c", x: 0, s: 0.18 }], { attractiveness: [{ field: "x" }], capability: [{ field: "s" }] });
    const spec: Any = selectionMatrixChart(r);
    expect(points(spec).spec.encoding.x.scale.type).toBe("symlog");
  });

  test("above maxPoints a sample by id hash is drawn; counts stay those of all customers", () => {
    const many = selectionMatrix(
      Array.from({ length: 500 }, (_, i) => ({ customerId: `c${i}`, amount: i % 50, service: (i * 7) % 60 })),
      { attractiveness: [{ field: "amount" }], capability: [{ field: "service" }] },
    );
    const spec: Any = selectionMatrixChart(many, { maxPoints: 40 });
    const expected = [...sampleIndices(many.customers.map((q) => q.customerId), 40)].map((i) => many.customers[i].customerId);
    expect(spec.data.values.map((d: Any) => d.customerId)).toEqual(expected);
    expect(spec.title.subtitle[1]).toBe("40 of 500 customers shown (sample by customer id hash)");
    const total = points(spec).spec.encoding.color.scale.domain.map((l: string) => Number(/\(([\d,]+)\)$/.exec(l)![1])).reduce((a: number, b: number) => a + b, 0);
    expect(total).toBe(500);
  });

  test("inputs that are not a selectionMatrix result are refused; bad records are issues", () => {
    expect(() => selectionMatrixChart({ customers: [] } as never)).toThrow(/^selectionMatrixChart: expected selectionMatrix's result/);
    expect(() => selectionMatrixChart({ customers: [], meta: result.meta })).toThrow(new RangeError("selectionMatrixChart: no customers to draw (0 records)"));
    const bad = { ...result, customers: [{ ...result.customers[0], region: "E" as never }] };
    expect(() => selectionMatrixChart(bad)).toThrow(AnalyticsInputError);
    expect(() => selectionMatrixChart(bad)).toThrow(/^selectionMatrixChart: customers\[0\]\.region: expected "A", "B", "C", "D", got "E" \(customer "a"\)$/);
    const nan = { ...result, customers: [{ ...result.customers[0], capability: Number.NaN }] };
    expect(() => selectionMatrixChart(nan)).toThrow(/^selectionMatrixChart: customers\[0\]\.capability: expected a finite number, got NaN/);
    expect(() => selectionMatrixChart({ ...result, meta: { ...result.meta, thresholds: { attractiveness: Number.NaN, capability: 0 } } })).toThrow(TypeError);
    expect(() => selectionMatrixChart(result, { colour: "red" } as never)).toThrow(/^selectionMatrixChart: options/);
  });

  test("property: every customer is counted in exactly one legend entry, and the spec is JSON", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 10, noNaN: true })), { minLength: 1, maxLength: 40 }), fc.constantFrom("minmax", "zscore", "rank" as const), (rows, normalize) => {
        const r = selectionMatrix(rows.map(([a, s], i) => ({ customerId: `c${i}`, a, s })), { attractiveness: [{ field: "a" }], capability: [{ field: "s" }], normalize });
        const spec: Any = selectionMatrixChart(r);
        const total = points(spec).spec.encoding.color.scale.domain.map((l: string) => Number(/\(([\d,]+)\)$/.exec(l)![1].replaceAll(",", ""))).reduce((x: number, y: number) => x + y, 0);
        expect(total).toBe(rows.length);
        expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
      }),
      { numRuns: 100 },
    );
  });

  test("types: input, options, result", () => {
    expectTypeOf(selectionMatrixChart).parameter(0).toEqualTypeOf<SelectionMatrixChartInput>();
    expectTypeOf(selectionMatrixChart).parameter(1).toEqualTypeOf<SelectionMatrixChartOptions | undefined>();
    expectTypeOf(selectionMatrixChart).returns.toEqualTypeOf<VegaLiteSpec>();
    expectTypeOf<keyof typeof selectionMatrixChartOptionsSchema.shape>().toEqualTypeOf<keyof SelectionMatrixChartOptions>();
    expectTypeOf<ReturnType<typeof selectionMatrix>>().toExtend<SelectionMatrixChartInput>();
  });
});

describe("selectionMatrixChart renders", () => {
  // skewed money (four decades) against an even capability score, 300 customers
  const records = Array.from({ length: 300 }, (_, i) => ({
    customerId: `c${i}`,
    amount: Math.round(10 ** (1 + (4 * ((i * 7) % 300)) / 299) * 100) / 100,
    service: 1 + ((i * 13) % 10),
  }));
  const result = selectionMatrix(records, { attractiveness: [{ field: "amount" }], capability: [{ field: "service" }] });

  test.each([["en"], ["zh"]] as const)("compiles and draws every point, both rules and the corner names (%s)", async (language) => {
    const spec: Any = selectionMatrixChart(result, { language });
    // skewed min–max scores get a log-like axis, named in its title
    expect(points(spec).spec.encoding.y.scale.type).toBe("symlog");
    const { marks, texts, messages } = await checkChart(spec);
    expect(messages).toEqual([]);
    expect(marks[points(spec).marks]).toBe(300);
    for (const l of layersOf(spec, "rule")) expect(marks[l.marks]).toBe(1);
    for (const name of cornerNames(spec)) expect(texts).toContain(name);
    expect(texts).toContain(language === "zh" ? "客户选择矩阵" : "Customer selection matrix");
  });
});
