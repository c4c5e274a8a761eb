import { describe, expect, test } from "vitest";
import { predictBgNbd, predictModifiedBgNbd, predictPAliveAt, predictParetoNbd } from "../../src/models/index.js";
import { expectRelative, modelOf, models, ref } from "./purchaseCountsRef.js";

describe("predictPAliveAt", () => {
  test("matches Bayes' rule by 2-D quadrature (reference script) at t = 0, 10, 52 within 1e-8 relative", () => {
    expect(ref.aliveAt.length).toBe(12);
    for (const c of ref.aliveAt) {
      c.t.forEach((t, i) => {
        const { customers: [r], meta } = predictPAliveAt(modelOf(c.model), [{ frequency: c.x, recency: c.tx, T: c.T }], { t });
        expect(meta).toEqual({ ...modelOf(c.model), t });
        expectRelative(r.pAliveAt, c.pAlive[i], 1e-8);
      });
    }
  });

  test("pAlive is each model's P(alive); pAliveAt falls with t from it", () => {
    const recs = [{ customerId: "a", frequency: 2, recency: 30.43, T: 38.86 }, { customerId: "b", frequency: 0, recency: 0, T: 38.86 }];
    const now = [predictBgNbd(modelOf("bg-nbd").params as never, recs, { t: 1 }), predictModifiedBgNbd(modelOf("modified-bg-nbd").params as never, recs, { t: 1 }), predictParetoNbd(modelOf("pareto-nbd").params as never, recs, { t: 1 })];
    models.forEach((m, k) => {
      let last = predictPAliveAt(m, recs, { t: 0 }).customers;
      expect(last.map((c) => c.pAlive)).toEqual(now[k].customers.map((c) => c.pAlive));
      expect(last.map((c) => c.pAliveAt)).toEqual(last.map((c) => c.pAlive));
      for (const t of [1, 10, 100, 1000]) {
        const next = predictPAliveAt(m, recs, { t }).customers;
        next.forEach((c, i) => expect(c.pAliveAt).toBeLessThan(last[i].pAliveAt));
        last = next;
      }
    });
  });

  test("a new Pareto/NBD customer's P(alive at t) is P(ω > t) = (β/(β+t))^s", () => {
    const pn = modelOf("pareto-nbd");
    const { customers: [c] } = predictPAliveAt(pn, [{ frequency: 0, recency: 0, T: 0 }], { t: 39 });
    const { s, beta } = pn.params as { s: number; beta: number };
    expectRelative(c.pAliveAt, (beta / (beta + 39)) ** s, 1e-12);
  });

  test("bad options are errors naming the function", () => {
    expect(() => predictPAliveAt(modelOf("bg-nbd"), [], { t: -1 })).toThrow(/^predictPAliveAt: options/);
  });
});
