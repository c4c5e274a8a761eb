import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { digammaShift, distinctValues, weightsPer } from "../../src/models/likelihoodParts.js";
import { lnGammaRatio } from "../../src/internal/special.js";

describe("digammaShift", () => {
  test("is the derivative in a of ln Γ(a+x) − ln Γ(a) (central differences), integer and fractional x, tiny to huge a", () => {
    fc.assert(
      fc.property(fc.double({ min: -6, max: 8, noNaN: true }), fc.oneof(fc.integer({ min: 0, max: 200 }), fc.double({ min: 0, max: 300, noNaN: true })), (la, x) => {
        const a = 10 ** la;
        const h = 1e-5 * a;
        const numeric = (lnGammaRatio(a + h, x) - lnGammaRatio(a - h, x)) / (2 * h);
        const d = digammaShift(a, x);
        // the difference quotient of lnGammaRatio carries its rounding (about 1e-16·|lnΓ ratio|/h)
        const noise = (1e-15 * Math.max(1, Math.abs(lnGammaRatio(a, x)))) / h;
        expect(Math.abs(d - numeric)).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(numeric)) + noise);
      }),
    );
  });
  test("known values: ψ(1+1) − ψ(1) = 1, ψ(1.5) − ψ(0.5) = 2, and 0 for x = 0", () => {
    expect(digammaShift(1, 1)).toBe(1);
    expect(digammaShift(0.5, 1)).toBe(2);
    expect(digammaShift(3, 0)).toBe(0);
    // ψ(100) − ψ(1) = H₉₉ (harmonic number), through the asymptotic branch (x > 64)
    let h99 = 0;
    for (let k = 1; k <= 99; k++) h99 += 1 / k;
    expect(digammaShift(1, 99)).toBeCloseTo(h99, 13);
  });
  test("huge a: ψ(a+x) − ψ(a) ≈ x/a without cancellation", () => {
    expect(digammaShift(1e16, 3.5) / (3.5 / 1e16) - 1).toBeLessThan(1e-12);
  });
});

describe("distinctValues and weightsPer", () => {
  test("each entry maps to its value; first-appearance order; -0 and 0 are one value; weights add up per value", () => {
    const d = distinctValues([3, -0, 3, 0, 7]);
    expect([...d.values]).toEqual([3, 0, 7]);
    expect([...d.index]).toEqual([0, 1, 0, 1, 2]);
    expect([...weightsPer(d, [1, 2, 3, 4, 5])]).toEqual([4, 6, 5]);
  });
});
