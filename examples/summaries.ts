/**
 * Customer summaries: one record per customer (recency, frequency, monetary, tenure) from a
 * transaction log. Every other analysis starts from these.
 *
 *   npx tsx examples/summaries.ts
 *
 * In your own project, import from "crm-analytics" instead of "../src/index.js".
 */
import { formatInputIssue, isAnalyticsInputError, summarizeTransactions } from "../src/index.js";
import { CDNOW_AS_OF, readCdnow, readRetailOrders, RETAIL_AS_OF } from "./data/load.js";

// 1. CDNOW: records already named customerId / date / amount, so no field mapping is needed.
//    `asOf` is always explicit: the library never reads the clock.
const { customers, meta } = summarizeTransactions(readCdnow(), { asOf: CDNOW_AS_OF });
console.log(`CDNOW: ${meta.input.rowsRead.toLocaleString("en-US")} rows → ${customers.length.toLocaleString("en-US")} customers, as of ${meta.asOf}`);
console.log(`frequency counts ${meta.frequencyCounts} (the log has no order ids: each row is a purchase)`);
console.table(customers.slice(0, 5));

const oneTime = customers.filter((c) => c.frequency === 1).length;
console.log(`${((oneTime / customers.length) * 100).toFixed(1)}% of the customers bought once.`);

// 2. A CSV with its own column names: map them to the library's fields, with a key or an accessor.
//    Invoices are orders (frequency = distinct invoices); refunds (negative amounts) are netted.
const retail = summarizeTransactions(readRetailOrders(), {
  asOf: RETAIL_AS_OF,
  fields: { customerId: "customer_id", date: "date", amount: (r) => Number(r.amount), orderId: "invoice" },
});
console.log(`\nOnline Retail II: ${retail.customers.length} customers from ${retail.meta.input.rowsRead.toLocaleString("en-US")} invoices, refunds ${retail.meta.refunds}`);
console.log(`(customers with refunds only are listed apart: ${retail.meta.customersWithoutPurchases.join(", ")})`);
console.table(retail.customers.slice(0, 3));

// 3. Bad data is an error naming the row and the field, never a silently wrong number. Each issue is
//    data (`path: ["rows", 0, "date"]`, `row`, `field`, `customerId`); formatInputIssue writes it for people.
try {
  summarizeTransactions([{ customerId: "A", date: "2024-02-30", amount: 10 }], { asOf: "2024-03-31" });
} catch (error) {
  if (!isAnalyticsInputError(error)) throw error;
  console.log(`\nBad data → ${error.code}: ${formatInputIssue(error.issues[0])}`);
}
