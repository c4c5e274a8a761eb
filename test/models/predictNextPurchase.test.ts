import { describe, expect, test } from "vitest";
import { predictNextPurchase } from "../../src/models/index.js";
import { existingCustomerCountPmf, newCustomerCountPmf } from "../../src/models/purchaseCounts.js";
import { expectRelative, modelOf, models, ref, simulateNewCustomers } from "./purchaseCountsRef.js";

describe("predictNextPurchase", () => {
  test("matches Bayes' rule by 2-D quadrature and Brent's root finder (reference script) within 1e-7 relative", () => {
    expect(ref.nextPurchase.length).toBe(9);
    for (const c of ref.nextPurchase) {
      const { customers: [r], meta } = predictNextPurchase(modelOf(c.model), [{ frequency: c.x, recency: c.tx, T: c.T }]);
      expect(meta).toEqual(modelOf(c.model));
      expectRelative(r.pNextPurchase, c.pNextPurchase, 1e-8);
      if (c.median === null) expect(r.medianTimeToNextPurchase).toBeNull();
      else expectRelative(r.medianTimeToNextPurchase!, c.median, 1e-7);
      expectRelative(r.medianTimeIfPurchase!, c.medianIfPurchase, 1e-7);
    }
  });

  test("the median is where the count distribution's P(no purchase in (T, T + t]) crosses ½", () => {
    for (const m of models) {
      const { customers: [r] } = predictNextPurchase(m, [{ frequency: 7, recency: 37, T: 38.86 }]);
      expectRelative(existingCustomerCountPmf(m, r.medianTimeToNextPurchase!, 7, 37, 38.86, 0)[0], 0.5, 1e-9);
      expect(r.medianTimeIfPurchase!).toBeLessThanOrEqual(r.medianTimeToNextPurchase!);
    }
  });

  test("a new customer's time to the first repeat purchase agrees with a seeded simulation", () => {
    const H = 1e6;
    for (const m of models) {
      const { customers: [r] } = predictNextPurchase(m, [{ frequency: 0, recency: 0, T: 0 }]);
      const sims = simulateNewCustomers(m, 100_000, H, 5);
      const firsts = sims.filter((s) => s.length > 0).map((s) => s[0]);
      const se = Math.sqrt(0.25 / sims.length);
      // P(W ≤ H) = 1 − P(X(H) = 0): the BG family's "a purchase comes for sure" takes its time (r < 1)
      expect(Math.abs(firsts.length / sims.length - (1 - newCustomerCountPmf(m, H, 0)[0]))).toBeLessThan(4 * se);
      expect(r.pNextPurchase).toBeGreaterThanOrEqual(1 - newCustomerCountPmf(m, H, 0)[0]);
      // half of the simulated customers have bought again by the median (when a purchase is likelier than not)
      expect(r.medianTimeToNextPurchase === null).toBe(r.pNextPurchase <= 0.5);
      if (r.medianTimeToNextPurchase !== null) expect(Math.abs(firsts.filter((t) => t <= r.medianTimeToNextPurchase!).length / sims.length - 0.5)).toBeLessThan(4 * se);
      // and half of those who buy again have done so by the median given a purchase
      if (m.model !== "bg-nbd") expect(Math.abs(firsts.filter((t) => t <= r.medianTimeIfPurchase!).length / firsts.length - 0.5)).toBeLessThan(4 * Math.sqrt(0.25 / firsts.length) + 0.003);
    }
  });

  test("an unlikely next purchase has no median (null), never Infinity or NaN", () => {
    const { customers } = predictNextPurchase(modelOf("pareto-nbd"), [{ frequency: 0, recency: 0, T: 38.86 }, { frequency: 10, recency: 1, T: 100 }]);
    for (const c of customers) {
      expect(c.pNextPurchase).toBeLessThan(0.5);
      expect(c.medianTimeToNextPurchase).toBeNull();
      expect(Number.isFinite(c.medianTimeIfPurchase)).toBe(true);
    }
  });

  test("bad models are errors naming the function", () => {
    expect(() => predictNextPurchase({ model: "bg-nbd", params: { r: -1, alpha: 1, a: 1, b: 1 } }, [])).toThrow(/^predictNextPurchase: model.params.r/);
    // a fit's result has params but no model name: the message says how to pass it
    const fit = { params: modelOf("bg-nbd").params, logLikelihood: -1 };
    expect(() => predictNextPurchase(fit as never, [{ frequency: 1, recency: 1, T: 2 }])).toThrow(/^predictNextPurchase: expected model .*got model undefined \(a fit does not name its model: pass \{ model: "bg-nbd", params: fit\.params \}/);
    expect(() => predictNextPurchase({ model: "nope" } as never, [])).toThrow(/got model "nope"$/);
  });
});
