// The per-customer term the fits sum (the totals are checked against lifetimes in models.conformance.test.ts).
import { describe, expect, expectTypeOf, test } from "vitest";
import { bgNbdLogLikelihood, type BgNbdParams } from "../../src/models/index.js";
import { bg } from "./shared.js";

describe("bgNbdLogLikelihood", () => {
  test("x = 0: ln[Γ(r+0)/Γ(r) · (α/(α+T))^r · B(a, b)/B(a, b)] = r·ln(α/(α+T))", () => {
    expect(bgNbdLogLikelihood(bg, 0, 0, 10)).toBeCloseTo(bg.r * Math.log(bg.alpha / (bg.alpha + 10)), 12);
  });
  test("finite for heavy buyers", () => expect(Number.isFinite(bgNbdLogLikelihood(bg, 5000, 38, 39))).toBe(true));
  test("exact for huge r (ln Γ(r+x) − ln Γ(r) used to lose everything below steps of 128): the Poisson limit", () => {
    // r, alpha → ∞ with r/alpha = λ: the gamma mixture becomes a Poisson rate λ; with b huge too, no dropout
    const lambda = 0.75;
    const x = 30;
    const T = 44;
    const poisson = x * Math.log(lambda) - lambda * T;
    for (const r of [1e8, 2e16, 3e17]) {
      const ll = bgNbdLogLikelihood({ r, alpha: r / lambda, a: 1e-9, b: 1e9 }, x, 30, T);
      expect(Math.abs(ll - poisson)).toBeLessThan(1e-5);
    }
  });
  test("types", () => expectTypeOf(bgNbdLogLikelihood).parameters.toEqualTypeOf<[BgNbdParams, number, number, number]>());
});
