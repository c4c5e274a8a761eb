import { z } from "zod";
import { MAX_PERIODS } from "../churn/activity.js";
import type { PeriodUnit } from "../churn/periods.js";
import { optionsReadError } from "../options.js";
import { prepare, summaryCtes, withCtes, type SqlContext, type transactionSqlOptionsSchema } from "./builder.js";
import type { SqlQuery, TransactionSqlOptions } from "./types.js";

/**
 * Options the period emitters ({@link periodIndicatorsSql}, `cohortRetentionSql`) share: the transaction
 * table (without `monetary`, which periods do not use) and the calendar periods.
 */
export interface PeriodSqlOptions extends Omit<TransactionSqlOptions, "monetary"> {
  /** Calendar period (default `"month"`). */
  period?: PeriodUnit;
  /** First weekday of a week for `period: "week"`: 0 = Sunday … 6 = Saturday (default 1, Monday, as ISO 8601). */
  weekStartsOn?: number;
}

/** Options of {@link periodIndicatorsSql}: the period options of `periodIndicators` that SQL can compute. */
export interface PeriodIndicatorsSqlOptions extends PeriodSqlOptions {
  /**
   * Non-contractual "lost": a customer is active on a day when their last purchase is at most this many
   * days before it (as `periodIndicators`). Without it, activity is period over period.
   */
  lostAfterDays?: number;
  /**
   * Partial periods (cut by `asOf`, or by the first day of the rows): `"null-rates"` (default) keeps
   * them with their rates `NULL`; `"mark"` computes the rates over the days covered; `"drop"` leaves
   * them out. As `periodIndicators`.
   */
  partialPeriods?: "null-rates" | "mark" | "drop";
}

/** Result columns of {@link periodIndicatorsSql}: the fields of `PeriodIndicatorRecord` computed from the rows. */
export const PERIOD_INDICATORS_SQL_COLUMNS = Object.freeze([
  "period",
  "start",
  "end",
  "partial",
  "daysCovered",
  "daysInPeriod",
  "active",
  "new",
  "returning",
  "retained",
  "reactivated",
  "lost",
  "activeAtStart",
  "activeAtEnd",
  "newLapsed",
  "churnRate",
  "retentionRate",
  "repurchaseRate",
  "repeatPurchaseRate",
  "revenue",
  "revenueFromPrevious",
  "revenueRetention",
] as const);

/** zod shape of {@link PeriodSqlOptions}' own keys. */
export const periodSqlShape = {
  period: z.enum(["week", "month", "quarter", "year"]).optional(),
  weekStartsOn: z.number().int().min(0).max(6).optional(),
};

const indicatorsShape = {
  ...periodSqlShape,
  lostAfterDays: z.number().int().min(1).max(1_000_000).optional(),
  partialPeriods: z.enum(["null-rates", "mark", "drop"]).optional(),
};

/** Parsed options the period CTEs need. */
type PeriodOpts = z.output<typeof transactionSqlOptionsSchema> & { period?: PeriodUnit; weekStartsOn?: number };

/** The period machinery's CTE text and what the main query needs to know. */
export interface PeriodCtes {
  ctes: string[];
  /** The asOf DATE expression (placeholder or literal). */
  asOf: string;
}

/**
 * Rejects `monetary` (a summary option that periods have no use for) as an options schema rejects an
 * unknown key: the period emitters take the transaction options without it.
 */
export function rejectMonetary(fn: string, options: unknown): void {
  if (options === null || typeof options !== "object") return;
  let has: boolean;
  try {
    has = Object.prototype.hasOwnProperty.call(options, "monetary");
  } catch (error) {
    // a Proxy trap that throws: the function's TypeError, never the caller's exception
    throw optionsReadError(fn, error);
  }
  if (has) throw new TypeError(`${fn}: options: unknown option "monetary"`);
}

/**
 * The week number of the DATE expression `day` as periodCalendar counts them, weeks starting on
 * `weekStartsOn` (0 = Sunday): floor((days since 1970-01-01 + 4 − weekStartsOn) / 7), 1970-01-01
 * being a Thursday (negative before 1970).
 */
export function weekIndex(ctx: SqlContext, day: string, weekStartsOn: number): string {
  const shift = 4 - weekStartsOn;
  return `CAST(FLOOR(CAST(${ctx.d.daysBetween("DATE '1970-01-01'", day)} ${shift < 0 ? "-" : "+"} ${Math.abs(shift)} AS ${ctx.d.double}) / 7) AS ${ctx.d.int})`;
}

/**
 * The CTEs shared by the period emitters, as `buildActivity` defines the periods:
 *
 * - `crm_used` (the rows used: checked, after `afterAsOf`, refunds dropped under `"exclude"`),
 *   `crm_first` (first purchase day per customer with a purchase);
 * - `crm_bounds` (first period = that of the earliest purchase, or of asOf without one; last = asOf's;
 *   first_row_day = the earliest row used, refunds included), failing beyond `maxPeriods` periods;
 * - `crm_periods` (k, label, start_day, end_day, cover_from, cover_to, days_covered, days_in_period,
 *   partial) for every period first..last;
 * - `crm_tx` (rows of customers with a purchase: p = own period, rp = revenue period: a refund dated
 *   before the first purchase counts in its period; fp = the customer's first purchase period);
 * - `crm_activity` (customer, p, fp, orders) for purchase rows; `orders` counts an order id once per
 *   customer in the earliest period any purchase row of it has, or purchase rows without order ids
 *   (or without `countOrders`).
 */
export function periodCtes(ctx: SqlContext, opts: PeriodOpts, maxPeriods: number, countOrders: boolean): PeriodCtes {
  const d = ctx.d;
  const dbl = d.double;
  const int = d.int;
  const unit: PeriodUnit = opts.period ?? "month";
  const wso = opts.weekStartsOn ?? 1;
  // The checked rows of the summaries (crm_rows, crm_checked): the same reading, checks and afterAsOf.
  const { ctes: summary, asOf: asOfIso } = summaryCtes(ctx, opts);
  const asOf = ctx.date("asOf", asOfIso);
  const ctes = summary.slice(0, 2);
  const epoch = "DATE '1970-01-01'";
  const floorDiv = (x: string, k: number) => `CAST(FLOOR(CAST(${x} AS ${dbl}) / ${k}) AS ${int})`;
  const monthIndex = (day: string) => `(CAST(EXTRACT(YEAR FROM ${day}) AS ${int}) * 12 + CAST(EXTRACT(MONTH FROM ${day}) AS ${int}) - 1)`;
  // Period numbers as periodCalendar counts them (floor division: negative before 1970 for weeks).
  const index = (day: string): string => {
    if (unit === "week") return weekIndex(ctx, day, wso);
    if (unit === "month") return monthIndex(day);
    if (unit === "quarter") return floorDiv(monthIndex(day), 3);
    return `CAST(EXTRACT(YEAR FROM ${day}) AS ${int})`;
  };
  const startOf = (k: string): string => {
    if (unit === "week") return d.addDays(epoch, `7 * ${k} - ${4 - wso}`);
    const months = unit === "month" ? k : unit === "quarter" ? `3 * ${k}` : `12 * ${k}`;
    return d.makeDate(floorDiv(months, 12), `MOD(${months}, 12) + 1`, "1");
  };
  const iso = (day: string) => d.isoDate(day);
  const label = (k: string, start: string): string => {
    if (unit === "week") return iso(start);
    if (unit === "month") return `SUBSTR(${iso(start)}, 1, 7)`;
    if (unit === "year") return `SUBSTR(${iso(start)}, 1, 4)`;
    return `CONCAT(SUBSTR(${iso(start)}, 1, 4), '-Q', CAST(MOD(${k}, 4) + 1 AS ${d.text}))`;
  };
  const unitWord = unit === "week" ? "weekly" : unit === "month" ? "monthly" : unit === "quarter" ? "quarterly" : "yearly";

  ctes.push(
    [
      `crm_used AS (`,
      `  SELECT customer_id, tx_day, amount, refund, order_id`,
      `  FROM crm_checked`,
      ...(opts.refunds === "exclude" ? [`  WHERE refund = 0`] : []),
      `)`,
    ].join("\n"),
    [
      `crm_first AS (`,
      `  SELECT customer_id, MIN(tx_day) AS first_day`,
      `  FROM crm_used`,
      `  WHERE refund = 0`,
      `  GROUP BY customer_id`,
      `)`,
    ].join("\n"),
    // Periods run from the first purchase (asOf's period when there is none) to the one holding asOf.
    [
      `crm_span AS (`,
      `  SELECT`,
      `    ${index(`COALESCE(p.first_day, ${asOf})`)} AS first_period,`,
      `    ${index(asOf)} AS last_period,`,
      `    COALESCE(p.first_day, ${asOf}) AS min_day,`,
      `    COALESCE(r.first_day, ${asOf}) AS first_row_day`,
      `  FROM (SELECT MIN(first_day) AS first_day FROM crm_first) AS p`,
      `  CROSS JOIN (SELECT MIN(tx_day) AS first_day FROM crm_used) AS r`,
      // no row used at all: no period (the library throws empty_input)
      `  WHERE r.first_day IS NOT NULL`,
      `)`,
    ].join("\n"),
    [
      `crm_bounds AS (`,
      `  SELECT`,
      `    first_period,`,
      `    CASE WHEN last_period - first_period + 1 > ${maxPeriods} THEN CAST(${ctx.raise(
        `more than ${maxPeriods} ${unitWord} periods from the earliest purchase to asOf ${asOfIso}: check the earliest date (a sentinel such as 0001-01-01) or use a longer period; earliest purchase `,
        iso("min_day"),
        "DOUBLE",
      )} AS ${int}) ELSE last_period END AS last_period,`,
      `    first_row_day`,
      `  FROM crm_span`,
      `)`,
    ].join("\n"),
    [`crm_period_index AS (`, `  ${d.series("first_period", "last_period", "crm_bounds")}`, `)`].join("\n"),
    [
      `crm_period_days AS (`,
      `  SELECT`,
      `    i.k,`,
      `    ${startOf("i.k")} AS start_day,`,
      `    ${startOf("(i.k + 1)")} AS next_day,`,
      `    b.first_period,`,
      `    b.first_row_day`,
      `  FROM crm_period_index AS i`,
      `  CROSS JOIN crm_bounds AS b`,
      `)`,
    ].join("\n"),
    // The days each period covers: from its first day (or the first day of the rows, for the first
    // period) to its last (or asOf).
    [
      `crm_period_cover AS (`,
      `  SELECT`,
      `    k,`,
      `    first_period,`,
      `    ${label("k", "start_day")} AS label,`,
      `    start_day,`,
      `    ${d.addDays("next_day", "-1")} AS end_day,`,
      `    CASE WHEN k = first_period AND first_row_day > start_day THEN first_row_day ELSE start_day END AS cover_from,`,
      `    CASE WHEN ${d.addDays("next_day", "-1")} > ${asOf} THEN ${asOf} ELSE ${d.addDays("next_day", "-1")} END AS cover_to,`,
      `    ${d.daysBetween("start_day", "next_day")} AS days_in_period`,
      `  FROM crm_period_days`,
      `)`,
    ].join("\n"),
    [
      `crm_periods AS (`,
      `  SELECT`,
      `    k,`,
      `    first_period,`,
      `    label,`,
      `    start_day,`,
      `    end_day,`,
      `    cover_from,`,
      `    cover_to,`,
      `    ${d.daysBetween("cover_from", "cover_to")} + 1 AS days_covered,`,
      `    days_in_period,`,
      `    ${d.daysBetween("cover_from", "cover_to")} + 1 < days_in_period AS partial`,
      `  FROM crm_period_cover`,
      `)`,
    ].join("\n"),
    // Customers with refunds only have no first purchase: their rows count nowhere (inner join).
    [
      `crm_tx AS (`,
      `  SELECT`,
      `    u.customer_id,`,
      `    u.tx_day,`,
      `    u.amount,`,
      `    u.refund,`,
      `    u.order_id,`,
      `    ${index("u.tx_day")} AS p,`,
      `    CASE WHEN u.tx_day < f.first_day THEN ${index("f.first_day")} ELSE ${index("u.tx_day")} END AS rp,`,
      `    ${index("f.first_day")} AS fp`,
      `  FROM crm_used AS u`,
      `  JOIN crm_first AS f ON f.customer_id = u.customer_id`,
      `)`,
    ].join("\n"),
  );
  if (!countOrders || opts.columns.orderId === undefined) {
    ctes.push([`crm_activity AS (`, `  SELECT customer_id, p, MIN(fp) AS fp, COUNT(*) AS orders`, `  FROM crm_tx`, `  WHERE refund = 0`, `  GROUP BY customer_id, p`, `)`].join("\n"));
  } else {
    // An order id counts in the earliest period any purchase row of it has (over all customers, as
    // buildActivity), once per customer with a purchase row of it in that period.
    ctes.push(
      [
        `crm_order_rows AS (`,
        `  SELECT customer_id, p, fp, order_id, MIN(p) OVER (PARTITION BY customer_id, order_id) AS order_p`,
        `  FROM crm_tx`,
        `  WHERE refund = 0`,
        `)`,
      ].join("\n"),
      [
        `crm_activity AS (`,
        `  SELECT customer_id, p, MIN(fp) AS fp, COUNT(DISTINCT CASE WHEN p = order_p THEN order_id END) AS orders`,
        `  FROM crm_order_rows`,
        `  GROUP BY customer_id, p`,
        `)`,
      ].join("\n"),
    );
  }
  return { ctes, asOf };
}

/** An exact decimal zero of the amounts' type. */
export function decimalZero(ctx: SqlContext, opts: { amountScale?: number }): string {
  return ctx.d.decimal("0", opts.amountScale ?? 4);
}

/**
 * SQL that computes `periodIndicators`' customer indicators per calendar period in a warehouse, one
 * row per period from the first with a purchase to the one holding `asOf`, in time order: active, new,
 * returning, retained, reactivated, lost, churn and retention rates, repurchase and repeat-purchase
 * rates, revenue by the library's period revenue rule (a refund dated before a customer's first
 * purchase counts in that purchase's period; customers with refunds only count nowhere), partial
 * periods marked (`partial`, `daysCovered`, `daysInPeriod`) with their rates `NULL`, computed or left
 * out (`partialPeriods`). Rates that need outside data (`external`) and explicit `windows` are not in
 * SQL. Revenue is an exact decimal sum returned as a double. Definitions and dialect details:
 * docs/sql.md and docs/churn.md.
 *
 * @returns `{ sql, params, dialect, columns }`; `asOf` and `timeZone` are bound unless `inline: true`.
 * @throws {TypeError | RangeError} On bad options, prefixed `periodIndicatorsSql:` (unknown options such
 *   as `monetary` or `windows`, `weekStartsOn` outside 0..6, `lostAfterDays` below 1, and those of
 *   `summarySql`).
 *
 * @example
 * const q = periodIndicatorsSql({
 *   dialect: "duckdb",
 *   table: "orders",
 *   columns: { customerId: "customer", date: "day", amount: "amount" },
 *   asOf: "2024-06-30",
 *   period: "week",
 *   weekStartsOn: 0,
 * });
 * q.columns.slice(0, 8); //=> ["period", "start", "end", "partial", "daysCovered", "daysInPeriod", "active", "new"]
 * q.params; //=> [{ name: "asOf", index: 1, value: "2024-06-30", type: "DATE" }]
 * q.sql.includes("ORDER BY k"); //=> true
 *
 * @see Reichheld, F. F. (2003). The one number you need to grow. Harvard Business Review 81(12).
 */
export function periodIndicatorsSql(options: PeriodIndicatorsSqlOptions): SqlQuery {
  const fn = "periodIndicatorsSql";
  rejectMonetary(fn, options);
  const { ctx, opts } = prepare<PeriodIndicatorsSqlOptions, typeof indicatorsShape>(fn, options, indicatorsShape);
  const policy = opts.partialPeriods ?? "null-rates";
  const L = opts.lostAfterDays;
  const d = ctx.d;
  const dbl = d.double;
  const int = d.int;
  const zero = decimalZero(ctx, opts);
  const { ctes } = periodCtes(ctx, opts, MAX_PERIODS, true);
  ctes.push(
    // One row per customer and period with a purchase or revenue: activity, orders and revenue (each
    // row in its revenue period); LAG over the customer's rows says whether they bought in the period before.
    [
      `crm_cells AS (`,
      `  SELECT customer_id, p, MIN(fp) AS fp, MAX(active) AS active, MAX(orders) AS orders, SUM(amount) AS revenue`,
      `  FROM (`,
      `    SELECT customer_id, p, fp, 1 AS active, orders, ${zero} AS amount FROM crm_activity`,
      `    UNION ALL`,
      `    SELECT customer_id, rp AS p, fp, 0 AS active, 0 AS orders, amount FROM crm_tx`,
      `  ) AS crm_union`,
      `  GROUP BY customer_id, p`,
      `)`,
    ].join("\n"),
    [
      `crm_cells_prev AS (`,
      `  SELECT`,
      `    p,`,
      `    fp,`,
      `    active,`,
      `    orders,`,
      `    revenue,`,
      `    CASE WHEN LAG(p) OVER (PARTITION BY customer_id ORDER BY p) = p - 1 AND LAG(active) OVER (PARTITION BY customer_id ORDER BY p) = 1 THEN 1 ELSE 0 END AS prev_active`,
      `  FROM crm_cells`,
      `)`,
    ].join("\n"),
    // Period over period: retained = active in this period and the previous one.
    [
      `crm_counts AS (`,
      `  SELECT`,
      `    p,`,
      `    SUM(active) AS active,`,
      `    SUM(CASE WHEN active = 1 AND fp = p THEN 1 ELSE 0 END) AS fresh,`,
      `    SUM(CASE WHEN active = 1 AND orders >= 2 THEN 1 ELSE 0 END) AS repeaters,`,
      `    SUM(active * prev_active) AS retained,`,
      `    SUM(revenue) AS revenue,`,
      `    SUM(CASE WHEN prev_active = 1 THEN revenue ELSE ${zero} END) AS from_previous`,
      `  FROM crm_cells_prev`,
      `  GROUP BY p`,
      `)`,
    ].join("\n"),
  );
  if (L !== undefined) {
    // Active on day t: a purchase within [t − L, t]. At start: on the day before the period's first day;
    // at end: on its last day (asOf for the last period).
    ctes.push(
      [`crm_purchase_days AS (`, `  SELECT DISTINCT customer_id, tx_day, fp`, `  FROM crm_tx`, `  WHERE refund = 0`, `)`].join("\n"),
      [
        `crm_windows AS (`,
        `  SELECT`,
        `    k,`,
        `    ${d.addDays("start_day", `${-1 - L}`)} AS s0_from,`,
        `    ${d.addDays("start_day", "-1")} AS s0_to,`,
        `    ${d.addDays("cover_to", `${-L}`)} AS s1_from,`,
        `    cover_to AS s1_to`,
        `  FROM crm_periods`,
        `)`,
      ].join("\n"),
      [
        `crm_edges AS (`,
        `  SELECT`,
        `    w.k,`,
        `    x.customer_id,`,
        `    MIN(x.fp) AS fp,`,
        `    MAX(CASE WHEN x.tx_day >= w.s0_from AND x.tx_day <= w.s0_to THEN 1 ELSE 0 END) AS s0,`,
        `    MAX(CASE WHEN x.tx_day >= w.s1_from AND x.tx_day <= w.s1_to THEN 1 ELSE 0 END) AS s1`,
        `  FROM crm_windows AS w`,
        `  JOIN crm_purchase_days AS x ON x.tx_day >= w.s0_from AND x.tx_day <= w.s1_to`,
        `  GROUP BY w.k, x.customer_id`,
        `)`,
      ].join("\n"),
      [
        `crm_lapse AS (`,
        `  SELECT`,
        `    e.k AS p,`,
        `    SUM(e.s0) AS at_start,`,
        `    SUM(e.s1) AS at_end,`,
        `    SUM(e.s0 * e.s1) AS kept,`,
        `    SUM(CASE WHEN e.fp = e.k THEN e.s1 ELSE 0 END) AS fresh_at_end`,
        `  FROM crm_edges AS e`,
        `  GROUP BY e.k`,
        `)`,
      ].join("\n"),
    );
  }
  ctes.push(
    [
      `crm_joined AS (`,
      `  SELECT`,
      `    per.k,`,
      `    per.first_period,`,
      `    per.label,`,
      `    per.cover_from,`,
      `    per.cover_to,`,
      `    per.partial,`,
      `    per.days_covered,`,
      `    per.days_in_period,`,
      `    COALESCE(c.active, 0) AS active,`,
      `    COALESCE(c.fresh, 0) AS fresh,`,
      `    COALESCE(c.repeaters, 0) AS repeaters,`,
      `    COALESCE(c.retained, 0) AS retained,`,
      ...(L !== undefined
        ? [
            `    COALESCE(l.at_start, 0) AS at_start,`,
            `    COALESCE(l.at_end, 0) AS at_end,`,
            `    COALESCE(l.kept, 0) AS kept,`,
            `    COALESCE(l.fresh_at_end, 0) AS fresh_at_end,`,
          ]
        : []),
      `    COALESCE(c.revenue, ${zero}) AS revenue,`,
      `    COALESCE(c.from_previous, ${zero}) AS from_previous`,
      `  FROM crm_periods AS per`,
      `  LEFT JOIN crm_counts AS c ON c.p = per.k`,
      ...(L !== undefined ? [`  LEFT JOIN crm_lapse AS l ON l.p = per.k`] : []),
      `)`,
    ].join("\n"),
    [
      `crm_lagged AS (`,
      `  SELECT`,
      `    *,`,
      `    COALESCE(LAG(active) OVER (ORDER BY k), 0) AS prev_active,`,
      `    LAG(revenue) OVER (ORDER BY k) AS prev_revenue,`,
      `    LAG(partial) OVER (ORDER BY k) AS prev_partial`,
      `  FROM crm_joined`,
      `)`,
    ].join("\n"),
  );
  // With lostAfterDays: activity at the period's edges; else period over period.
  const atStart = L !== undefined ? "at_start" : "prev_active";
  const atEnd = L !== undefined ? "at_end" : "active";
  const kept = L !== undefined ? "kept" : "retained";
  const lost = L !== undefined ? "(at_start - kept)" : "(prev_active - retained)";
  const newLapsed = L !== undefined ? "(fresh - fresh_at_end)" : "0";
  const reactivated = L !== undefined ? "(at_end - kept - fresh_at_end)" : "(active - retained - fresh)";
  const withRates = policy === "mark" ? "" : "NOT partial AND ";
  const ratio = (x: string, y: string) => `CAST(${x} AS ${dbl}) / CAST(${y} AS ${dbl})`;
  const rate = (x: string) => `CASE WHEN ${withRates}${atStart} > 0 THEN ${ratio(x, atStart)} END`;
  const share = (x: string) => `CASE WHEN ${withRates}active > 0 THEN ${ratio(x, "active")} END`;
  const prevWithRates = policy === "mark" ? "" : "NOT prev_partial AND ";
  const a = (n: string) => ctx.alias(n);
  const select = [
    `SELECT`,
    `  label AS ${a("period")},`,
    `  ${d.isoDate("cover_from")} AS ${a("start")},`,
    `  ${d.isoDate("cover_to")} AS ${a("end")},`,
    `  partial AS ${a("partial")},`,
    `  CAST(days_covered AS ${int}) AS ${a("daysCovered")},`,
    `  CAST(days_in_period AS ${int}) AS ${a("daysInPeriod")},`,
    `  CAST(active AS ${int}) AS ${a("active")},`,
    `  CAST(fresh AS ${int}) AS ${a("new")},`,
    `  CAST(active - fresh AS ${int}) AS ${a("returning")},`,
    `  CAST(${kept} AS ${int}) AS ${a("retained")},`,
    `  CAST(${reactivated} AS ${int}) AS ${a("reactivated")},`,
    `  CAST(${lost} AS ${int}) AS ${a("lost")},`,
    `  CAST(${atStart} AS ${int}) AS ${a("activeAtStart")},`,
    `  CAST(${atEnd} AS ${int}) AS ${a("activeAtEnd")},`,
    `  CAST(${newLapsed} AS ${int}) AS ${a("newLapsed")},`,
    `  ${rate(lost)} AS ${a("churnRate")},`,
    `  ${rate(kept)} AS ${a("retentionRate")},`,
    `  ${share("active - fresh")} AS ${a("repurchaseRate")},`,
    `  ${share("repeaters")} AS ${a("repeatPurchaseRate")},`,
    `  CAST(revenue AS ${dbl}) AS ${a("revenue")},`,
    `  CAST(from_previous AS ${dbl}) AS ${a("revenueFromPrevious")},`,
    `  CASE WHEN k > first_period AND ${withRates}${prevWithRates}prev_revenue > 0 THEN ${ratio("from_previous", "prev_revenue")} END AS ${a("revenueRetention")}`,
    `FROM crm_lagged`,
    ...(policy === "drop" ? [`WHERE NOT partial`] : []),
    `ORDER BY k`,
  ].join("\n");
  return ctx.finish(withCtes(ctes, select), [...PERIOD_INDICATORS_SQL_COLUMNS]);
}
