/** The command line reads fields with the library's parsers (src/csv/fields.ts). */
export { ByteInterner, parseDayBytes, parseIsoBytes, parseNumberBytes, thousandsByte, type DateFormat, type ThousandsSeparator } from "../csv/fields.js";
