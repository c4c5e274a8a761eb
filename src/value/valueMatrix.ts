import { z } from "zod";
import { defineOptions, fieldAccessorSchema, parseOptions, type OptionsSchema } from "../options.js";
import { readRecords } from "../input/readRecords.js";
import type { FieldAccessor, CustomerInput } from "../input/types.js";
import { thresholdsOptionSchema, twoByTwo, type MatrixCell, type TwoByTwoMeta } from "./twoByTwo.js";

/** The four cells of the value matrix (purchase frequency × average order value). */
export const VALUE_MATRIX_CELLS: readonly (MatrixCell & { readonly frequency: "high" | "low"; readonly averageOrderValue: "high" | "low" })[] = Object.freeze([
  { id: "best", frequency: "high", averageOrderValue: "high", label: "Best", labelZh: "最优质客户", action: "Reward and retain; they buy often and spend much per order.", actionZh: "购买频繁且客单价高：给予回馈，重点保留。" },
  { id: "spend_happy", frequency: "low", averageOrderValue: "high", label: "Spend-happy", labelZh: "乐于消费型", action: "Raise purchase frequency: reminders, subscriptions, occasions.", actionZh: "客单价高但购买少：通过提醒、订阅和节日营销提高购买频次。" },
  { id: "frequent", frequency: "high", averageOrderValue: "low", label: "Frequent", labelZh: "经常消费型", action: "Raise basket size: bundles, up-sell, free-shipping thresholds.", actionZh: "购买频繁但客单价低：通过组合套餐、向上销售和满额包邮提高客单价。" },
  { id: "uncertain", frequency: "low", averageOrderValue: "low", label: "Uncertain", labelZh: "不确定型", action: "Low-cost activation; watch whether they grow.", actionZh: "购买少且客单价低：低成本激活，观察其是否成长。" },
]);

/** Options of {@link valueMatrix}. */
export interface ValueMatrixOptions<Row = any> {
  /** Frequency field or accessor (default `"frequency"`). */
  frequency?: FieldAccessor<Row>;
  /** Average order value field or accessor (default `"averageOrderValue"`). */
  averageOrderValue?: FieldAccessor<Row>;
  /** `"mean"` (default), `"median"` or given numbers `{ frequency, averageOrderValue }` (an axis left out uses its mean). */
  thresholds?: "mean" | "median" | { frequency?: number; averageOrderValue?: number };
  /** A value equal to the threshold is `"low"` (default) or `"high"`. */
  ties?: "low" | "high";
  /** Field or accessor of the customer id (default `"customerId"`). */
  customerId?: FieldAccessor<Row>;
  /**
   * `"records"` (default): `customers`, one {@link ValueMatrixRecord} per customer. `"columns"`:
   * `columns` ({@link ValueMatrixColumns}), one array per field, without an object per customer.
   */
  output?: "records" | "columns";
}

/** One customer's value-matrix cell. */
export interface ValueMatrixRecord {
  customerId: string;
  frequency: number;
  averageOrderValue: number;
  /** `best`, `spend_happy`, `frequent` or `uncertain`. */
  cell: string;
}

/** The cells as columns (`output: "columns"`): entry `i` of every array is customer `i`, input order. */
export type ValueMatrixColumns = {
  customerId: string[];
  frequency: Float64Array;
  averageOrderValue: Float64Array;
  cell: string[];
};

/** Result of {@link valueMatrix} with `output: "columns"`. */
export interface ValueMatrixColumnsResult {
  columns: ValueMatrixColumns;
  /** Customers, the threshold of each axis and how it was found, ties, customers per cell id. */
  meta: TwoByTwoMeta<"frequency" | "averageOrderValue">;
}

/** Result of {@link valueMatrix}. */
export interface ValueMatrixResult {
  /** One record per customer, input order. */
  customers: ValueMatrixRecord[];
  /** Customers, the threshold of each axis and how it was found, ties, customers per cell id. */
  meta: TwoByTwoMeta<"frequency" | "averageOrderValue">;
}

/** zod schema of {@link ValueMatrixOptions}. */
export const valueMatrixOptionsSchema: OptionsSchema<ValueMatrixOptions> = defineOptions<ValueMatrixOptions>()({
  frequency: fieldAccessorSchema.optional(),
  averageOrderValue: fieldAccessorSchema.optional(),
  thresholds: thresholdsOptionSchema("frequency", "averageOrderValue"),
  ties: z.enum(["low", "high"]).optional(),
  customerId: fieldAccessorSchema.optional(),
  output: z.enum(["records", "columns"]).optional(),
});

/**
 * The value matrix: purchase frequency against average order value, each high or low against its mean
 * (default), type-7 median (docs/glossary.md#type-7-quantile) or a given threshold; a value on the
 * threshold is low unless `ties: "high"`. Cells `best`, `spend_happy`, `frequent`, `uncertain`
 * (labels and actions in {@link VALUE_MATRIX_CELLS}). Takes customer summaries as they are.
 *
 * @returns `customers` (one {@link ValueMatrixRecord} each, input order) and `meta` (thresholds, counts);
 *   with `output: "columns"`, `columns` ({@link ValueMatrixColumns}) instead of `customers`, the same values.
 * @throws {AnalyticsInputError} Missing fields, a negative frequency, non-finite values, missing or
 *   duplicate ids, empty input.
 * @throws {TypeError | RangeError} Bad options, prefixed `valueMatrix:`.
 * @example
 * valueMatrix([
 *   { customerId: "a", frequency: 10, averageOrderValue: 90 }, { customerId: "b", frequency: 1, averageOrderValue: 100 },
 *   { customerId: "c", frequency: 8, averageOrderValue: 10 }, { customerId: "d", frequency: 1, averageOrderValue: 20 },
 * ]).customers.map((c) => c.cell); //=> ["best", "spend_happy", "frequent", "uncertain"]
 * @example
 * // columns in and out: one array per field, no object per customer (the fast lane for big data)
 * valueMatrix(
 *   { customerId: ["a", "b", "c", "d"], frequency: Float64Array.of(10, 1, 8, 1), averageOrderValue: Float64Array.of(90, 100, 10, 20) },
 *   { output: "columns" },
 * ).columns.cell; //=> ["best", "spend_happy", "frequent", "uncertain"]
 */
export function valueMatrix<Row = any>(records: CustomerInput<Row>, options: ValueMatrixOptions<Row> & { output: "columns" }): ValueMatrixColumnsResult;
export function valueMatrix<Row = any>(records: CustomerInput<Row>, options?: ValueMatrixOptions<Row>): ValueMatrixResult;
export function valueMatrix<Row = any>(records: CustomerInput<Row>, options: ValueMatrixOptions<Row> = {}): ValueMatrixResult | ValueMatrixColumnsResult {
  const fn = "valueMatrix";
  const opts = parseOptions(fn, valueMatrixOptionsSchema, options);
  const { ids, columns } = readRecords(fn, records, {
    customerId: opts.customerId,
    fields: {
      frequency: { field: opts.frequency ?? "frequency", name: "frequency", rule: "nonNegative" },
      averageOrderValue: { field: opts.averageOrderValue ?? "averageOrderValue", name: "averageOrderValue" },
    },
  });
  const cellOf = (frequency: boolean, aov: boolean) => VALUE_MATRIX_CELLS.find((c) => (c.frequency === "high") === frequency && (c.averageOrderValue === "high") === aov)!.id;
  const { cell, meta } = twoByTwo(["frequency", "averageOrderValue"], columns.frequency, columns.averageOrderValue, opts.thresholds, opts.ties ?? "low", VALUE_MATRIX_CELLS, cellOf);
  if (opts.output === "columns") return { columns: { customerId: ids, frequency: columns.frequency, averageOrderValue: columns.averageOrderValue, cell }, meta };
  const customers: ValueMatrixRecord[] = new Array(ids.length);
  for (let i = 0; i < ids.length; i++) customers[i] = { customerId: ids[i], frequency: columns.frequency[i], averageOrderValue: columns.averageOrderValue[i], cell: cell[i] };
  return { customers, meta };
}
