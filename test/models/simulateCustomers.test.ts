import { describe, expect, test } from "vitest";
import { bgNbdExpectedPurchases, predictBgNbd, predictParetoNbd, simulateCustomers, type PurchaseModel } from "../../src/models/index.js";
import { newCustomerCountPmf } from "../../src/models/purchaseCounts.js";
import { bg, gg, mbg, pareto } from "./shared.js";

const mean = (v: number[]) => v.reduce((s, e) => s + e, 0) / v.length;
const sd = (v: number[]) => {
  const m = mean(v);
  return Math.sqrt(v.reduce((s, e) => s + (e - m) ** 2, 0) / (v.length - 1));
};
/** |simulated mean − expected| within 4 standard errors of the mean. */
const within = (v: number[], expected: number) => expect(Math.abs(mean(v) - expected)).toBeLessThan((4 * sd(v)) / Math.sqrt(v.length));

describe("simulateCustomers", () => {
  const n = 20_000;
  test("the mean of frequency at T is the closed-form E[X(T)]: BG/NBD (FHL eq. 9), Pareto/NBD (SMC 1987), modified BG/NBD (its count distribution)", () => {
    const T = 39;
    const bgSim = simulateCustomers({ model: "bg-nbd", params: bg }, { T, customers: n, seed: 1 }).customers;
    within(bgSim.map((c) => c.frequency), bgNbdExpectedPurchases(bg, T));
    const { r, alpha, s, beta } = pareto;
    const paretoMean = ((r * beta) / (alpha * (s - 1))) * (1 - (beta / (beta + T)) ** (s - 1));
    within(simulateCustomers({ model: "pareto-nbd", params: pareto }, { T, customers: n, seed: 2 }).customers.map((c) => c.frequency), paretoMean);
    const pmf = newCustomerCountPmf({ model: "modified-bg-nbd", params: mbg }, T, 400);
    const mbgMean = pmf.reduce((acc, p, k) => acc + k * p, 0);
    within(simulateCustomers({ model: "modified-bg-nbd", params: mbg }, { T, customers: n, seed: 3 }).customers.map((c) => c.frequency), mbgMean);
  });

  test("holdout purchases average the models' conditional expectations given each summary (E[E[X | summary]] = E[X])", () => {
    const T = Array.from({ length: n }, (_, i) => 20 + (i % 30));
    for (const model of [{ model: "bg-nbd", params: bg }, { model: "pareto-nbd", params: pareto }] as PurchaseModel[]) {
      const { customers } = simulateCustomers(model, { T, seed: 5, holdout: 26 });
      const predicted = model.model === "bg-nbd" ? predictBgNbd(bg, customers, { t: 26 }).customers : predictParetoNbd(pareto, customers, { t: 26 }).customers;
      // the difference of each customer's holdout count and its conditional expectation has mean 0
      within(customers.map((c, i) => (c.holdoutPurchases as number) - predicted[i].expectedPurchases), 0);
    }
  });

  test("Gamma-Gamma spends: the mean of one purchase's spend is p·v/(q − 1); repeat buyers only, 0 for the others", () => {
    const { customers } = simulateCustomers({ model: "bg-nbd", params: bg }, { T: 52, customers: n, seed: 9, spend: gg });
    const buyers = customers.filter((c) => c.frequency > 0);
    expect(customers.filter((c) => c.frequency === 0).every((c) => c.monetaryValue === 0)).toBe(true);
    // E[m̄ | x, ν] = p/ν and E[1/ν] = v/(q − 1) for ν ~ Gamma(q, v): p·v/(q − 1) whatever x
    within(buyers.map((c) => c.monetaryValue as number), (gg.p * gg.v) / (gg.q - 1));
  });

  test("seeded: the same seed gives the same customers, another seed others; records are BTYD summaries; meta says what made them", () => {
    const a = simulateCustomers({ model: "bg-nbd", params: bg }, { T: 39, customers: 50, seed: 11, holdout: 10 });
    const b = simulateCustomers({ model: "bg-nbd", params: bg }, { T: 39, customers: 50, seed: 11, holdout: 10 });
    const c = simulateCustomers({ model: "bg-nbd", params: bg }, { T: 39, customers: 50, seed: 12, holdout: 10 });
    expect(a).toEqual(b);
    expect(a.customers).not.toEqual(c.customers);
    for (const r of a.customers) {
      expect(Number.isInteger(r.frequency) && r.frequency >= 0).toBe(true);
      expect(r.recency >= 0 && r.recency <= r.T).toBe(true);
      if (r.frequency === 0) expect(r.recency).toBe(0);
    }
    expect(a.meta).toEqual({ model: { model: "bg-nbd", params: bg }, spend: null, seed: 11, holdout: 10 });
    expect(simulateCustomers({ model: "bg-nbd", params: bg }, { T: 1, customers: 1 }).meta.seed).toBe(42);
  });

  test("ages per customer; frozen inputs untouched; bad arguments name the function", () => {
    const T = Object.freeze([10, 20, 30]);
    const model = Object.freeze({ model: "pareto-nbd", params: Object.freeze({ ...pareto }) }) as PurchaseModel;
    expect(simulateCustomers(model, { T }).customers.map((c) => c.T)).toEqual([10, 20, 30]);
    expect(() => simulateCustomers(model, { T: 5 })).toThrow(/^simulateCustomers: options.customers is required/);
    expect(() => simulateCustomers(model, { T, customers: 2 })).toThrow(/^simulateCustomers: options.customers \(2\) differs/);
    expect(() => simulateCustomers({ model: "bg-nbd", params: { ...bg, a: -1 } }, { T: 5, customers: 1 })).toThrow(RangeError);
    expect(() => simulateCustomers({ model: "x" } as never, { T: 5, customers: 1 })).toThrow(/^simulateCustomers: expected/);
    expect(() => simulateCustomers(model, { T: -1, customers: 1 })).toThrow(/^simulateCustomers: /);
  });
});
