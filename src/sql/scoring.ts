import { z } from "zod";
import { planScoring, scoreRfmOptionsSchema, type RfmScoringPlan } from "../rfm/scoreRfm.js";
import { quantileCtes, type QuantileForm, type QuantileRequest, type SqlContext } from "./builder.js";

/** The scoring options of the SQL functions: those of `scoreRfm`, plus `quantiles`. */
export const sqlScoringShape = {
  bins: scoreRfmOptionsSchema.shape.bins,
  breaks: scoreRfmOptionsSchema.shape.breaks,
  method: z.enum(["quantile", "rank", "r-rfm"]).optional(),
  quantiles: z.enum(["native", "explicit"]).optional(),
};

/** Scoring options as the SQL functions take them. */
export interface SqlScoringOptions {
  /** Scores per dimension, 2..10 (default 5); one number or one per dimension. */
  bins?: number | { recency?: number; frequency?: number; monetary?: number };
  /** Inner break points per dimension, strictly increasing (replace the data-driven edges). */
  breaks?: { recency?: readonly number[]; frequency?: readonly number[]; monetary?: readonly number[] };
  /**
   * `"quantile"` (default: type-7 edges, right-closed bins), `"rank"` (NTILE, ties by customer id) or
   * `"r-rfm"` (R `rfm` 0.3.0: bins [lower, upper) from the minimum to the maximum + 1, inner edges
   * the type-7 quantiles + 1 in R's form, as `scoreRfm`).
   */
  method?: "quantile" | "rank" | "r-rfm";
  /**
   * How type-7 edges are computed: `"native"` with the engine's percentile function (default for
   * PostgreSQL, which interpolates exactly as the library), or `"explicit"` from the order
   * statistics picked by ROW_NUMBER (default for DuckDB, Spark and BigQuery).
   */
  quantiles?: QuantileForm;
}

type Dim = "recency" | "frequency" | "monetary";
const DIMS: readonly Dim[] = ["recency", "frequency", "monetary"];
const KEY: Record<Dim, string> = { recency: "r", frequency: "f", monetary: "m" };

/** The validated plan (as `scoreRfm` validates it). */
export function planSqlScoring(fn: string, opts: { bins?: unknown; breaks?: unknown; method?: "quantile" | "rank" | "r-rfm" }): RfmScoringPlan {
  return planScoring(fn, opts as Parameters<typeof planScoring>[1]);
}

/** DOUBLE value of a dimension in `crm_summary`. */
export function dimensionValue(ctx: SqlContext, dim: Dim): string {
  return dim === "recency" ? `CAST(recency_days AS ${ctx.d.double})` : dim === "frequency" ? `CAST(frequency AS ${ctx.d.double})` : "monetary";
}

/**
 * CTEs from `crm_summary` to `crm_scores` (the summary columns plus r, f, m), scoring as `scoreRfm`:
 * quantile edges at j/bins, right-closed bins (1 + the number of edges below the value), or NTILE over
 * (value, customer id); recency reversed.
 */
export function scoreCtes(ctx: SqlContext, plan: RfmScoringPlan, form: QuantileForm): string[] {
  if (plan.method === "r-rfm") return rRfmScoreCtes(ctx, plan);
  const requests: QuantileRequest[] = [];
  for (const dim of DIMS) {
    if (plan.breaks[dim] || plan.method === "rank") continue;
    const k = plan.bins[dim];
    requests.push({ key: KEY[dim], value: dimensionValue(ctx, dim), probs: Array.from({ length: k - 1 }, (_, j) => [j + 1, k] as const) });
  }
  const ctes = requests.length > 0 ? quantileCtes(ctx, form, "crm_summary", requests, "crm_edges") : [];
  const bin = (dim: Dim): string => {
    const k = plan.bins[dim];
    const value = dimensionValue(ctx, dim);
    const breaks = plan.breaks[dim];
    if (!breaks && plan.method === "rank") {
      return `NTILE(${k}) OVER (ORDER BY ${value}, customer_id${ctx.d.binaryCollation})`;
    }
    const edges = breaks ? breaks.map((b, i) => ctx.double(`breaks_${dim}_${i + 1}`, b)) : Array.from({ length: k - 1 }, (_, i) => `crm_edges.${KEY[dim]}${i + 1}`);
    return `(1 + ${edges.map((e) => `CASE WHEN ${value} > ${e} THEN 1 ELSE 0 END`).join(" + ")})`;
  };
  ctes.push(scoresCte(plan, bin, requests.length > 0 ? "crm_summary CROSS JOIN crm_edges" : "crm_summary"));
  return ctes;
}

/** The `crm_scores` CTE: the summary's fields and the three scores, each dimension binned by `bin`. */
function scoresCte(plan: RfmScoringPlan, bin: (dim: Dim) => string, from: string): string {
  return [
    `crm_scores AS (`,
    `  SELECT`,
    `    customer_id,`,
    `    recency_days,`,
    `    frequency,`,
    `    monetary,`,
    `    total,`,
    // Recency is reversed: the most recent customers (fewest days) get the highest score.
    `    ${plan.bins.recency + 1} - ${bin("recency")} AS r,`,
    `    ${bin("frequency")} AS f,`,
    `    ${bin("monetary")} AS m`,
    `  FROM ${from}`,
    `)`,
  ].join("\n");
}

/**
 * `method: "r-rfm"` as `scoreRfm` computes it (R `rfm` 0.3.0): per dimension the minimum, the maximum
 * and the type-7 quantiles at p = (j + 1)·(1 / bins) in R's form (index = 1 + (n − 1)·p, order statistics
 * x[⌊index⌋] and x[⌈index⌉], (1 − h)·lo + h·hi when they differ and index is fractional); bins
 * [lower_i, upper_i) with lower = [min, q + 1 ...], upper = [q + 1 ..., max + 1] (given breaks as they
 * are), the last matching bin wins and a value in none scores 0, as in R. An edge x + 1 that a double
 * cannot tell from x becomes "above x", as in the library.
 */
function rRfmScoreCtes(ctx: SqlContext, plan: RfmScoringPlan): string[] {
  const d = ctx.d;
  const dbl = d.double;
  const ctes: string[] = [`crm_rr_n AS (\n  SELECT COUNT(*) AS n FROM crm_summary\n)`];
  const stats: string[] = [];
  for (const dim of DIMS) {
    const key = KEY[dim];
    const value = dimensionValue(ctx, dim);
    const k = plan.bins[dim];
    const quantiles = plan.breaks[dim] ? [] : Array.from({ length: k - 1 }, (_, j) => j);
    ctes.push([`crm_rr_${key}_pos AS (`, `  SELECT ${value} AS v, ROW_NUMBER() OVER (ORDER BY ${value}) AS pos`, `  FROM crm_summary`, `)`].join("\n"));
    // R: by = 1 / bins; p = (j + 1)·by; index = 1 + max(n − 1, 0)·p (1-based positions)
    const idx = (j: number) => `(1 + CAST(n - 1 AS ${dbl}) * (CAST(${j + 1} AS ${dbl}) * (CAST(1 AS ${dbl}) / CAST(${k} AS ${dbl}))))`;
    const cols = [`    MIN(p.v) AS ${key}_min`, `    MAX(p.v) AS ${key}_max`];
    for (const j of quantiles) {
      cols.push(
        `    MAX(CASE WHEN p.pos = FLOOR(q.i${j}) THEN p.v END) AS ${key}_lo${j}`,
        `    MAX(CASE WHEN p.pos = CEIL(q.i${j}) THEN p.v END) AS ${key}_hi${j}`,
        `    MAX(q.i${j}) AS ${key}_i${j}`,
      );
    }
    const inner = quantiles.length > 0 ? [`  CROSS JOIN (`, `    SELECT ${quantiles.map((j) => `${idx(j)} AS i${j}`).join(", ")}`, `    FROM crm_rr_n`, `  ) AS q`] : [];
    ctes.push([`crm_rr_${key} AS (`, `  SELECT`, cols.join(",\n"), `  FROM crm_rr_${key}_pos AS p`, ...inner, `)`].join("\n"));
    for (const j of quantiles) {
      const [lo, hi, i] = [`${key}_lo${j}`, `${key}_hi${j}`, `${key}_i${j}`];
      stats.push(`    CASE WHEN ${i} > FLOOR(${i}) AND ${hi} <> ${lo} THEN (1 - (${i} - FLOOR(${i}))) * ${lo} + (${i} - FLOOR(${i})) * ${hi} ELSE ${lo} END AS ${key}_q${j}`);
    }
    stats.push(`    ${key}_min`, `    ${key}_max`);
  }
  ctes.push([`crm_rr_edges AS (`, `  SELECT`, stats.join(",\n"), `  FROM ${DIMS.map((dim) => `crm_rr_${KEY[dim]}`).join(" CROSS JOIN ")}`, `)`].join("\n"));
  // v ≥ x + 1, or v > x when x + 1 is x in doubles
  const abovePlusOne = (v: string, x: string) => `((${x} + 1 = ${x} AND ${v} > ${x}) OR (${x} + 1 <> ${x} AND ${v} >= ${x} + 1))`;
  const bin = (dim: Dim): string => {
    const key = KEY[dim];
    const v = dimensionValue(ctx, dim);
    const k = plan.bins[dim];
    const breaks = plan.breaks[dim];
    const innerAtOrAbove = (j: number) => (breaks ? `${v} >= ${ctx.double(`breaks_${dim}_${j + 1}`, breaks[j])}` : abovePlusOne(v, `crm_rr_edges.${key}_q${j}`));
    const lower = (i: number) => (i === 0 ? `${v} >= crm_rr_edges.${key}_min` : innerAtOrAbove(i - 1));
    const upper = (i: number) => (i === k - 1 ? abovePlusOne(v, `crm_rr_edges.${key}_max`) : innerAtOrAbove(i));
    const whens = Array.from({ length: k }, (_, t) => k - 1 - t).map((i) => `WHEN ${lower(i)} AND NOT ${upper(i)} THEN ${i + 1}`);
    return `(CASE ${whens.join(" ")} ELSE 0 END)`;
  };
  ctes.push(scoresCte(plan, bin, "crm_summary CROSS JOIN crm_rr_edges"));
  return ctes;
}

/**
 * The select list of the scores from `crm_scores` (or a CTE with its fields): customer id, recency days,
 * frequency, monetary, r, f, m and cell, one `  <expression> AS <alias>` item per column, without
 * commas; NULL scores and cell when `scored` is false.
 */
export function scoreSelectItems(ctx: SqlContext, plan: RfmScoringPlan, scored = true): string[] {
  const a = (n: string) => ctx.alias(n);
  const score = (c: string) => (scored ? `CAST(${c} AS ${ctx.d.int})` : `CAST(NULL AS ${ctx.d.int})`);
  return [
    `  customer_id AS ${a("customerId")}`,
    `  recency_days AS ${a("recencyDays")}`,
    `  frequency AS ${a("frequency")}`,
    `  monetary AS ${a("monetary")}`,
    `  ${score("r")} AS ${a("r")}`,
    `  ${score("f")} AS ${a("f")}`,
    `  ${score("m")} AS ${a("m")}`,
    `  ${scored ? cellExpression(ctx, plan) : `CAST(NULL AS ${ctx.d.text})`} AS ${a("cell")}`,
  ];
}

/** The cell code of r, f, m as `rfmCell` writes it ("543", or "10-5-3" when a score has two digits). */
export function cellExpression(ctx: SqlContext, plan: RfmScoringPlan): string {
  const t = (c: string) => `CAST(${c} AS ${ctx.d.text})`;
  const digits = `CONCAT(${t("r")}, ${t("f")}, ${t("m")})`;
  if (plan.bins.recency < 10 && plan.bins.frequency < 10 && plan.bins.monetary < 10) return digits;
  return `CASE WHEN r < 10 AND f < 10 AND m < 10 THEN ${digits} ELSE CONCAT(${t("r")}, '-', ${t("f")}, '-', ${t("m")}) END`;
}
