import { z } from "zod";
import { AnalyticsInputError, describeValue, inputIssue, isAnalyticsInputError } from "../errors.js";
import { classifyAbc } from "../value/classifyAbc.js";
import { prepare, summaryCtes, withCtes } from "./builder.js";
import type { SqlQuery, TransactionSqlOptions } from "./types.js";

/** Options of {@link abcClassesSql}. */
export interface AbcClassesSqlOptions extends TransactionSqlOptions {
  /** Shares of value (`"value"`, default) or of customers (`"count"`). */
  by?: "value" | "count";
  /** Cumulative shares where A and B end, `0 < a < b <= 1`; default `{ a: 0.8, b: 0.95 }` by value, `{ a: 0.2, b: 0.5 }` by count. */
  thresholds?: { a: number; b: number };
  /**
   * `"fixed"` (default: cumulative-share thresholds) or `"computed"` (Ultsch & Lötsch's cuts, as
   * `classifyAbc`): the cuts need the whole value curve, so they are computed in memory from `values`,
   * the rows of {@link abcValuesSql} (each distinct value and its number of customers), and the query
   * classifies with them: A above the A/B limit, B from the B/C limit up, else C.
   */
  method?: "fixed" | "computed";
  /** With `method: "computed"`: the value histogram, `abcValuesSql`'s rows `{ value, customers }`. */
  values?: Iterable<{ value: number; customers: number }>;
}

const share = z.number().gt(0).lte(1);
const abcShape = {
  by: z.enum(["value", "count"]).optional(),
  thresholds: z.object({ a: share, b: share }).strict().optional(),
  method: z.enum(["fixed", "computed"]).optional(),
  values: z.custom<Iterable<{ value: number; customers: number }>>((v) => typeof v === "object" && v !== null && Symbol.iterator in v, { error: "expected the rows of abcValuesSql ({ value, customers })" }).optional(),
};

/**
 * The computed method's A/B and B/C limits from a value histogram: `classifyAbc` (method "computed")
 * on one record per customer, so the cuts are the library's own. Memory grows with the customers.
 */
export function computedAbcLimits(fn: string, values: Iterable<{ value: number; customers: number }>): { abLimit: number; bcLimit: number } {
  const list = Array.from(values);
  const expanded: { customerId: string; monetary: number }[] = [];
  list.forEach((row, i) => {
    const v = Number((row as { value?: unknown })?.value);
    const c = Number((row as { customers?: unknown })?.customers);
    if (!Number.isFinite(v) || !(Number.isInteger(c) && c >= 1)) {
      throw new AnalyticsInputError(fn, [inputIssue("invalid_value", ["values", i], `expected { value: a finite number, customers: an integer >= 1 }, got ${describeValue(row)}`)]);
    }
    for (let k = 0; k < c; k++) expanded.push({ customerId: String(expanded.length), monetary: v });
  });
  if (expanded.length === 0) throw new AnalyticsInputError(fn, [inputIssue("empty_input", ["values"], "no customers (an empty value histogram)")]);
  try {
    const { computed } = classifyAbc(expanded, { method: "computed" }).meta;
    return { abLimit: computed!.abLimit, bcLimit: computed!.bcLimit };
  } catch (error) {
    if (isAnalyticsInputError(error)) throw new AnalyticsInputError(fn, error.issues.map((i) => ({ ...i, path: ["values", ...i.path.slice(1)] })));
    throw error;
  }
}

/**
 * SQL for ABC classes of customers by their `monetary` value, as `classifyAbc` computes them on the
 * summaries of {@link summarySql}; result columns are the fields of `AbcRecord`. Fixed method (default):
 * cumulative-share thresholds; ties never split a class; sums run over exact decimal totals; a total that
 * is not positive makes the query fail, as the library throws. Computed method: the limits are found in
 * memory from `values` (the rows of `abcValuesSql`) by `classifyAbc` itself, and the query classifies
 * with them. The ranking rule in full: docs/sql.md.
 *
 * @returns `{ sql, params, dialect, columns }`.
 * @throws {TypeError | RangeError} On bad options, prefixed `abcClassesSql:` (thresholds outside
 *   (0, 1], `a` not below `b`, `values` missing with `method: "computed"` or given without it, and those
 *   of {@link summarySql}).
 * @throws {AnalyticsInputError} A bad or degenerate histogram (`invalid_value`, `empty_input`,
 *   `degenerate_data`, as `classifyAbc`).
 *
 * @example
 * const q = abcClassesSql({
 *   dialect: "duckdb",
 *   table: "orders",
 *   columns: { customerId: "customer", date: "day", amount: "amount" },
 *   asOf: "2024-06-30",
 *   inline: true,
 * });
 * q.params; //=> []
 * q.sql.includes("CAST('0.8' AS DOUBLE)"); //=> true
 * q.columns; //=> ["customerId", "value", "abcClass", "rank", "cumulativeShare"]
 *
 * @see Ultsch, A. & Lötsch, J. (2015). Computed ABC Analysis for Rational Selection of Most Informative
 *   Variables in Multivariate Data. PLoS ONE 10(6): e0129767. (the fixed 80/95 cuts are the classic Pareto rule)
 */
export function abcClassesSql(options: AbcClassesSqlOptions): SqlQuery {
  const fn = "abcClassesSql";
  const { ctx, opts } = prepare<AbcClassesSqlOptions, typeof abcShape>(fn, options, abcShape);
  const computed = opts.method === "computed";
  if (computed && (opts.by !== undefined || opts.thresholds !== undefined)) throw new TypeError(`${fn}: options.${opts.by !== undefined ? "by" : "thresholds"} applies to the fixed method only (method is "computed")`);
  if (!computed && opts.values !== undefined) throw new TypeError(`${fn}: options.values applies to method "computed" only`);
  if (computed && opts.values === undefined) throw new TypeError(`${fn}: options.values is required with method "computed" (the rows of abcValuesSql)`);
  const limits = computed ? computedAbcLimits(fn, opts.values!) : null;
  const by = opts.by ?? "value";
  const thresholds = opts.thresholds ?? (by === "value" ? { a: 0.8, b: 0.95 } : { a: 0.2, b: 0.5 });
  if (!(thresholds.a < thresholds.b)) {
    throw new RangeError(`${fn}: thresholds.a must be below thresholds.b, got a = ${thresholds.a}, b = ${thresholds.b}`);
  }
  const { ctes } = summaryCtes(ctx, opts);
  const d = ctx.d;
  const dbl = d.double;
  // The exact decimal total is the value (the mean per order is a double already). Ranks and tie groups
  // follow the value as given (a negative value ranks below 0), shares count negatives as 0, as classifyAbc.
  const exact = opts.monetary === "mean" ? "monetary" : "total";
  ctes.push(
    [
      `crm_values AS (`,
      `  SELECT customer_id, monetary AS value, ${exact} AS raw, CASE WHEN ${exact} > 0 THEN ${exact} ELSE 0 END AS clean`,
      `  FROM crm_summary`,
      `)`,
    ].join("\n"),
    [
      `crm_ranked AS (`,
      `  SELECT`,
      `    customer_id,`,
      `    value,`,
      `    RANK() OVER (ORDER BY raw DESC) AS value_rank,`,
      `    SUM(clean) OVER (ORDER BY raw DESC RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS up_to,`,
      `    SUM(clean) OVER (ORDER BY raw DESC RANGE BETWEEN CURRENT ROW AND CURRENT ROW) AS tie_group,`,
      `    SUM(clean) OVER () AS total_value,`,
      `    COUNT(*) OVER () AS n`,
      `  FROM crm_values`,
      `)`,
    ].join("\n"),
  );
  const total = `CAST(total_value AS ${dbl})`;
  // Shares as the library computes them: min(1, held / total) in doubles.
  const shareOf = (held: string) => `LEAST(CAST(1 AS ${dbl}), CAST(${held} AS ${dbl}) / ${total})`;
  const above = by === "value" ? shareOf("up_to - tie_group") : `CAST(value_rank - 1 AS ${dbl}) / CAST(n AS ${dbl})`;
  const a = limits ? "" : ctx.double("thresholdA", thresholds.a);
  const b = limits ? "" : ctx.double("thresholdB", thresholds.b);
  ctes.push(
    [
      `crm_abc AS (`,
      `  SELECT`,
      `    customer_id,`,
      `    value,`,
      `    value_rank,`,
      by === "value"
        ? `    CASE WHEN total_value > 0 THEN ${above} ELSE ${ctx.raise("the total value is not positive: value shares need a positive total; customer ", "customer_id", "DOUBLE")} END AS above,`
        : `    ${above} AS above,`,
      `    CASE WHEN total_value > 0 THEN ${shareOf("up_to")} ELSE CAST(0 AS ${dbl}) END AS cumulative_share`,
      `  FROM crm_ranked`,
      `)`,
    ].join("\n"),
  );
  const al = (n: string) => ctx.alias(n);
  const select = [
    `SELECT`,
    `  customer_id AS ${al("customerId")},`,
    `  value AS ${al("value")},`,
    limits
      ? `  CASE WHEN value > ${ctx.double("abLimit", limits.abLimit)} THEN 'A' WHEN value >= ${ctx.double("bcLimit", limits.bcLimit)} THEN 'B' ELSE 'C' END AS ${al("abcClass")},`
      : `  CASE WHEN above < ${a} THEN 'A' WHEN above < ${b} THEN 'B' ELSE 'C' END AS ${al("abcClass")},`,
    `  CAST(value_rank AS ${d.int}) AS ${al("rank")},`,
    `  cumulative_share AS ${al("cumulativeShare")}`,
    `FROM crm_abc`,
    `ORDER BY customer_id${d.binaryCollation}`,
  ].join("\n");
  return ctx.finish(withCtes(ctes, select), ["customerId", "value", "abcClass", "rank", "cumulativeShare"]);
}
