import { z } from "zod";
import { AnalyticsInputError, describeValue, inputIssue, type InputIssue } from "../errors.js";
import { defineOptions, parseOptions, type OptionsSchema } from "../options.js";

/** Net Promoter Score of a set of 0–10 answers. */
export interface NetPromoterScore {
  /** (promoters − detractors) / n × 100, in −100..100. */
  nps: number;
  /** Answers 9–10. */
  promoters: number;
  /** Answers 7–8 (they count in the denominator). */
  passives: number;
  /** Answers 0–6. */
  detractors: number;
  n: number;
}

/** Options of {@link netPromoterScore}. */
export interface NetPromoterScoreOptions {
  /** Bad answers listed in the error before it is thrown (default 20, as the readers). */
  maxIssues?: number;
}

/** Schema of {@link NetPromoterScoreOptions} (strict: unknown keys are rejected). */
export const netPromoterScoreOptionsSchema: OptionsSchema<NetPromoterScoreOptions> = defineOptions<NetPromoterScoreOptions>()({
  maxIssues: z.number().int().min(1).optional(),
});

/**
 * Net Promoter Score from "how likely are you to recommend us" answers on 0–10: promoters answer 9–10,
 * detractors 0–6, passives 7–8; NPS = (promoters − detractors) / all answers × 100, in −100..100.
 * One score, not a list of records.
 *
 * @throws {AnalyticsInputError} `empty_input` for no answers; `invalid_value` at `["scores", i]` for an
 *   answer that is not an integer in 0..10 (up to `maxIssues` listed).
 *
 * @example
 * netPromoterScore([10, 9, 8, 7, 6, 0, 10, 9]);
 * //=> { nps: 25, promoters: 4, passives: 2, detractors: 2, n: 8 }
 *
 * @see Reichheld, F. F. (2003). The one number you need to grow. Harvard Business Review 81(12).
 */
export function netPromoterScore(scores: Iterable<number>, options: NetPromoterScoreOptions = {}): NetPromoterScore {
  const fn = "netPromoterScore";
  if (scores === null || typeof scores !== "object" || typeof (scores as Iterable<number>)[Symbol.iterator] !== "function") {
    throw new TypeError(`${fn}: scores must be an array (or iterable) of 0–10 integers, got ${describeValue(scores)}`);
  }
  const maxIssues = parseOptions(fn, netPromoterScoreOptionsSchema, options).maxIssues ?? 20;
  let promoters = 0;
  let passives = 0;
  let detractors = 0;
  let n = 0;
  const issues: InputIssue[] = [];
  let bad = 0;
  for (const s of scores) {
    if (typeof s !== "number" || !Number.isInteger(s) || s < 0 || s > 10) {
      if (bad++ < maxIssues) issues.push(inputIssue("invalid_value", ["scores", n], `expected an integer from 0 to 10, got ${describeValue(s)}`));
    } else if (s >= 9) promoters++;
    else if (s >= 7) passives++;
    else detractors++;
    n++;
  }
  if (issues.length > 0) throw new AnalyticsInputError(fn, issues, bad);
  if (n === 0) throw new AnalyticsInputError(fn, [inputIssue("empty_input", ["scores"], "no answers")]);
  return { nps: ((promoters - detractors) / n) * 100, promoters, passives, detractors, n };
}
