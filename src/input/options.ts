import { z } from "zod";
import { AnalyticsInputError, describeValue, inputIssue } from "../errors.js";
import { defineOptions, fieldAccessorSchema as accessor, type OptionsSchema } from "../options.js";
import { dayConverter, type DayConverter, toEpochDay, DATE_IMPOSSIBLE, isoDateFromDays } from "./dates.js";
import type { DateInput, TransactionFields, TransactionReadOptions } from "./types.js";


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
  maxIssues: z.number().int().min(1).optional(),
});

/** Reads `asOf` into an epoch day; a missing or unreadable `asOf` is a data error (`invalid_as_of`). */
export function readAsOf(fn: string, asOf: unknown, conv: DayConverter): number {
  const fail = (why: string): never => {
    throw new AnalyticsInputError(fn, [inputIssue("invalid_as_of", ["options", "asOf"], why)]);
  };
  if (asOf === undefined || asOf === null) {
    return fail("is required (the analysis date, e.g. \"2024-12-31\"); it is never taken from the clock");
  }
  const day = toEpochDay(asOf, conv);
  if (day === DATE_IMPOSSIBLE) return fail(`expected a real calendar date, got ${describeValue(asOf)}`);
  if (!Number.isFinite(day)) {
    return fail(`expected an ISO date (YYYY-MM-DD), a Date or epoch milliseconds, got ${describeValue(asOf)}`);
  }
  return day;
}

/** Common reader setup: zone converter and as-of day. */
export function readTimeBasis(fn: string, asOf: unknown, timeZone: string | undefined): { conv: DayConverter; asOfDay: number; asOfIso: string } {
  const conv = dayConverter(fn, timeZone);
  const asOfDay = readAsOf(fn, asOf, conv);
  return { conv, asOfDay, asOfIso: isoDateFromDays(asOfDay) };
}
