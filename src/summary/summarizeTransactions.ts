import { z } from "zod";
import { AnalyticsInputError } from "../errors.js";
import { isoDateFromDays } from "../input/dates.js";
import { readTransactions, type NormalizedTransactions } from "../input/normalizeTransactions.js";
import { parseOptions, transactionReadOptionsSchema } from "../input/options.js";
import type { InputReport, TransactionInput, TransactionReadOptions } from "../input/types.js";

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
export interface SummarizeOptions<Row = any> extends TransactionReadOptions<Row> {
  /** `monetary` as the net total (`"sum"`, default) or the mean per order (`"mean"`). */
  monetary?: "sum" | "mean";
}

/** What {@link summarizeTransactions} used and dropped, to reproduce and audit the result. */
export interface SummaryMeta {
  asOf: string;
  timeZone: string | null;
  customers: number;
  /** `"orderId"` when distinct orders were counted, `"rows"` when each purchase row is an order. */
  frequencyCounts: "orderId" | "rows";
  monetary: "sum" | "mean";
  refunds: "net" | "exclude" | "error";
  input: InputReport;
  /**
   * Customers whose only rows are refunds (possible with `refunds: "net"`): they have no purchase,
   * so no recency, and are left out of `customers`; their ids are listed here.
   */
  customersWithoutPurchases: string[];
}

/** Result of {@link summarizeTransactions}. */
export interface SummaryResult {
  /** One record per customer, in order of the customer's first row in the input. */
  customers: CustomerSummary[];
  meta: SummaryMeta;
}

const summarizeOptionsSchema = transactionReadOptionsSchema.extend({
  monetary: z.enum(["sum", "mean"]).optional(),
});

/**
 * Summarises a transaction log into one record per customer: first and last purchase, recency and
 * tenure in calendar days to `asOf`, frequency (distinct orders), monetary (net amount) and average
 * order value. These summaries feed every analysis (RFM scores, segments, value, models).
 *
 * Conventions: dates are calendar days in UTC unless `timeZone` is given; amounts are summed with
 * compensated (Neumaier) summation so the result does not depend on row order; refunds (negative
 * amounts) reduce `monetary` with `refunds: "net"` but are never purchases. Output order is the
 * order in which customers first appear in the input. O(n) time in rows.
 *
 * @param input - Records with a field mapping (`options.fields`) or columns ({@link TransactionColumns}).
 * @param options - `asOf` (required), `timeZone`, `fields`, `refunds`, `afterAsOf`, `onInvalid`,
 *   `numericStrings`, `monetary`.
 * @returns `customers` (one {@link CustomerSummary} per customer) and `meta` (as-of date, policies,
 *   what was read and dropped).
 * @throws {AnalyticsInputError} On bad data; each issue names row and field (`rows[1043].amount`).
 * @throws {TypeError | RangeError} On bad options, message prefixed `summarizeTransactions:`.
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
export function summarizeTransactions<Row = any>(input: TransactionInput<Row>, options: SummarizeOptions<Row>): SummaryResult {
  const fn = "summarizeTransactions";
  const opts = parseOptions(fn, summarizeOptionsSchema, options);
  const t = readTransactions(input, opts as TransactionReadOptions<Row>, fn);
  return summarizeNormalized(t, opts.monetary ?? "sum", fn);
}

/** Aggregates normalised transactions into customer summaries (the columnar core). */
export function summarizeNormalized(t: NormalizedTransactions, monetaryMode: "sum" | "mean" = "sum", fn = "summarizeNormalized"): SummaryResult {
  const nC = t.customerIds.length;
  const first = new Int32Array(nC).fill(2_147_483_647);
  const last = new Int32Array(nC).fill(-2_147_483_648);
  const sum = new Float64Array(nC);
  const comp = new Float64Array(nC);
  const orders = new Int32Array(nC);
  const { customer, day, amount, order, length } = t;

  let orderOwner: Int32Array | null = null;
  let shared: Set<string> | null = null;
  if (order) orderOwner = new Int32Array(t.orderCount).fill(-1);

  for (let i = 0; i < length; i++) {
    const c = customer[i];
    const a = amount[i];
    // Neumaier compensated sum: the total does not depend on row order (to the last bit in practice).
    const s = sum[c];
    const tt = s + a;
    comp[c] += Math.abs(s) >= Math.abs(a) ? s - tt + a : a - tt + s;
    sum[c] = tt;
    if (a < 0) continue; // a refund is not a purchase
    const d = day[i];
    if (d < first[c]) first[c] = d;
    if (d > last[c]) last[c] = d;
    if (orderOwner === null) {
      orders[c]++;
    } else {
      const o = (order as Int32Array)[i];
      const owner = orderOwner[o];
      if (owner === -1) {
        orderOwner[o] = c;
        orders[c]++;
      } else if (owner !== c) {
        // The same order id under two customers: count it once per customer.
        shared ??= new Set();
        const key = `${o}:${c}`;
        if (!shared.has(key)) {
          shared.add(key);
          orders[c]++;
        }
      }
    }
  }

  const asOfDay = t.asOfDay;
  let minDay = 2_147_483_647;
  let maxDay = -2_147_483_648;
  for (let c = 0; c < nC; c++) {
    if (orders[c] === 0) continue;
    if (first[c] < minDay) minDay = first[c];
    if (last[c] > maxDay) maxDay = last[c];
  }
  // ISO strings are built once per distinct day, not once per customer.
  const isoCache: (string | undefined)[] = maxDay >= minDay ? new Array(maxDay - minDay + 1) : [];
  const iso = (d: number): string => (isoCache[d - minDay] ??= isoDateFromDays(d));

  const customers: CustomerSummary[] = [];
  const withoutPurchases: string[] = [];
  for (let c = 0; c < nC; c++) {
    const f = orders[c];
    if (f === 0) {
      withoutPurchases.push(t.customerIds[c]);
      continue;
    }
    const total = sum[c] + comp[c] + 0;
    const aov = total / f;
    customers.push({
      customerId: t.customerIds[c],
      firstPurchase: iso(first[c]),
      lastPurchase: iso(last[c]),
      recencyDays: asOfDay - last[c],
      frequency: f,
      monetary: monetaryMode === "sum" ? total : aov,
      tenureDays: asOfDay - first[c],
      averageOrderValue: aov,
    });
  }
  if (customers.length === 0) {
    throw new AnalyticsInputError(fn, [
      { path: "input", code: "empty_input", message: `input: no customer has a purchase (all ${withoutPurchases.length} customers have only refunds)` },
    ]);
  }
  return {
    customers,
    meta: {
      asOf: t.asOf,
      timeZone: t.timeZone ?? null,
      customers: customers.length,
      frequencyCounts: order ? "orderId" : "rows",
      monetary: monetaryMode,
      refunds: t.refunds,
      input: t.input,
      customersWithoutPurchases: withoutPurchases,
    },
  };
}
