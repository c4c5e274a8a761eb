/**
 * Period indicators and cohorts on generated transactions: `npx tsx bench/churn.ts [rows] [customers]`
 * (default 10M rows, 1M customers; typed columns with order ids, monthly periods over 3 years).
 */
import { cohortRetention, periodIndicators } from "../src/churn/index.js";
import { AS_OF, generateColumns } from "./generate.js";

const rows = Number(process.argv[2] ?? 10_000_000);
const customers = Number(process.argv[3] ?? 1_000_000);
const input = generateColumns({ nTransactions: rows, nCustomers: customers });
for (const [name, run] of [
  ["periodIndicators", () => periodIndicators(input, { asOf: AS_OF }).periods],
  ["cohortRetention", () => cohortRetention(input, { asOf: AS_OF }).cells],
] as const) {
  const t = performance.now();
  const out = run();
  console.log(`${name}, ${rows.toLocaleString("en-US")} rows / ${customers.toLocaleString("en-US")} customers, monthly: ${((performance.now() - t) / 1000).toFixed(2)} s (${out.length} records)`);
}
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
