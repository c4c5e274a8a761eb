import { z } from "zod";
import { AnalyticsInputError, describeValue, inputIssue, type InputIssue } from "../errors.js";
import { defineOptions, parseOptions, type OptionsSchema } from "../options.js";
import { readRecords, type RecordField } from "../input/readRecords.js";

/** A component of delivered value: one of the four value parts or four cost parts. */
export type DeliveredValuePart = "product" | "service" | "personnel" | "image" | "monetaryCost" | "timeCost" | "energyCost" | "psychicCost";

const VALUE_PARTS = ["product", "service", "personnel", "image"] as const satisfies readonly DeliveredValuePart[];
const COST_PARTS = ["monetaryCost", "timeCost", "energyCost", "psychicCost"] as const satisfies readonly DeliveredValuePart[];
const PARTS = [...VALUE_PARTS, ...COST_PARTS];

/** One offer as a customer perceives it (any consistent scale, e.g. money or 1–10 scores). */
export interface Offer {
  /** Offer id, e.g. `"ours"`, `"competitor A"` (the customer id rule: a non-blank string or a finite number). */
  id: string;
  product: number;
  service: number;
  personnel: number;
  image: number;
  monetaryCost: number;
  timeCost: number;
  energyCost: number;
  psychicCost: number;
}

/** Options of {@link deliveredValue}. */
export interface DeliveredValueOptions {
  /** Weight of each component (finite, ≥ 0), default 1. */
  weights?: Partial<Record<DeliveredValuePart, number>>;
}

/** One offer's delivered value. */
export interface DeliveredValueRecord {
  id: string;
  /** Weighted product + service + personnel + image value. */
  totalValue: number;
  /** Weighted monetary + time + energy + psychic cost. */
  totalCost: number;
  /** totalValue − totalCost. */
  deliveredValue: number;
  /** totalValue ÷ totalCost. */
  valueCostRatio: number;
  /** 1 = highest delivered value (the offer a customer would pick); ties share the rank. */
  rank: number;
}

/** Result of {@link deliveredValue}. */
export interface DeliveredValueResult {
  /** One record per offer, input order. */
  offers: DeliveredValueRecord[];
  meta: {
    /** The weight used for every component (1 where none was given). */
    weights: Record<DeliveredValuePart, number>;
  };
}

const weight = z.number().finite().min(0).optional();

/** zod schema of {@link DeliveredValueOptions}. */
export const deliveredValueOptionsSchema: OptionsSchema<DeliveredValueOptions> = defineOptions<DeliveredValueOptions>()({
  weights: z.strictObject(Object.fromEntries(PARTS.map((p) => [p, weight])) as Record<DeliveredValuePart, typeof weight>).optional(),
});

/**
 * Customer delivered value (Kotler) of competing offers: total customer value (product + service +
 * personnel + image) minus total customer cost (monetary + time + energy + psychic), the value/cost
 * ratio, and the rank (customers pick the highest delivered value). Components finite and ≥ 0;
 * `weights` (≥ 0, default 1) scale them. Unknown options are refused (a misspelt `weights` would
 * otherwise leave the ranking unweighted).
 *
 * @returns `offers` (one {@link DeliveredValueRecord} each, input order) and `meta` (weights used).
 * @throws {AnalyticsInputError} Empty input, missing, negative or non-finite components, missing or
 *   duplicate ids, a total cost of 0 (`invalid_value`, never an infinite ratio); `overflow` when a
 *   weighted total or the ratio is beyond ±1.8e308.
 * @throws {TypeError | RangeError} Unknown options or components, bad weights, prefixed `deliveredValue:`.
 * @example
 * deliveredValue([
 *   { id: "ours", product: 8, service: 7, personnel: 6, image: 5, monetaryCost: 10, timeCost: 2, energyCost: 1, psychicCost: 1 },
 *   { id: "rival", product: 9, service: 5, personnel: 5, image: 7, monetaryCost: 12, timeCost: 1, energyCost: 1, psychicCost: 1 },
 * ]).offers.map((o) => [o.id, o.deliveredValue, o.rank]); //=> [["ours", 12, 1], ["rival", 11, 2]]
 * @see Kotler, P. & Keller, K. L. *Marketing Management* (customer delivered value).
 */
export function deliveredValue(offers: Iterable<Offer>, options: DeliveredValueOptions = {}): DeliveredValueResult {
  const fn = "deliveredValue";
  const opts = parseOptions(fn, deliveredValueOptionsSchema, options);
  const weights = Object.fromEntries(PARTS.map((p) => [p, opts.weights?.[p] ?? 1])) as Record<DeliveredValuePart, number>;
  if (offers === null || typeof offers !== "object" || typeof (offers as Iterable<Offer>)[Symbol.iterator] !== "function") {
    throw new TypeError(`${fn}: offers must be an array (or iterable) of offers, got ${describeValue(offers)}`);
  }
  const rows = Array.from(offers);
  if (rows.length === 0) throw new AnalyticsInputError(fn, [inputIssue("empty_input", ["offers"], "no offers (0 records)")]);
  const fields = Object.fromEntries(PARTS.map((p) => [p, { field: p, name: p, rule: "nonNegative" }])) as Record<DeliveredValuePart, RecordField<Offer>>;
  const { ids, columns } = readRecords(fn, rows, { source: "offers", customerId: "id", fields });
  const issues: InputIssue[] = [];
  let bad = 0;
  // Summed part by part in a fixed order, so weights of 1 give exactly the plain sums.
  const sum = (parts: readonly DeliveredValuePart[], i: number) => parts.reduce((s, p) => s + weights[p] * columns[p][i], 0);
  const out: DeliveredValueRecord[] = ids.map((id, i) => {
    const totalValue = sum(VALUE_PARTS, i);
    const totalCost = sum(COST_PARTS, i);
    const ratio = totalValue / totalCost;
    if (totalCost === 0) {
      if (bad++ < 20) issues.push(inputIssue("invalid_value", ["offers", i], "total cost is 0, so the value/cost ratio is undefined", id));
    } else if (!(Number.isFinite(totalValue) && Number.isFinite(totalCost) && Number.isFinite(ratio))) {
      // components near 1e308: a weighted total, or the ratio to a small cost, leaves the doubles
      const what = !Number.isFinite(totalValue) ? "the total value" : !Number.isFinite(totalCost) ? "the total cost" : "the value/cost ratio";
      if (bad++ < 20) issues.push(inputIssue("overflow", ["offers", i], `${what} is beyond ±1.8e308, the range of a double`, id));
    }
    // both totals are finite and ≥ 0 here, so their difference is finite
    return { id, totalValue, totalCost, deliveredValue: totalValue - totalCost, valueCostRatio: ratio, rank: 0 };
  });
  if (issues.length > 0) throw new AnalyticsInputError(fn, issues, bad);
  for (const r of out) r.rank = 1 + out.filter((x) => x.deliveredValue > r.deliveredValue).length;
  return { offers: out, meta: { weights } };
}
