/**
 * The command line's column mapping (flags → CSV columns). Reading the mapped columns into transaction
 * columns is the library's (src/csv/columns.ts, also behind `readTransactionsCsv`).
 */
import type { OptionValues } from "./command.js";
import { DataError, UsageError } from "./errors.js";
import { duplicatedColumns, missingColumns, type ColumnMapping } from "../csv/columns.js";

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
