import { describe, expect, expectTypeOf, test } from "vitest";
import { predictPurchaseCounts, type PredictPurchaseCountsResult, type PurchaseModel } from "../../src/models/index.js";
import { existingCustomerCountPmf } from "../../src/models/purchaseCounts.js";
import { expectRelative, modelOf, models, ref } from "./purchaseCountsRef.js";

describe("predictPurchaseCounts", () => {
  test("matches Bayes' rule by 2-D quadrature (the reference script) within 1e-8 relative, per customer and n", () => {
    for (const name of ["bg-nbd", "modified-bg-nbd", "pareto-nbd"] as const) {
      const cases = ref.existingCounts.filter((c) => c.model === name);
      const records = cases.map((c, i) => ({ customerId: `c${i}`, frequency: c.x, recency: c.tx, T: c.T }));
      const { probabilities, meta } = predictPurchaseCounts(modelOf(name), Object.freeze(records), { t: 39, nMax: 5 });
      expect(meta).toEqual({ ...modelOf(name), t: 39, nMax: 5 });
      expect(probabilities.length).toBe(records.length * 6);
      cases.forEach((c, i) => c.n.forEach((n, j) => {
        const rec = probabilities[i * 6 + n];
        expect([rec.customerId, rec.purchases]).toEqual([`c${i}`, n]);
        expectRelative(rec.probability, c.p[j], 1e-8);
      }));
    }
  });

  test("cumulative is the running sum, at most 1; records come in input order, then n; default nMax is 10", () => {
    const recs = [{ frequency: 7, recency: 29.43, T: 38.86 }, { frequency: 0, recency: 0, T: 38.86 }, { frequency: 7, recency: 29.43, T: 38.86 }];
    for (const m of models) {
      const { probabilities } = predictPurchaseCounts(m, recs, { t: 52 });
      expect(probabilities.length).toBe(33);
      expect(probabilities.map((c) => c.customerId)).toEqual([..."0".repeat(11), ..."1".repeat(11), ..."2".repeat(11)]);
      const pmf = existingCustomerCountPmf(m, 52, 7, 29.43, 38.86, 10);
      let s = 0;
      for (let n = 0; n <= 10; n++) {
        s += pmf[n];
        expect(probabilities[n].probability).toBe(pmf[n]);
        expect(probabilities[n].cumulative).toBe(Math.min(s, 1));
        expect(probabilities[22 + n].probability).toBe(pmf[n]);
      }
      expect(probabilities[10].cumulative).toBeLessThanOrEqual(1);
    }
  });

  test("options and arguments are checked", () => {
    const bg = modelOf("bg-nbd");
    expect(() => predictPurchaseCounts(bg, [], {} as never)).toThrow(/^predictPurchaseCounts: options/);
    expect(() => predictPurchaseCounts(bg, [], { t: 1, nMax: 1.5 })).toThrow(/^predictPurchaseCounts: options/);
    expect(() => predictPurchaseCounts(bg, [], { t: -1 })).toThrow(/^predictPurchaseCounts: options/);
    expect(() => predictPurchaseCounts({ model: "x" } as never, [], { t: 1 })).toThrow(TypeError);
    expect(() => predictPurchaseCounts(bg, [], { t: 1 })).toThrow(/^predictPurchaseCounts: records: no customers/);
  });

  test("types", () => {
    expectTypeOf(predictPurchaseCounts).parameter(0).toEqualTypeOf<PurchaseModel>();
    expectTypeOf(predictPurchaseCounts).returns.toEqualTypeOf<PredictPurchaseCountsResult>();
  });
});
