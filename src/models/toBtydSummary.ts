import { z } from "zod";
import { AnalyticsInputError, describeValue, inputIssue } from "../errors.js";
import { dayConverter, isoDateFromDays, toEpochDay } from "../input/dates.js";
import { DayOrderedRows } from "../input/histories.js";
import { readTransactions } from "../input/normalizeTransactions.js";
import { transactionReadOptionsSchema, type TransactionOptionsSchema } from "../input/options.js";
import type { TransactionInput, TransactionReadMeta, TransactionReadOptions } from "../input/types.js";
import { transactionReadMeta } from "../input/normalizeTransactions.js";
import { checkFinite } from "../internal/overflow.js";
import { sumError } from "../internal/neumaier.js";
import { dateInputSchema, defineOptions, parseOptions } from "../options.js";
import { periodCalendar } from "../churn/periods.js";

/**
 * One customer of {@link toBtydSummary}: a `BtydCustomer` (lifetimes' summary definitions and
 * names, which differ from a `CustomerSummary`'s), with the holdout counts when a calibration end is given.
 */
export interface BtydSummaryCustomer {
  customerId: string;
  /**
   * Repeat purchase days (distinct purchase days − 1; with `wholePeriods`, distinct purchase weeks − 1)
   * up to the calibration end (or asOf): lifetimes' `frequency`, not `CustomerSummary.frequency` (every order).
   */
  frequency: number;
  /**
   * First → last purchase day, in `period` units: lifetimes' `recency`, not
   * `CustomerSummary.recencyDays` (days since the last purchase).
   */
  recency: number;
  /** First purchase → calibration end (or asOf), in `period` units. */
  T: number;
  /**
   * Mean of the repeat purchase days' totals (first purchase day left out; with `wholePeriods`, of the
   * repeat purchase weeks' totals, first purchase week left out); 0 without repeats. With
   * `refunds: "net"` (the default) scaled by the customer's net share of what they bought up to the
   * calibration end (or asOf): refunds are spread over their purchases in proportion to the amounts,
   * so a customer who returned everything has 0; a net-negative total (refunds of purchases before
   * the data begin) gives 0 too, counted in `meta.customersWithNetNegativeSpend`.
   */
  monetaryValue: number;
  /** Purchase days (with `wholePeriods`: distinct purchase weeks) after the calibration end up to asOf (only with `calibrationEnd`). */
  frequencyHoldout?: number;
  /** Length of the holdout, in `period` units (only with `calibrationEnd`). */
  durationHoldout?: number;
}

/** Options of {@link toBtydSummary}. */
export interface ToBtydSummaryOptions<Row = any> extends TransactionReadOptions<Row> {
  /** Time unit of recency, T and the holdout: `"day"` or `"week"` (7 days). Required: it is the models' unit. */
  period: "day" | "week";
  /**
   * Count whole calendar weeks, as lifetimes' `freq="W"` (default false: days, as `freq="D"` with
   * `freq_multiplier` 7). Dates become their week (of `periodCalendar`, weeks starting on `weekStartsOn`)
   * before anything is counted: `frequency` = distinct purchase weeks − 1, `recency` = last − first
   * purchase week, `T` = end week − first purchase week, all whole numbers, `monetaryValue` = mean total
   * of the repeat purchase weeks, `frequencyHoldout` = distinct purchase weeks after the calibration end.
   * The unit stays the week, so fitted parameters are per week either way; whole weeks bound the number
   * of distinct (frequency, recency, T) by the observation window, whatever the number of customers.
   * With `period: "day"` it changes nothing (days are whole already).
   */
  wholePeriods?: boolean;
  /**
   * First weekday of a week with `wholePeriods` (0 = Sunday … 6 = Saturday; default 1, Monday: pandas'
   * `"W"` = `"W-SUN"`, weeks ending on Sunday). Only with `period: "week"` and `wholePeriods`.
   */
  weekStartsOn?: number;
  /** End of the calibration period: summaries use purchases up to it; later ones are holdout counts. */
  calibrationEnd?: string | Date | number;
  /**
   * `"records"` (default): `customers`, one {@link BtydSummaryCustomer} per customer. `"columns"`:
   * `columns` ({@link BtydSummaryColumns}), one array per field, without an object per customer.
   */
  output?: "records" | "columns";
}

/** Schema of {@link ToBtydSummaryOptions}. */
export const toBtydSummaryOptionsSchema: TransactionOptionsSchema<ToBtydSummaryOptions> = defineOptions<ToBtydSummaryOptions>()({
  ...transactionReadOptionsSchema.shape,
  period: z.enum(["day", "week"]),
  wholePeriods: z.boolean().optional(),
  weekStartsOn: z.number().int().min(0).max(6).optional(),
  calibrationEnd: dateInputSchema.optional(),
  output: z.enum(["records", "columns"]).optional(),
});

/** `meta` of {@link toBtydSummary}. */
export interface ToBtydSummaryMeta extends TransactionReadMeta {
  /** Time unit of recency, T and durationHoldout. */
  period: "day" | "week";
  /** Whether recency, T and the counts are in whole calendar weeks (lifetimes' `freq="W"`). */
  wholePeriods: boolean;
  /** First weekday of the weeks with `wholePeriods` and `period: "week"` (0 = Sunday … 6 = Saturday), else null. */
  weekStartsOn: number | null;
  /** Calibration end, ISO `YYYY-MM-DD`, or null without one. */
  calibrationEnd: string | null;
  /** Customers whose first purchase is after the calibration end (left out of `customers`). */
  customersFirstSeenInHoldout: number;
  /** Customers whose refunds up to the calibration end (or asOf) exceed their purchases: `monetaryValue` 0 (with `refunds: "net"`). */
  customersWithNetNegativeSpend: number;
}

/** Result of {@link toBtydSummary}: one record per customer (first-appearance order), and `meta`. */
export interface ToBtydSummaryResult {
  customers: BtydSummaryCustomer[];
  meta: ToBtydSummaryMeta;
}

/**
 * The summary as columns (`output: "columns"`): entry `i` of every array is customer `i`, in the order
 * of the records; the holdout columns only with `calibrationEnd`. Every BTYD fit and prediction reads
 * these columns as they are.
 */
export interface BtydSummaryColumns {
  customerId: string[];
  frequency: Float64Array;
  recency: Float64Array;
  T: Float64Array;
  monetaryValue: Float64Array;
  frequencyHoldout?: Float64Array;
  durationHoldout?: Float64Array;
}

/** Result of {@link toBtydSummary} with `output: "columns"`: the same values and `meta` as the records. */
export interface ToBtydSummaryColumnsResult {
  columns: BtydSummaryColumns;
  meta: ToBtydSummaryMeta;
}

/**
 * Turns transactions into the per-customer summary the BTYD models take, as lifetimes'
 * `summary_data_from_transaction_data(freq="D", freq_multiplier=1 or 7)`: same-day purchases merged;
 * `frequency` = distinct purchase days − 1, `recency` = last − first purchase day, `T` = end − first
 * purchase day, in days or weeks; `monetaryValue` = mean total of the repeat purchase days. With
 * `calibrationEnd`, purchases up to it (customers first seen later are counted in `meta`) and
 * `frequencyHoldout`/`durationHoldout` after it. Refund rows are not purchases; with `refunds: "net"`
 * (the default) they lower `monetaryValue` in proportion (see {@link BtydSummaryCustomer}).
 * A customer whose first purchase is on the last day has T = 0, which every fit accepts.
 * With `wholePeriods: true` and `period: "week"`, as `freq="W"`: dates become calendar weeks first
 * (Monday-start by default, pandas' `"W"`; `weekStartsOn` otherwise) and every count, span and
 * `monetaryValue` is per week, in whole numbers (see {@link ToBtydSummaryOptions.wholePeriods}).
 *
 * @param transactions - Records with a field mapping, or columns (as `summarizeTransactions`).
 * One pass over the rows: they go into blocks per bucket of about a thousand customers as they are read,
 * and each bucket is put in day order in cache (counting sorts by day and by customer), not a sort of all
 * rows. With `output: "columns"` the same values come as `Float64Array` columns
 * ({@link BtydSummaryColumns}), which every BTYD fit and prediction reads as they are.
 *
 * @param options - Reading options (`asOf` required), `period` (required), `calibrationEnd`, `output`.
 * @throws {AnalyticsInputError} Bad transactions (as `normalizeTransactions`), or a `calibrationEnd`
 *   that is unreadable or after `asOf` (`["options", "calibrationEnd"]`).
 *
 * @example
 * const a = (date, amount) => ({ customerId: "a", date, amount });
 * const tx = [a("2024-01-01", 10), a("2024-01-01", 5), a("2024-01-15", 20), a("2024-01-29", 40)];
 * const { customers, meta } = toBtydSummary(tx, { asOf: "2024-02-12", period: "week" });
 * customers[0]; //=> { customerId: "a", frequency: 2, recency: 4, T: 6, monetaryValue: 30 }
 * meta.calibrationEnd; //=> null
 * // whole weeks (Monday-start): 2024-02-12 is 6 weeks after the week of 2024-01-01
 * toBtydSummary(tx, { asOf: "2024-02-12", period: "week", wholePeriods: true }).customers[0];
 * //=> { customerId: "a", frequency: 2, recency: 4, T: 6, monetaryValue: 30 }
 */
export function toBtydSummary<Row = any>(transactions: TransactionInput<Row>, options: ToBtydSummaryOptions<Row> & { output: "columns" }): ToBtydSummaryColumnsResult;
export function toBtydSummary<Row = any>(transactions: TransactionInput<Row>, options: ToBtydSummaryOptions<Row>): ToBtydSummaryResult;
export function toBtydSummary<Row = any>(transactions: TransactionInput<Row>, options: ToBtydSummaryOptions<Row>): ToBtydSummaryResult | ToBtydSummaryColumnsResult {
  const fn = "toBtydSummary";
  const opts = parseOptions(fn, toBtydSummaryOptionsSchema, options) as ToBtydSummaryOptions<Row>;
  const whole = opts.wholePeriods === true && opts.period === "week";
  if (opts.weekStartsOn !== undefined && !whole) throw new TypeError(`${fn}: options.weekStartsOn needs period: "week" and wholePeriods: true`);
  const weeks = periodCalendar("week", opts.weekStartsOn ?? 1);
  const unit = opts.period === "week" && !whole ? 7 : 1;
  // the time key a day counts in: the day itself, or its calendar week with whole weeks
  const key = whole ? (day: number) => weeks.index(day) : (day: number) => day;
  // purchase rows gathered per bucket of customers, to come back in day order; refund rows kept apart
  // with their day (those up to the calibration end net against the customer's spend)
  const purchases = new DayOrderedRows();
  const refunds = new RowStore();
  const read = readTransactions(transactions, opts, fn, (rows, _withOrders, _orders, customers) => {
    purchases.prepare(rows, customers);
    return (c, d, _o, a) => {
      const v = a[0];
      if (v < 0) refunds.add(c, d, v);
      else purchases.add(c, d, v);
    };
  });
  const nC = read.customerIds.length;
  const customerIds = read.customerIds;
  let end = read.asOfDay;
  if (opts.calibrationEnd !== undefined) {
    end = toEpochDay(opts.calibrationEnd, dayConverter(fn, opts.timeZone));
    if (!Number.isFinite(end)) {
      throw new AnalyticsInputError(fn, [inputIssue("invalid_value", ["options", "calibrationEnd"], `expected an ISO date, a Date or epoch milliseconds, got ${describeValue(opts.calibrationEnd)}`)]);
    }
  }
  if (end > read.asOfDay) {
    throw new AnalyticsInputError(fn, [inputIssue("invalid_value", ["options", "calibrationEnd"], `${isoDateFromDays(end)} is after asOf ${read.asOf}`)]);
  }
  // refunds up to the end, per customer (none: no array)
  let refundsById: Float64Array | null = null;
  if (refunds.n > 0) {
    const r = new Float64Array(nC);
    for (let k = 0; k < refunds.n; k++) if (refunds.day[k] <= end) r[refunds.cust[k]] += refunds.amount[k];
    for (let c = 0; c < nC; c++) checkFinite(fn, r[c], "the refunds of a customer", { path: ["transactions"], customerId: customerIds[c] });
    refundsById = r;
  }
  // per customer (in order of first appearance): purchase days merged, in day order
  const holdout = opts.calibrationEnd !== undefined;
  // the ids of the customers kept: the reader's own array while no customer is left out
  let ids: string[] | null = null;
  const frequency = new Float64Array(nC);
  const recency = new Float64Array(nC);
  const T = new Float64Array(nC);
  const monetaryValue = new Float64Array(nC);
  const frequencyHoldout = new Float64Array(holdout ? nC : 0);
  const durationHoldout = holdout ? (key(read.asOfDay) - key(end)) / unit : 0;
  const endKey = key(end);
  let j = 0;
  let laterFirst = 0;
  let netNegative = 0;
  /** Customer c's figures into entry j (the mean repeat spend netted by the refunds). */
  const put = (c: number, first: number, lastDay: number, repeats: number, repeatTotal: number, gross: number): void => {
    const firstKey = key(first);
    if (!(repeatTotal - repeatTotal === 0)) checkFinite(fn, repeatTotal, "the repeat purchases' total of a customer", { path: ["transactions"], customerId: customerIds[c] });
    let mean = repeats > 0 ? repeatTotal / repeats : 0;
    if (refundsById !== null && refundsById[c] < 0) {
      const g = gross;
      if (!(g - g === 0)) checkFinite(fn, g, "the purchases' total of a customer", { path: ["transactions"], customerId: customerIds[c] });
      const net = g + refundsById[c];
      if (net <= 0) {
        if (net < 0) netNegative++;
        mean = 0;
      } else mean *= net / g;
    }
    if (ids !== null) ids.push(customerIds[c]);
    frequency[j] = repeats;
    recency[j] = (key(lastDay) - firstKey) / unit;
    T[j] = (endKey - firstKey) / unit;
    monetaryValue[j] = mean;
    j++;
  };
  if (!holdout) {
    // Without a calibration end every purchase counts (the reader keeps no row after asOf): each
    // customer's rows in day order, summed as the histories and `sumRange` sum them (a day's rows added
    // in input order; days' totals Neumaier-summed in day order, all of them and those after the first period)
    const period = whole ? (day: number) => weeks.index(day) : null;
    purchases.forEachBucket(nC, (base, count, ends, pairs) => {
      let from = 0;
      for (let k = 0; k < count; k++) {
        const to = ends[k];
        if (to === from) {
          // refunds only
          ids ??= customerIds.slice(0, j);
          continue;
        }
        const first = pairs[2 * from];
        const firstKey = period === null ? first : period(first);
        let cur = first;
        let curKey = firstKey;
        let day = pairs[2 * from + 1];
        let keys = 1;
        let rs = 0;
        let rc = 0;
        let gs = 0;
        let gc = 0;
        // q === to closes the last day
        for (let q = from + 1; q <= to; q++) {
          const d = q < to ? pairs[2 * q] : Number.NaN;
          if (d === cur) {
            day += pairs[2 * q + 1];
            continue;
          }
          // close the day `cur`: into the gross sum, and into the repeat sum past the first period
          let t = gs + day;
          gc += sumError(gs, day, t);
          gs = t;
          if (curKey !== firstKey) {
            t = rs + day;
            rc += sumError(rs, day, t);
            rs = t;
          }
          if (q === to) break;
          const dk = period === null ? d : period(d);
          if (dk !== curKey) keys++;
          cur = d;
          curKey = dk;
          day = pairs[2 * q + 1];
        }
        from = to;
        put(base + k, first, cur, keys - 1, compensated(rs, rc), compensated(gs, gc));
      }
    });
  } else {
    const h = purchases.histories(nC);
    for (let c = 0; c < nC; c++) {
      const from = h.start[c];
      const to = h.start[c + 1];
      if (from === to) {
        // refunds only
        ids ??= customerIds.slice(0, j);
        continue;
      }
      const first = h.day[from];
      if (first > end) {
        laterFirst++;
        ids ??= customerIds.slice(0, j);
        continue;
      }
      let last = from; // last purchase day on or before the calibration end
      while (last + 1 < to && h.day[last + 1] <= end) last++;
      const firstKey = key(first);
      // repeat periods: purchase days after the first period (days, or days in a later week than the first)
      let firstEnd = from + 1; // first purchase day past the first period
      while (firstEnd <= last && key(h.day[firstEnd]) === firstKey) firstEnd++;
      let repeats = 0;
      for (let k = firstEnd; k <= last; k++) if (k === firstEnd || key(h.day[k]) !== key(h.day[k - 1])) repeats++;
      put(c, first, h.day[last], repeats, sumRange(h.amount, firstEnd, last + 1), refundsById !== null && refundsById[c] < 0 ? sumRange(h.amount, from, last + 1) : 0);
      let held = 0;
      for (let k = last + 1; k < to; k++) if (k === last + 1 || key(h.day[k]) !== key(h.day[k - 1])) held++;
      frequencyHoldout[j - 1] = held;
    }
  }
  const meta: ToBtydSummaryMeta = { ...transactionReadMeta(read), period: opts.period, wholePeriods: whole || opts.wholePeriods === true, weekStartsOn: whole ? weeks.weekStartsOn : null, calibrationEnd: holdout ? isoDateFromDays(end) : null, customersFirstSeenInHoldout: laterFirst, customersWithNetNegativeSpend: netNegative };
  const n = j;
  const keptIds = ids ?? customerIds;
  if (opts.output === "columns") {
    const cut = (a: Float64Array) => (n === nC ? a : a.slice(0, n));
    const columns: BtydSummaryColumns = { customerId: keptIds, frequency: cut(frequency), recency: cut(recency), T: cut(T), monetaryValue: cut(monetaryValue) };
    if (holdout) {
      columns.frequencyHoldout = cut(frequencyHoldout);
      columns.durationHoldout = new Float64Array(n).fill(durationHoldout);
    }
    return { columns, meta };
  }
  const customers = new Array<BtydSummaryCustomer>(n);
  for (let i = 0; i < n; i++) {
    const record: BtydSummaryCustomer = { customerId: keptIds[i], frequency: frequency[i], recency: recency[i], T: T[i], monetaryValue: monetaryValue[i] };
    if (holdout) {
      record.frequencyHoldout = frequencyHoldout[i];
      record.durationHoldout = durationHoldout;
    }
    customers[i] = record;
  }
  return { customers, meta };
}

/** Rows as typed columns (customer code, epoch day, amount), grown by doubling. */
class RowStore {
  cust = new Int32Array(1024);
  day = new Int32Array(1024);
  amount = new Float64Array(1024);
  n = 0;
  /** Room for `rows` more rows (the reader's size hint: no copies while a one-batch input is read). */
  reserve(rows: number): void {
    if (this.n + rows > this.cust.length) this.resize(this.n + rows);
  }
  add(c: number, d: number, a: number): void {
    const k = this.n;
    if (k === this.cust.length) this.resize(2 * k);
    this.cust[k] = c;
    this.day[k] = d;
    this.amount[k] = a;
    this.n = k + 1;
  }
  private resize(size: number): void {
    const cust = new Int32Array(size);
    cust.set(this.cust.subarray(0, this.n));
    const day = new Int32Array(size);
    day.set(this.day.subarray(0, this.n));
    const amount = new Float64Array(size);
    amount.set(this.amount.subarray(0, this.n));
    this.cust = cust;
    this.day = day;
    this.amount = amount;
  }
}


/** Σ a[from .. to − 1], compensated: `compensatedSum` over the range, to the last bit. */
function sumRange(a: Float64Array, from: number, to: number): number {
  let s = 0;
  let c = 0;
  for (let k = from; k < to; k++) {
    const v = a[k];
    const t = s + v;
    c += sumError(s, v, t);
    s = t;
  }
  return compensated(s, c);
}

/** A Neumaier sum's result from its running sum and compensation (the sum alone once it is not finite). */
function compensated(s: number, c: number): number {
  return s - s === 0 ? s + c : s;
}
