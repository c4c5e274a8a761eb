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

/**
 * Groups purchase rows (customer code, day, amount; the first `n` entries) into per-customer day
 * histories: each customer's distinct purchase days in order with the amount bought on each (the rows
 * of one day added in input order). The rows go to their customer by a counting sort (stable, linear),
 * and each customer's few rows are sorted by day stably (insertion sort; a key sort for long
 * histories): no comparison sort of all rows.
 */
export function purchaseHistories(customers: number, cust: ArrayLike<number>, days: ArrayLike<number>, amounts: ArrayLike<number>, n: number = cust.length): PurchaseHistories {
  const start = new Int32Array(customers + 1);
  for (let k = 0; k < n; k++) start[cust[k] + 1]++;
  for (let c = 0; c < customers; c++) start[c + 1] += start[c];
  const next = start.slice(0, customers);
  const byDay = new Int32Array(n);
  const byAmount = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const at = next[cust[k]]++;
    byDay[at] = days[k];
    byAmount[at] = amounts[k];
  }
  // sort each customer's rows by day (stable), then merge the rows of one day, compacting in place
  let out = 0;
  for (let c = 0; c < customers; c++) {
    const from = start[c];
    const to = start[c + 1];
    start[c] = out;
    if (to - from > 1) sortByDay(byDay, byAmount, from, to);
    for (let k = from; k < to; k++) {
      const d = byDay[k];
      if (out > start[c] && byDay[out - 1] === d) byAmount[out - 1] += byAmount[k];
      else {
        byDay[out] = d;
        byAmount[out] = byAmount[k];
        out++;
      }
    }
  }
  start[customers] = out;
  return { start, day: byDay.subarray(0, out), amount: byAmount.subarray(0, out) };
}

/** Sorts entries `from .. to − 1` of the parallel arrays by day, stably (equal days keep their order). */
function sortByDay(days: Int32Array, amounts: Float64Array, from: number, to: number): void {
  let sorted = true;
  for (let k = from + 1; k < to && sorted; k++) if (days[k] < days[k - 1]) sorted = false;
  if (sorted) return;
  const len = to - from;
  if (len <= 32) {
    for (let k = from + 1; k < to; k++) {
      const d = days[k];
      const a = amounts[k];
      let j = k - 1;
      while (j >= from && days[j] > d) {
        days[j + 1] = days[j];
        amounts[j + 1] = amounts[j];
        j--;
      }
      days[j + 1] = d;
      amounts[j + 1] = a;
    }
    return;
  }
  // (day − min day) · len + position: distinct keys in (day, position) order, exact below 2^53
  let min = days[from];
  for (let k = from + 1; k < to; k++) if (days[k] < min) min = days[k];
  const keys = new Float64Array(len);
  for (let k = 0; k < len; k++) keys[k] = (days[from + k] - min) * len + k;
  keys.sort();
  const d0 = days.slice(from, to);
  const a0 = amounts.slice(from, to);
  for (let k = 0; k < len; k++) {
    const i = keys[k] % len;
    days[from + k] = d0[i];
    amounts[from + k] = a0[i];
  }
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
