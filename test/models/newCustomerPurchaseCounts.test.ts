import { describe, expect, test } from "vitest";
import { newCustomerPurchaseCounts } from "../../src/models/index.js";
import { expectRelative, modelOf, ref } from "./purchaseCountsRef.js";

describe("newCustomerPurchaseCounts", () => {
  test("matches the mpmath reference for the three models at t = 3, 39, 150 within 1e-9 relative", () => {
    for (const c of ref.newCounts) {
      const { probabilities, meta } = newCustomerPurchaseCounts(modelOf(c.model), { t: c.t, nMax: 10 });
      expect(meta).toEqual({ ...modelOf(c.model), t: c.t, nMax: 10 });
      c.n.filter((n) => n <= 10).forEach((n, i) => {
        expect(probabilities[n].purchases).toBe(n);
        expectRelative(probabilities[n].probability, c.p[i], 1e-9);
      });
    }
  });

  test("lifetimes' BG/NBD probability_of_n_purchases_up_to_time, written out: eq. 8 at the CDNOW fit", () => {
    // the first values FHL 2005 figure 3 plots (P(X(39) = 0), P(X(39) = 1)) at the paper's parameters
    const { probabilities } = newCustomerPurchaseCounts(modelOf("bg-nbd"), { t: 39, nMax: 1 });
    expect(probabilities.map((c) => Math.round(c.probability * 1e4) / 1e4)).toEqual([0.5743, 0.1992]);
  });

  test("cumulative rises to at most 1 and the rest is the tail beyond nMax", () => {
    expect(() => newCustomerPurchaseCounts(modelOf("pareto-nbd"), { t: 39, nMax: 251 })).toThrow(/^newCustomerPurchaseCounts: nMax must be at most 250 for Pareto\/NBD/);
    const { probabilities } = newCustomerPurchaseCounts(modelOf("pareto-nbd"), { t: 39, nMax: 200 });
    for (let n = 1; n <= 200; n++) expect(probabilities[n].cumulative).toBeGreaterThanOrEqual(probabilities[n - 1].cumulative);
    expect(probabilities[200].cumulative).toBeLessThanOrEqual(1);
    expect(1 - probabilities[200].cumulative).toBeLessThan(1e-6);
  });

  test("bad options are errors naming the function", () => {
    expect(() => newCustomerPurchaseCounts(modelOf("bg-nbd"), { t: 1, nMax: -1 })).toThrow(/^newCustomerPurchaseCounts: options/);
    expect(() => newCustomerPurchaseCounts(modelOf("bg-nbd"), { t: Infinity })).toThrow(/^newCustomerPurchaseCounts: /);
  });
});
