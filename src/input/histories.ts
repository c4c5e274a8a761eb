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
 * Purchase rows (customer code, day, amount; the first `n` entries) grouped by customer and put in day
 * order: customer c owns rows `start[c] .. start[c + 1] − 1` of `pairs`, where row k is the day
 * `pairs[2k]` and the amount `pairs[2k + 1]` (a day's rows keep their input order). The rows go to their
 * customer by a counting sort (stable, linear; day and amount side by side, so one cache line is
 * written per row), and each customer's few rows are sorted by day stably (insertion sort; a key sort
 * for long histories): no comparison sort of all rows.
 */
export function rowsInDayOrder(customers: number, cust: ArrayLike<number>, days: ArrayLike<number>, amounts: ArrayLike<number>, n: number = cust.length): { start: Int32Array; pairs: Float64Array } {
  const start = new Int32Array(customers + 1);
  for (let k = 0; k < n; k++) start[cust[k] + 1]++;
  for (let c = 0; c < customers; c++) start[c + 1] += start[c];
  const next = start.slice(0, customers);
  const pairs = new Float64Array(2 * n);
  for (let k = 0; k < n; k++) {
    const at = 2 * next[cust[k]]++;
    pairs[at] = days[k];
    pairs[at + 1] = amounts[k];
  }
  for (let c = 0; c < customers; c++) if (start[c + 1] - start[c] > 1) sortPairsByDay(pairs, start[c], start[c + 1]);
  return { start, pairs };
}

/**
 * Groups purchase rows (customer code, day, amount; the first `n` entries) into per-customer day
 * histories: each customer's distinct purchase days in order with the amount bought on each (the rows
 * of one day added in input order), from {@link rowsInDayOrder}.
 */
export function purchaseHistories(customers: number, cust: ArrayLike<number>, days: ArrayLike<number>, amounts: ArrayLike<number>, n: number = cust.length): PurchaseHistories {
  const { start, pairs } = rowsInDayOrder(customers, cust, days, amounts, n);
  const day = new Int32Array(n);
  const amount = new Float64Array(n);
  // merge the rows of one day
  let out = 0;
  for (let c = 0; c < customers; c++) {
    const from = start[c];
    const to = start[c + 1];
    start[c] = out;
    for (let k = from; k < to; k++) {
      const d = pairs[2 * k];
      if (out > start[c] && day[out - 1] === d) amount[out - 1] += pairs[2 * k + 1];
      else {
        day[out] = d;
        amount[out] = pairs[2 * k + 1];
        out++;
      }
    }
  }
  start[customers] = out;
  return { start, day: day.subarray(0, out), amount: amount.subarray(0, out) };
}

/** Sorts pairs `from .. to − 1` ((day, amount) side by side) by day, stably (equal days keep their order). */
function sortPairsByDay(pairs: Float64Array, from: number, to: number): void {
  let sorted = true;
  for (let k = from + 1; k < to && sorted; k++) if (pairs[2 * k] < pairs[2 * k - 2]) sorted = false;
  if (sorted) return;
  const len = to - from;
  if (len <= 32) {
    for (let k = from + 1; k < to; k++) {
      const d = pairs[2 * k];
      const a = pairs[2 * k + 1];
      let j = k - 1;
      while (j >= from && pairs[2 * j] > d) {
        pairs[2 * j + 2] = pairs[2 * j];
        pairs[2 * j + 3] = pairs[2 * j + 1];
        j--;
      }
      pairs[2 * j + 2] = d;
      pairs[2 * j + 3] = a;
    }
    return;
  }
  // (day − min day) · len + position: distinct keys in (day, position) order, exact below 2^53
  let min = pairs[2 * from];
  for (let k = from + 1; k < to; k++) if (pairs[2 * k] < min) min = pairs[2 * k];
  const keys = new Float64Array(len);
  for (let k = 0; k < len; k++) keys[k] = (pairs[2 * (from + k)] - min) * len + k;
  keys.sort();
  const p0 = pairs.slice(2 * from, 2 * to);
  for (let k = 0; k < len; k++) {
    const i = keys[k] % len;
    pairs[2 * (from + k)] = p0[2 * i];
    pairs[2 * (from + k) + 1] = p0[2 * i + 1];
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
