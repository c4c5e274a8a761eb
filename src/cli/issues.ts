/**
 * Problems in the data as the command line prints them, one line each, built from the issues' fields
 * and never from their text: a transaction issue at the CSV line of its row and the column of its
 * field, an issue of a later step (a model fit, a scoring) under that step and its customer.
 *
 *     orders.csv:7: amount: expected a finite number, got "12,5" (customer "c7")
 *     orders.csv: fitBgNbd: T: expected a finite number > 0, got 0 (customer "c9")
 */
import { inputIssue, isAnalyticsInputError, type InputIssue } from "../errors.js";
import { daysFromCivil, daysInMonth, isoDateFromDays } from "../input/dates.js";
import { normalizeTransactions, type InputReport, type TransactionColumns, type TransactionReadOptions } from "../input/index.js";
import type { EncodingError } from "../csv/decode.js";
import type { DateFormat } from "../csv/fields.js";
import type { NumberFormat } from "../csv/guessNumberFormat.js";
import { dateAdviceFor, numberAdviceFor } from "./advice.js";
import { fmtCount, percent } from "./counts.js";
import type { ColumnMapping, CsvTransactions } from "./transactions.js";

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
export function step<T>(name: string, call: () => T, recordsOf?: readonly { readonly customerId: string }[] | (() => readonly { readonly customerId: string }[])): T {
  try {
    return call();
  } catch (error) {
    if (!isAnalyticsInputError(error)) throw error;
    const records = typeof recordsOf === "function" ? recordsOf() : recordsOf;
    const customerIds = error.issues.map((i) => i.customerId ?? (i.row !== undefined ? records?.[i.row]?.customerId : undefined));
    throw new StepError(name, error.issues, customerIds);
  }
}

/** The one line of a {@link StepError}: the input, the step, the field, the message, the customer. */
export function stepErrorLine(error: StepError, source: string): string {
  const first = error.issues[0];
  return `${problemLine(`${source}: ${error.step}`, first.field, first.message, error.customerIds[0])}${moreProblems(error.issues, 20, "")}`;
}

/** How many problems of each kind a gathered report shows. */
export const SHOWN_PER_KIND = 3;

/** One kind of problem in a file: its code, how many rows have it, the first few, and what to do about it. */
export interface ProblemKind {
  code: string;
  /** Rows with this problem (a row with problems of several kinds counts under each). */
  count: number;
  /** The first few problems of the kind (in file order): the CSV line of each, for ordering, and its line of text. */
  examples: { line: number; text: string }[];
  /** What to do about this kind (a flag, a likelier --date-format), when there is something to say. */
  hint?: string;
  /** A fact about the kind's rows for its heading (`the latest 2011-12-09`). */
  note?: string;
  /** What `count` counts: `row` (default) or `line` (bytes that are not UTF-8). */
  unit?: "row" | "line";
}

/** Kinds with the same code (the CSV reader's and the library's) as one, each kind's examples in file order. */
export function mergeKinds(kinds: readonly ProblemKind[]): ProblemKind[] {
  const byCode = new Map<string, ProblemKind>();
  for (const kind of kinds) {
    if (kind.count <= 0) continue;
    const seen = byCode.get(kind.code);
    if (seen === undefined) byCode.set(kind.code, { ...kind, examples: [...kind.examples] });
    else {
      seen.count += kind.count;
      seen.examples.push(...kind.examples);
      seen.hint ??= kind.hint;
    }
  }
  const merged = [...byCode.values()];
  for (const kind of merged) kind.examples = kind.examples.sort((a, b) => a.line - b.line).slice(0, SHOWN_PER_KIND);
  // in file order; kinds without rows shown (--on-invalid skip keeps none) by count, largest first
  const first = (k: ProblemKind) => k.examples[0]?.line ?? Number.MAX_SAFE_INTEGER;
  return merged.sort((a, b) => first(a) - first(b) || b.count - a.count);
}

const plural = (n: number, word: string) => `${fmtCount(n)} ${word}${n === 1 ? "" : "s"}`;

/**
 * Every problem of a file in one message. The first line is the first problem in the file (the
 * one-line error of a file with one problem; scripts may grep it), ending with how many more there
 * are; then, indented, how many rows have problems, each kind with its count, its first
 * {@link SHOWN_PER_KIND} problems and its hint, and what to do. When more than half of the rows have
 * problems the reading options are the likelier cause, and leaving the rows out is not suggested.
 *
 *     orders.csv:3: amount: expected a finite number, got "x" (customer "b") (and 2 more problems, below)
 *       3 of 10 rows have problems of 2 kinds:
 *       invalid_amount in 2 rows (20.0%):
 *         orders.csv:3: amount: expected a finite number, got "x" (customer "b")
 *         orders.csv:7: amount: expected a finite number, got "" (customer "d")
 *       missing_customer_id in 1 row (10.0%):
 *         orders.csv:5: customerId: missing customer id (an empty field)
 *         --drop-missing-customer leaves out rows without a customer id (counted); any other problem still stops the run
 *       --on-invalid skip leaves the rows with problems out (counted); collect also lists every problem
 */
export function problemReport(kindsIn: readonly ProblemKind[], rows: { read: number; withProblems: number }, options: { skipAdvice?: string | null } = {}): string {
  const kinds = mergeKinds(kindsIn);
  if (kinds.length === 0) throw new TypeError("problemReport: no problems");
  const total = kinds.reduce((sum, k) => sum + k.count, 0);
  const first = kinds[0].examples[0]?.text ?? kinds[0].code;
  if (total === 1) return [first, ...kinds.filter((k) => k.hint !== undefined).map((k) => `  ${k.hint}`)].join("\n");
  return `${first} (and ${plural(total - 1, "more problem")}, below)\n${problemList(kinds, rows, options)}`;
}

/**
 * The indented part of {@link problemReport}: how many rows have problems, each kind with its count,
 * first rows and hint, and what to do (`skipAdvice`: null for none, else the default or this text).
 */
export function problemList(kindsIn: readonly ProblemKind[], rows: { read: number; withProblems: number }, options: { skipAdvice?: string | null } = {}): string {
  const kinds = mergeKinds(kindsIn);
  const share = (n: number) => (rows.read > 0 ? ` (${percent(n / rows.read)})` : "");
  const out: string[] = [];
  out.push(`  ${fmtCount(rows.withProblems)} of ${plural(rows.read, "row")} ${rows.withProblems === 1 ? "has" : "have"} problems${kinds.length > 1 ? ` of ${kinds.length} kinds` : ""}:`);
  for (const kind of kinds) {
    const more = kind.count > kind.examples.length && kind.examples.length > 0 ? `, the first ${kind.examples.length}` : "";
    out.push(`  ${kind.code} in ${plural(kind.count, kind.unit ?? "row")}${kind.unit === "line" ? "" : share(kind.count)}${kind.note !== undefined ? `, ${kind.note}` : ""}${more}:`);
    for (const example of kind.examples) out.push(`    ${example.text}`);
    if (kind.hint !== undefined) out.push(`    ${kind.hint}`);
  }
  const after = kinds.some((k) => k.code === "date_after_as_of");
  const encoding = kinds.some((k) => k.code === "invalid_encoding");
  if (rows.read > 0 && rows.withProblems > rows.read / 2) {
    out.push(`  more than half of the rows have problems: the options (${after ? "--as-of, " : ""}${encoding ? "--encoding, " : ""}--date-format, --decimal-comma, --thousands, --delimiter, the column flags) probably do not fit the file; fix them rather than leave rows out`);
  } else if (options.skipAdvice !== null) {
    // rows after --as-of are not bad rows: --on-invalid never leaves them out (their lines say what does)
    if (!after || kinds.length > 1) out.push(`  ${options.skipAdvice ?? `--on-invalid skip leaves the rows with ${after ? "the other " : ""}problems out (counted); collect also lists every problem`}`);
  }
  return out.join("\n");
}


/** How the transactions were read and are checked: what the gathering of problems needs to know. */
export interface GatherSettings extends NumberFormat {
  asOf: string;
  dateFormat: DateFormat;
  refunds: "net" | "exclude" | "error";
  afterAsOf: "error" | "ignore";
  timeZone: string | undefined;
  dateRange: { from?: string; to?: string } | undefined;
}

/** What to do about rows without a customer id, when they are a problem. */
export const DROP_MISSING_CUSTOMER_HINT = "--drop-missing-customer leaves out rows without a customer id (counted); any other problem still stops the run";

/** The CSV reader's problems by kind: its kept issues (the first few of each code) and its counts. */
export function readerKinds(csv: CsvTransactions, source: string, read: { dateFormat: DateFormat } & NumberFormat): ProblemKind[] {
  const dateAdvice = dateAdviceFor(csv, read.dateFormat);
  const numberAdvice = numberAdviceFor(csv, read);
  return Object.entries(csv.invalidByCode).map(([code, count]) => ({
    code,
    count: count ?? 0,
    examples: csv.issues.filter((i) => i.code === code).map((i) => ({ line: i.line, text: problemLine(`${source}:${i.line}`, i.column, i.message, i.customerId) })),
    ...(code === "invalid_date" && dateAdvice !== undefined ? { hint: dateAdvice } : {}),
    ...(code === "invalid_amount" && numberAdvice !== undefined ? { hint: numberAdvice } : {}),
    ...(code === "missing_customer_id" ? { hint: DROP_MISSING_CUSTOMER_HINT } : {}),
  }));
}

/** The library's problems (of a collecting read) by kind, named by CSV line and column. */
export function libraryKinds(report: InputReport, origin: CsvOrigin): ProblemKind[] {
  const issues = report.issues ?? [];
  return Object.entries(report.invalidByCode).map(([code, count]) => ({
    code,
    count: count ?? 0,
    examples: issues
      .filter((i) => i.code === code)
      .slice(0, SHOWN_PER_KIND)
      .map((i) => ({ line: i.row !== undefined && i.row < origin.lines.length ? origin.lines[i.row] : 0, text: transactionIssueLine(i, origin) })),
  }));
}

/**
 * Rows the reader kept that are dated after --as-of (and not beyond --date-range, which is its own
 * problem): the first few, the count and the latest date.
 */
export function afterAsOfKind(csv: CsvTransactions, origin: CsvOrigin, asOf: string, lastDay: number): (ProblemKind & { latest: string }) | null {
  const asOfDay = epochDayOf(asOf);
  if (asOfDay === undefined) return null;
  const days = csv.columns.date;
  const ids = csv.columns.customerId;
  const examples: ProblemKind["examples"] = [];
  let count = 0;
  let latest = asOfDay;
  for (let i = 0; i < days.length; i++) {
    const d = days[i];
    if (d <= asOfDay || d > lastDay) continue;
    count++;
    if (d > latest) latest = d;
    if (examples.length < SHOWN_PER_KIND) {
      const issue = inputIssue("date_after_as_of", ["columns", "date", i], "", String(ids.dictionary[ids.codes[i]]));
      examples.push({ line: origin.lines[i], text: transactionIssueLine(issue, origin) });
    }
  }
  if (count === 0) return null;
  const last = isoDateFromDays(latest);
  return { code: "date_after_as_of", count, examples, latest: last, note: `the latest ${last}` };
}

/** The epoch day of a YYYY-MM-DD that exists, else undefined. */
export function epochDayOf(date: string): number | undefined {
  const [y, m, d] = date.split("-").map(Number);
  if (!(m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m))) return undefined;
  return daysFromCivil(y, m, d);
}

/**
 * Every problem of a file, for one report: the reader's, the rows after --as-of (unless ignored),
 * and the library's checks run on the rows the reader kept (collecting, with rows after --as-of set
 * aside so that they are counted once), and how many rows have any.
 */
export function gatherProblems(csv: CsvTransactions, origin: CsvOrigin, read: GatherSettings): { kinds: ProblemKind[]; rowsWithProblems: number } {
  const kinds = readerKinds(csv, origin.source, read);
  let rowsWithProblems = csv.invalidRows;
  const lastDay = epochDayOf(read.dateRange?.to ?? "2199-12-31") ?? Number.MAX_SAFE_INTEGER;
  const after = read.afterAsOf === "error" ? afterAsOfKind(csv, origin, read.asOf, lastDay) : null;
  if (after !== null) kinds.push(after);
  if (csv.columns.date.length > 0) {
    let report: InputReport | undefined;
    try {
      const options: TransactionReadOptions = {
        asOf: read.asOf,
        refunds: read.refunds,
        afterAsOf: "ignore",
        onInvalid: "collect",
        ...(read.timeZone !== undefined ? { timeZone: read.timeZone } : {}),
        ...(read.dateRange !== undefined ? { dateRange: read.dateRange } : {}),
      };
      report = normalizeTransactions(csv.columns as TransactionColumns, options).input;
    } catch (error) {
      // every kept row left out (all after --as-of, say): the rows counted above say why
      if (!isAnalyticsInputError(error)) throw error;
    }
    if (report !== undefined) {
      kinds.push(...libraryKinds(report, origin));
      rowsWithProblems += report.invalidRows + (after !== null ? report.ignoredAfterAsOf : 0);
    } else if (after !== null) rowsWithProblems += after.count;
  }
  return { kinds, rowsWithProblems };
}

/** Bytes that are not UTF-8 as a kind: the lines holding some, the first few described. */
export function encodingKind(error: EncodingError): ProblemKind {
  return {
    code: "invalid_encoding",
    count: error.lines,
    unit: "line",
    examples: error.examples.map((e) => ({ line: e.line, text: `${error.source}:${e.line}:${e.column}: ${e.detail}` })),
  };
}
