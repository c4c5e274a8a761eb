import { AnalyticsInputError, describeValue, type InputIssue } from "../errors.js";
import { StringInterner } from "../internal/interner.js";
import type { FieldAccessor } from "../input/types.js";

/** One numeric field to read: where it is, how to name it in messages, and whether it may be negative. */
export interface ValueField<Row> {
  field: FieldAccessor<Row>;
  /** Logical name used in paths when `field` is an accessor. */
  name: string;
  nonNegative?: boolean;
}

/**
 * Reads customer ids (unique, non-empty) and one or more finite numeric fields from records, with
 * issues naming record and field (`records[12].monetary`).
 */
export function readValueFields<Row, K extends string>(
  fn: string,
  records: Iterable<Row>,
  fields: Record<K, ValueField<Row>>,
  customerId: FieldAccessor<Row> = "customerId",
): { ids: string[]; columns: Record<K, Float64Array> } {
  if (records === null || typeof records !== "object" || typeof (records as Iterable<Row>)[Symbol.iterator] !== "function") {
    throw new TypeError(`${fn}: records must be an array (or iterable) of records, got ${describeValue(records)}`);
  }
  const rows = Array.isArray(records) ? (records as readonly Row[]) : Array.from(records);
  const n = rows.length;
  if (n === 0) throw new AnalyticsInputError(fn, [{ path: "records", code: "empty_input", message: "records: no customers (0 records)" }]);
  const keys = Object.keys(fields) as K[];
  const label = (f: FieldAccessor<Row>, name: string) => (typeof f === "string" ? f : name);
  const get = (f: FieldAccessor<Row>) => (typeof f === "function" ? f : (r: Row) => (r as Record<string, unknown>)[f]);
  const first = rows.find((r) => typeof r === "object" && r !== null) as Record<string, unknown> | undefined;
  if (first) {
    const missing: InputIssue[] = [];
    const wanted: [FieldAccessor<Row>, string][] = [[customerId, "customerId"], ...keys.map((k) => [fields[k].field, fields[k].name] as [FieldAccessor<Row>, string])];
    for (const [f, name] of wanted) {
      if (typeof f === "string" && !(f in first)) {
        missing.push({ path: `fields.${name}`, code: "missing_field", message: `fields.${name}: field "${f}" is not in the records (the first record has: ${Object.keys(first).slice(0, 12).join(", ") || "no fields"})` });
      }
    }
    if (missing.length > 0) throw new AnalyticsInputError(fn, missing);
  }
  const getId = get(customerId);
  const getters = keys.map((k) => get(fields[k].field));
  const labels = keys.map((k) => label(fields[k].field, fields[k].name));
  const cols = keys.map(() => new Float64Array(n));
  const ids: string[] = new Array(n);
  const seen = new StringInterner(Math.min(n, 1 << 16));
  const issues: InputIssue[] = [];
  let total = 0;
  const add = (path: string, code: InputIssue["code"], what: string) => {
    total++;
    if (issues.length < 20) issues.push({ path, code, message: `${path}: ${what}` });
  };
  const idLabel = label(customerId, "customerId");
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    if (typeof row !== "object" || row === null) {
      add(`records[${i}]`, "invalid_row", `expected a record (object), got ${describeValue(row)}`);
      continue;
    }
    const raw = getId(row, i);
    const id = typeof raw === "string" && raw.trim().length > 0 ? raw : typeof raw === "number" && Number.isFinite(raw) ? String(raw) : undefined;
    if (id === undefined) add(`records[${i}].${idLabel}`, "missing_customer_id", `expected a non-empty customer id (string or finite number), got ${describeValue(raw)}`);
    else {
      const before = seen.size;
      if (seen.intern(id) < before) add(`records[${i}].${idLabel}`, "duplicate_customer", `customer id ${JSON.stringify(id)} appears twice; one record per customer`);
      ids[i] = id;
    }
    for (let k = 0; k < keys.length; k++) {
      const v = getters[k](row, i);
      if (typeof v !== "number" || !Number.isFinite(v)) add(`records[${i}].${labels[k]}`, "invalid_value", `expected a finite number, got ${describeValue(v)}`);
      else if (v < 0 && fields[keys[k]].nonNegative) add(`records[${i}].${labels[k]}`, "invalid_value", `expected a number >= 0, got ${v}`);
      else cols[k][i] = v === 0 ? 0 : v;
    }
  }
  if (issues.length > 0) throw new AnalyticsInputError(fn, issues, total);
  const columns = {} as Record<K, Float64Array>;
  keys.forEach((k, j) => (columns[k] = cols[j]));
  return { ids, columns };
}

/** Customer ids and one finite value each (default field `monetary`). */
export function readValues<Row>(
  fn: string,
  records: Iterable<Row>,
  value: FieldAccessor<Row> = "monetary",
  customerId: FieldAccessor<Row> = "customerId",
): { ids: string[]; values: Float64Array } {
  const { ids, columns } = readValueFields(fn, records, { value: { field: value, name: "value" } }, customerId);
  return { ids, values: columns.value };
}
