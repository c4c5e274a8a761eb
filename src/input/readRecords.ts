import { AnalyticsInputError, describeValue, formatIssuePath, inputIssue, type InputIssue, type InputIssueCode, type IssuePath } from "../errors.js";
import { hashString } from "../internal/interner.js";
import type { CustomerColumns, CustomerInput, DictionaryIds, FieldAccessor } from "./types.js";
import { arrowCustomerColumns, isArrowTable } from "./arrow.js";

/**
 * The one customer id rule, for transactions and customer-level records alike: a string with at least
 * one non-blank character (kept exactly as given, not trimmed), or a finite number (compared as its
 * decimal text). Anything else is `undefined`: the caller reports `missing_customer_id`. Numbers beyond
 * ±2^53 pass here; the readers refuse them with {@link isUnsafeIdNumber}.
 */
export function readCustomerId(raw: unknown): string | undefined {
  if (typeof raw === "string") {
    // A printable ASCII first character is certainly not blank: no trim() copy for ordinary ids.
    const c = raw.charCodeAt(0);
    return (c > 32 && c < 127) || raw.trim().length > 0 ? raw : undefined;
  }
  return typeof raw === "number" && Number.isFinite(raw) ? String(raw) : undefined;
}

/** The one description of an acceptable id, for messages. */
export const CUSTOMER_ID_RULE = "a non-empty customer id (string or finite number)";

/**
 * Whether an id given as a number is beyond ±2^53 (`Number.MAX_SAFE_INTEGER`): there neighbouring
 * integers are one number, so different ids would merge. Such ids are refused (`unsafe_customer_id`).
 */
export function isUnsafeIdNumber(raw: unknown): boolean {
  return typeof raw === "number" && Math.abs(raw) > Number.MAX_SAFE_INTEGER && Number.isFinite(raw);
}

/** The message for an id refused by {@link isUnsafeIdNumber}. */
export function unsafeIdMessage(raw: number, what = "customer id"): string {
  return `${what} ${raw} is beyond ±2^53, where different integers become one number; give such ids as text`;
}

/**
 * The message of something a caller's code threw (an accessor, a getter, a Proxy trap), without ever
 * throwing itself: the thrown value may be a Proxy or have a throwing `message` getter.
 */
export function thrownMessage(error: unknown): string {
  try {
    if (error instanceof Error) {
      const message: unknown = error.message;
      if (typeof message === "string") return message;
    }
    return describeValue(error);
  } catch {
    return "a value that cannot be read";
  }
}

/**
 * Runs `read`, which touches the caller's objects; whatever they throw (a getter, a Proxy trap)
 * becomes an {@link AnalyticsInputError} with one issue `code` at `path`: `${what} threw: message`.
 */
export function readGuarded<T>(fn: string, code: InputIssueCode, path: IssuePath, what: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw new AnalyticsInputError(fn, [inputIssue(code, path, `${what} threw: ${thrownMessage(error)}`)]);
  }
}

/** Largest length of an array: array-likes claiming more are not arrays. */
const MAX_LENGTH = 2 ** 32 - 1;

/** What is wrong with an array-like's `length`, or `undefined` when it is a whole number that fits an array. */
export function badLength(length: number): string | undefined {
  if (Number.isInteger(length) && length >= 0 && length <= MAX_LENGTH) return undefined;
  return length > MAX_LENGTH && Number.isInteger(length)
    ? `length must be at most ${MAX_LENGTH} (the largest array), got ${length}`
    : `length must be a whole number >= 0, got ${describeValue(length)}`;
}

/**
 * A column's length, or the issue saying why there is none: not an object is `missing_field` ("expected
 * an array"), no numeric `length` is `missing_field` too, a length that is not an array's is
 * `length_mismatch` ({@link badLength}). Reading `length` is guarded (a Proxy may throw).
 */
export function columnLength(fn: string, path: IssuePath, value: unknown): number | InputIssue {
  if (value === undefined || value === null || typeof value !== "object") return inputIssue("missing_field", path, `expected an array, got ${describeValue(value)}`);
  const length = readGuarded(fn, "unreadable_field", path, `reading ${formatIssuePath([...path, "length"])}`, () => (value as ArrayLike<unknown>).length);
  if (typeof length !== "number") return inputIssue("missing_field", path, `expected an array (with a length), got ${describeValue(value)}`);
  const bad = badLength(length);
  return bad === undefined ? length : inputIssue("length_mismatch", path, bad);
}

/**
 * The records of an input as an array, reading the caller's objects once and safely: an array is used as
 * it is (its `length` checked), any other iterable is copied. A `length` or an iterator that throws, or a
 * Proxy trap on the array, is an {@link AnalyticsInputError} (`invalid_row`) naming where.
 * @throws {TypeError} when `input` is not iterable.
 */
export function recordArray<Row>(fn: string, source: string, input: Iterable<Row>): readonly Row[] {
  const kind = readGuarded(fn, "invalid_row", [source], `reading ${source}`, () =>
    input === null || typeof input !== "object" || typeof (input as Iterable<unknown>)[Symbol.iterator] !== "function"
      ? "other"
      : Array.isArray(input)
        ? "array"
        : "iterable",
  );
  if (kind === "other") throw new TypeError(`${fn}: ${source} must be an array (or iterable) of records, got ${describeValue(input)}`);
  if (kind === "array") {
    const rows = input as readonly Row[];
    const n = readGuarded(fn, "invalid_row", [source], `reading ${source}.length`, () => rows.length);
    const bad = badLength(n);
    if (bad !== undefined) throw new AnalyticsInputError(fn, [inputIssue("invalid_row", [source], bad)]);
    return rows;
  }
  const rows: Row[] = [];
  try {
    for (const row of input) rows.push(row);
  } catch (error) {
    throw new AnalyticsInputError(fn, [inputIssue("invalid_row", [source, rows.length], `reading the record threw: ${thrownMessage(error)}`)]);
  }
  return rows;
}

/**
 * The first record that is an object, and its index (-1 when there is none), for the field checks; a
 * record that throws when read is `invalid_row` naming it.
 */
export function firstRecord(fn: string, source: string, rows: readonly unknown[], n: number): { first: object | undefined; at: number } {
  for (let i = 0; i < n; i++) {
    const row = readGuarded(fn, "invalid_row", [source, i], "reading the record", () => rows[i]);
    if (typeof row === "object" && row !== null) return { first: row, at: i };
  }
  return { first: undefined, at: -1 };
}

/** Names that every object inherits: a mapping to one of these must be an own property of the record. */
const INHERITED = new Set(["__proto__", ...Object.getOwnPropertyNames(Object.prototype)]);

/**
 * Reads field `f` of a record. A key name is read as a property (own or a getter); a name that every
 * object inherits (`"constructor"`, `"toString"`, `"__proto__"`) only as an own property.
 */
export function fieldReader<Row>(f: FieldAccessor<Row>): (row: Row, index: number) => unknown {
  if (typeof f === "function") return f;
  if (INHERITED.has(f)) return (row) => (Object.hasOwn(row as object, f) ? (row as Record<string, unknown>)[f] : undefined);
  return (row) => (row as Record<string, unknown>)[f];
}

/** The name of a field in paths and messages: the mapped key, or the option's name for an accessor. */
export function fieldLabel<Row>(f: FieldAccessor<Row>, name: string): string {
  return typeof f === "string" ? f : name;
}

/**
 * The one missing-field rule: a field mapped by key name must be an own property of the first record
 * (inherited names such as `"constructor"` do not count). Returns one `missing_field` issue per absent
 * field, with path `["fields", name]`.
 */
export function missingFields<Row>(first: object, wanted: readonly (readonly [FieldAccessor<Row>, string])[], at?: IssuePath): InputIssue[] {
  const issues: InputIssue[] = [];
  for (const [f, name] of wanted) {
    if (typeof f !== "string") continue;
    // a Proxy trap or an odd prototype may throw: that is the record's problem, named as a field of it
    try {
      if (Object.hasOwn(first, f)) continue;
      // getters of a class instance live on its prototype: they count when the record is not a plain object
      if (!INHERITED.has(f) && f in first && Object.getPrototypeOf(first) !== Object.prototype && Object.getPrototypeOf(first) !== null) continue;
    } catch (error) {
      issues.push(inputIssue("unreadable_field", at ? [...at, f] : ["fields", name], `checking the record for field ${JSON.stringify(f)} threw: ${thrownMessage(error)}`));
      continue;
    }
    let has: string;
    try {
      has = Object.keys(first).slice(0, 12).join(", ") || "no fields";
    } catch {
      has = "fields that cannot be listed";
    }
    issues.push(inputIssue("missing_field", ["fields", name], `field ${JSON.stringify(f)} is not in the records (the first record has: ${has})`));
  }
  return issues;
}

/**
 * What a numeric field must hold. `"finiteOrAbsent"`: a finite number, or `null`/absent, read as `NaN`
 * (a marker for the caller, who must not let it into a result).
 */
export type NumberRule = "finite" | "nonNegative" | "positive" | "count" | "finiteOrAbsent";

const RULE_TEXT: Record<NumberRule, string> = {
  finite: "a finite number",
  nonNegative: "a finite number >= 0",
  positive: "a finite number > 0",
  count: "an integer >= 0",
  finiteOrAbsent: "a finite number or null",
};

/** One numeric field of a customer-level record. */
export interface RecordField<Row> {
  /** Key name or accessor. */
  readonly field: FieldAccessor<Row>;
  /** Name in paths when `field` is an accessor (the option's name, e.g. `"monetary"`). */
  readonly name: string;
  /** What the value must be (default `"finite"`). */
  readonly rule?: NumberRule;
  /**
   * A field the records may leave out (and columns may lack): no missing-field rule, and an absent
   * value is read as by `"finiteOrAbsent"` (`NaN`, for the caller to replace). Only with that rule.
   * Columns that lack it altogether give an empty column (length 0: every value absent).
   */
  readonly optional?: boolean;
}

/** One text field of a customer-level record (a segment, a tier, a class): a non-empty string. */
export interface RecordText<Row> {
  /** Key name or accessor. */
  readonly field: FieldAccessor<Row>;
  /** Name in paths when `field` is an accessor. */
  readonly name: string;
  /** The values allowed, when they are known (`["A", "B", "C"]`); any non-empty string otherwise. */
  readonly allowed?: readonly string[];
}

/** How {@link readRecords} reads one input. */
export interface ReadRecordsSpec<Row, K extends string, T extends string = never> {
  /** Root of the issue paths: the argument's name (default `"records"`). */
  readonly source?: string;
  /** Where the customer id is (default `"customerId"`). */
  readonly customerId?: FieldAccessor<Row>;
  /**
   * `"required"` (default): every record needs an id. `"index"`: records whose first record has no
   * `customerId` are numbered by position ("0", "1", ...), for data sets without ids.
   */
  readonly ids?: "required" | "index";
  /**
   * With `ids: "index"`, when the records have no ids: `false` leaves `ids` empty instead of numbering
   * the records ("0", "1", ...: a string per record), for a caller that never reads them. Default `true`.
   */
  readonly numberIds?: boolean;
  /** The numeric fields to read, by output column name. */
  readonly fields: { readonly [k in K]: RecordField<Row> };
  /** The text fields to read, by output name. */
  readonly texts?: { readonly [t in T]: RecordText<Row> };
  /** Issues listed before the error is thrown (default 20). */
  readonly maxIssues?: number;
  /**
   * Unicode normal form applied to text ids before the duplicate check (`"NFC"` or `"NFD"`); ids are
   * compared as given when it is left out. The ids returned are the normalised text.
   */
  readonly normalizeIds?: "NFC" | "NFD";
  /**
   * The caller only reads the numeric columns, and only while it runs (it writes none of them and
   * returns nothing that holds one): a plain `Float64Array` input column (not a subclass, no own
   * `length`, `buffer`, `byteOffset`, `byteLength` or symbol property, not on a `SharedArrayBuffer`)
   * whose every value its rule takes as it is (no −0 to turn into 0) is then returned itself, not
   * copied (`inPlace` says which). Default `false`: every column is a copy.
   */
  readonly readOnly?: boolean;
  /**
   * Records only (not columns; no `texts`, no `normalizeIds`): a reader written for the caller's own
   * fields, which reads rows from 0 on exactly as the general loop does (the same reads in the same
   * order: the row, its id, then each field in key order) while every value is plainly valid, writing
   * `ids` (when `withIds`, or `numbered`: the position's text) and each field's column, and, with ids,
   * each id's `hashString` (internal/interner) into `hashes`; it returns the first row it does not take (`n` when it
   * takes them all), and the general loop reads from that row on (reading it again from its start),
   * naming the issues. A lane that reads properties by name (`row.frequency`) inlines the loads and
   * boxes no values, where the general loop calls one accessor per field.
   */
  readonly recordLane?: (rows: readonly Row[], n: number, withIds: boolean, numbered: boolean, ids: string[], cols: readonly Float64Array[], hashes: Int32Array) => number;
}

/** Customer-level records as columns, in input order. */
export interface RecordColumns<Row, K extends string, T extends string = never> {
  /** Customer ids (unique); empty when the records have none and `numberIds` is `false`. */
  readonly ids: string[];
  /**
   * One column per requested field (length 0 for an optional field the input columns lack); with
   * `readOnly`, possibly the input's own `Float64Array`.
   */
  readonly columns: { [k in K]: Float64Array };
  /** Per field, whether its column is the input's own `Float64Array` (only with `readOnly`): a caller returning it copies it. */
  readonly inPlace: { [k in K]: boolean };
  /** One array per requested text field. */
  readonly texts: { [t in T]: string[] };
  /** Whether the ids come from the records (`false`: numbered by position, `ids: "index"` only). */
  readonly withIds: boolean;
  /** The records themselves (the input array, or a copy of an iterable's items; built from columns on first use). */
  readonly rows: readonly Row[];
  /** The issue path of field `field` of customer `i`: `[source, i, field]`, or `["columns", field, i]` for columns. */
  readonly path: (i: number, field: string) => IssuePath;
}

/**
 * The one reader of customer-level records (summaries, scores, values, BTYD summaries, features): one id
 * rule ({@link readCustomerId}; numbers beyond ±2^53 are `unsafe_customer_id`), one duplicate-id check
 * (after `normalizeIds`), one missing-field rule ({@link missingFields}), one path form
 * (`[source, index, field]`), and a throwing accessor, getter or Proxy trap reported as
 * `unreadable_field` naming the record (`invalid_row` when the record itself cannot be read). Values of
 * `-0` are read as `0`.
 * @throws {TypeError} when `input` is not iterable.
 * @throws {AnalyticsInputError} `empty_input`, `missing_field`, `invalid_row`, `missing_customer_id`,
 *   `unsafe_customer_id`, `duplicate_customer`, `invalid_value`, `unreadable_field`.
 */
export function readRecords<Row, K extends string, T extends string = never>(
  fn: string,
  input: CustomerInput<Row>,
  spec: ReadRecordsSpec<Row, K, T>,
): RecordColumns<Row, K, T> {
  const source = spec.source ?? "records";
  const keys = Object.keys(spec.fields) as K[];
  const specs = keys.map((k) => spec.fields[k]);
  const textKeys = Object.keys(spec.texts ?? {}) as T[];
  const textSpecs = textKeys.map((t) => (spec.texts as { readonly [t in T]: RecordText<Row> })[t]);
  const idField = spec.customerId ?? "customerId";
  const fieldNames = [...specs.map((s, j) => [s.field, keys[j]] as const), ...textSpecs.map((s, j) => [s.field, textKeys[j]] as const)];
  // an Arrow table: its columns, read when first used, as plain columns
  const arrow = readGuarded(fn, "invalid_row", [source], `reading ${source}`, () => isArrowTable(input));
  if (arrow) {
    const table = input as unknown as Parameters<typeof arrowCustomerColumns>[0];
    input = readGuarded(fn, "unreadable_field", [source], `reading the Arrow table`, () => arrowCustomerColumns(table, typeof idField === "string" ? idField : "customerId"));
  }
  const optional = [...specs.map((s) => s.optional === true), ...textSpecs.map(() => false)];
  const src = isCustomerColumns(fn, source, input)
    ? columnSource(fn, input, idField, fieldNames, spec.ids === "index", optional)
    : recordSource(fn, source, input, idField, fieldNames, spec.ids === "index", optional);
  const { n, rows, withIds, at } = src;
  const form = spec.normalizeIds;
  const maxIssues = spec.maxIssues ?? 20;
  const issues: InputIssue[] = [];
  let total = 0;
  const add = (code: InputIssueCode, path: IssuePath, message: string, customerId?: string): void => {
    total++;
    if (issues.length < maxIssues) issues.push(inputIssue(code, path, message, customerId));
  };
  const { getId, idLabel, labels } = src;
  const getters = src.getters.slice(0, keys.length);
  const textGetters = src.getters.slice(keys.length);
  const allowed = textSpecs.map((s) => (s.allowed ? new Set(s.allowed) : null));
  const texts = textKeys.map(() => new Array<string>(n));
  const e = textKeys.length;
  const rules = specs.map((s) => s.rule ?? "finite");
  // an optional column the columns lack: empty (every value absent; the general loop's writes to it are no-ops)
  const lengthOf = (j: number) => (src.absent?.[j] === true && rules[j] === "finiteOrAbsent" && specs[j].optional === true ? 0 : n);
  // the records' ids, or their positions' text (none with numberIds: false)
  const ids: string[] = withIds || spec.numberIds !== false ? new Array(n) : [];
  const d = keys.length;

  // The loop allocates nothing per value; paths and messages are built only for bad values. A throwing
  // accessor or getter leaves the inner loop; the outer one records it and resumes at the next record.
  // Plain columns: the ids and each value column first checked in a tight loop of their own; any value
  // that loop does not take sends every row through the general loop below, which names the issues.
  // (columns without ids, numbered by position, take the lane too: their ids are the positions' text)
  const lane = src.plain !== undefined && form === undefined && e === 0;
  const hashes = lane && withIds ? new Int32Array(n) : undefined;
  const taken: (Float64Array | undefined)[] = keys.map(() => undefined);
  let i = lane ? plainColumns(src.plain!, n, ids, taken, lengthOf, rules, spec.readOnly === true, hashes) : 0;
  // every id taken by the fast lane: its hashes serve the duplicate check
  const fast = i === n;
  // the general loop writes fresh columns (nothing it reads may be an input's own column)
  const cols = keys.map((_, j) => (fast ? (taken[j] as Float64Array) : new Float64Array(lengthOf(j))));
  // records: the caller's lane reads the rows it takes, the general loop the rest
  const recordLane = !src.columns && form === undefined && e === 0 ? spec.recordLane : undefined;
  let laneHashes: Int32Array | undefined;
  if (recordLane !== undefined) {
    laneHashes = new Int32Array(withIds ? n : 0);
    i = recordLane(src.rows, n, withIds, ids.length === n, ids, cols, laneHashes);
    // hashes of only some ids: the duplicate check computes its own
    if (i < n) laneHashes = undefined;
  }
  let k = -1; // field being read when something threw (-1: the id, -2: the record itself)
  while (i < n) {
    try {
      for (; i < n; i++) {
        k = -2;
        const row = src.rowAt(i) as Row;
        if (typeof row !== "object" || row === null) {
          add("invalid_row", [source, i], `expected a record (object), got ${describeValue(row)}`);
          continue;
        }
        let id: string | undefined;
        k = -1;
        if (withIds) {
          const raw = getId(row, i);
          id = readCustomerId(raw);
          if (id === undefined) add("missing_customer_id", at(i, idLabel), `expected ${CUSTOMER_ID_RULE}, got ${describeValue(raw)}`);
          else if (isUnsafeIdNumber(raw)) {
            add("unsafe_customer_id", at(i, idLabel), unsafeIdMessage(raw as number));
            id = undefined;
          } else ids[i] = id = form === undefined ? id : id.normalize(form);
        } else {
          // numbered by position: a record that has an id after all would lose it silently
          if (getId(row, i) !== undefined) add("invalid_row", at(i, idLabel), `has a customer id, but the first record has none: give every record a ${idLabel} or none`);
          if (ids.length === n) ids[i] = String(i);
        }
        for (k = 0; k < d; k++) {
          const v = getters[k](row, i);
          const rule = rules[k];
          if (
            typeof v === "number" &&
            (rule === "finite" || rule === "finiteOrAbsent"
              ? Number.isFinite(v)
              : rule === "nonNegative"
                ? v >= 0 && v < Infinity
                : rule === "positive"
                  ? v > 0 && v < Infinity
                  : Number.isInteger(v) && v >= 0)
          ) {
            cols[k][i] = v === 0 ? 0 : v;
          } else if (rule === "finiteOrAbsent" && (v === null || v === undefined)) cols[k][i] = Number.NaN;
          else add("invalid_value", at(i, labels[k]), `expected ${RULE_TEXT[rule]}, got ${describeValue(v)}`, id);
        }
        for (let t = 0; t < e; t++, k++) {
          const v = textGetters[t](row, i);
          const ok = allowed[t];
          if (typeof v === "string" && v !== "" && (ok === null || ok.has(v))) texts[t][i] = v;
          else {
            const want = ok === null ? "a non-empty string" : textSpecs[t].allowed!.map((a) => JSON.stringify(a)).join(", ");
            add("invalid_value", at(i, labels[k]), `expected ${want}, got ${describeValue(v)}`, id);
          }
        }
      }
    } catch (error) {
      const why = thrownMessage(error);
      if (k === -2) add("invalid_row", [source, i], `reading the record threw: ${why}`);
      else add("unreadable_field", at(i, k < 0 ? idLabel : labels[k]), `reading the field threw: ${why}`, withIds && k >= 0 ? ids[i] : undefined);
      i++;
    }
  }
  if (withIds) {
    // duplicates after the loop, in row order, merged into the row-ordered issues
    const dups = duplicateIds(ids, fast ? hashes : laneHashes);
    if (dups.length > 0) {
      const dupIssues: InputIssue[] = [];
      for (let q = 0; q < dups.length && dupIssues.length < maxIssues; q += 2) {
        const row = dups[q];
        const id = ids[row];
        dupIssues.push(inputIssue("duplicate_customer", at(row, idLabel), `customer id ${JSON.stringify(id)} also at ${src.columns ? `row ${dups[q + 1]}` : `${source}[${dups[q + 1]}]`}; customer-level data needs one record per customer`, id));
      }
      total += dups.length / 2;
      const merged: InputIssue[] = [];
      let a = 0;
      let b = 0;
      // at one row the id comes before its fields, as the loop reads them
      while (merged.length < maxIssues && (a < issues.length || b < dupIssues.length)) {
        if (b < dupIssues.length && (a === issues.length || (dupIssues[b].row as number) <= (issues[a].row as number))) merged.push(dupIssues[b++]);
        else merged.push(issues[a++]);
      }
      issues.length = 0;
      issues.push(...merged);
    }
  }
  if (issues.length > 0) throw new AnalyticsInputError(fn, issues, total);
  const columns = {} as { [k in K]: Float64Array };
  keys.forEach((key, j) => (columns[key] = cols[j]));
  const inPlace = {} as { [k in K]: boolean };
  keys.forEach((key, j) => (inPlace[key] = fast && cols[j] === src.plain!.values[j]));
  const textColumns = {} as { [t in T]: string[] };
  textKeys.forEach((key, j) => (textColumns[key] = texts[j]));
  const result = { ids, columns, inPlace, texts: textColumns, withIds, path: at } as Omit<RecordColumns<Row, K, T>, "rows"> & { rows: readonly Row[] };
  // columns become records only when a caller needs them (a feature read by accessor, a profile)
  let built: readonly Row[] | undefined = src.columns ? undefined : rows;
  Object.defineProperty(result, "rows", { enumerable: true, get: () => (built ??= src.rowsFromColumns()) });
  return result;
}

/** Reads an optional field: the record's own property, or a getter it has; `undefined` when absent. */
function ownFieldReader<Row>(name: string): (row: Row, index: number) => unknown {
  const get = fieldReader<Row>(name);
  return (row, i) => (name in (row as object) ? get(row, i) : undefined);
}

/** Where {@link readRecords} reads from: records or columns, with one path form each. */
interface RecordSource<Row> {
  n: number;
  /** Whether the input is columns. */
  columns: boolean;
  /** The records (for columns: empty, see `rowsFromColumns`). */
  rows: readonly Row[];
  withIds: boolean;
  rowAt: (i: number) => unknown;
  getId: (row: Row, i: number) => unknown;
  idLabel: string;
  /** Readers of the numeric fields, then the text fields. */
  getters: ((row: Row, i: number) => unknown)[];
  /** Columns only: which value columns the input lacks (optional fields). */
  absent?: readonly boolean[];
  /** Columns only: the id column (not a dictionary; undefined: numbered by position) and the value columns, for {@link plainColumns}. */
  plain?: { ids: ArrayLike<unknown> | undefined; values: readonly (ArrayLike<unknown> | undefined)[] };
  labels: string[];
  at: (i: number, label: string) => IssuePath;
  rowsFromColumns: () => readonly Row[];
}

function recordSource<Row>(
  fn: string,
  source: string,
  input: Iterable<Row>,
  idField: FieldAccessor<Row>,
  fieldNames: readonly (readonly [FieldAccessor<Row>, string])[],
  indexIds: boolean,
  optional: readonly boolean[],
): RecordSource<Row> {
  const rows = recordArray(fn, source, input);
  const n = rows.length;
  if (n === 0) throw new AnalyticsInputError(fn, [inputIssue("empty_input", [source], "no customers (0 records)")]);
  const { first, at } = firstRecord(fn, source, rows, n);
  let withIds = true;
  if (first) {
    // the same rule as a missing field: the records carry ids when the first one has the field
    if (indexIds && typeof idField === "string") {
      const idMissing = missingFields(first, [[idField, "customerId"]], [source, at]);
      if (idMissing.some((issue) => issue.code === "unreadable_field")) throw new AnalyticsInputError(fn, idMissing);
      if (idMissing.length > 0) withIds = false;
    }
    const wanted = fieldNames.filter((_, j) => !optional[j]);
    if (withIds) wanted.unshift([idField, "customerId"]);
    const missing = missingFields(first, wanted, [source, at]);
    if (missing.length > 0) throw new AnalyticsInputError(fn, missing);
  }
  return {
    n,
    columns: false,
    rows,
    withIds,
    rowAt: (i) => rows[i],
    getId: fieldReader(idField),
    idLabel: fieldLabel(idField, "customerId"),
    getters: fieldNames.map(([f], j) => (optional[j] && typeof f === "string" ? ownFieldReader(f) : fieldReader(f))),
    labels: fieldNames.map(([f, name]) => fieldLabel(f, name)),
    at: (i, label) => [source, i, label],
    rowsFromColumns: () => rows,
  };
}

/** Whether an array-like (or a dictionary column) can be a column: an object with a numeric `length`, or `{ codes, dictionary }`. */
function isColumnLike(v: unknown): boolean {
  return typeof v === "object" && v !== null && (typeof (v as ArrayLike<unknown>).length === "number" || ("codes" in v && "dictionary" in v));
}

/**
 * Whether `input` is {@link CustomerColumns}: an object that is not iterable and has at least one
 * column. Anything else that is not iterable is a `TypeError`, as before columns were accepted.
 */
function isCustomerColumns(fn: string, source: string, input: unknown): input is CustomerColumns {
  const kind = readGuarded(fn, "invalid_row", [source], `reading ${source}`, () => {
    if (input === null || typeof input !== "object" || typeof (input as Iterable<unknown>)[Symbol.iterator] === "function") return "records";
    for (const key of Object.keys(input)) if (isColumnLike((input as Record<string, unknown>)[key])) return "columns";
    return "other";
  });
  if (kind === "other") throw new TypeError(`${fn}: ${source} must be an array (or iterable) of records, or an object of columns, got ${describeValue(input)}`);
  return kind === "columns";
}

function columnSource<Row>(
  fn: string,
  input: CustomerColumns,
  idField: FieldAccessor<Row>,
  fieldNames: readonly (readonly [FieldAccessor<Row>, string])[],
  indexIds: boolean,
  optional: readonly boolean[],
): RecordSource<Row> {
  const guard = <V>(path: IssuePath, what: string, read: () => V): V => readGuarded(fn, "unreadable_field", path, what, read);
  for (const [f, name] of [[idField, "customerId"] as const, ...fieldNames]) {
    if (typeof f !== "string") throw new TypeError(`${fn}: with columns, each field is a column name; ${name} is an accessor (accessors are for records)`);
  }
  const idName = idField as string;
  const issues: InputIssue[] = [];
  const lengths = new Map<string, number>();
  // a column's values (a dictionary's entries read once), or undefined with an issue
  const column = (name: string, dictionaryAllowed: boolean): ArrayLike<unknown> | DictionaryIds | undefined => {
    const path: IssuePath = ["columns", name];
    const c = guard(path, `reading columns.${name}`, () => (Object.hasOwn(input, name) ? input[name] : undefined));
    if (c === undefined) return undefined;
    const dict = dictionaryAllowed && guard(path, `reading columns.${name}`, () => typeof c === "object" && c !== null && "codes" in c && "dictionary" in c);
    const arr = dict ? guard([...path, "codes"], `reading columns.${name}.codes`, () => (c as DictionaryIds).codes) : c;
    const length = columnLength(fn, path, arr);
    if (typeof length !== "number") {
      issues.push(length);
      return undefined;
    }
    lengths.set(name, length);
    if (!dict) return c;
    const entries = guard([...path, "dictionary"], `reading columns.${name}.dictionary`, () => (c as DictionaryIds).dictionary);
    if (!Array.isArray(entries)) {
      issues.push(inputIssue("missing_field", [...path, "dictionary"], `expected an array, got ${describeValue(entries)}`));
      return undefined;
    }
    return { codes: arr as ArrayLike<number>, dictionary: entries };
  };
  const idColumn = column(idName, true);
  const withIds = idColumn !== undefined || !indexIds || issues.length > 0;
  if (withIds && idColumn === undefined && issues.length === 0) issues.push(inputIssue("missing_field", ["columns", idName], "no such column"));
  const valueColumns = fieldNames.map(([f], j) => {
    const c = column(f as string, false);
    if (c === undefined && !optional[j] && !issues.some((issue) => issue.field === f)) issues.push(inputIssue("missing_field", ["columns", f as string], "no such column"));
    return c as ArrayLike<unknown> | undefined;
  });
  if (issues.length > 0) throw new AnalyticsInputError(fn, issues);
  const n = lengths.get(idName) ?? lengths.get(fieldNames[0]?.[0] as string) ?? 0;
  for (const [name, length] of lengths) {
    if (length !== n) issues.push(inputIssue("length_mismatch", ["columns", name], `has ${length} entries, columns.${withIds ? idName : fieldNames[0][0]} has ${n}`));
  }
  if (issues.length > 0) throw new AnalyticsInputError(fn, issues);
  if (n === 0) throw new AnalyticsInputError(fn, [inputIssue("empty_input", ["columns"], "no customers (columns of 0 entries)")]);
  let getId: (row: Row, i: number) => unknown = () => undefined;
  if (idColumn !== undefined && "dictionary" in idColumn && "codes" in idColumn && !Array.isArray(idColumn)) {
    const { codes, dictionary } = idColumn as DictionaryIds;
    guard(["columns", idName, "codes"], `reading columns.${idName}.codes`, () => {
      for (let i = 0; i < n && issues.length < 20; i++) {
        const c = codes[i];
        if (!(Number.isInteger(c) && c >= 0 && c < dictionary.length)) {
          issues.push(inputIssue("invalid_value", ["columns", idName, i], `code ${describeValue(c)} is not an index into the dictionary (${dictionary.length} entries)`));
        }
      }
    });
    if (issues.length > 0) throw new AnalyticsInputError(fn, issues);
    getId = (_row, i) => {
      const c = codes[i];
      return Number.isInteger(c) && c >= 0 && c < dictionary.length ? dictionary[c] : undefined;
    };
  } else if (idColumn !== undefined) {
    const ids = idColumn as ArrayLike<unknown>;
    getId = (_row, i) => ids[i];
  }
  const row = {};
  return {
    n,
    columns: true,
    rows: [],
    withIds,
    rowAt: () => row,
    getId,
    idLabel: idName,
    getters: valueColumns.map((c) => (c === undefined ? () => undefined : (_row: Row, i: number) => c[i])),
    absent: valueColumns.map((c) => c === undefined),
    plain:
      idColumn !== undefined && !("codes" in idColumn && "dictionary" in idColumn)
        ? { ids: idColumn as ArrayLike<unknown>, values: valueColumns }
        : idColumn === undefined && !withIds
          ? { ids: undefined, values: valueColumns }
          : undefined,
    labels: fieldNames.map(([f]) => f as string),
    at: (i, label) => ["columns", label, i],
    rowsFromColumns: () => {
      // every column of the input (not only the fields read), as records
      const names = Object.keys(input).filter((k) => lengths.has(k) || isColumnLike(input[k]));
      const readers = names.map((k) => {
        const c = input[k];
        if (k === idName && withIds) return (i: number) => getId(row as Row, i);
        return "codes" in c && "dictionary" in c ? (i: number) => (c as DictionaryIds).dictionary[(c as DictionaryIds).codes[i]] : (i: number) => (c as ArrayLike<unknown>)[i];
      });
      const out = new Array<Row>(n);
      for (let i = 0; i < n; i++) {
        const r: Record<string, unknown> = {};
        for (let j = 0; j < names.length; j++) r[names[j]] = readers[j](i);
        out[i] = r as Row;
      }
      return out;
    },
  };
}

/**
 * Rows whose id appeared earlier, as `[row, firstRow, ...]` pairs in row order (`ids` may have holes for
 * rows without a valid id). `given`: the ids' hashes ({@link hashString}) when the caller has them
 * (every id present), else computed here. Past 65,536 ids, two bits per hash slot (the hash's top
 * bits, eight slots per id: 2 MB for a million ids, so they stay in the cache) first set aside the
 * ids whose slot no other id hits, which are certainly not repeated; only the rest (about one in nine
 * when the ids are distinct) go to {@link duplicatesAmong}. Equal ids share a slot, so every repeated
 * id and its first row are among them, in row order: the same pairs.
 */
function duplicateIds(ids: readonly (string | undefined)[], given?: Int32Array): Int32Array {
  const n = ids.length;
  // the rows with an id (null: every row) and their hashes, side by side
  let rows: Int32Array | null = null;
  let hashes: Int32Array;
  let m = n;
  if (given !== undefined) hashes = given;
  else {
    hashes = new Int32Array(n);
    const at = new Int32Array(n);
    m = 0;
    for (let i = 0; i < n; i++) {
      const id = ids[i];
      if (id === undefined) continue;
      hashes[m] = hashString(id);
      at[m++] = i;
    }
    if (m < n) rows = at;
  }
  if (m <= 1 << 16) return duplicatesAmong(ids, rows, hashes, m);
  let bits = 20;
  while (1 << bits < 8 * m && bits < 30) bits++;
  const shift = 32 - bits;
  // slot hit once, and hit again
  const once = new Int32Array(1 << (bits - 5));
  const again = new Int32Array(1 << (bits - 5));
  for (let q = 0; q < m; q++) {
    const s = hashes[q] >>> shift;
    const word = s >>> 5;
    const bit = 1 << (s & 31);
    if ((once[word] & bit) === 0) once[word] |= bit;
    else again[word] |= bit;
  }
  // the rows whose slot was hit again, and their hashes (about a ninth of distinct ids: an eighth to start with)
  let cap = Math.max(1024, m >>> 3);
  let subRows = new Int32Array(cap);
  let subHashes = new Int32Array(cap);
  let c = 0;
  for (let q = 0; q < m; q++) {
    const h = hashes[q];
    const s = h >>> shift;
    if ((again[s >>> 5] & (1 << (s & 31))) !== 0) {
      if (c === cap) {
        cap *= 2;
        const moreRows = new Int32Array(cap);
        moreRows.set(subRows);
        subRows = moreRows;
        const moreHashes = new Int32Array(cap);
        moreHashes.set(subHashes);
        subHashes = moreHashes;
      }
      subRows[c] = rows === null ? q : rows[q];
      subHashes[c++] = h;
    }
  }
  return duplicatesAmong(ids, subRows, subHashes, c);
}

/**
 * {@link duplicateIds} among `m` rows (`rows[q]`, ascending, or q itself when `rows` is null) with
 * hashes `hashes[q]`. Hashes are partitioned by their top bits first, so each partition's table stays
 * in cache: at a million ids a table over all of them misses the cache on almost every probe.
 */
function duplicatesAmong(ids: readonly (string | undefined)[], rows: Int32Array | null, hashes: Int32Array, m: number): Int32Array {
  const B = m > 1 << 16 ? 10 : 0;
  const nb = 1 << B;
  const shift = 32 - B;
  const count = new Int32Array(nb + 1);
  if (B === 0) count[1] = m;
  else for (let q = 0; q < m; q++) count[(hashes[q] >>> shift) + 1]++;
  for (let b = 0; b < nb; b++) count[b + 1] += count[b];
  // each partition's rows (ascending: a stable scatter) and their hashes side by side, read in order
  const next = count.slice(0, nb);
  const order = new Int32Array(m);
  const sorted = new Int32Array(m);
  for (let q = 0; q < m; q++) {
    const h = hashes[q];
    const p = next[B === 0 ? 0 : h >>> shift]++;
    order[p] = rows === null ? q : rows[q];
    sorted[p] = h;
  }
  let largest = 0;
  for (let b = 0; b < nb; b++) largest = Math.max(largest, count[b + 1] - count[b]);
  let cap = 16;
  while (cap < 2 * largest) cap *= 2;
  // slot → position in `order` + 1 (0: empty)
  const table = new Int32Array(cap);
  const mask = cap - 1;
  const found: number[] = [];
  for (let b = 0; b < nb; b++) {
    if (b > 0) table.fill(0);
    // the first of equal ids in a partition is the earliest row
    for (let q = count[b]; q < count[b + 1]; q++) {
      const h = sorted[q];
      let slot = h & mask;
      for (;;) {
        const e = table[slot];
        if (e === 0) {
          table[slot] = q + 1;
          break;
        }
        if (sorted[e - 1] === h && ids[order[e - 1]] === ids[order[q]]) {
          found.push(order[q], order[e - 1]);
          break;
        }
        slot = (slot + 1) & mask;
      }
    }
  }
  if (found.length === 0) return new Int32Array(0);
  // back to row order
  const pairs = Array.from({ length: found.length / 2 }, (_, q) => q).sort((x, y) => found[2 * x] - found[2 * y]);
  return Int32Array.from(pairs.flatMap((q) => [found[2 * q], found[2 * q + 1]]));
}

// The intrinsic getters of typed arrays: they read the internal slots (a Proxy or a look-alike has none:
// the tag is undefined, the length throws), never a property the caller may have redefined.
const TYPED_ARRAY = Object.getPrototypeOf(Int8Array.prototype) as object;
const typedTag = Object.getOwnPropertyDescriptor(TYPED_ARRAY, Symbol.toStringTag)!.get as (this: unknown) => string | undefined;
const typedLength = Object.getOwnPropertyDescriptor(TYPED_ARRAY, "length")!.get as (this: unknown) => number;
// typed arrays of numbers whose every entry is an integer (no NaN, no ±Infinity, no −0)
const INTEGER_ARRAYS = new Set(["Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array", "Int32Array", "Uint32Array"]);
const UNSIGNED_ARRAYS = new Set(["Uint8Array", "Uint8ClampedArray", "Uint16Array", "Uint32Array"]);

/**
 * The kind of a value column for {@link plainColumns}: `"int"` / `"uint"` for a typed array of integers,
 * `"float"` for `Float32Array` / `Float64Array` (numbers, but any of them may be NaN, ±Infinity or −0),
 * `"any"` for anything else (every entry's type checked). BigInt arrays hold no numbers: `"any"`.
 */
function columnKind(c: unknown): "int" | "uint" | "float" | "any" {
  const tag = typedTag.call(c);
  if (tag === undefined) return "any";
  if (UNSIGNED_ARRAYS.has(tag)) return "uint";
  if (INTEGER_ARRAYS.has(tag)) return "int";
  return tag === "Float64Array" || tag === "Float32Array" ? "float" : "any";
}

/**
 * The fast lane of {@link readRecords} for columns: ids that are strings starting with a printable
 * ASCII character (what {@link readCustomerId} keeps as they are) and values that pass their rule are
 * taken one column at a time into `cols` (`length(k)` entries: 0 for an optional column the input
 * lacks), with the general loop's `0` for −0 and `NaN` for an absent value under `"finiteOrAbsent"`.
 * A typed array's entries are numbers (no type check per value; an integer array's are integers, so
 * `"count"` and `"finite"` take it whole). With `readOnly`, a plain `Float64Array` ({@link plainFloat64}, not on a shared buffer)
 * whose values its rule takes as they are (no −0) is the column itself. The ids' hashes for
 * {@link duplicateIds} are made on the way. Returns `n` when every entry was taken, else 0 (also when
 * reading threw): the general loop then reads every row again and names the issues.
 */
function plainColumns(
  plain: NonNullable<RecordSource<unknown>["plain"]>,
  n: number,
  ids: string[],
  cols: (Float64Array | undefined)[],
  length: (k: number) => number,
  rules: readonly NumberRule[],
  readOnly: boolean,
  hashes: Int32Array | undefined,
): number {
  try {
    const given = plain.ids;
    // numbered by position (the general loop's ids), unless `ids` is left empty (numberIds: false)
    if (given === undefined) for (let i = 0; i < ids.length; i++) ids[i] = String(i);
    else if (hashes === undefined) return 0;
    else for (let i = 0; i < n; i++) {
      const x = given[i];
      if (typeof x !== "string") return 0;
      const c = x.charCodeAt(0);
      if (!(c > 32 && c < 127)) return 0;
      ids[i] = x;
      // hashed here, while the string is in the cache
      hashes[i] = hashString(x);
    }
    for (let k = 0; k < cols.length; k++) {
      const c = plain.values[k];
      const rule = rules[k];
      if (c === undefined) {
        // an optional column that is not there (columnSource lets only those through): empty
        if (rule !== "finiteOrAbsent" || length(k) !== 0) return 0;
        cols[k] = new Float64Array(0);
        continue;
      }
      const kind = columnKind(c);
      // a typed array's length now: a getter of an earlier column may have shrunk a resizable buffer
      if (kind !== "any" && typedLength.call(c) !== n) return 0;
      if (kind === "int" || kind === "uint") {
        const values = c as ArrayLike<number>;
        if (rule === "positive") {
          for (let i = 0; i < n; i++) if (!(values[i] > 0)) return 0;
        } else if (kind === "int" && rule !== "finite" && rule !== "finiteOrAbsent") {
          for (let i = 0; i < n; i++) if (!(values[i] >= 0)) return 0;
        }
        const out = new Float64Array(n);
        out.set(values as unknown as ArrayLike<number>);
        cols[k] = out;
      } else if (kind === "float") {
        const values = c as ArrayLike<number>;
        // as it is: every value taken and none of them −0
        if (readOnly && typedTag.call(c) === "Float64Array" && plainFloat64(c as Float64Array) && !onSharedBuffer(c) && floatAsIs(c as Float64Array, n, rule)) cols[k] = c as Float64Array;
        else {
          const out = new Float64Array(n);
          if (!floatColumn(values, n, out, rule)) return 0;
          cols[k] = out;
        }
      } else {
        const out = new Float64Array(n);
        if (!anyColumn(c as ArrayLike<unknown>, n, out, rule)) return 0;
        cols[k] = out;
      }
    }
    return n;
  } catch {
    return 0;
  }
}

const typedBuffer = Object.getOwnPropertyDescriptor(TYPED_ARRAY, "buffer")!.get as (this: unknown) => unknown;
const typedByteOffset = Object.getOwnPropertyDescriptor(TYPED_ARRAY, "byteOffset")!.get as (this: unknown) => number;
// ArrayBuffer's byteLength getter: it throws for a SharedArrayBuffer (and only then, for a typed array's buffer)
const bufferByteLength = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, "byteLength")!.get as (this: unknown) => number;

/** Whether a typed array lives on a `SharedArrayBuffer` (another thread may write it while it is read). */
function onSharedBuffer(c: unknown): boolean {
  try {
    bufferByteLength.call(typedBuffer.call(c));
    return false;
  } catch {
    return true;
  }
}

/**
 * Whether a Float64Array is a plain one: `Float64Array.prototype` its prototype, and no own `length`,
 * `buffer`, `byteOffset`, `byteLength` or symbol-keyed property (a subclass or an instance overriding
 * them would answer a caller reading it in place differently than the copy it gets otherwise).
 */
function plainFloat64(c: Float64Array): boolean {
  return (
    Object.getPrototypeOf(c) === Float64Array.prototype &&
    !Object.hasOwn(c, "length") &&
    !Object.hasOwn(c, "buffer") &&
    !Object.hasOwn(c, "byteOffset") &&
    !Object.hasOwn(c, "byteLength") &&
    Object.getOwnPropertySymbols(c).length === 0
  );
}

// whether doubles are stored low word first (then a double's sign and exponent are in its odd 32-bit word)
const LITTLE_ENDIAN = new Int32Array(Float64Array.of(-0).buffer)[1] === (0x80000000 | 0);

/**
 * Whether a Float64Array's values pass `rule` as they are, none of them −0 (then the column can be
 * read in place). Checked on the high 32-bit word of each double (sign and exponent; 0x7ff00000 and
 * above: ±Infinity and NaN) where the rule allows it; `false` sends the column to {@link floatColumn},
 * which copies it (−0 as 0) or names what it refuses.
 */
function floatAsIs(values: Float64Array, n: number, rule: NumberRule): boolean {
  if (!LITTLE_ENDIAN) return false;
  const words = new Int32Array(typedBuffer.call(values) as ArrayBuffer, typedByteOffset.call(values), 2 * n);
  if (rule === "nonNegative") {
    // sign clear (≥ +0, not −0) and finite
    for (let i = 1; i < 2 * n; i += 2) {
      const hi = words[i];
      if (!(hi >= 0 && hi < 0x7ff00000)) return false;
    }
  } else if (rule === "positive") {
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (!(v > 0 && v < Infinity)) return false;
    }
  } else if (rule === "count") {
    // sign clear (not −0) and a whole number below 2^31 (larger counts take the copying path)
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (!(words[2 * i + 1] >= 0 && (v | 0) === v)) return false;
    }
  } else {
    // finite and not −0 (high word 0x80000000 with a low word of 0)
    for (let i = 0; i < n; i++) {
      const hi = words[2 * i + 1];
      if ((hi & 0x7ff00000) === 0x7ff00000 || (hi === (0x80000000 | 0) && words[2 * i] === 0)) return false;
    }
  }
  return true;
}

/** A Float64Array's or Float32Array's values into `out` under `rule` (as the general loop), or false at the first one it refuses. */
function floatColumn(values: ArrayLike<number>, n: number, out: Float64Array, rule: NumberRule): boolean {
  if (rule === "finite" || rule === "finiteOrAbsent") {
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (!(v - v === 0)) return false;
      out[i] = v === 0 ? 0 : v;
    }
  } else if (rule === "nonNegative") {
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (!(v >= 0 && v < Infinity)) return false;
      out[i] = v === 0 ? 0 : v;
    }
  } else if (rule === "positive") {
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (!(v > 0 && v < Infinity)) return false;
      out[i] = v;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (!(v >= 0 && Number.isInteger(v))) return false;
      out[i] = v === 0 ? 0 : v;
    }
  }
  return true;
}

/** Any other column's entries into `out` under `rule` (as the general loop), or false at the first one it refuses. */
function anyColumn(c: ArrayLike<unknown>, n: number, out: Float64Array, rule: NumberRule): boolean {
  if (rule === "finite") {
    for (let i = 0; i < n; i++) {
      const v = c[i];
      if (typeof v !== "number" || !(v - v === 0)) return false;
      out[i] = v === 0 ? 0 : v;
    }
  } else if (rule === "finiteOrAbsent") {
    for (let i = 0; i < n; i++) {
      const v = c[i];
      if (typeof v === "number" && v - v === 0) out[i] = v === 0 ? 0 : v;
      else if (v === null || v === undefined) out[i] = Number.NaN;
      else return false;
    }
  } else if (rule === "nonNegative") {
    for (let i = 0; i < n; i++) {
      const v = c[i];
      if (typeof v !== "number" || !(v >= 0 && v < Infinity)) return false;
      out[i] = v === 0 ? 0 : v;
    }
  } else if (rule === "positive") {
    for (let i = 0; i < n; i++) {
      const v = c[i];
      if (typeof v !== "number" || !(v > 0 && v < Infinity)) return false;
      out[i] = v;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const v = c[i];
      if (typeof v !== "number" || !(v >= 0 && Number.isInteger(v))) return false;
      out[i] = v === 0 ? 0 : v;
    }
  }
  return true;
}
