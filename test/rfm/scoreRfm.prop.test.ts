import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { scoreRfm, type RfmMethod } from "../../src/rfm/index.js";
import { customerRecords, deepFreeze, shuffled } from "../helpers/arbitraries.js";
import { columnsOfRecords, recordsOfColumns, sharesNoArray } from "../helpers/columns.js";

const methods: RfmMethod[] = ["quantile", "r-rfm", "rank"];
const bins = fc.integer({ min: 2, max: 10 });
const byId = <T extends { customerId: string }>(rows: T[]) => [...rows].sort((a, b) => (a.customerId < b.customerId ? -1 : 1));

describe("scoreRfm properties", () => {
  test.each(methods)("%s: every score lies in 1..bins", (method) => {
    fc.assert(
      fc.property(customerRecords(), bins, bins, bins, (rows, br, bf, bm) => {
        const { customers: scores, meta } = scoreRfm(rows, { method, bins: { recency: br, frequency: bf, monetary: bm } });
        expect(scores).toHaveLength(rows.length);
        for (const s of scores) {
          expect(s.r).toBeGreaterThanOrEqual(1);
          expect(s.r).toBeLessThanOrEqual(br);
          expect(s.f).toBeGreaterThanOrEqual(1);
          expect(s.f).toBeLessThanOrEqual(bf);
          expect(s.m).toBeGreaterThanOrEqual(1);
          expect(s.m).toBeLessThanOrEqual(bm);
        }
        expect(meta.recency.edges).toHaveLength(br + 1);
      }),
    );
  });

  test.each(methods)("%s: scores are monotone in the values (recency reversed)", (method) => {
    fc.assert(
      fc.property(customerRecords(), (rows) => {
        const { customers: scores } = scoreRfm(rows, { method });
        for (let i = 0; i < scores.length; i++) {
          for (let j = 0; j < scores.length; j++) {
            const a = scores[i];
            const b = scores[j];
            if (a.frequency < b.frequency) expect(a.f).toBeLessThanOrEqual(b.f);
            if (a.monetary < b.monetary) expect(a.m).toBeLessThanOrEqual(b.m);
            if (a.recencyDays < b.recencyDays) expect(a.r).toBeGreaterThanOrEqual(b.r);
          }
        }
      }),
    );
  });

  test.each(["quantile", "r-rfm"] as const)("%s: ties always share a score", (method) => {
    fc.assert(
      fc.property(customerRecords(), (rows) => {
        const { customers: scores } = scoreRfm(rows, { method });
        const check = (key: "recencyDays" | "frequency" | "monetary", score: "r" | "f" | "m") => {
          const seen = new Map<number, number>();
          for (const s of scores) {
            const prev = seen.get(s[key]);
            if (prev === undefined) seen.set(s[key], s[score]);
            else expect(s[score]).toBe(prev);
          }
        };
        check("recencyDays", "r");
        check("frequency", "f");
        check("monetary", "m");
      }),
    );
  });

  test.each(methods)("%s: a permutation of the customers changes no customer's scores", (method) => {
    fc.assert(
      fc.property(customerRecords().chain((rows) => fc.tuple(fc.constant(rows), shuffled(rows))), ([rows, perm]) => {
        expect(byId(scoreRfm(perm, { method }).customers)).toEqual(byId(scoreRfm(rows, { method }).customers));
      }),
    );
  });

  test.each(["quantile", "rank"] as const)("%s: scaling all amounts by a power of two leaves scores unchanged", (method) => {
    fc.assert(
      fc.property(customerRecords(), fc.integer({ min: -8, max: 8 }), (rows, k) => {
        const scaled = rows.map((r) => ({ ...r, monetary: r.monetary * 2 ** k }));
        const cells = (x: typeof rows) => scoreRfm(x, { method }).customers.map((s) => s.cell);
        expect(cells(scaled)).toEqual(cells(rows));
      }),
    );
  });

  test("rank: bins hold equal counts (differing by at most one)", () => {
    fc.assert(
      fc.property(customerRecords(), bins, (rows, b) => {
        const { customers: scores } = scoreRfm(rows, { method: "rank", bins: b });
        const counts = new Array(b).fill(0);
        for (const s of scores) counts[s.f - 1]++;
        const nonEmpty = rows.length >= b ? counts : counts.slice(0, rows.length);
        expect(Math.max(...nonEmpty) - Math.min(...nonEmpty)).toBeLessThanOrEqual(1);
      }),
    );
  });

  test("quantile and rank with given breaks: a score is 1 + the breaks below the value (recency reversed), the same for both", () => {
    const breakList = fc.uniqueArray(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 9 }).map((xs) => xs.sort((a, b) => a - b));
    fc.assert(
      fc.property(customerRecords(), breakList, breakList, (rows, rb, fb) => {
        const breaks = { recency: rb, frequency: fb };
        const q = scoreRfm(rows, { breaks });
        const r = scoreRfm(rows, { method: "rank", breaks });
        q.customers.forEach((c, i) => {
          expect(c.r).toBe(rb.length + 1 - rb.filter((b) => c.recencyDays > b).length);
          expect(c.f).toBe(1 + fb.filter((b) => c.frequency > b).length);
          expect([r.customers[i].r, r.customers[i].f]).toEqual([c.r, c.f]);
        });
        expect([r.meta.recency, r.meta.frequency]).toEqual([q.meta.recency, q.meta.frequency]);
      }),
      { numRuns: 50 },
    );
  });

  test("quantile on 1,024+ whole numbers (scored by a table per value) and on fractions: a score is 1 + the inner edges below the value, recency reversed", () => {
    const big = fc.record({
      n: fc.integer({ min: 1024, max: 3000 }),
      width: fc.integer({ min: 0, max: 5000 }),
      lo: fc.integer({ min: -2, max: 2e6 }),
      seed: fc.integer(),
      bins: fc.integer({ min: 2, max: 10 }),
      fraction: fc.boolean(),
    });
    fc.assert(
      fc.property(big, ({ n, width, lo, seed, bins, fraction }) => {
        let s = seed >>> 0;
        const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) % (width + 1);
        const whole = Float64Array.from({ length: n }, () => Math.max(0, lo + next()));
        const money = Float64Array.from({ length: n }, () => lo + next() + (fraction ? 0.25 : 0));
        const columns = { customerId: Array.from({ length: n }, (_, i) => `c${i}`), recencyDays: whole, frequency: Float64Array.from(whole).reverse(), monetary: money };
        const { columns: out, meta } = scoreRfm(columns, { bins, output: "columns" });
        const below = (v: number, edges: number[]) => edges.slice(1, -1).filter((e) => v > e).length;
        for (let i = 0; i < n; i++) {
          expect(out.r[i]).toBe(bins - below(whole[i], meta.recency.edges));
          expect(out.f[i]).toBe(1 + below(columns.frequency[i], meta.frequency.edges));
          expect(out.m[i]).toBe(1 + below(money[i], meta.monetary.edges));
        }
        const sorted = Float64Array.from(whole).sort();
        expect(meta.recency.edges[0]).toBe(sorted[0]);
        expect(meta.recency.edges[bins]).toBe(sorted[n - 1]);
        expect(meta.monetary.edges[bins]).toBe(Math.max(...money));
      }),
      { numRuns: 40 },
    );
  });

  test.each(methods)("%s: the input is never mutated", (method) => {
    fc.assert(
      fc.property(customerRecords(), (rows) => {
        const frozen = deepFreeze(structuredClone(rows));
        scoreRfm(frozen, { method });
        expect(frozen).toEqual(rows);
      }),
    );
  });
});

describe("scoreRfm: output columns", () => {
  test.each(["quantile", "r-rfm", "rank"] as const)("columns in and out hold exactly the records' values and meta; the input columns are untouched (%s)", (method) => {
    fc.assert(
      fc.property(customerRecords(), fc.integer({ min: 2, max: 10 }), (rows, bins) => {
        const expected = scoreRfm(rows, { method, bins });
        const columns = columnsOfRecords(rows, ["recencyDays", "frequency", "monetary"]);
        const before = structuredClone(columns);
        const out = scoreRfm(columns, { method, bins, output: "columns" });
        expect(columns).toEqual(before);
        expect(out.meta).toEqual(expected.meta);
        expect(recordsOfColumns(out.columns)).toEqual(expected.customers);
        expect(sharesNoArray(out.columns, columns)).toBe(true);
        expect(scoreRfm(deepFreeze(structuredClone(rows)), { method, bins, output: "columns" })).toEqual(out);
      }),
    );
  });
});
