/**
 * The command line, as a function: `run(argv, io)` parses the arguments, reads the CSV, runs one
 * analysis and writes its records, returning the exit code. Everything is computed before anything is
 * written to stdout, so a failed run leaves stdout empty. All I/O goes through `io`, so tests drive it
 * with strings.
 */
import { readFile } from "node:fs/promises";
import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { gunzipSync } from "node:zlib";
import packageJson from "../../package.json" with { type: "json" };
import { isAnalyticsInputError, type AnalyticsInputError } from "../errors.js";
import { normalizeTransactions, summarizeTransactions, type InputReport, type TransactionColumns, type TransactionReadOptions } from "../summary/index.js";
import { choice, type Command, type CommandInput, type OptionSpec, type OptionValues } from "./command.js";
import { abcCommand } from "./commands/abc.js";
import { churnCommand } from "./commands/churn.js";
import { clustersCommand } from "./commands/clusters.js";
import { cohortsCommand } from "./commands/cohorts.js";
import { pyramidCommand } from "./commands/pyramid.js";
import { quadrantsCommand } from "./commands/quadrants.js";
import { rfmCommand } from "./commands/rfm.js";
import { segmentsCommand } from "./commands/segments.js";
import { summaryCommand } from "./commands/summary.js";
import { CsvError, readCsv } from "./csv.js";
import { DataError, EXIT, UsageError } from "./errors.js";
import type { DateFormat } from "./fields.js";
import { formatRecords, type OutputFormat } from "./output.js";
import { missingColumns, readTransactionColumns, type ColumnMapping, type CsvTransactions } from "./transactions.js";

/** The outside world of one run. */
export interface CliIO {
  /** Standard input, read only for `-` (or no file when stdin is not a terminal). */
  stdin: AsyncIterable<Uint8Array | string>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stdout is a terminal (then the default format is `table`). */
  stdoutIsTTY?: boolean;
  /** Whether stderr is a terminal (then long runs show progress there). */
  stderrIsTTY?: boolean;
  /** Whether stdin is a terminal (then a missing file is a usage error instead of reading stdin). */
  stdinIsTTY?: boolean;
}

/** The commands, in help order. */
export const COMMANDS: readonly Command[] = [
  summaryCommand,
  rfmCommand,
  segmentsCommand,
  abcCommand,
  pyramidCommand,
  quadrantsCommand,
  churnCommand,
  cohortsCommand,
  clustersCommand,
];

const NAME = "crm-analytics";

/** Options every command takes: where the fields are, how to read them, what to write. */
const INPUT_OPTIONS: Record<string, OptionSpec> = {
  "as-of": { type: "string", arg: "YYYY-MM-DD", help: "the analysis date (required: the clock is never read)" },
  customer: { type: "string", arg: "COLUMN", help: "customer id column (default customerId)" },
  date: { type: "string", arg: "COLUMN", help: "purchase date column (default date)" },
  amount: { type: "string", arg: "COLUMN", help: "amount column (default amount), or give --quantity and --price" },
  quantity: { type: "string", arg: "COLUMN", help: "quantity column: amount = quantity × price" },
  price: { type: "string", arg: "COLUMN", help: "unit price column: amount = quantity × price" },
  order: { type: "string", arg: "COLUMN", help: "order/invoice id column: frequency counts distinct orders (default orderId when present, else rows)" },
  "date-format": { type: "string", arg: "iso|ymd|mdy|dmy", help: "date format (default iso: YYYY-MM-DD with optional time; mdy: 12/1/2010 8:26; dmy: 1/12/2010; ymd: 2010/12/1 or 20101201)" },
  "time-zone": { type: "string", arg: "ZONE", help: "IANA zone in which ISO instants with Z or an offset become calendar days (default UTC)" },
  delimiter: { type: "string", arg: "CHAR", help: "field delimiter: , (default) ; tab | or whitespace (runs of blanks)" },
  "decimal-comma": { type: "boolean", help: "numbers use a decimal comma (12,5); use with --delimiter ';'" },
  refunds: { type: "string", arg: "net|exclude|error", help: "negative amounts: net them (default), leave them out, or fail" },
  "after-as-of": { type: "string", arg: "error|ignore", help: "rows dated after --as-of: fail (default) or leave them out (counted)" },
  "on-invalid": { type: "string", arg: "throw|skip|collect", help: "bad rows: fail at the first (default), skip them (counted), or skip and list them on stderr" },
};

const OUTPUT_OPTIONS: Record<string, OptionSpec> = {
  format: { type: "string", arg: "csv|json|ndjson|table", help: "output format (default table on a terminal, else csv)" },
  output: { type: "string", short: "o", arg: "FILE", help: "write the records to FILE instead of stdout" },
  meta: { type: "string", arg: "FILE", help: "also write the analysis meta (as-of, edges, thresholds, seed, counts) as JSON to FILE" },
  quiet: { type: "boolean", short: "q", help: "no notes or progress on stderr (errors still)" },
  help: { type: "boolean", short: "h", help: "show this help" },
};

function optionLines(options: Record<string, OptionSpec>): string[] {
  const entries = Object.entries(options).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : "    "}--${name}${o.arg ? ` ${o.arg}` : ""}`;
    return [flag, o.help] as const;
  });
  const width = Math.min(44, Math.max(...entries.map(([f]) => f.length)));
  return entries.map(([f, h]) => `  ${f.padEnd(width)}  ${h}`);
}

/** The global help text. */
export function globalHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    `Usage: ${NAME} <command> [file|-] --as-of YYYY-MM-DD [options]`,
    "",
    "Customer analytics from a transaction CSV (plain or gzipped; - or no file reads stdin):",
    "one record per customer (or per period) as CSV, JSON, NDJSON or an aligned table.",
    "",
    "Commands:",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    `Run '${NAME} <command> --help' for a command's options.`,
    `    --version  print the version`,
    "",
    "Exit codes: 0 ok, 1 bad data (the message names file, line and column), 2 bad command line, 3 internal error.",
    "",
  ].join("\n");
}

/** The help text of one command. */
export function commandHelp(command: Command): string {
  return [
    `Usage: ${NAME} ${command.name} [file|-] --as-of YYYY-MM-DD [options]`,
    "",
    command.description,
    "",
    ...(Object.keys(command.options).length > 0 ? [`${command.name} options:`, ...optionLines(command.options), ""] : []),
    "Input options:",
    ...optionLines(INPUT_OPTIONS),
    "",
    "Output options:",
    ...optionLines(OUTPUT_OPTIONS),
    "",
    "Examples:",
    ...command.examples.map((e) => `  ${e}`),
    "",
  ].join("\n");
}

/** 135080 → "135,080" (without Intl, which costs a noticeable start-up on first use). */
const fmtCount = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");

/** Reads all of stdin into one buffer. */
async function readAll(stream: AsyncIterable<Uint8Array | string>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk, "utf8") : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  return Buffer.concat(chunks);
}

/** The mapping flags of the command line, with the library's default column names. */
function columnMapping(values: OptionValues, header: readonly string[]): ColumnMapping {
  const str = (k: string) => (typeof values[k] === "string" ? (values[k] as string) : undefined);
  const quantity = str("quantity");
  const price = str("price");
  if ((quantity === undefined) !== (price === undefined)) throw new UsageError("--quantity and --price go together (amount = quantity × price)");
  if (quantity !== undefined && str("amount") !== undefined) throw new UsageError("give either --amount or --quantity with --price, not both");
  const order = str("order") ?? (header.includes("orderId") ? "orderId" : undefined);
  return {
    customer: str("customer") ?? "customerId",
    date: str("date") ?? "date",
    ...(quantity !== undefined ? { quantity, price } : { amount: str("amount") ?? "amount" }),
    ...(order !== undefined ? { order } : {}),
  };
}

/** The delimiter option: one character, or the words tab and whitespace. */
function delimiterOption(values: OptionValues): string {
  const v = values.delimiter;
  if (v === undefined) return ",";
  const s = String(v);
  if (s === "tab" || s === "\\t") return "\t";
  if (s === "whitespace" || s === "space") return "whitespace";
  if (s.length !== 1 || s === '"' || s.charCodeAt(0) > 127) throw new UsageError(`--delimiter must be one ASCII character, tab or whitespace, got ${JSON.stringify(s)}`);
  return s;
}

/** Rewrites the library's option names in hints into the flags of the command line. */
function flagHints(message: string): string {
  return message
    .replace(/afterAsOf: "ignore"/g, "--after-as-of ignore")
    .replace(/refunds: "error"/g, "--refunds error")
    .replace(/use "net" or "exclude"/g, "use --refunds net or exclude");
}

/** Where a library issue points: a CSV line and column for transaction rows, else the path. */
function locateIssue(path: string, source: string, lines: Int32Array, mapping: ColumnMapping): string {
  const m = /^columns\.(customerId|date|amount|orderId)\[(\d+)\]$/.exec(path);
  if (!m) return `${source}: ${path}`;
  const row = Number(m[2]);
  const column =
    m[1] === "customerId" ? mapping.customer : m[1] === "date" ? mapping.date : m[1] === "orderId" ? (mapping.order ?? "orderId") : (mapping.amount ?? `${mapping.quantity}×${mapping.price}`);
  return `${source}:${row < lines.length ? lines[row] : "?"}: ${column}`;
}

/** One stderr line for a library data error. */
function describeInputError(error: AnalyticsInputError, source: string, lines: Int32Array, mapping: ColumnMapping): string {
  const first = error.issues[0];
  const prefix = `${first.path}: `;
  const text = first.message.startsWith(prefix) ? first.message.slice(prefix.length) : first.message;
  const where = first.path.startsWith("columns.") ? locateIssue(first.path, source, lines, mapping) : first.path === "input" ? source : `${source}: ${first.path}`;
  const more = error.issues.length > 1 ? ` (${error.issues.length - 1}${error.issues.length >= 20 ? "+" : ""} more; --on-invalid skip leaves such rows out and counts them, collect lists them)` : "";
  return `${where}: ${flagHints(text)}${more}`;
}

interface Progress {
  (message: string): void;
  done(): void;
}

function progressOn(io: CliIO, enabled: boolean): Progress {
  let shown = false;
  const p = ((message: string) => {
    if (!enabled) return;
    io.stderr(`\r\x1b[K${NAME}: ${message}`);
    shown = true;
  }) as Progress;
  p.done = () => {
    if (shown) io.stderr("\r\x1b[K");
    shown = false;
  };
  return p;
}

/** Notes on stderr about rows and customers left out, so that nothing is dropped silently. */
function inputNotes(csv: CsvTransactions, report: InputReport | null, withoutPurchases: number): string[] {
  const notes: string[] = [];
  const byCode: Record<string, number> = { ...csv.invalidByCode };
  let invalid = csv.invalidRows;
  if (report) {
    invalid += report.invalidRows;
    for (const [code, count] of Object.entries(report.invalidByCode)) byCode[code] = (byCode[code] ?? 0) + (count ?? 0);
  }
  if (invalid > 0) {
    const codes = Object.entries(byCode)
      .map(([code, count]) => `${code} ${fmtCount(count)}`)
      .join(", ");
    notes.push(`left out ${fmtCount(invalid)} of ${fmtCount(csv.rowsRead)} rows with problems (${codes})`);
  }
  if (report && report.ignoredAfterAsOf > 0) notes.push(`left out ${fmtCount(report.ignoredAfterAsOf)} rows dated after --as-of (--after-as-of ignore)`);
  if (report && report.excludedRefunds > 0) notes.push(`left out ${fmtCount(report.excludedRefunds)} refund rows (--refunds exclude)`);
  if (withoutPurchases > 0) notes.push(`${fmtCount(withoutPurchases)} customers have only refunds (no purchase) and are not in the output`);
  return notes;
}

/**
 * Runs the command line. Returns the exit code: 0 success, 1 bad data, 2 bad command line,
 * 3 internal error. Writes records to `io.stdout` only after everything was computed, errors as one
 * line to `io.stderr`.
 */
export async function run(argv: readonly string[], io: CliIO): Promise<number> {
  let progress: Progress | null = null;
  try {
    return await runUnchecked(argv, io, (p) => (progress = p));
  } catch (error) {
    (progress as Progress | null)?.done();
    if (error instanceof UsageError) {
      io.stderr(`${NAME}: ${error.message}\n`);
      return EXIT.usage;
    }
    if (error instanceof DataError) {
      io.stderr(`${error.message}\n`);
      return EXIT.data;
    }
    if (error instanceof CsvError) {
      io.stderr(`${error.message}\n`);
      return EXIT.data;
    }
    if (isAnalyticsInputError(error)) {
      // Errors of customer-level analyses (no CSV line to name).
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
}

async function runUnchecked(argv: readonly string[], io: CliIO, setProgress: (p: Progress) => void): Promise<number> {
  const first = argv[0];
  if (first === undefined || first === "--help" || first === "-h" || first === "help") {
    if (first === "help" && argv[1] !== undefined) {
      const c = COMMANDS.find((x) => x.name === argv[1]);
      if (!c) throw new UsageError(`unknown command ${JSON.stringify(argv[1])} (commands: ${COMMANDS.map((x) => x.name).join(", ")})`);
      io.stdout(commandHelp(c));
      return EXIT.ok;
    }
    if (first === undefined) {
      io.stderr(globalHelp());
      return EXIT.usage;
    }
    io.stdout(globalHelp());
    return EXIT.ok;
  }
  if (first === "--version" || first === "-V") {
    io.stdout(`${packageJson.version}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === first);
  if (!command) {
    throw new UsageError(`unknown command ${JSON.stringify(first)} (commands: ${COMMANDS.map((c) => c.name).join(", ")}; see ${NAME} --help)`);
  }

  let parsed: { values: OptionValues; positionals: string[] };
  try {
    const options = Object.fromEntries(
      Object.entries({ ...INPUT_OPTIONS, ...OUTPUT_OPTIONS, ...command.options }).map(([k, o]) => [k, { type: o.type, ...(o.short ? { short: o.short } : {}) }]),
    );
    parsed = parseArgs({ args: argv.slice(1) as string[], options, allowPositionals: true, strict: true }) as typeof parsed;
  } catch (error) {
    const message = (error as Error).message.split("\n")[0].replace(/\. To specify a positional argument.*$/, "");
    throw new UsageError(`${message} (see ${NAME} ${command.name} --help)`);
  }
  const values = parsed.values;
  if (values.help) {
    io.stdout(commandHelp(command));
    return EXIT.ok;
  }
  if (parsed.positionals.length > 1) throw new UsageError(`expected one input file, got ${parsed.positionals.length}: ${parsed.positionals.join(" ")}`);
  const asOf = values["as-of"];
  if (typeof asOf !== "string") throw new UsageError(`--as-of YYYY-MM-DD is required: the analysis date, never taken from the clock (see ${NAME} ${command.name} --help)`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new UsageError(`--as-of must be a date YYYY-MM-DD, got ${JSON.stringify(asOf)}`);

  const format = choice(values, "format", ["csv", "json", "ndjson", "table"] as const, (typeof values.output !== "string" && io.stdoutIsTTY ? "table" : "csv") as OutputFormat);
  const dateFormat = choice(values, "date-format", ["iso", "ymd", "mdy", "dmy"] as const, "iso") as DateFormat;
  const refunds = choice(values, "refunds", ["net", "exclude", "error"] as const, "net");
  const afterAsOf = choice(values, "after-as-of", ["error", "ignore"] as const, "error");
  const onInvalid = choice(values, "on-invalid", ["throw", "skip", "collect"] as const, "throw");
  const delimiter = delimiterOption(values);
  const timeZone = typeof values["time-zone"] === "string" ? values["time-zone"] : undefined;
  if (timeZone !== undefined) {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone });
    } catch {
      throw new UsageError(`--time-zone must be an IANA time zone name such as Europe/London, got ${JSON.stringify(timeZone)}`);
    }
  }
  const quiet = values.quiet === true;
  const progress = progressOn(io, io.stderrIsTTY === true && !quiet);
  setProgress(progress);
  const note = (text: string) => {
    if (!quiet) io.stderr(`${NAME}: note: ${text}\n`);
  };

  // Read the input.
  const file = parsed.positionals[0];
  let bytes: Buffer;
  let source: string;
  if (file === undefined || file === "-") {
    if (file === undefined && io.stdinIsTTY) throw new UsageError(`no input: give a CSV file, or - to read stdin (see ${NAME} ${command.name} --help)`);
    source = "stdin";
    progress("reading stdin");
    bytes = await readAll(io.stdin);
  } else {
    source = file;
    progress(`reading ${file}`);
    try {
      bytes = await readFile(file);
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      throw new DataError(`${file}: cannot read the file (${e.code === "ENOENT" ? "no such file" : (e.code ?? e.message)})`);
    }
  }
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    progress(`decompressing ${source}`);
    try {
      // The gzip trailer holds the uncompressed size (mod 2^32): one output chunk, no concatenation.
      const size = bytes.readUInt32LE(bytes.length - 4);
      bytes = gunzipSync(bytes, { chunkSize: Math.min(Math.max(size + 1, 64 * 1024), 1 << 30) });
    } catch (error) {
      throw new DataError(`${source}: cannot decompress the gzip data (${(error as Error).message})`);
    }
  }

  // Parse the CSV: only the mapped columns are kept.
  progress(`parsing ${fmtCount(Math.round(bytes.length / 1e6))} MB`);
  let mapping: ColumnMapping | null = null;
  const table = readCsv(bytes, {
    delimiter,
    source,
    select: (header) => {
      mapping = columnMapping(values, header);
      const missing = missingColumns(header, mapping);
      if (missing.length > 0) {
        const shown = header.slice(0, 20).join(", ") + (header.length > 20 ? ", …" : "");
        const m = missing[0];
        throw new UsageError(
          `${m.flag}: column ${JSON.stringify(m.column)} is not in the header of ${source} (columns: ${shown})${delimiter === "," && header.length === 1 && /[;\t]/.test(header[0]) ? "; another delimiter? use --delimiter" : ""}`,
        );
      }
      const names = [mapping.customer, mapping.date, mapping.amount, mapping.quantity, mapping.price, mapping.order].filter((x): x is string => x !== undefined);
      return [...new Set(names)].map((name) => header.indexOf(name));
    },
  });
  const map = mapping as unknown as ColumnMapping;

  progress(`reading ${fmtCount(table.rows)} rows`);
  const csv = readTransactionColumns(table, map, { dateFormat, decimalComma: values["decimal-comma"] === true, timeZone, onInvalid });
  if (onInvalid === "throw" && csv.issues.length > 0) {
    const i = csv.issues[0];
    const more = csv.invalidRows > 1 ? ` (${fmtCount(csv.invalidRows - 1)} more row${csv.invalidRows > 2 ? "s" : ""} with problems; --on-invalid skip leaves them out and counts them, collect lists them)` : "";
    throw new DataError(`${source}:${i.line}: ${i.column}: ${i.message}${more}`);
  }
  if (onInvalid === "collect") {
    progress.done();
    for (const i of csv.issues) io.stderr(`${source}:${i.line}: ${i.column}: ${i.message}\n`);
  }

  // Run the analysis.
  const read: TransactionReadOptions = { asOf, refunds, afterAsOf, ...(timeZone !== undefined ? { timeZone } : {}) };
  const transactions = csv.columns as TransactionColumns;
  let input: CommandInput;
  let report: InputReport;
  let withoutPurchases = 0;
  const libraryRead: TransactionReadOptions = { ...read, onInvalid, maxIssues: 20 };
  try {
    if (command.needs === "summaries") {
      progress(`summarising ${fmtCount(transactions.amount.length)} rows`);
      const { customers, meta } = summarizeTransactions(transactions, libraryRead);
      report = meta.input;
      withoutPurchases = meta.customersWithoutPurchases.length;
      // For commands that also read the transactions (the predicted potential): the rows the summary kept.
      const rows = report.invalidRows > 0 ? () => validatedColumns(transactions, libraryRead, csv).columns : () => transactions;
      input = { kind: "summaries", customers, meta, transactions: rows, read };
    } else {
      progress(`checking ${fmtCount(transactions.amount.length)} rows`);
      const valid = validatedColumns(transactions, libraryRead, csv);
      report = valid.report;
      input = { kind: "transactions", transactions: valid.columns, read };
    }
  } catch (error) {
    if (isAnalyticsInputError(error) && error.issues[0].path === "options.asOf") throw new UsageError(`--as-of: ${error.issues[0].message.replace(/^options\.asOf: /, "")}`);
    if (isAnalyticsInputError(error)) throw new DataError(describeInputError(error, source, csv.lines, map));
    throw error;
  }
  if (onInvalid === "collect" && report.issues) {
    for (const issue of report.issues) {
      const text = issue.message.startsWith(`${issue.path}: `) ? issue.message.slice(issue.path.length + 2) : issue.message;
      io.stderr(`${locateIssue(issue.path, source, csv.lines, map)}: ${flagHints(text)}\n`);
    }
  }

  progress(`${command.name}`);
  const result = command.run(values, input);
  progress(`formatting ${fmtCount(result.records.length)} records`);
  const text = formatRecords(result.records, format);
  const meta = typeof values.meta === "string" ? `${JSON.stringify({ command: command.name, asOf, input: inputReport(csv, report), meta: result.meta }, null, 2)}\n` : null;
  progress.done();

  // Everything is computed: write.
  for (const n of [...inputNotes(csv, report, withoutPurchases), ...(result.notes ?? [])]) note(n);
  if (meta !== null) await writeOrFail(values.meta as string, meta);
  if (typeof values.output === "string") await writeOrFail(values.output, text);
  else io.stdout(text);
  return EXIT.ok;
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

/** What was read and left out, for `--meta`. */
function inputReport(csv: CsvTransactions, report: InputReport) {
  return {
    rowsRead: csv.rowsRead,
    rowsUsed: report.rowsUsed,
    invalidRows: csv.invalidRows + report.invalidRows,
    invalidByCode: Object.fromEntries(
      [...new Set([...Object.keys(csv.invalidByCode), ...Object.keys(report.invalidByCode)])].map((k) => [
        k,
        (csv.invalidByCode[k as keyof typeof csv.invalidByCode] ?? 0) + (report.invalidByCode[k as keyof typeof report.invalidByCode] ?? 0),
      ]),
    ),
    ignoredAfterAsOf: report.ignoredAfterAsOf,
    excludedRefunds: report.excludedRefunds,
  };
}

async function writeOrFail(path: string, text: string): Promise<void> {
  try {
    await writeFile(path, text);
  } catch (error) {
    throw new DataError(`${path}: cannot write the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}
