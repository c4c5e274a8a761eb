import type { CustomerInput } from "../../src/input/index.js";
import { describe, expect, expectTypeOf, test } from "vitest";
import { fitBgNbd, type BgNbdFit, type BtydCustomer, type FitBgNbdOptions } from "../../src/models/index.js";
import { expectIssue } from "./shared.js";
import { simulateBgNbd } from "./simulate.js";

describe("fitBgNbd", () => {
  test("data drawn from the model: converged, near the true parameters (the honesty checks do not refuse a real maximum)", () => {
    for (const seed of [1, 2, 3]) {
      const fit = fitBgNbd(simulateBgNbd(4000, { r: 0.25, alpha: 4, a: 0.8, b: 2.5 }, seed));
      expect(fit.diagnostics.converged, fit.diagnostics.message).toBe(true);
      expect(fit.standardErrors).not.toBeNull();
      expect(fit.params.r).toBeGreaterThan(0.25 * 0.85);
      expect(fit.params.r).toBeLessThan(0.25 * 1.15);
      expect(fit.params.alpha / fit.params.r).toBeGreaterThan(16 * 0.85); // mean purchase rate r/alpha = 1/16
      expect(fit.params.alpha / fit.params.r).toBeLessThan(16 * 1.15);
      // mean dropout probability a / (a + b) = 0.242
      expect(fit.params.a / (fit.params.a + fit.params.b)).toBeGreaterThan(0.242 * 0.85);
      expect(fit.params.a / (fit.params.a + fit.params.b)).toBeLessThan(0.242 * 1.15);
    }
  });

  test("a fit that cannot pin parameters down says why instead of pretending", () => {
    // everyone bought once and never again: r runs to 0 with alpha to ∞ (the old fit said converged, with no note)
    const once = Array.from({ length: 50 }, (_, i) => ({ frequency: 0, recency: 0, T: 10 + i }));
    const fit = fitBgNbd(once);
    expect(Number.isFinite(fit.logLikelihood)).toBe(true);
    expect(fit.diagnostics.converged).toBe(false);
    expect(fit.diagnostics.message).toMatch(/^not converged: .*r → 0.*alpha → ∞.*do not identify/);
    // the data do not pin the parameters down: no standard errors are claimed
    expect(fit.standardErrors).toBeNull();
    expect(fit.meta).toEqual({ customers: 50, penalizer: 0 });
  });

  test("steady buyers: no floating-point artefact reported as converged (the old fit: log-likelihood +3.7e20, converged)", () => {
    // five customers buying every day for 30 days, observed 10–14 days more
    const steady = Array.from({ length: 5 }, (_, i) => ({ frequency: 30, recency: 30, T: 40 + i }));
    const fit = fitBgNbd(steady);
    expect(fit.diagnostics.converged).toBe(false);
    // never above the best Poisson process's likelihood, 5 · (30·ln(30/30) − 30)
    expect(fit.logLikelihood).toBeLessThanOrEqual(-150);
    expect(fit.diagnostics.message).toMatch(/r → ∞/);
  });

  test("bounded time on hostile data (the old fits ran 15–33 s): 1,000 steady buyers and one with frequency 1e6", () => {
    const steady = Array.from({ length: 1000 }, (_, i) => {
      const k = 1 + (i % 30);
      const x = Math.floor(700 / k) - (i % 7);
      return { frequency: x, recency: x * k, T: x * k + (i % 11) + 1 };
    });
    for (const cs of [steady, [{ frequency: 1e6, recency: 1e6, T: 1e6 + 1 }]]) {
      const fit = fitBgNbd(cs);
      expect(Number.isFinite(fit.logLikelihood)).toBe(true);
      expect(fit.diagnostics.iterations).toBeLessThanOrEqual(1000);
      // whether the search stops early at a runaway or not, these data are never reported converged,
      // and the message names a parameter running off
      expect(fit.diagnostics.converged).toBe(false);
      expect(fit.diagnostics.message).toMatch(/^not converged: .*(r|alpha|a|b) → (0|∞)/);
    }
  });

  test("T = 0 (first purchase on the last day, as toBtydSummary makes it) is accepted; all T = 0 is degenerate", () => {
    const cs = [{ frequency: 2, recency: 30.43, T: 38.86 }, { frequency: 1, recency: 1.71, T: 38.86 }, { frequency: 0, recency: 0, T: 0 }, { frequency: 0, recency: 0, T: 20 }];
    expect(Number.isFinite(fitBgNbd(cs).logLikelihood)).toBe(true);
    expectIssue(() => fitBgNbd([{ frequency: 0, recency: 0, T: 0 }]), { code: "degenerate_data", path: ["records"] });
  });

  test("Float64Array columns are read in place (readOnly) and left as they were; the fit equals the one from records", () => {
    const frequency = Float64Array.from([2, 1, 0, 0, 0, 7, 3, 0, 1, 4]);
    const recency = Float64Array.from([30.43, 1.71, 0, 0, 0, 29.43, 20, 0, 35, 38]);
    const T = Float64Array.from([38.86, 38.86, 38.86, 38.86, 38.86, 38.86, 36, 20, 38, 38.5]);
    const count = Float64Array.from([1, 2, 1, 3, 1, 1, 2, 1, 1, 1]);
    const before = [frequency, recency, T, count].map((c) => Array.from(c));
    const fromColumns = fitBgNbd({ frequency, recency, T, count });
    expect([frequency, recency, T, count].map((c) => Array.from(c))).toEqual(before);
    const records = Array.from(frequency, (f, i) => ({ frequency: f, recency: recency[i], T: T[i], count: count[i] }));
    expect(fromColumns).toEqual(fitBgNbd(records));
    // a refused value in a column in place is the same issue as before
    expect(() => fitBgNbd({ frequency: Float64Array.from([1, -1]), recency: Float64Array.from([1, 0]), T: Float64Array.from([2, 2]) })).toThrow(/frequency/);
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
    expectTypeOf(fitBgNbd).parameter(0).toEqualTypeOf<CustomerInput<BtydCustomer>>();
    expectTypeOf(fitBgNbd).parameter(1).toEqualTypeOf<FitBgNbdOptions | undefined>();
    expectTypeOf(fitBgNbd).returns.toEqualTypeOf<BgNbdFit>();
    expectTypeOf<BgNbdFit["meta"]>().toEqualTypeOf<{ customers: number; penalizer: number }>();
  });
});
