/**
 * Warehouse path vs in-memory path on generated transactions:
 *   node --max-old-space-size=8192 --import tsx bench/sql.ts [rows] [customers]
 * (default 10M rows, 1M customers, with order ids).
 *
 * The generated columns are written once to a temporary CSV (ISO dates, 2-decimal amounts) and loaded
 * into an in-process DuckDB table (not timed as part of the queries). Then, three runs each:
 * - DuckDB `summarySql` and `rfmScoresSql` materialised inside DuckDB (`CREATE TABLE ... AS`), and
 *   read back to JavaScript rows (`runAndReadAll` + `getRowObjectsJS`), as a caller feeding the rows
 *   back into the library would;
 * - the in-memory path on the same data: `summarizeTransactions` on the typed columns, then `scoreRfm`.
 * The first run also checks that both paths give the same customer count and the same scores.
 */
import { mkdtempSync, rmSync, createWriteStream } from "node:fs";
import { tmpdir, cpus } from "node:os";
import { join } from "node:path";
import { once } from "node:events";
import { DuckDBInstance } from "@duckdb/node-api";
import { scoreRfm, summarizeTransactions } from "../src/index.js";
import { rfmScoresSql, summarySql, type TransactionSqlOptions } from "../src/sql/index.js";
import { isoDateFromDays } from "../src/input/dates.js";
import { AS_OF, generateColumns } from "./generate.js";

const rows = Number(process.argv[2] ?? 10_000_000);
const customers = Number(process.argv[3] ?? 1_000_000);
const seconds = (t: number) => ((performance.now() - t) / 1000).toFixed(2);

const cols = generateColumns({ nTransactions: rows, nCustomers: customers });
const dir = mkdtempSync(join(tmpdir(), "crm-sql-bench-"));
try {
  let t = performance.now();
  const csv = join(dir, "tx.csv");
  const out = createWriteStream(csv);
  const cust = cols.customerId;
  const order = cols.orderId!;
  const isoCache = new Map<number, string>();
  const iso = (d: number) => isoCache.get(d) ?? (isoCache.set(d, isoDateFromDays(d)), isoCache.get(d)!);
  out.write("customer_id,order_date,amount,order_id\n");
  const chunk = 100_000;
  for (let start = 0; start < rows; start += chunk) {
    const lines: string[] = [];
    for (let i = start; i < Math.min(rows, start + chunk); i++) {
      lines.push(`${cust.dictionary[cust.codes[i]]},${iso(cols.date[i])},${cols.amount[i].toFixed(2)},${order.dictionary[order.codes[i]]}\n`);
    }
    if (!out.write(lines.join(""))) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  console.log(`CSV written: ${seconds(t)} s`);

  const instance = await DuckDBInstance.create(":memory:");
  const conn = await instance.connect();
  t = performance.now();
  await conn.run(
    `CREATE TABLE transactions AS SELECT * FROM read_csv('${csv}', header = true,
       columns = {'customer_id': 'VARCHAR', 'order_date': 'DATE', 'amount': 'DECIMAL(18, 2)', 'order_id': 'VARCHAR'})`,
  );
  console.log(`DuckDB load (read_csv into a table): ${seconds(t)} s; DuckDB threads: ${(await conn.runAndReadAll("SELECT current_setting('threads') AS t")).getRowObjectsJS()[0].t}, cores: ${cpus().length}`);

  const base: TransactionSqlOptions = {
    dialect: "duckdb",
    table: "transactions",
    columns: { customerId: "customer_id", date: "order_date", amount: "amount", orderId: "order_id" },
    asOf: AS_OF,
  };
  const summary = summarySql(base);
  const scores = rfmScoresSql(base);
  const values = (q: typeof summary) => q.params.map((p) => p.value);

  for (let run = 1; run <= 3; run++) {
    t = performance.now();
    await conn.run(`CREATE OR REPLACE TABLE s AS ${summary.sql}`, values(summary));
    const inSummary = seconds(t);
    t = performance.now();
    await conn.run(`CREATE OR REPLACE TABLE r AS ${scores.sql}`, values(scores));
    const inScores = seconds(t);
    t = performance.now();
    const summaryRows = (await conn.runAndReadAll(summary.sql, values(summary))).getRowObjectsJS();
    const readSummary = seconds(t);
    t = performance.now();
    const scoreRows = (await conn.runAndReadAll(scores.sql, values(scores))).getRowObjectsJS();
    const readScores = seconds(t);

    t = performance.now();
    const memory = summarizeTransactions(cols, { asOf: AS_OF });
    const memSummary = seconds(t);
    t = performance.now();
    const memScores = scoreRfm(memory.customers);
    const memScore = seconds(t);
    console.log(
      `run ${run}: DuckDB summarySql ${inSummary} s (to JS rows ${readSummary} s), rfmScoresSql ${inScores} s (to JS rows ${readScores} s); ` +
        `in memory summarizeTransactions ${memSummary} s, scoreRfm ${memScore} s`,
    );
    if (run === 1) {
      const byId = new Map(memScores.customers.map((s) => [s.customerId, s.cell]));
      const differ = scoreRows.filter((r) => byId.get(String(r.customerId)) !== r.cell).length;
      const fed = scoreRfm(summaryRows as never).customers;
      const fedById = new Map(fed.map((s) => [s.customerId, s.cell]));
      const differFed = scoreRows.filter((r) => fedById.get(String(r.customerId)) !== r.cell).length;
      console.log(
        `check: ${summaryRows.length} SQL customers, ${memory.customers.length} in memory; SQL cells that differ from scoreRfm on the SQL summaries: ${differFed}, ` +
          `from scoreRfm on the in-memory summaries: ${differ} (monetary ties at an edge broken by the last bit of a double sum)`,
      );
    }
  }
  console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  conn.closeSync();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
