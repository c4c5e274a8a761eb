/**
 * The customer pyramid: tiers by value (key, ordinary, small, inferior as in Chinese CRM practice,
 * or platinum/gold/iron/lead after Zeithaml, Rust & Lemon 2001), and how customers move between
 * tiers from one period to the next.
 *
 *   npx tsx examples/pyramid.ts
 */
import { CRM_PYRAMID_TIERS, ZEITHAML_PYRAMID_TIERS, pyramidMigration, summarizeTransactions, tierPyramid } from "../src/index.js";
import { CDNOW_AS_OF, readCdnow } from "./data/load.js";

const transactions = readCdnow();
const { customers } = summarizeTransactions(transactions, { asOf: CDNOW_AS_OF });

// "crm": key customers are the smallest top group bringing 80% of the revenue (the top 50% of it
// are "important"), ordinary up to 95%, small the rest; negative value would be "inferior".
// (meta.thresholds holds the thresholds used; `thresholds: { key: 0.7 }` would move one.)
const crm = tierPyramid(customers);
console.log("CRM pyramid (thresholds on shares of revenue):");
for (const t of CRM_PYRAMID_TIERS) console.log(`  ${t.label.padEnd(16)} ${t.labelZh.padEnd(6)} ${crm.meta.counts[t.id].toLocaleString("en-US").padStart(6)} customers`);

// "zeithaml": by customer count, top 20% platinum, next 30% gold, next 30% iron, the rest lead.
const zeithaml = tierPyramid(customers, { scheme: "zeithaml" });
console.log(`Zeithaml pyramid: ${ZEITHAML_PYRAMID_TIERS.map((t) => `${t.label} ${zeithaml.meta.counts[t.id].toLocaleString("en-US")}`).join(" · ")}`);

// Migration: tiers on the revenue of two half-years (the second half of 1997, the first of 1998).
// Customers who bought nothing in a half-year are not in its pyramid ("lost" or "new").
const tiersOf = (from: string, to: string) => {
  const rows = transactions.filter((t) => t.date >= from && t.date <= to);
  return tierPyramid(summarizeTransactions(rows, { asOf: to }).customers, { scheme: "zeithaml" }).customers;
};
const { cells, meta } = pyramidMigration(tiersOf("1997-07-01", "1997-12-31"), tiersOf("1998-01-01", "1998-06-30"));
const n = (x: number) => x.toLocaleString("en-US");
console.log(`\n1997-H2 → 1998-H1: ${n(meta.up)} moved up, ${n(meta.down)} down, ${n(meta.same)} stayed, ${n(meta.lost)} lost, ${n(meta.new)} came back`);
const platinum = cells.filter((c) => c.from === "platinum");
console.log(`Platinum customers of 1997-H2 in 1998-H1: ${platinum.map((c) => `${c.to ?? "gone"} ${(c.shareOfFrom * 100).toFixed(0)}%`).join(", ")}`);
