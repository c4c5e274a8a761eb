/**
 * RFM segments: the eight classic segments (each of R, F, M high or low against its mean), with a
 * per-segment summary and the recommended action; then R rfm's ten-segment scheme on scores.
 *
 *   npx tsx examples/segments.ts
 */
import { CLASSIC_SEGMENTS, segmentRfm, summarizeTransactions } from "../src/index.js";
import { CDNOW_AS_OF, readCdnow } from "./data/load.js";

const { customers } = summarizeTransactions(readCdnow(), { asOf: CDNOW_AS_OF });

// Classic scheme: R is high when the last purchase is more recent than the mean recency.
const { customers: segments, meta } = segmentRfm(customers);
const t = meta.thresholds!;
console.log(`Thresholds (means): recency ${t.recency.toFixed(1)} days, frequency ${t.frequency.toFixed(2)} orders, monetary $${t.monetary.toFixed(2)}`);
console.log(`Customer ${segments[2].customerId}: ${segments[2].pattern} → ${segments[2].segment}`);
console.table(
  meta.segments.map((s) => ({
    segment: s.label,
    细分: s.labelZh,
    customers: s.customers,
    share: `${(s.share * 100).toFixed(1)}%`,
    revenueShare: s.revenueShare === null ? "–" : `${(s.revenueShare * 100).toFixed(1)}%`,
    meanRecencyDays: s.meanRecencyDays === null ? null : Math.round(s.meanRecencyDays),
  })),
);
const best = CLASSIC_SEGMENTS[0];
console.log(`${best.label} (${best.pattern}): ${best.action}`);

// R rfm's scheme from its README: rules on the 1..5 scores ("Champions", "At Risk", ...).
const rScheme = segmentRfm(customers, { scheme: "r-rfm-readme" });
console.log("\nR rfm README scheme:");
for (const s of rScheme.meta.segments) console.log(`  ${s.label.padEnd(22)} ${s.customers.toLocaleString("en-US").padStart(6)}`);
