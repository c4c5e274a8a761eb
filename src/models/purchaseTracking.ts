import { z } from "zod";
import { AnalyticsInputError, describeValue, inputIssue } from "../errors.js";
import { dayConverter, isoDateFromDays, toEpochDay } from "../input/dates.js";
import { readPurchaseHistories } from "../input/histories.js";
import { transactionReadMeta } from "../input/normalizeTransactions.js";
import { transactionReadOptionsSchema, type TransactionOptionsSchema } from "../input/options.js";
import type { DateInput, TransactionInput, TransactionReadMeta, TransactionReadOptions } from "../input/types.js";
import { dateInputSchema, defineOptions, parseOptions } from "../options.js";
import { checkedPurchases } from "./btydInput.js";
import { purchaseKernel } from "./purchaseModel.js";
import type { PurchaseModel } from "./types.js";

/** Options of {@link purchaseTracking}. */
export interface PurchaseTrackingOptions<Row = any> extends TransactionReadOptions<Row> {
  /** End of the calibration period (the model was fitted on purchases up to it). Required. */
  calibrationEnd: DateInput;
  /** Time unit of the model's parameters: the `period` given to `toBtydSummary` for the fit. Required. */
  period: "day" | "week";
  /** Length of a tracking period: `"week"` (7 days, the default, as FHL 2005 figure 2) or `"day"`. */
  trackingPeriod?: "day" | "week";
}

/** Schema of {@link PurchaseTrackingOptions}. */
export const purchaseTrackingOptionsSchema: TransactionOptionsSchema<PurchaseTrackingOptions> = defineOptions<PurchaseTrackingOptions>()({
  ...transactionReadOptionsSchema.shape,
  calibrationEnd: dateInputSchema,
  period: z.enum(["day", "week"]),
  trackingPeriod: z.enum(["day", "week"]).optional(),
});

/** One tracking period of {@link purchaseTracking}: the repeat purchases made in it and those the model expected. */
export interface PurchaseTrackingRecord {
  /** Number of the period, from 1 (the period of the first purchase in the data). */
  periodNumber: number;
  /** First day of the period covered by the data, ISO `YYYY-MM-DD`. */
  startDate: string;
  /** Last day of the period covered by the data (at most asOf), ISO `YYYY-MM-DD`. */
  endDate: string;
  /** True for a holdout period (after the calibration end); periods never straddle it. */
  holdout: boolean;
  /** True when the data cover only part of the period (the first one, or the last one cut at asOf). */
  partial: boolean;
  /** Days of the period the data cover. */
  daysCovered: number;
  /** Days of a whole period (7 or 1). */
  daysInPeriod: number;
  /** Customers whose first purchase falls in this period (only calibration periods have any). */
  newCustomers: number;
  /** Repeat purchases (purchase days after each customer's first) made in the period. */
  actual: number;
  /** Repeat purchases the model expected in the period, Σ_i E[X(end − s_i)] − E[X(start − 1 − s_i)]. */
  expected: number;
  /** Repeat purchases made up to the end of the period. */
  cumulativeActual: number;
  /** Repeat purchases the model expected up to the end of the period. */
  cumulativeExpected: number;
}

/** `meta` of {@link purchaseTracking}: the reading, the model used, the periods. */
export type PurchaseTrackingMeta = TransactionReadMeta &
  PurchaseModel & {
    /** Time unit of the model's parameters. */
    period: "day" | "week";
    /** Length of a tracking period. */
    trackingPeriod: "day" | "week";
    /** Calibration end, ISO `YYYY-MM-DD`. */
    calibrationEnd: string;
    /** Number of calibration periods (the first `calibrationPeriods` records). */
    calibrationPeriods: number;
    /** Customers tracked: those whose first purchase is on or before the calibration end. */
    customers: number;
    /** Customers whose first purchase is after the calibration end (not tracked). */
    customersFirstSeenInHoldout: number;
  };

/** Result of {@link purchaseTracking}: one record per period, in time order, and `meta`. */
export interface PurchaseTrackingResult {
  periods: PurchaseTrackingRecord[];
  meta: PurchaseTrackingMeta;
}

/**
 * Tracks a purchase model over time (Fader, Hardie & Lee 2005, figure 2): per week (or day), the repeat
 * purchases the customers first seen up to the calibration end actually made, against those the model
 * expected of them, in the calibration period and after it (the holdout), incremental and cumulative.
 * Repeat purchases are counted as `toBtydSummary` counts them: distinct purchase days after a customer's
 * first, refund rows left out. The model's expectation for customer i, first purchase on day s_i, by the
 * end of day d is the unconditional E[X((d − s_i)/unit)] of a customer picked at their first purchase
 * (FHL 2005 eq. 9 for BG/NBD and its modified BG/NBD and Pareto/NBD counterparts), summed over the
 * customers. Periods are counted back and forward from the day after the calibration end, so none
 * straddles it; the first and last can be partial (`partial`, `daysCovered`). Draw it with `trackingChart`.
 *
 * @param transactions - Records with a field mapping, or columns (as `toBtydSummary`).
 * @param model - The purchase model `{ model, params }` fitted on the calibration summary.
 * @param options - Reading options (`asOf` required), `calibrationEnd` and `period` (the model's time
 *   unit) required, `trackingPeriod` (default `"week"`).
 * @returns `periods` ({@link PurchaseTrackingRecord}, in time order) and `meta`.
 * @throws {TypeError} `model` is not a purchase model; {RangeError} bad parameters or options, or an
 *   expectation that cannot be computed at these parameters.
 * @throws {AnalyticsInputError} Bad transactions (as `normalizeTransactions`); a `calibrationEnd` that
 *   is unreadable or after asOf (`["options", "calibrationEnd"]`); no customer first seen on or before
 *   it (`degenerate_data`).
 *
 * @example
 * const tx = [
 *   { customerId: "a", date: "2024-01-01", amount: 10 }, { customerId: "a", date: "2024-01-09", amount: 10 },
 *   { customerId: "b", date: "2024-01-03", amount: 10 }, { customerId: "a", date: "2024-01-20", amount: 10 },
 * ];
 * const model = { model: "bg-nbd", params: { r: 0.24, alpha: 4.4, a: 0.79, b: 2.4 } };
 * const { periods, meta } = purchaseTracking(tx, model, { asOf: "2024-01-28", calibrationEnd: "2024-01-14", period: "week" });
 * periods.map((p) => [p.startDate, p.holdout, p.actual, p.cumulativeActual]);
 * //=> [["2024-01-01", false, 0, 0], ["2024-01-08", false, 1, 1], ["2024-01-15", true, 1, 2], ["2024-01-22", true, 0, 2]]
 * [meta.calibrationPeriods, meta.customers]; //=> [2, 2]
 * Math.round(periods[3].cumulativeExpected * 1e4) / 1e4; //=> 0.3631
 *
 * @see Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers" the easy way: an
 *   alternative to the Pareto/NBD model. Marketing Science 24(2), 275–284 (figure 2).
 */
export function purchaseTracking<Row = any>(transactions: TransactionInput<Row>, model: PurchaseModel, options: PurchaseTrackingOptions<Row>): PurchaseTrackingResult {
  const fn = "purchaseTracking";
  const kernel = purchaseKernel(fn, model, "model.params");
  const opts = parseOptions(fn, purchaseTrackingOptionsSchema, options) as PurchaseTrackingOptions<Row>;
  const unit = opts.period === "week" ? 7 : 1;
  const trackingPeriod = opts.trackingPeriod ?? "week";
  const L = trackingPeriod === "week" ? 7 : 1;
  const { read, histories: h } = readPurchaseHistories(fn, transactions, opts);
  const end = toEpochDay(opts.calibrationEnd, dayConverter(fn, opts.timeZone));
  if (!Number.isFinite(end)) {
    throw new AnalyticsInputError(fn, [inputIssue("invalid_value", ["options", "calibrationEnd"], `expected an ISO date, a Date or epoch milliseconds, got ${describeValue(opts.calibrationEnd)}`)]);
  }
  const asOf = read.asOfDay;
  if (end > asOf) {
    throw new AnalyticsInputError(fn, [inputIssue("invalid_value", ["options", "calibrationEnd"], `${isoDateFromDays(end)} is after asOf ${read.asOf}`)]);
  }
  // customers first seen up to the calibration end: their birth days, and their repeat purchase days
  const births = new Map<number, number>();
  const repeatDays: number[] = [];
  let customers = 0;
  let laterFirst = 0;
  let first = Infinity;
  const nCustomers = read.customerIds.length;
  for (let c = 0; c < nCustomers; c++) {
    const from = h.start[c];
    const to = h.start[c + 1];
    if (from === to) continue; // refunds only
    const s = h.day[from];
    if (s > end) {
      laterFirst++;
      continue;
    }
    customers++;
    births.set(s, (births.get(s) ?? 0) + 1);
    if (s < first) first = s;
    for (let k = from + 1; k < to; k++) repeatDays.push(h.day[k]);
  }
  if (customers === 0) {
    throw new AnalyticsInputError(fn, [inputIssue("degenerate_data", ["transactions"], `no customer made a first purchase on or before the calibration end ${isoDateFromDays(end)}: nothing to track`)]);
  }
  // periods counted from the day after the calibration end: index k covers anchor + kL .. anchor + kL + L − 1
  const anchor = end + 1;
  const indexOf = (day: number) => Math.floor((day - anchor) / L);
  const k0 = indexOf(first);
  const k1 = indexOf(asOf);
  const n = k1 - k0 + 1;
  const actual = new Float64Array(n);
  for (const d of repeatDays) actual[indexOf(d) - k0]++;
  const newCustomers = new Float64Array(n);
  const birthDays = [...births.keys()].sort((x, y) => x - y);
  const birthCounts = birthDays.map((s) => births.get(s)!);
  for (let j = 0; j < birthDays.length; j++) newCustomers[indexOf(birthDays[j]) - k0] += birthCounts[j];
  // E[X(t)] of a customer born at 0 (the conditional expectation at x = t_x = T = 0), per day offset, computed once
  const cache = new Map<number, number>();
  const expectedAt = (days: number): number => {
    if (days <= 0) return 0;
    let e = cache.get(days);
    if (e === undefined) {
      e = checkedPurchases(kernel.expected(days / unit, 0, 0, 0));
      if (!Number.isFinite(e)) {
        throw new RangeError(`${fn}: the expected purchases of a new customer over ${days / unit} ${opts.period}s are not computable at these parameters`);
      }
      cache.set(days, e);
    }
    return e;
  };
  const periods: PurchaseTrackingRecord[] = [];
  let cumActual = 0;
  let cumExpected = 0;
  let calibrationPeriods = 0;
  for (let i = 0; i < n; i++) {
    const k = k0 + i;
    const wholeStart = anchor + k * L;
    const wholeEnd = wholeStart + L - 1;
    const from = Math.max(wholeStart, first);
    const to = Math.min(wholeEnd, asOf);
    // expected in (from − 1, to]: per birth day, the increase of E[X] over the period (≥ 0: E[X(t)] grows with t)
    let inc = 0;
    for (let j = 0; j < birthDays.length && birthDays[j] <= to; j++) {
      const s = birthDays[j];
      const gain = expectedAt(to - s) - expectedAt(from - 1 - s);
      if (gain > 0) inc += birthCounts[j] * gain;
    }
    cumActual += actual[i];
    cumExpected += inc;
    const holdout = wholeStart > end;
    if (!holdout) calibrationPeriods++;
    const daysCovered = to - from + 1;
    periods.push({
      periodNumber: i + 1,
      startDate: isoDateFromDays(from),
      endDate: isoDateFromDays(to),
      holdout,
      partial: daysCovered < L,
      daysCovered,
      daysInPeriod: L,
      newCustomers: newCustomers[i],
      actual: actual[i],
      expected: inc,
      cumulativeActual: cumActual,
      cumulativeExpected: cumExpected,
    });
  }
  return {
    periods,
    meta: {
      ...transactionReadMeta(read),
      ...kernel.fit,
      period: opts.period,
      trackingPeriod,
      calibrationEnd: isoDateFromDays(end),
      calibrationPeriods,
      customers,
      customersFirstSeenInHoldout: laterFirst,
    },
  };
}
