import { z } from "zod";
import { AnalyticsInputError, describeValue, inputIssue } from "../errors.js";
import { dayConverter, isoDateFromDays, toEpochDay } from "../input/dates.js";
import { purchaseHistories } from "../input/histories.js";
import { readTransactions } from "../input/normalizeTransactions.js";
import { transactionReadOptionsSchema, type TransactionOptionsSchema } from "../input/options.js";
import type { TransactionInput, TransactionReadMeta, TransactionReadOptions } from "../input/types.js";
import { transactionReadMeta } from "../input/normalizeTransactions.js";
import { checkFinite } from "../internal/overflow.js";
import { compensatedSum } from "../internal/neumaier.js";
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
}

/** Schema of {@link ToBtydSummaryOptions}. */
export const toBtydSummaryOptionsSchema: TransactionOptionsSchema<ToBtydSummaryOptions> = defineOptions<ToBtydSummaryOptions>()({
  ...transactionReadOptionsSchema.shape,
  period: z.enum(["day", "week"]),
  wholePeriods: z.boolean().optional(),
  weekStartsOn: z.number().int().min(0).max(6).optional(),
  calibrationEnd: dateInputSchema.optional(),
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
 * @param options - Reading options (`asOf` required), `period` (required), `calibrationEnd`.
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
export function toBtydSummary<Row = any>(transactions: TransactionInput<Row>, options: ToBtydSummaryOptions<Row>): ToBtydSummaryResult {
  const fn = "toBtydSummary";
  const opts = parseOptions(fn, toBtydSummaryOptionsSchema, options) as ToBtydSummaryOptions<Row>;
  const whole = opts.wholePeriods === true && opts.period === "week";
  if (opts.weekStartsOn !== undefined && !whole) throw new TypeError(`${fn}: options.weekStartsOn needs period: "week" and wholePeriods: true`);
  const weeks = periodCalendar("week", opts.weekStartsOn ?? 1);
  const unit = opts.period === "week" && !whole ? 7 : 1;
  // the time key a day counts in: the day itself, or its calendar week with whole weeks
  const key = whole ? (day: number) => weeks.index(day) : (day: number) => day;
  // purchase rows for the histories; refund rows kept apart with their day (those up to the calibration
  // end net against the customer's spend)
  const cust: number[] = [];
  const days: number[] = [];
  const amounts: number[] = [];
  const refundCust: number[] = [];
  const refundDay: number[] = [];
  const refundAmount: number[] = [];
  const read = readTransactions(transactions, opts, fn, () => (c, d, _o, a) => {
    if (a[0] < 0) {
      refundCust.push(c);
      refundDay.push(d);
      refundAmount.push(a[0]);
      return;
    }
    cust.push(c);
    days.push(d);
    amounts.push(a[0]);
  });
  const h = purchaseHistories(read.customerIds.length, cust, days, amounts);
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
  // refunds up to the end, per customer
  const refundsById = new Float64Array(read.customerIds.length);
  for (let k = 0; k < refundCust.length; k++) if (refundDay[k] <= end) refundsById[refundCust[k]] += refundAmount[k];
  for (let c = 0; c < refundsById.length; c++) checkFinite(fn, refundsById[c], "the refunds of a customer", { path: ["transactions"], customerId: read.customerIds[c] });
  // per customer (in order of first appearance): purchase days merged, in day order
  const out: BtydSummaryCustomer[] = [];
  let laterFirst = 0;
  let netNegative = 0;
  for (let c = 0; c < read.customerIds.length; c++) {
    const from = h.start[c];
    const to = h.start[c + 1];
    if (from === to) continue; // refunds only
    const first = h.day[from];
    if (first > end) {
      laterFirst++;
      continue;
    }
    let last = from; // last purchase day on or before the calibration end
    while (last + 1 < to && h.day[last + 1] <= end) last++;
    const site = { path: ["transactions"], customerId: read.customerIds[c] };
    // repeat periods: purchase days after the first period (days, or days in a later week than the first)
    let firstEnd = from + 1; // first purchase day past the first period
    while (firstEnd <= last && key(h.day[firstEnd]) === key(first)) firstEnd++;
    let repeats = 0;
    for (let k = firstEnd; k <= last; k++) if (k === firstEnd || key(h.day[k]) !== key(h.day[k - 1])) repeats++;
    const repeatTotal = checkFinite(fn, compensatedSum(last - firstEnd + 1, (k) => h.amount[firstEnd + k]), "the repeat purchases' total of a customer", site);
    let monetaryValue = repeats > 0 ? repeatTotal / repeats : 0;
    if (refundsById[c] < 0) {
      const gross = checkFinite(fn, compensatedSum(last - from + 1, (k) => h.amount[from + k]), "the purchases' total of a customer", site);
      const net = gross + refundsById[c];
      if (net <= 0) {
        if (net < 0) netNegative++;
        monetaryValue = 0;
      } else monetaryValue *= net / gross;
    }
    const record: BtydSummaryCustomer = {
      customerId: read.customerIds[c],
      frequency: repeats,
      recency: (key(h.day[last]) - key(first)) / unit,
      T: (key(end) - key(first)) / unit,
      monetaryValue,
    };
    if (opts.calibrationEnd !== undefined) {
      let held = 0;
      for (let k = last + 1; k < to; k++) if (k === last + 1 || key(h.day[k]) !== key(h.day[k - 1])) held++;
      record.frequencyHoldout = held;
      record.durationHoldout = (key(read.asOfDay) - key(end)) / unit;
    }
    out.push(record);
  }
  return { customers: out, meta: { ...transactionReadMeta(read), period: opts.period, wholePeriods: whole || opts.wholePeriods === true, weekStartsOn: whole ? weeks.weekStartsOn : null, calibrationEnd: opts.calibrationEnd === undefined ? null : isoDateFromDays(end), customersFirstSeenInHoldout: laterFirst, customersWithNetNegativeSpend: netNegative } };
}
