import { describe, expect, expectTypeOf, test } from "vitest";
import { toBtydSummary, type BtydSummaryCustomer, type ToBtydSummaryOptions, type ToBtydSummaryResult } from "../../src/models/index.js";
import { deepFreeze } from "../helpers/arbitraries.js";
import { expectIssue } from "./shared.js";

const tx = deepFreeze([
  { customerId: "a", date: "2024-01-01", amount: 10 },
  { customerId: "a", date: "2024-01-01", amount: 5 },
  { customerId: "a", date: "2024-01-15", amount: 20 },
  { customerId: "a", date: "2024-01-29", amount: 40 },
  { customerId: "b", date: "2024-01-22", amount: 8 },
  { customerId: "c", date: "2024-02-05", amount: 3 },
]);

describe("toBtydSummary", () => {
  test("lifetimes' summary in days or weeks: same-day purchases merged, repeat days, mean repeat spend", () => {
    const { customers, meta } = toBtydSummary(tx, { asOf: "2024-02-12", period: "week" });
    expect(customers).toEqual([
      { customerId: "a", frequency: 2, recency: 4, T: 6, monetaryValue: 30 },
      { customerId: "b", frequency: 0, recency: 0, T: 3, monetaryValue: 0 },
      { customerId: "c", frequency: 0, recency: 0, T: 1, monetaryValue: 0 },
    ]);
    expect(meta).toMatchObject({ period: "week", asOf: "2024-02-12", calibrationEnd: null, customersFirstSeenInHoldout: 0, timeZone: null, refunds: "net" });
    expect(meta.input).toMatchObject({ rowsRead: tx.length, rowsUsed: tx.length, invalidRows: 0 });
    expect(toBtydSummary(tx, { asOf: "2024-02-12", period: "day" }).customers[0]).toEqual({ customerId: "a", frequency: 2, recency: 28, T: 42, monetaryValue: 30 });
  });

  test("with calibrationEnd: holdout purchase days and duration; customers first seen later are counted in meta", () => {
    const { customers, meta } = toBtydSummary(tx, { asOf: "2024-02-12", period: "day", calibrationEnd: "2024-01-22" });
    expect(customers[0]).toEqual({ customerId: "a", frequency: 1, recency: 14, T: 21, monetaryValue: 20, frequencyHoldout: 1, durationHoldout: 21 });
    expect(customers.map((c) => c.customerId)).toEqual(["a", "b"]);
    expect(meta).toMatchObject({ period: "day", asOf: "2024-02-12", calibrationEnd: "2024-01-22", customersFirstSeenInHoldout: 1 });
  });

  test("a bad calibrationEnd is an issue at options.calibrationEnd; options are strict", () => {
    expectIssue(() => toBtydSummary(tx, { asOf: "2024-02-12", period: "day", calibrationEnd: "2024-03-01" }), { path: ["options", "calibrationEnd"], message: "2024-03-01 is after asOf 2024-02-12" });
    expectIssue(() => toBtydSummary(tx, { asOf: "2024-02-12", period: "day", calibrationEnd: "soon" }), { path: ["options", "calibrationEnd"] });
    expect(() => toBtydSummary(tx, { asOf: "2024-02-12", period: "month" } as never)).toThrow(/^toBtydSummary: options\.period/);
    expect(() => toBtydSummary(tx, { asOf: "2024-02-12", period: "day", freq: "D" } as never)).toThrow(/^toBtydSummary: options: unknown option "freq"/);
  });

  test("types", () => {
    expectTypeOf(toBtydSummary).parameter(1).toEqualTypeOf<ToBtydSummaryOptions<unknown>>();
    expectTypeOf(toBtydSummary).returns.toEqualTypeOf<ToBtydSummaryResult>();
    expectTypeOf<ToBtydSummaryResult["customers"]>().toEqualTypeOf<BtydSummaryCustomer[]>();
  });
});
