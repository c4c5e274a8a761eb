/**
 * Problems in the data as the command line prints them, one line each, built from the issues' fields
 * and never from their text: a transaction issue at the CSV line of its row and the column of its
 * field, an issue of a later step (a model fit, a scoring) under that step and its customer.
 *
 *     orders.csv:7: amount: expected a finite number, got "12,5" (customer "c7")
 *     orders.csv: fitBgNbd: T: expected a finite number > 0, got 0 (customer "c9")
 */
import { isAnalyticsInputError, type InputIssue } from "../errors.js";
import { isoDateFromDays } from "../input/dates.js";
import type { TransactionColumns } from "../input/index.js";
import type { ColumnMapping } from "./transactions.js";

/** One line: where, the column or field, what is wrong, and whose row or record it is. */
export function problemLine(where: string, column: string | undefined, message: string, customerId: string | undefined): string {
  const who = customerId === undefined ? "" : ` (customer ${JSON.stringify(customerId)})`;
  return `${where}: ${column === undefined ? "" : `${column}: `}${message}${who}`;
}

/** Where the library's transactions came from: the CSV, the line of each row it read, the columns. */
export interface CsvOrigin {
  source: string;
  /** CSV line of each row handed to the library (its row index → the line the row starts on). */
  lines: Int32Array;
  mapping: ColumnMapping;
  /** The transactions handed to the library, and its as-of date: the values the command line's messages quote. */
  columns?: { readonly date: Int32Array; readonly amount: Float64Array };
  asOf?: string;
  /** --date-range, when given. */
  dateRange?: { from?: string; to?: string };
}

/** The CSV column (or columns) each field of the library's transaction columns was read from. */
const COLUMN_OF: { readonly [F in keyof TransactionColumns]-?: (m: ColumnMapping) => string } = {
  customerId: (m) => m.customer,
  date: (m) => m.date,
  amount: (m) => m.amount ?? `${m.quantity}×${m.price}`,
  orderId: (m) => m.order ?? "orderId",
};

function csvColumn(field: string, mapping: ColumnMapping): string {
  return Object.hasOwn(COLUMN_OF, field) ? COLUMN_OF[field as keyof TransactionColumns](mapping) : field;
}

/** A library issue about the CSV's transactions, at the CSV line of its row and the column of its field. */
export function transactionIssueLine(issue: InputIssue, origin: CsvOrigin): string {
  const where = issue.row !== undefined && issue.row < origin.lines.length ? `${origin.source}:${origin.lines[issue.row]}` : origin.source;
  return problemLine(where, issue.field === undefined ? undefined : csvColumn(issue.field, origin.mapping), cliMessage(issue, origin), issue.customerId);
}

/**
 * The message of an issue in the command line's words. The library's hints name its options
 * (`afterAsOf: "ignore"`); for the codes whose remedy is a flag, the command line writes its own
 * message from the issue's code and the row's values, never by rewriting the library's text.
 */
export function cliMessage(issue: InputIssue, origin: CsvOrigin): string {
  const row = issue.row;
  const columns = origin.columns;
  if (row === undefined || columns === undefined || row >= columns.date.length) return issue.message;
  switch (issue.code) {
    case "date_after_as_of":
      return origin.asOf === undefined ? issue.message : afterAsOfMessage(columns.date[row], origin.asOf);
    case "implausible_date": {
      const date = isoDateFromDays(columns.date[row]);
      const year = Number(date.slice(0, 4));
      const range = `${origin.dateRange?.from ?? "1900-01-01"}..${origin.dateRange?.to ?? "2199-12-31"}`;
      const placeholder = year <= 1000 || year >= 9000 ? " (a placeholder such as 0001-01-01 or 9999-12-31?)" : "";
      return `date ${date} is outside ${range}${placeholder}; --date-range FROM..TO allows other dates`;
    }
    case "negative_amount":
      return `negative amount ${columns.amount[row]} (--refunds error; use --refunds net or exclude to accept refunds)`;
    default:
      return issue.message;
  }
}

/** A row dated after --as-of: what to check, and the flag that leaves such rows out. */
export function afterAsOfMessage(day: number, asOf: string): string {
  return `date ${isoDateFromDays(day)} is after --as-of ${asOf} (check --as-of and the day/month order of --date-format; --after-as-of ignore leaves such rows out)`;
}

/** How many more problems an error holds, for the end of its one line. */
export function moreProblems(issues: readonly unknown[], cap: number, advice: string): string {
  if (issues.length <= 1) return "";
  return ` (${issues.length - 1}${issues.length >= cap ? "+" : ""} more${advice})`;
}

/** A later step of a command failed on its data: the step (a library function), its issues, and the customer of each. */
export class StepError extends Error {
  override readonly name = "StepError";
  constructor(
    readonly step: string,
    readonly issues: readonly InputIssue[],
    readonly customerIds: readonly (string | undefined)[],
  ) {
    super(`${step}: ${issues.length} problem${issues.length === 1 ? "" : "s"} in the data`);
  }
}

/**
 * Runs one library call of a command. Its data errors become a {@link StepError} naming the step
 * and, for each issue, the customer: the issue's own `customerId`, else the id of record `row` of
 * `records` (the customer-level records the command built and passed).
 */
export function step<T>(name: string, call: () => T, records?: readonly { readonly customerId: string }[]): T {
  try {
    return call();
  } catch (error) {
    if (!isAnalyticsInputError(error)) throw error;
    const customerIds = error.issues.map((i) => i.customerId ?? (i.row !== undefined ? records?.[i.row]?.customerId : undefined));
    throw new StepError(name, error.issues, customerIds);
  }
}

/** The one line of a {@link StepError}: the input, the step, the field, the message, the customer. */
export function stepErrorLine(error: StepError, source: string): string {
  const first = error.issues[0];
  return `${problemLine(`${source}: ${error.step}`, first.field, first.message, error.customerIds[0])}${moreProblems(error.issues, 20, "")}`;
}
