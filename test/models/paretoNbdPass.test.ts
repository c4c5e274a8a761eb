// paretoNbdPass (src/models/paretoNbd.ts): the per-triple loop runs in blocks of 4,096 triples (the near
// series' ln(1 + gap/v₁) of a block first, then its death terms and sums, carried from block to block);
// the value and gradient must be those of one loop over all triples in their order, to the bit.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { paretoNbdLogLikelihoodTerm, paretoNbdPass } from "../../src/models/paretoNbd.js";
import { groupTriples } from "../../src/models/btydInput.js";
import { compensatedSum } from "../../src/internal/neumaier.js";
import { mulberry32 } from "../../src/internal/random.js";

// 10,001 customers (distinct triples: two full blocks of 4,096 and a partial one), a quarter with x = 0
const rnd = mulberry32(15);
const n = 10_001;
const rawT = Float64Array.from({ length: n }, () => 1 + Math.floor(rnd() * 70_000) / 100);
const rawX = Float64Array.from({ length: n }, () => (rnd() < 0.25 ? 0 : 1 + Math.floor(rnd() * 40)));
const rawTx = Float64Array.from(rawX, (x, i) => (x === 0 ? 0 : Math.floor(rnd() * rawT[i] * 100) / 100));
const g = groupTriples(rawX, rawTx, rawT);

// the death term's branches: the closed form, the near series with β ≫ α and with α ≫ β (the runaway
// point of a fit heading for s → 0, β → ∞), β a little above α + T (the wider series, the quadrature)
const POINTS = [
  [0.55, 10.6, 0.6, 11.7],
  [0.745, 126, 4e-11, 2.4e11],
  [0.7, 2e9, 0.3, 5],
  [0.74, 0.114 * 1095, 0.04, 12.7 * 1095],
  [0.74, 12, 0.05, 1500],
];

describe("paretoNbdPass", () => {
  test("more triples than one block: the value is the compensated sum of the per-customer terms, bit for bit", () => {
    expect(g.x.length).toBeGreaterThan(2 * 4096);
    const pass = paretoNbdPass(g.x, g.tx, g.T, g.w);
    for (const [r, alpha, s, beta] of POINTS) {
      const expected = compensatedSum(g.x.length, (i) => g.w[i] * paretoNbdLogLikelihoodTerm({ r, alpha, s, beta }, g.x[i], g.tx[i], g.T[i]));
      expect(Number.isFinite(expected)).toBe(true);
      expect(Object.is(pass([r, alpha, s, beta], null), expected)).toBe(true);
      expect(Object.is(pass([r, alpha, s, beta], [0, 0, 0, 0]), expected)).toBe(true);
    }
  });

  test("any block size gives the value and gradient of one block over all triples (in order), to the bit", () => {
    const whole = paretoNbdPass(g.x, g.tx, g.T, g.w, 1, g.x.length);
    const reference = POINTS.map((th) => {
      const grad = [0, 0, 0, 0];
      return { value: whole(th, grad), grad, valueOnly: whole(th, null) };
    });
    fc.assert(
      fc.property(fc.oneof(fc.constant(4096), fc.integer({ min: 1, max: 6000 })), fc.integer({ min: 0, max: POINTS.length - 1 }), (block, k) => {
        const pass = paretoNbdPass(g.x, g.tx, g.T, g.w, 1, block);
        const grad = [0, 0, 0, 0];
        expect(Object.is(pass(POINTS[k], grad), reference[k].value)).toBe(true);
        for (let j = 0; j < 4; j++) expect(Object.is(grad[j], reference[k].grad[j])).toBe(true);
        expect(Object.is(pass(POINTS[k], null), reference[k].valueOnly)).toBe(true);
      }),
      { numRuns: 25 },
    );
  });
});
