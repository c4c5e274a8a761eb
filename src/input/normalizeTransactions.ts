import { AnalyticsInputError, describeValue, formatIssuePath, inputIssue, type InputIssue, type InputIssueCode, type IssuePath } from "../errors.js";
import {
  badLength,
  columnLength,
  CUSTOMER_ID_RULE,
  fieldLabel,
  fieldReader,
  firstRecord,
  isUnsafeIdNumber,
  missingFields,
  readCustomerId,
  readGuarded,
  recordArray,
  thrownMessage,
  unsafeIdMessage,
} from "./readRecords.js";
import { dateProblem, instantToEpochDay, isoDateFromDays, parseDateString } from "./dates.js";
import { ARROW_NULLS, arrowTransactionColumns, isArrowTable, type ArrowNulls } from "./arrow.js";
import { StringInterner } from "../internal/interner.js";
import { parseOptions } from "../options.js";
import { readTimeBasis, transactionReadOptionsSchema } from "./options.js";
import type {
  DictionaryIds,
  FieldAccessor,
  InputReport,
  TransactionColumns,
  TransactionFields,
  TransactionInput,
  TransactionReadMeta,
  TransactionReadOptions,
} from "./types.js";

/**
 * Transactions after reading and validation: dense integer customer codes (in order of first
 * appearance), epoch days, amounts and optional order codes, one entry per row kept.
 */
export interface NormalizedTransactions {
  /** Number of rows kept. */
  readonly length: number;
  /** Dense customer code per row: `customerIds[customer[i]]` is the id. */
  readonly customer: Int32Array;
  /** Customer ids by code, in order of first appearance among the kept rows. */
  readonly customerIds: string[];
  /** Calendar day of each row (days since 1970-01-01). */
  readonly day: Int32Array;
  /** Amount of each row. */
  readonly amount: Float64Array;
  /**
   * Order code per row (equal codes = same order id), or `null` when no order id is mapped. Text ids
   * get dense codes; for dictionary columns the code is the dictionary code.
   */
  readonly order: Int32Array | null;
  /** Order codes are below this: distinct text order ids, or the dictionary size (0 without orders). */
  readonly orderCount: number;
  /** Whether an order id was mapped (then `frequency` counts distinct orders). */
  readonly withOrders: boolean;
  /** The as-of date as an epoch day and ISO date. */
  readonly asOfDay: number;
  readonly asOf: string;
  readonly timeZone: string | undefined;
  /** How negative amounts were treated. */
  readonly refunds: "net" | "exclude" | "error";
  /** What reading the input did. */
  readonly input: InputReport;
}

const DEFAULT_FIELDS = { customerId: "customerId", date: "date", amount: "amount" } as const;
const NUMERIC_TEXT = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

class IssueSink {
  readonly issues: InputIssue[] = [];
  readonly byCode: Partial<Record<InputIssueCode, number>> = {};
  count = 0;
  /** Rows after `asOf` under `onInvalid` "skip" or "collect": they still fail the read. */
  readonly afterAsOf: InputIssue[] = [];
  afterAsOfCount = 0;
  /** The error this sink threw, told apart from anything the caller's code throws. */
  raised: AnalyticsInputError | null = null;
  constructor(
    private readonly fn: string,
    private readonly mode: "throw" | "skip" | "collect",
    private readonly max: number,
  ) {}
  add(path: IssuePath, code: InputIssueCode, what: string, customerId?: string): void {
    if (code === "date_after_as_of" && this.mode !== "throw") {
      // a wrong asOf or day/month order, not a bad row: never dropped by onInvalid
      this.afterAsOfCount++;
      if (this.afterAsOf.length < this.max) this.afterAsOf.push(inputIssue(code, path, what, customerId));
      return;
    }
    this.count++;
    this.byCode[code] = (this.byCode[code] ?? 0) + 1;
    if (this.mode !== "skip") this.issues.push(inputIssue(code, path, what, customerId));
    if (this.mode === "throw" && this.issues.length >= this.max) this.raise();
  }
  raise(): never {
    this.raised = new AnalyticsInputError(this.fn, this.issues);
    throw this.raised;
  }
}

function isColumns(input: unknown): input is TransactionColumns {
  return (
    typeof input === "object" &&
    input !== null &&
    !Array.isArray(input) &&
    typeof (input as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== "function" &&
    "customerId" in input
  );
}

function isDictionary(col: unknown): col is DictionaryIds {
  return typeof col === "object" && col !== null && "codes" in col && "dictionary" in col;
}

type Reader = (i: number) => unknown;

interface Readers {
  length: number;
  id: Reader;
  /** Dense pre-encoded ids for dictionary columns (code per row, dictionary), else null. */
  idDict: DictionaryIds | null;
  date: Reader;
  /** Epoch-day column, read without parsing. */
  dayColumn: Int32Array | null;
  amount: Reader;
  amountColumn: Float64Array | null;
  order: Reader | null;
  orderDict: DictionaryIds | null;
  /**
   * With the default mapping and no `orderId` in the first record: the row's own `orderId`, which must
   * then be absent (`inconsistent_fields`), else null.
   */
  orderProbe: Reader | null;
  /** Rows of an Arrow table's date and amount columns that are null (their values are placeholders). */
  nulls: ArrowNulls;
  path: (i: number, field: "customerId" | "date" | "amount" | "orderId") => IssuePath;
}

function recordReaders(fn: string, rows: readonly unknown[], n: number, fieldsOption: TransactionFields | undefined): Readers {
  const { first, at } = firstRecord(fn, "rows", rows, n);
  let fields: TransactionFields;
  let probeOrders = false;
  if (fieldsOption) fields = fieldsOption;
  else {
    fields = { ...DEFAULT_FIELDS };
    const hasOrder = first !== undefined && readGuarded(fn, "unreadable_field", ["rows", at, "orderId"], "checking the record for orderId", () => Object.hasOwn(first, "orderId"));
    if (hasOrder) fields.orderId = "orderId";
    else probeOrders = true;
  }
  if (first) {
    const wanted = (["customerId", "date", "amount", "orderId"] as const).flatMap((key) => (fields[key] === undefined ? [] : [[fields[key], key] as const]));
    const missing = missingFields(first, wanted, ["rows", at]);
    if (missing.length > 0) throw new AnalyticsInputError(fn, missing);
  }
  const reader = (f: FieldAccessor<any>): Reader => {
    const get = fieldReader(f);
    return (i) => get(rows[i], i);
  };
  const labels = {
    customerId: fieldLabel(fields.customerId, "customerId"),
    date: fieldLabel(fields.date, "date"),
    amount: fieldLabel(fields.amount, "amount"),
    orderId: fields.orderId === undefined ? "orderId" : fieldLabel(fields.orderId, "orderId"),
  };
  return {
    length: n,
    id: reader(fields.customerId),
    idDict: null,
    date: reader(fields.date),
    dayColumn: null,
    amount: reader(fields.amount),
    amountColumn: null,
    order: fields.orderId === undefined ? null : reader(fields.orderId),
    orderDict: null,
    // own properties only, as the first record was checked: a class's prototype getter is no order id here
    orderProbe: probeOrders ? (i) => (Object.hasOwn(rows[i] as object, "orderId") ? (rows[i] as { orderId?: unknown }).orderId : undefined) : null,
    nulls: {},
    path: (i, field) => ["rows", i, labels[field]],
  };
}

const COLUMN_NAMES = ["customerId", "date", "amount", "orderId"] as const;
type ColumnName = (typeof COLUMN_NAMES)[number];

/**
 * Reads the columns object once, safely: each column (and a dictionary's `codes` and `dictionary`) must
 * be an array-like with a whole-number length; a getter or Proxy trap that throws is `unreadable_field`.
 */
function columnReaders(fn: string, input: TransactionColumns): Readers {
  const guard = <T>(path: IssuePath, what: string, read: () => T): T => readGuarded(fn, "unreadable_field", path, what, read);
  const cols: Partial<Record<ColumnName, unknown>> = {};
  const dicts: Partial<Record<ColumnName, DictionaryIds>> = {};
  const lengths: Partial<Record<ColumnName, number>> = {};
  const missing: InputIssue[] = [];
  const badLengths: InputIssue[] = [];
  // an array-like's length, or an issue: absent or not an object is missing, a length that is not a count is not a length
  const arrayLength = (path: IssuePath, value: unknown): number | undefined => {
    const length = columnLength(fn, path, value);
    if (typeof length === "number") return length;
    (length.code === "length_mismatch" ? badLengths : missing).push(length);
    return undefined;
  };
  for (const name of COLUMN_NAMES) {
    const c = guard(["columns", name], `reading columns.${name}`, () => input[name]);
    if (c === undefined && name === "orderId") continue;
    cols[name] = c;
    const dictionary = (name === "customerId" || name === "orderId") && guard(["columns", name], `reading columns.${name}`, () => isDictionary(c));
    if (dictionary) {
      const d = c as DictionaryIds;
      const codes = guard(["columns", name, "codes"], `reading columns.${name}.codes`, () => d.codes);
      const entries = guard(["columns", name, "dictionary"], `reading columns.${name}.dictionary`, () => d.dictionary);
      const length = arrayLength(["columns", name, "codes"], codes);
      if (arrayLength(["columns", name, "dictionary"], entries) !== undefined && length !== undefined) {
        dicts[name] = { codes, dictionary: entries };
        lengths[name] = length;
      }
    } else {
      const length = arrayLength(["columns", name], c);
      if (length !== undefined) lengths[name] = length;
    }
  }
  if (missing.length > 0 || badLengths.length > 0) throw new AnalyticsInputError(fn, [...missing, ...badLengths]);
  const length = lengths.customerId as number;
  const mismatched: InputIssue[] = [];
  for (const name of COLUMN_NAMES) {
    const l = lengths[name];
    if (l !== undefined && l !== length) {
      mismatched.push(inputIssue("length_mismatch", ["columns", name], `has ${l} entries, columns.customerId has ${length}`));
    }
  }
  if (mismatched.length > 0) throw new AnalyticsInputError(fn, mismatched);
  const plain = (c: unknown): Reader => {
    const a = c as ArrayLike<unknown>;
    return (i) => a[i];
  };
  const dayColumn = guard(["columns", "date"], "reading columns.date", () => (cols.date instanceof Int32Array ? cols.date : null));
  const amountColumn = guard(["columns", "amount"], "reading columns.amount", () => (cols.amount instanceof Float64Array ? cols.amount : null));
  return {
    length,
    id: dicts.customerId ? () => undefined : plain(cols.customerId),
    idDict: dicts.customerId ?? null,
    date: plain(cols.date),
    dayColumn,
    amount: plain(cols.amount),
    amountColumn,
    order: cols.orderId === undefined ? null : dicts.orderId ? () => undefined : plain(cols.orderId),
    orderDict: dicts.orderId ?? null,
    orderProbe: null,
    nulls: (input as { [ARROW_NULLS]?: ArrowNulls })[ARROW_NULLS] ?? {},
    path: (i, field) => ["columns", field, i],
  };
}

/** A text id in the chosen normal form. */
function normalized(id: string, form: "NFC" | "NFD" | undefined): string {
  return form === undefined ? id : id.normalize(form);
}

/** {@link DictionaryInterner.check} for a code that is not an index into the dictionary. */
const BAD_CODE = -1;
/** {@link DictionaryInterner.check} for a dictionary entry that is not an id. */
const BAD_ENTRY = -2;
/** {@link DictionaryInterner.check} for a dictionary entry that is a number beyond ±2^53. */
const UNSAFE_ENTRY = -4;

/**
 * Customer ids given as a dictionary: each row's code is validated and its entry read once, on first
 * use; the entry is interned only when a row is kept, so dropped rows add no customers and duplicate
 * entries merge into one customer.
 */
class DictionaryInterner {
  // -1 unchecked, -2 checked and valid but not interned yet, -3 bad entry, -4 unsafe entry, >= 0 dense code
  private readonly remap: Int32Array;
  private readonly text: (string | undefined)[];
  constructor(
    private readonly dict: DictionaryIds,
    private readonly intern: (id: string) => number,
    private readonly form: "NFC" | "NFD" | undefined,
  ) {
    this.remap = new Int32Array(dict.dictionary.length).fill(-1);
    this.text = new Array<string | undefined>(this.remap.length);
  }
  /** The row's dictionary code, or {@link BAD_CODE}, {@link BAD_ENTRY}, {@link UNSAFE_ENTRY}. */
  check(i: number): number {
    const c = this.dict.codes[i];
    if (!(Number.isInteger(c) && c >= 0 && c < this.remap.length)) return BAD_CODE;
    let state = this.remap[c];
    if (state === -1) {
      const raw = this.dict.dictionary[c];
      const id = readCustomerId(raw);
      if (id === undefined) state = -3;
      else if (isUnsafeIdNumber(raw)) state = -4;
      else {
        this.text[c] = normalized(id, this.form);
        state = -2;
      }
      this.remap[c] = state;
    }
    return state === -3 ? BAD_ENTRY : state === -4 ? UNSAFE_ENTRY : c;
  }
  /** The id text of a checked, valid dictionary code. */
  id(c: number): string {
    return this.text[c] as string;
  }
  /** Dense customer code of a checked dictionary code. */
  dense(c: number): number {
    const known = this.remap[c];
    if (known >= 0) return known;
    const dense = this.intern(this.text[c] as string);
    this.remap[c] = dense;
    return dense;
  }
  rawCode(i: number): unknown {
    const c = this.dict.codes[i];
    return Number.isInteger(c) && c >= 0 && c < this.remap.length ? this.dict.dictionary[c] : c;
  }
}

/**
 * Order ids given as a dictionary: the dictionary code is the order's identity (no text is hashed);
 * entries are validated once, in one sequential pass. Dictionary entries are taken as distinct values,
 * as in Arrow dictionaries and pandas categoricals; with `normalizeIds`, entries equal once normalised
 * share the first one's code.
 */
class OrderDictionary {
  /** 1 for a valid entry; checked in one sequential pass (cheaper than on first use, at random). */
  private readonly valid: Uint8Array;
  /** With `normalizeIds`: the code each entry stands for, else null. */
  private readonly same: Int32Array | null;
  constructor(
    fn: string,
    private readonly dict: DictionaryIds,
    form: "NFC" | "NFD" | undefined,
  ) {
    const entries = dict.dictionary;
    const n = entries.length;
    this.valid = new Uint8Array(n);
    this.same = form === undefined ? null : new Int32Array(n);
    const firstOf = new Map<string, number>();
    for (let c = 0; c < n; c++) {
      const raw = readGuarded(fn, "unreadable_field", ["columns", "orderId", "dictionary", c], "reading the entry", () => entries[c]);
      const id = readCustomerId(raw);
      if (id === undefined || isUnsafeIdNumber(raw)) continue;
      this.valid[c] = 1;
      if (this.same) {
        const text = normalized(id, form);
        const known = firstOf.get(text);
        if (known === undefined) firstOf.set(text, c);
        this.same[c] = known ?? c;
      }
    }
  }
  /** The order's code, or -1 for a bad code or dictionary entry. */
  code(i: number): number {
    const c = this.dict.codes[i];
    if (!(Number.isInteger(c) && c >= 0 && c < this.valid.length && this.valid[c] === 1)) return -1;
    return this.same === null ? c : this.same[c];
  }
  rawCode(i: number): unknown {
    const c = this.dict.codes[i];
    return Number.isInteger(c) && c >= 0 && c < this.valid.length ? this.dict.dictionary[c] : c;
  }
}

/**
 * Reads transactions (records with a field mapping, or columns) into validated, dictionary-encoded
 * columns. Every analysis that starts from transactions goes through this one pass.
 *
 * - Customer ids: non-empty strings or finite numbers within ±2^53 (numbers become their decimal text);
 *   `normalizeIds` puts text ids in one Unicode form first.
 * - Dates: ISO date or date-time strings, `Date`s, epoch milliseconds, or an `Int32Array` column of
 *   epoch days; instants become calendar days in `timeZone` (UTC when omitted), fractions of a
 *   millisecond cut. Dates outside 1900-01-01 .. 2199-12-31 (or `dateRange`) are `implausible_date`.
 * - Amounts: finite numbers; numeric text only with `numericStrings: "parse"`.
 * - Rows after `asOf` are errors under every `onInvalid` unless `afterAsOf: "ignore"`; negative
 *   amounts follow `refunds`.
 * - Whatever the caller's objects throw (accessors, getters, `Proxy` traps) becomes an issue naming the
 *   row, never the raw error.
 *
 * @param input - Records (any iterable) or {@link TransactionColumns}.
 * @param options - See {@link TransactionReadOptions}; `asOf` is required.
 * @returns The normalised columns and an {@link InputReport} of what was read and dropped.
 * @throws {AnalyticsInputError} On bad data (`empty_input`, `missing_field`, `missing_customer_id`,
 *   `unsafe_customer_id`, `invalid_date`, `implausible_date`, `date_after_as_of`, `invalid_amount`,
 *   `numeric_string`, `negative_amount`, `invalid_order_id`, `inconsistent_fields`, `invalid_as_of`,
 *   `invalid_row`, `length_mismatch`, `unreadable_field`), each issue naming row and field.
 * @throws {TypeError | RangeError} On bad options, message prefixed with the function name.
 *
 * @example
 * const t = normalizeTransactions(
 *   [{ customerId: "a", date: "2024-01-05", amount: 10 }, { customerId: "b", date: "2024-01-06", amount: 4 }],
 *   { asOf: "2024-01-31" },
 * );
 * t.customerIds; //=> ["a", "b"]
 * Array.from(t.day); //=> [19727, 19728]
 */
export function normalizeTransactions<Row = any>(input: TransactionInput<Row>, options: TransactionReadOptions<Row>): NormalizedTransactions {
  const fn = "normalizeTransactions";
  const opts = parseOptions(fn, transactionReadOptionsSchema, options ?? {}) as TransactionReadOptions<Row>;
  let customer = new Int32Array(0);
  let day = new Int32Array(0);
  let amount = new Float64Array(0);
  let order: Int32Array | null = null;
  let k = 0;
  const read = readTransactions(input, opts, fn, (n, withOrders) => {
    customer = new Int32Array(n);
    day = new Int32Array(n);
    amount = new Float64Array(n);
    order = withOrders ? new Int32Array(n) : null;
    return (c, d, o, a) => {
      customer[k] = c;
      day[k] = d;
      amount[k] = a[0];
      if (order) order[k] = o;
      k++;
    };
  });
  const { length } = read;
  return {
    ...read,
    customer: customer.subarray(0, length),
    day: day.subarray(0, length),
    amount: amount.subarray(0, length),
    order: order === null ? null : (order as Int32Array).subarray(0, length),
  };
}

/**
 * Receives each kept row: dense customer code, epoch day, order code (-1 without orders) and the
 * amount in `amount[0]` (a one-element Float64Array: passing the double itself to a call V8 does not
 * inline would allocate a heap number per row).
 */
export type RowEmitter = (customer: number, day: number, order: number, amount: Float64Array) => void;

/** What {@link readTransactions} found, besides the rows it emitted. */
export type ReadResult = Omit<NormalizedTransactions, "customer" | "day" | "amount" | "order">;

/**
 * The reading and validation pass behind every transaction function, for options already validated
 * by the caller. Kept rows go to the emitter made by `start(rowCount, withOrders)`, in input order,
 * so callers aggregate on the fly (`summarizeTransactions`) or store the rows (`normalizeTransactions`).
 */
export function readTransactions<Row = any>(
  input: TransactionInput<Row>,
  opts: TransactionReadOptions<Row>,
  fn: string,
  start: (rowCount: number, withOrders: boolean) => RowEmitter,
): ReadResult {
  const { conv, bounds, asOfDay, asOfIso } = readTimeBasis(fn, opts.asOf, opts.timeZone, opts.dateRange);
  const refunds = opts.refunds ?? "net";
  const afterAsOf = opts.afterAsOf ?? "error";
  const mode = opts.onInvalid ?? "throw";
  const parseText = opts.numericStrings === "parse";
  const form = opts.normalizeIds;
  const sink = new IssueSink(fn, mode, opts.maxIssues ?? 20);

  let readers: Readers;
  let rows: readonly unknown[] | null = null;
  const kind = readGuarded(fn, "invalid_row", ["input"], "reading the input", () =>
    isArrowTable(input) ? "arrow" : isColumns(input) ? "columns" : input !== null && typeof input === "object" && typeof (input as Iterable<Row>)[Symbol.iterator] === "function" ? "rows" : "other",
  );
  if (kind === "arrow") {
    // an Arrow table: its columns, named by the field mapping (names only), become plain columns
    const f = (opts.fields ?? {}) as Partial<TransactionFields>;
    const name = (key: keyof TransactionFields, fallback: string | undefined): string | undefined => {
      const v = f[key];
      if (v === undefined) return fallback;
      if (typeof v !== "string") throw new TypeError(`${fn}: with an Arrow table, each field is a column name; ${key} is an accessor (accessors are for records)`);
      return v;
    };
    const names = {
      customerId: name("customerId", "customerId") as string,
      date: name("date", "date") as string,
      amount: name("amount", "amount") as string,
      orderId: name("orderId", opts.fields === undefined && (input as unknown as { schema: { fields: { name: string }[] } }).schema.fields.some((c) => c.name === "orderId") ? "orderId" : undefined),
    };
    const table = input as unknown as Parameters<typeof arrowTransactionColumns>[1];
    readers = columnReaders(fn, readGuarded(fn, "unreadable_field", ["input"], "reading the Arrow table", () => arrowTransactionColumns(fn, table, names, conv)));
    readers.path = (i, field) => ["columns", names[field] ?? field, i];
  } else if (kind === "columns") {
    readers = columnReaders(fn, input as TransactionColumns);
  } else if (kind === "rows") {
    rows = recordArray(fn, "rows", input as Iterable<Row>);
    const count = rows.length; // checked by recordArray; read once
    readers = recordReaders(fn, rows, count, opts.fields as TransactionFields | undefined);
  } else {
    throw new TypeError(`${fn}: input must be an iterable of records or an object of columns, got ${describeValue(input)}`);
  }
  const n = readers.length;
  if (n === 0) {
    throw new AnalyticsInputError(fn, [inputIssue("empty_input", ["input"], "no transactions (0 rows)")]);
  }

  const { dayColumn, amountColumn, orderProbe } = readers;
  const minDay = bounds.from;
  const maxDay = bounds.to;
  const emit = start(n, readers.order !== null || readers.orderDict !== null);
  const amountSlot = new Float64Array(1);
  // Sized for typical logs (about 8 rows per customer, 2 per order); they grow beyond that.
  const customerTable = new StringInterner(Math.min(n >> 3, 1 << 21));
  const internCustomer = (id: string): number => customerTable.intern(id);
  const orderTable = new StringInterner(readers.order ? Math.min(n >> 1, 1 << 23) : 16);
  const idDict = readers.idDict
    ? readGuarded(fn, "unreadable_field", ["columns", "customerId", "dictionary"], "reading columns.customerId.dictionary", () => new DictionaryInterner(readers.idDict!, internCustomer, form))
    : null;
  const orderDict = readers.orderDict
    ? readGuarded(fn, "unreadable_field", ["columns", "orderId", "dictionary"], "reading columns.orderId.dictionary", () => new OrderDictionary(fn, readers.orderDict!, form))
    : null;
  let orderCount = orderDict ? readers.orderDict!.dictionary.length : 0;
  let kept = 0;
  // rows, not issues: a row with three problems is one row left out
  let invalidRows = 0;
  let ignoredAfterAsOf = 0;
  let excludedRefunds = 0;

  // The loop body reads the row's fields; a throwing accessor, getter or Proxy trap leaves it, is reported
  // for that row (`unreadable_field`, or `invalid_row` when the row itself could not be read) and the loop
  // resumes at the next row: no try/catch per row.
  let i = 0;
  let reading: "row" | "customerId" | "date" | "amount" | "orderId" | null = null;
  let idString: string | undefined;
  while (i < n) {
    try {
      for (; i < n; i++) {
        idString = undefined;
        if (rows !== null) {
          reading = "row";
          const row = rows[i];
          if (typeof row !== "object" || row === null) {
            reading = null;
            sink.add(["rows", i], "invalid_row", `expected a record (object), got ${describeValue(row)}`);
            invalidRows++;
            continue;
          }
        }
        // Customer ids are interned only once the whole row is known to be good, so dropped rows add no customers.
        let bad = false;

        // customer id
        reading = "customerId";
        let dictCode = -3;
        if (idDict) {
          dictCode = idDict.check(i);
          if (dictCode < 0) {
            bad = true;
            const raw = idDict.rawCode(i);
            if (dictCode === UNSAFE_ENTRY) sink.add(readers.path(i, "customerId"), "unsafe_customer_id", unsafeIdMessage(raw as number));
            else {
              sink.add(
                readers.path(i, "customerId"),
                "missing_customer_id",
                dictCode === BAD_CODE
                  ? `expected a code into the id dictionary, got ${describeValue(raw)}`
                  : `dictionary entry ${describeValue(raw)} is not a valid customer id (non-empty string or finite number)`,
              );
            }
          } else idString = idDict.id(dictCode);
        } else {
          const raw = readers.id(i);
          const id = readCustomerId(raw);
          if (id === undefined) {
            bad = true;
            sink.add(readers.path(i, "customerId"), "missing_customer_id", `expected ${CUSTOMER_ID_RULE}, got ${describeValue(raw)}`);
          } else if (typeof raw === "number" && isUnsafeIdNumber(raw)) {
            bad = true;
            sink.add(readers.path(i, "customerId"), "unsafe_customer_id", unsafeIdMessage(raw));
          } else idString = form === undefined ? id : id.normalize(form);
        }

        // date: in the bounds (a plausible calendar day), then not after asOf
        reading = "date";
        let d: number;
        if (dayColumn) {
          d = dayColumn[i];
          if (d < minDay || d > maxDay) {
            bad = true;
            const problem = readers.nulls.date?.[i] === 1 ? dateProblem(null, Number.NaN, bounds, "ms") : dateProblem(d, d, bounds, "days");
            sink.add(readers.path(i, "date"), problem.code, problem.message, idString);
          }
        } else {
          const raw = readers.date(i);
          d = typeof raw === "string" ? parseDateString(raw, conv) : instantToEpochDay(raw, conv, bounds);
          if (!(d >= minDay && d <= maxDay)) {
            bad = true;
            const problem = dateProblem(raw, d, bounds, "ms");
            sink.add(readers.path(i, "date"), problem.code, problem.message, idString);
          }
        }
        let afterAsOfRow = false;
        // checked whatever else is wrong with the row: rows after asOf are never dropped as merely bad
        if (d > asOfDay && d <= maxDay) {
          if (afterAsOf === "ignore") afterAsOfRow = true;
          else {
            bad = true;
            sink.add(
              readers.path(i, "date"),
              "date_after_as_of",
              `date ${isoDateFromDays(d)} is after asOf ${asOfIso} (check day/month order and asOf; afterAsOf: "ignore" leaves such rows out, onInvalid does not)`,
              idString,
            );
          }
        }

        // amount
        reading = "amount";
        let a: number;
        if (amountColumn) {
          a = amountColumn[i];
          if (!Number.isFinite(a)) {
            bad = true;
            sink.add(readers.path(i, "amount"), "invalid_amount", `expected a finite number, got ${describeValue(readers.nulls.amount?.[i] === 1 ? null : a)}`, idString);
          }
        } else {
          const raw = readers.amount(i);
          if (typeof raw === "number") {
            a = raw;
            if (!Number.isFinite(a)) {
              bad = true;
              sink.add(readers.path(i, "amount"), "invalid_amount", `expected a finite number, got ${describeValue(raw)}`, idString);
            }
          } else if (typeof raw === "string" && NUMERIC_TEXT.test(raw)) {
            a = Number(raw);
            if (!parseText) {
              bad = true;
              sink.add(
                readers.path(i, "amount"),
                "numeric_string",
                `expected a number, got the text ${describeValue(raw)} (numericStrings: "parse" accepts plain decimal text)`,
                idString,
              );
            } else if (!Number.isFinite(a)) {
              bad = true;
              sink.add(readers.path(i, "amount"), "invalid_amount", `expected a finite number, got the text ${describeValue(raw)}, which is not a finite number (beyond ±1.8e308)`, idString);
            }
          } else {
            a = Number.NaN;
            bad = true;
            sink.add(readers.path(i, "amount"), "invalid_amount", `expected a finite number, got ${describeValue(raw)}`, idString);
          }
        }
        let refundRow = false;
        if (!bad && a < 0) {
          if (refunds === "error") {
            bad = true;
            sink.add(readers.path(i, "amount"), "negative_amount", `negative amount ${a} (refunds: "error"; use "net" or "exclude" to accept refunds)`, idString);
          } else if (refunds === "exclude") refundRow = true;
        }

        // order id
        reading = "orderId";
        let o = -1;
        if (orderDict) {
          o = orderDict.code(i);
          if (o < 0) {
            bad = true;
            const raw = orderDict.rawCode(i);
            sink.add(
              readers.path(i, "orderId"),
              "invalid_order_id",
              isUnsafeIdNumber(raw) ? unsafeIdMessage(raw as number, "order id") : `expected a non-empty order id (string or finite number), got ${describeValue(raw)}`,
              idString,
            );
          }
        } else if (readers.order) {
          const raw = readers.order(i);
          const text = readCustomerId(raw);
          if (text === undefined) {
            bad = true;
            sink.add(readers.path(i, "orderId"), "invalid_order_id", `expected a non-empty order id (string or finite number), got ${describeValue(raw)}`, idString);
          } else if (typeof raw === "number" && isUnsafeIdNumber(raw)) {
            bad = true;
            sink.add(readers.path(i, "orderId"), "invalid_order_id", unsafeIdMessage(raw, "order id"), idString);
          } else if (!bad && !afterAsOfRow && !refundRow) {
            o = orderTable.intern(form === undefined ? text : text.normalize(form));
          }
        } else if (orderProbe) {
          const raw = orderProbe(i);
          if (raw !== undefined && raw !== null) {
            bad = true;
            sink.add(
              readers.path(i, "orderId"),
              "inconsistent_fields",
              "has an orderId, but the first record has none, so order ids are not read and frequency would count rows: give fields explicitly, with orderId to count orders or without it to ignore them",
              idString,
            );
          }
        }

        reading = null;
        if (bad) {
          invalidRows++;
          continue;
        }
        if (afterAsOfRow) {
          ignoredAfterAsOf++;
          continue;
        }
        if (refundRow) {
          excludedRefunds++;
          continue;
        }
        amountSlot[0] = a === 0 ? 0 : a;
        emit(idDict ? idDict.dense(dictCode) : internCustomer(idString as string), d, o, amountSlot);
        kept++;
      }
    } catch (error) {
      // only what the caller's objects threw while being read is their data; anything else propagates
      if (reading === null || error === sink.raised) throw error;
      const why = thrownMessage(error);
      if (reading === "row") sink.add(["rows", i], "invalid_row", `reading the record threw: ${why}`);
      else sink.add(readers.path(i, reading), "unreadable_field", `reading the field threw: ${why}`, reading === "customerId" ? undefined : idString);
      invalidRows++;
      i++;
    }
  }
  if (!orderDict) orderCount = orderTable.size;

  if (sink.afterAsOfCount > 0) throw new AnalyticsInputError(fn, sink.afterAsOf, sink.afterAsOfCount);
  if (sink.count > 0 && mode === "throw") sink.raise();
  if (kept === 0) {
    const why = [
      invalidRows > 0 ? `${invalidRows} invalid` : "",
      ignoredAfterAsOf > 0 ? `${ignoredAfterAsOf} after asOf` : "",
      excludedRefunds > 0 ? `${excludedRefunds} refunds excluded` : "",
    ]
      .filter(Boolean)
      .join(", ");
    throw new AnalyticsInputError(fn, [
      inputIssue("empty_input", ["input"], `no usable transactions: all ${n} rows were left out (${why})`),
    ]);
  }

  const report: InputReport = {
    rowsRead: n,
    rowsUsed: kept,
    invalidRows,
    invalidByCode: sink.byCode,
    ignoredAfterAsOf,
    excludedRefunds,
  };
  if (mode === "collect") report.issues = sink.issues;
  return {
    length: kept,
    customerIds: customerTable.keys,
    orderCount,
    withOrders: readers.order !== null || readers.orderDict !== null,
    asOfDay,
    asOf: asOfIso,
    timeZone: conv.timeZone,
    refunds,
    input: report,
  };
}


/** The {@link TransactionReadMeta} of a read, for a result's `meta`. */
export function transactionReadMeta(read: ReadResult): TransactionReadMeta {
  return { asOf: read.asOf, timeZone: read.timeZone ?? null, refunds: read.refunds, input: read.input };
}
