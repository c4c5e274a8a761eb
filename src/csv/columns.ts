/**
 * Turns a CSV table into the library's transaction columns: dictionary-encoded customer and order ids,
 * epoch days, amounts. Text-level problems (an empty id, a date or number that cannot be read) are
 * found here and named by CSV line and column; the library then checks the rest (dates after the
 * as-of date, refund policy) on the columns, and its issues are mapped back to lines with `lines`.
 * The command line and `readTransactionsCsv` both read through here.
 */
import type { InputIssueCode } from "../errors.js";
import { DATE_IMPOSSIBLE, dayConverter } from "../input/dates.js";
import type { DictionaryIds } from "../input/types.js";
import { readCustomerId } from "../input/readRecords.js";
import { CLI_WORDS, type EncodingWords } from "./decode.js";
import { decodeField, type CsvTable } from "./scan.js";
import { ByteInterner, parseDayBytes, parseIsoBytes, parseNumberBytes, parsePlainNumber, type DateFormat } from "./fields.js";
import { latin1Text, utf8Text } from "./text.js";

/** How messages name the reading options: the command line's flags or the API's option names. */
export interface ReaderWords extends EncodingWords {
  /** How to turn the decimal comma on: `--decimal-comma` or `decimalComma: true`. */
  decimalComma: string;
  /** How to say it is on: `--decimal-comma is set`. */
  decimalCommaOn: string;
  /** How to ask for a thousands separator: `--thousands .` or `thousands: "."`. */
  thousands: (separator: string) => string;
}

/** The command line's words. */
export const CLI_READER_WORDS: ReaderWords = {
  ...CLI_WORDS,
  decimalComma: "--decimal-comma",
  decimalCommaOn: "--decimal-comma is set",
  thousands: (sep) => `--thousands ${sep === " " ? "space" : sep}`,
};

/** Which CSV columns hold the transaction fields. */
export interface ColumnMapping {
  customer: string;
  date: string;
  /** The amount column, or `quantity` × `price`. */
  amount?: string;
  quantity?: string;
  price?: string;
  order?: string;
}

/** Options of {@link readTransactionColumns}. */
export interface TransactionCsvOptions {
  dateFormat: DateFormat;
  decimalComma: boolean;
  /** Thousands separator byte (`thousandsByte`), -1 or absent for none. */
  thousands?: number;
  /** With `onInvalid: "throw"`, how many issues to keep (default 1); every bad row is still counted. */
  maxIssues?: number;
  /**
   * With `onInvalid: "throw"`, also keep the first this many issues of each code (default 0), so that
   * one error can show every kind of problem of the file.
   */
  issuesPerCode?: number;
  /**
   * Rows whose customer id is empty: `"error"` (default: a problem, `missing_customer_id`, under
   * `onInvalid`) or `"drop"` (left out and counted in `droppedMissingCustomer`, whatever `onInvalid`
   * says, and not checked further).
   */
  missingCustomer?: "error" | "drop";
  /** Words for the options in messages (default: the command line's flags). */
  words?: ReaderWords;
  timeZone?: string;
  /** `"throw"`: stop at the first problem; `"skip"`/`"collect"`: drop the row (collect keeps every issue). */
  onInvalid: "throw" | "skip" | "collect";
}

/** A problem in one CSV row. */
export interface RowIssue {
  line: number;
  /** 0-based index of the data row in the file (header excluded). */
  row: number;
  /** CSV column name. */
  column: string;
  code: InputIssueCode;
  message: string;
  /** The row's customer id, when it has one. */
  customerId?: string;
}

/** Transactions read from CSV, plus where each kept row came from and what was dropped. */
export interface CsvTransactions {
  columns: {
    customerId: DictionaryIds;
    date: Int32Array;
    amount: Float64Array;
    orderId?: DictionaryIds;
  };
  /** CSV line of each kept row (the library's row index → line). */
  lines: Int32Array;
  rowsRead: number;
  /** Rows dropped here (skip/collect), by issue code. */
  invalidByCode: Partial<Record<InputIssueCode, number>>;
  invalidRows: number;
  /** Issues (the first `maxIssues`, and `issuesPerCode` of each code, with `throw`; all with `collect`; none with `skip`). */
  issues: RowIssue[];
  /** Rows without a customer id left out by `missingCustomer: "drop"` (not in `invalidRows`). */
  droppedMissingCustomer: number;
  /**
   * Text of some date fields that could not be read (at most {@link SAMPLE_SIZE} spread over the file,
   * in file order), to guess the file's date format from; kept under every `onInvalid`.
   */
  badDateSamples: string[];
  /** The same for number fields (amount, quantity, price) that could not be read: to guess the number format from. */
  badNumberSamples: string[];
}

/** At most this many unreadable fields of a kind are kept as samples (see `badDateSamples`). */
export const SAMPLE_SIZE = 128;

/**
 * A sample spread over a stream of values of unknown length, in stream order: every `stride`-th value
 * is kept; when the sample is full, every other one is dropped and the stride doubled. Deterministic.
 */
export class SpreadSample {
  readonly values: string[] = [];
  private seen = 0;
  private stride = 1;
  /** Offers the next value; `text` is called only when it is kept. */
  offer(text: () => string): void {
    const index = this.seen++;
    if (index % this.stride !== 0) return;
    if (this.values.length === SAMPLE_SIZE) {
      for (let k = 0; k < SAMPLE_SIZE / 2; k++) this.values[k] = this.values[2 * k];
      this.values.length = SAMPLE_SIZE / 2;
      this.stride *= 2;
      if (index % this.stride !== 0) return;
    }
    this.values.push(text());
  }
}

/** The mapped column names the header holds more than once, with the flag that maps each and the 1-based positions. */
export function duplicatedColumns(header: readonly string[], mapping: ColumnMapping): { flag: string; column: string; positions: number[] }[] {
  const out: { flag: string; column: string; positions: number[] }[] = [];
  const seen = new Set<string>();
  for (const [key, flag] of MAPPING_FLAGS) {
    const column = mapping[key];
    if (column === undefined || seen.has(column)) continue;
    seen.add(column);
    const positions = header.flatMap((h, i) => (h === column ? [i + 1] : []));
    if (positions.length > 1) out.push({ flag, column, positions });
  }
  return out;
}

/** The mapping's fields and the flags that name them. */
export const MAPPING_FLAGS: readonly (readonly [keyof ColumnMapping, string])[] = [
  ["customer", "--customer"],
  ["date", "--date"],
  ["amount", "--amount"],
  ["quantity", "--quantity"],
  ["price", "--price"],
  ["order", "--order"],
];

/** Indexes in `header` of the mapped columns, each once: the only columns the CSV reader keeps. */
export function mappedColumnIndexes(header: readonly string[], mapping: ColumnMapping): number[] {
  const names = [mapping.customer, mapping.date, mapping.amount, mapping.quantity, mapping.price, mapping.order].filter((x): x is string => x !== undefined);
  return [...new Set(names)].map((name) => header.indexOf(name));
}

/** Column names of the mapping missing from the header (each with the flag that named it). */
export function missingColumns(header: readonly string[], mapping: ColumnMapping): { flag: string; column: string }[] {
  const out: { flag: string; column: string }[] = [];
  for (const [key, flag] of MAPPING_FLAGS) {
    const column = mapping[key];
    if (column !== undefined && !header.includes(column)) out.push({ flag, column });
  }
  return out;
}

function describeBytes(table: CsvTable, s: number, e: number): string {
  const raw = s >= 0 ? utf8Text(table.bytes, s, e) : utf8Text(table.bytes, ~s, e).replaceAll('""', '"');
  if (raw.length === 0) return "an empty field";
  return JSON.stringify(raw.length > 40 ? `${raw.slice(0, 37)}...` : raw);
}

/** True when bytes[s, e) equals bytes[ps, pe); `view` is a DataView of `bytes` (4 bytes a compare). */
function sameBytes(bytes: Uint8Array, view: DataView, s: number, e: number, ps: number, pe: number): boolean {
  const len = e - s;
  if (len !== pe - ps) return false;
  let k = 0;
  for (; k + 4 <= len; k += 4) if (view.getInt32(s + k, true) !== view.getInt32(ps + k, true)) return false;
  for (; k < len; k++) if (bytes[s + k] !== bytes[ps + k]) return false;
  return true;
}

/**
 * True when bytes[s, e) is not an id by the library's one rule (`readCustomerId`): empty or only white
 * space. ASCII is decided byte by byte; a field with other bytes is decoded and given to the rule, so a
 * no-break space alone is blank here as it is in the library.
 */
function blank(bytes: Uint8Array, s: number, e: number): boolean {
  for (let i = s; i < e; i++) {
    const c = bytes[i];
    if (c === 32 || (c >= 9 && c <= 13)) continue;
    if (c < 128) return false;
    return readCustomerId(utf8Text(bytes, s, e)) === undefined;
  }
  return true;
}

/** Scratch copy of a quoted field with `""` undone, for interning. */
function unescape(bytes: Uint8Array, s: number, e: number): Uint8Array {
  const out = new Uint8Array(e - s);
  let k = 0;
  for (let i = s; i < e; i++) {
    out[k++] = bytes[i];
    if (bytes[i] === 34 && bytes[i + 1] === 34) i++;
  }
  return out.subarray(0, k);
}

/**
 * Reads the mapped columns of `table` into transaction columns. With `onInvalid: "throw"` it stops at
 * the first bad row but keeps counting bad rows, so the one error line can say how many there are.
 */
export function readTransactionColumns(table: CsvTable, mapping: ColumnMapping, options: TransactionCsvOptions): CsvTransactions & { totalInvalid: number } {
  const reader = new TransactionColumnReader(mapping, options, { orders: Math.max(16_384, Math.min(table.rows >> 2, 1 << 20)) });
  const batch = reader.read(table, 0);
  const { lines, ...columns } = batch;
  return { columns, lines, ...reader.counts() };
}

/** One batch of transaction columns read from a table of CSV rows, and the CSV line of each row. */
export interface TransactionBatch {
  customerId: DictionaryIds;
  date: Int32Array;
  amount: Float64Array;
  orderId?: DictionaryIds;
  /** CSV line of each kept row. */
  lines: Int32Array;
}

/** What a {@link TransactionColumnReader} counted and kept over every table it read. */
export type TransactionReadCounts = Omit<CsvTransactions, "columns" | "lines"> & { totalInvalid: number };

/** Sizes of a {@link TransactionColumnReader}'s id tables, and whether order ids are decoded. */
export interface InternerSizes {
  /** Expected distinct customers (the table starts at twice this, rounded up to a power of two). */
  customers?: number;
  /** Expected distinct orders. */
  orders?: number;
  /**
   * Whether order ids are decoded to text (default true). When only their codes are used (customer
   * summaries count distinct orders by code), false leaves them as bytes: the order dictionary holds
   * each order's own code (a number, distinct per order) instead of its text.
   */
  decodeOrders?: boolean;
  /**
   * Whether each batch's arrays are reused by the next {@link TransactionColumnReader.read} (default
   * false): for a consumer that is done with a batch before asking for the next (a summariser).
   */
  reuseBatches?: boolean;
}

/**
 * Reads tables of CSV rows (the whole input, or the chunks of a stream) into batches of transaction
 * columns. One interner per id column is kept across tables, so codes are stable from batch to batch
 * and each dictionary (the same array object) grows by appending. Issues name rows by their index in
 * the whole input (`rowBase` + the row in the table) and their CSV line.
 */
export class TransactionColumnReader {
  private readonly customers: ByteInterner;
  private readonly orders: ByteInterner | null;
  private readonly issues: RowIssue[] = [];
  private readonly invalidByCode: Partial<Record<InputIssueCode, number>> = {};
  private readonly keptByCode: Partial<Record<InputIssueCode, number>> = {};
  private invalidRows = 0;
  private droppedMissingCustomer = 0;
  private rowsRead = 0;
  // unreadable dates and numbers, sampled over the whole file for the advice on their format
  private readonly badDates = new SpreadSample();
  private readonly badNumbers = new SpreadSample();
  private readonly conv: ReturnType<typeof dayConverter> | null;
  private readonly reuse: boolean;
  /** The arrays batches are written to, when reused. */
  private buffers: { codes: Int32Array; days: Int32Array; amounts: Float64Array; orders: Int32Array; lines: Int32Array } | null = null;
  /** Hashes of a window's customer and order ids (see {@link WINDOW}). */
  private readonly custHash = new Int32Array(WINDOW);
  private readonly orderHash = new Int32Array(WINDOW);
  /** Slot words, then key positions, read ahead for a window. */
  private readonly ahead = new Float64Array(WINDOW);
  private readonly orderAhead = new Float64Array(WINDOW);

  constructor(
    private readonly mapping: ColumnMapping,
    private readonly options: TransactionCsvOptions,
    sizes: InternerSizes = {},
  ) {
    this.reuse = sizes.reuseBatches === true;
    this.customers = new ByteInterner(sizes.customers ?? 4096);
    this.orders = mapping.order !== undefined ? new ByteInterner(sizes.orders ?? 16_384, sizes.decodeOrders !== false) : null;
    this.conv = options.dateFormat === "iso" ? dayConverter("crm-analytics", options.timeZone) : null;
  }

  /** The customer dictionary: one array, appended to as new ids come. */
  get customerDictionary(): readonly (string | number)[] {
    return this.customers.keys;
  }

  /** What was counted and kept so far (issues, counts by code, samples). */
  counts(): TransactionReadCounts {
    return {
      rowsRead: this.rowsRead,
      invalidByCode: this.invalidByCode,
      invalidRows: this.invalidRows,
      totalInvalid: this.invalidRows,
      issues: this.issues,
      droppedMissingCustomer: this.droppedMissingCustomer,
      badDateSamples: this.badDates.values,
      badNumberSamples: this.badNumbers.values,
    };
  }

  /** Reads the rows of `table`, the first of which is row `rowBase` of the input. */
  read(table: CsvTable, rowBase: number): TransactionBatch {
    const mapping = this.mapping;
    const index = (name: string | undefined) => (name === undefined ? -1 : table.header.indexOf(name));
    const col = (name: string | undefined) => {
      const i = index(name);
      return i < 0 ? undefined : table.columns[i];
    };
    const idCol = col(mapping.customer)!;
    const dateCol = col(mapping.date)!;
    const amountCol = col(mapping.amount);
    const qtyCol = col(mapping.quantity);
    const priceCol = col(mapping.price);
    const orderCol = col(mapping.order);
    const { bytes } = table;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const n = table.rows;
    this.rowsRead += n;
    const options = this.options;
    const { dateFormat, decimalComma, onInvalid } = options;
    const thousands = options.thousands ?? -1;
    const maxIssues = onInvalid === "throw" ? (options.maxIssues ?? 1) : Infinity;
    const perCode = onInvalid === "throw" ? (options.issuesPerCode ?? 0) : 0;
    const dropMissing = options.missingCustomer === "drop";
    const words = options.words ?? CLI_READER_WORDS;
    const conv = this.conv;
    const customers = this.customers;
    const orders = orderCol ? this.orders : null;
    let buf = this.buffers;
    if (!this.reuse || buf === null || buf.codes.length < n) {
      const size = this.reuse ? Math.max(n, 2 * (buf?.codes.length ?? 0)) : n;
      buf = { codes: new Int32Array(size), days: new Int32Array(size), amounts: new Float64Array(size), orders: new Int32Array(orderCol ? size : 0), lines: new Int32Array(size) };
      if (this.reuse) this.buffers = buf;
    }
    const custCodes = buf.codes;
    const days = buf.days;
    const amounts = buf.amounts;
    const orderCodes = orderCol ? buf.orders : null;
    const lines = buf.lines;
    const issues = this.issues;
    const invalidByCode = this.invalidByCode;
    const keptByCode = this.keptByCode;
    let invalidRows = this.invalidRows;
    let droppedMissingCustomer = this.droppedMissingCustomer;
    let kept = 0;
    const badDates = this.badDates;
    const badNumbers = this.badNumbers;

    // The previous row's date text and day: logs sorted by time repeat timestamps row after row.
    let prevS = 0;
    let prevE = -1;
    let prevDay = 0;

    // Messages are built only for issues that are kept (skip only counts: no strings per bad row).
    const wanted = (code: InputIssueCode): boolean => {
      invalidByCode[code] = (invalidByCode[code] ?? 0) + 1;
      if (onInvalid === "collect") return true;
      if (onInvalid !== "throw") return false;
      const ofCode = keptByCode[code] ?? 0;
      if (issues.length >= maxIssues && ofCode >= perCode) return false;
      keptByCode[code] = ofCode + 1;
      return true;
    };
    const add = (row: number, column: string, code: InputIssueCode, message: string): void => {
      const issue: RowIssue = { line: table.lines[row], row: rowBase + row, column, code, message };
      const b = row * idCol.stride + idCol.first;
      const id = code === "missing_customer_id" ? "" : decodeField(bytes, idCol.offsets[b], idCol.offsets[b + 1]);
      if (readCustomerId(id) !== undefined) issue.customerId = id;
      issues.push(issue);
    };
    // The previous row's id bytes and code: invoice lines repeat customer and order row after row.
    let prevCustS = 0;
    let prevCustE = -1;
    let prevCust = -1;
    let prevOrderS = 0;
    let prevOrderE = -1;
    let prevOrder = -1;

    // All kept columns share one interleaved offset array (see CsvColumn).
    const off = idCol.offsets;
    const stride = idCol.stride;
    const idColF = idCol.first;
    const dateColF = dateCol.first;
    const amountColF = amountCol ? amountCol.first : 0;
    const qtyColF = qtyCol ? qtyCol.first : 0;
    const priceColF = priceCol ? priceCol.first : 0;
    const orderColF = orderCol ? orderCol.first : 0;
    // The id tables are far larger than the caches: each window's rows first hash their ids and ask for
    // the tables' lines (loads that do not wait on each other), then are read with those hashes.
    const custHash = this.custHash;
    const orderHash = this.orderHash;
    const ahead = this.ahead;
    const orderAhead = this.orderAhead;
    for (let w = 0; w < n; w += WINDOW) {
      const wEnd = Math.min(n, w + WINDOW);
      const m = wEnd - w;
      // small tables stay in the caches: no reading ahead (it only costs there)
      const readAhead = customers.size >= READ_AHEAD_FROM || (orders !== null && orders.size >= READ_AHEAD_FROM);
      if (readAhead) {
        for (let i = w; i < wEnd; i++) {
          const b = i * stride;
          const cs = off[b + idColF];
          custHash[i - w] = cs >= 0 ? customers.hash(bytes, cs, off[b + idColF + 1]) : 0;
          if (orders) {
            const os = off[b + orderColF];
            orderHash[i - w] = os >= 0 ? orders.hash(bytes, os, off[b + orderColF + 1]) : 0;
          }
        }
        // one level of the tables per loop: short loops keep many loads in flight
        for (let k = 0; k < m; k++) ahead[k] = customers.touchSlot(custHash[k]);
        if (orders) for (let k = 0; k < m; k++) orderAhead[k] = orders.touchSlot(orderHash[k]);
        for (let k = 0; k < m; k++) ahead[k] = customers.touchKey(ahead[k]);
        for (let k = 0; k < m; k++) customers.touchRecord(ahead[k]);
      }
      for (let i = w; i < wEnd; i++) {
        let bad = false;
        const b = i * stride;

        // customer id
        let cs = off[b + idColF];
        let ce = off[b + idColF + 1];
        let idBytes: Uint8Array = bytes;
        if (cs < 0) {
          idBytes = unescape(bytes, ~cs, ce);
          cs = 0;
          ce = idBytes.length;
        }
        if (blank(idBytes, cs, ce)) {
          if (dropMissing) {
            droppedMissingCustomer++;
            continue;
          }
          bad = true;
          if (wanted("missing_customer_id")) add(i, mapping.customer, "missing_customer_id", `missing customer id (${describeBytes(table, off[b + idColF], off[b + idColF + 1])})`);
        }

        // date
        const ds0 = off[b + dateColF];
        const ds = ds0 < 0 ? ~ds0 : ds0;
        const de = off[b + dateColF + 1];
        let day: number;
        if (sameBytes(bytes, view, ds, de, prevS, prevE)) day = prevDay;
        else {
          day = conv ? parseIsoBytes(bytes, ds, de, conv) : parseDayBytes(bytes, ds, de, dateFormat as Exclude<DateFormat, "iso">);
          prevS = ds;
          prevE = de;
          prevDay = day;
        }
        if (!Number.isFinite(day)) {
          bad = true;
          badDates.offer(() => decodeField(bytes, ds0, de));
          if (wanted("invalid_date")) {
            const got = describeBytes(table, ds0, de);
            add(
              i,
              mapping.date,
              "invalid_date",
              day === DATE_IMPOSSIBLE
                ? `expected a real calendar date, got ${got}`
                : `expected a date in the ${dateFormat} format (${DATE_FORMAT_HINT[dateFormat]}), got ${got}`,
            );
          }
        }

        // amount, or quantity × price
        let amount: number;
        if (amountCol) {
          amount = parsePlainNumber(bytes, off[b + amountColF], off[b + amountColF + 1], decimalComma);
          if (amount !== amount) amount = parseNumberBytes(bytes, off[b + amountColF], off[b + amountColF + 1], decimalComma, thousands);
          if (!Number.isFinite(amount)) {
            bad = true;
            badNumbers.offer(() => decodeField(bytes, off[b + amountColF], off[b + amountColF + 1]));
            if (wanted("invalid_amount")) add(i, mapping.amount!, "invalid_amount", `expected a finite number, got ${describeBytes(table, off[b + amountColF], off[b + amountColF + 1])}${hint(bytes, off[b + amountColF], off[b + amountColF + 1], decimalComma, thousands, words)}`);
          }
        } else {
          let q = parsePlainNumber(bytes, off[b + qtyColF], off[b + qtyColF + 1], decimalComma);
          if (q !== q) q = parseNumberBytes(bytes, off[b + qtyColF], off[b + qtyColF + 1], decimalComma, thousands);
          let pr = parsePlainNumber(bytes, off[b + priceColF], off[b + priceColF + 1], decimalComma);
          if (pr !== pr) pr = parseNumberBytes(bytes, off[b + priceColF], off[b + priceColF + 1], decimalComma, thousands);
          if (!Number.isFinite(q)) {
            bad = true;
            badNumbers.offer(() => decodeField(bytes, off[b + qtyColF], off[b + qtyColF + 1]));
            if (wanted("invalid_amount")) add(i, mapping.quantity!, "invalid_amount", `expected a finite number, got ${describeBytes(table, off[b + qtyColF], off[b + qtyColF + 1])}${hint(bytes, off[b + qtyColF], off[b + qtyColF + 1], decimalComma, thousands, words)}`);
          }
          if (!Number.isFinite(pr)) {
            bad = true;
            badNumbers.offer(() => decodeField(bytes, off[b + priceColF], off[b + priceColF + 1]));
            if (wanted("invalid_amount")) add(i, mapping.price!, "invalid_amount", `expected a finite number, got ${describeBytes(table, off[b + priceColF], off[b + priceColF + 1])}${hint(bytes, off[b + priceColF], off[b + priceColF + 1], decimalComma, thousands, words)}`);
          }
          amount = q * pr;
        }

        // order id
        let os = 0;
        let oe = 0;
        let orderBytes: Uint8Array = bytes;
        if (orderCol) {
          os = off[b + orderColF];
          oe = off[b + orderColF + 1];
          if (os < 0) {
            orderBytes = unescape(bytes, ~os, oe);
            os = 0;
            oe = orderBytes.length;
          }
          if (blank(orderBytes, os, oe)) {
            bad = true;
            if (wanted("invalid_order_id")) add(i, mapping.order!, "invalid_order_id", `missing order id (${describeBytes(table, off[b + orderColF], off[b + orderColF + 1])})`);
          }
        }

        if (bad) {
          invalidRows++;
          continue;
        }
        if (idBytes === bytes && sameBytes(bytes, view, cs, ce, prevCustS, prevCustE)) custCodes[kept] = prevCust;
        else {
          prevCust = custCodes[kept] = readAhead && idBytes === bytes ? customers.internHashed(bytes, cs, ce, custHash[i - w]) : customers.intern(idBytes, cs, ce);
          if (idBytes === bytes) {
            prevCustS = cs;
            prevCustE = ce;
          } else prevCustE = -1;
        }
        days[kept] = day;
        amounts[kept] = amount;
        if (orders) {
          if (orderBytes === bytes && sameBytes(bytes, view, os, oe, prevOrderS, prevOrderE)) orderCodes![kept] = prevOrder;
          else {
            prevOrder = orderCodes![kept] = readAhead && orderBytes === bytes ? orders.internHashed(bytes, os, oe, orderHash[i - w]) : orders.intern(orderBytes, os, oe);
            if (orderBytes === bytes) {
              prevOrderS = os;
              prevOrderE = oe;
            } else prevOrderE = -1;
          }
        }
        lines[kept] = table.lines[i];
        kept++;
      }
    }
    this.invalidRows = invalidRows;
    this.droppedMissingCustomer = droppedMissingCustomer;
    return {
      customerId: { codes: custCodes.subarray(0, kept), dictionary: customers.keys },
      date: days.subarray(0, kept),
      amount: amounts.subarray(0, kept),
      ...(orders ? { orderId: { codes: orderCodes!.subarray(0, kept), dictionary: orders.dictionary() } } : {}),
      lines: lines.subarray(0, kept),
    };
  }
}

/** Rows whose id table slots are asked for together, before the rows are read (some 64 KB of lines). */
const WINDOW = 1024;
/** Distinct ids of a column from which the reader reads its table ahead. */
const READ_AHEAD_FROM = 1 << 16;

const DATE_FORMAT_HINT: Record<DateFormat, string> = {
  iso: "YYYY-MM-DD, optionally with a time",
  ymd: "YYYY-MM-DD, YYYY/M/D or YYYYMMDD",
  mdy: "M/D/YYYY",
  dmy: "D/M/YYYY",
};

/**
 * A hint for the commonest mistakes: a decimal comma without the option (or the reverse), thousands
 * separators without the option.
 */
function hint(bytes: Uint8Array, s: number, e: number, decimalComma: boolean, thousands: number, words: ReaderWords): string {
  if (s < 0) return "";
  const text = latin1Text(bytes, s, e).trim();
  if (!decimalComma && /^[+-]?\d+,\d+$/.test(text) && !/^[+-]?\d{1,3}(,\d{3})+$/.test(text)) return ` (a decimal comma? use ${words.decimalComma})`;
  if (!decimalComma && /^[+-]?\d+,\d+$/.test(text)) return ` (a decimal comma, or a thousands separator? use ${words.decimalComma} or ${words.thousands(",")})`;
  if (decimalComma && /^[+-]?\d+\.\d+$/.test(text) && !/^[+-]?\d{1,3}(\.\d{3})+$/.test(text)) return ` (a decimal point, but ${words.decimalCommaOn})`;
  if (thousands < 0) {
    const sep = decimalComma ? /^[+-]?\d{1,3}([.' \u00a0\u202f]|\xc2\xa0)\d{3}/.exec(text) : /^[+-]?\d{1,3}([,' ]|\xc2\xa0)\d{3}/.exec(text);
    if (sep) return ` (thousands separators? use ${words.thousands(sep[1] === "\xc2\xa0" ? " " : sep[1])})`;
    if (!decimalComma && /^[+-]?\d{1,3}(\.\d{3})+,\d+$/.test(text)) return ` (a decimal comma with thousands separators? use ${words.decimalComma} and ${words.thousands(".")})`;
  }
  return "";
}
