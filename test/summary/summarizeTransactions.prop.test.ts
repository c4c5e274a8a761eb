import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { summarizeTransactions } from "../../src/summary/index.js";
import { deepFreeze, shuffled, transactionRows } from "../helpers/arbitraries.js";

const asOf = "2024-01-01";
const byId = <T extends { customerId: string }>(rows: T[]) => [...rows].sort((a, b) => (a.customerId < b.customerId ? -1 : 1));

describe("summarizeTransactions properties", () => {
  test("a permutation of the rows changes nothing per customer", () => {
    fc.assert(
      fc.property(transactionRows().chain((rows) => fc.tuple(fc.constant(rows), shuffled(rows))), ([rows, perm]) => {
        for (const withOrders of [true, false]) {
          const fields = withOrders
            ? { customerId: "customerId", date: "date", amount: "amount", orderId: "orderId" }
            : { customerId: "customerId", date: "date", amount: "amount" };
          expect(byId(summarizeTransactions(perm, { asOf, fields }).customers)).toEqual(byId(summarizeTransactions(rows, { asOf, fields }).customers));
        }
      }),
    );
  });

  test("rows, amounts and customers are conserved; recency <= tenure", () => {
    fc.assert(
      fc.property(transactionRows(), (rows) => {
        const { customers, meta } = summarizeTransactions(rows, { asOf, fields: { customerId: "customerId", date: "date", amount: "amount" } });
        expect(customers.length).toBe(new Set(rows.map((r) => r.customerId)).size);
        expect(meta.customers).toBe(customers.length);
        expect(customers.reduce((s, c) => s + c.frequency, 0)).toBe(rows.length);
        const cents = (x: number) => Math.round(x * 100);
        expect(cents(customers.reduce((s, c) => s + c.monetary, 0))).toBe(rows.reduce((s, r) => s + cents(r.amount), 0));
        for (const c of customers) {
          expect(c.recencyDays).toBeGreaterThanOrEqual(0);
          expect(c.recencyDays).toBeLessThanOrEqual(c.tenureDays);
          expect(c.firstPurchase <= c.lastPurchase).toBe(true);
          expect(c.averageOrderValue * c.frequency).toBeCloseTo(c.monetary, 6);
        }
      }),
    );
  });

  test("distinct orders never exceed rows, and equal the distinct (customer, order) pairs", () => {
    fc.assert(
      fc.property(transactionRows(), (rows) => {
        const { customers } = summarizeTransactions(rows, { asOf });
        const pairs = new Set(rows.map((r) => `${r.customerId}\u0000${r.orderId}`));
        expect(customers.reduce((s, c) => s + c.frequency, 0)).toBe(pairs.size);
      }),
    );
  });

  test("records and columns give the same summaries", () => {
    fc.assert(
      fc.property(transactionRows(), (rows) => {
        const columns = {
          customerId: rows.map((r) => r.customerId),
          date: rows.map((r) => r.date),
          amount: Float64Array.from(rows.map((r) => r.amount)),
          orderId: rows.map((r) => r.orderId),
        };
        expect(summarizeTransactions(columns, { asOf }).customers).toEqual(summarizeTransactions(rows, { asOf }).customers);
      }),
    );
  });

  test("the input is never mutated", () => {
    fc.assert(
      fc.property(transactionRows(), (rows) => {
        const frozen = deepFreeze(structuredClone(rows));
        summarizeTransactions(frozen, { asOf });
        expect(frozen).toEqual(rows);
      }),
    );
  });
});
