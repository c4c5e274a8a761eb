import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { orderStatistics, quantileSortedLinear, quantileSortedType7, quantilesType7, selectText } from "../../src/internal/quantile.js";

const values = fc.array(fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double({ min: -1e6, max: 1e6, noNaN: true })), { minLength: 1, maxLength: 300 }).map((xs) =>
  // the library reads -0 as 0 (readRecords), and selection does not order -0 before 0 as sort does
  xs.map((x) => (x === 0 ? 0 : x)),
);

describe("selection-based quantiles", () => {
  test("order statistics equal the sorted array's entries, ties included", () => {
    fc.assert(
      fc.property(values, fc.array(fc.nat(), { minLength: 1, maxLength: 12 }), (xs, ks) => {
        const a = Float64Array.from(xs);
        const sorted = Float64Array.from(xs).sort();
        const positions = ks.map((k) => k % a.length);
        const stats = orderStatistics(a, positions);
        for (const k of positions) expect(stats.get(k)).toBe(sorted[k]);
        expect(Array.from(a)).toEqual(xs); // input untouched
      }),
    );
  });

  test("order statistics of many whole numbers in a narrow range (counted) equal the sorted entries", () => {
    // from 1,024 values of whole numbers within about twice their count, orderStatistics counts
    const wholes = fc.record({
      n: fc.integer({ min: 1024, max: 3000 }),
      lo: fc.integer({ min: -1e9, max: 1e9 }),
      width: fc.integer({ min: 0, max: 7000 }),
      seed: fc.integer(),
      fraction: fc.boolean(),
    });
    fc.assert(
      fc.property(wholes, fc.array(fc.nat(), { minLength: 1, maxLength: 12 }), ({ n, lo, width, seed, fraction }, ks) => {
        let s = seed >>> 0;
        const xs = Array.from({ length: n }, () => {
          s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
          return lo + (s % (width + 1));
        });
        if (fraction) xs[s % n] += 0.5; // one fraction: selection instead of counting, the same answers
        const a = Float64Array.from(xs);
        const sorted = Float64Array.from(xs).sort();
        const positions = ks.map((k) => k % n);
        const stats = orderStatistics(a, positions);
        for (const k of positions) expect(stats.get(k)).toBe(sorted[k]);
        expect(Array.from(a)).toEqual(xs);
      }),
      { numRuns: 60 },
    );
  });

  test("type-7 quantiles by selection are bit-identical to the sorted formulas", () => {
    fc.assert(
      fc.property(values, fc.integer({ min: 2, max: 10 }), (xs, bins) => {
        const a = Float64Array.from(xs);
        const sorted = Float64Array.from(xs).sort();
        const probs = Array.from({ length: bins - 1 }, (_, j) => (j + 1) / bins);
        expect(quantilesType7(a, probs, "r")).toEqual(probs.map((p) => quantileSortedType7(sorted, p)));
        expect(quantilesType7(a, probs, "linear")).toEqual(probs.map((p) => quantileSortedLinear(sorted, p)));
      }),
    );
  });

  test("R's type 7 on 1..10 at 0.2", () => {
    expect(quantileSortedType7([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.2)).toBe(2.8);
  });
});

describe("type-7 quantiles near ±1.8e308", () => {
  test("finite between the two ends where x[hi] − x[lo] or R's products overflow (they gave ±Infinity)", () => {
    const opposite = [-1.5e308, 1.5e308];
    expect(quantileSortedLinear(opposite, 0.5)).toBe(0);
    expect(quantileSortedLinear(opposite, 0.25)).toBe(-7.5e307);
    expect(quantileSortedType7(opposite, 0.5)).toBe(0);
    const top = [Number.MAX_VALUE * 0.9, Number.MAX_VALUE];
    for (const p of [0.1, 0.3, 0.5, 0.7, 0.9]) {
      for (const q of [quantileSortedType7(top, p), quantileSortedLinear(top, p)]) {
        expect(Number.isFinite(q)).toBe(true);
        expect(q).toBeGreaterThanOrEqual(top[0]);
        expect(q).toBeLessThanOrEqual(top[1]);
      }
    }
    expect(quantilesType7(Float64Array.of(1.5e308, -1.5e308, 0), [0.25, 0.75], "linear")).toEqual([-7.5e307, 7.5e307]);
  });
});


describe("selectText", () => {
  test("is the k-th of the code-unit sort, with ties and any order", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 3 }), { minLength: 1, maxLength: 60 }), fc.nat(), (xs, r) => {
        const k = r % xs.length;
        const sorted = [...xs].sort();
        const a = [...xs];
        expect(selectText(a, k)).toBe(sorted[k]);
        expect(a[k]).toBe(sorted[k]);
        expect([...a].sort()).toEqual(sorted);
      }),
    );
  });
});
