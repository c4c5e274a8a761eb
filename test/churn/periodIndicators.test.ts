import fc from "fast-check";
import { describe, expect, expectTypeOf, test } from "vitest";
import { periodIndicators, periodIndicatorsOptionsSchema, type PeriodIndicatorRecord, type PeriodIndicatorsOptions, type PeriodIndicatorsResult } from "../../src/index.js";
import { shuffled, transactionRows } from "../helpers/arbitraries.js";
import { log, windows } from "./log.js";
import { dictionaryColumns, orderLineLogs, plainColumns, referencePeriodIndicators, refLogs, refOptions, usableRows } from "./reference.js";

describe("periodIndicators", () => {
  test("hand-computed months", () => {
    // the log starts on 2024-01-03: January is partial; "mark" computes its rates (the default leaves them null)
    const { periods } = periodIndicators(log, { asOf: "2024-04-30", partialPeriods: "mark" });
    expect(periods.map((r) => [r.period, r.active, r.new, r.returning, r.retained, r.reactivated, r.lost, r.activeAtStart])).toEqual([
      ["2024-01", 2, 2, 0, 0, 0, 0, 0], // a, b new
      ["2024-02", 2, 1, 1, 1, 0, 1, 2], // a retained, c new, b lost
      ["2024-03", 1, 0, 1, 0, 1, 2, 2], // b back after a gap; a (refund only) and c lost
      ["2024-04", 2, 1, 1, 1, 0, 0, 1], // b retained, d new
    ]);
    const [jan, feb, mar, apr] = periods;
    expect(jan).toMatchObject({ churnRate: null, retentionRate: null, repeatPurchaseRate: 0.5, revenue: 180, start: "2024-01-03", end: "2024-01-31", partial: true, daysCovered: 29, daysInPeriod: 31 });
    expect(jan.repurchaseRate).toBe(0);
    expect(feb).toMatchObject({ churnRate: 0.5, retentionRate: 0.5, repurchaseRate: 0.5, repeatPurchaseRate: 0, revenue: 95, revenueFromPrevious: 70 });
    expect(feb.revenueRetention).toBeCloseTo(70 / 180, 15);
    expect(mar).toMatchObject({ churnRate: 1, retentionRate: 0, repurchaseRate: 1, revenue: 30, revenueFromPrevious: -10 });
    expect(apr).toMatchObject({ churnRate: 0, retentionRate: 1, repurchaseRate: 0.5, revenue: 70, revenueFromPrevious: 10, end: "2024-04-30" });
  });

  test("meta says how to reproduce the result", () => {
    const { meta } = periodIndicators(log, { asOf: "2024-04-30", period: "week", weekStartsOn: 0, lostAfterDays: 30 });
    expect(meta).toMatchObject({ asOf: "2024-04-30", timeZone: null, refunds: "net", period: "week", weekStartsOn: 0, windows: null, lostAfterDays: 30, referralDenominator: "new" });
    expect(meta.input).toMatchObject({ rowsRead: 10, rowsUsed: 10 });
    expect(periodIndicators(log, { asOf: "2024-04-30", timeZone: "Asia/Kolkata", referralDenominator: "active" }).meta).toMatchObject({
      timeZone: "Asia/Kolkata",
      period: "month",
      weekStartsOn: null,
      lostAfterDays: null,
      referralDenominator: "active",
    });
    expect(periodIndicators(log, { asOf: "2024-04-30", windows }).meta).toMatchObject({
      period: null,
      weekStartsOn: null,
      windows: [
        { start: "2024-02-01", end: "2024-02-29", label: "Feb" },
        { start: "2024-03-05", end: "2024-04-15", label: "2024-03-05..2024-04-15" },
      ],
    });
  });

  test("quarters, years and weeks with an explicit week start", () => {
    expect(periodIndicators(log, { asOf: "2024-04-30", period: "quarter" }).periods.map((r) => [r.period, r.active, r.new])).toEqual([
      ["2024-Q1", 3, 3],
      ["2024-Q2", 2, 1],
    ]);
    expect(periodIndicators(log, { asOf: "2024-04-30", period: "year" }).periods.map((r) => [r.period, r.active])).toEqual([["2024", 4]]);
    const weeks = periodIndicators(log.slice(0, 3), { asOf: "2024-01-21", period: "week", weekStartsOn: 0 }).periods;
    expect(weeks.map((w) => [w.period, w.start, w.end, w.active])).toEqual([
      ["2023-12-31", "2024-01-03", "2024-01-06", 1], // the rows start on Wednesday 2024-01-03
      ["2024-01-07", "2024-01-07", "2024-01-13", 0],
      ["2024-01-14", "2024-01-14", "2024-01-20", 2],
      ["2024-01-21", "2024-01-21", "2024-01-21", 0],
    ]);
  });

  test("lostAfterDays: activity at the period edges (hand-computed, 45-day window)", () => {
    const { periods } = periodIndicators(log, { asOf: "2024-04-30", lostAfterDays: 45 });
    expect(periods.map((r) => [r.period, r.activeAtStart, r.activeAtEnd, r.retained, r.lost, r.new, r.newLapsed, r.reactivated])).toEqual([
      ["2024-01", 0, 2, 0, 0, 2, 0, 0],
      ["2024-02", 2, 3, 2, 0, 1, 0, 0], // b's last purchase 01-15 is exactly 45 days before 02-29
      ["2024-03", 3, 1, 1, 2, 0, 0, 0], // a (02-02) and c (02-14) lapse
      ["2024-04", 1, 2, 1, 0, 1, 0, 0],
    ]);
    expect(periods[2].churnRate).toBeCloseTo(2 / 3, 15);
    // a short window: a new customer can lapse within the period
    const short = periodIndicators([{ customerId: "x", date: "2024-01-02", amount: 1 }], { asOf: "2024-01-31", lostAfterDays: 7 }).periods;
    expect(short[0]).toMatchObject({ new: 1, newLapsed: 1, activeAtEnd: 0, reactivated: 0 });
  });

  test("properties: rates in [0, 1], counts conserved, row order irrelevant", () => {
    fc.assert(
      fc.property(transactionRows().chain((rows) => fc.tuple(fc.constant(rows), shuffled(rows))), fc.option(fc.integer({ min: 1, max: 400 }), { nil: undefined }), ([rows, perm], lostAfterDays) => {
        const out = periodIndicators(rows, { asOf: "2024-01-01", lostAfterDays }).periods;
        expect(periodIndicators(perm, { asOf: "2024-01-01", lostAfterDays }).periods.map((r) => ({ ...r, revenue: 0, revenueFromPrevious: 0, revenueRetention: 0 }))).toEqual(
          out.map((r) => ({ ...r, revenue: 0, revenueFromPrevious: 0, revenueRetention: 0 })),
        );
        let seen = 0;
        out.forEach((r, q) => {
          for (const v of [r.churnRate, r.retentionRate, r.repurchaseRate, r.repeatPurchaseRate]) {
            if (v === null) continue;
            expect(v).toBeGreaterThanOrEqual(0);
            expect(v).toBeLessThanOrEqual(1);
          }
          expect(r.activeAtEnd).toBe(r.activeAtStart - r.lost + r.new - r.newLapsed + r.reactivated);
          expect(r.reactivated).toBeGreaterThanOrEqual(0);
          if (lostAfterDays === undefined) {
            expect(r.activeAtEnd).toBe(r.active);
            if (q > 0) expect(r.activeAtStart).toBe(out[q - 1].active);
          } else if (q > 0) expect(r.activeAtStart).toBe(out[q - 1].activeAtEnd); // the same day: the end of the previous period
          if (r.churnRate !== null) expect(r.churnRate + (r.retentionRate as number)).toBeCloseTo(1, 12);
          seen += r.new;
        });
        expect(seen).toBe(new Set(rows.map((r) => r.customerId)).size);
      }),
    );
  });

  test("an order id shared by two customers counts once for each, in that customer's earliest period of it", () => {
    const rows = [
      { customerId: "a", date: "2024-01-10", amount: 10, orderId: "X" },
      { customerId: "b", date: "2024-02-05", amount: 10, orderId: "X" },
      { customerId: "b", date: "2024-02-06", amount: 10, orderId: "Y" },
      { customerId: "b", date: "2024-03-02", amount: 5, orderId: "X" }, // b's X again, later: not a new order
    ];
    const { periods } = periodIndicators(rows, { asOf: "2024-03-31", partialPeriods: "mark" });
    // February: b has two orders (X and Y) → a repeat purchaser; March: X was b's already
    expect(periods.map((p) => [p.period, p.active, p.repeatPurchaseRate])).toEqual([
      ["2024-01", 1, 0],
      ["2024-02", 1, 1],
      ["2024-03", 1, 0],
    ]);
    // the same whatever the row order (also with X's rows one after another, a's then b's)
    for (const order of [[3, 2, 1, 0], [1, 0, 3, 2], [0, 1, 3, 2]]) {
      expect(periodIndicators(order.map((i) => rows[i]), { asOf: "2024-03-31", partialPeriods: "mark" }).periods).toEqual(periods);
    }
  });

  test("explicit windows; purchases before the first window decide who is new", () => {
    const { periods } = periodIndicators(log, { asOf: "2024-04-30", windows });
    expect(periods.map((r) => [r.period, r.start, r.end, r.active, r.new, r.retained, r.lost, r.revenue])).toEqual([
      ["Feb", "2024-02-01", "2024-02-29", 2, 1, 0, 0, 95], // a bought in January: returning, not new
      ["2024-03-05..2024-04-15", "2024-03-05", "2024-04-15", 2, 1, 0, 2, 100], // b back, d new; a and c lost
    ]);
    expect(() => periodIndicators(log, { asOf: "2024-04-30", windows: [windows[1], windows[0]] })).toThrow(/^periodIndicators: options\.windows: must be in order/);
    expect(() => periodIndicators(log, { asOf: "2024-04-30", windows, period: "month" })).toThrow(TypeError);
    expect(() => periodIndicators(log, { asOf: "2024-04-30", windows: [{ start: "2024-03-01", end: "2024-02-01" }] })).toThrow(/^periodIndicators: options\.windows\[0\]: ends/);
  });
});

describe("periodIndicators: periods before 1970 and bounds", () => {
  // Period indices are negative before 1970-01-01; rows there used to be taken for "outside every window".
  test("weeks, months, quarters and years before 1970 keep their rows", () => {
    const rows = [
      { customerId: "a", date: "1969-12-20", amount: 200 },
      { customerId: "a", date: "1970-01-05", amount: 10 },
    ];
    const weeks = periodIndicators(rows, { asOf: "1970-01-10", period: "week" }).periods;
    expect(weeks.map((w) => [w.period, w.active, w.revenue])).toEqual([
      ["1969-12-15", 1, 200],
      ["1969-12-22", 0, 0],
      ["1969-12-29", 0, 0], // the week of 1970-01-01 starts on Monday 1969-12-29
      ["1970-01-05", 1, 10],
    ]);
    const old = [
      { customerId: "a", date: "1961-02-28", amount: 5 },
      { customerId: "b", date: "1969-12-31", amount: 7 },
      { customerId: "a", date: "1970-01-01", amount: 1 },
    ];
    const at = (period: "month" | "quarter" | "year") => periodIndicators(old, { asOf: "1970-01-01", period }).periods.filter((p) => p.revenue !== 0).map((p) => [p.period, p.start, p.end, p.new, p.revenue]);
    expect(at("month")).toEqual([
      ["1961-02", "1961-02-28", "1961-02-28", 1, 5], // the rows start on 1961-02-28
      ["1969-12", "1969-12-01", "1969-12-31", 1, 7],
      ["1970-01", "1970-01-01", "1970-01-01", 0, 1],
    ]);
    expect(at("quarter")).toEqual([
      ["1961-Q1", "1961-02-28", "1961-03-31", 1, 5],
      ["1969-Q4", "1969-10-01", "1969-12-31", 1, 7],
      ["1970-Q1", "1970-01-01", "1970-01-01", 0, 1],
    ]);
    expect(at("year")).toEqual([
      ["1961", "1961-02-28", "1961-12-31", 1, 5],
      ["1969", "1969-01-01", "1969-12-31", 1, 7],
      ["1970", "1970-01-01", "1970-01-01", 0, 1],
    ]);
  });

  test("labels of years before year 1 carry a sign", () => {
    const rows = { customerId: ["a", "a"], date: Int32Array.of(-719_529, -719_163), amount: [1, 2] }; // -0001-12-31, 0000-12-31
    const wide = { dateRange: { from: new Date(-8.64e15) } };
    const quarters = periodIndicators(rows, { asOf: "1900-01-01", period: "quarter", ...wide }).periods;
    expect(quarters.filter((p) => p.revenue !== 0).map((p) => [p.period, p.start, p.revenue])).toEqual([
      ["-0001-Q4", "-0001-12-31", 1], // the rows start on -0001-12-31
      ["0000-Q4", "0000-10-01", 2],
    ]);
    expect(periodIndicators(rows, { asOf: "1900-01-01", period: "year", ...wide }).periods.slice(0, 3).map((p) => p.period)).toEqual(["-0001", "0000", "0001"]);
  });

  test("a period's revenue that is not a finite number is an overflow error, never NaN or Infinity", () => {
    const huge = [
      { customerId: "a", date: "2024-01-05", amount: 1e308 },
      { customerId: "b", date: "2024-01-09", amount: 1e308 },
    ];
    expect(() => periodIndicators(huge, { asOf: "2024-02-29" })).toThrow(
      expect.objectContaining({
        name: "AnalyticsInputError",
        code: "overflow",
        issues: [expect.objectContaining({ path: ["input"], message: "the sum of the amounts of period 2024-01 is above 1.8e308, beyond the range of a double" })],
      }),
    );
    // a running sum past the top is an error even when later rows would bring it back
    expect(() => periodIndicators([...huge, { customerId: "c", date: "2024-01-10", amount: -1e308 }], { asOf: "2024-02-29" })).toThrow(expect.objectContaining({ code: "overflow" }));
    // a revenue retention beyond the doubles: 1e10 after 1e-300
    const tiny = [
      { customerId: "a", date: "2024-01-05", amount: 1e-300 },
      { customerId: "a", date: "2024-02-05", amount: 1e10 },
    ];
    expect(() => periodIndicators(tiny, { asOf: "2024-02-29", partialPeriods: "mark" })).toThrow(expect.objectContaining({ code: "overflow", message: expect.stringMatching(/revenue retention of period 2024-02/) }));
    // large finite totals are exact
    expect(periodIndicators([huge[0], { ...huge[1], amount: 7e307 }], { asOf: "2024-02-29" }).periods[0].revenue).toBe(1.7e308);
  });

  test("a period count beyond the limit is a RangeError before anything of that size is built", () => {
    const started = performance.now();
    // a sentinel date let through a wide dateRange: 105,000 weeks
    expect(() => periodIndicators([{ customerId: "a", date: "0001-01-01", amount: 1 }, { customerId: "a", date: "2024-01-01", amount: 1 }], { asOf: "2024-01-31", period: "week", dateRange: { from: "0001-01-01" } })).toThrow(
      new RangeError("periodIndicators: 105560 weekly periods from 0001-01-01 to 2024-01-31 exceed the limit of 20000: check the earliest date (a sentinel such as 0001-01-01, or epoch seconds read as milliseconds) or use a longer period"),
    );
    // an epoch day 100 million days back: 273,791 years
    const columns = { customerId: ["a", "a"], date: Int32Array.of(-100_000_000, 19_700), amount: [1, 1] };
    expect(() => periodIndicators(columns, { asOf: "2024-01-31", period: "year", dateRange: { from: new Date(-8.64e15) } })).toThrow(/^periodIndicators: 273\d{3} yearly periods from -271821-04-20 to 2024-01-31 exceed the limit of 20000/);
    expect(performance.now() - started).toBeLessThan(2000);
    // 13,745 years (under the limit) are still built
    const far = { customerId: ["a", "a"], date: Int32Array.of(-5_000_000, 19_700), amount: [1, 1] };
    expect(periodIndicators(far, { asOf: "2024-01-31", period: "year", dateRange: { from: new Date(-8.64e15) } }).periods).toHaveLength(13_745);
  });
});

describe("periodIndicators: rates from outside data", () => {
  test("referral (÷ new or ÷ active), complaints, CSAT, NPS per period", () => {
    const { periods } = periodIndicators(log, {
      asOf: "2024-04-30",
      external: {
        "2024-02": { referredNew: 1, complaints: 1, csatSatisfied: 3, csatResponses: 4, npsScores: [10, 9, 3, 8] },
        "2024-04": { referredNew: 1 },
      },
    });
    expect(periods.map((r) => [r.period, r.referralRate, r.complaintRate, r.satisfaction, r.nps])).toEqual([
      ["2024-01", null, null, null, null],
      ["2024-02", 1, 0.5, 0.75, 25],
      ["2024-03", null, null, null, null],
      ["2024-04", 1, null, null, null],
    ]);
    const byActive = periodIndicators(log, { asOf: "2024-04-30", external: { "2024-04": { referredNew: 1 } }, referralDenominator: "active" });
    expect(byActive.periods[3].referralRate).toBe(0.5);
  });

  test("inconsistent outside data is an error naming the period", () => {
    expect(() => periodIndicators(log, { asOf: "2024-04-30", external: { "2024-02": { referredNew: 3 } } })).toThrow(
      expect.objectContaining({
        code: "invalid_value",
        issues: [expect.objectContaining({ path: ["options", "external", "2024-02", "referredNew"], message: "3 referred customers but only 1 new customers in 2024-02" })],
      }),
    );
    expect(() => periodIndicators(log, { asOf: "2024-04-30", external: { "2025-01": { complaints: 1 } } })).toThrow(
      expect.objectContaining({ code: "invalid_value", issues: [expect.objectContaining({ path: ["options", "external", "2025-01"] })] }),
    );
    expect(() => periodIndicators(log, { asOf: "2024-04-30", external: { "2024-02": { complaints: -1 } } })).toThrow(/^periodIndicators: options\.external/);
  });

  test("bad NPS answers are named where the caller put them", () => {
    expect(() => periodIndicators(log, { asOf: "2024-04-30", external: { "2024-03": { npsScores: [10, 11] } } })).toThrow(
      expect.objectContaining({
        name: "AnalyticsInputError",
        message: expect.stringMatching(/^periodIndicators: options\.external\["2024-03"\]\.npsScores\[1\]: expected an integer from 0 to 10, got 11/),
        issues: [expect.objectContaining({ code: "invalid_value", path: ["options", "external", "2024-03", "npsScores", 1] })],
      }),
    );
  });
});

describe("periodIndicators: options", () => {
  test("unknown options are rejected, naming the key", () => {
    expect(() => periodIndicators(log, { asOf: "2024-04-30", perod: "week" } as never)).toThrow(new TypeError('periodIndicators: options: unknown option "perod"'));
    expect(() => periodIndicators(log, { asOf: "2024-04-30", external: { "2024-02": { referred: 1 } } } as never)).toThrow(TypeError);
    expect(() => periodIndicators(log, { asOf: "2024-04-30", lostAfterDays: 0 })).toThrow(RangeError);
  });

  test("types", () => {
    expectTypeOf(periodIndicators).parameter(1).toEqualTypeOf<PeriodIndicatorsOptions<unknown>>();
    expectTypeOf(periodIndicators).returns.toEqualTypeOf<PeriodIndicatorsResult>();
    expectTypeOf<PeriodIndicatorsResult["periods"]>().toEqualTypeOf<PeriodIndicatorRecord[]>();
    expectTypeOf<PeriodIndicatorsResult["meta"]["lostAfterDays"]>().toEqualTypeOf<number | null>();
    expectTypeOf<keyof typeof periodIndicatorsOptionsSchema.shape>().toEqualTypeOf<keyof PeriodIndicatorsOptions>();
  });
});

describe("periodIndicators: partial periods", () => {
  const rates = ["churnRate", "retentionRate", "repurchaseRate", "repeatPurchaseRate", "revenueRetention"] as const;
  const rows = [
    { customerId: "a", date: "2024-01-01", amount: 100 },
    { customerId: "b", date: "2024-01-10", amount: 50 },
    { customerId: "a", date: "2024-02-03", amount: 20 },
  ];

  test("a month cut by asOf: marked, 9 of 29 days, its rates null by default", () => {
    const { periods, meta } = periodIndicators(rows, { asOf: "2024-02-09" });
    expect(periods.map((p) => [p.period, p.start, p.end, p.partial, p.daysCovered, p.daysInPeriod, p.active, p.lost, p.churnRate])).toEqual([
      ["2024-01", "2024-01-01", "2024-01-31", false, 31, 31, 2, 0, null], // no one active at start
      ["2024-02", "2024-02-01", "2024-02-09", true, 9, 29, 1, 1, null], // b "lost" after 9 days: not a churn rate
    ]);
    for (const r of rates) expect(periods[1][r]).toBeNull();
    expect(periods[1].revenue).toBe(20); // counts and revenue are what happened in the days covered
    expect(meta.partialPeriods).toBe("null-rates");
    expect(meta.partial).toEqual([{ period: "2024-02", start: "2024-02-01", end: "2024-02-09", daysCovered: 9, daysInPeriod: 29 }]);
    // "mark": the rates over the days covered
    const marked = periodIndicators(rows, { asOf: "2024-02-09", partialPeriods: "mark" });
    expect(marked.periods[1]).toMatchObject({ partial: true, churnRate: 0.5, retentionRate: 0.5, repurchaseRate: 1, repeatPurchaseRate: 0, revenueRetention: 20 / 150 });
    expect(marked.meta).toMatchObject({ partialPeriods: "mark", partial: meta.partial });
    // "drop": the partial period is left out, and listed in meta
    const dropped = periodIndicators(rows, { asOf: "2024-02-09", partialPeriods: "drop" });
    expect(dropped.periods).toEqual([periods[0]]);
    expect(dropped.meta.partial).toEqual(meta.partial);
    // asOf on the month's last day: nothing is partial
    const whole = periodIndicators(rows, { asOf: "2024-02-29" });
    expect(whole.periods.map((p) => [p.partial, p.daysCovered, p.churnRate])).toEqual([
      [false, 31, null],
      [false, 29, 0.5],
    ]);
    expect(whole.meta.partial).toEqual([]);
  });

  test("a first period cut by the first day of the rows; the next period's revenue retention compares with it", () => {
    const late = [
      { customerId: "a", date: "2024-01-15", amount: 100 },
      { customerId: "b", date: "2024-01-20", amount: 40 },
      { customerId: "a", date: "2024-02-10", amount: 50 },
    ];
    const { periods, meta } = periodIndicators(late, { asOf: "2024-02-29" });
    expect(periods.map((p) => [p.period, p.start, p.end, p.partial, p.daysCovered, p.daysInPeriod])).toEqual([
      ["2024-01", "2024-01-15", "2024-01-31", true, 17, 31],
      ["2024-02", "2024-02-01", "2024-02-29", false, 29, 29],
    ]);
    expect(periods[0].repeatPurchaseRate).toBeNull();
    // February is whole: its churn is kept; its revenue retention would compare 29 days with 17
    expect(periods[1]).toMatchObject({ churnRate: 0.5, retentionRate: 0.5, repurchaseRate: 1, revenueRetention: null });
    expect(periodIndicators(late, { asOf: "2024-02-29", partialPeriods: "mark" }).periods[1].revenueRetention).toBe(50 / 140);
    expect(meta.partial).toEqual([{ period: "2024-01", start: "2024-01-15", end: "2024-01-31", daysCovered: 17, daysInPeriod: 31 }]);
    // a refund on the 2nd: the data covers from the 2nd (its amount counts in a's first purchase period)
    const withRefund = periodIndicators([{ customerId: "a", date: "2024-01-02", amount: -5 }, ...late], { asOf: "2024-02-29" }).periods;
    expect([withRefund[0].start, withRefund[0].daysCovered, withRefund[0].revenue]).toEqual(["2024-01-02", 30, 135]);
    // the first row on the first day: whole
    expect(periodIndicators([{ customerId: "c", date: "2024-01-01", amount: 1 }, ...late], { asOf: "2024-02-29" }).periods[0]).toMatchObject({ partial: false, daysCovered: 31 });
  });

  test("weeks, quarters and years: the days of each kind of period", () => {
    const wed = [
      { customerId: "a", date: "2024-01-03", amount: 1 }, // a Wednesday
      { customerId: "a", date: "2024-01-09", amount: 1 },
    ];
    const weeks = periodIndicators(wed, { asOf: "2024-01-16", period: "week" }).periods; // Monday weeks; asOf a Tuesday
    expect(weeks.map((w) => [w.period, w.start, w.end, w.partial, w.daysCovered, w.daysInPeriod])).toEqual([
      ["2024-01-01", "2024-01-03", "2024-01-07", true, 5, 7],
      ["2024-01-08", "2024-01-08", "2024-01-14", false, 7, 7],
      ["2024-01-15", "2024-01-15", "2024-01-16", true, 2, 7],
    ]);
    expect(weeks[1]).toMatchObject({ churnRate: 0, retentionRate: 1 });
    expect(weeks[2]).toMatchObject({ lost: 1, churnRate: null });
    // Sunday weeks: the rows start on the week's Wednesday, asOf is a Saturday (the week's last day)
    expect(periodIndicators(wed, { asOf: "2024-01-13", period: "week", weekStartsOn: 0 }).periods.map((w) => [w.period, w.partial, w.daysCovered])).toEqual([
      ["2023-12-31", true, 4],
      ["2024-01-07", false, 7],
    ]);
    const q = periodIndicators([{ customerId: "a", date: "2024-01-01", amount: 1 }, { customerId: "a", date: "2024-04-02", amount: 1 }], { asOf: "2024-05-15", period: "quarter" }).periods;
    expect(q.map((p) => [p.period, p.start, p.end, p.partial, p.daysCovered, p.daysInPeriod])).toEqual([
      ["2024-Q1", "2024-01-01", "2024-03-31", false, 91, 91], // 2024 is a leap year
      ["2024-Q2", "2024-04-01", "2024-05-15", true, 45, 91],
    ]);
    const y = periodIndicators([{ customerId: "a", date: "2023-01-01", amount: 1 }], { asOf: "2024-12-30", period: "year" }).periods;
    expect(y.map((p) => [p.period, p.partial, p.daysCovered, p.daysInPeriod])).toEqual([
      ["2023", false, 365, 365],
      ["2024", true, 365, 366],
    ]);
  });

  test("explicit windows: partial when asOf cuts them, taken as given otherwise", () => {
    // windows: February and 5 March .. 15 April; the log's first row is 2024-01-03
    const { periods, meta } = periodIndicators(log, { asOf: "2024-04-10", windows });
    expect(periods.map((p) => [p.period, p.start, p.end, p.partial, p.daysCovered, p.daysInPeriod, p.churnRate])).toEqual([
      ["Feb", "2024-02-01", "2024-02-29", false, 29, 29, null],
      ["2024-03-05..2024-04-15", "2024-03-05", "2024-04-10", true, 37, 42, null],
    ]);
    expect(meta.partial).toEqual([{ period: "2024-03-05..2024-04-15", start: "2024-03-05", end: "2024-04-10", daysCovered: 37, daysInPeriod: 42 }]);
    expect(meta.windows?.[1]).toEqual({ start: "2024-03-05", end: "2024-04-15", label: "2024-03-05..2024-04-15" });
    expect(periodIndicators(log, { asOf: "2024-04-10", windows, partialPeriods: "mark" }).periods[1].churnRate).toBe(1);
    // a window before the first purchase is not cut by it: the caller chose its days
    const early = periodIndicators(log, { asOf: "2024-04-30", windows: [{ start: "2023-12-01", end: "2023-12-31" }, windows[0]] }).periods;
    expect(early.map((p) => [p.partial, p.daysCovered, p.active])).toEqual([
      [false, 31, 0],
      [false, 29, 2],
    ]);
  });

  test("with lostAfterDays the partial period's churn is left out too", () => {
    // 25 days: on 31 January only b (21 days) is active; on 9 February b (30 days) has lapsed after 9 days
    const { periods } = periodIndicators(rows, { asOf: "2024-02-09", lostAfterDays: 25 });
    expect(periods[1]).toMatchObject({ partial: true, churnRate: null, retentionRate: null, activeAtStart: 1, lost: 1 });
    expect(periodIndicators(rows, { asOf: "2024-02-09", lostAfterDays: 25, partialPeriods: "mark" }).periods[1].churnRate).toBe(1);
  });

  test("bad partialPeriods values are a TypeError naming the option", () => {
    expect(() => periodIndicators(rows, { asOf: "2024-02-09", partialPeriods: "omit" } as never)).toThrow(/^periodIndicators: options\.partialPeriods/);
  });

  // Independent calendar: the first and last day of a period from its label.
  const DAY = 86_400_000;
  const dayOf = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY;
  const bounds = (label: string, unit: "week" | "month" | "quarter" | "year"): [number, number] => {
    if (unit === "week") return [dayOf(label), dayOf(label) + 6];
    const y = Number(label.slice(0, 4));
    const [m0, m1] = unit === "year" ? [0, 12] : unit === "quarter" ? [(Number(label.slice(6)) - 1) * 3, Number(label.slice(6)) * 3] : [Number(label.slice(5)) - 1, Number(label.slice(5))];
    return [Date.UTC(y, m0, 1) / DAY, Date.UTC(y, m1, 1) / DAY - 1];
  };
  const periodArb = fc.constantFrom("week" as const, "month" as const, "quarter" as const, "year" as const);

  test("property: partial iff fewer days covered than the period's; only the first and last can be; the modes differ only there", () => {
    fc.assert(
      fc.property(transactionRows(40), fc.integer({ min: 0, max: 500 }), periodArb, fc.integer({ min: 0, max: 6 }), fc.option(fc.integer({ min: 1, max: 120 }), { nil: undefined }), (tx, later, period, weekStartsOn, lostAfterDays) => {
        const asOf = new Date((dayOf("2023-09-28") + later) * DAY).toISOString().slice(0, 10);
        const options = { asOf, period, ...(period === "week" ? { weekStartsOn } : {}), lostAfterDays };
        const { periods, meta } = periodIndicators(tx, options);
        const firstRow = Math.min(...tx.map((r) => dayOf(r.date)));
        periods.forEach((p, q) => {
          const [s, e] = bounds(p.period, period);
          expect(dayOf(p.start)).toBe(q === 0 ? Math.max(s, firstRow) : s);
          expect(dayOf(p.end)).toBe(Math.min(e, dayOf(asOf)));
          expect(p.daysCovered).toBe(dayOf(p.end) - dayOf(p.start) + 1);
          expect(p.daysInPeriod).toBe(e - s + 1);
          expect(p.partial).toBe(p.daysCovered < p.daysInPeriod);
          if (q > 0 && q < periods.length - 1) expect(p.partial).toBe(false);
          // conservation identities, whatever the marks
          expect(p.activeAtEnd).toBe(p.activeAtStart - p.lost + p.new - p.newLapsed + p.reactivated);
          if (p.partial) for (const r of rates) expect(p[r]).toBeNull();
          if (q > 0 && periods[q - 1].partial) expect(p.revenueRetention).toBeNull();
        });
        expect(meta.partial).toEqual(periods.filter((p) => p.partial).map((p) => ({ period: p.period, start: p.start, end: p.end, daysCovered: p.daysCovered, daysInPeriod: p.daysInPeriod })));
        // "mark" differs only in the rates of partial periods (and the revenue retention after one); "drop" leaves them out
        const marked = periodIndicators(tx, { ...options, partialPeriods: "mark" }).periods;
        expect(marked.map((p, q) => (p.partial || (q > 0 && marked[q - 1].partial) ? { ...p, ...Object.fromEntries(rates.map((r) => [r, periods[q][r]])) } : p))).toEqual(periods);
        for (const p of marked) if (p.activeAtStart > 0) expect(p.churnRate).not.toBeNull();
        expect(periodIndicators(tx, { ...options, partialPeriods: "drop" }).periods).toEqual(periods.filter((p) => !p.partial));
      }),
      { numRuns: 300 },
    );
  });
});

describe("periodIndicators: against a per-row reference", () => {
  test.each([
    ["in any order", refLogs],
    ["as order lines, each order's rows one after another", orderLineLogs],
  ])("property: records, plain columns and dictionary columns (read in place) all equal the reference, bit for bit: rows %s", (_, logs) => {
    fc.assert(
      fc.property(
        logs.chain((l) => fc.tuple(fc.constant(l), refOptions(l.asOf, l.afterAsOf))),
        ([{ rows }, options]) => {
          if (usableRows(rows, options).length === 0) {
            // every row left out: the same error whatever the form
            for (const input of [rows, dictionaryColumns(rows), plainColumns(rows)]) expect(() => periodIndicators(input, options)).toThrow(/no usable transactions/);
            return;
          }
          const ref = referencePeriodIndicators(rows, options);
          const out = periodIndicators(rows, options);
          expect(out.periods).toEqual(ref.periods);
          expect(out.meta).toMatchObject({ customersWithoutPurchases: ref.customersWithoutPurchases, refundsBeforeFirstPurchase: ref.refundsBeforeFirstPurchase, partial: ref.partial });
          expect(periodIndicators(dictionaryColumns(rows), options)).toEqual(out);
          expect(periodIndicators(plainColumns(rows), options)).toEqual(out);
        },
      ),
      { numRuns: 400 },
    );
  });
});
