import { describe, expect, test } from "vitest";
import { bgNbdExpectedPurchases, expectedPurchasesNewCustomer, type BgNbdParams } from "../../src/models/index.js";
import { newCustomerCountPmf } from "../../src/models/purchaseCounts.js";
import { expectRelative, modelOf, models, ref, simulateNewCustomers } from "./purchaseCountsRef.js";

describe("expectedPurchasesNewCustomer", () => {
  test("matches the reference (mpmath 2F1 closed forms; Pareto/NBD E[λ]·E[min(ω, t)] by quadrature) within 1e-10", () => {
    expect(ref.expectedNew.length).toBe(9);
    for (const c of ref.expectedNew) expectRelative(expectedPurchasesNewCustomer(modelOf(c.model), c.t), c.expected, 1e-10);
  });

  test("is bgNbdExpectedPurchases for BG/NBD, and the mean of the count distribution for every model", () => {
    expect(expectedPurchasesNewCustomer(modelOf("bg-nbd"), 39)).toBe(bgNbdExpectedPurchases(modelOf("bg-nbd").params as BgNbdParams, 39));
    for (const m of models) {
      const pmf = newCustomerCountPmf(m, 78, 3000);
      expectRelative(pmf.reduce((s, v, n) => s + n * v, 0), expectedPurchasesNewCustomer(m, 78), 1e-10);
    }
  });

  test("agrees with a seeded simulation (within 4 standard errors)", () => {
    for (const m of models) {
      const counts = simulateNewCustomers(m, 100_000, 39, 7).map((s) => s.length);
      const mean = counts.reduce((a, b) => a + b, 0) / counts.length;
      const sd = Math.sqrt(counts.reduce((a, b) => a + (b - mean) ** 2, 0) / counts.length);
      expect(Math.abs(mean - expectedPurchasesNewCustomer(m, 39))).toBeLessThan((4 * sd) / Math.sqrt(counts.length));
    }
  });

  test("t = 0 is 0; bad arguments are RangeErrors naming the function", () => {
    expect(expectedPurchasesNewCustomer(modelOf("pareto-nbd"), 0)).toBe(0);
    expect(() => expectedPurchasesNewCustomer(modelOf("pareto-nbd"), -1)).toThrow(/^expectedPurchasesNewCustomer: t must be/);
    expect(() => expectedPurchasesNewCustomer({ model: "pareto-nbd", params: { r: 1, alpha: 1, s: 1, beta: 1 } }, 1)).toThrow(/^expectedPurchasesNewCustomer: model.params.s = 1/);
    expect(() => expectedPurchasesNewCustomer({ model: "modified-bg-nbd", params: { r: 1, alpha: 1, a: 1, b: 1 } }, 1)).toThrow(/^expectedPurchasesNewCustomer: model.params.a = 1/);
  });
});
