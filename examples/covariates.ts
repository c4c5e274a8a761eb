/**
 * Covariates in the BTYD models: does a customer's first purchase say how they will buy? BG/NBD with
 * ln(1 + first-day spend) on the purchase and the dropout process (as R CLVTools does), its
 * coefficients with standard errors, and each customer's own prediction.
 *
 *   npx tsx examples/covariates.ts
 */
import { fitBgNbd, fitBgNbdCovariates, predictBgNbdCovariates, toBtydSummary } from "../src/index.js";
import { CDNOW_AS_OF, readCdnow } from "./data/load.js";

const transactions = readCdnow();

// 1. The calibration summary (to 1997-09-30, in weeks), and each customer's spend on their first day.
const { customers } = toBtydSummary(transactions, { asOf: CDNOW_AS_OF, calibrationEnd: "1997-09-30", period: "week" });
const first = new Map<string, { date: string; amount: number }>();
for (const t of transactions) {
  const f = first.get(t.customerId);
  if (!f || t.date < f.date) first.set(t.customerId, { date: t.date, amount: t.amount });
  else if (t.date === f.date) f.amount += t.amount;
}
const records = customers.map((c) => ({ ...c, lnFirst: Math.log1p(first.get(c.customerId)!.amount) }));
console.log(`${records.length.toLocaleString("en-US")} customers; covariate lnFirst = ln(1 + first-day dollars)`);

// 2. The plain model and the model with the covariate on both processes.
const plain = fitBgNbd(records);
const fit = fitBgNbdCovariates(records, { purchase: ["lnFirst"], dropout: ["lnFirst"] });
const se = fit.standardErrors!;
console.log(`converged ${fit.diagnostics.converged}; log-likelihood ${fit.logLikelihood.toFixed(1)} against ${plain.logLikelihood.toFixed(1)} without the covariate`);
for (const p of ["purchase", "dropout"] as const) {
  const g = fit.coefficients[p].lnFirst;
  const s = se.coefficients[p].lnFirst;
  console.log(`${p} coefficient of lnFirst: ${g.toFixed(3)} (standard error ${s.toFixed(3)}, z = ${(g / s).toFixed(1)})`);
}
// α = α₀·e^(−γ·z): twice the first spend (z + ln 2, roughly) multiplies the purchase rate by 2^γ
console.log(`A customer whose first day cost twice as much buys about ${(2 ** fit.coefficients.purchase.lnFirst).toFixed(2)} times as often.`);

// 3. Predictions with each customer's own parameters: two customers alike but for their first spend.
const alike = records.filter((c) => c.frequency === 1 && c.recency > 20 && c.recency < 30);
const low = alike.reduce((a, b) => (b.lnFirst < a.lnFirst ? b : a));
const high = alike.reduce((a, b) => (b.lnFirst > a.lnFirst ? b : a));
const { customers: next } = predictBgNbdCovariates(fit, [low, high], { t: 39 });
next.forEach((c, i) => {
  const r = [low, high][i];
  console.log(`Customer ${c.customerId} (first day $${Math.expm1(r.lnFirst).toFixed(2)}, 1 repeat purchase): P(alive) ${c.pAlive.toFixed(3)}, ${c.expectedPurchases.toFixed(2)} purchases expected in 39 weeks`);
});
