// fmmSplineAt (the spline read only at given points, for the ABC curve's million knots) against
// evalSpline(fmmSpline(...)) (R's fmm_spline and spline_eval as written), bit for bit.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { evalSpline, fmmSpline, fmmSplineAt } from "../../src/internal/fmmSpline.js";

function expectSame(x: Float64Array, y: Float64Array, u: Float64Array) {
  const want = evalSpline(fmmSpline(x, y), u);
  const got = fmmSplineAt(x, y, u);
  expect(got.length).toBe(u.length);
  const first = Array.from(got).findIndex((v, l) => !Object.is(v, want[l]));
  if (first >= 0) expect([first, u[first], got[first]]).toEqual([first, u[first], want[first]]);
}

describe("fmmSplineAt", () => {
  test("is evalSpline(fmmSpline(x, y), u) bit for bit: knots, between them, beyond both ends, any order of u", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 60 }),
        fc.boolean(),
        fc.integer(),
        fc.integer({ min: 1, max: 40 }),
        (n, even, seed, m) => {
          let s = seed >>> 0;
          const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
          const x = new Float64Array(n);
          for (let k = 1; k < n; k++) x[k] = even ? k / (n - 1) : x[k - 1] + 0.01 + next() * (next() < 0.2 ? 50 : 1);
          const y = Float64Array.from({ length: n }, () => (next() - 0.3) * 100);
          const span = x[n - 1] - x[0];
          const u = Float64Array.from({ length: m }, () => {
            const r = next();
            if (r < 0.3) return x[Math.floor(next() * n)]; // on a knot
            if (r < 0.4) return x[0] - next() * span; // before the first
            if (r < 0.5) return x[n - 1] + next() * span; // after the last
            return x[0] + next() * span;
          });
          if (next() < 0.5) u.sort();
          expectSame(x, y, u);
        },
      ),
      { numRuns: 300 },
    );
  });

  test("the ABC curve's case: k/n knots, a cumulative share, the grid j·0.001", () => {
    const n = 5000;
    const x = Float64Array.from({ length: n + 1 }, (_, k) => k / n);
    const y = new Float64Array(n + 1);
    for (let k = 1; k <= n; k++) y[k] = y[k - 1] + 1 / (k + 3);
    for (let k = 1; k <= n; k++) y[k] /= y[n];
    expectSame(x, y, Float64Array.from({ length: 1001 }, (_, j) => j * 0.001));
  });
});
