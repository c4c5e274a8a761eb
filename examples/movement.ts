/**
 * Segment movement: the eight classic RFM segments of the CDNOW customers at the end of 1997 and at
 * the end of the log (1998-06-30), the migration matrix with the share of each origin segment, the
 * customers who changed segment, and the matrix as a Vega-Lite heatmap.
 *
 *   npx tsx examples/movement.ts
 */
import { CLASSIC_SEGMENTS, segmentMovement, segmentRfm, summarizeTransactions } from "../src/index.js";
import { segmentMovementChart } from "../src/charts/index.js";
import { CDNOW_AS_OF, readCdnow } from "./data/load.js";

const transactions = readCdnow();
const FROM = "1997-12-31";
// Each date's segments on the purchases up to it (later purchases are left out, not an error).
const segmentsAt = (asOf: string) => segmentRfm(summarizeTransactions(transactions, { asOf, afterAsOf: "ignore" }).customers).customers;

// Customers match by id; the classes are shown in the order of the classic segments.
const { customers, meta } = segmentMovement(segmentsAt(FROM), segmentsAt(CDNOW_AS_OF), {
  order: CLASSIC_SEGMENTS.map((s) => s.id),
  revenue: "monetary",
});
const n = (x: number) => x.toLocaleString("en-US");
console.log(`${FROM} → ${CDNOW_AS_OF}: ${n(meta.customers)} customers, ${n(meta.same)} stayed, ${n(meta.moved)} moved, ${n(meta.new)} new, ${n(meta.lost)} lost`);
// (summaries are cumulative: everyone of the first date is still there at the second, so nobody is
// lost here; a classification of a window of time, or one that leaves customers out, has lost ones)

const label = new Map<string, string>(CLASSIC_SEGMENTS.map((s) => [s.id, s.label]));
const from = "important_value";
console.log(`\nWhere the ${label.get(from)} customers of ${FROM} are on ${CDNOW_AS_OF}:`);
for (const c of meta.cells.filter((c) => c.from === from && c.customers > 0).sort((a, b) => b.customers - a.customers)) {
  console.log(`  ${(label.get(c.to ?? "") ?? "lost").padEnd(18)} ${n(c.customers).padStart(6)}  ${(c.shareOfFrom * 100).toFixed(1).padStart(5)}%`);
}
const moved = customers.find((c) => c.from === from && c.move === "moved")!;
console.log(`e.g. customer ${moved.customerId}: ${label.get(moved.from!)} → ${label.get(moved.to!)} (spend to date $${moved.revenueFrom} → $${moved.revenueTo})`);

// Half-year windows instead: the customers who bought in each half-year. Now customers can be new
// (bought only in the second) or lost (only in the first).
const activeIn = (start: string, end: string) =>
  segmentRfm(summarizeTransactions(transactions.filter((t) => t.date >= start && t.date <= end), { asOf: end }).customers).customers;
const halves = segmentMovement(activeIn("1997-07-01", "1997-12-31"), activeIn("1998-01-01", "1998-06-30"), { order: CLASSIC_SEGMENTS.map((s) => s.id) });
const h = halves.meta;
console.log(`
Buyers of 1997-H2 → 1998-H1: ${n(h.same)} stayed, ${n(h.moved)} moved, ${n(h.new)} new, ${n(h.lost)} lost`);

// The heatmap: from down, to across, new customers as the last row and lost ones as the last column.
const spec = segmentMovementChart(halves, { fromDate: "1997-H2", toDate: "1998-H1", language: "zh" });
const cells = (spec.data as { values: { customers: number }[] }).values;
console.log(`segmentMovementChart: ${cells.length} cells, ${cells.filter((c) => c.customers > 0).length} of them with customers; title ${JSON.stringify((spec.title as { text: string }).text)}`);
