/**
 * Reading CSV files of transactions into the library's column form: `crm-analytics/csv`. The one CSV
 * reader of the package (the command line reads through it too). File paths are read with a dynamic
 * `import("node:fs/promises")` (Node, Deno, Bun); text, bytes and streams need no IO.
 *
 * @module
 */
export {
  parseTransactionsCsv,
  readTransactionsCsv,
  type ByteStream,
  type CsvColumnNames,
  type CsvEncoding,
  type CsvInput,
  type CsvIssue,
  type CsvReadMeta,
  type CsvTransactionColumns,
  type FileUrl,
  type ReadTransactionsCsvOptions,
  type TransactionsCsv,
} from "./readTransactionsCsv.js";
export type { DateFormat, ThousandsSeparator } from "./fields.js";
