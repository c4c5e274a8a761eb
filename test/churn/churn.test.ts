import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { cohortRetention, netPromoterScore, periodIndicators } from "../../src/index.js";
import { shuffled, transactionRows } from "../helpers/arbitraries.js";

// A small log written out: customers a..e over January–April 2024, as of 2024-04-30.
const log = [
  { customerId: "a", date: "2024-01-03", amount: 100, orderId: "1" },
  { customerId: "a", date: "2024-01-20", amount: 50, orderId: "2" },
  { customerId: "b", date: "2024-01-15", amount: 30, orderId: "3" },
  { customerId: "a", date: "2024-02-02", amount: 70, orderId: "4" },
  { customerId: "c", date: "2024-02-14", amount: 20, orderId: "5" },
  { customerId: "c", date: "2024-02-14", amount: 5, orderId: "5" },
  { customerId: "b", date: "2024-03-10", amount: 40, orderId: "6" },
  { customerId: "a", date: "2024-03-11", amount: -10, orderId: "R1" },
  { customerId: "d", date: "2024-04-01", amount: 60, orderId: "7" },
  { customerId: "b", date: "2024-04-02", amount: 10, orderId: "8" },
];

describe("periodIndicators", () => {
  test("hand-computed months", () => {
    const rows = periodIndicators(log, { asOf: "2024-04-30" });
    expect(rows.map((r) => [r.period, r.active, r.new, r.returning, r.retained, r.reactivated, r.lost, r.activeAtStart])).toEqual([
      ["2024-01", 2, 2, 0, 0, 0, 0, 0], // a, b new
      ["2024-02", 2, 1, 1, 1, 0, 1, 2], // a retained, c new, b lost
      ["2024-03", 1, 0, 1, 0, 1, 2, 2], // b back after a gap; a (refund only) and c lost
      ["2024-04", 2, 1, 1, 1, 0, 0, 1], // b retained, d new
    ]);
    const [jan, feb, mar, apr] = rows;
    expect(jan).toMatchObject({ churnRate: null, retentionRate: null, repeatPurchaseRate: 0.5, revenue: 180, start: "2024-01-01", end: "2024-01-31" });
    expect(jan.repurchaseRate).toBe(0);
    expect(feb).toMatchObject({ churnRate: 0.5, retentionRate: 0.5, repurchaseRate: 0.5, repeatPurchaseRate: 0, revenue: 95, revenueFromPrevious: 70 });
    expect(feb.revenueRetention).toBeCloseTo(70 / 180, 15);
    expect(mar).toMatchObject({ churnRate: 1, retentionRate: 0, repurchaseRate: 1, revenue: 30, revenueFromPrevious: -10 });
    expect(apr).toMatchObject({ churnRate: 0, retentionRate: 1, repurchaseRate: 0.5, revenue: 70, revenueFromPrevious: 10, end: "2024-04-30" });
  });

  test("quarters, years and weeks with an explicit week start", () => {
    expect(periodIndicators(log, { asOf: "2024-04-30", period: "quarter" }).map((r) => [r.period, r.active, r.new])).toEqual([
      ["2024-Q1", 3, 3],
      ["2024-Q2", 2, 1],
    ]);
    expect(periodIndicators(log, { asOf: "2024-04-30", period: "year" }).map((r) => [r.period, r.active])).toEqual([["2024", 4]]);
    const weeks = periodIndicators(log.slice(0, 3), { asOf: "2024-01-21", period: "week", weekStartsOn: 0 });
    expect(weeks.map((w) => [w.period, w.start, w.end, w.active])).toEqual([
      ["2023-12-31", "2023-12-31", "2024-01-06", 1],
      ["2024-01-07", "2024-01-07", "2024-01-13", 0],
      ["2024-01-14", "2024-01-14", "2024-01-20", 2],
      ["2024-01-21", "2024-01-21", "2024-01-21", 0],
    ]);
  });

  test("lostAfterDays: activity at the period edges (hand-computed, 45-day window)", () => {
    const rows = periodIndicators(log, { asOf: "2024-04-30", lostAfterDays: 45 });
    expect(rows.map((r) => [r.period, r.activeAtStart, r.activeAtEnd, r.retained, r.lost, r.new, r.newLapsed, r.reactivated])).toEqual([
      ["2024-01", 0, 2, 0, 0, 2, 0, 0],
      ["2024-02", 2, 3, 2, 0, 1, 0, 0], // b's last purchase 01-15 is exactly 45 days before 02-29
      ["2024-03", 3, 1, 1, 2, 0, 0, 0], // a (02-02) and c (02-14) lapse
      ["2024-04", 1, 2, 1, 0, 1, 0, 0],
    ]);
    expect(rows[2].churnRate).toBeCloseTo(2 / 3, 15);
    // a short window: a new customer can lapse within the period
    const short = periodIndicators([{ customerId: "x", date: "2024-01-02", amount: 1 }], { asOf: "2024-01-31", lostAfterDays: 7 });
    expect(short[0]).toMatchObject({ new: 1, newLapsed: 1, activeAtEnd: 0, reactivated: 0 });
  });

  test("properties: rates in [0, 1], counts conserved, row order irrelevant", () => {
    fc.assert(
      fc.property(transactionRows().chain((rows) => fc.tuple(fc.constant(rows), shuffled(rows))), fc.option(fc.integer({ min: 1, max: 400 }), { nil: undefined }), ([rows, perm], lostAfterDays) => {
        const out = periodIndicators(rows, { asOf: "2024-01-01", lostAfterDays });
        expect(periodIndicators(perm, { asOf: "2024-01-01", lostAfterDays }).map((r) => ({ ...r, revenue: 0, revenueFromPrevious: 0, revenueRetention: 0 }))).toEqual(
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
});

describe("cohortRetention", () => {
  test("hand-computed cohorts", () => {
    const cells = cohortRetention(log, { asOf: "2024-04-30" });
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

  test("properties: cohort sizes are the customers first seen in the period; shares in [0, 1]", () => {
    fc.assert(
      fc.property(transactionRows(), (rows) => {
        const cells = cohortRetention(rows, { asOf: "2024-01-01", period: "quarter" });
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
});

describe("netPromoterScore", () => {
  test("promoters 9–10, detractors 0–6, passives in the denominator", () => {
    expect(netPromoterScore([10, 9, 8, 7, 6, 0, 10, 9])).toEqual({ nps: 25, promoters: 4, passives: 2, detractors: 2, n: 8 });
    expect(netPromoterScore([0, 1, 2]).nps).toBe(-100);
    expect(netPromoterScore([7, 8]).nps).toBe(0);
    expect(() => netPromoterScore([])).toThrow(expect.objectContaining({ code: "empty_input" }));
    expect(() => netPromoterScore([5, 11, 7.5])).toThrow(expect.objectContaining({ issues: [expect.objectContaining({ path: "scores[1]" }), expect.objectContaining({ path: "scores[2]" })] }));
  });
  test("NPS lies in −100..100", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 1 }), (s) => {
        const r = netPromoterScore(s);
        expect(r.nps).toBeGreaterThanOrEqual(-100);
        expect(r.nps).toBeLessThanOrEqual(100);
        expect(r.promoters + r.passives + r.detractors).toBe(r.n);
      }),
    );
  });
});

describe("periodIndicators: rates from outside data", () => {
  test("referral (÷ new or ÷ active), complaints, CSAT, NPS per period", () => {
    const rows = periodIndicators(log, {
      asOf: "2024-04-30",
      external: {
        "2024-02": { referredNew: 1, complaints: 1, csatSatisfied: 3, csatResponses: 4, npsScores: [10, 9, 3, 8] },
        "2024-04": { referredNew: 1 },
      },
    });
    expect(rows.map((r) => [r.period, r.referralRate, r.complaintRate, r.satisfaction, r.nps])).toEqual([
      ["2024-01", null, null, null, null],
      ["2024-02", 1, 0.5, 0.75, 25],
      ["2024-03", null, null, null, null],
      ["2024-04", 1, null, null, null],
    ]);
    const byActive = periodIndicators(log, { asOf: "2024-04-30", external: { "2024-04": { referredNew: 1 } }, referralDenominator: "active" });
    expect(byActive[3].referralRate).toBe(0.5);
  });
  test("inconsistent outside data is an error naming the period", () => {
    expect(() => periodIndicators(log, { asOf: "2024-04-30", external: { "2024-02": { referredNew: 3 } } })).toThrow(
      expect.objectContaining({ code: "invalid_value", issues: [expect.objectContaining({ path: 'options.external["2024-02"].referredNew' })] }),
    );
    expect(() => periodIndicators(log, { asOf: "2024-04-30", external: { "2025-01": { complaints: 1 } } })).toThrow(expect.objectContaining({ code: "invalid_value" }));
    expect(() => periodIndicators(log, { asOf: "2024-04-30", external: { "2024-02": { complaints: -1 } } })).toThrow(/^periodIndicators: options\.external/);
  });
});

describe("explicit windows", () => {
  test("indicators and cohorts over given windows; purchases before the first window decide who is new", () => {
    const windows = [
      { start: "2024-02-01", end: "2024-02-29", label: "Feb" },
      { start: "2024-03-05", end: "2024-04-15" },
    ];
    const rows = periodIndicators(log, { asOf: "2024-04-30", windows });
    expect(rows.map((r) => [r.period, r.start, r.end, r.active, r.new, r.retained, r.lost, r.revenue])).toEqual([
      ["Feb", "2024-02-01", "2024-02-29", 2, 1, 0, 0, 95], // a bought in January: returning, not new
      ["2024-03-05..2024-04-15", "2024-03-05", "2024-04-15", 2, 1, 0, 2, 100], // b back, d new; a and c lost
    ]);
    const cells = cohortRetention(log, { asOf: "2024-04-30", windows });
    expect(cells.map((c) => [c.cohort, c.periodIndex, c.customers, c.revenue])).toEqual([
      ["Feb", 0, 1, 25],
      ["Feb", 1, 0, 0],
      ["2024-03-05..2024-04-15", 0, 1, 60],
    ]);
    expect(() => periodIndicators(log, { asOf: "2024-04-30", windows: [windows[1], windows[0]] })).toThrow(/^periodIndicators: windows must be in order/);
    expect(() => periodIndicators(log, { asOf: "2024-04-30", windows, period: "month" })).toThrow(TypeError);
  });
});
