/**
 * Model fit times on the CDNOW sample summary (2,357 customers): `npx tsx bench/models.ts`.
 * Three timed fits per model after one warm-up fit.
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { fitBgNbd, fitGammaGamma, fitModifiedBgNbd, fitParetoNbd, predictBgNbd, predictedClv } from "../src/models/index.js";

const text = gunzipSync(readFileSync(new URL("../test/fixtures/clv/per_customer_cdnow_customers_summary.csv.gz", import.meta.url))).toString("utf8");
const zbar = new Map(
  readFileSync(new URL("../test/fixtures/clv/cdnow_customers_summary_with_transactions.csv", import.meta.url), "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((l) => l.split(","))
    .map((c) => [c[0], Number(c[4])]),
);
const customers = text
  .trim()
  .split("\n")
  .slice(1)
  .map((l) => l.split(","))
  .map((c) => ({ customerId: c[0], frequency: Number(c[1]), recency: Number(c[2]), T: Number(c[3]), monetaryValue: zbar.get(c[0]) as number }));
for (const [name, fit] of [
  ["BG/NBD", () => fitBgNbd(customers)],
  ["modified BG/NBD", () => fitModifiedBgNbd(customers)],
  ["Pareto/NBD", () => fitParetoNbd(customers)],
  ["Gamma-Gamma", () => fitGammaGamma(customers)],
] as const) {
  fit();
  const times: string[] = [];
  for (let k = 0; k < 3; k++) {
    const t = performance.now();
    fit();
    times.push(((performance.now() - t) / 1000).toFixed(3));
  }
  console.log(`${name}: ${times.join(", ")} s (fit including standard errors)`);
}

// The scale: CDNOW tiled 430 times (1,013,510 customers).
const tiled = Array.from({ length: 430 }, (_, k) => customers.map((c) => ({ ...c, customerId: `${c.customerId}-${k}` }))).flat();
const time = (name: string, run: () => unknown) => {
  const t = performance.now();
  run();
  console.log(`${name}, ${tiled.length.toLocaleString("en-US")} customers: ${((performance.now() - t) / 1000).toFixed(2)} s`);
};
const bg = fitBgNbd(customers).params;
const gg = fitGammaGamma(customers).params;
time("fitBgNbd", () => fitBgNbd(tiled));
time("fitGammaGamma", () => fitGammaGamma(tiled));
time("fitParetoNbd", () => fitParetoNbd(tiled));
time("predictBgNbd (t = 52)", () => predictBgNbd(bg, tiled, { t: 52 }));
time("predictedClv (12 months)", () => predictedClv(bg, gg, tiled, { periodsPerMonth: 4.345 }));

// Hostile data (issue 13): 1,000 steady buyers with distinct (x, t_x, T) — parameters run off to their
// limits, and the fits must stop within their work budget (target ≤ 2 s) and say they did not converge.
const hostile = Array.from({ length: 1000 }, (_, i) => {
  const k = 1 + (i % 30);
  const x = Math.floor(700 / k) - (i % 7);
  return { frequency: x, recency: x * k, T: x * k + (i % 11) + 1 };
});
for (const [name, fit] of [
  ["fitParetoNbd", () => fitParetoNbd(hostile)],
  ["fitBgNbd", () => fitBgNbd(hostile)],
] as const) {
  const t = performance.now();
  const { diagnostics } = fit();
  console.log(`${name}, 1,000 hostile customers: ${((performance.now() - t) / 1000).toFixed(2)} s (converged: ${diagnostics.converged})`);
}
