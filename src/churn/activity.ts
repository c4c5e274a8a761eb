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

/** Per-customer activity by period, built in one pass over the transactions. */
export interface Activity {
  calendar: PeriodCalendar;
  /** First and last period index (last = the period holding asOf). */
  first: number;
  last: number;
  customers: number;
  /** Sorted unique (customer, period) keys of purchases: customer · span + (period − first). */
  keys: Float64Array;
  span: number;
  /** Orders per key (same order as `keys`). */
  orders: Int32Array;
  /** Net revenue by customer and period: key → amount (refunds included under refunds "net"). */
  revenue: Map<number, number>;
  asOf: string;
  withOrders: boolean;
}

/** Reads transactions and builds the customer × period activity shared by indicators and cohorts. */
export function buildActivity<Row>(fn: string, input: TransactionInput<Row>, opts: PeriodOptions<Row>): Activity {
  const calendar = periodCalendar(opts.period ?? "month", opts.weekStartsOn ?? 1);
  const cust: number[] = [];
  const days: number[] = [];
  const amounts: number[] = [];
  const orders: number[] = [];
  const read = readTransactions(input, opts, fn, () => (c, d, o, a) => {
    cust.push(c);
    days.push(d);
    amounts.push(a[0]);
    orders.push(o);
  });
  let minDay = Infinity;
  for (const d of days) if (d < minDay) minDay = d;
  const first = calendar.index(minDay);
  const last = calendar.index(read.asOfDay);
  const span = last - first + 1;
  const revenue = new Map<number, number>();
  const counted = new Map<number, Set<number>>(); // key -> orders seen (only with order ids)
  const rowsPerKey = new Map<number, number>();
  for (let i = 0; i < cust.length; i++) {
    const key = cust[i] * span + (calendar.index(days[i]) - first);
    revenue.set(key, (revenue.get(key) ?? 0) + amounts[i]);
    if (amounts[i] < 0) continue; // refunds are not purchases
    if (read.withOrders) {
      let set = counted.get(key);
      if (!set) counted.set(key, (set = new Set()));
      set.add(orders[i]);
    } else rowsPerKey.set(key, (rowsPerKey.get(key) ?? 0) + 1);
  }
  const source = read.withOrders ? counted : rowsPerKey;
  const keys = Float64Array.from(source.keys()).sort();
  const orderCounts = new Int32Array(keys.length);
  keys.forEach((k, j) => {
    const v = source.get(k) as number | Set<number>;
    orderCounts[j] = typeof v === "number" ? v : v.size;
  });
  return { calendar, first, last, customers: read.customerIds.length, keys, span, orders: orderCounts, revenue, asOf: read.asOf, withOrders: read.withOrders };
}
