/**
 * The common RFM grids as presets: the 11-segment grid on 1–5 scores (Champions … Lost, cell lists as
 * published by Spotler Activate) and a 3-level scheme on 1–3 scores, on the CDNOW customers; the
 * 3-level scheme also through `segmentRfm`'s custom rules.
 *
 *   npx tsx examples/rfm-grids.ts
 */
import { RFM_ELEVEN_SEGMENT_GRID, RFM_THREE_LEVEL_SCHEME, segmentRfm, segmentRfmGrid, summarizeTransactions } from "../src/index.js";
import { CDNOW_AS_OF, readCdnow } from "./data/load.js";

const { customers } = summarizeTransactions(readCdnow(), { asOf: CDNOW_AS_OF });
const n = (x: number) => x.toLocaleString("en-US");
const pct = (x: number | null) => (x === null ? "–" : `${(x * 100).toFixed(1)}%`);

// The 11-segment grid: quintile scores, each of the 125 R-F-M cells in exactly one segment.
const eleven = segmentRfmGrid(customers);
console.log(`rfm-11 on ${n(eleven.meta.customers)} customers (${RFM_ELEVEN_SEGMENT_GRID.segments.reduce((s, g) => s + g.cells.length, 0)} cells):`);
for (const s of eleven.meta.segments) {
  console.log(`  ${s.label.padEnd(20)} ${n(s.customers).padStart(6)} customers  ${pct(s.revenueShare).padStart(6)} of revenue  ${s.labelZh}`);
}
const c = eleven.customers[0];
console.log(`Customer ${c.customerId}: cell ${c.cell} → ${c.segment}`);
const champions = RFM_ELEVEN_SEGMENT_GRID.segments[0];
console.log(`${champions.label}: ${champions.action}`);

// The 3-level scheme: scores 1–3 (low, middle, high), eight segments.
const three = segmentRfmGrid(customers, { grid: "rfm-3" });
console.log(`\nrfm-3: ${three.meta.segments.map((s) => `${s.label} ${n(s.customers)}`).join(" · ")}`);

// The same scheme as custom rules of segmentRfm: the same segments for every customer.
const rules = segmentRfm(customers, { scheme: "custom", rules: RFM_THREE_LEVEL_SCHEME, scoring: { bins: 3 } });
const same = rules.customers.every((r, i) => r.segment === three.customers[i].segment);
console.log(`segmentRfm with RFM_THREE_LEVEL_SCHEME gives the same segments: ${same}`);
