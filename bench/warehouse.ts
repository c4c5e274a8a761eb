/**
 * The warehouse workflow on a generated table in DuckDB (one thread), from raw transactions to
 * per-customer CLV without reading per-customer rows into JavaScript:
 *   node --max-old-space-size=8192 --import tsx bench/warehouse.ts [rows] [runs]
 * (default 10,000,000 rows, 3 runs; up to rows / 10 customers, dates over three years, 2% refunds).
 *
 * The table is generated inside DuckDB from `range(rows)` with its hash function (no CSV): row i
 * belongs to customer `c<k>`, k = ⌊(rows / 10)·u²⌋ for a hashed u in [0, 1) (skewed: heavy and light
 * buyers); a customer's rows fall in their own window, a first day 0..699 days after 2021-01-01 and a
 * life of 0..399 days (so customers drop out at different times); amounts are 0.00..199.99, one row in
 * 50 a refund of 250.
 * Then, per run (the medians are reported):
 * 1. `btydSummarySql` materialised as a table and `btydTriplesSql` read into JS (the triples only), against
 *    a hand-written GROUP BY of the same aggregates (purchase days, first/last day, repeat-day mean,
 *    refunds netted; doubles, no checks), also materialised / read: the ratio is the cost of the
 *    emitted SQL's exact decimals and checks;
 * 2. `fitBgNbd` and `fitGammaGamma` on the triples (weighted by `count`; Gamma-Gamma on the
 *    `byMonetaryValue` groups);
 * 3. `btydPredictionsSql` on the stored summary: P(alive), expected purchases in 4 weeks and 12-month
 *    CLV joined back to every customer, materialised as a table (batches of 50,000 triples).
 * The first run checks that the emitted and hand-written triples agree in number and counts.
 */
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { fitBgNbd, fitGammaGamma, type BtydCustomer } from "../src/models/index.js";
import { btydPredictionsSql, btydSummarySql, btydTriplesSql, type SqlQuery } from "../src/sql/index.js";

const rows = Number(process.argv[2] ?? 10_000_000);
const runs = Number(process.argv[3] ?? 3);
const customers = Math.max(1, Math.floor(rows / 10));
const AS_OF = "2024-01-05"; // 2021-01-01 + 1,099 days: the last possible day
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const s = (ms: number) => (ms / 1000).toFixed(2);

async function timed<T>(f: () => Promise<T> | T): Promise<[T, number]> {
  const t = performance.now();
  const v = await f();
  return [v, performance.now() - t];
}

const rowsOf = async (conn: DuckDBConnection, q: SqlQuery) => (await conn.runAndReadAll(q.sql, q.params.map((p) => p.value))).getRowObjectsJS() as Record<string, number>[];
const inlineSql = (q: SqlQuery) => {
  if (q.params.length > 0) throw new Error("expected an inline query");
  return q.sql;
};

// The same aggregates written by hand as an analyst would: doubles, no NULL/asOf checks.
const HAND_SUMMARY = `
WITH days AS (
  SELECT customer_id, ordered_at AS day, SUM(amount) AS total
  FROM tx WHERE amount >= 0 GROUP BY customer_id, ordered_at
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
  date_diff('day', c.first_day, c.last_day) / 7.0 AS recency,
  date_diff('day', c.first_day, DATE '${AS_OF}') / 7.0 AS T,
  CASE WHEN c.frequency = 0 THEN 0
       WHEN COALESCE(r.refunds, 0) >= 0 THEN c.repeat_total / c.frequency
       WHEN c.gross + r.refunds <= 0 THEN 0
       ELSE c.repeat_total / c.frequency * ((c.gross + r.refunds) / c.gross) END AS monetary_value,
  c.gross + COALESCE(r.refunds, 0) AS net
FROM c LEFT JOIN refunds AS r USING (customer_id)`;
const HAND_TRIPLES = `WITH s AS (${HAND_SUMMARY})
SELECT frequency, recency, T, COUNT(*) AS count, SUM(monetary_value) AS monetaryValueSum, SUM(net) AS spend
FROM s GROUP BY frequency, recency, T ORDER BY frequency, recency, T`;

const instance = await DuckDBInstance.create(":memory:", { threads: "1" });
const conn = await instance.connect();
let [, ms] = await timed(() =>
  conn.run(`CREATE TABLE tx AS
    WITH r AS (
      SELECT i, CAST(FLOOR(${customers} * pow(CAST(hash(i) % 1000003 AS DOUBLE) / 1000003, 2)) AS BIGINT) AS k
      FROM range(${rows}) AS t(i)
    )
    SELECT 'c' || CAST(k AS VARCHAR) AS customer_id,
      DATE '2021-01-01' + CAST(hash(k) % 700 + hash(i * 3 + 1) % (1 + hash(k * 7 + 1) % 400) AS INTEGER) AS ordered_at,
      CASE WHEN hash(i * 13 + 5) % 50 = 0 THEN -250.0 ELSE CAST(hash(i * 31 + 7) % 20000 AS DOUBLE) / 100 END AS amount
    FROM r`),
);
console.log(`${rows.toLocaleString("en-US")} rows, ${customers.toLocaleString("en-US")} customers generated in DuckDB: ${s(ms)} s; threads ${(await conn.runAndReadAll("SELECT current_setting('threads') AS t")).getRowObjectsJS()[0].t}`);

const tx = { dialect: "duckdb" as const, table: "tx", columns: { customerId: "customer_id", date: "ordered_at", amount: "amount" }, asOf: AS_OF, period: "week" as const, inline: true };
const times: Record<string, number[]> = {};
const record = (k: string, v: number) => {
  (times[k] ??= []).push(v);
  console.log(`  ${k}: ${s(v)} s`);
};
for (let run = 0; run < runs; run++) {
  await conn.run("DROP TABLE IF EXISTS summary; DROP TABLE IF EXISTS hand_summary; DROP TABLE IF EXISTS predictions");
  [, ms] = await timed(() => conn.run(`CREATE TABLE summary AS ${inlineSql(btydSummarySql(tx))}`));
  record("btydSummarySql (CREATE TABLE)", ms);
  [, ms] = await timed(() => conn.run(`CREATE TABLE hand_summary AS ${HAND_SUMMARY}`));
  record("hand-written summary (CREATE TABLE)", ms);
  const [triples, tT] = await timed(() => rowsOf(conn, btydTriplesSql(tx)));
  record("btydTriplesSql (rows read)", tT);
  const [hand, tH] = await timed(async () => (await conn.runAndReadAll(HAND_TRIPLES)).getRowObjectsJS());
  record("hand-written triples (rows read)", tH);
  const [pairs, tP] = await timed(() => rowsOf(conn, btydTriplesSql({ ...tx, byMonetaryValue: true })));
  record("btydTriplesSql byMonetaryValue (rows read)", tP);
  if (run === 0) {
    const count = (rs: Record<string, unknown>[]) => rs.reduce((a, r) => a + Number(r.count), 0);
    console.log(`triples: emitted ${triples.length.toLocaleString("en-US")} (${count(triples).toLocaleString("en-US")} customers), hand-written ${hand.length.toLocaleString("en-US")} (${count(hand).toLocaleString("en-US")}); (x, t_x, T, m̄) groups ${pairs.length.toLocaleString("en-US")}`);
  }
  const [bg, tF] = await timed(() => fitBgNbd(triples as unknown as BtydCustomer[]));
  record("fitBgNbd on the triples", tF);
  const spenders = pairs.filter((p) => p.frequency > 0 && p.monetaryValue > 0);
  const [gg, tG] = await timed(() => fitGammaGamma(spenders as unknown as BtydCustomer[]));
  record("fitGammaGamma on the groups", tG);
  if (run === 0) console.log(`BG/NBD ${JSON.stringify(bg.params)} converged ${bg.diagnostics.converged}; Gamma-Gamma ${JSON.stringify(gg.params)} converged ${gg.diagnostics.converged}`);
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
      // the generated customers drop out at one rate (BG/NBD's a, b run off to ∞): used as fitted, said in the output
      allowUnconverged: !bg.diagnostics.converged,
    }),
  );
  record("btydPredictionsSql (predictions per triple + SQL text)", tE);
  [, ms] = await timed(async () => {
    await conn.run(`CREATE TABLE predictions AS ${queries[0].sql}`);
    for (const q of queries.slice(1)) await conn.run(`INSERT INTO predictions ${q.sql}`);
  });
  record("predictions joined back (CREATE TABLE + INSERTs)", ms);
  if (run === 0) {
    const check = (await conn.runAndReadAll("SELECT COUNT(*) AS n, SUM(clv) AS clv FROM predictions")).getRowObjectsJS()[0];
    console.log(`predictions: ${queries.length} queries (${(queries.reduce((a, q) => a + q.sql.length, 0) / 1e6).toFixed(1)} MB of SQL), ${Number(check.n).toLocaleString("en-US")} customers, total CLV ${Number(check.clv).toFixed(0)}`);
  }
}
console.log(`\nmedians of ${runs} runs (seconds):`);
for (const [k, v] of Object.entries(times)) console.log(`  ${k}: ${s(median(v))}  [${v.map(s).join(", ")}]`);
const ratio = (a: string, b: string) => (median(times[a]) / median(times[b])).toFixed(2);
console.log(`summary: emitted / hand-written = ${ratio("btydSummarySql (CREATE TABLE)", "hand-written summary (CREATE TABLE)")}`);
console.log(`triples: emitted / hand-written = ${ratio("btydTriplesSql (rows read)", "hand-written triples (rows read)")}`);
conn.closeSync();
