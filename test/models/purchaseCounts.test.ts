import { describe, expect, test } from "vitest";
import { bgNbdExpectedPurchases } from "../../src/models/index.js";
import { purchaseKernel } from "../../src/models/purchaseModel.js";
import { existingCustomerCountPmf, newCustomerCountPmf } from "../../src/models/purchaseCounts.js";
import { expectRelative, modelOf, models, ref, simulateNewCustomers } from "./purchaseCountsRef.js";

const sum = (a: Float64Array) => a.reduce((s, v) => s + v, 0);
const mean = (a: Float64Array) => a.reduce((s, v, n) => s + n * v, 0);

describe("newCustomerCountPmf", () => {
  test("matches the mpmath reference (FHL 2005 eq. 8; Pareto/NBD by quadrature over the dropout time) within 1e-9 relative", () => {
    expect(ref.newCounts.length).toBe(9);
    for (const c of ref.newCounts) {
      const pmf = newCustomerCountPmf(modelOf(c.model), c.t, 60);
      c.n.forEach((n, i) => expectRelative(pmf[n], c.p[i], 1e-9));
    }
  });

  test("sums to 1 less the tail beyond nMax, and its mean is the model's expected purchases", () => {
    for (const m of models) {
      const k = purchaseKernel("test", m);
      const pmf = newCustomerCountPmf(m, 39, 2000);
      expect(Math.abs(sum(pmf) - 1)).toBeLessThan(1e-12);
      expectRelative(mean(pmf), k.expected(39, 0, 0, 0), 1e-10);
      // a short list leaves out exactly the tail: the sum is P(X ≤ 3) and never above 1
      const short = newCustomerCountPmf(m, 39, 3);
      short.forEach((v, n) => expectRelative(v, pmf[n], 1e-13));
      expect(sum(short)).toBeLessThan(1);
    }
  });

  test("agrees with a seeded simulation of 200,000 new customers (within 4 standard errors)", () => {
    for (const m of models) {
      const sims = simulateNewCustomers(m, 200_000, 39, 16);
      const pmf = newCustomerCountPmf(m, 39, 5);
      for (let n = 0; n <= 5; n++) {
        const share = sims.filter((s) => s.length === n).length / sims.length;
        const se = Math.sqrt((pmf[n] * (1 - pmf[n])) / sims.length);
        expect(Math.abs(share - pmf[n])).toBeLessThan(4 * se);
      }
    }
  });

  test("far tails keep their relative precision (summed from the far end, not 1 − Σ)", () => {
    const bg = modelOf("bg-nbd");
    const pmf = newCustomerCountPmf(bg, 3, 60);
    const r = ref.newCounts.find((c) => c.model === "bg-nbd" && c.t === 3)!;
    expect(r.p[r.n.indexOf(60)]).toBeLessThan(1e-20);
    expectRelative(pmf[60], r.p[r.n.indexOf(60)], 1e-9);
  });

  test("t = 0 is a point mass at 0; bad arguments are RangeErrors naming the function", () => {
    expect(Array.from(newCustomerCountPmf(modelOf("pareto-nbd"), 0, 2))).toEqual([1, 0, 0]);
    expect(() => newCustomerCountPmf(modelOf("bg-nbd"), -1, 2)).toThrow(/^newCustomerCountPmf: t must be/);
    expect(() => newCustomerCountPmf(modelOf("bg-nbd"), 1, 1.5)).toThrow(/^newCustomerCountPmf: nMax must be/);
    expect(() => newCustomerCountPmf({ model: "bg-nbd", params: { r: 0, alpha: 1, a: 1, b: 1 } }, 1, 2)).toThrow(/^newCustomerCountPmf: model.params.r/);
    expect(() => newCustomerCountPmf({ model: "nope" } as never, 1, 2)).toThrow(TypeError);
    // a = 1 is fine here (only the expectations have a removable singularity there)
    expect(sum(newCustomerCountPmf({ model: "bg-nbd", params: { r: 1, alpha: 1, a: 1, b: 1 } }, 1, 200))).toBeCloseTo(1, 12);
  });
});

describe("existingCustomerCountPmf", () => {
  test("matches Bayes' rule by 2-D quadrature over the individual-level parameters within 1e-8 relative", () => {
    expect(ref.existingCounts.length).toBe(12);
    for (const c of ref.existingCounts) {
      const pmf = existingCustomerCountPmf(modelOf(c.model), c.t, c.x, c.tx, c.T, 5);
      c.n.forEach((n, i) => expectRelative(pmf[n], c.p[i], 1e-8));
    }
  });

  test("FHL 2005 worked value: 1.226 purchases expected in 39 weeks for x = 2, t_x = 30.43, T = 38.86 (mean of the distribution)", () => {
    const bg = modelOf("bg-nbd");
    const pmf = existingCustomerCountPmf(bg, 39, 2, 30.43, 38.86, 3000);
    expect(Math.round(mean(pmf) * 1000) / 1000).toBe(1.226);
    expectRelative(mean(pmf), purchaseKernel("test", bg).expected(39, 2, 30.43, 38.86), 1e-12);
  });

  test("its mean is the conditional expectation for every model, and x = 0, T = 0 is a new customer", () => {
    for (const m of models) {
      const k = purchaseKernel("test", m);
      for (const [x, tx, T] of [[0, 0, 38.86], [7, 29.43, 38.86], [30, 37, 38.86]]) {
        const pmf = existingCustomerCountPmf(m, 52, x, tx, T, 4000);
        expect(sum(pmf)).toBeLessThanOrEqual(1);
        expectRelative(mean(pmf), k.expected(52, x, tx, T), 1e-9);
      }
      expect(Array.from(existingCustomerCountPmf(m, 39, 0, 0, 0, 10))).toEqual(Array.from(newCustomerCountPmf(m, 39, 10)));
    }
    expectRelative(mean(newCustomerCountPmf(modelOf("bg-nbd"), 39, 3000)), bgNbdExpectedPurchases(modelOf("bg-nbd").params as never, 39), 1e-12);
  });

  test("bad histories are RangeErrors naming the function", () => {
    expect(() => existingCustomerCountPmf(modelOf("bg-nbd"), 1, 1.5, 1, 2, 3)).toThrow(/^existingCustomerCountPmf: expected an integer x/);
    expect(() => existingCustomerCountPmf(modelOf("bg-nbd"), 1, 1, 3, 2, 3)).toThrow(/^existingCustomerCountPmf: expected an integer x/);
  });
});
