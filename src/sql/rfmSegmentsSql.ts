import { z } from "zod";
import { snapshotOptions } from "../options.js";
import { segmentRuleSchema, validateRules } from "../rfm/matchSegmentRules.js";
import { CLASSIC_SEGMENTS, OTHERS_SEGMENT, R_RFM_README_SCHEME, R_RFM_TESTS_SCHEME, type SegmentRule } from "../rfm/segmentDefinitions.js";
import { defaultQuantiles, prepare, quantileCtes, summaryCtes, withCtes, type QuantileRequest, type SqlContext, type transactionSqlOptionsSchema } from "./builder.js";
import { dimensionValue, planSqlScoring, scoreCtes, scoreSelectItems, sqlScoringShape, type SqlScoringOptions } from "./scoring.js";
import type { SqlQuery, TransactionSqlOptions } from "./types.js";

/** Options of {@link rfmSegmentsSql}. */
export interface RfmSegmentsSqlOptions extends TransactionSqlOptions {
  /**
   * `"classic"` (default: the eight high/low segments), R `rfm`'s ten-segment schemes `"r-rfm-readme"`
   * and `"r-rfm-tests"`, or `"custom"` with `rules`: score ranges matched in order on the RFM scores
   * (first match wins, inclusive bounds), as `segmentRfm`.
   */
  scheme?: "classic" | "r-rfm-readme" | "r-rfm-tests" | "custom";
  /** The rules of `scheme: "custom"`, in priority order (`segmentRfm`'s `SegmentRule`s). */
  rules?: readonly SegmentRule[];
  /** Rule schemes: the segment of customers no rule matches (default `"others"`). */
  otherwise?: string;
  /**
   * Where high/low splits: `"mean"` (default) or `"median"` of each dimension, or explicit values
   * (a dimension left out uses the mean), in days/orders/money or in score units with `basis: "scores"`.
   */
  thresholds?: "mean" | "median" | { recency?: number; frequency?: number; monetary?: number };
  /** Compare raw values (`"values"`, default) or RFM scores (`"scores"`, computed as {@link rfmScoresSql}). */
  basis?: "values" | "scores";
  /** A value equal to the threshold counts as `"low"` (default) or `"high"`. */
  ties?: "low" | "high";
  /** How scores are computed with `basis: "scores"` and for the rule schemes (`method: "r-rfm"` reproduces R `rfm_segment`). */
  scoring?: SqlScoringOptions;
  /** Add `label` and `labelZh` columns (the segment's English and Chinese names). */
  labels?: boolean;
}

const thresholdValue = z.number().finite();
const segmentsShape = {
  thresholds: z
    .union([
      z.enum(["mean", "median"]),
      z.object({ recency: thresholdValue.optional(), frequency: thresholdValue.optional(), monetary: thresholdValue.optional() }).strict(),
    ])
    .optional(),
  basis: z.enum(["values", "scores"]).optional(),
  ties: z.enum(["low", "high"]).optional(),
  scoring: z.object(sqlScoringShape).strict().optional(),
  labels: z.boolean().optional(),
  scheme: z.enum(["classic", "r-rfm-readme", "r-rfm-tests", "custom"]).optional(),
  rules: z.array(segmentRuleSchema).min(1).optional(),
  otherwise: z.string().min(1).optional(),
};

/** Options of one scheme given with another: named as `segmentRfm` names them. */
function rejectMisplaced(fn: string, options: unknown): void {
  if (typeof options !== "object" || options === null) return;
  const o = snapshotOptions(fn, options) as Record<string, unknown>;
  const scheme = o.scheme ?? "classic";
  const misplaced =
    scheme === "classic"
      ? ["otherwise", "rules"].filter((k) => o[k] !== undefined)
      : ["thresholds", "basis", "ties", ...(scheme === "custom" ? [] : ["rules"])].filter((k) => o[k] !== undefined);
  if (misplaced.length > 0) {
    const key = misplaced[0];
    const belongs = key === "rules" ? 'scheme "custom"' : key === "otherwise" ? "the rule schemes" : "the classic scheme";
    throw new TypeError(`${fn}: options.${key} applies to ${belongs} only; scheme is "${String(scheme)}"`);
  }
  if (scheme === "custom" && o.rules === undefined) throw new TypeError(`${fn}: options.rules is required with scheme "custom"`);
}

type ParsedSegmentsOptions = z.output<typeof transactionSqlOptionsSchema> & z.output<z.ZodObject<typeof segmentsShape>>;

type Dim = "recency" | "frequency" | "monetary";
const DIMS: readonly Dim[] = ["recency", "frequency", "monetary"];
const SCORE: Record<Dim, string> = { recency: "r", frequency: "f", monetary: "m" };

/**
 * SQL that assigns each customer a segment as `segmentRfm` does. Classic scheme (default): one of the
 * eight classic RFM segments, R, F and M high or low against `thresholds` (mean by default, compared
 * exactly in integers and exact decimal totals; median; or given values), R high when the last purchase
 * is recent. Rule schemes (`"r-rfm-readme"`, `"r-rfm-tests"`, `"custom"` with `rules`): the first rule
 * whose inclusive score ranges hold the customer's RFM scores, else `otherwise`. Result columns are the
 * fields of `RfmSegmentRecord` (+ `label`, `labelZh` with `labels: true`). How the exact mean
 * comparison can differ from the library's double mean: docs/sql.md.
 *
 * @returns `{ sql, params, dialect, columns }`.
 * @throws {TypeError | RangeError} On bad options, prefixed `rfmSegmentsSql:` (an option of another
 *   scheme, rules outside the scores 1..bins, duplicate rule ids, a control character in an id or label).
 *
 * @example
 * const q = rfmSegmentsSql({
 *   dialect: "spark",
 *   table: ["sales", "orders"],
 *   columns: { customerId: "customer_id", date: "order_date", amount: "amount", orderId: "order_id" },
 *   asOf: "2024-06-30",
 *   labels: true,
 * });
 * q.columns.slice(-4); //=> ["pattern", "segment", "label", "labelZh"]
 * q.sql.includes("WHEN 'HHH' THEN 'important_value'"); //=> true
 * const r = rfmSegmentsSql({
 *   dialect: "duckdb",
 *   table: "orders",
 *   columns: { customerId: "c", date: "d", amount: "a" },
 *   asOf: "2024-06-30",
 *   scheme: "custom",
 *   rules: [{ id: "best", recency: [4, 5], frequency: [4, 5], monetary: [4, 5] }],
 *   otherwise: "rest",
 *   scoring: { method: "r-rfm" },
 * });
 * r.sql.includes("THEN 'best'"); //=> true
 *
 * @see Hughes, A. M. (1994). *Strategic Database Marketing*. Probus.
 */
export function rfmSegmentsSql(options: RfmSegmentsSqlOptions): SqlQuery {
  const fn = "rfmSegmentsSql";
  rejectMisplaced(fn, options);
  const { ctx, opts } = prepare<RfmSegmentsSqlOptions, typeof segmentsShape>(fn, options, segmentsShape);
  if ((opts.scheme ?? "classic") !== "classic") return ruleSegmentsSql(ctx, opts);
  const basis = opts.basis ?? "values";
  const ties = opts.ties ?? "low";
  const scoring: SqlScoringOptions = opts.scoring ?? {};
  const plan = planSqlScoring(fn, scoring);
  const form = scoring.quantiles ?? defaultQuantiles(opts.dialect);
  const { ctes } = summaryCtes(ctx, opts);
  const d = ctx.d;
  if (basis === "scores") ctes.push(...scoreCtes(ctx, plan, form));
  const base = basis === "scores" ? "crm_scores" : "crm_summary";

  const value = (dim: Dim): string => (basis === "scores" ? `CAST(${SCORE[dim]} AS ${d.double})` : dimensionValue(ctx, dim));
  const statistic = (dim: Dim): "mean" | "median" | number => {
    const t = opts.thresholds;
    if (typeof t === "object" && t[dim] !== undefined) return t[dim] as number;
    return t === "median" ? "median" : "mean";
  };
  const medians: QuantileRequest[] = DIMS.filter((dim) => statistic(dim) === "median").map((dim) => ({ key: `${dim}_median`, value: value(dim), probs: [[1, 2]] }));
  if (medians.length > 0) ctes.push(...quantileCtes(ctx, form, base, medians, "crm_medians"));
  // Exact sums for the mean comparisons: integers, or the decimal totals.
  const summed = (dim: Dim): string => {
    if (basis === "scores") return SCORE[dim];
    if (dim === "recency") return "recency_days";
    if (dim === "frequency") return "frequency";
    return opts.monetary === "mean" ? "monetary" : "total";
  };
  const means = DIMS.filter((dim) => statistic(dim) === "mean");
  const widen = (expr: string) => (ctx.dialect === "bigquery" ? expr : `CAST(${expr} AS BIGINT)`);
  const exactInteger = (dim: Dim) => basis === "scores" || dim !== "monetary";
  ctes.push(
    [
      `crm_thresholds AS (`,
      `  SELECT`,
      [`    COUNT(*) AS n`, ...means.map((dim) => `    SUM(${exactInteger(dim) ? widen(summed(dim)) : summed(dim)}) AS sum_${dim}`)].join(",\n"),
      `  FROM ${base}`,
      `)`,
    ].join("\n"),
  );
  const strict = ties === "low";
  // R is high when recencyDays is low (values), or when r is high (scores, already reversed).
  const high = (dim: Dim): string => {
    const lowerIsHigh = dim === "recency" && basis === "values";
    const op = lowerIsHigh ? (strict ? "<" : "<=") : strict ? ">" : ">=";
    const s = statistic(dim);
    if (typeof s === "number") return `${value(dim)} ${op} ${ctx.double(`threshold_${dim}`, s)}`;
    if (s === "median") return `${value(dim)} ${op} crm_medians.${dim}_median1`;
    if (!exactInteger(dim) && opts.monetary === "mean") {
      // Mean per order is a double: compared with the double mean (see docs/sql.md).
      return `monetary ${op} crm_thresholds.sum_${dim} / crm_thresholds.n`;
    }
    const lhs = exactInteger(dim) ? widen(summed(dim)) : summed(dim);
    return `${lhs} * crm_thresholds.n ${op} crm_thresholds.sum_${dim}`;
  };
  const hl = (dim: Dim) => `CASE WHEN ${high(dim)} THEN 'H' ELSE 'L' END`;
  const scored = basis === "scores";
  ctes.push(
    [
      `crm_patterns AS (`,
      `  SELECT`,
      `    customer_id,`,
      `    recency_days,`,
      `    frequency,`,
      `    monetary,`,
      scored ? `    r,\n    f,\n    m,` : "",
      `    CONCAT(${hl("recency")}, ${hl("frequency")}, ${hl("monetary")}) AS pattern`,
      `  FROM ${base}`,
      `  CROSS JOIN crm_thresholds`,
      ...(medians.length > 0 ? [`  CROSS JOIN crm_medians`] : []),
      `)`,
    ]
      .filter((l) => l !== "")
      .join("\n"),
  );
  const byPattern = (field: "id" | "label" | "labelZh") =>
    [`CASE pattern`, ...CLASSIC_SEGMENTS.map((s) => `    WHEN ${ctx.literal(s.pattern)} THEN ${ctx.literal(s[field])}`), `  END`].join("\n");
  const a = (n: string) => ctx.alias(n);
  const columns = ["customerId", "recencyDays", "frequency", "monetary", "r", "f", "m", "cell", "pattern", "segment"];
  const lines = [
    `SELECT`,
    ...scoreSelectItems(ctx, plan, scored).map((item) => `${item},`),
    `  pattern AS ${a("pattern")},`,
    `  ${byPattern("id")} AS ${a("segment")}${opts.labels ? "," : ""}`,
  ];
  if (opts.labels) {
    lines.push(`  ${byPattern("label")} AS ${a("label")},`, `  ${byPattern("labelZh")} AS ${a("labelZh")}`);
    columns.push("label", "labelZh");
  }
  lines.push(`FROM crm_patterns`, `ORDER BY customer_id${d.binaryCollation}`);
  return ctx.finish(withCtes(ctes, lines.join("\n")), columns);
}

/**
 * Rule schemes: every customer scored as `rfmScoresSql` scores them, then the first rule whose three
 * inclusive score ranges hold (r, f, m), else `otherwise`, as `segmentRfm` with the same scheme.
 */
function ruleSegmentsSql(ctx: SqlContext, opts: ParsedSegmentsOptions): SqlQuery {
  const fn = ctx.fn;
  const scoring: SqlScoringOptions = opts.scoring ?? {};
  const plan = planSqlScoring(fn, scoring);
  const rules: readonly SegmentRule[] = opts.scheme === "custom" ? (opts.rules as SegmentRule[]) : opts.scheme === "r-rfm-readme" ? R_RFM_README_SCHEME : R_RFM_TESTS_SCHEME;
  const otherwise = opts.otherwise ?? OTHERS_SEGMENT.id;
  validateRules(fn, rules, otherwise, plan.bins);
  const { ctes } = summaryCtes(ctx, opts);
  ctes.push(...scoreCtes(ctx, plan, scoring.quantiles ?? defaultQuantiles(opts.dialect)));
  const d = ctx.d;
  const num = (v: number) => String(v); // finite numbers (checked by the rule schema): their shortest text
  const text = (v: string, what: string) => ctx.stringLiteral(v, what);
  const match = (rule: SegmentRule) =>
    (["recency", "frequency", "monetary"] as const).map((dim, k) => `${["r", "f", "m"][k]} >= ${num(rule[dim][0])} AND ${["r", "f", "m"][k]} <= ${num(rule[dim][1])}`).join(" AND ");
  const byRule = (value: (rule: SegmentRule, k: number) => string, other: string) =>
    [`CASE`, ...rules.map((rule, k) => `    WHEN ${match(rule)} THEN ${value(rule, k)}`), `    ELSE ${other}`, `  END`].join("\n");
  const others = otherwise === OTHERS_SEGMENT.id ? OTHERS_SEGMENT : null;
  const a = (n: string) => ctx.alias(n);
  const columns = ["customerId", "recencyDays", "frequency", "monetary", "r", "f", "m", "cell", "pattern", "segment"];
  const lines = [
    `SELECT`,
    ...scoreSelectItems(ctx, plan).map((item) => `${item},`),
    `  CAST(NULL AS ${d.text}) AS ${a("pattern")},`,
    `  ${byRule((rule, k) => text(rule.id, `rules[${k}].id`), text(otherwise, "otherwise"))} AS ${a("segment")}${opts.labels ? "," : ""}`,
  ];
  if (opts.labels) {
    // a rule's label (its id without one), its Chinese label (else the label); "others" has its own labels
    const label = (rule: SegmentRule, k: number) => text(rule.label ?? rule.id, `rules[${k}].label`);
    const labelZh = (rule: SegmentRule, k: number) => text(rule.labelZh ?? rule.label ?? rule.id, `rules[${k}].labelZh`);
    lines.push(
      `  ${byRule(label, text(others?.label ?? otherwise, "otherwise"))} AS ${a("label")},`,
      `  ${byRule(labelZh, text(others?.labelZh ?? otherwise, "otherwise"))} AS ${a("labelZh")}`,
    );
    columns.push("label", "labelZh");
  }
  lines.push(`FROM crm_scores`, `ORDER BY customer_id${d.binaryCollation}`);
  return ctx.finish(withCtes(ctes, lines.join("\n")), columns);
}
