/**
 * The main job, on real data: read the CDNOW transaction log (23,570 customers, 1997-01 … 1998-06),
 * summarise it per customer, score RFM quintiles and split the customers into the eight classic RFM
 * segments, then print the report. Run with `npm run demo`.
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { CLASSIC_SEGMENTS, classifyAbc, CRM_PYRAMID_TIERS, lorenzCurve, scoreRfm, segmentRfm, summarizeTransactions, tierPyramid } from "../src/index.js";

const file = fileURLToPath(new URL("./data/CDNOW_master.txt.gz", import.meta.url));
const lines = gunzipSync(readFileSync(file)).toString("utf8").split(/\r?\n/).slice(1);
const rows = lines.filter((l) => l.trim() !== "").map((l) => l.trim().split(/\s+/));

// Field mapping with accessors: CDNOW writes dates as YYYYMMDD and amounts as text.
const { customers, meta } = summarizeTransactions(rows, {
  asOf: "1998-06-30",
  fields: {
    customerId: (r) => r[0],
    date: (r) => `${r[1].slice(0, 4)}-${r[1].slice(4, 6)}-${r[1].slice(6, 8)}`,
    amount: (r) => Number(r[3]),
  },
});
const scores = scoreRfm(customers);
// CDNOW has one row per purchase and no order id, so each row is one purchase (meta.frequencyCounts "rows").
const unit = meta.frequencyCounts === "rows" ? "purchases" : "orders";
const { meta: segMeta } = segmentRfm(customers);
const summary = segMeta.segments;

// Display width: CJK characters take two terminal columns.
const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u1100-\uFFFF]/.test(ch) ? 2 : 1), 0);
const pad = (s: string, n: number, right = false) => (right ? " ".repeat(Math.max(0, n - width(s))) + s : s + " ".repeat(Math.max(0, n - width(s))));
const money = (x: number) => x.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const fixed = (x: number | null, d = 1) => (x === null ? "–" : x.toFixed(d));
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

const t = segMeta.thresholds!;
console.log("crm-analytics demo: the eight classic RFM segments of the CDNOW customers");
console.log("=".repeat(96));
console.log(`Data:      CDNOW transaction log (Fader & Hardie 2001), ${meta.input.rowsRead.toLocaleString("en-US")} rows, ${customers.length.toLocaleString("en-US")} customers`);
console.log(
  `As of:     ${meta.asOf} (time zone ${meta.timeZone ?? "UTC"}); frequency = ${meta.frequencyCounts === "rows" ? "purchases (one row per purchase; the log has no order id)" : "distinct orders"}`,
);
console.log(`Thresholds (mean of each dimension; R is high when the last purchase is more recent):`);
console.log(`           recency < ${t.recency.toFixed(1)} days · frequency > ${t.frequency.toFixed(2)} ${unit} · monetary > $${money(t.monetary)}`);
const e = scores.meta;
const edges = (xs: number[], d: number) => xs.map((x) => +x.toFixed(d)).join(" | ");
console.log(`RFM quintile edges (type 7): R ${edges(e.recency.edges, 1)} days`);
console.log(`                             F ${edges(e.frequency.edges, 1)} ${unit}`);
console.log(`                             M ${edges(e.monetary.edges, 2)} $`);
// Repeated edges: half of the customers bought once, so the lowest quantiles are the minimum, 1. Bins
// are right-closed and tied customers share a score, so every one-time buyer scores 1 and some scores
// stay empty.
const fCounts = Array.from({ length: e.frequency.edges.length - 1 }, (_, i) => scores.customers.filter((c) => c.f === i + 1).length);
const once = customers.filter((c) => c.frequency === 1).length;
console.log(`           F edges repeat: ${pct(once / customers.length)} of the customers bought once; ties share a score, so some scores are empty:`);
console.log(`           ${fCounts.map((n, i) => `F=${i + 1} ${n.toLocaleString("en-US")}`).join(" · ")} customers`);
console.log("");
const header = [pad("RFM", 4), pad("Segment", 19), pad("细分", 13), pad("Customers", 9, true), pad("Share", 7, true), pad("Revenue $", 14, true), pad("Rev.share", 9, true), pad("Days ago", 9, true), pad(unit === "orders" ? "Orders" : "Purch.", 7, true), pad("Spend $", 10, true)].join(" ");
console.log(`${pad("", width(header) - 28)}${pad("—— mean per customer ——", 28, true)}`);
console.log(header);
console.log("-".repeat(width(header)));
for (const row of summary) {
  const def = CLASSIC_SEGMENTS.find((s) => s.id === row.segment)!;
  console.log(
    [
      pad(def.pattern, 4),
      pad(row.label, 19),
      pad(row.labelZh, 13),
      pad(row.customers.toLocaleString("en-US"), 9, true),
      pad(`${(row.share * 100).toFixed(1)}%`, 7, true),
      pad(money(row.revenue), 14, true),
      pad(row.revenueShare === null ? "–" : `${(row.revenueShare * 100).toFixed(1)}%`, 9, true),
      pad(fixed(row.meanRecencyDays), 9, true),
      pad(fixed(row.meanFrequency, 2), 7, true),
      pad(row.meanMonetary === null ? "–" : money(row.meanMonetary), 10, true),
    ].join(" "),
  );
}
console.log("-".repeat(width(header)));
const total = summary.reduce((s, r) => s + r.revenue, 0);
console.log(`${pad("", 38)}${pad(customers.length.toLocaleString("en-US"), 9, true)} ${pad("100%", 7, true)} ${pad(money(total), 14, true)}`);
console.log("");
console.log("Recommended actions:");
for (const s of CLASSIC_SEGMENTS) console.log(`  ${pad(s.label, 19)} ${s.action}`);
console.log("");
const curve = lorenzCurve(customers, { topShares: [0.2] });
const abc = classifyAbc(customers, { method: "computed" });
const pyramid = tierPyramid(customers);
console.log(`Concentration: ${curve.meta.top[0].statement}; Gini ${curve.meta.gini.toFixed(3)}.`);
const c = abc.meta.computed!;
console.log(
  `Computed ABC (Ultsch & Lötsch): A ${abc.meta.counts.A.toLocaleString("en-US")} customers (revenue > $${money(c.abLimit)}), ` +
    `B ${abc.meta.counts.B.toLocaleString("en-US")}, C ${abc.meta.counts.C.toLocaleString("en-US")}; A brings ${(abc.meta.valueShares.A * 100).toFixed(1)}% of revenue.`,
);
console.log(`Customer pyramid (by revenue: top 50%, next 30%, next 15%, last 5%, negative):`);
for (const tier of CRM_PYRAMID_TIERS) {
  const n = pyramid.meta.counts[tier.id] ?? 0;
  console.log(
    `  ${pad(tier.label, 15)} ${pad(tier.labelZh, 9)} ${pad(n.toLocaleString("en-US"), 6, true)} customers ${pad(pct(n / pyramid.meta.customers), 6, true)}` +
      `  ${pad(pct(pyramid.meta.valueShares[tier.id] ?? 0), 6, true)} of revenue`,
  );
}
