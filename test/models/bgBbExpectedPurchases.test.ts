import { describe, expect, test } from "vitest";
import { bgBbExpectedPurchases, bgBbLogLikelihood } from "../../src/models/index.js";
import { reference as ref } from "./bgBbData.js";

/** Sequences of n opportunities with x transactions, the last at t_x: C(t_x − 1, x − 1). */
const sequences = (x: number, tx: number) => {
  let c = 1;
  for (let k = 1; k <= x - 1; k++) c = (c * (tx - x + k)) / k;
  return c;
};

const P = ref.scipy.params;

describe("bgBbExpectedPurchases", () => {
  test("within 1e-8 of the mpmath closed form (n = 0 … 1000)", () => {
    for (const [n, v] of Object.entries(ref.newCustomer)) expect(Math.abs(bgBbExpectedPurchases(P, Number(n)) - v), n).toBeLessThan(1e-8);
    expect(bgBbExpectedPurchases(P, 0)).toBe(0);
  });

  test("the mean of x over the model's distribution of histories, Σ x·C(t_x − 1, x − 1)·P(sequence), at γ below, at and above 1", () => {
    for (const gamma of [P.gamma, 1, 1.3]) {
      const p = { ...P, gamma };
      for (const n of [1, 6, 15]) {
        let mean = 0;
        for (let tx = 1; tx <= n; tx++) for (let x = 1; x <= tx; x++) mean += x * sequences(x, tx) * Math.exp(bgBbLogLikelihood(p, x, tx, n));
        expect(Math.abs(bgBbExpectedPurchases(p, n) / mean - 1), `γ ${gamma}, n ${n}`).toBeLessThan(1e-12);
      }
    }
  });

  test("non-decreasing in n and at most α/(α+β)·n; finite at a billion opportunities", () => {
    let prev = 0;
    for (let n = 1; n <= 200; n++) {
      const v = bgBbExpectedPurchases(P, n);
      expect(v).toBeGreaterThanOrEqual(prev);
      expect(v).toBeLessThanOrEqual((P.alpha / (P.alpha + P.beta)) * n);
      prev = v;
    }
    expect(Number.isFinite(bgBbExpectedPurchases(P, 1e9))).toBe(true);
  });

  test("bad arguments: RangeError naming the function", () => {
    expect(() => bgBbExpectedPurchases(P, 1.5)).toThrow(/^bgBbExpectedPurchases: n must be an integer/);
    expect(() => bgBbExpectedPurchases(P, -1)).toThrow(RangeError);
    expect(() => bgBbExpectedPurchases({ ...P, delta: -1 }, 3)).toThrow(/^bgBbExpectedPurchases: params.delta/);
  });

  test("never above n, one transaction per opportunity at most, even at extreme parameters (found by the fuzz suite)", () => {
    for (const n of [1e6, 1e9]) expect(bgBbExpectedPurchases({ alpha: 1e21, beta: 0.001, gamma: 5e-324, delta: 0.001 }, n)).toBeLessThanOrEqual(n);
  });
});
