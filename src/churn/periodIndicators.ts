import type { TransactionOptionsSchema } from "../input/options.js";
import { z } from "zod";
import { AnalyticsInputError, inputIssue, isAnalyticsInputError, type InputIssue, type IssuePath } from "../errors.js";
import { defineOptions, parseOptions } from "../options.js";
import { isoDateFromDays as isoOf } from "../input/dates.js";
import { purchaseHistories } from "../input/histories.js";
import type { TransactionInput } from "../input/types.js";
import { bitCount } from "../internal/bits.js";
import { activeBits, buildActivity, firstPeriodOf, periodOptionsShape, periodRevenue, type PartialPeriods, type PeriodMeta, type PeriodOptions } from "./activity.js";
import { netPromoterScore } from "./netPromoterScore.js";

/** One period's customer indicators. */
export interface PeriodIndicatorRecord {
  /** Period label: `2024-03`, `2024-Q1`, `2024`, or a week's first day. */
  period: string;
  /** First day the period covers: its first day, or the first day of the rows for a first period they start inside. */
  start: string;
  /** Last day the period covers: its last day, or `asOf` for the period holding it. */
  end: string;
  /**
   * `true` when the period covers fewer days than a whole period (cut by `asOf` or by the first day of the
   * rows): its counts are those of the days covered, and with `partialPeriods: "null-rates"` (the
   * default) its rates are `null`.
   */
  partial: boolean;
  /** Calendar days covered, `start` to `end`. */
  daysCovered: number;
  /** Calendar days of the whole period (of the window as given). */
  daysInPeriod: number;
  /** Customers with a purchase in the period. */
  active: number;
  /** Active customers whose first purchase ever is in the period. */
  new: number;
  /** Active customers who bought before the period (active − new). */
  returning: number;
  /** Active in this period and in the previous one. */
  retained: number;
  /** Returning but not active in the previous period (came back after a gap). */
  reactivated: number;
  /** Active in the previous period, not in this one. */
  lost: number;
  /** Customers active at the start (the previous period's active, or with `lostAfterDays` those within the window the day before). */
  activeAtStart: number;
  /** Customers active at the end (= active; with `lostAfterDays`: last purchase within the window on the period's last day). */
  activeAtEnd: number;
  /** New customers who lapsed again before the period ended (only with `lostAfterDays`; else 0). */
  newLapsed: number;
  /** lost ÷ activeAtStart (`null` when activeAtStart is 0, or for a partial period under `partialPeriods: "null-rates"`). */
  churnRate: number | null;
  /** retained ÷ activeAtStart = (active − new − reactivated) ÷ activeAtStart = 1 − churnRate (`null` when 0). */
  retentionRate: number | null;
  /** returning ÷ active: the share of the period's buyers who had bought before (`null` when no one is active). */
  repurchaseRate: number | null;
  /** Active customers with ≥ 2 orders in the period ÷ active (`null` when no one is active). */
  repeatPurchaseRate: number | null;
  /**
   * Net revenue of the period (refunds netted under `refunds: "net"`), by the one definition of period
   * revenue shared with `cohortRetention`: each row in the period of its day, except a refund dated
   * before its customer's first purchase, which counts in that purchase's period; customers with refunds
   * only count in none ([docs/churn.md](../../docs/churn.md#period-revenue)).
   */
  revenue: number;
  /** Net revenue of the period from customers active in the previous period (same definition). */
  revenueFromPrevious: number;
  /**
   * revenueFromPrevious ÷ previous period's revenue (`null` when that is not positive; under
   * `partialPeriods: "null-rates"` also when this period or the previous one is partial).
   */
  revenueRetention: number | null;
  /** referredNew ÷ new (or ÷ active with `referralDenominator: "active"`), from `external`; else `null`. */
  referralRate: number | null;
  /** complaints ÷ active, from `external`; else `null`. */
  complaintRate: number | null;
  /** csatSatisfied ÷ csatResponses (CSAT share), from `external`; else `null`. */
  satisfaction: number | null;
  /** Net Promoter Score of the period's 0–10 answers in `external`; else `null`. */
  nps: number | null;
}

/** Per-period data from outside the transaction log, keyed by period label (`"2024-03"`). */
export interface PeriodExternalData {
  /** New customers who came through a referral. */
  referredNew?: number;
  /** Complaints received. */
  complaints?: number;
  /** Satisfied answers and all answers of a CSAT survey. */
  csatSatisfied?: number;
  csatResponses?: number;
  /** "How likely are you to recommend us" answers, 0–10. */
  npsScores?: number[];
}

/** Options of {@link periodIndicators}. */
export interface PeriodIndicatorsOptions<Row = any> extends PeriodOptions<Row> {
  /** Outside data per period label, for the referral, complaint, satisfaction and NPS rates. */
  external?: Readonly<Record<string, PeriodExternalData>>;
  /** Denominator of the referral rate: the period's new customers (default) or its active customers. */
  referralDenominator?: "new" | "active";
  /**
   * Non-contractual "lost": a customer is active on a day when their last purchase is at most this many
   * days before it; lost in a period = active the day before it starts, not on its last day. Without it,
   * activity is period over period.
   */
  lostAfterDays?: number;
  /**
   * Partial periods (cut by `asOf`, or by the first day of the rows): `"null-rates"` (default) keeps them,
   * marked `partial: true`, with `churnRate`, `retentionRate`, `repurchaseRate`, `repeatPurchaseRate` and
   * `revenueRetention` `null` (and `revenueRetention` of the period after one); `"mark"` computes those
   * rates over the days covered; `"drop"` leaves the partial periods out (`meta.partial` lists them).
   */
  partialPeriods?: PartialPeriods;
}

/** Result of {@link periodIndicators}. */
export interface PeriodIndicatorsResult {
  /** One record per period, in time order. */
  periods: PeriodIndicatorRecord[];
  meta: PeriodMeta & {
    /** The inactivity window of "lost", or `null` (period over period). */
    lostAfterDays: number | null;
    /** Denominator of `referralRate`. */
    referralDenominator: "new" | "active";
  };
}

const count = z.number().int().min(0);

/** Schema of {@link PeriodIndicatorsOptions} (strict: unknown keys are rejected). */
export const periodIndicatorsOptionsSchema: TransactionOptionsSchema<PeriodIndicatorsOptions> = defineOptions<PeriodIndicatorsOptions>()({
  ...periodOptionsShape,
  external: z
    .record(
      z.string(),
      z.strictObject({
        referredNew: count.optional(),
        complaints: count.optional(),
        csatSatisfied: count.optional(),
        csatResponses: count.optional(),
        npsScores: z.array(z.number()).optional(),
      }),
    )
    .optional(),
  referralDenominator: z.enum(["new", "active"]).optional(),
  lostAfterDays: z.number().int().min(1).optional(),
  partialPeriods: z.enum(["null-rates", "mark", "drop"]).optional(),
});

/**
 * Customer indicators per calendar period (or explicit window) up to the one holding `asOf`: active,
 * new, returning, retained, reactivated, lost, churn and retention rates (÷ active at start), repurchase
 * and repeat-purchase rates, revenue and revenue retention; referral, complaint, satisfaction and NPS
 * rates from `external` data. Definitions: [docs/churn.md](../../docs/churn.md#periodindicators).
 *
 * @returns `periods` (time order) and `meta` (asOf, period, weekStartsOn, windows, lostAfterDays, input,
 *   customersWithoutPurchases, refundsBeforeFirstPurchase).
 * @throws {AnalyticsInputError} Bad rows (as `summarizeTransactions`); `invalid_value` for `external`
 *   data naming an unknown period or inconsistent with the log (more referred than new customers);
 *   `overflow` when a period's revenue (or revenue retention) is not a finite number.
 * @throws {TypeError | RangeError} Bad options (`windows` with `period`, overlapping windows); a
 *   `RangeError` for more than 20,000 periods (or 500 million customer × period cells) between the
 *   earliest date and `asOf`.
 *
 * @example
 * const { periods } = periodIndicators(
 *   [{ customerId: "a", date: "2024-01-05", amount: 10 }, { customerId: "b", date: "2024-01-09", amount: 20 },
 *    { customerId: "a", date: "2024-02-01", amount: 15 }, { customerId: "c", date: "2024-02-11", amount: 5 }],
 *   { asOf: "2024-02-29" },
 * );
 * periods.map((p) => [p.period, p.active, p.new, p.lost, p.churnRate]);
 * //=> [["2024-01", 2, 2, 0, null], ["2024-02", 2, 1, 1, 0.5]]
 */
export function periodIndicators<Row = any>(transactions: TransactionInput<Row>, options: PeriodIndicatorsOptions<Row>): PeriodIndicatorsResult {
  const fn = "periodIndicators";
  const opts = parseOptions(fn, periodIndicatorsOptionsSchema, options ?? {}) as PeriodIndicatorsOptions<Row>;
  const policy = opts.partialPeriods ?? "null-rates";
  const act = buildActivity(fn, transactions, opts, policy);
  const cover = act.coverage;
  // a partial period's rates are not comparable with a whole period's (9 days of December are not a month)
  const noRates = (q: number): boolean => policy !== "mark" && cover[q].partial;
  const P = act.span;
  const { cells, groups, firstPeriod } = act;
  const active = new Int32Array(P);
  const fresh = new Int32Array(P);
  const retained = new Int32Array(P);
  const repeat = new Int32Array(P);
  // new in the period of the first purchase (always an active period of the customer)
  for (let c = 0; c < act.slots; c++) {
    const f = firstPeriod[c];
    if (f >= 0) fresh[f]++;
  }
  // sixteen customers a word: active; retained when also active in the period before (whose first
  // purchase is then not in this period); repeat with two orders counted in the period
  for (let q = 0; q < P; q++) {
    const at = (q + 1) * groups;
    let a = 0;
    let r = 0;
    let t = 0;
    for (let g = 0; g < groups; g++) {
      const x = cells[at + g];
      if (x === 0) continue;
      const m = activeBits(x);
      a += bitCount(m);
      r += bitCount(m & activeBits(cells[at - groups + g]));
      t += bitCount(x & (x >>> 1) & 0x55555555);
    }
    active[q] = a;
    retained[q] = r;
    repeat[q] = t;
  }
  const [revenue, fromPrevious] = periodRevenue(fn, act, "periods");
  // Period over period by default; with lostAfterDays, activity at the period's edges.
  const atStart = new Int32Array(P);
  const atEnd = new Int32Array(P);
  const lostN = new Int32Array(P);
  const keptN = new Int32Array(P);
  const newLapsed = new Int32Array(P);
  const L = opts.lostAfterDays;
  if (L === undefined) {
    for (let q = 0; q < P; q++) {
      atStart[q] = q > 0 ? active[q - 1] : 0;
      atEnd[q] = active[q];
      keptN[q] = retained[q];
      lostN[q] = q > 0 ? active[q - 1] - retained[q] : 0;
    }
  } else {
    const cust: number[] = [];
    const days: number[] = [];
    const amounts: number[] = [];
    const { n, customer, remap, day, amount, lastDay } = act.rows;
    for (let i = 0; i < n; i++) {
      if (day[i] > lastDay || !(amount[i] >= 0)) continue;
      cust.push(remap === null ? customer[i] : remap[customer[i]]);
      days.push(day[i]);
      amounts.push(amount[i]);
    }
    const nC = act.slots;
    const h = purchaseHistories(nC, cust, days, amounts);
    const starts = Array.from({ length: P }, (_, q) => act.calendar.start(act.first + q));
    const ends = Array.from({ length: P }, (_, q) => Math.min(act.calendar.end(act.first + q), act.asOfDay));
    for (let c = 0; c < nC; c++) {
      const firstPeriod = firstPeriodOf(act, c);
      const from = h.start[c];
      const to = h.start[c + 1];
      if (from === to) continue;
      let j = from - 1; // last purchase index on or before the current day
      const activeOn = (t: number): boolean => {
        while (j + 1 < to && h.day[j + 1] <= t) j++;
        return j >= from && t - h.day[j] <= L;
      };
      for (let q = 0; q < P; q++) {
        const s0 = activeOn(starts[q] - 1);
        const s1 = activeOn(ends[q]);
        if (s0) atStart[q]++;
        if (s1) atEnd[q]++;
        if (s0 && s1) keptN[q]++;
        else if (s0) lostN[q]++;
        else if (firstPeriod === q && !s1) newLapsed[q]++;
      }
    }
  }
  const periods: PeriodIndicatorRecord[] = [];
  for (let q = 0; q < P; q++) {
    const index = act.first + q;
    const start = atStart[q];
    const withRates = !noRates(q);
    const rate = (x: number) => (withRates && start > 0 ? x / start : null);
    const share = (x: number) => (withRates && active[q] > 0 ? x / active[q] : null);
    // compares two periods' revenue: not with a partial one on either side
    const revenueRetention = q > 0 && withRates && !noRates(q - 1) && revenue[q - 1] > 0 ? fromPrevious[q] / revenue[q - 1] : null;
    if (revenueRetention !== null && !Number.isFinite(revenueRetention)) {
      throw new AnalyticsInputError(fn, [inputIssue("overflow", ["input"], `the revenue retention of period ${act.label(q)} is not a finite number: its previous period's revenue (${revenue[q - 1]}) is too small for the ratio`)]);
    }
    periods.push({
      period: act.calendar.label(index),
      start: isoOf(cover[q].from),
      end: isoOf(cover[q].to),
      partial: cover[q].partial,
      daysCovered: cover[q].daysCovered,
      daysInPeriod: cover[q].daysInPeriod,
      active: active[q],
      new: fresh[q],
      returning: active[q] - fresh[q],
      retained: keptN[q],
      reactivated: atEnd[q] - keptN[q] - (fresh[q] - newLapsed[q]),
      lost: lostN[q],
      activeAtStart: start,
      activeAtEnd: atEnd[q],
      newLapsed: newLapsed[q],
      churnRate: rate(lostN[q]),
      retentionRate: rate(keptN[q]),
      repurchaseRate: share(active[q] - fresh[q]),
      repeatPurchaseRate: share(repeat[q]),
      revenue: revenue[q],
      revenueFromPrevious: fromPrevious[q],
      revenueRetention,
      referralRate: null,
      complaintRate: null,
      satisfaction: null,
      nps: null,
    });
  }
  const referralDenominator = opts.referralDenominator ?? "new";
  if (opts.external) applyExternal(fn, periods, opts.external, referralDenominator);
  return { periods: policy === "drop" ? periods.filter((p) => !p.partial) : periods, meta: { ...act.meta, lostAfterDays: L ?? null, referralDenominator } };
}

/** Adds the rates that need outside data; inconsistent inputs (a rate above 1) are data errors. */
function applyExternal(fn: string, periods: PeriodIndicatorRecord[], external: Readonly<Record<string, PeriodExternalData>>, denominator: "new" | "active"): void {
  const issues: InputIssue[] = [];
  let total = 0;
  const byLabel = new Map(periods.map((p) => [p.period, p]));
  const bad = (path: IssuePath, what: string) => {
    total++;
    if (issues.length < 20) issues.push(inputIssue("invalid_value", path, what));
  };
  for (const [label, data] of Object.entries(external)) {
    const p = byLabel.get(label);
    const path = ["options", "external", label];
    if (!p) {
      bad(path, `no such period in the results (periods ${periods[0].period} … ${periods[periods.length - 1].period})`);
      continue;
    }
    if (data.referredNew !== undefined) {
      const base = denominator === "new" ? p.new : p.active;
      if (data.referredNew > base) bad([...path, "referredNew"], `${data.referredNew} referred customers but only ${base} ${denominator} customers in ${label}`);
      else p.referralRate = base > 0 ? data.referredNew / base : null;
    }
    if (data.complaints !== undefined) p.complaintRate = p.active > 0 ? data.complaints / p.active : null;
    if (data.csatSatisfied !== undefined || data.csatResponses !== undefined) {
      const s = data.csatSatisfied ?? 0;
      const n = data.csatResponses ?? 0;
      if (s > n) bad([...path, "csatSatisfied"], `${s} satisfied answers but only ${n} responses`);
      else p.satisfaction = n > 0 ? s / n : null;
    }
    if (data.npsScores !== undefined && data.npsScores.length > 0) {
      try {
        p.nps = netPromoterScore(data.npsScores).nps;
      } catch (error) {
        if (!isAnalyticsInputError(error)) throw error;
        // the answers' issues, re-rooted where the caller put them: options.external[label].npsScores[i]
        for (const issue of error.issues) bad([...path, "npsScores", ...issue.path.slice(1)], issue.message);
      }
    }
  }
  if (issues.length > 0) throw new AnalyticsInputError(fn, issues, total);
}
