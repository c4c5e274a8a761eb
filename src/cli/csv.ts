/**
 * The command line's CSV reader is the library's (src/csv/scan.ts, also behind `readTransactionsCsv`),
 * so the two cannot read a file differently.
 */
export { CsvError, decodeField, delimiterByte, fieldText, readCsv, sniffDelimiter, tableRows, type CsvColumn, type CsvReadOptions, type CsvTable } from "../csv/scan.js";
