import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { assign, blocks3, kmeans, kmeansPlusPlus, lloyd } from "../../src/cluster/kmeans.js";
import { mulberry32 } from "../../src/internal/random.js";

/** The same points with a fourth, constant feature: the d = 3 kernels do not apply, the general loops do. */
function padded(x: Float64Array, n: number): Float64Array {
  const y = new Float64Array(n * 4);
  for (let i = 0; i < n; i++) for (let j = 0; j < 3; j++) y[i * 4 + j] = x[i * 3 + j];
  return y;
}

const coords = fc.array(fc.tuple(fc.integer({ min: -40, max: 40 }), fc.integer({ min: -40, max: 40 }), fc.double({ min: -5, max: 5, noNaN: true })), {
  minLength: 6,
  maxLength: 120,
});

describe("k-means kernels for 3 features (internal)", () => {
  test("k-means++ for 3 features picks the same centres as the general loop (same draws, same sums)", () => {
    fc.assert(
      fc.property(coords, fc.integer({ min: 1, max: 6 }), fc.integer(), (pts, k, seed) => {
        const n = pts.length;
        const x = Float64Array.from(pts.flat());
        const three = kmeansPlusPlus(x, n, 3, k, mulberry32(seed));
        const four = kmeansPlusPlus(padded(x, n), n, 4, k, mulberry32(seed));
        for (let c = 0; c < k; c++) for (let j = 0; j < 3; j++) expect(three[c * 3 + j]).toBe(four[c * 4 + j]);
      }),
    );
  });

  test("Lloyd with 4 centres on 3 features: same labels, centres, inertia and iterations as the general loop", () => {
    fc.assert(
      fc.property(coords, fc.integer(), (pts, seed) => {
        const n = pts.length;
        fc.pre(new Set(pts.map((p) => p.join())).size >= 4);
        const x = Float64Array.from(pts.flat());
        const init = kmeansPlusPlus(x, n, 3, 4, mulberry32(seed));
        const init4 = new Float64Array(16);
        for (let c = 0; c < 4; c++) for (let j = 0; j < 3; j++) init4[c * 4 + j] = init[c * 3 + j];
        const a = lloyd(x, n, 3, init, 4, 50, 0, { trace: true });
        const b = lloyd(padded(x, n), n, 4, init4, 4, 50, 0);
        expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
        expect(a.inertia).toBe(b.inertia);
        expect(a.iterations).toBe(b.iterations);
        expect(a.history).toEqual(b.history);
        for (let c = 0; c < 4; c++) for (let j = 0; j < 3; j++) expect(a.centroids[c * 3 + j]).toBe(b.centroids[c * 4 + j]);
      }),
    );
  });

  test("the blocked step on many blocks (clustered points, ties on a small grid) gives the general loop's labels, centres and iterations", () => {
    // n up to 1,500 points: up to 47 blocks of 32, blobs of different spread so that some blocks lie
    // inside one centre's region and others straddle a border; integer grids make exact ties
    const blobs = fc.array(fc.tuple(fc.integer({ min: -30, max: 30 }), fc.integer({ min: -30, max: 30 }), fc.integer({ min: -30, max: 30 }), fc.integer({ min: 0, max: 6 })), {
      minLength: 2,
      maxLength: 6,
    });
    fc.assert(
      fc.property(blobs, fc.integer({ min: 100, max: 1500 }), fc.integer({ min: 2, max: 7 }), fc.boolean(), fc.integer(), (centres, n, k, grid, seed) => {
        const rand = mulberry32(seed);
        const x = new Float64Array(n * 3);
        for (let i = 0; i < n; i++) {
          const [c0, c1, c2, spread] = centres[i % centres.length];
          const c = [c0, c1, c2];
          for (let j = 0; j < 3; j++) {
            const v = c[j] + (rand() - 0.5) * 2 * spread;
            x[i * 3 + j] = grid ? Math.round(v) : v;
          }
        }
        fc.pre(new Set(Array.from({ length: n }, (_, i) => `${x[i * 3]},${x[i * 3 + 1]},${x[i * 3 + 2]}`)).size >= k);
        const init = kmeansPlusPlus(x, n, 3, k, mulberry32(seed ^ 1));
        const init4 = new Float64Array(k * 4);
        for (let c = 0; c < k; c++) for (let j = 0; j < 3; j++) init4[c * 4 + j] = init[c * 3 + j];
        const a = lloyd(x, n, 3, init, k, 100, 0, { trace: true });
        const b = lloyd(padded(x, n), n, 4, init4, k, 100, 0);
        expect(a.iterations).toBe(b.iterations);
        expect(a.history).toEqual(b.history);
        expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
        for (let c = 0; c < k; c++) for (let j = 0; j < 3; j++) expect(a.centroids[c * 3 + j]).toBe(b.centroids[c * 4 + j]);
        // and with the blocks shared (as kmeans does), without the trace
        const shared = lloyd(x, n, 3, init, k, 100, 0, { blocks: blocks3(x, n) });
        expect(shared.inertia).toBe(a.inertia);
        expect(shared.iterations).toBe(a.iterations);
      }),
      { numRuns: 60 },
    );
  });

  test("blocks3 sorts every point into exactly one block whose box holds it", () => {
    fc.assert(
      fc.property(coords, (pts) => {
        const n = pts.length;
        const x = Float64Array.from(pts.flat());
        const bl = blocks3(x, n);
        expect(Array.from(bl.order).sort((p, q) => p - q)).toEqual(Array.from({ length: n }, (_, i) => i));
        for (let b = 0; b < bl.count; b++) {
          for (let p = bl.starts[b]; p < bl.starts[b + 1]; p++) {
            for (let j = 0; j < 3; j++) {
              expect(bl.xs[p * 3 + j]).toBe(x[bl.order[p] * 3 + j]);
              expect(Math.abs(bl.xs[p * 3 + j] - bl.box[b * 6 + j])).toBeLessThanOrEqual(bl.box[b * 6 + 3 + j]);
            }
          }
        }
        expect(bl.starts[bl.count]).toBe(n);
      }),
    );
  });

  test("assign with 4 centres on 3 features writes the nearest centre (first on ties) and its squared distance", () => {
    fc.assert(
      fc.property(coords, fc.array(fc.integer({ min: -40, max: 40 }), { minLength: 12, maxLength: 12 }), (pts, cs) => {
        const n = pts.length;
        const x = Float64Array.from(pts.flat());
        const centers = Float64Array.from(cs);
        const labels = new Int32Array(n);
        const dist = new Float64Array(n);
        const sums = new Float64Array(12);
        const counts = new Int32Array(4);
        const inertia = assign(x, n, 3, centers, 4, labels, dist, sums, counts);
        let total = 0;
        pts.forEach((p, i) => {
          const d2 = [0, 1, 2, 3].map((c) => (p[0] - cs[c * 3]) ** 2 + (p[1] - cs[c * 3 + 1]) ** 2 + (p[2] - cs[c * 3 + 2]) ** 2);
          const m = Math.min(...d2);
          expect(labels[i]).toBe(d2.findIndex((v) => v === m));
          expect(dist[i]).toBeCloseTo(m, 9);
          total += dist[i];
        });
        expect(inertia).toBeCloseTo(total, 6);
        expect(Array.from(counts).reduce((s, v) => s + v, 0)).toBe(n);
      }),
    );
  });

  test("an empty cluster in the 3-feature path takes the farthest point, as in the general loop", () => {
    // three points at the origin and two near (10, 10, 10): the centres at 100 and 200 attract nothing;
    // the first takes (11, 10, 10), the farthest from its centre, and the partition becomes exact
    const x = Float64Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 10, 10, 10, 11, 10, 10]);
    const init = Float64Array.from([0, 0, 0, 10, 10, 10, 100, 100, 100, 200, 200, 200]);
    const init4 = Float64Array.from([0, 0, 0, 0, 10, 10, 10, 0, 100, 100, 100, 0, 200, 200, 200, 0]);
    const a = lloyd(x, 5, 3, init, 4, 20, 0);
    const b = lloyd(padded(x, 5), 5, 4, init4, 4, 20, 0);
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    expect(a.inertia).toBe(b.inertia);
    expect(new Set(a.labels).size).toBe(3);
    expect(a.inertia).toBe(0);
    expect(a.labels[4]).toBe(2);
  });

  test("restarts are deterministic for a seed and keep the lowest inertia", () => {
    const rand = mulberry32(9);
    const n = 2000;
    const x = new Float64Array(n * 3);
    for (let i = 0; i < n * 3; i++) x[i] = rand() * (i % 3 === 0 ? 10 : 1) + (i % 7 === 0 ? 5 : 0);
    // seed 3: the last start wins; seed 4: the first one, and later starts reuse the other label arrays
    for (const seed of [3, 4]) {
      const opts = { seed, restarts: 5, maxIterations: 300, tolerance: 1e-4 };
      const a = kmeans(x, n, 3, 4, opts);
      const b = kmeans(x, n, 3, 4, opts);
      expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
      expect(a.inertia).toBe(b.inertia);
      const one = (r: number) => {
        // restart r alone: its k-means++ draws follow the r previous starts' draws
        const g = mulberry32(seed);
        let init: Float64Array = new Float64Array(0);
        for (let s = 0; s <= r; s++) init = kmeansPlusPlus(x, n, 3, 4, g);
        return lloyd(x, n, 3, init, 4, 300, 1e-4 * meanVariance(x, n));
      };
      const runs = [0, 1, 2, 3, 4].map(one);
      const each = runs.map((run) => run.inertia);
      expect(a.inertia).toBe(Math.min(...each));
      expect(a.restart).toBe(each.indexOf(Math.min(...each)));
      // the winner's labels and centroids, although kmeans reuses label arrays between starts
      expect(Array.from(a.labels)).toEqual(Array.from(runs[a.restart].labels));
      expect(Array.from(a.centroids)).toEqual(Array.from(runs[a.restart].centroids));
      expect(new Set(each).size).toBeGreaterThan(1);
    }
  });
});

function meanVariance(x: Float64Array, n: number): number {
  let total = 0;
  for (let j = 0; j < 3; j++) {
    let m = 0;
    for (let i = 0; i < n; i++) m += x[i * 3 + j];
    m /= n;
    let v = 0;
    for (let i = 0; i < n; i++) v += (x[i * 3 + j] - m) ** 2;
    total += v / n;
  }
  return total / 3;
}
