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
  test("types", () => {
    expectTypeOf(bgNbdExpectedPurchases).parameters.toEqualTypeOf<[BgNbdParams, number]>();
    expectTypeOf(bgNbdExpectedPurchases).returns.toEqualTypeOf<number>();
  });
});
