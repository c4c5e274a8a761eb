import { describe, expect, expectTypeOf, test } from "vitest";
import { fitParetoNbd, type BtydCustomer, type FitParetoNbdOptions, type ParetoNbdFit, type ParetoNbdParams } from "../../src/models/index.js";
import { expectIssue } from "./shared.js";

describe("fitParetoNbd", () => {
  test("a flat likelihood finishes (₂F₁ near z = 1 used to hang) and says how the search ended", () => {
    const once = Array.from({ length: 20 }, (_, i) => ({ frequency: 0, recency: 0, T: 10 + i }));
    const pareto = fitParetoNbd(once);
    expect(Number.isFinite(pareto.logLikelihood)).toBe(true);
    expect(pareto.diagnostics.message).toMatch(pareto.diagnostics.converged ? /below the tolerance/ : /maximum of \d+ iterations|line search found no lower value/);
    // the data do not pin the parameters down: no standard errors are claimed
    expect(pareto.standardErrors).toBeNull();
    expect(pareto.meta).toEqual({ customers: 20, penalizer: 0 });
  });

  test("options and records are checked", () => {
    expect(() => fitParetoNbd([{ frequency: 1, recency: 1, T: 2 }], { penalizer: Number.POSITIVE_INFINITY })).toThrow(/^fitParetoNbd: options\.penalizer/);
    expectIssue(() => fitParetoNbd([{ customerId: 3, frequency: 0, recency: 2, T: 2 }]), { path: ["records", 0, "recency"], customerId: "3" });
  });

  test("types", () => {
    expectTypeOf(fitParetoNbd).parameter(0).toEqualTypeOf<Iterable<BtydCustomer>>();
    expectTypeOf(fitParetoNbd).parameter(1).toEqualTypeOf<FitParetoNbdOptions | undefined>();
    expectTypeOf(fitParetoNbd).returns.toEqualTypeOf<ParetoNbdFit>();
    expectTypeOf<ParetoNbdFit["params"]>().toEqualTypeOf<ParetoNbdParams>();
  });
});
