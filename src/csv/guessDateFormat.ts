/**
 * Which date format a file's dates are in, guessed from a sample of date fields the asked format could
 * not read: the advice for the commonest reading mistake (`--date-format mdy` on an ISO file, `dmy`
 * dates read as `mdy`), so that the answer is the right format, never "leave the rows out".
 */
import { DATE_IMPOSSIBLE, dayConverter } from "../input/dates.js";
import { parseDayBytes, parseIsoBytes, type DateFormat } from "./fields.js";
import { utf8Bytes } from "./text.js";

/** The formats tried, in the order of preference when several read the sample (iso before ymd). */
const FORMATS: readonly DateFormat[] = ["iso", "ymd", "mdy", "dmy"];

/** A format must read at least this share of the sample to be suggested. */
export const GUESS_SHARE = 0.9;

/** What the sample looks like. */
export interface DateFormatGuess {
  /**
   * The formats other than the one asked for that read at least {@link GUESS_SHARE} of the sample, in
   * the order iso, ymd, mdy, dmy; empty when none does. iso and ymd read `2010-12-01` alike; mdy and
   * dmy both read `1/2/2010` (then the sample cannot tell them apart).
   */
  formats: DateFormat[];
  /**
   * A sampled value to show: one that only the first format reads when there is one (`12/13/2010`
   * tells mdy from dmy), else the first the first format reads, else the first value.
   */
  example: string;
  /** Whether mdy and dmy both read the sample and it uses `.` between the numbers (the European habit: dmy). */
  dotted: boolean;
  /**
   * Whether nearly all of the sample has the asked format's shape but names days that do not exist
   * (`2/30/2011`): bad values rather than a wrong format (then `formats` is empty).
   */
  impossible: boolean;
}

/** The epoch day `format` reads from `text`: NaN for another shape, +Infinity for a day that does not exist. */
function dayOf(text: string, format: DateFormat): number {
  const bytes = utf8Bytes(text);
  return format === "iso" ? parseIsoBytes(bytes, 0, bytes.length, UTC) : parseDayBytes(bytes, 0, bytes.length, format);
}

/** Whether `format` reads `text` as a real day. */
export function readsDate(text: string, format: DateFormat): boolean {
  return Number.isFinite(dayOf(text, format));
}

const UTC = dayConverter("crm-analytics", undefined);

/**
 * Tries the formats other than `asked` on `samples` (date fields `asked` could not read) and returns
 * those that read nearly all of them; null for an empty sample.
 */
export function guessDateFormat(samples: readonly string[], asked: DateFormat): DateFormatGuess | null {
  if (samples.length === 0) return null;
  const reads = new Map<DateFormat, boolean[]>();
  for (const format of FORMATS) if (format !== asked) reads.set(format, samples.map((s) => readsDate(s, format)));
  const formats = [...reads].filter(([, ok]) => ok.filter(Boolean).length >= GUESS_SHARE * samples.length).map(([f]) => f);
  let example = samples[0];
  if (formats.length > 0) {
    const first = reads.get(formats[0])!;
    const others = [...reads].filter(([f]) => f !== formats[0]).map(([, ok]) => ok);
    const telling = samples.findIndex((_s, i) => first[i] && others.every((ok) => !ok[i]));
    example = samples[telling >= 0 ? telling : Math.max(0, first.indexOf(true))];
  }
  const dotted = formats.includes("mdy") && formats.includes("dmy") && /^\s*\d{1,2}\.\d{1,2}\.\d{4}/.test(example);
  const impossible = formats.length === 0 && samples.filter((s) => dayOf(s, asked) === DATE_IMPOSSIBLE).length >= GUESS_SHARE * samples.length;
  return { formats, example, dotted, impossible };
}
