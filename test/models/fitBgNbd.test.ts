import { describe, expect, expectTypeOf, test } from "vitest";
import { fitBgNbd, type BgNbdFit, type BtydCustomer, type FitBgNbdOptions } from "../../src/models/index.js";
import { expectIssue } from "./shared.js";

describe("fitBgNbd", () => {
  test("a fit that cannot pin parameters down says why instead of pretending", () => {
    // everyone bought once and never again: the dropout parameters run off
    const once = Array.from({ length: 50 }, (_, i) => ({ frequency: 0, recency: 0, T: 10 + i }));
    const fit = fitBgNbd(once);
    expect(Number.isFinite(fit.logLikelihood)).toBe(true);
    // the message says which way the search ended, matching the converged flag
    expect(fit.diagnostics.message).toMatch(fit.diagnostics.converged ? /below the tolerance/ : /maximum of \d+ iterations|line search found no lower value/);
    // the data do not pin the parameters down: no standard errors are claimed
    expect(fit.standardErrors).toBeNull();
    expect(fit.meta).toEqual({ customers: 50, penalizer: 0 });
  });

  test("options are checked strictly", () => {
    const cs = [{ frequency: 1, recency: 1, T: 2 }];
    expect(() => fitBgNbd(cs, { penalizer: -1 })).toThrow(/^fitBgNbd: options\.penalizer/);
    expect(() => fitBgNbd(cs, { penaliser: 0.1 } as never)).toThrow(/^fitBgNbd: options: unknown option "penaliser"/);
  });

  test("bad records are issues under records, with the customer", () => {
    expectIssue(() => fitBgNbd([{ customerId: "a", frequency: 1, recency: 3, T: 2 }]), { code: "invalid_value", path: ["records", 0, "recency"], customerId: "a" });
    expectIssue(() => fitBgNbd([{ customerId: "a", frequency: 1, recency: 1, T: 2 }, { customerId: "a", frequency: 1, recency: 1, T: 2 }]), { code: "duplicate_customer", row: 1 });
    expect(() => fitBgNbd(null as never)).toThrow(TypeError);
  });

  test("types", () => {
    expectTypeOf(fitBgNbd).parameter(0).toEqualTypeOf<Iterable<BtydCustomer>>();
    expectTypeOf(fitBgNbd).parameter(1).toEqualTypeOf<FitBgNbdOptions | undefined>();
    expectTypeOf(fitBgNbd).returns.toEqualTypeOf<BgNbdFit>();
    expectTypeOf<BgNbdFit["meta"]>().toEqualTypeOf<{ customers: number; penalizer: number }>();
  });
});
