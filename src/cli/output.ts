/**
 * Writers for the command's records: CSV (RFC 4180), JSON (an array, one record per line), NDJSON
 * (one record per line) and an aligned table for people. Each returns the whole text, so nothing is
 * written until everything has been computed. Numbers are rounded by the class of their column
 * ({@link columnClass}): money to cents, shares, rates and other measures to 4 decimals by default.
 * The column classes, the rounding and the display width are the shared ones of internal/format.ts.
 */
import { columnClass, displayWidth, roundHalfAway, toFixedHalfAway, type NumberClass } from "../internal/format.js";

export { COLUMN_CLASSES, columnClass, displayWidth, roundHalfAway, toFixedHalfAway, type NumberClass } from "../internal/format.js";

/** Output formats of the command line. */
export type OutputFormat = "csv" | "json" | "ndjson" | "table";

/** The output formats, and the file extensions that name them (`-o customers.json` writes JSON). */
export const FORMAT_OF_EXTENSION: Readonly<Record<string, OutputFormat>> = {
  ".csv": "csv",
  ".json": "json",
  ".ndjson": "ndjson",
  ".jsonl": "ndjson",
  ".txt": "table",
};

/** The output format a file name's extension names (case-insensitive), or undefined. */
export function formatOfPath(path: string): OutputFormat | undefined {
  const ext = extensionOf(path);
  return ext !== "" && Object.hasOwn(FORMAT_OF_EXTENSION, ext) ? FORMAT_OF_EXTENSION[ext] : undefined;
}

/** The extension of a path's last part, lower-cased with its dot (`""` when there is none). */
export function extensionOf(path: string): string {
  const base = path.slice(Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\")) + 1);
  const dot = base.lastIndexOf(".");
  return dot > 0 ? base.slice(dot).toLowerCase() : "";
}

/** `--precision`: the decimals of money (shares and measures get 2 more), or `full` for exact values. */
export type Precision = number | "full";

/** The default precision: money to cents, shares and measures to 4 decimals. */
export const DEFAULT_PRECISION = 2;

/** The decimals of a column class at a precision (null: not rounded). */
export function decimalsOf(cls: NumberClass, precision: Precision): number | null {
  if (precision === "full") return null;
  return cls === "money" ? precision : precision + 2;
}

/** {@link toFixedHalfAway} through {@link roundHalfAway}'s fast path when the number is small enough to print exactly with `toFixed`. */
function fixedText(x: number, decimals: number): string {
  // from 1e21 a double has no fraction digits to round: its shortest form (2e+300), as CSV and JSON
  // write it, instead of hundreds of digits
  if (Math.abs(x) >= 1e21) return String(x);
  const r = roundHalfAway(x, decimals);
  return Math.abs(r) < 2 ** 52 / 10 ** decimals ? r.toFixed(decimals) : toFixedHalfAway(x, decimals);
}

/** The records with every number rounded by its column's class at `precision` (new objects; `full` returns them as they are). */
export function roundRecords(records: readonly FlatRecord[], columns: readonly string[], precision: Precision): readonly FlatRecord[] {
  if (precision === "full") return records;
  const decimals = columns.map((c) => decimalsOf(columnClass(c), precision)!);
  return records.map((r) => {
    const out: FlatRecord = { ...r };
    for (let j = 0; j < columns.length; j++) {
      const v = r[columns[j]];
      if (typeof v === "number") out[columns[j]] = roundHalfAway(v, decimals[j]);
    }
    return out;
  });
}

/** A flat record: field name → string, number, boolean or null. */
export type FlatRecord = Record<string, unknown>;

/** The columns of records in a stable order: the first record's keys, then any new keys in order of appearance. */
export function columnsOf(records: readonly FlatRecord[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const r of records) {
    for (const k of Object.keys(r)) {
      if (!seen.has(k)) {
        seen.add(k);
        out.push(k);
      }
    }
  }
  return out;
}

/**
 * Text a spreadsheet would read as a formula (OWASP's CSV-injection list: a first character `=`, `+`,
 * `-`, `@`, tab or carriage return; also line feed and NUL) and that is not a plain decimal number
 * (`-5`, `+3.2e1` stay as they are: a spreadsheet reads them as the numbers they are).
 */
const FORMULA_START = /^[=+\-@\t\r\n\0]/;
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Whether `s` would be prefixed with `'` by {@link toCsv} with `excelSafe`. */
export function isFormulaLike(s: string): boolean {
  return FORMULA_START.test(s) && !PLAIN_NUMBER.test(s);
}

function csvCell(v: unknown, excelSafe: boolean, changed: { count: number }): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") return Number.isNaN(v) ? "NaN" : Object.is(v, -0) ? "0" : String(v);
  let s = typeof v === "string" ? v : typeof v === "object" ? JSON.stringify(v) : String(v);
  if (excelSafe && isFormulaLike(s)) {
    s = `'${s}`;
    changed.count++;
  }
  if (s.length > 0 && /[",\r\n]|^\s|\s$/.test(s)) return `"${s.replaceAll('"', '""')}"`;
  return s;
}

/** Options of {@link toCsv}. */
export interface CsvWriteOptions {
  /**
   * Prefix text cells a spreadsheet would run as a formula with a single quote (`=HYPERLINK(…)` →
   * `'=HYPERLINK(…)`), as OWASP advises; numbers never. Default false here (the command line turns
   * it on unless --no-excel-safe).
   */
  excelSafe?: boolean;
  /** Receives how many cells were prefixed. */
  onPrefixed?: (count: number) => void;
}

/** RFC 4180 CSV with a header line; null is an empty field; numbers in their shortest exact form. */
export function toCsv(records: readonly FlatRecord[], columns = columnsOf(records), options: CsvWriteOptions = {}): string {
  if (columns.length === 0) return "";
  const excelSafe = options.excelSafe === true;
  const changed = { count: 0 };
  const lines: string[] = [columns.map((c) => csvCell(c, excelSafe, changed)).join(",")];
  for (const r of records) {
    let line = "";
    for (let j = 0; j < columns.length; j++) {
      if (j > 0) line += ",";
      line += csvCell(r[columns[j]], excelSafe, changed);
    }
    lines.push(line);
  }
  options.onPrefixed?.(changed.count);
  return `${lines.join("\n")}\n`;
}

function project(r: FlatRecord, columns: readonly string[]): FlatRecord {
  const out: FlatRecord = {};
  for (const c of columns) out[c] = r[c] === undefined ? null : r[c];
  return out;
}

/** A JSON array, one record per line. */
export function toJson(records: readonly FlatRecord[], columns = columnsOf(records)): string {
  if (records.length === 0) return "[]\n";
  return `[\n${records.map((r) => JSON.stringify(project(r, columns))).join(",\n")}\n]\n`;
}

/** Newline-delimited JSON: one record per line. */
export function toNdjson(records: readonly FlatRecord[], columns = columnsOf(records)): string {
  let out = "";
  for (const r of records) out += `${JSON.stringify(project(r, columns))}\n`;
  return out;
}

/**
 * Characters a terminal would act on instead of showing: C0 and C1 control characters (ESC starts
 * ANSI sequences), DEL, line and paragraph separators, and the bidirectional overrides and isolates
 * (which reorder what is shown).
 */
const TERMINAL_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Text with every {@link TERMINAL_UNSAFE} character written as a visible escape (`\x1b`, `\u202e`). */
export function terminalSafe(s: string): string {
  return s.replace(TERMINAL_UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}

/**
 * An aligned table: header, a rule, then one line per record; numbers right-aligned. Every number of
 * a column has the same decimals: its class's at `precision` ({@link decimalsOf}; none when every
 * value of the column is a whole number), so decimal points line up; `full` prints each number
 * exactly. Control characters are shown as escapes ({@link terminalSafe}), never sent to the terminal.
 */
export function toTable(records: readonly FlatRecord[], columns = columnsOf(records), precision: Precision = DEFAULT_PRECISION): string {
  if (columns.length === 0) return "(no records)\n";
  const numberText = columns.map((c) => {
    const d = decimalsOf(columnClass(c), precision);
    if (d === null) return (v: number) => String(Object.is(v, -0) ? 0 : v);
    const whole = records.every((r) => typeof r[c] !== "number" || !Number.isFinite(r[c]) || Number.isInteger(roundHalfAway(r[c] as number, d)));
    return (v: number) => (Number.isFinite(v) ? fixedText(v, whole ? 0 : d) : String(v));
  });
  const cells: string[][] = records.map((r) =>
    columns.map((c, j) => {
      const v = r[c];
      if (v === null || v === undefined) return "";
      if (typeof v === "number") return numberText[j](v);
      return terminalSafe(typeof v === "object" ? JSON.stringify(v) : String(v));
    }),
  );
  const numeric = columns.map((c) => records.some((r) => typeof r[c] === "number") && records.every((r) => r[c] === null || r[c] === undefined || typeof r[c] === "number"));
  const headers = columns.map(terminalSafe);
  const widths = headers.map((c, j) => cells.reduce((w, row) => Math.max(w, displayWidth(row[j])), displayWidth(c)));
  const pad = (s: string, j: number): string => {
    const gap = " ".repeat(widths[j] - displayWidth(s));
    return numeric[j] ? gap + s : s + gap;
  };
  const out = [headers.map(pad).join("  ").trimEnd(), widths.map((w) => "-".repeat(w)).join("  ")];
  for (const row of cells) out.push(row.map(pad).join("  ").trimEnd());
  return `${out.join("\n")}\n`;
}

/** How {@link formatRecords} writes. */
export interface WriteOptions extends CsvWriteOptions {
  /** Money decimals (shares and measures get 2 more), or `full` for exact values; default 2. */
  precision?: Precision;
  /** csv: start with a UTF-8 byte order mark (U+FEFF), so that Excel reads the text as UTF-8. */
  bom?: boolean;
}

/** The UTF-8 byte order mark, as text. */
export const BOM = "\uFEFF";

/**
 * The text of `records` in `format`, numbers rounded by their column's class at `options.precision`
 * (default 2: money to cents, shares and measures to 4 decimals; {@link columnClass}); the csv
 * options apply to csv only.
 */
export function formatRecords(records: readonly FlatRecord[], format: OutputFormat, columns = columnsOf(records), options: WriteOptions = {}): string {
  const precision = options.precision ?? DEFAULT_PRECISION;
  if (format === "table") return toTable(records, columns, precision);
  const rounded = roundRecords(records, columns, precision);
  switch (format) {
    case "csv":
      return (options.bom === true ? BOM : "") + toCsv(rounded, columns, options);
    case "json":
      return toJson(rounded, columns);
    case "ndjson":
      return toNdjson(rounded, columns);
  }
}

/**
 * Records held as columns (a command's fast lane: no object per customer): `length` records, the
 * columns in their output order, each one array of values (`null` as a whole: every value null).
 * {@link formatColumns} writes exactly what {@link formatRecords} writes for the same records.
 */
export interface RecordColumns {
  length: number;
  columns: readonly { name: string; values: ArrayLike<unknown> | null }[];
}

/** The records of {@link RecordColumns} (one object per record, keys in column order). */
export function recordsOfColumns(table: RecordColumns): FlatRecord[] {
  const out: FlatRecord[] = new Array(table.length);
  for (let i = 0; i < table.length; i++) {
    const r: FlatRecord = {};
    for (const c of table.columns) r[c.name] = c.values === null ? null : c.values[i];
    out[i] = r;
  }
  return out;
}

/**
 * {@link formatRecords} of {@link RecordColumns}: csv, json and ndjson are written row by row from the
 * columns (byte for byte what the records would give); the aligned table, meant for people, is made
 * from records. The text is {@link formatColumnChunks}' chunks joined.
 */
export function formatColumns(table: RecordColumns, format: OutputFormat, options: WriteOptions = {}): string {
  const { chunks, prefixed } = formatColumnChunks(table, format, options);
  const text = [...chunks].join("");
  if (prefixed !== null) options.onPrefixed?.(prefixed);
  return text;
}

/** Lines of text per chunk of {@link formatColumnChunks} (about half a megabyte of CSV). */
export const LINES_PER_CHUNK = 8192;

/**
 * {@link formatColumns}' text in chunks made as they are iterated, so that a large output is never
 * held whole (at 5M customers the CSV is some 280 MB as one string, and several times that while its
 * lines are built): each chunk is whole lines, and the chunks joined are exactly `formatColumns`' text.
 * `prefixed` is the count of cells `excelSafe` prefixes (counted before the first chunk, as
 * `onPrefixed` gets it), null when `formatColumns` would not call `onPrefixed` (json, ndjson).
 * `onPrefixed` is not called here. Each chunk holds `linesPerChunk` records (the first also the csv
 * header or json's `[`); the aligned table is one chunk (made from records).
 */
export function formatColumnChunks(table: RecordColumns, format: OutputFormat, options: WriteOptions = {}, linesPerChunk = LINES_PER_CHUNK): { chunks: Iterable<string>; prefixed: number | null } {
  const names = table.columns.map((c) => c.name);
  if (format === "table" || names.length === 0 || table.length === 0) {
    let prefixed: number | null = null;
    const text = formatRecords(recordsOfColumns(table), format, undefined, { ...options, onPrefixed: (n) => (prefixed = n) });
    return { chunks: [text], prefixed };
  }
  const excelSafe = format === "csv" && options.excelSafe === true;
  return { chunks: columnChunks(table, format, options, Math.max(1, linesPerChunk)), prefixed: format === "csv" ? (excelSafe ? prefixedCells(table) : 0) : null };
}

/** How many cells (header included) {@link csvCell} prefixes with `excelSafe`: text only, never numbers. */
function prefixedCells(table: RecordColumns): number {
  const changed = { count: 0 };
  for (const c of table.columns) csvCell(c.name, true, changed);
  for (const c of table.columns) {
    const values = c.values;
    if (values === null || ArrayBuffer.isView(values)) continue;
    for (let i = 0; i < table.length; i++) {
      const v = values[i];
      if (v === null || v === undefined || typeof v === "number") continue;
      const s = typeof v === "string" ? v : typeof v === "object" ? JSON.stringify(v) : String(v);
      // the first character decides most cells without the regular expressions
      const first = s.charCodeAt(0);
      if ((first === 61 || first === 43 || first === 45 || first === 64 || first === 9 || first === 13 || first === 10 || first === 0) && isFormulaLike(s)) changed.count++;
    }
  }
  return changed.count;
}

function* columnChunks(table: RecordColumns, format: Exclude<OutputFormat, "table">, options: WriteOptions, linesPerChunk: number): Generator<string> {
  const precision = options.precision ?? DEFAULT_PRECISION;
  const names = table.columns.map((c) => c.name);
  const decimals = names.map((c) => (precision === "full" ? null : decimalsOf(columnClass(c), precision)));
  const cell = table.columns.map((c, j) => {
    const values = c.values;
    const d = decimals[j];
    return (i: number): unknown => {
      if (values === null) return null;
      const v = values[i];
      return d !== null && typeof v === "number" ? roundHalfAway(v, d) : v;
    };
  });
  const n = table.length;
  let parts: string[] = [];
  if (format === "csv") {
    const excelSafe = options.excelSafe === true;
    const changed = { count: 0 };
    parts.push(`${(options.bom === true ? BOM : "") + names.map((c) => csvCell(c, excelSafe, changed)).join(",")}\n`);
    for (let i = 0; i < n; i++) {
      let line = "";
      for (let j = 0; j < cell.length; j++) {
        if (j > 0) line += ",";
        line += csvCell(cell[j](i), excelSafe, changed);
      }
      parts.push(`${line}\n`);
      if ((i + 1) % linesPerChunk === 0) {
        yield parts.join("");
        parts = [];
      }
    }
    if (parts.length > 0) yield parts.join("");
    return;
  }
  // JSON: what JSON.stringify gives for the projected record ({@link toJson}), key by key; json is
  // `[`, the lines joined by `,` and a line break, `]`; ndjson one line each
  const keys = names.map((c) => `${JSON.stringify(c)}:`);
  if (format === "json") parts.push("[\n");
  for (let i = 0; i < n; i++) {
    let line = "{";
    for (let j = 0; j < cell.length; j++) {
      const v = cell[j](i);
      line += (j > 0 ? "," : "") + keys[j] + JSON.stringify(v === undefined ? null : v);
    }
    parts.push(`${line}}${format === "ndjson" ? "\n" : i < n - 1 ? ",\n" : "\n]\n"}`);
    if ((i + 1) % linesPerChunk === 0) {
      yield parts.join("");
      parts = [];
    }
  }
  if (parts.length > 0) yield parts.join("");
}

/** {@link RecordColumns} of one array per field, the columns in the object's key order. */
export function tableOf(fields: Readonly<Record<string, ArrayLike<unknown> | null>>, length: number): RecordColumns {
  return { length, columns: Object.entries(fields).map(([name, values]) => ({ name, values })) };
}
