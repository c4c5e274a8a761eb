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
  /**
   * `"records"` (default): `customers`, one {@link HistoricalClvRecord} per customer. `"columns"`:
   * `columns` ({@link HistoricalClvColumns}), one array per field, without an object per customer.
   */
  output?: "records" | "columns";
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

/** The values as columns (`output: "columns"`): entry `i` of every array is customer `i`, input order. */
export type HistoricalClvColumns = {
  customerId: string[];
  value: Float64Array;
  historicalClv: Float64Array;
  /** `null` without `period`. */
  perPeriod: Float64Array | null;
};

/** What {@link historicalClv} used, and the total. */
export interface HistoricalClvMeta {
  customers: number;
  margin: number;
  period: "day" | "week" | "month" | "year" | null;
  /** Days in one period ({@link PERIOD_DAYS}), `null` without `period`. */
  daysPerPeriod: number | null;
  /** Sum of the customers' historical CLV (compensated). */
  total: number;
}

/** Result of {@link historicalClv}. */
export interface HistoricalClvResult {
  /** One record per customer, input order. */
  customers: HistoricalClvRecord[];
  meta: HistoricalClvMeta;
}

/** Result of {@link historicalClv} with `output: "columns"`. */
export interface HistoricalClvColumnsResult {
  columns: HistoricalClvColumns;
  meta: HistoricalClvMeta;
}

/** zod schema of {@link HistoricalClvOptions}. */
export const historicalClvOptionsSchema: OptionsSchema<HistoricalClvOptions> = defineOptions<HistoricalClvOptions>()({
  value: fieldAccessorSchema.optional(),
  margin: z.number().gt(0).lte(1).optional(),
  period: z.enum(["day", "week", "month", "year"]).optional(),
  tenureDays: fieldAccessorSchema.optional(),
  customerId: fieldAccessorSchema.optional(),
  output: z.enum(["records", "columns"]).optional(),
});

/**
 * Historical customer value: what each customer has brought so far (net revenue by default) times a
 * margin rate, optionally per period of tenure, where periods observed = (tenureDays + 1) / days per
 * period ({@link PERIOD_DAYS}; the first purchase day counts).
 *
 * @returns `customers` (one {@link HistoricalClvRecord} each, input order) and `meta` (margin, period, total);
 *   with `output: "columns"`, `columns` ({@link HistoricalClvColumns}) instead of `customers`, the same values.
 * @throws {AnalyticsInputError} Missing fields, non-finite values, negative tenure, missing or duplicate
 *   ids, empty input; `overflow` when the total or a value per period is beyond ±1.8e308.
 * @throws {RangeError | TypeError} Bad options, prefixed `historicalClv:` (`margin` outside (0, 1]).
 * @example
 * const { customers } = historicalClv([{ customerId: "a", monetary: 1200, tenureDays: 364 }], { margin: 0.25, period: "week" });
 * customers[0]; //=> { customerId: "a", value: 1200, historicalClv: 300, perPeriod: 5.7534246575342465 }
 * @example
 * // columns in and out: one array per field, no object per customer (the fast lane for big data)
 * const { columns } = historicalClv({ customerId: ["a", "b"], monetary: Float64Array.of(1200, 80) }, { margin: 0.25, output: "columns" });
 * Array.from(columns.historicalClv); //=> [300, 20]
 * columns.perPeriod;                 //=> null
 */
export function historicalClv<Row = any>(records: CustomerInput<Row>, options: HistoricalClvOptions<Row> & { output: "columns" }): HistoricalClvColumnsResult;
export function historicalClv<Row = any>(records: CustomerInput<Row>, options?: HistoricalClvOptions<Row>): HistoricalClvResult;
export function historicalClv<Row = any>(records: CustomerInput<Row>, options: HistoricalClvOptions<Row> = {}): HistoricalClvResult | HistoricalClvColumnsResult {
  const fn = "historicalClv";
  const opts = parseOptions(fn, historicalClvOptionsSchema, options);
  const margin = opts.margin ?? 1;
  const fields: Record<string, RecordField<Row>> = { value: { field: opts.value ?? "monetary", name: "value" } };
  if (opts.period) fields.tenureDays = { field: opts.tenureDays ?? "tenureDays", name: "tenureDays", rule: "nonNegative" };
  const { ids, columns } = readRecords(fn, records, { customerId: opts.customerId, fields });
  const days = opts.period ? PERIOD_DAYS[opts.period] : null;
  const valueField = fieldLabel(opts.value ?? "monetary", "value");
  const n = ids.length;
  const value = columns.value;
  const h = new Float64Array(n);
  const per = days === null ? null : new Float64Array(n);
  for (let i = 0; i < n; i++) {
    h[i] = value[i] * margin;
    // a large value over less than one period (a month of a 1e308 year value) is beyond the doubles
    if (per !== null) per[i] = checkFinite(fn, h[i] / ((columns.tenureDays[i] + 1) / (days as number)), "the value per period", { path: ["records", i, valueField], customerId: ids[i] });
  }
  const total = checkedSum(fn, "the sum of the customers' historical CLV", n, (i) => h[i], { path: ["records"] });
  const meta: HistoricalClvMeta = { customers: n, margin, period: opts.period ?? null, daysPerPeriod: days, total };
  if (opts.output === "columns") return { columns: { customerId: ids, value, historicalClv: h, perPeriod: per }, meta };
  const customers: HistoricalClvRecord[] = new Array(n);
  for (let i = 0; i < n; i++) customers[i] = { customerId: ids[i], value: value[i], historicalClv: h[i], perPeriod: per === null ? null : per[i] };
  return { customers, meta };
}
