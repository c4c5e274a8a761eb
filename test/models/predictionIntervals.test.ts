import { existsSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  fitBgNbd,
  fitGammaGamma,
  fitModifiedBgNbd,
  fitParetoNbd,
  isAnalyticsInputError,
  predictBgNbd,
  predictedClv,
  predictionIntervals,
  predictModifiedBgNbd,
  predictParetoNbd,
  simulateCustomers,
} from "../../src/models/index.js";
import { existingCustomerCountPmf } from "../../src/models/purchaseCounts.js";
import { fixturePath, readCsvFixture } from "../helpers/csv.js";
import { studyRep, type StudyRep } from "./intervalStudy.js";

const zbar = new Map(readCsvFixture("clv/cdnow_customers_summary_with_transactions.csv").map((r) => [r.ID, Number(r.zbar)]));
const cdnow = readCsvFixture("clv/per_customer_cdnow_customers_summary.csv.gz").map((r) => ({
  customerId: r.ID,
  frequency: Number(r.frequency),
  recency: Number(r.recency),
  T: Number(r.T),
  monetaryValue: zbar.get(r.ID) as number,
}));
const bgFit = fitBgNbd(cdnow);
const ggFit = fitGammaGamma(cdnow);
const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(1e-300, Math.abs(b));

describe("predictionIntervals", () => {
  const result = predictionIntervals(bgFit, cdnow, { t: 39, gammaGamma: ggFit, periodsPerMonth: 4.345 });

  test("point values are predictBgNbd's and predictedClv's; every interval holds its point; counts are whole numbers holding ≥ level", () => {
    const points = predictBgNbd(bgFit.params, cdnow, { t: 39 }).customers;
    const clv = predictedClv(bgFit, ggFit, cdnow, { periodsPerMonth: 4.345 }).customers;
    result.customers.forEach((c, i) => {
      expect(c.customerId).toBe(cdnow[i].customerId);
      expect(c.pAlive).toBe(points[i].pAlive);
      expect(c.expectedPurchases).toBe(points[i].expectedPurchases);
      expect(relative(c.clv as number, clv[i].clv)).toBeLessThan(1e-12);
      expect(0 <= c.pAliveLower && c.pAliveLower <= c.pAlive && c.pAlive <= c.pAliveUpper && c.pAliveUpper <= 1).toBe(true);
      expect(c.expectedPurchasesLower <= c.expectedPurchases && c.expectedPurchases <= c.expectedPurchasesUpper).toBe(true);
      expect((c.clvLower as number) <= (c.clv as number) && (c.clv as number) <= (c.clvUpper as number)).toBe(true);
      expect(Number.isInteger(c.purchasesLower) && Number.isInteger(c.purchasesUpper) && c.purchasesLower <= c.purchasesUpper).toBe(true);
      expect(c.purchasesProbability).toBeGreaterThanOrEqual(0.9);
      expect(c.purchasesProbability).toBeLessThanOrEqual(1);
    });
    // a customer without repeat purchases is alive for BG/NBD: no uncertainty about it
    const none = result.customers.find((_, i) => cdnow[i].frequency === 0)!;
    expect([none.pAliveLower, none.pAlive, none.pAliveUpper]).toEqual([1, 1, 1]);
    expect(result.meta.totalPurchases.expected).toBeCloseTo(result.customers.reduce((s, c) => s + c.expectedPurchases, 0), 6);
  });

  test("the parameters' Laplace intervals: exp(ln θ̂ ± z·σ), σ·θ̂ the fit's standard error", () => {
    const se = bgFit.standardErrors as unknown as Record<string, number>;
    for (const p of result.meta.parameters) {
      expect(relative(p.estimate * p.logStandardError, se[p.name])).toBeLessThan(1e-5);
      expect(relative(p.lower, p.estimate * Math.exp(-1.6448536269514722 * p.logStandardError))).toBeLessThan(1e-12);
      expect(relative(p.upper, p.estimate * Math.exp(1.6448536269514722 * p.logStandardError))).toBeLessThan(1e-12);
    }
    const gse = ggFit.standardErrors as unknown as Record<string, number>;
    for (const p of result.meta.spendParameters ?? []) expect(relative(p.estimate * p.logStandardError, gse[p.name])).toBeLessThan(1e-5);
  });

  test("the count interval is the quantiles of existingCustomerCountPmf when the parameters are (almost) known", () => {
    const tiny = { names: ["r", "alpha", "a", "b"], matrix: [0, 1, 2, 3].map((i) => [0, 1, 2, 3].map((j) => (i === j ? 1e-14 : 0))) };
    const some = cdnow.slice(0, 60);
    const r = predictionIntervals(bgFit, some, { t: 39, covariance: tiny });
    r.customers.forEach((c, i) => {
      const pmf = existingCustomerCountPmf({ model: "bg-nbd", params: bgFit.params }, 39, some[i].frequency, some[i].recency, some[i].T, 400);
      let F = 0;
      let lower = -1;
      let upper = -1;
      for (let n = 0; n < pmf.length; n++) {
        F += pmf[n];
        if (lower < 0 && F >= 0.05) lower = n;
        if (upper < 0 && F >= 0.95) upper = n;
      }
      expect([c.purchasesLower, c.purchasesUpper]).toEqual([lower, upper]);
      expect(c.expectedPurchasesUpper / c.expectedPurchases - 1).toBeLessThan(1e-5);
    });
  });

  test("delta and seeded sampling agree on CDNOW (interval ends within 3% for expected purchases, 5% for CLV); sampling is reproducible by seed", () => {
    const some = cdnow.slice(0, 80);
    const delta = predictionIntervals(bgFit, some, { t: 39, gammaGamma: ggFit, periodsPerMonth: 4.345, covariance: result.meta.covariance, spendCovariance: result.meta.spendCovariance! });
    const opts = { t: 39, method: "sample", draws: 2000, seed: 5, gammaGamma: ggFit, periodsPerMonth: 4.345, covariance: result.meta.covariance, spendCovariance: result.meta.spendCovariance! } as const;
    const sample = predictionIntervals(bgFit, some, opts);
    expect(predictionIntervals(bgFit, some, opts)).toEqual(sample);
    expect([sample.meta.method, sample.meta.draws, sample.meta.seed, delta.meta.draws, delta.meta.seed]).toEqual(["sample", 2000, 5, null, null]);
    delta.customers.forEach((d, i) => {
      const s = sample.customers[i];
      expect(relative(s.expectedPurchasesLower, d.expectedPurchasesLower)).toBeLessThan(0.03);
      expect(relative(s.expectedPurchasesUpper, d.expectedPurchasesUpper)).toBeLessThan(0.03);
      expect(relative(s.clvLower as number, d.clvLower as number)).toBeLessThan(0.05);
      expect(relative(s.clvUpper as number, d.clvUpper as number)).toBeLessThan(0.05);
    });
    expect(relative(sample.meta.totalPurchases.upper - sample.meta.totalPurchases.lower, delta.meta.totalPurchases.upper - delta.meta.totalPurchases.lower)).toBeLessThan(0.03);
  });

  test("options.covariance: other customers get the fit-data covariance (a subset predicted alone = the same rows of the whole)", () => {
    const some = cdnow.slice(100, 140);
    const alone = predictionIntervals(bgFit, some, { t: 39, covariance: result.meta.covariance });
    const whole = predictionIntervals(bgFit, cdnow, { t: 39 });
    alone.customers.forEach((c, i) => {
      const w = whole.customers[100 + i];
      for (const k of ["pAliveLower", "pAliveUpper", "expectedPurchasesLower", "expectedPurchasesUpper"] as const) expect(relative(c[k], w[k])).toBeLessThan(1e-12);
      expect([c.purchasesLower, c.purchasesUpper]).toEqual([w.purchasesLower, w.purchasesUpper]);
    });
  });

  test("modified BG/NBD and Pareto/NBD: the same surface, the models' own point predictions", () => {
    const some = cdnow.slice(0, 300);
    const mbg = { model: "modified-bg-nbd" as const, ...fitModifiedBgNbd(cdnow) };
    const m = predictionIntervals(mbg, some, { t: 39, covariance: predictionIntervals(mbg, cdnow, { t: 0 }).meta.covariance });
    const mp = predictModifiedBgNbd(mbg.params, some, { t: 39 }).customers;
    m.customers.forEach((c, i) => {
      expect(c.expectedPurchases).toBe(mp[i].expectedPurchases);
      expect(c.pAliveLower <= c.pAlive && c.pAlive <= c.pAliveUpper && c.pAliveLower < c.pAliveUpper).toBe(true);
    });
    const pnbd = { model: "pareto-nbd" as const, ...fitParetoNbd(cdnow) };
    const p = predictionIntervals(pnbd, cdnow.slice(0, 40), { t: 39, covariance: predictionIntervals(pnbd, cdnow, { t: 0 }).meta.covariance });
    const pp = predictParetoNbd(pnbd.params, cdnow.slice(0, 40), { t: 39 }).customers;
    p.customers.forEach((c, i) => {
      expect(relative(c.expectedPurchases, pp[i].expectedPurchases)).toBeLessThan(1e-12);
      expect(c.pAlive).toBe(pp[i].pAlive);
      expect(c.expectedPurchasesLower <= c.expectedPurchases && c.expectedPurchases <= c.expectedPurchasesUpper).toBe(true);
    });
  });

  test("wider at a lower confidence never: a 0.95 interval holds the 0.8 one (property over simulated data)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), (seed) => {
        const { customers } = simulateCustomers({ model: "bg-nbd", params: bgFit.params }, { T: Array.from({ length: 300 }, (_, i) => 20 + (i % 19)), seed });
        const fit = fitBgNbd(customers);
        if (!fit.diagnostics.converged || !fit.standardErrors) return;
        const narrow = predictionIntervals(fit, customers, { t: 20, level: 0.8 });
        const wide = predictionIntervals(fit, customers, { t: 20, level: 0.95, covariance: narrow.meta.covariance });
        narrow.customers.forEach((c, i) => {
          const w = wide.customers[i];
          expect(w.expectedPurchasesLower <= c.expectedPurchasesLower && c.expectedPurchasesUpper <= w.expectedPurchasesUpper).toBe(true);
          expect(w.purchasesLower <= c.purchasesLower && c.purchasesUpper <= w.purchasesUpper).toBe(true);
        });
      }),
      { numRuns: 4 },
    );
  });

  test("no NaN: a fit the data do not identify is refused with a reason; unconverged fits need allowUnconverged", () => {
    const none = { frequency: 0, recency: 0, T: 38.86 };
    const six = [{ frequency: 2, recency: 30.43, T: 38.86 }, { frequency: 1, recency: 1.71, T: 38.86 }, none, none, none, { frequency: 7, recency: 29.43, T: 38.86 }];
    const fit = fitBgNbd(six);
    expect(fit.standardErrors).toBeNull();
    const refused = (f: () => unknown, code: string, text: RegExp) => {
      try {
        f();
        expect.unreachable();
      } catch (error) {
        expect(isAnalyticsInputError(error) && error.code === code && text.test(error.message)).toBe(true);
      }
    };
    refused(() => predictionIntervals(fit, six, { t: 10 }), "fit_not_converged", /allowUnconverged/);
    refused(() => predictionIntervals(fit, six, { t: 10, allowUnconverged: true }), "degenerate_data", /no standard errors/);
    // bare parameters at that point: the Hessian of the records decides (here: flat, or curved only by rounding)
    expect(() => predictionIntervals(fit.params, six, { t: 10, covariance: { names: ["r", "alpha", "a", "b"], matrix: [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]] } })).not.toThrow();
  });

  test("bad arguments name the function and the option", () => {
    expect(() => predictionIntervals(bgFit, cdnow, { t: 39, periodsPerMonth: 4 })).toThrow(/^predictionIntervals: options.periodsPerMonth, months, monthlyDiscountRate and spendCovariance need options.gammaGamma/);
    expect(() => predictionIntervals(bgFit, cdnow, { t: 39, gammaGamma: ggFit })).toThrow(/^predictionIntervals: options.periodsPerMonth is required/);
    expect(() => predictionIntervals(bgFit, cdnow, { t: 39, level: 1 })).toThrow(/^predictionIntervals: /);
    expect(() => predictionIntervals(bgFit, cdnow, { t: 39, covariance: { names: ["r"], matrix: [[1]] } })).toThrow(/^predictionIntervals: options.covariance must name r, alpha, a, b/);
    const indefinite = { names: ["r", "alpha", "a", "b"], matrix: [0, 1, 2, 3].map((i) => [0, 1, 2, 3].map((j) => (i === j ? -1 : 0))) };
    expect(() => predictionIntervals(bgFit, cdnow, { t: 39, covariance: indefinite })).toThrow(/^predictionIntervals: options.covariance.matrix is not positive definite/);
    expect(() => predictionIntervals(bgFit, cdnow, { t: 39, gammaGamma: { p: 1, q: 0.5, v: 1 }, periodsPerMonth: 4 })).toThrow(/^predictionIntervals: Gamma-Gamma q = 0.5/);
    expect(() => predictionIntervals(bgFit, cdnow, { t: 39, nope: 1 } as never)).toThrow(TypeError);
  });

  test("inputs are not changed", () => {
    const frozen = Object.freeze(cdnow.slice(0, 20).map((c) => Object.freeze({ ...c })));
    const cov = Object.freeze({ names: Object.freeze([...result.meta.covariance.names]), matrix: Object.freeze(result.meta.covariance.matrix.map((r) => Object.freeze([...r]))) });
    expect(() => predictionIntervals(Object.freeze({ ...bgFit }), frozen, Object.freeze({ t: 39, covariance: cov as never }))).not.toThrow();
  });
});

describe("predictionIntervals: the simulation study (simulate from known parameters, fit, cover)", () => {
  // The full study (1,000 replicates for BG/NBD, 600 for Gamma-Gamma, 400 for Pareto/NBD; test/fixtures/
  // scripts/intervalCoverage.ts) is committed; here its first replicates are rerun and must be the same
  // numbers, and its coverage of the 90% intervals must be 86–94%.
  const kinds = [
    ["bg-nbd", 2],
    ["gamma-gamma", 2],
    ["pareto-nbd", 1],
  ] as const;
  for (const [kind, rerun] of kinds) {
    const file = fixturePath(`intervals/coverage-${kind}.json`);
    test(`${kind}: replicates reproduce the committed study, whose 90% intervals cover 86–94%`, () => {
      expect(existsSync(file)).toBe(true);
      const study = JSON.parse(readFileSync(file, "utf8")) as { reps: StudyRep[]; summary: Record<string, number | number[]> };
      for (let k = 0; k < rerun; k++) {
        // the same coverage flags and shares; the mean stated probability to rounding (a fit's last bits
        // may move with the optimiser's code, the covering does not)
        const again = studyRep(kind, study.reps[k].seed);
        expect({ ...again, stated: 0 }).toEqual({ ...study.reps[k], stated: 0 });
        expect(again.stated).toBeCloseTo(study.reps[k].stated, 10);
      }
      const s = study.summary as { converged: number; parameters: number[]; alive: number; expected: number; counts: number; stated: number; total: number; clv: number };
      expect(s.converged).toBeGreaterThanOrEqual(0.95 * study.reps.length);
      // Pareto/NBD's β (the dropout rate's scale, weakly identified from 1,000 customers): its Laplace
      // interval is conservative, 94.9% over 994 data sets — the one figure above the 86–94% target
      // (reported as such); every other parameter is within it
      s.parameters.forEach((p, j) => expect(p >= 0.86 && p <= (kind === "pareto-nbd" && j === 3 ? 0.955 : 0.94)).toBe(true));
      if (kind === "gamma-gamma") expect(s.clv >= 0.86 && s.clv <= 0.94).toBe(true);
      else {
        for (const v of [s.alive, s.expected, s.total]) expect(v >= 0.86 && v <= 0.94).toBe(true);
        // whole-number intervals hold at least 90%: their observed coverage is what they state
        expect(Math.abs(s.counts - s.stated)).toBeLessThan(0.01);
      }
    }, 60_000);
  }
});

describe("predictionIntervals: records with counts", () => {
  test("a record with count k is k customers: the same covariance and total as the customers one by one", () => {
    const some = cdnow.slice(0, 400);
    const grouped = new Map<string, { frequency: number; recency: number; T: number; count: number }>();
    for (const c of some) {
      const key = `${c.frequency},${c.recency},${c.T}`;
      const g = grouped.get(key);
      if (g) g.count++;
      else grouped.set(key, { frequency: c.frequency, recency: c.recency, T: c.T, count: 1 });
    }
    const fit = fitBgNbd(some);
    const one = predictionIntervals(fit, some, { t: 39 });
    const counted = predictionIntervals(fit, [...grouped.values()], { t: 39 });
    expect(grouped.size).toBeLessThan(some.length);
    one.meta.covariance.matrix.forEach((row, i) => row.forEach((v, j) => expect(relative(counted.meta.covariance.matrix[i][j], v)).toBeLessThan(1e-9)));
    expect(relative(counted.meta.totalPurchases.upper, one.meta.totalPurchases.upper)).toBeLessThan(1e-9);
  });
});
