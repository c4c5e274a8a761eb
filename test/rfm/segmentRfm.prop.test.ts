import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { CLASSIC_SEGMENTS, R_RFM_README_SCHEME, segmentRfm } from "../../src/rfm/index.js";
import { customerRecords, deepFreeze, shuffled } from "../helpers/arbitraries.js";
import { columnsOfRecords, recordsOfColumns, sharesNoArray } from "../helpers/columns.js";

const classicIds = new Set<string>(CLASSIC_SEGMENTS.map((s) => s.id));
const options = [{}, { thresholds: "median" as const }, { basis: "scores" as const }, { ties: "high" as const }, { scheme: "r-rfm-readme" as const }];
const byId = <T extends { customerId: string }>(rows: T[]) => [...rows].sort((a, b) => (a.customerId < b.customerId ? -1 : 1));

describe("segmentRfm properties", () => {
  test.each(options)("all customers keep exactly one segment and counts sum to N (%j)", (opts) => {
    fc.assert(
      fc.property(customerRecords(), (rows) => {
        const { customers: segments, meta } = segmentRfm(rows, opts);
        const summary = meta.segments;
        expect(segments.map((s) => s.customerId)).toEqual(rows.map((r) => r.customerId));
        const allowed = opts.scheme ? new Set([...R_RFM_README_SCHEME.map((r) => r.id), "others"]) : classicIds;
        for (const s of segments) expect(allowed.has(s.segment)).toBe(true);
        expect(summary.reduce((n, row) => n + row.customers, 0)).toBe(rows.length);
        expect(summary.reduce((n, row) => n + row.share, 0)).toBeCloseTo(1, 10);
        for (const row of summary) expect(row.customers).toBe(segments.filter((s) => s.segment === row.segment).length);
        if (!opts.scheme) expect(summary.map((r) => r.segment)).toEqual(CLASSIC_SEGMENTS.map((s) => s.id));
      }),
    );
  });

  test.each(options)("a permutation of the customers changes no customer's segment (%j)", (opts) => {
    fc.assert(
      fc.property(customerRecords().chain((rows) => fc.tuple(fc.constant(rows), shuffled(rows))), ([rows, perm]) => {
        const seg = (x: typeof rows) => byId(segmentRfm(x, opts).customers).map((s) => [s.customerId, s.segment]);
        expect(seg(perm)).toEqual(seg(rows));
      }),
    );
  });

  test.each(options)("scaling all amounts by a power of two leaves segments unchanged (%j)", (opts) => {
    fc.assert(
      fc.property(customerRecords(), fc.integer({ min: -8, max: 8 }), (rows, k) => {
        const scaled = rows.map((r) => ({ ...r, monetary: r.monetary * 2 ** k }));
        const seg = (x: typeof rows) => segmentRfm(x, opts).customers.map((s) => s.segment);
        expect(seg(scaled)).toEqual(seg(rows));
      }),
    );
  });

  test("the classic pattern agrees with the thresholds in meta", () => {
    fc.assert(
      fc.property(customerRecords(), (rows) => {
        const { customers: segments, meta } = segmentRfm(rows);
        const t = meta.thresholds!;
        for (const s of segments) {
          const p = (s.recencyDays < t.recency ? "H" : "L") + (s.frequency > t.frequency ? "H" : "L") + (s.monetary > t.monetary ? "H" : "L");
          expect(s.pattern).toBe(p);
          expect(CLASSIC_SEGMENTS.find((c) => c.pattern === p)!.id).toBe(s.segment);
        }
      }),
    );
  });

  test("the input is never mutated", () => {
    fc.assert(
      fc.property(customerRecords(), (rows) => {
        const frozen = deepFreeze(structuredClone(rows));
        segmentRfm(frozen);
        segmentRfm(frozen, { scheme: "r-rfm-tests" });
        expect(frozen).toEqual(rows);
      }),
    );
  });
});

describe("segmentRfm: output columns", () => {
  const variants = [
    ...options,
    { basis: "scores" as const, ties: "high" as const, scoring: { method: "rank" as const, bins: 4 } },
    { scheme: "r-rfm-tests" as const, scoring: { method: "r-rfm" as const } },
    { scheme: "custom" as const, rules: [{ id: "top", recency: [4, 5] as [number, number], frequency: [3, 5] as [number, number], monetary: [1, 5] as [number, number] }], otherwise: "rest" },
  ];
  test.each(variants)("columns in and out hold exactly the records' values and meta; the input columns are untouched (%j)", (opts) => {
    fc.assert(
      fc.property(customerRecords(), (rows) => {
        const expected = segmentRfm(rows, opts);
        const columns = columnsOfRecords(rows, ["recencyDays", "frequency", "monetary"]);
        const before = structuredClone(columns);
        const out = segmentRfm(columns, { ...opts, output: "columns" });
        expect(columns).toEqual(before);
        expect(out.meta).toEqual(expected.meta);
        const scored = expected.customers[0].r !== null;
        expect(out.columns.r === null).toBe(!scored);
        if (scored) expect(out.columns.r).toBeInstanceOf(Int32Array);
        expect(out.columns.pattern === null).toBe(expected.customers[0].pattern === null);
        expect(recordsOfColumns(out.columns)).toEqual(expected.customers);
        expect(sharesNoArray(out.columns, columns)).toBe(true);
        expect(segmentRfm(deepFreeze(structuredClone(rows)), { ...opts, output: "columns" })).toEqual(out);
      }),
    );
  });
});
