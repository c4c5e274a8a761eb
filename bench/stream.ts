/**
 * Streamed summaries at scale: a log of `--rows` rows over `--customers` customers is generated batch by
 * batch (`--batch` rows each, the same typed arrays refilled) and fed to `createTransactionSummarizer`,
 * then `scoreRfm` scores the summary columns. The log is never held whole, so memory is what the
 * summariser keeps per customer (and per order with `--orders`), plus one batch.
 *
 *   flock /tmp/h16/bench.lock node --expose-gc --import tsx bench/stream.ts --rows 100m --customers 1m
 *   node --expose-gc --import tsx bench/stream.ts --rows 10m,50m,100m        (one child process per size)
 *
 * No `--max-old-space-size`: the point is Node's default heap. The data follow bench/generate.ts in
 * distribution (Gamma(0.5) customer weights, every customer at least once, 1–3 lines per order with
 * 60/25/15 %, days uniform over 2021..2023, lognormal amounts in cents) but come from a per-batch
 * generator (alias-table draws), so the rows differ from generate.ts's for the same sizes.
 * Ids are dictionary-coded: one customer dictionary (`C0001234`) passed with every batch; with
 * `--orders`, order ids are numbers in one dictionary that grows by appending (as a CSV reader would
 * build it), passed with every batch.
 *
 * Prints one `STREAM_RESULT <json>` line per size: seconds generating (not in the totals), adding,
 * finishing and scoring; µs per row for the summaries; peak RSS; the heap limit.
 */
import { spawnSync } from "node:child_process";
import { getHeapStatistics } from "node:v8";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { createTransactionSummarizer, scoreRfm } from "../src/index.js";
import { mulberry32 } from "../src/internal/random.js";

const FIRST_DAY = 18_628; // 2021-01-01
const DAYS = 1095; // .. 2023-12-31
const AS_OF = "2023-12-31";

function parseCount(s: string): number {
  const m = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(s.trim());
  if (!m) throw new Error(`bad count "${s}"`);
  return Math.round(Number(m[1]) * (m[2].toLowerCase() === "m" ? 1e6 : m[2].toLowerCase() === "k" ? 1e3 : 1));
}

/** Vose alias table over `weights`: draws an index in O(1). */
function aliasTable(weights: Float64Array): { prob: Float64Array; alias: Int32Array } {
  const n = weights.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += weights[i];
  const prob = new Float64Array(n);
  const alias = new Int32Array(n);
  const scaled = new Float64Array(n);
  const small = new Int32Array(n);
  const large = new Int32Array(n);
  let ns = 0;
  let nl = 0;
  for (let i = 0; i < n; i++) {
    scaled[i] = (weights[i] * n) / total;
    if (scaled[i] < 1) small[ns++] = i;
    else large[nl++] = i;
  }
  while (ns > 0 && nl > 0) {
    const s = small[--ns];
    const l = large[--nl];
    prob[s] = scaled[s];
    alias[s] = l;
    scaled[l] = scaled[l] + scaled[s] - 1;
    if (scaled[l] < 1) small[ns++] = l;
    else large[nl++] = l;
  }
  while (nl > 0) prob[large[--nl]] = 1;
  while (ns > 0) prob[small[--ns]] = 1;
  return { prob, alias };
}

interface Result {
  rows: number;
  customers: number;
  batch: number;
  orders: boolean;
  generateSeconds: number;
  addSeconds: number;
  finishSeconds: number;
  scoreSeconds: number;
  summaryMicrosPerRow: number;
  totalMicrosPerRow: number;
  maxRssMB: number;
  heapUsedAfterMB: number;
  heapLimitMB: number;
  load1: number;
}

function run(rows: number, nCustomers: number, batch: number, withOrders: boolean): Result {
  const rand = mulberry32(20240601);
  const normal = (): number => {
    let u = rand();
    while (u === 0) u = rand();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
  };
  const weights = new Float64Array(nCustomers);
  for (let c = 0; c < nCustomers; c++) {
    const z = normal();
    weights[c] = (z * z) / 2 + 1e-12; // Gamma(0.5, 1)
  }
  const { prob, alias } = aliasTable(weights);
  const dictionary: string[] = new Array(nCustomers);
  for (let c = 0; c < nCustomers; c++) dictionary[c] = `C${String(c).padStart(7, "0")}`;
  const orderDictionary: number[] = [];

  const codes = new Int32Array(batch);
  const day = new Int32Array(batch);
  const amount = new Float64Array(batch);
  const orderCodes = new Int32Array(batch);
  // the current order: lines left, its customer, day and code
  let left = 0;
  let oc = 0;
  let od = 0;
  let oo = -1;
  let firstPass = 0; // customers given their guaranteed first order so far

  const s = createTransactionSummarizer({ asOf: AS_OF, output: "columns" });
  let generateMs = 0;
  let addMs = 0;
  for (let start = 0; start < rows; start += batch) {
    const m = Math.min(batch, rows - start);
    const g0 = performance.now();
    for (let i = 0; i < m; i++) {
      if (left === 0) {
        const u = rand();
        left = Math.min(u < 0.6 ? 1 : u < 0.85 ? 2 : 3, rows - start - i);
        if (firstPass < nCustomers) oc = firstPass++;
        else {
          const k = Math.floor(rand() * nCustomers);
          oc = rand() < prob[k] ? k : alias[k];
        }
        od = FIRST_DAY + Math.floor(rand() * DAYS);
        oo++;
        if (withOrders) orderDictionary.push(oo);
      }
      left--;
      codes[i] = oc;
      day[i] = od;
      amount[i] = Math.round(Math.exp(3.5 + normal()) * 100) / 100;
      orderCodes[i] = oo;
    }
    const a0 = performance.now();
    const view = m === batch ? null : m;
    s.add({
      customerId: { codes: view === null ? codes : codes.subarray(0, m), dictionary },
      date: view === null ? day : day.subarray(0, m),
      amount: view === null ? amount : amount.subarray(0, m),
      ...(withOrders ? { orderId: { codes: view === null ? orderCodes : orderCodes.subarray(0, m), dictionary: orderDictionary } } : {}),
    });
    const a1 = performance.now();
    generateMs += a0 - g0;
    addMs += a1 - a0;
  }
  if (firstPass < nCustomers) throw new Error(`only ${firstPass} of ${nCustomers} customers got an order: more rows needed`);
  const f0 = performance.now();
  const summary = s.finish();
  const f1 = performance.now();
  const scores = scoreRfm(summary.columns, { output: "columns" });
  const f2 = performance.now();
  if (summary.meta.customers !== nCustomers || summary.meta.input.rowsUsed !== rows || scores.columns.r.length !== nCustomers) {
    throw new Error(`expected ${nCustomers} customers and ${rows} rows, got ${summary.meta.customers} and ${summary.meta.input.rowsUsed}`);
  }
  const sec = (ms: number): number => ms / 1000;
  return {
    rows,
    customers: nCustomers,
    batch,
    orders: withOrders,
    generateSeconds: sec(generateMs),
    addSeconds: sec(addMs),
    finishSeconds: sec(f1 - f0),
    scoreSeconds: sec(f2 - f1),
    summaryMicrosPerRow: ((addMs + f1 - f0) * 1000) / rows,
    totalMicrosPerRow: ((addMs + f2 - f0) * 1000) / rows,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    heapUsedAfterMB: process.memoryUsage().heapUsed / 1048576,
    heapLimitMB: getHeapStatistics().heap_size_limit / 1048576,
    load1: loadavg()[0],
  };
}

const args = process.argv.slice(2);
const flag = (name: string, fallback: string): string => {
  const k = args.indexOf(name);
  return k >= 0 && args[k + 1] !== undefined ? args[k + 1] : fallback;
};
const sizes = flag("--rows", "10m").split(",").map(parseCount);
const customers = parseCount(flag("--customers", "1m"));
const batch = parseCount(flag("--batch", "1m"));
const withOrders = args.includes("--orders");

if (sizes.length > 1) {
  // one child process per size, so each peak RSS is its own
  for (const n of sizes) {
    const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), "--rows", String(n), "--customers", String(customers), "--batch", String(batch), ...(withOrders ? ["--orders"] : [])], { stdio: "inherit" });
    if (child.status !== 0) process.stdout.write(`STREAM_FAILED rows=${n} status=${child.status} signal=${child.signal}\n`);
  }
} else {
  // warm-up on a small stream of the same shape
  for (let k = 0; k < 3; k++) run(400_000, 20_000, 50_000, withOrders);
  (globalThis as { gc?: () => void }).gc?.();
  const r = run(sizes[0], customers, batch, withOrders);
  process.stdout.write(`STREAM_RESULT ${JSON.stringify(r)}\n`);
  process.stderr.write(
    `  ${r.rows / 1e6}M rows, ${r.customers / 1e6}M customers${r.orders ? ", orders" : ""}: summaries ${(r.addSeconds + r.finishSeconds).toFixed(2)} s ` +
      `(${r.summaryMicrosPerRow.toFixed(3)} µs/row), scores ${r.scoreSeconds.toFixed(2)} s, generating ${r.generateSeconds.toFixed(1)} s (not counted); ` +
      `peak RSS ${r.maxRssMB.toFixed(0)} MB, heap limit ${r.heapLimitMB.toFixed(0)} MB, load ${r.load1.toFixed(2)}\n`,
  );
}
