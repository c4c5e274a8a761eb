import { sumError } from "../internal/neumaier.js";
import { checkFinite } from "../internal/overflow.js";
import { readTransactions, type ReadResult } from "./normalizeTransactions.js";
import type { TransactionInput, TransactionReadOptions } from "./types.js";

/**
 * Purchase histories: each customer's distinct purchase days in order, with the amount bought on each
 * day, laid out flat (customer c owns entries `start[c] .. start[c + 1] − 1`).
 */
export interface PurchaseHistories {
  start: Int32Array;
  day: Int32Array;
  amount: Float64Array;
}

/** Groups purchase rows (customer code, day, amount) into per-customer day histories. */
export function purchaseHistories(customers: number, cust: readonly number[], days: readonly number[], amounts: readonly number[]): PurchaseHistories {
  const order = Array.from(cust.keys()).sort((i, j) => cust[i] - cust[j] || days[i] - days[j]);
  const start = new Int32Array(customers + 1);
  const day: number[] = [];
  const amount: number[] = [];
  let p = 0;
  for (let c = 0; c < customers; c++) {
    start[c] = day.length;
    while (p < order.length && cust[order[p]] === c) {
      const d = days[order[p]];
      if (day.length > start[c] && day[day.length - 1] === d) amount[amount.length - 1] += amounts[order[p]];
      else {
        day.push(d);
        amount.push(amounts[order[p]]);
      }
      p++;
    }
  }
  start[customers] = day.length;
  return { start, day: Int32Array.from(day), amount: Float64Array.from(amount) };
}

/**
 * Reads transactions once and returns each customer's purchase history (refund rows are not
 * purchases) plus their net amount (refunds included), for the per-customer churn and model functions.
 */
export function readPurchaseHistories<Row>(
  fn: string,
  input: TransactionInput<Row>,
  opts: TransactionReadOptions<Row>,
): { read: ReadResult; histories: PurchaseHistories; net: Float64Array } {
  const cust: number[] = [];
  const days: number[] = [];
  const amounts: number[] = [];
  // customer codes arrive dense, in order of first appearance; Neumaier-compensated sums, as the
  // summaries' totals, so a customer's net amount is the same here and there
  const netById: number[] = [];
  const carry: number[] = [];
  const read = readTransactions(input, opts, fn, () => (c, d, _o, a) => {
    const sum = netById[c] ?? 0;
    const t = sum + a[0];
    carry[c] = (carry[c] ?? 0) + sumError(sum, a[0], t);
    netById[c] = t;
    if (a[0] < 0) return; // refunds are not purchases
    cust.push(c);
    days.push(d);
    amounts.push(a[0]);
  });
  const net = Float64Array.from({ length: read.customerIds.length }, (_, c) => (netById[c] ?? 0) + (carry[c] ?? 0));
  const histories = purchaseHistories(read.customerIds.length, cust, days, amounts);
  // A day's amount beyond the doubles is an error here, once, rather than an Infinity each later step
  // would have to catch. `net` may be ±Infinity (never NaN): the callers that use it check it.
  for (let c = 0; c < net.length; c++) {
    for (let i = histories.start[c]; i < histories.start[c + 1]; i++) {
      checkFinite(fn, histories.amount[i], "the amount bought on one day", { path: ["input"], customerId: read.customerIds[c] });
    }
  }
  return { read, histories, net };
}
