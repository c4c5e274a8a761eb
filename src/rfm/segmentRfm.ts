import { z } from "zod";
import { readCustomers, customerFieldsObject, type CustomerFields } from "../input/readCustomers.js";
import { parseOptions } from "../input/options.js";
import { axisThreshold } from "../internal/threshold.js";
import { planScoring, rfmCell, scoreColumns, scoreRfmOptionsObject, type RfmScoreMeta, type ScoreRfmOptions } from "./scoreRfm.js";
import {
  CLASSIC_SEGMENTS,
  OTHERS_SEGMENT,
  R_RFM_README_SCHEME,
  R_RFM_TESTS_SCHEME,
  type ClassicSegmentDefinition,
  type SegmentRule,
} from "./segmentDefinitions.js";
import { summarizeSegments, type SegmentSummaryRow } from "./summarizeSegments.js";
import { matchRules, validateRules } from "./matchSegmentRules.js";

/** Built-in segment schemes, or a list of rules (first match wins). */
export type RfmSchemeOption = "classic" | "r-rfm-readme" | "r-rfm-tests" | readonly SegmentRule[];

/** Options of {@link segmentRfm}. */
export interface SegmentRfmOptions<Row = any> {
  /**
   * `"classic"` (default): the eight high/low segments. `"r-rfm-readme"`, `"r-rfm-tests"` or a rule
   * list: score-range rules over the RFM scores (first match wins, inclusive bounds, `otherwise` for
   * the rest).
   */
  scheme?: RfmSchemeOption;
  /**
   * Classic scheme: where high/low splits. `"mean"` (default) or `"median"` of each dimension, or
   * explicit values `{ recency, frequency, monetary }` (in days/orders/money, or in score units with
   * `basis: "scores"`); a dimension left out of the object uses the mean.
   */
  threshold?: "mean" | "median" | { recency?: number; frequency?: number; monetary?: number };
  /** Classic scheme: compare raw values (`"values"`, default) or RFM scores (`"scores"`). */
  basis?: "values" | "scores";
  /** Classic scheme: a value equal to the threshold counts as `"low"` (default) or `"high"`. */
  ties?: "low" | "high";
  /** How scores are computed (for rule schemes and `basis: "scores"`); see {@link scoreRfm}. */
  scoring?: Omit<ScoreRfmOptions<Row>, "fields">;
  /** Where the values are in the records (default: the {@link CustomerSummary} names). */
  fields?: CustomerFields<Row>;
  /** Rule schemes: the segment id of customers no rule matches (default `"others"`). */
  otherwise?: string;
}

/** One customer's segment. */
export interface RfmSegmentRecord {
  customerId: string;
  recencyDays: number;
  frequency: number;
  monetary: number;
  /** RFM scores, when the scheme used them (rule schemes, `basis: "scores"`), else `null`. */
  r: number | null;
  f: number | null;
  m: number | null;
  cell: string | null;
  /** High/low pattern over R, F, M for the classic scheme (`"HLH"`), else `null`. */
  pattern: string | null;
  /** Segment id (`important_value`, `champions`, `others`, …). */
  segment: string;
}

/** Thresholds the classic scheme used. */
export interface ClassicThresholds {
  basis: "values" | "scores";
  statistic: { recency: "mean" | "median" | "given"; frequency: "mean" | "median" | "given"; monetary: "mean" | "median" | "given" };
  recency: number;
  frequency: number;
  monetary: number;
  ties: "low" | "high";
  /**
   * The comparisons, spelled out: R is high when `recencyDays < recency` (or `r > recency` on scores),
   * F and M when the value is `> threshold` (`>=`/`<=` with `ties: "high"`).
   */
  rule: string;
}

/** What {@link segmentRfm} used. */
export interface SegmentRfmMeta {
  scheme: "classic" | "r-rfm-readme" | "r-rfm-tests" | "custom";
  customers: number;
  /** Classic scheme thresholds, else `null`. */
  thresholds: ClassicThresholds | null;
  /** Rules of a rule scheme (in match order), else `null`. */
  rules: readonly SegmentRule[] | null;
  /** Scoring meta when scores were computed, else `null`. */
  scoring: RfmScoreMeta | null;
}

/** Result of {@link segmentRfm}. */
export interface SegmentRfmResult {
  /** One record per customer, input order. */
  segments: RfmSegmentRecord[];
  /** Per segment totals and means, every segment of the scheme listed (also empty ones). */
  summary: SegmentSummaryRow[];
  meta: SegmentRfmMeta;
}

const ruleSchema = z
  .object({
    id: z.string().min(1),
    label: z.string().optional(),
    labelZh: z.string().optional(),
    recency: z.tuple([z.number(), z.number()]),
    frequency: z.tuple([z.number(), z.number()]),
    monetary: z.tuple([z.number(), z.number()]),
  })
  .strict();

/** The zod object behind {@link segmentRfmOptionsObject} (internal: `.extend`, `.shape`). */
export const segmentRfmOptionsObject = z
  .object({
    scheme: z.union([z.enum(["classic", "r-rfm-readme", "r-rfm-tests"]), z.array(ruleSchema).min(1)]).optional(),
    threshold: z
      .union([
        z.enum(["mean", "median"]),
        z.object({ recency: z.number().finite().optional(), frequency: z.number().finite().optional(), monetary: z.number().finite().optional() }).strict(),
      ])
      .optional(),
    basis: z.enum(["values", "scores"]).optional(),
    ties: z.enum(["low", "high"]).optional(),
    scoring: scoreRfmOptionsObject.omit({ fields: true }).optional(),
    fields: customerFieldsObject.optional(),
    otherwise: z.string().min(1).optional(),
  })
  .strict();

const CLASSIC_BY_PATTERN = new Map<string, ClassicSegmentDefinition>(CLASSIC_SEGMENTS.map((s) => [s.pattern, s]));

/**
 * Segments customers. By default into the **eight classic RFM segments** (重要价值客户 important value,
 * 重要保持 retain, 重要发展 develop, 重要挽留 win-back, and the four 一般 general ones): each of R, F, M
 * is high or low against a threshold (default the mean of the raw values; R is high when the last
 * purchase is recent, i.e. `recencyDays` below the threshold). With `scheme` set to a rule list or one
 * of R `rfm`'s ten-segment schemes, customers are matched on their RFM scores instead (first rule
 * wins, inclusive bounds, `otherwise` for the rest).
 *
 * @param customers - Customer-level records ({@link CustomerSummary} or any with `customerId`,
 *   `recencyDays`, `frequency`, `monetary`, or mapped with `options.fields`).
 * @param options - `scheme`, `threshold`, `basis`, `ties`, `scoring`, `fields`, `otherwise`.
 * @returns `segments` (one {@link RfmSegmentRecord} per customer, input order), `summary` (per
 *   segment, in the scheme's order) and `meta` (thresholds or rules, scoring edges).
 * @throws {AnalyticsInputError} On bad records (see {@link scoreRfm}).
 * @throws {TypeError | RangeError} On bad options, prefixed `segmentRfm:`.
 *
 * @example
 * const { segments, meta } = segmentRfm([
 *   { customerId: "a", recencyDays: 5, frequency: 12, monetary: 1500 },
 *   { customerId: "b", recencyDays: 200, frequency: 10, monetary: 1300 },
 *   { customerId: "c", recencyDays: 10, frequency: 1, monetary: 40 },
 *   { customerId: "d", recencyDays: 300, frequency: 1, monetary: 30 },
 * ]);
 * segments.map((s) => s.segment);
 * //=> ["important_value", "important_retain", "general_develop", "general_win_back"]
 * meta.thresholds?.recency; //=> 128.75
 *
 * @see Hughes, A. M. (1994). *Strategic Database Marketing*. Probus.
 * @see Hebbali, A. (2024). rfm: Recency, Frequency and Monetary Value Analysis, R package 0.3.0 (segment schemes).
 */
export function segmentRfm<Row = any>(customers: Iterable<Row>, options: SegmentRfmOptions<Row> = {}): SegmentRfmResult {
  const fn = "segmentRfm";
  const opts = parseOptions(fn, segmentRfmOptionsObject, options);
  const scheme = opts.scheme ?? "classic";
  const plan = planScoring(fn, opts.scoring ?? {});
  const cols = readCustomers(fn, customers, opts.fields as CustomerFields<Row> | undefined);
  const n = cols.ids.length;

  if (scheme !== "classic") {
    if (opts.threshold !== undefined || opts.basis !== undefined || opts.ties !== undefined) {
      throw new TypeError(`${fn}: threshold, basis and ties apply to the classic scheme only; scheme is ${Array.isArray(scheme) ? "a rule list" : `"${scheme}"`}`);
    }
    const rules = scheme === "r-rfm-readme" ? R_RFM_README_SCHEME : scheme === "r-rfm-tests" ? R_RFM_TESTS_SCHEME : (scheme as readonly SegmentRule[]);
    const otherwise = opts.otherwise ?? OTHERS_SEGMENT.id;
    validateRules(fn, rules, otherwise);
    const scored = scoreColumns(cols, plan);
    const ids = matchRules(rules, scored.r, scored.f, scored.m, otherwise);
    const segments: RfmSegmentRecord[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const r = scored.r[i];
      const f = scored.f[i];
      const m = scored.m[i];
      segments[i] = {
        customerId: cols.ids[i],
        recencyDays: cols.recencyDays[i],
        frequency: cols.frequency[i],
        monetary: cols.monetary[i],
        r,
        f,
        m,
        cell: rfmCell(r, f, m),
        pattern: null,
        segment: ids[i],
      };
    }
    const order = [...rules.map((r) => r.id), otherwise].filter((id, i, all) => all.indexOf(id) === i);
    return {
      segments,
      summary: summarizeSegments(segments, { order }),
      meta: {
        scheme: Array.isArray(scheme) ? "custom" : (scheme as "r-rfm-readme" | "r-rfm-tests"),
        customers: n,
        thresholds: null,
        rules: rules.map((r) => ({ ...r })),
        scoring: scored.meta,
      },
    };
  }

  if (opts.otherwise !== undefined) throw new TypeError(`${fn}: otherwise applies to rule schemes only, not to the classic scheme`);
  const basis = opts.basis ?? "values";
  const ties = opts.ties ?? "low";
  const scored = basis === "scores" ? scoreColumns(cols, plan) : null;
  const source = {
    recency: scored ? Float64Array.from(scored.r) : cols.recencyDays,
    frequency: scored ? Float64Array.from(scored.f) : cols.frequency,
    monetary: scored ? Float64Array.from(scored.m) : cols.monetary,
  };
  const statistic = {} as ClassicThresholds["statistic"];
  const thr = {} as Record<"recency" | "frequency" | "monetary", number>;
  for (const d of ["recency", "frequency", "monetary"] as const) {
    const given = typeof opts.threshold === "object" ? opts.threshold[d] : undefined;
    if (given !== undefined) {
      statistic[d] = "given";
      thr[d] = given;
    } else if (opts.threshold === "median") {
      statistic[d] = "median";
      thr[d] = axisThreshold(source[d], "median");
    } else {
      statistic[d] = "mean";
      thr[d] = axisThreshold(source[d], "mean");
    }
  }
  // On raw values a low recencyDays is "high" R; on scores r is already reversed.
  const recencyHigh =
    basis === "values"
      ? ties === "low"
        ? (v: number) => v < thr.recency
        : (v: number) => v <= thr.recency
      : ties === "low"
        ? (v: number) => v > thr.recency
        : (v: number) => v >= thr.recency;
  const above = ties === "low" ? (v: number, t: number) => v > t : (v: number, t: number) => v >= t;
  const segments: RfmSegmentRecord[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const pattern =
      (recencyHigh(source.recency[i]) ? "H" : "L") +
      (above(source.frequency[i], thr.frequency) ? "H" : "L") +
      (above(source.monetary[i], thr.monetary) ? "H" : "L");
    const def = CLASSIC_BY_PATTERN.get(pattern) as ClassicSegmentDefinition;
    segments[i] = {
      customerId: cols.ids[i],
      recencyDays: cols.recencyDays[i],
      frequency: cols.frequency[i],
      monetary: cols.monetary[i],
      r: scored ? scored.r[i] : null,
      f: scored ? scored.f[i] : null,
      m: scored ? scored.m[i] : null,
      cell: scored ? rfmCell(scored.r[i], scored.f[i], scored.m[i]) : null,
      pattern,
      segment: def.id,
    };
  }
  const strictOp = ties === "low";
  const rule =
    basis === "values"
      ? `R high when recencyDays ${strictOp ? "<" : "<="} ${thr.recency}; F high when frequency ${strictOp ? ">" : ">="} ${thr.frequency}; M high when monetary ${strictOp ? ">" : ">="} ${thr.monetary}`
      : `R high when r ${strictOp ? ">" : ">="} ${thr.recency}; F high when f ${strictOp ? ">" : ">="} ${thr.frequency}; M high when m ${strictOp ? ">" : ">="} ${thr.monetary}`;
  return {
    segments,
    summary: summarizeSegments(segments, { order: CLASSIC_SEGMENTS.map((s) => s.id) }),
    meta: {
      scheme: "classic",
      customers: n,
      thresholds: { basis, statistic, recency: thr.recency, frequency: thr.frequency, monetary: thr.monetary, ties, rule },
      rules: null,
      scoring: scored ? scored.meta : null,
    },
  };
}

/** zod schema of {@link SegmentRfmOptions}. */
export const segmentRfmOptionsSchema: z.ZodType<SegmentRfmOptions> = segmentRfmOptionsObject as unknown as z.ZodType<SegmentRfmOptions>;
