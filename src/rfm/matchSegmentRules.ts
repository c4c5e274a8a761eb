import { AnalyticsInputError, describeValue, type InputIssue } from "../errors.js";
import { OTHERS_SEGMENT, type SegmentRule } from "./segmentDefinitions.js";

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

/** A record with RFM scores, as {@link scoreRfm} returns. */
export interface ScoredCustomer {
  customerId: string | number;
  r: number;
  f: number;
  m: number;
}

/**
 * Assigns each scored customer to the first rule whose inclusive score ranges hold its `r`, `f`, `m`
 * (R `rfm`'s `rfm_segment` semantics); customers no rule matches get `otherwise` (default `"others"`).
 * Use it with scores computed elsewhere; {@link segmentRfm} computes scores and matches in one call.
 *
 * @param scores - Records with `customerId`, `r`, `f`, `m` (e.g. {@link scoreRfm}'s `scores`).
 * @param rules - Rules in priority order, e.g. {@link R_RFM_README_SCHEME}.
 * @returns One `{ customerId, segment }` per record, input order.
 * @throws {AnalyticsInputError} `invalid_value` when a score is not a finite number.
 * @throws {TypeError | RangeError} On malformed rules.
 *
 * @example
 * matchSegmentRules(
 *   [{ customerId: "a", r: 5, f: 5, m: 5 }, { customerId: "b", r: 1, f: 1, m: 2 }],
 *   [{ id: "best", recency: [4, 5], frequency: [4, 5], monetary: [4, 5] }],
 * );
 * //=> [{ customerId: "a", segment: "best" }, { customerId: "b", segment: "others" }]
 */
export function matchSegmentRules(
  scores: readonly ScoredCustomer[],
  rules: readonly SegmentRule[],
  options: { otherwise?: string } = {},
): { customerId: string; segment: string }[] {
  const fn = "matchSegmentRules";
  const otherwise = options.otherwise ?? OTHERS_SEGMENT.id;
  validateRules(fn, rules, otherwise);
  if (!Array.isArray(scores)) throw new TypeError(`${fn}: scores must be an array, got ${describeValue(scores)}`);
  const n = scores.length;
  const r = new Float64Array(n);
  const f = new Float64Array(n);
  const m = new Float64Array(n);
  const issues: InputIssue[] = [];
  for (let i = 0; i < n; i++) {
    const s = scores[i];
    for (const [key, col] of [["r", r], ["f", f], ["m", m]] as const) {
      const v = s?.[key];
      if (typeof v !== "number" || !Number.isFinite(v)) {
        if (issues.length < 20) issues.push({ path: `scores[${i}].${key}`, code: "invalid_value", message: `scores[${i}].${key}: expected a finite score, got ${describeValue(v)}` });
      } else col[i] = v;
    }
  }
  if (issues.length > 0) throw new AnalyticsInputError(fn, issues);
  const seg = matchRules(rules, r, f, m, otherwise);
  return scores.map((s, i) => ({ customerId: String(s.customerId), segment: seg[i] }));
}
