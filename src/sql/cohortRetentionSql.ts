import { z } from "zod";
import { MAX_COHORT_PERIODS } from "../churn/activity.js";
import { prepare, withCtes } from "./builder.js";
import { decimalZero, periodCtes, periodSqlShape, rejectMonetary, type PeriodSqlOptions } from "./periodIndicatorsSql.js";
import type { SqlQuery } from "./types.js";

/** Options of {@link cohortRetentionSql}: the period options of `cohortRetention`. */
export interface CohortRetentionSqlOptions extends PeriodSqlOptions {
  /**
   * Cells of partial periods (cut by `asOf`, or by the first day of the rows): `"mark"` (default) keeps
   * them, marked `partial`; `"drop"` leaves them out. As `cohortRetention`.
   */
  partialPeriods?: "mark" | "drop";
}

/** Result columns of {@link cohortRetentionSql}: the fields of `CohortCell`. */
export const COHORT_RETENTION_SQL_COLUMNS = Object.freeze([
  "cohort",
  "periodIndex",
  "period",
  "partial",
  "daysCovered",
  "daysInPeriod",
  "customers",
  "share",
  "revenue",
  "cohortSize",
] as const);

const cohortShape = {
  ...periodSqlShape,
  partialPeriods: z.enum(["mark", "drop"]).optional(),
};

/**
 * SQL that computes `cohortRetention`'s acquisition cohorts × periods in a warehouse: for each cohort
 * (the customers whose first purchase falls in a calendar period) and each period from it to the one
 * holding `asOf`, how many of them bought (`customers`, `share` of the cohort) and their net revenue
 * by the library's period revenue rule (a refund dated before a customer's first purchase counts in
 * the acquisition cell; customers with refunds only are in no cohort). Every cell up to `asOf`, empty
 * ones included, cohorts in time order; cells of partial periods marked (`partial`, `daysCovered`,
 * `daysInPeriod`) or left out (`partialPeriods: "drop"`). Definitions and dialect details:
 * docs/sql.md and docs/churn.md.
 *
 * @returns `{ sql, params, dialect, columns }`; `asOf` and `timeZone` are bound unless `inline: true`.
 * @throws {TypeError | RangeError} On bad options, prefixed `cohortRetentionSql:` (unknown options such
 *   as `monetary` or `windows`, `partialPeriods: "null-rates"`, and those of `summarySql`).
 *
 * @example
 * const q = cohortRetentionSql({
 *   dialect: "postgres",
 *   table: ["shop", "orders"],
 *   columns: { customerId: "cust_id", date: "order_date", amount: "total" },
 *   asOf: "2024-06-30",
 *   period: "quarter",
 *   inline: true,
 * });
 * q.columns;
 * //=> ["cohort", "periodIndex", "period", "partial", "daysCovered", "daysInPeriod", "customers", "share", "revenue", "cohortSize"]
 * q.params; //=> []
 * q.sql.includes("DATE '2024-06-30'"); //=> true
 */
export function cohortRetentionSql(options: CohortRetentionSqlOptions): SqlQuery {
  const fn = "cohortRetentionSql";
  rejectMonetary(fn, options);
  const { ctx, opts } = prepare<CohortRetentionSqlOptions, typeof cohortShape>(fn, options, cohortShape);
  const policy = opts.partialPeriods ?? "mark";
  const d = ctx.d;
  const dbl = d.double;
  const int = d.int;
  const zero = decimalZero(ctx, opts);
  // Order ids play no part in cohorts (they are still checked for NULLs, as the library reads them).
  const { ctes } = periodCtes(ctx, opts, MAX_COHORT_PERIODS, false);
  ctes.push(
    [`crm_sizes AS (`, `  SELECT fp AS f, COUNT(*) AS size`, `  FROM (SELECT DISTINCT customer_id, fp FROM crm_activity) AS crm_acquired`, `  GROUP BY fp`, `)`].join("\n"),
    [
      `crm_cohort_active AS (`,
      `  SELECT fp AS f, p AS q, COUNT(*) AS customers`,
      `  FROM crm_activity`,
      `  GROUP BY fp, p`,
      `)`,
    ].join("\n"),
    // A customer's revenue period is never before their cohort's (refunds before the first purchase count in it).
    [
      `crm_cohort_revenue AS (`,
      `  SELECT fp AS f, rp AS q, SUM(amount) AS revenue`,
      `  FROM crm_tx`,
      `  GROUP BY fp, rp`,
      `)`,
    ].join("\n"),
  );
  const a = (n: string) => ctx.alias(n);
  const select = [
    `SELECT`,
    `  coh.label AS ${a("cohort")},`,
    `  CAST(per.k - s.f AS ${int}) AS ${a("periodIndex")},`,
    `  per.label AS ${a("period")},`,
    `  per.partial AS ${a("partial")},`,
    `  CAST(per.days_covered AS ${int}) AS ${a("daysCovered")},`,
    `  CAST(per.days_in_period AS ${int}) AS ${a("daysInPeriod")},`,
    `  CAST(COALESCE(ca.customers, 0) AS ${int}) AS ${a("customers")},`,
    `  CAST(COALESCE(ca.customers, 0) AS ${dbl}) / CAST(s.size AS ${dbl}) AS ${a("share")},`,
    `  CAST(COALESCE(cr.revenue, ${zero}) AS ${dbl}) AS ${a("revenue")},`,
    `  CAST(s.size AS ${int}) AS ${a("cohortSize")}`,
    `FROM crm_sizes AS s`,
    `JOIN crm_periods AS coh ON coh.k = s.f`,
    `JOIN crm_periods AS per ON per.k >= s.f`,
    `LEFT JOIN crm_cohort_active AS ca ON ca.f = s.f AND ca.q = per.k`,
    `LEFT JOIN crm_cohort_revenue AS cr ON cr.f = s.f AND cr.q = per.k`,
    ...(policy === "drop" ? [`WHERE NOT per.partial`] : []),
    `ORDER BY s.f, per.k`,
  ].join("\n");
  return ctx.finish(withCtes(ctes, select), [...COHORT_RETENTION_SQL_COLUMNS]);
}
