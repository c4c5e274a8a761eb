/** The options every command shares, and the help texts built from them. */
import type { Command, OptionSpec } from "./command.js";
import { displayWidth } from "./output.js";

/** The program's name in messages. */
export const NAME = "crm-analytics";

/** Options every command takes: where the fields are, how to read them. */
export const INPUT_OPTIONS: Record<string, OptionSpec> = {
  "as-of": { type: "string", arg: "YYYY-MM-DD", help: "the analysis date (required: the clock is never read)" },
  customer: { type: "string", arg: "COLUMN", help: "customer id column (default customerId)" },
  date: { type: "string", arg: "COLUMN", help: "purchase date column (default date)" },
  amount: { type: "string", arg: "COLUMN", help: "amount column (default amount), or give --quantity and --price" },
  quantity: { type: "string", arg: "COLUMN", help: "quantity column: amount = quantity × price" },
  price: { type: "string", arg: "COLUMN", help: "unit price column: amount = quantity × price" },
  order: { type: "string", arg: "COLUMN", help: "order/invoice id column: frequency counts distinct orders (default orderId when present, else rows)" },
  "date-format": { type: "string", arg: "iso|ymd|mdy|dmy", help: "date format (default iso: YYYY-MM-DD with optional time; mdy: 12/1/2010 8:26; dmy: 1/12/2010; ymd: 2010/12/1 or 20101201)" },
  "date-range": { type: "string", arg: "FROM..TO", help: "dates accepted (default 1900-01-01..2199-12-31; other dates, such as a placeholder 0001-01-01, are problems)" },
  "time-zone": { type: "string", arg: "ZONE", help: "IANA zone in which ISO instants with Z or an offset become calendar days (default UTC)" },
  encoding: { type: "string", arg: "utf8|latin1|windows-1252", help: "text encoding of the input (default utf8: bytes that are not UTF-8 are an error naming line and column)" },
  delimiter: { type: "string", arg: "CHAR", help: "field delimiter: , (default) ; tab | whitespace (runs of blanks), or auto (the one the header line uses most)" },
  "decimal-comma": { type: "boolean", help: "numbers use a decimal comma (12,5); use with --delimiter ';'" },
  thousands: { type: "string", arg: "SEP", help: "thousands separator in numbers: , . ' or space (1.099,00 with --decimal-comma --thousands .)" },
  refunds: { type: "string", arg: "net|exclude|error", help: "negative amounts: net them (default), leave them out, or fail" },
  "after-as-of": { type: "string", arg: "error|ignore", help: "rows dated after --as-of: fail (default) or leave them out (counted)" },
  "on-invalid": { type: "string", arg: "throw|skip|collect", help: "bad rows: fail, naming the first rows of each kind of problem (default), skip them (counted), or skip and list them on stderr" },
  "drop-missing-customer": { type: "boolean", help: "leave out rows with an empty customer id (counted); any other problem still stops the run" },
};

/** The shared input options of a command: all of them, or for a `table` command the ones it names. */
export function inputOptionsOf(command: Command): Record<string, OptionSpec> {
  if (command.inputOptions === undefined) return INPUT_OPTIONS;
  return Object.fromEntries(command.inputOptions.map((name) => [name, INPUT_OPTIONS[name]]));
}

/** Options every command takes: what to write, and where. */
export const OUTPUT_OPTIONS: Record<string, OptionSpec> = {
  format: {
    type: "string",
    arg: "csv|json|ndjson|table",
    help: "output format (default: from the extension of -o FILE, .csv .json .ndjson .jsonl .txt; else table on a terminal, csv otherwise)",
  },
  precision: {
    type: "string",
    arg: "N|full",
    help: "decimals of money (default 2); shares, rates and other measures get N+2; full writes exact numbers. Rounding is half away from zero",
  },
  bom: { type: "boolean", help: "csv: start with a UTF-8 byte order mark, so that Excel reads Chinese and accented text" },
  "excel-safe": { type: "boolean", help: "csv: prefix text cells starting with = + - @ tab or CR with ' so spreadsheets do not run them as formulas (the default)" },
  "no-excel-safe": { type: "boolean", help: "csv: write such cells exactly as they are" },
  output: { type: "string", short: "o", arg: "FILE", help: "write the records to FILE instead of stdout" },
  meta: { type: "string", arg: "FILE", help: "also write the analysis meta (as-of, edges, thresholds, seed, counts) as JSON to FILE" },
  quiet: { type: "boolean", short: "q", help: "no notes or progress on stderr (errors, the count of rows left out and warnings still)" },
  silent: { type: "boolean", help: "nothing on stderr but errors: not even the count of rows left out or warnings" },
  help: { type: "boolean", short: "h", help: "show this help" },
};

/** The width help is wrapped to. */
export const HELP_WIDTH = 80;
/** The width of the option column: a longer option puts its help on the next line. */
const FLAG_WIDTH = 28;

/**
 * `text` wrapped at spaces to lines of at most `width` terminal columns (wide CJK characters count
 * twice), the first line after `first`, the others after `rest` (a hanging indent).
 */
export function wrapText(text: string, width: number, first = "", rest = first): string[] {
  const out: string[] = [];
  let line = first;
  let empty = true;
  const room = width - displayWidth(rest);
  for (const word of text.split(/ +/).flatMap((w) => (displayWidth(w) > room ? pieces(w, room) : w === "" ? [] : [w]))) {
    if (!empty && displayWidth(line) + 1 + displayWidth(word) > width) {
      out.push(line);
      line = rest + word;
    } else line += (empty ? "" : " ") + word;
    empty = false;
  }
  out.push(line);
  return out;
}

/** A word too long for a line, cut after its `|` `,` or `/` into pieces that fit (`a|b|c` → `a|`, `b|c`). */
function pieces(word: string, room: number): string[] {
  const parts = word.split(/(?<=[|,/])/);
  const out: string[] = [];
  let piece = "";
  for (const part of parts) {
    if (piece !== "" && displayWidth(piece) + displayWidth(part) > room) {
      out.push(piece);
      piece = "";
    }
    piece += part;
  }
  if (piece !== "") out.push(piece);
  return out;
}

/** A paragraph with explicit line breaks: each line wrapped, an indented line's continuation 2 further in. */
function paragraph(text: string): string[] {
  return text.split("\n").flatMap((l) => {
    const indent = /^ */.exec(l)![0];
    return wrapText(l.slice(indent.length), HELP_WIDTH, indent, indent === "" ? "" : `${indent}  `);
  });
}

/** Options as two columns: the flag, then its help wrapped with a hanging indent (the same columns in every command). */
function optionLines(options: Record<string, OptionSpec>): string[] {
  const helpAt = " ".repeat(2 + FLAG_WIDTH + 2);
  return Object.entries(options).flatMap(([name, o]) => {
    const flag = `  ${o.short ? `-${o.short}, ` : "    "}--${name}${o.arg ? ` ${o.arg}` : ""}`;
    if (flag.length > 2 + FLAG_WIDTH) return [flag, ...wrapText(o.help, HELP_WIDTH, helpAt)];
    return wrapText(o.help, HELP_WIDTH, `${flag.padEnd(2 + FLAG_WIDTH)}  `, helpAt);
  });
}

/**
 * A command line as a shell would take it, cut before its options into lines of at most 80 columns
 * ending with ` \` (an option and its value stay together); a `# comment` line as it is.
 */
function exampleLines(example: string): string[] {
  // commands joined by && continue on the next line, indented (no backslash needed after &&)
  const commands = example.split(" && ");
  if (commands.length > 1) {
    return commands.flatMap((c, i) => {
      const own = exampleLines(c).map((l) => (i > 0 ? `  ${l}` : l));
      if (i < commands.length - 1) own[own.length - 1] += " &&";
      return own;
    });
  }
  if (example.startsWith("#") || displayWidth(example) + 2 <= HELP_WIDTH) return [`  ${example}`];
  const parts = example.split(/ (?=--?[a-zA-Z])/);
  const out: string[] = [];
  let line = `  ${parts[0]}`;
  for (const part of parts.slice(1)) {
    if (displayWidth(line) + 1 + displayWidth(part) + 2 > HELP_WIDTH) {
      out.push(`${line} \\`);
      line = `      ${part}`;
    } else line += ` ${part}`;
  }
  out.push(line);
  return out;
}

/** The global help text, listing `commands` (every command, loaded: see `loadCommands`). */
export function globalHelp(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    `Usage: ${NAME} <command> [file|-] --as-of YYYY-MM-DD [options]`,
    "",
    ...paragraph(
      "Customer analytics from a transaction CSV (plain or gzipped; - or no file reads stdin): one record per customer (or per period) as CSV, JSON, NDJSON or an aligned table. select reads a CSV with one row per customer and service a contact log (or, for staffing, no file): they take no --as-of.",
    ),
    "",
    "Commands:",
    ...commands.flatMap((c) => wrapText(c.summary, HELP_WIDTH, `  ${c.name.padEnd(width)}  `, " ".repeat(width + 4))),
    "",
    `Run '${NAME} <command> --help' for a command's options.`,
    `    --version  print the version`,
    "",
    "Examples (UCI Online Retail, leaving out the rows without a customer id):",
    ...exampleLines(
      `${NAME} segments online_retail.csv.gz --as-of 2011-12-10 --customer CustomerID --date InvoiceDate --quantity Quantity --price UnitPrice --order InvoiceNo --drop-missing-customer --summary --labels zh`,
    ),
    ...exampleLines(`${NAME} rfm orders.csv --as-of 2024-06-30 -o rfm.json`),
    "",
    ...paragraph("Exit codes: 0 ok, 1 bad data (the message names file, line and column, or the customer), 2 bad command line, 3 internal error."),
    "",
  ].join("\n");
}

/** The help text of one command. */
export function commandHelp(command: Command): string {
  return [
    `Usage: ${NAME} ${command.name} ${command.usage ?? "[file|-] --as-of YYYY-MM-DD [options]"}`,
    "",
    ...paragraph(command.description),
    "",
    ...(Object.keys(command.options).length > 0 ? [`${command.name} options:`, ...optionLines(command.options), ""] : []),
    ...(Object.keys(inputOptionsOf(command)).length > 0 ? ["Input options:", ...optionLines(inputOptionsOf(command)), ""] : []),
    "Output options:",
    ...optionLines(OUTPUT_OPTIONS),
    "",
    "Examples:",
    ...command.examples.flatMap(exampleLines),
    "",
  ].join("\n");
}
