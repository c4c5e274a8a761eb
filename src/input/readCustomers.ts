// Leftover until src/index.ts stops re-exporting from here: the RFM field mapping and its schema live in
// src/rfm/customerFields.ts (the root already exports them through ./rfm/index.js). Delete this file
// together with the `customerFieldsSchema` line of src/index.ts.
import { defineOptions, fieldAccessorSchema } from "../options.js";
import type { FieldAccessor } from "./types.js";

interface CustomerFields {
  customerId?: FieldAccessor<any>;
  recencyDays?: FieldAccessor<any>;
  frequency?: FieldAccessor<any>;
  monetary?: FieldAccessor<any>;
}

/** See `customerFieldsSchema` in crm-analytics/rfm. */
export const customerFieldsSchema = defineOptions<CustomerFields>()({
  customerId: fieldAccessorSchema.optional(),
  recencyDays: fieldAccessorSchema.optional(),
  frequency: fieldAccessorSchema.optional(),
  monetary: fieldAccessorSchema.optional(),
});
