import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { countValues, orderStatistics, quantileSortedLinear, quantileSortedType7, quantilesType7, selectText, sortedDescending } from "../../src/internal/quantile.js";

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

  test("countValues: the counts of whole numbers within 2n + 1,024 of each other, null for anything else", () => {
    const wholes = fc.record({
      n: fc.integer({ min: 1024, max: 3000 }),
      lo: fc.oneof(fc.integer({ min: -40, max: 100 }), fc.integer({ min: -1e9, max: 1e9 })),
      width: fc.oneof(fc.integer({ min: 3000, max: 7000 }), fc.integer({ min: 0, max: 7000 })),
      seed: fc.integer(),
      late: fc.constantFrom("none", "negative", "widest", "beyond", "fraction", "-0", "Infinity", "NaN"),
    });
    fc.assert(
      fc.property(wholes, fc.array(fc.nat(), { minLength: 1, maxLength: 12 }), ({ n, lo, width, seed, late }, ks) => {
        let s = seed >>> 0;
        const xs = Array.from({ length: n }, () => {
          s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
          return lo + (s % (width + 1));
        });
        // one odd value late in the array
        const at = n - 1 - (s % 100);
        if (late === "negative") xs[at] = Math.min(...xs) - 3;
        else if (late === "widest") xs[at] = Math.min(...xs) + 2 * n + 1024; // the widest range counted
        else if (late === "beyond") xs[at] = Math.min(...xs) + 2 * n + 1025;
        else if (late === "fraction") xs[at] = 0.5;
        else if (late === "-0") xs[at] = -0;
        else if (late === "Infinity") xs[at] = Infinity;
        else if (late === "NaN") xs[at] = Number.NaN;
        const a = Float64Array.from(xs);
        const c = countValues(a);
        const whole = xs.every((x) => Number.isInteger(x) && !Object.is(x, -0));
        const min = Math.min(...xs);
        const max = Math.max(...xs);
        expect(c !== null).toBe(whole && max - min <= 2 * n + 1024);
        if (c) {
          expect([c.min, c.max, c.counts.length]).toEqual([min, max, max - min + 1]);
          const tally = new Map<number, number>();
          for (const x of xs) tally.set(x, (tally.get(x) ?? 0) + 1);
          for (let v = min; v <= max; v++) expect(c.counts[v - min]).toBe(tally.get(v) ?? 0);
        }
        // (the library's values are never NaN: below 4,096 values the quickselect does not order it)
        if (late === "NaN") return;
        const sorted = Float64Array.from(xs).sort();
        const positions = ks.map((k) => k % n);
        const stats = orderStatistics(a, positions);
        // selection does not order -0 before 0 as sort does (see `values` above)
        for (const k of positions) expect(Object.is(stats.get(k), sorted[k]) || (late === "-0" && stats.get(k) === sorted[k])).toBe(true);
        expect(Array.from(a)).toEqual(xs);
      }),
      { numRuns: 120 },
    );
    expect(countValues(new Float64Array(1023))).toBeNull(); // fewer than 1,024: not counted
    expect(countValues(new Float64Array(1024))).toEqual({ min: 0, max: 0, counts: Int32Array.of(1024) });
  });

  test("order statistics of many doubles (radix selection) equal the sorted entries: signs, -0, ties, shared top bits, views", () => {
    // from 4,096 values that are not whole numbers in a narrow range, orderStatistics selects by radix digits
    const kinds = fc.constantFrom("wide", "narrow", "ties", "signs", "tiny");
    fc.assert(
      fc.property(fc.integer({ min: 4096, max: 9000 }), kinds, fc.integer(), fc.array(fc.nat(), { minLength: 1, maxLength: 12 }), fc.nat(7), (n, kind, seed, ks, at) => {
        let s = seed >>> 0;
        const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
        const xs = Array.from({ length: n }, () => {
          const u = next();
          if (kind === "wide") return (u - 0.3) * 10 ** Math.floor(next() * 600 - 300);
          if (kind === "narrow") return 64 + u * 1e-9; // every value shares its top 16 or more bits
          if (kind === "ties") return [0, -0, 1.5, -2.25, 1e300, -1e-300, 5e-324][Math.floor(u * 7)];
          if (kind === "signs") return (u - 0.5) * 1000.5;
          return u * 1e-310; // subnormals
        });
        const buffer = new Float64Array(n + 8);
        buffer.set(xs, at);
        const a = buffer.subarray(at, at + n); // a view that does not start its buffer
        const before = Float64Array.from(buffer);
        const sorted = Float64Array.from(xs).sort();
        const positions = ks.map((k) => k % n);
        const stats = orderStatistics(a, positions);
        for (const k of positions) expect(Object.is(stats.get(k), sorted[k])).toBe(true);
        expect(buffer).toEqual(before);
      }),
      { numRuns: 60 },
    );
  });

  test("sortedDescending (radix from 4,096 values) is the native sort reversed, bit for bit, on any finite doubles; input untouched", () => {
    const kinds = fc.constantFrom("wide", "narrow", "ties", "signs", "tiny", "one");
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 4096, max: 9000 })), kinds, fc.integer(), fc.nat(7), (n, kind, seed, at) => {
        let s = seed >>> 0;
        const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
        const xs = Array.from({ length: n }, () => {
          const u = next();
          if (kind === "wide") return (u - 0.3) * 10 ** Math.floor(next() * 600 - 300);
          if (kind === "narrow") return 64 + u * 1e-9;
          if (kind === "ties") return [0, -0, 1.5, -2.25, 1e300, -1e-300, 5e-324, -Number.MAX_VALUE][Math.floor(u * 8)];
          if (kind === "signs") return (u - 0.5) * 1000.5;
          if (kind === "one") return 42.5; // every digit the same: every pass skipped
          return u * 1e-310;
        });
        const buffer = new Float64Array(n + 8);
        buffer.set(xs, at);
        const before = Float64Array.from(buffer);
        const got = sortedDescending(buffer.subarray(at, at + n));
        const want = Float64Array.from(xs).sort().reverse();
        expect(got.length).toBe(n);
        for (let i = 0; i < n; i++) if (!Object.is(got[i], want[i])) expect([i, got[i]]).toEqual([i, want[i]]);
        expect(buffer).toEqual(before);
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
