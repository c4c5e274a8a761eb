import { AnalyticsInputError } from "../../src/errors.js";

/** The AnalyticsInputError `run` throws; fails the test when it throws something else or nothing. */
export function inputErrorOf(run: () => unknown): AnalyticsInputError {
  try {
    run();
  } catch (error) {
    if (error instanceof AnalyticsInputError) return error;
    throw error;
  }
  throw new Error("expected an AnalyticsInputError");
}
