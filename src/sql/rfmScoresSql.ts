import { defaultQuantiles, prepare, summaryCtes, withCtes } from "./builder.js";
import { cellExpression, planSqlScoring, scoreCtes, sqlScoringShape, type SqlScoringOptions } from "./scoring.js";
import type { SqlQuery, TransactionSqlOptions } from "./types.js";

/** Options of {@link rfmScoresSql}: the transaction table plus `scoreRfm`'s scoring options. */
export interface RfmScoresSqlOptions extends TransactionSqlOptions, SqlScoringOptions {}

/**
 * SQL that scores every customer 1..bins on recency, frequency and monetary value in a warehouse,
 * as `scoreRfm` does on the summaries of {@link summarySql}. Result columns are the fields of
 * `RfmScore`: `customerId`, `recencyDays`, `frequency`, `monetary`, `r`, `f`, `m`, `cell`.
 *
 * - `method: "quantile"` (default): inner edges are type-7 quantiles at j/bins, computed as
 *   x[lo] + (x[hi] − x[lo])·h like the library: PostgreSQL's `percentile_cont` interpolates in
 *   exactly that form; for DuckDB, Spark and BigQuery the order statistics are picked by ROW_NUMBER
 *   and interpolated in the query (DuckDB's `quantile_cont` and Spark's `percentile` use other,
 *   last-bit-different forms, and BigQuery's `PERCENTILE_CONT` is a window function). Bins are
 *   right-closed: a value equal to an edge takes the lower score, ties share a score, duplicate
 *   edges leave empty scores.
 * - `method: "rank"`: `NTILE(bins) OVER (ORDER BY value, customerId)`, ids in byte order (PostgreSQL:
 *   `COLLATE "C"`), the first `n mod bins` scores one customer larger, as the library.
 * - `breaks`: given inner edges per dimension (bound as parameters), right-closed.
 * - Recency is reversed: the fewest days get the highest `r`.
 *
 * @param options - The options of {@link summarySql} plus `bins`, `breaks`, `method`, `quantiles`.
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
  const a = (n: string) => ctx.alias(n);
  const int = ctx.d.int;
  const select = [
    `SELECT`,
    `  customer_id AS ${a("customerId")},`,
    `  recency_days AS ${a("recencyDays")},`,
    `  frequency AS ${a("frequency")},`,
    `  monetary AS ${a("monetary")},`,
    `  CAST(r AS ${int}) AS ${a("r")},`,
    `  CAST(f AS ${int}) AS ${a("f")},`,
    `  CAST(m AS ${int}) AS ${a("m")},`,
    `  ${cellExpression(ctx, plan)} AS ${a("cell")}`,
    `FROM crm_scores`,
    `ORDER BY customer_id${ctx.d.binaryCollation}`,
  ].join("\n");
  return ctx.finish(withCtes(ctes, select), ["customerId", "recencyDays", "frequency", "monetary", "r", "f", "m", "cell"]);
}
