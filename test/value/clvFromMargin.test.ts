import fc from "fast-check";
import { describe, expect, expectTypeOf, test } from "vitest";
import { clvFromMargin } from "../../src/value/index.js";

describe("clvFromMargin", () => {
  test("infinite horizon m·r/(1+d−r) and finite sums (hand-checked)", () => {
    expect(clvFromMargin(100, 0.8, 0.1)).toBeCloseTo(266.6666666667, 9);
    expect(clvFromMargin(100, 0.8, 0.1, 1)).toBeCloseTo(100 * 0.8 / 1.1, 12);
    expect(clvFromMargin(100, 0.8, 0.1, 2)).toBeCloseTo(100 * (0.8 / 1.1 + (0.8 / 1.1) ** 2), 12);
    expect(clvFromMargin(100, 1, 0, 3)).toBe(300);
  });

  test("properties: finite sums increase with the horizon towards the infinite value; CLV is linear in the margin", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 0.95, noNaN: true }), fc.double({ min: 0, max: 0.5, noNaN: true }), fc.integer({ min: 1, max: 60 }), (r, d, t) => {
        const inf = clvFromMargin(100, r, d);
        const a = clvFromMargin(100, r, d, t);
        const b = clvFromMargin(100, r, d, t + 1);
        expect(b).toBeGreaterThanOrEqual(a - 1e-9);
        expect(b).toBeLessThanOrEqual(inf + 1e-9);
        expect(clvFromMargin(300, r, d, t)).toBeCloseTo(3 * a, 8);
      }),
    );
  });

  test("bad arguments are RangeErrors naming the function, never NaN or Infinity", () => {
    for (const args of [
      [Number.NaN, 0.8, 0.1],
      [100, -0.1, 0.1],
      [100, 0.8, -1],
      [100, 1.2, 0.1],
      [100, 0.8, 0.1, 2.5],
      [100, 0.8, 0.1, -1],
      [1e308, 0.9, 0.01],
    ] as [number, number, number, number?][]) {
      expect(() => clvFromMargin(...args)).toThrow(RangeError);
      expect(() => clvFromMargin(...args)).toThrow(/^clvFromMargin: /);
    }
    expect(clvFromMargin(100, 0.8, 0.1, 0)).toBe(0);
  });

  test("types: numbers in, one number out", () => {
    expectTypeOf(clvFromMargin).parameters.toEqualTypeOf<[margin: number, retention: number, discountRate: number, horizon?: number]>();
    expectTypeOf(clvFromMargin).returns.toEqualTypeOf<number>();
  });
});
