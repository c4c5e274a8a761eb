/** SQL dialects the `crm-analytics/sql` functions emit. */
export type SqlDialect = "duckdb" | "postgres" | "spark" | "bigquery";

/** A table: one name, or its qualified parts (`["analytics", "orders"]`), or a query of your own. */
export type SqlSource =
  | string
  | readonly string[]
  | {
      /**
       * A `SELECT` whose result is used as the transaction table. Inserted verbatim (in parentheses):
       * it is your SQL, never build it from untrusted input.
       */
      query: string;
    };

/** Where the transaction fields are in the table: one column name each. */
export interface SqlTransactionColumns {
  customerId: string;
  /** A DATE, a TIMESTAMP (wall-clock time: its date part), or an instant with `timeZone` set. */
  date: string;
  /** Net amount: negative rows are refunds (see `refunds`). */
  amount: string;
  /** Optional order id: `frequency` then counts distinct orders instead of purchase rows. */
  orderId?: string;
}

/** A bound value of an emitted query. */
export interface SqlParameter {
  /** Name: the placeholder is `:name` (Spark) or `@name` (BigQuery); `$index` (1-based) in DuckDB and PostgreSQL. */
  name: string;
  /** 1-based position, for the `$n` placeholders of DuckDB and PostgreSQL. */
  index: number;
  /** ISO date text for dates, a number for doubles, text otherwise. */
  value: string | number;
  /** SQL type the placeholder is cast to. */
  type: "DATE" | "DOUBLE" | "TEXT";
}

/** An emitted query: SQL text, bound parameters, and the names of the result columns in order. */
export interface SqlQuery {
  sql: string;
  /**
   * Parameters to bind, in placeholder order (empty with `inline: true`). DuckDB and PostgreSQL:
   * `params.map((p) => p.value)` as positional values; Spark and BigQuery: by name.
   */
  params: SqlParameter[];
  dialect: SqlDialect;
  /** Result column names, in order: the field names of the library's records. */
  columns: string[];
}

/** Options every `*Sql` function takes: the transaction table and how to read it. */
export interface TransactionSqlOptions {
  dialect: SqlDialect;
  /** The transactions: a table name, its qualified parts, or `{ query }`. */
  table: SqlSource;
  columns: SqlTransactionColumns;
  /** The analysis date (`YYYY-MM-DD` or a `Date`, read as its UTC day). */
  asOf: string | Date;
  /**
   * Negative amounts: `"net"` (default) reduces `monetary` but is not a purchase (no order, dates
   * unchanged; customers with refunds only are left out); `"exclude"` drops them.
   */
  refunds?: "net" | "exclude";
  /**
   * Rows dated after `asOf`, and rows with a NULL (or blank) customer id, a NULL date, amount or
   * order id: `"error"` (default, as the library) makes the query fail with a message naming the
   * problem; `"ignore"` filters rows after `asOf` out (NULLs still fail: filter them in a `query`).
   */
  afterAsOf?: "error" | "ignore";
  /**
   * IANA zone in which an instant column (TIMESTAMP WITH TIME ZONE; BigQuery/Spark TIMESTAMP)
   * becomes a calendar day. Leave it out for DATE columns and wall-clock TIMESTAMPs (their date part).
   */
  timeZone?: string;
  /** `monetary` as the net total (`"sum"`, default) or the mean per order (`"mean"`). */
  monetary?: "sum" | "mean";
  /**
   * Decimal places amounts are summed with (exact DECIMAL/NUMERIC sums), 0..9, default 4. Each
   * amount is rounded to this many places first.
   */
  amountScale?: number;
  /** Write every value as an escaped literal instead of a placeholder (for clients without binding). */
  inline?: boolean;
}
