import { z } from "zod";
import { defineOptions, fieldAccessorSchema, parseOptions, type OptionsSchema } from "../options.js";
import { readRecords } from "../input/readRecords.js";
import type { FieldAccessor, CustomerInput } from "../input/types.js";
import { CLV_QUADRANTS } from "./clvQuadrantDefinitions.js";
import { thresholdsOptionSchema, twoByTwo, type TwoByTwoMeta } from "./twoByTwo.js";

export { CLV_QUADRANTS };

/** Options of {@link clvQuadrants}. */
export interface ClvQuadrantsOptions<Row = any> {
  /** Current value (e.g. historical CLV): field or accessor, default `"monetary"`. */
  current?: FieldAccessor<Row>;
  /** Potential value (e.g. predicted or formula CLV): field or accessor. Required. */
  potential: FieldAccessor<Row>;
  /** Where each axis splits: `"mean"` (default), `"median"`, or given numbers `{ current, potential }` (an axis left out uses its mean). */
  thresholds?: "mean" | "median" | { current?: number; potential?: number };
  /** A value equal to the threshold counts as `"low"` (default) or `"high"`. */
  ties?: "low" | "high";
  /** Field or accessor of the customer id (default `"customerId"`). */
  customerId?: FieldAccessor<Row>;
  /**
   * `"records"` (default): `customers`, one {@link ClvQuadrantRecord} per customer. `"columns"`:
   * `columns` ({@link ClvQuadrantColumns}), one array per field, without an object per customer.
   */
  output?: "records" | "columns";
}

/** One customer's CLV quadrant. */
export interface ClvQuadrantRecord {
  customerId: string;
  current: number;
  potential: number;
  /** `most_valuable` (IV), `loyal` (III), `potential` (II) or `low_value` (I). */
  quadrant: string;
}

/** The quadrants as columns (`output: "columns"`): entry `i` of every array is customer `i`, input order. */
export type ClvQuadrantColumns = {
  customerId: string[];
  current: Float64Array;
  potential: Float64Array;
  quadrant: string[];
};

/** Result of {@link clvQuadrants} with `output: "columns"`. */
export interface ClvQuadrantsColumnsResult {
  columns: ClvQuadrantColumns;
  /** Customers, the threshold of each axis and how it was found, ties, customers per quadrant id. */
  meta: TwoByTwoMeta<"current" | "potential">;
}

/** Result of {@link clvQuadrants}. */
export interface ClvQuadrantsResult {
  /** One record per customer, input order. */
  customers: ClvQuadrantRecord[];
  /** Customers, the threshold of each axis and how it was found, ties, customers per quadrant id. */
  meta: TwoByTwoMeta<"current" | "potential">;
}

/** zod schema of {@link ClvQuadrantsOptions}. */
export const clvQuadrantsOptionsSchema: OptionsSchema<ClvQuadrantsOptions> = defineOptions<ClvQuadrantsOptions>()({
  current: fieldAccessorSchema.optional(),
  potential: fieldAccessorSchema,
  thresholds: thresholdsOptionSchema("current", "potential"),
  ties: z.enum(["low", "high"]).optional(),
  customerId: fieldAccessorSchema.optional(),
  output: z.enum(["records", "columns"]).optional(),
});

/**
 * CLV quadrants: current value against potential value (e.g. a predicted CLV), each high or low
 * against its mean (default), type-7 median (docs/glossary.md#type-7-quantile) or a given threshold;
 * a value on the threshold is low unless `ties: "high"`. Quadrants: IV `most_valuable`, III `loyal`,
 * II `potential`, I `low_value` (labels and actions in {@link CLV_QUADRANTS}, docs/value.md).
 *
 * @returns `customers` (one {@link ClvQuadrantRecord} each, input order) and `meta` (thresholds, counts);
 *   with `output: "columns"`, `columns` ({@link ClvQuadrantColumns}) instead of `customers`, the same values.
 * @throws {AnalyticsInputError} Missing fields, non-finite values, missing or duplicate ids, empty input.
 * @throws {TypeError | RangeError} Bad options (`potential` is required), prefixed `clvQuadrants:`.
 * @example
 * const { customers, meta } = clvQuadrants([
 *   { customerId: "a", monetary: 900, clv: 1200 }, { customerId: "b", monetary: 800, clv: 100 },
 *   { customerId: "c", monetary: 50, clv: 900 }, { customerId: "d", monetary: 50, clv: 80 },
 * ], { potential: "clv" });
 * customers.map((c) => c.quadrant); //=> ["most_valuable", "loyal", "potential", "low_value"]
 * meta.thresholds;                  //=> { current: 450, potential: 570 }
 * @example
 * // columns in and out: one array per field, no object per customer (the fast lane for big data)
 * const { columns } = clvQuadrants(
 *   { customerId: ["a", "b", "c", "d"], monetary: Float64Array.of(900, 800, 50, 50), clv: Float64Array.of(1200, 100, 900, 80) },
 *   { potential: "clv", output: "columns" },
 * );
 * columns.quadrant; //=> ["most_valuable", "loyal", "potential", "low_value"]
 * @see Gupta, S. & Lehmann, D. R. (2005). *Managing Customers as Investments*. Wharton School Publishing.
 */
export function clvQuadrants<Row = any>(records: CustomerInput<Row>, options: ClvQuadrantsOptions<Row> & { output: "columns" }): ClvQuadrantsColumnsResult;
export function clvQuadrants<Row = any>(records: CustomerInput<Row>, options: ClvQuadrantsOptions<Row>): ClvQuadrantsResult;
export function clvQuadrants<Row = any>(records: CustomerInput<Row>, options: ClvQuadrantsOptions<Row>): ClvQuadrantsResult | ClvQuadrantsColumnsResult {
  const fn = "clvQuadrants";
  const opts = parseOptions(fn, clvQuadrantsOptionsSchema, options);
  const { ids, columns } = readRecords(fn, records, {
    customerId: opts.customerId,
    fields: { current: { field: opts.current ?? "monetary", name: "current" }, potential: { field: opts.potential, name: "potential" } },
  });
  const cellOf = (current: boolean, potential: boolean) => CLV_QUADRANTS.find((q) => (q.current === "high") === current && (q.potential === "high") === potential)!.id;
  const { cell, meta } = twoByTwo(["current", "potential"], columns.current, columns.potential, opts.thresholds, opts.ties ?? "low", CLV_QUADRANTS, cellOf);
  if (opts.output === "columns") return { columns: { customerId: ids, current: columns.current, potential: columns.potential, quadrant: cell }, meta };
  const customers: ClvQuadrantRecord[] = new Array(ids.length);
  for (let i = 0; i < ids.length; i++) customers[i] = { customerId: ids[i], current: columns.current[i], potential: columns.potential[i], quadrant: cell[i] };
  return { customers, meta };
}
