/**
 * Covariate fit times on CDNOW: `npx tsx bench/covariates.ts`.
 *
 * The 2,357-customer CDNOW sample (calibration to 1997-09-30, weeks) with the covariate lnFirst =
 * ln(1 + first-day dollars) (test/fixtures/covariates/cdnow_first_purchase.csv, 930 distinct values),
 * on both processes and on the purchase process alone, and a 0/1 field (first day above the median) on
 * both; the plain fits beside them for scale; and 1,000 hostile customers (steady buyers, distinct
 * covariate values), which must stop within their work budget. One
 * warm-up fit each, then three timed fits (standard errors and diagnostics included). Target (issue
 * 17): each covariate fit ≤ 1 s. Wall and CPU time (user + system of the process, which includes V8's
 * garbage-collector threads) are both printed: on a shared machine the wall time grows with the load.
 */
import { readFileSync } from "node:fs";
import { fitBgNbd, fitBgNbdCovariates, fitParetoNbd, fitParetoNbdCovariates } from "../src/models/index.js";

const customers = readFileSync(new URL("../test/fixtures/covariates/cdnow_first_purchase.csv", import.meta.url), "utf8")
  .trim()
  .split("\n")
  .slice(1)
  .map((l) => l.split(","))
  .map((c) => ({ customerId: c[0], frequency: Number(c[1]), recency: Number(c[2]), T: Number(c[3]), lnFirst: Number(c[5]) }));

const median = [...customers.map((c) => c.lnFirst)].sort((a, b) => a - b)[customers.length >> 1];
const binary = customers.map((c) => ({ ...c, big: c.lnFirst > median ? 1 : 0 }));
const both = { purchase: ["lnFirst"], dropout: ["lnFirst"] };
const cases: [string, () => { diagnostics: { converged: boolean; iterations: number } }][] = [
  ["fitBgNbd (no covariates)", () => fitBgNbd(customers)],
  ["fitBgNbdCovariates, lnFirst on both", () => fitBgNbdCovariates(customers, both)],
  ["fitBgNbdCovariates, lnFirst on purchase", () => fitBgNbdCovariates(customers, { purchase: ["lnFirst"] })],
  ["fitBgNbdCovariates, 0/1 field (first day above the median) on both", () => fitBgNbdCovariates(binary, { purchase: ["big"], dropout: ["big"] })],
  ["fitParetoNbd (no covariates)", () => fitParetoNbd(customers)],
  ["fitParetoNbdCovariates, lnFirst on both", () => fitParetoNbdCovariates(customers, both)],
  ["fitParetoNbdCovariates, lnFirst on purchase", () => fitParetoNbdCovariates(customers, { purchase: ["lnFirst"] })],
  ["fitParetoNbdCovariates, 0/1 field on both", () => fitParetoNbdCovariates(binary, { purchase: ["big"], dropout: ["big"] })],
];
// hostile: 1,000 steady buyers (distinct triples, no dropout to estimate) with distinct covariate values,
// as bench/models.ts's hostile case: the fits must stop within their work budget and say so
const steady = Array.from({ length: 1000 }, (_, i) => {
  const k = 1 + (i % 30);
  const x = Math.floor(700 / k) - (i % 7);
  return { frequency: x, recency: x * k, T: x * k + (i % 11) + 1, z: i / 1000, w: i % 3 };
});
const hostile = { purchase: ["z", "w"], dropout: ["z"] };
cases.push(["fitBgNbdCovariates, 1,000 hostile customers", () => fitBgNbdCovariates(steady, hostile)]);
cases.push(["fitParetoNbdCovariates, 1,000 hostile customers", () => fitParetoNbdCovariates(steady, hostile)]);
for (const [name, fit] of cases) {
  const first = fit();
  const times: string[] = [];
  const cpu: string[] = [];
  for (let k = 0; k < 3; k++) {
    const t = performance.now();
    const c = process.cpuUsage();
    fit();
    const used = process.cpuUsage(c);
    times.push(((performance.now() - t) / 1000).toFixed(3));
    cpu.push(((used.user + used.system) / 1e6).toFixed(3));
  }
  console.log(`${name}: ${times.join(", ")} s wall, ${cpu.join(", ")} s CPU (${first.diagnostics.iterations} iterations, converged ${first.diagnostics.converged})`);
}
