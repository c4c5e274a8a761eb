import { z } from "zod";
import { AnalyticsInputError, describeValue, inputIssue } from "../errors.js";
import { readGuarded, recordArray, thrownMessage } from "../input/readRecords.js";
import { defineOptions, parseOptions, type OptionsSchema } from "../options.js";
import { JUPYTER_DISPLAY } from "./toDisplay.js";

/** A table a notebook can display: HTML and plain text, and the Jupyter display method. */
export interface TableDisplay {
  readonly html: string;
  readonly text: string;
  [JUPYTER_DISPLAY](): { "text/html": string; "text/plain": string };
}

/** Options of {@link tableDisplay}. */
export interface TableDisplayOptions {
  /** Columns to show, in order (default: the keys of the records, in order of first appearance). */
  columns?: string[];
  /** Most rows shown (default 20); a last line tells how many more there are. */
  maxRows?: number;
  /** Decimals of non-integer numbers (default 4; trailing zeros dropped). */
  digits?: number;
  /** Caption above the table. */
  title?: string;
}

/** zod schema of {@link TableDisplayOptions}. */
export const tableDisplayOptionsSchema: OptionsSchema<TableDisplayOptions> = defineOptions<TableDisplayOptions>()({
  columns: z.array(z.string()).min(1).max(200).optional(),
  maxRows: z.number().int().min(1).max(100_000).optional(),
  digits: z.number().int().min(0).max(15).optional(),
  title: z.string().max(300).optional(),
});

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
// Terminal width: East Asian wide characters take two columns.
const widthOf = (s: string) => [...s].reduce((w, ch) => w + (/[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/.test(ch) ? 2 : 1), 0);
const pad = (s: string, n: number, right: boolean) => (right ? " ".repeat(Math.max(0, n - widthOf(s))) + s : s + " ".repeat(Math.max(0, n - widthOf(s))));

/**
 * Shows records as a table in a notebook: `{ html, text }` and a `[Symbol.for("Jupyter.display")]()`
 * method giving the `text/html` + `text/plain` bundle. Numbers right-aligned with at most `digits`
 * decimals, `null` cells empty, objects as JSON, HTML escaped; at most `maxRows` rows, then how many
 * more there are. E.g. `tableDisplay(segmentRfm(customers).meta.segments)`.
 *
 * Only the rows shown are read. A cell that is a number must be finite: NaN or ±Infinity is never
 * printed but refused (`invalid_value` at `["records", i, column]`); a getter, Proxy trap or `toJSON`
 * that throws while a shown row is read is `unreadable_field` naming the row and column (`invalid_row`
 * when the row itself or its keys cannot be read).
 *
 * @throws {TypeError} When `records` is not an array of objects, prefixed `tableDisplay:`.
 * @throws {AnalyticsInputError} `invalid_value`, `unreadable_field` or `invalid_row` for a shown row.
 * @throws {RangeError | TypeError} Bad or unknown options.
 * @example
 * const table = tableDisplay([
 *   { segment: "important_value", customers: 1200, share: 0.123456 },
 *   { segment: "general_win_back", customers: 9000, share: 0.5 },
 * ], { digits: 3 });
 * table.text.split("\n");
 * //=> ["segment           customers  share",
 * //    "----------------  ---------  -----",
 * //    "important_value        1200  0.123",
 * //    "general_win_back       9000    0.5"]
 */
export function tableDisplay(records: readonly object[], options: TableDisplayOptions = {}): TableDisplay {
  const fn = "tableDisplay";
  const opts = parseOptions(fn, tableDisplayOptionsSchema, options);
  const isArray = readGuarded(fn, "invalid_row", ["records"], "reading records", () => Array.isArray(records));
  if (!isArray) throw new TypeError(`${fn}: records must be an array of records, got ${describeValue(records)}`);
  const list = recordArray(fn, "records", records);
  const count = list.length;
  const maxRows = opts.maxRows ?? 20;
  const digits = opts.digits ?? 4;
  const shown: object[] = [];
  for (let i = 0; i < Math.min(count, maxRows); i++) {
    const r: unknown = readGuarded(fn, "invalid_row", ["records", i], "reading the record", () => list[i]);
    const isRecord = readGuarded(fn, "invalid_row", ["records", i], "reading the record", () => r !== null && typeof r === "object" && !Array.isArray(r));
    if (!isRecord) throw new TypeError(`${fn}: records[${i}] must be a record (object), got ${describeValue(r)}`);
    shown.push(r as object);
  }
  const columns =
    opts.columns ?? [...new Set(shown.flatMap((r, i) => readGuarded(fn, "invalid_row", ["records", i], "listing the record's fields", () => Object.keys(r))))];
  const cell = (v: unknown): { text: string; numeric: boolean } => {
    if (v === null || v === undefined) return { text: "", numeric: false };
    if (typeof v === "number") {
      if (Number.isInteger(v)) return { text: String(v), numeric: true };
      const fixed = v.toFixed(digits);
      return { text: fixed.includes(".") && !fixed.includes("e") ? fixed.replace(/\.?0+$/, "") : fixed, numeric: true };
    }
    if (typeof v === "string") return { text: v, numeric: false };
    if (typeof v === "boolean" || typeof v === "bigint") return { text: String(v), numeric: typeof v === "bigint" };
    if (v instanceof Date) return { text: Number.isNaN(v.getTime()) ? "Invalid Date" : v.toISOString(), numeric: false };
    const json = JSON.stringify(v) ?? String(v);
    return { text: json.length > 80 ? `${json.slice(0, 77)}...` : json, numeric: false };
  };
  const body = shown.map((r, i) =>
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
  const numericColumn = columns.map((_, j) => body.length > 0 && body.every((row) => row[j].numeric || row[j].text === ""));
  const more = count - shown.length;
  const moreText = more > 0 ? `… ${more} more row${more === 1 ? "" : "s"} (${count} in all)` : "";

  const widths = columns.map((c, j) => Math.max(widthOf(c), ...body.map((row) => widthOf(row[j].text))));
  const line = (cells: string[]) => cells.map((s, j) => pad(s, widths[j], numericColumn[j])).join("  ").trimEnd();
  const textLines = [
    ...(opts.title ? [opts.title] : []),
    line(columns),
    widths.map((w) => "-".repeat(w)).join("  "),
    ...body.map((row) => line(row.map((c) => c.text))),
    ...(moreText ? [moreText] : []),
  ];
  const text = textLines.join("\n");

  const align = (j: number) => (numericColumn[j] ? ' style="text-align:right"' : "");
  const html = [
    "<table>",
    ...(opts.title ? [`<caption>${escapeHtml(opts.title)}</caption>`] : []),
    `<thead><tr>${columns.map((c, j) => `<th${align(j)}>${escapeHtml(c)}</th>`).join("")}</tr></thead>`,
    "<tbody>",
    ...body.map((row) => `<tr>${row.map((c, j) => `<td${align(j)}>${escapeHtml(c.text)}</td>`).join("")}</tr>`),
    "</tbody>",
    ...(moreText ? [`<tfoot><tr><td colspan="${columns.length}">${escapeHtml(moreText)}</td></tr></tfoot>`] : []),
    "</table>",
  ].join("\n");
  return { html, text, [JUPYTER_DISPLAY]: () => ({ "text/html": html, "text/plain": text }) };
}
