import { z } from "zod";
import { defineOptions, fieldAccessorSchema, parseOptions, type OptionsSchema } from "../options.js";
import { readRecords, type RecordField } from "../input/readRecords.js";
import type { FieldAccessor, CustomerInput } from "../input/types.js";
import { compensatedMean } from "../internal/mean.js";
import { thresholdsOptionSchema, twoByTwo, type MatrixCell, type TwoByTwoMeta } from "./twoByTwo.js";

/**
 * The four regions of the customer selection matrix (客户选择矩阵, "门当户对"): customer attractiveness
 * against the company's capability to serve the customer.
 */
export const SELECTION_MATRIX_REGIONS: readonly (MatrixCell & { readonly attractiveness: "high" | "low"; readonly capability: "high" | "low" })[] = Object.freeze([
  { id: "A", attractiveness: "high", capability: "high", label: "A: well matched (select)", labelZh: "A 区：门当户对（重点选择）", action: "Attractive and within our capability: select and serve them first.", actionZh: "客户吸引力大且企业服务能力强，门当户对：企业应重点选择。" },
  { id: "B", attractiveness: "high", capability: "low", label: "B: beyond our capability (select when able)", labelZh: "B 区：吸引力大但力不能及（有能力时选择）", action: "Attractive but beyond what we can serve well: build the capability, then select.", actionZh: "客户吸引力大但企业服务能力不足：提升能力后再选择，有能力时选择。" },
  { id: "C", attractiveness: "low", capability: "high", label: "C: within capability, unattractive (select passively)", labelZh: "C 区：力所能及但吸引力小（消极选择）", action: "We can serve them but they bring little: accept them, invest little.", actionZh: "企业有能力服务但客户吸引力小：可消极选择，少投入。" },
  { id: "D", attractiveness: "low", capability: "low", label: "D: neither (do not select)", labelZh: "D 区：吸引力小且力不能及（不选择）", action: "Unattractive and beyond our capability: do not pursue.", actionZh: "客户吸引力小且企业服务能力弱：不选择。" },
]);

/** Region ids of {@link SELECTION_MATRIX_REGIONS}. */
export type SelectionRegion = "A" | "B" | "C" | "D";

/** How criteria are put on one scale before they are weighted (formulas in docs/value.md#customer-selection-matrix). */
export type SelectionNormalization = "minmax" | "zscore" | "rank";

/** One criterion of an axis: a field or accessor, its weight and which direction is better. */
export interface SelectionCriterion<Row = any> {
  /** Key name or accessor `(row, index) => number`. */
  field: FieldAccessor<Row>;
  /** Name in `meta` and in error paths; defaults to `field` when it is a key name (required for an accessor). */
  name?: string;
  /** Weight in the axis's weighted mean, > 0 (default 1). Weights are relative: they need not sum to 1. */
  weight?: number;
  /** `"higher"` (default: more is better, e.g. purchase amount) or `"lower"` (e.g. cost to serve, late payments). */
  direction?: "higher" | "lower";
}

/** Options of {@link selectionMatrix}. */
export interface SelectionMatrixOptions<Row = any> {
  /** Criteria of customer attractiveness (purchase amount, growth, referrals, cost to serve, risk, ...). At least one. */
  attractiveness: SelectionCriterion<Row>[];
  /** Criteria of our capability to serve the customer (product, service, personnel, image value as the customer sees them, ...). At least one. */
  capability: SelectionCriterion<Row>[];
  /** `"minmax"` (default), `"zscore"` or `"rank"`. */
  normalize?: SelectionNormalization;
  /** Where each axis score splits: `"mean"` (default), `"median"`, or given numbers `{ attractiveness, capability }` (an axis left out uses its mean). */
  thresholds?: "mean" | "median" | { attractiveness?: number; capability?: number };
  /** A score equal to its threshold counts as `"low"` (default) or `"high"`. */
  ties?: "low" | "high";
  /** Field or accessor of the customer id (default `"customerId"`). */
  customerId?: FieldAccessor<Row>;
}

/** One customer's scores and region. */
export interface SelectionMatrixRecord {
  customerId: string;
  /** Weighted mean of the normalised attractiveness criteria. */
  attractiveness: number;
  /** Weighted mean of the normalised capability criteria. */
  capability: number;
  /** `A` (select), `B` (select when able), `C` (select passively) or `D` (do not select). */
  region: SelectionRegion;
}

/** How one criterion was used: its weight share and the constants of its normalisation. */
export interface SelectionCriterionMeta {
  name: string;
  axis: "attractiveness" | "capability";
  /** The weight given. */
  weight: number;
  /** weight ÷ the sum of the axis's weights. */
  weightShare: number;
  direction: "higher" | "lower";
  /** Smallest and largest raw value (min–max uses them). */
  min: number;
  max: number;
  /** Mean and population standard deviation of the raw values (z-score uses them; null when not finite). */
  mean: number | null;
  sd: number | null;
  /** Whether every customer has the same value: the criterion then puts everyone at 0.5 (min–max, rank) or 0 (z-score). */
  constant: boolean;
}

/** The `meta` of {@link selectionMatrix}. */
export type SelectionMatrixMeta = TwoByTwoMeta<"attractiveness" | "capability"> & {
  normalize: SelectionNormalization;
  /** Every criterion, attractiveness first, in the order given. */
  criteria: SelectionCriterionMeta[];
};

/** Result of {@link selectionMatrix}. */
export interface SelectionMatrixResult {
  /** One record per customer, input order. */
  customers: SelectionMatrixRecord[];
  meta: SelectionMatrixMeta;
}

const criterionSchema = z.strictObject({
  field: fieldAccessorSchema,
  name: z.string().min(1).optional(),
  weight: z.number().finite().positive().optional(),
  direction: z.enum(["higher", "lower"]).optional(),
});

/** zod schema of {@link SelectionMatrixOptions}. */
export const selectionMatrixOptionsSchema: OptionsSchema<SelectionMatrixOptions> = defineOptions<SelectionMatrixOptions>()({
  attractiveness: z.array(criterionSchema).min(1),
  capability: z.array(criterionSchema).min(1),
  normalize: z.enum(["minmax", "zscore", "rank"]).optional(),
  thresholds: thresholdsOptionSchema("attractiveness", "capability"),
  ties: z.enum(["low", "high"]).optional(),
  customerId: fieldAccessorSchema.optional(),
});

/** Average ranks (ties share the mean of their ranks), scaled to [0, 1]: (rank − 1) ÷ (n − 1). */
function rankScaled(x: Float64Array): Float64Array {
  const n = x.length;
  const order = Array.from(x.keys()).sort((a, b) => x[a] - x[b]);
  const out = new Float64Array(n);
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && x[order[j + 1]] === x[order[i]]) j++;
    const r = (i + j) / 2; // 0-based mean rank of the tie group
    for (let k = i; k <= j; k++) out[order[k]] = r / (n - 1);
    i = j + 1;
  }
  return out;
}

/**
 * Normalises one criterion (oriented so that more is better): min–max, z-score or rank. Values are
 * first divided by their largest magnitude (every method is scale-free), so that values near ±1.8e308
 * give finite differences and deviations.
 */
function normalizeColumn(raw: Float64Array, direction: "higher" | "lower", method: SelectionNormalization): { values: Float64Array; mean: number | null; sd: number | null; min: number; max: number; constant: boolean } {
  const n = raw.length;
  let min = Infinity;
  let max = -Infinity;
  let scale = 0;
  for (const v of raw) {
    if (v < min) min = v;
    if (v > max) max = v;
    if (Math.abs(v) > scale) scale = Math.abs(v);
  }
  const sign = direction === "lower" ? -1 : 1;
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = scale === 0 ? 0 : (sign * raw[i]) / scale;
  const constant = min === max;
  const m = compensatedMean(x);
  let ss = 0;
  for (const v of x) ss += (v - m) * (v - m);
  const sdScaled = Math.sqrt(ss / n);
  const rawMean = compensatedMean(raw);
  const rawSd = sdScaled * scale;
  const values = new Float64Array(n);
  if (constant) values.fill(method === "zscore" ? 0 : 0.5);
  else if (method === "rank") values.set(rankScaled(x));
  else if (method === "zscore") for (let i = 0; i < n; i++) values[i] = (x[i] - m) / sdScaled;
  else {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of x) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    for (let i = 0; i < n; i++) values[i] = (x[i] - lo) / (hi - lo);
  }
  return { values, min, max, mean: Number.isFinite(rawMean) ? rawMean + 0 : null, sd: Number.isFinite(rawSd) ? rawSd : null, constant };
}

/**
 * The customer selection matrix (客户选择矩阵, choosing customers that are "门当户对", a match for the
 * company): each customer's **attractiveness** (purchase amount, growth, referrals or brand value, cost
 * to serve, risk) against our **capability** to serve them (product, service, personnel and image value
 * as the customer sees them). Every criterion is normalised — `"minmax"` (default): (x − min) ÷ (max −
 * min); `"zscore"`: (x − mean) ÷ population sd; `"rank"`: (average rank − 1) ÷ (n − 1) — after turning
 * `direction: "lower"` criteria around (x → −x); a constant criterion gives everyone 0.5 (0 for
 * z-scores). An axis score is the weighted mean of its normalised criteria. Each score is high or low
 * against its mean (default), type-7 median or a given threshold (a score on the threshold is low unless
 * `ties: "high"`). Regions: `A` both high (select), `B` attractive but beyond our capability (select when
 * able), `C` within our capability but unattractive (select passively), `D` neither (do not select);
 * labels and actions in {@link SELECTION_MATRIX_REGIONS}, method in docs/value.md.
 *
 * @returns `customers` (one {@link SelectionMatrixRecord} each, input order) and `meta` (thresholds,
 *   counts per region, each criterion's weight share and normalisation constants).
 * @throws {AnalyticsInputError} Missing fields, non-finite criterion values, missing or duplicate ids, empty input.
 * @throws {TypeError | RangeError} Bad options (no criteria, a weight ≤ 0, an accessor without a `name`,
 *   a name twice on one axis), prefixed `selectionMatrix:`.
 * @example
 * const { customers, meta } = selectionMatrix([
 *   { customerId: "a", amount: 900, lateDays: 0, service: 9 }, { customerId: "b", amount: 800, lateDays: 5, service: 2 },
 *   { customerId: "c", amount: 100, lateDays: 30, service: 8 }, { customerId: "d", amount: 50, lateDays: 40, service: 1 },
 * ], {
 *   attractiveness: [{ field: "amount", weight: 2 }, { field: "lateDays", direction: "lower" }],
 *   capability: [{ field: "service" }],
 * });
 * customers.map((c) => c.region); //=> ["A", "B", "C", "D"]
 * customers[0].attractiveness;     //=> 1
 * meta.counts;                     //=> { A: 1, B: 1, C: 1, D: 1 }
 * @see Kotler, P. & Keller, K. L. *Marketing Management* (customer delivered value, the capability axis).
 */
export function selectionMatrix<Row = any>(records: CustomerInput<Row>, options: SelectionMatrixOptions<Row>): SelectionMatrixResult {
  const fn = "selectionMatrix";
  const opts = parseOptions(fn, selectionMatrixOptionsSchema, options);
  const method: SelectionNormalization = opts.normalize ?? "minmax";
  const axes = ["attractiveness", "capability"] as const;
  const specs: { key: string; axis: (typeof axes)[number]; name: string; weight: number; direction: "higher" | "lower"; field: FieldAccessor<Row> }[] = [];
  for (const axis of axes) {
    const seen = new Set<string>();
    opts[axis].forEach((c, j) => {
      const name = c.name ?? (typeof c.field === "string" ? c.field : undefined);
      if (name === undefined) throw new TypeError(`${fn}: options.${axis}.${j}.name: a criterion read by an accessor needs a name`);
      if (seen.has(name)) throw new RangeError(`${fn}: options.${axis}.${j}.name: ${JSON.stringify(name)} names two criteria of ${axis}`);
      seen.add(name);
      specs.push({ key: `${axis}.${name}`, axis, name, weight: c.weight ?? 1, direction: c.direction ?? "higher", field: c.field as FieldAccessor<Row> });
    });
  }
  const fields: Record<string, RecordField<Row>> = {};
  for (const s of specs) fields[s.key] = { field: s.field, name: s.key };
  const { ids, columns } = readRecords(fn, records, { customerId: opts.customerId, fields });
  const n = ids.length;
  const score = { attractiveness: new Float64Array(n), capability: new Float64Array(n) };
  const totalWeight = { attractiveness: 0, capability: 0 };
  for (const s of specs) totalWeight[s.axis] += s.weight;
  const criteria: SelectionCriterionMeta[] = specs.map((s) => {
    const col = normalizeColumn(columns[s.key], s.direction, method);
    const share = s.weight / totalWeight[s.axis];
    const out = score[s.axis];
    for (let i = 0; i < n; i++) out[i] += share * col.values[i];
    return { name: s.name, axis: s.axis, weight: s.weight, weightShare: share, direction: s.direction, min: col.min, max: col.max, mean: col.mean, sd: col.sd, constant: col.constant };
  });
  const cellOf = (a: boolean, c: boolean) => SELECTION_MATRIX_REGIONS.find((r) => (r.attractiveness === "high") === a && (r.capability === "high") === c)!.id;
  const { cell, meta } = twoByTwo(axes, score.attractiveness, score.capability, opts.thresholds, opts.ties ?? "low", SELECTION_MATRIX_REGIONS, cellOf);
  const customers: SelectionMatrixRecord[] = ids.map((customerId, i) => ({
    customerId,
    attractiveness: score.attractiveness[i],
    capability: score.capability[i],
    region: cell[i] as SelectionRegion,
  }));
  return { customers, meta: { ...meta, normalize: method, criteria } };
}
