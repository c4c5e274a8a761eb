import { readRecords } from "../input/readRecords.js";
import type { CustomerInput, FieldAccessor } from "../input/types.js";
import { defineOptions, fieldAccessorSchema, type OptionsSchema } from "../options.js";

/** Where the RFM values are in customer-level records; each a key name or an accessor. */
export interface CustomerFields<Row = any> {
  /** Customer id (default `"customerId"`). */
  customerId?: FieldAccessor<Row>;
  /** Days since the last purchase, >= 0 (default `"recencyDays"`). */
  recencyDays?: FieldAccessor<Row>;
  /** Orders, >= 0 (default `"frequency"`). */
  frequency?: FieldAccessor<Row>;
  /** Money, any finite number (default `"monetary"`). */
  monetary?: FieldAccessor<Row>;
}

/** zod schema of {@link CustomerFields}, for callers who validate a field mapping from configuration. */
export const customerFieldsSchema: OptionsSchema<CustomerFields> = defineOptions<CustomerFields>()({
  customerId: fieldAccessorSchema.optional(),
  recencyDays: fieldAccessorSchema.optional(),
  frequency: fieldAccessorSchema.optional(),
  monetary: fieldAccessorSchema.optional(),
});

/** Customer-level records as read by the RFM functions: ids and three value columns, input order. */
export interface CustomerColumns {
  readonly ids: string[];
  readonly recencyDays: Float64Array;
  readonly frequency: Float64Array;
  readonly monetary: Float64Array;
  /**
   * Which of the three columns are the input's own `Float64Array`s (read with `readOnly`): a caller
   * that returns a column copies these. All `false` without `readOnly`.
   */
  readonly inPlace: { readonly recencyDays: boolean; readonly frequency: boolean; readonly monetary: boolean };
}

/**
 * Reads the RFM values of customer-level records with the one record reader (issue paths
 * `["records", i, field]`): recency and frequency must be finite and >= 0, monetary finite.
 * `readOnly`: the caller never writes the columns and returns none of them as they are (readRecords'
 * `readOnly`: plain `Float64Array` input columns may be read in place; `inPlace` says which).
 */
export function readCustomerColumns<Row>(fn: string, input: CustomerInput<Row>, fields: CustomerFields<Row> | undefined, readOnly = false): CustomerColumns {
  const { ids, columns, inPlace } = readRecords(fn, input, {
    readOnly,
    customerId: fields?.customerId,
    fields: {
      recencyDays: { field: fields?.recencyDays ?? "recencyDays", name: "recencyDays", rule: "nonNegative" },
      frequency: { field: fields?.frequency ?? "frequency", name: "frequency", rule: "nonNegative" },
      monetary: { field: fields?.monetary ?? "monetary", name: "monetary", rule: "finite" },
    },
  });
  return { ids, recencyDays: columns.recencyDays, frequency: columns.frequency, monetary: columns.monetary, inPlace };
}
