import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { digammaShift, distinctValues, endPoints, passData, rememberPasses, weightsPer } from "../../src/models/likelihoodParts.js";
import { lnGammaRatio, work } from "../../src/internal/special.js";
import { bgNbdPass } from "../../src/models/bgNbd.js";

describe("digammaShift", () => {
  test("is the derivative in a of ln Γ(a+x) − ln Γ(a) (central differences), integer and fractional x, tiny to huge a", () => {
    fc.assert(
      fc.property(fc.double({ min: -6, max: 8, noNaN: true }), fc.oneof(fc.integer({ min: 0, max: 200 }), fc.double({ min: 0, max: 300, noNaN: true })), (la, x) => {
        const a = 10 ** la;
        const h = 1e-5 * a;
        const numeric = (lnGammaRatio(a + h, x) - lnGammaRatio(a - h, x)) / (2 * h);
        const d = digammaShift(a, x);
        // the difference quotient of lnGammaRatio carries its rounding (about 1e-16·|lnΓ ratio|/h)
        const noise = (1e-15 * Math.max(1, Math.abs(lnGammaRatio(a, x)))) / h;
        expect(Math.abs(d - numeric)).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(numeric)) + noise);
      }),
    );
  });
  test("known values: ψ(1+1) − ψ(1) = 1, ψ(1.5) − ψ(0.5) = 2, and 0 for x = 0", () => {
    expect(digammaShift(1, 1)).toBe(1);
    expect(digammaShift(0.5, 1)).toBe(2);
    expect(digammaShift(3, 0)).toBe(0);
    // ψ(100) − ψ(1) = H₉₉ (harmonic number), through the asymptotic branch (x > 64)
    let h99 = 0;
    for (let k = 1; k <= 99; k++) h99 += 1 / k;
    expect(digammaShift(1, 99)).toBeCloseTo(h99, 13);
  });
  test("huge a: ψ(a+x) − ψ(a) ≈ x/a without cancellation", () => {
    expect(digammaShift(1e16, 3.5) / (3.5 / 1e16) - 1).toBeLessThan(1e-12);
  });
});

describe("distinctValues and weightsPer", () => {
  test("each entry maps to its value; first-appearance order; -0 and 0 are one value; weights add up per value", () => {
    const d = distinctValues([3, -0, 3, 0, 7]);
    expect([...d.values]).toEqual([3, 0, 7]);
    expect([...d.index]).toEqual([0, 1, 0, 1, 2]);
    expect([...weightsPer(d, [1, 2, 3, 4, 5])]).toEqual([4, 6, 5]);
  });
  test("the same values and indices as a Map of the values, through the table's growth (thousands of distinct values, repeats, fractions)", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 5000 }), fc.double({ min: -1e6, max: 1e6, noNaN: true })), { maxLength: 3000 }), (v) => {
        const seen = new Map<number, number>();
        const values: number[] = [];
        const index = v.map((x) => {
          const key = x === 0 ? 0 : x;
          if (!seen.has(key)) {
            seen.set(key, values.length);
            values.push(key);
          }
          return seen.get(key)!;
        });
        const d = distinctValues(v);
        expect([...d.values]).toEqual(values);
        expect([...d.index]).toEqual(index);
        // two columns read as one (t_x then T): the same as the column of both
        const cut = v.length >> 1;
        const two = distinctValues(Float64Array.from(v.slice(0, cut)), Float64Array.from(v.slice(cut)));
        expect([...two.values]).toEqual(values);
        expect([...two.index]).toEqual(index);
      }),
      { numRuns: 60 },
    );
  });
});

describe("passData", () => {
  test("the scaled t_x and T (made on first read) are each value times the scale, the same object read again", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.double({ min: 0, max: 1e4, noNaN: true }), fc.double({ min: 0, max: 1e4, noNaN: true })), { maxLength: 200 }), fc.double({ min: 1e-6, max: 10, noNaN: true }), (rows, scale) => {
        const x = Float64Array.from(rows, (r) => r[0]);
        const tx = Float64Array.from(rows, (r) => Math.min(r[1], r[2]));
        const T = Float64Array.from(rows, (r) => Math.max(r[1], r[2]));
        const d = passData(x, tx, T, new Float64Array(rows.length).fill(1), scale);
        expect([...d.tx]).toEqual(Array.from(tx, (v) => v * scale));
        expect([...d.T]).toEqual(Array.from(T, (v) => v * scale));
        expect(d.tx).toBe(d.tx);
        expect(d.T).toBe(d.T);
        expect([...d.times]).toEqual(Array.from(distinctValues([...tx, ...T]).values, (v) => v * scale));
        expect([...d.txAt, ...d.TAt]).toEqual([...distinctValues([...tx, ...T]).index]);
      }),
      { numRuns: 40 },
    );
  });
});

describe("rememberPasses", () => {
  // a pass that counts its calls and its work, with a value and gradient that depend on θ
  const counted = () => {
    const calls: ("value" | "gradient")[] = [];
    const pass = (theta: readonly number[], grad: number[] | null) => {
      calls.push(grad ? "gradient" : "value");
      work.units += 7 + Math.round(theta[0]);
      if (grad) theta.forEach((t, i) => (grad[i] = 2 * t + i));
      return theta.reduce((s, t) => s + t * t, 0);
    };
    return { calls, pass };
  };
  test("a θ seen before costs no pass: the same value and gradient, and the same counted work", () => {
    const { calls, pass } = counted();
    const remembered = rememberPasses(pass);
    const g1 = [0, 0];
    const before = work.units;
    expect(remembered([1, 2], null)).toBe(5); // the first call takes the gradient too
    expect(remembered([1, 2], g1)).toBe(5);
    expect(g1).toEqual([2, 5]);
    expect(remembered([3, 4], null)).toBe(25);
    expect(remembered([3, 4], null)).toBe(25);
    const g2 = [0, 0];
    expect(remembered([3, 4], g2)).toBe(25); // remembered without its gradient: a pass with one
    expect(g2).toEqual([6, 9]);
    expect(calls).toEqual(["gradient", "value", "gradient"]);
    // five calls' work, as if every one had been a pass: 8 + 8 + 10 + 10 + 10
    expect(work.units - before).toBe(46);
    // -0 and 0 are different θ (compared as Object.is does); the oldest entries are forgotten
    remembered([-0, 2], null);
    expect(calls.length).toBe(4);
  });
  test("forgets beyond its size, and gives BG/NBD's pass values and gradients to the last bit", () => {
    const { calls, pass } = counted();
    const remembered = rememberPasses(pass, 2);
    remembered([1], null);
    remembered([2], null);
    remembered([3], null);
    remembered([1], null); // forgotten: two entries kept
    remembered([3], null);
    expect(calls.length).toBe(4);
    const x = Float64Array.from([0, 1, 3, 2]);
    const tx = Float64Array.from([0, 5, 30, 12]);
    const T = Float64Array.from([40, 38, 39, 40]);
    const w = Float64Array.from([5, 2, 1, 3]);
    const plain = bgNbdPass(x, tx, T, w, 1 / 40);
    const kept = rememberPasses(bgNbdPass(x, tx, T, w, 1 / 40));
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.05, max: 20, noNaN: true }), { minLength: 4, maxLength: 4 }), (theta) => {
        const ga = [0, 0, 0, 0];
        const gb = [0, 0, 0, 0];
        const first = kept(theta, null);
        expect(kept(theta, gb)).toBe(first);
        expect(plain(theta, ga)).toBe(first);
        expect(gb).toEqual(ga);
      }),
      { numRuns: 50 },
    );
  });
});

describe("endPoints", () => {
  test("indexes each triple's (x, t_x) and (x, T) among the distinct end points, shared by the scaled and natural passes", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 4 })), { minLength: 1, maxLength: 60 }), (rows) => {
        const x = Float64Array.from(rows, (r) => r[0]);
        const tx = Float64Array.from(rows, (r) => r[1]);
        const T = Float64Array.from(rows, (r) => r[1] + r[2]);
        const w = new Float64Array(rows.length).fill(1);
        const d = passData(x, tx, T, w, 1 / 10);
        const e = endPoints(d);
        const u = x.length;
        const keys = new Set<string>();
        for (let j = 0; j < 2 * u; j++) {
          const i = j % u;
          const k = e.at[j];
          expect(e.x[k]).toBe(x[i]);
          expect(d.times[e.time[k]]).toBe(j < u ? d.tx[i] : d.T[i]);
          keys.add(`${x[i]},${j < u ? tx[i] : T[i]}`);
        }
        // one end point per distinct (x, τ), and the natural pass's tables share them
        expect(e.x.length).toBe(keys.size);
        expect(endPoints(passData(x, tx, T, w, 1))).toBe(e);
      }),
    );
  });
});
