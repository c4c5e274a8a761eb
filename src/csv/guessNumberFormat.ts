/**
 * Which number format a file's amounts are in, guessed from a sample of number fields the asked
 * options could not read: a European export (`1.099,00`) read without a decimal comma and thousands
 * separators, or the reverse.
 */
import { parseNumberBytes, thousandsByte, type ThousandsSeparator } from "./fields.js";
import { GUESS_SHARE } from "./guessDateFormat.js";
import { utf8Bytes } from "./text.js";

/** A way to read numbers: the decimal mark and the thousands separator. */
export interface NumberFormat {
  decimalComma: boolean;
  thousands: ThousandsSeparator | undefined;
}

/** The formats tried, simplest first (a tie goes to the earlier). */
const FORMATS: readonly NumberFormat[] = [
  { decimalComma: false, thousands: undefined },
  { decimalComma: true, thousands: undefined },
  { decimalComma: true, thousands: "." },
  { decimalComma: false, thousands: "," },
  { decimalComma: true, thousands: " " },
  { decimalComma: false, thousands: " " },
  { decimalComma: false, thousands: "'" },
  { decimalComma: true, thousands: "'" },
];

/** What the sample looks like: the format that reads the most of it (at least {@link GUESS_SHARE}), and a value to show. */
export interface NumberFormatGuess extends NumberFormat {
  example: string;
}

/**
 * Tries the number formats other than `asked` on `samples` (number fields `asked` could not read) and
 * returns the one that reads the most of them, if it reads nearly all; null otherwise.
 */
export function guessNumberFormat(samples: readonly string[], asked: NumberFormat): NumberFormatGuess | null {
  if (samples.length === 0) return null;
  const bytes = samples.map(utf8Bytes);
  let best: { format: NumberFormat; reads: boolean[]; count: number } | null = null;
  for (const format of FORMATS) {
    if (format.decimalComma === asked.decimalComma && format.thousands === asked.thousands) continue;
    const sep = thousandsByte(format.thousands);
    const reads = bytes.map((b) => Number.isFinite(parseNumberBytes(b, 0, b.length, format.decimalComma, sep)));
    const count = reads.filter(Boolean).length;
    if (best === null || count > best.count) best = { format, reads, count };
  }
  if (best === null || best.count < GUESS_SHARE * samples.length) return null;
  // show the value with the most marks (a separator and a decimal mark: 1.099,00), the first of those
  const marks = (s: string) => s.replace(/[\d\s+-]/g, "").length;
  let shown = -1;
  for (let i = 0; i < samples.length; i++) if (best.reads[i] && (shown < 0 || marks(samples[i]) > marks(samples[shown]))) shown = i;
  return { ...best.format, example: samples[shown] };
}
