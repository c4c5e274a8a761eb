import { z } from "zod";
import { readRecords, type RecordField } from "./readRecords.js";
import type { FieldAccessor } from "./types.js";

/** Customer-level fields an RFM analysis reads; each a key name or an accessor. */
export interface CustomerFields<Row = any> {
  customerId?: FieldAccessor<Row>;
  recencyDays?: FieldAccessor<Row>;
  frequency?: FieldAccessor<Row>;
  monetary?: FieldAccessor<Row>;
}

/** The zod object behind {@link customerFieldsObject} (internal: `.extend`, `.shape`). */
export const customerFieldsObject = z
  .object({
    customerId: z.union([z.string().min(1), z.function()]).optional(),
    recencyDays: z.union([z.string().min(1), z.function()]).optional(),
    frequency: z.union([z.string().min(1), z.function()]).optional(),
    monetary: z.union([z.string().min(1), z.function()]).optional(),
  })
  .strict();

/** Customer-level data as read: ids and three value columns. */
export interface CustomerColumns {
  readonly ids: string[];
  readonly recencyDays: Float64Array;
  readonly frequency: Float64Array;
  readonly monetary: Float64Array;
}

type Dim = "recencyDays" | "frequency" | "monetary";

/**
 * Reads customer-level records (`customerId`, `recencyDays`, `frequency`, `monetary`, or mapped by
 * `fields`) into columns with {@link readRecords}. Which of the three values are needed is given by
 * `need` so that callers using only some of them do not reject records lacking the others.
 */
export function readCustomers<Row>(
  fn: string,
  input: Iterable<Row>,
  fields: CustomerFields<Row> | undefined,
  need: readonly Dim[] = ["recencyDays", "frequency", "monetary"],
  maxIssues = 20,
): CustomerColumns {
  const rules = { recencyDays: "nonNegative", frequency: "nonNegative", monetary: "finite" } as const;
  const spec = {} as Record<Dim, RecordField<Row>>;
  for (const dim of need) spec[dim] = { field: fields?.[dim] ?? dim, name: dim, rule: rules[dim] };
  const { ids, columns } = readRecords(fn, input, { customerId: fields?.customerId, fields: spec, maxIssues });
  const n = ids.length;
  return {
    ids,
    recencyDays: columns.recencyDays ?? new Float64Array(n),
    frequency: columns.frequency ?? new Float64Array(n),
    monetary: columns.monetary ?? new Float64Array(n),
  };
}

/** zod schema of {@link CustomerFields}. */
export const customerFieldsSchema: z.ZodType<CustomerFields> = customerFieldsObject as unknown as z.ZodType<CustomerFields>;
