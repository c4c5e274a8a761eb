/**
 * Model fit times: `npx tsx bench/models.ts [cdnow] [tiled] [hostile] [realistic] [scipy]` (default: all).
 *
 * - cdnow: the CDNOW sample summary (2,357 customers), three timed fits per model after a warm-up.
 * - tiled: CDNOW tiled 430 times (1,013,510 customers, but only 1,016 distinct (x, t_x, T)).
 * - hostile: 1,000 steady buyers with distinct triples (the fits must stop within their work budget).
 * - realistic: the bench generator's 10M-row log summarised in days (bench/realistic.ts: 1M customers,
 *   about 600k distinct triples; built once, about 40 s, then cached in bench/out/), timing
 *   fitBgNbd, fitModifiedBgNbd, fitParetoNbd, fitGammaGamma, predictBgNbd and predictedClv from records.
 * - scipy: the same objectives in numpy/scipy on the same summary (bench/models_scipy.py), when
 *   /usr/bin/python3 has scipy; skipped with the reason otherwise.
 * - donations: fitBgBb on the donations data's 22 groups (11,104 donors; target ≤ 10 ms), median of 51.
 * - retention: fitSbg on Fader & Hardie's "regular" survival counts, years 0–7 (target ≤ 10 ms), median of 51.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { fitBgBb, fitBgNbd, fitGammaGamma, fitModifiedBgNbd, fitParetoNbd, fitSbg, predictBgNbd, predictedClv } from "../src/models/index.js";
import { realisticSummary } from "./realistic.js";

const SECTIONS = ["cdnow", "tiled", "hostile", "realistic", "scipy", "donations", "retention"];
const asked = process.argv.slice(2);
for (const a of asked) if (!SECTIONS.includes(a)) throw new Error(`bench/models.ts: unknown section "${a}" (${SECTIONS.join(", ")})`);
const runs = (section: string) => asked.length === 0 || asked.includes(section);

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
for (const [name, fit] of (runs("cdnow") ? [
  ["BG/NBD", () => fitBgNbd(customers)],
  ["modified BG/NBD", () => fitModifiedBgNbd(customers)],
  ["Pareto/NBD", () => fitParetoNbd(customers)],
  ["Gamma-Gamma", () => fitGammaGamma(customers)],
] as const : [])) {
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
const tiled = !runs("tiled") ? [] : Array.from({ length: 430 }, (_, k) => customers.map((c) => ({ ...c, customerId: `${c.customerId}-${k}` }))).flat();
const time = (name: string, run: () => unknown) => {
  const t = performance.now();
  run();
  console.log(`${name}, ${tiled.length.toLocaleString("en-US")} customers: ${((performance.now() - t) / 1000).toFixed(2)} s`);
};
const bg = fitBgNbd(customers).params;
const gg = fitGammaGamma(customers).params;
if (runs("tiled")) {
  time("fitBgNbd", () => fitBgNbd(tiled));
  time("fitGammaGamma", () => fitGammaGamma(tiled));
  time("fitParetoNbd", () => fitParetoNbd(tiled));
  time("predictBgNbd (t = 52)", () => predictBgNbd(bg, tiled, { t: 52 }));
  time("predictedClv (12 months)", () => predictedClv(bg, gg, tiled, { periodsPerMonth: 4.345 }));
}

// Hostile data (issue 13): 1,000 steady buyers with distinct (x, t_x, T) — parameters run off to their
// limits, and the fits must stop within their work budget (target ≤ 2 s) and say they did not converge.
const hostile = Array.from({ length: 1000 }, (_, i) => {
  const k = 1 + (i % 30);
  const x = Math.floor(700 / k) - (i % 7);
  return { frequency: x, recency: x * k, T: x * k + (i % 11) + 1 };
});
for (const [name, fit] of (runs("hostile") ? [
  ["fitParetoNbd", () => fitParetoNbd(hostile)],
  ["fitBgNbd", () => fitBgNbd(hostile)],
] as const : [])) {
  const t = performance.now();
  const { diagnostics } = fit();
  console.log(`${name}, 1,000 hostile customers: ${((performance.now() - t) / 1000).toFixed(2)} s (converged: ${diagnostics.converged})`);
}

// The realistic scale: 1M customers, about 600k distinct (x, t_x, T) (bench/realistic.ts).
if (runs("realistic")) {
  const built = performance.now();
  const cols = realisticSummary();
  const n = cols.frequency.length;
  const records = Array.from({ length: n }, (_, i) => ({ customerId: `C${i}`, frequency: cols.frequency[i], recency: cols.recency[i], T: cols.T[i], monetaryValue: cols.monetaryValue[i] }));
  console.log(`realistic summary: ${n.toLocaleString("en-US")} customers (days), ready in ${((performance.now() - built) / 1000).toFixed(1)} s (cached in bench/out/realistic-summary.bin)`);
  const timed = <T>(name: string, run: () => T, say: (r: T) => string): T => {
    const t = performance.now();
    const r = run();
    console.log(`  ${name}: ${((performance.now() - t) / 1000).toFixed(2)} s; ${say(r)}`);
    return r;
  };
  type Fit = { params: object; logLikelihood: number; diagnostics: { iterations: number; converged: boolean; message: string } };
  const said = (f: Fit) => `${f.diagnostics.iterations} iterations, converged ${f.diagnostics.converged}, log-likelihood ${f.logLikelihood.toFixed(2)}, params ${JSON.stringify(f.params)} (${f.diagnostics.message})`;
  const bgFit = timed("fitBgNbd", () => fitBgNbd(records), said);
  timed("fitModifiedBgNbd", () => fitModifiedBgNbd(records), said);
  const ggFit = timed("fitGammaGamma", () => fitGammaGamma(records), said);
  timed("fitParetoNbd", () => fitParetoNbd(records), said);
  // predictions at a converged-looking point: the CDNOW parameters in weeks, rescaled to days
  const params = bgFit.diagnostics.converged ? bgFit.params : { ...bg, alpha: bg.alpha * 7 };
  timed("predictBgNbd (t = 365 days)", () => predictBgNbd(params, records, { t: 365 }), (r) => `${r.customers.length.toLocaleString("en-US")} customers`);
  timed("predictedClv (12 months, 30.4 days a month)", () => predictedClv(params, ggFit.params, records, { periodsPerMonth: 30.4 }), (r) => `${r.customers.length.toLocaleString("en-US")} customers`);
}

if (runs("scipy")) {
  const python = "/usr/bin/python3";
  const probe = spawnSync(python, ["-c", "import numpy, scipy; print(scipy.__version__)"], { encoding: "utf8" });
  if (probe.status !== 0) console.log(`scipy: skipped (${python} has no numpy/scipy: apt-get install python3-scipy python3-numpy)`);
  else {
    if (!runs("realistic")) realisticSummary();
    console.log(`scipy ${probe.stdout.trim()} on the same summary (bench/models_scipy.py):`);
    spawnSync(python, [fileURLToPath(new URL("./models_scipy.py", import.meta.url))], { stdio: "inherit" });
  }
}

// BG/BB on grouped data (issue 17): the donations data's 22 (x, t_x, n, count) groups.
if (runs("donations")) {
  const groups = readFileSync(new URL("../test/fixtures/donations/donations.csv", import.meta.url), "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((l) => l.split(",").map(Number))
    .map(([frequency, recency, n, count]) => ({ frequency, recency, n, count }));
  for (let k = 0; k < 10; k++) fitBgBb(groups);
  const times: number[] = [];
  for (let k = 0; k < 51; k++) {
    const t = performance.now();
    fitBgBb(groups);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(`fitBgBb, donations (22 groups, 11,104 donors): median ${times[25].toFixed(2)} ms, max ${times[50].toFixed(2)} ms (standard errors included)`);
}

// sBG on survival counts (issue 17): the "regular" cohort of Fader & Hardie (2007), years 0–7.
if (runs("retention")) {
  const alive = readFileSync(new URL("../test/fixtures/retention/survival_counts.csv", import.meta.url), "utf8")
    .trim()
    .split("\n")
    .slice(1, 9)
    .map((l) => Number(l.split(",")[1]));
  for (let k = 0; k < 10; k++) fitSbg({ alive });
  const times: number[] = [];
  for (let k = 0; k < 51; k++) {
    const t = performance.now();
    fitSbg({ alive });
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(`fitSbg, "regular" cohort years 0–7 (1,000 customers): median ${times[25].toFixed(3)} ms, max ${times[50].toFixed(3)} ms (standard errors included)`);
}
