import type { CustomerInput } from "../../src/input/index.js";
import { describe, expect, expectTypeOf, test } from "vitest";
import { fitModifiedBgNbd, type BtydCustomer, type FitModifiedBgNbdOptions, type ModifiedBgNbdFit } from "../../src/models/index.js";
import { expectIssue } from "./shared.js";

describe("fitModifiedBgNbd", () => {
  test("returns the fitted model with its meta", () => {
    const fit = fitModifiedBgNbd([
      { frequency: 2, recency: 30.43, T: 38.86 },
      { frequency: 1, recency: 1.71, T: 38.86 },
      { frequency: 0, recency: 0, T: 38.86 },
      { frequency: 7, recency: 29.43, T: 38.86 },
    ], { penalizer: 0.01 });
    expect(Object.keys(fit.params)).toEqual(["r", "alpha", "a", "b"]);
    expect(fit.meta).toEqual({ customers: 4, penalizer: 0.01 });
  });

  test("once-only buyers: not converged, naming the parameters that run off", () => {
    const fit = fitModifiedBgNbd(Array.from({ length: 50 }, (_, i) => ({ frequency: 0, recency: 0, T: 10 + i })));
    expect(fit.diagnostics.converged).toBe(false);
    expect(fit.diagnostics.message).toMatch(/r → 0/);
    expect(fit.standardErrors).toBeNull();
  });

  test("options and records are checked", () => {
    expect(() => fitModifiedBgNbd([{ frequency: 1, recency: 1, T: 2 }], { tol: 1 } as never)).toThrow(/^fitModifiedBgNbd: options: unknown option "tol"/);
    expectIssue(() => fitModifiedBgNbd([{ frequency: 1, recency: 1, T: Number.NaN }]), { path: ["records", 0, "T"] });
  });

  test("types", () => {
    expectTypeOf(fitModifiedBgNbd).parameter(0).toEqualTypeOf<CustomerInput<BtydCustomer>>();
    expectTypeOf(fitModifiedBgNbd).parameter(1).toEqualTypeOf<FitModifiedBgNbdOptions | undefined>();
    expectTypeOf(fitModifiedBgNbd).returns.toEqualTypeOf<ModifiedBgNbdFit>();
  });
});
