/**
 * Prints a representative set of crm-analytics outputs as JSON (every number in its shortest
 * round-trip form, so equal text means equal bits). test/determinism.test.ts runs it under Node and
 * under Deno and requires identical output: "same input and options, same output on Node and Deno".
 *
 *   npx tsx test/determinism/outputs.ts
 *   npx deno run --allow-read --unstable-sloppy-imports test/determinism/outputs.ts
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { fitBgNbd, fitGammaGamma, fitModifiedBgNbd, fitParetoNbd, predictBgNbd, predictedClv, predictModifiedBgNbd, predictParetoNbd } from "../../src/models/index.js";
import { clusterCustomers } from "../../src/cluster/index.js";
import { classifyAbc, clvFromMargin, formulaClv } from "../../src/value/index.js";
import { exp, expm1, log, log1p, pow } from "../../src/internal/elementary.js";

const fixture = (path: string) => new URL(`../fixtures/${path}`, import.meta.url);
const csv = (text: string) => text.trim().split("\n").slice(1).map((l) => l.split(","));

// CDNOW sample (2,357 customers, weeks), spend from the summary with transactions
const zbar = new Map(csv(readFileSync(fixture("clv/cdnow_customers_summary_with_transactions.csv"), "utf8")).map((c) => [c[0], Number(c[4])]));
const cdnow = csv(gunzipSync(readFileSync(fixture("clv/per_customer_cdnow_customers_summary.csv.gz"))).toString("utf8")).map((c) => ({
  customerId: c[0],
  frequency: Number(c[1]),
  recency: Number(c[2]),
  T: Number(c[3]),
  monetaryValue: zbar.get(c[0]) as number,
}));
// Online Retail RFM (4,339 customers)
const retail = csv(readFileSync(fixture("cluster/online_retail_rfm.csv"), "utf8")).map((c) => ({
  customerId: c[0],
  recencyDays: Number(c[1]),
  frequency: Number(c[2]),
  monetary: Number(c[3]),
}));

const bg = fitBgNbd(cdnow);
const mbg = fitModifiedBgNbd(cdnow);
const pareto = fitParetoNbd(cdnow);
const buyers = cdnow.filter((c) => c.frequency > 0);
const gg = fitGammaGamma(buyers);
const fitSummary = (f: { params: object; logLikelihood: number; standardErrors?: unknown; diagnostics: { iterations: number } }) => ({
  params: f.params,
  logLikelihood: f.logLikelihood,
  standardErrors: f.standardErrors,
  iterations: f.diagnostics.iterations,
});
const purchases = (r: { customers: { pAlive: number; expectedPurchases: number }[] }) => r.customers.map((c) => [c.pAlive, c.expectedPurchases]);

const out = {
  fits: { bgNbd: fitSummary(bg), modifiedBgNbd: fitSummary(mbg), paretoNbd: fitSummary(pareto), gammaGamma: fitSummary(gg) },
  predictions: {
    bgNbd: purchases(predictBgNbd(bg.params, cdnow, { t: 52 })),
    modifiedBgNbd: purchases(predictModifiedBgNbd(mbg.params, cdnow, { t: 52 })),
    paretoNbd: purchases(predictParetoNbd(pareto.params, cdnow, { t: 52 })),
  },
  predictedClv: predictedClv(bg, gg, cdnow, { periodsPerMonth: 4.345, months: 12, monthlyDiscountRate: 0.01 }).customers.map((c) => c.clv),
  clusters: (() => {
    const r = clusterCustomers(retail, { k: 4, seed: 7 });
    return { clusters: r.customers.map((c) => c.cluster), meta: r.meta };
  })(),
  abc: classifyAbc(retail, { value: "monetary", method: "computed" }).meta,
  formulaClv: [
    formulaClv(retail, { margin: (r) => r.monetary / 10, retention: 0.83, discountRate: 0.1, horizon: 7 }).customers.map((c) => c.clv),
    formulaClv(retail, { margin: (r) => r.monetary / 10, retention: (r) => 1 - 1 / (1 + r.frequency), discountRate: 0.013 }).customers.map((c) => c.clv),
  ],
  clvFromMargin: [clvFromMargin(123.45, 0.9, 0.08, 36), clvFromMargin(50, 1.2, 0.01, 4000)],
  elementary: Array.from({ length: 200 }, (_, i) => {
    const x = (i + 0.37) * 3.7;
    return [log(x), log1p(x / 100), exp(x / 3 - 30), expm1(x / 500 - 0.2), pow(1 + x / 1000, x), pow(x, -0.37)];
  }),
};
console.log(JSON.stringify(out));
