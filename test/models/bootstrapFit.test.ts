import { readFileSync, existsSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { bootstrapFit, fitBgNbd, fitGammaGamma, isAnalyticsInputError, simulateCustomers } from "../../src/models/index.js";
import { fixturePath } from "../helpers/csv.js";
import { bootstrapRep } from "./intervalStudy.js";

const truth = { r: 0.25, alpha: 4, a: 0.8, b: 2.5 };
const { customers } = simulateCustomers({ model: "bg-nbd", params: truth }, { T: Array.from({ length: 400 }, (_, i) => 26 + (i % 27)), seed: 4, spend: { p: 6, q: 4, v: 15 } });

describe("bootstrapFit", () => {
  test("BG/NBD: the fit on the records, percentile intervals around it, bootstrap standard errors near the Hessian's; seeded", () => {
    const r = bootstrapFit("bg-nbd", customers, { replicates: 40, seed: 3 });
    const fit = fitBgNbd(customers);
    expect(r.meta.params).toEqual(fit.params);
    expect(r.parameters.map((p) => p.name)).toEqual(["r", "alpha", "a", "b"]);
    const se = fit.standardErrors as unknown as Record<string, number>;
    for (const p of r.parameters) {
      expect(p.estimate).toBe(fit.params[p.name as "r"]);
      expect(p.lower).toBeLessThan(p.upper);
    }
    // r and alpha, well identified: a standard error near the Hessian's (40 refits: about 11% noise);
    // a and b are skewed (a long right tail), where the two need not agree
    for (const p of r.parameters.slice(0, 2)) {
      expect(p.standardError / se[p.name]).toBeGreaterThan(0.6);
      expect(p.standardError / se[p.name]).toBeLessThan(1.6);
    }
    expect(r.meta.draws.length).toBe(r.meta.converged);
    expect([r.meta.model, r.meta.replicates, r.meta.seed, r.meta.level, r.meta.penalizer]).toEqual(["bg-nbd", 40, 3, 0.9, 0]);
    expect(bootstrapFit("bg-nbd", customers, { replicates: 40, seed: 3 })).toEqual(r);
    expect(bootstrapFit("bg-nbd", customers, { replicates: 40, seed: 4 }).parameters).not.toEqual(r.parameters);
  });

  test("Gamma-Gamma: each repeat buyer keeps their purchases and draws a new mean spend", () => {
    const r = bootstrapFit("gamma-gamma", customers, { replicates: 30, seed: 1, level: 0.8 });
    const fit = fitGammaGamma(customers);
    const se = fit.standardErrors as unknown as Record<string, number>;
    for (const p of r.parameters) expect(p.lower <= p.upper).toBe(true);
    // q, the best identified of the three (p and v trade off along a ridge)
    expect(r.parameters[1].standardError / se.q).toBeGreaterThan(0.5);
    expect(r.parameters[1].standardError / se.q).toBeLessThan(2);
    expect(r.meta.level).toBe(0.8);
  });

  test("an unconverged fit has nothing to simulate from; bad arguments name the function", () => {
    const none = { frequency: 0, recency: 0, T: 38.86 };
    const six = [{ frequency: 2, recency: 30.43, T: 38.86 }, { frequency: 1, recency: 1.71, T: 38.86 }, none, none, none, { frequency: 7, recency: 29.43, T: 38.86 }];
    try {
      bootstrapFit("bg-nbd", six, { replicates: 20 });
      expect.unreachable();
    } catch (error) {
      expect(isAnalyticsInputError(error) && error.code === "fit_not_converged").toBe(true);
    }
    expect(() => bootstrapFit("x" as never, customers)).toThrow(/^bootstrapFit: expected model/);
    expect(() => bootstrapFit("bg-nbd", customers, { replicates: 5 })).toThrow(/^bootstrapFit: /);
    expect(() => bootstrapFit("bg-nbd", customers, { level: 2 })).toThrow(/^bootstrapFit: /);
    const frozen = Object.freeze(customers.map((c) => Object.freeze({ ...c })));
    expect(() => bootstrapFit("gamma-gamma", frozen, { replicates: 20 })).not.toThrow();
  });

  for (const kind of ["bg-nbd", "gamma-gamma"] as const) {
    test(`${kind}: the committed simulation study reproduces, and its 90% intervals cover 86–94%`, () => {
      const file = fixturePath(`intervals/bootstrap-${kind}.json`);
      expect(existsSync(file)).toBe(true);
      const study = JSON.parse(readFileSync(file, "utf8")) as { reps: { seed: number; parameters: number[] | null }[]; summary: { replicates: number; converged: number; parameters: number[] } };
      // the same coverage flags (a fit's last bits may move with the optimiser's code, the covering does not)
      expect(bootstrapRep(kind, study.reps[0].seed)).toEqual(study.reps[0]);
      expect(study.summary.converged).toBeGreaterThanOrEqual(0.95 * study.summary.replicates);
      for (const p of study.summary.parameters) expect(p >= 0.86 && p <= 0.94).toBe(true);
    }, 60_000);
  }
});
