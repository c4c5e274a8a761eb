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
 * SQL that computes customer summaries in a warehouse exactly as `summarizeTransactions` defines them,
 * one row per customer with the fields of `CustomerSummary`, ready for `scoreRfm`, `segmentRfm` or
 * `classifyAbc`. Amounts are summed as exact decimals (`amountScale` places); rows are ordered by
 * `customerId` (byte order). Rows after `asOf` and NULL fields make the query fail with a message, as
 * the library throws. Dialect details (dates, zones, decimal sums): docs/sql.md.
 *
 * @returns `{ sql, params, dialect, columns }`; `asOf` and `timeZone` are bound unless `inline: true`.
 * @throws {TypeError | RangeError} On bad options (unknown dialect or option, identifiers with control
 *   characters, an impossible `asOf`, an unknown time zone), prefixed `summarySql:`.
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
