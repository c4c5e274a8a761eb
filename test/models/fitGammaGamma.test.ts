import { describe, expect, expectTypeOf, test } from "vitest";
import { fitGammaGamma, type BtydCustomer, type FitGammaGammaOptions, type GammaGammaFit } from "../../src/models/index.js";
import { expectIssue } from "./shared.js";

describe("fitGammaGamma", () => {
  test("on identical spends it reports its state and never returns NaN parameters", () => {
    const same = Array.from({ length: 30 }, () => ({ frequency: 3, recency: 5, T: 10, monetaryValue: 25 }));
    const fit = fitGammaGamma(same);
    for (const v of Object.values(fit.params)) expect(Number.isFinite(v)).toBe(true);
    // identical spends: p and q run off to ∞ (a spend distribution with no spread); the fit stops early there
    expect(fit.diagnostics.message).toMatch(fit.diagnostics.converged ? /below the tolerance/ : /maximum of \d+ iterations|line search found no lower value|ran off towards ∞/);
    expect(fit.meta).toEqual({ repeatBuyers: 30, penalizer: 0 });
  });

  test("a repeat buyer without spend is an issue naming the customer; fewer than 2 repeat buyers is degenerate", () => {
    const cs = [
      { customerId: "a", frequency: 2, recency: 5, T: 10, monetaryValue: 10 },
      { customerId: "b", frequency: 1, recency: 5, T: 10, monetaryValue: 0 },
      { customerId: "c", frequency: 0, recency: 0, T: 10, monetaryValue: 0 },
    ];
    expectIssue(() => fitGammaGamma(cs), { code: "invalid_value", path: ["records", 1, "monetaryValue"], customerId: "b" });
    expectIssue(() => fitGammaGamma([cs[0], cs[2]]), { code: "degenerate_data", path: ["records"] });
    expectIssue(() => fitGammaGamma([{ frequency: 1, recency: 1, T: 2 }]), { code: "missing_field", path: ["fields", "monetaryValue"] });
  });

  test("spends near 1e308 are an overflow issue of fitGammaGamma, not an internal error", () => {
    const c = (frequency: number, monetaryValue: number) => ({ frequency, recency: frequency, T: 39, monetaryValue });
    expectIssue(() => fitGammaGamma([c(2, 1e308), c(1, 11.77), c(6, 29.5)]), { code: "overflow", path: ["records"] });
  });

  test("options are checked strictly", () => {
    expect(() => fitGammaGamma([], { penalty: 1 } as never)).toThrow(/^fitGammaGamma: options: unknown option "penalty"/);
  });

  test("types", () => {
    expectTypeOf(fitGammaGamma).parameter(0).toEqualTypeOf<Iterable<BtydCustomer>>();
    expectTypeOf(fitGammaGamma).parameter(1).toEqualTypeOf<FitGammaGammaOptions | undefined>();
    expectTypeOf(fitGammaGamma).returns.toEqualTypeOf<GammaGammaFit>();
    expectTypeOf<GammaGammaFit["meta"]>().toEqualTypeOf<{ repeatBuyers: number; penalizer: number }>();
  });
});
