import { z } from "zod";
import { AnalyticsInputError, inputIssue, type InputIssue } from "../errors.js";
import { defineOptions, fieldAccessorSchema, parseOptions, type OptionsSchema } from "../options.js";
import { fieldLabel, readRecords, type RecordField } from "../input/readRecords.js";
import type { FieldAccessor, CustomerInput } from "../input/types.js";
import { streamClv } from "./clvFromMargin.js";

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
  /** Field or accessor of the customer id (default `"customerId"`). */
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

/** Result of {@link formulaClv}. */
export interface FormulaClvResult {
  /** One record per customer, input order. */
  customers: FormulaClvRecord[];
  meta: {
    customers: number;
    discountRate: number;
    /** Periods summed, `null` for the infinite horizon. */
    horizon: number | null;
    /** The formula used, as text. */
    formula: string;
  };
}

/** zod schema of {@link FormulaClvOptions}. */
export const formulaClvOptionsSchema: OptionsSchema<FormulaClvOptions> = defineOptions<FormulaClvOptions>()({
  margin: fieldAccessorSchema.optional(),
  retention: z.union([z.number().min(0), fieldAccessorSchema]),
  discountRate: z.number().gt(-1),
  horizon: z.number().int().min(1).optional(),
  customerId: fieldAccessorSchema.optional(),
});

/**
 * Formula CLV per customer (Gupta & Lehmann): margin m, retention r (one number, or a per-customer
 * field such as P(alive)) and discount rate d, all per period: m·r/(1+d−r), or the sum over a horizon
 * of T periods, as `clvFromMargin`. Requires r ≥ 0, d > −1, and r < 1 + d without a horizon.
 *
 * @returns `customers` (one {@link FormulaClvRecord} each, input order) and `meta`.
 * @throws {AnalyticsInputError} Missing fields, non-finite margins, a per-customer retention that is
 *   negative or, without a horizon, not below 1 + d (`invalid_value`, naming the customer); a CLV
 *   beyond ±1.8e308 (`overflow`, naming the customer).
 * @throws {RangeError | TypeError} Bad options (`formulaClv: options.discountRate ...`; r ≥ 1 + d without a horizon).
 * @example
 * const { customers } = formulaClv([{ customerId: "a", margin: 100 }], { retention: 0.8, discountRate: 0.1 });
 * customers[0].clv; //=> 266.66666666666663
 * formulaClv([{ customerId: "a", margin: 100 }], { retention: 0.8, discountRate: 0.1, horizon: 2 }).customers[0].clv;
 * //=> 125.61983471074382
 * @see Gupta, S. & Lehmann, D. R. (2003). Customers as assets. Journal of Interactive Marketing 17(1), 9–24.
 */
export function formulaClv<Row = any>(records: CustomerInput<Row>, options: FormulaClvOptions<Row>): FormulaClvResult {
  const fn = "formulaClv";
  const opts = parseOptions(fn, formulaClvOptionsSchema, options);
  const d = opts.discountRate;
  const horizon = opts.horizon;
  const retention = opts.retention;
  if (typeof retention === "number" && horizon === undefined && !(retention < 1 + d)) {
    throw new RangeError(`${fn}: retention ${retention} must be below 1 + discountRate (${1 + d}) for an infinite horizon`);
  }
  const fields: Record<string, RecordField<Row>> = { margin: { field: opts.margin ?? "margin", name: "margin" } };
  if (typeof retention !== "number") fields.retention = { field: retention, name: "retention", rule: "nonNegative" };
  const { ids, columns } = readRecords(fn, records, { customerId: opts.customerId, fields });
  const issues: InputIssue[] = [];
  let bad = 0;
  const customers: FormulaClvRecord[] = ids.map((customerId, i) => {
    const r = typeof retention === "number" ? retention : columns.retention[i];
    const report = (field: string, message: string, code: "invalid_value" | "overflow" = "invalid_value") => {
      if (bad++ < 20) issues.push(inputIssue(code, ["records", i, field], message, customerId));
    };
    if (typeof retention !== "number" && horizon === undefined && !(r < 1 + d)) {
      report(fieldLabel(retention, "retention"), `expected a retention rate below 1 + discountRate (${1 + d}) for an infinite horizon, got ${r}`);
    }
    const clv = streamClv(columns.margin[i], r, d, horizon);
    if (!Number.isFinite(clv) && (horizon !== undefined || r < 1 + d)) {
      report(fieldLabel(opts.margin ?? "margin", "margin"), `the CLV of margin ${columns.margin[i]} is ${clv}: beyond ±1.8e308, the range of a double`, "overflow");
    }
    return { customerId, margin: columns.margin[i], retention: r, clv };
  });
  if (issues.length > 0) throw new AnalyticsInputError(fn, issues, bad);
  return {
    customers,
    meta: { customers: ids.length, discountRate: d, horizon: horizon ?? null, formula: horizon === undefined ? "m·r/(1+d−r)" : "Σ_{t=1..T} m·(r/(1+d))^t" },
  };
}
