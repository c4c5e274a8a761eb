import { AnalyticsInputError, describeValue, type InputIssue } from "../errors.js";

/** A component of delivered value: one of the four value parts or four cost parts. */
export type DeliveredValuePart = "product" | "service" | "personnel" | "image" | "monetaryCost" | "timeCost" | "energyCost" | "psychicCost";

const VALUE_PARTS: readonly DeliveredValuePart[] = ["product", "service", "personnel", "image"];
const COST_PARTS: readonly DeliveredValuePart[] = ["monetaryCost", "timeCost", "energyCost", "psychicCost"];

/** One offer as a customer perceives it (any consistent scale, e.g. money or 1–10 scores). */
export interface Offer {
  /** Offer id, e.g. `"ours"`, `"competitor A"`. */
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

/**
 * Customer delivered value (Kotler): total customer value (product + service + personnel + image)
 * minus total customer cost (monetary + time + energy + psychic), and the value/cost ratio, for one or
 * several offers (ours and competitors'), ranked: customers pick the offer with the highest delivered
 * value. Components must be finite and ≥ 0; optional `weights` (≥ 0) scale each component. A total
 * cost of 0 is an error (`invalid_value`), never an infinite ratio.
 *
 * @param offers - One record per offer.
 * @param options - `weights`: per component, default 1.
 * @returns One {@link DeliveredValueRecord} per offer, input order.
 * @throws {AnalyticsInputError} Non-finite or negative components, a zero total cost, empty input, duplicate ids.
 * @throws {RangeError} Negative or non-finite weights.
 *
 * @example
 * deliveredValue([
 *   { id: "ours", product: 8, service: 7, personnel: 6, image: 5, monetaryCost: 10, timeCost: 2, energyCost: 1, psychicCost: 1 },
 *   { id: "rival", product: 9, service: 5, personnel: 5, image: 7, monetaryCost: 12, timeCost: 1, energyCost: 1, psychicCost: 1 },
 * ]).map((o) => [o.id, o.deliveredValue, o.rank]);
 * //=> [["ours", 12, 1], ["rival", 11, 2]]
 *
 * @see Kotler, P. & Keller, K. L. *Marketing Management* (customer delivered value).
 */
export function deliveredValue(offers: readonly Offer[], options: { weights?: Partial<Record<DeliveredValuePart, number>> } = {}): DeliveredValueRecord[] {
  const fn = "deliveredValue";
  if (!Array.isArray(offers)) throw new TypeError(`${fn}: offers must be an array, got ${describeValue(offers)}`);
  if (offers.length === 0) throw new AnalyticsInputError(fn, [{ path: "offers", code: "empty_input", message: "offers: no offers" }]);
  const weights = options.weights ?? {};
  for (const [k, w] of Object.entries(weights)) {
    if (![...VALUE_PARTS, ...COST_PARTS].includes(k as DeliveredValuePart)) throw new TypeError(`${fn}: weights.${k} is not a component (${[...VALUE_PARTS, ...COST_PARTS].join(", ")})`);
    if (typeof w !== "number" || !Number.isFinite(w) || w < 0) throw new RangeError(`${fn}: weights.${k} must be a finite number >= 0, got ${describeValue(w)}`);
  }
  const issues: InputIssue[] = [];
  const seen = new Set<string>();
  const out = offers.map((o, i) => {
    if (typeof o?.id !== "string" || o.id.trim() === "") issues.push({ path: `offers[${i}].id`, code: "missing_customer_id", message: `offers[${i}].id: expected a non-empty id, got ${describeValue(o?.id)}` });
    else if (seen.has(o.id)) issues.push({ path: `offers[${i}].id`, code: "duplicate_customer", message: `offers[${i}].id: ${JSON.stringify(o.id)} appears twice` });
    else seen.add(o.id);
    const sum = (parts: readonly DeliveredValuePart[]) =>
      parts.reduce((s, p) => {
        const v = (o as unknown as Record<string, unknown>)?.[p];
        if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
          issues.push({ path: `offers[${i}].${p}`, code: "invalid_value", message: `offers[${i}].${p}: expected a finite number >= 0, got ${describeValue(v)}` });
          return s;
        }
        return s + (weights[p] ?? 1) * v;
      }, 0);
    const totalValue = sum(VALUE_PARTS);
    const totalCost = sum(COST_PARTS);
    if (totalCost === 0) issues.push({ path: `offers[${i}]`, code: "invalid_value", message: `offers[${i}]: total cost is 0, so the value/cost ratio is undefined` });
    return { id: o?.id, totalValue, totalCost, deliveredValue: totalValue - totalCost, valueCostRatio: totalValue / totalCost, rank: 0 };
  });
  if (issues.length > 0) throw new AnalyticsInputError(fn, issues.slice(0, 20), issues.length);
  for (const r of out) r.rank = 1 + out.filter((x) => x.deliveredValue > r.deliveredValue).length;
  return out;
}
