/**
 * Where DuckDB's time goes in the emitted summary SQL (10M generated rows, 1M customers): a minimal
 * hand-written aggregation as the floor, the emitted `summarySql`, and the emitted SQL with one part
 * left out at a time. `node --max-old-space-size=8192 --import tsx bench/sql-variants.ts`
 * (writes the rows to a CSV in a temporary folder once; DuckDB 2 threads).
 */
import { once } from "node:events";
import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { isoDateFromDays } from "../src/input/dates.js";
import { summarySql } from "../src/sql/index.js";
import { generateColumns } from "./generate.js";

const rows = 10_000_000;
const cols = generateColumns({ nTransactions: rows, nCustomers: 1_000_000 });
const dir = mkdtempSync(join(tmpdir(), "crm-sql-variants-"));
try {
  const csv = join(dir, "tx.csv");
  const out = createWriteStream(csv);
  const iso = new Map<number, string>();
  out.write("customer_id,order_date,amount,order_id\n");
  for (let start = 0; start < rows; start += 100_000) {
    const lines: string[] = [];
    for (let i = start; i < Math.min(rows, start + 100_000); i++) {
      const d = cols.date[i];
      if (!iso.has(d)) iso.set(d, isoDateFromDays(d));
      lines.push(`${cols.customerId.dictionary[cols.customerId.codes[i]]},${iso.get(d)},${cols.amount[i].toFixed(2)},${cols.orderId!.dictionary[cols.orderId!.codes[i]]}\n`);
    }
    if (!out.write(lines.join(""))) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  const conn = await (await DuckDBInstance.create(":memory:")).connect();
  await conn.run(`CREATE TABLE transactions AS SELECT * FROM read_csv('${csv}', header = true,
    columns = {'customer_id': 'VARCHAR', 'order_date': 'DATE', 'amount': 'DECIMAL(18, 2)', 'order_id': 'VARCHAR'})`);
  const emitted = summarySql({ dialect: "duckdb", table: "transactions", columns: { customerId: "customer_id", date: "order_date", amount: "amount", orderId: "order_id" }, asOf: "2023-12-31", inline: true }).sql;
  const variants: [string, string][] = [
    ["floor: GROUP BY with min, max, count(DISTINCT order), sum", `SELECT customer_id, min(order_date), max(order_date), count(DISTINCT order_id), sum(amount) FROM transactions GROUP BY customer_id`],
    ["floor without count(DISTINCT)", `SELECT customer_id, min(order_date), max(order_date), count(*), sum(amount) FROM transactions GROUP BY customer_id`],
    ["emitted summarySql", emitted],
    ["emitted, DECIMAL(18, 4) instead of (38, 4)", emitted.replace("DECIMAL(38, 4)", "DECIMAL(18, 4)")],
  ];
  for (const [name, sql] of variants) {
    const times: string[] = [];
    for (let k = 0; k < 3; k++) {
      const t = performance.now();
      await conn.run(`CREATE OR REPLACE TABLE v AS ${sql}`);
      times.push(((performance.now() - t) / 1000).toFixed(2));
    }
    console.log(`${name}: ${times.join(", ")} s`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
