/**
 * Model fit times: `npx tsx bench/models.ts [cdnow] [tiled] [hostile] [realistic] [scipy]` (default: all).
 *
 * - cdnow: the CDNOW sample summary (2,357 customers), three timed fits per model after a warm-up.
 * - tiled: CDNOW tiled 430 times (1,013,510 customers, but only 1,016 distinct (x, t_x, T)).
 * - hostile: 1,000 steady buyers with distinct triples (the fits must stop within their work budget).
 * - realistic: the bench generator's 10M-row log summarised in days (bench/realistic.ts: 1M customers,
 *   about 600k distinct triples; built once, about 40 s, then cached in bench/out/), timing
 *   fitBgNbd, fitModifiedBgNbd, fitParetoNbd, fitGammaGamma, predictBgNbd and predictedClv from records,
 *   and fitBgNbd, fitGammaGamma, fitParetoNbd from the same summary as columns (the fast lane).
 * - churn: identifiable data — 1M customers drawn from the BG/NBD story with dropout (CDNOW's
 *   parameters in days, first purchases spread over three years, Gamma-Gamma spends; `churnSummary`
 *   below), timing the four fits from records in days (three again from columns), and fitBgNbd / fitGammaGamma on the whole-week
 *   triples with their counts (issue 19's "fit on the triples").
 * - scipy: the same objectives in numpy/scipy on the same summaries (bench/models_scipy.py; SCIPY_MODELS=bg,gg,pn
 *   picks models, SCIPY_FIT_SECONDS caps each fit; the
 *   realistic one, and the churn one when the churn section ran), when /usr/bin/python3 has scipy;
 *   skipped with the reason otherwise.
 * - `--passes N` repeats the realistic and churn timings N times (default 1); CHURN_CUSTOMERS=n sets
 *   the churn data's size (default 1,000,000); FITS=fitParetoNbd,… times only the fits named there in
 *   the realistic and churn sections (and no predictions).
 * - donations: fitBgBb on the donations data's 22 groups (11,104 donors; target ≤ 10 ms), median of 51.
 * - retention: fitSbg on Fader & Hardie's "regular" survival counts, years 0–7 (target ≤ 10 ms), median of 51.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { fitBgBb, fitBgNbd, fitGammaGamma, fitModifiedBgNbd, fitParetoNbd, fitSbg, predictBgNbd, predictedClv } from "../src/models/index.js";
import { mulberry32 } from "../src/internal/random.js";
import { realisticSummary } from "./realistic.js";

const SECTIONS = ["cdnow", "tiled", "hostile", "realistic", "churn", "scipy", "donations", "retention"];
const argv = process.argv.slice(2);
const passesAt = argv.indexOf("--passes");
const PASSES = passesAt >= 0 ? Number(argv[passesAt + 1]) : 1;
const asked = passesAt >= 0 ? argv.filter((_, i) => i !== passesAt && i !== passesAt + 1) : argv;
for (const a of asked) if (!SECTIONS.includes(a)) throw new Error(`bench/models.ts: unknown section "${a}" (${SECTIONS.join(", ")})`);
const runs = (section: string) => asked.length === 0 || asked.includes(section);
const FITS = process.env.FITS?.split(",");
const fits = (name: string) => !FITS || FITS.includes(name);

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

/**
 * Identifiable data with dropout: `n` customers drawn from the BG/NBD story at a daily resolution —
 * first purchase on a day spread evenly over 1,095 days, λ ~ Gamma(r, α), p ~ Beta(a, b), purchases a
 * Poisson process at rate λ, dropout with probability p after each repeat purchase (CDNOW's weekly
 * parameters in days: r 0.243, α 30.9, a 0.793, b 2.426), each purchase's spend Gamma(p 6.25, ν) with
 * ν ~ Gamma(q 3.74, v 15.45). Summaries as toBtydSummary makes them as of the last day: in days
 * (distinct purchase days) and in whole weeks (distinct weeks from day 0; recency and T in weeks).
 * Cached in bench/out/churn-summary.bin (days: frequency, recency, T, monetary value) for scipy.
 */
function churnSummary(n: number, seed = 20261206) {
  const rnd = mulberry32(seed);
  const normal = () => {
    const u = 1 - rnd();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd());
  };
  // Marsaglia & Tsang, with the shape < 1 boost
  const gamma = (shape: number): number => {
    if (shape < 1) return gamma(shape + 1) * Math.pow(1 - rnd(), 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      const z = normal();
      const v = (1 + c * z) ** 3;
      if (v <= 0) continue;
      if (Math.log(1 - rnd()) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
    }
  };
  const DAYS = 1095;
  const [r, alpha, a, b, gp, gq, gv] = [0.243, 30.9, 0.793, 2.426, 6.25, 3.74, 15.45];
  const days = { x: new Float64Array(n), tx: new Float64Array(n), T: new Float64Array(n), m: new Float64Array(n) };
  const weeks = { x: new Float64Array(n), tx: new Float64Array(n), T: new Float64Array(n), m: new Float64Array(n) };
  const lastWeek = Math.floor((DAYS - 1) / 7);
  for (let i = 0; i < n; i++) {
    const first = Math.floor((i * DAYS) / n);
    const lambda = gamma(r) / alpha;
    const ga = gamma(a);
    const p = ga / (ga + gamma(b));
    const nu = gamma(gq) / gv;
    let t = first;
    let day = first;
    let week = Math.floor(first / 7);
    let xd = 0;
    let xw = 0;
    let spendD = 0;
    let weekSpend = 0;
    let spendW = 0;
    for (;;) {
      t += -Math.log(1 - rnd()) / lambda;
      if (!(t < DAYS)) break;
      const d = Math.floor(t);
      const z = gamma(gp) / nu;
      if (d !== day) {
        xd++;
        day = d;
      }
      spendD += d !== first ? z : 0;
      const w = Math.floor(d / 7);
      if (w !== week) {
        if (xw > 0) spendW += weekSpend;
        xw++;
        week = w;
        weekSpend = 0;
      }
      if (w !== Math.floor(first / 7)) weekSpend += z;
      if (rnd() < p) break; // dropped out after this repeat purchase
    }
    if (xw > 0) spendW += weekSpend;
    days.x[i] = xd;
    days.tx[i] = day - first;
    days.T[i] = DAYS - 1 - first;
    days.m[i] = xd > 0 ? spendD / xd : 0;
    weeks.x[i] = xw;
    weeks.tx[i] = week - Math.floor(first / 7);
    weeks.T[i] = lastWeek - Math.floor(first / 7);
    weeks.m[i] = xw > 0 ? spendW / xw : 0;
  }
  return { days, weeks };
}

// Repeat purchases on a day of the first purchase count in the day's spend but not as a repeat day
// (toBtydSummary's rule), so days.m is the repeat days' spend over their number only approximately:
// the bench needs identifiable data, not toBtydSummary's exact definitions.

const CHURN_FILE = join(dirname(fileURLToPath(import.meta.url)), "out", "churn-summary.bin");
type Fit = { params: object; logLikelihood: number; diagnostics: { iterations: number; converged: boolean; message: string } };
const said = (f: Fit) => `${f.diagnostics.iterations} iterations, converged ${f.diagnostics.converged}, log-likelihood ${f.logLikelihood.toFixed(2)}, params ${JSON.stringify(f.params)} (${f.diagnostics.message.slice(0, 400)})`;
// wall seconds, and the process's CPU seconds (user + system, GC helper threads included) in parentheses
const timedFit = <T>(name: string, run: () => T, say: (r: T) => string): T => {
  const c = process.cpuUsage();
  const t = performance.now();
  const r = run();
  const wall = (performance.now() - t) / 1000;
  const cpu = process.cpuUsage(c);
  console.log(`  ${name}: ${wall.toFixed(2)} s (CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s); ${say(r)}`);
  return r;
};

// The realistic scale: 1M customers, about 600k distinct (x, t_x, T) (bench/realistic.ts).
for (let pass = 0; pass < PASSES && runs("realistic"); pass++) {
  const built = performance.now();
  const cols = realisticSummary();
  const n = cols.frequency.length;
  const records = Array.from({ length: n }, (_, i) => ({ customerId: `C${i}`, frequency: cols.frequency[i], recency: cols.recency[i], T: cols.T[i], monetaryValue: cols.monetaryValue[i] }));
  console.log(`realistic summary: ${n.toLocaleString("en-US")} customers (days), ready in ${((performance.now() - built) / 1000).toFixed(1)} s (cached in bench/out/realistic-summary.bin)`);
  const timed = timedFit;
  const bgFit = fits("fitBgNbd") ? timed("fitBgNbd", () => fitBgNbd(records), said) : null;
  if (fits("fitModifiedBgNbd")) timed("fitModifiedBgNbd", () => fitModifiedBgNbd(records), said);
  const ggFit = fits("fitGammaGamma") ? timed("fitGammaGamma", () => fitGammaGamma(records), said) : null;
  if (fits("fitParetoNbd")) timed("fitParetoNbd", () => fitParetoNbd(records), said);
  // the fast lane: the same summary as columns (no ids: customers by position), no records to read
  const columns = { frequency: cols.frequency, recency: cols.recency, T: cols.T, monetaryValue: cols.monetaryValue };
  for (const [name, fit] of [["fitBgNbd", fitBgNbd], ["fitGammaGamma", fitGammaGamma], ["fitParetoNbd", fitParetoNbd]] as const) if (fits(name)) timed(`${name} from columns`, () => fit(columns), said);
  if (!bgFit || !ggFit) continue; // the predictions take their parameters
  // predictions at a converged-looking point: the CDNOW parameters in weeks, rescaled to days
  const params = bgFit.diagnostics.converged ? bgFit.params : { ...bg, alpha: bg.alpha * 7 };
  timed("predictBgNbd (t = 365 days)", () => predictBgNbd(params, records, { t: 365 }), (r) => `${r.customers.length.toLocaleString("en-US")} customers`);
  timed("predictedClv (12 months, 30.4 days a month)", () => predictedClv(params, ggFit.params, records, { periodsPerMonth: 30.4 }), (r) => `${r.customers.length.toLocaleString("en-US")} customers`);
}

// Identifiable data (with dropout): the four fits from 1M records in days, and on the whole-week triples.
for (let pass = 0; pass < PASSES && runs("churn"); pass++) {
  const built = performance.now();
  const { days, weeks } = churnSummary(Number(process.env.CHURN_CUSTOMERS ?? 1_000_000));
  const n = days.x.length;
  const records = Array.from({ length: n }, (_, i) => ({ customerId: `C${i}`, frequency: days.x[i], recency: days.tx[i], T: days.T[i], monetaryValue: days.m[i] }));
  if (pass === 0) {
    const all = new Float64Array(4 * n);
    all.set(days.x);
    all.set(days.tx, n);
    all.set(days.T, 2 * n);
    all.set(days.m, 3 * n);
    mkdirSync(dirname(CHURN_FILE), { recursive: true });
    writeFileSync(CHURN_FILE, all);
  }
  // whole-week triples with counts (and the repeat buyers' (x, m̄) groups), as btydTriplesSql would give them
  const groups = new Map<string, { frequency: number; recency: number; T: number; count: number }>();
  for (let i = 0; i < n; i++) {
    const key = `${weeks.x[i]},${weeks.tx[i]},${weeks.T[i]}`;
    const g = groups.get(key);
    if (g) g.count++;
    else groups.set(key, { frequency: weeks.x[i], recency: weeks.tx[i], T: weeks.T[i], count: 1 });
  }
  const triples = [...groups.values()];
  const spenders = new Map<string, { frequency: number; recency: number; T: number; monetaryValue: number; count: number }>();
  for (let i = 0; i < n; i++) {
    if (weeks.x[i] === 0) continue;
    const key = `${weeks.x[i]},${weeks.m[i]}`;
    const g = spenders.get(key);
    if (g) g.count++;
    else spenders.set(key, { frequency: weeks.x[i], recency: weeks.tx[i], T: weeks.T[i], monetaryValue: weeks.m[i], count: 1 });
  }
  const distinct = new Set(Array.from({ length: n }, (_, i) => `${days.x[i]},${days.tx[i]},${days.T[i]}`)).size;
  console.log(`churn summary (pass ${pass + 1}): ${n.toLocaleString("en-US")} customers, ${distinct.toLocaleString("en-US")} distinct triples in days, ${triples.length.toLocaleString("en-US")} in whole weeks (${spenders.size.toLocaleString("en-US")} (x, m̄) groups of repeat buyers), built in ${((performance.now() - built) / 1000).toFixed(1)} s`);
  if (fits("fitBgNbd")) timedFit(`fitBgNbd (days, ${n.toLocaleString("en-US")} records)`, () => fitBgNbd(records), said);
  if (fits("fitModifiedBgNbd")) timedFit("fitModifiedBgNbd (days)", () => fitModifiedBgNbd(records), said);
  if (fits("fitGammaGamma")) timedFit("fitGammaGamma (days)", () => fitGammaGamma(records), said);
  if (fits("fitParetoNbd")) timedFit("fitParetoNbd (days)", () => fitParetoNbd(records), said);
  const columns = { frequency: days.x, recency: days.tx, T: days.T, monetaryValue: days.m };
  for (const [name, fit] of [["fitBgNbd", fitBgNbd], ["fitGammaGamma", fitGammaGamma], ["fitParetoNbd", fitParetoNbd]] as const) if (fits(name)) timedFit(`${name} (days) from columns`, () => fit(columns), said);
  if (FITS) continue;
  timedFit(`fitBgNbd on ${triples.length.toLocaleString("en-US")} whole-week triples`, () => fitBgNbd(triples), said);
  const spenderGroups = [...spenders.values()];
  timedFit(`fitGammaGamma on ${spenderGroups.length.toLocaleString("en-US")} whole-week (x, m̄) groups`, () => fitGammaGamma(spenderGroups), said);
}

if (runs("scipy")) {
  const python = "/usr/bin/python3";
  const probe = spawnSync(python, ["-c", "import numpy, scipy; print(scipy.__version__)"], { encoding: "utf8" });
  if (probe.status !== 0) console.log(`scipy: skipped (${python} has no numpy/scipy: apt-get install python3-scipy python3-numpy)`);
  else {
    if (!runs("realistic")) realisticSummary();
    console.log(`scipy ${probe.stdout.trim()} on the same summary (bench/models_scipy.py):`);
    spawnSync(python, [fileURLToPath(new URL("./models_scipy.py", import.meta.url))], { stdio: "inherit" });
    if (runs("churn")) {
      console.log(`scipy on the churn summary (days, ${CHURN_FILE}):`);
      spawnSync(python, [fileURLToPath(new URL("./models_scipy.py", import.meta.url)), CHURN_FILE], { stdio: "inherit" });
    }
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
