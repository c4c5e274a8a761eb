import { z } from "zod";
import { AnalyticsInputError, describeValue, inputIssue } from "../errors.js";
import { dayConverter, isoDateFromDays, toEpochDay } from "../input/dates.js";
import { dateInputSchema } from "../options.js";
import { prepare, readZone, summaryCtes, withCtes, type SqlContext, type transactionSqlOptionsSchema } from "./builder.js";
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
  /**
   * End of the calibration period, as `toBtydSummary`'s (lifetimes' `calibration_and_holdout_data`):
   * frequency, recency, T and monetaryValue use the purchases (and the netted refunds) up to this day,
   * T runs to it, customers whose first purchase is later are left out, and two columns follow:
   * `frequencyHoldout` (purchase days, or distinct purchase weeks with `wholePeriods`, after it up to
   * asOf) and `durationHoldout` (calibration end → asOf, in `period` units). An ISO date, a `Date` or
   * epoch milliseconds (instants take their day in `timeZone`, UTC without one); not after `asOf`.
   */
  calibrationEnd?: string | Date | number;
}

/** Result columns of {@link btydSummarySql} without `calibrationEnd` (with it, {@link BTYD_SUMMARY_SQL_HOLDOUT_COLUMNS}). */
export const BTYD_SUMMARY_SQL_COLUMNS = Object.freeze(["customerId", "frequency", "recency", "T", "monetaryValue"] as const);

/**
 * Result columns of {@link btydSummarySql} with `calibrationEnd`: every field of `BtydSummaryCustomer`, in its order.
 *
 * @example
 * BTYD_SUMMARY_SQL_HOLDOUT_COLUMNS.slice(5); //=> ["frequencyHoldout", "durationHoldout"]
 */
export const BTYD_SUMMARY_SQL_HOLDOUT_COLUMNS = Object.freeze([...BTYD_SUMMARY_SQL_COLUMNS, "frequencyHoldout", "durationHoldout"] as const);

/** zod shape of {@link BtydSummarySqlOptions}' own key. */
export const btydPeriodShape = {
  period: z.enum(["day", "week"]),
  wholePeriods: z.boolean().optional(),
  weekStartsOn: z.number().int().min(0).max(6).optional(),
};

/** zod shape of {@link btydSummarySql}'s own keys: {@link btydPeriodShape} and `calibrationEnd`. */
const summaryShape = {
  ...btydPeriodShape,
  calibrationEnd: dateInputSchema.optional(),
};

/** Parsed options the BTYD CTEs need. */
type BtydOpts = z.output<typeof transactionSqlOptionsSchema> & { period: "day" | "week"; wholePeriods?: boolean; weekStartsOn?: number; calibrationEnd?: string | Date | number };

/**
 * `calibrationEnd` as an ISO date, read as `toBtydSummary` reads it (`toEpochDay` in `timeZone`):
 * unreadable, outside the years 0000–9999 or after asOf, an `AnalyticsInputError` (`invalid_value` at
 * `["options", "calibrationEnd"]`), as the library.
 */
function readCalibrationEnd(fn: string, value: unknown, timeZone: string | undefined, asOfIso: string): string {
  const day = toEpochDay(value, dayConverter(fn, timeZone));
  const iso = Number.isFinite(day) ? isoDateFromDays(day) : "";
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) {
    throw new AnalyticsInputError(fn, [inputIssue("invalid_value", ["options", "calibrationEnd"], `expected an ISO date, a Date or epoch milliseconds from 0000-01-01 to 9999-12-31, got ${describeValue(value)}`)]);
  }
  if (iso > asOfIso) throw new AnalyticsInputError(fn, [inputIssue("invalid_value", ["options", "calibrationEnd"], `${iso} is after asOf ${asOfIso}`)]);
  return iso;
}

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
  // with a calibration end, the summary stops there and the holdout counts what follows
  const calEnd = opts.calibrationEnd === undefined ? null : ctx.date("calibrationEnd", readCalibrationEnd(ctx.fn, opts.calibrationEnd, opts.timeZone, asOfIso));
  const upToEnd = calEnd === null ? "" : ` AND tx_day <= ${calEnd}`;
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
      `  WHERE refund = 0${upToEnd}`,
      `  GROUP BY customer_id, ${key}`,
      `)`,
    ].join("\n"),
  );
  if (net) {
    ctes.push([`crm_btyd_refunds AS (`, `  SELECT customer_id, SUM(amount) AS refunds`, `  FROM crm_checked`, `  WHERE refund = 1${upToEnd}`, `  GROUP BY customer_id`, `)`].join("\n"));
  }
  if (calEnd !== null) {
    ctes.push(
      [
        `crm_btyd_holdout AS (`,
        `  SELECT customer_id, COUNT(DISTINCT ${key}) AS frequency_holdout`,
        `  FROM crm_checked`,
        `  WHERE refund = 0 AND tx_day > ${calEnd}`,
        `  GROUP BY customer_id`,
        `)`,
      ].join("\n"),
    );
  }
  // The repeat periods' total: the total less the first period's (exact decimals: the same number as
  // summing the later periods), in one aggregation where the engine has an arg-min aggregate; else
  // (PostgreSQL) the later periods summed after a window finds each customer's first period.
  const firstBy = d.firstBy;
  if (firstBy === null) {
    ctes.push(
      [
        `crm_btyd_firsts AS (`,
        `  SELECT customer_id, tx_day, day_total, MIN(tx_day) OVER (PARTITION BY customer_id) AS first_day`,
        `  FROM crm_btyd_days`,
        `)`,
      ].join("\n"),
    );
  }
  ctes.push(
    [
      `crm_btyd_customers AS (`,
      `  SELECT`,
      `    customer_id,`,
      `    MIN(tx_day) AS first_day,`,
      `    MAX(tx_day) AS last_day,`,
      `    COUNT(*) - 1 AS repeats,`,
      `    SUM(day_total) AS gross,`,
      firstBy === null
        ? `    COALESCE(SUM(CASE WHEN tx_day > first_day THEN day_total END), ${zero}) AS repeat_total`
        : `    SUM(day_total) - ${firstBy("day_total", "tx_day")} AS repeat_total`,
      `  FROM ${firstBy === null ? "crm_btyd_firsts" : "crm_btyd_days"}`,
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
      `    ${span("c.first_day", calEnd ?? asOf, true)} AS t_age,`,
      ...monetary,
      ...(calEnd === null
        ? []
        : [`    CAST(COALESCE(h.frequency_holdout, 0) AS ${d.int}) AS frequency_holdout,`, `    ${span(whole ? weekOf(calEnd) : calEnd, asOf, true)} AS duration_holdout,`]),
      `    ${net ? `c.gross + COALESCE(r.refunds, ${zero})` : "c.gross"} AS net`,
      `  FROM crm_btyd_customers AS c`,
      ...(net ? [`  LEFT JOIN crm_btyd_refunds AS r ON r.customer_id = c.customer_id`] : []),
      ...(calEnd === null ? [] : [`  LEFT JOIN crm_btyd_holdout AS h ON h.customer_id = c.customer_id`]),
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
 * (default Monday). With `calibrationEnd`, lifetimes' `calibration_and_holdout_data` as `toBtydSummary`
 * computes it: the summary up to that day (T runs to it; customers first seen later are left out) and
 * `frequencyHoldout`, `durationHoldout` after it, the input of `calibrationHoldout`. Amounts are summed as
 * exact decimals; the records feed `fitBgNbd`, `fitGammaGamma` and the other fits. See docs/sql.md.
 *
 * @returns `{ sql, params, dialect, columns }`; `asOf` and `timeZone` are bound unless `inline: true`.
 * @throws {TypeError | RangeError} On bad options, prefixed `btydSummarySql:` (a missing or unknown
 *   `period`, unknown options such as `monetary`, and those of `summarySql`); `AnalyticsInputError`
 *   (`invalid_value` at `["options", "calibrationEnd"]`) for an unreadable `calibrationEnd` or one after `asOf`.
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
 * // calibration up to 2024-03-31, holdout after it (lifetimes' calibration_and_holdout_data)
 * const cal = btydSummarySql({ dialect: "spark", table: "orders", columns: { customerId: "c", date: "d", amount: "a" }, asOf: "2024-06-30", period: "day", calibrationEnd: "2024-03-31" });
 * cal.columns; //=> ["customerId", "frequency", "recency", "T", "monetaryValue", "frequencyHoldout", "durationHoldout"]
 * cal.params.map((p) => p.name); //=> ["asOf", "calibrationEnd"]
 *
 * @see Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers" the easy way: an
 *   alternative to the Pareto/NBD model. Marketing Science 24(2), 275–284.
 */
export function btydSummarySql(options: BtydSummarySqlOptions): SqlQuery {
  const fn = "btydSummarySql";
  rejectMonetary(fn, options);
  const { ctx, opts } = prepare<BtydSummarySqlOptions, typeof summaryShape>(fn, options, summaryShape);
  const ctes = btydCtes(ctx, opts);
  const holdout = opts.calibrationEnd !== undefined;
  const a = (n: string) => ctx.alias(n);
  const select = [
    `SELECT`,
    `  customer_id AS ${a("customerId")},`,
    `  frequency AS ${a("frequency")},`,
    `  recency AS ${a("recency")},`,
    `  t_age AS ${a("T")},`,
    `  monetary_value AS ${a("monetaryValue")}${holdout ? "," : ""}`,
    ...(holdout ? [`  frequency_holdout AS ${a("frequencyHoldout")},`, `  duration_holdout AS ${a("durationHoldout")}`] : []),
    `FROM crm_btyd`,
    `ORDER BY customer_id${ctx.d.binaryCollation}`,
  ].join("\n");
  return ctx.finish(withCtes(ctes, select), [...(holdout ? BTYD_SUMMARY_SQL_HOLDOUT_COLUMNS : BTYD_SUMMARY_SQL_COLUMNS)]);
}
