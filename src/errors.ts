/**
 * Stable codes of the problems {@link AnalyticsInputError} reports. Codes are part of the public API:
 * they never change meaning, new ones may be added.
 *
 * - `empty_input`: no rows (or no customers) to analyse.
 * - `missing_field`: the field mapping names a column the rows do not have.
 * - `missing_customer_id`: a row's customer id is absent, empty or not a string/number.
 * - `invalid_date`: a date that cannot be read or does not exist (`2023-02-30`).
 * - `date_after_as_of`: a purchase dated after `asOf` (swapped day/month, wrong as-of date).
 * - `invalid_amount`: an amount that is not a finite number (NaN, ±Infinity, `"12,5"`).
 * - `numeric_string`: an amount given as a numeric string while `numericStrings` is `"reject"`.
 * - `negative_amount`: a negative amount while `refunds` is `"error"`.
 * - `invalid_order_id`: an order id that is present but empty or not a string/number.
 * - `invalid_as_of`: `asOf` missing, unreadable or not a real date.
 * - `invalid_value`: a customer-level value (recencyDays, frequency, monetary, a score) that is not
 *   usable (not finite, negative where it cannot be).
 * - `duplicate_customer`: the same customer id twice in customer-level data.
 * - `invalid_row`: a row that is not an object.
 * - `length_mismatch`: columns of different lengths.
 * - `degenerate_data`: data an analysis cannot split (computed ABC on one item or all-equal values,
 *   value shares of a total that is not positive).
 * - `unreadable_field`: reading a field threw (an accessor function or a getter raised an error).
 * - `implausible_date`: a date before 1900-01-01 or after 2199-12-31 (epoch seconds read as
 *   milliseconds, a sentinel such as `0001-01-01`); allow such dates with `dateRange`.
 * - `overflow`: a sum, mean or threshold of the data is not a finite number (amounts near 1e308).
 * - `unsafe_customer_id`: a numeric customer id beyond ±2^53, where different ids become one number.
 * - `inconsistent_fields`: a row has a field the mapping left out because the first row lacked it.
 * - `fit_not_converged`: a model fit that did not converge was given where a converged one is required.
 * - `invalid_encoding`: text that is not valid in the declared encoding (invalid UTF-8 bytes).
 * - `duplicate_header`: a file header that names one column twice, where the mapping uses that name.
 */
export type InputIssueCode =
  | "empty_input"
  | "missing_field"
  | "missing_customer_id"
  | "invalid_date"
  | "date_after_as_of"
  | "invalid_amount"
  | "numeric_string"
  | "negative_amount"
  | "invalid_order_id"
  | "invalid_as_of"
  | "invalid_value"
  | "duplicate_customer"
  | "invalid_row"
  | "length_mismatch"
  | "degenerate_data"
  | "unreadable_field"
  | "implausible_date"
  | "overflow"
  | "unsafe_customer_id"
  | "inconsistent_fields"
  | "fit_not_converged"
  | "invalid_encoding"
  | "duplicate_header";

/**
 * Where an issue is: property names and indexes from the argument down, e.g.
 * `["rows", 1043, "amount"]`, `["records", 3, "T"]`, `["options", "asOf"]`, `["columns", "date", 7]`.
 */
export type IssuePath = readonly (string | number)[];

/**
 * One problem in the caller's data. Issues are data: `path`, `row`, `field` and `customerId` say where,
 * `code` says what kind, and `message` says what is wrong without repeating where; format an issue for
 * people with {@link formatInputIssue}.
 */
export interface InputIssue {
  /** Stable machine-readable kind. */
  readonly code: InputIssueCode;
  /** Where the problem is, from the argument down: `["rows", 1043, "amount"]`. */
  readonly path: IssuePath;
  /** What is wrong, without the path: `expected a finite number, got "12,5"`. */
  readonly message: string;
  /** Index of the row or record in the input (0-based), when the issue is about one. */
  readonly row?: number;
  /** The field as the caller names it (the mapped key, or the option name of an accessor). */
  readonly field?: string;
  /** The customer the issue is about, when known. */
  readonly customerId?: string;
}

/**
 * The one error class for bad data. `code` is the code of the first issue; `issues` lists every
 * problem found (capped by the function that throws, see its `maxIssues`), each naming row and field.
 *
 * @example
 * try {
 *   summarizeTransactions([{ id: "a", day: "2023-02-30", amount: 5 }], {
 *     asOf: "2023-12-31",
 *     fields: { customerId: "id", date: "day", amount: "amount" },
 *   });
 * } catch (error) {
 *   if (isAnalyticsInputError(error)) console.log(error.issues[0].path);
 *   //=> ["rows", 0, "day"]
 *   if (isAnalyticsInputError(error)) console.log(error.issues[0].message);
 *   //=> 'expected a real calendar date, got "2023-02-30"'
 * }
 */
export class AnalyticsInputError extends Error {
  override readonly name = "AnalyticsInputError";
  /** Code of the first issue. */
  readonly code: InputIssueCode;
  /** Every issue found, in row order. */
  readonly issues: readonly InputIssue[];

  constructor(functionName: string, issues: readonly InputIssue[], totalIssues = issues.length) {
    if (issues.length === 0) throw new TypeError("AnalyticsInputError: issues must not be empty");
    const more = totalIssues > issues.length ? ` (and ${totalIssues - issues.length} more)` : "";
    const head = issues
      .slice(0, 3)
      .map(formatInputIssue)
      .join("; ");
    const rest = issues.length > 3 ? `; +${issues.length - 3} more listed in .issues` : "";
    super(`${functionName}: ${head}${rest}${more}`);
    this.code = issues[0].code;
    this.issues = Object.freeze(issues.slice());
  }
}

/**
 * Type guard for {@link AnalyticsInputError}; works across bundle copies by checking the shape, not
 * only `instanceof`.
 *
 * @example
 * isAnalyticsInputError(new Error("x")); //=> false
 */
export function isAnalyticsInputError(error: unknown): error is AnalyticsInputError {
  if (error instanceof AnalyticsInputError) return true;
  return (
    typeof error === "object" &&
    error !== null &&
    (error as { name?: unknown }).name === "AnalyticsInputError" &&
    Array.isArray((error as { issues?: unknown }).issues)
  );
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * Writes an issue path the way code reads it: `["rows", 1043, "amount"]` → `rows[1043].amount`.
 *
 * @example
 * formatIssuePath(["records", 3, "monetary"]); //=> 'records[3].monetary'
 * formatIssuePath(["rows", 0, "unit price"]); //=> 'rows[0]["unit price"]'
 */
export function formatIssuePath(path: IssuePath): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else if (!IDENTIFIER.test(part)) out += `[${JSON.stringify(part)}]`;
    else out += out === "" ? part : `.${part}`;
  }
  return out;
}

/**
 * One issue as one line for people: the path, the message, and the customer when the path does not
 * already say it.
 *
 * @example
 * formatInputIssue({ code: "invalid_value", path: ["records", 2, "T"], message: "expected a finite number > 0, got 0", row: 2, field: "T", customerId: "c7" });
 * //=> 'records[2].T: expected a finite number > 0, got 0 (customer "c7")'
 */
export function formatInputIssue(issue: InputIssue): string {
  const where = formatIssuePath(issue.path);
  const who = issue.customerId === undefined ? "" : ` (customer ${JSON.stringify(issue.customerId)})`;
  return `${where === "" ? "" : `${where}: `}${issue.message}${who}`;
}

/**
 * Formats issues one per line with {@link formatInputIssue}, for logs and command-line output.
 *
 * @example
 * formatInputIssues([{ code: "invalid_amount", path: ["rows", 0, "amount"], message: "expected a finite number, got NaN" }]);
 * //=> 'rows[0].amount: expected a finite number, got NaN'
 */
export function formatInputIssues(issues: readonly InputIssue[]): string {
  return issues.map(formatInputIssue).join("\n");
}

/**
 * Builds an issue, reading `row` and `field` off the path: the row is the last index (`["rows", 3,
 * "amount"]`, `["parts", 1, "customers", 5, "frequency"]`) and the field the name after it; columns
 * name the field first (`["columns", "date", 7]`); `["fields", name]` names a field; options neither.
 * @internal
 */
export function inputIssue(code: InputIssueCode, path: IssuePath, message: string, customerId?: string): InputIssue {
  let row: number | undefined;
  let field: string | undefined;
  if (path[0] === "columns") {
    if (typeof path[1] === "string") field = path[1];
    if (typeof path[2] === "number") row = path[2];
  } else if (path[0] === "fields") {
    if (typeof path[1] === "string") field = path[1];
  } else if (path[0] !== "options") {
    let last = -1;
    for (let j = path.length - 1; j >= 0; j--) {
      if (typeof path[j] === "number") {
        last = j;
        break;
      }
    }
    if (last >= 0) {
      row = path[last] as number;
      if (typeof path[last + 1] === "string") field = path[last + 1] as string;
    }
  }
  const issue: { -readonly [K in keyof InputIssue]: InputIssue[K] } = { code, path: Object.freeze(path.slice()), message };
  if (row !== undefined) issue.row = row;
  if (field !== undefined) issue.field = field;
  if (customerId !== undefined) issue.customerId = customerId;
  return issue;
}

/** Short, safe rendering of a bad value for messages. */
export function describeValue(value: unknown): string {
  if (typeof value === "string") {
    const s = value.length > 40 ? `${value.slice(0, 37)}...` : value;
    return JSON.stringify(s);
  }
  if (typeof value === "number") return Number.isNaN(value) ? "NaN" : String(value);
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "Invalid Date" : value.toISOString();
  if (typeof value === "bigint") return `${value}n`;
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : typeof value;
}
