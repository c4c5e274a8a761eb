import fc from "fast-check";
import { describe, expect, expectTypeOf, test } from "vitest";
import { lorenzCurve, lorenzCurveOptionsSchema, type LorenzCurveOptions, type LorenzCurveResult, type LorenzPoint } from "../../src/value/index.js";
import { deepFreeze } from "../helpers/arbitraries.js";

const rows = (values: number[]) => values.map((v, i) => ({ customerId: `c${i}`, monetary: v }));
const positive = fc
  .array(fc.oneof(fc.constantFrom(0, 1, 5), fc.integer({ min: -100, max: 1_000_000 }).map((c) => c / 100)), { minLength: 1, maxLength: 60 })
  .filter((xs) => xs.some((x) => x > 0))
  .map((xs) => xs.map((x) => (x === 0 ? 0 : x)));

describe("lorenzCurve", () => {
  test("hand-checked curve, statement and Gini", () => {
    const { points, meta } = lorenzCurve(rows([10, 60, 0, 30]), { steps: 8, topShares: [0.25, 0.2] });
    expect(points.map((p) => p.valueShare)).toEqual([0, 0.3, 0.6, 0.75, 0.9, 0.95, 1, 1, 1]);
    expect(meta.top.map((t) => t.statement)).toEqual(["25% of customers bring 60% of value", "20% of customers bring 48% of value"]);
    expect(meta.gini).toBe(0.5);
    expect(meta.customers).toBe(4);
  });

  test("errors", () => {
    expect(() => lorenzCurve(rows([0, -1]))).toThrow(expect.objectContaining({ code: "degenerate_data", issues: [expect.objectContaining({ path: ["records"] })] }));
    expect(() => lorenzCurve(rows([1]), { steps: 0 })).toThrow(/^lorenzCurve: options\.steps/);
    expect(() => lorenzCurve(rows([1]), { step: 10 } as never)).toThrow(/^lorenzCurve: options: unknown option "step"/);
    expect(() => lorenzCurve([{ customerId: "a", monetary: 1 }, { customerId: " ", monetary: 2 }])).toThrow(
      expect.objectContaining({ code: "missing_customer_id", issues: [expect.objectContaining({ path: ["records", 1, "customerId"] })] }),
    );
  });

  test("the curve runs from (0, 0) to (1, 1), non-decreasing and concave; the input is not mutated", () => {
    fc.assert(
      fc.property(positive, fc.integer({ min: 1, max: 50 }), (xs, steps) => {
        const input = deepFreeze(rows(xs));
        const { points } = lorenzCurve(input, { steps });
        expect(points).toHaveLength(steps + 1);
        expect(points[0]).toEqual({ customerShare: 0, valueShare: 0 });
        expect(points[steps]).toEqual({ customerShare: 1, valueShare: 1 });
        for (let j = 1; j <= steps; j++) expect(points[j].valueShare).toBeGreaterThanOrEqual(points[j - 1].valueShare - 1e-12);
        for (let j = 1; j < steps; j++) {
          expect(points[j].valueShare - points[j - 1].valueShare).toBeGreaterThanOrEqual(points[j + 1].valueShare - points[j].valueShare - 1e-9);
        }
      }),
    );
  });

  test("types: options and the named result", () => {
    const result = lorenzCurve(rows([1, 2]));
    expectTypeOf(result).toEqualTypeOf<LorenzCurveResult>();
    expectTypeOf(result.points).toEqualTypeOf<LorenzPoint[]>();
    expectTypeOf<{ steps: number; topShares: number[]; value: "net" }>().toExtend<LorenzCurveOptions>();
    expectTypeOf<{ step: number }>().not.toExtend<LorenzCurveOptions>();
    expect(Object.keys(lorenzCurveOptionsSchema.shape).sort()).toEqual(["customerId", "steps", "topShares", "value"]);
  });
});
