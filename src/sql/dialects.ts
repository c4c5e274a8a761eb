import type { SqlDialect } from "./types.js";

/**
 * What differs between the engines, as small SQL fragment builders. Everything else the emitted
 * queries use (CTEs, CASE, window functions with ROW_NUMBER/RANK/NTILE/SUM, COUNT(DISTINCT)) is
 * common to the four.
 */
export interface DialectSpec {
  readonly name: SqlDialect;
  /** Quotes one identifier part (input already validated: no control characters). */
  quote(part: string): string;
  /** Placeholder of the parameter at 1-based `index` named `name`. */
  placeholder(index: number, name: string): string;
  readonly text: string;
  readonly double: string;
  readonly int: string;
  /** Exact decimal of an amount rounded to `scale` places. */
  decimal(expr: string, scale: number): string;
  /** Whole days from `from` to `to` (DATE values): `to − from`. */
  daysBetween(from: string, to: string): string;
  /** ISO `YYYY-MM-DD` text of a DATE. */
  isoDate(expr: string): string;
  /** Calendar day of a DATE or wall-clock TIMESTAMP column. */
  dayOf(expr: string): string;
  /** Calendar day of an instant in the zone given by the SQL text expression `zone`. */
  dayInZone(expr: string, zone: string): string;
  /** `date` plus `n` days (n an integer expression, may be negative). */
  addDays(date: string, n: string): string;
  /** The DATE of integer year, month and day expressions. */
  makeDate(y: string, m: string, d: string): string;
  /** `SELECT <lo..hi, one row each> AS k FROM <from>` (lo, hi: integer columns of the one-row `from`). */
  series(lo: string, hi: string, from: string): string;
  /** An expression that fails the query with `message` (a text expression); typed as `type` where needed. */
  raise(message: string, type: "DATE" | "DOUBLE"): string;
  /** Type-7 quantile at probability `p` (a DOUBLE expression) of `value` as an aggregate, or null when not an aggregate. */
  percentileAggregate: ((value: string, p: string) => string) | null;
  /** Collation clause for ordering ids by their UTF-8 bytes ("" when that is the default). */
  readonly binaryCollation: string;
  /**
   * Aggregate: `value` of the group's row with the smallest `key` (keys unique within a group), or null
   * where the engine has none (a window function is used instead).
   */
  firstBy: ((value: string, key: string) => string) | null;
}

const doubleQuote = (part: string) => `"${part.replaceAll('"', '""')}"`;

const DUCKDB: DialectSpec = {
  name: "duckdb",
  quote: doubleQuote,
  placeholder: (index) => `$${index}`,
  text: "VARCHAR",
  double: "DOUBLE",
  int: "INTEGER",
  decimal: (expr, scale) => `CAST(${expr} AS DECIMAL(38, ${scale}))`,
  daysBetween: (from, to) => `date_diff('day', ${from}, ${to})`,
  isoDate: (expr) => `strftime(${expr}, '%Y-%m-%d')`,
  dayOf: (expr) => `CAST(${expr} AS DATE)`,
  // timezone(zone, TIMESTAMPTZ) is the wall-clock TIMESTAMP in that zone (ICU extension, bundled).
  dayInZone: (expr, zone) => `CAST(timezone(${zone}, CAST(${expr} AS TIMESTAMPTZ)) AS DATE)`,
  addDays: (date, n) => `(${date} + CAST(${n} AS INTEGER))`,
  makeDate: (y, m, d) => `make_date(CAST(${y} AS INTEGER), CAST(${m} AS INTEGER), CAST(${d} AS INTEGER))`,
  series: (lo, hi, from) => `SELECT UNNEST(generate_series(${lo}, ${hi})) AS k FROM ${from}`,
  raise: (message) => `error(${message})`,
  percentileAggregate: (value, p) => `quantile_cont(${value}, ${p})`,
  binaryCollation: "",
  firstBy: (value, key) => `arg_min(${value}, ${key})`,
};

const POSTGRES: DialectSpec = {
  name: "postgres",
  quote: doubleQuote,
  placeholder: (index) => `$${index}`,
  text: "TEXT",
  double: "DOUBLE PRECISION",
  int: "INTEGER",
  decimal: (expr, scale) => `CAST(${expr} AS NUMERIC(38, ${scale}))`,
  daysBetween: (from, to) => `(${to} - ${from})`,
  // to_char, not a cast: a DATE's text form follows the session's DateStyle.
  isoDate: (expr) => `to_char(${expr}, 'YYYY-MM-DD')`,
  dayOf: (expr) => `CAST(${expr} AS DATE)`,
  dayInZone: (expr, zone) => `CAST((${expr} AT TIME ZONE ${zone}) AS DATE)`,
  // PostgreSQL has no error function usable in a query: a failing cast of the (row-dependent, so
  // never constant-folded) message text raises "invalid input syntax for type ...: <message>".
  addDays: (date, n) => `(${date} + CAST(${n} AS INTEGER))`,
  makeDate: (y, m, d) => `make_date(CAST(${y} AS INTEGER), CAST(${m} AS INTEGER), CAST(${d} AS INTEGER))`,
  series: (lo, hi, from) => `SELECT generate_series(${lo}, ${hi}) AS k FROM ${from}`,
  raise: (message, type) => `CAST(${message} AS ${type === "DATE" ? "DATE" : "DOUBLE PRECISION"})`,
  percentileAggregate: (value, p) => `percentile_cont(${p}) WITHIN GROUP (ORDER BY ${value})`,
  binaryCollation: ' COLLATE "C"',
  firstBy: null,
};

const SPARK: DialectSpec = {
  name: "spark",
  quote: (part) => `\`${part.replaceAll("`", "``")}\``,
  placeholder: (_index, name) => `:${name}`,
  text: "STRING",
  double: "DOUBLE",
  int: "INT",
  decimal: (expr, scale) => `CAST(${expr} AS DECIMAL(38, ${scale}))`,
  daysBetween: (from, to) => `datediff(${to}, ${from})`,
  isoDate: (expr) => `date_format(${expr}, 'yyyy-MM-dd')`,
  dayOf: (expr) => `CAST(${expr} AS DATE)`,
  // Shifts the instant by the zone's offset; the date is then read in the session time zone,
  // which must be UTC for this to be the calendar day in `zone` (see docs/sql.md).
  dayInZone: (expr, zone) => `to_date(from_utc_timestamp(${expr}, ${zone}))`,
  addDays: (date, n) => `date_add(${date}, CAST(${n} AS INT))`,
  makeDate: (y, m, d) => `make_date(CAST(${y} AS INT), CAST(${m} AS INT), CAST(${d} AS INT))`,
  series: (lo, hi, from) => `SELECT explode(sequence(${lo}, ${hi})) AS k FROM ${from}`,
  raise: (message) => `raise_error(${message})`,
  // Spark's percentile() interpolates as (hi − pos)·lo + (pos − lo)·hi, which can differ from
  // the library in the last bit: the explicit order-statistic form is used by default.
  percentileAggregate: (value, p) => `percentile(${value}, ${p})`,
  binaryCollation: "",
  firstBy: (value, key) => `min_by(${value}, ${key})`,
};

const BIGQUERY: DialectSpec = {
  name: "bigquery",
  // Quoted identifiers take string-literal escapes: backslash and backtick are escaped.
  quote: (part) => `\`${part.replaceAll("\\", "\\\\").replaceAll("`", "\\`")}\``,
  placeholder: (_index, name) => `@${name}`,
  text: "STRING",
  double: "FLOAT64",
  int: "INT64",
  // NUMERIC has a fixed scale of 9; ROUND brings the amount to `scale` places.
  decimal: (expr, scale) => `ROUND(CAST(${expr} AS NUMERIC), ${scale})`,
  daysBetween: (from, to) => `DATE_DIFF(${to}, ${from}, DAY)`,
  isoDate: (expr) => `FORMAT_DATE('%Y-%m-%d', ${expr})`,
  dayOf: (expr) => `CAST(${expr} AS DATE)`,
  dayInZone: (expr, zone) => `DATE(${expr}, ${zone})`,
  addDays: (date, n) => `DATE_ADD(${date}, INTERVAL (${n}) DAY)`,
  makeDate: (y, m, d) => `DATE(CAST(${y} AS INT64), CAST(${m} AS INT64), CAST(${d} AS INT64))`,
  series: (lo, hi, from) => `SELECT k FROM ${from} CROSS JOIN UNNEST(GENERATE_ARRAY(${lo}, ${hi})) AS k`,
  raise: (message) => `ERROR(${message})`,
  // PERCENTILE_CONT is only an analytic (window) function in BigQuery.
  percentileAggregate: null,
  binaryCollation: "",
  firstBy: (value, key) => `ANY_VALUE(${value} HAVING MIN ${key})`,
};

/** The spec of a dialect. */
export const DIALECTS: Readonly<Record<SqlDialect, DialectSpec>> = Object.freeze({
  duckdb: DUCKDB,
  postgres: POSTGRES,
  spark: SPARK,
  bigquery: BIGQUERY,
});
