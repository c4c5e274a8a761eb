import { prepare, summaryCtes, withCtes } from "./builder.js";
import type { SqlQuery, TransactionSqlOptions } from "./types.js";

/** Options of {@link abcValuesSql}: the transaction table, as {@link summarySql}. */
export type AbcValuesSqlOptions = TransactionSqlOptions;

/**
 * SQL for the value histogram of the customers: each distinct `monetary` value of the summaries of
 * `summarySql` with its number of customers, highest value first. The computed ABC analysis (Ultsch &
 * Lötsch) cuts where a spline through the whole value curve bends, which SQL cannot express; its
 * limits are computed in memory from these rows, and `abcClassesSql({ method: "computed", values })`
 * classifies in the warehouse with them. One row per distinct value: as many as customers at worst.
 *
 * @returns `{ sql, params, dialect, columns }`; columns `value`, `customers`.
 * @throws {TypeError | RangeError} On bad options, prefixed `abcValuesSql:` (those of `summarySql`).
 *
 * @example
 * const q = abcValuesSql({ dialect: "postgres", table: "orders", columns: { customerId: "c", date: "d", amount: "a" }, asOf: "2024-06-30" });
 * q.columns; //=> ["value", "customers"]
 * q.sql.includes("GROUP BY monetary"); //=> true
 *
 * @see Ultsch, A. & Lötsch, J. (2015). Computed ABC Analysis for Rational Selection of Most Informative
 *   Variables in Multivariate Data. PLoS ONE 10(6): e0129767.
 */
export function abcValuesSql(options: AbcValuesSqlOptions): SqlQuery {
  const fn = "abcValuesSql";
  const { ctx, opts } = prepare<AbcValuesSqlOptions, Record<string, never>>(fn, options, {});
  const { ctes } = summaryCtes(ctx, opts);
  const select = [
    `SELECT monetary AS ${ctx.alias("value")}, CAST(COUNT(*) AS ${ctx.d.int}) AS ${ctx.alias("customers")}`,
    `FROM crm_summary`,
    `GROUP BY monetary`,
    `ORDER BY monetary DESC`,
  ].join("\n");
  return ctx.finish(withCtes(ctes, select), ["value", "customers"]);
}
