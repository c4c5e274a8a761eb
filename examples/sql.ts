/**
 * Warehouse SQL: the same customer summaries and RFM segments, computed by the database where the
 * transactions are. The functions only emit SQL text and parameters; you run it with your own client.
 * Here DuckDB (in process, a development dependency of this repository) runs it on the Online
 * Retail II orders CSV, and the rows are checked against the in-memory functions.
 *
 *   npx tsx examples/sql.ts
 *
 * Import from "crm-analytics/sql". Dialects: "duckdb", "postgres", "spark", "bigquery".
 */
import { fileURLToPath } from "node:url";
import { DuckDBInstance } from "@duckdb/node-api";
import { segmentRfm, summarizeTransactions } from "../src/index.js";
import { rfmSegmentsSql, summarySql, type SqlQuery } from "../src/sql/index.js";
import { readRetailOrders, RETAIL_AS_OF } from "./data/load.js";

// The transactions: a table name, qualified parts (["shop", "orders"]) or, as here, a query of your own.
const csv = fileURLToPath(new URL("./data/online_retail_orders.csv", import.meta.url)).replaceAll("'", "''");
const source = {
  dialect: "duckdb" as const,
  table: { query: `SELECT invoice, CAST(date AS DATE) AS day, CAST(customer_id AS VARCHAR) AS customer, amount FROM read_csv('${csv}')` },
  columns: { customerId: "customer", date: "day", amount: "amount", orderId: "invoice" },
  asOf: RETAIL_AS_OF,
};

const summaryQuery = summarySql(source);
console.log(summaryQuery.sql);
console.log("-- parameters:", summaryQuery.params.map((p) => `$${p.index} = ${p.value} (${p.type})`).join(", "));
console.log("-- result columns:", summaryQuery.columns.join(", "));

// Run it: bind the parameters positionally ($1, $2, ...).
const connection = await (await DuckDBInstance.create(":memory:")).connect();
const run = async (q: SqlQuery) => (await connection.runAndReadAll(q.sql, q.params.map((p) => p.value))).getRowObjectsJS();
const sqlSummaries = await run(summaryQuery);

// The rows are customer summaries: they go straight into the in-memory analyses ...
const fromSql = segmentRfm(sqlSummaries);
// ... and they are the ones the library computes itself.
const inMemory = summarizeTransactions(readRetailOrders(), {
  asOf: RETAIL_AS_OF,
  fields: { customerId: "customer_id", date: "date", amount: (r) => Number(r.amount), orderId: "invoice" },
});
console.log(`\nDuckDB: ${sqlSummaries.length} customer summaries; in memory: ${inMemory.customers.length}`);

// Segments in SQL too (the classic scheme, with labels), compared customer by customer.
const sqlSegments = await run(rfmSegmentsSql({ ...source, labels: true }));
const expected = new Map(segmentRfm(inMemory.customers).customers.map((s) => [s.customerId, s.segment]));
const same = sqlSegments.filter((row) => expected.get(String(row.customerId)) === row.segment).length;
console.log(`Segments: ${same} of ${sqlSegments.length} customers get the same segment in SQL and in memory`);
for (const s of fromSql.meta.segments) console.log(`  ${s.label.padEnd(20)} ${String(s.customers).padStart(4)}`);
