/**
 * The first step of a run: the command line → what to do. Either a text to print (help, version) or
 * an invocation with every shared option checked, so later steps read settled values.
 */
import { parseArgs } from "node:util";
import packageJson from "../../package.json" with { type: "json" };
import { choice, isCalendarDate, type Command, type CommandInput, type CommandOutput, type OptionSpec, type OptionValues, type ReadSettings } from "./command.js";
import { COMMAND_NAMES, COMMANDS, findCommand, loadCommands } from "./commands/index.js";
import { ENCODING_NAMES, type InputEncoding } from "../csv/decode.js";
import { UsageError } from "./errors.js";
import type { DateFormat, ThousandsSeparator } from "./fields.js";
import { commandHelp, globalHelp, INPUT_OPTIONS, inputOptionsOf, NAME, OUTPUT_OPTIONS } from "./help.js";
import { extensionOf, FORMAT_OF_EXTENSION, formatOfPath, type OutputFormat, type Precision } from "./output.js";

/** How the CSV is read and checked (the shared input options). */
export type { ReadSettings };

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
  /** --as-of; `""` for the commands that read a table instead of transactions (they take no --as-of). */
  asOf: string;
  read: ReadSettings;
  format: OutputFormat;
  /** CSV: prefix text cells a spreadsheet would run as formulas with `'` (default; --no-excel-safe turns it off). */
  excelSafe: boolean;
  /** --precision: money decimals (shares and measures 2 more; default 2), or `full` for exact numbers. */
  precision: Precision;
  /** --bom: csv starts with a UTF-8 byte order mark. */
  bom: boolean;
  /** A note on how the format was chosen (`-o FILE` with an extension that names no format). */
  formatNote: string | undefined;
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

/**
 * Parses the command line, loading the module of the command it names (only that one). Throws
 * {@link UsageError} for anything wrong with it.
 */
export async function parseInvocation(argv: readonly string[], stdoutIsTTY: boolean): Promise<Invocation | Reply> {
  const reply = await globalReply(argv);
  if (reply) return reply;
  const entry = findCommand(argv[0]);
  if (!entry) throw new UsageError(`unknown command ${JSON.stringify(argv[0])}${didYouMean(argv[0], COMMANDS.map((c) => c.name))} (commands: ${COMMAND_NAMES}; see ${NAME} --help)`);
  const command = await entry.load();
  const { values, positionals } = await parseFlags(command, argv.slice(1));
  if (values.help) return { kind: "reply", stream: "stdout", text: commandHelp(command), code: 0 };
  if (positionals.length > 1) throw new UsageError(`expected one input file, got ${positionals.length}: ${positionals.join(" ")}`);
  const str = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : undefined);
  const output = str("output");
  // checked in this order: the first bad option is the one reported
  const asOf = asOfOption(values, command);
  const { format, note: formatNote } = formatOption(values, output, stdoutIsTTY);
  const read = readSettings(values);
  const excelSafe = excelSafeOption(values, format);
  const precision = precisionOption(values);
  const bom = values.bom === true;
  if (bom && format !== "csv") throw new UsageError(`--bom applies to --format csv only (a byte order mark tells spreadsheets the CSV is UTF-8; the format here is ${format})`);
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
    precision,
    bom,
    formatNote,
    output,
    meta: str("meta"),
    quiet: values.quiet === true,
    silent: values.silent === true,
  };
}

/** `--help`, `help [command]`, `--version` and no arguments at all. */
async function globalReply(argv: readonly string[]): Promise<Reply | null> {
  const first = argv[0];
  if (first === undefined) return { kind: "reply", stream: "stderr", text: globalHelp(await loadCommands()), code: 2 };
  if (first === "--version" || first === "-V") return { kind: "reply", stream: "stdout", text: `${packageJson.version}\n`, code: 0 };
  if (first !== "--help" && first !== "-h" && first !== "help") return null;
  if (first === "help" && argv[1] !== undefined) {
    const entry = findCommand(argv[1]);
    if (!entry) throw new UsageError(`unknown command ${JSON.stringify(argv[1])}${didYouMean(argv[1], COMMANDS.map((c) => c.name))} (commands: ${COMMAND_NAMES})`);
    return { kind: "reply", stream: "stdout", text: commandHelp(await entry.load()), code: 0 };
  }
  return { kind: "reply", stream: "stdout", text: globalHelp(await loadCommands()), code: 0 };
}

/** Flags renamed in 0.2.0 (one word for a threshold, as in the library): scripts written for 0.1.0 learn the new name. */
const RENAMED_FLAGS: Record<string, string> = { "--split": "--thresholds", "--threshold": "--thresholds" };

/** The flags of one command (shared and its own), strictly: an unknown flag is a usage error. */
async function parseFlags(command: Command, args: readonly string[]): Promise<{ values: OptionValues; positionals: string[] }> {
  const specs = { ...inputOptionsOf(command), ...OUTPUT_OPTIONS, ...command.options };
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
    let unknown = (error as { code?: string }).code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" ? unknownOptionHint(args, message, specs, await loadCommands()) : "";
    // a transaction option given to a command that reads another kind of file
    const shared = /^Unknown option '--([^']*)'/.exec(message)?.[1];
    if (shared !== undefined && Object.hasOwn(INPUT_OPTIONS, shared) && command.inputOptions !== undefined) {
      unknown = `; ${command.name} reads no transactions, so --${shared} does not apply`;
    }
    throw new UsageError(`${message}${unknown} (see ${NAME} ${command.name} --help)`);
  }
}

/**
 * The hint after `Unknown option '--as_of'`: the nearest option of this command (`; did you mean
 * --as-of?`), the long option a single dash was meant for (`-as-of` → `--as-of`), or the commands
 * that have it (`--labels` on `abc`).
 */
function unknownOptionHint(args: readonly string[], message: string, specs: Record<string, OptionSpec>, commands: readonly Command[]): string {
  const m = /^Unknown option '(-[^']*)'/.exec(message);
  if (!m) return "";
  const given = m[1];
  const names = Object.keys(specs);
  if (!given.startsWith("--")) {
    // `-as-of` reaches parseArgs as the short options -a -s …: find the argument it came from
    const arg = args.find((a) => /^-[^-]/.test(a) && a.length > 2 && a.startsWith(given))?.split("=")[0];
    if (arg !== undefined && names.includes(arg.slice(1))) return `; did you mean -${arg}?`;
    return "";
  }
  const name = given.slice(2);
  const near = didYouMean(name, names);
  if (near !== "") return near.replace(/"([^"]+)"\?$/, "--$1?");
  const others = commands.filter((c) => Object.hasOwn(c.options, name)).map((c) => c.name);
  return others.length > 0 ? `; ${given} is an option of ${others.join(", ")}` : "";
}

/** Edit distance with adjacent transpositions (optimal string alignment), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const d: number[][] = Array.from({ length: s.length + 1 }, (_, i) => Array.from({ length: t.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[s.length][t.length];
}

/**
 * `; did you mean "segments"?` for the candidate nearest to `given`, or `""` when none is near: the
 * same name but for case, `_` or `-` (`--as_of`, `--asOf`), else an edit distance of at most 1 for
 * names up to 4 characters, 2 up to 8, 3 beyond (ties: the first candidate).
 */
export function didYouMean(given: string, candidates: readonly string[]): string {
  const plain = (s: string) => s.toLowerCase().replace(/[-_]/g, "");
  const same = candidates.find((c) => plain(c) === plain(given));
  if (same !== undefined) return `; did you mean ${JSON.stringify(same)}?`;
  const limit = given.length <= 4 ? 1 : given.length <= 8 ? 2 : 3;
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const c of candidates) {
    const distance = editDistance(given, c);
    if (distance < bestDistance) {
      best = c;
      bestDistance = distance;
    }
  }
  return best === undefined ? "" : `; did you mean ${JSON.stringify(best)}?`;
}

/**
 * The output format: --format; else the extension of -o FILE (`.csv`, `.json`, `.ndjson`/`.jsonl`,
 * `.txt` for the table); else table on a terminal, csv otherwise. --format and a format-naming
 * extension that disagree are a usage error; an extension that names no format (`.xlsx`) writes csv
 * with a note, as does a file name without an extension (silently).
 */
function formatOption(values: OptionValues, output: string | undefined, stdoutIsTTY: boolean): { format: OutputFormat; note: string | undefined } {
  const given = choice(values, "format", ["csv", "json", "ndjson", "table"] as const);
  const named = output === undefined ? undefined : formatOfPath(output);
  const known = Object.keys(FORMAT_OF_EXTENSION).join(" ");
  if (given !== undefined) {
    // .txt is any text: only the extensions of a data format must agree
    if (named !== undefined && named !== given && named !== "table") {
      throw new UsageError(`--format ${given} disagrees with --output ${output} (${extensionOf(output!)} is ${named}): give the file the extension of its format, or leave out --format`);
    }
    return { format: given, note: undefined };
  }
  if (named !== undefined) return { format: named, note: undefined };
  if (output === undefined) return { format: stdoutIsTTY ? "table" : "csv", note: undefined };
  const ext = extensionOf(output);
  const note = ext === "" ? undefined : `writing csv to ${output}: the extension ${ext} names no output format (${known}); --format csv|json|ndjson|table says which`;
  return { format: "csv", note };
}

/** `--precision N|full`: money decimals N in 0..10 (default 2), or full for exact numbers. */
function precisionOption(values: OptionValues): Precision {
  const v = values.precision;
  if (v === undefined) return 2;
  if (v === "full") return "full";
  const n = typeof v === "string" && /^\d+$/.test(v.trim()) ? Number(v) : Number.NaN;
  if (!(n >= 0 && n <= 10)) throw new UsageError(`--precision must be the decimals of money, an integer in [0, 10] (shares get 2 more), or full, got ${JSON.stringify(v)}`);
  return n;
}

function asOfOption(values: OptionValues, command: Command): string {
  if (command.needs === "table") return "";
  const asOf = values["as-of"];
  if (typeof asOf !== "string") throw new UsageError(`--as-of YYYY-MM-DD is required: the analysis date, never taken from the clock (see ${NAME} ${command.name} --help)`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new UsageError(`--as-of must be a date YYYY-MM-DD, got ${JSON.stringify(asOf)}`);
  // checked here, before the data is read (the library checks it again)
  if (!isCalendarDate(asOf)) throw new UsageError(`--as-of: expected a real calendar date, got ${JSON.stringify(asOf)}`);
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
    if (date !== undefined && !isCalendarDate(date)) throw new UsageError(`--date-range: ${date} is not a real calendar date`);
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
