import fc from "fast-check";
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { fitSbg, type SbgContract } from "../../src/models/index.js";
import { isAnalyticsInputError } from "../../src/errors.js";

// Fader & Hardie (2007) "regular" and "high end" cohorts (test/fixtures/retention/README.md) and the
// independent scipy fit of test/fixtures/scripts/sbg_scipy.py.
const ref = JSON.parse(readFileSync(new URL("../fixtures/retention/sbg_scipy.json", import.meta.url), "utf8"));
const regular: number[] = ref.cohorts.regular.alive;
const highEnd: number[] = ref.cohorts.high_end.alive;
// the paper's estimates, as printed (three decimals)
const published = { regular: { alpha: 0.704, beta: 1.182 }, high_end: { alpha: 0.668, beta: 3.806 } };

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

/** ℓ written directly from the sBG's P(T = t) and S(t) recursions (not the fit's weights). */
function directLogLikelihood(alpha: number, beta: number, contracts: readonly SbgContract[]): number {
  let ll = 0;
  for (const c of contracts) {
    let S = 1;
    let P = 0;
    for (let t = 1; t <= c.periods; t++) {
      P = (S * alpha) / (alpha + beta + t - 1);
      S -= P;
    }
    ll += Math.log(c.ended ? P : S);
  }
  return ll;
}

function contractsFromCounts(alive: readonly number[]): SbgContract[] {
  const out: SbgContract[] = [];
  for (let t = 1; t < alive.length; t++) for (let k = 0; k < alive[t - 1] - alive[t]; k++) out.push({ periods: t, ended: true });
  for (let k = 0; k < alive[alive.length - 1]; k++) out.push({ periods: alive.length - 1, ended: false });
  return out;
}

describe("fitSbg", () => {
  for (const [name, alive] of [["regular", regular], ["high_end", highEnd]] as const) {
    test(`${name}: years 0–7 give the paper's estimates and scipy's fit (1e-4 relative; log-likelihood 1e-6)`, () => {
      const fit = fitSbg({ alive }, { periods: 7 });
      const sc = ref.cohorts[name];
      expect(fit.diagnostics.converged, fit.diagnostics.message).toBe(true);
      // the paper prints three decimals: equal after rounding (half a unit of the last digit)
      expect(Math.abs(fit.params.alpha - published[name].alpha)).toBeLessThanOrEqual(0.0005);
      expect(Math.abs(fit.params.beta - published[name].beta)).toBeLessThanOrEqual(0.0005);
      expect(rel(fit.params.alpha, sc.alpha)).toBeLessThan(1e-6);
      expect(rel(fit.params.beta, sc.beta)).toBeLessThan(1e-6);
      expect(rel(fit.logLikelihood, sc.logLikelihood)).toBeLessThan(1e-12);
      expect(fit.meta).toEqual({ customers: 1000, ended: 1000 - alive[7], periods: 7, source: "alive" });
      expect(fit.standardErrors!.alpha).toBeGreaterThan(0);
      expect(fit.standardErrors!.beta).toBeGreaterThan(0);
    });
  }

  test("the published log-likelihoods: −1680.3 (regular) and −1611.2 (high end)", () => {
    expect(fitSbg({ alive: regular }, { periods: 7 }).logLikelihood.toFixed(1)).toBe("-1680.3");
    expect(fitSbg({ alive: highEnd }, { periods: 7 }).logLikelihood.toFixed(1)).toBe("-1611.2");
  });

  test("standard errors equal the inverse of a numeric Hessian of the direct log-likelihood", () => {
    const fit = fitSbg({ alive: highEnd }, { periods: 7 });
    // grouped by period (8 terms, not 1,000): little rounding for the second differences
    const alive = highEnd.slice(0, 8);
    const f = (a: number, b: number) => {
      let ll = 0;
      let S = 1;
      for (let t = 1; t < alive.length; t++) {
        const P = (S * a) / (a + b + t - 1);
        S -= P;
        ll += (alive[t - 1] - alive[t]) * Math.log(P);
      }
      return -(ll + alive[7] * Math.log(S));
    };
    const { alpha: a, beta: b } = fit.params;
    const ha = 1e-3 * a;
    const hb = 1e-3 * b;
    const faa = (f(a + ha, b) - 2 * f(a, b) + f(a - ha, b)) / (ha * ha);
    const fbb = (f(a, b + hb) - 2 * f(a, b) + f(a, b - hb)) / (hb * hb);
    const fab = (f(a + ha, b + hb) - f(a + ha, b - hb) - f(a - ha, b + hb) + f(a - ha, b - hb)) / (4 * ha * hb);
    const det = faa * fbb - fab * fab;
    expect(rel(fit.standardErrors!.alpha, Math.sqrt(fbb / det))).toBeLessThan(1e-4);
    expect(rel(fit.standardErrors!.beta, Math.sqrt(faa / det))).toBeLessThan(1e-4);
  });

  test("contracts: the same customers as counts give the same fit; pooled contracts censored at different periods match scipy", () => {
    const byCounts = fitSbg({ alive: regular }, { periods: 7 });
    const byContracts = fitSbg({ contracts: contractsFromCounts(regular) }, { periods: 7 });
    expect(rel(byContracts.params.alpha, byCounts.params.alpha)).toBeLessThan(1e-12);
    expect(rel(byContracts.logLikelihood, byCounts.logLikelihood)).toBeLessThan(1e-12);
    expect(byContracts.meta.source).toBe("contracts");
    const pooled: SbgContract[] = [];
    for (const [periods, ended, count] of ref.pooledContracts.contracts as [number, boolean, number][]) for (let k = 0; k < count; k++) pooled.push({ periods, ended });
    const fit = fitSbg({ contracts: pooled });
    expect(fit.diagnostics.converged).toBe(true);
    expect(rel(fit.params.alpha, ref.pooledContracts.alpha)).toBeLessThan(1e-6);
    expect(rel(fit.params.beta, ref.pooledContracts.beta)).toBeLessThan(1e-6);
    expect(rel(fit.logLikelihood, ref.pooledContracts.logLikelihood)).toBeLessThan(1e-12);
  });

  test("property: the log-likelihood equals the direct recursion, and no other (α, β) nearby is better", () => {
    const contractArb = fc.record({ periods: fc.integer({ min: 1, max: 12 }), ended: fc.boolean() });
    fc.assert(
      fc.property(fc.array(contractArb, { minLength: 3, maxLength: 60 }), (cs) => {
        // identifiable data: someone ended after period 1 and someone is still running past it
        fc.pre(cs.some((c) => c.ended) && cs.some((c) => !c.ended || c.periods > 1));
        const fit = fitSbg({ contracts: cs });
        expect(Number.isFinite(fit.logLikelihood)).toBe(true);
        const direct = directLogLikelihood(fit.params.alpha, fit.params.beta, cs);
        expect(Math.abs(fit.logLikelihood - direct)).toBeLessThan(1e-9 * Math.max(1, Math.abs(direct)));
        if (fit.diagnostics.converged) {
          for (const [da, db] of [[1.01, 1], [0.99, 1], [1, 1.01], [1, 0.99]]) {
            expect(directLogLikelihood(fit.params.alpha * da, fit.params.beta * db, cs)).toBeLessThanOrEqual(fit.logLikelihood + 1e-9);
          }
        } else {
          expect(fit.standardErrors).toBeNull();
          expect(fit.diagnostics.message).toMatch(/^not converged/);
        }
      }),
      { numRuns: 150, seed: 17 },
    );
  });

  test("data that do not identify the model: nobody ended (α → 0), everyone ended at the first renewal (β → 0)", () => {
    const none = fitSbg({ alive: [100, 100, 100] });
    expect(none.diagnostics.converged).toBe(false);
    expect(none.diagnostics.message).toMatch(/alpha → 0/);
    expect(none.standardErrors).toBeNull();
    const all = fitSbg({ alive: [100, 0] });
    expect(all.diagnostics.converged).toBe(false);
    expect(all.diagnostics.message).toMatch(/beta → 0/);
    expect(Number.isFinite(all.logLikelihood)).toBe(true);
  });

  test("bad data: rising counts, fractions, one period, bad contracts (issues name where)", () => {
    const issue = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        if (isAnalyticsInputError(e)) return e.issues.map((i) => [i.code, i.path]);
        throw e;
      }
      throw new Error("did not throw");
    };
    expect(issue(() => fitSbg({ alive: [100, 80, 90] }))).toEqual([["invalid_value", ["data", "alive", 2]]]);
    expect(issue(() => fitSbg({ alive: [100, 80.5] }))).toEqual([["invalid_value", ["data", "alive", 1]]]);
    expect(issue(() => fitSbg({ alive: [100] }))).toEqual([["empty_input", ["data", "alive"]]]);
    expect(issue(() => fitSbg({ alive: [0, 0] }))).toEqual([["empty_input", ["data", "alive", 0]]]);
    expect(issue(() => fitSbg({ contracts: [{ periods: 0, ended: true }] }))).toEqual([["invalid_value", ["data", "contracts", 0, "periods"]]]);
    expect(issue(() => fitSbg({ contracts: [{ periods: 2, ended: "yes" as unknown as boolean }] }))).toEqual([["invalid_value", ["data", "contracts", 0, "ended"]]]);
    expect(issue(() => fitSbg({ contracts: [] }))).toEqual([["empty_input", ["data", "contracts"]]]);
    expect(issue(() => fitSbg({ contracts: [{ periods: 0, ended: false }] }))).toEqual([["degenerate_data", ["data"]]]);
    expect(() => fitSbg({} as never)).toThrow(/^fitSbg: data must have exactly one of alive and contracts/);
    expect(() => fitSbg({ alive: regular }, { periods: 0 })).toThrow(RangeError);
    expect(() => fitSbg({ alive: regular }, { horizon: 3 } as never)).toThrow(/^fitSbg: options: unknown option "horizon"/);
  });

  test("inputs are not mutated", () => {
    const alive = Object.freeze(regular.slice());
    const contracts = Object.freeze(contractsFromCounts(regular.slice(0, 4)).map((c) => Object.freeze(c)));
    fitSbg({ alive });
    fitSbg({ contracts });
    expect(alive).toEqual(regular);
  });
});
