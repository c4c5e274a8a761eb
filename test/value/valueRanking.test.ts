// rankValues / tieGroups (the ranking behind classifyAbc, tierPyramid and the Lorenz curve) against a
// plain reference: the native sort, tie groups by ===, members' clamped values summed one by one,
// groups' sums added with Neumaier's compensation. Both of its ways are exercised: hashing the
// distinct values (many ties) and sorting all values (many distinct values, estimated first from
// 65,536 values on, or found while hashing).
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { sumError } from "../../src/internal/neumaier.js";
import { rankValues, sortedValueAt, tieGroups } from "../../src/value/valueRanking.js";

function reference(values: Float64Array) {
  const n = values.length;
  const raw = Float64Array.from(values).sort().reverse();
  const clean = values.map((v) => (v > 0 ? v : 0));
  const sorted = raw.map((v) => (v > 0 ? v : 0));
  const groupRaw: number[] = [];
  const groupValue: number[] = [];
  const groupCount: number[] = [];
  const groupStart: number[] = [];
  const groupBefore: number[] = [];
  const groupUpTo: number[] = [];
  let running = 0;
  let comp = 0;
  for (let p = 0; p < n; ) {
    let q = p;
    let sum = 0;
    while (q < n && raw[q] === raw[p]) sum += sorted[q++];
    groupRaw.push(raw[p]);
    groupValue.push(sorted[p]);
    groupCount.push(q - p);
    groupStart.push(p);
    groupBefore.push(running + comp);
    const t = running + sum;
    comp += sumError(running, sum, t);
    running = t;
    groupUpTo.push(running + comp);
    p = q;
  }
  const index = new Map(groupRaw.map((v, g) => [v, g])); // SameValueZero: 0 and −0 are one key, as with ===
  const group = Array.from(values, (v) => index.get(v)!);
  return { clean, sorted, group, groupRaw, groupValue, groupCount, groupStart, groupBefore, groupUpTo, total: running + comp };
}

/** Every field equal to the reference, bit for bit (0 and −0 apart). */
function expectSame(values: Float64Array) {
  const got = rankValues("f", values);
  const want = reference(values);
  for (const key of Object.keys(want) as (keyof typeof want)[]) {
    const a = got[key];
    const b = want[key];
    if (typeof b === "number") {
      expect(Object.is(a, b), `${key}: ${String(a)} vs ${b}`).toBe(true);
      continue;
    }
    const xs = Array.from(a as ArrayLike<number>);
    const ys = Array.from(b as ArrayLike<number>);
    expect(xs.length, key).toBe(ys.length);
    const first = xs.findIndex((x, i) => !Object.is(x, ys[i]));
    if (first >= 0) expect([key, first, xs[first]]).toEqual([key, first, ys[first]]);
  }
  const lean = tieGroups("f", values);
  expect(Array.from(lean.group)).toEqual(Array.from(got.group));
  for (let p = 0; p < values.length; p += Math.max(1, values.length >> 4)) expect(Object.is(sortedValueAt(lean, p), want.sorted[p])).toBe(true);
}

/** n values from `pick(u)` of a seeded uniform u. */
function generated(n: number, seed: number, pick: (u: number, i: number) => number): Float64Array {
  let s = seed >>> 0;
  const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  return Float64Array.from({ length: n }, (_, i) => pick(next(), i));
}

describe("rankValues", () => {
  test("groups, order, counts and sums are the sorted reference's, bit for bit, on any finite values", () => {
    const kinds = fc.constantFrom("ties", "signs", "cents", "distinct", "wide");
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), kinds, fc.integer(), (n, kind, seed) => {
        expectSame(
          generated(n, seed, (u) => {
            if (kind === "ties") return [0, -0, 1.5, -2.25, 1e300, -1e-300, 5e-324, 0.1, 0.2, 0.30000000000000004][Math.floor(u * 10)];
            if (kind === "signs") return Math.floor((u - 0.3) * 8);
            if (kind === "cents") return Math.round(Math.exp(3 + 4 * u)) / 100;
            if (kind === "distinct") return (u - 0.5) * 1000.5;
            return (u - 0.3) * 10 ** Math.floor(u * 600 - 300);
          }),
        );
      }),
      { numRuns: 150 },
    );
  });

  test("a value as 0 and as −0 is one group, whose value is 0 (the first of the two in a sort)", () => {
    const got = rankValues("f", Float64Array.of(-0, 3, 0, -0, -1));
    expect(Array.from(got.groupRaw).map((v) => Object.is(v, -0))).toEqual([false, false, false]);
    expect(Array.from(got.group)).toEqual([1, 0, 1, 1, 2]);
    expect(Object.is(rankValues("f", Float64Array.of(-0, 3, -0)).groupRaw[1], -0)).toBe(true);
  });

  test("large inputs both ways: few distinct values (hashed, the table grown), nearly all distinct (sorted)", () => {
    expectSame(generated(70_000, 1, (u) => Math.round(Math.exp(3.5 + 3 * u)) / 100)); // about 3,000 distinct
    expectSame(generated(70_000, 2, (u) => Math.floor(u * 20_000) - 100)); // about 20,000: more than a quarter of 70,000
    expectSame(generated(70_000, 3, (u) => u * 1e6)); // all distinct: estimated, sorted
    expectSame(generated(9_000, 4, (u) => Math.floor(u * 6_000))); // hashing gives up past 2,250
  });

  test("a total beyond the doubles is an overflow error naming the function", () => {
    expect(() => rankValues("classifyAbc", Float64Array.of(1.7e308, 1.7e308))).toThrow("classifyAbc: records: the total value (the sum of the positive values) is above 1.8e308, beyond the range of a double");
  });
});
