import type { InputIssueCode } from "../errors.js";

/** Exit codes of the command line (documented in docs/cli.md). */
export const EXIT = Object.freeze({
  ok: 0,
  /** Bad data: a row that cannot be read or used, a malformed CSV file, an unreadable file. */
  data: 1,
  /** Bad command line: unknown command or option, missing `--as-of`, a column the header lacks. */
  usage: 2,
  /** A bug: anything else (please report it). */
  internal: 3,
});

/** A command-line mistake: exit code 2, one line on stderr. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/**
 * A problem in the data: exit code 1, one line on stderr (`data.csv:1045: amount: …`). `code` is the
 * library's issue code when the problem has one (`invalid_encoding`, `duplicate_header`).
 */
export class DataError extends Error {
  override readonly name = "DataError";
  constructor(
    message: string,
    readonly code?: InputIssueCode,
  ) {
    super(message);
  }
}
