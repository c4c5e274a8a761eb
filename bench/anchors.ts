/**
 * The anchors of `npm run bench` for one size, in its own process (see bench/run.ts):
 *
 *   node --max-old-space-size=8192 --expose-gc --import tsx bench/anchors.ts <size> <runs> [duckdb,pandas]
 *
 * The same log as the library's cases (`generateColumns` of bench/generate.ts, same seed) is generated
 * and loaded before any timing:
 *
 * - **DuckDB** (`@duckdb/node-api`, in-process, in memory): a table `transactions(customer_id VARCHAR,
 *   order_date DATE, amount DECIMAL(18, 2), order_id VARCHAR)` holding the generator's ids (`C0001234`,
 *   `O000012345`), days and amounts. Timed: the library's own SQL emitters, `summarySql` and
 *   `rfmScoresSql` (dialect duckdb, default quintiles), each materialised inside DuckDB
 *   (`CREATE OR REPLACE TABLE ... AS`), with `orderId` mapped (frequency = `count(DISTINCT order_id)`)
 *   and without (frequency = rows), at `SET threads = 1` and `SET threads = 2`, interleaved per run.
 *   `rfmScoresSql` computes the summaries and the scores in one query: it is the anchor of the library's
 *   summaries + scores.
 * - **pandas** (bench/anchors_pandas.py, run by /usr/bin/python3 when it imports pandas; skipped with the
 *   reason otherwise): the same columns as a DataFrame with customer and order ids as categoricals
 *   (`Categorical.from_codes`) and as object strings; timed `groupby(...).agg(min/max day, sum amount,
 *   nunique order or size)` plus the derived fields, then `qcut(..., 5, labels=False, duplicates="drop")`
 *   of recency, frequency and monetary.
 *
 * Prints one line `ANCHOR_RESULT <json>` (see {@link AnchorResult}); progress goes to stderr.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DOUBLE, DuckDBDataChunk, DuckDBInstance, INTEGER } from "@duckdb/node-api";
import { rfmScoresSql, summarySql, type TransactionSqlOptions } from "../src/sql/index.js";
import { parseSize, type AnchorResult, type AnchorTimes } from "./cases.js";
import { AS_OF, generateColumns } from "./generate.js";

export const PYTHON = "/usr/bin/python3";
const log = (msg: string): void => void process.stderr.write(`  [${msg}]\n`);
const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const since = (t: number): number => (performance.now() - t) / 1000;

const [size, runsArg, whichArg] = process.argv.slice(2);
if (size === undefined) {
  process.stderr.write("usage: node --import tsx bench/anchors.ts <1m|10m|RxC> [runs] [duckdb,pandas]\n");
  process.exit(2);
}
const spec = parseSize(size);
const runs = runsArg ? Number(runsArg) : 3;
const which = new Set((whichArg ?? "duckdb,pandas").split(","));
const warmUp = spec.nTransactions <= 2_000_000;

log(`anchors ${size}: generating ${spec.nTransactions} rows, ${spec.nCustomers} customers`);
const g0 = performance.now();
const cols = generateColumns(spec, true);
const order = cols.orderId!;
log(`generated in ${since(g0).toFixed(1)} s`);

const result: AnchorResult = { size, transactions: spec.nTransactions, customers: spec.nCustomers, runs, duckdb: null, pandas: null, skipped: {} };

async function duckdb(): Promise<void> {
  const instance = await DuckDBInstance.create(":memory:");
  const conn = await instance.connect();
  const version = (await conn.runAndReadAll("SELECT version() AS v")).getRowObjectsJS()[0].v;
  let t = performance.now();
  // Load the numeric columns in 2,048-row chunks, then build the table with the generator's id strings.
  await conn.run("CREATE TABLE raw (c INTEGER, d INTEGER, a DOUBLE, o INTEGER)");
  const appender = await conn.createAppender("raw");
  const step = 2048;
  const n = spec.nTransactions;
  for (let start = 0; start < n; start += step) {
    const end = Math.min(n, start + step);
    const chunk = DuckDBDataChunk.create([INTEGER, INTEGER, DOUBLE, INTEGER], end - start);
    chunk.setColumnValues(0, Array.from(cols.customerId.codes.subarray(start, end)));
    chunk.setColumnValues(1, Array.from(cols.date.subarray(start, end)));
    chunk.setColumnValues(2, Array.from(cols.amount.subarray(start, end)));
    chunk.setColumnValues(3, Array.from(order.codes.subarray(start, end)));
    appender.appendDataChunk(chunk);
  }
  appender.closeSync();
  await conn.run(
    `CREATE TABLE transactions AS SELECT
       'C' || lpad(CAST(c AS VARCHAR), 7, '0') AS customer_id,
       CAST(DATE '1970-01-01' + d AS DATE) AS order_date,
       CAST(round(a, 2) AS DECIMAL(18, 2)) AS amount,
       'O' || lpad(CAST(o AS VARCHAR), 9, '0') AS order_id
     FROM raw`,
  );
  await conn.run("DROP TABLE raw");
  const loadSeconds = since(t);
  log(`DuckDB ${version}: loaded in ${loadSeconds.toFixed(1)} s`);
  // The table holds the generator's data: same customers, rows and amounts.
  const check = (
    await conn.runAndReadAll(
      "SELECT count(*) AS n, count(DISTINCT customer_id) AS c, CAST(sum(amount) AS DOUBLE) AS s, min(order_date)::VARCHAR AS lo, max(order_date)::VARCHAR AS hi FROM transactions",
    )
  ).getRowObjectsJS()[0];
  let sum = 0;
  for (let i = 0; i < n; i++) sum += cols.amount[i];
  if (Number(check.n) !== n || Number(check.c) !== spec.nCustomers || Math.abs(Number(check.s) - sum) > 1e-6 * sum || String(check.lo) !== "2021-01-01" || String(check.hi) > AS_OF) {
    throw new Error(`DuckDB table differs from the generated log: ${JSON.stringify(check)}`);
  }

  const times: Record<string, AnchorTimes> = {};
  const queries: [string, boolean][] = [
    ["orders", true],
    ["noorder", false],
  ];
  const built = queries.map(([name, withOrders]) => {
    const base: TransactionSqlOptions = {
      dialect: "duckdb",
      table: "transactions",
      columns: { customerId: "customer_id", date: "order_date", amount: "amount", ...(withOrders ? { orderId: "order_id" } : {}) },
      asOf: AS_OF,
    };
    const summary = summarySql(base);
    const scores = rfmScoresSql(base);
    return { name, summary, scores };
  });
  const values = (q: { params: { value: unknown }[] }): never => q.params.map((p) => p.value) as never;
  const threads = [1, 2];
  for (const { name } of built) for (const th of threads) times[`${name}/${th}`] = { summary: [], scores: [] };
  // Warm-up, always (at 10M rows the first query on a fresh table took up to twice as long as the next):
  // each scores query once at 2 threads; at most 2M rows, the summaries too.
  for (const { summary, scores } of built) {
    if (warmUp) await conn.run(`CREATE OR REPLACE TABLE s AS ${summary.sql}`, values(summary));
    await conn.run(`CREATE OR REPLACE TABLE r AS ${scores.sql}`, values(scores));
  }
  for (let r = 0; r < runs; r++) {
    for (const { name, summary, scores } of built) {
      for (const th of threads) {
        await conn.run(`SET threads = ${th}`);
        t = performance.now();
        await conn.run(`CREATE OR REPLACE TABLE s AS ${summary.sql}`, values(summary));
        const s = since(t);
        t = performance.now();
        await conn.run(`CREATE OR REPLACE TABLE r AS ${scores.sql}`, values(scores));
        const sc = since(t);
        times[`${name}/${th}`].summary.push(s);
        times[`${name}/${th}`].scores.push(sc);
        log(`DuckDB run ${r + 1}/${runs}, ${name}, ${th} thread(s): summarySql ${s.toFixed(3)} s, rfmScoresSql ${sc.toFixed(3)} s`);
      }
    }
  }
  const count = (await conn.runAndReadAll("SELECT count(*) AS n FROM r")).getRowObjectsJS()[0].n;
  if (Number(count) !== spec.nCustomers) throw new Error(`rfmScoresSql gave ${count} customers, expected ${spec.nCustomers}`);
  conn.closeSync();
  instance.closeSync();
  result.duckdb = { version: String(version), loadSeconds, times };
}

function pandas(): void {
  const probe = spawnSync(PYTHON, ["-c", "import pandas, numpy; print(pandas.__version__)"], { encoding: "utf8" });
  if (probe.status !== 0) {
    result.skipped.pandas = `${PYTHON} has no pandas (apt-get install python3-pandas)`;
    log(`pandas: skipped (${result.skipped.pandas})`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), "crm-anchors-"));
  try {
    const write = (name: string, a: ArrayBufferView): void => writeFileSync(join(dir, name), new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
    write("customer.i32", cols.customerId.codes);
    write("day.i32", cols.date);
    write("amount.f64", cols.amount);
    write("order.i32", order.codes);
    const asOfDay = Date.parse(`${AS_OF}T00:00:00Z`) / 86_400_000;
    const args = [join("bench", "anchors_pandas.py"), dir, String(spec.nTransactions), String(spec.nCustomers), String(order.dictionary.length), String(asOfDay), String(runs), warmUp ? "1" : "0"];
    log(`pandas ${probe.stdout.trim()}: ${PYTHON} ${args.join(" ")}`);
    const run = spawnSync(PYTHON, args, { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 1 << 24 });
    if (run.status !== 0) {
      result.skipped.pandas = `failed (exit ${run.status ?? run.signal})`;
      return;
    }
    const line = run.stdout.split("\n").find((l) => l.startsWith("PANDAS_RESULT "));
    if (!line) throw new Error(`anchors_pandas.py printed no result:\n${run.stdout}`);
    const out = JSON.parse(line.slice("PANDAS_RESULT ".length)) as { version: string; customers: number; times: Record<string, AnchorTimes> };
    if (out.customers !== spec.nCustomers) throw new Error(`pandas gave ${out.customers} customers, expected ${spec.nCustomers}`);
    result.pandas = { version: out.version, times: out.times };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (which.has("pandas")) pandas();
else result.skipped.pandas = "not asked for (--anchors)";
gc();
if (which.has("duckdb")) await duckdb();
else result.skipped.duckdb = "not asked for (--anchors)";
process.stdout.write(`ANCHOR_RESULT ${JSON.stringify(result)}\n`);
