import { z } from "zod";
import type { CustomerInput } from "../input/types.js";
import { defineOptions, parseOptions, snapshotOptions, type OptionsSchema } from "../options.js";
import { axisThreshold, type ThresholdMethod } from "../internal/threshold.js";
import { customerFieldsSchema, readCustomerColumns, type CustomerColumns, type CustomerFields } from "./customerFields.js";
import { cellColumn, planScoring, scoreColumns, scoreRfmOptionsSchema, type RfmScoreMeta, type RfmScoringPlan, type ScoreRfmOptions } from "./scoreRfm.js";
import {
  CLASSIC_SEGMENTS,
  OTHERS_SEGMENT,
  R_RFM_README_SCHEME,
  R_RFM_TESTS_SCHEME,
  type ClassicSegmentDefinition,
  type SegmentRule,
} from "./segmentDefinitions.js";
import { summarizeSegmentColumns, type SegmentSummaryRow } from "./summarizeSegments.js";
import { matchRules, segmentRuleSchema, validateRules } from "./matchSegmentRules.js";

/** A segment scheme: the eight classic segments, one of R `rfm`'s ten-segment schemes, or your rules. */
export type RfmSegmentScheme = "classic" | "r-rfm-readme" | "r-rfm-tests" | "custom";

/** How scores are computed for {@link segmentRfm}: the options of {@link scoreRfm} but `fields`. */
export type RfmScoringOptions = Omit<ScoreRfmOptions, "fields">;

export type { ThresholdMethod };

/** {@link segmentRfm} with the eight classic high/low segments (the default scheme). */
export interface SegmentRfmClassicOptions<Row = any> {
  scheme?: "classic";
  /**
   * Where high/low splits: `"mean"` (default) or `"median"` of each dimension, or given values
   * `{ recency, frequency, monetary }` (in days/orders/money, or score units with `basis: "scores"`);
   * a dimension left out of the object uses the mean.
   */
  thresholds?: "mean" | "median" | { recency?: number; frequency?: number; monetary?: number };
  /** Compare raw values (`"values"`, default) or RFM scores (`"scores"`). */
  basis?: "values" | "scores";
  /** A value equal to the threshold counts as `"low"` (default) or `"high"`. */
  ties?: "low" | "high";
  /** How scores are computed with `basis: "scores"`; see {@link scoreRfm}. */
  scoring?: RfmScoringOptions;
  /** Where the values are in the records (default: the `CustomerSummary` names). */
  fields?: CustomerFields<Row>;
  /**
   * `"records"` (default): `customers`, one {@link RfmSegmentRecord} per customer. `"columns"`:
   * `columns` ({@link RfmSegmentColumns}), one array per field, without an object per customer.
   */
  output?: "records" | "columns";
}

/** {@link segmentRfm} with one of R `rfm`'s ten-segment schemes (score-range rules). */
export interface SegmentRfmRRfmOptions<Row = any> {
  scheme: "r-rfm-readme" | "r-rfm-tests";
  /** How scores are computed; `{ method: "r-rfm" }` reproduces R `rfm_segment`. See {@link scoreRfm}. */
  scoring?: RfmScoringOptions;
  /** Where the values are in the records (default: the `CustomerSummary` names). */
  fields?: CustomerFields<Row>;
  /** Segment id of customers no rule matches (default `"others"`). */
  otherwise?: string;
  /**
   * `"records"` (default): `customers`, one {@link RfmSegmentRecord} per customer. `"columns"`:
   * `columns` ({@link RfmSegmentColumns}), one array per field, without an object per customer.
   */
  output?: "records" | "columns";
}

/** {@link segmentRfm} with your own score-range rules (first match wins, inclusive bounds). */
export interface SegmentRfmCustomOptions<Row = any> {
  scheme: "custom";
  /** The rules, in priority order. */
  rules: readonly SegmentRule[];
  /** How scores are computed; see {@link scoreRfm}. */
  scoring?: RfmScoringOptions;
  /** Where the values are in the records (default: the `CustomerSummary` names). */
  fields?: CustomerFields<Row>;
  /** Segment id of customers no rule matches (default `"others"`). */
  otherwise?: string;
  /**
   * `"records"` (default): `customers`, one {@link RfmSegmentRecord} per customer. `"columns"`:
   * `columns` ({@link RfmSegmentColumns}), one array per field, without an object per customer.
   */
  output?: "records" | "columns";
}

/** The keys of every member of a union. */
export type KeysOfUnion<T> = T extends unknown ? keyof T : never;
/** `T` with the keys that only other members of `All` have set to `never`: options of two schemes do not mix. */
export type Exclusive<T, All> = T & { [K in Exclude<KeysOfUnion<All>, keyof T>]?: never };
/** The options of every scheme of {@link segmentRfm}, as written (before {@link Exclusive}). */
export type SegmentRfmSchemeOptions = SegmentRfmClassicOptions | SegmentRfmRRfmOptions | SegmentRfmCustomOptions;

/**
 * Options of {@link segmentRfm}, one shape per scheme: `thresholds`, `basis` and `ties` belong to the
 * classic scheme, `otherwise` to the rule schemes, `rules` to `scheme: "custom"`; mixing them does not
 * compile (and is a `TypeError` at run time).
 */
export type SegmentRfmOptions<Row = any> =
  | Exclusive<SegmentRfmClassicOptions<Row>, SegmentRfmSchemeOptions>
  | Exclusive<SegmentRfmRRfmOptions<Row>, SegmentRfmSchemeOptions>
  | Exclusive<SegmentRfmCustomOptions<Row>, SegmentRfmSchemeOptions>;

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

/**
 * The segments as columns (`output: "columns"`): entry `i` of every array is customer `i`, input
 * order. A field that is `null` in every record of the scheme (`r`, `f`, `m`, `cell` without scores,
 * `pattern` outside the classic scheme) is `null` as a whole.
 */
export type RfmSegmentColumns = {
  customerId: string[];
  recencyDays: Float64Array;
  frequency: Float64Array;
  monetary: Float64Array;
  r: Int32Array | null;
  f: Int32Array | null;
  m: Int32Array | null;
  cell: string[] | null;
  pattern: string[] | null;
  /** Segment id per customer: one shared string per segment, listed in `meta.segments`. */
  segment: string[];
};

/** Per-dimension numbers of the classic scheme. */
export interface RfmDimensions<T> {
  recency: T;
  frequency: T;
  monetary: T;
}

/** What {@link segmentRfm} used, and the per-segment summary. */
export interface SegmentRfmMeta {
  scheme: RfmSegmentScheme;
  customers: number;
  /** Classic scheme: the threshold of each dimension (in the units of `basis`), else `null`. */
  thresholds: RfmDimensions<number> | null;
  /** Classic scheme: how each threshold was found, else `null`. */
  thresholdMethod: RfmDimensions<ThresholdMethod> | null;
  /** Classic scheme: raw values or scores compared, else `null`. */
  basis: "values" | "scores" | null;
  /** Classic scheme: where a value equal to the threshold goes, else `null`. */
  ties: "low" | "high" | null;
  /**
   * Classic scheme: the comparisons spelled out (`"R high when recencyDays < 128.75; F high when
   * frequency > 6; M high when monetary > 717.5"`), else `null`.
   */
  comparisons: string | null;
  /** Rule schemes: the rules in match order, else `null`. */
  rules: readonly SegmentRule[] | null;
  /** Rule schemes: the segment id of unmatched customers, else `null`. */
  otherwise: string | null;
  /** Scoring meta when scores were computed, else `null`. */
  scoring: RfmScoreMeta | null;
  /** Totals and means per segment, every segment of the scheme listed (empty ones too), in its order. */
  segments: SegmentSummaryRow[];
}

/** Result of {@link segmentRfm}. */
export interface SegmentRfmResult {
  /** One record per customer, input order. */
  customers: RfmSegmentRecord[];
  meta: SegmentRfmMeta;
}

/** Result of {@link segmentRfm} with `output: "columns"`. */
export interface SegmentRfmColumnsResult {
  columns: RfmSegmentColumns;
  meta: SegmentRfmMeta;
}

const scoringSchema = scoreRfmOptionsSchema.omit({ fields: true });
const thresholdValue = z.number().finite();

const classicOptionsSchema: OptionsSchema<SegmentRfmClassicOptions> = defineOptions<SegmentRfmClassicOptions>()({
  scheme: z.literal("classic").optional(),
  thresholds: z
    .union([
      z.enum(["mean", "median"]),
      z.strictObject({ recency: thresholdValue.optional(), frequency: thresholdValue.optional(), monetary: thresholdValue.optional() }),
    ])
    .optional(),
  basis: z.enum(["values", "scores"]).optional(),
  ties: z.enum(["low", "high"]).optional(),
  scoring: scoringSchema.optional(),
  fields: customerFieldsSchema.optional(),
  output: z.enum(["records", "columns"]).optional(),
});

const rRfmOptionsSchema: OptionsSchema<SegmentRfmRRfmOptions> = defineOptions<SegmentRfmRRfmOptions>()({
  scheme: z.enum(["r-rfm-readme", "r-rfm-tests"]),
  scoring: scoringSchema.optional(),
  fields: customerFieldsSchema.optional(),
  output: z.enum(["records", "columns"]).optional(),
  otherwise: z.string().min(1).optional(),
});

const customOptionsSchema: OptionsSchema<SegmentRfmCustomOptions> = defineOptions<SegmentRfmCustomOptions>()({
  scheme: z.literal("custom"),
  rules: z.array(segmentRuleSchema).min(1),
  scoring: scoringSchema.optional(),
  fields: customerFieldsSchema.optional(),
  output: z.enum(["records", "columns"]).optional(),
  otherwise: z.string().min(1).optional(),
});

/** zod schema of {@link SegmentRfmOptions}: one strict shape per `scheme`. */
export const segmentRfmOptionsSchema: z.ZodDiscriminatedUnion<
  [OptionsSchema<SegmentRfmClassicOptions>, OptionsSchema<SegmentRfmRRfmOptions>, OptionsSchema<SegmentRfmCustomOptions>],
  "scheme"
> = z.discriminatedUnion("scheme", [classicOptionsSchema, rRfmOptionsSchema, customOptionsSchema]);

type ParsedOptions = z.output<typeof segmentRfmOptionsSchema>;

/** The keys that belong to one kind of scheme, for the message when they come with another. */
const CLASSIC_ONLY = ["thresholds", "basis", "ties"] as const;
const SCHEMES: readonly string[] = ["classic", "r-rfm-readme", "r-rfm-tests", "custom"];

/**
 * Parses the options, first naming an option given with a scheme it does not belong to (plain
 * JavaScript and parsed JSON reach here without the type's help).
 */
function parseSegmentRfmOptions(fn: string, options: unknown): ParsedOptions {
  if (typeof options === "object" && options !== null) {
    const o = snapshotOptions(fn, options);
    options = o;
    const scheme = o.scheme ?? "classic";
    if (typeof scheme === "string" && SCHEMES.includes(scheme)) {
      const misplaced =
        scheme === "classic"
          ? (["otherwise", "rules"] as const).filter((k) => o[k] !== undefined)
          : [...CLASSIC_ONLY, ...(scheme === "custom" ? [] : (["rules"] as const))].filter((k) => o[k] !== undefined);
      if (misplaced.length > 0) {
        const key = misplaced[0];
        const belongs = key === "rules" ? 'scheme "custom"' : key === "otherwise" ? "the rule schemes" : "the classic scheme";
        throw new TypeError(`${fn}: options.${key} applies to ${belongs} only; scheme is "${scheme}"`);
      }
      // the classic scheme on raw values computes no scores: scoring options would be silently ignored
      if (scheme === "classic" && o.scoring !== undefined && (o.basis ?? "values") === "values") {
        throw new TypeError(`${fn}: options.scoring applies to basis "scores" (or a rule scheme) only; the classic scheme compares raw values`);
      }
    }
  }
  return parseOptions(fn, segmentRfmOptionsSchema, options);
}

const CLASSIC_BY_PATTERN = new Map<string, ClassicSegmentDefinition>(CLASSIC_SEGMENTS.map((s) => [s.pattern, s]));
const DIMENSIONS = ["recency", "frequency", "monetary"] as const;

/**
 * Segments customers. By default (`scheme: "classic"`) into the **eight classic RFM segments**
 * (重要价值客户 important value … 一般挽留客户 general win-back): each of R, F, M is high or low against
 * `thresholds` (default the mean of the raw values; R is high when `recencyDays` is below it). With
 * `scheme: "r-rfm-readme"`, `"r-rfm-tests"` or `"custom"` (with `rules`), customers are matched on their
 * RFM scores instead: first rule wins, inclusive bounds, `otherwise` for the rest. Details:
 * docs/segments.md.
 *
 * @param customers - Customer-level records (`CustomerSummary` or any with `customerId`,
 *   `recencyDays`, `frequency`, `monetary`, or mapped with `options.fields`).
 * @returns `customers`: one {@link RfmSegmentRecord} per customer, input order; `meta`: thresholds or
 *   rules, scoring edges, and `meta.segments`, the per-segment summary in the scheme's order.
 *   With `output: "columns"`, `columns` ({@link RfmSegmentColumns}) instead of `customers`, the same
 *   values: `segment` is a `string[]` of the segment ids (one shared string per segment).
 * @throws {AnalyticsInputError} On bad records, as {@link scoreRfm}.
 * @throws {TypeError | RangeError} On bad options, prefixed `segmentRfm:` (an option of another scheme included).
 *
 * @example
 * const { customers, meta } = segmentRfm([
 *   { customerId: "a", recencyDays: 5, frequency: 12, monetary: 1500 },
 *   { customerId: "b", recencyDays: 200, frequency: 10, monetary: 1300 },
 *   { customerId: "c", recencyDays: 10, frequency: 1, monetary: 40 },
 *   { customerId: "d", recencyDays: 300, frequency: 1, monetary: 30 },
 * ]);
 * customers.map((c) => c.segment);
 * //=> ["important_value", "important_retain", "general_develop", "general_win_back"]
 * meta.thresholds; //=> { recency: 128.75, frequency: 6, monetary: 717.5 }
 * meta.segments[0].customers; //=> 1
 * @example
 * // columns in and out: one array per field, no object per customer (the fast lane for big data)
 * const { columns } = segmentRfm(
 *   {
 *     customerId: ["a", "b", "c", "d"],
 *     recencyDays: Float64Array.of(5, 200, 10, 300),
 *     frequency: Float64Array.of(12, 10, 1, 1),
 *     monetary: Float64Array.of(1500, 1300, 40, 30),
 *   },
 *   { output: "columns" },
 * );
 * columns.segment; //=> ["important_value", "important_retain", "general_develop", "general_win_back"]
 * columns.pattern; //=> ["HHH", "LHH", "HLL", "LLL"]
 * columns.r;       //=> null
 *
 * @see Hughes, A. M. (1994). *Strategic Database Marketing*. Probus. Hebbali, A. (2024). rfm 0.3.0 (R package).
 */
export function segmentRfm<Row = any>(customers: CustomerInput<Row>, options: SegmentRfmOptions<Row> & { output: "columns" }): SegmentRfmColumnsResult;
export function segmentRfm<Row = any>(customers: CustomerInput<Row>, options?: SegmentRfmOptions<Row>): SegmentRfmResult;
export function segmentRfm<Row = any>(customers: CustomerInput<Row>, options: SegmentRfmOptions<Row> = {}): SegmentRfmResult | SegmentRfmColumnsResult {
  const fn = "segmentRfm";
  const opts = parseSegmentRfmOptions(fn, options);
  const plan = planScoring(fn, opts.scoring ?? {});
  if (opts.scheme === "classic" || opts.scheme === undefined) {
    const cols = readCustomerColumns(fn, customers, opts.fields as CustomerFields<Row> | undefined);
    return segmentClassic(cols, plan, opts, opts.output ?? "records");
  }
  const rules = "rules" in opts ? opts.rules : opts.scheme === "r-rfm-readme" ? R_RFM_README_SCHEME : R_RFM_TESTS_SCHEME;
  const otherwise = ("otherwise" in opts ? opts.otherwise : undefined) ?? OTHERS_SEGMENT.id;
  // the rules' shape was checked by the options schema (custom) or is built in: one check of the rest
  validateRules(fn, rules, otherwise, plan.bins);
  const cols = readCustomerColumns(fn, customers, opts.fields as CustomerFields<Row> | undefined);
  return segmentByRules(cols, plan, opts.scheme, rules, otherwise, opts.output ?? "records");
}

/** Rule schemes: score every customer, then the first matching rule (or `otherwise`) per customer. */
function segmentByRules(
  cols: CustomerColumns,
  plan: RfmScoringPlan,
  scheme: RfmSegmentScheme,
  rules: readonly SegmentRule[],
  otherwise: string,
  output: "records" | "columns",
): SegmentRfmResult | SegmentRfmColumnsResult {
  const scored = scoreColumns(cols, plan);
  const segmentIds = matchRules(rules, scored.r, scored.f, scored.m, otherwise);
  const order = [...rules.map((r) => r.id), otherwise].filter((id, i, all) => all.indexOf(id) === i);
  const labels = scheme === "custom" ? ruleLabels(rules) : undefined;
  const meta: SegmentRfmMeta = {
    ...emptyMeta(scheme, cols.ids.length),
    rules: rules.map((r) => ({ ...r })),
    otherwise,
    scoring: scored.meta,
    segments: summarizeSegmentColumns("segmentRfm", segmentIds, cols, scored, order, labels).rows,
  };
  return segmentResult(cols, scored, null, segmentIds, meta, output);
}

/** Classic scheme: thresholds per dimension, a high/low pattern per customer, its segment. */
function segmentClassic(
  cols: CustomerColumns,
  plan: RfmScoringPlan,
  opts: z.output<typeof classicOptionsSchema>,
  output: "records" | "columns",
): SegmentRfmResult | SegmentRfmColumnsResult {
  const basis = opts.basis ?? "values";
  const ties = opts.ties ?? "low";
  const scored = basis === "scores" ? scoreColumns(cols, plan) : null;
  const source: RfmDimensions<Float64Array> = scored
    ? { recency: Float64Array.from(scored.r), frequency: Float64Array.from(scored.f), monetary: Float64Array.from(scored.m) }
    : { recency: cols.recencyDays, frequency: cols.frequency, monetary: cols.monetary };
  const { thresholds, thresholdMethod } = classicThresholds(source, opts.thresholds);
  const codes = classicPatterns(source, thresholds, basis, ties);
  const n = codes.length;
  const patterns: string[] = new Array(n);
  const segmentIds: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    patterns[i] = PATTERNS[codes[i]];
    segmentIds[i] = PATTERN_SEGMENTS[codes[i]];
  }
  const meta: SegmentRfmMeta = {
    ...emptyMeta("classic", cols.ids.length),
    thresholds,
    thresholdMethod,
    basis,
    ties,
    comparisons: describeComparisons(thresholds, basis, ties),
    scoring: scored ? scored.meta : null,
    segments: summarizeSegmentColumns("segmentRfm", segmentIds, cols, scored, CLASSIC_SEGMENTS.map((s) => s.id), undefined).rows,
  };
  return segmentResult(cols, scored, patterns, segmentIds, meta, output);
}

/** Each dimension's threshold: the given number, else the median or (default) the mean. */
function classicThresholds(
  source: RfmDimensions<Float64Array>,
  option: SegmentRfmClassicOptions["thresholds"],
): { thresholds: RfmDimensions<number>; thresholdMethod: RfmDimensions<ThresholdMethod> } {
  const thresholds = {} as RfmDimensions<number>;
  const thresholdMethod = {} as RfmDimensions<ThresholdMethod>;
  for (const d of DIMENSIONS) {
    const given = typeof option === "object" ? option[d] : undefined;
    const method: ThresholdMethod = given !== undefined ? "given" : option === "median" ? "median" : "mean";
    thresholds[d] = given !== undefined ? given : axisThreshold(source[d], method === "median" ? "median" : "mean");
    thresholdMethod[d] = method;
  }
  return { thresholds, thresholdMethod };
}

/** The eight patterns, by code 4·R high + 2·F high + M high (`"LLL"` … `"HHH"`), and their segments. */
const PATTERNS: readonly string[] = Array.from({ length: 8 }, (_, k) => (k & 4 ? "H" : "L") + (k & 2 ? "H" : "L") + (k & 1 ? "H" : "L"));
const PATTERN_SEGMENTS: readonly string[] = PATTERNS.map((p) => (CLASSIC_BY_PATTERN.get(p) as ClassicSegmentDefinition).id);

/**
 * `H`/`L` per dimension as a pattern code (see `PATTERNS`): on raw values a low `recencyDays` is a
 * high R; scores are already reversed.
 */
function classicPatterns(source: RfmDimensions<Float64Array>, t: RfmDimensions<number>, basis: "values" | "scores", ties: "low" | "high"): Uint8Array {
  const n = source.recency.length;
  const { recency, frequency, monetary } = source;
  const codes = new Uint8Array(n);
  const tr = t.recency;
  const tf = t.frequency;
  const tm = t.monetary;
  // one loop per comparison, so each stays monomorphic and branch-free
  if (basis === "values") {
    if (ties === "low") for (let i = 0; i < n; i++) codes[i] = 4 * +(recency[i] < tr) + 2 * +(frequency[i] > tf) + +(monetary[i] > tm);
    else for (let i = 0; i < n; i++) codes[i] = 4 * +(recency[i] <= tr) + 2 * +(frequency[i] >= tf) + +(monetary[i] >= tm);
  } else if (ties === "low") for (let i = 0; i < n; i++) codes[i] = 4 * +(recency[i] > tr) + 2 * +(frequency[i] > tf) + +(monetary[i] > tm);
  else for (let i = 0; i < n; i++) codes[i] = 4 * +(recency[i] >= tr) + 2 * +(frequency[i] >= tf) + +(monetary[i] >= tm);
  return codes;
}

/** The classic comparisons in words, for `meta.comparisons`. */
function describeComparisons(t: RfmDimensions<number>, basis: "values" | "scores", ties: "low" | "high"): string {
  const lt = ties === "low" ? "<" : "<=";
  const gt = ties === "low" ? ">" : ">=";
  return basis === "values"
    ? `R high when recencyDays ${lt} ${t.recency}; F high when frequency ${gt} ${t.frequency}; M high when monetary ${gt} ${t.monetary}`
    : `R high when r ${gt} ${t.recency}; F high when f ${gt} ${t.frequency}; M high when m ${gt} ${t.monetary}`;
}

/** One record per customer (the values read, the scores when computed, the pattern, the segment), or the same as columns. */
function segmentResult(
  cols: CustomerColumns,
  scored: { r: Int32Array; f: Int32Array; m: Int32Array } | null,
  patterns: string[] | null,
  segmentIds: string[],
  meta: SegmentRfmMeta,
  output: "records" | "columns",
): SegmentRfmResult | SegmentRfmColumnsResult {
  const cells = scored ? cellColumn(scored.r, scored.f, scored.m) : null;
  if (output === "columns") {
    return {
      columns: {
        customerId: cols.ids,
        recencyDays: cols.recencyDays,
        frequency: cols.frequency,
        monetary: cols.monetary,
        r: scored ? scored.r : null,
        f: scored ? scored.f : null,
        m: scored ? scored.m : null,
        cell: cells,
        pattern: patterns,
        segment: segmentIds,
      },
      meta,
    };
  }
  const n = cols.ids.length;
  const records: RfmSegmentRecord[] = new Array(n);
  for (let i = 0; i < n; i++) {
    records[i] = {
      customerId: cols.ids[i],
      recencyDays: cols.recencyDays[i],
      frequency: cols.frequency[i],
      monetary: cols.monetary[i],
      r: scored ? scored.r[i] : null,
      f: scored ? scored.f[i] : null,
      m: scored ? scored.m[i] : null,
      cell: cells ? cells[i] : null,
      pattern: patterns ? patterns[i] : null,
      segment: segmentIds[i],
    };
  }
  return { customers: records, meta };
}

/** Display labels of custom rules that carry them. */
function ruleLabels(rules: readonly SegmentRule[]): Record<string, { label: string; labelZh?: string }> {
  const labels: Record<string, { label: string; labelZh?: string }> = {};
  for (const r of rules) if (r.label !== undefined && !Object.hasOwn(labels, r.id)) labels[r.id] = { label: r.label, labelZh: r.labelZh };
  return labels;
}

function emptyMeta(scheme: RfmSegmentScheme, customers: number): SegmentRfmMeta {
  return {
    scheme,
    customers,
    thresholds: null,
    thresholdMethod: null,
    basis: null,
    ties: null,
    comparisons: null,
    rules: null,
    otherwise: null,
    scoring: null,
    segments: [],
  };
}
