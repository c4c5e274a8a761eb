// The per-customer term the fits sum (the totals are checked against lifetimes in models.conformance.test.ts).
import { describe, expect, expectTypeOf, test } from "vitest";
import { bgNbdLogLikelihood, type BgNbdParams } from "../../src/models/index.js";
import { bg } from "./shared.js";

describe("bgNbdLogLikelihood", () => {
  test("x = 0: ln[Γ(r+0)/Γ(r) · (α/(α+T))^r · B(a, b)/B(a, b)] = r·ln(α/(α+T))", () => {
    expect(bgNbdLogLikelihood(bg, 0, 0, 10)).toBeCloseTo(bg.r * Math.log(bg.alpha / (bg.alpha + 10)), 12);
  });
  test("finite for heavy buyers", () => expect(Number.isFinite(bgNbdLogLikelihood(bg, 5000, 38, 39))).toBe(true));
  test("types", () => expectTypeOf(bgNbdLogLikelihood).parameters.toEqualTypeOf<[BgNbdParams, number, number, number]>());
});
