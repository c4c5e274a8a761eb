import fc from "fast-check";
import { describe, expect, expectTypeOf, test } from "vitest";
import {
  churnRisk,
  churnRiskOptionsSchema,
  summarizeTransactions,
  type ChurnRiskAliveThresholds,
  type ChurnRiskOptions,
  type ChurnRiskRecord,
  type ChurnRiskResult,
  type ChurnRiskThresholds,
} from "../../src/index.js";
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
  test("hand-computed gaps, overdue and levels; alerts by value at risk", () => {
    const { customers, meta } = churnRisk(log, { asOf: "2024-03-01" });
    expect(customers.map((c) => [c.customerId, c.purchaseDays, c.typicalGapDays, c.gapSource, c.recencyDays, c.overdue, c.risk, c.alert, c.valueAtRisk])).toEqual([
      ["a", 3, 10, "own", 40, 4, "at_risk", true, 150],
      ["b", 3, 20, "own", 30, 1.5, "cooling", false, 240],
      ["c", 1, 15, "population", 121, 121 / 15, "lapsed", true, 320],
    ]);
    expect(meta).toMatchObject({ asOf: "2024-03-01", measure: "overdue", thresholds: { cooling: 1, atRisk: 2, lapsed: 4 }, aliveThresholds: null, populationGapDays: 15 });
    expect(meta.input).toMatchObject({ rowsRead: 9 });
    expect(meta.counts).toEqual({ active: 0, cooling: 1, at_risk: 1, lapsed: 1 });
    // the 0.1.0 `warnings` list, from the records
    const alerts = customers.filter((c) => c.alert).sort((x, y) => y.valueAtRisk - x.valueAtRisk || (x.customerId < y.customerId ? -1 : 1));
    expect(alerts.map((w) => w.customerId)).toEqual(["c", "a"]);
  });

  test("thresholds: given ones replace the defaults and are returned in meta", () => {
    const { customers, meta } = churnRisk(log, { asOf: "2024-03-01", thresholds: { atRisk: 5, lapsed: 10 } });
    expect(customers.map((c) => c.risk)).toEqual(["cooling", "cooling", "at_risk"]);
    expect(meta.thresholds).toEqual({ cooling: 1, atRisk: 5, lapsed: 10 });
  });

  test("P(alive) plugs in as the risk measure", () => {
    const { customers, meta } = churnRisk(log, { asOf: "2024-03-01", pAlive: { a: 0.9, b: 0.3, c: 0.1 } });
    expect(customers.map((c) => [c.customerId, c.pAlive, c.overdue, c.risk])).toEqual([
      ["a", 0.9, null, "active"],
      ["b", 0.3, null, "at_risk"],
      ["c", 0.1, null, "lapsed"],
    ]);
    expect(meta).toMatchObject({ measure: "pAlive", thresholds: null, aliveThresholds: { active: 0.8, cooling: 0.5, atRisk: 0.2 } });
    const lenient = churnRisk(log, { asOf: "2024-03-01", pAlive: (id) => (id === "a" ? 0.9 : 0.3), aliveThresholds: { cooling: 0.25 } });
    expect(lenient.customers.map((c) => c.risk)).toEqual(["active", "cooling", "cooling"]);
    expect(lenient.meta.aliveThresholds).toEqual({ active: 0.8, cooling: 0.25, atRisk: 0.2 });
  });

  test("P(alive) as a Map (keys: the customer ids as strings), as the docs say", () => {
    const alive = new Map([
      ["a", 0.9],
      ["b", 0.3],
      ["c", 0.1],
    ]);
    expect(churnRisk(log, { asOf: "2024-03-01", pAlive: alive }).customers.map((c) => [c.customerId, c.pAlive, c.risk])).toEqual([
      ["a", 0.9, "active"],
      ["b", 0.3, "at_risk"],
      ["c", 0.1, "lapsed"],
    ]);
    // numeric keys do not match: the message says what the keys must be
    const numeric = [{ customerId: 17850, date: "2024-01-01", amount: 5 }];
    expect(() => churnRisk(numeric, { asOf: "2024-03-01", pAlive: new Map([[17850, 0.5]]) as never })).toThrow(
      expect.objectContaining({
        issues: [expect.objectContaining({ path: ["options", "pAlive", "17850"], message: "expected a probability in [0, 1], got undefined (the Map's keys must be the customer ids as strings)" })],
      }),
    );
    // a P(alive) function that throws is a data error naming the customer
    expect(() => churnRisk(log, { asOf: "2024-03-01", pAlive: () => { throw new Error("model not fitted"); } })).toThrow(
      expect.objectContaining({ name: "AnalyticsInputError", code: "unreadable_field", issues: expect.arrayContaining([expect.objectContaining({ path: ["options", "pAlive", "a"], customerId: "a", message: "reading P(alive) threw: model not fitted" })]) }),
    );
    expect(() => churnRisk(log, { asOf: "2024-03-01", pAlive: [0.5] as never })).toThrow(/^churnRisk: options\.pAlive: expected a Map or object of customer id to P\(alive\), or a function/);
  });

  test("a net amount that is not a finite number is an overflow error, never NaN or Infinity", () => {
    const huge = [
      { customerId: "a", date: "2024-01-01", amount: 1e308 },
      { customerId: "a", date: "2024-01-11", amount: 1e308 },
      { customerId: "b", date: "2024-01-05", amount: 1 },
      { customerId: "b", date: "2024-01-15", amount: 1 },
    ];
    expect(() => churnRisk(huge, { asOf: "2024-03-01" })).toThrow(
      expect.objectContaining({ name: "AnalyticsInputError", code: "overflow", issues: [expect.objectContaining({ code: "overflow", customerId: "a", path: ["input"] })] }),
    );
    expect(() => churnRisk(huge, { asOf: "2024-03-01", pAlive: () => 0.5 })).toThrow(expect.objectContaining({ code: "overflow" }));
    // large but finite totals are kept
    const large = churnRisk([huge[0], { ...huge[1], amount: 7e307 }, huge[2], huge[3]], { asOf: "2024-03-01" }).customers;
    expect(large[0].valueAtRisk).toBe(1.7e308);
  });

  test("a missing or impossible P(alive) names the customer", () => {
    expect(() => churnRisk(log, { asOf: "2024-03-01", pAlive: { a: 0.9, b: 1.5 } })).toThrow(
      expect.objectContaining({
        code: "invalid_value",
        issues: [
          expect.objectContaining({ path: ["options", "pAlive", "b"], customerId: "b", message: "expected a probability in [0, 1], got 1.5" }),
          expect.objectContaining({ path: ["options", "pAlive", "c"], customerId: "c", message: "expected a probability in [0, 1], got undefined" }),
        ],
      }),
    );
    // a map is read by own keys: customer "constructor" does not find Object.prototype.constructor
    const named = [{ customerId: "constructor", date: "2024-01-01", amount: 5 }];
    expect(() => churnRisk(named, { asOf: "2024-03-01", pAlive: {} })).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ customerId: "constructor", message: "expected a probability in [0, 1], got undefined" })] }),
    );
  });

  test("errors", () => {
    expect(() => churnRisk([{ customerId: "a", date: "2024-01-01", amount: 1 }], { asOf: "2024-02-01" })).toThrow(
      expect.objectContaining({ code: "degenerate_data", issues: [expect.objectContaining({ path: ["rows"] })] }),
    );
    expect(() => churnRisk(log, { asOf: "2024-03-01", thresholds: { cooling: 3, atRisk: 2 } })).toThrow(new RangeError("churnRisk: options.thresholds: must increase (cooling < atRisk < lapsed), got 3, 2, 4"));
    expect(() => churnRisk(log, { asOf: "2024-03-01", pAlive: {}, aliveThresholds: { cooling: 0.9 } })).toThrow(/^churnRisk: options\.aliveThresholds: must decrease/);
    expect(() => churnRisk(log, { asOf: "2024-03-01", aliveThresholds: { active: 0.9 } })).toThrow(new TypeError("churnRisk: options.aliveThresholds applies only with options.pAlive"));
    expect(() => churnRisk(log, { asOf: "2024-03-01", pAlive: {}, thresholds: { lapsed: 6 } })).toThrow(TypeError);
    expect(() => churnRisk(log, { asOf: "2024-03-01", cuts: { lapsed: 6 } } as never)).toThrow(new TypeError('churnRisk: options: unknown option "cuts"'));
    expect(() => churnRisk(log, { asOf: "2024-03-01", thresholds: { lapsd: 6 } } as never)).toThrow(TypeError);
  });

  test("types", () => {
    expectTypeOf(churnRisk).parameter(1).toEqualTypeOf<ChurnRiskOptions<unknown>>();
    expectTypeOf(churnRisk).returns.toEqualTypeOf<ChurnRiskResult>();
    expectTypeOf<ChurnRiskResult["customers"]>().toEqualTypeOf<ChurnRiskRecord[]>();
    expectTypeOf<ChurnRiskResult["meta"]["thresholds"]>().toEqualTypeOf<ChurnRiskThresholds | null>();
    expectTypeOf<ChurnRiskResult["meta"]["aliveThresholds"]>().toEqualTypeOf<ChurnRiskAliveThresholds | null>();
    expectTypeOf<ChurnRiskResult>().not.toHaveProperty("warnings");
    expectTypeOf<keyof typeof churnRiskOptionsSchema.shape>().toEqualTypeOf<keyof ChurnRiskOptions>();
  });

  test("properties: one level each, overdue consistent with the thresholds, row order irrelevant", () => {
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
          expect(c.alert).toBe(level === "at_risk" || level === "lapsed");
        }
        expect(Object.values(a.meta.counts).reduce((s, n) => s + n, 0)).toBe(a.customers.length);
      }),
    );
  });

  test("a threshold given as undefined keeps its default (it does not replace it)", () => {
    const plain = churnRisk(log, { asOf: "2024-03-01" });
    const withUndefined = churnRisk(log, { asOf: "2024-03-01", thresholds: { cooling: undefined } });
    expect(withUndefined.meta.thresholds).toEqual(plain.meta.thresholds);
    expect(withUndefined.customers).toEqual(plain.customers);
  });
});
