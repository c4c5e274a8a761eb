import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { churnRisk, summarizeTransactions, winBackPriority } from "../../src/index.js";
import { shuffled, transactionRows } from "../helpers/arbitraries.js";

const log = [
  // a: every 10 days, last 2024-01-21
  { customerId: "a", date: "2024-01-01", amount: 50 },
  { customerId: "a", date: "2024-01-11", amount: 50 },
  { customerId: "a", date: "2024-01-21", amount: 50 },
  // b: gaps 30 and 10 (median 20), last 2024-01-31
  { customerId: "b", date: "2023-12-22", amount: 80 },
  { customerId: "b", date: "2024-01-21", amount: 80 },
  { customerId: "b", date: "2024-01-31", amount: 80 },
  // c: one purchase day (two rows), uses the population gap
  { customerId: "c", date: "2023-11-01", amount: 300 },
  { customerId: "c", date: "2023-11-01", amount: 20 },
  // d: refund only
  { customerId: "d", date: "2024-01-05", amount: -10 },
];

describe("churnRisk", () => {
  test("property: value at risk is the customer's net amount, to the bit the summaries give", () => {
    fc.assert(
      fc.property(transactionRows(), (rows) => {
        // a second purchase day for the first customer gives the population a purchase rhythm
        const withRefund = [...rows, { ...rows[0], date: "2024-01-01" }, { ...rows[0], amount: -rows[0].amount / 3, orderId: "refund" }];
        const options = { asOf: "2030-12-31" };
        const monetary = new Map(summarizeTransactions(withRefund, options).customers.map((c) => [c.customerId, c.monetary]));
        for (const c of churnRisk(withRefund, options).customers) expect(c.valueAtRisk).toBe(monetary.get(c.customerId));
      }),
    );
  });
  test("hand-computed gaps, overdue and levels; warnings by value at risk", () => {
    const { customers, warnings, meta } = churnRisk(log, { asOf: "2024-03-01" });
    expect(customers.map((c) => [c.customerId, c.purchaseDays, c.typicalGapDays, c.gapSource, c.recencyDays, c.overdue, c.risk, c.valueAtRisk])).toEqual([
      ["a", 3, 10, "own", 40, 4, "at_risk", 150],
      ["b", 3, 20, "own", 30, 1.5, "cooling", 240],
      ["c", 1, 15, "population", 121, 121 / 15, "lapsed", 320],
    ]);
    expect(meta.populationGapDays).toBe(15);
    expect(meta.counts).toEqual({ active: 0, cooling: 1, at_risk: 1, lapsed: 1 });
    expect(warnings.map((w) => w.customerId)).toEqual(["c", "a"]);
  });

  test("P(alive) plugs in as the risk measure", () => {
    const { customers, meta } = churnRisk(log, { asOf: "2024-03-01", pAlive: { a: 0.9, b: 0.3, c: 0.1 } });
    expect(customers.map((c) => [c.customerId, c.pAlive, c.overdue, c.risk])).toEqual([
      ["a", 0.9, null, "active"],
      ["b", 0.3, null, "at_risk"],
      ["c", 0.1, null, "lapsed"],
    ]);
    expect(meta.measure).toBe("pAlive");
    expect(() => churnRisk(log, { asOf: "2024-03-01", pAlive: { a: 0.9 } })).toThrow(expect.objectContaining({ code: "invalid_value" }));
  });

  test("errors", () => {
    expect(() => churnRisk([{ customerId: "a", date: "2024-01-01", amount: 1 }], { asOf: "2024-02-01" })).toThrow(expect.objectContaining({ code: "degenerate_data" }));
    expect(() => churnRisk(log, { asOf: "2024-03-01", cuts: { cooling: 3, atRisk: 2 } })).toThrow(/^churnRisk: cuts must increase/);
  });

  test("properties: one level each, overdue consistent with the cuts, row order irrelevant", () => {
    fc.assert(
      fc.property(transactionRows().chain((rows) => fc.tuple(fc.constant(rows), shuffled(rows))), ([rows, perm]) => {
        fc.pre(new Set(rows.map((r) => `${r.customerId}|${r.date}`)).size > new Set(rows.map((r) => r.customerId)).size);
        const a = churnRisk(rows, { asOf: "2024-01-01" });
        const b = churnRisk(perm, { asOf: "2024-01-01" });
        const strip = (r: typeof a.customers) => [...r].sort((x, y) => (x.customerId < y.customerId ? -1 : 1)).map((c) => ({ ...c, valueAtRisk: Math.round(c.valueAtRisk * 100) }));
        expect(strip(b.customers)).toEqual(strip(a.customers));
        for (const c of a.customers) {
          const o = c.overdue as number;
          const level = o <= 1 ? "active" : o <= 2 ? "cooling" : o <= 4 ? "at_risk" : "lapsed";
          expect(c.risk).toBe(level);
        }
        expect(Object.values(a.meta.counts).reduce((s, n) => s + n, 0)).toBe(a.customers.length);
      }),
    );
  });
});

describe("winBackPriority", () => {
  test("key customers first, then ordinary, small, inferior; only at-risk and lapsed", () => {
    const risks = [
      { customerId: "k", risk: "lapsed" as const, valueAtRisk: 10 },
      { customerId: "o", risk: "at_risk" as const, valueAtRisk: 500 },
      { customerId: "s", risk: "lapsed" as const, valueAtRisk: 5 },
      { customerId: "i", risk: "lapsed" as const, valueAtRisk: -3 },
      { customerId: "k2", risk: "at_risk" as const, valueAtRisk: 700 },
      { customerId: "x", risk: "active" as const, valueAtRisk: 1000 },
    ];
    const tiers = [
      { customerId: "k", tier: "key_secondary" },
      { customerId: "o", tier: "ordinary" },
      { customerId: "s", tier: "small" },
      { customerId: "i", tier: "inferior" },
      { customerId: "k2", tier: "key_important" },
      { customerId: "x", tier: "key_important" },
    ];
    expect(winBackPriority(risks, tiers).map((r) => [r.customerId, r.priority])).toEqual([
      ["k2", "must_win_back"],
      ["k", "must_win_back"],
      ["o", "try"],
      ["s", "flexible"],
      ["i", "let_go"],
    ]);
    expect(() => winBackPriority(risks, tiers.slice(1))).toThrow(expect.objectContaining({ code: "invalid_value" }));
  });
});
