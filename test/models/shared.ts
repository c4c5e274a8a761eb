// Shared by the model tests: lifetimes' fits on the CDNOW sample (test/fixtures/clv), BTYD record
// arbitraries, and the properties every purchase prediction must have.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { BtydCustomer, PurchasePredictionRecord } from "../../src/models/index.js";

export const bg = { r: 0.2425929282798216, alpha: 4.413532265271803, a: 0.7928859664405851, b: 2.42575238262545 };
export const mbg = { r: 0.5248377255677019, alpha: 6.182988479134203, a: 0.8913562809310627, b: 1.614000025671838 };
export const pareto = { r: 0.5532785252272063, alpha: 10.57751335093755, s: 0.606240155080356, beta: 11.668640633007454 };
export const gg = { p: 6.248802496074264, q: 3.744588460923312, v: 15.447748064932831 };

/** A valid BTYD record: integer frequency, 0 ≤ recency ≤ T, recency 0 when frequency is 0. */
export const customerArb = fc
  .record({
    frequency: fc.integer({ min: 0, max: 60 }),
    T: fc.double({ min: 0.5, max: 200, noNaN: true }),
    share: fc.double({ min: 0, max: 1, noNaN: true }),
    monetaryValue: fc.double({ min: 0.01, max: 5000, noNaN: true }),
  })
  .map(({ frequency, T, share, monetaryValue }) => ({ frequency, recency: frequency === 0 ? 0 : Math.min(T, share * T), T, monetaryValue }));

// few distinct values, so identical customers (shared triples) are common
const repeatedArb = fc.array(fc.constantFrom(...fc.sample(customerArb, { numRuns: 12, seed: 7 })), { minLength: 1, maxLength: 40 });

type Predict = (records: readonly BtydCustomer[], t: number) => PurchasePredictionRecord[];

/** The properties of every purchase prediction (BG/NBD, modified BG/NBD, Pareto/NBD). */
export function predictionProperties(predict: Predict): void {
  describe("properties", () => {
    test("P(alive) in [0, 1], expected purchases finite, >= 0 and non-decreasing in t", () => {
      fc.assert(
        fc.property(fc.array(customerArb, { minLength: 1, maxLength: 20 }), fc.double({ min: 0.1, max: 300, noNaN: true }), (cs, t) => {
          const short = predict(cs, t);
          const long = predict(cs, t * 2);
          short.forEach((s, i) => {
            expect(s.pAlive).toBeGreaterThanOrEqual(0);
            expect(s.pAlive).toBeLessThanOrEqual(1);
            expect(Number.isFinite(s.expectedPurchases)).toBe(true);
            expect(s.expectedPurchases).toBeGreaterThanOrEqual(0);
            expect(long[i].expectedPurchases).toBeGreaterThanOrEqual(s.expectedPurchases * (1 - 1e-12));
          });
        }),
      );
    });

    test("grouped identical customers get exactly what each would get alone; order does not matter", () => {
      fc.assert(
        fc.property(repeatedArb, (cs) => {
          const together = predict(cs, 26);
          cs.forEach((c, i) => {
            const [alone] = predict([c], 26);
            expect([alone.pAlive, alone.expectedPurchases]).toEqual([together[i].pAlive, together[i].expectedPurchases]);
          });
          const values = (ps: { pAlive: number; expectedPurchases: number }[]) => ps.map((p) => [p.pAlive, p.expectedPurchases]);
          expect(values(predict([...cs].reverse(), 26).reverse())).toEqual(values(together));
        }),
      );
    });

    test("inputs are not mutated", () => {
      fc.assert(
        fc.property(fc.array(customerArb, { minLength: 1, maxLength: 10 }), (cs) => {
          const copy = structuredClone(cs);
          predict(cs, 10);
          expect(cs).toEqual(copy);
        }),
      );
    });
  });

  test("heavy buyers (x = 200, 2000) and long horizons give finite predictions, never NaN", () => {
    const heavy = [
      { frequency: 200, recency: 38, T: 38.86 },
      { frequency: 2000, recency: 380, T: 390 },
      { frequency: 0, recency: 0, T: 1e4 },
      { frequency: 1, recency: 1e-9, T: 1e4 },
    ];
    for (const t of [1e-6, 52, 1e5]) {
      for (const p of predict(heavy, t)) {
        expect(Number.isFinite(p.pAlive) && p.pAlive >= 0 && p.pAlive <= 1).toBe(true);
        expect(Number.isFinite(p.expectedPurchases) && p.expectedPurchases >= 0).toBe(true);
      }
    }
  });
}

/** Days and weeks give the same predictions for the same horizon (`inDays` predicts with the parameters rescaled to days). */
export function daysAndWeeksAgree(predict: Predict, inDays: Predict): void {
  test("days and weeks give the same predictions for the same horizon", () => {
    fc.assert(
      fc.property(fc.array(customerArb, { minLength: 1, maxLength: 10 }), fc.double({ min: 1, max: 104, noNaN: true }), (cs, weeks) => {
        const days = cs.map((c) => ({ ...c, recency: c.recency * 7, T: c.T * 7 }));
        const w = predict(cs, weeks);
        const d = inDays(days, weeks * 7);
        w.forEach((p, i) => {
          expect(d[i].pAlive).toBeCloseTo(p.pAlive, 9);
          expect(Math.abs(d[i].expectedPurchases - p.expectedPurchases)).toBeLessThanOrEqual(1e-9 * Math.max(1, p.expectedPurchases));
        });
      }),
    );
  });
}

/** Checks that `run` throws an AnalyticsInputError whose first issue has these properties. */
export function expectIssue(run: () => unknown, issue: Record<string, unknown>): void {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toMatchObject({ name: "AnalyticsInputError" });
  expect((thrown as { issues: unknown[] }).issues[0]).toMatchObject(issue);
}
