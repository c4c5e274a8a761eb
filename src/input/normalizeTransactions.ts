import { AnalyticsInputError, describeValue, inputIssue, type InputIssue, type InputIssueCode, type IssuePath } from "../errors.js";
import { CUSTOMER_ID_RULE, fieldLabel, fieldReader, missingFields, readCustomerId } from "./readRecords.js";
import { DATE_IMPOSSIBLE, isoDateFromDays, parseDateString, toEpochDay } from "./dates.js";
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
  constructor(
    private readonly fn: string,
    private readonly mode: "throw" | "skip" | "collect",
    private readonly max: number,
  ) {}
  add(path: IssuePath, code: InputIssueCode, what: string, customerId?: string): void {
    this.count++;
    this.byCode[code] = (this.byCode[code] ?? 0) + 1;
    if (this.mode !== "skip") this.issues.push(inputIssue(code, path, what, customerId));
    if (this.mode === "throw" && this.issues.length >= this.max) this.raise();
  }
  raise(): never {
    throw new AnalyticsInputError(this.fn, this.issues);
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
  path: (i: number, field: "customerId" | "date" | "amount" | "orderId") => IssuePath;
}

function recordReaders(fn: string, rows: readonly unknown[], fieldsOption: TransactionFields | undefined): Readers {
  const first = rows.find((r) => typeof r === "object" && r !== null) as Record<string, unknown> | undefined;
  let fields: TransactionFields;
  if (fieldsOption) fields = fieldsOption;
  else {
    fields = { ...DEFAULT_FIELDS };
    if (first && Object.hasOwn(first, "orderId")) fields.orderId = "orderId";
  }
  if (first) {
    const wanted = (["customerId", "date", "amount", "orderId"] as const).flatMap((key) => (fields[key] === undefined ? [] : [[fields[key], key] as const]));
    const missing = missingFields(first, wanted);
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
    length: rows.length,
    id: reader(fields.customerId),
    idDict: null,
    date: reader(fields.date),
    dayColumn: null,
    amount: reader(fields.amount),
    amountColumn: null,
    order: fields.orderId === undefined ? null : reader(fields.orderId),
    orderDict: null,
    path: (i, field) => ["rows", i, labels[field]],
  };
}

function columnReaders(fn: string, cols: TransactionColumns): Readers {
  const lengthOf = (c: unknown): number => (isDictionary(c) ? c.codes.length : (c as ArrayLike<unknown>)?.length);
  const names = ["customerId", "date", "amount", "orderId"] as const;
  const missing: InputIssue[] = [];
  for (const name of names) {
    const c = cols[name];
    if (c === undefined && name === "orderId") continue;
    if (c === undefined || c === null || typeof lengthOf(c) !== "number") {
      missing.push(inputIssue("missing_field", ["columns", name], `expected an array, got ${describeValue(c)}`));
    }
  }
  if (missing.length > 0) throw new AnalyticsInputError(fn, missing);
  const length = lengthOf(cols.customerId);
  const mismatched: InputIssue[] = [];
  for (const name of names) {
    const c = cols[name];
    if (c !== undefined && lengthOf(c) !== length) {
      mismatched.push(inputIssue("length_mismatch", ["columns", name], `has ${lengthOf(c)} entries, columns.customerId has ${length}`));
    }
  }
  if (mismatched.length > 0) throw new AnalyticsInputError(fn, mismatched);
  const plain = (c: unknown): Reader => {
    const a = c as ArrayLike<unknown>;
    return (i) => a[i];
  };
  return {
    length,
    id: isDictionary(cols.customerId) ? () => undefined : plain(cols.customerId),
    idDict: isDictionary(cols.customerId) ? cols.customerId : null,
    date: plain(cols.date),
    dayColumn: cols.date instanceof Int32Array ? cols.date : null,
    amount: plain(cols.amount),
    amountColumn: cols.amount instanceof Float64Array ? cols.amount : null,
    order: cols.orderId === undefined ? null : isDictionary(cols.orderId) ? () => undefined : plain(cols.orderId),
    orderDict: cols.orderId !== undefined && isDictionary(cols.orderId) ? cols.orderId : null,
    path: (i, field) => ["columns", field, i],
  };
}

/**
 * Customer ids given as a dictionary: each row's code is validated (entries once, on first use) and
 * the entry is interned only when a row is kept, so dropped rows add no customers and duplicate
 * entries merge into one customer.
 */
class DictionaryInterner {
  private readonly remap: Int32Array;
  constructor(
    private readonly dict: DictionaryIds,
    private readonly intern: (id: string) => number,
  ) {
    // -1 unchecked, -2 checked and valid but not interned yet, >= 0 dense code
    this.remap = new Int32Array(dict.dictionary.length).fill(-1);
  }
  /** The row's dictionary code, or -1 for a bad code, -2 for a bad dictionary entry. */
  check(i: number): number {
    const c = this.dict.codes[i];
    if (!(Number.isInteger(c) && c >= 0 && c < this.remap.length)) return -1;
    if (this.remap[c] === -1) {
      if (readCustomerId(this.dict.dictionary[c]) === undefined) return -2;
      this.remap[c] = -2;
    }
    return c;
  }
  /** Dense customer code of a checked dictionary code. */
  dense(c: number): number {
    const known = this.remap[c];
    if (known >= 0) return known;
    const dense = this.intern(readCustomerId(this.dict.dictionary[c]) as string);
    this.remap[c] = dense;
    return dense;
  }
  rawCode(i: number): unknown {
    return this.dict.codes[i];
  }
}

/**
 * Order ids given as a dictionary: the dictionary code is the order's identity (no text is hashed);
 * entries are validated once, on first use. Dictionary entries are taken as distinct values, as in
 * Arrow dictionaries and pandas categoricals.
 */
class OrderDictionary {
  /** 1 for a valid entry; checked in one sequential pass (cheaper than on first use, at random). */
  private readonly valid: Uint8Array;
  constructor(private readonly dict: DictionaryIds) {
    const entries = dict.dictionary;
    this.valid = new Uint8Array(entries.length);
    for (let c = 0; c < entries.length; c++) if (readCustomerId(entries[c]) !== undefined) this.valid[c] = 1;
  }
  /** The order's code, or -1 for a bad code or dictionary entry. */
  code(i: number): number {
    const c = this.dict.codes[i];
    return Number.isInteger(c) && c >= 0 && c < this.valid.length && this.valid[c] === 1 ? c : -1;
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
 * - Customer ids: non-empty strings or finite numbers (numbers become their decimal text).
 * - Dates: ISO date or date-time strings, `Date`s, epoch milliseconds, or an `Int32Array` column of
 *   epoch days; instants become calendar days in `timeZone` (UTC when omitted).
 * - Amounts: finite numbers; numeric text only with `numericStrings: "parse"`.
 * - Rows after `asOf` are errors unless `afterAsOf: "ignore"`; negative amounts follow `refunds`.
 *
 * @param input - Records (any iterable) or {@link TransactionColumns}.
 * @param options - See {@link TransactionReadOptions}; `asOf` is required.
 * @returns The normalised columns and an {@link InputReport} of what was read and dropped.
 * @throws {AnalyticsInputError} On bad data (`empty_input`, `missing_field`, `missing_customer_id`,
 *   `invalid_date`, `date_after_as_of`, `invalid_amount`, `numeric_string`, `negative_amount`,
 *   `invalid_order_id`, `invalid_as_of`, `invalid_row`, `length_mismatch`), each issue naming row and field.
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
  const { conv, asOfDay, asOfIso } = readTimeBasis(fn, opts.asOf, opts.timeZone);
  const refunds = opts.refunds ?? "net";
  const afterAsOf = opts.afterAsOf ?? "error";
  const mode = opts.onInvalid ?? "throw";
  const parseText = opts.numericStrings === "parse";
  const sink = new IssueSink(fn, mode, opts.maxIssues ?? 20);

  let readers: Readers;
  let rows: readonly unknown[] | null = null;
  if (isColumns(input)) {
    readers = columnReaders(fn, input);
  } else if (input !== null && typeof input === "object" && typeof (input as Iterable<Row>)[Symbol.iterator] === "function") {
    rows = Array.isArray(input) ? (input as readonly Row[]) : Array.from(input as Iterable<Row>);
    readers = recordReaders(fn, rows, opts.fields as TransactionFields | undefined);
  } else {
    throw new TypeError(`${fn}: input must be an iterable of records or an object of columns, got ${describeValue(input)}`);
  }
  const n = readers.length;
  if (n === 0) {
    throw new AnalyticsInputError(fn, [inputIssue("empty_input", ["input"], "no transactions (0 rows)")]);
  }

  const { dayColumn, amountColumn } = readers;
  const emit = start(n, readers.order !== null || readers.orderDict !== null);
  const amountSlot = new Float64Array(1);
  // Sized for typical logs (about 8 rows per customer, 2 per order); they grow beyond that.
  const customerTable = new StringInterner(Math.min(n >> 3, 1 << 21));
  const internCustomer = (id: string): number => customerTable.intern(id);
  const orderTable = new StringInterner(readers.order ? Math.min(n >> 1, 1 << 23) : 16);
  const idDict = readers.idDict ? new DictionaryInterner(readers.idDict, internCustomer) : null;
  const orderDict = readers.orderDict ? new OrderDictionary(readers.orderDict) : null;
  let orderCount = orderDict ? readers.orderDict!.dictionary.length : 0;
  let kept = 0;
  let ignoredAfterAsOf = 0;
  let excludedRefunds = 0;

  // The loop body reads the row's fields; a throwing accessor or getter leaves it, is reported for that row
  // (`unreadable_field`) and the loop resumes at the next row: no try/catch per row.
  let i = 0;
  let reading: "customerId" | "date" | "amount" | "orderId" | null = null;
  let idString: string | undefined;
  // The row's customer for an issue message. `idString` is passed in, not captured: a variable a closure
  // captures lives in a heap context, and every read of it in the hot loop would pay for that.
  const customerOf = (row: number, id: string | undefined): string | undefined =>
    idDict ? readCustomerId(readers.idDict!.dictionary[readers.idDict!.codes[row]]) : id;
  while (i < n) {
    try {
      for (; i < n; i++) {
        if (rows !== null) {
          const row = rows[i];
          if (typeof row !== "object" || row === null) {
            reading = null;
            sink.add(["rows", i], "invalid_row", `expected a record (object), got ${describeValue(row)}`);
            continue;
          }
        }
        // Customer ids are interned only once the whole row is known to be good, so dropped rows add no customers.
        let bad = false;

        // customer id
        idString = undefined;
        reading = "customerId";
        let dictCode = -3;
        if (idDict) {
          dictCode = idDict.check(i);
          if (dictCode < 0) {
            bad = true;
            const raw = idDict.rawCode(i);
            sink.add(
              readers.path(i, "customerId"),
              "missing_customer_id",
              dictCode === -1
                ? `expected a code into the id dictionary, got ${describeValue(raw)}`
                : `dictionary entry ${describeValue(raw)} is not a valid customer id (non-empty string or finite number)`,
            );
          }
        } else {
          const raw = readers.id(i);
          idString = readCustomerId(raw);
          if (idString === undefined) {
            bad = true;
            sink.add(readers.path(i, "customerId"), "missing_customer_id", `expected ${CUSTOMER_ID_RULE}, got ${describeValue(raw)}`);
          }
        }

        // date
        reading = "date";
        let d: number;
        if (dayColumn) d = dayColumn[i];
        else {
          const raw = readers.date(i);
          d = typeof raw === "string" ? parseDateString(raw, conv) : toEpochDay(raw, conv);
          if (!Number.isFinite(d)) {
            bad = true;
            sink.add(
              readers.path(i, "date"),
              "invalid_date",
              d === DATE_IMPOSSIBLE
                ? `expected a real calendar date, got ${describeValue(raw)}`
                : `expected an ISO date (YYYY-MM-DD or date-time), a Date or epoch milliseconds, got ${describeValue(raw)}`,
              customerOf(i, idString),
            );
          }
        }
        let afterAsOfRow = false;
        if (!bad && d > asOfDay) {
          if (afterAsOf === "ignore") afterAsOfRow = true;
          else {
            bad = true;
            sink.add(
              readers.path(i, "date"),
              "date_after_as_of",
              `date ${isoDateFromDays(d)} is after asOf ${asOfIso} (check day/month order and asOf; afterAsOf: "ignore" leaves such rows out)`,
              customerOf(i, idString),
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
            sink.add(readers.path(i, "amount"), "invalid_amount", `expected a finite number, got ${describeValue(a)}`, customerOf(i, idString));
          }
        } else {
          const raw = readers.amount(i);
          if (typeof raw === "number") {
            a = raw;
            if (!Number.isFinite(a)) {
              bad = true;
              sink.add(readers.path(i, "amount"), "invalid_amount", `expected a finite number, got ${describeValue(raw)}`, customerOf(i, idString));
            }
          } else if (typeof raw === "string" && NUMERIC_TEXT.test(raw)) {
            a = Number(raw);
            if (!parseText) {
              bad = true;
              sink.add(
                readers.path(i, "amount"),
                "numeric_string",
                `expected a number, got the text ${describeValue(raw)} (numericStrings: "parse" accepts plain decimal text)`,
              customerOf(i, idString),
            );
            }
          } else {
            a = Number.NaN;
            bad = true;
            sink.add(readers.path(i, "amount"), "invalid_amount", `expected a finite number, got ${describeValue(raw)}`, customerOf(i, idString));
          }
        }
        let refundRow = false;
        if (!bad && a < 0) {
          if (refunds === "error") {
            bad = true;
            sink.add(readers.path(i, "amount"), "negative_amount", `negative amount ${a} (refunds: "error"; use "net" or "exclude" to accept refunds)`, customerOf(i, idString));
          } else if (refunds === "exclude") refundRow = true;
        }

        // order id
        reading = "orderId";
        let o = -1;
        if (orderDict) {
          o = orderDict.code(i);
          if (o < 0) {
            bad = true;
            sink.add(readers.path(i, "orderId"), "invalid_order_id", `expected a non-empty order id (string or finite number), got ${describeValue(orderDict.rawCode(i))}`, customerOf(i, idString));
          }
        } else if (readers.order) {
          const raw = readers.order(i);
          const text = readCustomerId(raw);
          if (text === undefined) {
            bad = true;
            sink.add(readers.path(i, "orderId"), "invalid_order_id", `expected a non-empty order id (string or finite number), got ${describeValue(raw)}`, customerOf(i, idString));
          } else if (!bad && !afterAsOfRow && !refundRow) {
            o = orderTable.intern(text);
          }
        }

        reading = null;
        if (bad) continue;
        if (afterAsOfRow) {
          ignoredAfterAsOf++;
          continue;
        }
        if (refundRow) {
          excludedRefunds++;
          continue;
        }
        reading = null;
        amountSlot[0] = a === 0 ? 0 : a;
        emit(idDict ? idDict.dense(dictCode) : internCustomer(idString as string), d, o, amountSlot);
        kept++;
      }
    } catch (error) {
      // only a field that threw while being read is the caller's data; anything else propagates
      if (reading === null || error instanceof AnalyticsInputError) throw error;
      const why = error instanceof Error ? error.message : describeValue(error);
      sink.add(readers.path(i, reading), "unreadable_field", `reading the field threw: ${why}`, reading === "customerId" ? undefined : customerOf(i, idString));
      i++;
    }
  }
  if (!orderDict) orderCount = orderTable.size;

  if (sink.count > 0 && mode === "throw") sink.raise();
  if (kept === 0) {
    const why = [
      sink.count > 0 ? `${sink.count} invalid` : "",
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
    invalidRows: sink.count,
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
