import { z } from "zod";
import { prepare, summaryCtes, withCtes, type SqlContext, type transactionSqlOptionsSchema } from "./builder.js";
import { decimalZero, rejectMonetary, weekIndex } from "./periodIndicatorsSql.js";
import type { SqlQuery, TransactionSqlOptions } from "./types.js";

/**
 * Options of {@link btydSummarySql}: the transaction table (without `monetary`, a summary option) and
 * the models' time unit, as `toBtydSummary`.
 */
export interface BtydSummarySqlOptions extends Omit<TransactionSqlOptions, "monetary"> {
  /** Time unit of recency and T: `"day"` (whole days, integers) or `"week"` (days / 7, doubles). Required. */
  period: "day" | "week";
  /**
   * With `period: "week"`, count whole calendar weeks as `toBtydSummary`'s `wholePeriods` (lifetimes'
   * `freq="W"`): dates become their week first; frequency, recency and T are integers and
   * `monetaryValue` is the mean total of the repeat purchase weeks (default false). Whole weeks bound
   * the number of distinct (frequency, recency, T) by the observation window.
   */
  wholePeriods?: boolean;
  /** First weekday of the weeks with `wholePeriods` (0 = Sunday … 6 = Saturday; default 1, Monday, pandas' `"W"`). */
  weekStartsOn?: number;
}

/** Result columns of {@link btydSummarySql}: the fields of `BtydSummaryCustomer` without calibration/holdout. */
export const BTYD_SUMMARY_SQL_COLUMNS = Object.freeze(["customerId", "frequency", "recency", "T", "monetaryValue"] as const);

/** zod shape of {@link BtydSummarySqlOptions}' own key. */
export const btydPeriodShape = {
  period: z.enum(["day", "week"]),
  wholePeriods: z.boolean().optional(),
  weekStartsOn: z.number().int().min(0).max(6).optional(),
};

/** Parsed options the BTYD CTEs need. */
type BtydOpts = z.output<typeof transactionSqlOptionsSchema> & { period: "day" | "week"; wholePeriods?: boolean; weekStartsOn?: number };

/**
 * The CTEs of the BTYD summary, ending in `crm_btyd` with columns customer_id, frequency (INT), recency,
 * T (INT in days, DOUBLE in weeks), monetary_value (DOUBLE) and net (exact decimal: purchases plus the
 * refunds that count, the customer's net spend), one row per customer with a purchase:
 *
 * - `crm_btyd_days`: purchase rows (amount ≥ 0) merged per customer and day (day totals, exact decimals);
 *   with whole weeks, per customer and week (tx_day is then the week number of `periodCalendar`);
 * - `crm_btyd_refunds` (with `refunds: "net"`): refunds per customer, whatever their date;
 * - `crm_btyd_customers`: first and last purchase day, repeat days, gross and repeat-day totals.
 */
export function btydCtes(ctx: SqlContext, opts: BtydOpts): string[] {
  const d = ctx.d;
  const dbl = d.double;
  const { ctes: summary, asOf: asOfIso } = summaryCtes(ctx, opts);
  const asOf = ctx.date("asOf", asOfIso);
  const ctes = summary.slice(0, 2); // crm_rows, crm_checked: the same reading, checks and afterAsOf
  const net = opts.refunds !== "exclude";
  const whole = opts.wholePeriods === true && opts.period === "week";
  if (opts.weekStartsOn !== undefined && !whole) throw new TypeError(`${ctx.fn}: options.weekStartsOn needs period: "week" and wholePeriods: true`);
  const weekOf = (day: string) => weekIndex(ctx, day, opts.weekStartsOn ?? 1);
  const span = (from: string, to: string, toIsDay = false) =>
    whole
      ? `CAST(${toIsDay ? weekOf(to) : to} - ${from} AS ${d.int})`
      : opts.period === "week"
        ? `CAST(${d.daysBetween(from, to)} AS ${dbl}) / 7`
        : `CAST(${d.daysBetween(from, to)} AS ${d.int})`;
  const key = whole ? weekOf("tx_day") : "tx_day";
  const zero = decimalZero(ctx, opts);
  ctes.push(
    [
      `crm_btyd_days AS (`,
      `  SELECT customer_id, ${whole ? `${key} AS tx_day` : "tx_day"}, SUM(amount) AS day_total`,
      `  FROM crm_checked`,
      `  WHERE refund = 0`,
      `  GROUP BY customer_id, ${key}`,
      `)`,
    ].join("\n"),
  );
  if (net) {
    ctes.push([`crm_btyd_refunds AS (`, `  SELECT customer_id, SUM(amount) AS refunds`, `  FROM crm_checked`, `  WHERE refund = 1`, `  GROUP BY customer_id`, `)`].join("\n"));
  }
  ctes.push(
    [
      `crm_btyd_firsts AS (`,
      `  SELECT customer_id, tx_day, day_total, MIN(tx_day) OVER (PARTITION BY customer_id) AS first_day`,
      `  FROM crm_btyd_days`,
      `)`,
    ].join("\n"),
    [
      `crm_btyd_customers AS (`,
      `  SELECT`,
      `    customer_id,`,
      `    MIN(tx_day) AS first_day,`,
      `    MAX(tx_day) AS last_day,`,
      `    COUNT(*) - 1 AS repeats,`,
      `    SUM(day_total) AS gross,`,
      `    COALESCE(SUM(CASE WHEN tx_day > first_day THEN day_total END), ${zero}) AS repeat_total`,
      `  FROM crm_btyd_firsts`,
      `  GROUP BY customer_id`,
      `)`,
    ].join("\n"),
  );
  // Mean repeat-day total; with refunds netted, scaled by net / gross (0 when nothing is left), as toBtydSummary.
  const mean = `CASE WHEN c.repeats > 0 THEN CAST(c.repeat_total AS ${dbl}) / CAST(c.repeats AS ${dbl}) ELSE CAST(0 AS ${dbl}) END`;
  const monetary = net
    ? [
        `    CASE`,
        `      WHEN COALESCE(r.refunds, ${zero}) >= 0 THEN ${mean}`,
        `      WHEN c.gross + r.refunds <= 0 THEN CAST(0 AS ${dbl})`,
        `      ELSE (${mean}) * (CAST(c.gross + r.refunds AS ${dbl}) / CAST(NULLIF(c.gross, 0) AS ${dbl}))`,
        `    END AS monetary_value,`,
      ]
    : [`    ${mean} AS monetary_value,`];
  ctes.push(
    [
      `crm_btyd AS (`,
      `  SELECT`,
      `    c.customer_id,`,
      `    CAST(c.repeats AS ${d.int}) AS frequency,`,
      `    ${span("c.first_day", "c.last_day")} AS recency,`,
      `    ${span("c.first_day", asOf, true)} AS t_age,`,
      ...monetary,
      `    ${net ? `c.gross + COALESCE(r.refunds, ${zero})` : "c.gross"} AS net`,
      `  FROM crm_btyd_customers AS c`,
      ...(net ? [`  LEFT JOIN crm_btyd_refunds AS r ON r.customer_id = c.customer_id`] : []),
      `)`,
    ].join("\n"),
  );
  return ctes;
}

/**
 * SQL that computes `toBtydSummary`'s per-customer summary in a warehouse (lifetimes'
 * `summary_data_from_transaction_data`), one row per customer with a purchase, ordered by `customerId`:
 * `frequency` = distinct purchase days − 1, `recency` = last − first purchase day, `T` = asOf − first
 * purchase day (in days, or in weeks as days / 7), `monetaryValue` = mean total of the repeat purchase
 * days (0 without repeats). Refund rows are not purchases; with `refunds: "net"` (the default) they
 * scale `monetaryValue` by the customer's net share of their purchases (0 when refunds reach the
 * purchases), as `toBtydSummary`. With `wholePeriods: true` (and `period: "week"`), whole calendar
 * weeks as lifetimes' `freq="W"`: distinct purchase weeks − 1, last − first purchase week, asOf's week −
 * first purchase week (integers), mean total of the repeat purchase weeks; weeks start on `weekStartsOn`
 * (default Monday). Calibration/holdout splits are not in SQL. Amounts are summed as
 * exact decimals; the records feed `fitBgNbd`, `fitGammaGamma` and the other fits. See docs/sql.md.
 *
 * @returns `{ sql, params, dialect, columns }`; `asOf` and `timeZone` are bound unless `inline: true`.
 * @throws {TypeError | RangeError} On bad options, prefixed `btydSummarySql:` (a missing or unknown
 *   `period`, unknown options such as `monetary` or `calibrationEnd`, and those of `summarySql`).
 *
 * @example
 * const q = btydSummarySql({
 *   dialect: "duckdb",
 *   table: "orders",
 *   columns: { customerId: "customer", date: "day", amount: "amount" },
 *   asOf: "2024-06-30",
 *   period: "week",
 * });
 * q.columns; //=> ["customerId", "frequency", "recency", "T", "monetaryValue"]
 * q.params; //=> [{ name: "asOf", index: 1, value: "2024-06-30", type: "DATE" }]
 * q.sql.includes("/ 7"); //=> true
 * btydSummarySql({ dialect: "postgres", table: "orders", columns: { customerId: "c", date: "d", amount: "a" }, asOf: "2024-06-30", period: "week", wholePeriods: true }).sql.includes("FLOOR("); //=> true
 *
 * @see Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers" the easy way: an
 *   alternative to the Pareto/NBD model. Marketing Science 24(2), 275–284.
 */
export function btydSummarySql(options: BtydSummarySqlOptions): SqlQuery {
  const fn = "btydSummarySql";
  rejectMonetary(fn, options);
  const { ctx, opts } = prepare<BtydSummarySqlOptions, typeof btydPeriodShape>(fn, options, btydPeriodShape);
  const ctes = btydCtes(ctx, opts);
  const a = (n: string) => ctx.alias(n);
  const select = [
    `SELECT`,
    `  customer_id AS ${a("customerId")},`,
    `  frequency AS ${a("frequency")},`,
    `  recency AS ${a("recency")},`,
    `  t_age AS ${a("T")},`,
    `  monetary_value AS ${a("monetaryValue")}`,
    `FROM crm_btyd`,
    `ORDER BY customer_id${ctx.d.binaryCollation}`,
  ].join("\n");
  return ctx.finish(withCtes(ctes, select), [...BTYD_SUMMARY_SQL_COLUMNS]);
}
