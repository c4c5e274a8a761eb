/**
 * Acquisition cohorts: customers grouped by the quarter of their first purchase, and the share of
 * each cohort that bought again 1, 2, 3 … quarters later (the retention triangle).
 *
 * Every CDNOW customer joined in 1997-Q1 (one cohort), so this example uses the Online Retail II
 * orders (2009-12 … 2011-12, ten countries): see data/README.md.
 *
 *   npx tsx examples/cohorts.ts
 */
import { cohortRetention } from "../src/index.js";
import { readRetailOrders, RETAIL_AS_OF } from "./data/load.js";

const { cells } = cohortRetention(readRetailOrders(), {
  asOf: RETAIL_AS_OF,
  period: "quarter", // or "week", "month" (default), "year"
  fields: { customerId: "customer_id", date: "date", amount: (r) => Number(r.amount), orderId: "invoice" },
});

// The cells are tidy records (cohort × periodIndex), ready for a chart; here printed as a triangle.
const cohorts = [...new Set(cells.map((c) => c.cohort))];
const width = Math.max(...cells.map((c) => c.periodIndex)) + 1;
console.log(`cohort   size  ${Array.from({ length: width }, (_, i) => `+${i}`.padStart(5)).join("")}`);
for (const cohort of cohorts) {
  const row = cells.filter((c) => c.cohort === cohort);
  const shares = row.map((c) => `${Math.round(c.share * 100)}%`.padStart(5)).join("");
  console.log(`${cohort}  ${String(row[0].cohortSize).padStart(4)}  ${shares}`);
}
const total = cohorts.reduce((n, cohort) => n + cells.find((c) => c.cohort === cohort)!.cohortSize, 0);
console.log(`${cohorts.length} cohorts, ${total} customers in all; +0 is the acquisition quarter (100% by definition).`);
