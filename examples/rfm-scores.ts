/**
 * RFM scores: each customer's recency, frequency and monetary value scored 1..5 against quintile
 * edges (R type-7 quantiles; recent = 5). The edges used are returned, so a score can be explained.
 *
 *   npx tsx examples/rfm-scores.ts
 */
import { scoreRfm, summarizeTransactions } from "../src/index.js";
import { CDNOW_AS_OF, readCdnow } from "./data/load.js";

const { customers } = summarizeTransactions(readCdnow(), { asOf: CDNOW_AS_OF });

// Default: 5 bins per dimension, cut at quantiles; ties share a score.
const { customers: scores, meta } = scoreRfm(customers);
console.log(`Scored ${scores.length.toLocaleString("en-US")} customers (method ${meta.method}, ${meta.recency.bins} bins, ${meta.intervals} intervals)`);
for (const dim of ["recency", "frequency", "monetary"] as const) {
  console.log(`  ${dim.padEnd(9)} min … edges … max: ${meta[dim].edges.map((e) => +e.toFixed(2)).join(" | ")}`);
}
console.table(scores.slice(0, 5));

// The most common cells ("555" = recent, frequent, high spend).
const cells = new Map<string, number>();
for (const s of scores) cells.set(s.cell, (cells.get(s.cell) ?? 0) + 1);
const top = [...cells].sort((a, b) => b[1] - a[1]).slice(0, 5);
console.log(`Most common cells: ${top.map(([cell, n]) => `${cell} (${n.toLocaleString("en-US")})`).join(", ")}`);

// Half of the CDNOW customers bought once, so frequency ties leave some F scores empty. The "rank"
// method makes equal-count bins instead (like SQL NTILE), breaking ties by customer id.
const ranked = scoreRfm(customers, { method: "rank" });
const countF = (rows: { f: number }[]) => [1, 2, 3, 4, 5].map((f) => rows.filter((s) => s.f === f).length.toLocaleString("en-US")).join(" / ");
console.log(`Customers per F score, quantile: ${countF(scores)}`);
console.log(`Customers per F score, rank:     ${countF(ranked.customers)}`);
