/**
 * Writers for the command's records: CSV (RFC 4180), JSON (an array, one record per line), NDJSON
 * (one record per line) and an aligned table for people. Each returns the whole text, so nothing is
 * written until everything has been computed.
 */

/** Output formats of the command line. */
export type OutputFormat = "csv" | "json" | "ndjson" | "table";

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

/** Terminal columns taken by a character: 2 for East Asian wide and full-width ones, else 1. */
function charWidth(code: number): number {
  return (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6)
    ? 2
    : 1;
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

/** Display width of text in a terminal (wide CJK characters count twice). */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += charWidth(ch.codePointAt(0)!);
  return w;
}

/** A number for people: integers as they are, others with 2 decimals (4 significant digits when small). */
function tableNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return String(Object.is(v, -0) ? 0 : v);
  const a = Math.abs(v);
  if (a < 0.01) return v.toPrecision(3);
  if (a < 1) return v.toFixed(4);
  return v.toFixed(2);
}

/**
 * An aligned table: header, a rule, then one line per record; numbers right-aligned. Values are
 * rounded for reading (use csv or json for exact values); control characters are shown as escapes
 * ({@link terminalSafe}), never sent to the terminal.
 */
export function toTable(records: readonly FlatRecord[], columns = columnsOf(records)): string {
  if (columns.length === 0) return "(no records)\n";
  const cells: string[][] = records.map((r) =>
    columns.map((c) => {
      const v = r[c];
      if (v === null || v === undefined) return "";
      if (typeof v === "number") return tableNumber(v);
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

/** The text of `records` in `format` (`csv` options apply to csv only). */
export function formatRecords(records: readonly FlatRecord[], format: OutputFormat, columns = columnsOf(records), csv: CsvWriteOptions = {}): string {
  switch (format) {
    case "csv":
      return toCsv(records, columns, csv);
    case "json":
      return toJson(records, columns);
    case "ndjson":
      return toNdjson(records, columns);
    case "table":
      return toTable(records, columns);
  }
}
