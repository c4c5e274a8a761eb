import fc from "fast-check";
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { fitSbg, sbgSurvival } from "../../src/models/index.js";

// predictions of the independent computation (scipy betaln / hyp2f1 and a direct sum) at scipy's estimates
const ref = JSON.parse(readFileSync(new URL("../fixtures/retention/sbg_scipy.json", import.meta.url), "utf8"));
const close = (a: number, b: number, tol = 1e-8) => expect(Math.abs(a - b), `${a} vs ${b}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));

describe("sbgSurvival", () => {
  for (const name of ["regular", "high_end"]) {
    test(`${name}: survival, retention, churn probability and DERL (d = 0.1) of years 0–12 equal scipy's within 1e-8`, () => {
      const c = ref.cohorts[name];
      const { periods, meta } = sbgSurvival({ alpha: c.alpha, beta: c.beta }, { alive: c.alive, discountRate: 0.1 });
      expect(periods.length).toBe(13);
      expect(meta).toEqual({ params: { alpha: c.alpha, beta: c.beta }, cohortSize: 1000, discountRate: 0.1 });
      for (const [t, p] of periods.entries()) {
        const r = c.predictions[t];
        close(p.survival, r.survival);
        if (t === 0) expect([p.retentionRate, p.churnProbability]).toEqual([null, null]);
        else {
          close(p.retentionRate!, r.retentionRate);
          close(p.churnProbability!, r.churnProbability);
        }
        close(p.discountedExpectedResidualLifetime!, r.derl);
        close(p.discountedExpectedResidualLifetime!, r.derlDirect);
        // α < 1 for both cohorts: the undiscounted residual lifetime is infinite
        expect(p.expectedResidualLifetime).toBeNull();
        expect(p.actualAlive).toBe(c.alive[t]);
        close(p.expectedAlive!, 1000 * r.survival);
      }
    });
  }

  test("fit on years 0–7, project 8–12: the high end projection is within 5% of the actual counts (Fader & Hardie 2007, fig. 3)", () => {
    const alive = ref.cohorts.high_end.alive;
    const fit = fitSbg({ alive }, { periods: 7 });
    const { periods } = sbgSurvival(fit.params, { alive });
    const projected = periods.slice(8).map((p) => Math.round(p.expectedAlive!));
    expect(projected).toEqual([460, 436, 414, 395, 378]);
    for (const p of periods.slice(8)) expect(Math.abs(p.expectedAlive! / p.actualAlive! - 1)).toBeLessThan(0.05);
  });

  test("DERL at year 7 of the high end cohort, d = 0.1: 7.530 (the value jdmaturen/shifted_beta_geometric_py's README gives)", () => {
    const fit = fitSbg({ alive: ref.cohorts.high_end.alive.slice(0, 8) });
    const { periods } = sbgSurvival(fit.params, { periods: 7, discountRate: 0.1 });
    expect(periods[7].discountedExpectedResidualLifetime!.toFixed(3)).toBe("7.530");
  });

  test("property: α > 1 gives the residual lifetime (β+t)/(α−1), which d = 0 reproduces and a direct sum confirms; survival falls and retention rises", () => {
    fc.assert(
      fc.property(fc.double({ min: 3, max: 20, noNaN: true }), fc.double({ min: 0.05, max: 50, noNaN: true }), fc.integer({ min: 0, max: 30 }), (alpha, beta, t) => {
        const { periods } = sbgSurvival({ alpha, beta }, { periods: t + 1, discountRate: 0 });
        const p = periods[t];
        expect(p.discountedExpectedResidualLifetime).toBe(p.expectedResidualLifetime);
        // direct sum of S(t+k)/S(t) (tail bound: the terms fall like k^−α)
        let ratio = 1;
        let sum = 0;
        for (let k = 1; k <= 200_000; k++) {
          ratio *= (beta + t + k - 1) / (alpha + beta + t + k - 1);
          sum += ratio;
          if (ratio < 1e-13 * sum) break;
        }
        expect(Math.abs(sum / p.expectedResidualLifetime! - 1)).toBeLessThan(1e-6);
        expect(periods[t + 1].survival).toBeLessThanOrEqual(p.survival);
        if (t > 0) expect(periods[t + 1].retentionRate!).toBeGreaterThanOrEqual(p.retentionRate!);
      }),
      { numRuns: 100, seed: 3 },
    );
  });

  test("DERL carried back from the last period equals a direct sum at every period checked (d = 1e-3, 3,000 periods; α < 1 and α > 1)", () => {
    for (const [alpha, beta] of [[0.7, 1.2], [3, 40]]) {
      const d = 1e-3;
      const { periods } = sbgSurvival({ alpha, beta }, { periods: 3000, discountRate: d });
      for (const t of [0, 1, 17, 1500, 2999, 3000]) {
        // Σ_{k≥1} S(t+k)/S(t)·(1+d)^−(k−1), the ratio built one renewal at a time
        let ratio = 1;
        let disc = 1;
        let sum = 0;
        for (let k = 1; k <= 2_000_000; k++) {
          ratio *= (beta + t + k - 1) / (alpha + beta + t + k - 1);
          sum += ratio * disc;
          disc /= 1 + d;
          if (ratio * disc < 1e-17 * sum) break;
        }
        close(periods[t].discountedExpectedResidualLifetime!, sum, 1e-10);
      }
    }
  });

  test("retention rate and churn probability stay in [0, 1] when α + β + t − 1 rounds (α = 2^53, β = 0.001; found by the fuzz suite)", () => {
    const { periods } = sbgSurvival({ alpha: 2 ** 53, beta: 0.001 }, { periods: 12 });
    for (const p of periods.slice(1)) {
      expect(p.churnProbability!).toBeGreaterThanOrEqual(0);
      expect(p.churnProbability!).toBeLessThanOrEqual(1);
      expect(p.retentionRate!).toBeGreaterThanOrEqual(0);
      expect(p.retentionRate!).toBeLessThanOrEqual(1);
    }
    expect(periods[1].churnProbability).toBe(1);
  });

  test("arguments: bad parameters, no horizon, bad options", () => {
    expect(() => sbgSurvival({ alpha: 0, beta: 1 }, { periods: 2 })).toThrow(/^sbgSurvival: params.alpha must be a finite positive number/);
    expect(() => sbgSurvival({ alpha: 1, beta: Number.NaN }, { periods: 2 })).toThrow(RangeError);
    expect(() => sbgSurvival({ alpha: 1, beta: 1 }, {})).toThrow(/^sbgSurvival: options.periods is required without options.alive/);
    expect(() => sbgSurvival({ alpha: 1, beta: 1 }, { periods: 2, discountRate: -0.1 })).toThrow(RangeError);
    // α + β beyond a double: an error, never a DERL of 0 (it is about 0.92 for α = β = 1e308)
    expect(() => sbgSurvival({ alpha: 1e308, beta: 1e308 }, { periods: 3, discountRate: 0.1 })).toThrow(/^sbgSurvival: params.alpha \+ params.beta \+ 3 periods is beyond the largest double/);
    expect(() => sbgSurvival({ alpha: 1, beta: 1 }, { periods: 2, rate: 1 } as never)).toThrow(TypeError);
  });

  test("an alive option that fails the check is left as it was (zod's readonly froze it; found by the fuzz suite)", () => {
    const alive = { 0: 10, 1: 5 };
    expect(() => sbgSurvival({ alpha: 1, beta: 1 }, { alive } as never)).toThrow(/^sbgSurvival: options.alive/);
    expect(Object.isFrozen(alive)).toBe(false);
  });
});
