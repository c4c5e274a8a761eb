/**
 * Covariate fit times on CDNOW: `npx tsx bench/covariates.ts`.
 *
 * The 2,357-customer CDNOW sample (calibration to 1997-09-30, weeks) with the covariate lnFirst =
 * ln(1 + first-day dollars) (test/fixtures/covariates/cdnow_first_purchase.csv, 930 distinct values),
 * on both processes and on the purchase process alone; the plain fits beside them for scale. One
 * warm-up fit each, then three timed fits (standard errors and diagnostics included). Target (issue
 * 17): each covariate fit ≤ 1 s.
 */
import { readFileSync } from "node:fs";
import { fitBgNbd, fitBgNbdCovariates, fitParetoNbd, fitParetoNbdCovariates } from "../src/models/index.js";

const customers = readFileSync(new URL("../test/fixtures/covariates/cdnow_first_purchase.csv", import.meta.url), "utf8")
  .trim()
  .split("\n")
  .slice(1)
  .map((l) => l.split(","))
  .map((c) => ({ customerId: c[0], frequency: Number(c[1]), recency: Number(c[2]), T: Number(c[3]), lnFirst: Number(c[5]) }));

const both = { purchase: ["lnFirst"], dropout: ["lnFirst"] };
const cases: [string, () => { diagnostics: { converged: boolean; iterations: number } }][] = [
  ["fitBgNbd (no covariates)", () => fitBgNbd(customers)],
  ["fitBgNbdCovariates, lnFirst on both", () => fitBgNbdCovariates(customers, both)],
  ["fitBgNbdCovariates, lnFirst on purchase", () => fitBgNbdCovariates(customers, { purchase: ["lnFirst"] })],
  ["fitParetoNbd (no covariates)", () => fitParetoNbd(customers)],
  ["fitParetoNbdCovariates, lnFirst on both", () => fitParetoNbdCovariates(customers, both)],
  ["fitParetoNbdCovariates, lnFirst on purchase", () => fitParetoNbdCovariates(customers, { purchase: ["lnFirst"] })],
];
for (const [name, fit] of cases) {
  const first = fit();
  const times: string[] = [];
  for (let k = 0; k < 3; k++) {
    const t = performance.now();
    fit();
    times.push(((performance.now() - t) / 1000).toFixed(3));
  }
  console.log(`${name}: ${times.join(", ")} s (${first.diagnostics.iterations} iterations, converged ${first.diagnostics.converged})`);
}
