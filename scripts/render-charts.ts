/**
 * Renders the chart images of docs/charts.md from real data (the CDNOW log in examples/data, and the
 * Online Retail II subset in test/fixtures for the cohorts): builds every chart of
 * `crm-analytics/charts`, then draws each spec with vega-embed (vega, vega-lite and vega-embed from
 * node_modules) in headless Chromium, driven over the DevTools protocol on a pipe, and saves
 * docs/images/charts/<name>.png (2× pixel density).
 *
 *   npx tsx scripts/render-charts.ts              # all charts
 *   npx tsx scripts/render-charts.ts pareto rfm   # charts whose name contains one of the words
 *
 * Needs a Chromium or Chrome binary: /usr/bin/chromium, or set CHROMIUM=/path/to/chrome.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gunzipSync } from "node:zlib";
import {
  calibrationHoldout,
  classifyAbc,
  clvQuadrants,
  cohortRetention,
  fitBgNbd,
  fitGammaGamma,
  predictedClv,
  scoreRfm,
  segmentRfm,
  summarizeTransactions,
  toBtydSummary,
} from "../src/index.js";
import { clusterCustomers } from "../src/cluster/index.js";
import { readCsvFixture } from "../test/helpers/csv.js";
import {
  clusterScatter,
  clvQuadrantChart,
  cohortHeatmap,
  holdoutChart,
  paretoChart,
  rfmHeatmap,
  segmentBarChart,
  segmentShareChart,
  type VegaLiteSpec,
} from "../src/charts/index.js";

const root = fileURLToPath(new URL("../", import.meta.url));
const outDir = join(root, "docs/images/charts");

// ---------------------------------------------------------------------------------------------
// 1. Data: the CDNOW transaction log (23,570 customers, 1997-01 … 1998-06), as examples/demo.ts reads it.
const lines = gunzipSync(readFileSync(join(root, "examples/data/CDNOW_master.txt.gz"))).toString("utf8").split(/\r?\n/).slice(1);
const tx = lines
  .filter((l) => l.trim() !== "")
  .map((l) => {
    const [id, day, , amount] = l.trim().split(/\s+/);
    return { customerId: id, date: `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6, 8)}`, amount: Number(amount) };
  });
const asOf = "1998-06-30";
const { customers } = summarizeTransactions(tx, { asOf });
const segments = segmentRfm(customers);
const scores = scoreRfm(customers);
const abcFixed = classifyAbc(customers);
const abcComputed = classifyAbc(customers, { method: "computed" });
// Cohorts: every CDNOW customer joined in 1997-Q1, so the cohort charts use the Online Retail II
// subset in test/fixtures (34,766 real rows of ten countries, 2009-12 … 2011-12).
const retail = readCsvFixture("data/online_retail_II_10country_subset.csv.gz");
const retailOptions = {
  asOf: "2011-12-10",
  onInvalid: "skip" as const, // rows without a customer id
  fields: { customerId: "Customer ID", date: "InvoiceDate", amount: (r: Record<string, string>) => Number(r.Quantity) * Number(r.Price), orderId: "Invoice" },
};
const cohorts = cohortRetention(retail, { ...retailOptions, period: "quarter" });
const monthlyCohorts = cohortRetention(retail, retailOptions);
const clusters = clusterCustomers(customers, { k: 4, seed: 42 });

// Predicted value: BG/NBD + Gamma-Gamma on the whole period, 12 months ahead.
const { customers: btyd } = toBtydSummary(tx, { asOf, period: "week" });
const bg = fitBgNbd(btyd);
// Gamma-Gamma is fitted on repeat buyers with a positive mean spend (as lifetimes does).
const gg = fitGammaGamma(btyd.filter((c) => c.frequency > 0 && c.monetaryValue > 0));
const clv = predictedClv(bg.params, gg.params, btyd, { periodsPerMonth: 4.345, months: 12 });
const clvById = new Map(clv.customers.map((c) => [c.customerId, c.clv]));
const quadrants = clvQuadrants(
  customers.map((c) => ({ customerId: c.customerId, monetary: c.monetary, clv: clvById.get(c.customerId) ?? 0 })),
  { potential: "clv" },
);

// Calibration/holdout: 39 weeks of calibration (to 1997-09-30), 39 weeks of holdout.
const { customers: calibration } = toBtydSummary(tx, { asOf, calibrationEnd: "1997-09-30", period: "week" });
const calibrationFit = fitBgNbd(calibration);
const holdout = calibrationHoldout({ model: "bg-nbd", params: calibrationFit.params }, calibration);

// ---------------------------------------------------------------------------------------------
// 2. Charts.
const charts: { name: string; spec: VegaLiteSpec }[] = [
  { name: "segment-bars", spec: segmentBarChart(segments) },
  { name: "segment-bars-revenue", spec: segmentBarChart(segments, { metric: "revenue", sortBy: "input" }) },
  { name: "segment-shares", spec: segmentShareChart(segments) },
  { name: "segment-bars-zh", spec: segmentBarChart(segments, { language: "zh" }) },
  { name: "rfm-heatmap", spec: rfmHeatmap(scores) },
  { name: "pareto-fixed", spec: paretoChart(abcFixed) },
  { name: "pareto-computed", spec: paretoChart(abcComputed) },
  { name: "clv-quadrants", spec: clvQuadrantChart(quadrants, { scale: "symlog" }) },
  { name: "cohort-retention", spec: cohortHeatmap(cohorts) },
  { name: "cohort-retention-monthly", spec: cohortHeatmap(monthlyCohorts, { labels: false, width: 640, height: 480 }) },
  { name: "clusters", spec: clusterScatter(customers, clusters, { x: "frequency", y: "monetary", xScale: "log", yScale: "symlog" }) },
  { name: "holdout", spec: holdoutChart(holdout, { model: "BG/NBD" }) },
];
const only = process.argv.slice(2);
const selected = only.length === 0 ? charts : charts.filter((c) => only.some((w) => c.name.includes(w)));

// ---------------------------------------------------------------------------------------------
// 3. Headless Chromium over the DevTools protocol (messages are NUL-terminated JSON on fds 3 and 4).
const chromium = process.env.CHROMIUM ?? "/usr/bin/chromium";
const work = mkdtempSync(join(tmpdir(), "render-charts-"));
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

const browser = spawn(
  chromium,
  [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--allow-file-access-from-files",
    `--user-data-dir=${join(work, "profile")}`,
    "--remote-debugging-pipe",
    "about:blank",
  ],
  { stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"] },
);
let stderr = "";
browser.stderr!.on("data", (d) => (stderr += d.toString()));
const toBrowser = browser.stdio[3] as NodeJS.WritableStream;
const fromBrowser = browser.stdio[4] as NodeJS.ReadableStream;
const pending = new Map<number, (msg: { result?: any; error?: { message: string } }) => void>();
let nextId = 0;
let buffer = "";
fromBrowser.on("data", (chunk: Buffer) => {
  buffer += chunk.toString("utf8");
  for (let end = buffer.indexOf("\0"); end >= 0; end = buffer.indexOf("\0")) {
    const msg = JSON.parse(buffer.slice(0, end));
    buffer = buffer.slice(end + 1);
    if (msg.id !== undefined) {
      pending.get(msg.id)?.(msg);
      pending.delete(msg.id);
    }
  }
});
browser.on("exit", (code) => {
  for (const reject of pending.values()) reject({ error: { message: `chromium exited (${code}): ${stderr.slice(-500)}` } });
});
function send(method: string, params: object = {}, sessionId?: string): Promise<any> {
  return new Promise((resolve, reject) => {
    const id = ++nextId;
    pending.set(id, (msg) => (msg.error ? reject(new Error(`${method}: ${msg.error.message}`)) : resolve(msg.result)));
    toBrowser.write(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }) + "\0");
  });
}
async function evaluate(sessionId: string, expression: string): Promise<any> {
  const r = await send("Runtime.evaluate", { expression, awaitPromise: true, returnByValue: true }, sessionId);
  if (r.exceptionDetails) throw new Error(`page: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
  return r.result.value;
}

try {
  const { targetId } = await send("Target.createTarget", { url: "about:blank" });
  const { sessionId } = await send("Target.attachToTarget", { targetId, flatten: true });
  await send("Page.enable", {}, sessionId);
  await send("Page.navigate", { url: pathToFileURL(page).href }, sessionId);
  for (let i = 0; ; i++) {
    if (await evaluate(sessionId, "typeof window.renderChart === 'function' && typeof vegaEmbed === 'function'")) break;
    if (i > 100) throw new Error("the page did not load vega-embed (check node_modules/vega*, and --allow-file-access-from-files)");
    await new Promise((r) => setTimeout(r, 100));
  }
  mkdirSync(outDir, { recursive: true });
  for (const { name, spec } of selected) {
    const { png, warnings, versions } = await evaluate(sessionId, `window.renderChart(${JSON.stringify(spec)})`);
    if (warnings.length > 0) throw new Error(`${name}: vega logged ${warnings.join("; ")}`);
    const bytes = Buffer.from(png.replace(/^data:image\/png;base64,/, ""), "base64");
    writeFileSync(join(outDir, `${name}.png`), bytes);
    console.log(`docs/images/charts/${name}.png  ${(bytes.length / 1024).toFixed(0)} kB  spec ${(JSON.stringify(spec).length / 1024).toFixed(1)} kB  (vega ${versions[0]}, vega-lite ${versions[1]}, vega-embed ${versions[2]})`);
  }
  await send("Browser.close").catch(() => undefined);
} finally {
  // Let Chromium finish writing its profile before removing it.
  const exited = new Promise((resolve) => (browser.exitCode !== null ? resolve(null) : browser.once("exit", resolve)));
  const timer = setTimeout(() => browser.kill(), 5000);
  await exited;
  clearTimeout(timer);
  rmSync(work, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
}
