// The per-customer term the fits sum (the totals are checked against lifetimes in models.conformance.test.ts).
import { describe, expect, expectTypeOf, test } from "vitest";
import { gammaGammaLogLikelihood, type GammaGammaParams } from "../../src/models/index.js";

describe("gammaGammaLogLikelihood", () => {
  test("p = q = v = 1, x = 1, m = 1: ln(1/4)", () => {
    expect(gammaGammaLogLikelihood({ p: 1, q: 1, v: 1 }, 1, 1)).toBeCloseTo(Math.log(0.25), 12);
  });
  test("types", () => expectTypeOf(gammaGammaLogLikelihood).parameters.toEqualTypeOf<[GammaGammaParams, number, number]>());
});
