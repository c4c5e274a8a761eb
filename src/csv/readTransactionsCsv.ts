import { z } from "zod";
import { AnalyticsInputError, type InputIssue, type InputIssueCode } from "../errors.js";
import { dayConverter } from "../input/dates.js";
import { defineOptions, parseOptions, type OptionsSchema } from "../options.js";
import { duplicatedColumns, mappedColumnIndexes, missingColumns, readTransactionColumns, type ColumnMapping, type ReaderWords, type RowIssue } from "./columns.js";
import { decodeInput, EncodingError, useFastUtf8Check } from "./decode.js";
import { thousandsByte, type DateFormat, type ThousandsSeparator } from "./fields.js";
import { CsvError, delimiterByte, readCsv, sniffDelimiter, type CsvTable } from "./scan.js";
import { decodeBytes, decodeStream, gunzipWeb, isGzip, type SourceBytes } from "./source.js";
import { utf8Bytes } from "./text.js";

const FN = "readTransactionsCsv";

/** Text encodings the CSV reader accepts (`latin1` is read as Windows-1252, as browsers do). */
export type CsvEncoding = "utf8" | "latin1" | "windows-1252";

/** A web `ReadableStream<Uint8Array>`, as far as the reader uses it (so the types need no DOM library). */
export interface ByteStream {
  getReader(): { read(): Promise<{ done: boolean; value?: Uint8Array }>; releaseLock(): void };
}

/** A `URL` object (a `file:` URL), as far as the reader uses it. */
export interface FileUrl {
  readonly href: string;
  readonly protocol: string;
}

/** What {@link readTransactionsCsv} reads: a file path or `file:` URL, CSV text, bytes, or a stream of bytes. */
export type CsvInput = string | FileUrl | { text: string } | Uint8Array | ArrayBuffer | ByteStream | AsyncIterable<Uint8Array>;

/**
 * Which CSV columns (by header name) hold the transaction fields. Defaults: `customerId`, `date`,
 * `amount`, and `orderId` when the header has it. Give `quantity` with `price` instead of `amount`
 * to read amount = quantity × price (order lines).
 */
export interface CsvColumnNames {
  customerId?: string;
  date?: string;
  amount?: string;
  quantity?: string;
  price?: string;
  orderId?: string;
}

/** Options of {@link readTransactionsCsv} and {@link parseTransactionsCsv}. */
export interface ReadTransactionsCsvOptions {
  /** Header names of the transaction fields (see {@link CsvColumnNames}). */
  columns?: CsvColumnNames;
  /**
   * `"auto"` (default): guessed from the header line among `,` `;` tab `|`; or one ASCII character;
   * or `"whitespace"` (runs of spaces and tabs, no quoting).
   */
  delimiter?: string;
  /**
   * `"iso"` (default: `YYYY-MM-DD`, optionally with a time and offset, as the library reads dates),
   * `"ymd"` (`YYYY-MM-DD`, `YYYY/M/D`, `YYYYMMDD`), `"mdy"` (`M/D/YYYY`), `"dmy"` (`D/M/YYYY`, also
   * `D.M.YYYY`); a wall-clock time may follow any of them.
   */
  dateFormat?: DateFormat;
  /** Numbers use a decimal comma (`12,50`). Default false. */
  decimalComma?: boolean;
  /** Thousands separator in numbers (`"."` for `1.099,00`, `","` for `1,099.00`, `" "`, `"'"`); none by default. */
  thousands?: ThousandsSeparator;
  /** `"utf8"` (default, checked), `"latin1"` or `"windows-1252"`; a UTF-8 byte order mark means UTF-8. */
  encoding?: CsvEncoding;
  /** IANA zone in which ISO instants (`…Z`, `…+02:00`) become days; UTC when omitted. */
  timeZone?: string;
  /** Rows that cannot be read: `"throw"` (default), `"skip"` (left out, counted) or `"collect"` (left out, listed). */
  onInvalid?: "throw" | "skip" | "collect";
  /** With `onInvalid: "throw"`, how many issues the error lists (default 20; every bad row is counted). */
  maxIssues?: number;
  /**
   * Rows whose customer id is empty (guest checkouts, Online Retail's 135,080 rows without a
   * CustomerID): `"error"` (default: a `missing_customer_id` problem, handled by `onInvalid`) or
   * `"drop"`: left out and counted in `meta.droppedMissingCustomer`, while every other problem still
   * follows `onInvalid` (so with the default `"throw"` anything else still stops the read).
   */
  onMissingCustomer?: "error" | "drop";
  /** The input's name in messages (default: the file path, or `"input"`). */
  name?: string;
}

/**
 * A problem found while reading the CSV: an {@link InputIssue} with the file line (1-based; rows can
 * span lines inside quotes). `path` is `["line", line, column]` for a field (`field` is the CSV column
 * name, `row` the 0-based data row), `["line", line]` for the file's structure, `["fields", key]` for a
 * mapped column the header lacks.
 */
export interface CsvIssue extends InputIssue {
  /** 1-based line in the file. */
  readonly line: number;
  /** 1-based character column, for encoding problems. */
  readonly column?: number;
}

/** The transaction columns read from a CSV, ready for `summarizeTransactions` and every analysis of transactions. */
export interface CsvTransactionColumns {
  customerId: { codes: Int32Array; dictionary: string[] };
  /** Epoch days (days since 1970-01-01). */
  date: Int32Array;
  amount: Float64Array;
  orderId?: { codes: Int32Array; dictionary: string[] };
}

/** What was read and how. */
export interface CsvReadMeta {
  /** The input's name in messages. */
  source: string;
  header: string[];
  /** 1-based line of the header. */
  headerLine: number;
  /** The delimiter used (the one sniffed with `"auto"`). */
  delimiter: string;
  /** The encoding used (a UTF-8 byte order mark overrides the one asked for). */
  encoding: CsvEncoding;
  /** Whether the input was gzip. */
  gzip: boolean;
  /** The header names each transaction field was read from. */
  columns: Required<Pick<CsvColumnNames, "customerId" | "date">> & CsvColumnNames;
  /** Data rows in the file. */
  rowsRead: number;
  /** Rows in `columns`. */
  rowsUsed: number;
  /** Rows left out (`onInvalid` skip/collect); a row with several problems counts once. */
  invalidRows: number;
  /** Rows without a customer id left out by `onMissingCustomer: "drop"` (not in `invalidRows`). */
  droppedMissingCustomer: number;
  /** Problems by code (a row with several counts under each). */
  invalidByCode: Partial<Record<InputIssueCode, number>>;
  /** With `onInvalid: "collect"`: every problem. */
  issues: CsvIssue[];
  /** What you should know (a byte order mark that overrode `encoding`, UTF-8 text read as Latin-1). */
  notes: string[];
}

/** The result of {@link readTransactionsCsv}: the columns, the file line of each row, and what was read. */
export interface TransactionsCsv {
  columns: CsvTransactionColumns;
  /** 1-based file line of each row of `columns`: an analysis issue at `["columns", field, i]` is on line `lines[i]`. */
  lines: Int32Array;
  meta: CsvReadMeta;
}

const columnNamesSchema: OptionsSchema<CsvColumnNames> = defineOptions<CsvColumnNames>()({
  customerId: z.string().min(1).optional(),
  date: z.string().min(1).optional(),
  amount: z.string().min(1).optional(),
  quantity: z.string().min(1).optional(),
  price: z.string().min(1).optional(),
  orderId: z.string().min(1).optional(),
});

const optionsSchema: OptionsSchema<ReadTransactionsCsvOptions> = defineOptions<ReadTransactionsCsvOptions>()({
  columns: columnNamesSchema.optional(),
  delimiter: z.string().optional(),
  dateFormat: z.enum(["iso", "ymd", "mdy", "dmy"]).optional(),
  decimalComma: z.boolean().optional(),
  thousands: z.enum([",", ".", " ", "'"]).optional(),
  encoding: z.enum(["utf8", "latin1", "windows-1252"]).optional(),
  timeZone: z.string().optional(),
  onInvalid: z.enum(["throw", "skip", "collect"]).optional(),
  maxIssues: z.number().int().min(1).optional(),
  onMissingCustomer: z.enum(["error", "drop"]).optional(),
  name: z.string().optional(),
});

/** The API's words for options in messages. */
const API_WORDS: ReaderWords = {
  encoding: (name) => `encoding: "${name}"`,
  encodingOption: "the encoding option",
  decimalComma: "decimalComma: true",
  decimalCommaOn: "decimalComma is true",
  thousands: (sep) => `thousands: ${JSON.stringify(sep)}`,
};

/** Checked options with defaults. */
interface Settings {
  columns: CsvColumnNames;
  delimiter: string;
  dateFormat: DateFormat;
  decimalComma: boolean;
  thousands: ThousandsSeparator | undefined;
  encoding: CsvEncoding;
  timeZone: string | undefined;
  onInvalid: "throw" | "skip" | "collect";
  maxIssues: number;
  onMissingCustomer: "error" | "drop";
  name: string | undefined;
}

function settingsOf(fn: string, options: ReadTransactionsCsvOptions | undefined): Settings {
  const o = parseOptions(fn, optionsSchema, options ?? {}) as ReadTransactionsCsvOptions;
  const columns = o.columns ?? {};
  if ((columns.quantity === undefined) !== (columns.price === undefined)) throw new TypeError(`${fn}: options.columns: quantity and price go together (amount = quantity × price)`);
  if (columns.quantity !== undefined && columns.amount !== undefined) throw new TypeError(`${fn}: options.columns: give either amount or quantity with price, not both`);
  const delimiter = o.delimiter ?? "auto";
  if (delimiter !== "auto") {
    try {
      delimiterByte(delimiter);
    } catch {
      throw new RangeError(`${fn}: options.delimiter must be "auto", "whitespace" or one ASCII character other than the quote and line breaks, got ${JSON.stringify(delimiter)}`);
    }
  }
  const decimalComma = o.decimalComma ?? false;
  if (o.thousands !== undefined && o.thousands === (decimalComma ? "," : ".")) {
    throw new RangeError(`${fn}: options.thousands ${JSON.stringify(o.thousands)} is the decimal mark${decimalComma ? " (decimalComma is true)" : ""}; use ${decimalComma ? '"."' : '","'} or another separator`);
  }
  if (o.timeZone !== undefined) dayConverter(fn, o.timeZone);
  return {
    columns,
    delimiter,
    dateFormat: o.dateFormat ?? "iso",
    decimalComma,
    thousands: o.thousands,
    encoding: o.encoding ?? "utf8",
    timeZone: o.timeZone,
    onInvalid: o.onInvalid ?? "throw",
    maxIssues: o.maxIssues ?? 20,
    onMissingCustomer: o.onMissingCustomer ?? "error",
    name: o.name,
  };
}

/** A {@link CsvError} as the library's error. */
function csvErrorAsInputError(fn: string, error: CsvError): AnalyticsInputError {
  if (error instanceof EncodingError) {
    // every line with bytes that are not UTF-8 is counted, the first few listed
    const issues = error.examples.map((e): CsvIssue => ({ code: "invalid_encoding", path: ["line", e.line], message: e.detail, line: e.line, column: e.column }));
    return new AnalyticsInputError(fn, issues, error.lines);
  }
  const issue: CsvIssue = { code: error.code, path: ["line", error.line], message: error.detail, line: error.line, ...(error.column !== undefined ? { column: error.column } : {}) };
  return new AnalyticsInputError(fn, [issue]);
}

/** The mapping of the options against the header; a missing or doubled column is an error naming the header line. */
function mappingOf(fn: string, header: readonly string[], headerLine: number, names: CsvColumnNames): { mapping: ColumnMapping; fields: CsvReadMeta["columns"] } {
  const orderId = names.orderId ?? (header.includes("orderId") ? "orderId" : undefined);
  const fields: CsvReadMeta["columns"] = {
    customerId: names.customerId ?? "customerId",
    date: names.date ?? "date",
    ...(names.quantity !== undefined ? { quantity: names.quantity, price: names.price } : { amount: names.amount ?? "amount" }),
    ...(orderId !== undefined ? { orderId } : {}),
  };
  const mapping: ColumnMapping = {
    customer: fields.customerId,
    date: fields.date,
    ...(fields.amount !== undefined ? { amount: fields.amount } : { quantity: fields.quantity, price: fields.price }),
    ...(fields.orderId !== undefined ? { order: fields.orderId } : {}),
  };
  const key = (flag: string) => ({ "--customer": "customerId", "--date": "date", "--amount": "amount", "--quantity": "quantity", "--price": "price", "--order": "orderId" })[flag] ?? flag;
  const shown = header.slice(0, 20).join(", ") + (header.length > 20 ? ", …" : "");
  const missing: CsvIssue[] = missingColumns(header, mapping).map((m) => {
    const k = key(m.flag);
    const given = (names as Record<string, string | undefined>)[k] !== undefined;
    const hint = header.length === 1 && /[,;\t|]/.test(header[0]) ? "; another delimiter? (options.delimiter)" : "";
    const message = `column ${JSON.stringify(m.column)} is not in the header (columns: ${shown})${given ? "" : `; name it with options.columns.${k}`}${hint}`;
    return { code: "missing_field", path: ["fields", k], message, field: k, line: headerLine };
  });
  if (missing.length > 0) throw new AnalyticsInputError(fn, missing);
  const doubled: CsvIssue[] = duplicatedColumns(header, mapping).map((d) => {
    const where = `${d.positions.slice(0, -1).join(", ")} and ${d.positions[d.positions.length - 1]}`;
    return {
      code: "duplicate_header",
      path: ["line", headerLine],
      message: `the header names ${JSON.stringify(d.column)} ${d.positions.length} times (columns ${where}): options.columns.${key(d.flag)} cannot tell which one to read; rename the columns so that each name is used once`,
      field: key(d.flag),
      line: headerLine,
    };
  });
  if (doubled.length > 0) throw new AnalyticsInputError(fn, doubled);
  return { mapping, fields };
}

const asCsvIssue = (i: RowIssue): CsvIssue => {
  return {
    code: i.code,
    path: ["line", i.line, i.column],
    message: i.message,
    row: i.row,
    field: i.column,
    line: i.line,
    ...(i.customerId !== undefined ? { customerId: i.customerId } : {}),
  };
};

/** Reads decoded UTF-8 bytes into the result. */
function readDecoded(fn: string, source: SourceBytes, name: string, s: Settings): TransactionsCsv {
  const delimiter = s.delimiter === "auto" ? sniffDelimiter(source.bytes) : s.delimiter;
  let chosen: { mapping: ColumnMapping; fields: CsvReadMeta["columns"] } | undefined;
  let table: CsvTable;
  try {
    table = readCsv(source.bytes, {
      delimiter,
      source: name,
      select: (header, headerLine) => {
        chosen = mappingOf(fn, header, headerLine, s.columns);
        return mappedColumnIndexes(header, chosen.mapping);
      },
    });
  } catch (error) {
    if (error instanceof CsvError) throw csvErrorAsInputError(fn, error);
    throw error;
  }
  const { mapping, fields } = chosen!;
  const read = readTransactionColumns(table, mapping, {
    dateFormat: s.dateFormat,
    decimalComma: s.decimalComma,
    thousands: thousandsByte(s.thousands),
    ...(s.timeZone !== undefined ? { timeZone: s.timeZone } : {}),
    onInvalid: s.onInvalid,
    maxIssues: s.maxIssues,
    missingCustomer: s.onMissingCustomer,
    words: API_WORDS,
  });
  const issues = read.issues.map(asCsvIssue);
  if (s.onInvalid === "throw" && issues.length > 0) {
    const total = Object.values(read.invalidByCode).reduce((a, b) => a + (b ?? 0), 0);
    throw new AnalyticsInputError(fn, issues, total);
  }
  const { customerId, date, amount, orderId } = read.columns;
  return {
    columns: {
      customerId: { codes: customerId.codes as Int32Array, dictionary: customerId.dictionary as string[] },
      date,
      amount,
      ...(orderId ? { orderId: { codes: orderId.codes as Int32Array, dictionary: orderId.dictionary as string[] } } : {}),
    },
    lines: read.lines,
    meta: {
      source: name,
      header: [...table.header],
      headerLine: table.headerLine,
      delimiter,
      encoding: source.encoding,
      gzip: source.gzip,
      columns: fields,
      rowsRead: read.rowsRead,
      rowsUsed: read.lines.length,
      invalidRows: read.invalidRows,
      droppedMissingCustomer: read.droppedMissingCustomer,
      invalidByCode: read.invalidByCode,
      issues: s.onInvalid === "collect" ? issues : [],
      notes: source.notes,
    },
  };
}

/** Runs a read step, turning the reader's errors into the library's. */
async function guarded<T>(fn: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof CsvError) throw csvErrorAsInputError(fn, error);
    throw error;
  }
}

/** The bytes of a file path or `file:` URL, through a dynamic `import("node:fs/promises")` (Node, Deno, Bun). */
async function readFileBytes(fn: string, path: string | FileUrl): Promise<Uint8Array> {
  let fs: { readFile(path: string | FileUrl): Promise<Uint8Array> };
  try {
    fs = (await import("node:fs/promises")) as typeof fs;
  } catch {
    throw new TypeError(`${fn}: reading a file path needs node:fs (Node, Deno or Bun); in a browser give the bytes, a stream or { text }`);
  }
  // a missing or unreadable file is the file system's error (ENOENT …), not a problem in the data
  return fs.readFile(path);
}

/**
 * Reads a CSV of transactions into the library's column form, ready for `summarizeTransactions` and
 * every other analysis of transactions: the same reader as the command line (RFC 4180 quoting, BOM,
 * encodings checked, delimiter sniffing, `iso`/`ymd`/`mdy`/`dmy` dates, decimal comma, thousands
 * separators), for Node, Deno and Bun (and browsers, given bytes, text or a stream).
 *
 * The input is a file path (or `file:` URL), `{ text }`, bytes, or a `ReadableStream`/async iterable of
 * bytes; gzip is recognised by its first bytes (not the name) and decompressed with the web-standard
 * `DecompressionStream`. Only the mapped columns are read, so wide files cost little.
 *
 * Problems are `AnalyticsInputError`s whose issues ({@link CsvIssue}) name the file line and the CSV
 * column: a malformed file (unclosed quote, ragged row) or an invalid byte always stops the read; a
 * field that cannot be read (empty customer id, unreadable date or number) follows `onInvalid`. The
 * analyses check the rest (dates after `asOf`, refunds, `dateRange`); their issues name the row `i` of
 * the columns, which is on line `lines[i]`.
 *
 * @example
 * const read = await readTransactionsCsv({ text: "customerId;date;amount\nc1;01.03.2024;1.099,50\nc2;15.03.2024;20\n" }, {
 *   dateFormat: "dmy", decimalComma: true, thousands: ".",
 * });
 * read.meta.delimiter; //=> ";"
 * Array.from(read.columns.amount); //=> [1099.5, 20]
 * summarizeTransactions(read.columns, { asOf: "2024-03-31" }).customers[0].monetary; //=> 1099.5
 */
export async function readTransactionsCsv(input: CsvInput, options?: ReadTransactionsCsvOptions): Promise<TransactionsCsv> {
  const s = settingsOf(FN, options);
  await useFastUtf8Check();
  const words = API_WORDS;
  let name = s.name ?? "input";
  const source = await guarded(FN, async () => {
    if (typeof input === "string" || input instanceof URL) {
      if (s.name === undefined) name = typeof input === "string" ? input : input.href;
      return decodeBytes(await readFileBytes(FN, input), { encoding: s.encoding, name, gunzip: gunzipWeb, words });
    }
    if (input instanceof Uint8Array || input instanceof ArrayBuffer) {
      return decodeBytes(input instanceof ArrayBuffer ? new Uint8Array(input) : input, { encoding: s.encoding, name, gunzip: gunzipWeb, words });
    }
    if (typeof input === "object" && input !== null && typeof (input as { text?: unknown }).text === "string") {
      return decodeBytes(utf8Bytes((input as { text: string }).text), { encoding: "utf8", name, gunzip: gunzipWeb, words });
    }
    if (typeof input === "object" && input !== null && (typeof (input as ByteStream).getReader === "function" || Symbol.asyncIterator in input)) {
      return decodeStream(input as AsyncIterable<Uint8Array>, { encoding: s.encoding, name, gunzip: gunzipWeb, words });
    }
    throw new TypeError(`${FN}: input must be a file path, a URL, { text }, a Uint8Array, an ArrayBuffer or a stream of Uint8Array chunks, got ${input === null ? "null" : typeof input}`);
  });
  return readDecoded(FN, source, name, s);
}

/**
 * Reads CSV text or (uncompressed) bytes synchronously: {@link readTransactionsCsv} without IO, for
 * text already in memory. Gzip bytes are refused (decompression is asynchronous: use
 * `readTransactionsCsv`).
 *
 * @example
 * const read = parseTransactionsCsv('id,day,qty,price,invoice\nc1,3/1/2024,2,"1,099.00",A1\n', {
 *   columns: { customerId: "id", date: "day", quantity: "qty", price: "price", orderId: "invoice" },
 *   dateFormat: "mdy", thousands: ",",
 * });
 * Array.from(read.columns.amount); //=> [2198]
 * read.columns.orderId?.dictionary; //=> ["A1"]
 * read.lines[0]; //=> 2
 */
export function parseTransactionsCsv(input: string | Uint8Array, options?: ReadTransactionsCsvOptions): TransactionsCsv {
  const fn = "parseTransactionsCsv";
  const s = settingsOf(fn, options);
  const name = s.name ?? "input";
  if (typeof input !== "string" && !(input instanceof Uint8Array)) throw new TypeError(`${fn}: input must be CSV text or a Uint8Array, got ${input === null ? "null" : typeof input}`);
  if (typeof input !== "string" && isGzip(input)) throw new TypeError(`${fn}: the bytes are gzip; decompression is asynchronous: use readTransactionsCsv`);
  let source: SourceBytes;
  try {
    source = typeof input === "string" ? { bytes: utf8Bytes(input), encoding: "utf8", notes: [], gzip: false } : decodeSync(input, s.encoding, name);
  } catch (error) {
    if (error instanceof CsvError) throw csvErrorAsInputError(fn, error);
    throw error;
  }
  return readDecoded(fn, source, name, s);
}

function decodeSync(bytes: Uint8Array, encoding: CsvEncoding, name: string): SourceBytes {
  return { ...decodeInput(bytes, encoding, name, API_WORDS), gzip: false };
}
