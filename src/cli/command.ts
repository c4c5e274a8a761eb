/**
 * What a command is: its options (for `node:util` parseArgs), its help, whether it starts from
 * customer summaries or from transactions, and a pure function from those to flat records.
 */
import { daysInMonth } from "../input/dates.js";
import type { TransactionColumns, TransactionReadOptions } from "../input/index.js";
import type { CustomerSummary, CustomerSummaryColumns, SummaryMeta } from "../summary/index.js";
import { UsageError } from "./errors.js";
import type { FlatRecord, RecordColumns } from "./output.js";
import type { InputEncoding } from "../csv/decode.js";
import type { DateFormat, ThousandsSeparator } from "./fields.js";
import type { CsvTable } from "./csv.js";

/** Parsed option values (strings and booleans, as parseArgs returns them). */
/** The input settings of a run (the shared input options, checked). */
export interface ReadSettings {
  encoding: InputEncoding;
  delimiter: string;
  dateFormat: DateFormat;
  decimalComma: boolean;
  /** --thousands: the thousands separator of numbers (`1.099,00`, `1,099.00`), none by default. */
  thousands: ThousandsSeparator | undefined;
  timeZone: string | undefined;
  refunds: "net" | "exclude" | "error";
  afterAsOf: "error" | "ignore";
  onInvalid: "throw" | "skip" | "collect";
  /** --drop-missing-customer: rows with an empty customer id are left out (counted), whatever --on-invalid says. */
  dropMissingCustomer: boolean;
  /** --date-range FROM..TO: the dates accepted (either end may be left out: its default stays). */
  dateRange: { from?: string; to?: string } | undefined;
}

export type OptionValues = Record<string, string | boolean | undefined>;

/** One option: its parseArgs descriptor and its help line. */
export interface OptionSpec {
  type: "string" | "boolean";
  /** One-letter alias. */
  short?: string;
  /** Value placeholder in help (`N`, `COLUMN`); absent for flags. */
  arg?: string;
  help: string;
}

/** What a command computes from. */
export type CommandInput =
  | {
      kind: "summaries";
      customers: CustomerSummary[];
      /** The same summaries as columns, when the input was streamed (the fast lane; `customers` is then made on first use). */
      columns?: CustomerSummaryColumns;
      meta: SummaryMeta;
      /** The transactions the summaries were made from (computed on demand: most commands do not need them). */
      transactions: () => TransactionColumns;
      /** Reading options for library functions that take transactions (as-of, zone, refund policy). */
      read: TransactionReadOptions;
      reading?: CommandReading;
    }
  | { kind: "transactions"; transactions: TransactionColumns; read: TransactionReadOptions; reading?: CommandReading }
  /** A CSV of other records (one row per customer, a contact log), read whole: the command reads its columns. */
  | { kind: "table"; table: CsvTable; read: ReadSettings }
  /** No input at all: the command computes from its flags (`service --rate`). */
  | { kind: "none" };

/**
 * What reading the file did, as `--meta`'s `input` block counts it (the CSV reader and the library's
 * checks together), for commands that report it (the HTML report's data-quality section).
 */
export interface CommandReading {
  /** The file as given on the command line (`-` for stdin). */
  source: string;
  rowsRead: number;
  rowsUsed: number;
  invalidRows: number;
  droppedMissingCustomer: number;
  invalidByCode: Partial<Record<string, number>>;
  ignoredAfterAsOf: number;
  excludedRefunds: number;
}

/** A command's result: records to print (in their column order) and the meta to save with `--meta`. */
export interface CommandOutput {
  records: FlatRecord[];
  meta: unknown;
  /** Notes for stderr (what the analysis left out or assumed); hidden by --quiet. */
  notes?: string[];
  /** Warnings for stderr (results to be used with care); hidden only by --silent. */
  warnings?: string[];
  /**
   * A whole document to write as it is (a chart, a report) instead of the records: `--format` does not
   * apply to it; `-o FILE` gets its bytes unchanged; binary contents are never written to a terminal.
   */
  document?: CommandDocument;
  /** The records as columns, written instead of `records` (then empty): no object per customer. */
  table?: RecordColumns;
}

/** A document a command writes instead of records. */
export interface CommandDocument {
  /** The text or bytes to write. */
  contents: string | Uint8Array;
  kind: "vega-lite" | "svg" | "png" | "html";
}

/** One sub-command of the command line. */
export interface Command {
  name: string;
  /** One line for the global help. */
  summary: string;
  /** Paragraph under the usage line of the command's help. */
  description: string;
  /** Examples shown in the command's help. */
  examples: string[];
  /**
   * Starts from customer summaries (computed by the runner), from the transactions, or from a CSV
   * table of other records (`table`: the runner parses the CSV and the command reads its columns;
   * no --as-of, only the input options in `inputOptions`).
   */
  needs: "summaries" | "transactions" | "table";
  /**
   * `summaries` commands: whether this run needs the customer summaries only (never
   * `input.transactions()`), so that the runner streams the input (default no: read whole).
   */
  streams?(values: OptionValues): boolean;
  /** `table` commands: the names of the shared input options that apply (others are unknown options). */
  inputOptions?: readonly string[];
  /** `table` commands: whether this run reads a file at all (default yes); when not, the input is `{ kind: "none" }`. */
  readsInput?(values: OptionValues): boolean;
  /** The usage line after `crm-analytics <name>` (default `[file|-] --as-of YYYY-MM-DD [options]`). */
  usage?: string;
  options: Record<string, OptionSpec>;
  /**
   * Checks the command's own options and returns the analysis to run on the data. Called before any
   * data is read, so a bad option is reported (exit 2) before a slow read or a data error.
   * @throws {UsageError} For a bad option value or combination.
   */
  prepare(values: OptionValues): (input: CommandInput) => CommandOutput | Promise<CommandOutput>;
}

/** A string option that must be one of `allowed`. */
export function choice<T extends string>(values: OptionValues, name: string, allowed: readonly T[], fallback: T): T;
export function choice<T extends string>(values: OptionValues, name: string, allowed: readonly T[]): T | undefined;
export function choice<T extends string>(values: OptionValues, name: string, allowed: readonly T[], fallback?: T): T | undefined {
  const v = values[name];
  if (v === undefined) return fallback;
  if (typeof v !== "string" || !(allowed as readonly string[]).includes(v)) {
    throw new UsageError(`--${name} must be one of ${allowed.join(", ")}, got ${JSON.stringify(v)}`);
  }
  return v as T;
}

/** A numeric option: finite, optionally an integer, within [min, max]. */
export function numberOption(values: OptionValues, name: string, opts: { integer?: boolean; min?: number; max?: number; exclusiveMin?: boolean; exclusiveMax?: boolean } = {}): number | undefined {
  const v = values[name];
  if (v === undefined) return undefined;
  const text = String(v).trim();
  const x = text === "" ? Number.NaN : Number(text);
  const what = opts.integer ? "an integer" : "a number";
  const range =
    opts.min !== undefined && opts.max !== undefined
      ? ` in ${opts.exclusiveMin ? "(" : "["}${opts.min}, ${opts.max}${opts.exclusiveMax ? ")" : "]"}`
      : opts.min !== undefined
        ? ` ${opts.exclusiveMin ? ">" : ">="} ${opts.min}`
        : "";
  const ok =
    Number.isFinite(x) &&
    (!opts.integer || Number.isInteger(x)) &&
    (opts.min === undefined || (opts.exclusiveMin ? x > opts.min : x >= opts.min)) &&
    (opts.max === undefined || (opts.exclusiveMax ? x < opts.max : x <= opts.max));
  if (!ok) throw new UsageError(`--${name} must be ${what}${range}, got ${JSON.stringify(v)}`);
  return x;
}

/** Whether `text` is a date YYYY-MM-DD that exists on the calendar (2024-02-29 yes, 2023-02-29 no). */
export function isCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (m === null) return false;
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(Number(m[1]), month);
}

/** A date option: YYYY-MM-DD that exists ({@link isCalendarDate}), checked before the data is read. */
export function dateOption(values: OptionValues, name: string): string | undefined {
  const v = values[name];
  if (v === undefined) return undefined;
  if (typeof v !== "string" || !isCalendarDate(v)) throw new UsageError(`--${name} must be a real date YYYY-MM-DD, got ${JSON.stringify(v)}`);
  return v;
}

/** A label of an id in the chosen language, from definitions with `label` and `labelZh`. */
export function labelOf(defs: readonly { id: string; label?: string; labelZh?: string }[], id: string, lang: "en" | "zh"): string {
  const d = defs.find((x) => x.id === id);
  if (!d) return id;
  return (lang === "zh" ? d.labelZh : d.label) ?? d.label ?? id;
}

/** The `--labels` option shared by the commands that name segments, tiers or quadrants. */
export const LABELS_OPTION: OptionSpec = { type: "string", arg: "en|zh", help: "language of the label column: en (default) or zh (中文)" };
/** The `--summary` option: one record per group instead of one per customer. */
export const SUMMARY_OPTION: OptionSpec = { type: "boolean", help: "print one record per group (counts, shares) instead of one per customer" };
