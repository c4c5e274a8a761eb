/**
 * The warehouse workflow on a generated table in DuckDB (one thread), from raw transactions to
 * per-customer CLV without reading per-customer rows into JavaScript:
 *   node --max-old-space-size=8192 --import tsx bench/warehouse.ts [rows] [runs] [flags]
 * (default 10,000,000 rows, 3 runs). Flags:
 *   --sql-only          only the SQL comparison (summary and triples, emitted vs hand-written) and the
 *                       BG/NBD fit on the triples; no Gamma-Gamma, no predictions (for 100M rows)
 *   --db <file>         keep the generated table in a DuckDB file and reuse it on the next invocation
 *                       with the same row count (default: an in-memory database)
 *   --memory <limit>    DuckDB memory_limit (default 8GB); --temp <dir> its spill directory
 *                       (default /tmp/crm-analytics-warehouse-spill)
 *   --days              recency and T as days / 7 instead of whole weeks (the bench's former mode)
 * Run it under the shared lock on a shared machine: `nice -n 10 flock /tmp/h16/bench.lock node ...`.
 *
 * The table is generated inside DuckDB (no CSV) by the BG/NBD process itself, so the data has churn
 * and BG/NBD is identifiable: customer k has a first purchase day uniform over the first 1,000 of
 * the 1,100 days from 2021-01-01, a purchase rate λ ~ Gamma(2, 40 days) (heavy and light buyers), a
 * dropout probability p ~ Beta(1, 2.5) after each repeat purchase; repeat purchases are a Poisson
 * process at rate λ until the dropout (at most 400) or the end of the window; a purchase is 1–4 rows
 * (order lines) of 0.00..199.99, one row in 50 a refund of a line. Random numbers are `hash` of the
 * customer and purchase numbers, so a customer's rows do not depend on the table size; the customer
 * count is set from a pilot of 200,000 customers so that the table has about `rows` rows.
 * Then, per run (the order of emitted and hand-written alternates between runs):
 * 1. `btydSummarySql` materialised as a table and `btydTriplesSql` read into JS (the triples only), against
 *    a hand-written GROUP BY of the same aggregates (purchase weeks via date_trunc, first/last week,
 *    repeat-week mean, refunds netted; doubles, no checks), also materialised / read: the ratio is the
 *    cost of the emitted SQL's exact decimals and checks. Whole weeks (`wholePeriods: true`, Monday),
 *    so the triples are bounded by the window;
 * 2. `fitBgNbd` on the triples (weighted by `count`); without --sql-only also `fitGammaGamma` on the
 *    `byMonetaryValue` groups;
 * 3. without --sql-only, `btydPredictionsSql` on the stored summary: P(alive), expected purchases in 4
 *    weeks and 12-month CLV joined back to every customer, materialised as a table.
 * The first run checks that the emitted and hand-written triples are the same rows.
 */
import { existsSync, mkdirSync } from "node:fs";
import { loadavg } from "node:os";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { fitBgNbd, fitGammaGamma, type BtydCustomer } from "../src/models/index.js";
import { btydPredictionsSql, btydSummarySql, btydTriplesSql, type SqlQuery } from "../src/sql/index.js";

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const positional = args.filter((a, i) => !a.startsWith("--") && !["--db", "--memory", "--temp"].includes(args[i - 1]));
const rows = Number(positional[0] ?? 10_000_000);
const runs = Number(positional[1] ?? 3);
const sqlOnly = flag("--sql-only");
const wholeWeeks = !flag("--days");
const dbFile = option("--db", ":memory:");
const memory = option("--memory", "8GB");
const temp = option("--temp", "/tmp/crm-analytics-warehouse-spill");
const AS_OF = "2024-01-05"; // 2021-01-01 + 1,099 days: the last day of the window
const GENERATOR = "bgnbd-v1"; // the generator below; a stored table of another version is regenerated
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const s = (ms: number) => (ms / 1000).toFixed(2);
const load = () => loadavg().map((l) => l.toFixed(2)).join(" ");
const n = (x: number | bigint) => Number(x).toLocaleString("en-US");

/** CPU time (user + system, every thread of the process) of the last `timed` call, in ms. */
let lastCpu = 0;
/** Wall time in ms; the process's CPU time goes to `lastCpu` (less sensitive to other processes' load). */
async function timed<T>(f: () => Promise<T> | T): Promise<[T, number]> {
  const c = process.cpuUsage();
  const t = performance.now();
  const v = await f();
  const ms = performance.now() - t;
  const used = process.cpuUsage(c);
  lastCpu = (used.user + used.system) / 1000;
  return [v, ms];
}

const rowsOf = async (conn: DuckDBConnection, q: SqlQuery) => (await conn.runAndReadAll(q.sql, q.params.map((p) => p.value))).getRowObjectsJS() as Record<string, number>[];
const one = async (conn: DuckDBConnection, sql: string) => (await conn.runAndReadAll(sql)).getRowObjectsJS()[0] as Record<string, unknown>;
const inlineSql = (q: SqlQuery) => {
  if (q.params.length > 0) throw new Error("expected an inline query");
  return q.sql;
};

// ---------------------------------------------------------------- the generator (BG/NBD with churn)

/** A uniform double in (0, 1) from `hash` of an integer expression. */
const U = (x: string) => `((CAST(hash(${x}) >> 11 AS DOUBLE) + 0.5) / 9007199254740992.0)`;
/** Transactions of customers [0, customers): see the file comment. */
const generatorSql = (table: string, customers: number) => `CREATE OR REPLACE TABLE ${table} AS
WITH c AS (
  SELECT k,
    CAST(FLOOR(${U("k * 8 + 1")} * 1000) AS INTEGER) AS f,
    (-ln(${U("k * 8 + 2")}) - ln(${U("k * 8 + 3")})) / 40 AS rate,
    1 - pow(${U("k * 8 + 4")}, 1.0 / 2.5) AS p
  FROM range(${customers}) AS t(k)
), d AS (
  SELECT k, f, rate, CAST(LEAST(400, 1 + FLOOR(ln(${U("k * 8 + 5")}) / ln(1 - p))) AS BIGINT) AS dies FROM c
), j AS (
  SELECT k, f, rate, unnest(range(dies + 1)) AS j FROM d
), t AS (
  SELECT k, j, f + SUM(CASE WHEN j = 0 THEN 0 ELSE -ln(${U("k * 1000003 + j")}) / rate END) OVER (PARTITION BY k ORDER BY j) AS t FROM j
), p AS (
  SELECT k, j, CAST(FLOOR(t) AS INTEGER) AS day FROM t WHERE t < 1100
)
SELECT 'c' || CAST(k AS VARCHAR) AS customer_id, DATE '2021-01-01' + day AS ordered_at,
  CASE WHEN hash(k * 7919 + j * 31 + line) % 50 = 0 THEN -CAST(hash(k * 13 + j * 17 + line) % 20000 AS DOUBLE) / 100
       ELSE CAST(hash(k * 31 + j * 7 + line) % 20000 AS DOUBLE) / 100 END AS amount
FROM (SELECT k, j, day, unnest(range(1 + CAST(hash(k * 5 + j * 3) % 4 AS BIGINT))) AS line FROM p)`;

// ---------------------------------------------------------------- the hand-written queries

// The same aggregates written by hand as an analyst would: doubles, no NULL/asOf checks; whole weeks
// by date_trunc('week') (Monday weeks, as wholePeriods' default), or days / 7 with --days.
const unitOf = (col: string) => (wholeWeeks ? `date_trunc('week', ${col})` : col);
const spanOf = (from: string, to: string) => (wholeWeeks ? `date_diff('day', ${from}, ${to}) // 7` : `date_diff('day', ${from}, ${to}) / 7.0`);
const HAND_SUMMARY = `
WITH days AS (
  SELECT customer_id, ${unitOf("ordered_at")} AS day, SUM(amount) AS total
  FROM tx WHERE amount >= 0 GROUP BY customer_id, ${unitOf("ordered_at")}
), refunds AS (
  SELECT customer_id, SUM(amount) AS refunds FROM tx WHERE amount < 0 GROUP BY customer_id
), firsts AS (
  SELECT customer_id, day, total, MIN(day) OVER (PARTITION BY customer_id) AS first_day FROM days
), c AS (
  SELECT customer_id, COUNT(*) - 1 AS frequency, MIN(day) AS first_day, MAX(day) AS last_day, SUM(total) AS gross,
    COALESCE(SUM(CASE WHEN day > first_day THEN total END), 0) AS repeat_total
  FROM firsts GROUP BY customer_id
)
SELECT c.customer_id, c.frequency,
  ${spanOf("c.first_day", "c.last_day")} AS recency,
  ${spanOf("c.first_day", unitOf(`DATE '${AS_OF}'`))} AS T,
  CASE WHEN c.frequency = 0 THEN 0
       WHEN COALESCE(r.refunds, 0) >= 0 THEN c.repeat_total / c.frequency
       WHEN c.gross + r.refunds <= 0 THEN 0
       ELSE c.repeat_total / c.frequency * ((c.gross + r.refunds) / c.gross) END AS monetary_value,
  c.gross + COALESCE(r.refunds, 0) AS net
FROM c LEFT JOIN refunds AS r USING (customer_id)`;
const HAND_TRIPLES = `WITH s AS (${HAND_SUMMARY})
SELECT frequency, recency, T, COUNT(*) AS count, SUM(monetary_value) AS monetaryValueSum, SUM(net) AS spend
FROM s GROUP BY frequency, recency, T ORDER BY frequency, recency, T`;

// ---------------------------------------------------------------- setup

mkdirSync(temp, { recursive: true });
const instance = await DuckDBInstance.create(dbFile, { threads: "2", memory_limit: memory, temp_directory: temp, preserve_insertion_order: "false" });
const conn = await instance.connect();
console.log(`bench/warehouse.ts ${args.join(" ")}: ${wholeWeeks ? "whole weeks (wholePeriods: true)" : "weeks as days / 7"}${sqlOnly ? ", SQL comparison and BG/NBD fit only" : ""}; database ${dbFile}, memory_limit ${memory}, spill ${temp}; load average ${load()}`);
const stored = dbFile !== ":memory:" && existsSync(dbFile) ? await one(conn, `SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_name = 'gen_info'`) : { n: 0 };
const info = Number(stored.n) > 0 ? await one(conn, "SELECT target, generator, customers FROM gen_info") : null;
let customers: number;
if (info && Number(info.target) === rows && info.generator === GENERATOR) {
  customers = Number(info.customers);
  console.log(`reusing the generated table of ${dbFile}`);
} else {
  // pilot: rows per customer of the first 200,000 customers (a customer's rows do not depend on the count)
  const pilot = 200_000;
  await conn.run(generatorSql("pilot", pilot));
  const perCustomer = Number((await one(conn, "SELECT COUNT(*) AS n FROM pilot")).n) / pilot;
  await conn.run("DROP TABLE pilot");
  customers = Math.max(1, Math.round(rows / perCustomer));
  const [, ms] = await timed(() => conn.run(generatorSql("tx", customers)));
  await conn.run(`CREATE OR REPLACE TABLE gen_info AS SELECT ${rows} AS target, '${GENERATOR}' AS generator, ${customers} AS customers`);
  console.log(`generated in DuckDB (2 threads): ${s(ms)} s (pilot: ${perCustomer.toFixed(3)} rows per customer)`);
}
const size = await one(conn, "SELECT COUNT(*) AS n, CAST(MIN(ordered_at) AS VARCHAR) AS lo, CAST(MAX(ordered_at) AS VARCHAR) AS hi, SUM(CASE WHEN amount < 0 THEN 1 ELSE 0 END) AS refunds FROM tx");
console.log(`table tx: ${n(size.n as bigint)} rows (target ${n(rows)}), ${n(customers)} customers generated, ${n(size.refunds as bigint)} refund rows, ${size.lo} to ${size.hi}`);
await conn.run("SET threads = 1");
console.log(`measured with threads = ${(await one(conn, "SELECT current_setting('threads') AS t")).t}`);

// ---------------------------------------------------------------- runs

const tx = { dialect: "duckdb" as const, table: "tx", columns: { customerId: "customer_id", date: "ordered_at", amount: "amount" }, asOf: AS_OF, period: "week" as const, ...(wholeWeeks ? { wholePeriods: true } : {}), inline: true };
const times: Record<string, number[]> = {};
const cpu: Record<string, number[]> = {};
const record = (k: string, v: number) => {
  (times[k] ??= []).push(v);
  (cpu[k] ??= []).push(lastCpu);
  console.log(`  ${k}: ${s(v)} s wall, ${s(lastCpu)} s CPU   (load ${load()})`);
};
const ratios: { summary: number; triples: number; both: number }[] = [];
const cpuRatios: { summary: number; triples: number; both: number }[] = [];
for (let run = 0; run < runs; run++) {
  console.log(`run ${run + 1} of ${runs} (${run % 2 === 0 ? "emitted first" : "hand-written first"}), load average ${load()}`);
  await conn.run("DROP TABLE IF EXISTS summary; DROP TABLE IF EXISTS hand_summary; DROP TABLE IF EXISTS predictions");
  const emitted = async () => {
    const [, sMs] = await timed(() => conn.run(`CREATE TABLE summary AS ${inlineSql(btydSummarySql(tx))}`));
    record("btydSummarySql (CREATE TABLE)", sMs);
    const sCpu = lastCpu;
    const [t, tMs] = await timed(() => rowsOf(conn, btydTriplesSql(tx)));
    record("btydTriplesSql (rows read)", tMs);
    return { triples: t, summary: sMs, grouped: tMs, summaryCpu: sCpu, groupedCpu: lastCpu };
  };
  const hand = async () => {
    const [, sMs] = await timed(() => conn.run(`CREATE TABLE hand_summary AS ${HAND_SUMMARY}`));
    record("hand-written summary (CREATE TABLE)", sMs);
    const sCpu = lastCpu;
    const [t, tMs] = await timed(async () => (await conn.runAndReadAll(HAND_TRIPLES)).getRowObjectsJS());
    record("hand-written triples (rows read)", tMs);
    return { triples: t, summary: sMs, grouped: tMs, summaryCpu: sCpu, groupedCpu: lastCpu };
  };
  let e: Awaited<ReturnType<typeof emitted>>;
  let h: Awaited<ReturnType<typeof hand>>;
  if (run % 2 === 0) {
    e = await emitted();
    h = await hand();
  } else {
    h = await hand();
    e = await emitted();
  }
  const r = { summary: e.summary / h.summary, triples: e.grouped / h.grouped, both: (e.summary + e.grouped) / (h.summary + h.grouped) };
  ratios.push(r);
  const rc = { summary: e.summaryCpu / h.summaryCpu, triples: e.groupedCpu / h.groupedCpu, both: (e.summaryCpu + e.groupedCpu) / (h.summaryCpu + h.groupedCpu) };
  cpuRatios.push(rc);
  console.log(`  ratios emitted / hand-written, wall: summary ${r.summary.toFixed(2)}, triples ${r.triples.toFixed(2)}, summary + triples ${r.both.toFixed(2)}; CPU: ${rc.summary.toFixed(2)}, ${rc.triples.toFixed(2)}, ${rc.both.toFixed(2)}`);
  const triples = e.triples;
  if (run === 0) {
    const count = (rs: Record<string, unknown>[]) => rs.reduce((a, x) => a + Number(x.count), 0);
    const key = (x: Record<string, unknown>) => `${Number(x.frequency)}|${Number(x.recency)}|${Number(x.T)}|${Number(x.count)}`;
    const a = new Set(triples.map(key));
    const same = h.triples.length === triples.length && h.triples.every((x) => a.has(key(x as Record<string, unknown>)));
    console.log(`triples: emitted ${n(triples.length)} (${n(count(triples))} customers), hand-written ${n(h.triples.length)} (${n(count(h.triples))}); same (frequency, recency, T, count) rows: ${same}`);
  }
  const [bg, tF] = await timed(() => fitBgNbd(triples as unknown as BtydCustomer[]));
  record("fitBgNbd on the triples", tF);
  if (run === 0) console.log(`BG/NBD ${JSON.stringify(bg.params)} converged ${bg.diagnostics.converged}`);
  if (sqlOnly) continue;
  const [pairs, tP] = await timed(() => rowsOf(conn, btydTriplesSql({ ...tx, byMonetaryValue: true })));
  record("btydTriplesSql byMonetaryValue (rows read)", tP);
  const spenders = pairs.filter((p) => p.frequency > 0 && p.monetaryValue > 0);
  const [gg, tG] = await timed(() => fitGammaGamma(spenders as unknown as BtydCustomer[]));
  record("fitGammaGamma on the groups", tG);
  if (run === 0) console.log(`(x, t_x, T, m̄) groups ${n(pairs.length)}; Gamma-Gamma ${JSON.stringify(gg.params)} converged ${gg.diagnostics.converged}`);
  const [queries, tE] = await timed(() =>
    btydPredictionsSql({
      dialect: "duckdb",
      customers: { table: "summary", columns: { customerId: "customerId", frequency: "frequency", recency: "recency", T: "T", monetaryValue: "monetaryValue" } },
      purchases: bg,
      gammaGamma: gg,
      clv: { periodsPerMonth: 4.345, months: 12, monthlyDiscountRate: 0.01 },
      triples: triples as unknown as BtydCustomer[],
      t: 4,
      inline: true,
      allowUnconverged: !bg.diagnostics.converged,
    }),
  );
  record("btydPredictionsSql (predictions per triple + SQL text)", tE);
  const [, tJ] = await timed(async () => {
    await conn.run(`CREATE TABLE predictions AS ${queries[0].sql}`);
    for (const q of queries.slice(1)) await conn.run(`INSERT INTO predictions ${q.sql}`);
  });
  record("predictions joined back (CREATE TABLE + INSERTs)", tJ);
  if (run === 0) {
    const check = await one(conn, "SELECT COUNT(*) AS n, SUM(clv) AS clv FROM predictions");
    console.log(`predictions: ${queries.length} queries (${(queries.reduce((a, q) => a + q.sql.length, 0) / 1e6).toFixed(1)} MB of SQL), ${n(check.n as bigint)} customers, total CLV ${Number(check.clv).toFixed(0)}`);
  }
}
console.log(`\nmedians of ${runs} runs (seconds), load average at the end ${load()}:`);
for (const [k, v] of Object.entries(times)) console.log(`  ${k}: wall ${s(median(v))}  [${v.map(s).join(", ")}]; CPU ${s(median(cpu[k]))}  [${cpu[k].map(s).join(", ")}]`);
const show = (rs: typeof ratios) => rs.map((r) => `${r.summary.toFixed(2)} ${r.triples.toFixed(2)} ${r.both.toFixed(2)}`).join("; ");
console.log(`per-run ratios emitted / hand-written (summary, triples, summary + triples), wall: ${show(ratios)}; CPU: ${show(cpuRatios)}`);
conn.closeSync();
