import { describe, expect, test } from "vitest";
import { bgBbLogLikelihood, fitBgBb } from "../../src/models/index.js";
import { donations, reference as ref } from "./bgBbData.js";

/** Sequences of n opportunities with x transactions, the last at t_x: C(t_x − 1, x − 1). */
const sequences = (x: number, tx: number) => {
  let c = 1;
  for (let k = 1; k <= x - 1; k++) c = (c * (tx - x + k)) / k;
  return c;
};

const P = ref.scipy.params;

describe("bgBbLogLikelihood", () => {
  test("equals the mpmath value for every donation pattern and other histories (within 1e-12)", () => {
    for (const r of [...ref.patterns, ...ref.extra]) expect(Math.abs(bgBbLogLikelihood(P, r.frequency, r.recency, r.n) - r.logLikelihood), `${r.frequency},${r.recency},${r.n}`).toBeLessThan(1e-12);
  });

  test("the count-weighted sum is the fit's total log-likelihood at the same parameters", () => {
    const fit = fitBgBb(donations);
    const sum = donations.reduce((s, r) => s + r.count! * bgBbLogLikelihood(fit.params, r.frequency, r.recency, r.n), 0);
    expect(Math.abs(sum / fit.logLikelihood - 1)).toBeLessThan(1e-13);
  });

  test("a probability distribution: the probability of one sequence, times the C(t_x − 1, x − 1) sequences of each (x, t_x), sums to 1 over every history", () => {
    for (const p of [P, { alpha: 0.3, beta: 5, gamma: 2, delta: 0.4 }, { alpha: 20, beta: 0.1, gamma: 1, delta: 300 }]) {
      for (const n of [0, 1, 6, 25]) {
        let total = Math.exp(bgBbLogLikelihood(p, 0, 0, n));
        for (let tx = 1; tx <= n; tx++) for (let x = 1; x <= tx; x++) total += sequences(x, tx) * Math.exp(bgBbLogLikelihood(p, x, tx, n));
        expect(Math.abs(total - 1), `n ${n}`).toBeLessThan(1e-12);
      }
    }
  });

  test("never above 0, even where rounding at extreme parameters would leave it a few ulps above (found by the fuzz suite)", () => {
    // β = Number.MAX_VALUE: the unclamped term was 2.8e-16
    expect(bgBbLogLikelihood({ alpha: 0.001, beta: Number.MAX_VALUE, gamma: 0.0041427867908135005, delta: 0.001 }, 0, 0, 1)).toBeLessThanOrEqual(0);
    expect(bgBbLogLikelihood({ alpha: 0.001, beta: Number.MAX_VALUE, gamma: 0.0041427867908135005, delta: 0.001 }, 0, 0, 1)).toBeGreaterThan(-1e-12);
  });

  test("bad arguments: RangeError naming the function", () => {
    expect(() => bgBbLogLikelihood(P, 2, 1, 6)).toThrow(/^bgBbLogLikelihood: expected integers/);
    expect(() => bgBbLogLikelihood(P, 0, 1, 6)).toThrow(RangeError);
    expect(() => bgBbLogLikelihood(P, 1, 1, 0.5)).toThrow(RangeError);
    expect(() => bgBbLogLikelihood({ ...P, alpha: Number.NaN }, 1, 1, 6)).toThrow(/^bgBbLogLikelihood: params.alpha/);
  });
});
