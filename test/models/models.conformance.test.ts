// Conformance with Python lifetimes 0.11.3 on the CDNOW sample summary (test/fixtures/clv, see the README there).
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { bgNbdExpectedPurchases, calibrationHoldout, fitBgNbd, fitGammaGamma, fitModifiedBgNbd, fitParetoNbd, gammaGammaExpectedSpend, predictBgNbd, predictedClv, predictModifiedBgNbd, predictParetoNbd, toBtydSummary } from "../../src/index.js";
import { bgNbdLogLikelihood } from "../../src/models/bgNbd.js";
import { fixturePath, readCsvFixture } from "../helpers/csv.js";

const reference = JSON.parse(readFileSync(fixturePath("clv/fits_cdnow_customers_summary.json"), "utf8")).datasets.cdnow_customers_summary.models;
const rows = readCsvFixture("clv/per_customer_cdnow_customers_summary.csv.gz");
const zbar = new Map(readCsvFixture("clv/cdnow_customers_summary_with_transactions.csv").map((r) => [r.ID, Number(r.zbar)]));
const customers = rows.map((r) => ({ customerId: r.ID, frequency: Number(r.frequency), recency: Number(r.recency), T: Number(r.T), monetaryValue: zbar.get(r.ID) as number }));

describe("BG/NBD matches lifetimes' BetaGeoFitter", () => {
  const fit = fitBgNbd(customers);
  test("parameters (1e-5 relative) and total log-likelihood (1e-6)", () => {
    for (const k of ["r", "alpha", "a", "b"] as const) expect(Math.abs(fit.params[k] / reference.BetaGeoFitter.params[k] - 1)).toBeLessThan(1e-5);
    expect(fit.logLikelihood).toBeCloseTo(reference.BetaGeoFitter.log_likelihood_total, 6);
    expect(fit.diagnostics.converged).toBe(true);
    for (const k of ["r", "alpha", "a", "b"] as const) expect(Math.abs(fit.standardErrors![k] / reference.BetaGeoFitter.standard_errors[k] - 1)).toBeLessThan(1e-3);
  });
  test.each([1, 10, 52])("P(alive) and expected purchases in %i weeks for all 2,357 customers (1e-9)", (t) => {
    const pred = predictBgNbd(reference.BetaGeoFitter.params, customers, { t }).customers;
    let worst = 0;
    pred.forEach((p, i) => {
      worst = Math.max(worst, Math.abs(p.pAlive - Number(rows[i].bgnbd_p_alive)), Math.abs(p.expectedPurchases - Number(rows[i][`bgnbd_exp_purchases_t${t}`])));
    });
    expect(worst).toBeLessThan(1e-9);
  });
  test("heavy buyers stay finite (log-space ₂F₁ and likelihood)", () => {
    const p = reference.BetaGeoFitter.params;
    const [heavy] = predictBgNbd(p, [{ frequency: 1000, recency: 38, T: 39 }], { t: 52 }).customers;
    expect(Number.isFinite(heavy.expectedPurchases)).toBe(true);
    expect(Number.isFinite(bgNbdLogLikelihood(p, 5000, 38, 39))).toBe(true);
    const [dormant] = predictBgNbd(p, [{ frequency: 1000, recency: 10, T: 39 }], { t: 52 }).customers;
    expect(dormant.pAlive).toBe(0); // 1.35e-476 in exact arithmetic: below the smallest double, never NaN
  });
  test("properties: P(alive) in [0, 1], expected purchases non-negative and growing with t", () => {
    const p = reference.BetaGeoFitter.params;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 1, max: 100, noNaN: true }), (x, frac, T) => {
        const c = { frequency: x, recency: x === 0 ? 0 : frac * T, T };
        const [a] = predictBgNbd(p, [c], { t: 10 }).customers;
        const [b] = predictBgNbd(p, [c], { t: 20 }).customers;
        expect(a.pAlive).toBeGreaterThanOrEqual(0);
        expect(a.pAlive).toBeLessThanOrEqual(1);
        expect(a.expectedPurchases).toBeGreaterThanOrEqual(0);
        expect(b.expectedPurchases).toBeGreaterThanOrEqual(a.expectedPurchases - 1e-12);
      }),
    );
  });
  test("bad input names the record", () => {
    expect(() => fitBgNbd([{ frequency: 1.5, recency: 1, T: 2 }])).toThrow(expect.objectContaining({ code: "invalid_value", issues: [expect.objectContaining({ path: ["records", 0, "frequency"] })] }));
    expect(() => fitBgNbd([{ frequency: 1, recency: 3, T: 2 }])).toThrow(expect.objectContaining({ issues: [expect.objectContaining({ path: ["records", 0, "recency"] })] }));
    expect(() => predictBgNbd({ r: 1, alpha: 1, a: 1, b: 1 }, customers, { t: 1 })).toThrow(RangeError);
  });
});

describe("Gamma-Gamma matches lifetimes' GammaGammaFitter", () => {
  test("parameters, log-likelihood and expected spend of every customer", () => {
    const fit = fitGammaGamma(customers);
    for (const k of ["p", "q", "v"] as const) expect(Math.abs(fit.params[k] / reference.GammaGammaFitter.params[k] - 1)).toBeLessThan(1e-5);
    expect(fit.logLikelihood).toBeCloseTo(reference.GammaGammaFitter.log_likelihood_total, 6);
    expect(fit.meta.repeatBuyers).toBe(946);
    for (const k of ["p", "q", "v"] as const) expect(Math.abs(fit.standardErrors![k] / reference.GammaGammaFitter.standard_errors[k] - 1)).toBeLessThan(1e-3);
    expect(fit.meanSpendFinite).toBe(true);
    const spend = gammaGammaExpectedSpend(reference.GammaGammaFitter.params, customers).customers;
    let worst = 0;
    spend.forEach((s, i) => (worst = Math.max(worst, Math.abs(s.expectedSpend - Number(rows[i].gg_expected_average_profit)))));
    expect(worst).toBeLessThan(1e-9);
  });
  test("q <= 1 is reported, never turned into a negative spend", () => {
    expect(() => gammaGammaExpectedSpend({ p: 1, q: 0.9, v: 1 }, customers.slice(0, 2))).toThrow(/infinite mean spend/);
  });
});

describe("predicted CLV matches lifetimes' customer_lifetime_value", () => {
  test("12 months, 1% a month, weekly data (4.345 weeks a month), every customer (1e-8)", () => {
    const clv = predictedClv(reference.BetaGeoFitter.params, reference.GammaGammaFitter.params, customers, { months: 12, monthlyDiscountRate: 0.01, periodsPerMonth: 4.345 }).customers;
    let worst = 0;
    clv.forEach((c, i) => (worst = Math.max(worst, Math.abs(c.clv - Number(rows[i]["clv_bgnbd_gg_time12_disc0.01_freqW"])))));
    expect(worst).toBeLessThan(1e-8);
  });
  test("the time unit is required", () => {
    expect(() => predictedClv(reference.BetaGeoFitter.params, reference.GammaGammaFitter.params, customers, {} as never)).toThrow(/^predictedClv: options\.periodsPerMonth/);
  });
});

describe("toBtydSummary matches lifetimes' summary_data_from_transaction_data", () => {
  test("CDNOW sample, calibration to 1997-09-30, weeks: frequency exact, recency, T and zbar to the fixture's 2 decimals", () => {
    const lines = readFileSync(fixturePath("clv/CDNOW_sample.txt"), "utf8").trim().split(/\r?\n/);
    const tx = lines.map((l) => {
      const [, id, day, , amount] = l.trim().split(/\s+/);
      return { customerId: String(Number(id)), date: `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6, 8)}`, amount: Number(amount) };
    });
    const { customers: out, meta } = toBtydSummary(tx, { asOf: "1998-06-30", calibrationEnd: "1997-09-30", period: "week" });
    const ref = new Map(readCsvFixture("clv/cdnow_customers_summary.csv").map((r) => [r.ID, r]));
    expect(out.length).toBe(2357);
    expect(meta.customersFirstSeenInHoldout).toBe(0);
    const bad = out.filter((c) => {
      const r = ref.get(c.customerId)!;
      return c.frequency !== Number(r.frequency) || Math.abs(c.recency - Number(r.recency)) > 0.005 || Math.abs(c.T - Number(r.T)) > 0.005 || Math.abs(c.monetaryValue - (zbar.get(c.customerId) as number)) > 0.0051;
    });
    expect(bad.map((c) => c.customerId)).toEqual([]);
    expect(out[0].durationHoldout).toBeCloseTo(273 / 7, 12);
    // and the BG/NBD fit on our own summary equals the fit on lifetimes' rounded one to about 1e-3
    expect(fitBgNbd(out).params.r).toBeCloseTo(reference.BetaGeoFitter.params.r, 3);
  });
});

describe("modified BG/NBD matches lifetimes' ModifiedBetaGeoFitter", () => {
  const ref = reference.ModifiedBetaGeoFitter;
  test("parameters, log-likelihood and standard errors", () => {
    const fit = fitModifiedBgNbd(customers);
    for (const k of ["r", "alpha", "a", "b"] as const) {
      expect(Math.abs(fit.params[k] / ref.params[k] - 1)).toBeLessThan(1e-4);
      expect(Math.abs(fit.standardErrors![k] / ref.standard_errors[k] - 1)).toBeLessThan(1e-2);
    }
    expect(fit.logLikelihood).toBeCloseTo(ref.log_likelihood_total, 5);
    expect(fit.diagnostics.converged).toBe(true);
  });
  test.each([1, 10, 52])("P(alive) and expected purchases in %i weeks for every customer (1e-9)", (t) => {
    const pred = predictModifiedBgNbd(ref.params, customers, { t }).customers;
    let worst = 0;
    pred.forEach((p, i) => (worst = Math.max(worst, Math.abs(p.pAlive - Number(rows[i].mbgnbd_p_alive)), Math.abs(p.expectedPurchases - Number(rows[i][`mbgnbd_exp_purchases_t${t}`])))));
    expect(worst).toBeLessThan(1e-9);
  });
  test("heavy buyers do not turn into NaN (lifetimes returns NaN for x >= 1000)", () => {
    const [c] = predictModifiedBgNbd(ref.params, [{ frequency: 1000, recency: 38, T: 39 }], { t: 52 }).customers;
    expect(Number.isFinite(c.expectedPurchases)).toBe(true);
  });
});

describe("Pareto/NBD matches lifetimes' ParetoNBDFitter", () => {
  test("reaches lifetimes' tightest fit (parameters 1e-4, log-likelihood 1e-6)", () => {
    const tight = reference.ParetoNBDFitter_tight;
    const fit = fitParetoNbd(customers);
    for (const k of ["r", "alpha", "s", "beta"] as const) expect(Math.abs(fit.params[k] / tight.params[k] - 1)).toBeLessThan(1e-4);
    expect(fit.logLikelihood).toBeCloseTo(tight.log_likelihood_total, 6);
    expect(fit.diagnostics.converged).toBe(true);
  });
  test.each([1, 10, 52])("P(alive) and expected purchases in %i weeks for every customer (1e-9)", (t) => {
    const pred = predictParetoNbd(reference.ParetoNBDFitter.params, customers, { t }).customers;
    let worst = 0;
    pred.forEach((p, i) => (worst = Math.max(worst, Math.abs(p.pAlive - Number(rows[i].pnbd_p_alive)), Math.abs(p.expectedPurchases - Number(rows[i][`pnbd_exp_purchases_t${t}`])))));
    expect(worst).toBeLessThan(1e-9);
  });
  test("t_x = T (A₀ = 0) and s = 1 are handled", () => {
    const p = reference.ParetoNBDFitter.params;
    const [c] = predictParetoNbd(p, [{ frequency: 3, recency: 20, T: 20 }], { t: 10 }).customers;
    expect(c.pAlive).toBe(1);
    expect(() => predictParetoNbd({ ...p, s: 1 }, customers.slice(0, 1), { t: 1 })).toThrow(RangeError);
  });
});

describe("calibration/holdout check", () => {
  test("CDNOW: BG/NBD predictions against the 39-week holdout, by calibration frequency", () => {
    const lines = readFileSync(fixturePath("clv/CDNOW_sample.txt"), "utf8").trim().split(/\r?\n/);
    const tx = lines.map((l) => {
      const [, id, day, , amount] = l.trim().split(/\s+/);
      return { customerId: id, date: `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6, 8)}`, amount: Number(amount) };
    });
    const { customers: summary } = toBtydSummary(tx, { asOf: "1998-06-30", calibrationEnd: "1997-09-30", period: "week" });
    const fit = fitBgNbd(summary);
    const rows = calibrationHoldout({ model: "bg-nbd", params: fit.params }, summary).frequencies;
    expect(rows.map((r) => r.frequency)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(rows.reduce((s, r) => s + r.customers, 0)).toBe(2357);
    const zero = summary.filter((s) => s.frequency === 0);
    expect(rows[0].actual).toBeCloseTo(zero.reduce((s, c) => s + (c.frequencyHoldout as number), 0) / zero.length, 12);
    const predictedZero = predictBgNbd(fit.params, zero, { t: zero[0].durationHoldout as number }).customers;
    expect(rows[0].predicted).toBeCloseTo(predictedZero.reduce((s, p) => s + p.expectedPurchases, 0) / zero.length, 12);
    // predictions rise with calibration frequency, and the holdout total is forecast within 15%
    for (let k = 1; k < rows.length; k++) expect(rows[k].predicted).toBeGreaterThan(rows[k - 1].predicted);
    const total = (key: "actual" | "predicted") => rows.reduce((s, r) => s + r.customers * r[key], 0);
    expect(Math.abs(total("predicted") / total("actual") - 1)).toBeLessThan(0.15);
    expect(rows[7].frequencyAtLeast).toBe(true);
  });
});

test("BG/NBD unconditional expectation equals the conditional one of a brand-new customer", () => {
  const p = reference.BetaGeoFitter.params;
  fc.assert(
    fc.property(fc.double({ min: 0.1, max: 200, noNaN: true }), (t) => {
      const [fresh] = predictBgNbd(p, [{ frequency: 0, recency: 0, T: 1e-12 }], { t }).customers;
      expect(bgNbdExpectedPurchases(p, t)).toBeCloseTo(fresh.expectedPurchases, 9);
    }),
  );
  // growing in t, towards (a+b−1)/(a−1)·… ; zero at t = 0
  expect(bgNbdExpectedPurchases(p, 0)).toBe(0);
  expect(bgNbdExpectedPurchases(p, 78)).toBeGreaterThan(bgNbdExpectedPurchases(p, 39));
});

describe("model properties", () => {
  const p = reference.BetaGeoFitter.params;
  test("predictions do not depend on customer order; days and weeks agree for the same horizon", () => {
    const sample = customers.slice(0, 200);
    const forward = predictBgNbd(p, sample, { t: 10 }).customers;
    const backward = predictBgNbd(p, [...sample].reverse(), { t: 10 }).customers.reverse();
    expect(backward).toEqual(forward);
    // the same customers in days: alpha scales with the unit, the horizon too
    const days = sample.map((c) => ({ ...c, recency: c.recency * 7, T: c.T * 7 }));
    const inDays = predictBgNbd({ ...p, alpha: p.alpha * 7 }, days, { t: 70 }).customers;
    inDays.forEach((d, i) => {
      expect(d.pAlive).toBeCloseTo(forward[i].pAlive, 12);
      expect(d.expectedPurchases).toBeCloseTo(forward[i].expectedPurchases, 10);
    });
  });
  test("the likelihood at the fitted parameters is at least that of nearby points", () => {
    const fit = fitBgNbd(customers);
    const total = (q: typeof p) => customers.reduce((s, c) => s + bgNbdLogLikelihood(q, c.frequency, c.recency, c.T), 0);
    for (const k of ["r", "alpha", "a", "b"] as const) {
      for (const f of [0.99, 1.01]) expect(total({ ...fit.params, [k]: fit.params[k] * f })).toBeLessThan(fit.logLikelihood);
    }
  });
  test("Gamma-Gamma refuses a repeat buyer with zero spend, naming the customer", () => {
    const bad = customers.map((c, i) => (i === 3 ? { ...c, frequency: 2, recency: 5, monetaryValue: 0 } : c));
    expect(() => fitGammaGamma(bad)).toThrow(expect.objectContaining({ code: "invalid_value", issues: [expect.objectContaining({ path: ["records", 3, "monetaryValue"] })] }));
  });
});
