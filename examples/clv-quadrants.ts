/**
 * CLV quadrants: current value (revenue so far) against potential value (a 12-month predicted CLV),
 * each high or low against its mean: most valuable, loyal, potential, low value. Then the value
 * matrix, the same idea with purchase frequency against average order value.
 *
 *   npx tsx examples/clv-quadrants.ts
 */
import {
  CLV_QUADRANTS,
  VALUE_MATRIX_CELLS,
  clvQuadrants,
  fitBgNbd,
  fitGammaGamma,
  predictedClv,
  summarizeTransactions,
  toBtydSummary,
  valueMatrix,
} from "../src/index.js";
import { CDNOW_AS_OF, readCdnow } from "./data/load.js";

const transactions = readCdnow();
const { customers } = summarizeTransactions(transactions, { asOf: CDNOW_AS_OF });

// Potential value: BG/NBD (future purchases) × Gamma-Gamma (spend per purchase), 12 months ahead.
// The summary is in weeks, so a month is 4.345 periods (see examples/models.ts for the steps).
const { customers: btyd } = toBtydSummary(transactions, { asOf: CDNOW_AS_OF, period: "week" });
const purchases = fitBgNbd(btyd);
const spend = fitGammaGamma(btyd.filter((c) => c.frequency > 0 && c.monetaryValue > 0));
const clv = new Map(predictedClv(purchases.params, spend.params, btyd, { periodsPerMonth: 4.345, months: 12 }).customers.map((c) => [c.customerId, c.clv]));

// Any record with the two values works; here the summaries plus the predicted CLV.
const withClv = customers.map((c) => ({ ...c, clv: clv.get(c.customerId)! }));
const { customers: quadrants, meta } = clvQuadrants(withClv, { current: "monetary", potential: "clv" });
console.log(`Thresholds (means): revenue so far $${meta.thresholds.current.toFixed(2)}, 12-month CLV $${meta.thresholds.potential.toFixed(2)}`);
for (const q of CLV_QUADRANTS) {
  console.log(`  ${q.quadrant.padEnd(3)} ${q.label.padEnd(21)} ${meta.counts[q.id].toLocaleString("en-US").padStart(6)} customers  ${q.action}`);
}
const sample = quadrants.find((q) => q.quadrant === "potential")!;
console.log(`e.g. customer ${sample.customerId}: $${sample.current.toFixed(2)} so far, CLV $${sample.potential.toFixed(2)} → ${sample.quadrant}`);

// Value matrix: frequency × average order value, each high or low against its mean.
const matrix = valueMatrix(customers);
console.log("\nValue matrix (frequency × average order value):");
for (const cell of VALUE_MATRIX_CELLS) {
  const n = matrix.meta.counts[cell.id];
  console.log(`  ${cell.label.padEnd(12)} ${n.toLocaleString("en-US").padStart(6)} customers`);
}
