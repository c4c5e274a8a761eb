// The check shared by the BG/NBD-family pass tests (test/models/bgNbdPass.test.ts, mbgNbdPass.test.ts):
// a pass that runs its triples in blocks of 4,096 gives the value and gradient of one loop over the
// triples in their order (a reference kept in the test), to the bit, across block boundaries and when
// the same pass is called again at other points.
import fc from "fast-check";
import { expect, test } from "vitest";
import { mulberry32 } from "../../src/internal/random.js";

/** (r, α, a, b) in scaled units for the BG/NBD-family passes: near CDNOW's, a runaway a, heavy buyers' large r. */
export const BG_FAMILY_THETAS: number[][] = [
  [0.243, 0.028, 0.793, 2.426],
  [0.5, 0.004, 1e-9, 3.1],
  [40, 0.9, 0.2, 0.05],
];

/** A pass maker: (x, t_x, T, counts, time scale) → (θ, gradient or null) → log-likelihood. */
export type PassMaker = (x: Float64Array, tx: Float64Array, T: Float64Array, w: Float64Array, scale: number) => (theta: number[], grad: number[] | null) => number;

/** The reference: the same pass as one plain loop over the triples in order. */
export type ReferencePass = (x: Float64Array, tx: Float64Array, T: Float64Array, w: Float64Array, scale: number, theta: number[], grad: number[] | null) => number;

/**
 * u triples from a seed: x 0–60 (a third 0), T 1–1,100 days, t_x ≤ T, counts 1 to 10^6 (their spread
 * makes the plain gradient sums depend on the order of their terms).
 */
export function seededTriples(u: number, seed: number) {
  const rnd = mulberry32(seed);
  const x = new Float64Array(u);
  const tx = new Float64Array(u);
  const T = new Float64Array(u);
  const w = new Float64Array(u);
  for (let i = 0; i < u; i++) {
    T[i] = 1 + Math.floor(rnd() * 1100);
    x[i] = rnd() < 0.33 ? 0 : 1 + Math.floor(rnd() * 60);
    tx[i] = x[i] === 0 ? 0 : Math.floor(rnd() * (T[i] + 1));
    w[i] = 1 + Math.floor(rnd() ** 4 * 1e6);
  }
  return { x, tx, T, w, scale: 1 / 1100 };
}

/** The two tests: in blocks equals one loop (property over sizes, seeds, points), and a pass called again. */
export function blockedPassTests(pass: PassMaker, reference: ReferencePass, thetas: number[][]): void {
  const size = thetas[0].length;
  test("in blocks of 4,096 triples: value and gradient equal one loop over the triples in order, to the bit (sizes across block boundaries)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 }), fc.integer({ min: -2, max: 2 }), fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 0, max: thetas.length - 1 }), fc.boolean(), (blocks, delta, seed, k, withGrad) => {
        const u = Math.max(1, 4096 * blocks + 4096 + delta);
        const { x, tx, T, w, scale } = seededTriples(u, seed);
        const g = withGrad ? new Array<number>(size).fill(0) : null;
        const ref = withGrad ? new Array<number>(size).fill(0) : null;
        const value = pass(x, tx, T, w, scale)(thetas[k], g);
        expect(Object.is(value, reference(x, tx, T, w, scale, thetas[k], ref))).toBe(true);
        if (g && ref) for (let j = 0; j < size; j++) expect(Object.is(g[j], ref[j])).toBe(true);
      }),
      { numRuns: 25 },
    );
  });

  test("a pass called again (value, then gradient, other points) gives what a new pass gives", () => {
    const { x, tx, T, w, scale } = seededTriples(9000, 3);
    const p = pass(x, tx, T, w, scale);
    for (const theta of [...thetas, thetas[0]]) {
      for (const withGrad of [false, true]) {
        const g = withGrad ? new Array<number>(size).fill(0) : null;
        const ref = withGrad ? new Array<number>(size).fill(0) : null;
        expect(Object.is(p(theta, g), reference(x, tx, T, w, scale, theta, ref))).toBe(true);
        if (g && ref) expect(g.map((v, j) => Object.is(v, ref[j]))).toEqual(new Array(size).fill(true));
      }
    }
  });
}
