import { z } from "zod";
import { AnalyticsInputError, describeValue } from "../errors.js";
import { dayConverter, type DayConverter, toEpochDay, DATE_IMPOSSIBLE, isoDateFromDays } from "./dates.js";
import type { TransactionFields, TransactionReadOptions } from "./types.js";

const accessor = z.union([z.string().min(1), z.function()]);

/** The zod object behind {@link transactionFieldsObject} (internal: `.extend`, `.shape`). */
export const transactionFieldsObject = z
  .object({
    customerId: accessor,
    date: accessor,
    amount: accessor,
    orderId: accessor.optional(),
  })
  .strict();

/** A date option: ISO string, `Date` or epoch milliseconds (checked further by the reader). */
export const dateInputSchema = z.union([z.string(), z.date(), z.number()]);

/** The zod object behind {@link transactionReadOptionsObject} (internal: `.extend`, `.shape`). */
export const transactionReadOptionsObject = z
  .object({
    asOf: z.unknown().optional(),
    timeZone: z.string().optional(),
    fields: transactionFieldsObject.optional(),
    refunds: z.enum(["net", "exclude", "error"]).optional(),
    afterAsOf: z.enum(["error", "ignore"]).optional(),
    onInvalid: z.enum(["throw", "skip", "collect"]).optional(),
    numericStrings: z.enum(["reject", "parse"]).optional(),
    maxIssues: z.number().int().min(1).optional(),
  })
  .strict();

/**
 * Validates an options object with a zod schema; bad options become `TypeError` (wrong type, unknown
 * key) or `RangeError` (value out of range or not among the allowed ones), prefixed with `fn`.
 */
export function parseOptions<S extends z.ZodType>(fn: string, schema: S, options: unknown): z.output<S> {
  if (options === undefined || options === null || typeof options !== "object") {
    throw new TypeError(`${fn}: options must be an object, got ${describeValue(options)}`);
  }
  const result = schema.safeParse(options);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = ["options", ...issue.path.map(String)].join(".");
  const rangeLike = issue.code === "too_small" || issue.code === "too_big" || issue.code === "invalid_value";
  const received = issue.path.reduce<unknown>((v, k) => (v == null ? v : (v as Record<PropertyKey, unknown>)[k as PropertyKey]), options);
  const message = `${fn}: ${path}: ${issue.message}, got ${describeValue(received)}`;
  throw rangeLike ? new RangeError(message) : new TypeError(message);
}

/** Reads `asOf` into an epoch day; a missing or unreadable `asOf` is a data error (`invalid_as_of`). */
export function readAsOf(fn: string, asOf: unknown, conv: DayConverter): number {
  const fail = (why: string): never => {
    throw new AnalyticsInputError(fn, [{ path: "options.asOf", code: "invalid_as_of", message: `options.asOf: ${why}` }]);
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

/** zod schema of a field mapping (`TransactionFields`), exported for callers who validate config. */
export const transactionFieldsSchema: z.ZodType<TransactionFields> = transactionFieldsObject as unknown as z.ZodType<TransactionFields>;

/** zod schema of the options every transaction reader takes (`TransactionReadOptions`). */
export const transactionReadOptionsSchema: z.ZodType<TransactionReadOptions> = transactionReadOptionsObject as unknown as z.ZodType<TransactionReadOptions>;
