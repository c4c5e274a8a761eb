/**
 * The command line, as a function: `run(argv, io)` parses the arguments, reads the CSV, runs one
 * analysis and writes its records, returning the exit code. Everything is computed before anything is
 * written to stdout, so a failed run leaves stdout empty. All I/O goes through `io`, so tests drive it
 * with strings.
 */
import { stat, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { isAnalyticsInputError, type AnalyticsInputError, type InputIssueCode } from "../errors.js";
import { normalizeTransactions, type InputReport, type TransactionColumns, type TransactionReadOptions } from "../input/index.js";
import { summarizeTransactions, type CustomerSummary, type CustomerSummaryColumns } from "../summary/index.js";
import { summaryRecords } from "../summary/summarizeTransactions.js";
import { parseInvocation, type Invocation } from "./args.js";
import type { CommandInput } from "./command.js";
import { CsvError, readCsv } from "./csv.js";
import { thousandsByte } from "./fields.js";
import { DataError, EXIT, UsageError } from "./errors.js";
import { NAME } from "./help.js";
import {
  afterAsOfKind,
  encodingKind,
  epochDayOf,
  gatherProblems,
  mergeKinds,
  moreProblems,
  problemLine,
  problemList,
  problemReport,
  readerKinds,
  SHOWN_PER_KIND,
  StepError,
  stepErrorLine,
  transactionIssueLine,
  type CsvOrigin,
  type ProblemKind,
} from "./issues.js";
import { EncodingError, useFastUtf8Check } from "../csv/decode.js";
import { formatColumnChunks, formatRecords, terminalSafe } from "./output.js";
import { NO_PROGRESS, progressOn, type Progress } from "./progress.js";
import { fmtCount, percent } from "./counts.js";
import { inputReport, leftOut, type LeftOut } from "./report.js";
import { dropEarlyInput } from "./early.js";
import { openSourceStream, readSource, stdinReplay, type Source, type SourceStream } from "./source.js";
import { mappedColumnIndexes, mappingFromFlags, readTransactionColumns, streamSummaries, streamTrace, type ColumnMapping, type CsvTransactions } from "./transactions.js";

/** The outside world of one run. */
export interface CliIO {
  /** Standard input, read only for `-` (or no file when stdin is not a terminal). */
  stdin: AsyncIterable<Uint8Array | string>;
  /** Text, or the bytes of a binary document (a PNG chart), only when stdout is not a terminal. */
  stdout: (text: string | Uint8Array) => void;
  stderr: (text: string) => void;
  /** Whether stdout is a terminal (then the default format is `table`). */
  stdoutIsTTY?: boolean;
  /** Whether stderr is a terminal (then long runs show progress there). */
  stderrIsTTY?: boolean;
  /** Whether stdin is a terminal (then a missing file is a usage error instead of reading stdin). */
  stdinIsTTY?: boolean;
}

/**
 * Runs the command line. Returns the exit code: 0 success, 1 bad data, 2 bad command line,
 * 3 internal error. Writes records to `io.stdout` only after everything was computed, errors as one
 * line to `io.stderr`.
 */
export async function run(argv: readonly string[], io: CliIO): Promise<number> {
  let progress = NO_PROGRESS;
  // Messages quote the data (ids, fields): control characters in them are shown as escapes, never
  // sent to the terminal. Only the progress line writes its own escapes.
  const safe: CliIO = { ...io, stderr: (text) => io.stderr(text.split("\n").map(terminalSafe).join("\n")) };
  try {
    const invocation = await parseInvocation(argv, io.stdoutIsTTY === true);
    if (invocation.kind === "reply") {
      io[invocation.stream](invocation.text);
      return invocation.code;
    }
    progress = progressOn(io.stderr, io.stderrIsTTY === true && !invocation.quiet && !invocation.silent);
    return await runInvocation(invocation, safe, progress);
  } catch (error) {
    progress.done();
    return reportFailure(error, safe);
  }
}

/** The steps of a run: read the input, read its transactions, run the command, write its output. */
async function runInvocation(invocation: Invocation, io: CliIO, progress: Progress): Promise<number> {
  // before the work: a file that cannot be written would lose it
  if (invocation.output !== undefined) await checkFolder(invocation.output, "--output");
  if (invocation.meta !== undefined) await checkFolder(invocation.meta, "--meta");
  if (invocation.command.needs === "table") return runTableInvocation(invocation, io, progress);
  if (!streams(invocation)) dropEarlyInput();
  else {
    const stream = openSourceStream(invocation.file, io.stdin, io.stdinIsTTY === true, invocation.command.name, progress);
    const streamed = await readStreamed(invocation, stream, progress);
    if (streamed !== null) {
      const output = await runCommand(invocation, streamed.read, stream.name, progress);
      await writeOutput(invocation, { ...output, notes: [...streamed.notes, ...output.notes] }, io);
      return EXIT.ok;
    }
    // read again whole, for the messages that need every row (stdin: what was read, then the rest)
    if (stream.replay !== undefined) {
      const again = stream.replay();
      if (again === null) throw new DataError(notReplayable(streamTrace.fallback));
      io = { ...io, stdin: again };
    }
  }
  const source = await readInput(invocation, io, progress);
  const csv = readTransactionsCsv(source, invocation, io, progress);
  const read = readForCommand(invocation, csv, io, progress);
  const output = await runCommand(invocation, read, csv.origin.source, progress);
  await writeOutput(invocation, { ...output, notes: [...source.notes, ...output.notes] }, io);
  return EXIT.ok;
}

/**
 * Whether the run streams its input: a command that needs only the customer summaries (it says so,
 * for these flags), unless --on-invalid collect (which lists every bad row with its line).
 */
function streams(invocation: Invocation): boolean {
  const { command } = invocation;
  return command.needs === "summaries" && command.streams?.(invocation.values) === true && invocation.read.onInvalid !== "collect";
}

/**
 * The message of a streamed stdin run that must be read whole again when stdin was too long to keep
 * ({@link stdinReplay}): why the streamed read stopped (its own error message when it had one), and
 * that the full report needs the input as a file.
 */
function notReplayable(why: string | null): string {
  const { limit } = stdinReplay;
  const kept = limit >= 1 << 20 ? `${fmtCount(Math.round(limit / (1 << 20)))} MB` : `${fmtCount(limit)} bytes`;
  const again = `stdin cannot be read again for the full report (only its first ${kept} are kept): give the input as a file`;
  if (why !== null && why.startsWith("error: ")) return `${why.slice("error: ".length)}; ${again} for the whole read's message`;
  return `stdin: the streamed read met ${why ?? "an error"}; ${again} to see which rows`;
}

/**
 * The streamed read ({@link streamSummaries}): the summaries and what reading counted, as
 * {@link readForCommand} gives them; null when the input must be read whole.
 */
async function readStreamed(invocation: Invocation, stream: SourceStream, progress: Progress): Promise<{ read: ReadInput; notes: string[] } | null> {
  await useFastUtf8Check();
  const { asOf } = invocation;
  const { delimiter, dateFormat, decimalComma, thousands, timeZone, onInvalid, dropMissingCustomer, encoding, refunds, afterAsOf, dateRange } = invocation.read;
  const read: TransactionReadOptions = { asOf, refunds, afterAsOf, ...(timeZone !== undefined ? { timeZone } : {}), ...(dateRange !== undefined ? { dateRange } : {}) };
  const asOfDay = epochDayOf(asOf);
  const lastDay = epochDayOf(dateRange?.to ?? "2199-12-31") ?? Number.MAX_SAFE_INTEGER;
  const streamed = await streamSummaries(stream, {
    values: invocation.values,
    delimiter,
    encoding,
    reader: { dateFormat, decimalComma, thousands: thousandsByte(thousands), timeZone, onInvalid, maxIssues: SHOWN_PER_KIND, issuesPerCode: SHOWN_PER_KIND, missingCustomer: dropMissingCustomer ? "drop" : "error" },
    summary: { ...read, onInvalid, maxIssues: 20 },
    afterAsOf: afterAsOf === "error" && asOfDay !== undefined ? { after: asOfDay, upTo: lastDay } : null,
    sizeHint: await fileSize(invocation.file),
    progress,
  });
  if (streamed === null) return null;
  const { result, csv } = streamed;
  const { columns, meta } = result;
  const transactions = (): never => {
    throw new Error(`${invocation.command.name} streamed its input, so it has no transactions to read`);
  };
  // the summaries as columns; as records only for a command that asks for them (made once)
  let customers: CustomerSummary[] | undefined;
  const input: ReadInput["input"] = {
    kind: "summaries",
    get customers() {
      return (customers ??= summaryRecords(columns));
    },
    columns,
    meta,
    transactions,
    read,
  };
  input.reading = { source: stream.name, ...inputReport(csv, meta.input) };
  return { read: { input, report: meta.input, withoutPurchases: meta.customersWithoutPurchases.length, csv }, notes: streamed.notes };
}

/**
 * A command that reads a CSV of other records (`needs: "table"`): the file parsed whole (every column)
 * and handed over, or no file at all when the command computes from its flags alone.
 */
async function runTableInvocation(invocation: Invocation, io: CliIO, progress: Progress): Promise<number> {
  const { command } = invocation;
  const reads = command.readsInput?.(invocation.values) ?? true;
  let input: CommandInput = { kind: "none" };
  let notes: string[] = [];
  let source = "";
  if (reads) {
    const read = await readSource(invocation.file, io.stdin, io.stdinIsTTY === true, command.name, progress, invocation.read.encoding);
    notes = read.notes;
    source = read.name;
    progress(`parsing ${fmtCount(Math.round(read.bytes.length / 1e6))} MB`);
    const table = readCsv(read.bytes, { delimiter: invocation.read.delimiter, source: read.name });
    input = { kind: "table", table, read: invocation.read };
  } else if (invocation.file !== undefined) {
    throw new UsageError(`${command.name} reads no file with these options (it computes from the flags alone), got ${JSON.stringify(invocation.file)} (see ${NAME} ${command.name} --help)`);
  }
  progress(command.name);
  let result;
  try {
    result = await invocation.analysis(input);
  } catch (error) {
    if (error instanceof StepError) throw new DataError(stepErrorLine(error, source));
    throw error;
  }
  progress(`formatting ${fmtCount(result.records.length)} records`);
  let prefixed = 0;
  const text = formatRecords(result.records, invocation.format, undefined, { excelSafe: invocation.excelSafe, onPrefixed: (n) => (prefixed = n), precision: invocation.precision, bom: invocation.bom });
  const excelNote = excelSafeNote(prefixed);
  const meta = invocation.meta !== undefined ? `${JSON.stringify({ command: command.name, ...(reads ? { source } : {}), meta: result.meta }, null, 2)}\n` : null;
  progress.done();
  const formatNote = invocation.formatNote !== undefined ? [invocation.formatNote] : [];
  await writeOutput(invocation, { text, meta, notes: [...notes, ...(result.notes ?? []), ...excelNote, ...formatNote], leftOut: { line: null, warnings: result.warnings ?? [] } }, io);
  return EXIT.ok;
}

/** The note on the text cells --excel-safe prefixed with ' (none when there were none). */
function excelSafeNote(prefixed: number): string[] {
  if (prefixed === 0) return [];
  return [`${fmtCount(prefixed)} text cell${prefixed === 1 ? "" : "s"} starting with = + - @ tab or a line break ${prefixed === 1 ? "was" : "were"} prefixed with ' so that spreadsheets do not run ${prefixed === 1 ? "it" : "them"} as formulas (--no-excel-safe writes them as they are)`];
}

/** The exit code of a failed run, its one line written to stderr. */
function reportFailure(error: unknown, io: CliIO): number {
  if (error instanceof UsageError) {
    io.stderr(`${NAME}: ${error.message}\n`);
    return EXIT.usage;
  }
  if (error instanceof DataError || error instanceof CsvError || isAnalyticsInputError(error)) {
    // an AnalyticsInputError here came from no step that knows its input: its own message says where
    io.stderr(`${error.message}\n`);
    return EXIT.data;
  }
  if ((error instanceof RangeError || error instanceof TypeError) && /^[a-zA-Z]+: /.test(error.message)) {
    // The library's option errors start with the function name.
    io.stderr(`${NAME}: ${error.message}\n`);
    return EXIT.usage;
  }
  const e = error as Error;
  io.stderr(`${NAME}: internal error: ${e?.stack ?? String(error)}\n`);
  return EXIT.internal;
}

/** Transactions read from the CSV, and where each row came from. */
interface CsvInput extends CsvTransactions {
  origin: CsvOrigin;
}

/**
 * The input's bytes ({@link readSource}). Under `--on-invalid throw`, bytes that are not UTF-8 do not
 * stop the reading at once: the rows are still read, so that one report names them with every other
 * problem of the file.
 */
async function readInput(invocation: Invocation, io: CliIO, progress: Progress): Promise<Source & { encodingError?: EncodingError }> {
  try {
    return await readSource(invocation.file, io.stdin, io.stdinIsTTY === true, invocation.command.name, progress, invocation.read.encoding);
  } catch (error) {
    if (!(error instanceof EncodingError) || invocation.read.onInvalid !== "throw") throw error;
    return { bytes: error.bytes, name: error.source, notes: [], encodingError: error };
  }
}

/**
 * Reads the mapped columns of the CSV into transaction columns. Rows that cannot be read stop the run
 * (`--on-invalid throw`: one report of every kind of problem in the file, see {@link problemsError})
 * or are left out (and listed with `collect`). Rows without a customer id are left out (counted)
 * with --drop-missing-customer, whatever --on-invalid says.
 */
function readTransactionsCsv(source: Source & { encodingError?: EncodingError }, invocation: Invocation, io: CliIO, progress: Progress): CsvInput {
  const { delimiter, dateFormat, decimalComma, thousands, timeZone, onInvalid, dropMissingCustomer } = invocation.read;
  progress(`parsing ${fmtCount(Math.round(source.bytes.length / 1e6))} MB`);
  let mapping: ColumnMapping | undefined;
  const encoding = source.encodingError;
  let table;
  try {
    table = readCsv(source.bytes, {
      delimiter,
      source: source.name,
      select: (header, headerLine) => {
        mapping = mappingFromFlags(invocation.values, header, source.name, delimiter, headerLine);
        return mappedColumnIndexes(header, mapping);
      },
    });
  } catch (error) {
    // a file that is not UTF-8 and cannot be read either: the encoding first (it may be the cause)
    throw encoding ?? error;
  }
  progress(`reading ${fmtCount(table.rows)} rows`);
  const csv = readTransactionColumns(table, mapping!, {
    dateFormat,
    decimalComma,
    thousands: thousandsByte(thousands),
    timeZone,
    onInvalid,
    maxIssues: SHOWN_PER_KIND,
    issuesPerCode: SHOWN_PER_KIND,
    missingCustomer: dropMissingCustomer ? "drop" : "error",
  });
  const origin: CsvOrigin = { source: source.name, lines: csv.lines, mapping: mapping!, columns: csv.columns, asOf: invocation.asOf, dateRange: invocation.read.dateRange };
  const input: CsvInput = { ...csv, origin };
  if (encoding !== undefined) throw problemsError(input, invocation, [encodingKind(encoding)]);
  if (onInvalid === "throw" && csv.issues.length > 0) throw problemsError(input, invocation);
  if (onInvalid === "collect") {
    progress.done();
    for (const i of csv.issues) io.stderr(`${problemLine(`${source.name}:${i.line}`, i.column, i.message, i.customerId)}\n`);
  }
  if (invocation.read.afterAsOf === "error") refuseRowsAfterAsOf(input, invocation);
  return input;
}

/**
 * Rows dated after --as-of are an error under every --on-invalid (a wrong --as-of or day/month order
 * is not a bad row: skipping would drop a large share of the data quietly), unless --after-as-of
 * ignore. Under throw they are one kind in the report of every problem; under skip and collect the
 * line names the first such row and says how many there are and up to when.
 */
function refuseRowsAfterAsOf(csv: CsvInput, invocation: Invocation): void {
  const lastDay = epochDayOf(invocation.read.dateRange?.to ?? "2199-12-31") ?? Number.MAX_SAFE_INTEGER;
  const after = afterAsOfKind(csv, csv.origin, invocation.asOf, lastDay);
  if (after === null) return;
  if (invocation.read.onInvalid === "throw") throw problemsError(csv, invocation);
  const more = after.count > 1 ? ` (${fmtCount(after.count)} of ${fmtCount(csv.rowsRead)} rows (${percent(after.count / csv.rowsRead)}) are dated after --as-of, the latest ${after.latest})` : "";
  throw new DataError(`${after.examples[0].text}${more}`, "date_after_as_of");
}

/**
 * `--on-invalid throw`: every problem of the file in one report, so that one run shows what to fix.
 * The CSV reader's problems, the rows after --as-of and the library's checks (run on the rows the
 * reader kept: a row it could not read has no values to check) are gathered by kind, each with its
 * count, its first rows and what to do (a likelier --date-format, --drop-missing-customer). The
 * first line is the first problem in the file.
 */
function problemsError(csv: CsvInput, invocation: Invocation, more: ProblemKind[] = []): DataError {
  const { kinds, rowsWithProblems } = gatherProblems(csv, csv.origin, { asOf: invocation.asOf, ...invocation.read });
  const merged = mergeKinds([...kinds, ...more]);
  const withProblems = rowsWithProblems + more.reduce((sum, k) => sum + k.count, 0);
  return new DataError(problemReport(merged, { read: csv.rowsRead, withProblems: Math.min(withProblems, csv.rowsRead) }), merged[0].code as InputIssueCode);
}

/** What a command computes from, and what the library's reading left out. */
interface ReadInput {
  input: Extract<CommandInput, { kind: "summaries" | "transactions" }>;
  report: InputReport;
  withoutPurchases: number;
  csv: CsvTransactions;
}

/**
 * The library's checks of the transactions (dates after as-of, refund policy), then the customer
 * summaries for the commands that start from them. Its issues are named by CSV line and column.
 */
function readForCommand(invocation: Invocation, csv: CsvInput, io: CliIO, progress: Progress): ReadInput {
  const { asOf, command } = invocation;
  const { refunds, afterAsOf, timeZone, onInvalid, dateRange } = invocation.read;
  const read: TransactionReadOptions = { asOf, refunds, afterAsOf, ...(timeZone !== undefined ? { timeZone } : {}), ...(dateRange !== undefined ? { dateRange } : {}) };
  const checked: TransactionReadOptions = { ...read, onInvalid, maxIssues: 20 };
  const transactions = csv.columns as TransactionColumns;
  let result: ReadInput;
  try {
    if (command.needs === "summaries") {
      progress(`summarising ${fmtCount(transactions.amount.length)} rows`);
      const { customers, meta } = summarizeTransactions(transactions, checked);
      // For commands that also read the transactions (the predicted potential): the rows the summary kept.
      const rows = meta.input.invalidRows > 0 ? () => validatedColumns(transactions, checked, csv).columns : () => transactions;
      result = { input: { kind: "summaries", customers, meta, transactions: rows, read }, report: meta.input, withoutPurchases: meta.customersWithoutPurchases.length, csv };
    } else {
      progress(`checking ${fmtCount(transactions.amount.length)} rows`);
      const valid = validatedColumns(transactions, checked, csv);
      result = { input: { kind: "transactions", transactions: valid.columns, read }, report: valid.report, withoutPurchases: 0, csv };
    }
  } catch (error) {
    if (isAnalyticsInputError(error)) throw readingError(error, csv, invocation);
    throw error;
  }
  result.input.reading = { source: csv.origin.source, ...inputReport(csv, result.report) };
  if (onInvalid === "collect" && result.report.issues?.length) {
    progress.done();
    for (const issue of result.report.issues) io.stderr(`${transactionIssueLine(issue, csv.origin)}\n`);
  }
  return result;
}

/**
 * The library's data error while reading the CSV's transactions: a bad --as-of; under throw, the
 * report of every problem ({@link problemsError}); nothing left because the reader left every row
 * out (then why, with the reader's hints); else the first problem.
 */
function readingError(error: AnalyticsInputError, csv: CsvInput, invocation: Invocation): Error {
  const origin = csv.origin;
  const first = error.issues[0];
  if (first.path[0] === "options" && first.path[1] === "asOf") return new UsageError(`--as-of: ${first.message}`);
  const { onInvalid, dropMissingCustomer } = invocation.read;
  if (first.code === "empty_input" && csv.columns.date.length === 0 && csv.rowsRead > 0) {
    // every row left out by the reader (--on-invalid skip or collect, --drop-missing-customer): say why
    const flags = [csv.invalidRows > 0 ? `${fmtCount(csv.invalidRows)} by --on-invalid ${onInvalid}` : "", dropMissingCustomer && csv.droppedMissingCustomer > 0 ? `${fmtCount(csv.droppedMissingCustomer)} by --drop-missing-customer` : ""].filter(Boolean);
    const head = `${origin.source}: no transactions: ${csv.rowsRead === 1 ? "the 1 row was" : `all ${fmtCount(csv.rowsRead)} rows were`} left out (${flags.join(", ")})`;
    const kinds = mergeKinds(readerKinds(csv, origin.source, invocation.read));
    if (kinds.length === 0) return new DataError(head, "empty_input");
    return new DataError(`${head}\n${problemList(kinds, { read: csv.rowsRead, withProblems: csv.invalidRows }, { skipAdvice: null })}`, "empty_input");
  }
  if (onInvalid === "throw" && first.code !== "empty_input") {
    const gathered = gatherProblems(csv, origin, { asOf: invocation.asOf, ...invocation.read });
    if (gathered.kinds.length > 0) {
      const merged = mergeKinds(gathered.kinds);
      return new DataError(problemReport(merged, { read: csv.rowsRead, withProblems: gathered.rowsWithProblems }), merged[0].code as InputIssueCode);
    }
  }
  const advice = "; --on-invalid skip leaves such rows out and counts them, collect lists them";
  return new DataError(`${transactionIssueLine(first, origin)}${moreProblems(error.issues, 20, advice)}`);
}

/**
 * The transactions after the library's validation (dates after as-of, refund policy, bad rows left
 * out with skip/collect), as columns the analyses can read again without issues, and the report.
 */
function validatedColumns(transactions: TransactionColumns, read: TransactionReadOptions, csv: CsvTransactions): { columns: TransactionColumns; report: InputReport } {
  const t = normalizeTransactions(transactions, read);
  const orderDictionary = csv.columns.orderId?.dictionary;
  return {
    columns: {
      customerId: { codes: t.customer, dictionary: t.customerIds },
      date: t.day,
      amount: t.amount,
      ...(t.order && orderDictionary ? { orderId: { codes: t.order, dictionary: orderDictionary } } : {}),
    },
    report: t.input,
  };
}

/** A command's output, ready to write. */
interface Output {
  /**
   * The formatted records, or a command's whole document (text or bytes, written as it is); records
   * held as columns come as chunks of text made while they are written (never one string).
   */
  text: string | Uint8Array | { chunks: Iterable<string> };
  /** The `--meta` JSON, when asked for. */
  meta: string | null;
  notes: string[];
  /** The one line counting the rows left out, and warnings about large shares. */
  leftOut: LeftOut;
}

/** Runs the command and formats its records; a later step's data error names its customer. */
async function runCommand(invocation: Invocation, read: ReadInput, source: string, progress: Progress): Promise<Output> {
  const { command, asOf, format } = invocation;
  progress(command.name);
  let result;
  try {
    result = await invocation.analysis(read.input);
  } catch (error) {
    if (error instanceof StepError) throw new DataError(stepErrorLine(error, source));
    throw error;
  }
  const table = result.table;
  progress(`formatting ${fmtCount(table !== undefined ? table.length : result.records.length)} records`);
  let prefixed = 0;
  const writeOptions = { excelSafe: invocation.excelSafe, onPrefixed: (n: number) => (prefixed = n), precision: invocation.precision, bom: invocation.bom };
  let text: Output["text"];
  if (result.document !== undefined) text = result.document.contents;
  else if (table !== undefined) {
    // made while written: the prefixed count is known before the first chunk
    const formatted = formatColumnChunks(table, format, writeOptions);
    if (formatted.prefixed !== null) prefixed = formatted.prefixed;
    text = { chunks: formatted.chunks };
  } else text = formatRecords(result.records, format, undefined, writeOptions);
  const excelNote = excelSafeNote(prefixed);
  const meta = invocation.meta !== undefined ? `${JSON.stringify({ command: command.name, asOf, input: inputReport(read.csv, read.report), meta: withoutInput(result.meta) }, null, 2)}\n` : null;
  progress.done();
  const left = leftOut(read.csv, read.report, read.withoutPurchases, invocation.read);
  const formatNote = result.document === undefined && invocation.formatNote !== undefined ? [invocation.formatNote] : [];
  return { text, meta, notes: [...(result.notes ?? []), ...excelNote, ...formatNote], leftOut: { line: left.line, warnings: [...left.warnings, ...(result.warnings ?? [])] } };
}

/**
 * The library's meta without its own `input` block: the library read the rows the CSV reader kept,
 * so its counts are a part of the one `input` block of `--meta`, which counts both.
 */
function withoutInput(meta: unknown): unknown {
  if (meta === null || typeof meta !== "object" || !Object.hasOwn(meta, "input")) return meta;
  const { input: _input, ...rest } = meta as Record<string, unknown>;
  return rest;
}

/** Everything is computed: notes to stderr, then the meta file, then the records. */
async function writeOutput(invocation: Invocation, output: Output, io: CliIO): Promise<void> {
  if (invocation.output === undefined && output.text instanceof Uint8Array && io.stdoutIsTTY === true) {
    throw new UsageError("the output is binary (an image): write it to a file with -o FILE, or pipe it");
  }
  if (!invocation.silent) {
    // the count of what was left out, and warnings, are printed even with --quiet
    if (output.leftOut.line !== null) io.stderr(`${NAME}: ${output.leftOut.line}\n`);
    for (const warning of output.leftOut.warnings) io.stderr(`${NAME}: warning: ${warning}\n`);
    if (!invocation.quiet) for (const note of output.notes) io.stderr(`${NAME}: note: ${note}\n`);
  }
  if (output.meta !== null) await writeOrFail(invocation.meta!, output.meta);
  const text = output.text;
  if (invocation.output !== undefined) await writeOrFail(invocation.output, typeof text === "string" || text instanceof Uint8Array ? text : text.chunks);
  else if (typeof text === "string" || text instanceof Uint8Array) io.stdout(text);
  else for (const chunk of text.chunks) io.stdout(chunk);
}

/** The size of the input file in bytes, or undefined (stdin, or a file that cannot be read: the read reports it). */
async function fileSize(file: string | undefined): Promise<number | undefined> {
  if (file === undefined || file === "-") return undefined;
  try {
    return (await stat(file)).size;
  } catch {
    return undefined;
  }
}

/** The folder of an output file must exist (it is not created): a usage error naming the flag otherwise. */
async function checkFolder(path: string, flag: string): Promise<void> {
  const folder = dirname(path);
  let isFolder: boolean;
  try {
    isFolder = (await stat(folder)).isDirectory();
  } catch {
    throw new UsageError(`${flag} ${path}: the folder ${JSON.stringify(folder)} does not exist (it is not created)`);
  }
  if (!isFolder) throw new UsageError(`${flag} ${path}: ${JSON.stringify(folder)} is not a folder`);
}

async function writeOrFail(path: string, text: string | Uint8Array | Iterable<string>): Promise<void> {
  try {
    await writeFile(path, text);
  } catch (error) {
    throw new DataError(`${path}: cannot write the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}
