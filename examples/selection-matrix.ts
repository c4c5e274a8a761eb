/**
 * The customer selection matrix (客户选择, "门当户对"): the CDNOW customers' attractiveness — spend (weight
 * 2), purchase growth (the second half-year's spend against the first's) and, as a cost to serve, the
 * purchases per dollar (many small orders cost more) — against our capability to serve them: the
 * product, service, personnel and image value each customer sees, the factors of Kotler's delivered
 * value. CDNOW has no survey, so the four scores (1–10) are ILLUSTRATIVE, generated deterministically;
 * with your own survey, read them from it. Then the regions, one customer of each with its action,
 * what rank normalisation changes, and the chart.
 *
 *   npx tsx examples/selection-matrix.ts
 */
import { SELECTION_MATRIX_REGIONS, selectionMatrix, summarizeTransactions } from "../src/index.js";
import { selectionMatrixChart } from "../src/charts/index.js";
import { CDNOW_AS_OF, readCdnow } from "./data/load.js";

const transactions = readCdnow();
const { customers } = summarizeTransactions(transactions, { asOf: CDNOW_AS_OF });
// Spend per half-year (the log runs 1997-01 … 1998-06): growth = 1998-H1 spend − 1997-H2 spend.
const spendIn = (from: string, to: string) => {
  const m = new Map<string, number>();
  for (const t of transactions) if (t.date >= from && t.date <= to) m.set(t.customerId, (m.get(t.customerId) ?? 0) + t.amount);
  return m;
};
const h2 = spendIn("1997-07-01", "1997-12-31");
const h1 = spendIn("1998-01-01", "1998-06-30");

// Illustrative survey scores, 1–10, from a fixed linear congruential sequence (no clock, no Math.random).
let seed = 2024;
const score = () => 1 + Math.floor(((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31) * 10);
const records = customers.map((c) => ({
  customerId: c.customerId,
  spend: c.monetary,
  growth: (h1.get(c.customerId) ?? 0) - (h2.get(c.customerId) ?? 0),
  ordersPerDollar: c.monetary > 0 ? c.frequency / c.monetary : c.frequency,
  product: score(),
  service: score(),
  personnel: score(),
  image: score(),
}));

const options = {
  attractiveness: [{ field: "spend", weight: 2 }, { field: "growth" }, { field: "ordersPerDollar", direction: "lower" as const }],
  capability: [{ field: "product" }, { field: "service" }, { field: "personnel" }, { field: "image" }],
};
const { customers: placed, meta } = selectionMatrix(records, options);
const n = (x: number) => x.toLocaleString("en-US");
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const usd = (x: number) => `${x < 0 ? "-" : ""}$${Math.abs(x).toFixed(2)}`;
console.log(`${n(meta.customers)} CDNOW customers as of ${CDNOW_AS_OF}, min–max scores, split at the means:`);
console.log(`thresholds: attractiveness ${meta.thresholds.attractiveness.toFixed(4)}, capability ${meta.thresholds.capability.toFixed(4)}`);
for (const c of meta.criteria) console.log(`  ${c.axis.padEnd(14)} ${c.name.padEnd(16)} weight share ${pct(c.weightShare).padStart(6)}  (${c.direction})`);
console.log("");
for (const r of SELECTION_MATRIX_REGIONS) {
  console.log(`${r.label.padEnd(55)} ${n(meta.counts[r.id]).padStart(6)} customers  ${pct(meta.counts[r.id] / meta.customers).padStart(6)}   ${r.labelZh}`);
}

// One customer of each region, with what the region recommends.
console.log("");
for (const r of SELECTION_MATRIX_REGIONS) {
  const c = placed.find((x) => x.region === r.id)!;
  const rec = records.find((x) => x.customerId === c.customerId)!;
  console.log(`${r.id}: customer ${c.customerId} (spend ${usd(rec.spend)}, growth ${usd(rec.growth)}, scores ${rec.product}/${rec.service}/${rec.personnel}/${rec.image}) → ${r.action}`);
}

// Rank normalisation scores by order instead of distance (one big spender no longer squeezes the rest
// towards 0); here the regions move little.
const ranked = selectionMatrix(records, { ...options, normalize: "rank" });
console.log(`\nWith rank normalisation: ${SELECTION_MATRIX_REGIONS.map((r) => `${r.id} ${n(ranked.meta.counts[r.id])}`).join(", ")}`);

// The chart: capability across, attractiveness up, regions coloured and named in the corners.
const spec = selectionMatrixChart({ customers: placed, meta }, { language: "zh" });
const subtitle = (spec.title as { subtitle: string[] }).subtitle;
console.log(`selectionMatrixChart: ${(spec.data as { values: unknown[] }).values.length} points drawn; ${subtitle.join("; ")}`);
