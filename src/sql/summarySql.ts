import { prepare, summaryCtes, withCtes } from "./builder.js";
import type { SqlQuery, TransactionSqlOptions } from "./types.js";

/** Options of {@link summarySql}: the transaction table and how to read it. */
export type SummarySqlOptions = TransactionSqlOptions;

/** Result columns of {@link summarySql}: the fields of `CustomerSummary`. */
export const SUMMARY_SQL_COLUMNS = Object.freeze([
  "customerId",
  "firstPurchase",
  "lastPurchase",
  "recencyDays",
  "frequency",
  "monetary",
  "tenureDays",
  "averageOrderValue",
] as const);

/**
 * SQL that computes customer summaries in a warehouse exactly as `summarizeTransactions` defines
 * them: one row per customer with `customerId`, `firstPurchase`, `lastPurchase` (ISO date text),
 * `recencyDays` and `tenureDays` (whole calendar days to `asOf`), `frequency` (distinct orders when
 * `orderId` is mapped, else purchase rows), `monetary` (net total, or mean per order) and
 * `averageOrderValue`. The rows can go straight into `scoreRfm`, `segmentRfm`, `classifyAbc`.
 *
 * - Refunds (negative amounts) under `refunds: "net"` reduce the total but are not purchases: no
 *   order, dates unchanged; customers with refunds only are left out. `"exclude"` drops them.
 * - Amounts are summed as exact decimals (`amountScale` places, default 4) and returned as DOUBLE,
 *   so totals are exact to the cent; the library sums doubles with compensation, so the two agree
 *   to the cent (and to the last bit whenever the amounts are exact binary fractions).
 * - Rows after `asOf`, and NULL ids, dates, amounts or order ids, make the query fail with a message
 *   (as the library throws); `afterAsOf: "ignore"` filters rows after `asOf` out instead.
 * - Rows are ordered by `customerId` (byte order); the library keeps first-appearance order.
 *
 * Parameters: `asOf` (and `timeZone`) are bound (`$1` in DuckDB/PostgreSQL, `:asOf` in Spark,
 * `@asOf` in BigQuery) unless `inline: true`. Identifiers are quoted and checked.
 *
 * @param options - `dialect`, `table`, `columns`, `asOf` (required); `refunds`, `afterAsOf`,
 *   `timeZone`, `monetary`, `amountScale`, `inline`.
 * @returns `{ sql, params, dialect, columns }`.
 * @throws {TypeError | RangeError} On bad options (unknown dialect, identifiers with control
 *   characters, a dotted table string, an impossible `asOf`, an unknown time zone), prefixed `summarySql:`.
 *
 * @example
 * const q = summarySql({
 *   dialect: "postgres",
 *   table: ["shop", "orders"],
 *   columns: { customerId: "cust_id", date: "order_date", amount: "total", orderId: "invoice" },
 *   asOf: "2024-06-30",
 * });
 * q.columns;
 * //=> ["customerId", "firstPurchase", "lastPurchase", "recencyDays", "frequency", "monetary", "tenureDays", "averageOrderValue"]
 * q.params; //=> [{ name: "asOf", index: 1, value: "2024-06-30", type: "DATE" }]
 * q.sql.includes('FROM "shop"."orders"'); //=> true
 *
 * @see Hughes, A. M. (1994). *Strategic Database Marketing*. Probus. (recency, frequency, monetary)
 * @see docs/sql.md for each dialect's date arithmetic, decimal sums and time zones.
 */
export function summarySql(options: SummarySqlOptions): SqlQuery {
  const fn = "summarySql";
  const { ctx, opts } = prepare<SummarySqlOptions, {}>(fn, options, {});
  const { ctes } = summaryCtes(ctx, opts);
  const a = (n: string) => ctx.alias(n);
  const select = [
    `SELECT`,
    `  customer_id AS ${a("customerId")},`,
    `  ${ctx.d.isoDate("first_day")} AS ${a("firstPurchase")},`,
    `  ${ctx.d.isoDate("last_day")} AS ${a("lastPurchase")},`,
    `  recency_days AS ${a("recencyDays")},`,
    `  frequency AS ${a("frequency")},`,
    `  monetary AS ${a("monetary")},`,
    `  tenure_days AS ${a("tenureDays")},`,
    `  average_order_value AS ${a("averageOrderValue")}`,
    `FROM crm_summary`,
    `ORDER BY customer_id${ctx.d.binaryCollation}`,
  ].join("\n");
  return ctx.finish(withCtes(ctes, select), [...SUMMARY_SQL_COLUMNS]);
}
