import { z } from "zod";
import { readTransactions, transactionReadMeta } from "../input/normalizeTransactions.js";
import { transactionReadOptionsSchema } from "../input/options.js";
import type { TransactionInput, TransactionReadMeta, TransactionReadOptions } from "../input/types.js";
import { dayConverter, parseDateString } from "../input/dates.js";
import { periodCalendar, windowCalendar, type PeriodCalendar, type PeriodUnit, type PeriodWindow } from "./periods.js";

/** Options of the period functions (`periodIndicators`, `cohortRetention`). */
export interface PeriodOptions<Row = any> extends TransactionReadOptions<Row> {
  /** Calendar period (default `"month"`). */
  period?: PeriodUnit;
  /** First weekday of a week for `period: "week"`: 0 = Sunday … 6 = Saturday (default 1, Monday, as ISO 8601). */
  weekStartsOn?: number;
  /**
   * Explicit windows instead of calendar periods: ordered, non-overlapping `{ start, end, label? }`
   * (ISO dates, inclusive; the label defaults to `start..end`). Purchases outside every window count
   * only for who is new: a customer who first bought before a window is not new in it.
   */
  windows?: { start: string; end: string; label?: string }[];
}

/** Schemas of {@link PeriodOptions}' keys, spread into each period function's options schema. */
export const periodOptionsShape = {
  ...transactionReadOptionsSchema.shape,
  period: z.enum(["week", "month", "quarter", "year"]).optional(),
  weekStartsOn: z.number().int().min(0).max(6).optional(),
  windows: z.array(z.strictObject({ start: z.string(), end: z.string(), label: z.string().optional() })).min(1).optional(),
};


/** What a period result's `meta` says about its periods. */
export interface PeriodMeta extends TransactionReadMeta {
  /** The calendar period, or `null` with explicit `windows`. */
  period: PeriodUnit | null;
  /** First weekday of the weeks (0 = Sunday … 6 = Saturday), `null` unless `period` is `"week"`. */
  weekStartsOn: number | null;
  /** The explicit windows as given (labels filled in), or `null`. */
  windows: { start: string; end: string; label: string }[] | null;
}

/** Validates explicit windows into epoch days (cut at asOf). */
function readWindows(fn: string, windows: NonNullable<PeriodOptions["windows"]>, asOfDay: number): PeriodWindow[] {
  const utc = dayConverter(fn, undefined);
  const out: PeriodWindow[] = [];
  windows.forEach((w, i) => {
    const start = parseDateString(w.start, utc);
    const end = parseDateString(w.end, utc);
    const at = `${fn}: options.windows[${i}]`;
    if (!Number.isFinite(start) || !Number.isFinite(end) || w.start.length !== 10 || w.end.length !== 10) {
      throw new RangeError(`${at}: needs ISO dates (YYYY-MM-DD), got ${JSON.stringify(w.start)} .. ${JSON.stringify(w.end)}`);
    }
    if (end < start) throw new RangeError(`${at}: ends (${w.end}) before it starts (${w.start})`);
    if (start > asOfDay) throw new RangeError(`${at}: starts after asOf`);
    if (i > 0 && start <= out[i - 1].end) throw new RangeError(`${fn}: options.windows: must be in order and must not overlap (windows[${i}] starts on or before windows[${i - 1}] ends)`);
    out.push({ start, end: Math.min(end, asOfDay), label: w.label ?? `${w.start}..${w.end}` });
  });
  return out;
}

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
  asOfDay: number;
  /** The period part of the result's meta. */
  meta: PeriodMeta;
}

/** Reads transactions and builds the customer × period activity shared by indicators and cohorts. */
export function buildActivity<Row>(fn: string, input: TransactionInput<Row>, opts: PeriodOptions<Row>): Activity {
  if (opts.windows && (opts.period !== undefined || opts.weekStartsOn !== undefined)) {
    throw new TypeError(`${fn}: options: give either windows or period/weekStartsOn, not both`);
  }
  let calendar = periodCalendar(opts.period ?? "month", opts.weekStartsOn ?? 1);
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
  let first: number;
  let span: number;
  let windowsMeta: PeriodMeta["windows"] = null;
  if (opts.windows) {
    const windows = readWindows(fn, opts.windows, read.asOfDay);
    windowsMeta = opts.windows.map((w, i) => ({ start: w.start, end: w.end, label: windows[i].label }));
    calendar = windowCalendar(windows);
    first = 0;
    span = windows.length;
  } else {
    first = calendar.index(minDay);
    span = calendar.index(read.asOfDay) - first + 1;
  }
  // Day → period through a lookup table: one calendar computation per distinct day, not per row
  // (−1 for days outside every explicit window).
  const lookup = new Int32Array(read.asOfDay - minDay + 1);
  for (let d = minDay; d <= read.asOfDay; d++) {
    const q = calendar.index(d);
    lookup[d - minDay] = q < 0 ? -1 : q - first;
  }
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
    for (let i = 0; i < n; i++) if (amount[i] >= 0 && rowPeriod[i] >= 0 && rowPeriod[i] < orderPeriod[order[i]]) orderPeriod[order[i]] = rowPeriod[i];
  }
  const orderOwner = withOrders ? new Int32Array(read.orderCount) : null; // counted customer + 1
  let shared: Set<string> | null = null;
  // A customer is new in the period of their first purchase day (−1 if that day is outside every window).
  const firstDay = new Int32Array(nC).fill(2_147_483_647);
  for (let i = 0; i < n; i++) if (amount[i] >= 0 && day[i] < firstDay[cust[i]]) firstDay[cust[i]] = day[i];
  for (let c = 0; c < nC; c++) if (firstDay[c] !== 2_147_483_647) firstPeriod[c] = lookup[firstDay[c] - minDay];
  for (let i = 0; i < n; i++) {
    if (amount[i] < 0) continue; // refunds are not purchases
    const q = rowPeriod[i];
    if (q < 0) continue; // outside every window
    const c = cust[i];
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
    asOfDay: read.asOfDay,
    meta: {
      ...transactionReadMeta(read),
      period: opts.windows ? null : calendar.unit,
      weekStartsOn: !opts.windows && calendar.unit === "week" ? calendar.weekStartsOn : null,
      windows: windowsMeta,
    },
  };
}

