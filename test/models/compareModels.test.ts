import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, expectTypeOf, test } from "vitest";
import { compareModels, predictBgNbd, predictParetoNbd, toBtydSummary, type BtydSummaryCustomer, type CompareModelsOptions, type CompareModelsResult } from "../../src/models/index.js";
import { fitNbd, liftTable, reliabilityBins } from "../../src/models/compareModels.js";
import { fixturePath } from "../helpers/csv.js";
import { customerArb, expectIssue } from "./shared.js";

const lines = readFileSync(fixturePath("clv/CDNOW_sample.txt"), "utf8").trim().split(/\r?\n/);
const tx = lines.map((l) => {
  const [, id, day, , amount] = l.trim().split(/\s+/);
  return { customerId: id, date: `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6, 8)}`, amount: Number(amount) };
});
const window = { asOf: "1998-06-30", calibrationEnd: "1997-09-30", period: "week" } as const;
const { customers: cdnow } = toBtydSummary(tx, window);
// the independent reference: test/fixtures/scripts/compare_models_cdnow.py (pandas/scipy), committed output
const ref = JSON.parse(readFileSync(fixturePath("clv/compare_models_cdnow.json"), "utf8"));

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1e-300, Math.abs(b));

describe("compareModels on the CDNOW sample (calibration 1997-01-01..1997-09-30, holdout to 1998-06-30)", () => {
  const res = compareModels(cdnow, { tracking: { transactions: tx, options: window } });

  test("the table of docs/models.md, and the chosen model with why", () => {
    expect(res.table).toBe(
      [
        "model            k   log-lik       AIC       BIC  converged     MAE    RMSE  Brier P(alive)  Brier P(buy)  top lift  track MAE",
        "BG/NBD           4  -9582.43  19172.86  19195.92        yes  0.7855  1.6080          0.6083        0.1612     4.684       9.82",
        "modified BG/NBD  4  -9582.14  19172.27  19195.33        yes  0.7648  1.6072          0.2057        0.1614     4.764      10.38",
        "Pareto/NBD *     4  -9594.98  19197.95  19221.01        yes  0.7545  1.6028          0.1938        0.1619     4.716       9.38",
      ].join("\n"),
    );
    expect(res.meta.chosen).toBe("pareto-nbd");
    expect(res.meta.reason).toBe(
      "Pareto/NBD has the lowest holdout RMSE of expected purchases per customer, 1.6028 (BG/NBD 1.6080, modified BG/NBD 1.6072); BIC prefers modified BG/NBD (19195.33 against 19221.01); the Brier score of P(buy in the holdout) prefers BG/NBD; dropout matters: the NBD without dropout is rejected (likelihood ratio 337.4, approximate p 5.5e-74)",
    );
    expect(res.meta).toMatchObject({ customers: 2357, holdoutBuyers: 684, penalizer: 0, criterion: "rmse" });
    expect(res.meta.nesting).toMatch(/not nested in one another/);
    // by BIC, modified BG/NBD
    expect(compareModels(cdnow, { criterion: "bic" }).meta.chosen).toBe("modified-bg-nbd");
  });

  test("every metric equals the independent pandas/scipy computation (1e-9 relative; counts exact)", () => {
    expect(ref.customers).toBe(res.meta.customers);
    expect(ref.holdoutBuyers).toBe(res.meta.holdoutBuyers);
    res.models.forEach((m, k) => {
      const r = ref.models[k];
      expect(m.model).toBe(r.model);
      expect(m.diagnostics.converged).toBe(true);
      const h = m.holdout!;
      expect(h.actualHoldout).toBe(ref.holdoutPurchases);
      for (const key of ["logLikelihood", "aic", "bic"] as const) expect(rel(m[key], r[key]), `${m.model} ${key}`).toBeLessThan(1e-9);
      for (const key of ["expectedHoldout", "mae", "rmse", "brierAlive", "brierPurchase"] as const) expect(rel(h[key], r[key]), `${m.model} ${key}`).toBeLessThan(1e-9);
      for (const [mine, theirs] of [[h.reliabilityAlive, r.reliabilityAlive], [h.reliabilityPurchase, r.reliabilityPurchase]] as const) {
        expect(mine.map((b) => b.customers)).toEqual(theirs.map((b: { customers: number }) => b.customers));
        mine.forEach((b, j) => {
          expect(Math.abs(b.meanPredicted - theirs[j].meanPredicted)).toBeLessThan(1e-9);
          expect(Math.abs(b.observedRate - theirs[j].observedRate)).toBeLessThan(1e-12);
        });
      }
      expect(h.lift.map((g) => [g.customers, g.actual])).toEqual(r.lift.map((g: { customers: number; actual: number }) => [g.customers, g.actual]));
      h.lift.forEach((g, j) => {
        expect(rel(g.expected, r.lift[j].expected)).toBeLessThan(1e-9);
        expect(g.lift).toBeCloseTo(r.lift[j].lift, 12);
        expect(g.cumulativeGain).toBeCloseTo(r.lift[j].cumulativeGain, 12);
      });
      for (const key of ["mae", "rmse", "holdoutMae", "holdoutRmse", "cumulativeError"] as const) expect(rel(m.tracking![key], r.tracking[key]), `${m.model} tracking ${key}`).toBeLessThan(1e-9);
      expect(m.tracking).toMatchObject({ periods: 78, holdoutPeriods: 39 });
    });
    expect(rel(res.meta.nbd!.logLikelihood, ref.nbd.logLikelihood)).toBeLessThan(1e-10);
    expect(rel(res.meta.nbd!.params.r, ref.nbd.params.r)).toBeLessThan(1e-5);
    res.likelihoodRatioTests.forEach((t, k) => {
      expect(t).toMatchObject({ restricted: "nbd", model: ref.likelihoodRatioTests[k].model, df: 2 });
      expect(rel(t.statistic, ref.likelihoodRatioTests[k].statistic)).toBeLessThan(1e-9);
      expect(rel(t.pValue, ref.likelihoodRatioTests[k].pValue)).toBeLessThan(1e-6);
    });
  });

  test("the figures: 1,882 holdout purchases made, 1,577 to 1,666 expected; the top decile buys 4.7× the average", () => {
    expect(res.models[0].holdout!.actualHoldout).toBe(1882);
    expect(res.models.map((m) => Math.round(m.holdout!.expectedHoldout))).toEqual([1653, 1577, 1666]);
    expect(res.models.map((m) => m.holdout!.lift[0].lift.toFixed(2))).toEqual(["4.68", "4.76", "4.72"]);
    // the expected purchases are the predictions' own, over the 39-week holdout
    const bg = predictBgNbd(res.models[0].params as never, cdnow, { t: 39 }).customers;
    expect(rel(bg.reduce((s, p) => s + p.expectedPurchases, 0), res.models[0].holdout!.expectedHoldout)).toBeLessThan(1e-12);
    const pn = predictParetoNbd(res.models[2].params as never, cdnow, { t: 39 }).customers;
    expect(rel(pn.reduce((s, p) => s + p.expectedPurchases, 0), res.models[2].holdout!.expectedHoldout)).toBeLessThan(1e-12);
  });
});

const summaryArb = fc.array(
  fc.record({ c: customerArb, y: fc.integer({ min: 0, max: 6 }) }).map(({ c, y }) => ({ ...c, customerId: "", frequencyHoldout: y, durationHoldout: 26 })),
  { minLength: 8, maxLength: 40 },
).map((rs) => rs.map((r, i) => ({ ...r, customerId: `c${i}` })) as BtydSummaryCustomer[]);

describe("compareModels properties", () => {
  test("metrics in range: MAE ≤ RMSE, Brier in [0, 1], bins and groups count every customer, gains end at 1; inputs not mutated", () => {
    fc.assert(
      fc.property(summaryArb, (records) => {
        const copy = structuredClone(records);
        const res = compareModels(records);
        expect(records).toEqual(copy);
        const n = records.length;
        for (const m of res.models) {
          expect(m.aic).toBeCloseTo(8 - 2 * m.logLikelihood, 9);
          for (const v of [m.aic, m.bic]) expect(Number.isFinite(v)).toBe(true);
          const h = m.holdout;
          if (h === null) {
            expect(m.unavailable).toMatch(/^compareModels: /);
            continue;
          }
          expect(h.mae).toBeLessThanOrEqual(h.rmse * (1 + 1e-12));
          for (const b of [h.brierAlive, h.brierPurchase]) expect(b >= 0 && b <= 1).toBe(true);
          expect(h.reliabilityAlive.reduce((s, b) => s + b.customers, 0)).toBe(n);
          expect(h.lift.reduce((s, g) => s + g.customers, 0)).toBe(n);
          if (h.actualHoldout > 0) expect(h.lift[9].cumulativeGain).toBeCloseTo(1, 12);
          for (const v of [h.mae, h.rmse, h.expectedHoldout]) expect(Number.isFinite(v)).toBe(true);
        }
        for (const t of res.likelihoodRatioTests) expect(t.pValue >= 0 && t.pValue <= 1 && t.statistic >= 0).toBe(true);
        expect(res.table.split("\n")).toHaveLength(4);
        expect(["bg-nbd", "modified-bg-nbd", "pareto-nbd"]).toContain(res.meta.chosen);
      }),
      { numRuns: 6 },
    );
  });
});

describe("helpers", () => {
  test("reliabilityBins: equal-width bins, 1 in the last", () => {
    expect(reliabilityBins([0, 0.05, 0.5, 1], [0, 1, 1, 1], 2)).toEqual([
      { from: 0, to: 0.5, customers: 2, meanPredicted: 0.025, observedRate: 0.5 },
      { from: 0.5, to: 1, customers: 2, meanPredicted: 0.75, observedRate: 1 },
    ]);
  });
  test("liftTable: ranked by expected purchases, ties in input order; lift and cumulative gains", () => {
    const t = liftTable([1, 3, 3, 0], [0, 4, 2, 2], 2);
    expect(t).toEqual([
      { group: 1, customers: 2, expected: 6, actual: 6, lift: 1.5, cumulativeCustomerShare: 0.5, cumulativeGain: 0.75 },
      { group: 2, customers: 2, expected: 1, actual: 2, lift: 0.5, cumulativeCustomerShare: 1, cumulativeGain: 1 },
    ]);
  });
  test("fitNbd: the NBD maximum on CDNOW equals scipy's", () => {
    const x = Float64Array.from(cdnow, (c) => c.frequency);
    const T = Float64Array.from(cdnow, (c) => c.T);
    const nbd = fitNbd("t", x, new Float64Array(x.length), T, 0);
    expect(nbd.diagnostics.converged).toBe(true);
    expect(nbd.logLikelihood).toBeCloseTo(ref.nbd.logLikelihood, 6);
  });
});

describe("checks", () => {
  test("refuses records without holdout fields, and bad options", () => {
    expectIssue(() => compareModels([{ customerId: "a", frequency: 0, recency: 0, T: 3, monetaryValue: 0 }]), {
      code: "missing_field",
      path: ["fields", "frequencyHoldout"],
      message: expect.stringMatching(/toBtydSummary\(transactions, \{ calibrationEnd/),
    });
    expect(() => compareModels(cdnow.slice(0, 20), { criterion: "loss" } as never)).toThrow(/^compareModels: options\.criterion/);
    expect(() => compareModels(cdnow.slice(0, 20), { bins: 1 })).toThrow(/^compareModels: options\.bins/);
    expect(() => compareModels(cdnow.slice(0, 20), { tol: 1 } as never)).toThrow(/^compareModels: options: unknown option "tol"/);
  });
  test("types", () => {
    expectTypeOf(compareModels).parameter(0).toEqualTypeOf<Iterable<BtydSummaryCustomer>>();
    expectTypeOf<Parameters<typeof compareModels>[1]>().toEqualTypeOf<CompareModelsOptions<unknown> | undefined>();
    expectTypeOf<ReturnType<typeof compareModels>>().toEqualTypeOf<CompareModelsResult>();
  });
});
