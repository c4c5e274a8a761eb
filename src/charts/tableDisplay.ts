import { z } from "zod";
import { AnalyticsInputError, describeValue, inputIssue } from "../errors.js";
import { readGuarded, recordArray, thrownMessage } from "../input/readRecords.js";
import { columnClass, displayWidth, percentDigits as percentOf, toFixedHalfAway } from "../internal/format.js";
import { defineOptions, parseOptions, type OptionsSchema } from "../options.js";
import { JUPYTER_DISPLAY } from "./toDisplay.js";

/** A table a notebook can display: HTML and plain text, and the Jupyter display method. */
export interface TableDisplay {
  readonly html: string;
  readonly text: string;
  [JUPYTER_DISPLAY](): { "text/html": string; "text/plain": string };
}

/**
 * A column name of records of type `T`: one of its string keys, or any string when the type names no
 * keys (`object`, `Record<string, unknown>`).
 */
export type TableColumn<T> = [keyof T & string] extends [never] ? string : string extends keyof T ? string : keyof T & string;

/** Options of {@link tableDisplay}; `T` is the type of the records, so column names are checked. */
export interface TableDisplayOptions<T = Record<string, unknown>> {
  /** Columns to show, in order (default: the keys of the records, in order of first appearance). */
  columns?: TableColumn<T>[];
  /** Most rows shown (default 20); a last line tells how many more there are. */
  maxRows?: number;
  /**
   * Most decimals of the other number columns (default 4). A column shows as many decimals as its
   * most precise value needs up to `digits` (trailing zeros dropped), every value with that many, so
   * the decimal points line up.
   */
  digits?: number;
  /**
   * Money columns, shown with exactly `moneyDigits` decimals. Default: the shown columns whose name
   * is money by the command line's rounding rule (`monetary`, `revenue`, `amount`, `clv`,
   * `monetaryValue`, `expectedSpend`, `valueAtRisk`, ...: a listed money field, or a money word such
   * as revenue, amount, value, clv, spend, price in the name without a share word or a last word such
   * as count, days, score, trend); `[]` for none.
   */
  money?: TableColumn<T>[];
  /** Decimals of money columns (default 2). */
  moneyDigits?: number;
  /** Share columns (0.123 = 12.3%) shown as percentages with `percentDigits` decimals (default: none). */
  percent?: TableColumn<T>[];
  /** Decimals of percentage columns (default 1). */
  percentDigits?: number;
  /** Caption above the table. */
  title?: string;
}

const columnList = z.array(z.string()).max(200);

/** zod schema of {@link TableDisplayOptions}. */
export const tableDisplayOptionsSchema: OptionsSchema<TableDisplayOptions> = defineOptions<TableDisplayOptions>()({
  columns: columnList.min(1).optional(),
  maxRows: z.number().int().min(1).max(100_000).optional(),
  digits: z.number().int().min(0).max(15).optional(),
  money: columnList.optional(),
  moneyDigits: z.number().int().min(0).max(15).optional(),
  percent: columnList.optional(),
  percentDigits: z.number().int().min(0).max(13).optional(),
  title: z.string().max(300).optional(),
});

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
// Terminal width: East Asian wide characters take two columns.
const pad = (s: string, n: number, right: boolean) => (right ? " ".repeat(Math.max(0, n - displayWidth(s))) + s : s + " ".repeat(Math.max(0, n - displayWidth(s))));

/**
 * Shows records as a table in a notebook: `{ html, text }` and a `[Symbol.for("Jupyter.display")]()`
 * method giving the `text/html` + `text/plain` bundle. Takes the records of any result
 * (`CustomerSummary[]`, `segmentRfm(...).meta.segments`, `classifyAbc(...).customers`, periods, cluster
 * profiles, ...) without a cast; `columns`, `money` and `percent` must name their fields. Text is
 * left-aligned and numbers right-aligned (in the text and, explicitly, in the HTML, which Jupyter would
 * otherwise right-align); each number column has one number of decimals, so the decimal points line up:
 * money columns exactly `moneyDigits` (2), `percent` columns as percentages, the others as many as their
 * most precise value needs up to `digits` (4). `null` cells are empty, objects JSON, HTML escaped; at
 * most `maxRows` rows, then how many more there are.
 *
 * Only the rows shown are read. A cell that is a number must be finite: NaN or ±Infinity is never
 * printed but refused (`invalid_value` at `["records", i, column]`); a getter, Proxy trap or `toJSON`
 * that throws while a shown row is read is `unreadable_field` naming the row and column (`invalid_row`
 * when the row itself or its keys cannot be read).
 *
 * @throws {TypeError} When `records` is not an array of objects, prefixed `tableDisplay:`.
 * @throws {AnalyticsInputError} `invalid_value`, `unreadable_field` or `invalid_row` for a shown row.
 * @throws {RangeError | TypeError} Bad or unknown options; a `money` or `percent` column that is not
 *   shown, or one column in both.
 * @example
 * const table = tableDisplay([
 *   { segment: "important_value", customers: 1200, share: 0.123456, revenue: 35120.5 },
 *   { segment: "general_win_back", customers: 9000, share: 0.5, revenue: 987 },
 * ], { digits: 3 });
 * table.text.split("\n");
 * //=> ["segment           customers  share   revenue",
 * //    "----------------  ---------  -----  --------",
 * //    "important_value        1200  0.123  35120.50",
 * //    "general_win_back       9000  0.500    987.00"]
 * tableDisplay([{ segment: "a", share: 0.123456 }], { percent: ["share"] }).text.split("\n")[2];
 * //=> "a        12.3%"
 */
export function tableDisplay<T extends object>(records: readonly T[], options: TableDisplayOptions<T> = {}): TableDisplay {
  const fn = "tableDisplay";
  const opts = parseOptions(fn, tableDisplayOptionsSchema, options as TableDisplayOptions);
  const isArray = readGuarded(fn, "invalid_row", ["records"], "reading records", () => Array.isArray(records));
  if (!isArray) throw new TypeError(`${fn}: records must be an array of records, got ${describeValue(records)}`);
  const list = recordArray(fn, "records", records as readonly object[]);
  const count = list.length;
  const maxRows = opts.maxRows ?? 20;
  const digits = opts.digits ?? 4;
  const moneyDigits = opts.moneyDigits ?? 2;
  const percentDigits = opts.percentDigits ?? 1;
  const shown: object[] = [];
  for (let i = 0; i < Math.min(count, maxRows); i++) {
    const r: unknown = readGuarded(fn, "invalid_row", ["records", i], "reading the record", () => list[i]);
    const isRecord = readGuarded(fn, "invalid_row", ["records", i], "reading the record", () => r !== null && typeof r === "object" && !Array.isArray(r));
    if (!isRecord) throw new TypeError(`${fn}: records[${i}] must be a record (object), got ${describeValue(r)}`);
    shown.push(r as object);
  }
  const columns: string[] =
    opts.columns ?? [...new Set(shown.flatMap((r, i) => readGuarded(fn, "invalid_row", ["records", i], "listing the record's fields", () => Object.keys(r))))];
  // money and percentage columns: named ones must be shown; by default the library's money fields
  const named = (option: "money" | "percent", given: string[] | undefined): Set<string> => {
    if (given === undefined) return new Set(option === "money" ? columns.filter((c) => columnClass(c) === "money") : []);
    // (an empty table without `columns` has no columns to check against)
    for (const c of given) {
      if (!columns.includes(c) && (shown.length > 0 || opts.columns !== undefined)) throw new RangeError(`${fn}: options.${option}: ${JSON.stringify(c)} is not a column of the table (columns: ${columns.join(", ")})`);
    }
    return new Set(given);
  };
  const money = named("money", opts.money);
  const percent = named("percent", opts.percent);
  for (const c of percent) {
    if (opts.money?.includes(c)) throw new RangeError(`${fn}: options.percent: ${JSON.stringify(c)} is also in options.money`);
    money.delete(c);
  }

  type Cell = { kind: "empty" } | { kind: "number"; value: number } | { kind: "bigint"; value: bigint } | { kind: "text"; text: string };
  const cell = (v: unknown): Cell => {
    if (v === null || v === undefined) return { kind: "empty" };
    if (typeof v === "number") return { kind: "number", value: v };
    if (typeof v === "bigint") return { kind: "bigint", value: v };
    if (typeof v === "string") return { kind: "text", text: v };
    if (typeof v === "boolean") return { kind: "text", text: String(v) };
    if (v instanceof Date) return { kind: "text", text: Number.isNaN(v.getTime()) ? "Invalid Date" : v.toISOString() };
    const json = JSON.stringify(v) ?? String(v);
    return { kind: "text", text: json.length > 80 ? `${json.slice(0, 77)}...` : json };
  };
  const raw = shown.map((r, i) =>
    columns.map((c) => {
      let v: unknown;
      try {
        v = (r as Record<string, unknown>)[c];
      } catch (error) {
        throw new AnalyticsInputError(fn, [inputIssue("unreadable_field", ["records", i, c], `reading the field threw: ${thrownMessage(error)}`)]);
      }
      // a number that is not finite is refused, never printed as "NaN" or "Infinity"
      if (typeof v === "number" && !Number.isFinite(v)) {
        throw new AnalyticsInputError(fn, [inputIssue("invalid_value", ["records", i, c], `expected a finite number, got ${describeValue(v)}`)]);
      }
      return readGuarded(fn, "unreadable_field", ["records", i, c], "showing the field", () => cell(v));
    }),
  );
  // a column is numeric when every cell shown is a number (or empty): right-aligned, one number of decimals
  const numericColumn = columns.map((_, j) => raw.length > 0 && raw.every((row) => row[j].kind === "number" || row[j].kind === "bigint" || row[j].kind === "empty"));
  // half away from zero on the shortest decimal (1.005 → "1.01"), never "-0.00"
  const fixed = (x: number, d: number): string => toFixedHalfAway(x, d);
  // decimals a value needs, up to `digits`: those of toFixed(digits) without trailing zeros
  const needed = (x: number): number => {
    const text = fixed(x, digits);
    const dot = text.indexOf(".");
    return dot < 0 || text.includes("e") ? 0 : text.slice(dot + 1).replace(/0+$/, "").length;
  };
  const decimals = columns.map((c, j) => {
    if (!numericColumn[j]) return 0;
    if (percent.has(c)) return percentDigits;
    if (money.has(c)) return moneyDigits;
    let d = 0;
    for (const row of raw) {
      const x = row[j];
      if (x.kind === "number" && !Number.isInteger(x.value)) d = Math.max(d, needed(x.value));
    }
    return d;
  });
  const body = raw.map((row) =>
    row.map((x, j): string => {
      if (x.kind === "empty") return "";
      if (x.kind === "text") return x.text;
      const d = decimals[j];
      const asPercent = percent.has(columns[j]) && numericColumn[j];
      if (x.kind === "bigint") return asPercent ? `${x.value * 100n}${d > 0 ? `.${"0".repeat(d)}` : ""}%` : `${x.value}${d > 0 ? `.${"0".repeat(d)}` : ""}`;
      if (!numericColumn[j]) return Number.isInteger(x.value) ? String(x.value) : fixed(x.value, digits).replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, "");
      return asPercent ? `${percentOf(x.value, d)}%` : fixed(x.value, d);
    }),
  );
  const more = count - shown.length;
  const moreText = more > 0 ? `… ${more} more row${more === 1 ? "" : "s"} (${count} in all)` : "";

  const widths = columns.map((c, j) => Math.max(displayWidth(c), ...body.map((row) => displayWidth(row[j]))));
  const line = (cells: string[]) => cells.map((s, j) => pad(s, widths[j], numericColumn[j])).join("  ").trimEnd();
  const textLines = [
    ...(opts.title ? [opts.title] : []),
    line(columns),
    widths.map((w) => "-".repeat(w)).join("  "),
    ...body.map(line),
    ...(moreText ? [moreText] : []),
  ];
  const text = textLines.join("\n");

  // Jupyter's stylesheet right-aligns table cells: both alignments are written out
  const align = (j: number) => ` style="text-align:${numericColumn[j] ? "right" : "left"}"`;
  const html = [
    "<table>",
    ...(opts.title ? [`<caption>${escapeHtml(opts.title)}</caption>`] : []),
    `<thead><tr>${columns.map((c, j) => `<th${align(j)}>${escapeHtml(c)}</th>`).join("")}</tr></thead>`,
    "<tbody>",
    ...body.map((row) => `<tr>${row.map((c, j) => `<td${align(j)}>${escapeHtml(c)}</td>`).join("")}</tr>`),
    "</tbody>",
    ...(moreText ? [`<tfoot><tr><td colspan="${columns.length}" style="text-align:left">${escapeHtml(moreText)}</td></tr></tfoot>`] : []),
    "</table>",
  ].join("\n");
  return { html, text, [JUPYTER_DISPLAY]: () => ({ "text/html": html, "text/plain": text }) };
}
