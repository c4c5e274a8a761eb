import type { InputIssue, InputIssueCode } from "../errors.js";
import type { DateInput } from "./dates.js";

export type { DateInput };

/** A field of a row: its key, or a function that reads it (`r => r.qty * r.price`). */
export type FieldAccessor<Row> = string | ((row: Row, index: number) => unknown);

/** Where the transaction fields are in the caller's records. */
export interface TransactionFields<Row = any> {
  /**
   * Customer id (non-empty string, or a finite number within ±2^53 compared as its decimal text; larger
   * numbers are `unsafe_customer_id`: give such ids as text).
   */
  customerId: FieldAccessor<Row>;
  /** Purchase date: ISO date/date-time string, `Date`, or epoch milliseconds. */
  date: FieldAccessor<Row>;
  /** Net amount in the caller's currency (finite number). */
  amount: FieldAccessor<Row>;
  /** Optional order/invoice id: when mapped, `frequency` counts distinct orders instead of rows. */
  orderId?: FieldAccessor<Row>;
}

/** Ids given as a dictionary: row `i` has id `dictionary[codes[i]]`. */
export interface DictionaryIds {
  codes: ArrayLike<number>;
  dictionary: readonly (string | number)[];
}

/**
 * Transactions as columns (one array per field, all the same length), for big data.
 * `date` as an `Int32Array` holds epoch days (days since 1970-01-01); any other array holds ISO strings,
 * `Date`s or epoch milliseconds.
 */
export interface TransactionColumns {
  customerId: ArrayLike<string | number> | DictionaryIds;
  date: Int32Array | ArrayLike<DateInput>;
  amount: Float64Array | ArrayLike<number>;
  orderId?: ArrayLike<string | number> | DictionaryIds;
}

/**
 * Customer-level records as columns (one array per field, all the same length), the fast lane for big
 * data: `{ customerId: string[], recencyDays: Float64Array, frequency: Float64Array, monetary: Float64Array }`.
 * Each field an analysis reads is a column of that name (field mappings name columns; accessors are
 * for records only). Customer ids may be a {@link DictionaryIds} column. What `summarizeTransactions`
 * and `scoreRfm` return with `output: "columns"` is such an object.
 */
export interface CustomerColumns {
  readonly [field: string]: ArrayLike<unknown> | DictionaryIds;
}

/** Either shape of customer-level input: records, or {@link CustomerColumns}. */
export type CustomerInput<Row = any> = Iterable<Row> | CustomerColumns;

/** Either shape of transaction input. */
export type TransactionInput<Row = any> = Iterable<Row> | TransactionColumns;

/** How rows with bad data are handled. */
export type OnInvalid = "throw" | "skip" | "collect";
/** How negative amounts (refunds, returns) are treated. */
export type RefundPolicy = "net" | "exclude" | "error";

/**
 * The dates a reader accepts, both ends included, as date inputs (ISO date, `Date` or epoch
 * milliseconds, read in the reader's `timeZone`). Without it the range is 1900-01-01 .. 2199-12-31, and
 * dates given as numbers or `Date`s within about 115 days of 1970-01-01 are refused too (epoch seconds
 * or days read as milliseconds land there). Giving `dateRange` (even `{}`) sets the range explicitly and
 * turns that unit check off; an end left out keeps its default.
 */
export interface DateRange {
  /** First accepted day (default 1900-01-01). */
  from?: DateInput;
  /** Last accepted day (default 2199-12-31). */
  to?: DateInput;
}

/** Options shared by every function that reads transactions. */
export interface TransactionReadOptions<Row = any> {
  /** The analysis date: recency and tenure are counted to this calendar day. Required. */
  asOf: DateInput;
  /** IANA zone in which instants become calendar days; UTC when omitted. */
  timeZone?: string;
  /** Field mapping for records; default `{ customerId: "customerId", date: "date", amount: "amount" }`. */
  fields?: TransactionFields<Row>;
  /**
   * Negative amounts: `"net"` (default) subtracts them from `monetary` but they are not purchases
   * (no order counted, dates unchanged); `"exclude"` drops them (counted in `meta.input`);
   * `"error"` reports them as `negative_amount`.
   */
  refunds?: RefundPolicy;
  /**
   * Rows dated after `asOf`: `"error"` (default, `date_after_as_of`) or `"ignore"` (dropped and counted in
   * `meta.input.ignoredAfterAsOf`). Such a row means a wrong `asOf` or day/month order, not a bad row:
   * it stays an error under every `onInvalid`, `"skip"` and `"collect"` included.
   */
  afterAsOf?: "error" | "ignore";
  /**
   * Bad rows: `"throw"` (default), `"skip"` (drop, count by code) or `"collect"` (drop, return issues).
   * Rows after `asOf` are not bad rows: see `afterAsOf`.
   */
  onInvalid?: OnInvalid;
  /**
   * Amounts given as text: `"reject"` (default, `numeric_string`) or `"parse"` (plain decimal text only;
   * text beyond the range of numbers, `"1e400"`, is `invalid_amount`).
   */
  numericStrings?: "reject" | "parse";
  /** Dates accepted (`implausible_date` outside); default 1900-01-01 .. 2199-12-31, see {@link DateRange}. */
  dateRange?: DateRange;
  /**
   * Unicode normal form applied to text customer and order ids before they are grouped: `"NFC"`
   * (composed, `"Mü"` as one code point, what most systems store) or `"NFD"` (decomposed). Without it ids
   * are compared code unit by code unit, so `"Müller"` typed on two systems can be two customers. The
   * ids in results are the normalised text.
   */
  normalizeIds?: "NFC" | "NFD";
  /** With `onInvalid: "throw"`, stop and throw after this many issues (default 20). */
  maxIssues?: number;
}

/** What reading the input did: rows read, kept and dropped, and why. */
export interface InputReport {
  rowsRead: number;
  rowsUsed: number;
  /** Rows dropped as invalid (`onInvalid` skip/collect); a row with several problems counts once. */
  invalidRows: number;
  /** Issues found, by code (a row with several problems counts under each). */
  invalidByCode: Partial<Record<InputIssueCode, number>>;
  /** Rows after `asOf` dropped by `afterAsOf: "ignore"` (never by `onInvalid`). */
  ignoredAfterAsOf: number;
  /** Negative-amount rows dropped by `refunds: "exclude"`. */
  excludedRefunds: number;
  /** With `onInvalid: "collect"`: every issue found. */
  issues?: InputIssue[];
}

/** What a result's `meta` says about how the transactions were read (every analysis of transactions). */
export interface TransactionReadMeta {
  /** The as-of date (ISO `YYYY-MM-DD`). */
  asOf: string;
  /** The zone dates were read in (`null`: UTC). */
  timeZone: string | null;
  /** How negative amounts were treated. */
  refunds: RefundPolicy;
  /** Rows read, used and left out, by code. */
  input: InputReport;
}
