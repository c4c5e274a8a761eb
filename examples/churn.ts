/**
 * Churn and retention: indicators per quarter (active, new, lost, churn and retention rates,
 * revenue retention), each customer's churn risk from their own purchase rhythm, the win-back list
 * ordered by value tier, and lifecycle stages.
 *
 *   npx tsx examples/churn.ts
 */
import { LIFECYCLE_STAGES, churnRisk, lifecycleStage, periodIndicators, summarizeTransactions, tierPyramid, winBackPriority } from "../src/index.js";
import { CDNOW_AS_OF, readCdnow } from "./data/load.js";

const transactions = readCdnow();
const options = { asOf: CDNOW_AS_OF };
const pct = (x: number | null) => (x === null ? "–" : `${(x * 100).toFixed(1)}%`);

// Calendar quarters. CDNOW holds only the customers who joined in 1997-Q1, so "new" is 0 afterwards.
const { periods } = periodIndicators(transactions, { ...options, period: "quarter" });
console.table(
  periods.map((q) => ({
    period: q.period,
    active: q.active,
    new: q.new,
    retained: q.retained,
    reactivated: q.reactivated,
    lost: q.lost,
    churnRate: pct(q.churnRate),
    revenue: Math.round(q.revenue),
    revenueRetention: pct(q.revenueRetention),
  })),
);

// Churn risk: days since the last purchase ÷ the customer's typical gap between purchases.
const risk = churnRisk(transactions, options);
const { counts } = risk.meta;
console.log(`Churn risk: ${counts.active.toLocaleString("en-US")} active, ${counts.cooling.toLocaleString("en-US")} cooling, ${counts.at_risk.toLocaleString("en-US")} at risk, ${counts.lapsed.toLocaleString("en-US")} lapsed (typical gap ${risk.meta.populationGapDays} days)`);

const alerts = risk.customers.filter((c) => c.alert).length;
console.log(`Alerts (at risk or lapsed): ${alerts.toLocaleString("en-US")}`);

// Who to call first: at-risk and lapsed customers, key customers of the pyramid first.
const { customers } = summarizeTransactions(transactions, options);
const winBack = winBackPriority(risk.customers, tierPyramid(customers).customers);
console.log(`Win back first (${winBack.meta.counts.must_win_back.toLocaleString("en-US")} must win back):`);
console.table(winBack.customers.slice(0, 5).map((w) => ({ ...w, valueAtRisk: +w.valueAtRisk.toFixed(2) })));

// Lifecycle stages: exploration, formation, stability, decline.
const stages = lifecycleStage(transactions, options);
console.log(`Lifecycle: ${LIFECYCLE_STAGES.map((s) => `${s.label} (${s.labelZh}) ${stages.meta.counts[s.id].toLocaleString("en-US")}`).join(" · ")}`);
