import fc from "fast-check";
import { describe, expect, expectTypeOf, test } from "vitest";
import { isAnalyticsInputError, predictBgBb, type BgBbParams, type PredictBgBbColumnsResult, type PredictBgBbResult } from "../../src/models/index.js";
import { donations, reference as ref } from "./bgBbData.js";

const P = ref.scipy.params;
const one = (p: BgBbParams, x: number, tx: number, n: number, opportunities: number) => predictBgBb(p, [{ frequency: x, recency: tx, n }], { opportunities }).customers[0];

describe("predictBgBb", () => {
  test("every prediction within 1e-8 of the mpmath computation (22 donation patterns and 5 other histories, n* = 0, 1, 5, 10, 100)", () => {
    let checked = 0;
    for (const r of [...ref.patterns, ...ref.extra]) {
      for (const h of ["0", "1", "5", "10", "100"]) {
        const c = one(P, r.frequency, r.recency, r.n, Number(h));
        expect(Math.abs(c.pAlive - r.pAlive), `${r.frequency},${r.recency},${r.n} pAlive`).toBeLessThan(1e-8);
        expect(Math.abs(c.pAliveAtHorizon - r.pAliveAt[h]), `${r.frequency},${r.recency},${r.n} at ${h}`).toBeLessThan(1e-8);
        expect(Math.abs(c.expectedPurchases - r.expectedPurchases[h]), `${r.frequency},${r.recency},${r.n} E ${h}`).toBeLessThan(1e-8);
        checked++;
      }
    }
    expect(checked).toBe(135);
  });

  test("the paper's Table 6, P(alive in 2002): 0.11 (no repeat), 0.59 (x 2, last in 1999), 0.93 (every year)", () => {
    const { customers } = predictBgBb(P, donations, { opportunities: 1 });
    const at = (x: number, tx: number) => customers[donations.findIndex((d) => d.frequency === x && d.recency === tx)].pAlive;
    expect(Math.round(at(0, 0) * 100) / 100).toBe(0.11);
    expect(Math.round(at(2, 4) * 100) / 100).toBe(0.59);
    expect(Math.round(at(6, 6) * 100) / 100).toBe(0.93);
  });

  test("Hardie's spreadsheet: 12,884.2 donations expected from the cohort in 2002–2006", () => {
    const { customers } = predictBgBb(P, donations, { opportunities: 5 });
    const total = customers.reduce((s, c, i) => s + c.expectedPurchases * donations[i].count!, 0);
    expect(Math.round(total * 10) / 10).toBe(12884.2);
    expect(Math.abs(total - ref.expectedNext5Total)).toBeLessThan(1e-7);
  });

  test("records and meta: input order, ids by position without customerId, one horizon", () => {
    const res = predictBgBb(P, Object.freeze([Object.freeze({ frequency: 1, recency: 1, n: 6 }), Object.freeze({ frequency: 0, recency: 0, n: 6 })]), { opportunities: 1 });
    expect(res.customers.map((c) => c.customerId)).toEqual(["0", "1"]);
    // n* = 1: P(alive at the horizon) is P(alive at n + 1)
    for (const c of res.customers) expect(c.pAliveAtHorizon).toBe(c.pAlive);
    expect(res.meta).toEqual({ model: "bg-bb", params: P, opportunities: 1 });
    expect(res.meta.params).not.toBe(P);
    const ids = predictBgBb(P, [{ customerId: 7, frequency: 2, recency: 2, n: 2 }], { opportunities: 0 });
    expect(ids.customers).toEqual([{ customerId: "7", pAlive: ids.customers[0].pAlive, pAliveAtHorizon: ids.customers[0].pAliveAtHorizon, expectedPurchases: 0 }]);
  });

  test("γ at 1 and on either side: the expectation is continuous (no 0/0)", () => {
    const base = { alpha: 1.2, beta: 0.75, delta: 2.8 };
    const at = (gamma: number) => one({ ...base, gamma }, 2, 4, 6, 10).expectedPurchases;
    // term by term: Σ_k E[p]·P(alive at n + k) (eq. 13 before its sum is closed)
    const direct = (gamma: number) => {
      const c = one({ ...base, gamma }, 2, 4, 6, 0);
      const pA = c.pAliveAtHorizon; // alive at n
      const ep = (base.alpha + 2) / (base.alpha + base.beta + 6);
      let s = 0;
      let surv = pA;
      for (let k = 1; k <= 10; k++) {
        surv *= (base.delta + 6 + k - 1) / (gamma + base.delta + 6 + k - 1);
        s += surv;
      }
      return ep * s;
    };
    for (const g of [1, 1 + 1e-12, 1 - 1e-9, 0.97, 1.04, 1.06, 0.9]) expect(Math.abs(at(g) / direct(g) - 1), String(g)).toBeLessThan(1e-12);
  });

  test("bad arguments and data", () => {
    expect(() => predictBgBb(P, donations, { opportunities: 1.5 })).toThrow(/^predictBgBb: /);
    expect(() => predictBgBb(P, donations, { opportunities: -1 })).toThrow(RangeError);
    expect(() => predictBgBb(P, donations, {} as { opportunities: number })).toThrow(/^predictBgBb: /);
    expect(() => predictBgBb({ ...P, gamma: 0 }, donations, { opportunities: 1 })).toThrow(/^predictBgBb: params.gamma must be a finite positive number/);
    let err: unknown;
    try {
      predictBgBb(P, [{ frequency: 4, recency: 3, n: 6 }], { opportunities: 1 });
    } catch (e) {
      err = e;
    }
    expect(isAnalyticsInputError(err) && err.issues[0].path).toEqual(["records", 0, "frequency"]);
  });

  test("a record whose Proxy has-trap throws is an AnalyticsInputError naming predictBgBb, not the raw error (found by the fuzz suite)", () => {
    const record = new Proxy({ frequency: 0, recency: 0, n: 1 }, { has() { throw new Error("boom"); } });
    let err: unknown;
    try {
      predictBgBb({ alpha: 1, beta: 1, gamma: 1, delta: 1 }, [record], { opportunities: 5 });
    } catch (e) {
      err = e;
    }
    expect(isAnalyticsInputError(err)).toBe(true);
    expect((err as Error).message).toMatch(/^predictBgBb: /);
  });

  test('output: "columns": the values of the records to the bit, the same meta, input unchanged; errors alike', () => {
    const history = fc.integer({ min: 1, max: 12 }).chain((n) => fc.integer({ min: 0, max: n }).chain((tx) => fc.integer({ min: tx === 0 ? 0 : 1, max: tx }).map((x) => ({ frequency: tx === 0 ? 0 : x, recency: tx, n }))));
    fc.assert(
      fc.property(fc.array(history, { minLength: 1, maxLength: 40 }), fc.integer({ min: 0, max: 20 }), (hs, opportunities) => {
        const copy = structuredClone(hs);
        const records = predictBgBb(P, hs, { opportunities });
        const { columns, meta } = predictBgBb(P, hs, { opportunities, output: "columns" });
        expect(meta).toEqual(records.meta);
        expect(columns.customerId).toEqual(records.customers.map((c) => c.customerId));
        for (const f of ["pAlive", "pAliveAtHorizon", "expectedPurchases"] as const) {
          expect(columns[f]).toBeInstanceOf(Float64Array);
          records.customers.forEach((c, i) => expect(Object.is(columns[f][i], c[f])).toBe(true));
        }
        expect(hs).toEqual(copy);
      }),
      { numRuns: 100 },
    );
    const error = (output: "records" | "columns") => {
      try {
        predictBgBb(P, [], { opportunities: 1, output: output as "columns" });
      } catch (e) {
        return String(e);
      }
    };
    expect(error("columns")).toBe(error("records"));
  });

  test("types", () => {
    expectTypeOf(() => predictBgBb(P, [], { opportunities: 1 })).returns.toEqualTypeOf<PredictBgBbResult>();
    expectTypeOf(() => predictBgBb(P, [], { opportunities: 1, output: "columns" })).returns.toEqualTypeOf<PredictBgBbColumnsResult>();
    expectTypeOf<PredictBgBbColumnsResult["meta"]>().toEqualTypeOf<PredictBgBbResult["meta"]>();
  });
});
