import { defaultQuantiles, prepare, summaryCtes, withCtes } from "./builder.js";
import { planSqlScoring, scoreCtes, scoreSelectItems, sqlScoringShape, type SqlScoringOptions } from "./scoring.js";
import type { SqlQuery, TransactionSqlOptions } from "./types.js";

/** Options of {@link rfmScoresSql}: the transaction table plus `scoreRfm`'s scoring options. */
export interface RfmScoresSqlOptions extends TransactionSqlOptions, SqlScoringOptions {}

/**
 * SQL that scores every customer 1..bins on recency, frequency and monetary value in a warehouse, as
 * `scoreRfm` does on the summaries of {@link summarySql}; result columns are the fields of `RfmScore`.
 * `method: "quantile"` (default) cuts at type-7 edges (docs/glossary.md) computed
 * in the library's exact form, right-closed; `"rank"` is `NTILE` ordered by value then customer id;
 * `breaks` are given edges. Recency is reversed. Per-dialect details: docs/sql.md.
 *
 * @returns `{ sql, params, dialect, columns }`.
 * @throws {TypeError | RangeError} On bad options, prefixed `rfmScoresSql:` (bins outside 2..10,
 *   breaks not increasing, and those of {@link summarySql}).
 *
 * @example
 * const q = rfmScoresSql({
 *   dialect: "bigquery",
 *   table: ["my-project", "shop", "orders"],
 *   columns: { customerId: "customer_id", date: "ordered_at", amount: "amount" },
 *   asOf: "2024-06-30",
 *   timeZone: "Europe/Berlin",
 *   bins: 4,
 * });
 * q.columns; //=> ["customerId", "recencyDays", "frequency", "monetary", "r", "f", "m", "cell"]
 * q.params.map((p) => p.name); //=> ["asOf", "timeZone"]
 * q.sql.includes("DATE(`ordered_at`, CAST(@timeZone AS STRING))"); //=> true
 *
 * @see Hughes, A. M. (1994). *Strategic Database Marketing*. Probus.
 * @see Hyndman, R. J. & Fan, Y. (1996). Sample quantiles in statistical packages. The American Statistician 50(4).
 */
export function rfmScoresSql(options: RfmScoresSqlOptions): SqlQuery {
  const fn = "rfmScoresSql";
  const { ctx, opts } = prepare<RfmScoresSqlOptions, typeof sqlScoringShape>(fn, options, sqlScoringShape);
  const plan = planSqlScoring(fn, opts);
  const { ctes } = summaryCtes(ctx, opts);
  ctes.push(...scoreCtes(ctx, plan, opts.quantiles ?? defaultQuantiles(opts.dialect)));
  const select = [
    `SELECT`,
    scoreSelectItems(ctx, plan).join(",\n"),
    `FROM crm_scores`,
    `ORDER BY customer_id${ctx.d.binaryCollation}`,
  ].join("\n");
  return ctx.finish(withCtes(ctes, select), ["customerId", "recencyDays", "frequency", "monetary", "r", "f", "m", "cell"]);
}
