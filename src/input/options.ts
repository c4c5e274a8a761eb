import { z } from "zod";
import { AnalyticsInputError, describeValue, inputIssue } from "../errors.js";
import { dateInputSchema, defineOptions, fieldAccessorSchema as accessor, type OptionsSchema } from "../options.js";
import {
  dateProblem,
  dayConverter,
  DEFAULT_DATE_BOUNDS,
  instantToEpochDay,
  isoDateFromDays,
  parseDateString,
  PLAUSIBLE_FROM_DAY,
  PLAUSIBLE_TO_DAY,
  toEpochDay,
  DATE_IMPOSSIBLE,
  type DateBounds,
  type DayConverter,
} from "./dates.js";
import { thrownMessage } from "./readRecords.js";
import type { DateInput, DateRange, TransactionFields, TransactionReadOptions } from "./types.js";


/**
 * The type of the options schema of a function that reads transactions: {@link OptionsSchema} with
 * `asOf` optional, because a missing or unreadable `asOf` is reported by the reader as data
 * (`invalid_as_of`), not by the schema.
 */
export type TransactionOptionsSchema<T extends { asOf: DateInput }> = OptionsSchema<Omit<T, "asOf"> & { asOf?: DateInput }>;

/** zod schema of a field mapping ({@link TransactionFields}), for callers who validate configuration. */
export const transactionFieldsSchema: OptionsSchema<TransactionFields> = defineOptions<TransactionFields>()({
  customerId: accessor,
  date: accessor,
  amount: accessor,
  orderId: accessor.optional(),
});

/** zod schema of {@link DateRange}. */
const dateRangeSchema: z.ZodType<DateRange> = z.strictObject({ from: dateInputSchema.optional(), to: dateInputSchema.optional() });

/**
 * zod schema of the options every transaction reader takes ({@link TransactionReadOptions}). `asOf` is
 * checked by the reader, not here: a missing or unreadable `asOf` is a data error (`invalid_as_of`).
 */
export const transactionReadOptionsSchema: TransactionOptionsSchema<TransactionReadOptions> = defineOptions<TransactionReadOptions>()({
  asOf: z.custom<DateInput>(() => true).optional(),
  timeZone: z.string().optional(),
  fields: transactionFieldsSchema.optional(),
  refunds: z.enum(["net", "exclude", "error"]).optional(),
  afterAsOf: z.enum(["error", "ignore"]).optional(),
  onInvalid: z.enum(["throw", "skip", "collect"]).optional(),
  numericStrings: z.enum(["reject", "parse"]).optional(),
  dateRange: dateRangeSchema.optional(),
  normalizeIds: z.enum(["NFC", "NFD"]).optional(),
  maxIssues: z.number().int().min(1).optional(),
});

/**
 * Reads `dateRange` into epoch days: the default plausible range 1900-01-01 .. 2199-12-31 when it is
 * not given, each end replaced by the one given.
 * @throws {RangeError} `${fn}: options.dateRange...` for an unreadable end or `from` after `to`.
 */
export function readDateBounds(fn: string, range: DateRange | undefined, conv: DayConverter): DateBounds {
  if (range === undefined) return DEFAULT_DATE_BOUNDS;
  const end = (key: "from" | "to", fallback: number): number => {
    const value = range[key];
    if (value === undefined) return fallback;
    const day = toEpochDay(value, conv);
    if (day === DATE_IMPOSSIBLE) throw new RangeError(`${fn}: options.dateRange.${key}: expected a real calendar date, got ${describeValue(value)}`);
    if (!Number.isFinite(day)) {
      throw new RangeError(`${fn}: options.dateRange.${key}: expected an ISO date (YYYY-MM-DD), a Date or epoch milliseconds, got ${describeValue(value)}`);
    }
    return day;
  };
  const from = end("from", PLAUSIBLE_FROM_DAY);
  const to = end("to", PLAUSIBLE_TO_DAY);
  if (from > to) throw new RangeError(`${fn}: options.dateRange: from ${isoDateFromDays(from)} is after to ${isoDateFromDays(to)}`);
  return { from, to, explicit: true };
}

/**
 * Reads `asOf` into an epoch day; a missing or unreadable `asOf` is a data error (`invalid_as_of`), one
 * outside the date bounds `implausible_date`.
 */
export function readAsOf(fn: string, asOf: unknown, conv: DayConverter, bounds: DateBounds = DEFAULT_DATE_BOUNDS): number {
  const fail = (why: string, code: "invalid_as_of" | "implausible_date" = "invalid_as_of"): never => {
    throw new AnalyticsInputError(fn, [inputIssue(code, ["options", "asOf"], why)]);
  };
  if (asOf === undefined || asOf === null) {
    return fail("is required (the analysis date, e.g. \"2024-12-31\"); it is never taken from the clock");
  }
  let day: number;
  let problem: ReturnType<typeof dateProblem>;
  try {
    day = typeof asOf === "string" ? parseDateString(asOf, conv) : instantToEpochDay(asOf, conv, bounds);
    if (day >= bounds.from && day <= bounds.to) return day;
    problem = dateProblem(asOf, day, bounds, "ms");
  } catch (error) {
    // a Proxy or an object with throwing accessors given as asOf
    return fail(`reading asOf threw: ${thrownMessage(error)}`);
  }
  if (problem.code === "implausible_date") return fail(problem.message, "implausible_date");
  if (day === DATE_IMPOSSIBLE) return fail(`expected a real calendar date, got ${describeValue(asOf)}`);
  return fail(`expected an ISO date (YYYY-MM-DD), a Date or epoch milliseconds, got ${describeValue(asOf)}`);
}

/** Common reader setup: zone converter, date bounds and as-of day. */
export function readTimeBasis(
  fn: string,
  asOf: unknown,
  timeZone: string | undefined,
  dateRange?: DateRange,
): { conv: DayConverter; bounds: DateBounds; asOfDay: number; asOfIso: string } {
  const conv = dayConverter(fn, timeZone);
  const bounds = readDateBounds(fn, dateRange, conv);
  const asOfDay = readAsOf(fn, asOf, conv, bounds);
  return { conv, bounds, asOfDay, asOfIso: isoDateFromDays(asOfDay) };
}
