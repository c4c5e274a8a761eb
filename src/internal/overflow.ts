import { AnalyticsInputError, inputIssue, type IssuePath } from "../errors.js";

/**
 * Where a number that overflowed came from, for the `overflow` issue: the path in the caller's
 * argument (`["records", 3, "monetary"]`, `["input"]`) and the customer, when one is concerned.
 */
export interface OverflowSite {
  path?: IssuePath;
  customerId?: string;
}

/**
 * The `AnalyticsInputError` (code `overflow`) of function `fn` for a quantity that is not a finite
 * number: `what` names it in words ("the sum of the amounts"), `value` is what came out.
 */
export function overflowError(fn: string, what: string, value: number, site: OverflowSite = {}): AnalyticsInputError {
  const got = Number.isNaN(value) ? "not a number" : value > 0 ? "above 1.8e308" : "below -1.8e308";
  return new AnalyticsInputError(fn, [inputIssue("overflow", site.path ?? ["input"], `${what} is ${got}, beyond the range of a double`, site.customerId)]);
}

/**
 * `value` when it is a finite number, else throws {@link overflowError}. The one check of every
 * intermediate sum, mean, threshold or share that comes from the caller's data.
 */
export function checkFinite(fn: string, value: number, what: string, site?: OverflowSite): number {
  if (value - value === 0) return value;
  throw overflowError(fn, what, value, site);
}
