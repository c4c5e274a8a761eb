// The fits' one-pass objectives (src/models: bgNbdPass, mbgNbdPass, paretoNbdPass, gammaGammaPass):
// their value is the sum of the per-customer terms to the last bit, and their analytic gradient
// agrees with central differences, over random parameters and data (fast-check).
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { bgBbLogLikelihoodTerm } from "../../src/models/bgBb.js";
import { bgNbdLogLikelihoodTerm, bgNbdPass } from "../../src/models/bgNbd.js";
import { gammaGammaLogLikelihoodTerm, gammaGammaPass } from "../../src/models/gammaGamma.js";
import { mbgNbdLogLikelihoodTerm, mbgNbdPass } from "../../src/models/mbgNbd.js";
import { logBinomialSeriesIntegral, paretoNbdLogLikelihoodTerm, paretoNbdPass } from "../../src/models/paretoNbd.js";
import { compensatedSum } from "../../src/internal/neumaier.js";

type Pass = (theta: readonly number[], grad: number[] | null) => number;

/** Triples with counts: integer x, 0 ≤ t_x ≤ T (t_x = 0 when x = 0), some with t_x = T. */
const triplesArb = fc
  .array(
    fc.record({
      x: fc.integer({ min: 0, max: 40 }),
      T: fc.double({ min: 0.5, max: 60, noNaN: true }),
      share: fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constant(1)),
      w: fc.integer({ min: 1, max: 5 }),
    }),
    { minLength: 1, maxLength: 12 },
  )
  .map((rows) => ({
    x: Float64Array.from(rows, (r) => r.x),
    tx: Float64Array.from(rows, (r) => (r.x === 0 ? 0 : r.share * r.T)),
    T: Float64Array.from(rows, (r) => r.T),
    w: Float64Array.from(rows, (r) => r.w),
  }));

const logParams = (k: number, min = -3, max = 3) => fc.array(fc.double({ min, max, noNaN: true }), { minLength: k, maxLength: k });

/**
 * ∂/∂φ of the pass at θ = e^φ by central differences (step 1e-5 in φ), against the analytic gradient
 * turned into φ (∂/∂φ = θ·∂/∂θ): relative error at most `tol` of the larger of 1 and the gradient.
 */
function expectGradient(pass: Pass, phi: number[], tol = 1e-6): void {
  const theta = phi.map(Math.exp);
  const grad = theta.map(() => 0);
  const value = pass(theta, grad);
  expect(Number.isFinite(value)).toBe(true);
  expect(pass(theta, null)).toBe(value); // the value does not depend on whether the gradient is asked for
  const h = 1e-5;
  phi.forEach((_, k) => {
    const at = (d: number) => pass(phi.map((p, i) => Math.exp(i === k ? p + d : p)), null);
    const numeric = (at(h) - at(-h)) / (2 * h);
    const analytic = grad[k] * theta[k];
    expect(Math.abs(analytic - numeric), `parameter ${k}: analytic ${analytic}, numeric ${numeric}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(numeric)));
  });
}

describe("BG/NBD and modified BG/NBD passes", () => {
  test("the value is the compensated sum of the per-customer terms, bit for bit", () => {
    fc.assert(
      fc.property(triplesArb, logParams(4), ({ x, tx, T, w }, phi) => {
        const [r, alpha, a, b] = phi.map(Math.exp);
        const p = { r, alpha, a, b };
        expect(bgNbdPass(x, tx, T, w)([r, alpha, a, b], null)).toBe(compensatedSum(x.length, (i) => w[i] * bgNbdLogLikelihoodTerm(p, x[i], tx[i], T[i])));
        expect(mbgNbdPass(x, tx, T, w)([r, alpha, a, b], null)).toBe(compensatedSum(x.length, (i) => w[i] * mbgNbdLogLikelihoodTerm(p, x[i], tx[i], T[i])));
      }),
    );
  });
  test("the analytic gradient matches central differences", () => {
    fc.assert(
      fc.property(triplesArb, logParams(4), ({ x, tx, T, w }, phi) => {
        expectGradient(bgNbdPass(x, tx, T, w), phi);
        expectGradient(mbgNbdPass(x, tx, T, w), phi);
      }),
    );
  });
  test("times are scaled inside the pass as the fits scale them", () => {
    const x = Float64Array.of(2, 0, 5);
    const tx = Float64Array.of(30.43, 0, 20);
    const T = Float64Array.of(38.86, 38.86, 38);
    const w = Float64Array.of(1, 3, 2);
    const s = 1 / 38.86;
    const theta = [0.24, 4.4 * s, 0.79, 2.4];
    const scaled = (v: Float64Array) => v.map((t) => t * s);
    expect(bgNbdPass(x, tx, T, w, s)(theta, null)).toBe(bgNbdPass(x, scaled(tx), scaled(T), w)(theta, null));
  });
});

describe("Pareto/NBD pass", () => {
  test("the value is the compensated sum of the per-customer terms, bit for bit (every branch of the death term)", () => {
    fc.assert(
      fc.property(triplesArb, logParams(2), fc.double({ min: -8, max: 8, noNaN: true }), fc.double({ min: -3, max: 5, noNaN: true }), ({ x, tx, T, w }, [lr, ls], spread, lalpha) => {
        // α and β from equal to 3,000 times apart: closed form, binomial series and quadrature
        const p = { r: Math.exp(lr), alpha: Math.exp(lalpha), s: Math.exp(ls), beta: Math.exp(lalpha + spread) };
        const pass = paretoNbdPass(x, tx, T, w);
        expect(pass([p.r, p.alpha, p.s, p.beta], null)).toBe(compensatedSum(x.length, (i) => w[i] * paretoNbdLogLikelihoodTerm(p, x[i], tx[i], T[i])));
      }),
      { numRuns: 60 },
    );
  });
  test("the analytic gradient matches central differences on every branch (no finite differences inside)", () => {
    fc.assert(
      fc.property(triplesArb, logParams(2, -2, 2), fc.double({ min: -8, max: 8, noNaN: true }), fc.double({ min: -2, max: 4, noNaN: true }), ({ x, tx, T, w }, [lr, ls], spread, lalpha) => {
        expectGradient(paretoNbdPass(x, tx, T, w), [lr, lalpha, ls, lalpha + spread], 1e-5);
      }),
      { numRuns: 60 },
    );
  });
  test("far apart α and β (the binomial-series branch, both ways round): the gradient matches central differences", () => {
    fc.assert(
      fc.property(triplesArb, logParams(2, -2, 2), fc.double({ min: 5, max: 10, noNaN: true }), fc.boolean(), fc.double({ min: -2, max: 1, noNaN: true }), ({ x, tx, T, w }, [lr, ls], gap, betaLarger, lsmall) => {
        const lalpha = betaLarger ? lsmall : lsmall + gap;
        const lbeta = betaLarger ? lsmall + gap : lsmall;
        expectGradient(paretoNbdPass(x, tx, T, w), [lr, lalpha, ls, lbeta], 1e-5);
      }),
      { numRuns: 60 },
    );
  });
  test("without a gradient the pass gives the same value to the bit, also where dropout runs off (s → 0, β → ∞: the death term's ends are skipped and ln(1 + e^(died − alive)) is 0)", () => {
    fc.assert(
      fc.property(
        triplesArb,
        fc.double({ min: -3, max: 3, noNaN: true }),
        fc.double({ min: -28, max: 2, noNaN: true }),
        fc.double({ min: -3, max: 3, noNaN: true }),
        fc.double({ min: -2, max: 24, noNaN: true }),
        fc.boolean(),
        ({ x, tx, T, w }, lr, ls, lsmall, gap, betaLarger) => {
          const p = { r: Math.exp(lr), alpha: Math.exp(betaLarger ? lsmall : lsmall + gap), s: Math.exp(ls), beta: Math.exp(betaLarger ? lsmall + gap : lsmall) };
          const theta = [p.r, p.alpha, p.s, p.beta];
          const pass = paretoNbdPass(x, tx, T, w);
          const withGradient = pass(theta, [0, 0, 0, 0]);
          expect(pass(theta, null)).toBe(withGradient);
          expect(withGradient).toBe(compensatedSum(x.length, (i) => w[i] * paretoNbdLogLikelihoodTerm(p, x[i], tx[i], T[i])));
        },
      ),
      { numRuns: 150 },
    );
  });
  test("the binomial series gives the same value (or NaN) with and without the ends' densities, whatever B the call before had (its per-B tables)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 60, noNaN: true }),
        fc.double({ min: 1, max: 40, noNaN: true }),
        fc.double({ min: 1, max: 40, noNaN: true }),
        fc.double({ min: 0.5, max: 200, noNaN: true }),
        fc.double({ min: 0.001, max: 5, noNaN: true }),
        fc.double({ min: 0, max: 10, noNaN: true }),
        (A, B, otherB, D, v1, gap) => {
          const out = new Float64Array(5);
          const full = logBinomialSeriesIntegral(A, B, D, v1, gap, out);
          logBinomialSeriesIntegral(A, otherB, D, v1, gap, null);
          expect(logBinomialSeriesIntegral(A, B, D, v1, gap, new Float64Array(5), undefined, false)).toBe(full);
          logBinomialSeriesIntegral(A + 1, otherB, D, v1, gap, out);
          expect(logBinomialSeriesIntegral(A, B, D, v1, gap, new Float64Array(5))).toBe(full);
        },
      ),
      { numRuns: 300 },
    );
  });
  test("the binomial series of the death integral agrees with a fine Simpson rule, and its derivatives with differences", () => {
    const simpson = (A: number, B: number, D: number, v1: number, gap: number) => {
      const a = Math.log(v1);
      const b = Math.log(v1 + gap);
      const n = 20_000;
      let s = 0;
      for (let i = 0; i <= n; i++) {
        const v = Math.exp(a + ((b - a) * i) / n);
        s += v * v ** -A * (D + v) ** -B * (i === 0 || i === n ? 1 : i % 2 ? 4 : 2);
      }
      return Math.log((s * (b - a)) / n / 3);
    };
    const out = new Float64Array(5);
    for (const [A, B, D, v1, gap] of [
      [0.7, 1.0003, 16, 0.11, 1],
      [2.7, 1.2, 10, 0.11, 0.5],
      [30.7, 1.2, 10, 0.2, 0.1],
      [1, 1.5, 5, 0.3, 2],
      [5.5, 2, 4, 0.5, 1.5],
    ]) {
      const v = logBinomialSeriesIntegral(A, B, D, v1, gap, out);
      expect(Math.abs(v - simpson(A, B, D, v1, gap))).toBeLessThan(1e-12 * Math.max(1, Math.abs(v)));
      const args = [A, B, D, v1, gap];
      const at = (k: number, d: number) => {
        const q = args.slice();
        q[k] += d;
        if (k === 3) q[4] -= d; // ∂/∂v₁ with v₂ = v₁ + gap fixed
        return logBinomialSeriesIntegral(q[0], q[1], q[2], q[3], q[4], new Float64Array(5));
      };
      const h = 1e-6;
      for (let k = 0; k < 5; k++) {
        const numeric = (at(k, h) - at(k, -h)) / (2 * h);
        expect(Math.abs(out[k] - numeric)).toBeLessThan(1e-6 * Math.max(1, Math.abs(numeric)));
      }
    }
  });
});

describe("Gamma-Gamma pass", () => {
  const pairsArb = fc
    .array(fc.record({ x: fc.integer({ min: 1, max: 60 }), m: fc.double({ min: 0.01, max: 5000, noNaN: true }), w: fc.integer({ min: 1, max: 4 }) }), { minLength: 1, maxLength: 12 })
    .map((rows) => ({ x: Float64Array.from(rows, (r) => r.x), m: Float64Array.from(rows, (r) => r.m), w: Float64Array.from(rows, (r) => r.w) }));
  test("the value is the compensated sum of the per-customer terms, bit for bit, and the gradient matches central differences", () => {
    fc.assert(
      fc.property(pairsArb, logParams(2), fc.double({ min: -3, max: 8, noNaN: true }), ({ x, m, w }, [lp, lq], lv) => {
        const [p, q, v] = [lp, lq, lv].map(Math.exp);
        const pass = gammaGammaPass(x, m, w);
        expect(pass([p, q, v], null)).toBe(compensatedSum(x.length, (i) => w[i] * gammaGammaLogLikelihoodTerm({ p, q, v }, x[i], m[i])));
        expectGradient(pass, [lp, lq, lv]);
      }),
    );
  });
});

describe("BG/BB term (the fit's objective is its weighted sum)", () => {
  const historyArb = fc
    .record({ n: fc.integer({ min: 1, max: 12 }), share: fc.double({ min: 0, max: 1, noNaN: true }), last: fc.double({ min: 0, max: 1, noNaN: true }) })
    .map(({ n, share, last }) => {
      const x = Math.round(share * n);
      const tx = x === 0 ? 0 : x + Math.round(last * (n - x)); // x ≤ t_x ≤ n, t_x = 0 without purchases
      return { x, tx, n };
    });
  test("the analytic gradient matches central differences (histories with and without opportunities after the last purchase)", () => {
    fc.assert(
      fc.property(fc.array(historyArb, { minLength: 1, maxLength: 8 }), logParams(4), (histories, phi) => {
        const pass: Pass = (theta, grad) => {
          const p = { alpha: theta[0], beta: theta[1], gamma: theta[2], delta: theta[3] };
          const g = [0, 0, 0, 0];
          if (grad) grad.fill(0);
          let sum = 0;
          for (const h of histories) {
            sum += bgBbLogLikelihoodTerm(p, h.x, h.tx, h.n, grad ? g : null);
            if (grad) for (let j = 0; j < 4; j++) grad[j] += g[j];
          }
          return sum;
        };
        expectGradient(pass, phi);
      }),
    );
  });
});
