// examples/data/online_retail_orders.csv is derived from the Online Retail II subset in
// test/fixtures (one row per invoice): its customer summaries must equal the independent reference
// summaries of the full rows, for every customer, amounts to the cent.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { summarizeTransactions } from "../../src/index.js";
import { readCsvFixture } from "../helpers/csv.js";

test("the bundled Online Retail II orders give the reference customer summaries", () => {
  const text = readFileSync(fileURLToPath(new URL("../../examples/data/online_retail_orders.csv", import.meta.url)), "utf8");
  const [header, ...lines] = text.trimEnd().split("\n");
  expect(header).toBe("invoice,date,customer_id,country,amount");
  const rows = lines.map((l) => l.split(","));
  expect(rows).toHaveLength(1_720);
  expect(rows.every((r) => r.length === 5 && /^\d{4}-\d{2}-\d{2}$/.test(r[1]) && /^-?\d+\.\d{2}$/.test(r[4]))).toBe(true);

  const { customers } = summarizeTransactions(rows, {
    asOf: "2011-12-10",
    fields: { customerId: (r) => r[2], date: (r) => r[1], amount: (r) => Number(r[4]), orderId: (r) => r[0] },
  });
  const reference = readCsvFixture("summary/online_retail_II_10country_summaries.csv");
  // The reference writes customer ids as floats ("12417.0"), as pandas read them.
  expect(customers.map((c) => `${c.customerId}.0`)).toEqual(reference.map((r) => r.customerId));
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
