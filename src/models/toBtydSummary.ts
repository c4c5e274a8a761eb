import { z } from "zod";
import { AnalyticsInputError, describeValue } from "../errors.js";
import { dayConverter, isoDateFromDays, toEpochDay } from "../input/dates.js";
import { parseOptions } from "../options.js";
import { transactionReadOptionsObject } from "../input/options.js";
import type { TransactionInput, TransactionReadOptions } from "../input/types.js";
import { readPurchaseHistories } from "../input/histories.js";

/** One customer in lifetimes' summary form, with holdout counts when a calibration end is given. */
export interface BtydSummaryRecord {
  customerId: string;
  /** Repeat purchase days (distinct purchase days − 1) up to the calibration end (or asOf). */
  frequency: number;
  /** First → last purchase day, in `period` units. */
  recency: number;
  /** First purchase → calibration end (or asOf), in `period` units. */
  T: number;
  /** Mean of the repeat purchase days' totals (first purchase day excluded); 0 without repeats. */
  monetaryValue: number;
  /** Purchase days after the calibration end up to asOf (only with `calibrationEnd`). */
  frequencyHoldout?: number;
  /** Length of the holdout, in `period` units (only with `calibrationEnd`). */
  durationHoldout?: number;
}

/** Options of {@link toBtydSummary}. */
export interface ToBtydSummaryOptions<Row = any> extends TransactionReadOptions<Row> {
  /** Time unit of recency, T and the holdout: `"day"` or `"week"` (7 days). Required: it is the models' unit. */
  period: "day" | "week";
  /** End of the calibration period: summaries use purchases up to it; later ones are holdout counts. */
  calibrationEnd?: string | Date | number;
}

const schema = transactionReadOptionsObject.extend({
  period: z.enum(["day", "week"]),
  calibrationEnd: z.union([z.string(), z.date(), z.number()]).optional(),
});

/**
 * Turns transactions into the per-customer summary the BTYD models take, as lifetimes'
 * `summary_data_from_transaction_data(freq="D", freq_multiplier=1 or 7)` defines it: purchases on the
 * same calendar day are merged into one; `frequency` = distinct purchase days − 1, `recency` = last −
 * first purchase day, `T` = end − first purchase day, in days or weeks (days / 7); `monetaryValue` =
 * mean total of the repeat purchase days. With `calibrationEnd`, the summary covers purchases up to it
 * (customers first seen later are left out and counted in `meta`) and `frequencyHoldout` counts the
 * purchase days after it up to `asOf`. Refund rows are not purchases.
 *
 * @param transactions - Records with a field mapping, or columns (as {@link summarizeTransactions}).
 * @param options - Reading options (`asOf` required), `period` (required), `calibrationEnd`.
 * @returns `customers` (first-appearance order) and `meta` (unit, ends, customers left out).
 *
 * @example
 * const { customers } = toBtydSummary(
 *   [
 *     { customerId: "a", date: "2024-01-01", amount: 10 }, { customerId: "a", date: "2024-01-01", amount: 5 },
 *     { customerId: "a", date: "2024-01-15", amount: 20 }, { customerId: "a", date: "2024-01-29", amount: 40 },
 *   ],
 *   { asOf: "2024-02-12", period: "week" },
 * );
 * customers[0]; //=> { customerId: "a", frequency: 2, recency: 4, T: 6, monetaryValue: 30 }
 */
export function toBtydSummary<Row = any>(
  transactions: TransactionInput<Row>,
  options: ToBtydSummaryOptions<Row>,
): { customers: BtydSummaryRecord[]; meta: { period: "day" | "week"; asOf: string; calibrationEnd: string | null; customersFirstSeenInHoldout: number } } {
  const fn = "toBtydSummary";
  const opts = parseOptions(fn, schema, options ?? {}) as ToBtydSummaryOptions<Row>;
  const unit = opts.period === "week" ? 7 : 1;
  const { read, histories: h } = readPurchaseHistories(fn, transactions, opts);
  let end = read.asOfDay;
  if (opts.calibrationEnd !== undefined) {
    end = toEpochDay(opts.calibrationEnd, dayConverter(fn, opts.timeZone));
    if (!Number.isFinite(end)) {
      throw new AnalyticsInputError(fn, [{ path: "options.calibrationEnd", code: "invalid_value", message: `options.calibrationEnd: expected an ISO date, a Date or epoch milliseconds, got ${describeValue(opts.calibrationEnd)}` }]);
    }
  }
  if (end > read.asOfDay) {
    throw new AnalyticsInputError(fn, [{ path: "options.calibrationEnd", code: "invalid_value", message: `options.calibrationEnd: ${isoDateFromDays(end)} is after asOf ${read.asOf}` }]);
  }
  // per customer (in order of first appearance): purchase days merged, in day order
  const out: BtydSummaryRecord[] = [];
  let laterFirst = 0;
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
    const repeats = last - from;
    let repeatTotal = 0;
    for (let k = from + 1; k <= last; k++) repeatTotal += h.amount[k];
    const record: BtydSummaryRecord = {
      customerId: read.customerIds[c],
      frequency: repeats,
      recency: (h.day[last] - first) / unit,
      T: (end - first) / unit,
      monetaryValue: repeats > 0 ? repeatTotal / repeats : 0,
    };
    if (opts.calibrationEnd !== undefined) {
      record.frequencyHoldout = to - 1 - last;
      record.durationHoldout = (read.asOfDay - end) / unit;
    }
    out.push(record);
  }
  return { customers: out, meta: { period: opts.period, asOf: read.asOf, calibrationEnd: opts.calibrationEnd === undefined ? null : isoDateFromDays(end), customersFirstSeenInHoldout: laterFirst } };
}
