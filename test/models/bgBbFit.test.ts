import { describe, expect, test } from "vitest";
import { fitBgBb, isAnalyticsInputError, type BgBbCustomer } from "../../src/models/index.js";
import { donations, names, reference as ref } from "./bgBbData.js";

const rel = (a: number, b: number) => Math.abs(a / b - 1);

const issueOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (isAnalyticsInputError(e)) return e.issues[0];
    throw e;
  }
  throw new Error("no error");
};

describe("fitBgBb", () => {
  const fit = fitBgBb(Object.freeze(donations.map((r) => Object.freeze({ ...r }))));

  test("donations: the data have 22 groups and 11,104 donors", () => {
    expect(donations).toHaveLength(22);
    expect(fit.meta).toEqual({ customers: 11104, penalizer: 0, records: 22, histories: 22 });
    expect(fit.diagnostics.converged, fit.diagnostics.message).toBe(true);
  });

  test("donations: the paper's estimates (α 1.204, β 0.750, γ 0.657, δ 2.783, LL −33,225.6) to the digits it prints", () => {
    // published to 3 decimals (and LL to 1): the fit must round to them
    for (const k of names) expect(Math.abs(fit.params[k] - ref.published.params[k]), k).toBeLessThanOrEqual(5e-4);
    expect(Math.round(fit.logLikelihood * 10) / 10).toBe(-33225.6);
  });

  test("donations: within 1e-5 relative of the independent scipy fit and of its mpmath Newton polish; LL within 1e-12", () => {
    for (const k of names) {
      expect(rel(fit.params[k], ref.scipy.params[k]), k).toBeLessThan(1e-5);
      expect(rel(fit.params[k], ref.mle.params[k]), k).toBeLessThan(1e-5);
    }
    expect(rel(fit.logLikelihood, ref.scipy.logLikelihood)).toBeLessThan(1e-12);
    expect(rel(fit.logLikelihood, ref.mle.logLikelihood)).toBeLessThan(1e-12);
  });

  test("donations: standard errors within 1e-4 relative of the exact inverse Hessian (mpmath)", () => {
    expect(fit.standardErrors).not.toBeNull();
    for (const k of names) expect(rel(fit.standardErrors![k], ref.mle.standardErrors[k]), k).toBeLessThan(1e-4);
  });

  test("one record per donor gives the same fit, to the last bit, as the grouped data", () => {
    const exploded = donations.flatMap((r) => Array.from({ length: r.count! }, () => ({ frequency: r.frequency, recency: r.recency, n: r.n })));
    expect(exploded).toHaveLength(11104);
    const each = fitBgBb(exploded);
    expect(each.params).toEqual(fit.params);
    expect(each.logLikelihood).toBe(fit.logLikelihood);
    expect(each.meta).toEqual({ customers: 11104, penalizer: 0, records: 11104, histories: 22 });
  });

  test("zero counts contribute nothing; the penalizer shrinks the parameters", () => {
    const withZero = fitBgBb([...donations, { frequency: 2, recency: 3, n: 9, count: 0 }]);
    expect(withZero.params).toEqual(fit.params);
    expect(withZero.meta.histories).toBe(23);
    const pen = fitBgBb(donations, { penalizer: 0.01 });
    expect(pen.meta.penalizer).toBe(0.01);
    expect(pen.params.delta).toBeLessThan(fit.params.delta);
    expect(pen.logLikelihood).toBeLessThan(fit.logLikelihood);
  });

  test("a fit the data cannot pin down says so: everyone buys at every opportunity", () => {
    const always = fitBgBb([{ frequency: 6, recency: 6, n: 6, count: 100 }, { frequency: 3, recency: 3, n: 3, count: 50 }]);
    expect(always.diagnostics.converged).toBe(false);
    expect(always.diagnostics.message).toMatch(/^not converged: /);
    expect(always.standardErrors).toBeNull();
    expect(Number.isFinite(always.logLikelihood)).toBe(true);
    expect(always.logLikelihood).toBeLessThanOrEqual(0);
  });

  test("bad data: issues name the record and the field", () => {
    expect(issueOf(() => fitBgBb([{ frequency: 1, recency: 7, n: 6 }]))).toMatchObject({ code: "invalid_value", path: ["records", 0, "recency"], message: "recency 7 is after n 6" });
    expect(issueOf(() => fitBgBb([{ frequency: 3, recency: 2, n: 6 }]))).toMatchObject({ code: "invalid_value", path: ["records", 0, "frequency"] });
    expect(issueOf(() => fitBgBb([{ frequency: 0, recency: 2, n: 6 }]))).toMatchObject({ code: "invalid_value", path: ["records", 0, "recency"], message: "expected 0 when frequency is 0, got 2" });
    expect(issueOf(() => fitBgBb([{ frequency: 1, recency: 1.5, n: 6 }]))).toMatchObject({ code: "invalid_value", path: ["records", 0, "recency"] });
    expect(issueOf(() => fitBgBb([{ frequency: 1, recency: 1, n: 6, count: -1 }]))).toMatchObject({ code: "invalid_value", path: ["records", 0, "count"] });
    expect(issueOf(() => fitBgBb([{ frequency: 1, recency: 1, n: 2e6 }]))).toMatchObject({ code: "invalid_value", path: ["records", 0, "n"] });
    // count is read when the first record has it: a later record without it is an error, not a 1
    expect(issueOf(() => fitBgBb([{ frequency: 1, recency: 1, n: 6, count: 3 }, { frequency: 1, recency: 1, n: 6 }]))).toMatchObject({ path: ["records", 1, "count"] });
    expect(issueOf(() => fitBgBb([{ frequency: 1, recency: 1 } as BgBbCustomer]))).toMatchObject({ code: "missing_field", path: ["fields", "n"] });
    expect(issueOf(() => fitBgBb([]))).toMatchObject({ code: "empty_input" });
    expect(issueOf(() => fitBgBb([{ frequency: 0, recency: 0, n: 0, count: 5 }, { frequency: 1, recency: 1, n: 1, count: 0 }]))).toMatchObject({ code: "degenerate_data", path: ["records"] });
  });

  test("bad options: TypeError or RangeError naming the function", () => {
    expect(() => fitBgBb(donations, { penalizer: -1 })).toThrow(RangeError);
    expect(() => fitBgBb(donations, { penalizer: -1 })).toThrow(/^fitBgBb: /);
    expect(() => fitBgBb(donations, { nope: 1 } as object)).toThrow(TypeError);
  });
});
