import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { fitBgBb, predictBgBb, type BgBbCustomer } from "../../src/models/index.js";
import { donations, reference as ref } from "./bgBbData.js";

/** A valid history: integers 0 ≤ x ≤ t_x ≤ n, t_x = 0 exactly when x = 0. */
const historyArb = fc
  .record({ n: fc.integer({ min: 0, max: 60 }), a: fc.double({ min: 0, max: 1, noNaN: true }), b: fc.double({ min: 0, max: 1, noNaN: true }) })
  .map(({ n, a, b }) => {
    const tx = Math.min(n, Math.floor(a * (n + 1)));
    const x = tx === 0 ? 0 : 1 + Math.floor(b * tx * 0.999999);
    return { frequency: x, recency: tx, n };
  });
const paramsArb = fc.record({
  alpha: fc.double({ min: 0.05, max: 50, noNaN: true }),
  beta: fc.double({ min: 0.05, max: 50, noNaN: true }),
  gamma: fc.double({ min: 0.05, max: 50, noNaN: true }),
  delta: fc.double({ min: 0.05, max: 50, noNaN: true }),
});

describe("BG/BB properties", () => {
  test("P(alive) and P(alive at the horizon) are in [0, 1]; expected purchases are finite, in [0, n*] and non-decreasing in n*", () => {
    fc.assert(
      fc.property(paramsArb, fc.array(historyArb, { minLength: 1, maxLength: 10 }), fc.integer({ min: 0, max: 500 }), (p, cs, h) => {
        const short = predictBgBb(p, cs, { opportunities: h }).customers;
        const long = predictBgBb(p, cs, { opportunities: h + 1 + h }).customers;
        short.forEach((s, i) => {
          for (const v of [s.pAlive, s.pAliveAtHorizon]) {
            expect(v).toBeGreaterThanOrEqual(0);
            expect(v).toBeLessThanOrEqual(1);
          }
          expect(Number.isFinite(s.expectedPurchases)).toBe(true);
          expect(s.expectedPurchases).toBeGreaterThanOrEqual(0);
          expect(s.expectedPurchases).toBeLessThanOrEqual(h * (1 + 1e-12));
          expect(long[i].expectedPurchases).toBeGreaterThanOrEqual(s.expectedPurchases * (1 - 1e-12));
          // alive later implies alive now
          expect(long[i].pAliveAtHorizon).toBeLessThanOrEqual(s.pAliveAtHorizon * (1 + 1e-12));
        });
      }),
    );
  });

  test("the fit does not depend on the order of the records", () => {
    const base = fitBgBb(donations);
    fc.assert(
      fc.property(fc.shuffledSubarray(donations, { minLength: donations.length, maxLength: donations.length }), (shuffled) => {
        const fit = fitBgBb(shuffled);
        for (const k of ["alpha", "beta", "gamma", "delta"] as const) expect(Math.abs(fit.params[k] / base.params[k] - 1)).toBeLessThan(1e-9);
        expect(Math.abs(fit.logLikelihood / base.logLikelihood - 1)).toBeLessThan(1e-13);
      }),
      { numRuns: 25 },
    );
  });

  test("grouped data give the same fit, to the last bit, as one record per customer", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(historyArb, fc.integer({ min: 1, max: 4 })), { minLength: 1, maxLength: 12 }), (groups) => {
        const grouped: BgBbCustomer[] = groups.map(([h, count]) => ({ ...h, count }));
        const each: BgBbCustomer[] = groups.flatMap(([h, count]) => Array.from({ length: count }, () => ({ ...h })));
        if (!each.some((c) => c.n > 0)) return; // nothing to fit (degenerate_data, tested elsewhere)
        const a = fitBgBb(grouped);
        const b = fitBgBb(each);
        expect(b.params).toEqual(a.params);
        expect(b.logLikelihood).toBe(a.logLikelihood);
        expect(b.diagnostics.converged).toBe(a.diagnostics.converged);
        expect(Number.isFinite(a.logLikelihood) && a.logLikelihood <= 0).toBe(true);
        for (const v of Object.values(a.params)) expect(Number.isFinite(v) && v > 0).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  test("predictions of identical histories are identical, and do not mutate the records", () => {
    const records = Object.freeze(donations.map((r) => Object.freeze({ ...r })));
    const { customers } = predictBgBb(ref.scipy.params, [...records, ...records], { opportunities: 5 });
    expect(customers.slice(22).map(({ customerId: _, ...rest }) => rest)).toEqual(customers.slice(0, 22).map(({ customerId: _, ...rest }) => rest));
  });
});
