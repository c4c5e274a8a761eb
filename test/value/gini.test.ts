import fc from "fast-check";
import { describe, expect, expectTypeOf, test } from "vitest";
import { classifyAbc, gini, lorenzCurve, tierPyramid, type GiniOptions } from "../../src/value/index.js";
import { shuffled } from "../helpers/arbitraries.js";

const rows = (values: number[]) => values.map((v, i) => ({ customerId: `c${i}`, monetary: v }));
const positive = fc
  .array(fc.oneof(fc.constantFrom(0, 1, 5), fc.integer({ min: -100, max: 1_000_000 }).map((c) => c / 100)), { minLength: 1, maxLength: 60 })
  .filter((xs) => xs.some((x) => x > 0))
  .map((xs) => xs.map((x) => (x === 0 ? 0 : x)));

/** Gini by its definition: mean absolute difference over twice the mean. */
function giniByDefinition(xs: number[]): number {
  const v = xs.map((x) => Math.max(0, x));
  const n = v.length;
  const mean = v.reduce((s, x) => s + x, 0) / n;
  let d = 0;
  for (const a of v) for (const b of v) d += Math.abs(a - b);
  return n < 2 ? 0 : d / (2 * n * n * mean);
}

describe("gini", () => {
  test("hand-checked values", () => {
    expect(gini(rows([10, 60, 0, 30]))).toBe(0.5);
    expect(gini(rows([5, 5, 5]))).toBe(0);
    expect(gini(rows([0, 0, 0, 10]))).toBe(0.75);
    expect(gini(rows([7]))).toBe(0);
    expect(gini([{ id: "a", net: 0 }, { id: "b", net: 10 }], { customerId: "id", value: "net" })).toBe(0.5);
  });

  test("one rule with lorenzCurve, classifyAbc and tierPyramid: a total value <= 0 is degenerate_data, not a Gini of 0", () => {
    for (const values of [[0, -3], [0, 0], [-1165.3]]) {
      const degenerate = expect.objectContaining({ code: "degenerate_data", issues: [expect.objectContaining({ path: ["records"] })] });
      expect(() => gini(rows(values))).toThrow(degenerate);
      expect(() => lorenzCurve(rows(values))).toThrow(degenerate);
      expect(() => classifyAbc(rows(values))).toThrow(degenerate);
      expect(() => tierPyramid(rows(values))).toThrow(degenerate);
    }
  });

  test("values near 1e308: a total beyond the doubles is overflow; a finite total keeps an exact Gini", () => {
    expect(() => gini(rows([1e308, 1e308, 1]))).toThrow(
      expect.objectContaining({ code: "overflow", issues: [expect.objectContaining({ code: "overflow", path: ["records"] })] }),
    );
    expect(() => gini(rows([1e308, 1e308, 1]))).toThrow(/^gini: records: the total value/);
    // Σ i·x(i) is beyond the doubles here although the total is not: the same Gini as on small values
    expect(gini(rows([9e307, 1e307]))).toBeCloseTo(gini(rows([9, 1])), 14);
    expect(gini(rows([1.7e308, 0, 0]))).toBeCloseTo(2 / 3, 14);
  });

  test("errors", () => {
    expect(() => gini([{ customerId: "a", monetary: "7" }])).toThrow(
      expect.objectContaining({ code: "invalid_value", issues: [expect.objectContaining({ path: ["records", 0, "monetary"] })] }),
    );
    expect(() => gini(rows([1]), { steps: 3 } as never)).toThrow(/^gini: options: unknown option "steps"/);
  });

  test("Gini equals its definition and lies in [0, 1]; scale and order do not change it", () => {
    fc.assert(
      fc.property(positive.chain((xs) => fc.tuple(fc.constant(xs), shuffled(xs))), fc.integer({ min: -5, max: 5 }), ([xs, perm], k) => {
        const g = gini(rows(xs));
        expect(g).toBeGreaterThanOrEqual(0);
        expect(g).toBeLessThanOrEqual(1);
        expect(g).toBeCloseTo(giniByDefinition(xs), 9);
        expect(gini(rows(perm))).toBeCloseTo(g, 12);
        expect(gini(rows(xs.map((x) => x * 2 ** k)))).toBe(g);
      }),
    );
  });

  test("types: one number; value and customerId options only", () => {
    expectTypeOf(gini(rows([1]))).toEqualTypeOf<number>();
    expectTypeOf<{ value: "net"; customerId: "id" }>().toExtend<GiniOptions>();
    expectTypeOf<{ steps: number }>().not.toExtend<GiniOptions>();
  });
});
