import { z } from "zod";
import { readTransactions } from "../input/normalizeTransactions.js";
import { transactionReadOptionsSchema } from "../input/options.js";
import type { TransactionInput, TransactionReadOptions } from "../input/types.js";
import { periodCalendar, type PeriodCalendar, type PeriodUnit } from "./periods.js";

/** Options of the period-based churn functions. */
export interface PeriodOptions<Row = any> extends TransactionReadOptions<Row> {
  /** Calendar period (default `"month"`). */
  period?: PeriodUnit;
  /** First weekday of a week for `period: "week"`: 0 = Sunday … 6 = Saturday (default 1, Monday, as ISO 8601). */
  weekStartsOn?: number;
}

export const periodOptionsSchema = transactionReadOptionsSchema.extend({
  period: z.enum(["week", "month", "quarter", "year"]).optional(),
  weekStartsOn: z.number().int().min(0).max(6).optional(),
});

/** Customer × period activity, built in two passes over typed arrays. */
export interface Activity {
  calendar: PeriodCalendar;
  /** First and last period index (last = the period holding asOf); `span` periods in all. */
  first: number;
  span: number;
  customers: number;
  /** 1 when the customer bought in the period, period-major: `marks[q * customers + c]`. */
  marks: Uint8Array;
  /**
   * Orders per customer and period, saturating at 2, same layout. An order id counts once per
   * customer, in the earliest period it has a purchase row (so row order never matters).
   */
  orders: Uint8Array;
  /** Period (0-based) of each customer's first purchase, −1 for customers with refunds only. */
  firstPeriod: Int32Array;
  /** The kept rows: customer, day, period (0-based) and amount. */
  rowCustomer: Int32Array;
  rowDay: Int32Array;
  rowPeriod: Int32Array;
  rowAmount: Float64Array;
  rows: number;
  asOf: string;
  asOfDay: number;
}

/** Reads transactions and builds the customer × period activity shared by indicators and cohorts. */
export function buildActivity<Row>(fn: string, input: TransactionInput<Row>, opts: PeriodOptions<Row>): Activity {
  const calendar = periodCalendar(opts.period ?? "month", opts.weekStartsOn ?? 1);
  let n = 0;
  let cust = new Int32Array(1024);
  let day = new Int32Array(1024);
  let amount = new Float64Array(1024);
  let order = new Int32Array(1024);
  let withOrders = false;
  const read = readTransactions(input, opts, fn, (rowCount, orders) => {
    withOrders = orders;
    cust = new Int32Array(rowCount);
    day = new Int32Array(rowCount);
    amount = new Float64Array(rowCount);
    order = new Int32Array(orders ? rowCount : 0);
    return (c, d, o, a) => {
      cust[n] = c;
      day[n] = d;
      amount[n] = a[0];
      if (withOrders) order[n] = o;
      n++;
    };
  });
  let minDay = read.asOfDay;
  for (let i = 0; i < n; i++) if (day[i] < minDay) minDay = day[i];
  const first = calendar.index(minDay);
  const last = calendar.index(read.asOfDay);
  const span = last - first + 1;
  // Day → period through a lookup table: one calendar computation per distinct day, not per row.
  const lookup = new Int32Array(read.asOfDay - minDay + 1);
  for (let d = minDay; d <= read.asOfDay; d++) lookup[d - minDay] = calendar.index(d) - first;
  const nC = read.customerIds.length;
  const marks = new Uint8Array(span * nC);
  const orders = new Uint8Array(span * nC);
  const firstPeriod = new Int32Array(nC).fill(-1);
  const rowPeriod = new Int32Array(n);
  for (let i = 0; i < n; i++) rowPeriod[i] = lookup[day[i] - minDay];
  // Earliest period of each order id, so an order spanning periods counts once, in the same place
  // whatever the row order.
  let orderPeriod: Int32Array | null = null;
  if (withOrders) {
    orderPeriod = new Int32Array(read.orderCount).fill(2_147_483_647);
    for (let i = 0; i < n; i++) if (amount[i] >= 0 && rowPeriod[i] < orderPeriod[order[i]]) orderPeriod[order[i]] = rowPeriod[i];
  }
  const orderOwner = withOrders ? new Int32Array(read.orderCount) : null; // counted customer + 1
  let shared: Set<string> | null = null;
  for (let i = 0; i < n; i++) {
    if (amount[i] < 0) continue; // refunds are not purchases
    const q = rowPeriod[i];
    const c = cust[i];
    if (firstPeriod[c] < 0 || q < firstPeriod[c]) firstPeriod[c] = q;
    const m = q * nC + c;
    marks[m] = 1;
    if (orderPeriod && orderOwner) {
      const o = order[i];
      if (orderPeriod[o] !== q) continue;
      const owner = orderOwner[o];
      if (owner === c + 1) continue;
      if (owner === 0) orderOwner[o] = c + 1;
      else {
        // the same order id under two customers: once for each
        shared ??= new Set();
        const key = `${o}:${c}`;
        if (shared.has(key)) continue;
        shared.add(key);
      }
    }
    if (orders[m] < 2) orders[m]++;
  }
  return {
    calendar,
    first,
    span,
    customers: nC,
    marks,
    orders,
    firstPeriod,
    rowCustomer: cust.subarray(0, n),
    rowDay: day.subarray(0, n),
    rowPeriod,
    rowAmount: amount.subarray(0, n),
    rows: n,
    asOf: read.asOf,
    asOfDay: read.asOfDay,
  };
}

