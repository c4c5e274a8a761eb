import { z } from "zod";
import { describeValue } from "../errors.js";
import { readRecords } from "../input/readRecords.js";
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

/** Checks a rule list: ids non-empty, bounds finite with lower <= upper. */
export function validateRules(fn: string, rules: readonly SegmentRule[], otherwise: string): void {
  if (!Array.isArray(rules) || rules.length === 0) throw new TypeError(`${fn}: rules must be a non-empty array of segment rules`);
  rules.forEach((rule, k) => {
    if (typeof rule?.id !== "string" || rule.id.length === 0) throw new TypeError(`${fn}: rules[${k}].id must be a non-empty string`);
    for (const d of ["recency", "frequency", "monetary"] as const) {
      const b = rule[d];
      if (!Array.isArray(b) || b.length !== 2 || !Number.isFinite(b[0]) || !Number.isFinite(b[1])) {
        throw new TypeError(`${fn}: rules[${k}].${d} must be [lower, upper] finite numbers, got ${describeValue(b)}`);
      }
      if (b[0] > b[1]) throw new RangeError(`${fn}: rules[${k}].${d} has lower ${b[0]} > upper ${b[1]}`);
    }
  });
  if (typeof otherwise !== "string" || otherwise.length === 0) throw new TypeError(`${fn}: otherwise must be a non-empty string`);
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
}

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

/** zod schema of {@link MatchSegmentRulesOptions} (strict: unknown keys are rejected). */
export const matchSegmentRulesOptionsSchema: OptionsSchema<MatchSegmentRulesOptions> = defineOptions<MatchSegmentRulesOptions>()({
  otherwise: z.string().min(1).optional(),
});

/**
 * Assigns each scored customer to the first rule whose inclusive score ranges hold its `r`, `f`, `m`
 * (R `rfm`'s `rfm_segment` semantics); customers no rule matches get `otherwise` (default `"others"`).
 * Use it with scores computed elsewhere; {@link segmentRfm} scores and matches in one call.
 *
 * @param records - Records with `customerId`, `r`, `f`, `m` (e.g. `scoreRfm(...).customers`).
 * @param rules - Rules in priority order, e.g. {@link R_RFM_README_SCHEME}.
 * @returns `customers`: one `{ customerId, segment }` per record, input order; `meta`: rules and `otherwise`.
 * @throws {AnalyticsInputError} `invalid_value` when a score is not a finite number, and the other
 *   record issues of `scoreRfm` (`missing_customer_id`, `duplicate_customer`, ...); paths `["records", i, field]`.
 * @throws {TypeError | RangeError} On malformed rules or options (unknown keys included).
 *
 * @example
 * const { customers } = matchSegmentRules(
 *   [{ customerId: "a", r: 5, f: 5, m: 5 }, { customerId: "b", r: 1, f: 1, m: 2 }],
 *   [{ id: "best", recency: [4, 5], frequency: [4, 5], monetary: [4, 5] }],
 * );
 * customers; //=> [{ customerId: "a", segment: "best" }, { customerId: "b", segment: "others" }]
 */
export function matchSegmentRules(
  records: Iterable<ScoredCustomer>,
  rules: readonly SegmentRule[],
  options: MatchSegmentRulesOptions = {},
): MatchSegmentRulesResult {
  const fn = "matchSegmentRules";
  const opts = parseOptions(fn, matchSegmentRulesOptionsSchema, options);
  const otherwise = opts.otherwise ?? OTHERS_SEGMENT.id;
  validateRules(fn, rules, otherwise);
  const { ids, columns } = readRecords(fn, records, {
    fields: { r: { field: "r", name: "r" }, f: { field: "f", name: "f" }, m: { field: "m", name: "m" } },
  });
  const segments = matchRules(rules, columns.r, columns.f, columns.m, otherwise);
  const customers: SegmentMatch[] = new Array(ids.length);
  for (let i = 0; i < ids.length; i++) customers[i] = { customerId: ids[i], segment: segments[i] };
  return { customers, meta: { customers: ids.length, rules: rules.map((r) => ({ ...r, recency: [r.recency[0], r.recency[1]], frequency: [r.frequency[0], r.frequency[1]], monetary: [r.monetary[0], r.monetary[1]] })), otherwise } };
}
