import type { TransactionOptionsSchema } from "../input/options.js";
import { z } from "zod";
import { defineOptions, parseOptions } from "../options.js";
import type { TransactionInput } from "../input/types.js";
import { activeBits, buildActivity, MAX_COHORT_PERIODS, periodOptionsShape, periodRevenue, type PeriodMeta, type PeriodOptions } from "./activity.js";

/** One cell of the cohort matrix. */
export interface CohortCell {
  /** Acquisition cohort: the period of the customers' first purchase (`2024-03`, …). */
  cohort: string;
  /** Periods since acquisition (0 = the acquisition period). */
  periodIndex: number;
  /** Period label of the cell. */
  period: string;
  /**
   * `true` when the cell's period covers fewer days than a whole period (cut by `asOf`, or by the first day
   * of the rows for the first period): its customers, share and revenue are those of the days covered.
   * Always set by `cohortRetention` (optional only so that cells written by hand, for `cohortHeatmap`,
   * need not carry it; absent means whole), as are `daysCovered` and `daysInPeriod`.
   */
  partial?: boolean;
  /** Calendar days the cell's period covers. */
  daysCovered?: number;
  /** Calendar days of the whole period (of the window as given). */
  daysInPeriod?: number;
  /** Cohort customers with a purchase in the cell's period. */
  customers: number;
  /** customers ÷ cohort size (1 at periodIndex 0); in a partial period, of the days covered. */
  share: number;
  /**
   * Net revenue of the cohort's customers in the period, by the definition of period revenue shared with
   * `periodIndicators` (a refund dated before the customer's first purchase counts in the acquisition
   * period), so the cells of a period add up to `periodIndicators`' revenue of it.
   */
  revenue: number;
  /** Cohort size (customers acquired in the cohort period). */
  cohortSize: number;
}

/** Options of {@link cohortRetention}: the period options and what to do with partial periods. */
export interface CohortRetentionOptions<Row = any> extends PeriodOptions<Row> {
  /**
   * Cells of partial periods (cut by `asOf`, or by the first day of the rows): `"mark"` (default) keeps
   * them, marked `partial: true`, their share counting the days covered; `"drop"` leaves them out
   * (`meta.partial` lists the periods). Shares are never `null`: see
   * [docs/churn.md](../../docs/churn.md#partial-periods).
   */
  partialPeriods?: "mark" | "drop";
}

/** Schema of {@link CohortRetentionOptions} (strict: unknown keys are rejected). */
export const cohortRetentionOptionsSchema: TransactionOptionsSchema<CohortRetentionOptions> = defineOptions<CohortRetentionOptions>()({
  ...periodOptionsShape,
  partialPeriods: z.enum(["mark", "drop"]).optional(),
});

/** Result of {@link cohortRetention}. */
export interface CohortRetentionResult {
  /** Every cohort × period cell, cohorts in time order, empty cells included. */
  cells: CohortCell[];
  meta: PeriodMeta;
}

/**
 * Acquisition cohorts × periods since acquisition, as tidy cells: for each cohort (the customers whose
 * first purchase falls in a period) and each later period up to the one holding `asOf`, how many of
 * them bought (count and share of the cohort) and the net revenue they brought. Refund rows are not
 * purchases; they net into revenue ([period revenue](../../docs/churn.md#period-revenue): a refund
 * dated before the customer's first purchase counts in the acquisition period; customers with refunds
 * only are in no cohort, listed in `meta.customersWithoutPurchases`). See
 * [docs/churn.md](../../docs/churn.md#cohortretention).
 *
 * @returns `cells` (cohorts in time order, empty cells included) and `meta` (asOf, period, windows, input,
 *   customersWithoutPurchases, refundsBeforeFirstPurchase).
 * @throws {AnalyticsInputError} Bad rows, as `summarizeTransactions`; `overflow` when a cell's revenue
 *   is not a finite number.
 * @throws {TypeError | RangeError} Bad options (`windows` with `period`, overlapping windows); a
 *   `RangeError` for more than 2,000 periods between the earliest date and `asOf`.
 *
 * @example
 * const { cells } = cohortRetention(
 *   [{ customerId: "a", date: "2024-01-05", amount: 10 }, { customerId: "b", date: "2024-01-20", amount: 20 },
 *    { customerId: "a", date: "2024-02-03", amount: 30 }, { customerId: "c", date: "2024-02-10", amount: 5 }],
 *   { asOf: "2024-02-29" },
 * );
 * cells.map((c) => [c.cohort, c.periodIndex, c.customers, c.share, c.revenue]);
 * //=> [["2024-01", 0, 2, 1, 30], ["2024-01", 1, 1, 0.5, 30], ["2024-02", 0, 1, 1, 5]]
 */
export function cohortRetention<Row = any>(transactions: TransactionInput<Row>, options: CohortRetentionOptions<Row>): CohortRetentionResult {
  const fn = "cohortRetention";
  const opts = parseOptions(fn, cohortRetentionOptionsSchema, options ?? {}) as CohortRetentionOptions<Row>;
  const policy = opts.partialPeriods ?? "mark";
  const act = buildActivity(fn, transactions, opts, policy, MAX_COHORT_PERIODS);
  const P = act.span;
  const { groups, firstPeriod } = act;
  const customers = new Int32Array(P * P); // [cohort][period]
  const size = new Int32Array(P);
  for (let c = 0; c < act.slots; c++) {
    const f = firstPeriod[c];
    if (f >= 0) size[f]++; // else no purchase, or the first outside every window
  }
  for (let q = 0; q < P; q++) {
    const at = (q + 1) * groups;
    for (let g = 0; g < groups; g++) {
      let m = activeBits(act.cells[at + g]);
      while (m !== 0) {
        const low = m & -m;
        m ^= low;
        const f = firstPeriod[(g << 4) + ((31 - Math.clz32(low)) >>> 1)];
        // active periods are never before the first purchase's
        if (f >= 0 && q >= f) customers[f * P + q]++;
      }
    }
  }
  // a customer's revenue period is never before their cohort's (refunds before the first purchase count in it)
  const [revenue] = periodRevenue(fn, act, "cohorts");
  const cells: CohortCell[] = [];
  for (let f = 0; f < P; f++) {
    if (size[f] === 0) continue;
    for (let q = f; q < P; q++) {
      const cover = act.coverage[q];
      if (cover.partial && policy === "drop") continue;
      cells.push({
        cohort: act.label(f),
        periodIndex: q - f,
        period: act.label(q),
        partial: cover.partial,
        daysCovered: cover.daysCovered,
        daysInPeriod: cover.daysInPeriod,
        customers: customers[f * P + q],
        share: customers[f * P + q] / size[f],
        revenue: revenue[f * P + q],
        cohortSize: size[f],
      });
    }
  }
  return { cells, meta: act.meta };
}
