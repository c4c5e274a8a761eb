// The per-customer term the fits sum (the totals are checked against lifetimes in models.conformance.test.ts).
import { describe, expect, expectTypeOf, test } from "vitest";
import { paretoNbdLogLikelihood, type ParetoNbdParams } from "../../src/models/index.js";
import { lnGamma } from "../../src/internal/special.js";
import { pareto } from "./shared.js";

describe("paretoNbdLogLikelihood", () => {
  test("t_x = T (A₀ = 0) leaves the first term only", () => {
    const { r, alpha, s, beta } = pareto;
    const head = lnGamma(r + 3) - lnGamma(r) + r * Math.log(alpha) + s * Math.log(beta);
    expect(paretoNbdLogLikelihood(pareto, 3, 20, 20)).toBeCloseTo(head - (r + 3) * Math.log(alpha + 20) - s * Math.log(beta + 20), 10);
  });
  test("types", () => expectTypeOf(paretoNbdLogLikelihood).parameters.toEqualTypeOf<[ParetoNbdParams, number, number, number]>());
});
