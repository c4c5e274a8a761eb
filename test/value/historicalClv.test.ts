import fc from "fast-check";
import { describe, expect, expectTypeOf, test } from "vitest";
import { historicalClv, PERIOD_DAYS, type HistoricalClvColumnsResult, type HistoricalClvOptions, type HistoricalClvRecord, type HistoricalClvResult } from "../../src/value/index.js";
import { columnsOfRecords, recordsOfColumns, sharesNoArray } from "../helpers/columns.js";

describe("historicalClv", () => {
  test("margin and per-period values (hand-checked)", () => {
    const { customers, meta } = historicalClv(
      [
        { customerId: "a", monetary: 1000, tenureDays: 29 },
        { customerId: "b", monetary: 300, tenureDays: 0 },
      ],
      { margin: 0.3, period: "day" },
    );
    expect(customers).toEqual([
      { customerId: "a", value: 1000, historicalClv: 300, perPeriod: 10 },
      { customerId: "b", value: 300, historicalClv: 90, perPeriod: 90 },
    ]);
    expect(meta).toMatchObject({ margin: 0.3, period: "day", daysPerPeriod: 1, total: 390 });
    expect(historicalClv([{ customerId: "a", monetary: 5 }]).customers[0]).toEqual({ customerId: "a", value: 5, historicalClv: 5, perPeriod: null });
    expect(PERIOD_DAYS.month).toBe(365.25 / 12);
  });

  test("errors", () => {
    expect(() => historicalClv([{ customerId: "a", monetary: 5 }], { margin: 1.5 })).toThrow(/^historicalClv: options\.margin/);
    expect(() => historicalClv([{ customerId: "a", monetary: 5 }], { margins: 0.5 } as never)).toThrow(/^historicalClv: options: unknown option "margins"/);
    expect(() => historicalClv([{ customerId: "a", monetary: 5 }], { period: "year" })).toThrow(
      expect.objectContaining({ code: "missing_field", issues: [expect.objectContaining({ path: ["fields", "tenureDays"] })] }),
    );
    expect(() => historicalClv([{ customerId: "a", monetary: 5, tenureDays: -1 }], { period: "year" })).toThrow(
      expect.objectContaining({ code: "invalid_value", issues: [expect.objectContaining({ path: ["records", 0, "tenureDays"], customerId: "a" })] }),
    );
  });

  test("types: options and the named result", () => {
    const result = historicalClv([{ customerId: "a", monetary: 5 }]);
    expectTypeOf(result).toEqualTypeOf<HistoricalClvResult>();
    expectTypeOf(result.customers).toEqualTypeOf<HistoricalClvRecord[]>();
    expectTypeOf(result.meta.period).toEqualTypeOf<"day" | "week" | "month" | "year" | null>();
    expectTypeOf<{ margin: number; period: "month" }>().toExtend<HistoricalClvOptions>();
    expectTypeOf<{ period: "quarter" }>().not.toExtend<HistoricalClvOptions>();
  });
});

describe("historicalClv: values near 1e308", () => {
  test("a total or a value per period beyond the doubles is an overflow, never Infinity or NaN", () => {
    expect(() => historicalClv([{ customerId: "a", monetary: 1e308 }, { customerId: "b", monetary: 1e308 }])).toThrow(
      expect.objectContaining({ code: "overflow", issues: [expect.objectContaining({ path: ["records"] })] }),
    );
    expect(() => historicalClv([{ customerId: "a", monetary: 1e308, tenureDays: 0 }], { period: "year" })).toThrow(
      expect.objectContaining({ code: "overflow", issues: [expect.objectContaining({ path: ["records", 0, "monetary"], customerId: "a" })] }),
    );
    expect(historicalClv([{ customerId: "a", monetary: 1e308 }, { customerId: "b", monetary: -1e308 }, { customerId: "c", monetary: 3 }]).meta.total).toBe(3);
  });
});

describe("historicalClv: output columns", () => {
  const recs = fc
    .array(fc.tuple(fc.oneof(fc.constantFrom(0, 100), fc.integer({ min: -10_000, max: 10_000_000 }).map((c) => c / 100)), fc.integer({ min: 0, max: 2000 })), { minLength: 1, maxLength: 60 })
    .map((xs) => xs.map(([m, t], i) => ({ customerId: `c${i}`, monetary: m === 0 ? 0 : m, tenureDays: t })));
  const variants: HistoricalClvOptions[] = [{}, { margin: 0.3 }, { margin: 0.25, period: "month" }];
  test.each(variants)("columns in and out hold exactly the records' values and meta; the input columns are untouched (%j)", (opts) => {
    fc.assert(
      fc.property(recs, (rs) => {
        const expected = historicalClv(rs, opts);
        const columns = columnsOfRecords(rs, ["monetary", "tenureDays"]);
        const before = structuredClone(columns);
        const out = historicalClv(columns, { ...opts, output: "columns" });
        expect(columns).toEqual(before);
        expect(out.meta).toEqual(expected.meta);
        expect(out.columns.perPeriod === null).toBe(opts.period === undefined);
        expect(recordsOfColumns(out.columns)).toEqual(expected.customers);
        expect(sharesNoArray(out.columns, columns)).toBe(true);
      }),
    );
  });

  test("types: output columns narrows the result", () => {
    expectTypeOf(() => historicalClv([], { output: "columns" })).returns.toEqualTypeOf<HistoricalClvColumnsResult>();
    expectTypeOf(() => historicalClv([])).returns.toEqualTypeOf<HistoricalClvResult>();
  });
});
