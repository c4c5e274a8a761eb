import { describe, expect, expectTypeOf, test } from "vitest";
import { AnalyticsInputError, clvQuadrants } from "../../src/index.js";
import { clvQuadrantChart, clvQuadrantChartOptionsSchema, type ClvQuadrantChartInput, type ClvQuadrantChartOptions, type VegaLiteSpec } from "../../src/charts/index.js";
import { sampleIndices } from "../../src/charts/common.js";
import { deepFreeze } from "../helpers/arbitraries.js";
import { layerOf } from "./layers.js";

type Any = any;

const points = (spec: Any) => layerOf(spec, "point");
const currentRule = (spec: Any) => layerOf(spec, "rule", (l) => l.encoding.x !== undefined);
const potentialRule = (spec: Any) => layerOf(spec, "rule", (l) => l.encoding.y !== undefined);

describe("clvQuadrantChart", () => {
  const result = deepFreeze(
    clvQuadrants(
      [
        { customerId: "a", monetary: 900, clv: 1200 },
        { customerId: "b", monetary: 800, clv: 100 },
        { customerId: "c", monetary: 50, clv: 900 },
        { customerId: "d", monetary: 50, clv: 80 },
      ],
      { potential: "clv" },
    ),
  );

  test("points, quadrant labels with counts, threshold rules", () => {
    const spec: Any = clvQuadrantChart(result, { language: "zh" });
    expect(spec.data.values).toEqual([
      { customerId: "a", current: 900, potential: 1200, quadrant: "most_valuable" },
      { customerId: "b", current: 800, potential: 100, quadrant: "loyal" },
      { customerId: "c", current: 50, potential: 900, quadrant: "potential" },
      { customerId: "d", current: 50, potential: 80, quadrant: "low_value" },
    ]);
    expect(points(spec).spec.encoding.color.scale.domain).toEqual(["最有价值客户 (1)", "次价值客户 (1)", "潜在价值客户 (1)", "低价值客户 (1)"]);
    expect(currentRule(spec).spec).toMatchObject({ data: { values: [{}] }, encoding: { x: { datum: 450 } } });
    expect(potentialRule(spec).spec).toMatchObject({ data: { values: [{}] }, encoding: { y: { datum: 570 } } });
    expect(spec.title.subtitle).toEqual(["阈值：当前价值 450，潜在价值 570", "4 位客户"]);
  });

  test("log and symlog axes; log refuses values ≤ 0", () => {
    const log: Any = clvQuadrantChart(result, { scale: "log" });
    expect(points(log).spec.encoding.x.scale).toEqual({ type: "log", nice: false, domain: [50, 900], padding: 10 });
    expect(points(log).spec.encoding.x.title).toBe("Current value (log scale)");
    expect(points(log).spec.encoding.x.axis.values).toEqual([50, 100, 200, 500]);
    expect(points(log).spec.encoding.y.axis.values).toEqual([100, 200, 500, 1000]);
    const zero = { ...result, customers: result.customers.map((q, i) => (i === 3 ? { ...q, current: 0 } : q)) };
    expect(() => clvQuadrantChart(zero, { scale: "log" })).toThrow(new RangeError('clvQuadrantChart: scale "log" needs positive values, but the smallest is 0; use "symlog"'));
    expect(points(clvQuadrantChart(zero, { scale: "symlog" })).spec.encoding.x.axis.values).toEqual([0, 1, 2, 5, 10, 20, 50, 100, 200, 500]);
    expect(points(clvQuadrantChart(zero, { scale: "symlog" })).spec.encoding.y.axis.values).toEqual([100, 1000]);
  });

  test("above maxPoints a sample by id hash is drawn; counts stay those of all customers", () => {
    const many = clvQuadrants(
      Array.from({ length: 500 }, (_, i) => ({ customerId: `c${i}`, monetary: i % 50, clv: (i * 7) % 60 })),
      { potential: "clv" },
    );
    const spec: Any = clvQuadrantChart(many, { maxPoints: 40 });
    expect(spec.data.values).toHaveLength(40);
    const expected = [...sampleIndices(many.customers.map((q) => q.customerId), 40)].map((i) => many.customers[i].customerId);
    expect(spec.data.values.map((d: Any) => d.customerId)).toEqual(expected);
    expect(spec.title.subtitle[1]).toBe("40 of 500 customers shown (sample by customer id hash)");
    const total = points(spec).spec.encoding.color.scale.domain.map((l: string) => Number(/\((\d+)\)$/.exec(l)![1])).reduce((a: number, b: number) => a + b, 0);
    expect(total).toBe(500);
  });

  test("inputs that are not a clvQuadrants result are refused; bad records are issues", () => {
    expect(() => clvQuadrantChart({ customers: [] } as never)).toThrow(TypeError);
    expect(() => clvQuadrantChart({ quadrants: result.customers, meta: result.meta } as never)).toThrow(/^clvQuadrantChart: expected clvQuadrants's result/);
    const bad = { ...result, customers: [{ ...result.customers[0], quadrant: "vip" }] };
    expect(() => clvQuadrantChart(bad)).toThrow(AnalyticsInputError);
    expect(() => clvQuadrantChart(bad)).toThrow(/^clvQuadrantChart: customers\[0\]\.quadrant: expected "most_valuable", "loyal", "potential", "low_value", got "vip" \(customer "a"\)$/);
    const nan = { ...result, customers: [{ ...result.customers[0], potential: Number.NaN }] };
    expect(() => clvQuadrantChart(nan)).toThrow(/^clvQuadrantChart: customers\[0\]\.potential: expected a finite number, got NaN/);
    expect(() => clvQuadrantChart(result, { scale: "sqrt" as never })).toThrow(/^clvQuadrantChart: options\.scale/);
  });

  test("types: input, options, result", () => {
    expectTypeOf(clvQuadrantChart).parameter(0).toEqualTypeOf<ClvQuadrantChartInput>();
    expectTypeOf(clvQuadrantChart).parameter(1).toEqualTypeOf<ClvQuadrantChartOptions | undefined>();
    expectTypeOf(clvQuadrantChart).returns.toEqualTypeOf<VegaLiteSpec>();
    expectTypeOf<keyof typeof clvQuadrantChartOptionsSchema.shape>().toEqualTypeOf<keyof ClvQuadrantChartOptions>();
    expectTypeOf<ReturnType<typeof clvQuadrants>>().toExtend<ClvQuadrantChartInput>();
  });
});

describe("clvQuadrantChart on skewed data", () => {
  // 300 customers: revenue over four decades with four refunds beyond the sales (net negative), CLV over five
  const records = Array.from({ length: 300 }, (_, i) => ({
    customerId: `c${i}`,
    monetary: i % 75 === 7 ? -(i + 1) * 3 : Math.round(10 ** (1 + (4 * ((i * 7) % 300)) / 299) * 100) / 100,
    clv: Math.round(10 ** ((5 * ((i * 11) % 300)) / 299) * 10000) / 10000,
  }));
  const result = deepFreeze(clvQuadrants(records, { potential: "clv" }));

  test("each axis gets the scale of its data: few negatives in a strip, not half the width", () => {
    const spec: Any = clvQuadrantChart(result);
    const { x, y } = points(spec).spec.encoding;
    expect(x.title).toBe("Current value (symlog scale; negatives at the left edge)");
    expect(y.title).toBe("Potential value (log scale)");
    expect(y.scale.type).toBe("log");
    // the strip takes 6% of the positive side, whatever the size of the refunds
    const f = (v: number) => Math.sign(v) * Math.log1p(Math.abs(v) / (x.scale.constant ?? 1));
    expect(-f(x.scale.domain[0]) / f(x.scale.domain[1])).toBeCloseTo(0.06, 12);
    // under symlog alone the 4 negative customers would take a third of the width
    const symlog: Any = clvQuadrantChart(result, { scale: "symlog" });
    const d = points(symlog).spec.encoding.x.scale.domain;
    expect(Math.log1p(-d[0]) / (Math.log1p(-d[0]) + Math.log1p(d[1]))).toBeGreaterThan(0.3);
    const zh: Any = clvQuadrantChart(result, { language: "zh" });
    expect(points(zh).spec.encoding.x.title).toBe("当前价值（对称对数刻度；负值画在最左侧）");
    expect(points(zh).spec.encoding.y.title).toBe("潜在价值（对数刻度）");
  });

  test("the domains hold every point and both threshold rules; the thresholds share their decimals", () => {
    const spec: Any = clvQuadrantChart(result);
    const { x, y } = points(spec).spec.encoding;
    const { current, potential } = result.meta.thresholds;
    for (const d of spec.data.values) {
      const px = d.current < 0 ? x.scale.domain[0] : d.current;
      expect(px >= x.scale.domain[0] && px <= x.scale.domain[1]).toBe(true);
      expect(d.potential >= y.scale.domain[0] && d.potential <= y.scale.domain[1]).toBe(true);
    }
    expect(current >= x.scale.domain[0] && current <= x.scale.domain[1]).toBe(true);
    expect(potential >= y.scale.domain[0] && potential <= y.scale.domain[1]).toBe(true);
    expect(x.scale.padding).toBeGreaterThan(0);
    const decimals = spec.title.subtitle[0].match(/\d+\.(\d+)/g).map((t: string) => t.split(".")[1].length);
    expect(decimals).toEqual([2, 2]);
    const mixed = clvQuadrantChart({ ...result, meta: { ...result.meta, thresholds: { current: 106.08, potential: 33.0777 } } }) as Any;
    expect(mixed.title.subtitle[0]).toBe("Thresholds: current 106.08, potential 33.08");
  });

  test("evenly spread values keep linear axes", () => {
    const even = clvQuadrants(Array.from({ length: 50 }, (_, i) => ({ customerId: `e${i}`, monetary: 100 + i, clv: 200 - i })), { potential: "clv" });
    const { x, y } = points(clvQuadrantChart(even)).spec.encoding;
    expect([x.scale.type, y.scale.type, x.title, y.title]).toEqual([undefined, undefined, "Current value", "Potential value"]);
    expect(x.scale.domain).toEqual([100, 149]);
  });
});
