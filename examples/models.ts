/**
 * Predicted customer value: BG/NBD (how many purchases, and is the customer still "alive"?),
 * Gamma-Gamma (how much per purchase), their product as a 12-month CLV, and the calibration/holdout
 * check that the model fits the data.
 *
 *   npx tsx examples/models.ts
 */
import { bgNbdExpectedPurchases, calibrationHoldout, fitBgNbd, fitGammaGamma, predictBgNbd, predictedClv, toBtydSummary } from "../src/index.js";
import { CDNOW_AS_OF, readCdnow } from "./data/load.js";

const transactions = readCdnow();

// 1. The models' summary, as Python lifetimes builds it: repeat purchase days (frequency), first →
//    last purchase (recency), first purchase → asOf (T), mean repeat spend. The time unit is explicit.
const { customers } = toBtydSummary(transactions, { asOf: CDNOW_AS_OF, period: "week" });
console.log(`${customers.length.toLocaleString("en-US")} customers; e.g.`, customers[2]);

// 2. BG/NBD by maximum likelihood.
const bg = fitBgNbd(customers);
const fmt = (params: object) => Object.entries(params).map(([k, v]) => `${k} ${(v as number).toFixed(4)}`).join(", ");
console.log(`BG/NBD: ${fmt(bg.params)} (log-likelihood ${bg.logLikelihood.toFixed(1)}, converged ${bg.diagnostics.converged})`);
console.log(`A new customer makes ${bgNbdExpectedPurchases(bg.params, 52).toFixed(2)} purchases in the first 52 weeks.`);

// P(alive) and the purchases expected in the next 26 weeks, per customer.
// The result is { customers, meta }; meta ({ model, params, t }) says what made the numbers.
const next = predictBgNbd(bg.params, customers, { t: 26 });
const c = next.customers[2];
console.log(`Customer ${c.customerId}: P(alive) ${c.pAlive.toFixed(3)}, ${c.expectedPurchases.toFixed(2)} purchases expected in ${next.meta.t} weeks`);

// 3. Gamma-Gamma on repeat buyers (the model needs at least one repeat purchase with a positive spend).
const repeatBuyers = customers.filter((c) => c.frequency > 0 && c.monetaryValue > 0);
const gg = fitGammaGamma(repeatBuyers);
console.log(`Gamma-Gamma on ${repeatBuyers.length.toLocaleString("en-US")} repeat buyers: ${fmt(gg.params)}`);

// 4. CLV over 12 months, discounted 1% a month. The summary is in weeks, so say how many weeks make a
//    month (required: lifetimes silently assumes days, which here would count 30 weeks as a month).
const clv = predictedClv(bg.params, gg.params, customers, { periodsPerMonth: 4.345, months: 12, monthlyDiscountRate: 0.01 }).customers;
const top = [...clv].sort((a, b) => b.clv - a.clv).slice(0, 3);
console.log(`Highest 12-month CLV: ${top.map((c) => `${c.customerId} $${c.clv.toFixed(2)}`).join(", ")}`);
console.log(`Sum over all customers: $${Math.round(clv.reduce((s, c) => s + c.clv, 0)).toLocaleString("en-US")}`);

// 5. Does the model fit? Fit on the first 39 weeks (to 1997-09-30), predict the next 39, compare.
const { customers: calibration } = toBtydSummary(transactions, { asOf: CDNOW_AS_OF, calibrationEnd: "1997-09-30", period: "week" });
const calibrationFit = fitBgNbd(calibration);
const { frequencies } = calibrationHoldout({ model: "bg-nbd", params: calibrationFit.params }, calibration);
console.log("Holdout purchases by calibration repeat purchases:");
console.table(frequencies.map((r) => ({ repeat: `${r.frequency}${r.frequencyAtLeast ? "+" : ""}`, customers: r.customers, actual: +r.actual.toFixed(3), predicted: +r.predicted.toFixed(3) })));
