// Test machinery for the SQL emitters: run emitted queries on a real DuckDB (in process) and a real
// PostgreSQL (through the psql CLI against the throwaway cluster of scripts/pg-test-server.sh), load
// transaction tables into both, and compare their rows with the in-memory functions.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import type { SqlQuery } from "../../src/sql/index.js";
import { parseCsv } from "../helpers/csv.js";

/** A transaction row as the tests load it (every field may be null to test the checks). */
export interface TxRow {
  customerId: string | null;
  date: string | null;
  amount: number | null;
  orderId?: string | null;
}

export type Row = Record<string, unknown>;

// ---------------------------------------------------------------- CSV

function csvField(v: unknown): string {
  if (v === null || v === undefined) return "";
  const s = typeof v === "number" ? String(v) : String(v);
  return /[",\r\n]/.test(s) || s === "" ? `"${s.replaceAll('"', '""')}"` : s;
}

/** RFC 4180 text; null is an empty unquoted field (NULL for both loaders), "" a quoted empty string. */
export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const out = [header.map(csvField).join(",")];
  for (const r of rows) out.push(r.map(csvField).join(","));
  return `${out.join("\n")}\n`;
}

let scratch: string | null = null;
/** A private temporary directory for CSV and SQL files (removed at exit). */
export function scratchDir(): string {
  if (scratch === null) {
    scratch = mkdtempSync(join(tmpdir(), "crm-sql-test-"));
    const dir = scratch;
    process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  }
  return scratch;
}

let fileCounter = 0;
export function writeScratch(name: string, text: string): string {
  const path = join(scratchDir(), `${fileCounter++}-${name}`);
  writeFileSync(path, text);
  return path;
}

// ---------------------------------------------------------------- DuckDB

export interface Duck {
  conn: DuckDBConnection;
  /** Runs an emitted query with its parameters bound positionally. */
  query(q: SqlQuery): Promise<Row[]>;
  run(sql: string): Promise<void>;
  /** Loads transaction rows into `table` (customerId, date as DATE or given type, amount DOUBLE, orderId). */
  loadTransactions(table: string, rows: readonly TxRow[], opts?: { dateType?: string; columns?: readonly [string, string, string, string] }): Promise<void>;
}

export async function openDuck(): Promise<Duck> {
  const instance = await DuckDBInstance.create(":memory:");
  const conn = await instance.connect();
  const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;
  return {
    conn,
    async query(q) {
      const reader = await conn.runAndReadAll(
        q.sql,
        q.params.map((p) => p.value),
      );
      return reader.getRowObjectsJS() as Row[];
    },
    async run(sql) {
      await conn.run(sql);
    },
    async loadTransactions(table, rows, opts = {}) {
      const [c, d, a, o] = opts.columns ?? ["customerId", "date", "amount", "orderId"];
      const path = writeScratch("tx.csv", toCsv(["c", "d", "a", "o"], rows.map((r) => [r.customerId, r.date, r.amount, r.orderId ?? null])));
      const dateType = opts.dateType ?? "DATE";
      await conn.run(
        `CREATE OR REPLACE TABLE ${table} AS SELECT c AS ${quote(c)}, CAST(d AS ${dateType}) AS ${quote(d)}, CAST(a AS DOUBLE) AS ${quote(a)}, o AS ${quote(o)}
         FROM read_csv('${path}', header = true, all_varchar = true, quote = '"', escape = '"')`,
      );
    },
  };
}

// ---------------------------------------------------------------- PostgreSQL (psql)

export interface PgStatus {
  available: boolean;
  reason: string;
}

/** Whether a PostgreSQL server answers psql with the current PG* environment. */
export function postgresStatus(): PgStatus {
  const which = spawnSync("psql", ["--version"], { encoding: "utf8" });
  if (which.status !== 0) return { available: false, reason: "psql is not installed" };
  if (!process.env.PGHOST) {
    return { available: false, reason: 'PGHOST is not set: run eval "$(scripts/pg-test-server.sh start)" first' };
  }
  const r = spawnSync("psql", ["-X", "-q", "-t", "-A", "-c", "SELECT 1"], { encoding: "utf8", timeout: 10_000 });
  if (r.status !== 0 || r.stdout.trim() !== "1") return { available: false, reason: `psql could not connect: ${(r.stderr || r.stdout).trim()}` };
  return { available: true, reason: "" };
}

export class PsqlError extends Error {}

/** Runs an SQL script with psql; returns the rows of the last result as text records (CSV). */
export function psql(script: string): Row[] {
  const file = writeScratch("script.sql", script);
  const r = spawnSync("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "--csv", "-f", file], {
    encoding: "utf8",
    maxBuffer: 1 << 30,
    timeout: 300_000,
  });
  if (r.status !== 0) throw new PsqlError(r.stderr.trim() || `psql exited with ${r.status}`);
  const out = r.stdout.trim();
  return out === "" ? [] : (parseCsv(`${out}\n`) as Row[]);
}

let statementCounter = 0;
/**
 * Runs an emitted query on PostgreSQL: with parameters through PREPARE/EXECUTE (the server binds
 * $1, $2, ... itself), or as is when inlined. `setup` runs first in the same session.
 */
export function pgQuery(q: SqlQuery, setup = ""): Row[] {
  if (q.params.length === 0) return psql(`${setup}\n${q.sql};\n`);
  const name = `crm_q${statementCounter++}`;
  const args = q.params.map((p) => (typeof p.value === "number" ? `${p.value}` : `'${String(p.value).replaceAll("'", "''")}'`)).join(", ");
  return psql(`${setup}\nPREPARE ${name} AS\n${q.sql};\nEXECUTE ${name}(${args});\n`);
}

/** Loads transaction rows into a PostgreSQL table through \copy. */
export function pgLoadTransactions(table: string, rows: readonly TxRow[], opts: { dateType?: string; columns?: readonly [string, string, string, string] } = {}): void {
  const [c, d, a, o] = (opts.columns ?? ["customerId", "date", "amount", "orderId"]).map((s) => `"${s.replaceAll('"', '""')}"`);
  const path = writeScratch("tx.csv", toCsv(["c", "d", "a", "o"], rows.map((r) => [r.customerId, r.date, r.amount, r.orderId ?? null])));
  psql(
    [
      `DROP TABLE IF EXISTS ${table};`,
      `CREATE TABLE ${table} (${c} TEXT, ${d} ${opts.dateType ?? "DATE"}, ${a} DOUBLE PRECISION, ${o} TEXT);`,
      `\\copy ${table} FROM '${path}' WITH (FORMAT csv, HEADER true)`,
    ].join("\n"),
  );
}

// ---------------------------------------------------------------- comparisons

const INT_FIELDS = new Set(["recencyDays", "frequency", "tenureDays", "r", "f", "m", "rank"]);
const FLOAT_FIELDS = new Set(["monetary", "averageOrderValue", "value", "cumulativeShare"]);

/** Rows from psql's CSV (all text) typed like the library's records. */
export function typedRows(rows: readonly Row[]): Row[] {
  return rows.map((r) => {
    const out: Row = {};
    for (const [k, v] of Object.entries(r)) {
      if (v === "" && (k === "r" || k === "f" || k === "m" || k === "cell" || k === "pattern")) out[k] = null;
      else if (INT_FIELDS.has(k) || FLOAT_FIELDS.has(k)) out[k] = Number(v);
      else out[k] = v;
    }
    return out;
  });
}

/** Plain copies of records restricted to `fields`, sorted by customerId in code-unit order. */
export function pick(records: readonly object[], fields: readonly string[]): Row[] {
  return records
    .map((r) => Object.fromEntries(fields.map((f) => [f, (r as Row)[f]])))
    .sort((x, y) => (String(x.customerId) < String(y.customerId) ? -1 : String(x.customerId) > String(y.customerId) ? 1 : 0));
}

/**
 * Money compared as the library and SQL compute it: the SQL total is the exact decimal sum rounded
 * once to a double, the library's a compensated sum of doubles; they agree far below a cent (a
 * relative 1e-12), not always to the last bit. (Rounding both to cents is not a sound test: a
 * mean of 29.145 can be 29.144999999999996 on one side.)
 */
export const sameMoney = (x: unknown, y: unknown) => Math.abs(Number(x) - Number(y)) <= 1e-12 * Math.max(1, Math.abs(Number(y)));

/** Summaries compared field by field: integers and dates exactly, money to 1e-12 relative. Returns the mismatches. */
export function summaryMismatches(sqlRows: readonly Row[], memory: readonly object[]): unknown[] {
  const a = pick(sqlRows, ["customerId", "firstPurchase", "lastPurchase", "recencyDays", "frequency", "monetary", "tenureDays", "averageOrderValue"]);
  const b = pick(memory, ["customerId", "firstPurchase", "lastPurchase", "recencyDays", "frequency", "monetary", "tenureDays", "averageOrderValue"]);
  const out: unknown[] = [];
  if (a.length !== b.length) out.push({ count: [a.length, b.length] });
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    const same =
      x.customerId === y.customerId &&
      x.firstPurchase === y.firstPurchase &&
      x.lastPurchase === y.lastPurchase &&
      x.recencyDays === y.recencyDays &&
      x.frequency === y.frequency &&
      x.tenureDays === y.tenureDays &&
      sameMoney(x.monetary, y.monetary) &&
      sameMoney(x.averageOrderValue, y.averageOrderValue);
    if (!same) out.push({ sql: x, memory: y });
    if (out.length > 5) break;
  }
  return out;
}
