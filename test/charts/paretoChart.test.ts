import { describe, expect, expectTypeOf, test } from "vitest";
import { AnalyticsInputError, classifyAbc } from "../../src/index.js";
import { paretoChart, paretoChartOptionsSchema, type ParetoChartInput, type ParetoChartOptions, type VegaLiteSpec } from "../../src/charts/index.js";
import { deepFreeze } from "../helpers/arbitraries.js";
import { layerOf } from "./layers.js";

type Any = any;

/** The layer of the labelled cut points (their text labels). */
const cutLabels = (spec: Any) => layerOf(spec, "text", (l) => l.encoding.text.field === "text");

describe("paretoChart", () => {
  const abc = deepFreeze(
    classifyAbc([
      { customerId: "a", monetary: 500 },
      { customerId: "b", monetary: 300 },
      { customerId: "c", monetary: 100 },
      { customerId: "d", monetary: 50 },
      { customerId: "e", monetary: 50 },
      { customerId: "f", monetary: 0 },
    ]),
  );

  test("vertices at the ends of tie groups, boundaries duplicated into the next class", () => {
    const spec: Any = paretoChart(abc);
    // cumulative: 500 → 0.5, 800 → 0.8, 900 → 0.9, (50, 50 tied) → 1, 0 → 1
    // A while the value above < 80%: a (0), b (50%); B while < 95%: c (80%), d and e (90%); C: f
    expect(abc.customers.map((c) => c.abcClass)).toEqual(["A", "A", "B", "B", "B", "C"]);
    expect(spec.data.values.map((d: Any) => [d.abcClass, d.customerShare, d.valueShare])).toEqual([
      ["A", 0, 0],
      ["A", 1 / 6, 0.5],
      ["A", 2 / 6, 0.8],
      ["B", 2 / 6, 0.8],
      ["B", 3 / 6, 0.9],
      ["B", 5 / 6, 1],
      ["C", 5 / 6, 1],
      ["C", 1, 1],
    ]);
    const cuts = cutLabels(spec).data.values;
    expect(cuts.map((c: Any) => [c.customerShare, c.valueShare, c.text])).toEqual([
      [2 / 6, 0.8, "A | B: 33.3% → 80.0%"],
      [5 / 6, 1, "B | C: 83.3% → 100.0%"],
    ]);
    expect(spec.title.subtitle).toEqual(["Fixed cuts at 80% / 95% of value", "6 customers · A 2 · B 3 · C 1"]);
    // the class areas are not stacked on each other
    expect(layerOf(spec, "area").spec.encoding.y.stack).toBeNull();
    // one diagonal of equal shares, on its own one-row data
    expect(layerOf(spec, "rule", (l) => l.encoding.x?.datum === 0).data).toEqual({ values: [{}] });
  });

  test("the computed method names its limits; count shares name customers", () => {
    const values = abc.customers.map((c) => ({ customerId: c.customerId, monetary: c.value }));
    const computed: Any = paretoChart(classifyAbc(values, { method: "computed" }));
    expect(computed.title.subtitle[0]).toMatch(/^Computed ABC \(Ultsch & Lötsch\): A value > [\d.]+, B ≥ [\d.]+$/);
    // both limits with the same decimals
    const [ab, bc] = /> ([\d.,]+), B ≥ ([\d.,]+)$/.exec(computed.title.subtitle[0])!.slice(1);
    expect(ab.split(".")[1]?.length).toBe(bc.split(".")[1]?.length);
    const mixed = classifyAbc(values, { method: "computed" });
    const fixedLimits: Any = paretoChart({ ...mixed, meta: { ...mixed.meta, computed: { ...mixed.meta.computed!, abLimit: 106.08, bcLimit: 33.0777 } } });
    expect(fixedLimits.title.subtitle[0]).toBe("Computed ABC (Ultsch & Lötsch): A value > 106.08, B ≥ 33.08");
    const byCount: Any = paretoChart(classifyAbc(values, { by: "count" }), { language: "zh" });
    expect(byCount.title.subtitle[0]).toBe("固定切分：客户的 20% / 50%");
  });

  test("downsampling keeps at most maxPoints vertices, the ends and the exact cut points", () => {
    const n = 20_000;
    // a long tail: values 1/k
    const records = Array.from({ length: n }, (_, k) => ({ customerId: `c${k}`, monetary: 1000 / (k + 1) }));
    const result = classifyAbc(records);
    const spec: Any = paretoChart(result, { maxPoints: 100 });
    const vertices = spec.data.values.filter((d: Any, i: number, all: Any[]) => i === 0 || d.customerShare !== all[i - 1].customerShare || d.valueShare !== all[i - 1].valueShare);
    expect(vertices.length).toBeLessThanOrEqual(100);
    expect(spec.data.values.length).toBeLessThanOrEqual(102);
    expect(vertices[0]).toMatchObject({ customerShare: 0, valueShare: 0 });
    expect(vertices.at(-1)).toMatchObject({ customerShare: 1, valueShare: 1 });
    const { A, B } = result.meta.counts;
    const cuts = cutLabels(spec).data.values;
    expect(cuts[0].customerShare).toBe(A / n);
    expect(cuts[1].customerShare).toBe((A + B) / n);
    for (const c of cuts) expect(vertices.some((v: Any) => v.customerShare === c.customerShare && v.valueShare === c.valueShare)).toBe(true);
  });

  test("inputs that are not a classifyAbc result are refused; bad records are issues", () => {
    expect(() => paretoChart({ customers: [] } as never)).toThrow(new TypeError("paretoChart: expected classifyAbc's result ({ customers, meta }), got an object"));
    expect(() => paretoChart({ classes: abc.customers, meta: abc.meta } as never)).toThrow(TypeError);
    expect(() => paretoChart({ customers: [], meta: abc.meta })).toThrow(new RangeError("paretoChart: no customers to draw (0 records)"));
    const broken = { ...abc, customers: abc.customers.map((c, i) => (i === 0 ? { ...c, rank: 7 } : c)) };
    expect(() => paretoChart(broken)).toThrow(AnalyticsInputError);
    expect(() => paretoChart(broken)).toThrow(/^paretoChart: customers\[0\]\.rank: expected a rank from 1 to 6, got 7 \(customer "a"\)$/);
    const unknown = { ...abc, customers: abc.customers.map((c, i) => (i === 2 ? { ...c, abcClass: "D" as never } : c)) };
    expect(() => paretoChart(unknown)).toThrow(/^paretoChart: customers\[2\]\.abcClass: expected "A", "B", "C", got "D" \(customer "c"\)$/);
    const unordered = { ...abc, customers: abc.customers.map((c, i) => (i === 0 ? { ...c, abcClass: "C" as const } : c)) };
    expect(() => paretoChart(unordered)).toThrow(/not ordered A, B, C by rank/);
    expect(() => paretoChart(abc, { maxPoints: 8 })).toThrow(/^paretoChart: options\.maxPoints/);
  });

  test("numbers read from meta are checked: counts that are not the classes' counts, computed limits that are not finite", () => {
    const counts = { ...abc, meta: { ...abc.meta, counts: { ...abc.meta.counts, A: "a" as never } } };
    expect(() => paretoChart(counts)).toThrow(AnalyticsInputError);
    expect(() => paretoChart(counts)).toThrow(/^paretoChart: meta\.counts\.A: expected the number of customers in class A \(\d+\), got "a"$/);
    const wrong = { ...abc, meta: { ...abc.meta, counts: { ...abc.meta.counts, C: abc.meta.counts.C + 1 } } };
    expect(() => paretoChart(wrong)).toThrow(/^paretoChart: meta\.counts\.C: expected the number of customers in class C/);
    const computed = classifyAbc(abc.customers.map((c, i) => ({ customerId: c.customerId, monetary: [500, 300, 100, 50, 50, 0][i] })), { method: "computed" });
    expect(computed.meta.computed).not.toBeNull();
    const limit = { ...computed, meta: { ...computed.meta, computed: { ...computed.meta.computed!, abLimit: Number.NaN } } };
    expect(() => paretoChart(limit)).toThrow(/^paretoChart: meta\.computed\.abLimit: expected a finite number, got NaN$/);
    const spec: Any = paretoChart(abc);
    expect(spec.title.subtitle[1]).toBe(`6 customers · A ${abc.meta.counts.A} · B ${abc.meta.counts.B} · C ${abc.meta.counts.C}`);
  });

  test("types: input, options, result", () => {
    expectTypeOf(paretoChart).parameter(0).toEqualTypeOf<ParetoChartInput>();
    expectTypeOf(paretoChart).parameter(1).toEqualTypeOf<ParetoChartOptions | undefined>();
    expectTypeOf(paretoChart).returns.toEqualTypeOf<VegaLiteSpec>();
    expectTypeOf<keyof typeof paretoChartOptionsSchema.shape>().toEqualTypeOf<keyof ParetoChartOptions>();
    expectTypeOf<ReturnType<typeof classifyAbc>>().toExtend<ParetoChartInput>();
  });
});
