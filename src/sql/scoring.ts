import { z } from "zod";
import { planScoring, scoreRfmOptionsSchema, type RfmScoringPlan } from "../rfm/scoreRfm.js";
import { quantileCtes, type QuantileForm, type QuantileRequest, type SqlContext } from "./builder.js";

/** The scoring options of the SQL functions: those of `scoreRfm` without `"r-rfm"`, plus `quantiles`. */
export const sqlScoringShape = {
  bins: scoreRfmOptionsSchema.shape.bins,
  breaks: scoreRfmOptionsSchema.shape.breaks,
  method: z.enum(["quantile", "rank"]).optional(),
  quantiles: z.enum(["native", "explicit"]).optional(),
};

/** Scoring options as the SQL functions take them. */
export interface SqlScoringOptions {
  /** Scores per dimension, 2..10 (default 5); one number or one per dimension. */
  bins?: number | { recency?: number; frequency?: number; monetary?: number };
  /** Inner break points per dimension, strictly increasing (replace the data-driven edges). */
  breaks?: { recency?: readonly number[]; frequency?: readonly number[]; monetary?: readonly number[] };
  /** `"quantile"` (default: type-7 edges, right-closed bins) or `"rank"` (NTILE, ties by customer id). */
  method?: "quantile" | "rank";
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
export function planSqlScoring(fn: string, opts: { bins?: unknown; breaks?: unknown; method?: "quantile" | "rank" }): RfmScoringPlan {
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
  const from = requests.length > 0 ? "crm_summary CROSS JOIN crm_edges" : "crm_summary";
  ctes.push(
    [
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
    ].join("\n"),
  );
  return ctes;
}

/** The cell code of r, f, m as `rfmCell` writes it ("543", or "10-5-3" when a score has two digits). */
export function cellExpression(ctx: SqlContext, plan: RfmScoringPlan): string {
  const t = (c: string) => `CAST(${c} AS ${ctx.d.text})`;
  const digits = `CONCAT(${t("r")}, ${t("f")}, ${t("m")})`;
  if (plan.bins.recency < 10 && plan.bins.frequency < 10 && plan.bins.monetary < 10) return digits;
  return `CASE WHEN r < 10 AND f < 10 AND m < 10 THEN ${digits} ELSE CONCAT(${t("r")}, '-', ${t("f")}, '-', ${t("m")}) END`;
}
