// Shared by the tests of the model functions that take `output: "columns"` (predictBgNbd,
// predictModifiedBgNbd, predictParetoNbd, gammaGammaExpectedSpend, predictedClv): the columns equal
// the records to the bit, both equal a per-customer reference (the model's formulas called one customer
// at a time, no shared work), neither mutates its input, and hostile inputs fail (or not) alike.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { BtydCustomer } from "../../src/models/index.js";
import { customerArb } from "./shared.js";

type Input = readonly BtydCustomer[] | Record<string, unknown>;
type Result = { customers?: Record<string, unknown>[]; columns?: Record<string, ArrayLike<unknown>>; meta: unknown };

export interface ColumnsCase {
  /** Runs the function with `output` ("records" or "columns"). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- records or columns, and either result
  run: (input: any, output: any) => unknown;
  /** The numeric fields of a result record, besides `customerId`. */
  fields: readonly string[];
  /** The expected values of one customer, computed alone (NaN/throw-free inputs only). */
  reference: (c: BtydCustomer) => Record<string, number>;
}

/** Records as columns: string ids, `Float64Array` numbers. */
export function asColumns(cs: readonly BtydCustomer[], ids = true): Record<string, unknown> {
  const cols: Record<string, unknown> = {
    frequency: Float64Array.from(cs, (c) => c.frequency),
    recency: Float64Array.from(cs, (c) => c.recency),
    T: Float64Array.from(cs, (c) => c.T),
    monetaryValue: Float64Array.from(cs, (c) => c.monetaryValue ?? 0),
  };
  if (ids) cols.customerId = cs.map((c, i) => String(c.customerId ?? i));
  return cols;
}

/** What a call gives: the result, or the error's class and message. */
function outcome(call: () => Result): Result | { error: string } {
  try {
    return call();
  } catch (e) {
    return { error: `${(e as Error).name}: ${(e as Error).message}` };
  }
}

function expectSameValues(records: Result, columns: Result, fields: readonly string[]): void {
  const cs = records.customers as Record<string, unknown>[];
  const cols = columns.columns as Record<string, ArrayLike<unknown>>;
  expect(Object.keys(cols).sort()).toEqual(["customerId", ...fields].sort());
  for (const f of fields) {
    expect(cols[f]).toBeInstanceOf(Float64Array);
    expect(cols[f].length).toBe(cs.length);
  }
  expect(Array.isArray(cols.customerId)).toBe(true);
  expect(columns.meta).toEqual(records.meta);
  for (let i = 0; i < cs.length; i++) {
    expect(cols.customerId[i]).toBe(cs[i].customerId);
    for (const f of fields) if (!Object.is(cols[f][i], cs[i][f])) expect([i, f, cols[f][i]]).toEqual([i, f, cs[i][f]]);
  }
}

function expectReference(records: Result, input: readonly BtydCustomer[], c: ColumnsCase): void {
  const cs = records.customers as Record<string, unknown>[];
  for (let i = 0; i < input.length; i++) {
    const want = c.reference(input[i]);
    for (const f of c.fields) if (!Object.is(cs[i][f], want[f])) expect([i, f, cs[i][f]]).toEqual([i, f, want[f]]);
  }
}

// few distinct customers (ties: predictions share triples) mixed with distinct ones
const pool = fc.sample(customerArb, { numRuns: 10, seed: 11 });
const tiedArb = fc.array(fc.oneof(fc.constantFrom(...pool), customerArb), { minLength: 1, maxLength: 60 });

/** Customers whose triples are all (or nearly all) distinct, or few distinct triples repeated: both ways of sharing work. */
function bigSample(distinct: boolean, n: number): BtydCustomer[] {
  let seed = distinct ? 3 : 5;
  const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const few = Array.from({ length: 40 }, () => rnd());
  return Array.from({ length: n }, (_, i) => {
    const u = distinct ? rnd() : few[i % few.length];
    const frequency = Math.floor(u * 30);
    const T = distinct ? 1 + rnd() * 100 : 10 + Math.floor(u * 50);
    return { customerId: `c${i}`, frequency, recency: frequency === 0 ? 0 : T * (distinct ? rnd() : u), T, monetaryValue: 1 + u * 100 };
  });
}

/** The columns-output properties of one function. */
export function columnsOutputProperties(c: ColumnsCase): void {
  describe('output: "columns"', () => {
    test("columns equal the records to the bit and the per-customer formulas; records or columns in, ties or none", () => {
      fc.assert(
        fc.property(tiedArb, fc.boolean(), (cs, ids) => {
          const input = ids ? cs.map((x, i) => ({ ...x, customerId: `id${i}` })) : cs;
          const records = (c.run as (input: Input, output: string) => Result)(input, "records");
          expectSameValues(records, (c.run as (input: Input, output: string) => Result)(input, "columns"), c.fields);
          expectSameValues(records, (c.run as (input: Input, output: string) => Result)(asColumns(input, ids), "columns"), c.fields);
          expect((c.run as (input: Input, output: string) => Result)(asColumns(input, ids), "records")).toEqual(records);
          expectReference(records, input, c);
        }),
        { numRuns: 60 },
      );
    });

    test("many customers: shared triples (few distinct) and one unit per customer (mostly distinct) give the same values", () => {
      for (const distinct of [false, true]) {
        const input = bigSample(distinct, 3000);
        const records = (c.run as (input: Input, output: string) => Result)(input, "records");
        expectSameValues(records, (c.run as (input: Input, output: string) => Result)(asColumns(input), "columns"), c.fields);
        expectReference(records, input, c);
      }
    });

    test("neither output changes its input", () => {
      const input = bigSample(false, 50);
      const copy = structuredClone(input);
      const cols = asColumns(input);
      const colsCopy = structuredClone(cols);
      (c.run as (input: Input, output: string) => Result)(input, "columns");
      (c.run as (input: Input, output: string) => Result)(input, "records");
      (c.run as (input: Input, output: string) => Result)(cols, "columns");
      (c.run as (input: Input, output: string) => Result)(cols, "records");
      expect(input).toEqual(copy);
      expect(cols).toEqual(colsCopy);
    });

    test("hostile inputs: empty, one customer, T = 0, huge T and frequency fail or succeed alike in both outputs", () => {
      const cases: Input[] = [
        [],
        asColumns([]),
        [{ frequency: 0, recency: 0, T: 0, monetaryValue: 0 }],
        [{ customerId: "a", frequency: 3, recency: 2, T: 5, monetaryValue: 10 }],
        [{ frequency: 2, recency: 0, T: 0, monetaryValue: 1 }],
        [{ frequency: 1, recency: 1e300, T: 1e300, monetaryValue: 1 }],
        [{ frequency: 1e6, recency: 1, T: 1, monetaryValue: 1e300 }],
        [{ frequency: 0, recency: 0, T: 1e300, monetaryValue: 0 }, { frequency: 0, recency: 0, T: 1, monetaryValue: 0 }],
        [{ frequency: 1, recency: 2, T: 1, monetaryValue: 1 }],
        { frequency: [1], recency: [0.5], T: [1] },
      ];
      for (const input of cases) {
        const records = outcome(() => (c.run as (input: Input, output: string) => Result)(input, "records"));
        const columns = outcome(() => (c.run as (input: Input, output: string) => Result)(input, "columns"));
        if ("error" in records) expect(columns).toEqual(records);
        else expectSameValues(records, columns as Result, c.fields);
      }
    });
  });
}
