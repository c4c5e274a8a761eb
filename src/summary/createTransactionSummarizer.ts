import { parseOptions } from "../options.js";
import type { TransactionInput } from "../input/types.js";
import {
  SummaryBuilder,
  summarizeTransactionsOptionsSchema,
  type SummarizeTransactionsColumnsResult,
  type SummarizeTransactionsOptions,
  type SummarizeTransactionsResult,
} from "./summarizeTransactions.js";

/**
 * An incremental {@link summarizeTransactions}: `add` batches of rows, then `finish` once. Made by
 * {@link createTransactionSummarizer}.
 */
export interface TransactionSummarizer<Row = any, Result = SummarizeTransactionsResult> {
  /**
   * Reads one batch: records (with `options.fields`), `TransactionColumns` or an Arrow table. Nothing of
   * the batch is kept once `add` returns.
   * @throws {AnalyticsInputError} As `summarizeTransactions` would on the rows so far (with
   *   `onInvalid: "throw"`, once `maxIssues` issues are found); the summarizer is then spent.
   * @throws {TypeError} After `finish`, after an error, or for an input that is no batch.
   */
  add(batch: TransactionInput<Row>): void;
  /**
   * The summaries of every row added: exactly what `summarizeTransactions` returns on all batches' rows
   * concatenated, `meta` included.
   * @throws {AnalyticsInputError} As `summarizeTransactions` would at the end of the concatenated input.
   * @throws {TypeError} When called twice, or after an error.
   */
  finish(): Result;
}

/**
 * Summarises a transaction log that arrives in batches (a file read in chunks, Arrow record batches, a
 * database cursor) with memory proportional to the customers (plus the distinct orders when `orderId`
 * is mapped), never to the rows: each batch is read and folded into per-customer state, then dropped.
 * `finish()` returns exactly what {@link summarizeTransactions} returns on all rows concatenated, with
 * the same options: row numbers in issues count from the first batch's first row, `onInvalid` and
 * `maxIssues` apply to the whole, a record log's field mapping is decided on its first record.
 *
 * Ids given as a dictionary (`{ codes, dictionary }`): when a batch passes the same `dictionary` array
 * as the batch before (grown by appending entries, earlier entries unchanged), only its new entries are
 * read; another array is read afresh. Order ids are matched by their text across dictionaries and text
 * batches; within one dictionary its codes are the orders (entries are distinct values). O(rows) time in
 * all; definitions and memory figures: docs/input.md "Streamed input".
 *
 * @param options - The options of {@link summarizeTransactions} (`asOf` required); `output: "columns"`
 *   makes `finish()` return columns.
 * @returns A {@link TransactionSummarizer}: `add(batch)` any number of times, then `finish()` once.
 * @throws {AnalyticsInputError} When `asOf` is missing or invalid.
 * @throws {TypeError | RangeError} On bad options (unknown keys included), prefixed `createTransactionSummarizer:`.
 *
 * @example
 * const s = createTransactionSummarizer({ asOf: "2024-03-31", fields: { customerId: "cust", date: "day", amount: "total" } });
 * s.add([{ cust: "a", day: "2024-01-01", total: 30 }, { cust: "b", day: "2024-02-15", total: 10 }]);
 * s.add([{ cust: "a", day: "2024-03-01", total: 50 }]);
 * const { customers, meta } = s.finish();
 * customers[0];
 * //=> { customerId: "a", firstPurchase: "2024-01-01", lastPurchase: "2024-03-01", recencyDays: 30,
 * //     frequency: 2, monetary: 80, tenureDays: 90, averageOrderValue: 40 }
 * meta.input.rowsRead; //=> 3
 */
export function createTransactionSummarizer<Row = any>(options: SummarizeTransactionsOptions<Row> & { output: "columns" }): TransactionSummarizer<Row, SummarizeTransactionsColumnsResult>;
export function createTransactionSummarizer<Row = any>(options: SummarizeTransactionsOptions<Row>): TransactionSummarizer<Row, SummarizeTransactionsResult>;
export function createTransactionSummarizer<Row = any>(options: SummarizeTransactionsOptions<Row>): TransactionSummarizer<Row, SummarizeTransactionsResult | SummarizeTransactionsColumnsResult> {
  const fn = "createTransactionSummarizer";
  // No options at all is a missing asOf (a data error), like `{}`.
  const opts = parseOptions(fn, summarizeTransactionsOptionsSchema, options ?? {}) as SummarizeTransactionsOptions<Row>;
  const builder = new SummaryBuilder<Row>(opts, fn);
  let state: "open" | "finished" | "failed" = "open";
  const usable = (call: string): void => {
    if (state === "finished") throw new TypeError(`${fn}: ${call} after finish() (the summary was returned; create a new summarizer)`);
    if (state === "failed") throw new TypeError(`${fn}: ${call} after an error (the summary would be incomplete; create a new summarizer)`);
  };
  return {
    add(batch: TransactionInput<Row>): void {
      usable("add()");
      try {
        builder.add(batch);
      } catch (error) {
        state = "failed";
        throw error;
      }
    },
    finish() {
      usable("finish()");
      state = "finished";
      return builder.finish();
    },
  };
}
