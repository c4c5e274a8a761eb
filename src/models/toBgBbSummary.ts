import { z } from "zod";
import { periodCalendar, type PeriodUnit } from "../churn/periods.js";
import { isoDateFromDays } from "../input/dates.js";
import { purchaseHistories } from "../input/histories.js";
import { readTransactions, transactionReadMeta } from "../input/normalizeTransactions.js";
import { transactionReadOptionsSchema, type TransactionOptionsSchema } from "../input/options.js";
import type { TransactionInput, TransactionReadMeta, TransactionReadOptions } from "../input/types.js";
import { defineOptions, parseOptions } from "../options.js";

/** One customer of {@link toBgBbSummary}: a `BgBbCustomer` (opportunities are periods), and the first period. */
export interface BgBbSummaryCustomer {
  customerId: string;
  /** x: periods with a purchase after the first purchase's period, up to the last complete period. */
  frequency: number;
  /** t_x: the last of those periods, counted from the first purchase's period (0 when x = 0). */
  recency: number;
  /** n: complete periods after the first purchase's period, up to the last complete one. */
  n: number;
  /** Label of the first purchase's period (`2024-03`, `2024-Q1`, `2024`, or its first day for days and weeks). */
  firstPeriod: string;
}

/** Opportunity periods of {@link toBgBbSummary}: calendar days, weeks, months, quarters or years. */
export type BgBbPeriod = "day" | PeriodUnit;

/** Options of {@link toBgBbSummary}. */
export interface ToBgBbSummaryOptions<Row = any> extends TransactionReadOptions<Row> {
  /** The period one transaction opportunity lasts (required): `"day"`, `"week"`, `"month"`, `"quarter"` or `"year"`. */
  period: BgBbPeriod;
  /** First weekday of a week for `period: "week"`: 0 = Sunday … 6 = Saturday (default 1, Monday, as ISO 8601). */
  weekStartsOn?: number;
}

/** Schema of {@link ToBgBbSummaryOptions}. */
export const toBgBbSummaryOptionsSchema: TransactionOptionsSchema<ToBgBbSummaryOptions> = defineOptions<ToBgBbSummaryOptions>()({
  ...transactionReadOptionsSchema.shape,
  period: z.enum(["day", "week", "month", "quarter", "year"]),
  weekStartsOn: z.number().int().min(0).max(6).optional(),
});

/** `meta` of {@link toBgBbSummary}. */
export interface ToBgBbSummaryMeta extends TransactionReadMeta {
  period: BgBbPeriod;
  /** First weekday of the weeks, `null` unless `period` is `"week"`. */
  weekStartsOn: number | null;
  /** The last complete period (the last opportunity), its label and last day (ISO). */
  lastPeriod: string;
  lastPeriodEnd: string;
  /** The period holding `asOf` when it is not complete (its purchases are not opportunities), or `null`. */
  partialPeriod: string | null;
  /** Customers whose first purchase is in the partial period (left out of `customers`). */
  customersFirstSeenInPartialPeriod: number;
  /** Purchase periods of the other customers that fall in the partial period (not counted). */
  purchasesInPartialPeriod: number;
}

/** Result of {@link toBgBbSummary}: one record per customer (first-appearance order), and `meta`. */
export interface ToBgBbSummaryResult {
  customers: BgBbSummaryCustomer[];
  meta: ToBgBbSummaryMeta;
}

/**
 * Turns transactions into the per-customer summary the BG/BB model takes (Fader, Hardie & Shang 2010),
 * with calendar periods as the transaction opportunities: a customer's opportunities are the complete
 * periods after the one of their first purchase, up to the last period that ends on or before `asOf`.
 * `frequency` (x) counts those periods with a purchase, `recency` (t_x) is the last of them counted
 * from the first purchase's period, `n` is how many there are. Several purchases in one period count
 * once; refund rows are not purchases. Purchases in the period that holds `asOf`, when it is not
 * complete, are left out (counted in `meta`), and so are customers first seen in it.
 *
 * @param transactions - Records with a field mapping, or columns (as `summarizeTransactions`).
 * @param options - Reading options (`asOf` required), `period` (required), `weekStartsOn`.
 * @throws {AnalyticsInputError} Bad transactions (as `normalizeTransactions`).
 *
 * @example
 * const d = (customerId, date) => ({ customerId, date, amount: 25 });
 * const tx = [d("a", "1995-03-01"), d("a", "1996-05-01"), d("a", "1996-09-01"), d("a", "1998-01-10"), d("b", "1999-06-01")];
 * const { customers, meta } = toBgBbSummary(tx, { asOf: "2001-12-31", period: "year" });
 * customers[0]; //=> { customerId: "a", frequency: 2, recency: 3, n: 6, firstPeriod: "1995" }
 * customers[1]; //=> { customerId: "b", frequency: 0, recency: 0, n: 2, firstPeriod: "1999" }
 * [meta.lastPeriod, meta.partialPeriod]; //=> ["2001", null]
 */
export function toBgBbSummary<Row = any>(transactions: TransactionInput<Row>, options: ToBgBbSummaryOptions<Row>): ToBgBbSummaryResult {
  const fn = "toBgBbSummary";
  const opts = parseOptions(fn, toBgBbSummaryOptionsSchema, options) as ToBgBbSummaryOptions<Row>;
  const weekStartsOn = opts.weekStartsOn ?? 1;
  const cal = opts.period === "day" ? null : periodCalendar(opts.period, weekStartsOn);
  const indexOf = (day: number) => (cal ? cal.index(day) : day);
  const endOf = (index: number) => (cal ? cal.end(index) : index);
  const label = (index: number) => (cal ? cal.label(index) : isoDateFromDays(index));
  const cust: number[] = [];
  const days: number[] = [];
  const amounts: number[] = [];
  const read = readTransactions(transactions, opts, fn, () => (c, d, _o, a) => {
    if (a[0] < 0) return; // refunds are not transactions
    cust.push(c);
    days.push(d);
    amounts.push(a[0]);
  });
  const h = purchaseHistories(read.customerIds.length, cust, days, amounts);
  const atAsOf = indexOf(read.asOfDay);
  const last = endOf(atAsOf) === read.asOfDay ? atAsOf : atAsOf - 1;
  const out: BgBbSummaryCustomer[] = [];
  let laterFirst = 0;
  let inPartial = 0;
  for (let c = 0; c < read.customerIds.length; c++) {
    const from = h.start[c];
    const to = h.start[c + 1];
    if (from === to) continue; // refunds only
    const first = indexOf(h.day[from]);
    if (first > last) {
      laterFirst++;
      continue;
    }
    let x = 0;
    let tx = 0;
    let prev = first;
    for (let k = from + 1; k < to; k++) {
      const p = indexOf(h.day[k]);
      if (p === prev) continue; // days in day order: one period counted once
      prev = p;
      if (p > last) inPartial++;
      else {
        x++;
        tx = p - first;
      }
    }
    out.push({ customerId: read.customerIds[c], frequency: x, recency: tx, n: last - first, firstPeriod: label(first) });
  }
  return {
    customers: out,
    meta: {
      ...transactionReadMeta(read),
      period: opts.period,
      weekStartsOn: opts.period === "week" ? weekStartsOn : null,
      lastPeriod: label(last),
      lastPeriodEnd: isoDateFromDays(endOf(last)),
      partialPeriod: last === atAsOf ? null : label(atAsOf),
      customersFirstSeenInPartialPeriod: laterFirst,
      purchasesInPartialPeriod: inPartial,
    },
  };
}
