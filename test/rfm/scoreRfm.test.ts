import type { ScoreRfmColumnsResult } from "../../src/rfm/index.js";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { describe, expect, expectTypeOf, test } from "vitest";
import { AnalyticsInputError, customerFieldsSchema, scoreRfm, scoreRfmOptionsSchema, type RfmScore, type RfmScoreMeta, type ScoreRfmOptions, type ScoreRfmResult } from "../../src/rfm/index.js";
import { sharesNoArray } from "../helpers/columns.js";

const seq = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
const rows = (r: number[], f: number[], m: number[]) => r.map((_, i) => ({ customerId: String(i + 1), recencyDays: r[i], frequency: f[i], monetary: m[i] }));

describe("scoreRfm: method quantile (default)", () => {
  test("ten customers 1..10 in 5 bins: type-7 edges 2.8, 4.6, 6.4, 8.2, right-closed", () => {
    const { customers, meta } = scoreRfm(rows(seq(10), seq(10), seq(10)));
    // 9 * 0.6 is 5.3999999999999995 in doubles, so the third edge is 6.3999999999999995 (as percentile_cont).
    [1, 2.8, 4.6, 6.4, 8.2, 10].forEach((e, i) => expect(meta.frequency.edges[i]).toBeCloseTo(e, 12));
    expect(customers.map((s) => s.f)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    expect(customers.map((s) => s.m)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    // recency reversed: 1 day ago is the best
    expect(customers.map((s) => s.r)).toEqual([5, 5, 4, 4, 3, 3, 2, 2, 1, 1]);
    expect(customers[0].cell).toBe("511");
    expect(meta.intervals).toBe("right-closed");
  });

  test("ties share a score, a value equal to an edge takes the lower bin", () => {
    // F = 1,1,1,1,2: edges (q.2..q.8) = 1, 1, 1, 1.2 -> the four 1s score 1, the 2 scores 5.
    const { customers, meta } = scoreRfm(rows([10, 20, 30, 40, 50], [1, 1, 1, 1, 2], [5, 5, 5, 5, 5]));
    expect(meta.frequency.edges.slice(0, 4)).toEqual([1, 1, 1, 1]);
    expect(meta.frequency.edges[4]).toBeCloseTo(1.2, 14);
    expect(customers.map((s) => s.f)).toEqual([1, 1, 1, 1, 5]);
    // all-equal monetary: everyone in the lowest bin
    expect(customers.map((s) => s.m)).toEqual([1, 1, 1, 1, 1]);
  });

  test("custom breaks and per-dimension bins", () => {
    const { customers, meta } = scoreRfm(rows([5, 50, 500], [1, 3, 9], [10, 100, 1000]), {
      breaks: { recency: [30, 365] },
      bins: { frequency: 3, monetary: 2 },
    });
    expect(meta.recency.bins).toBe(3);
    expect(meta.recency.source).toBe("given");
    expect(meta.recency.edges).toEqual([5, 30, 365, 500]);
    expect(customers.map((s) => s.r)).toEqual([3, 2, 1]);
    expect(customers.map((s) => s.f)).toEqual([1, 2, 3]);
    expect(customers.map((s) => s.m)).toEqual([1, 1, 2]);
  });

  test("10 bins write the cell with dashes", () => {
    const { customers } = scoreRfm(rows(seq(20), seq(20), seq(20)), { bins: 10 });
    expect(customers[0].cell).toBe("10-1-1");
    expect(customers[19].cell).toBe("1-10-10");
  });

  test("one customer gets the top F/M bin-1 and R score bins", () => {
    const { customers } = scoreRfm([{ customerId: "x", recencyDays: 5, frequency: 2, monetary: 10 }]);
    expect(customers[0]).toMatchObject({ r: 5, f: 1, m: 1, cell: "511" });
  });
});

describe("scoreRfm: a value on an edge (docs/rfm-scores.md)", () => {
  test("quantile: F/M on an edge take the lower score; recency days on an edge take the higher R (bin of the fewer days, then reversed)", () => {
    // days 10..50, bins 2: the edge is the median 30; the customer with 30 days is binned with 10 and 20
    const { customers, meta } = scoreRfm(rows([10, 20, 30, 40, 50], [1, 2, 3, 4, 5], [1, 2, 3, 4, 5]), { bins: 2 });
    expect(meta.recency.edges).toEqual([10, 30, 50]);
    expect(customers.map((c) => c.r)).toEqual([2, 2, 2, 1, 1]);
    expect(customers.map((c) => c.f)).toEqual([1, 1, 1, 2, 2]);
    const breaks = scoreRfm(rows([10, 30, 50], [1, 3, 5], [1, 3, 5]), { breaks: { recency: [30], frequency: [3] } }).customers;
    expect(breaks.map((c) => [c.r, c.f])).toEqual([[2, 1], [2, 1], [1, 2]]);
  });

  test("docs/rfm-scores.md says so for recency (it used to say 'gets the lower score' for every dimension)", () => {
    const doc = readFileSync(new URL("../../docs/rfm-scores.md", import.meta.url), "utf8");
    expect(doc).not.toMatch(/a value equal to an edge gets the lower score \|/);
    expect(doc).toMatch(/higher R score/);
  });
});

describe("scoreRfm: bins and breaks", () => {
  test("one number of bins that disagrees with a dimension's breaks is refused, not overridden", () => {
    const three = rows([1, 2, 3], [1, 2, 3], [1, 2, 3]);
    expect(() => scoreRfm(three, { bins: 3, breaks: { recency: [1, 2, 3, 4] } })).toThrow(
      new RangeError("scoreRfm: bins is 3 but breaks.recency has 4 values (5 bins); give bins per dimension (bins: { frequency: 3, monetary: 3 }) or 2 breaks"),
    );
    expect(() => scoreRfm(three, { bins: 3, breaks: { recency: [1], frequency: [1], monetary: [1] } })).toThrow(/^scoreRfm: bins is 3 .*leave bins out/);
    // agreeing counts, and per-dimension bins for the others, are fine
    expect(scoreRfm(three, { bins: 3, breaks: { recency: [1, 2] } }).meta.recency.bins).toBe(3);
    expect(scoreRfm(three, { bins: { frequency: 3, monetary: 3 }, breaks: { recency: [1, 2, 3, 4] } }).meta.recency.bins).toBe(5);
  });
});

describe("scoreRfm: method r-rfm reproduces R rfm's edge cases", () => {
  test("values from 2^53 up: the top bin is not empty (max + 1 rounds to max), every score is within 1..bins", () => {
    const huge = [2 ** 53, 2 ** 60, 1e308, 1.7976931348623157e308];
    const { customers, meta } = scoreRfm(rows(huge, huge, huge), { method: "r-rfm", bins: 2 });
    expect(meta.monetary.edges.at(-1)).toBe(1.7976931348623157e308); // R's max + 1
    expect(customers.map((c) => c.m)).toEqual([1, 1, 2, 2]);
    expect(customers.map((c) => c.f)).toEqual([1, 1, 2, 2]);
    expect(customers.map((c) => c.r)).toEqual([2, 2, 1, 1]);
    // as for small values: one customer is in the first bin ([min, q + 1)), so F = M = 1 and R = 5
    const one = scoreRfm(rows([5], [3], [2 ** 53]), { method: "r-rfm" }).customers[0];
    expect([one.r, one.f, one.m]).toEqual([5, 1, 1]);
    expect(scoreRfm(rows([5], [3], [7]), { method: "r-rfm" }).customers[0]).toMatchObject({ r: 5, f: 1, m: 1 });
  });


  test("ten customers 1..10: edges are quantile + 1", () => {
    const { customers, meta } = scoreRfm(rows(seq(10), seq(10), seq(10)), { method: "r-rfm" });
    expect(meta.recency.edges).toEqual([1, 3.8, 5.6, 7.4, 9.2, 11]);
    expect(customers.map((s) => s.r)).toEqual([5, 5, 5, 4, 4, 3, 3, 2, 2, 1]);
    expect(customers.map((s) => s.f)).toEqual([1, 1, 1, 2, 2, 3, 3, 4, 4, 5]);
  });

  test("few distinct values: F = 1,1,1,1,2 gives 1,1,1,1,4 (empty bins are not renumbered)", () => {
    const { customers } = scoreRfm(rows([10, 20, 30, 40, 50], [1, 1, 1, 1, 2], [5, 5, 5, 5, 5]), { method: "r-rfm" });
    expect(customers.map((s) => s.cell)).toEqual(["511", "411", "311", "211", "141"]);
  });

  test("value exactly at the quantile vs quantile + 1", () => {
    const { customers, meta } = scoreRfm(rows(seq(6), seq(6), [1, 1.5, 2, 2.5, 3, 100]), { method: "r-rfm" });
    expect(customers.map((s) => s.cell)).toEqual(["511", "511", "421", "332", "243", "155"]);
    expect(meta.monetary.edges).toEqual([1, 2.5, 3, 3.5, 4, 101]);
  });

  test("3 bins and 6/3/3 mixed bins", () => {
    expect(scoreRfm(rows(seq(9), seq(9), seq(9)), { method: "r-rfm", bins: 3 }).customers.map((s) => s.cell)).toEqual([
      "311", "311", "311", "311", "222", "222", "222", "133", "133",
    ]);
    const mixed = scoreRfm(rows(seq(12), seq(12), seq(12)), { method: "r-rfm", bins: { recency: 6, frequency: 3, monetary: 3 } });
    expect(mixed.customers.map((s) => s.cell)).toEqual(["611", "611", "611", "511", "511", "422", "422", "322", "322", "233", "233", "133"]);
  });

  test("single customer, negative and zero amounts, non-integer recency", () => {
    expect(scoreRfm([{ customerId: "1", recencyDays: 5, frequency: 2, monetary: 10 }], { method: "r-rfm" }).customers[0].cell).toBe("511");
    expect(scoreRfm(rows(seq(5), seq(5), [-10, 0, 0, 3, 8]), { method: "r-rfm" }).customers.map((s) => s.cell)).toEqual([
      "511", "512", "422", "334", "245",
    ]);
    expect(scoreRfm(rows([0.5, 1.5, 2.5, 3.5, 4.5], seq(5), seq(5)), { method: "r-rfm" }).customers.map((s) => s.cell)).toEqual([
      "511", "511", "422", "333", "244",
    ]);
  });

  test("custom breaks above max + 1 and below min", () => {
    const above = scoreRfm(rows(seq(6), seq(6), seq(6)), { method: "r-rfm", breaks: { recency: [3, 100], frequency: [3, 100], monetary: [3, 100] } });
    expect(above.customers.map((s) => s.cell)).toEqual(["311", "311", "222", "222", "222", "222"]);
    const below = scoreRfm(rows([11, 12, 13, 14, 15, 16], [11, 12, 13, 14, 15, 16], [11, 12, 13, 14, 15, 16]), {
      method: "r-rfm",
      breaks: { recency: [5, 12], frequency: [5, 12], monetary: [5, 12] },
    });
    expect(below.customers.map((s) => s.cell)).toEqual(["222", "133", "133", "133", "133", "133"]);
  });
});

describe("scoreRfm: method rank (NTILE)", () => {
  test("equal-count bins; the first n mod bins bins get one more", () => {
    const { customers } = scoreRfm(rows(seq(7), seq(7), seq(7)), { method: "rank", bins: 3 });
    expect(customers.map((s) => s.f)).toEqual([1, 1, 1, 2, 2, 3, 3]);
    expect(customers.map((s) => s.r)).toEqual([3, 3, 3, 2, 2, 1, 1]);
  });

  test("ties are split by customerId in code-unit order, whatever the input order", () => {
    const input = ["d", "b", "a", "c"].map((id) => ({ customerId: id, recencyDays: 1, frequency: 1, monetary: 1 }));
    const { customers, meta } = scoreRfm(input, { method: "rank", bins: 2 });
    expect(Object.fromEntries(customers.map((s) => [s.customerId, s.f]))).toEqual({ a: 1, b: 1, c: 2, d: 2 });
    expect(meta.tieBreak).toBe("customerId");
  });

  test("equals NTILE over (value, customerId) computed by a full sort, ties and empty bins included", () => {
    // the reference orders every customer by (value, id in code-unit order) and cuts n into bins
    const ntileReference = (values: number[], ids: string[], bins: number): number[] => {
      const n = values.length;
      const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b] || (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0));
      const q = Math.floor(n / bins);
      const rem = n % bins;
      const out = new Array<number>(n);
      order.forEach((i, p) => (out[i] = p < rem * (q + 1) ? Math.floor(p / (q + 1)) + 1 : rem + Math.floor((p - rem * (q + 1)) / q) + 1));
      return out;
    };
    const customer = fc.record({ id: fc.string({ minLength: 1, maxLength: 4 }).filter((x) => x.trim() !== ""), v: fc.integer({ min: 0, max: 6 }) });
    fc.assert(
      fc.property(fc.uniqueArray(customer, { minLength: 1, maxLength: 60, selector: (c) => c.id }), fc.integer({ min: 2, max: 10 }), (cs, bins) => {
        const input = cs.map((c, i) => ({ customerId: c.id, recencyDays: c.v, frequency: (c.v * 7 + i) % 4, monetary: c.v / 2 }));
        const { customers, meta } = scoreRfm(input, { method: "rank", bins });
        const ids = cs.map((c) => c.id);
        expect(customers.map((c) => c.f)).toEqual(ntileReference(input.map((c) => c.frequency), ids, bins));
        expect(customers.map((c) => c.m)).toEqual(ntileReference(input.map((c) => c.monetary), ids, bins));
        // recency reversed: fewest days = highest score
        expect(customers.map((c) => c.r)).toEqual(ntileReference(input.map((c) => c.recencyDays), ids, bins).map((b) => bins + 1 - b));
        expect(meta.frequency.edges).toHaveLength(bins + 1);
      }),
      { numRuns: 300 },
    );
  });
});

describe("scoreRfm: columns in and out", () => {
  const columns = {
    customerId: ["a", "b", "c", "d", "e"],
    recencyDays: Float64Array.of(3, 40, 400, 10, 40),
    frequency: [9, 2, 1, 4, 2],
    monetary: Float64Array.of(900, 80, 15, 100, -5),
  };
  const records = columns.customerId.map((customerId, i) => ({ customerId, recencyDays: columns.recencyDays[i], frequency: columns.frequency[i], monetary: columns.monetary[i] }));

  test.each(["quantile", "r-rfm", "rank"] as const)("columns give the records' scores (%s), and output: columns the same values", (method) => {
    const fromRecords = scoreRfm(records, { method, bins: 3 });
    expect(scoreRfm(columns, { method, bins: 3 })).toEqual(fromRecords);
    const { columns: out, meta } = scoreRfm(columns, { method, bins: 3, output: "columns" });
    expect(meta).toEqual(fromRecords.meta);
    expect(out.r).toBeInstanceOf(Int32Array);
    const rebuilt = out.customerId.map((customerId, i) => ({ customerId, recencyDays: out.recencyDays[i], frequency: out.frequency[i], monetary: out.monetary[i], r: out.r[i], f: out.f[i], m: out.m[i], cell: out.cell[i] }));
    expect(rebuilt).toEqual(fromRecords.customers);
    // the result shares no array with the input
    expect(out.recencyDays).not.toBe(columns.recencyDays);
    expect(out.customerId).not.toBe(columns.customerId);
  });

  test("Float64Array columns are read in place: the same scores as copies, the input untouched, the output's own arrays", () => {
    // whole and fractional values, 5,000 customers (counted and radix-selected edges), -0 in one column
    const n = 5000;
    const ids = Array.from({ length: n }, (_, i) => `c${i}`);
    const recencyDays = Float64Array.from({ length: n }, (_, i) => (i * 7919) % 1000);
    const frequency = Float64Array.from({ length: n }, (_, i) => 1 + ((i * 31) % 17));
    const monetary = Float64Array.from({ length: n }, (_, i) => ((i * 104729) % 100003) / 7 - 50);
    recencyDays[3] = -0;
    const snapshot = () => [recencyDays, frequency, monetary].map((c) => Array.from(c, (v) => (Object.is(v, -0) ? "-0" : v)));
    const before = snapshot();
    // a subclass whose iterator lies and an instance with its own buffer: never read in place
    class Lying extends Float64Array {
      override *[Symbol.iterator](): ArrayIterator<number> {
        yield 1e9;
      }
    }
    const lying = Lying.from(monetary);
    const ownBuffer = Float64Array.from(frequency);
    Object.defineProperty(ownBuffer, "buffer", { value: new Float64Array(n).buffer });
    for (const method of ["quantile", "r-rfm", "rank"] as const) {
      const input = { customerId: ids, recencyDays, frequency, monetary };
      const copies = { customerId: ids, recencyDays: Array.from(recencyDays), frequency: Array.from(frequency), monetary: Array.from(monetary) };
      const expected = scoreRfm(copies, { method, output: "columns" });
      const got = scoreRfm(input, { method, output: "columns" });
      expect(got).toEqual(expected);
      expect(sharesNoArray(got.columns, input)).toBe(true);
      expect(scoreRfm(input, { method })).toEqual(scoreRfm(copies, { method }));
      expect(scoreRfm({ ...input, monetary: lying, frequency: ownBuffer }, { method, output: "columns" })).toEqual(expected);
      expect(snapshot()).toEqual(before);
    }
  });

  test("dictionary ids, and the errors name the column and the entry", () => {
    const boom = (): never => {
      throw new Error("boom");
    };
    const dict = { ...columns, customerId: { codes: Int32Array.of(4, 3, 2, 1, 0), dictionary: ["e", "d", "c", "b", "a"] } };
    expect(scoreRfm(dict)).toEqual(scoreRfm(columns));
    const issues = (input: unknown) => {
      try {
        scoreRfm(input as typeof columns);
      } catch (error) {
        expect(error).toBeInstanceOf(AnalyticsInputError);
        return (error as AnalyticsInputError).issues.map((i) => [i.code, i.path, i.customerId]);
      }
      throw new Error("no error");
    };
    expect(issues({ ...columns, customerId: ["a", "b", "a", "d", "e"] })).toEqual([["duplicate_customer", ["columns", "customerId", 2], "a"]]);
    expect(issues({ ...columns, frequency: [9, 2, -1, 4, 2] })).toEqual([["invalid_value", ["columns", "frequency", 2], "c"]]);
    expect(issues({ ...columns, monetary: [1, 2] })).toEqual([["length_mismatch", ["columns", "monetary"], undefined]]);
    // the column checks of transactions (columnLength): not an array, no length, a length no array has, a throwing length
    expect(issues({ ...columns, monetary: 5 })).toEqual([["missing_field", ["columns", "monetary"], undefined]]);
    expect(issues({ ...columns, monetary: { length: "5" } })).toEqual([["missing_field", ["columns", "monetary"], undefined]]);
    expect(issues({ ...columns, monetary: { length: 2 ** 40 } })).toEqual([["length_mismatch", ["columns", "monetary"], undefined]]);
    const throwingLength = new Proxy([1, 2, 3, 4, 5], { get: (t, p) => (p === "length" ? boom() : Reflect.get(t, p)) });
    expect(issues({ ...columns, monetary: throwingLength })).toEqual([["unreadable_field", ["columns", "monetary"], undefined]]);
    expect(issues({ customerId: columns.customerId, recencyDays: columns.recencyDays, frequency: columns.frequency })).toEqual([["missing_field", ["columns", "monetary"], undefined]]);
    expect(issues({ ...dict, customerId: { codes: [0, 9, 1, 2, 3], dictionary: ["e", "d", "c", "b", "a"] } })).toEqual([["invalid_value", ["columns", "customerId", 1], undefined]]);
    expect(() => scoreRfm(columns, { fields: { monetary: (r: { monetary: number }) => r.monetary } })).toThrow(/scoreRfm: with columns, each field is a column name; monetary is an accessor/);
    expect(() => scoreRfm({ size: 3 } as never)).toThrow(TypeError);
  });

  test("the input columns are not modified", () => {
    const copy = structuredClone(columns);
    scoreRfm(columns, { method: "rank", output: "columns" });
    expect(columns).toEqual(copy);
  });
});

describe("scoreRfm: bad input", () => {
  const good = { customerId: "a", recencyDays: 1, frequency: 1, monetary: 1 };
  test.each([
    [{ bins: 1 }, RangeError, /^scoreRfm: options\.bins/],
    [{ bins: 11 }, RangeError, /^scoreRfm: options\.bins/],
    [{ bins: 2.5 }, TypeError, /^scoreRfm: options\.bins/],
    [{ method: "kmeans" }, RangeError, /^scoreRfm: options\.method/],
    [{ breaks: { recency: [30, 10] } }, RangeError, /^scoreRfm: breaks\.recency must be strictly increasing/],
    [{ bins: { recency: 4 }, breaks: { recency: [10, 20] } }, RangeError, /^scoreRfm: bins\.recency is 4/],
    [{ bogus: 1 }, TypeError, /^scoreRfm: options: unknown option "bogus"/],
    [{ fields: { recency: "days" } }, TypeError, /^scoreRfm: options\.fields: unknown option "recency"/],
  ])("options %j -> %o", (options, Err, message) => {
    expect(() => scoreRfm([good], options as never)).toThrow(Err);
    expect(() => scoreRfm([good], options as never)).toThrow(message);
  });

  test("invalid values name record and field", () => {
    const bad = [good, { customerId: "b", recencyDays: -1, frequency: Number.NaN, monetary: "12,5" }];
    try {
      scoreRfm(bad);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AnalyticsInputError);
      const err = e as AnalyticsInputError;
      expect(err.code).toBe("invalid_value");
      expect(err.issues.map((i) => i.path)).toEqual([
        ["records", 1, "recencyDays"],
        ["records", 1, "frequency"],
        ["records", 1, "monetary"],
      ]);
      expect(err.issues[2]).toMatchObject({ row: 1, field: "monetary", customerId: "b", message: 'expected a finite number, got "12,5"' });
      expect(err.message).toContain('records[1].monetary: expected a finite number, got "12,5" (customer "b")');
    }
  });

  test("empty input, duplicates, missing field", () => {
    expect(() => scoreRfm([])).toThrow(expect.objectContaining({ code: "empty_input" }));
    expect(() => scoreRfm([good, good])).toThrow(expect.objectContaining({ code: "duplicate_customer" }));
    expect(() => scoreRfm([{ customerId: "a", recency: 1, frequency: 1, monetary: 1 }])).toThrow(
      expect.objectContaining({ code: "missing_field", issues: [expect.objectContaining({ path: ["fields", "recencyDays"] })] }),
    );
    expect(() => scoreRfm([{ ...good, customerId: "" }])).toThrow(expect.objectContaining({ code: "missing_customer_id" }));
  });

  test("mapped fields and accessors name their field in paths; a throwing accessor is reported, not thrown", () => {
    const rows = [{ id: "a", days: 1, orders: 2, spend: 3 }, { id: "b", days: 2, orders: -1, spend: 4 }];
    const fields = { customerId: "id", recencyDays: "days", frequency: "orders", monetary: (r: { spend: number }) => r.spend };
    expect(() => scoreRfm(rows, { fields })).toThrow(expect.objectContaining({ issues: [expect.objectContaining({ path: ["records", 1, "orders"], customerId: "b" })] }));
    const throwing = { ...fields, monetary: () => { throw new Error("no spend"); } };
    expect(() => scoreRfm(rows.slice(0, 1), { fields: throwing })).toThrow(
      expect.objectContaining({ code: "unreadable_field", issues: [expect.objectContaining({ path: ["records", 0, "monetary"], message: "reading the field threw: no spend" })] }),
    );
  });

  test("a mapping to an inherited name is a missing field, not a per-row error", () => {
    expect(() => scoreRfm([good], { fields: { monetary: "constructor" } })).toThrow(
      expect.objectContaining({ code: "missing_field", issues: [expect.objectContaining({ path: ["fields", "monetary"] })] }),
    );
  });

  test("input that is not iterable is a TypeError", () => {
    expect(() => scoreRfm(42 as never)).toThrow(TypeError);
  });
});

describe("scoreRfm: input and result", () => {
  test("any iterable works, -0 reads as 0, the input is not modified", () => {
    const rows = Object.freeze([Object.freeze({ customerId: 7, recencyDays: -0, frequency: 1, monetary: 5 })]);
    const fromGenerator = scoreRfm((function* () { yield* rows; })());
    expect(fromGenerator.customers).toEqual(scoreRfm(rows).customers);
    expect(Object.is(fromGenerator.customers[0].recencyDays, 0)).toBe(true);
    expect(fromGenerator.customers[0].customerId).toBe("7");
  });

  test("the result is { customers, meta } and JSON round-trips", () => {
    const result = scoreRfm(rows(seq(5), seq(5), seq(5)));
    expect(Object.keys(result)).toEqual(["customers", "meta"]);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
    expect(result.meta.customers).toBe(5);
  });

  test("the options schema is strict and names exactly the options", () => {
    expect(Object.keys(scoreRfmOptionsSchema.shape).sort()).toEqual(["bins", "breaks", "fields", "method", "output"]);
    expect(scoreRfmOptionsSchema.safeParse({ bins: 3, extra: 1 }).success).toBe(false);
    expect(Object.keys(customerFieldsSchema.shape).sort()).toEqual(["customerId", "frequency", "monetary", "recencyDays"]);
    expect(customerFieldsSchema.safeParse({ monetary: (r: { net: number }) => r.net, recencyDays: "days" }).success).toBe(true);
    expect(customerFieldsSchema.safeParse({ monetary: "" }).success).toBe(false);
  });

  test("types: options and result", () => {
    // overloads: the result type follows `output` (typed, never called)
    expectTypeOf(() => scoreRfm([])).returns.toEqualTypeOf<ScoreRfmResult>();
    expectTypeOf(() => scoreRfm([], { output: "records" })).returns.toEqualTypeOf<ScoreRfmResult>();
    expectTypeOf(() => scoreRfm([], { output: "columns" })).returns.toEqualTypeOf<ScoreRfmColumnsResult>();
    expectTypeOf<ScoreRfmResult["customers"]>().toEqualTypeOf<RfmScore[]>();
    expectTypeOf<ScoreRfmResult["meta"]>().toEqualTypeOf<RfmScoreMeta>();
    // accessors receive the caller's row type
    scoreRfm([{ id: "a", d: 1, f: 1, m: 1 }], {
      fields: { customerId: "id", frequency: "f", monetary: "m", recencyDays: (r) => {
        expectTypeOf(r).toEqualTypeOf<{ id: string; d: number; f: number; m: number }>();
        return r.d;
      } },
    });
    expectTypeOf<ScoreRfmResult>().not.toHaveProperty("scores");
    // @ts-expect-error: unknown options do not compile
    expectTypeOf(() => scoreRfm([], { bin: 3 })).toBeFunction();
  });
});
