/**
 * The whale curve (Kaplan & Cooper): cumulative profit against customers ranked by profit. Revenue is
 * not profit: with a cost to serve per purchase, the CDNOW customers who bought small and often lose
 * money, and the curve rises above 100% before they bring it back down. Then the same with other
 * costs to serve, and the curve as a Vega-Lite chart.
 *
 *   npx tsx examples/whale-curve.ts
 */
import { summarizeTransactions, whaleCurve } from "../src/index.js";
import { whaleCurveChart } from "../src/charts/index.js";
import { CDNOW_AS_OF, readCdnow } from "./data/load.js";

const { customers } = summarizeTransactions(readCdnow(), { asOf: CDNOW_AS_OF });
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const n = (x: number) => x.toLocaleString("en-US", { maximumFractionDigits: 0 });

// An assumed profit: a 30% margin on the spend, less $8 to serve each purchase (illustrative figures).
const profit = customers.map((c) => ({ customerId: c.customerId, profit: 0.3 * c.monetary - 8 * c.frequency }));
const { meta } = whaleCurve(profit);
console.log(`CDNOW, 30% margin less $8 per purchase: total profit $${n(meta.totalProfit)} from ${n(meta.customers)} customers`);
console.log(`Peak ${pct(meta.peakShare)} of the profit after the ${pct(meta.peakCustomerShare)} most profitable customers`);
console.log(`${n(meta.valueDestroyingCustomers)} customers (${pct(meta.valueDestroyingShare)}) destroy $${n(meta.profitDestroyed)}`);

// The whale grows with the cost to serve: the same customers at $4, $6, $8 and $10 a purchase (at $12 the total is a loss: no whale curve).
for (const cost of [4, 6, 8, 10]) {
  const m = whaleCurve(customers.map((c) => ({ customerId: c.customerId, profit: 0.3 * c.monetary - cost * c.frequency }))).meta;
  console.log(`  $${String(cost).padStart(2)} per purchase: peak ${pct(m.peakShare).padStart(6)} at ${pct(m.peakCustomerShare)} of customers`);
}

// The chart: the curve in %, the 100% line, the peak labelled and the value-destroying tail shaded.
const spec = whaleCurveChart(whaleCurve(profit), { language: "zh" });
const peak = (spec.layer as { data?: { values: { kind?: string; text?: string }[] } }[]).find((l) => l.data?.values[0].kind === "peak");
console.log(`\nwhaleCurveChart: ${JSON.stringify(peak?.data?.values[0].text)}`);
