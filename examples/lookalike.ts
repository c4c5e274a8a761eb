/**
 * Look-alike customers (选择与忠诚客户具有相似特征的客户): the customers most like the loyal ones. The
 * reference group is the "important value" segment (重要价值客户) of the classic RFM segments; every
 * other customer is scored by its mean distance to the 5 nearest of them on recency, frequency and
 * monetary value, scaled as the clusters scale them (signed log1p, then z-score). Then a separate list
 * of prospects scored against the same group.
 *
 *   npx tsx examples/lookalike.ts
 *
 * The look-alikes live with the clusters: import from "crm-analytics/cluster".
 */
import { segmentRfm, summarizeTransactions } from "../src/index.js";
import { lookalikeCustomers } from "../src/cluster/index.js";
import { CDNOW_AS_OF, readCdnow } from "./data/load.js";

const { customers } = summarizeTransactions(readCdnow(), { asOf: CDNOW_AS_OF });
const { customers: segments, meta: rfmMeta } = segmentRfm(customers);
const loyal = new Set(segments.filter((s) => s.segment === "important_value").map((s) => s.customerId));

// The reference by ids (a predicate on the records works too); reference customers are not scored.
const { customers: ranked, meta } = lookalikeCustomers(customers, { reference: [...loyal], k: 5 });
const fmt = (n: number) => n.toLocaleString("en-US");
console.log(`${fmt(meta.referenceCustomers)} important-value customers as the reference; ${fmt(meta.customers)} other customers scored (${meta.search}, k = ${meta.k})`);
console.log(`Scaling ${meta.scaling}, fitted on ${fmt(meta.scalingFittedOn)} customers`);
const byId = new Map(customers.map((c) => [c.customerId, c]));
const segmentOf = new Map(segments.map((s) => [s.customerId, s.segment]));
console.table(
  ranked.slice(0, 8).map((c) => {
    const s = byId.get(c.customerId)!;
    return {
      rank: c.rank,
      customer: c.customerId,
      similarity: c.similarity.toFixed(3),
      distance: c.distance.toFixed(3),
      segment: segmentOf.get(c.customerId),
      recencyDays: s.recencyDays,
      frequency: s.frequency,
      monetary: s.monetary.toFixed(2),
      nearestLoyal: c.nearest[0].customerId,
    };
  }),
);

// How look-alike each segment is: the median similarity of its customers.
const bySegment = new Map<string, number[]>();
for (const c of ranked) {
  const seg = segmentOf.get(c.customerId)!;
  if (!bySegment.has(seg)) bySegment.set(seg, []);
  bySegment.get(seg)!.push(c.similarity);
}
console.log("Median similarity by segment:");
for (const [seg, values] of [...bySegment].sort((a, b) => b[1].length - a[1].length)) {
  const v = values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
  console.log(`  ${seg.padEnd(20)} ${fmt(values.length).padStart(6)} customers  ${v.toFixed(3)}`);
}
// The segments cut R, F and M at their means, so the closest look-alikes are customers who miss the
// important-value segment on one of the three, just across its cut: general value (spend a little
// below the mean) and important retain (last purchase a little before the recency cut).
const top = ranked.slice(0, 1000);
const counts = new Map<string, number>();
for (const c of top) counts.set(segmentOf.get(c.customerId)!, (counts.get(segmentOf.get(c.customerId)!) ?? 0) + 1);
const cut = rfmMeta.thresholds!;
console.log(`Cuts of the segments: recency ${cut.recency.toFixed(1)} days, frequency ${cut.frequency.toFixed(2)}, monetary $${cut.monetary.toFixed(2)}`);
console.log(`The 1,000 most similar by segment: ${[...counts].sort((a, b) => b[1] - a[1]).map(([seg, n]) => `${seg} ${n}`).join(", ")}`);

// Prospects: a separate list, scored against the same loyal customers (the scaling then covers the
// reference and the prospects).
const prospects = [
  { customerId: "P-1", recencyDays: 20, frequency: 9, monetary: 380 },
  { customerId: "P-2", recencyDays: 300, frequency: 1, monetary: 15 },
  { customerId: "P-3", recencyDays: 45, frequency: 4, monetary: 120 },
];
const scored = lookalikeCustomers(customers, { reference: (c) => loyal.has(c.customerId), candidates: prospects });
for (const p of scored.customers) {
  console.log(`Prospect ${p.customerId}: rank ${p.rank}, similarity ${p.similarity.toFixed(3)}, nearest loyal customers ${p.nearest.map((n) => n.customerId).join(", ")}`);
}
