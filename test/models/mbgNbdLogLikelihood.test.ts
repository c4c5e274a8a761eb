// The per-customer term the fits sum (the totals are checked against lifetimes in models.conformance.test.ts).
import { describe, expect, expectTypeOf, test } from "vitest";
import { mbgNbdLogLikelihood, type BgNbdParams } from "../../src/models/index.js";
import { mbg } from "./shared.js";

describe("mbgNbdLogLikelihood", () => {
  test("is a log-probability (<= 0) and finite for heavy buyers", () => {
    expect(mbgNbdLogLikelihood(mbg, 2, 30, 39)).toBeLessThan(0);
    expect(Number.isFinite(mbgNbdLogLikelihood(mbg, 5000, 38, 39))).toBe(true);
  });
  test("types", () => expectTypeOf(mbgNbdLogLikelihood).parameters.toEqualTypeOf<[BgNbdParams, number, number, number]>());
});
