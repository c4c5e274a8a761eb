import { describe, expect, expectTypeOf, test } from "vitest";
import { fitBgNbd, fitModifiedBgNbd, fitParetoNbd, predictBgNbd, toBtydSummary, type BtydSummaryCustomer, type ToBtydSummaryOptions, type ToBtydSummaryResult } from "../../src/models/index.js";
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

  test("refunds: \"net\" (the default) lowers the mean repeat spend in proportion; everything returned gives 0; net-negative is 0 and counted", () => {
    const buy = (customerId: string, date: string, amount: number) => ({ customerId, date, amount });
    const rows = [
      buy("full", "2024-01-01", 10), buy("full", "2024-01-08", 20), buy("full", "2024-01-09", -30), // returned everything
      buy("half", "2024-01-01", 10), buy("half", "2024-01-08", 30), buy("half", "2024-01-10", -20), // net 20 of 40
      buy("neg", "2023-12-20", -50), buy("neg", "2024-01-02", 10), buy("neg", "2024-01-09", 10), // a refund of a sale before the data
      buy("late", "2024-01-01", 10), buy("late", "2024-01-08", 20), buy("late", "2024-01-20", -30), // refund after the calibration end
    ];
    const { customers, meta } = toBtydSummary(rows, { asOf: "2024-01-31", period: "day", dateRange: {} });
    const spend = Object.fromEntries(customers.map((c) => [c.customerId, c.monetaryValue]));
    expect(spend.full).toBe(0);
    expect(spend.half).toBeCloseTo(15, 12); // 30 · 20/40
    expect(spend.neg).toBe(0);
    expect(meta.customersWithNetNegativeSpend).toBe(1);
    expect(toBtydSummary(rows, { asOf: "2024-01-31", period: "day", refunds: "exclude" }).customers.find((c) => c.customerId === "full")?.monetaryValue).toBe(20);
    const calibrated = toBtydSummary(rows, { asOf: "2024-01-31", period: "day", calibrationEnd: "2024-01-15" }).customers;
    expect(calibrated.find((c) => c.customerId === "late")?.monetaryValue).toBe(20);
  });

  test("a customer first seen on the as-of day has T = 0, and the summary is valid input to every fit", () => {
    const rows = [...tx, { customerId: "new", date: "2024-02-12", amount: 9 }];
    const { customers } = toBtydSummary(rows, { asOf: "2024-02-12", period: "week" });
    expect(customers.at(-1)).toEqual({ customerId: "new", frequency: 0, recency: 0, T: 0, monetaryValue: 0 });
    for (const fit of [fitBgNbd, fitModifiedBgNbd, fitParetoNbd]) expect(Number.isFinite(fit(customers).logLikelihood)).toBe(true);
    expect(predictBgNbd({ r: 0.24, alpha: 4.4, a: 0.79, b: 2.4 }, customers, { t: 4 }).customers.at(-1)?.pAlive).toBe(1);
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
