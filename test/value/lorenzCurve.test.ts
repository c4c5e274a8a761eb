import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { gini, lorenzCurve } from "../../src/index.js";
import { deepFreeze, shuffled } from "../helpers/arbitraries.js";

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

describe("lorenzCurve and gini", () => {
  test("hand-checked curve, statement and Gini", () => {
    const { points, meta } = lorenzCurve(rows([10, 60, 0, 30]), { steps: 8, topShares: [0.25, 0.2] });
    expect(points.map((p) => p.valueShare)).toEqual([0, 0.3, 0.6, 0.75, 0.9, 0.95, 1, 1, 1]);
    expect(meta.top.map((t) => t.statement)).toEqual(["25% of customers bring 60% of value", "20% of customers bring 48% of value"]);
    expect(meta.gini).toBe(0.5);
    expect(gini(rows([5, 5, 5]))).toBe(0);
    expect(gini(rows([0, 0, 0, 10]))).toBe(0.75);
  });

  test("errors", () => {
    expect(() => lorenzCurve(rows([0, -1]))).toThrow(expect.objectContaining({ code: "degenerate_data" }));
    expect(() => lorenzCurve(rows([1]), { steps: 0 })).toThrow(/^lorenzCurve: options\.steps/);
    expect(() => gini([{ customerId: "a", monetary: "7" }])).toThrow(expect.objectContaining({ code: "invalid_value" }));
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
});
