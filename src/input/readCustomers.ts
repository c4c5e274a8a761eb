import { z } from "zod";
import { AnalyticsInputError, describeValue, type InputIssue } from "../errors.js";
import { StringInterner } from "../internal/interner.js";
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
 * `fields`) into columns, validating every value. Which of the three values are needed is given by
 * `need` so that callers using only some of them do not reject records lacking the others.
 * @throws {AnalyticsInputError} `empty_input`, `missing_field`, `missing_customer_id`, `invalid_value`,
 *   `duplicate_customer`, `invalid_row`; paths like `customers[12].monetary`.
 */
export function readCustomers<Row>(
  fn: string,
  input: Iterable<Row>,
  fields: CustomerFields<Row> | undefined,
  need: readonly Dim[] = ["recencyDays", "frequency", "monetary"],
  maxIssues = 20,
): CustomerColumns {
  if (input === null || typeof input !== "object" || typeof (input as Iterable<Row>)[Symbol.iterator] !== "function") {
    throw new TypeError(`${fn}: customers must be an array (or iterable) of records, got ${describeValue(input)}`);
  }
  const rows = Array.isArray(input) ? (input as readonly Row[]) : Array.from(input);
  const n = rows.length;
  if (n === 0) {
    throw new AnalyticsInputError(fn, [{ path: "customers", code: "empty_input", message: "customers: no customers (0 records)" }]);
  }
  const names = {
    customerId: fields?.customerId ?? "customerId",
    recencyDays: fields?.recencyDays ?? "recencyDays",
    frequency: fields?.frequency ?? "frequency",
    monetary: fields?.monetary ?? "monetary",
  };
  const first = rows.find((r) => typeof r === "object" && r !== null) as Record<string, unknown> | undefined;
  if (first) {
    const missing: InputIssue[] = [];
    for (const key of ["customerId", ...need] as const) {
      const f = names[key];
      if (typeof f === "string" && !(f in first)) {
        missing.push({
          path: `fields.${key}`,
          code: "missing_field",
          message: `fields.${key}: field "${f}" is not in the records (the first record has: ${Object.keys(first).slice(0, 12).join(", ") || "no fields"})`,
        });
      }
    }
    if (missing.length > 0) throw new AnalyticsInputError(fn, missing);
  }
  const get = (f: FieldAccessor<Row>): ((r: Row, i: number) => unknown) =>
    typeof f === "function" ? f : (r) => (r as Record<string, unknown>)[f];
  const label = (key: keyof typeof names): string => (typeof names[key] === "string" ? (names[key] as string) : key);
  const getId = get(names.customerId);
  const getters = { recencyDays: get(names.recencyDays), frequency: get(names.frequency), monetary: get(names.monetary) };

  const ids: string[] = new Array(n);
  const cols = { recencyDays: new Float64Array(n), frequency: new Float64Array(n), monetary: new Float64Array(n) };
  const issues: InputIssue[] = [];
  let total = 0;
  const add = (path: string, code: InputIssue["code"], what: string): void => {
    total++;
    if (issues.length < maxIssues) issues.push({ path, code, message: `${path}: ${what}` });
  };
  const seen = new StringInterner(Math.min(n, 1 << 16));
  const firstAt: number[] = [];
  const g0 = getters[need[0]];
  const g1 = need.length > 1 ? getters[need[1]] : null;
  const g2 = need.length > 2 ? getters[need[2]] : null;
  const c0 = cols[need[0]];
  const c1 = need.length > 1 ? cols[need[1]] : null;
  const c2 = need.length > 2 ? cols[need[2]] : null;
  // Paths and messages are built only for bad values: the loop itself allocates nothing per value.
  const check = (v: unknown, dim: Dim, i: number): number => {
    if (typeof v === "number" && Number.isFinite(v) && (v >= 0 || dim === "monetary")) return v === 0 ? 0 : v;
    const path = `customers[${i}].${label(dim)}`;
    if (typeof v !== "number" || !Number.isFinite(v)) add(path, "invalid_value", `expected a finite number, got ${describeValue(v)}`);
    else add(path, "invalid_value", `expected a number >= 0, got ${v}`);
    return 0;
  };
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    if (typeof row !== "object" || row === null) {
      add(`customers[${i}]`, "invalid_row", `expected a record (object), got ${describeValue(row)}`);
      continue;
    }
    const rawId = getId(row, i);
    let id: string | undefined;
    if (typeof rawId === "string") {
      const c = rawId.charCodeAt(0);
      if ((c > 32 && c < 127) || rawId.trim().length > 0) id = rawId;
    } else if (typeof rawId === "number" && Number.isFinite(rawId)) id = String(rawId);
    if (id === undefined) {
      add(`customers[${i}].${label("customerId")}`, "missing_customer_id", `expected a non-empty customer id (string or finite number), got ${describeValue(rawId)}`);
    } else {
      const before = seen.size;
      const code = seen.intern(id);
      if (code < before) {
        add(`customers[${i}].${label("customerId")}`, "duplicate_customer", `customer id ${JSON.stringify(id)} also at customers[${firstAt[code]}]; customer-level data needs one record per customer`);
      } else firstAt.push(i);
      ids[i] = id;
    }
    c0[i] = check(g0(row, i), need[0], i);
    if (g1 && c1) c1[i] = check(g1(row, i), need[1], i);
    if (g2 && c2) c2[i] = check(g2(row, i), need[2], i);
  }
  if (issues.length > 0) throw new AnalyticsInputError(fn, issues, total);
  return { ids, ...cols };
}

/** zod schema of {@link CustomerFields}. */
export const customerFieldsSchema: z.ZodType<CustomerFields> = customerFieldsObject as unknown as z.ZodType<CustomerFields>;
