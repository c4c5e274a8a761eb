import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { compensatedMean } from "../../src/internal/mean.js";

describe("compensatedMean", () => {
  test("the mean of values whose sum is beyond the doubles is finite and exact (it was NaN)", () => {
    expect(compensatedMean([1e308, 1e308])).toBe(1e308);
    expect(compensatedMean(Float64Array.of(1e308, 1e308, 1))).toBe(6.666666666666666e307);
    expect(compensatedMean([Number.MAX_VALUE, Number.MAX_VALUE, Number.MAX_VALUE])).toBe(Number.MAX_VALUE);
    expect(compensatedMean([-Number.MAX_VALUE, -Number.MAX_VALUE])).toBe(-Number.MAX_VALUE);
  });

  test("property: finite and within [min, max] for any finite values up to ±1.8e308; unchanged when the sum is finite", () => {
    const big = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(1e308, -1e308, Number.MAX_VALUE));
    fc.assert(
      fc.property(fc.array(big, { minLength: 1, maxLength: 40 }), (xs) => {
        const m = compensatedMean(xs);
        expect(Number.isFinite(m)).toBe(true);
        expect(m).toBeGreaterThanOrEqual(Math.min(...xs));
        expect(m).toBeLessThanOrEqual(Math.max(...xs));
      }),
      { numRuns: 500 },
    );
  });
});
