// gammaGammaPass (src/models/gammaGamma.ts): the pass keeps ln(1 + x·m̄/v) for two values of v and
// sums the pairs in blocks; neither may change a bit of what a pass computed from scratch gives.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { gammaGammaLogLikelihoodTerm, gammaGammaPass } from "../../src/models/gammaGamma.js";
import { compensatedSum } from "../../src/internal/neumaier.js";
import { mulberry32 } from "../../src/internal/random.js";

/** Distinct-ish (x, m̄) pairs with counts; duplicated x values, a few duplicated spends. */
const pairsArb = fc
  .array(fc.record({ x: fc.integer({ min: 1, max: 30 }), m: fc.oneof(fc.double({ min: 0.01, max: 5000, noNaN: true }), fc.constantFrom(10, 25.5)), w: fc.integer({ min: 1, max: 4 }) }), { minLength: 1, maxLength: 40 })
  .map((rows) => ({ x: Float64Array.from(rows, (r) => r.x), m: Float64Array.from(rows, (r) => r.m), w: Float64Array.from(rows, (r) => r.w) }));

/** A fit's calls: parameters from small pools (so that v repeats, with p and q moved), with or without a gradient. */
const callsArb = fc.array(fc.record({ p: fc.integer({ min: 0, max: 2 }), q: fc.integer({ min: 0, max: 2 }), v: fc.integer({ min: 0, max: 3 }), grad: fc.boolean() }), { minLength: 1, maxLength: 25 });
const P = [0.7, 6.2, 41];
const Q = [0.3, 3.7, 120];
const V = [0.02, 15.4, 15.400000000000002, 3000];

describe("gammaGammaPass", () => {
  test("a pass that reuses its kept ln(1 + x·m̄/v) gives what a new pass gives at each point, value and gradient to the bit", () => {
    fc.assert(
      fc.property(pairsArb, callsArb, ({ x, m, w }, calls) => {
        const kept = gammaGammaPass(x, m, w);
        for (const c of calls) {
          const theta = [P[c.p], Q[c.q], V[c.v]];
          const g = c.grad ? [0, 0, 0] : null;
          const fresh = c.grad ? [0, 0, 0] : null;
          expect(Object.is(kept(theta, g), gammaGammaPass(x, m, w)(theta, fresh))).toBe(true);
          if (g && fresh) for (let j = 0; j < 3; j++) expect(Object.is(g[j], fresh[j])).toBe(true);
        }
      }),
    );
  });

  test("over more pairs than one block, the value is the compensated sum of the per-pair terms, bit for bit", () => {
    const rnd = mulberry32(7);
    const u = 10_001; // two full blocks of 4,096 and a partial one
    const x = Float64Array.from({ length: u }, () => 1 + Math.floor(rnd() * 40));
    const m = Float64Array.from({ length: u }, () => 0.5 + rnd() * 200);
    const w = Float64Array.from({ length: u }, () => 1 + Math.floor(rnd() * 3));
    const pass = gammaGammaPass(x, m, w);
    for (const [p, q, v] of [[6.25, 3.74, 15.45], [0.9, 0.2, 400], [6.25, 3.74, 15.45]]) {
      expect(pass([p, q, v], [0, 0, 0])).toBe(compensatedSum(u, (i) => w[i] * gammaGammaLogLikelihoodTerm({ p, q, v }, x[i], m[i])));
    }
  });
});
