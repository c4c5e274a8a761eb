import { z } from "zod";
import { AnalyticsInputError, inputIssue, type InputIssue } from "../errors.js";
import { isoDateFromDays } from "../input/dates.js";
import { TransactionReader, type ReadResult, type RowEmitter } from "../input/normalizeTransactions.js";
import { defineOptions, parseOptions } from "../options.js";
import { transactionReadOptionsSchema, type TransactionOptionsSchema } from "../input/options.js";
import type { TransactionInput, TransactionReadMeta, TransactionReadOptions } from "../input/types.js";

/** One customer's purchase history in numbers: the contract between the library's layers. */
export interface CustomerSummary {
  customerId: string;
  /** First purchase day, ISO `YYYY-MM-DD`. */
  firstPurchase: string;
  /** Last purchase day, ISO `YYYY-MM-DD`. */
  lastPurchase: string;
  /** Whole calendar days from the last purchase to `asOf` (0 = bought on the as-of day). */
  recencyDays: number;
  /** Distinct orders (`orderId` when mapped, else purchase rows). Refund rows are not orders. */
  frequency: number;
  /** Net amount: the sum of all amounts (refunds included with `refunds: "net"`), or its mean per order with `monetary: "mean"`. */
  monetary: number;
  /** Whole calendar days from the first purchase to `asOf`. */
  tenureDays: number;
  /** Net amount ÷ frequency. */
  averageOrderValue: number;
}

/** Options of {@link summarizeTransactions}. */
export interface SummarizeTransactionsOptions<Row = any> extends TransactionReadOptions<Row> {
  /** `monetary` as the net total (`"sum"`, default) or the mean per order (`"mean"`). */
  monetary?: "sum" | "mean";
  /**
   * `"records"` (default): `customers`, one object per customer. `"columns"`: `columns`, one array per
   * field ({@link CustomerSummaryColumns}), the fast lane for big data: no object per customer, and
   * every customer-level analysis (`scoreRfm`, `segmentRfm`, `classifyAbc`, ...) reads it as it is.
   */
  output?: "records" | "columns";
}

/**
 * The customer summaries as columns (`output: "columns"`): entry `i` of every array is one customer,
 * in the order of {@link SummarizeTransactionsResult}'s `customers`. A {@link CustomerColumns} input
 * for the customer-level analyses.
 */
export type CustomerSummaryColumns = {
  customerId: string[];
  firstPurchase: string[];
  lastPurchase: string[];
  recencyDays: Float64Array;
  frequency: Float64Array;
  monetary: Float64Array;
  tenureDays: Float64Array;
  averageOrderValue: Float64Array;
};

/** Result of {@link summarizeTransactions} with `output: "columns"`. */
export interface SummarizeTransactionsColumnsResult {
  columns: CustomerSummaryColumns;
  meta: SummaryMeta;
}

/** What {@link summarizeTransactions} used and dropped, to reproduce and audit the result. */
export interface SummaryMeta extends TransactionReadMeta {
  customers: number;
  /** `"orderId"` when distinct orders were counted, `"rows"` when each purchase row is an order. */
  frequencyCounts: "orderId" | "rows";
  monetary: "sum" | "mean";
  /**
   * Customers whose only rows are refunds (possible with `refunds: "net"`): they have no purchase,
   * so no recency, and are left out of `customers`; their ids are listed here.
   */
  customersWithoutPurchases: string[];
}

/** Result of {@link summarizeTransactions} (and of `mergeSummaries`). */
export interface SummarizeTransactionsResult {
  /** One record per customer, in order of the customer's first row in the input. */
  customers: CustomerSummary[];
  meta: SummaryMeta;
}

/** zod schema of {@link SummarizeTransactionsOptions} (strict: unknown keys are rejected). */
export const summarizeTransactionsOptionsSchema: TransactionOptionsSchema<SummarizeTransactionsOptions> = defineOptions<SummarizeTransactionsOptions>()({
  ...transactionReadOptionsSchema.shape,
  monetary: z.enum(["sum", "mean"]).optional(),
  output: z.enum(["records", "columns"]).optional(),
});

/**
 * Summarises a transaction log into one record per customer: first and last purchase, recency and
 * tenure in calendar days to `asOf`, frequency (distinct orders), monetary (net amount, summed with
 * compensation) and average order value. Dates are calendar days in UTC unless `timeZone` is given;
 * refunds reduce `monetary` under `refunds: "net"` but are never purchases. Customers come in order of
 * their first row. O(n). Definitions and pitfalls: docs/summaries.md; reading: docs/input.md.
 *
 * @param input - Records with a field mapping (`options.fields`) or `TransactionColumns`.
 * @returns `customers`: one {@link CustomerSummary} per customer; `meta`: as-of date, policies, what
 *   was read and dropped.
 * @throws {AnalyticsInputError} On bad data, each issue naming row and field (path `["rows", 1043, "amount"]`);
 *   `overflow` (path `["input"]`, naming the customer) when a customer's amounts add up beyond ±1.8e308.
 * @throws {TypeError | RangeError} On bad options (unknown keys included), prefixed `summarizeTransactions:`.
 *
 * @example
 * const { customers } = summarizeTransactions(
 *   [
 *     { cust: "a", day: "2024-01-01", total: 30, invoice: "1" },
 *     { cust: "a", day: "2024-01-01", total: 20, invoice: "1" },
 *     { cust: "a", day: "2024-03-01", total: 50, invoice: "2" },
 *     { cust: "b", day: "2024-02-15", total: 10, invoice: "3" },
 *   ],
 *   { asOf: "2024-03-31", fields: { customerId: "cust", date: "day", amount: "total", orderId: "invoice" } },
 * );
 * customers[0];
 * //=> { customerId: "a", firstPurchase: "2024-01-01", lastPurchase: "2024-03-01", recencyDays: 30,
 * //     frequency: 2, monetary: 100, tenureDays: 90, averageOrderValue: 50 }
 *
 * @see Hughes, A. M. (1994). *Strategic Database Marketing*. Probus. (recency, frequency, monetary)
 */
export function summarizeTransactions<Row = any>(input: TransactionInput<Row>, options: SummarizeTransactionsOptions<Row> & { output: "columns" }): SummarizeTransactionsColumnsResult;
export function summarizeTransactions<Row = any>(input: TransactionInput<Row>, options: SummarizeTransactionsOptions<Row>): SummarizeTransactionsResult;
export function summarizeTransactions<Row = any>(input: TransactionInput<Row>, options: SummarizeTransactionsOptions<Row>): SummarizeTransactionsResult | SummarizeTransactionsColumnsResult {
  const fn = "summarizeTransactions";
  // No options at all is a missing asOf (a data error), like `{}`.
  const opts = parseOptions(fn, summarizeTransactionsOptionsSchema, options ?? {}) as SummarizeTransactionsOptions<Row>;
  const summary = new SummaryBuilder<Row>(opts, fn);
  summary.add(input);
  return summary.finish();
}

/**
 * The one implementation of summaries, batch by batch (`summarizeTransactions` is one `add` and
 * `finish`; `createTransactionSummarizer` hands it out). Options already validated.
 * @internal
 */
export class SummaryBuilder<Row = any> {
  private readonly acc = new CustomerAccumulator();
  private readonly reader: TransactionReader<Row>;
  constructor(
    private readonly opts: SummarizeTransactionsOptions<Row>,
    private readonly fn: string,
  ) {
    this.reader = new TransactionReader<Row>(opts as TransactionReadOptions<Row>, fn, (rows, withOrders, orderCodes, customers) => this.acc.emitter(withOrders, orderCodes, customers));
  }
  add(input: TransactionInput<Row>): void {
    this.reader.add(input);
  }
  finish(): SummarizeTransactionsResult | SummarizeTransactionsColumnsResult {
    const read = this.reader.finish();
    const { columns, meta } = this.acc.finish(read, this.opts.monetary ?? "sum", this.fn);
    return this.opts.output === "columns" ? { columns, meta } : { customers: summaryRecords(columns), meta };
  }
}

/** The records of summary columns (one object per customer); the CLI builds them from streamed columns too. @internal */
export function summaryRecords(c: CustomerSummaryColumns): CustomerSummary[] {
  const n = c.customerId.length;
  const customers: CustomerSummary[] = new Array(n);
  for (let i = 0; i < n; i++) {
    customers[i] = {
      customerId: c.customerId[i],
      firstPurchase: c.firstPurchase[i],
      lastPurchase: c.lastPurchase[i],
      recencyDays: c.recencyDays[i],
      frequency: c.frequency[i],
      monetary: c.monetary[i],
      tenureDays: c.tenureDays[i],
      averageOrderValue: c.averageOrderValue[i],
    };
  }
  return customers;
}

// Per-customer state in one 32-byte slot, so a row touches one cache line (large buffers are
// page-aligned, so slots never straddle two): doubles [sum, compensation] then int32s
// [first day, last day, orders, unused]. `F` indexes the Float64Array view, `I` the Int32Array view.
const SLOT_BYTES = 32;
const F = SLOT_BYTES / 8;
const I = SLOT_BYTES / 4;
const FIRST = 4;
const LAST = 5;
const ORDERS = 6;
/** Customers listed in an overflow error (the count says how many in all). */
const MAX_OVERFLOW_ISSUES = 20;

/** Aggregates kept rows into customer summaries while they are read (no per-row arrays). */
class CustomerAccumulator {
  private buffer = new ArrayBuffer(1024 * SLOT_BYTES);
  private sums = new Float64Array(this.buffer);
  private ints = new Int32Array(this.buffer);
  private customers = 0;
  /** Per order code: owning customer + 1 (0 = not seen). */
  private orderOwner = new Int32Array(1024);
  private shared: Set<string> | null = null;

  emitter(withOrders: boolean, orderCodes: number, customers: number): RowEmitter {
    // Sized as the reader's interner (typical logs have about 8 rows per customer): fewer copies while growing.
    const expected = customers;
    if (this.customers === 0 && expected * SLOT_BYTES > this.buffer.byteLength) {
      this.buffer = new ArrayBuffer(expected * SLOT_BYTES);
      this.sums = new Float64Array(this.buffer);
      this.ints = new Int32Array(this.buffer);
    }
    if (!withOrders) {
      return (c, d, _o, amount) => {
        if (this.addAmount(c, d, amount[0])) this.ints[c * I + ORDERS]++;
      };
    }
    // Sized once for the first batch's order codes (below the dictionary's size, or the codes so far plus
    // the row count for text ids): no copies while its rows are read; later batches may grow it.
    this.orderOwner = new Int32Array(Math.max(orderCodes, 1));
    return (c, d, o, amount) => {
      if (!this.addAmount(c, d, amount[0])) return;
      if (o >= this.orderOwner.length) this.orderOwner = grow(this.orderOwner, o + 1);
      const owner = this.orderOwner[o];
      if (owner === 0) {
        this.orderOwner[o] = c + 1;
        this.ints[c * I + ORDERS]++;
      } else if (owner !== c + 1) this.sharedOrder(o, c);
    };
  }

  /**
   * Adds one row's amount to customer `c` and, for a purchase, its day; returns whether the row is a
   * purchase (a refund is not). Small on purpose: the per-row closures and this stay inlinable into
   * the reader's loop.
   */
  private addAmount(c: number, d: number, a: number): boolean {
    if (c >= this.customers) this.open(c);
    const st = this.sums;
    const b = c * F;
    // Neumaier compensated sum: the total does not depend on row order (to the last bit in practice).
    const s = st[b];
    const t = s + a;
    // internal/neumaier.ts sumError, written out: the per-row hot path does not rely on the call being inlined
    st[b + 1] += Math.abs(s) >= Math.abs(a) ? s - t + a : a - t + s;
    st[b] = t;
    if (a < 0) return false;
    const days = this.ints;
    const k = c * I;
    if (d < days[k + FIRST]) days[k + FIRST] = d;
    if (d > days[k + LAST]) days[k + LAST] = d;
    return true;
  }

  /**
   * The same order id under two customers: counted once per customer. Kept out of the per-row
   * closure, which stays small enough for the reader's loop to inline it.
   */
  private sharedOrder(o: number, c: number): void {
    this.shared ??= new Set();
    const key = `${o}:${c}`;
    if (!this.shared.has(key)) {
      this.shared.add(key);
      this.ints[c * I + ORDERS]++;
    }
  }

  /** Makes room for customer codes up to `c` (codes arrive in order of first appearance). */
  private open(c: number): void {
    if ((c + 1) * SLOT_BYTES > this.buffer.byteLength) {
      let size = this.buffer.byteLength * 2;
      while (size < (c + 1) * SLOT_BYTES) size *= 2;
      const buffer = new ArrayBuffer(size);
      new Uint8Array(buffer).set(new Uint8Array(this.buffer, 0, this.customers * SLOT_BYTES));
      this.buffer = buffer;
      this.sums = new Float64Array(buffer);
      this.ints = new Int32Array(buffer);
    }
    for (let k = this.customers; k <= c; k++) {
      // days are int32 epoch days (the reader's bounds keep them far inside): no purchase yet
      this.ints[k * I + FIRST] = 2_147_483_647;
      this.ints[k * I + LAST] = -2_147_483_648;
    }
    this.customers = c + 1;
  }

  finish(read: ReadResult, monetaryMode: "sum" | "mean", fn: string): { columns: CustomerSummaryColumns; meta: SummaryMeta } {
    // the orders are counted: their table (4 bytes an order) is let go before the columns are allocated
    this.orderOwner = new Int32Array(0);
    this.shared = null;
    const st = this.sums;
    const ints = this.ints;
    const nC = this.customers;
    const asOfDay = read.asOfDay;
    let minDay = Number.POSITIVE_INFINITY;
    let maxDay = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < nC; c++) {
      if (ints[c * I + ORDERS] === 0) continue;
      minDay = Math.min(minDay, ints[c * I + FIRST]);
      maxDay = Math.max(maxDay, ints[c * I + LAST]);
    }
    // ISO strings are built once per distinct day, not once per customer.
    const isoCache: (string | undefined)[] = maxDay >= minDay ? new Array(maxDay - minDay + 1) : [];
    const iso = (d: number): string => (isoCache[d - minDay] ??= isoDateFromDays(d));
    const customerIds = read.customerIds;
    // the reader's fresh array of ids serves as the column while no customer is left out
    let ids: string[] | null = null;
    // preallocated (truncated below when customers are left out): pushing would leave copies behind while growing
    const firstIso: string[] = new Array<string>(nC);
    const lastIso: string[] = new Array<string>(nC);
    const recencyDays = new Float64Array(nC);
    const frequency = new Float64Array(nC);
    const monetary = new Float64Array(nC);
    const tenureDays = new Float64Array(nC);
    const averageOrderValue = new Float64Array(nC);
    let n = 0;
    const withoutPurchases: string[] = [];
    const overflows: InputIssue[] = [];
    let overflowCount = 0;
    for (let c = 0; c < nC; c++) {
      const b = c * F;
      const k = c * I;
      const f = ints[k + ORDERS];
      // A running sum that left the doubles stays ±Infinity (its compensation may be NaN): refused,
      // whatever the customer's later rows, rather than a NaN monetary.
      const s = st[b];
      const total = s - s === 0 ? st[b] + st[b + 1] + 0 : s;
      if (total - total !== 0) {
        ids ??= customerIds.slice(0, c);
        if (overflowCount++ < MAX_OVERFLOW_ISSUES) {
          overflows.push(inputIssue("overflow", ["input"], `the sum of this customer's amounts is ${total > 0 ? "above 1.8e308" : "below -1.8e308"}, beyond the range of a double`, read.customerIds[c]));
        }
        continue;
      }
      if (f === 0) {
        ids ??= customerIds.slice(0, c);
        withoutPurchases.push(read.customerIds[c]);
        continue;
      }
      const aov = total / f;
      const first = ints[k + FIRST];
      const last = ints[k + LAST];
      if (ids !== null) ids.push(customerIds[c]);
      firstIso[n] = iso(first);
      lastIso[n] = iso(last);
      recencyDays[n] = asOfDay - last;
      frequency[n] = f;
      monetary[n] = monetaryMode === "sum" ? total : aov;
      tenureDays[n] = asOfDay - first;
      averageOrderValue[n] = aov;
      n++;
    }
    if (overflows.length > 0) throw new AnalyticsInputError(fn, overflows, overflowCount);
    if (n === 0) {
      throw new AnalyticsInputError(fn, [
        inputIssue("empty_input", ["input"], `no customer has a purchase (all ${withoutPurchases.length} customers have only refunds)`),
      ]);
    }
    if (n < nC) {
      firstIso.length = n;
      lastIso.length = n;
    }
    const columns: CustomerSummaryColumns = {
      customerId: ids ?? customerIds,
      firstPurchase: firstIso,
      lastPurchase: lastIso,
      recencyDays: n === nC ? recencyDays : recencyDays.slice(0, n),
      frequency: n === nC ? frequency : frequency.slice(0, n),
      monetary: n === nC ? monetary : monetary.slice(0, n),
      tenureDays: n === nC ? tenureDays : tenureDays.slice(0, n),
      averageOrderValue: n === nC ? averageOrderValue : averageOrderValue.slice(0, n),
    };
    return {
      columns,
      meta: {
        asOf: read.asOf,
        timeZone: read.timeZone ?? null,
        customers: n,
        frequencyCounts: read.withOrders ? "orderId" : "rows",
        monetary: monetaryMode,
        refunds: read.refunds,
        input: read.input,
        customersWithoutPurchases: withoutPurchases,
      },
    };
  }
}

function grow<T extends Float64Array | Int32Array>(a: T, atLeast: number): T {
  let size = a.length * 2;
  while (size < atLeast) size *= 2;
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}
