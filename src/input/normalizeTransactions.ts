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
import { hashString, isDistinct, OwnCodes, StringInterner } from "../internal/interner.js";
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

/** Rows per window of {@link TransactionReader.textRun}. */
const TEXT_WINDOW = 1024;
/** Records per window of {@link RecordWindow}. */
const RECORD_WINDOW = 1024;

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
  /** A plain array of ids (`Array.isArray`) given as the customer id column, else null. */
  idArray: readonly unknown[] | null;
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
  /** The path of a field of row `i`, `i` counted over the whole input (every batch before this one included). */
  path: (i: number, field: "customerId" | "date" | "amount" | "orderId") => IssuePath;
  /**
   * Records whose fields are all plain keys (no accessor, no name every object inherits): the keys, read
   * straight off the row in the loop (no call per field, no boxed number per amount); else null.
   */
  keys: { customerId: string; date: string; amount: string; orderId: string | null } | null;
}

/** A field mapping that is a plain key, read as `row[key]` (names every object inherits need `Object.hasOwn`). */
const plainKey = (f: FieldAccessor<any> | undefined): f is string => typeof f === "string" && !(f in Object.prototype);

/** The field mapping of records, decided on the first record of the whole input. */
interface RecordFields {
  fields: TransactionFields;
  /** Default mapping without `orderId` in the first record: later records must not have one either. */
  probeOrders: boolean;
}

/** The mapping of records whose first record (row `at` of the whole input) is `first`; checks it has the fields. */
function recordFields(fn: string, first: object, at: number, fieldsOption: TransactionFields | undefined): RecordFields {
  let fields: TransactionFields;
  let probeOrders = false;
  if (fieldsOption) fields = fieldsOption;
  else {
    fields = { ...DEFAULT_FIELDS };
    const hasOrder = readGuarded(fn, "unreadable_field", ["rows", at, "orderId"], "checking the record for orderId", () => Object.hasOwn(first, "orderId"));
    if (hasOrder) fields.orderId = "orderId";
    else probeOrders = true;
  }
  const wanted = (["customerId", "date", "amount", "orderId"] as const).flatMap((key) => (fields[key] === undefined ? [] : [[fields[key], key] as const]));
  const missing = missingFields(first, wanted, ["rows", at]);
  if (missing.length > 0) throw new AnalyticsInputError(fn, missing);
  return { fields, probeOrders };
}

/** Readers of a batch of records; `offset` is the number of rows before it (accessors get the row's index in the whole input). */
function recordReaders(rows: readonly unknown[], n: number, mapping: RecordFields, offset: number): Readers {
  const { fields, probeOrders } = mapping;
  const reader = (f: FieldAccessor<any>): Reader => {
    const get = fieldReader(f);
    return offset === 0 ? (i) => get(rows[i], i) : (i) => get(rows[i], offset + i);
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
    idArray: null,
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
    keys:
      plainKey(fields.customerId) && plainKey(fields.date) && plainKey(fields.amount) && (fields.orderId === undefined || plainKey(fields.orderId))
        ? { customerId: fields.customerId, date: fields.date, amount: fields.amount, orderId: fields.orderId ?? null }
        : null,
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
    idArray: dicts.customerId === undefined && guard(["columns", "customerId"], "reading columns.customerId", () => Array.isArray(cols.customerId)) ? (cols.customerId as unknown[]) : null,
    date: plain(cols.date),
    dayColumn,
    amount: plain(cols.amount),
    amountColumn,
    order: cols.orderId === undefined ? null : dicts.orderId ? () => undefined : plain(cols.orderId),
    orderDict: dicts.orderId ?? null,
    orderProbe: null,
    nulls: (input as { [ARROW_NULLS]?: ArrowNulls })[ARROW_NULLS] ?? {},
    path: (i, field) => ["columns", field, i],
    keys: null,
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

/** A copy of `a` with room for `atLeast` entries (doubling), the new tail filled with `fill`. */
function grown(a: Int32Array, atLeast: number, fill: number): Int32Array {
  let size = Math.max(16, a.length * 2);
  while (size < atLeast) size *= 2;
  const b = new Int32Array(size);
  b.set(a);
  if (fill !== 0) b.fill(fill, a.length);
  return b;
}

/**
 * Customer ids given as a dictionary: each row's code is validated and its entry read once, on first
 * use; the entry is interned only when a row is kept, so dropped rows add no customers and duplicate
 * entries merge into one customer. Batches that pass the same dictionary array (grown by appending
 * entries) keep this state: entries already read are not read again.
 */
class DictionaryInterner {
  // -1 unchecked, -2 checked and valid but not interned yet, -3 bad entry, -4 unsafe entry, >= 0 dense code
  remap: Int32Array;
  /**
   * The text of the entry checked last while it is not interned yet (its row is usually kept at once);
   * entries checked but left so (their rows dropped) wait in `parked`. No array of texts by code: an
   * interned entry's text is the customer's id.
   */
  private pendingCode = -1;
  private pendingText = "";
  private parked: Map<number, string> | null = null;
  /** Dictionary entries in use (the dictionary's length at the last batch). */
  size: number;
  codes: ArrayLike<number>;
  constructor(
    readonly entries: readonly (string | number)[],
    codes: ArrayLike<number>,
    private readonly intern: (id: string) => number,
    /** The id of a dense customer code. */
    private readonly idOf: (dense: number) => string,
    private readonly form: "NFC" | "NFD" | undefined,
  ) {
    this.size = entries.length;
    this.remap = new Int32Array(this.size).fill(-1);
    this.codes = codes;
  }
  /** The next batch, with the same dictionary array, maybe grown: only its new entries are new here. */
  reuse(codes: ArrayLike<number>): void {
    this.codes = codes;
    const size = this.entries.length;
    if (size > this.remap.length) this.remap = grown(this.remap, size, -1);
    this.size = size;
  }
  /** The row's dictionary code, or {@link BAD_CODE}, {@link BAD_ENTRY}, {@link UNSAFE_ENTRY}. */
  check(i: number): number {
    const c = this.codes[i];
    if (!(Number.isInteger(c) && c >= 0 && c < this.size)) return BAD_CODE;
    let state = this.remap[c];
    if (state === -1) {
      const raw = this.entries[c];
      const id = readCustomerId(raw);
      if (id === undefined) state = -3;
      else if (isUnsafeIdNumber(raw)) state = -4;
      else {
        const last = this.pendingCode;
        if (last >= 0 && this.remap[last] === -2) (this.parked ??= new Map()).set(last, this.pendingText);
        this.pendingCode = c;
        this.pendingText = normalized(id, this.form);
        state = -2;
      }
      this.remap[c] = state;
    }
    return state === -3 ? BAD_ENTRY : state === -4 ? UNSAFE_ENTRY : c;
  }
  /** The id text of a checked, valid dictionary code. */
  id(c: number): string {
    const known = this.remap[c];
    if (known >= 0) return this.idOf(known);
    return c === this.pendingCode ? this.pendingText : (this.parked?.get(c) as string);
  }
  /** Dense customer code of a checked dictionary code. */
  dense(c: number): number {
    const known = this.remap[c];
    if (known >= 0) return known;
    let text: string;
    if (c === this.pendingCode) text = this.pendingText;
    else {
      text = (this.parked as Map<number, string>).get(c) as string;
      this.parked!.delete(c);
    }
    const dense = this.intern(text);
    this.remap[c] = dense;
    return dense;
  }
  rawCode(i: number): unknown {
    const c = this.codes[i];
    return Number.isInteger(c) && c >= 0 && c < this.size ? this.entries[c] : c;
  }
}

/**
 * Order ids given as a dictionary: the dictionary code is the order's identity (no text is hashed);
 * entries are validated once, in one sequential pass. Dictionary entries are taken as distinct values,
 * as in Arrow dictionaries and pandas categoricals; with `normalizeIds`, entries equal once normalised
 * share the first one's code. When order ids also come from another dictionary or as text (in other
 * batches), ids are matched by text across them: see {@link OrderCodes}. An {@link OwnCodes} dictionary
 * has no entries to read: every code below its length is a valid order, its text the code's digits (as
 * the numbers `[0, 1, ...]` would be), and no per-entry state is kept.
 */
class OrderDictionary {
  /**
   * 1 for an entry that is no id, null while every entry is one (the usual case: no byte per order);
   * entries are checked in one sequential pass (cheaper than on first use, at random). Null for {@link OwnCodes}.
   */
  invalid: Uint8Array | null = null;
  /** Whether the entries are {@link OwnCodes}: every code below `size` is a valid order. */
  readonly own: boolean;
  /** The order code of each entry, or null when it is the entry's own code. */
  map: Int32Array | null = null;
  /** With `normalizeIds`, while codes are the dictionary's own: the first code of each normalised text. */
  private firstOf: Map<string, number> | null = null;
  /** Entries validated (the dictionary's length at the last batch). */
  size = 0;
  codes: ArrayLike<number>;
  constructor(
    private readonly fn: string,
    readonly entries: readonly (string | number)[],
    codes: ArrayLike<number>,
    private readonly form: "NFC" | "NFD" | undefined,
    /** Null: the dictionary's own codes are the order codes; else the order code of an id's text. */
    private ofText: ((text: string) => number) | null,
  ) {
    this.codes = codes;
    this.own = entries instanceof OwnCodes;
    // own codes are numbers, distinct in every normal form: no map of first codes
    if (form !== undefined && ofText === null && !this.own) this.firstOf = new Map();
    this.extend();
  }
  /** The next batch, with the same dictionary array, maybe grown: only its new entries are read. */
  reuse(codes: ArrayLike<number>): void {
    this.codes = codes;
    this.extend();
  }
  /** The text of entry `c` (normal form applied), or undefined for an entry that is no id. */
  text(c: number): string | undefined {
    if (this.own) return normalized(String(c), this.form);
    const raw = readGuarded(this.fn, "unreadable_field", ["columns", "orderId", "dictionary", c], "reading the entry", () => this.entries[c]);
    const id = readCustomerId(raw);
    return id === undefined || isUnsafeIdNumber(raw) ? undefined : normalized(id, this.form);
  }
  /** From now on, order codes come from `ofText`: the codes handed out so far stay, new entries map by text. */
  mapByText(ofText: (text: string) => number): void {
    if (this.ofText !== null) return;
    this.ofText = ofText;
    if (this.map === null) {
      this.map = new Int32Array(Math.max(this.size, 16));
      for (let c = 0; c < this.size; c++) this.map[c] = c;
    }
    this.firstOf = null;
  }
  /** The order code of entry `c` as the dictionary's own codes give it (before any mapping by text). */
  ownCode(c: number): number {
    return this.map === null ? c : this.map[c];
  }
  private extend(): void {
    const entries = this.entries;
    const n = entries.length;
    const from = this.size;
    if (n <= from) {
      this.size = n;
      return;
    }
    const needMap = this.ofText !== null || this.firstOf !== null;
    if (needMap && (this.map === null || n > this.map.length)) this.map = grown(this.map ?? new Int32Array(0), n, 0);
    if (!needMap) {
      if (!this.own) this.validateRun(from, n);
      this.size = n;
      return;
    }
    for (let c = from; c < n; c++) {
      const text = this.text(c);
      if (text === undefined) {
        this.markInvalid(c, n);
        continue;
      }
      if (this.ofText !== null) (this.map as Int32Array)[c] = this.ofText(text);
      else if (this.firstOf !== null) {
        const known = this.firstOf.get(text);
        if (known === undefined) this.firstOf.set(text, c);
        (this.map as Int32Array)[c] = known ?? c;
      }
    }
    this.size = n;
  }
  /**
   * Marks entries `from` .. `n - 1` valid when they are ids (their text is not needed): one loop, no call
   * or allocation per entry; an entry whose read throws fails as {@link text}'s guarded read does.
   */
  private validateRun(from: number, n: number): void {
    const entries = this.entries;
    let c = from;
    try {
      for (; c < n; c++) {
        const raw = entries[c];
        if (readCustomerId(raw) === undefined || isUnsafeIdNumber(raw)) this.markInvalid(c, n);
      }
    } catch (error) {
      readGuarded(this.fn, "unreadable_field", ["columns", "orderId", "dictionary", c], "reading the entry", () => {
        throw error;
      });
    }
  }
  /** Notes entry `c` (of `n` so far) as no id. */
  private markInvalid(c: number, n: number): void {
    const old = this.invalid;
    if (old === null || old.length <= c) {
      const v = new Uint8Array(Math.max(n, old === null ? 0 : old.length * 2));
      if (old !== null) v.set(old);
      this.invalid = v;
    }
    (this.invalid as Uint8Array)[c] = 1;
  }
  /** The order's code, or -1 for a bad code or dictionary entry. */
  code(i: number): number {
    const c = this.codes[i];
    if (!(Number.isInteger(c) && c >= 0 && c < this.size && (this.invalid === null || this.invalid[c] !== 1))) return -1;
    return this.map === null ? c : this.map[c];
  }
  rawCode(i: number): unknown {
    const c = this.codes[i];
    return Number.isInteger(c) && c >= 0 && c < this.size ? (this.own ? c : this.entries[c]) : c;
  }
}

/** Marks a window entry whose number sits in the window's Float64Array (no boxed number per row). */
const NUMBER_READ = Symbol("number");

/**
 * A window of records read ahead (records with plain field keys): each row and its fields are read in
 * the order the row-by-row reading reads them (row, customerId, date, amount, orderId), each once, and
 * the ids hashed, so that the customer and order tables' slots for the window can be read in one loop
 * before the rows are checked and interned one by one from what was read here. A read that throws ends
 * the window at its row; the row's reading rethrows it at the same field.
 */
class RecordWindow {
  /** Rows `start .. end - 1` of the batch are read. */
  start = 0;
  end = 0;
  readonly rows: unknown[] = new Array<unknown>(RECORD_WINDOW).fill(undefined);
  readonly ids: unknown[] = new Array<unknown>(RECORD_WINDOW).fill(undefined);
  readonly dates: unknown[] = new Array<unknown>(RECORD_WINDOW).fill(undefined);
  readonly amounts: unknown[] = new Array<unknown>(RECORD_WINDOW).fill(undefined);
  readonly orders: unknown[] = new Array<unknown>(RECORD_WINDOW).fill(undefined);
  readonly dateNumbers = new Float64Array(RECORD_WINDOW);
  readonly amountNumbers = new Float64Array(RECORD_WINDOW);
  /** {@link hashString} of a string customer id / order id (0 otherwise). */
  readonly idHashes = new Int32Array(RECORD_WINDOW);
  readonly orderHashes = new Int32Array(RECORD_WINDOW);
  /** The row whose read threw (-1: none), the field (0 the row, 1 customerId, 2 date, 3 amount, 4 orderId) and what it threw. */
  threwRow = -1;
  threwField = -1;
  error: unknown = undefined;

  /** Reads rows from `i` on (at most {@link RECORD_WINDOW}, and not past `n`). */
  fill(rows: readonly unknown[], i: number, n: number, keys: NonNullable<Readers["keys"]>): void {
    this.start = i;
    this.threwRow = -1;
    this.error = undefined;
    const end = Math.min(n, i + RECORD_WINDOW);
    const { customerId, date, amount, orderId } = keys;
    let k = i;
    let f = 0;
    try {
      for (; k < end; k++) {
        const w = k - i;
        f = 0;
        const r = rows[k] as Record<string, unknown>;
        this.rows[w] = r;
        if (typeof r !== "object" || r === null) continue;
        f = 1;
        const id = r[customerId];
        this.ids[w] = id;
        this.idHashes[w] = typeof id === "string" ? hashString(id) : 0;
        f = 2;
        const d = r[date];
        if (typeof d === "number") {
          this.dateNumbers[w] = d;
          this.dates[w] = NUMBER_READ;
        } else this.dates[w] = d;
        f = 3;
        const a = r[amount];
        if (typeof a === "number") {
          this.amountNumbers[w] = a;
          this.amounts[w] = NUMBER_READ;
        } else this.amounts[w] = a;
        if (orderId !== null) {
          f = 4;
          const o = r[orderId];
          this.orders[w] = o;
          this.orderHashes[w] = typeof o === "string" ? hashString(o) : 0;
        }
      }
      this.end = end;
    } catch (error) {
      this.end = k + 1;
      this.threwRow = k;
      this.threwField = f;
      this.error = error;
    }
  }

  /** Rethrows what reading field `f` of row `i` threw, if it did. */
  check(i: number, f: number): void {
    if (i === this.threwRow && f === this.threwField) {
      const error = this.error;
      this.error = undefined;
      this.threwRow = -1;
      throw error;
    }
  }

  date(w: number): unknown {
    const d = this.dates[w];
    return d === NUMBER_READ ? this.dateNumbers[w] : d;
  }

  amount(w: number): unknown {
    const a = this.amounts[w];
    return a === NUMBER_READ ? this.amountNumbers[w] : a;
  }

  /** Lets go of the caller's rows. */
  clear(): void {
    this.rows.fill(undefined);
    this.ids.fill(undefined);
    this.dates.fill(undefined);
    this.amounts.fill(undefined);
    this.orders.fill(undefined);
    this.error = undefined;
    this.start = this.end = 0;
    this.threwRow = -1;
  }
}

/**
 * Order codes over the whole input: equal codes are the same order id. Text ids get codes from one
 * interner. Dictionary ids use the dictionary's own codes while one dictionary array (maybe growing from
 * batch to batch) is the only source; when another dictionary or text ids join, ids are matched by text
 * (each distinct entry hashed once), and the codes already handed out stay valid.
 */
class OrderCodes {
  /**
   * Codes of text ids; made when the first text id comes (dictionary batches alone never need it: their
   * codes are the orders), sized then for the batch.
   */
  private table: StringInterner | null = null;
  /** Order code + 1 of each interned text (0 = none yet), or null while text codes are the order codes. */
  private codeOfText: Int32Array | null = null;
  /** Order codes are below this. */
  count = 0;
  /** The first dictionary, when it came before any text: its own codes are order codes. */
  private primary: OrderDictionary | null = null;
  private textSeen = false;
  current: OrderDictionary | null = null;
  constructor(
    private readonly fn: string,
    private readonly form: "NFC" | "NFD" | undefined,
  ) {}
  /** The text interner, made on first use for about `expected` distinct ids. */
  private texts(expected: number): StringInterner {
    return (this.table ??= new StringInterner(expected));
  }
  /** The order code of a text id (normal form already applied). */
  ofText(text: string): number {
    return this.code(this.texts(1024).intern(text));
  }
  /** {@link ofText} of a text whose {@link hashString} is `h`. */
  ofTextHashed(text: string, h: number): number {
    return this.code(this.texts(1024).internHashed(text, h));
  }
  /** Reads the text table's slots of `hashes[0 .. count - 1]` (see {@link StringInterner.touch}). */
  touch(hashes: Int32Array, count: number): number {
    return this.table === null ? 0 : this.table.touch(hashes, count);
  }
  /** The order code of interned text `k`. */
  private code(k: number): number {
    const map = this.codeOfText;
    if (map === null) {
      if (k >= this.count) this.count = k + 1;
      return k;
    }
    if (k < map.length && map[k] !== 0) return map[k] - 1;
    if (k >= map.length) this.codeOfText = grown(map, k + 1, 0);
    const code = this.count++;
    (this.codeOfText as Int32Array)[k] = code + 1;
    return code;
  }
  /** Text ids follow (in this batch, of `rows` rows). */
  useText(rows: number): void {
    this.textSeen = true;
    // Sized for typical logs (about 2 rows per order, at most 8M ids up front); it grows beyond that.
    this.texts(Math.min(rows >> 1, 1 << 23));
    this.unify();
  }
  /** The dictionary of this batch's order ids. */
  useDictionary(dict: DictionaryIds): OrderDictionary {
    const entries = dict.dictionary;
    const current = this.current;
    if (current !== null && current.entries === entries) {
      current.reuse(dict.codes);
      if (current === this.primary && this.codeOfText === null) this.count = Math.max(this.count, current.size);
      return current;
    }
    if (current === null && !this.textSeen) {
      const d = new OrderDictionary(this.fn, entries, dict.codes, this.form, null);
      this.primary = this.current = d;
      this.count = d.size;
      return d;
    }
    this.unify();
    const d = new OrderDictionary(this.fn, entries, dict.codes, this.form, (text) => this.ofText(text));
    this.current = d;
    return d;
  }
  /** Maps the first dictionary's entries by text, once, so that other sources find its orders. */
  private unify(): void {
    const p = this.primary;
    if (p === null || this.codeOfText !== null) return;
    const map = new Int32Array(Math.max(16, p.size * 2));
    this.codeOfText = map;
    const table = this.texts(p.size);
    for (let c = 0; c < p.size; c++) {
      const text = p.text(c);
      if (text === undefined) continue;
      const k = table.intern(text);
      if (k >= (this.codeOfText as Int32Array).length) this.codeOfText = grown(this.codeOfText as Int32Array, k + 1, 0);
      const m = this.codeOfText as Int32Array;
      if (m[k] === 0) m[k] = p.ownCode(c) + 1;
    }
    this.count = Math.max(this.count, p.size);
    p.mapByText((text) => this.ofText(text));
  }
  /** Frees the batch's codes (no batch is kept). */
  release(): void {
    if (this.current) this.current.codes = [];
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

/**
 * Makes the {@link RowEmitter} when the first row is kept: `rowCount` rows in that batch, whether order
 * ids are read, and size hints: a bound of that batch's order codes, and the customers expected (codes of
 * later batches, and of more customers than expected, may go beyond).
 */
export type EmitterFactory = (rowCount: number, withOrders: boolean, orderCodes: number, customers: number) => RowEmitter;

/** What {@link readTransactions} found, besides the rows it emitted. */
export type ReadResult = Omit<NormalizedTransactions, "customer" | "day" | "amount" | "order">;

/**
 * The reading and validation pass behind every transaction function, for options already validated
 * by the caller. Kept rows go to the emitter made by `start(rowCount, withOrders, orderCodes)`, in input order,
 * so callers aggregate on the fly (`summarizeTransactions`) or store the rows (`normalizeTransactions`).
 */
export function readTransactions<Row = any>(
  input: TransactionInput<Row>,
  opts: TransactionReadOptions<Row>,
  fn: string,
  start: EmitterFactory,
): ReadResult {
  const reader = new TransactionReader<Row>(opts, fn, start);
  reader.add(input);
  return reader.finish();
}

/**
 * {@link readTransactions} over an input that arrives in batches: `add` each batch, then `finish`.
 * Everything is as if the batches were one input (their rows concatenated): row numbers in issues count
 * from the first batch's first row, `onInvalid` and `maxIssues` apply to the whole, a record input's
 * field mapping is decided on its first record. Nothing of a batch is kept once `add` returns (the state
 * is per customer and per distinct order). `start` is called once, before the first row is emitted,
 * with that batch's row count (a size hint, not a bound).
 */
export class TransactionReader<Row = any> {
  private readonly conv: ReturnType<typeof readTimeBasis>["conv"];
  private readonly bounds: ReturnType<typeof readTimeBasis>["bounds"];
  private readonly asOfDay: number;
  private readonly asOfIso: string;
  private readonly refunds: "net" | "exclude" | "error";
  private readonly afterAsOf: "error" | "ignore";
  private readonly mode: "throw" | "skip" | "collect";
  private readonly parseText: boolean;
  private readonly form: "NFC" | "NFD" | undefined;
  private readonly sink: IssueSink;
  private emit: RowEmitter | null = null;
  /** Whether order ids are read; null until a batch decides it. */
  private withOrders: boolean | null = null;
  private mapping: RecordFields | null = null;
  private customerTable: StringInterner | null = null;
  /** The distinct dictionary whose entries {@link customerTable} takes as new without a table. */
  private distinctEntries: readonly (string | number)[] | null = null;
  private customerDict: DictionaryInterner | null = null;
  private orders: OrderCodes | null = null;
  private rowsRead = 0;
  private kept = 0;
  // rows, not issues: a row with three problems is one row left out
  private invalidRows = 0;
  private ignoredAfterAsOf = 0;
  private excludedRefunds = 0;
  private readonly amountSlot = new Float64Array(1);

  constructor(
    private readonly opts: TransactionReadOptions<Row>,
    private readonly fn: string,
    private readonly start: EmitterFactory,
  ) {
    const { conv, bounds, asOfDay, asOfIso } = readTimeBasis(fn, opts.asOf, opts.timeZone, opts.dateRange);
    this.conv = conv;
    this.bounds = bounds;
    this.asOfDay = asOfDay;
    this.asOfIso = asOfIso;
    this.refunds = opts.refunds ?? "net";
    this.afterAsOf = opts.afterAsOf ?? "error";
    this.mode = opts.onInvalid ?? "throw";
    this.parseText = opts.numericStrings === "parse";
    this.form = opts.normalizeIds;
    this.sink = new IssueSink(fn, this.mode, opts.maxIssues ?? 20);
  }

  /** Reads one batch (records, columns or an Arrow table). */
  add(input: TransactionInput<Row>): void {
    const fn = this.fn;
    const opts = this.opts;
    const base = this.rowsRead;
    let readers: Readers | null;
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
      readers = columnReaders(fn, readGuarded(fn, "unreadable_field", ["input"], "reading the Arrow table", () => arrowTransactionColumns(fn, table, names, this.conv)));
      readers.path = (i, field) => ["columns", names[field] ?? field, i];
    } else if (kind === "columns") {
      readers = columnReaders(fn, input as TransactionColumns);
    } else if (kind === "rows") {
      rows = recordArray(fn, "rows", input as Iterable<Row>);
      const count = rows.length; // checked by recordArray; read once
      if (this.mapping === null) {
        const { first, at } = firstRecord(fn, "rows", rows, count);
        if (first !== undefined) this.mapping = recordFields(fn, first, base + at, opts.fields as TransactionFields | undefined);
      }
      // no record in the input so far: every row is an invalid row, whatever the mapping
      readers = recordReaders(rows, count, this.mapping ?? { fields: (opts.fields as TransactionFields | undefined) ?? DEFAULT_FIELDS, probeOrders: false }, base);
      if (this.mapping === null) readers.order = null;
    } else {
      throw new TypeError(`${fn}: input must be an iterable of records or an object of columns, got ${describeValue(input)}`);
    }
    const n = readers.length;
    if (n === 0) return;
    if (rows === null || this.mapping !== null) {
      const withOrders = readers.order !== null || readers.orderDict !== null;
      if (this.withOrders !== null && this.withOrders !== withOrders) {
        throw new AnalyticsInputError(fn, [
          inputIssue(
            "inconsistent_fields",
            rows === null ? ["columns", "orderId"] : ["rows", base, "orderId"],
            withOrders ? `rows ${base}.. have order ids, the rows before them have none` : `rows ${base}.. have no order ids, the rows before them have`,
          ),
        ]);
      }
      this.withOrders = withOrders;
    }
    this.read(readers, rows, n, base);
  }

  /** The rows of one batch; `base` rows came before it. */
  private read(readers: Readers, rows: readonly unknown[] | null, n: number, base: number): void {
    const fn = this.fn;
    const sink = this.sink;
    const form = this.form;
    const refunds = this.refunds;
    const afterAsOf = this.afterAsOf;
    const parseText = this.parseText;
    const bounds = this.bounds;
    const conv = this.conv;
    const asOfDay = this.asOfDay;
    const asOfIso = this.asOfIso;
    const { dayColumn, amountColumn, orderProbe } = readers;
    const minDay = bounds.from;
    const maxDay = bounds.to;
    const amountSlot = this.amountSlot;
    // made below, once the batch's customer dictionary (if any) gives its size
    const internCustomer = (id: string): number => (this.customerTable as StringInterner).intern(id);
    let idDict: DictionaryInterner | null = null;
    if (readers.idDict) {
      const d = readers.idDict;
      const prev = this.customerDict;
      idDict = readGuarded(fn, "unreadable_field", ["columns", "customerId", "dictionary"], "reading columns.customerId.dictionary", () => {
        if (prev !== null && prev.entries === d.dictionary) {
          prev.reuse(d.codes);
          return prev;
        }
        return new DictionaryInterner(d.dictionary, d.codes, internCustomer, (dense) => (this.customerTable as StringInterner).key(dense), form);
      });
      this.customerDict = idDict;
    }
    // Sized for typical logs (about 8 rows per customer, and no more customers than dictionary entries); they grow beyond that.
    const customerHint = Math.min(n >> 3, 1 << 21, idDict === null ? n : idDict.size);
    // A dictionary known to hold distinct texts (the command line's own) gives each entry its own
    // customer: no table of the texts, while every batch passes that same dictionary and it stays so.
    const distinct = idDict !== null && form === undefined && isDistinct(idDict.entries);
    if (this.customerTable === null) {
      this.customerTable = new StringInterner(customerHint, distinct);
      this.distinctEntries = distinct ? (idDict as DictionaryInterner).entries : null;
    } else if (this.customerTable.trusting && !(distinct && (idDict as DictionaryInterner).entries === this.distinctEntries)) this.customerTable.distrust();
    let orderDict: OrderDictionary | null = null;
    let orders: OrderCodes | null = null;
    if (readers.orderDict || readers.order) {
      this.orders ??= new OrderCodes(fn, form);
      orders = this.orders;
      if (readers.orderDict) {
        const o = orders;
        const d = readers.orderDict;
        orderDict = readGuarded(fn, "unreadable_field", ["columns", "orderId", "dictionary"], "reading columns.orderId.dictionary", () => o.useDictionary(d));
      } else orders.useText(n);
    }
    let emit = this.emit;
    const keys = rows !== null ? readers.keys : null;
    // Typed columns with dictionary ids: rows needing no more than range checks go through fastRun.
    const fast =
      rows === null &&
      idDict !== null &&
      idDict.codes instanceof Int32Array &&
      dayColumn !== null &&
      amountColumn !== null &&
      (orderDict === null ? readers.order === null : orderDict.codes instanceof Int32Array);
    // order codes of this batch are below this (a size hint: codes of later batches may go beyond)
    const customerTable = this.customerTable;
    const orderCodes = orders === null ? 0 : orderDict !== null ? orders.count : orders.count + n;
    // Typed date and amount columns with a plain array of ids: rows needing no more than range checks go through textRun.
    const textIds = !fast && rows === null && readers.idArray !== null && form === undefined && dayColumn !== null && amountColumn !== null && readers.order === null && orderDict === null ? readers.idArray : null;
    if (fast || textIds !== null) emit ??= this.emit = this.start(n, this.withOrders === true, orderCodes, customerTable.size + customerHint);
    let kept = 0;
    let invalidRows = 0;
    let ignoredAfterAsOf = 0;
    let excludedRefunds = 0;

    // The loop body reads the row's fields; a throwing accessor, getter or Proxy trap leaves it, is reported
    // for that row (`unreadable_field`, or `invalid_row` when the row itself could not be read) and the loop
    // resumes at the next row: no try/catch per row.
    let i = 0;
    let reading: "row" | "customerId" | "date" | "amount" | "orderId" | null = null;
    let idString: string | undefined;
    let row: any = null;
    // Records with plain keys (and no per-row orderId probe, no normalizeIds): read a window ahead.
    const win = rows !== null && keys !== null && orderProbe === null && form === undefined ? (this.recordWindow ??= new RecordWindow()) : null;
    // the window's position of row i, and the hashes of its ids when they were strings (else -1 / not used)
    let w = 0;
    let idHash = 0;
    let idHashed = false;
    // the id textRun read for row i before handing the row to the full reading (read once per row)
    let pendingId: unknown;
    let hasPendingId = false;
    try {
      while (i < n) {
        try {
          for (; i < n; i++) {
            if (fast) {
              reading = null; // fastRun reads no caller object: what it throws is not the input's
              const j = this.fastRun(i, n, idDict as DictionaryInterner, dayColumn as Int32Array, amountColumn as Float64Array, orderDict, emit as RowEmitter);
              kept += j - i;
              i = j;
              if (i >= n) break;
            } else if (textIds !== null) {
              reading = null;
              const j = this.textRun(i, n, textIds, customerTable, dayColumn as Int32Array, amountColumn as Float64Array, emit as RowEmitter);
              kept += j - i;
              i = j;
              const run = this.run;
              if (run.threw) {
                // reading row i's id threw: reported as the full reading reports it
                run.threw = false;
                const error = run.error;
                run.error = undefined;
                reading = "customerId";
                throw error;
              }
              if (i >= n) break;
              pendingId = run.id;
              run.id = undefined;
              hasPendingId = true;
            }
            idString = undefined;
            if (rows !== null) {
              reading = "row";
              if (win !== null) {
                if (i >= win.end) {
                  reading = null;
                  win.fill(rows, i, n, keys as NonNullable<Readers["keys"]>);
                  const count = win.end - win.start;
                  this.touched += customerTable.touch(win.idHashes, count) + (orders === null ? 0 : orders.touch(win.orderHashes, count));
                  reading = "row";
                }
                w = i - win.start;
                win.check(i, 0);
                row = win.rows[w];
              } else row = rows[i];
              if (typeof row !== "object" || row === null) {
                reading = null;
                sink.add(["rows", base + i], "invalid_row", `expected a record (object), got ${describeValue(row)}`);
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
                if (dictCode === UNSAFE_ENTRY) sink.add(readers.path(base + i, "customerId"), "unsafe_customer_id", unsafeIdMessage(raw as number));
                else {
                  sink.add(
                    readers.path(base + i, "customerId"),
                    "missing_customer_id",
                    dictCode === BAD_CODE
                      ? `expected a code into the id dictionary, got ${describeValue(raw)}`
                      : `dictionary entry ${describeValue(raw)} is not a valid customer id (non-empty string or finite number)`,
                  );
                }
              } else idString = idDict.id(dictCode);
            } else {
              idHashed = false;
              let raw: unknown;
              if (win !== null) {
                win.check(i, 1);
                raw = win.ids[w];
                if (typeof raw === "string") {
                  idHashed = true;
                  idHash = win.idHashes[w];
                }
              } else raw = keys !== null ? row[keys.customerId] : hasPendingId ? pendingId : readers.id(i);
              hasPendingId = false;
              pendingId = undefined;
              const id = readCustomerId(raw);
              if (id === undefined) {
                bad = true;
                sink.add(readers.path(base + i, "customerId"), "missing_customer_id", `expected ${CUSTOMER_ID_RULE}, got ${describeValue(raw)}`);
              } else if (typeof raw === "number" && isUnsafeIdNumber(raw)) {
                bad = true;
                sink.add(readers.path(base + i, "customerId"), "unsafe_customer_id", unsafeIdMessage(raw));
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
                sink.add(readers.path(base + i, "date"), problem.code, problem.message, idString);
              }
            } else {
              let raw: unknown;
              if (win !== null) {
                win.check(i, 2);
                raw = win.date(w);
              } else raw = keys !== null ? row[keys.date] : readers.date(i);
              d = typeof raw === "string" ? parseDateString(raw, conv) : instantToEpochDay(raw, conv, bounds);
              if (!(d >= minDay && d <= maxDay)) {
                bad = true;
                const problem = dateProblem(raw, d, bounds, "ms");
                sink.add(readers.path(base + i, "date"), problem.code, problem.message, idString);
              }
            }
            let afterAsOfRow = false;
            // checked whatever else is wrong with the row: rows after asOf are never dropped as merely bad
            if (d > asOfDay && d <= maxDay) {
              if (afterAsOf === "ignore") afterAsOfRow = true;
              else {
                bad = true;
                sink.add(
                  readers.path(base + i, "date"),
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
                sink.add(readers.path(base + i, "amount"), "invalid_amount", `expected a finite number, got ${describeValue(readers.nulls.amount?.[i] === 1 ? null : a)}`, idString);
              }
            } else {
              let raw: unknown;
              if (win !== null) {
                win.check(i, 3);
                raw = win.amount(w);
              } else raw = keys !== null ? row[keys.amount] : readers.amount(i);
              if (typeof raw === "number") {
                a = raw;
                if (!Number.isFinite(a)) {
                  bad = true;
                  sink.add(readers.path(base + i, "amount"), "invalid_amount", `expected a finite number, got ${describeValue(raw)}`, idString);
                }
              } else if (typeof raw === "string" && NUMERIC_TEXT.test(raw)) {
                a = Number(raw);
                if (!parseText) {
                  bad = true;
                  sink.add(
                    readers.path(base + i, "amount"),
                    "numeric_string",
                    `expected a number, got the text ${describeValue(raw)} (numericStrings: "parse" accepts plain decimal text)`,
                    idString,
                  );
                } else if (!Number.isFinite(a)) {
                  bad = true;
                  sink.add(readers.path(base + i, "amount"), "invalid_amount", `expected a finite number, got the text ${describeValue(raw)}, which is not a finite number (beyond ±1.8e308)`, idString);
                }
              } else {
                a = Number.NaN;
                bad = true;
                sink.add(readers.path(base + i, "amount"), "invalid_amount", `expected a finite number, got ${describeValue(raw)}`, idString);
              }
            }
            let refundRow = false;
            if (!bad && a < 0) {
              if (refunds === "error") {
                bad = true;
                sink.add(readers.path(base + i, "amount"), "negative_amount", `negative amount ${a} (refunds: "error"; use "net" or "exclude" to accept refunds)`, idString);
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
                  readers.path(base + i, "orderId"),
                  "invalid_order_id",
                  isUnsafeIdNumber(raw) ? unsafeIdMessage(raw as number, "order id") : `expected a non-empty order id (string or finite number), got ${describeValue(raw)}`,
                  idString,
                );
              }
            } else if (readers.order) {
              let raw: unknown;
              if (win !== null) {
                win.check(i, 4);
                raw = win.orders[w];
              } else raw = keys !== null ? row[keys.orderId as string] : readers.order(i);
              const text = readCustomerId(raw);
              if (text === undefined) {
                bad = true;
                sink.add(readers.path(base + i, "orderId"), "invalid_order_id", `expected a non-empty order id (string or finite number), got ${describeValue(raw)}`, idString);
              } else if (typeof raw === "number" && isUnsafeIdNumber(raw)) {
                bad = true;
                sink.add(readers.path(base + i, "orderId"), "invalid_order_id", unsafeIdMessage(raw, "order id"), idString);
              } else if (!bad && !afterAsOfRow && !refundRow) {
                // a string id is its own text (form is undefined with a window): its hash is the window's
                o = win !== null && typeof raw === "string" ? (orders as OrderCodes).ofTextHashed(text, win.orderHashes[w]) : (orders as OrderCodes).ofText(form === undefined ? text : text.normalize(form));
              }
            } else if (orderProbe) {
              const raw = orderProbe(i);
              if (raw !== undefined && raw !== null) {
                bad = true;
                sink.add(
                  readers.path(base + i, "orderId"),
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
            emit ??= this.emit = this.start(n, this.withOrders === true, orderCodes, customerTable.size + customerHint);
            emit(idDict ? idDict.dense(dictCode) : idHashed ? customerTable.internHashed(idString as string, idHash) : internCustomer(idString as string), d, o, amountSlot);
            kept++;
          }
        } catch (error) {
          // only what the caller's objects threw while being read is their data; anything else propagates
          if (reading === null || error === sink.raised) throw error;
          const why = thrownMessage(error);
          if (reading === "row") sink.add(["rows", base + i], "invalid_row", `reading the record threw: ${why}`);
          else sink.add(readers.path(base + i, reading), "unreadable_field", `reading the field threw: ${why}`, reading === "customerId" ? undefined : idString);
          invalidRows++;
          i++;
        }
      }
    } finally {
      this.rowsRead += n;
      this.kept += kept;
      this.invalidRows += invalidRows;
      this.ignoredAfterAsOf += ignoredAfterAsOf;
      this.excludedRefunds += excludedRefunds;
      if (idDict) idDict.codes = [];
      orders?.release();
      win?.clear();
    }
  }

  /**
   * Reads rows from `i` on while each needs no more than range checks (dictionary customer codes and
   * order codes in `Int32Array`s, epoch days in bounds and not after asOf, finite amounts, refunds only
   * under "net"), emitting them exactly as the full reading in {@link read} would; returns the first row
   * that needs the full reading (any issue, a refund to exclude or refuse, a row after asOf), or `n`.
   * One loop over typed arrays: no per-row id text, no per-row calls besides the emitter.
   */
  private fastRun(i: number, n: number, idDict: DictionaryInterner, days: Int32Array, amounts: Float64Array, orderDict: OrderDictionary | null, emit: RowEmitter): number {
    const codes = idDict.codes as Int32Array;
    const remap = idDict.remap;
    const size = idDict.size;
    const minDay = this.bounds.from;
    const lastDay = Math.min(this.bounds.to, this.asOfDay);
    const net = this.refunds === "net";
    const slot = this.amountSlot;
    const orderCodes = orderDict === null ? null : (orderDict.codes as Int32Array);
    const invalid = orderDict === null ? null : orderDict.invalid;
    const map = orderDict === null ? null : orderDict.map;
    const orders = orderDict === null ? 0 : orderDict.size;
    for (; i < n; i++) {
      const c = codes[i];
      if (c < 0 || c >= size) break;
      const d = days[i];
      if (d < minDay || d > lastDay) break;
      const a = amounts[i];
      if (a - a !== 0 || (a < 0 && !net)) break;
      let o = -1;
      if (orderCodes !== null) {
        const oc = orderCodes[i];
        if (oc < 0 || oc >= orders || (invalid !== null && invalid[oc] === 1)) break;
        o = map === null ? oc : map[oc];
      }
      let dense = remap[c];
      if (dense < 0) {
        // first use of the entry (read and checked here), or checked but not yet a customer
        if (dense !== -2 && idDict.check(i) < 0) break;
        dense = idDict.dense(c);
      }
      slot[0] = a === 0 ? 0 : a;
      emit(dense, d, o, slot);
    }
    return i;
  }

  /**
   * Reads rows from `i` on while each needs no more than range checks (an id in a plain array that is a
   * string starting with a printable ASCII character, epoch days in bounds and not after asOf, finite
   * amounts, refunds only under "net"; no order ids, no `normalizeIds`), emitting them exactly as the
   * full reading in {@link read} would; returns the first row that needs the full reading, or `n`. The
   * id of the row returned is left in `run.id` (each row's id is read once); when reading it threw, the
   * error is left in `run.error` with `run.threw` set.
   */
  private textRun(i: number, n: number, ids: readonly unknown[], table: StringInterner, days: Int32Array, amounts: Float64Array, emit: RowEmitter): number {
    const minDay = this.bounds.from;
    const lastDay = Math.min(this.bounds.to, this.asOfDay);
    const net = this.refunds === "net";
    const slot = this.amountSlot;
    // A window of rows is checked and its ids hashed in one loop, their table slots read in a second and
    // the rows interned and emitted in a third: the memory reads of a window overlap.
    const texts = (this.windowTexts ??= new Array<string>(TEXT_WINDOW).fill(""));
    const hashes = (this.windowHashes ??= new Int32Array(TEXT_WINDOW));
    let s: unknown;
    let readingId = false;
    let j = i;
    try {
      while (i < n) {
        const end = Math.min(n, i + TEXT_WINDOW);
        for (j = i; j < end; j++) {
          readingId = true;
          s = ids[j];
          readingId = false;
          if (typeof s !== "string") break;
          // a printable ASCII first character: not blank (readCustomerId's test; anything else is read in full)
          const c = s.charCodeAt(0);
          if (!(c > 32 && c < 127)) break; // NaN for ""
          const d = days[j];
          if (d < minDay || d > lastDay) break;
          const a = amounts[j];
          if (a - a !== 0 || (a < 0 && !net)) break;
          texts[j - i] = s;
          hashes[j - i] = hashString(s);
        }
        this.touched = table.touch(hashes, j - i);
        this.emitWindow(i, j, texts, hashes, table, days, amounts, slot, emit);
        i = j;
        if (j < end) break;
      }
    } catch (error) {
      if (!readingId) throw error;
      // rows i .. j - 1 are good: emitted before the row whose id could not be read
      this.emitWindow(i, j, texts, hashes, table, days, amounts, slot, emit);
      this.run.threw = true;
      this.run.error = error;
      return j;
    }
    this.run.id = i < n ? s : undefined;
    return i;
  }

  /** Interns and emits rows `from .. to - 1` of a window checked by {@link textRun}. */
  private emitWindow(from: number, to: number, texts: string[], hashes: Int32Array, table: StringInterner, days: Int32Array, amounts: Float64Array, slot: Float64Array, emit: RowEmitter): void {
    for (let k = from; k < to; k++) {
      const a = amounts[k];
      slot[0] = a === 0 ? 0 : a;
      emit(table.internHashed(texts[k - from], hashes[k - from]), days[k], -1, slot);
    }
  }

  private windowTexts: string[] | null = null;
  private recordWindow: RecordWindow | null = null;
  private windowHashes: Int32Array | null = null;
  /** What {@link StringInterner.touch} gave (kept so the reads are not dropped as unused). */
  private touched = 0;

  /** What {@link textRun} leaves for the full reading of the row it stopped at. */
  private readonly run: { id: unknown; threw: boolean; error: unknown } = { id: undefined, threw: false, error: undefined };

  /** What the whole input gave; throws what the input as one would have thrown at its end. */
  finish(): ReadResult {
    const fn = this.fn;
    const sink = this.sink;
    const n = this.rowsRead;
    if (n === 0) {
      throw new AnalyticsInputError(fn, [inputIssue("empty_input", ["input"], "no transactions (0 rows)")]);
    }
    if (sink.afterAsOfCount > 0) throw new AnalyticsInputError(fn, sink.afterAsOf, sink.afterAsOfCount);
    if (sink.count > 0 && this.mode === "throw") sink.raise();
    const { kept, invalidRows, ignoredAfterAsOf, excludedRefunds } = this;
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
    if (this.mode === "collect") report.issues = sink.issues;
    const orderCount = this.orders === null ? 0 : this.orders.count;
    // the reader is done: the interner's own array, without a copy; the per-entry and per-order tables
    // are let go before the caller allocates its results (at 32M orders, hundreds of MB)
    const customerIds = this.customerTable === null ? [] : this.customerTable.takeKeys();
    this.customerDict = null;
    this.orders = null;
    return {
      length: kept,
      customerIds,
      orderCount,
      withOrders: this.withOrders === true,
      asOfDay: this.asOfDay,
      asOf: this.asOfIso,
      timeZone: this.conv.timeZone,
      refunds: this.refunds,
      input: report,
    };
  }
}

/** The {@link TransactionReadMeta} of a read, for a result's `meta`. */
export function transactionReadMeta(read: ReadResult): TransactionReadMeta {
  return { asOf: read.asOf, timeZone: read.timeZone ?? null, refunds: read.refunds, input: read.input };
}
