/**
 * One benchmark case, meant to run in its own process (see bench/run.ts) so that its peak RSS is its own:
 *
 *   node --max-old-space-size=8192 --expose-gc --import tsx bench/case.ts <shape> <size> [runs]
 *
 * shape: `records` | `columns` | `columns-noorder`; size: `1m` (1M rows, 100k customers) or `10m`
 * (10M rows, 1M customers), or `<rows>x<customers>` such as `200000x20000`.
 *
 * Steps: warm-up on a small input of the same shape (20k rows, 10 passes, not timed), generate the input (not
 * timed in the results, reported separately), then `runs` timed passes of
 * `summarizeTransactions(input, { asOf })` followed by `scoreRfm(customers)` for records; for the column
 * shapes the fast lane end to end, `output: "columns"` for both (no object per customer). `gc()` runs before each
 * pass (when exposed) so no pass pays for the previous one's garbage. Prints one line
 * `BENCH_RESULT <json>` on stdout; progress goes to stderr.
 */
import { scoreRfm, summarizeTransactions } from "../src/index.js";
import { parseSize, SHAPES, type CaseResult, type Shape } from "./cases.js";
import { AS_OF, generateColumns, generateRecords, type GenerateSpec } from "./generate.js";

const MB = 1024 * 1024;
const maxRssMB = (): number => process.resourceUsage().maxRSS / 1024;
const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const log = (msg: string): void => void process.stderr.write(`  [${msg}]\n`);

function makeInput(shape: Shape, spec: GenerateSpec): unknown {
  if (shape === "records") return generateRecords(spec);
  return generateColumns(spec, shape === "columns");
}

/** One pass: records in, records out; columns in, columns out (the fast lane: no object per customer). */
function pass(input: unknown, columnar: boolean): { summary: number; score: number; customers: number; orders: number; rows: number } {
  if (columnar) {
    const t0 = performance.now();
    const { columns, meta } = summarizeTransactions(input as never, { asOf: AS_OF, output: "columns" });
    const t1 = performance.now();
    const scores = scoreRfm(columns, { output: "columns" });
    const t2 = performance.now();
    const n = columns.customerId.length;
    if (scores.columns.r.length !== n) throw new Error("scoreRfm returned a different number of customers");
    let orders = 0;
    for (let i = 0; i < n; i++) orders += columns.frequency[i];
    return { summary: (t1 - t0) / 1000, score: (t2 - t1) / 1000, customers: n, orders, rows: meta.input.rowsUsed };
  }
  const t0 = performance.now();
  const { customers, meta } = summarizeTransactions(input as never, { asOf: AS_OF });
  const t1 = performance.now();
  const { customers: scores } = scoreRfm(customers);
  const t2 = performance.now();
  if (scores.length !== customers.length) throw new Error("scoreRfm returned a different number of customers");
  const orders = customers.reduce((s, c) => s + c.frequency, 0);
  return { summary: (t1 - t0) / 1000, score: (t2 - t1) / 1000, customers: customers.length, orders, rows: meta.input.rowsUsed };
}

function runCase(shape: Shape, size: string, runs: number): CaseResult {
  const spec = parseSize(size);
  // Warm-up: a small input of the same shape, so the timed passes run optimised code.
  const warm = makeInput(shape, { nTransactions: 20_000, nCustomers: 2_000, seed: 1 });
  for (let i = 0; i < 10; i++) pass(warm, shape !== "records");
  gc();
  const maxRssAfterWarmupMB = maxRssMB();

  log(`${shape} ${size}: generating ${spec.nTransactions} rows, ${spec.nCustomers} customers`);
  const g0 = performance.now();
  const input = makeInput(shape, spec);
  const generateSeconds = (performance.now() - g0) / 1000;
  gc();
  const maxRssAfterGenerateMB = maxRssMB();
  const mem = process.memoryUsage();
  const rssInputMB = mem.rss / MB;
  const heapUsedInputMB = mem.heapUsed / MB;
  log(`generated in ${generateSeconds.toFixed(1)} s, rss ${rssInputMB.toFixed(0)} MB`);

  const summarySeconds: number[] = [];
  const scoreSeconds: number[] = [];
  const totalSeconds: number[] = [];
  let customers = 0;
  let orders = 0;
  for (let r = 0; r < runs; r++) {
    gc();
    const p = pass(input, shape !== "records");
    if (p.rows !== spec.nTransactions) throw new Error(`only ${p.rows} of ${spec.nTransactions} rows used`);
    customers = p.customers;
    orders = p.orders;
    summarySeconds.push(p.summary);
    scoreSeconds.push(p.score);
    totalSeconds.push(p.summary + p.score);
    log(`run ${r + 1}/${runs}: summaries ${p.summary.toFixed(3)} s, scores ${p.score.toFixed(3)} s`);
  }
  if (customers !== spec.nCustomers) throw new Error(`expected ${spec.nCustomers} customers, got ${customers}`);
  return {
    shape,
    size,
    transactions: spec.nTransactions,
    customers,
    orders,
    runs,
    summarySeconds,
    scoreSeconds,
    totalSeconds,
    generateSeconds,
    maxRssAfterWarmupMB,
    maxRssAfterGenerateMB,
    maxRssMB: maxRssMB(),
    rssInputMB,
    heapUsedInputMB,
  };
}

const [shape, size, runsArg] = process.argv.slice(2);
if (!SHAPES.includes(shape as Shape) || size === undefined) {
  process.stderr.write(`usage: node --expose-gc --import tsx bench/case.ts <${SHAPES.join("|")}> <1m|10m|RxC> [runs]\n`);
  process.exit(2);
}
const result = runCase(shape as Shape, size, runsArg ? Number(runsArg) : 3);
process.stdout.write(`BENCH_RESULT ${JSON.stringify(result)}\n`);
