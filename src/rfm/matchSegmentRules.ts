import { z } from "zod";
import { describeValue } from "../errors.js";
import { readRecords } from "../input/readRecords.js";
import type { CustomerColumns } from "../input/types.js";
import { defineOptions, parseOptions, type OptionsSchema } from "../options.js";
import { OTHERS_SEGMENT, type SegmentRule } from "./segmentDefinitions.js";

const bounds = z.tuple([z.number().finite(), z.number().finite()]);

/** zod schema of one {@link SegmentRule} (the rules of `segmentRfm`'s `scheme: "custom"`). */
export const segmentRuleSchema: OptionsSchema<SegmentRule> = z.strictObject({
  id: z.string().min(1),
  label: z.string().optional(),
  labelZh: z.string().optional(),
  recency: bounds,
  frequency: bounds,
  monetary: bounds,
});

/** The score range rules are checked against: 1..bins per dimension (`scoreRfm` scores 1..10 at most). */
export type RuleScoreRange = Readonly<Record<"recency" | "frequency" | "monetary", number>>;

/** The widest score range: `scoreRfm` scores 1..10 at most. */
export const MAX_RULE_SCORES: RuleScoreRange = Object.freeze({ recency: 10, frequency: 10, monetary: 10 });

/**
 * Reads a rule list given as an argument (not through an options schema): its shape is checked by
 * {@link segmentRuleSchema}, the one schema of a rule, and a bad shape is a `TypeError` naming the rule.
 */
export function readRules(fn: string, rules: unknown): readonly SegmentRule[] {
  if (!Array.isArray(rules) || rules.length === 0) throw new TypeError(`${fn}: rules must be a non-empty array of segment rules`);
  rules.forEach((rule, k) => {
    const parsed = segmentRuleSchema.safeParse(rule);
    if (parsed.success) return;
    const issue = parsed.error.issues[0];
    const keys = issue.code === "unrecognized_keys" ? issue.keys : [];
    const at = [`rules[${k}]`, ...issue.path.slice(0, 1).map(String)].join(".");
    const received = issue.path.length > 0 && typeof rule === "object" && rule !== null ? (rule as Record<PropertyKey, unknown>)[issue.path[0] as PropertyKey] : rule;
    throw new TypeError(
      keys.length > 0
        ? `${fn}: ${at}: unknown key${keys.length > 1 ? "s" : ""} ${keys.map((x) => JSON.stringify(x)).join(", ")}`
        : `${fn}: ${at} must be ${issue.path[0] === "id" ? "a non-empty string" : issue.path.length === 0 ? "a segment rule { id, recency, frequency, monetary }" : "[lower, upper] finite numbers"}, got ${describeValue(received)}`,
    );
  });
  return rules as readonly SegmentRule[];
}

/**
 * Checks what the rule schema cannot: in each dimension lower <= upper and both within the scores
 * 1..`scores[d]`, ids distinct, and no rule id equal to `otherwise` (its customers would be mixed
 * with the unmatched ones). Every rule scheme goes through this one check (built-in schemes too, for
 * their bounds against the bins used). `RangeError` naming the function and the rule.
 */
export function validateRules(fn: string, rules: readonly SegmentRule[], otherwise: string, scores: RuleScoreRange): void {
  if (typeof otherwise !== "string" || otherwise.length === 0) throw new TypeError(`${fn}: otherwise must be a non-empty string`);
  const seen = new Map<string, number>();
  rules.forEach((rule, k) => {
    const first = seen.get(rule.id);
    if (first !== undefined) throw new RangeError(`${fn}: rules[${k}].id "${rule.id}" is also the id of rules[${first}]; give each rule its own id`);
    seen.set(rule.id, k);
    if (rule.id === otherwise) {
      throw new RangeError(`${fn}: rules[${k}].id "${rule.id}" is the segment of unmatched customers (otherwise); choose another id or another otherwise`);
    }
    for (const d of ["recency", "frequency", "monetary"] as const) {
      const [lower, upper] = rule[d];
      if (lower > upper) throw new RangeError(`${fn}: rules[${k}].${d} has lower ${lower} > upper ${upper}`);
      if (lower < 1 || upper > scores[d]) {
        throw new RangeError(`${fn}: rules[${k}].${d} is [${lower}, ${upper}], outside the scores 1..${scores[d]}${scores === MAX_RULE_SCORES ? "" : ` (${d} has ${scores[d]} bins)`}`);
      }
    }
  });
}

/** Segment id per customer: the first rule whose three inclusive ranges hold the scores, else `otherwise`. */
export function matchRules(rules: readonly SegmentRule[], r: ArrayLike<number>, f: ArrayLike<number>, m: ArrayLike<number>, otherwise: string): string[] {
  const k = rules.length;
  const lo = new Float64Array(k * 3);
  const hi = new Float64Array(k * 3);
  rules.forEach((rule, j) => {
    lo[3 * j] = rule.recency[0];
    hi[3 * j] = rule.recency[1];
    lo[3 * j + 1] = rule.frequency[0];
    hi[3 * j + 1] = rule.frequency[1];
    lo[3 * j + 2] = rule.monetary[0];
    hi[3 * j + 2] = rule.monetary[1];
  });
  const out: string[] = new Array(r.length);
  for (let i = 0; i < r.length; i++) {
    const ri = r[i];
    const fi = f[i];
    const mi = m[i];
    let seg = otherwise;
    for (let j = 0; j < k; j++) {
      const b = 3 * j;
      if (ri >= lo[b] && ri <= hi[b] && fi >= lo[b + 1] && fi <= hi[b + 1] && mi >= lo[b + 2] && mi <= hi[b + 2]) {
        seg = rules[j].id;
        break;
      }
    }
    out[i] = seg;
  }
  return out;
}

/** A record with RFM scores, as `scoreRfm` returns them. */
export interface ScoredCustomer {
  customerId: string | number;
  r: number;
  f: number;
  m: number;
}

/** Options of {@link matchSegmentRules}. */
export interface MatchSegmentRulesOptions {
  /** Segment id of customers no rule matches (default `"others"`). */
  otherwise?: string;
  /**
   * `"records"` (default): `customers`, one {@link SegmentMatch} per customer. `"columns"`:
   * `columns` ({@link SegmentMatchColumns}), one array per field, without an object per customer.
   */
  output?: "records" | "columns";
}

/** The segments as columns (`output: "columns"`): entry `i` of every array is customer `i`, input order. */
export type SegmentMatchColumns = {
  customerId: string[];
  /** Segment id per customer: one shared string per segment. */
  segment: string[];
};

/** One customer's segment. */
export interface SegmentMatch {
  customerId: string;
  segment: string;
}

/** What {@link matchSegmentRules} matched against. */
export interface MatchSegmentRulesMeta {
  customers: number;
  /** The rules, in match order. */
  rules: readonly SegmentRule[];
  otherwise: string;
}

/** Result of {@link matchSegmentRules}. */
export interface MatchSegmentRulesResult {
  /** One record per customer, input order. */
  customers: SegmentMatch[];
  meta: MatchSegmentRulesMeta;
}

/** Result of {@link matchSegmentRules} with `output: "columns"`. */
export interface MatchSegmentRulesColumnsResult {
  columns: SegmentMatchColumns;
  meta: MatchSegmentRulesMeta;
}

/** zod schema of {@link MatchSegmentRulesOptions} (strict: unknown keys are rejected). */
export const matchSegmentRulesOptionsSchema: OptionsSchema<MatchSegmentRulesOptions> = defineOptions<MatchSegmentRulesOptions>()({
  otherwise: z.string().min(1).optional(),
  output: z.enum(["records", "columns"]).optional(),
});

/**
 * Assigns each scored customer to the first rule whose inclusive score ranges hold its `r`, `f`, `m`
 * (R `rfm`'s `rfm_segment` semantics); customers no rule matches get `otherwise` (default `"others"`).
 * Use it with scores computed elsewhere; {@link segmentRfm} scores and matches in one call.
 *
 * @param records - Records with `customerId`, `r`, `f`, `m` (e.g. `scoreRfm(...).customers`), or such columns.
 * @param rules - Rules in priority order, e.g. {@link R_RFM_README_SCHEME}.
 * @returns `customers`: one `{ customerId, segment }` per record, input order; `meta`: rules and `otherwise`;
 *   with `output: "columns"`, `columns` ({@link SegmentMatchColumns}) instead of `customers`.
 * @throws {AnalyticsInputError} `invalid_value` when a score is not a finite number, and the other
 *   record issues of `scoreRfm` (`missing_customer_id`, `duplicate_customer`, ...); paths `["records", i, field]`.
 * @throws {TypeError | RangeError} On malformed rules or options (unknown keys included); rules with
 *   the same id, an id equal to `otherwise`, or bounds outside the scores 1..10 (`RangeError`).
 *
 * @example
 * const { customers } = matchSegmentRules(
 *   [{ customerId: "a", r: 5, f: 5, m: 5 }, { customerId: "b", r: 1, f: 1, m: 2 }],
 *   [{ id: "best", recency: [4, 5], frequency: [4, 5], monetary: [4, 5] }],
 * );
 * customers; //=> [{ customerId: "a", segment: "best" }, { customerId: "b", segment: "others" }]
 * @example
 * // columns in and out (e.g. scoreRfm(..., { output: "columns" }).columns): no object per customer
 * const { columns } = matchSegmentRules(
 *   { customerId: ["a", "b"], r: Int32Array.of(5, 1), f: Int32Array.of(5, 1), m: Int32Array.of(5, 2) },
 *   [{ id: "best", recency: [4, 5], frequency: [4, 5], monetary: [4, 5] }],
 *   { output: "columns" },
 * );
 * columns.segment; //=> ["best", "others"]
 */
export function matchSegmentRules(
  records: Iterable<ScoredCustomer> | CustomerColumns,
  rules: readonly SegmentRule[],
  options: MatchSegmentRulesOptions & { output: "columns" },
): MatchSegmentRulesColumnsResult;
export function matchSegmentRules(records: Iterable<ScoredCustomer> | CustomerColumns, rules: readonly SegmentRule[], options?: MatchSegmentRulesOptions): MatchSegmentRulesResult;
export function matchSegmentRules(
  records: Iterable<ScoredCustomer> | CustomerColumns,
  rules: readonly SegmentRule[],
  options: MatchSegmentRulesOptions = {},
): MatchSegmentRulesResult | MatchSegmentRulesColumnsResult {
  const fn = "matchSegmentRules";
  const opts = parseOptions(fn, matchSegmentRulesOptionsSchema, options);
  const otherwise = opts.otherwise ?? OTHERS_SEGMENT.id;
  validateRules(fn, readRules(fn, rules), otherwise, MAX_RULE_SCORES);
  const { ids, columns } = readRecords(fn, records, {
    fields: { r: { field: "r", name: "r" }, f: { field: "f", name: "f" }, m: { field: "m", name: "m" } },
  });
  const segments = matchRules(rules, columns.r, columns.f, columns.m, otherwise);
  const meta: MatchSegmentRulesMeta = {
    customers: ids.length,
    rules: rules.map((r) => ({ ...r, recency: [r.recency[0], r.recency[1]], frequency: [r.frequency[0], r.frequency[1]], monetary: [r.monetary[0], r.monetary[1]] })),
    otherwise,
  };
  if (opts.output === "columns") return { columns: { customerId: ids, segment: segments }, meta };
  const customers: SegmentMatch[] = new Array(ids.length);
  for (let i = 0; i < ids.length; i++) customers[i] = { customerId: ids[i], segment: segments[i] };
  return { customers, meta };
}
