import { z } from "zod";
import { readTransactions, transactionReadMeta } from "../input/normalizeTransactions.js";
import { transactionReadOptionsSchema } from "../input/options.js";
import type { TransactionInput, TransactionReadMeta, TransactionReadOptions } from "../input/types.js";
import { dayConverter, isoDateFromDays, parseDateString } from "../input/dates.js";
import { sumError } from "../internal/neumaier.js";
import { overflowError } from "../internal/overflow.js";
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

/**
 * What a period function does with a partial period (cut by `asOf`, or by the first day of the rows for
 * the first calendar period): `"null-rates"` keeps it, marked `partial: true`, with its rates `null`;
 * `"mark"` keeps it, marked, with its rates computed over the days covered; `"drop"` leaves it out of
 * the records (`meta.partial` still lists it). See [docs/churn.md](../../docs/churn.md#partial-periods).
 */
export type PartialPeriods = "null-rates" | "mark" | "drop";

/** A partial period, as `meta.partial` lists it. */
export interface PartialPeriodInfo {
  /** Period label (`2011-12`) or window label. */
  period: string;
  /** First and last day the period covers (ISO dates). */
  start: string;
  end: string;
  /** Calendar days covered (start to end), fewer than `daysInPeriod`. */
  daysCovered: number;
  /** Calendar days of the whole period (of the window as given). */
  daysInPeriod: number;
}

/** The days period `q` covers: from its first day (or the first day of the rows) to its last (or asOf). */
export interface PeriodCoverage {
  from: number;
  to: number;
  daysCovered: number;
  daysInPeriod: number;
  /** daysCovered < daysInPeriod. */
  partial: boolean;
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
  /** Customers with refunds only (as in `summarizeTransactions`): in no period's revenue and no cohort. */
  customersWithoutPurchases: string[];
  /**
   * Refund rows dated in a period before their customer's first purchase (the sale they reverse predates
   * the data), and their sum: their amounts count in the period of that first purchase.
   */
  refundsBeforeFirstPurchase: { rows: number; amount: number };
  /** What was done with partial periods (the `partialPeriods` option, or the function's default). */
  partialPeriods: PartialPeriods;
  /** The partial periods in time order (also those left out by `"drop"`); empty when every period is whole. */
  partial: PartialPeriodInfo[];
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
    out.push({ start, end: Math.min(end, asOfDay), label: w.label ?? `${w.start}..${w.end}`, daysInWindow: end - start + 1 });
  });
  return out;
}

/**
 * The most periods a period function builds (`periodIndicators` {@link MAX_PERIODS}, `cohortRetention`
 * {@link MAX_COHORT_PERIODS}), and the most customer × period cells of the activity matrix
 * ({@link MAX_ACTIVITY_CELLS}). Beyond them the function throws a `RangeError` before allocating: the
 * usual cause is a sentinel or mis-read date (`0001-01-01`, epoch seconds) let through a wide `dateRange`.
 */
export const MAX_PERIODS: number = 20_000;
/** Most periods of `cohortRetention` (its matrix has periods² / 2 cells): 2,000 (≈ 166 years of months). */
export const MAX_COHORT_PERIODS: number = 2_000;
/** Most customer × period cells of the activity matrix (two bytes each). */
export const MAX_ACTIVITY_CELLS: number = 500_000_000;

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
  /** The kept rows: customer, day, period (0-based; −1 outside every window, or a refund before the first purchase of all) and amount. */
  rowCustomer: Int32Array;
  rowDay: Int32Array;
  rowPeriod: Int32Array;
  rowAmount: Float64Array;
  /**
   * The period each row's amount counts in for revenue ({@link periodRevenue}): the row's own period,
   * except that a refund dated before the customer's first purchase counts in the period of that
   * purchase; −1 for no period (outside every window, or a customer with refunds only).
   */
  rowRevenuePeriod: Int32Array;
  rows: number;
  asOfDay: number;
  /** The days each period covers (0-based), and whether it is partial. */
  coverage: PeriodCoverage[];
  /** Label of period `q` (0-based). */
  label(q: number): string;
  /** The period part of the result's meta. */
  meta: PeriodMeta;
}

/** Reads transactions and builds the customer × period activity shared by indicators and cohorts. */
export function buildActivity<Row>(fn: string, input: TransactionInput<Row>, opts: PeriodOptions<Row>, partialPeriods: PartialPeriods, maxPeriods: number = MAX_PERIODS): Activity {
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
  // Periods run from the first purchase: earlier rows are refunds, and they count in their customer's
  // first purchase period (or in none), never before it.
  let minDay = read.asOfDay;
  for (let i = 0; i < n; i++) if (amount[i] >= 0 && day[i] < minDay) minDay = day[i];
  let first: number;
  let span: number;
  let windowsMeta: PeriodMeta["windows"] = null;
  let windows: PeriodWindow[] = [];
  if (opts.windows) {
    windows = readWindows(fn, opts.windows, read.asOfDay);
    windowsMeta = opts.windows.map((w, i) => ({ start: w.start, end: w.end, label: windows[i].label }));
    calendar = windowCalendar(windows);
    first = 0;
    span = windows.length;
  } else {
    first = calendar.index(minDay);
    span = calendar.index(read.asOfDay) - first + 1;
  }
  const nC = read.customerIds.length;
  // Bounded before anything of the period count's size is allocated.
  if (span > maxPeriods) {
    throw new RangeError(
      `${fn}: ${span} ${calendar.unit === "week" ? "weekly" : calendar.unit === "month" ? "monthly" : calendar.unit === "quarter" ? "quarterly" : "yearly"} periods from ${isoDateFromDays(minDay)} to ${read.asOf} exceed the limit of ${maxPeriods}: check the earliest date (a sentinel such as 0001-01-01, or epoch seconds read as milliseconds) or use a longer period`,
    );
  }
  if (span * nC > MAX_ACTIVITY_CELLS) {
    throw new RangeError(`${fn}: ${nC} customers × ${span} periods exceed the limit of ${MAX_ACTIVITY_CELLS} customer-period cells: use a longer period or fewer customers`);
  }
  // Day → 0-based period. Calendar indices are negative before 1970 (floor division), so only a
  // window calendar's OUTSIDE_WINDOWS means "outside"; a calendar period is never before `first`.
  const periodOf = opts.windows ? (d: number): number => calendar.index(d) : (d: number): number => calendar.index(d) - first;
  const rowPeriod = new Int32Array(n);
  const daySpan = read.asOfDay - minDay + 1;
  if (daySpan <= Math.max(65_536, 4 * n)) {
    // one calendar computation per distinct day, not per row
    const lookup = new Int32Array(daySpan);
    for (let d = minDay; d <= read.asOfDay; d++) lookup[d - minDay] = periodOf(d);
    for (let i = 0; i < n; i++) rowPeriod[i] = day[i] < minDay ? -1 : lookup[day[i] - minDay];
  } else {
    for (let i = 0; i < n; i++) rowPeriod[i] = day[i] < minDay ? -1 : periodOf(day[i]);
  }
  const marks = new Uint8Array(span * nC);
  const orders = new Uint8Array(span * nC);
  const firstPeriod = new Int32Array(nC).fill(-1);
  // Earliest period of each order id per customer, so an order spanning periods counts once, in the
  // same place whatever the row order. An id under one customer (the usual case) is kept in typed
  // arrays; an id shared by several customers counts once for each, in that customer's earliest
  // period of it (a map keyed by order and customer, rare).
  let orderPeriod: Int32Array | null = null;
  let orderOwner: Int32Array | null = null; // the id's first customer + 1 (0 = not seen)
  let sharedPeriod: Map<string, number> | null = null;
  if (withOrders) {
    orderPeriod = new Int32Array(read.orderCount).fill(2_147_483_647);
    orderOwner = new Int32Array(read.orderCount);
    for (let i = 0; i < n; i++) {
      const q = rowPeriod[i];
      if (amount[i] < 0 || q < 0) continue;
      const o = order[i];
      const c = cust[i];
      if (orderOwner[o] === 0) orderOwner[o] = c + 1;
      if (orderOwner[o] === c + 1) {
        if (q < orderPeriod[o]) orderPeriod[o] = q;
      } else {
        sharedPeriod ??= new Map();
        const key = `${o}:${c}`;
        const p = sharedPeriod.get(key);
        if (p === undefined || q < p) sharedPeriod.set(key, q);
      }
    }
  }
  const orderCounted = withOrders ? new Uint8Array(read.orderCount) : null;
  let sharedCounted: Set<string> | null = null;
  // A customer is new in the period of their first purchase day (−1 if that day is outside every window).
  const NONE = 2_147_483_647;
  const firstDay = new Int32Array(nC).fill(NONE);
  for (let i = 0; i < n; i++) if (amount[i] >= 0 && day[i] < firstDay[cust[i]]) firstDay[cust[i]] = day[i];
  for (let c = 0; c < nC; c++) if (firstDay[c] !== NONE) firstPeriod[c] = periodOf(firstDay[c]);
  // Revenue periods: a refund dated before the customer's first purchase reverses a sale the data
  // does not hold, and counts where that customer's revenue starts; customers with refunds only have
  // none (as in summarizeTransactions, which lists them in meta.customersWithoutPurchases).
  const rowRevenuePeriod = new Int32Array(n);
  let earlyRows = 0;
  let earlyAmount = 0;
  let earlyError = 0;
  for (let i = 0; i < n; i++) {
    const f = firstDay[cust[i]];
    if (f === NONE) rowRevenuePeriod[i] = -1;
    else if (day[i] < f) {
      rowRevenuePeriod[i] = firstPeriod[cust[i]];
      if (rowPeriod[i] !== firstPeriod[cust[i]]) {
        earlyRows++;
        const t = earlyAmount + amount[i];
        earlyError += sumError(earlyAmount, amount[i], t);
        earlyAmount = t;
      }
    } else rowRevenuePeriod[i] = rowPeriod[i];
  }
  earlyAmount += earlyError;
  if (!Number.isFinite(earlyAmount)) throw overflowError(fn, "the sum of the refunds dated before their customers' first purchases", earlyAmount);
  const withoutPurchases: string[] = [];
  for (let c = 0; c < nC; c++) if (firstDay[c] === NONE) withoutPurchases.push(read.customerIds[c]);
  for (let i = 0; i < n; i++) {
    if (amount[i] < 0) continue; // refunds are not purchases
    const q = rowPeriod[i];
    if (q < 0) continue; // outside every window
    const c = cust[i];
    const m = q * nC + c;
    marks[m] = 1;
    if (orderPeriod && orderOwner && orderCounted) {
      const o = order[i];
      if (orderOwner[o] === c + 1) {
        if (orderPeriod[o] !== q || orderCounted[o] === 1) continue;
        orderCounted[o] = 1;
      } else {
        // the same order id under another customer too: once for this one, in its earliest period
        const key = `${o}:${c}`;
        if (sharedPeriod?.get(key) !== q) continue;
        sharedCounted ??= new Set();
        if (sharedCounted.has(key)) continue;
        sharedCounted.add(key);
      }
    }
    if (orders[m] < 2) orders[m]++;
  }
  // The days each period covers: calendar periods from the first day of the rows used (a refund
  // before the first purchase included: the data covers that day) to asOf; windows as given, cut at asOf.
  let firstRowDay = read.asOfDay;
  for (let i = 0; i < n; i++) if (day[i] < firstRowDay) firstRowDay = day[i];
  const coverage: PeriodCoverage[] = [];
  const partial: PartialPeriodInfo[] = [];
  for (let q = 0; q < span; q++) {
    let from: number;
    let to: number;
    let daysInPeriod: number;
    if (opts.windows) {
      from = windows[q].start;
      to = windows[q].end;
      daysInPeriod = windows[q].daysInWindow;
    } else {
      const s = calendar.start(first + q);
      const e = calendar.end(first + q);
      from = q === 0 ? Math.max(s, firstRowDay) : s;
      to = Math.min(e, read.asOfDay);
      daysInPeriod = e - s + 1;
    }
    const daysCovered = to - from + 1;
    const cut = daysCovered < daysInPeriod;
    coverage.push({ from, to, daysCovered, daysInPeriod, partial: cut });
    if (cut) partial.push({ period: calendar.label(first + q), start: isoDateFromDays(from), end: isoDateFromDays(to), daysCovered, daysInPeriod });
  }
  const cal = calendar;
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
    rowRevenuePeriod,
    rows: n,
    asOfDay: read.asOfDay,
    coverage,
    label: (q: number) => cal.label(first + q),
    meta: {
      ...transactionReadMeta(read),
      period: opts.windows ? null : calendar.unit,
      weekStartsOn: !opts.windows && calendar.unit === "week" ? calendar.weekStartsOn : null,
      windows: windowsMeta,
      customersWithoutPurchases: withoutPurchases,
      refundsBeforeFirstPurchase: { rows: earlyRows, amount: earlyAmount + 0 },
      partialPeriods,
      partial,
    },
  };
}

/**
 * Period revenue, defined once for every period function (`periodIndicators`' `revenue` and
 * `revenueFromPrevious`, `cohortRetention`'s cell `revenue`): the compensated sum of the amounts of
 * the rows used (refunds netted under `refunds: "net"`), each in its revenue period
 * ({@link Activity.rowRevenuePeriod}). `cellOf(i, q)` places row `i` of revenue period `q` in one of
 * `cells` sums (−1: in none). So per period, and in total, both functions add the same rows.
 *
 * @throws {AnalyticsInputError} `overflow` when a sum (or a running sum) is not a finite number.
 */
export function periodRevenue(fn: string, act: Activity, cells: number, cellOf: (row: number, period: number) => number): Float64Array {
  const sum = new Float64Array(cells);
  const comp = new Float64Array(cells);
  for (let i = 0; i < act.rows; i++) {
    const q = act.rowRevenuePeriod[i];
    if (q < 0) continue;
    const k = cellOf(i, q);
    if (k < 0) continue;
    const s = sum[k];
    const v = act.rowAmount[i];
    const t = s + v;
    if (!Number.isFinite(t)) throw overflowError(fn, `the sum of the amounts of period ${act.label(q)}`, t);
    comp[k] += sumError(s, v, t);
    sum[k] = t;
  }
  for (let k = 0; k < cells; k++) sum[k] += comp[k] + 0; // + 0: no −0
  return sum;
}
