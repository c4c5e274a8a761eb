import { describe, expect, expectTypeOf, test } from "vitest";
import { bgNbdExpectedPurchases, type BgNbdParams } from "../../src/models/index.js";
import { bg } from "./shared.js";

// Its equality with the conditional expectation of a brand-new customer is in models.conformance.test.ts.
describe("bgNbdExpectedPurchases", () => {
  test("0 at t = 0, growing in t", () => {
    expect(bgNbdExpectedPurchases(bg, 0)).toBe(0);
    expect(bgNbdExpectedPurchases(bg, 78)).toBeGreaterThan(bgNbdExpectedPurchases(bg, 39));
  });
  test("bad arguments are RangeErrors naming the function", () => {
    expect(() => bgNbdExpectedPurchases(bg, -1)).toThrow(/^bgNbdExpectedPurchases: t must be/);
    expect(() => bgNbdExpectedPurchases({ ...bg, r: 0 }, 1)).toThrow(/^bgNbdExpectedPurchases: params/);
    expect(() => bgNbdExpectedPurchases({ ...bg, a: 1 }, 1)).toThrow(/removable singularity/);
  });
  test("never NaN or negative: an extreme horizon is a RangeError naming the function, extreme parameters a finite number >= 0", () => {
    // used to return NaN from t = 1e5 on
    for (const t of [1e5, 1e15, 1e308]) expect(() => bgNbdExpectedPurchases(bg, t)).toThrow(/^bgNbdExpectedPurchases: the expectation at t = .* is not computable/);
    // r and alpha near the double's limit (a Poisson rate of 1): used to be -21670
    const e = bgNbdExpectedPurchases({ r: 1e300, alpha: 1e300, a: 2, b: 3 }, 10);
    expect(e).toBeGreaterThan(0);
    expect(e).toBeLessThan(10);
  });
  test("types", () => {
    expectTypeOf(bgNbdExpectedPurchases).parameters.toEqualTypeOf<[BgNbdParams, number]>();
    expectTypeOf(bgNbdExpectedPurchases).returns.toEqualTypeOf<number>();
  });
});
