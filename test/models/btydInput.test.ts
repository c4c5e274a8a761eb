// The models' shared internals: the BTYD reader and the (x, t_x, T) triples table.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { groupTriples, readBtydCustomers } from "../../src/models/btydInput.js";

describe("readBtydCustomers", () => {
  test("reads the columns through readRecords; ids by position when the records have none", () => {
    const r = readBtydCustomers("f", [{ frequency: 1, recency: 2, T: 3, monetaryValue: 4 }, { frequency: 0, recency: -0, T: 3, monetaryValue: 0 }], true);
    expect([r.ids, r.hasIds, [...r.x], [...r.tx], [...r.T], [...r.m]]).toEqual([["0", "1"], false, [1, 0], [2, 0], [3, 3], [4, 0]]);
    expect(Object.is(r.tx[1], 0)).toBe(true);
    expect(readBtydCustomers("f", new Set([{ customerId: 5, frequency: 0, recency: 0, T: 1 }])).ids).toEqual(["5"]);
  });

  test("cross-field rules are issues on recency naming the customer; both are reported when both fail", () => {
    let error: unknown;
    try {
      readBtydCustomers("f", [{ customerId: "a", frequency: 0, recency: 5, T: 2 }]);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({
      issues: [
        { code: "invalid_value", path: ["records", 0, "recency"], row: 0, field: "recency", customerId: "a", message: "recency 5 is after T 2" },
        { code: "invalid_value", path: ["records", 0, "recency"], customerId: "a", message: "expected 0 when frequency is 0, got 5" },
      ],
    });
    expect(String((error as Error).message)).toMatch(/^f: records\[0\]\.recency: recency 5 is after T 2 \(customer "a"\)/);
  });

  test("issues are capped at 20 with the total in the message", () => {
    const bad = Array.from({ length: 30 }, () => ({ frequency: 0, recency: 1, T: 2 }));
    expect(() => readBtydCustomers("f", bad)).toThrow(expect.objectContaining({ message: expect.stringMatching(/and 10 more/) }));
    let issues: unknown[] = [];
    try {
      readBtydCustomers("f", bad);
    } catch (error) {
      issues = (error as { issues: unknown[] }).issues;
    }
    expect(issues).toHaveLength(20);
    expect(issues[19]).toMatchObject({ row: 19 });
  });
});

describe("readBtydCustomers: the records' lane gives the general loop's result", () => {
  // `extra: {}` asks for the same fields and turns the lane off: the general loop reads every record
  const outcome = (read: () => unknown) => {
    try {
      const { path, ...columns } = read() as { path: (i: number, f: string) => unknown };
      return { ok: columns, path: path(1, "T") };
    } catch (error) {
      return { error: String(error), issues: (error as { issues?: unknown }).issues };
    }
  };
  const value = fc.oneof(fc.integer({ min: -2, max: 9 }), fc.double(), fc.constantFrom(-0, 0.5, null, undefined, "3", Infinity, Number.NaN));
  const id = fc.oneof(fc.constantFrom("a", "b", " c", "", "\u00e9", 2 ** 60, -0, 7, Number.NaN, null, undefined), fc.integer({ min: 0, max: 50 }).map((i) => `c${i}`), fc.integer({ min: 0, max: 50 }));
  const record = fc.record(
    { customerId: id, frequency: value, recency: value, T: value, monetaryValue: value, count: value, throws: fc.constantFrom("", "", "", "", "", "", "T", "count", "customerId") },
    { requiredKeys: ["frequency", "recency", "T", "throws"] },
  );
  const records = fc.array(fc.oneof({ weight: 20, arbitrary: record }, { weight: 1, arbitrary: fc.constantFrom(null, 5) }), { minLength: 1, maxLength: 12 }).map((rows) =>
    rows.map((r) => {
      if (r === null || typeof r !== "object") return r;
      const { throws, ...rest } = r as Record<string, unknown>;
      if (throws !== "") Object.defineProperty(rest, throws as string, { get: () => { throw new Error("no"); }, enumerable: true });
      return rest;
    }),
  );

  test("values, ids, counts and every issue as the general loop's (random records, bad ones among them)", () => {
    fc.assert(
      fc.property(records, fc.constantFrom(false, true, "signed" as const), fc.boolean(), (rows, monetary, numberIds) => {
        const lane = outcome(() => readBtydCustomers("f", rows as never, monetary, undefined, false, numberIds));
        const general = outcome(() => readBtydCustomers("f", rows as never, monetary, {}, false, numberIds));
        expect(lane).toEqual(general);
      }),
      { numRuns: 2000 },
    );
  });

  test("a record the lane stops at is read again from its start, and the rest by the general loop", () => {
    let reads = 0;
    const odd = { customerId: "b", frequency: 2, recency: 1, T: 4, get monetaryValue() { reads++; return reads === 1 ? -1 : 6; } };
    const rows = [{ customerId: "a", frequency: 1, recency: 1, T: 3, monetaryValue: 5 }, odd, { customerId: "c", frequency: 0, recency: 0, T: 2, monetaryValue: 0 }];
    const r = readBtydCustomers("f", rows, true);
    expect([r.ids, [...r.x], [...r.m], reads]).toEqual([["a", "b", "c"], [1, 2, 0], [5, 6, 0], 2]);
    // a duplicate among the ids the lane took (its hashes serve the duplicate check)
    const dup = Array.from({ length: 70_000 }, (_, i) => ({ customerId: `k${i === 69_999 ? 12 : i}`, frequency: 0, recency: 0, T: 1 }));
    expect(outcome(() => readBtydCustomers("f", dup))).toMatchObject({ issues: [{ code: "duplicate_customer", path: ["records", 69_999, "customerId"] }] });
  });
});

describe("groupTriples", () => {
  test("groups by value (0 and -0 are one value), keeps first-appearance order and conserves counts", () => {
    const g = groupTriples(Float64Array.of(1, 0, 1, -0, 2), Float64Array.of(3, 0, 3, 0, 3), Float64Array.of(5, 9, 5, 9, 5));
    expect([...g.x]).toEqual([1, 0, 2]);
    expect([...g.w]).toEqual([2, 2, 1]);
    expect([...g.group]).toEqual([0, 1, 0, 1, 2]);
  });
  test("property: every customer maps to a triple equal to its own; weights sum to n (also past table growth)", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 60 })), { maxLength: 3000 }), (rows) => {
        const x = Float64Array.from(rows, (r) => r[0]);
        const tx = Float64Array.from(rows, (r) => r[1] / 7);
        const T = Float64Array.from(rows, (r) => r[2] / 7);
        const g = groupTriples(x, tx, T);
        rows.forEach((_, i) => {
          const k = g.group[i];
          expect([g.x[k], g.tx[k], g.T[k]]).toEqual([x[i], tx[i], T[i]]);
        });
        expect(g.w.reduce((s, v) => s + v, 0)).toBe(rows.length);
        expect(new Set(rows.map((r) => r.join())).size).toBe(g.x.length);
      }),
      { numRuns: 30 },
    );
  });

  // A reference: a Map keyed by the values (−0 as 0; NaN never equal), first-appearance order, the
  // first row's own values, weights added in row order.
  function reference(x: Float64Array, tx: Float64Array, T: Float64Array, weight?: Float64Array) {
    const seen = new Map<string, number>();
    const ux: number[] = [];
    const utx: number[] = [];
    const uT: number[] = [];
    const w: number[] = [];
    const group = new Int32Array(x.length);
    const key = (v: number) => (Number.isNaN(v) ? null : String(v === 0 ? 0 : v));
    for (let i = 0; i < x.length; i++) {
      const parts = [key(x[i]), key(tx[i]), key(T[i])];
      const k = parts.includes(null) ? undefined : parts.join("|");
      let u = k === undefined ? undefined : seen.get(k);
      if (u === undefined) {
        u = ux.length;
        if (k !== undefined) seen.set(k, u);
        ux.push(x[i]);
        utx.push(tx[i]);
        uT.push(T[i]);
        w.push(weight ? weight[i] : 1);
      } else w[u] += weight ? weight[i] : 1;
      group[i] = u;
    }
    return { x: ux, tx: utx, T: uT, w, group: [...group] };
  }
  const plain = (a: ArrayLike<number>) => Array.from(a, (v) => (Object.is(v, -0) ? "-0" : Number.isNaN(v) ? "NaN" : v));

  test("past 65,536 rows (partitioned by hash): the same groups, order, first values and weight sums as the reference", () => {
    let seed = 7;
    const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    // few distinct triples, most rows distinct, and a mix with −0, NaN and fractional weights
    for (const [n, spread, odd] of [
      [70_000, 30, false],
      [150_000, 100_000, false],
      [100_000, 60, true],
    ] as const) {
      const x = new Float64Array(n);
      const tx = new Float64Array(n);
      const T = new Float64Array(n);
      const weight = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const f = Math.floor(rand() * spread);
        x[i] = f % 40;
        tx[i] = odd && rand() < 0.1 ? -0 : Math.floor(f / 40) / 7;
        T[i] = odd && rand() < 0.001 ? Number.NaN : 60 + (f % 13) / 7;
        weight[i] = 0.1 + rand();
      }
      for (const w of [undefined, weight]) {
        const g = groupTriples(x, tx, T, w);
        const r = reference(x, tx, T, w);
        expect(plain(g.x)).toEqual(plain(r.x));
        expect(plain(g.tx)).toEqual(plain(r.tx));
        expect(plain(g.T)).toEqual(plain(r.T));
        expect([...g.w]).toEqual(r.w);
        expect([...g.group]).toEqual(r.group);
        // without the customers' groups (a fit's call): the same triples and weights, no group column
        const f = groupTriples(x, tx, T, w, false);
        expect(plain(f.x)).toEqual(plain(r.x));
        expect(plain(f.tx)).toEqual(plain(r.tx));
        expect(plain(f.T)).toEqual(plain(r.T));
        expect([...f.w]).toEqual(r.w);
        expect(f.group.length).toBe(0);
      }
    }
  });
});
