/**
 * What to do when most dates or numbers of a file could not be read: the likelier --date-format, or
 * the number flags, guessed from a sample of the unreadable values (src/csv/guessDateFormat.ts,
 * guessNumberFormat.ts). Used by the report of every problem (issues.ts) and by the warning of
 * --on-invalid skip (report.ts).
 */
import type { DateFormat } from "../csv/fields.js";
import { guessDateFormat, type DateFormatGuess } from "../csv/guessDateFormat.js";
import { guessNumberFormat, type NumberFormat } from "../csv/guessNumberFormat.js";
import type { CsvTransactions } from "./transactions.js";

/**
 * The advice for dates the asked --date-format could not read, from a sample of them
 * ({@link guessDateFormat}): the format that reads them, both when mdy and dmy do (and how to tell),
 * or that no format does.
 */
export function dateFormatAdvice(guess: DateFormatGuess | null): string | undefined {
  if (guess === null || guess.impossible) return undefined;
  const ex = JSON.stringify(guess.example.length > 40 ? `${guess.example.slice(0, 37)}...` : guess.example).slice(1, -1);
  const { formats } = guess;
  if (formats.length === 0) return `no --date-format reads dates like ${ex} (iso: 2010-12-01, ymd: 2010/12/1, mdy: 12/1/2010, dmy: 1/12/2010, each optionally with a time): convert them to YYYY-MM-DD`;
  if (formats.includes("iso")) return `dates look like iso (${ex}): try --date-format iso (the default)`;
  if (formats.includes("mdy") && formats.includes("dmy")) {
    const dots = guess.dotted ? "; dates with dots (1.2.2010) are usually dmy" : "";
    return `dates look like mdy or dmy (${ex}): both read them; a first number above 12 (13/1/2010) means dmy, a second above 12 (1/13/2010) means mdy${dots}: try --date-format dmy or --date-format mdy`;
  }
  return `dates look like ${formats[0]} (${ex}): try --date-format ${formats[0]}`;
}

/**
 * The --date-format advice when more than half of the dates the reader checked could not be read
 * (so a file of a few rows whose dates all fail gets it too); undefined otherwise.
 */
export function dateAdviceFor(csv: CsvTransactions, dateFormat: DateFormat): string | undefined {
  const bad = csv.invalidByCode.invalid_date ?? 0;
  const checked = csv.rowsRead - csv.droppedMissingCustomer;
  if (bad === 0 || bad <= checked / 2) return undefined;
  return dateFormatAdvice(guessDateFormat(csv.badDateSamples, dateFormat));
}

/**
 * The number-format advice when more than half of the rows the reader checked (and at least two)
 * have a number it could not read: the flags that read the sampled values (`--decimal-comma
 * --thousands .` for `1.099,00`); undefined otherwise.
 */
export function numberAdviceFor(csv: CsvTransactions, asked: NumberFormat): string | undefined {
  const bad = csv.invalidByCode.invalid_amount ?? 0;
  const checked = csv.rowsRead - csv.droppedMissingCustomer;
  // one bad number: its own line's hint says it
  if (bad < 2 || bad <= checked / 2) return undefined;
  const guess = guessNumberFormat(csv.badNumberSamples, asked);
  if (guess === null) return undefined;
  const flags = [
    guess.decimalComma ? "--decimal-comma" : asked.decimalComma ? "without --decimal-comma" : "",
    guess.thousands !== undefined ? `--thousands ${guess.thousands === " " ? "space" : guess.thousands}` : asked.thousands !== undefined ? "without --thousands" : "",
  ].filter(Boolean);
  return `numbers look like ${JSON.stringify(guess.example)}: try ${flags.join(" ")}`;
}
