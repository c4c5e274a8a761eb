import { z } from "zod";
import { prepare, withCtes } from "./builder.js";
import { btydCtes, btydPeriodShape, type BtydSummarySqlOptions } from "./btydSummarySql.js";
import { rejectMonetary } from "./periodIndicatorsSql.js";
import type { SqlQuery } from "./types.js";

/** Options of {@link btydTriplesSql}: those of `btydSummarySql`, and whether `monetaryValue` is part of the key. */
export interface BtydTriplesSqlOptions extends Omit<BtydSummarySqlOptions, "calibrationEnd"> {
  /**
   * Group by (frequency, recency, T, monetaryValue) instead of (frequency, recency, T), with a
   * `monetaryValue` column (default false). Gamma-Gamma's likelihood is not a function of summed mean
   * spends, so its fit needs the customers' own values: this grouping keeps them (and is as exact), at
   * the cost of about one group per repeat buyer.
   */
  byMonetaryValue?: boolean;
}

/** Result columns of {@link btydTriplesSql} (with `byMonetaryValue`, `monetaryValue` follows `T`). */
export const BTYD_TRIPLES_SQL_COLUMNS = Object.freeze(["frequency", "recency", "T", "count", "monetaryValueSum", "spend"] as const);

const triplesShape = {
  ...btydPeriodShape,
  byMonetaryValue: z.boolean().optional(),
};

/**
 * SQL that groups `btydSummarySql`'s customers by distinct (frequency, recency, T): one row per triple
 * with `count` (customers), `monetaryValueSum` (their summed `monetaryValue`, for expected spend per
 * triple) and `spend` (their summed net spend up to asOf: purchases plus the refunds that count), ordered
 * by frequency, recency, T. The BTYD purchase models' likelihoods are sums over customers of a term
 * of (frequency, recency, T) alone, so a fit on the triples weighted by `count` is the fit on the
 * customers. With `wholePeriods: true` (whole calendar weeks, lifetimes' `freq="W"`) frequency,
 * recency and T are integers with 0 ≤ frequency ≤ recency ≤ T < W for a window touching W weeks, so
 * there are at most W(W+1)(W+2)/6 triples whatever the number of customers (in days / 7 the count
 * grows with the customers). With `byMonetaryValue` the key includes `monetaryValue`, as Gamma-Gamma needs.
 * Same definitions and options as `btydSummarySql` (see docs/sql.md).
 *
 * @returns `{ sql, params, dialect, columns }`; `asOf` and `timeZone` are bound unless `inline: true`.
 * @throws {TypeError | RangeError} On bad options, prefixed `btydTriplesSql:` (those of `btydSummarySql`,
 *   a non-boolean `byMonetaryValue`).
 *
 * @example
 * const q = btydTriplesSql({
 *   dialect: "bigquery",
 *   table: ["shop", "orders"],
 *   columns: { customerId: "customer", date: "day", amount: "amount" },
 *   asOf: "2024-06-30",
 *   period: "day",
 * });
 * q.columns; //=> ["frequency", "recency", "T", "count", "monetaryValueSum", "spend"]
 * q.sql.includes("GROUP BY frequency, recency, t_age"); //=> true
 * btydTriplesSql({ dialect: "duckdb", table: "orders", columns: { customerId: "c", date: "d", amount: "a" }, asOf: "2024-06-30", period: "week", byMonetaryValue: true }).columns;
 * //=> ["frequency", "recency", "T", "monetaryValue", "count", "monetaryValueSum", "spend"]
 */
export function btydTriplesSql(options: BtydTriplesSqlOptions): SqlQuery {
  const fn = "btydTriplesSql";
  rejectMonetary(fn, options);
  const { ctx, opts } = prepare<BtydTriplesSqlOptions, typeof triplesShape>(fn, options, triplesShape);
  const ctes = btydCtes(ctx, opts);
  const byM = opts.byMonetaryValue ?? false;
  const d = ctx.d;
  const a = (n: string) => ctx.alias(n);
  const key = byM ? "frequency, recency, t_age, monetary_value" : "frequency, recency, t_age";
  const select = [
    `SELECT`,
    `  frequency AS ${a("frequency")},`,
    `  recency AS ${a("recency")},`,
    `  t_age AS ${a("T")},`,
    ...(byM ? [`  monetary_value AS ${a("monetaryValue")},`] : []),
    `  CAST(COUNT(*) AS ${d.int}) AS ${a("count")},`,
    `  SUM(monetary_value) AS ${a("monetaryValueSum")},`,
    `  CAST(SUM(net) AS ${d.double}) AS ${a("spend")}`,
    `FROM crm_btyd`,
    `GROUP BY ${key}`,
    `ORDER BY ${key}`,
  ].join("\n");
  const columns: string[] = [...BTYD_TRIPLES_SQL_COLUMNS];
  if (byM) columns.splice(3, 0, "monetaryValue");
  return ctx.finish(withCtes(ctes, select), columns);
}
