import { AnalyticsInputError, describeValue, type InputIssue } from "../errors.js";
import { StringInterner } from "../internal/interner.js";
import type { FieldAccessor } from "../input/types.js";

/** Where a customer's value is: a field name (default `"monetary"`) or an accessor. */
export type ValueOption<Row> = FieldAccessor<Row>;

/** Customer ids and one finite value each, read from records and validated. */
export function readValues<Row>(
  fn: string,
  records: Iterable<Row>,
  value: ValueOption<Row> = "monetary",
  customerId: FieldAccessor<Row> = "customerId",
): { ids: string[]; values: Float64Array } {
  if (records === null || typeof records !== "object" || typeof (records as Iterable<Row>)[Symbol.iterator] !== "function") {
    throw new TypeError(`${fn}: records must be an array (or iterable) of records, got ${describeValue(records)}`);
  }
  const rows = Array.isArray(records) ? (records as readonly Row[]) : Array.from(records);
  const n = rows.length;
  if (n === 0) throw new AnalyticsInputError(fn, [{ path: "records", code: "empty_input", message: "records: no customers (0 records)" }]);
  const label = (f: FieldAccessor<Row>, name: string) => (typeof f === "string" ? f : name);
  const get = (f: FieldAccessor<Row>) => (typeof f === "function" ? f : (r: Row) => (r as Record<string, unknown>)[f]);
  const first = rows.find((r) => typeof r === "object" && r !== null) as Record<string, unknown> | undefined;
  if (first) {
    const missing: InputIssue[] = [];
    for (const [f, name] of [[customerId, "customerId"], [value, "value"]] as const) {
      if (typeof f === "string" && !(f in first)) {
        missing.push({ path: `fields.${name}`, code: "missing_field", message: `fields.${name}: field "${f}" is not in the records (the first record has: ${Object.keys(first).slice(0, 12).join(", ") || "no fields"})` });
      }
    }
    if (missing.length > 0) throw new AnalyticsInputError(fn, missing);
  }
  const getId = get(customerId);
  const getValue = get(value);
  const ids: string[] = new Array(n);
  const values = new Float64Array(n);
  const seen = new StringInterner(Math.min(n, 1 << 16));
  const issues: InputIssue[] = [];
  let total = 0;
  const add = (path: string, code: InputIssue["code"], what: string) => {
    total++;
    if (issues.length < 20) issues.push({ path, code, message: `${path}: ${what}` });
  };
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    if (typeof row !== "object" || row === null) {
      add(`records[${i}]`, "invalid_row", `expected a record (object), got ${describeValue(row)}`);
      continue;
    }
    const raw = getId(row, i);
    const id = typeof raw === "string" && raw.trim().length > 0 ? raw : typeof raw === "number" && Number.isFinite(raw) ? String(raw) : undefined;
    if (id === undefined) add(`records[${i}].${label(customerId, "customerId")}`, "missing_customer_id", `expected a non-empty customer id (string or finite number), got ${describeValue(raw)}`);
    else {
      const before = seen.size;
      if (seen.intern(id) < before) add(`records[${i}].${label(customerId, "customerId")}`, "duplicate_customer", `customer id ${JSON.stringify(id)} appears twice; one record per customer`);
      ids[i] = id;
    }
    const v = getValue(row, i);
    if (typeof v !== "number" || !Number.isFinite(v)) add(`records[${i}].${label(value, "value")}`, "invalid_value", `expected a finite number, got ${describeValue(v)}`);
    else values[i] = v === 0 ? 0 : v;
  }
  if (issues.length > 0) throw new AnalyticsInputError(fn, issues, total);
  return { ids, values };
}
