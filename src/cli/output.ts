/**
 * Writers for the command's records: CSV (RFC 4180), JSON (an array, one record per line), NDJSON
 * (one record per line) and an aligned table for people. Each returns the whole text, so nothing is
 * written until everything has been computed. Numbers are rounded by the class of their column
 * ({@link columnClass}): money to cents, shares, rates and other measures to 4 decimals by default.
 */

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

/**
 * How a numeric column is rounded: `money` (amounts, revenue, values, CLV) to the money decimals
 * (`--precision N`, default 2: cents); `share` (shares, rates, retention, probabilities) and
 * `measure` (every other number: means of days or counts, distances, scores) to N + 2 decimals
 * (default 4). Integers are never changed.
 */
export type NumberClass = "money" | "share" | "measure";

/**
 * The class of every column the commands print, by name. A column not listed here is classed by the
 * words of its name ({@link columnClass}), so that a new command's `lostRevenue` or `churnProbability`
 * is rounded as money or as a share without being listed.
 */
export const COLUMN_CLASSES: Readonly<Record<string, NumberClass>> = {
  // money
  monetary: "money",
  revenue: "money",
  amount: "money",
  value: "money",
  current: "money",
  potential: "money",
  clv: "money",
  averageOrderValue: "money",
  meanMonetary: "money",
  revenueFromPrevious: "money",
  // shares and rates (fractions of 1)
  share: "share",
  valueShare: "share",
  cumulativeShare: "share",
  revenueShare: "share",
  revenueRetention: "share",
  churnRate: "share",
  retentionRate: "share",
  repurchaseRate: "share",
  repeatPurchaseRate: "share",
  // other measures
  meanRecencyDays: "measure",
  meanFrequency: "measure",
  meanR: "measure",
  meanF: "measure",
  meanM: "measure",
  distance: "measure",
  amountTrend: "measure",
  gapTrend: "measure",
};

/** Words that make a column a share or rate wherever they appear in its name (`valueShare`, `churn_probability`). */
const SHARE_WORDS = new Set(["share", "shares", "rate", "rates", "retention", "ratio", "fraction", "probability", "percent", "pct"]);
/** Words that make a column money (`lostRevenue`, `predictedClv`, `avg_order_value`) unless a share word is also there. */
const MONEY_WORDS = new Set(["monetary", "revenue", "amount", "value", "clv", "spend", "price", "margin", "sales", "cost", "profit"]);

/** Last words that make a column a measure even with a money word in it (`amountTrend`, `valueRank`, `revenueGrowth`). */
const MEASURE_LAST_WORDS = new Set(["trend", "growth", "index", "score", "rank", "count", "days", "z"]);

/** The lower-case words of a camelCase, snake_case or kebab-case name. */
function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== "")
    .map((w) => w.toLowerCase());
}

/**
 * The rounding class of a column: {@link COLUMN_CLASSES} when listed; else `share` when a word of the
 * name is a share word (share, rate, retention, ratio, fraction, probability, percent); `measure` when
 * the last word is trend, growth, index, score, rank, count, days or z; `money` when a word is a
 * money word (monetary, revenue, amount, value, clv, spend, price, margin, sales, cost, profit);
 * `measure` otherwise.
 */
export function columnClass(name: string): NumberClass {
  if (Object.hasOwn(COLUMN_CLASSES, name)) return COLUMN_CLASSES[name];
  const words = wordsOf(name);
  if (words.some((w) => SHARE_WORDS.has(w))) return "share";
  if (MEASURE_LAST_WORDS.has(words[words.length - 1])) return "measure";
  if (words.some((w) => MONEY_WORDS.has(w))) return "money";
  return "measure";
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

/**
 * `x` rounded to `decimals` decimals, as fixed-point text (`"1.01"`, `"-0.50"`, `"12"`): half away
 * from zero on the shortest decimal that reads back as `x` (the digits JavaScript prints for it), so
 * `1.005` → `"1.01"` and `2.675` → `"2.68"` as written, although the doubles nearest to them lie just
 * below. Never `-0`: a negative number that rounds to zero is `"0"` (with its decimals).
 * @throws {RangeError} For a non-finite `x` or `decimals` not an integer in [0, 100].
 */
export function toFixedHalfAway(x: number, decimals: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`toFixedHalfAway: expected a finite number, got ${x}`);
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 100) throw new RangeError(`toFixedHalfAway: decimals must be an integer in [0, 100], got ${decimals}`);
  const m = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(Math.abs(x)))!;
  let digits = m[1] + (m[2] ?? "");
  // the decimal point sits after `point` digits of `digits`
  let point = m[1].length + (m[3] !== undefined ? Number(m[3]) : 0);
  if (point < 1) {
    digits = "0".repeat(1 - point) + digits;
    point = 1;
  }
  const keep = point + decimals;
  let kept: string;
  if (keep >= digits.length) kept = digits.padEnd(keep, "0");
  else {
    kept = digits.slice(0, keep);
    if (digits.charCodeAt(keep) >= 53 /* "5" */) kept = increment(kept);
    if (kept.length > keep) point++; // 9.995 → 10.00
  }
  const intPart = kept.slice(0, point).replace(/^0+(?=\d)/, "");
  const text = decimals > 0 ? `${intPart}.${kept.slice(point)}` : intPart;
  return x < 0 && /[1-9]/.test(text) ? `-${text}` : text;
}

/** A string of decimal digits plus one (`"0999"` → `"1000"`, `"99"` → `"100"`). */
function increment(digits: string): string {
  const out = digits.split("");
  let i = out.length - 1;
  while (i >= 0 && out[i] === "9") out[i--] = "0";
  if (i < 0) return `1${out.join("")}`;
  out[i] = String(Number(out[i]) + 1);
  return out.join("");
}

/**
 * `x` rounded to `decimals` decimals by {@link toFixedHalfAway} (`59419.340000000004` → `59419.34`);
 * integers, non-finite numbers and numbers with no more decimals are returned as they are (`-0` as 0).
 */
export function roundHalfAway(x: number, decimals: number): number {
  if (Number.isInteger(x)) return x === 0 ? 0 : x;
  if (!Number.isFinite(x)) return x;
  // Fast path, exact: x·10^d is within |x·10^d|·2^-53 of both x's and its shortest decimal's scaled
  // values, so away from a half the integer they round to is the same; n / 10^d (both exact, d ≤ 22)
  // is then the double nearest the decimal n·10^-d, as Number() of its text would give.
  if (decimals <= 22) {
    const p = 10 ** decimals;
    const a = Math.abs(x) * p;
    if (a < 2 ** 52) {
      const floor = Math.floor(a);
      const f = a - floor;
      if (Math.abs(f - 0.5) > a * 2 ** -50 + 2 ** -60) {
        const r = ((f > 0.5 ? floor + 1 : floor) / p) * Math.sign(x);
        return r === 0 ? 0 : r;
      }
    }
  }
  const r = Number(toFixedHalfAway(x, decimals));
  return r === 0 ? 0 : r;
}

/** {@link toFixedHalfAway} through {@link roundHalfAway}'s fast path when the number is small enough to print exactly with `toFixed`. */
function fixedText(x: number, decimals: number): string {
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
