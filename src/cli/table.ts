/**
 * Reading a CSV of other records than transactions (`needs: "table"` commands: one row per customer
 * for `select`, a contact log for `service`): columns by name, numbers with the shared number options,
 * and problems named by file, line and column as for transactions.
 */
import { isAnalyticsInputError, type AnalyticsInputError, type InputIssue } from "../errors.js";
import type { ReadSettings } from "./command.js";
import { fieldText, type CsvTable } from "./csv.js";
import { fmtCount } from "./counts.js";
import { DataError, UsageError } from "./errors.js";
import { parseNumberBytes, thousandsByte } from "./fields.js";
import { moreProblems, problemLine } from "./issues.js";
import { delimiterHint } from "./transactions.js";

/**
 * The index of column `column` in the table's header. A column the header lacks is a usage error
 * naming the flag (`--capability: column "service" is not in the header of survey.csv (columns: …)`);
 * a name the header holds twice is a data error (`duplicate_header`).
 */
export function tableColumn(table: CsvTable, column: string, flag: string, read: ReadSettings): number {
  const positions = table.header.flatMap((h, i) => (h === column ? [i + 1] : []));
  if (positions.length === 0) {
    const shown = table.header.slice(0, 20).join(", ") + (table.header.length > 20 ? ", …" : "");
    throw new UsageError(`${flag}: column ${JSON.stringify(column)} is not in the header of ${table.source} (columns: ${shown})${delimiterHint(read.delimiter, table.header)}`);
  }
  if (positions.length > 1) {
    const where = `${positions.slice(0, -1).join(", ")} and ${positions[positions.length - 1]}`;
    throw new DataError(
      `${table.source}:${table.headerLine}: the header names ${JSON.stringify(column)} ${positions.length} times (columns ${where}): ${flag} cannot tell which one to read; rename the columns so that each name is used once`,
      "duplicate_header",
    );
  }
  return positions[0] - 1;
}

/** The text of a cell. */
export function cellText(table: CsvTable, column: number, row: number): string {
  return fieldText(table, column, row);
}

const encoder = new TextEncoder();

/** A cell read as a number with --decimal-comma and --thousands (NaN when it is not one, or empty). */
export function cellNumber(text: string, read: ReadSettings): number {
  const bytes = encoder.encode(text);
  return parseNumberBytes(bytes, 0, bytes.length, read.decimalComma, thousandsByte(read.thousands));
}

/** One problem of a row: where it is (file and line), the column, what is wrong, and the customer when known. */
export interface RowProblem {
  row: number;
  column: string | undefined;
  message: string;
  customerId?: string;
}

/** The line of a problem: `survey.csv:5: service: expected a number, got "n/a" (customer "c4")`. */
export function rowProblemLine(table: CsvTable, p: RowProblem): string {
  const where = p.row >= 0 && p.row < table.rows ? `${table.source}:${table.lines[p.row]}` : table.source;
  return problemLine(where, p.column, p.message, p.customerId);
}

/** The one error of rows that cannot be read under --on-invalid throw: the first, and how many more. */
export function rowProblemsError(table: CsvTable, problems: readonly RowProblem[], rowsWithProblems: number): DataError {
  const more = rowsWithProblems > 1 ? ` (${fmtCount(rowsWithProblems - 1)} more row${rowsWithProblems === 2 ? "" : "s"} with problems; --on-invalid skip leaves such rows out and counts them, collect lists them)` : "";
  return new DataError(`${rowProblemLine(table, problems[0])}${more}`, "invalid_value");
}

/**
 * A library data error on records built from the table, `rowOf(i)` being the table row of record `i`
 * and `columnOf` naming the CSV column of a library field: the first issue as a line of the file.
 */
export function libraryRowError(error: AnalyticsInputError, table: CsvTable, rowOf: (record: number) => number, columnOf: (field: string | undefined) => string | undefined): DataError {
  const first = error.issues[0];
  const p = issueProblem(first, rowOf, columnOf);
  return new DataError(`${rowProblemLine(table, p)}${moreProblems(error.issues, 20, "; --on-invalid skip leaves such rows out and counts them, collect lists them")}`, first.code);
}

/** An issue of the library as a row problem of the table. */
export function issueProblem(issue: InputIssue, rowOf: (record: number) => number, columnOf: (field: string | undefined) => string | undefined): RowProblem {
  return { row: issue.row === undefined ? -1 : rowOf(issue.row), column: columnOf(issue.field), message: issue.message, ...(issue.customerId !== undefined ? { customerId: issue.customerId } : {}) };
}

/** Runs a library call on records built from the table; its data error becomes a line of the file. */
export function onTable<T>(call: () => T, table: CsvTable, rowOf: (record: number) => number, columnOf: (field: string | undefined) => string | undefined): T {
  try {
    return call();
  } catch (error) {
    if (isAnalyticsInputError(error)) throw libraryRowError(error, table, rowOf, columnOf);
    throw error;
  }
}

/** `1 row`, `3 rows`. */
export function rowsText(n: number): string {
  return `${fmtCount(n)} row${n === 1 ? "" : "s"}`;
}
