/**
 * Apache Arrow tables as input, recognised by shape (no runtime dependency): a table of
 * [apache-arrow](https://arrow.apache.org/docs/js/) or [flechette](https://github.com/uwdata/flechette)
 * has `getChild(name)`, `numRows` and `schema.fields`, and each column has `data`, a list of record-batch
 * chunks (`values`, a validity bitmap, `length`, and for dictionary columns `dictionary`). The adapter turns
 * the columns a reader needs into the column objects the readers already take:
 *
 * - dictionary vectors → `{ codes, dictionary }` (the dictionary read once; a single Int32 chunk without
 *   nulls is used in place, other codes are copied into one `Int32Array`);
 * - Date32 → epoch days (in place for a single chunk); Date64 → the UTC day of its milliseconds; Timestamp
 *   with a time zone (an instant) → the day in the reader's `timeZone` option; Timestamp without one
 *   (wall-clock time) → the day written, like an ISO date-time without offset;
 * - Float64 → amounts (in place for a single chunk without nulls), Float32 / Int / Decimal (scaled) →
 *   a `Float64Array` copy;
 * - other columns (Utf8 ids) → plain arrays of values.
 *
 * Nulls become what the readers report for a null in a plain column, naming the row.
 * @internal
 */
import { describeValue } from "../errors.js";
import type { DayConverter } from "./dates.js";
import type { CustomerColumns, DictionaryIds, TransactionColumns } from "./types.js";

/** Rows of a transaction column that are null, for the readers' messages (`1` = null). */
export interface ArrowNulls {
  date?: Uint8Array;
  amount?: Uint8Array;
}

/** Where the adapter leaves the null masks of the transaction columns it made. */
export const ARROW_NULLS: unique symbol = Symbol("crm-analytics.arrowNulls");

/** A day no reader accepts, stored for a null date (the mask says it was null). */
export const NULL_DAY = -2147483648;

interface ArrowType {
  typeId: number;
  unit?: number;
  timezone?: string | null;
  bitWidth?: number;
  isSigned?: boolean;
  signed?: boolean;
  precision?: number;
  scale?: number;
}

/** One record-batch chunk of a column, as both libraries hold it. */
interface ArrowChunk {
  length: number;
  offset?: number;
  values?: ArrayLike<number | bigint> & { buffer: ArrayBufferLike; byteOffset: number; byteLength: number; subarray?: (a: number, b: number) => unknown };
  nullBitmap?: Uint8Array;
  validity?: Uint8Array;
  nullCount: number;
  dictionary?: unknown;
  type?: ArrowType;
}

interface ArrowColumn {
  type: ArrowType;
  length: number;
  data: readonly ArrowChunk[];
  at?: (i: number) => unknown;
  get?: (i: number) => unknown;
  toArray?: () => ArrayLike<unknown>;
}

/** An Arrow table as both libraries shape it. */
export interface ArrowTableLike {
  numRows: number;
  schema: { fields: readonly { name: string; type: ArrowType }[] };
  getChild(name: string): unknown;
}

// Arrow's Type enum (format/Schema.fbs, the same in both libraries)
const DICTIONARY = -1;
const INT = 2;
const FLOAT = 3;
const DECIMAL = 7;
const DATE = 8;
const TIMESTAMP = 10;
const MS_PER_DAY = 86_400_000;

/** Whether `input` is an Arrow table (apache-arrow `Table`, flechette `Table`), by shape. */
export function isArrowTable(input: unknown): input is ArrowTableLike {
  if (typeof input !== "object" || input === null) return false;
  const t = input as Partial<ArrowTableLike>;
  return typeof t.getChild === "function" && typeof t.numRows === "number" && typeof t.schema === "object" && t.schema !== null && Array.isArray(t.schema.fields);
}

function column(table: ArrowTableLike, name: string): ArrowColumn | undefined {
  if (!table.schema.fields.some((f) => f.name === name)) return undefined;
  const c = table.getChild(name) as ArrowColumn | null;
  if (!c || !Array.isArray(c.data)) return undefined;
  return c;
}

function offsetOf(chunk: ArrowChunk): number {
  return typeof chunk.offset === "number" ? chunk.offset : 0;
}

/** The chunk's validity bitmap when it has nulls, else null. apache-arrow bitmaps start at bit `offset`. */
function validityOf(chunk: ArrowChunk): Uint8Array | null {
  if (!(chunk.nullCount > 0)) return null;
  return chunk.nullBitmap && chunk.nullBitmap.length > 0 ? chunk.nullBitmap : (chunk.validity ?? null);
}

function isNull(bits: Uint8Array, bit: number): boolean {
  return (bits[bit >> 3] & (1 << (bit & 7))) === 0;
}

function hasNulls(col: ArrowColumn): boolean {
  return col.data.some((c) => validityOf(c) !== null);
}

/** A value of a plain column: the library's own getter (bigint ids as their decimal text). */
function valuesOf(col: ArrowColumn): unknown[] {
  const out = new Array<unknown>(col.length);
  const get = typeof col.at === "function" ? col.at.bind(col) : typeof col.get === "function" ? col.get.bind(col) : null;
  if (get === null) throw new TypeError(`column has no at(i) or get(i)`);
  for (let i = 0; i < out.length; i++) {
    const v = get(i);
    out[i] = typeof v === "bigint" ? String(v) : v;
  }
  return out;
}

function entriesOf(dictionary: unknown): (string | number | null)[] {
  const d = dictionary as ArrowColumn;
  if (d && Array.isArray(d.data)) {
    const ascii = asciiEntries(d);
    if (ascii) return ascii;
    // text dictionaries without nulls: the library's own bulk decoding
    if (typeof d.toArray === "function" && !hasNulls(d)) {
      const all = d.toArray();
      if (Array.isArray(all) && all.length === d.length && all.every((v) => typeof v === "string")) return all as string[];
    }
    return valuesOf(d) as (string | number | null)[];
  }
  throw new TypeError(`dictionary is not an Arrow vector, got ${describeValue(dictionary)}`);
}

const UTF8 = 5;
let decoder: InstanceType<typeof TextDecoder> | undefined;
const NON_ASCII = /[^\x00-\x7f]/;

/**
 * The entries of a Utf8 vector without nulls whose text is all ASCII: each chunk's bytes decoded at once
 * and cut at the offsets (a string per entry without a decoder call each), or null otherwise.
 */
function asciiEntries(d: ArrowColumn): string[] | null {
  if (d.type.typeId !== UTF8 || hasNulls(d)) return null;
  const out: string[] = [];
  for (const chunk of d.data) {
    const c = chunk as ArrowChunk & { valueOffsets?: Int32Array; offsets?: Int32Array };
    const offsets = c.valueOffsets ?? c.offsets;
    const bytes = c.values;
    if (!(offsets instanceof Int32Array) || !(bytes instanceof Uint8Array)) return null;
    const from = offsets[0];
    const to = offsets[c.length];
    const text = (decoder ??= new TextDecoder()).decode(bytes.subarray(from, to));
    // only ASCII text has one character per byte (a replacement character can stand for one bad byte too)
    if (text.length !== to - from || NON_ASCII.test(text)) return null;
    for (let j = 0; j < c.length; j++) out.push(text.slice(offsets[j] - from, offsets[j + 1] - from));
  }
  return out;
}

/**
 * A dictionary column as `{ codes, dictionary }`, or null when its chunks have different dictionaries
 * (then the column is read as values). Null rows get the code of an extra `null` entry.
 */
function dictionaryColumn(col: ArrowColumn): DictionaryIds | null {
  const first = col.data[0]?.dictionary;
  if (col.data.some((c) => c.dictionary !== first)) return null;
  const dictionary: (string | number | null)[] = col.data.length > 0 ? entriesOf(first) : [];
  const only = col.data.length === 1 ? col.data[0] : null;
  if (only && only.values instanceof Int32Array && validityOf(only) === null) {
    return { codes: only.values.subarray(0, only.length), dictionary: dictionary as (string | number)[] };
  }
  const codes = new Int32Array(col.length);
  const nullCode = dictionary.length;
  let nulls = false;
  let at = 0;
  for (const chunk of col.data) {
    const v = chunk.values as ArrayLike<number | bigint>;
    const bits = validityOf(chunk);
    const off = offsetOf(chunk);
    const n = chunk.length;
    if (typeof v[0] === "bigint") for (let j = 0; j < n; j++) codes[at + j] = Number(v[j]);
    else if (ArrayBuffer.isView(v)) codes.set((v as Int32Array).subarray(0, n), at);
    else for (let j = 0; j < n; j++) codes[at + j] = v[j] as number;
    if (bits) {
      for (let j = 0; j < n; j++) {
        if (isNull(bits, off + j)) {
          codes[at + j] = nullCode;
          nulls = true;
        }
      }
    }
    at += n;
  }
  if (nulls) dictionary.push(null);
  // a null entry is what the readers report as a missing id for the rows that point to it
  return { codes, dictionary: dictionary as (string | number)[] };
}

/** Ids (customer or order): dictionary columns as codes, anything else as values. */
function idColumn(col: ArrowColumn): DictionaryIds | unknown[] {
  return (col.type.typeId === DICTIONARY && dictionaryColumn(col)) || valuesOf(col);
}

/** Number of a chunk's value `j` for numeric types (Int incl. 64-bit, Float, Decimal scaled). */
function numberReader(type: ArrowType, chunk: ArrowChunk): (j: number) => number {
  const v = chunk.values as ArrayLike<number | bigint> & { buffer: ArrayBufferLike; byteOffset: number; byteLength: number };
  if (type.typeId === DECIMAL) {
    const bytes = (type.bitWidth ?? 128) / 8;
    const view = new DataView(v.buffer, v.byteOffset, v.byteLength);
    const scale = 10 ** (type.scale ?? 0);
    const words = bytes / 4;
    return (j) => {
      // little-endian two's complement, 32 bits at a time; the top word signed
      const base = j * bytes;
      let x = view.getInt32(base + 4 * (words - 1), true);
      for (let w = words - 2; w >= 0; w--) x = x * 4294967296 + view.getUint32(base + 4 * w, true);
      return x / scale;
    };
  }
  if (typeof v[0] === "bigint") return (j) => Number(v[j]);
  return (j) => v[j] as number;
}

/** Whether a column holds numbers the adapter reads (Int, Float other than half, Decimal). */
function isNumeric(type: ArrowType): boolean {
  return type.typeId === INT || (type.typeId === FLOAT && type.precision !== 0) || type.typeId === DECIMAL;
}

/**
 * A numeric column as a `Float64Array` (nulls as NaN, flagged in `nulls`): a single Float64 chunk without
 * nulls is used in place.
 */
function numberColumn(col: ArrowColumn): { values: Float64Array; nulls: Uint8Array | null } {
  const only = col.data.length === 1 ? col.data[0] : null;
  if (only && only.values instanceof Float64Array && validityOf(only) === null && col.type.typeId === FLOAT) {
    return { values: only.values.subarray(0, only.length), nulls: null };
  }
  const out = new Float64Array(col.length);
  let nulls: Uint8Array | null = null;
  let at = 0;
  for (const chunk of col.data) {
    const n = chunk.length;
    const v = chunk.values;
    if (col.type.typeId === FLOAT && (v instanceof Float64Array || v instanceof Float32Array)) out.set(v.subarray(0, n), at);
    else {
      const read = numberReader(col.type, chunk);
      for (let j = 0; j < n; j++) out[at + j] = read(j);
    }
    const bits = validityOf(chunk);
    if (bits) {
      const off = offsetOf(chunk);
      for (let j = 0; j < n; j++) {
        if (isNull(bits, off + j)) {
          out[at + j] = Number.NaN;
          (nulls ??= new Uint8Array(col.length))[at + j] = 1;
        }
      }
    }
    at += n;
  }
  return { values: out, nulls };
}

const UNIT_MS = [1000, 1, 1e-3, 1e-6];

/**
 * A date column (Date32, Date64, Timestamp) as epoch days, nulls as {@link NULL_DAY} flagged in `nulls`;
 * undefined for other types. A single Date32 chunk without nulls is used in place.
 */
function dayColumn(col: ArrowColumn, conv: DayConverter): { values: Int32Array; nulls: Uint8Array | null } | undefined {
  const type = col.type;
  if (type.typeId !== DATE && type.typeId !== TIMESTAMP) return undefined;
  const only = col.data.length === 1 ? col.data[0] : null;
  const date32 = type.typeId === DATE && type.unit === 0;
  if (date32 && only && only.values instanceof Int32Array && validityOf(only) === null) {
    return { values: only.values.subarray(0, only.length), nulls: null };
  }
  const out = new Int32Array(col.length);
  let nulls: Uint8Array | null = null;
  // Date64: a calendar date as UTC milliseconds; Timestamp with a zone: an instant; without: wall-clock time
  const instant = type.typeId === TIMESTAMP && typeof type.timezone === "string" && type.timezone.length > 0;
  const perMs = type.typeId === TIMESTAMP ? UNIT_MS[type.unit ?? 1] : 1;
  let at = 0;
  for (const chunk of col.data) {
    const n = chunk.length;
    const v = chunk.values as ArrayLike<number | bigint>;
    if (date32) {
      if (v instanceof Int32Array) out.set(v.subarray(0, n), at);
      else for (let j = 0; j < n; j++) out[at + j] = Number(v[j]);
    } else {
      const big = typeof v[0] === "bigint";
      const nanos = perMs === 1e-6;
      for (let j = 0; j < n; j++) {
        const raw = v[j];
        // nanoseconds beyond 2^53 are cut to whole milliseconds exactly, in bigint
        const ms = big ? (nanos ? Number((raw as bigint) / 1_000_000n) - ((raw as bigint) % 1_000_000n < 0n ? 1 : 0) : Number(raw) * perMs) : (raw as number) * perMs;
        const day = instant ? conv.dayOfInstant(ms) : Math.floor(ms / MS_PER_DAY);
        out[at + j] = day >= -2147483647 && day <= 2147483647 ? day : NULL_DAY + 1;
      }
    }
    const bits = validityOf(chunk);
    if (bits) {
      const off = offsetOf(chunk);
      for (let j = 0; j < n; j++) {
        if (isNull(bits, off + j)) {
          out[at + j] = NULL_DAY;
          (nulls ??= new Uint8Array(col.length))[at + j] = 1;
        }
      }
    }
    at += n;
  }
  return { values: out, nulls };
}

/** The transaction column names to read: string field mappings, else the defaults. */
export interface ArrowTransactionNames {
  customerId: string;
  date: string;
  amount: string;
  orderId?: string;
}

/**
 * An Arrow table as {@link TransactionColumns} for the transaction reader: the columns named by `names`
 * (a missing one is left out, for the reader to report as `missing_field`), with the null masks of the
 * date and amount columns under {@link ARROW_NULLS}.
 * @throws {TypeError} `${fn}: ...` for a column type the adapter does not read.
 */
export function arrowTransactionColumns(fn: string, table: ArrowTableLike, names: ArrowTransactionNames, conv: DayConverter): TransactionColumns {
  const out: Record<string, unknown> = {};
  const nulls: ArrowNulls = {};
  const id = column(table, names.customerId);
  if (id) out.customerId = idColumn(id);
  const date = column(table, names.date);
  if (date) {
    const days = dayColumn(date, conv);
    if (days) {
      out.date = days.values;
      if (days.nulls) nulls.date = days.nulls;
    } else out.date = valuesOf(date);
  }
  const amount = column(table, names.amount);
  if (amount) {
    if (isNumeric(amount.type)) {
      const a = numberColumn(amount);
      out.amount = a.values;
      if (a.nulls) nulls.amount = a.nulls;
    } else out.amount = valuesOf(amount);
  }
  if (names.orderId !== undefined) {
    const order = column(table, names.orderId);
    // a mapped order column that is absent: a missing column, as with plain columns
    out.orderId = order ? idColumn(order) : null;
  }
  Object.defineProperty(out, ARROW_NULLS, { value: nulls, enumerable: false });
  return out as unknown as TransactionColumns;
}

/**
 * An Arrow table as {@link CustomerColumns}: `idName` as ids (dictionary codes or values), numeric columns
 * as `Float64Array`s (a plain array with `null`s when the column has nulls, which the reader reports),
 * anything else as plain values. Columns are converted when first read.
 */
export function arrowCustomerColumns(table: ArrowTableLike, idName: string): CustomerColumns {
  const out: Record<string, unknown> = {};
  for (const field of table.schema.fields) {
    const name = field.name;
    let cached: unknown;
    Object.defineProperty(out, name, {
      enumerable: true,
      get() {
        if (cached !== undefined) return cached;
        const col = column(table, name) as ArrowColumn;
        if (name === idName) cached = idColumn(col);
        else if (isNumeric(col.type)) cached = hasNulls(col) ? valuesWithNulls(col) : numberColumn(col).values;
        else if (col.type.typeId === DICTIONARY) cached = dictionaryColumn(col) ?? valuesOf(col);
        else cached = valuesOf(col);
        return cached;
      },
    });
  }
  return out as CustomerColumns;
}

function valuesWithNulls(col: ArrowColumn): (number | null)[] {
  const { values, nulls } = numberColumn(col);
  const out = Array.from(values) as (number | null)[];
  if (nulls) for (let i = 0; i < out.length; i++) if (nulls[i] === 1) out[i] = null;
  return out;
}
