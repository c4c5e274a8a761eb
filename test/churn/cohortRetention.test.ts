import fc from "fast-check";
import { describe, expect, expectTypeOf, test } from "vitest";
import { cohortRetention, cohortRetentionOptionsSchema, periodIndicators, summarizeTransactions, type CohortCell, type CohortRetentionOptions, type CohortRetentionResult } from "../../src/index.js";
import { transactionRows } from "../helpers/arbitraries.js";
import { log, windows } from "./log.js";
import { dictionaryColumns, orderLineLogs, plainColumns, referenceCohortRetention, refLogs, refOptions, usableRows } from "./reference.js";

describe("cohortRetention", () => {
  test("hand-computed cohorts", () => {
    const { cells } = cohortRetention(log, { asOf: "2024-04-30" });
    const jan = cells.filter((c) => c.cohort === "2024-01").map((c) => [c.periodIndex, c.customers, c.share, c.revenue]);
    expect(jan).toEqual([
      [0, 2, 1, 180],
      [1, 1, 0.5, 70],
      [2, 1, 0.5, 30], // b bought; a's refund nets into revenue
      [3, 1, 0.5, 10],
    ]);
    expect(cells.filter((c) => c.periodIndex === 0).map((c) => [c.cohort, c.cohortSize])).toEqual([
      ["2024-01", 2],
      ["2024-02", 1],
      ["2024-04", 1],
    ]);
  });

  test("meta says how to reproduce the result", () => {
    expect(cohortRetention(log, { asOf: "2024-04-30", period: "quarter" }).meta).toMatchObject({
      asOf: "2024-04-30",
      timeZone: null,
      refunds: "net",
      period: "quarter",
      weekStartsOn: null,
      windows: null,
      input: expect.objectContaining({ rowsRead: 10, rowsUsed: 10 }),
    });
    expect(cohortRetention(log, { asOf: "2024-04-30", period: "week", weekStartsOn: 3 }).meta).toMatchObject({ period: "week", weekStartsOn: 3 });
  });

  test("properties: cohort sizes are the customers first seen in the period; shares in [0, 1]", () => {
    fc.assert(
      fc.property(transactionRows(), (rows) => {
        const { cells } = cohortRetention(rows, { asOf: "2024-01-01", period: "quarter" });
        const total = cells.filter((c) => c.periodIndex === 0).reduce((s, c) => s + c.cohortSize, 0);
        expect(total).toBe(new Set(rows.map((r) => r.customerId)).size);
        for (const c of cells) {
          expect(c.share).toBeGreaterThanOrEqual(0);
          expect(c.share).toBeLessThanOrEqual(1);
          if (c.periodIndex === 0) expect(c.share).toBe(1);
        }
      }),
    );
  });

  test("explicit windows: customers first seen before the first window are in no cohort", () => {
    const { cells, meta } = cohortRetention(log, { asOf: "2024-04-30", windows });
    expect(cells.map((c) => [c.cohort, c.periodIndex, c.customers, c.revenue])).toEqual([
      ["Feb", 0, 1, 25],
      ["Feb", 1, 0, 0],
      ["2024-03-05..2024-04-15", 0, 1, 60],
    ]);
    expect(meta.windows?.map((w) => w.label)).toEqual(["Feb", "2024-03-05..2024-04-15"]);
    expect(() => cohortRetention(log, { asOf: "2024-04-30", windows, weekStartsOn: 0 })).toThrow(new TypeError("cohortRetention: options: give either windows or period/weekStartsOn, not both"));
  });

  test("unknown options are rejected; types", () => {
    expect(() => cohortRetention(log, { asOf: "2024-04-30", lostAfterDays: 30 } as never)).toThrow(new TypeError('cohortRetention: options: unknown option "lostAfterDays"'));
    expect(() => cohortRetention(log, { asOf: "2024-04-30", period: "day" } as never)).toThrow(/^cohortRetention: options\.period/);
    expectTypeOf(cohortRetention).parameter(1).toEqualTypeOf<CohortRetentionOptions<unknown>>();
    expectTypeOf(cohortRetention).returns.toEqualTypeOf<CohortRetentionResult>();
    expectTypeOf<CohortRetentionResult["cells"]>().toEqualTypeOf<CohortCell[]>();
    expectTypeOf<keyof typeof cohortRetentionOptionsSchema.shape>().toEqualTypeOf<keyof CohortRetentionOptions>();
  });
});

describe("cohortRetention: period revenue", () => {
  test("a refund dated before the customer's first purchase counts in the acquisition period, as in periodIndicators", () => {
    // a's sale of the refunded item predates the data: the refund comes first
    const rows = [
      { customerId: "a", date: "2024-01-05", amount: -40 },
      { customerId: "a", date: "2024-02-05", amount: 100 },
      { customerId: "b", date: "2024-02-05", amount: 50 },
      { customerId: "z", date: "2024-01-09", amount: -5 }, // refunds only: in no cohort and no period's revenue
    ];
    const options = { asOf: "2024-03-01" };
    const { cells, meta } = cohortRetention(rows, options);
    expect(cells.map((c) => [c.cohort, c.period, c.customers, c.revenue])).toEqual([
      ["2024-02", "2024-02", 2, 110],
      ["2024-02", "2024-03", 0, 0],
    ]);
    expect(meta).toMatchObject({ customersWithoutPurchases: ["z"], refundsBeforeFirstPurchase: { rows: 1, amount: -40 } });
    const periods = periodIndicators(rows, options).periods;
    // periods run from the first purchase
    expect(periods.map((p) => [p.period, p.revenue])).toEqual([
      ["2024-02", 110],
      ["2024-03", 0],
    ]);
    const summaries = summarizeTransactions(rows, options).customers;
    expect(summaries.reduce((s, c) => s + c.monetary, 0)).toBe(110);
  });

  test("weeks before 1970 keep their rows", () => {
    const rows = [
      { customerId: "a", date: "1969-12-20", amount: 200 },
      { customerId: "a", date: "1970-01-05", amount: 10 },
    ];
    const { cells } = cohortRetention(rows, { asOf: "1970-01-10", period: "week" });
    expect(cells.map((c) => [c.cohort, c.periodIndex, c.customers, c.revenue])).toEqual([
      ["1969-12-15", 0, 1, 200],
      ["1969-12-15", 1, 0, 0],
      ["1969-12-15", 2, 0, 0],
      ["1969-12-15", 3, 1, 10],
    ]);
  });

  // Integer amounts, so every order of addition gives the same total exactly; days around 1970 (negative
  // period indices), refunds (some before the customer's first purchase, some from customers without one).
  const day = fc.integer({ min: -400, max: 400 }).map((d) => new Date(d * 86_400_000).toISOString().slice(0, 10));
  const rowsWithRefunds = fc.array(
    fc.record({
      customerId: fc.constantFrom("a", "b", "c", "d", "e", "f"),
      date: day,
      amount: fc.oneof(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: -1_000_000, max: -1 })),
    }),
    { minLength: 1, maxLength: 60 },
  );
  test("property: cohort revenue and periodIndicators' revenue agree per period and in total, and with the summaries' monetary", () => {
    fc.assert(
      fc.property(rowsWithRefunds, fc.constantFrom("week" as const, "month" as const, "quarter" as const, "year" as const), (rows, period) => {
        const options = { asOf: "1971-02-05", period };
        const periods = periodIndicators(rows, options).periods;
        const { cells } = cohortRetention(rows, options);
        const byPeriod = new Map<string, number>();
        for (const c of cells) byPeriod.set(c.period, (byPeriod.get(c.period) ?? 0) + c.revenue);
        for (const p of periods) expect(byPeriod.get(p.period) ?? 0).toBe(p.revenue);
        const total = periods.reduce((s, p) => s + p.revenue, 0);
        expect(cells.reduce((s, c) => s + c.revenue, 0)).toBe(total);
        if (rows.some((r) => r.amount > 0)) expect(summarizeTransactions(rows, { asOf: options.asOf }).customers.reduce((s, c) => s + c.monetary, 0)).toBe(total);
      }),
      { numRuns: 300 },
    );
  });
});

describe("cohortRetention: partial periods", () => {
  test("the last diagonal cut by asOf and the first cohort cut by the first row are marked; shares kept by default", () => {
    const rows = [
      { customerId: "a", date: "2024-01-15", amount: 100 },
      { customerId: "b", date: "2024-01-20", amount: 40 },
      { customerId: "a", date: "2024-02-10", amount: 50 },
      { customerId: "c", date: "2024-02-12", amount: 30 },
      { customerId: "b", date: "2024-03-02", amount: 10 },
    ];
    const { cells, meta } = cohortRetention(rows, { asOf: "2024-03-09" });
    expect(cells.map((c) => [c.cohort, c.periodIndex, c.period, c.partial, c.daysCovered, c.daysInPeriod, c.customers, c.share])).toEqual([
      ["2024-01", 0, "2024-01", true, 17, 31, 2, 1], // the rows start on the 15th
      ["2024-01", 1, "2024-02", false, 29, 29, 1, 0.5],
      ["2024-01", 2, "2024-03", true, 9, 31, 1, 0.5], // 9 days of March
      ["2024-02", 0, "2024-02", false, 29, 29, 1, 1],
      ["2024-02", 1, "2024-03", true, 9, 31, 0, 0],
    ]);
    expect(meta).toMatchObject({
      partialPeriods: "mark",
      partial: [
        { period: "2024-01", start: "2024-01-15", end: "2024-01-31", daysCovered: 17, daysInPeriod: 31 },
        { period: "2024-03", start: "2024-03-01", end: "2024-03-09", daysCovered: 9, daysInPeriod: 31 },
      ],
    });
    // "drop": the cells of partial periods are left out (the first cohort keeps its later cells)
    const dropped = cohortRetention(rows, { asOf: "2024-03-09", partialPeriods: "drop" });
    expect(dropped.cells.map((c) => [c.cohort, c.period])).toEqual([
      ["2024-01", "2024-02"],
      ["2024-02", "2024-02"],
    ]);
    expect(dropped.meta).toMatchObject({ partialPeriods: "drop", partial: meta.partial });
    // shares are never null here: "null-rates" is periodIndicators' only
    expect(() => cohortRetention(rows, { asOf: "2024-03-09", partialPeriods: "null-rates" } as never)).toThrow(/^cohortRetention: options\.partialPeriods/);
  });

  test("weeks, quarters and windows", () => {
    const weeks = cohortRetention(log, { asOf: "2024-01-16", period: "week", afterAsOf: "ignore" }).cells; // rows from Wednesday 2024-01-03
    expect(weeks.map((c) => [c.cohort, c.period, c.partial, c.daysCovered])).toEqual([
      ["2024-01-01", "2024-01-01", true, 5],
      ["2024-01-01", "2024-01-08", false, 7],
      ["2024-01-01", "2024-01-15", true, 2],
      ["2024-01-15", "2024-01-15", true, 2],
    ]);
    const quarters = cohortRetention(log, { asOf: "2024-05-15", period: "quarter" }).cells;
    expect(quarters.map((c) => [c.cohort, c.period, c.partial, c.daysCovered, c.daysInPeriod])).toEqual([
      ["2024-Q1", "2024-Q1", true, 89, 91],
      ["2024-Q1", "2024-Q2", true, 45, 91],
      ["2024-Q2", "2024-Q2", true, 45, 91],
    ]);
    const windowed = cohortRetention(log, { asOf: "2024-04-10", windows }).cells;
    expect(windowed.map((c) => [c.cohort, c.period, c.partial, c.daysCovered, c.daysInPeriod])).toEqual([
      ["Feb", "Feb", false, 29, 29],
      ["Feb", "2024-03-05..2024-04-15", true, 37, 42],
      ["2024-03-05..2024-04-15", "2024-03-05..2024-04-15", true, 37, 42],
    ]);
  });

  test("property: a cell's period is marked as periodIndicators marks it; drop leaves out exactly those cells; totals unchanged by the marks", () => {
    fc.assert(
      fc.property(transactionRows(40), fc.integer({ min: 0, max: 400 }), fc.constantFrom("week" as const, "month" as const, "quarter" as const, "year" as const), (tx, later, period) => {
        const asOf = new Date(Date.parse("2023-09-28T00:00:00Z") + later * 86_400_000).toISOString().slice(0, 10);
        const periods = new Map(periodIndicators(tx, { asOf, period }).periods.map((p) => [p.period, p]));
        const { cells, meta } = cohortRetention(tx, { asOf, period });
        for (const c of cells) {
          const p = periods.get(c.period);
          expect([c.partial, c.daysCovered, c.daysInPeriod]).toEqual([p?.partial, p?.daysCovered, p?.daysInPeriod]);
          expect(c.partial).toBe((c.daysCovered as number) < (c.daysInPeriod as number));
          expect(c.share).toBeGreaterThanOrEqual(0);
          expect(c.share).toBeLessThanOrEqual(1);
        }
        expect(meta.partial.map((p) => p.period)).toEqual([...periods.values()].filter((p) => p.partial).map((p) => p.period));
        const total = [...periods.values()].reduce((s, p) => s + p.active, 0);
        expect(cells.reduce((s, c) => s + c.customers, 0)).toBe(total);
        expect(cohortRetention(tx, { asOf, period, partialPeriods: "drop" }).cells).toEqual(cells.filter((c) => !c.partial));
      }),
      { numRuns: 200 },
    );
  });
});

describe("cohortRetention: bounds", () => {
  test("a cell's revenue that is not a finite number is an overflow error", () => {
    const huge = [
      { customerId: "a", date: "2024-01-05", amount: 1e308 },
      { customerId: "b", date: "2024-01-09", amount: 1e308 },
    ];
    expect(() => cohortRetention(huge, { asOf: "2024-02-29" })).toThrow(expect.objectContaining({ name: "AnalyticsInputError", code: "overflow", issues: [expect.objectContaining({ path: ["input"] })] }));
  });
  test("one 0001-01-01 row (through a wide dateRange) is a RangeError, not a crash", () => {
    const rows = [
      { customerId: "a", date: "0001-01-01", amount: 1 },
      { customerId: "b", date: "2024-01-02", amount: 1 },
    ];
    expect(() => cohortRetention(rows, { asOf: "2024-01-31", period: "week", dateRange: { from: "0001-01-01" } })).toThrow(
      new RangeError("cohortRetention: 105560 weekly periods from 0001-01-01 to 2024-01-31 exceed the limit of 2000: check the earliest date (a sentinel such as 0001-01-01, or epoch seconds read as milliseconds) or use a longer period"),
    );
    // 1,925 years are under the limit: the first cohort's cells and the second's one
    const years = [{ ...rows[0], date: "0100-01-01" }, rows[1]];
    expect(cohortRetention(years, { asOf: "2024-01-31", period: "year", dateRange: { from: "0001-01-01" } }).cells).toHaveLength(1926);
  });
});

describe("cohortRetention: against a per-row reference", () => {
  test.each([
    ["in any order", refLogs],
    ["as order lines, each order's rows one after another", orderLineLogs],
  ])("property: records, plain columns and dictionary columns (read in place) all equal the reference, bit for bit: rows %s", (_, logs) => {
    fc.assert(
      fc.property(
        logs.chain((l) => fc.tuple(fc.constant(l), refOptions(l.asOf, l.afterAsOf))),
        ([{ rows }, { partialPeriods, lostAfterDays: _, ...rest }]) => {
          const options = { ...rest, ...(partialPeriods === "drop" ? { partialPeriods } : {}) };
          if (usableRows(rows, options).length === 0) {
            // every row left out: the same error whatever the form
            for (const input of [rows, dictionaryColumns(rows), plainColumns(rows)]) expect(() => cohortRetention(input, options)).toThrow(/no usable transactions/);
            return;
          }
          const ref = referenceCohortRetention(rows, options);
          const out = cohortRetention(rows, options);
          expect(out.cells).toEqual(ref.cells);
          expect(out.meta).toMatchObject({ customersWithoutPurchases: ref.customersWithoutPurchases, refundsBeforeFirstPurchase: ref.refundsBeforeFirstPurchase, partial: ref.partial });
          expect(cohortRetention(dictionaryColumns(rows), options)).toEqual(out);
          expect(cohortRetention(plainColumns(rows), options)).toEqual(out);
        },
      ),
      { numRuns: 400 },
    );
  });
});
