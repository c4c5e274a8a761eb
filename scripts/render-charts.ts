/**
 * Renders the chart images of docs/charts.md from two real data sets, in English and Chinese: every
 * chart of `crm-analytics/charts` on the CDNOW log (23,570 customers, 1997-01 … 1998-06) and on UCI
 * Online Retail (541,909 rows, 4,339 customers, 2010-12-01 … 2011-12-09), read with
 * `readTransactionsCsv`; the sBG and BG/BB charts from retention/survival_counts.csv and
 * donations/donations.csv (Fader & Hardie's reference data). Each spec is drawn with vega-embed (vega, vega-lite and vega-embed from
 * node_modules) in headless Chromium, driven over the DevTools protocol on a pipe, and saved as
 * docs/images/charts/<data>-<chart>-<en|zh>.png (2× pixel density).
 *
 *   npx tsx scripts/render-charts.ts                  # all 76 images
 *   npx tsx scripts/render-charts.ts clusters pareto  # images whose name contains one of the words
 *   npx tsx scripts/render-charts.ts --install        # first apt-get install chromium fonts-noto-cjk (root)
 *
 * Needs Chromium (/usr/bin/chromium, or CHROMIUM=/path/to/chrome) and a CJK font (Debian:
 * fonts-noto-cjk); without either it stops with an error before drawing anything. The data files are
 * read from ../shared/data (or CRM_DATA=/path/to/data: cdnow/CDNOW_master.txt and
 * online_retail_ii/online_retail_2010-12-01_2011-12-09.csv.gz). Images are drawn into a temporary
 * folder and copied to docs/images/charts only when every one of them was drawn: a failure leaves the
 * committed images as they are. A full run also removes images of charts that are no longer drawn.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  CLASSIC_SEGMENTS,
  calibrationHoldout,
  classifyAbc,
  clvQuadrants,
  cohortRetention,
  customerSurvival,
  fitBgBb,
  fitBgNbd,
  fitSbg,
  fitGammaGamma,
  periodIndicators,
  predictedClv,
  purchaseTracking,
  bootstrapFit,
  sbgSurvival,
  scoreRfm,
  segmentMovement,
  segmentRfm,
  selectionMatrix,
  summarizeTransactions,
  toBtydSummary,
  whaleCurve,
} from "../src/index.js";
import { clusterCustomers } from "../src/cluster/index.js";
import { readTransactionsCsv, type CsvTransactionColumns } from "../src/csv/index.js";
import {
  clusterScatter,
  clvQuadrantChart,
  cohortHeatmap,
  holdoutChart,
  paretoChart,
  periodChart,
  rfmHeatmap,
  segmentBarChart,
  segmentMovementChart,
  segmentShareChart,
  whaleCurveChart,
  survivalChart,
  retentionCurveChart,
  bgBbAliveChart,
  selectionMatrixChart,
  trackingChart,
  periodTransactionsChart,
  frequencyRecencyChart,
  type HoldoutChartRecord,
  type VegaLiteSpec,
} from "../src/charts/index.js";
import type { BtydSummaryCustomer, CalibrationHoldoutRecord } from "../src/models/index.js";
import { chromiumPath, drawsCjk, hasChromium, launchChromium } from "../src/cli/chromium.js";

const root = fileURLToPath(new URL("../", import.meta.url));
const outDir = join(root, "docs/images/charts");
const args = process.argv.slice(2);
const only = args.filter((a) => !a.startsWith("--"));

function fail(message: string): never {
  console.error(`render-charts: ${message}`);
  process.exit(1);
}

// ---------------------------------------------------------------------------------------------
// 0. Chromium and a CJK font, checked before anything is computed.
const chromium = chromiumPath();
if (args.includes("--install")) {
  execFileSync("apt-get", ["update"], { stdio: "inherit" });
  execFileSync("apt-get", ["install", "-y", "chromium", "fonts-noto-cjk"], { stdio: "inherit" });
}
if (!hasChromium(chromium)) fail(`no Chromium at ${chromium}: install it (Debian: apt-get install -y chromium, or run this script with --install) or set CHROMIUM=/path/to/chrome`);
let cjkFonts = "";
try {
  cjkFonts = execFileSync("fc-list", [":lang=zh", "family"], { encoding: "utf8" }).trim();
} catch {
  fail("fc-list (fontconfig) is not available to look for a CJK font; install fontconfig and fonts-noto-cjk");
}
if (cjkFonts === "") fail("no CJK font found (fc-list :lang=zh is empty): the Chinese charts would draw empty boxes. Install one (Debian: apt-get install -y fonts-noto-cjk, or run this script with --install)");

// ---------------------------------------------------------------------------------------------
// 1. Data.
const dataDir = process.env.CRM_DATA ?? join(root, "../shared/data");
const cdnowFile = [join(dataDir, "cdnow/CDNOW_master.txt"), join(root, "examples/data/CDNOW_master.txt.gz")].find((f) => existsSync(f));
const retailFile = join(dataDir, "online_retail_ii/online_retail_2010-12-01_2011-12-09.csv.gz");
if (cdnowFile === undefined) fail(`CDNOW_master.txt not found in ${dataDir}/cdnow or examples/data (set CRM_DATA)`);
if (!existsSync(retailFile)) fail(`${retailFile} not found: UCI Online Retail (id 352) as CSV, gzipped (set CRM_DATA to the folder holding online_retail_ii/)`);

interface DataSet {
  key: string;
  columns: CsvTransactionColumns;
  asOf: string;
  calibrationEnd: string;
}
const cdnow: DataSet = {
  key: "cdnow",
  columns: (await readTransactionsCsv(cdnowFile, { delimiter: "whitespace", dateFormat: "ymd", columns: { customerId: "customer_id", date: "date", amount: "dollar_value" } })).columns,
  asOf: "1998-06-30",
  calibrationEnd: "1997-09-30",
};
const retailRead = await readTransactionsCsv(retailFile, {
  columns: { customerId: "CustomerID", date: "InvoiceDate", quantity: "Quantity", price: "UnitPrice", orderId: "InvoiceNo" },
  onInvalid: "skip", // 135,080 rows have no customer id
});
// The data end on 2011-12-09: December 2011 is a partial month (9 of 31 days).
const retail: DataSet = { key: "retail", columns: retailRead.columns, asOf: "2011-12-09", calibrationEnd: "2011-06-30" };

function chartsOf(data: DataSet, language: "en" | "zh"): { name: string; spec: VegaLiteSpec }[] {
  const { columns, asOf } = data;
  const { customers } = summarizeTransactions(columns, { asOf });
  const segments = segmentRfm(customers);
  // Predicted value: BG/NBD + Gamma-Gamma on the whole period, 12 months ahead.
  const btydResult = toBtydSummary(columns, { asOf, period: "week" });
  const btyd = btydResult.customers;
  const bg = fitBgNbd(btyd);
  // Gamma-Gamma is fitted on repeat buyers with a positive mean spend (as lifetimes does).
  const gg = fitGammaGamma(btyd.filter((c) => c.frequency > 0 && c.monetaryValue > 0));
  const clv = predictedClv(bg.params, gg.params, btyd, { periodsPerMonth: 4.345, months: 12 });
  const clvById = new Map(clv.customers.map((c) => [c.customerId, c.clv]));
  const quadrants = clvQuadrants(
    customers.map((c) => ({ customerId: c.customerId, monetary: c.monetary, clv: clvById.get(c.customerId) ?? 0 })),
    { potential: "clv" },
  );
  // Calibration/holdout: the model fitted on the calibration period, checked on the rest.
  const { customers: calibration } = toBtydSummary(columns, { asOf, calibrationEnd: data.calibrationEnd, period: "week" });
  const calibrationModel = { model: "bg-nbd", params: fitBgNbd(calibration).params } as const;
  const holdout = calibrationHoldout(calibrationModel, calibration);
  // Online Retail's calibration fit runs off to a → 0 (no dropout seen in 7 months): nothing to bootstrap
  const holdoutBands = data.key === "cdnow" ? holdoutIntervals(data.key, calibration, holdout.frequencies) : null;
  const tracking = purchaseTracking(columns, calibrationModel, { asOf, calibrationEnd: data.calibrationEnd, period: "week" });
  const clusters = clusterCustomers(customers, { k: 4, seed: 42 });
  // Segment movement: the classic segments on the transactions up to the calibration end and up to asOf.
  const segmentsAt = (date: string) => segmentRfm(summarizeTransactions(columns, { asOf: date, afterAsOf: "ignore" }).customers).customers;
  const movement = segmentMovement(segmentsAt(data.calibrationEnd), segmentsAt(asOf), { order: CLASSIC_SEGMENTS.map((s) => s.id) });
  const o = { language };
  return [
    { name: "segment-bars", spec: segmentBarChart(segments, o) },
    { name: "segment-shares", spec: segmentShareChart(segments, o) },
    { name: "rfm-heatmap", spec: rfmHeatmap(scoreRfm(customers), o) },
    { name: "pareto", spec: paretoChart(classifyAbc(customers, { method: "computed" }), o) },
    { name: "clv-quadrants", spec: clvQuadrantChart(quadrants, o) },
    { name: "cohorts", spec: cohortHeatmap(cohortRetention(columns, { asOf }), o) },
    { name: "periods", spec: periodChart(periodIndicators(columns, { asOf }), { ...o, volume: "active" }) },
    { name: "clusters", spec: clusterScatter(customers, clusters, o) },
    { name: "holdout", spec: holdoutChart(holdout, { ...o, model: "BG/NBD" }) },
    ...(holdoutBands ? [{ name: "holdout-bands", spec: holdoutChart(holdoutBands, { ...o, model: "BG/NBD", intervalLevel: 0.9 }) }] : []),
    { name: "tracking", spec: trackingChart(tracking, { ...o, model: "BG/NBD" }) },
    { name: "period-transactions", spec: periodTransactionsChart(calibrationModel, calibration, { ...o, model: "BG/NBD" }) },
    { name: "alive-matrix", spec: frequencyRecencyChart({ model: "bg-nbd", params: bg.params }, btydResult, o) },
    { name: "expected-matrix", spec: frequencyRecencyChart({ model: "bg-nbd", params: bg.params }, btydResult, { ...o, metric: "expectedPurchases", t: 52 }) },
    { name: "movement", spec: segmentMovementChart(movement, { ...o, fromDate: data.calibrationEnd, toDate: asOf }) },
    // monetary (net of returns) as the profit: Online Retail has customers with a negative net value
    { name: "whale", spec: whaleCurveChart(whaleCurve(customers, { value: "monetary" }), o) },
    // Selection matrix: neither data set has survey scores of our capability, so recency stands in
    // for it (customers we still serve) against value and frequency as the attractiveness
    {
      name: "selection",
      spec: selectionMatrixChart(
        selectionMatrix(customers, { attractiveness: [{ field: "monetary", weight: 2 }, { field: "frequency" }], capability: [{ field: "recencyDays", direction: "lower" }] }),
        o,
      ),
    },
    // Kaplan–Meier survival (lapse after 90 days without a purchase) by the quarter of the first purchase
    { name: "survival", spec: survivalChart(customerSurvival(columns, { asOf, lostAfterDays: 90, groups: firstQuarter(customers) }), o) },
  ];
}

/**
 * The holdout check with a 90% band of the model's mean per calibration frequency, from parameter
 * uncertainty: the BG/NBD refits of a seeded parametric bootstrap (40 replicates), each giving its own
 * expected holdout purchases per frequency; the band runs from their 5th to 95th percentile (R type 7).
 * Computed once per data set (both languages draw the same numbers).
 */
const bandCache = new Map<string, HoldoutChartRecord[]>();
function holdoutIntervals(key: string, calibration: BtydSummaryCustomer[], frequencies: readonly CalibrationHoldoutRecord[]): HoldoutChartRecord[] {
  const cached = bandCache.get(key);
  if (cached) return cached;
  const { meta } = bootstrapFit("bg-nbd", calibration, { replicates: 40, seed: 16 });
  const perDraw = meta.draws.map((d) => calibrationHoldout({ model: "bg-nbd", params: d as never }, calibration).frequencies);
  const quantile = (v: number[], p: number) => {
    const s = [...v].sort((a, b) => a - b);
    const h = (s.length - 1) * p;
    return s[Math.floor(h)] + (h - Math.floor(h)) * ((s[Math.ceil(h)] ?? s[Math.floor(h)]) - s[Math.floor(h)]);
  };
  const rows = frequencies.map((f, i) => {
    const predicted = perDraw.map((d) => d[i].predicted);
    return { ...f, lower: quantile(predicted, 0.05), upper: quantile(predicted, 0.95) };
  });
  console.log(`${key}: holdout bands from ${meta.converged} of ${meta.replicates} bootstrap refits`);
  bandCache.set(key, rows);
  return rows;
}

/** Each customer's group: the quarter of the first purchase ("1997-Q1"). */
function firstQuarter(customers: readonly { customerId: string; firstPurchase: string }[]): Map<string, string> {
  return new Map(customers.map((c) => [c.customerId, `${c.firstPurchase.slice(0, 4)}-Q${Math.floor((Number(c.firstPurchase.slice(5, 7)) - 1) / 3) + 1}`]));
}

const charts: { name: string; spec: VegaLiteSpec }[] = [];
for (const data of [cdnow, retail]) {
  for (const language of ["en", "zh"] as const) {
    for (const c of chartsOf(data, language)) charts.push({ name: `${data.key}-${c.name}-${language}`, spec: c.spec });
  }
}
// The contractual and discrete-opportunity models on their reference data (Fader & Hardie 2007: the
// "regular" cohort fitted on years 0–7 and projected to 12; the 11,104 donors of Fader, Hardie & Shang 2010).
const csvRows = (file: string) => readFileSync(join(dataDir, file), "utf8").trim().split("\n").slice(1).map((l) => l.split(",").map(Number));
const regular = csvRows("retention/survival_counts.csv").map((r) => r[1]);
const sbgFit = fitSbg({ alive: regular.slice(0, 8) });
const sbgTable = sbgSurvival(sbgFit.params, { alive: regular });
const donors = fitBgBb(csvRows("donations/donations.csv").map(([frequency, recency, n, count]) => ({ frequency, recency, n, count })));
for (const language of ["en", "zh"] as const) {
  charts.push(
    { name: `regular-sbg-survival-${language}`, spec: survivalChart(null, { language, sbg: sbgTable, fittedPeriods: 7 }) },
    { name: `regular-sbg-retention-${language}`, spec: retentionCurveChart(sbgTable, { language, fittedPeriods: 7 }) },
    { name: `donations-bgbb-alive-${language}`, spec: bgBbAliveChart(donors, { language, n: 6 }) },
  );
}
const selected = only.length === 0 ? charts : charts.filter((c) => only.some((w) => c.name.includes(w)));
if (selected.length === 0) fail(`no chart name contains ${only.join(" or ")} (names: ${charts.map((c) => c.name).join(", ")})`);

// ---------------------------------------------------------------------------------------------
// 2. Headless Chromium over the DevTools protocol (src/cli/chromium.ts).
const work = mkdtempSync(join(tmpdir(), "render-charts-"));
const drawn = join(work, "png");
mkdirSync(drawn);
const lib = (p: string) => pathToFileURL(join(root, "node_modules", p)).href;
const page = join(work, "page.html");
writeFileSync(
  page,
  `<!doctype html><html><head><meta charset="utf-8">
<script src="${lib("vega/build/vega.min.js")}"></script>
<script src="${lib("vega-lite/build/vega-lite.min.js")}"></script>
<script src="${lib("vega-embed/build/vega-embed.min.js")}"></script>
<style>body { margin: 0; font-family: sans-serif; background: white; }</style></head>
<body><div id="chart"></div><script>
window.renderChart = async (spec) => {
  const warnings = [];
  const logger = { level() { return logger; }, warn(...a) { warnings.push(a.join(" ")); return logger; },
    error(...a) { warnings.push("error: " + a.join(" ")); return logger; }, info() { return logger; }, debug() { return logger; } };
  const result = await vegaEmbed("#chart", spec, { renderer: "canvas", actions: false, logLevel: vega.Warn, logger });
  const png = await result.view.toImageURL("png", 2);
  result.finalize();
  return { png, warnings, versions: [vega.version, vegaLite.version, vegaEmbed.version] };
};
</script></body></html>`,
);

const browser = await launchChromium({ chromium, args: ["--allow-file-access-from-files"] });
let failure: unknown = null;
try {
  const tab = await browser.open(pathToFileURL(page).href);
  await tab
    .waitFor("typeof window.renderChart === 'function' && typeof vegaEmbed === 'function'", 10_000)
    .catch(() => Promise.reject(new Error("the page did not load vega-embed (check node_modules/vega*, and --allow-file-access-from-files)")));
  if (!(await drawsCjk(tab))) {
    throw new Error(`Chromium draws Chinese text as empty boxes although fc-list lists CJK fonts (${cjkFonts.split("\n")[0]}…); check the font installation`);
  }
  for (const { name, spec } of selected) {
    const { png, warnings, versions } = await tab.evaluate<{ png: string; warnings: string[]; versions: string[] }>(`window.renderChart(${JSON.stringify(spec)})`);
    if (warnings.length > 0) throw new Error(`${name}: vega logged ${warnings.join("; ")}`);
    const bytes = Buffer.from(png.replace(/^data:image\/png;base64,/, ""), "base64");
    writeFileSync(join(drawn, `${name}.png`), bytes);
    console.log(`${name}.png  ${(bytes.length / 1024).toFixed(0)} kB  spec ${(JSON.stringify(spec).length / 1024).toFixed(1)} kB  (vega ${versions[0]}, vega-lite ${versions[1]}, vega-embed ${versions[2]})`);
  }
} catch (error) {
  failure = error;
} finally {
  await browser.close();
}

// ---------------------------------------------------------------------------------------------
// 3. Every image drawn: copy them over the committed ones (a full run also removes stale ones).
if (failure === null) {
  mkdirSync(outDir, { recursive: true });
  const names = new Set(selected.map((c) => `${c.name}.png`));
  if (only.length === 0) for (const f of readdirSync(outDir)) if (f.endsWith(".png") && !names.has(f)) rmSync(join(outDir, f));
  for (const f of names) copyFileSync(join(drawn, f), join(outDir, f));
  console.log(`${names.size} images written to docs/images/charts/`);
}
rmSync(work, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
if (failure !== null) fail(`${failure instanceof Error ? failure.message : String(failure)} (no image was written)`);
