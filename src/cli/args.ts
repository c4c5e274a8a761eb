/**
 * The first step of a run: the command line → what to do. Either a text to print (help, version) or
 * an invocation with every shared option checked, so later steps read settled values.
 */
import { parseArgs } from "node:util";
import { daysInMonth } from "../input/dates.js";
import packageJson from "../../package.json" with { type: "json" };
import { choice, type Command, type CommandInput, type CommandOutput, type OptionValues } from "./command.js";
import { COMMAND_NAMES, findCommand } from "./commands/index.js";
import { ENCODING_NAMES, type InputEncoding } from "../csv/decode.js";
import { UsageError } from "./errors.js";
import type { DateFormat, ThousandsSeparator } from "./fields.js";
import { commandHelp, globalHelp, INPUT_OPTIONS, NAME, OUTPUT_OPTIONS } from "./help.js";
import type { OutputFormat } from "./output.js";

/** How the CSV is read and checked (the shared input options). */
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

/** A command to run, with the shared options checked. */
export interface Invocation {
  kind: "run";
  command: Command;
  /** Every parsed option, the command's own included (each command checks its own). */
  values: OptionValues;
  /** The command's analysis, its own options already checked (before any data is read). */
  analysis: (input: CommandInput) => CommandOutput | Promise<CommandOutput>;
  /** The input file, `-` for stdin, or undefined (stdin when it is not a terminal). */
  file: string | undefined;
  asOf: string;
  read: ReadSettings;
  format: OutputFormat;
  /** CSV: prefix text cells a spreadsheet would run as formulas with `'` (default; --no-excel-safe turns it off). */
  excelSafe: boolean;
  output: string | undefined;
  meta: string | undefined;
  /** No notes or progress on stderr; the count of rows left out and warnings still. */
  quiet: boolean;
  /** Nothing on stderr but errors (and the problems --on-invalid collect lists). */
  silent: boolean;
}

/** A text to print instead of running a command (help, version). */
export interface Reply {
  kind: "reply";
  stream: "stdout" | "stderr";
  text: string;
  code: number;
}

/** Parses the command line. Throws {@link UsageError} for anything wrong with it. */
export function parseInvocation(argv: readonly string[], stdoutIsTTY: boolean): Invocation | Reply {
  const reply = globalReply(argv);
  if (reply) return reply;
  const command = findCommand(argv[0]);
  if (!command) throw new UsageError(`unknown command ${JSON.stringify(argv[0])} (commands: ${COMMAND_NAMES}; see ${NAME} --help)`);
  const { values, positionals } = parseFlags(command, argv.slice(1));
  if (values.help) return { kind: "reply", stream: "stdout", text: commandHelp(command), code: 0 };
  if (positionals.length > 1) throw new UsageError(`expected one input file, got ${positionals.length}: ${positionals.join(" ")}`);
  const str = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : undefined);
  const output = str("output");
  // checked in this order: the first bad option is the one reported
  const asOf = asOfOption(values, command);
  const format = choice(values, "format", ["csv", "json", "ndjson", "table"] as const, output === undefined && stdoutIsTTY ? "table" : "csv");
  const read = readSettings(values);
  const excelSafe = excelSafeOption(values, format);
  const analysis = command.prepare(values);
  return {
    kind: "run",
    command,
    values,
    analysis,
    file: positionals[0],
    asOf,
    read,
    format,
    excelSafe,
    output,
    meta: str("meta"),
    quiet: values.quiet === true,
    silent: values.silent === true,
  };
}

/** `--help`, `help [command]`, `--version` and no arguments at all. */
function globalReply(argv: readonly string[]): Reply | null {
  const first = argv[0];
  if (first === undefined) return { kind: "reply", stream: "stderr", text: globalHelp(), code: 2 };
  if (first === "--version" || first === "-V") return { kind: "reply", stream: "stdout", text: `${packageJson.version}\n`, code: 0 };
  if (first !== "--help" && first !== "-h" && first !== "help") return null;
  if (first === "help" && argv[1] !== undefined) {
    const command = findCommand(argv[1]);
    if (!command) throw new UsageError(`unknown command ${JSON.stringify(argv[1])} (commands: ${COMMAND_NAMES})`);
    return { kind: "reply", stream: "stdout", text: commandHelp(command), code: 0 };
  }
  return { kind: "reply", stream: "stdout", text: globalHelp(), code: 0 };
}

/** Flags renamed in 0.2.0 (one word for a threshold, as in the library): scripts written for 0.1.0 learn the new name. */
const RENAMED_FLAGS: Record<string, string> = { "--split": "--thresholds", "--threshold": "--thresholds" };

/** The flags of one command (shared and its own), strictly: an unknown flag is a usage error. */
function parseFlags(command: Command, args: readonly string[]): { values: OptionValues; positionals: string[] } {
  const specs = { ...INPUT_OPTIONS, ...OUTPUT_OPTIONS, ...command.options };
  const options = Object.fromEntries(Object.entries(specs).map(([k, o]) => [k, { type: o.type, ...(o.short ? { short: o.short } : {}) }]));
  try {
    return parseArgs({ args: args as string[], options, allowPositionals: true, strict: true }) as { values: OptionValues; positionals: string[] };
  } catch (error) {
    // only where the command has the new flag: elsewhere the old one never existed either
    const renamed = args.find((a) => Object.hasOwn(RENAMED_FLAGS, a.split("=")[0]) && Object.hasOwn(specs, RENAMED_FLAGS[a.split("=")[0]].slice(2)));
    if (renamed !== undefined) {
      const flag = renamed.split("=")[0];
      throw new UsageError(`${flag} is now ${RENAMED_FLAGS[flag]} (see ${NAME} ${command.name} --help)`);
    }
    // node's message suggests `--` for positionals starting with a dash, which our files never need
    const message = (error as Error).message.split("\n")[0].replace(/\. To specify a positional argument.*$/, "");
    throw new UsageError(`${message} (see ${NAME} ${command.name} --help)`);
  }
}

function asOfOption(values: OptionValues, command: Command): string {
  const asOf = values["as-of"];
  if (typeof asOf !== "string") throw new UsageError(`--as-of YYYY-MM-DD is required: the analysis date, never taken from the clock (see ${NAME} ${command.name} --help)`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new UsageError(`--as-of must be a date YYYY-MM-DD, got ${JSON.stringify(asOf)}`);
  // checked here, before the data is read (the library checks it again)
  const [y, m, d] = asOf.split("-").map(Number);
  if (!(m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m))) throw new UsageError(`--as-of: expected a real calendar date, got ${JSON.stringify(asOf)}`);
  return asOf;
}

/** --excel-safe (the default for csv) or --no-excel-safe: csv only, not both. */
function excelSafeOption(values: OptionValues, format: OutputFormat): boolean {
  const on = values["excel-safe"] === true;
  const off = values["no-excel-safe"] === true;
  if (on && off) throw new UsageError("give --excel-safe or --no-excel-safe, not both");
  if ((on || off) && format !== "csv") throw new UsageError(`--${on ? "" : "no-"}excel-safe applies to --format csv only (table output always shows control characters as escapes; json is exact)`);
  return !off;
}

function readSettings(values: OptionValues): ReadSettings {
  return {
    dateFormat: choice(values, "date-format", ["iso", "ymd", "mdy", "dmy"] as const, "iso"),
    refunds: choice(values, "refunds", ["net", "exclude", "error"] as const, "net"),
    afterAsOf: choice(values, "after-as-of", ["error", "ignore"] as const, "error"),
    onInvalid: choice(values, "on-invalid", ["throw", "skip", "collect"] as const, "throw"),
    encoding: encodingOption(values),
    delimiter: delimiterOption(values),
    timeZone: timeZoneOption(values),
    decimalComma: values["decimal-comma"] === true,
    dropMissingCustomer: values["drop-missing-customer"] === true,
    thousands: thousandsOption(values),
    dateRange: dateRangeOption(values),
  };
}

/** `--date-range FROM..TO` (either end may be empty): the shape here; the dates' existence is the library's check. */
function dateRangeOption(values: OptionValues): { from?: string; to?: string } | undefined {
  const v = values["date-range"];
  if (typeof v !== "string") return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})?\.\.(\d{4}-\d{2}-\d{2})?$/.exec(v);
  if (!m) throw new UsageError(`--date-range must be FROM..TO with dates YYYY-MM-DD (either may be left out: 1800-01-01.. or ..2299-12-31), got ${JSON.stringify(v)}`);
  for (const date of [m[1], m[2]]) {
    if (date === undefined) continue;
    const [y, mo, d] = date.split("-").map(Number);
    if (!(mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo))) throw new UsageError(`--date-range: ${date} is not a real calendar date`);
  }
  if (m[1] !== undefined && m[2] !== undefined && m[1] > m[2]) throw new UsageError(`--date-range: ${m[1]} is after ${m[2]}`);
  return { ...(m[1] !== undefined ? { from: m[1] } : {}), ...(m[2] !== undefined ? { to: m[2] } : {}) };
}

/** The encoding option: utf8 (default), latin1 or windows-1252 (and their usual aliases). */
function encodingOption(values: OptionValues): InputEncoding {
  const v = values.encoding;
  if (v === undefined) return "utf8";
  const name = String(v).toLowerCase();
  if (!Object.hasOwn(ENCODING_NAMES, name)) throw new UsageError(`--encoding must be one of utf8, latin1, windows-1252, got ${JSON.stringify(v)}`);
  return ENCODING_NAMES[name];
}

/** The delimiter option: one character, or the words tab and whitespace. */
function delimiterOption(values: OptionValues): string {
  const v = values.delimiter;
  if (v === undefined) return ",";
  const s = String(v);
  if (s === "tab" || s === "\\t") return "\t";
  if (s === "whitespace" || s === "space") return "whitespace";
  if (s === "auto") return "auto";
  const c = s.length === 1 ? s.charCodeAt(0) : -1;
  // one printable ASCII character (or tab): not a line break, not the quote, not another control character
  if (c < 32 || c > 126 || s === '"') {
    const why = s === "" ? "it is empty" : c < 0 ? "it is more than one character" : s === '"' ? "the quote starts quoted fields" : c === 10 || c === 13 ? "line breaks end rows" : c > 127 ? "it is not ASCII" : "it is a control character";
    throw new UsageError(`--delimiter must be one printable ASCII character other than ", or tab or whitespace (${why}), got ${JSON.stringify(s)}`);
  }
  return s;
}

/** `--thousands SEP`: `,` `.` `'` or `space` (also a no-break space), never the decimal mark. */
function thousandsOption(values: OptionValues): ThousandsSeparator | undefined {
  const v = values.thousands;
  if (v === undefined) return undefined;
  const s = String(v) === "space" ? " " : String(v);
  if (s !== "," && s !== "." && s !== " " && s !== "'") throw new UsageError(`--thousands must be one of , . ' space, got ${JSON.stringify(String(v))}`);
  const mark = values["decimal-comma"] === true ? "," : ".";
  if (s === mark) throw new UsageError(`--thousands ${s} is the decimal mark${mark === "," ? " (--decimal-comma)" : ""}; use ${mark === "," ? "--thousands ." : "--thousands ,"} or another separator`);
  return s;
}

function timeZoneOption(values: OptionValues): string | undefined {
  const timeZone = values["time-zone"];
  if (typeof timeZone !== "string") return undefined;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
  } catch {
    throw new UsageError(`--time-zone must be an IANA time zone name such as Europe/London, got ${JSON.stringify(timeZone)}`);
  }
  return timeZone;
}
