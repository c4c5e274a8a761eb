import { z } from "zod";
import { AnalyticsInputError, type InputIssue } from "../errors.js";
import { parseOptions } from "../options.js";
import type { FieldAccessor } from "../input/types.js";
import { readValueFields, type ValueField } from "./readValues.js";

/** Options of {@link formulaClv}. All rates are per period; the CLV is in the margin's currency. */
export interface FormulaClvOptions<Row = any> {
  /** Margin per period: field or accessor (default `"margin"`). */
  margin?: FieldAccessor<Row>;
  /** Retention rate per period (≥ 0, normally ≤ 1): one number for everyone, or a field/accessor. */
  retention: number | FieldAccessor<Row>;
  /** Discount rate per period, > −1 (e.g. 0.1 for 10% a year with yearly periods). */
  discountRate: number;
  /** Number of future periods; omitted = infinite horizon. */
  horizon?: number;
  customerId?: FieldAccessor<Row>;
}

/** One customer's formula CLV. */
export interface FormulaClvRecord {
  customerId: string;
  margin: number;
  retention: number;
  /** Σ_{t=1..T} m·(r/(1+d))^t; with an infinite horizon m·r/(1+d−r). */
  clv: number;
}

const accessor = z.union([z.string().min(1), z.function()]);
/** The zod object behind {@link formulaClvOptionsObject} (internal: `.extend`, `.shape`). */
export const formulaClvOptionsObject = z
  .object({
    margin: accessor.optional(),
    retention: z.union([z.number().min(0), accessor]),
    discountRate: z.number().gt(-1),
    horizon: z.number().int().min(1).optional(),
    customerId: accessor.optional(),
  })
  .strict();

/**
 * The CLV formula for one margin: m·r/(1+d−r), or its finite sum Σ_{t=1..T} m·q^t with q = r/(1+d).
 * No validation (see {@link formulaClv} for the checked, per-customer version).
 *
 * @example
 * clvFormula(100, 0.8, 0.1);    //=> 266.66666666666663
 * clvFormula(100, 0.8, 0.1, 1); //=> 72.72727272727273
 */
export function clvFormula(margin: number, retention: number, discountRate: number, horizon?: number): number {
  const q = retention / (1 + discountRate);
  if (horizon === undefined) return (margin * retention) / (1 + discountRate - retention);
  if (q === 1) return margin * horizon;
  return (margin * q * (1 - q ** horizon)) / (1 - q);
}

/**
 * Formula CLV for a retention setting (Gupta & Lehmann): a customer bringing margin m each period,
 * retained each period with probability r, discounted at d per period, is worth m·r/(1+d−r) over an
 * infinite horizon (the first margin at t = 1; add m for a customer who pays now), or
 * Σ_{t=1..T} m·(r/(1+d))^t over T periods. Requires r ≥ 0, d > −1, and r < 1 + d for the infinite
 * horizon (else the sum diverges). All rates per period (match them: yearly margin, yearly retention,
 * yearly discount).
 *
 * @param records - Records with `customerId` and the margin per period (and retention if per customer).
 * @param options - `retention`, `discountRate` (required), `margin`, `horizon`, `customerId`.
 * @returns `values` (one per customer, input order) and `meta`.
 * @throws {AnalyticsInputError} Missing fields, non-finite values, a negative per-customer retention, or
 *   one not below 1 + d with an infinite horizon.
 * @throws {RangeError} Bad rates: `formulaClv: options.discountRate ...`, or r ≥ 1 + d with an infinite horizon.
 *
 * @example
 * const { values } = formulaClv([{ customerId: "a", margin: 100 }], { retention: 0.8, discountRate: 0.1 });
 * values[0].clv; //=> 266.66666666666663
 * formulaClv([{ customerId: "a", margin: 100 }], { retention: 0.8, discountRate: 0.1, horizon: 2 }).values[0].clv;
 * //=> 125.61983471074382
 *
 * @see Gupta, S. & Lehmann, D. R. (2003). Customers as assets. Journal of Interactive Marketing 17(1), 9–24.
 */
export function formulaClv<Row = any>(
  records: Iterable<Row>,
  options: FormulaClvOptions<Row>,
): { values: FormulaClvRecord[]; meta: { customers: number; discountRate: number; horizon: number | null; formula: string } } {
  const fn = "formulaClv";
  const opts = parseOptions(fn, formulaClvOptionsObject, options);
  const d = opts.discountRate;
  const horizon = opts.horizon;
  if (typeof opts.retention === "number" && horizon === undefined && !(opts.retention < 1 + d)) {
    throw new RangeError(`${fn}: retention ${opts.retention} must be below 1 + discountRate (${1 + d}) for an infinite horizon`);
  }
  const fields: Record<string, ValueField<Row>> = { margin: { field: (opts.margin ?? "margin") as FieldAccessor<Row>, name: "margin" } };
  if (typeof opts.retention !== "number") fields.retention = { field: opts.retention as FieldAccessor<Row>, name: "retention", nonNegative: true };
  const { ids, columns } = readValueFields(fn, records, fields, (opts.customerId ?? "customerId") as FieldAccessor<Row>);
  const issues: InputIssue[] = [];
  const values = ids.map((customerId, i) => {
    const r = typeof opts.retention === "number" ? opts.retention : columns.retention[i];
    if (horizon === undefined && !(r < 1 + d)) {
      const label = typeof opts.retention === "string" ? opts.retention : "retention";
      if (issues.length < 20) issues.push({ path: `records[${i}].${label}`, code: "invalid_value", message: `records[${i}].${label}: expected a retention rate below 1 + discountRate (${1 + d}) for an infinite horizon, got ${r}` });
    }
    return { customerId, margin: columns.margin[i], retention: r, clv: clvFormula(columns.margin[i], r, d, horizon) };
  });
  if (issues.length > 0) throw new AnalyticsInputError(fn, issues);
  return {
    values,
    meta: { customers: ids.length, discountRate: d, horizon: horizon ?? null, formula: horizon === undefined ? "m·r/(1+d−r)" : "Σ_{t=1..T} m·(r/(1+d))^t" },
  };
}

/** zod schema of {@link FormulaClvOptions}. */
export const formulaClvOptionsSchema: z.ZodType<FormulaClvOptions> = formulaClvOptionsObject as unknown as z.ZodType<FormulaClvOptions>;
