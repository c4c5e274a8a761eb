import { z } from "zod";
import { AnalyticsInputError, describeValue, inputIssue } from "../errors.js";
import { dayConverter, isoDateFromDays } from "../input/dates.js";
import { readAsOf } from "../input/options.js";
import { defineOptions, parseOptions, type OptionsShape, type OptionsSchema } from "../options.js";
import { DIALECTS, type DialectSpec } from "./dialects.js";
import type { SqlDialect, SqlParameter, SqlQuery, SqlSource, TransactionSqlOptions } from "./types.js";

// Internal machinery shared by the *Sql functions: option checks, identifier quoting, parameters,
// and the CTEs that compute customer summaries and quantile edges.

const dialectSchema = z.enum(["duckdb", "postgres", "spark", "bigquery"]);

/**
 * zod schema of {@link TransactionSqlOptions}. `asOf` is optional here: a missing or unreadable `asOf`
 * is reported as data (`invalid_as_of`) by {@link readSqlAsOf}, as the library's transaction readers do.
 */
export const transactionSqlOptionsSchema: OptionsSchema<Omit<TransactionSqlOptions, "asOf"> & { asOf?: string | Date }> = defineOptions<TransactionSqlOptions>()({
    dialect: dialectSchema,
    table: z.union([z.string(), z.array(z.string()).min(1).max(4), z.object({ query: z.string() }).strict()]),
    columns: z
      .object({ customerId: z.string(), date: z.string(), amount: z.string(), orderId: z.string().optional() })
      .strict(),
    asOf: z.custom<string | Date>(() => true).optional(),
    refunds: z.enum(["net", "exclude"]).optional(),
    afterAsOf: z.enum(["error", "ignore"]).optional(),
    timeZone: z.string().optional(),
    monetary: z.enum(["sum", "mean"]).optional(),
    amountScale: z.number().int().min(0).max(9).optional(),
    inline: z.boolean().optional(),
});

/** Validates the common options (and `extra`) and opens a context. */
export function prepare<O extends TransactionSqlOptions, S extends OptionsShape<Omit<O, keyof TransactionSqlOptions>>>(
  fn: string,
  options: unknown,
  extra: S & { [K in Exclude<keyof S, keyof O>]: never },
): { ctx: SqlContext; opts: z.output<typeof transactionSqlOptionsSchema> & z.output<z.ZodObject<S>> } {
  const schema = transactionSqlOptionsSchema.extend(extra);
  const opts = parseOptions(fn, schema, options) as z.output<typeof transactionSqlOptionsSchema> & z.output<z.ZodObject<S>>;
  const ctx = new SqlContext(fn, opts.dialect, opts.inline ?? false);
  return { ctx, opts };
}

// C0 controls, DEL, and lone surrogates (text that is not valid UTF-8 once encoded).
const BAD_IDENTIFIER_CHAR = /[\u0000-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
// Our own string literals (messages, labels, ISO dates, zone names): no quote, backslash or control
// character, so '...' means the same text in all four dialects whatever their escape rules.
const BAD_LITERAL_CHAR = /['\\\u0000-\u001f\u007f]/;
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+\-/]*$/;

/** Writes SQL for one dialect: quoted identifiers, placeholders or literals, and the collected parameters. */
export class SqlContext {
  readonly d: DialectSpec;
  readonly params: SqlParameter[] = [];

  constructor(
    readonly fn: string,
    readonly dialect: SqlDialect,
    readonly inline: boolean,
  ) {
    this.d = DIALECTS[dialect];
  }

  /** A quoted identifier part; rejects what no dialect can quote safely. */
  ident(part: string, what: string): string {
    if (typeof part !== "string" || part.length === 0) {
      throw new TypeError(`${this.fn}: ${what} must be a non-empty identifier, got ${JSON.stringify(part)}`);
    }
    if (BAD_IDENTIFIER_CHAR.test(part)) {
      throw new RangeError(`${this.fn}: ${what} must not contain control characters (NUL, newline, ...) or unpaired surrogates, got ${JSON.stringify(part)}`);
    }
    if (this.dialect === "postgres" && new TextEncoder().encode(part).length > 63) {
      // PostgreSQL silently truncates longer identifiers, which could name another column.
      throw new RangeError(`${this.fn}: ${what} is longer than PostgreSQL's 63-byte identifier limit: ${JSON.stringify(part)}`);
    }
    return this.d.quote(part);
  }

  /** The FROM item of a source: a quoted (qualified) table name or a parenthesised query. */
  source(table: SqlSource): string {
    if (typeof table === "string") {
      if (table.includes(".")) {
        throw new RangeError(
          `${this.fn}: table ${JSON.stringify(table)} contains a dot; give qualified names as parts (["schema", "table"]), or ["${table}"] for one name that contains a dot`,
        );
      }
      return this.ident(table, "table");
    }
    if (Array.isArray(table)) return table.map((part, i) => this.ident(part, `table[${i}]`)).join(".");
    const query = (table as { query: string }).query;
    if (query.trim().length === 0) throw new RangeError(`${this.fn}: table.query must be a non-empty SELECT`);
    if (query.includes("\u0000")) throw new RangeError(`${this.fn}: table.query must not contain NUL characters`);
    return `(\n${query}\n) AS crm_source`;
  }

  /** A string literal of our own text (never caller text beyond validated dates and zone names). */
  literal(text: string): string {
    if (BAD_LITERAL_CHAR.test(text)) throw new Error(`${this.fn}: internal error: unsafe literal ${JSON.stringify(text)}`);
    return `'${text}'`;
  }

  /**
   * A string literal of caller text (segment ids and labels), escaped for the dialect: `''` inside
   * `'...'` (DuckDB), `E'...'` with `\\` and `\'` (PostgreSQL, whatever standard_conforming_strings
   * says), `\\` and `\'` (Spark, BigQuery). Control characters and unpaired surrogates are refused.
   */
  stringLiteral(text: string, what: string): string {
    if (BAD_IDENTIFIER_CHAR.test(text)) throw new RangeError(`${this.fn}: ${what} must not contain control characters (NUL, newline, ...) or unpaired surrogates, got ${JSON.stringify(text)}`);
    if (this.dialect === "duckdb") return `'${text.replaceAll("'", "''")}'`;
    const escaped = text.replaceAll("\\", "\\\\").replaceAll("'", "\\'");
    return this.dialect === "postgres" ? `E'${escaped}'` : `'${escaped}'`;
  }

  private param(name: string, value: string | number, type: SqlParameter["type"]): string {
    let p = this.params.find((q) => q.name === name);
    if (p === undefined) {
      p = { name, index: this.params.length + 1, value, type };
      this.params.push(p);
    } else if (p.value !== value) {
      throw new Error(`${this.fn}: internal error: parameter ${name} bound twice`);
    }
    const sqlType = type === "DATE" ? "DATE" : type === "DOUBLE" ? this.d.double : this.d.text;
    return `CAST(${this.d.placeholder(p.index, name)} AS ${sqlType})`;
  }

  /** A DATE value (ISO text): placeholder or `DATE 'YYYY-MM-DD'`. */
  date(name: string, iso: string): string {
    return this.inline ? `DATE ${this.literal(iso)}` : this.param(name, iso, "DATE");
  }

  /** A DOUBLE value: placeholder or a cast of its shortest round-trip text (exactly the same double). */
  double(name: string, value: number): string {
    if (!Number.isFinite(value)) throw new Error(`${this.fn}: internal error: non-finite ${name}`);
    return this.inline ? `CAST(${this.literal(String(value))} AS ${this.d.double})` : this.param(name, value, "DOUBLE");
  }

  /** A text value (already validated against a safe alphabet). */
  text(name: string, value: string): string {
    return this.inline ? this.literal(value) : this.param(name, value, "TEXT");
  }

  /** A double constant j / k computed by the engine exactly as the library computes it. */
  ratio(j: number, k: number): string {
    return `CAST(${j} AS ${this.d.double}) / CAST(${k} AS ${this.d.double})`;
  }

  /** Fails the query with `message` followed by the text expression `detail` (row-dependent). */
  raise(message: string, detail: string, type: "DATE" | "DOUBLE"): string {
    return this.d.raise(`CONCAT(${this.literal(`${this.fn}: ${message}`)}, COALESCE(${detail}, ''))`, type);
  }

  /** Result column alias. */
  alias(name: string): string {
    return this.d.quote(name);
  }

  /** The finished query. */
  finish(sql: string, columns: string[]): SqlQuery {
    return { sql, params: this.params.map((p) => ({ ...p })), dialect: this.dialect, columns };
  }
}

/**
 * `asOf` as an ISO date, read as the library reads it ({@link readAsOf}: `YYYY-MM-DD`, an ISO date-time,
 * a `Date` or epoch milliseconds, instants taking their day in `timeZone`, UTC without one). Missing,
 * unreadable or impossible, or outside the years 0000–9999 that SQL DATE literals take: an
 * `AnalyticsInputError` with code `invalid_as_of` at `["options", "asOf"]`.
 */
export function readSqlAsOf(fn: string, asOf: unknown, timeZone: string | undefined): string {
  const iso = isoDateFromDays(readAsOf(fn, asOf, dayConverter(fn, timeZone)));
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) {
    throw new AnalyticsInputError(fn, [inputIssue("invalid_as_of", ["options", "asOf"], `expected a date from 0000-01-01 to 9999-12-31, got ${describeValue(asOf)}`)]);
  }
  return iso;
}

/** A time zone name checked against this runtime's IANA database and a safe alphabet. */
export function readZone(fn: string, zone: string): string {
  let known = false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    known = ZONE_NAME.test(zone);
  } catch {
    known = false;
  }
  if (!known) throw new RangeError(`${fn}: timeZone must be an IANA time zone name such as "Europe/Berlin", got ${JSON.stringify(zone)}`);
  return zone;
}

/** SQL text of the CTEs that end in `crm_summary` (one row per customer, see {@link summaryCtes}). */
export interface SummaryCtes {
  ctes: string[];
  asOf: string;
}

/**
 * The CTEs computing customer summaries from the transactions, ending in `crm_summary` with columns
 * customer_id (text), first_day, last_day (DATE), recency_days, frequency, tenure_days (INT),
 * total (exact decimal net amount), monetary, average_order_value (DOUBLE).
 */
export function summaryCtes(ctx: SqlContext, opts: z.output<typeof transactionSqlOptionsSchema>): SummaryCtes {
  const d = ctx.d;
  const zone = opts.timeZone === undefined ? undefined : readZone(ctx.fn, opts.timeZone);
  const asOfIso = readSqlAsOf(ctx.fn, opts.asOf, zone);
  const asOf = ctx.date("asOf", asOfIso);
  const col = opts.columns;
  const cid = ctx.ident(col.customerId, "columns.customerId");
  const date = ctx.ident(col.date, "columns.date");
  const amount = ctx.ident(col.amount, "columns.amount");
  const order = col.orderId === undefined ? null : ctx.ident(col.orderId, "columns.orderId");
  const from = ctx.source(opts.table);
  const scale = opts.amountScale ?? 4;
  const day = zone === undefined ? d.dayOf(date) : d.dayInZone(date, ctx.text("timeZone", zone));
  const afterAsOf = opts.afterAsOf ?? "error";
  const refunds = opts.refunds ?? "net";

  const rows = [
    `crm_rows AS (`,
    `  SELECT`,
    `    CAST(${cid} AS ${d.text}) AS customer_id,`,
    `    ${day} AS tx_day,`,
    `    ${d.decimal(amount, scale)} AS amount,`,
    `    CASE WHEN ${amount} < 0 THEN 1 ELSE 0 END AS refund,`,
    `    ${order === null ? `CAST(NULL AS ${d.text})` : `CAST(${order} AS ${d.text})`} AS order_id`,
    `  FROM ${from}`,
    `)`,
  ].join("\n");

  const dayText = d.isoDate("tx_day");
  const checks = [
    `      WHEN customer_id IS NULL OR TRIM(customer_id) = '' THEN ${ctx.raise("a row has no customer id (NULL or blank); row date ", dayText, "DATE")}`,
    `      WHEN tx_day IS NULL THEN ${ctx.raise("a row has no date (NULL); customer ", "customer_id", "DATE")}`,
    `      WHEN amount IS NULL THEN ${ctx.raise("a row has no amount (NULL); customer ", "customer_id", "DATE")}`,
  ];
  if (order !== null) checks.push(`      WHEN order_id IS NULL THEN ${ctx.raise("a row has no order id (NULL); customer ", "customer_id", "DATE")}`);
  if (afterAsOf === "error") {
    checks.push(
      `      WHEN tx_day > ${asOf} THEN ${ctx.raise(`a row is dated after asOf ${asOfIso} (afterAsOf = "ignore" leaves such rows out); row date `, dayText, "DATE")}`,
    );
  }
  const checked = [
    `crm_checked AS (`,
    `  SELECT`,
    `    customer_id,`,
    `    CASE`,
    ...checks,
    `      ELSE tx_day`,
    `    END AS tx_day,`,
    `    amount,`,
    `    refund,`,
    `    order_id`,
    `  FROM crm_rows`,
    ...(afterAsOf === "ignore" ? [`  WHERE tx_day IS NULL OR tx_day <= ${asOf}`] : []),
    `)`,
  ].join("\n");

  const purchase = (expr: string) => `CASE WHEN refund = 0 THEN ${expr} END`;
  const customers = [
    `crm_customers AS (`,
    `  SELECT`,
    `    customer_id,`,
    `    MIN(${purchase("tx_day")}) AS first_day,`,
    `    MAX(${purchase("tx_day")}) AS last_day,`,
    order === null ? `    SUM(1 - refund) AS orders,` : `    COUNT(DISTINCT ${purchase("order_id")}) AS orders,`,
    `    SUM(amount) AS total`,
    `  FROM crm_checked`,
    ...(refunds === "exclude" ? [`  WHERE refund = 0`] : []),
    `  GROUP BY customer_id`,
    // Customers with refunds only have no purchase: left out, as in the library.
    `  HAVING SUM(1 - refund) > 0`,
    `)`,
  ].join("\n");

  const totalDouble = `CAST(total AS ${d.double})`;
  const summary = [
    `crm_summary AS (`,
    `  SELECT`,
    `    customer_id,`,
    `    first_day,`,
    `    last_day,`,
    `    CAST(${d.daysBetween("last_day", asOf)} AS ${d.int}) AS recency_days,`,
    `    CAST(orders AS ${d.int}) AS frequency,`,
    `    total,`,
    `    ${opts.monetary === "mean" ? `${totalDouble} / orders` : totalDouble} AS monetary,`,
    `    CAST(${d.daysBetween("first_day", asOf)} AS ${d.int}) AS tenure_days,`,
    `    ${totalDouble} / orders AS average_order_value`,
    `  FROM crm_customers`,
    `)`,
  ].join("\n");
  return { ctes: [rows, checked, customers, summary], asOf: asOfIso };
}

/** `WITH a AS (...), b AS (...)` followed by the main SELECT. */
export function withCtes(ctes: readonly string[], select: string): string {
  return `WITH\n${ctes.join(",\n")}\n${select}\n`;
}

/** How type-7 quantiles are computed. */
export type QuantileForm = "native" | "explicit";

/**
 * Default quantile form per dialect: the engine's own percentile where it interpolates as the library
 * (PostgreSQL). DuckDB's `quantile_cont` does not for tied order statistics at a fractional position
 * (x·(1 − h) + x·h: 53.379999999999995 for 53.38 at h = 0.4000000000000001), which moves a customer
 * sitting on the edge up a score.
 */
export function defaultQuantiles(dialect: SqlDialect): QuantileForm {
  return dialect === "postgres" ? "native" : "explicit";
}

/** One set of quantiles to compute: probabilities j/k over a value column of a table. */
export interface QuantileRequest {
  /** Prefix of the output columns (`<key>1`, `<key>2`, ...). */
  key: string;
  /** DOUBLE expression of the value in `table`. */
  value: string;
  /** Probabilities as [j, k] pairs (p = j / k, computed by the engine in double). */
  probs: readonly (readonly [number, number])[];
}

/**
 * CTEs that compute type-7 quantiles of each request into one row `name` with columns `<key><i>`
 * (1-based). `native` uses the engine's percentile function; `explicit` selects the order
 * statistics by ROW_NUMBER and interpolates as the library does: x[lo] + (x[hi] − x[lo])·(h − lo),
 * h = (n − 1)·p.
 */
export function quantileCtes(ctx: SqlContext, form: QuantileForm, table: string, requests: readonly QuantileRequest[], name: string): string[] {
  const d = ctx.d;
  const dbl = d.double;
  if (form === "native") {
    if (d.percentileAggregate) {
      const cols = requests.flatMap((r) => r.probs.map(([j, k], i) => `    ${d.percentileAggregate!(r.value, ctx.ratio(j, k))} AS ${r.key}${i + 1}`));
      return [[`${name} AS (`, `  SELECT`, cols.join(",\n"), `  FROM ${table}`, `)`].join("\n")];
    }
    // BigQuery: PERCENTILE_CONT is an analytic function; every row holds the same value.
    const inner = requests.flatMap((r) => r.probs.map(([j, k], i) => `      PERCENTILE_CONT(${r.value}, ${ctx.ratio(j, k)}) OVER () AS ${r.key}${i + 1}`));
    const outer = requests.flatMap((r) => r.probs.map((_, i) => `    ANY_VALUE(${r.key}${i + 1}) AS ${r.key}${i + 1}`));
    return [[`${name} AS (`, `  SELECT`, outer.join(",\n"), `  FROM (`, `    SELECT`, inner.join(",\n"), `    FROM ${table}`, `  ) AS crm_window`, `)`].join("\n")];
  }
  const ctes: string[] = [];
  ctes.push(`${name}_n AS (\n  SELECT COUNT(*) AS n FROM ${table}\n)`);
  const finals: string[] = [];
  for (const r of requests) {
    ctes.push(
      [
        `${name}_${r.key}_pos AS (`,
        `  SELECT ${r.value} AS v, ROW_NUMBER() OVER (ORDER BY ${r.value}) - 1 AS pos`,
        `  FROM ${table}`,
        `)`,
      ].join("\n"),
    );
    const h = (i: number) => `h${i + 1}`;
    const hs = r.probs.map(([j, k], i) => `      CAST(n - 1 AS ${dbl}) * (${ctx.ratio(j, k)}) AS ${h(i)}`);
    const picks = r.probs.flatMap((_, i) => [
      `    MAX(CASE WHEN p.pos = FLOOR(q.${h(i)}) THEN p.v END) AS lo${i + 1}`,
      `    MAX(CASE WHEN p.pos = CEIL(q.${h(i)}) THEN p.v END) AS hi${i + 1}`,
      `    MAX(q.${h(i)} - FLOOR(q.${h(i)})) AS t${i + 1}`,
    ]);
    ctes.push(
      [
        `${name}_${r.key} AS (`,
        `  SELECT`,
        picks.join(",\n"),
        `  FROM ${name}_${r.key}_pos AS p`,
        `  CROSS JOIN (`,
        `    SELECT`,
        hs.join(",\n"),
        `    FROM ${name}_n`,
        `  ) AS q`,
        `)`,
      ].join("\n"),
    );
    r.probs.forEach((_, i) => {
      const n = i + 1;
      finals.push(`    ${name}_${r.key}.lo${n} + (${name}_${r.key}.hi${n} - ${name}_${r.key}.lo${n}) * ${name}_${r.key}.t${n} AS ${r.key}${n}`);
    });
  }
  ctes.push([`${name} AS (`, `  SELECT`, finals.join(",\n"), `  FROM ${requests.map((r) => `${name}_${r.key}`).join(" CROSS JOIN ")}`, `)`].join("\n"));
  return ctes;
}
