/**
 * Calendar-day arithmetic on integer "epoch days" (days since 1970-01-01, proleptic Gregorian).
 * Nothing here reads the clock or the machine's time zone: instants are turned into calendar days
 * in UTC, or in an explicit IANA zone through `Intl.DateTimeFormat`.
 */

import { describeValue } from "../errors.js";

const MS_PER_DAY = 86_400_000;
/** Result of {@link parseDateString} for text that is not an ISO date. */
export const DATE_UNREADABLE = Number.NaN;
/** Result of {@link parseDateString} for an ISO date that does not exist (2023-02-30). */
export const DATE_IMPOSSIBLE = Number.POSITIVE_INFINITY;

/** Epoch day of a proleptic-Gregorian civil date (H. Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = month > 2 ? month - 3 : month + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function pad(n: number, width: number): string {
  const s = String(Math.abs(n));
  return (n < 0 ? "-" : "") + (s.length >= width ? s : "0".repeat(width - s.length) + s);
}

/** Year, month (1–12) and day of an epoch day (H. Hinnant's civil_from_days). */
export function civilFromDays(days: number): [number, number, number] {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

/** ISO `YYYY-MM-DD` of an epoch day. */
export function isoDateFromDays(days: number): string {
  const [y, m, d] = civilFromDays(days);
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

/** Days in a month of the proleptic Gregorian calendar (month 1..12). */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Converts instants to calendar days in one zone; offsets are cached per 15-minute block. */
export interface DayConverter {
  readonly timeZone: string | undefined;
  /** Calendar day (epoch day) of an instant given in epoch milliseconds. */
  dayOfInstant(ms: number): number;
}

const UTC_CONVERTER: DayConverter = {
  timeZone: undefined,
  // a fraction of a millisecond is cut like any other part of the day (floor), never rounded up
  dayOfInstant: (ms) => Math.floor(ms / MS_PER_DAY),
};

const BLOCK_MS = 900_000;

/**
 * A converter for `timeZone` (IANA name) or UTC when it is undefined.
 * @throws {RangeError} `${fn}: timeZone ...` when the zone is unknown to this runtime's Intl.
 */
export function dayConverter(fn: string, timeZone: string | undefined): DayConverter {
  if (timeZone === undefined || timeZone === "UTC" || timeZone === "Etc/UTC") return UTC_CONVERTER;
  const want = `${fn}: timeZone must be an IANA time zone name such as "Europe/Berlin", got ${describeValue(timeZone)}`;
  if (typeof timeZone !== "string") throw new TypeError(want);
  if (timeZone.length === 0) throw new RangeError(want);
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
      era: "short",
    });
  } catch {
    throw new RangeError(want);
  }
  const offsetAt = (ms: number): number => {
    const parts = format.formatToParts(new Date(ms));
    let y = 0;
    let mo = 0;
    let d = 0;
    let h = 0;
    let mi = 0;
    let s = 0;
    let bc = false;
    for (const p of parts) {
      switch (p.type) {
        case "year":
          y = Number(p.value);
          break;
        case "month":
          mo = Number(p.value);
          break;
        case "day":
          d = Number(p.value);
          break;
        case "hour":
          h = Number(p.value);
          break;
        case "minute":
          mi = Number(p.value);
          break;
        case "second":
          s = Number(p.value);
          break;
        case "era":
          bc = p.value === "BC" || p.value === "B";
          break;
      }
    }
    if (bc) y = 1 - y;
    const wall = daysFromCivil(y, mo, d) * MS_PER_DAY + h * 3_600_000 + mi * 60_000 + s * 1000;
    const whole = Math.floor(ms / 1000) * 1000;
    return wall - whole;
  };
  const cache = new Map<number, number>();
  return {
    timeZone,
    dayOfInstant(instant: number): number {
      const ms = Math.floor(instant); // sub-millisecond digits cut: Intl sees the same millisecond
      const block = Math.floor(ms / BLOCK_MS);
      let offset = cache.get(block);
      if (offset === undefined) {
        const start = offsetAt(block * BLOCK_MS);
        const end = offsetAt(block * BLOCK_MS + BLOCK_MS - 1);
        // A transition inside the block (only historical odd offsets do this): no caching.
        if (start !== end) return Math.floor((ms + offsetAt(ms)) / MS_PER_DAY);
        offset = start;
        cache.set(block, offset);
      }
      return Math.floor((ms + offset) / MS_PER_DAY);
    },
  };
}

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1000;
}

function twoDigits(s: string, i: number): number {
  return digit(s, i) * 10 + digit(s, i + 1);
}

/**
 * Reads an ISO 8601 calendar date or date-time string into an epoch day.
 *
 * - `YYYY-MM-DD`: that calendar day.
 * - `YYYY-MM-DDTHH:MM[:SS[.fff]]` (also with a space for `T`) without an offset: a wall-clock time,
 *   read in UTC or in the converter's zone, so its calendar day is its date part.
 * - With `Z` or `±HH:MM` / `±HHMM` / `±HH`: an instant, converted to the converter's zone (UTC by default).
 *
 * Returns {@link DATE_UNREADABLE} (NaN) for text of another shape and {@link DATE_IMPOSSIBLE}
 * (+Infinity) for dates or times that do not exist.
 */
export function parseDateString(s: string, conv: DayConverter): number {
  const len = s.length;
  if (len < 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return DATE_UNREADABLE;
  const year = digit(s, 0) * 1000 + digit(s, 1) * 100 + twoDigits(s, 2);
  const month = twoDigits(s, 5);
  const day = twoDigits(s, 8);
  if (year < 0 || month < 0 || day < 0) return DATE_UNREADABLE;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return DATE_IMPOSSIBLE;
  const dayNumber = daysFromCivil(year, month, day);
  if (len === 10) return dayNumber;
  const sep = s.charCodeAt(10);
  if ((sep !== 84 && sep !== 32) || len < 16 || s.charCodeAt(13) !== 58) return DATE_UNREADABLE;
  const hour = twoDigits(s, 11);
  const minute = twoDigits(s, 14);
  let second = 0;
  let millis = 0;
  let i = 16;
  if (i < len && s.charCodeAt(i) === 58) {
    if (len < 19) return DATE_UNREADABLE;
    second = twoDigits(s, 17);
    i = 19;
    if (i < len && s.charCodeAt(i) === 46) {
      i++;
      const start = i;
      // whole milliseconds only: digits beyond the third are cut, never rounded, so an instant is
      // never pushed into the next second (or day)
      while (i < len && digit(s, i) >= 0) {
        if (i - start < 3) millis = millis * 10 + digit(s, i);
        i++;
      }
      if (i === start) return DATE_UNREADABLE;
      for (let k = i - start; k < 3; k++) millis *= 10;
    }
  }
  if (hour < 0 || minute < 0 || second < 0) return DATE_UNREADABLE;
  if (hour > 23 || minute > 59 || second > 59) return DATE_IMPOSSIBLE;
  if (i === len) return dayNumber; // wall-clock time without offset: its date part
  const z = s.charCodeAt(i);
  let offsetMinutes: number;
  if (z === 90 && i + 1 === len) {
    offsetMinutes = 0;
  } else if (z === 43 || z === 45) {
    const rest = len - i - 1;
    let oh: number;
    let om = 0;
    if (rest === 2) oh = twoDigits(s, i + 1);
    else if (rest === 4) {
      oh = twoDigits(s, i + 1);
      om = twoDigits(s, i + 3);
    } else if (rest === 5 && s.charCodeAt(i + 3) === 58) {
      oh = twoDigits(s, i + 1);
      om = twoDigits(s, i + 4);
    } else return DATE_UNREADABLE;
    if (oh < 0 || om < 0) return DATE_UNREADABLE;
    if (oh > 23 || om > 59) return DATE_IMPOSSIBLE;
    offsetMinutes = (z === 45 ? -1 : 1) * (oh * 60 + om);
  } else return DATE_UNREADABLE;
  const ms = dayNumber * MS_PER_DAY + hour * 3_600_000 + minute * 60_000 + second * 1000 + millis - offsetMinutes * 60_000;
  return conv.dayOfInstant(ms);
}

/** What a date may be given as: ISO string, `Date`, or epoch milliseconds. */
export type DateInput = string | Date | number;

/**
 * Reads one date value (ISO string, `Date`, epoch-ms number) into an epoch day; NaN when unreadable,
 * +Infinity when impossible.
 */
export function toEpochDay(value: unknown, conv: DayConverter): number {
  if (typeof value === "string") return parseDateString(value, conv);
  if (typeof value === "number") {
    return Number.isFinite(value) && Math.abs(value) <= 8.64e15 ? conv.dayOfInstant(value) : DATE_UNREADABLE;
  }
  if (value instanceof Date) {
    const ms = value.getTime();
    return Number.isNaN(ms) ? DATE_UNREADABLE : conv.dayOfInstant(ms);
  }
  return DATE_UNREADABLE;
}

/** Result of reading a date given as a number or `Date` that looks like another unit (see {@link DateBounds}). */
export const DATE_IMPLAUSIBLE: number = Number.NEGATIVE_INFINITY;

/** First day of the default plausible range, 1900-01-01, as an epoch day. */
export const PLAUSIBLE_FROM_DAY: number = daysFromCivil(1900, 1, 1);
/** Last day of the default plausible range, 2199-12-31, as an epoch day. */
export const PLAUSIBLE_TO_DAY: number = daysFromCivil(2199, 12, 31);

/**
 * The days a reader accepts (epoch days, both ends included). With the default range
 * (`explicit: false`) dates given as numbers or `Date`s within {@link NEAR_EPOCH_MS} of 1970-01-01
 * are implausible too: that is where epoch seconds or days read as milliseconds land.
 */
export interface DateBounds {
  readonly from: number;
  readonly to: number;
  readonly explicit: boolean;
}

/** The default bounds: 1900-01-01 .. 2199-12-31. */
export const DEFAULT_DATE_BOUNDS: DateBounds = { from: PLAUSIBLE_FROM_DAY, to: PLAUSIBLE_TO_DAY, explicit: false };

/**
 * Epoch milliseconds closer than this to 0 (about 115 days around 1970-01-01) are taken for another
 * unit: epoch seconds of 1900..2199 stay within ±7.3e9.
 */
export const NEAR_EPOCH_MS: number = 1e10;

const MAX_MS = 8.64e15;

/** Epoch milliseconds of a number or a valid `Date`, NaN otherwise. */
function instantMs(raw: unknown): number {
  if (typeof raw === "number") return raw;
  if (raw instanceof Date) return raw.getTime();
  return Number.NaN;
}

/**
 * Reads a date that is not text (a `Date`, epoch milliseconds): {@link toEpochDay}, or
 * {@link DATE_IMPLAUSIBLE} when it lies so close to 1970-01-01 that it is probably another unit
 * (only with the default bounds).
 */
export function instantToEpochDay(raw: unknown, conv: DayConverter, bounds: DateBounds): number {
  const day = toEpochDay(raw, conv);
  if (!bounds.explicit && Number.isFinite(day) && Math.abs(instantMs(raw)) < NEAR_EPOCH_MS) return DATE_IMPLAUSIBLE;
  return day;
}

const UNITS: readonly (readonly [string, number])[] = [
  ["epoch seconds", 1000],
  ["epoch milliseconds", 1],
  ["epoch days", MS_PER_DAY],
  ["epoch microseconds", 1e-3],
  ["epoch nanoseconds", 1e-6],
];

/** `it looks like epoch seconds (2024-01-05)` when reading `value` in another unit gives a date in bounds. */
function unitHint(value: number, unitMs: number, bounds: DateBounds): string {
  for (const [name, ms] of UNITS) {
    if (ms === unitMs) continue;
    const instant = value * ms;
    if (!(Math.abs(instant) <= MAX_MS) || (!bounds.explicit && Math.abs(instant) < NEAR_EPOCH_MS)) continue;
    const day = Math.floor(instant / MS_PER_DAY);
    if (day >= bounds.from && day <= bounds.to) return `; it looks like ${name} (${isoDateFromDays(day)})`;
  }
  return "";
}

/**
 * What is wrong with a date a reader could not accept: `raw` as given, `day` as read
 * ({@link toEpochDay}, {@link instantToEpochDay}, or the value of an epoch-day column with
 * `unit: "days"`). `invalid_date` for text of another shape and dates that do not exist,
 * `implausible_date` (with a hint about units when another unit fits) for dates outside the bounds.
 */
export function dateProblem(raw: unknown, day: number, bounds: DateBounds, unit: "ms" | "days"): { code: "invalid_date" | "implausible_date"; message: string } {
  if (day === DATE_IMPOSSIBLE) return { code: "invalid_date", message: `expected a real calendar date, got ${describeValue(raw)}` };
  const range = `${isoDateFromDays(bounds.from)}..${isoDateFromDays(bounds.to)}`;
  const allow = "; options.dateRange allows other dates";
  const ms = unit === "days" ? Number.NaN : instantMs(raw);
  if (Number.isNaN(day)) {
    if (typeof raw !== "number" || !Number.isFinite(raw)) {
      return { code: "invalid_date", message: `expected an ISO date (YYYY-MM-DD or date-time), a Date or epoch milliseconds, got ${describeValue(raw)}` };
    }
    return { code: "implausible_date", message: `epoch milliseconds ${raw} are far outside ${range}${unitHint(raw, 1, bounds)}${allow}` };
  }
  if (day === DATE_IMPLAUSIBLE) {
    const hint = unitHint(ms, 1, bounds) || "; numbers and Dates are read as epoch milliseconds";
    return {
      code: "implausible_date",
      message: `epoch milliseconds ${ms} are ${isoDateFromDays(Math.floor(ms / MS_PER_DAY))}, within 115 days of 1970-01-01 where epoch seconds or days read as milliseconds land${hint}${allow}`,
    };
  }
  const source =
    unit === "days"
      ? ` (epoch day ${day}${unitHint(day, MS_PER_DAY, bounds)})`
      : typeof raw === "number"
        ? ` (epoch milliseconds ${raw}${unitHint(raw, 1, bounds)})`
        : typeof raw === "string" && raw.length > 10
          ? ` (from ${describeValue(raw)})`
          : "";
  const year = civilFromDays(day)[0];
  const placeholder = unit === "ms" && (year <= 1000 || year >= 9000) ? " (a placeholder such as 0001-01-01 or 9999-12-31?)" : "";
  return { code: "implausible_date", message: `date ${isoDateFromDays(day)}${source} is outside ${range}${placeholder}${allow}` };
}
