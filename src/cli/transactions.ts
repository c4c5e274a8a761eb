/**
 * The command line's column mapping (flags → CSV columns). Reading the mapped columns into transaction
 * columns is the library's (src/csv/columns.ts, also behind `readTransactionsCsv`).
 */
import type { OptionValues } from "./command.js";
import { DataError, UsageError } from "./errors.js";
import { duplicatedColumns, mappedColumnIndexes, missingColumns, TransactionColumnReader, type ColumnMapping, type CsvTransactions, type TransactionBatch, type TransactionCsvOptions } from "../csv/columns.js";
import type { InputEncoding } from "../csv/decode.js";
import { CsvError } from "../csv/scan.js";
import { csvTables } from "../csv/stream.js";
import { isAnalyticsInputError } from "../errors.js";
import type { TransactionColumns } from "../input/index.js";
import { createTransactionSummarizer, type SummarizeTransactionsOptions, type SummarizeTransactionsColumnsResult } from "../summary/index.js";
import { fmtCount } from "./counts.js";

export {
  CLI_READER_WORDS,
  duplicatedColumns,
  mappedColumnIndexes,
  missingColumns,
  readTransactionColumns,
  type ColumnMapping,
  type CsvTransactions,
  type ReaderWords,
  type RowIssue,
  type TransactionCsvOptions,
} from "../csv/columns.js";

/**
 * The mapping flags of the command line (`--customer`, `--date`, `--amount` or `--quantity` with
 * `--price`, `--order`), with the library's default column names; `orderId` is used when the header
 * has it. A flag naming a column the header lacks is a usage error listing the header.
 */
export function mappingFromFlags(values: OptionValues, header: readonly string[], source: string, delimiter: string, headerLine = 1): ColumnMapping {
  const str = (k: string) => (typeof values[k] === "string" ? (values[k] as string) : undefined);
  const quantity = str("quantity");
  const price = str("price");
  if ((quantity === undefined) !== (price === undefined)) throw new UsageError("--quantity and --price go together (amount = quantity × price)");
  if (quantity !== undefined && str("amount") !== undefined) throw new UsageError("give either --amount or --quantity with --price, not both");
  const order = str("order") ?? (header.includes("orderId") ? "orderId" : undefined);
  const mapping: ColumnMapping = {
    customer: str("customer") ?? "customerId",
    date: str("date") ?? "date",
    ...(quantity !== undefined ? { quantity, price } : { amount: str("amount") ?? "amount" }),
    ...(order !== undefined ? { order } : {}),
  };
  const missing = missingColumns(header, mapping);
  if (missing.length > 0) {
    const shown = header.slice(0, 20).join(", ") + (header.length > 20 ? ", …" : "");
    const m = missing[0];
    const hint = delimiterHint(delimiter, header);
    throw new UsageError(`${m.flag}: column ${JSON.stringify(m.column)} is not in the header of ${source} (columns: ${shown})${hint}`);
  }
  const duplicate = duplicatedColumns(header, mapping)[0];
  if (duplicate !== undefined) {
    const { column, positions } = duplicate;
    const flag = values[duplicate.flag.slice(2)] === undefined ? `${duplicate.flag} (default ${column})` : duplicate.flag;
    const where = `${positions.slice(0, -1).join(", ")} and ${positions[positions.length - 1]}`;
    throw new DataError(
      `${source}:${headerLine}: the header names ${JSON.stringify(column)} ${positions.length} times (columns ${where}): ${flag} cannot tell which one to read; rename the columns so that each name is used once`,
      "duplicate_header",
    );
  }
  return mapping;
}

/**
 * A one-column header holding `;`, tab or `|` is the usual sign of the wrong delimiter (a European
 * export read with the default `,`): the flag that reads it, by the character the header uses most.
 */
export function delimiterHint(delimiter: string, header: readonly string[]): string {
  if (header.length !== 1 || delimiter === "auto") return "";
  const counts = ([";", "\t", "|", ","] as const).filter((c) => c !== delimiter).map((c) => [c, header[0].split(c).length - 1] as const);
  const [best, n] = counts.reduce((a, b) => (b[1] > a[1] ? b : a));
  if (n === 0) return "";
  const flag = best === "\t" ? "--delimiter tab" : `--delimiter '${best}'`;
  return `; the header is split by ${best === "\t" ? "tabs" : JSON.stringify(best)}, not ${JSON.stringify(delimiter === "\t" ? "tab" : delimiter)}: use ${flag} (or --delimiter auto)`;
}

/** How {@link streamSummaries} reads and summarises. */
export interface StreamSettings {
  /** The command's flag values (the mapping flags). */
  values: OptionValues;
  delimiter: string;
  encoding: InputEncoding;
  /** The CSV reader's options, as the whole-file path gives them. */
  reader: TransactionCsvOptions;
  /** The summary's options, as the whole-file path gives them. */
  summary: SummarizeTransactionsOptions;
  /**
   * With --after-as-of error: the epoch days (after as-of, up to the last day allowed) that make a row
   * an error the whole-file path reports (with its first rows); null otherwise.
   */
  afterAsOf: { after: number; upTo: number } | null;
  /**
   * The input's size in bytes when known (a file; compressed when gzipped), to size the id tables
   * from the start instead of doubling them from small.
   */
  sizeHint?: number;
  /** Progress messages (the runner's `Progress`). */
  progress: (message: string) => void;
}

/** What {@link streamSummaries} gives when the input was read through: the summaries and what reading counted. */
export interface StreamedSummaries {
  result: SummarizeTransactionsColumnsResult;
  /** The reader's counts, as a {@link CsvTransactions} without rows (columns and lines are empty). */
  csv: CsvTransactions;
  mapping: ColumnMapping;
  notes: string[];
}

/** Why the last {@link streamSummaries} left the input to the whole-file path (null when it did not): for tests. */
export const streamTrace: { fallback: string | null } = { fallback: null };

/**
 * Reads the input as a stream and summarises it batch by batch, for the commands that need only
 * customer summaries: the bytes are scanned block by block, each block's rows read into a batch of
 * columns (one interner per id column for the whole input; order ids kept as bytes, counted by code)
 * and added to the summariser, so memory follows the customers (and distinct orders), not the rows.
 *
 * Null when the run needs the whole input to say what it must say, and the caller reads it whole
 * instead (identical messages): a row the reader or the library cannot take under --on-invalid throw,
 * rows after --as-of under --after-as-of error, input that is not UTF-8, no rows left, or any other
 * error (a missing file, a bad header, a ragged row, bad gzip). The stream is abandoned at the first
 * such sign.
 */
export async function streamSummaries(stream: { chunks: AsyncIterable<Uint8Array>; name: string }, settings: StreamSettings): Promise<StreamedSummaries | null> {
  streamTrace.fallback = null;
  const { reader: readerOptions, progress } = settings;
  const name = stream.name;
  let mapping: ColumnMapping | undefined;
  let reader: TransactionColumnReader | undefined;
  const strict = readerOptions.onInvalid === "throw";
  const leave = (why: string): null => {
    streamTrace.fallback = why;
    return null;
  };
  let result: SummarizeTransactionsColumnsResult;
  let notes: string[];
  let counts: ReturnType<TransactionColumnReader["counts"]>;
  let dictionary: readonly (string | number)[];
  let rows = 0;
  try {
    const summarizer = createTransactionSummarizer({ ...settings.summary, output: "columns" });
    const tables = csvTables(stream.chunks, {
      encoding: settings.encoding,
      delimiter: settings.delimiter,
      source: name,
      select: (header, headerLine) => {
        mapping = mappingFromFlags(settings.values, header, name, settings.delimiter, headerLine);
        reader = new TransactionColumnReader(mapping, readerOptions, { ...internerSizes(settings.sizeHint ?? 0), decodeOrders: false, reuseBatches: true });
        return mappedColumnIndexes(header, mapping);
      },
    });
    for (;;) {
      const next = await tables.next();
      if (next.done) {
        notes = next.value.notes;
        break;
      }
      const table = next.value;
      const batch = reader!.read(table, rows);
      rows += table.rows;
      progress(`reading ${fmtCount(rows)} rows`);
      if (strict && reader!.counts().invalidRows > 0) return leave("a row the reader cannot take under --on-invalid throw");
      if (settings.afterAsOf !== null && anyAfter(batch, settings.afterAsOf)) return leave("rows after --as-of");
      summarizer.add(columnsOf(batch));
    }
    if (reader === undefined) return leave("no header");
    counts = reader.counts();
    dictionary = reader.customerDictionary;
    // the id tables (gigabytes at tens of millions of orders) are not needed past the read
    reader = undefined;
    progress(`summarising ${fmtCount(rows)} rows`);
    result = summarizer.finish();
  } catch (error) {
    if (!saysSomethingOfTheInput(error)) throw error;
    return leave(`error: ${(error as Error).message}`);
  }
  const csv: CsvTransactions = {
    ...counts,
    columns: { customerId: { codes: new Int32Array(0), dictionary }, date: new Int32Array(0), amount: new Float64Array(0) },
    lines: new Int32Array(0),
  };
  return { result, csv, mapping: mapping!, notes };
}

/**
 * Whether an error of the streamed read is about the input or the command line (the whole read then
 * says it with every row in view): the CLI's usage and data errors, the CSV reader's, the library's
 * `AnalyticsInputError`, a system error reading the file (`ENOENT`...), or an option error of the
 * library (its message starts with the function's name). Anything else is a fault of the program: it
 * is thrown on (an internal error, exit 3), not hidden behind a second read of the whole input.
 */
export function saysSomethingOfTheInput(error: unknown): boolean {
  if (error instanceof UsageError || error instanceof DataError || error instanceof CsvError || isAnalyticsInputError(error)) return true;
  if (typeof error !== "object" || error === null) return false;
  const e = error as NodeJS.ErrnoException;
  if (typeof e.code === "string" && typeof e.syscall === "string") return true;
  return (error instanceof RangeError || error instanceof TypeError) && /^[a-zA-Z]+: /.test(e.message);
}

function columnsOf(batch: TransactionBatch): TransactionColumns {
  const { lines: _lines, ...columns } = batch;
  return columns;
}

function anyAfter(batch: TransactionBatch, range: { after: number; upTo: number }): boolean {
  const days = batch.date;
  for (let i = 0; i < days.length; i++) if (days[i] > range.after && days[i] <= range.upTo) return true;
  return false;
}

/**
 * Id tables sized from the input's size: a CSV row of transactions takes some 40 bytes or more, so
 * at most size / 64 distinct orders and size / 256 customers are expected at first (the tables still
 * double past half full); never below the defaults for small inputs, never above 32M / 8M entries.
 * Growing a table is dear at this scale: it hashes every key again into a table too large for the
 * caches, one miss per key (50M rows, 32.3M orders, 5M customers: 8.7 s of 52 s in five rehashes when
 * the caps were 8M / 1M). A table sized from the start costs no more memory at the end (it would have
 * doubled to the same size) and skips the moments when the old and the new table are both held; for a
 * large input with few distinct ids it holds up to 256 MB (orders) and 64 MB (customers) more than
 * the ids need.
 */
export function internerSizes(bytes: number): { customers: number; orders: number } {
  const clamp = (x: number, lo: number, hi: number) => Math.min(Math.max(Math.floor(x), lo), hi);
  return { customers: clamp(bytes / 256, 1 << 14, 1 << 23), orders: clamp(bytes / 64, 1 << 16, 1 << 25) };
}
