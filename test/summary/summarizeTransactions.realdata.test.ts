// Real data: Online Retail II (10-country subset, 34,766 rows) against an independent Python
// implementation (test/fixtures/scripts/online_retail_summaries.py, exact Decimal sums).
import { expect, test } from "vitest";
import { summarizeTransactions } from "../../src/summary/index.js";
import { readCsvFixture } from "../helpers/csv.js";

const rows = readCsvFixture("data/online_retail_II_10country_subset.csv.gz");
const reference = readCsvFixture("summary/online_retail_II_10country_summaries.csv");

test("Online Retail II subset: every customer summary matches the reference, amounts to the cent", () => {
  const { customers, meta } = summarizeTransactions(rows, {
    asOf: "2011-12-10",
    onInvalid: "skip",
    fields: {
      customerId: "Customer ID",
      date: "InvoiceDate",
      amount: (r: Record<string, string>) => Number(r.Quantity) * Number(r.Price),
      orderId: "Invoice",
    },
  });
  expect(meta.input.rowsRead).toBe(34_766);
  // rows without a customer are counted, not silently dropped
  expect(meta.input.invalidByCode).toEqual({ missing_customer_id: meta.input.invalidRows });
  expect(meta.customersWithoutPurchases).toHaveLength(2);
  expect(customers.map((c) => c.customerId)).toEqual(reference.map((r) => r.customerId));
  const mismatches = customers.filter((c, i) => {
    const r = reference[i];
    return (
      c.firstPurchase !== r.firstPurchase ||
      c.lastPurchase !== r.lastPurchase ||
      c.recencyDays !== Number(r.recencyDays) ||
      c.frequency !== Number(r.frequency) ||
      c.tenureDays !== Number(r.tenureDays) ||
      Math.round(c.monetary * 100) !== Math.round(Number(r.monetary) * 100)
    );
  });
  expect(mismatches).toEqual([]);
});
