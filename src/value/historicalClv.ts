import { z } from "zod";
import { defineOptions, fieldAccessorSchema, parseOptions, type OptionsSchema } from "../options.js";
import { fieldLabel, readRecords, type RecordField } from "../input/readRecords.js";
import { checkedSum } from "../internal/neumaier.js";
import { checkFinite } from "../internal/overflow.js";
import type { FieldAccessor, CustomerInput } from "../input/types.js";

/** Days per period for per-period values (a month is 365.25 / 12 days, a year 365.25). */
export const PERIOD_DAYS = Object.freeze({ day: 1, week: 7, month: 365.25 / 12, year: 365.25 });

/** Options of {@link historicalClv}. */
export interface HistoricalClvOptions<Row = any> {
  /** The value realised so far: field or accessor, default `"monetary"` (net revenue). */
  value?: FieldAccessor<Row>;
  /**
   * Margin rate in (0, 1] applied to the value (default 1: the value is already a margin, e.g. an
   * amount mapped to the margin at summary time).
   */
  margin?: number;
  /** Also express the value per period of the customer's tenure (needs `tenureDays`). */
  period?: "day" | "week" | "month" | "year";
  /** Tenure field or accessor, default `"tenureDays"` (only read with `period`). */
  tenureDays?: FieldAccessor<Row>;
  /** Field or accessor of the customer id (default `"customerId"`). */
  customerId?: FieldAccessor<Row>;
}

/** One customer's historical value. */
export interface HistoricalClvRecord {
  customerId: string;
  value: number;
  /** value × margin: the margin the customer has brought so far. */
  historicalClv: number;
  /** historicalClv ÷ periods observed, (tenureDays + 1) / days per period; `null` without `period`. */
  perPeriod: number | null;
}

/** Result of {@link historicalClv}. */
export interface HistoricalClvResult {
  /** One record per customer, input order. */
  customers: HistoricalClvRecord[];
  meta: {
    customers: number;
    margin: number;
    period: "day" | "week" | "month" | "year" | null;
    /** Days in one period ({@link PERIOD_DAYS}), `null` without `period`. */
    daysPerPeriod: number | null;
    /** Sum of the customers' historical CLV (compensated). */
    total: number;
  };
}

/** zod schema of {@link HistoricalClvOptions}. */
export const historicalClvOptionsSchema: OptionsSchema<HistoricalClvOptions> = defineOptions<HistoricalClvOptions>()({
  value: fieldAccessorSchema.optional(),
  margin: z.number().gt(0).lte(1).optional(),
  period: z.enum(["day", "week", "month", "year"]).optional(),
  tenureDays: fieldAccessorSchema.optional(),
  customerId: fieldAccessorSchema.optional(),
});

/**
 * Historical customer value: what each customer has brought so far (net revenue by default) times a
 * margin rate, optionally per period of tenure, where periods observed = (tenureDays + 1) / days per
 * period ({@link PERIOD_DAYS}; the first purchase day counts).
 *
 * @returns `customers` (one {@link HistoricalClvRecord} each, input order) and `meta` (margin, period, total).
 * @throws {AnalyticsInputError} Missing fields, non-finite values, negative tenure, missing or duplicate
 *   ids, empty input; `overflow` when the total or a value per period is beyond ±1.8e308.
 * @throws {RangeError | TypeError} Bad options, prefixed `historicalClv:` (`margin` outside (0, 1]).
 * @example
 * const { customers } = historicalClv([{ customerId: "a", monetary: 1200, tenureDays: 364 }], { margin: 0.25, period: "week" });
 * customers[0]; //=> { customerId: "a", value: 1200, historicalClv: 300, perPeriod: 5.7534246575342465 }
 */
export function historicalClv<Row = any>(records: CustomerInput<Row>, options: HistoricalClvOptions<Row> = {}): HistoricalClvResult {
  const fn = "historicalClv";
  const opts = parseOptions(fn, historicalClvOptionsSchema, options);
  const margin = opts.margin ?? 1;
  const fields: Record<string, RecordField<Row>> = { value: { field: opts.value ?? "monetary", name: "value" } };
  if (opts.period) fields.tenureDays = { field: opts.tenureDays ?? "tenureDays", name: "tenureDays", rule: "nonNegative" };
  const { ids, columns } = readRecords(fn, records, { customerId: opts.customerId, fields });
  const days = opts.period ? PERIOD_DAYS[opts.period] : null;
  const valueField = fieldLabel(opts.value ?? "monetary", "value");
  const customers: HistoricalClvRecord[] = ids.map((customerId, i) => {
    const value = columns.value[i];
    const h = value * margin;
    // a large value over less than one period (a month of a 1e308 year value) is beyond the doubles
    const perPeriod = days === null ? null : checkFinite(fn, h / ((columns.tenureDays[i] + 1) / days), "the value per period", { path: ["records", i, valueField], customerId });
    return { customerId, value, historicalClv: h, perPeriod };
  });
  const total = checkedSum(fn, "the sum of the customers' historical CLV", customers.length, (i) => customers[i].historicalClv, { path: ["records"] });
  return { customers, meta: { customers: ids.length, margin, period: opts.period ?? null, daysPerPeriod: days, total } };
}
