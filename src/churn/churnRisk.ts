import { z } from "zod";
import { AnalyticsInputError, describeValue } from "../errors.js";
import { parseOptions } from "../options.js";
import { transactionReadOptionsObject } from "../input/options.js";
import type { TransactionInput, TransactionReadOptions } from "../input/types.js";
import { quantilesType7 } from "../internal/quantile.js";
import { readPurchaseHistories } from "../input/histories.js";

/** Risk levels, from safe to gone. */
export type RiskLevel = "active" | "cooling" | "at_risk" | "lapsed";

/** Options of {@link churnRisk}. */
export interface ChurnRiskOptions<Row = any> extends TransactionReadOptions<Row> {
  /**
   * Overdue cut points (days since the last purchase ÷ typical gap): up to `cooling` is active, up to
   * `atRisk` cooling, up to `lapsed` at risk, above it lapsed. Default `{ cooling: 1, atRisk: 2, lapsed: 4 }`.
   */
  cuts?: { cooling?: number; atRisk?: number; lapsed?: number };
  /**
   * Use a model's probability of being alive instead of overdue: a map or function customerId → P(alive)
   * in [0, 1]. Levels then follow `aliveCuts` (default: ≥ 0.8 active, ≥ 0.5 cooling, ≥ 0.2 at risk, else lapsed).
   */
  pAlive?: Readonly<Record<string, number>> | ((customerId: string) => number);
  aliveCuts?: { active?: number; cooling?: number; atRisk?: number };
}

/** One customer's churn risk. */
export interface ChurnRiskRecord {
  customerId: string;
  /** Distinct purchase days. */
  purchaseDays: number;
  /** Median gap between consecutive purchase days; for one-day customers the population median. */
  typicalGapDays: number | null;
  /** `"own"` (from the customer's gaps) or `"population"` (one purchase day: the median over customers with gaps). */
  gapSource: "own" | "population" | null;
  recencyDays: number;
  /** recencyDays ÷ typicalGapDays (null in P(alive) mode or without any gap in the data). */
  overdue: number | null;
  /** The probability given in P(alive) mode, else null. */
  pAlive: number | null;
  risk: RiskLevel;
  /** Net amount the customer has brought: what is at risk. */
  valueAtRisk: number;
}

/** Result of {@link churnRisk}. */
export interface ChurnRiskResult {
  customers: ChurnRiskRecord[];
  /** At-risk and lapsed customers, most value first (ties by customerId): the "alert now" list. */
  warnings: ChurnRiskRecord[];
  meta: {
    asOf: string;
    measure: "overdue" | "pAlive";
    cuts: { cooling: number; atRisk: number; lapsed: number } | null;
    aliveCuts: { active: number; cooling: number; atRisk: number } | null;
    /** Median typical gap over customers with at least two purchase days (null if none). */
    populationGapDays: number | null;
    counts: Record<RiskLevel, number>;
  };
}

const churnRiskOptionsSchema = transactionReadOptionsObject.extend({
  cuts: z.object({ cooling: z.number().positive().optional(), atRisk: z.number().positive().optional(), lapsed: z.number().positive().optional() }).strict().optional(),
  pAlive: z.union([z.record(z.string(), z.number()), z.function()]).optional(),
  aliveCuts: z.object({ active: z.number().min(0).max(1).optional(), cooling: z.number().min(0).max(1).optional(), atRisk: z.number().min(0).max(1).optional() }).strict().optional(),
});

/**
 * Per-customer churn risk from the purchase rhythm: each customer's typical gap between purchase days
 * (the median gap; a customer with one purchase day gets the median over customers with gaps, flagged
 * `gapSource: "population"`), how overdue they are at `asOf` (days since the last purchase ÷ typical
 * gap) and a risk level: **active** (overdue ≤ 1: within their rhythm), **cooling** (≤ 2), **at risk**
 * (≤ 4), **lapsed** (> 4), cut points configurable. With a fitted model, pass `pAlive` and the level
 * follows P(alive) instead. `warnings` lists at-risk and lapsed customers by value at risk — the
 * "stopped buying, alert now" list. Refund rows are not purchases but net into the value.
 *
 * @param transactions - Records with a field mapping, or columns (as {@link summarizeTransactions}).
 * @param options - Reading options (`asOf` required), `cuts`, or `pAlive` and `aliveCuts`.
 * @returns `customers` (input order of first appearance), `warnings` and `meta`.
 * @throws {AnalyticsInputError} On bad data; `invalid_value` for a P(alive) outside [0, 1] or missing;
 *   `degenerate_data` when no customer bought on two different days (no rhythm) and no `pAlive` is given.
 * @throws {RangeError} Cut points not increasing.
 *
 * @example
 * const { customers } = churnRisk(
 *   [
 *     { customerId: "a", date: "2024-01-01", amount: 50 }, { customerId: "a", date: "2024-01-11", amount: 50 },
 *     { customerId: "a", date: "2024-01-21", amount: 50 }, { customerId: "b", date: "2024-01-01", amount: 80 },
 *     { customerId: "b", date: "2024-01-31", amount: 80 },
 *   ],
 *   { asOf: "2024-02-10" },
 * );
 * customers.map((c) => [c.customerId, c.typicalGapDays, c.overdue, c.risk]);
 * //=> [["a", 10, 2, "cooling"], ["b", 30, 0.3333333333333333, "active"]]
 */
export function churnRisk<Row = any>(transactions: TransactionInput<Row>, options: ChurnRiskOptions<Row>): ChurnRiskResult {
  const fn = "churnRisk";
  const opts = parseOptions(fn, churnRiskOptionsSchema, options ?? {}) as ChurnRiskOptions<Row>;
  const cuts = { cooling: 1, atRisk: 2, lapsed: 4, ...(opts.cuts ?? {}) };
  if (!(cuts.cooling < cuts.atRisk && cuts.atRisk < cuts.lapsed)) throw new RangeError(`${fn}: cuts must increase (cooling < atRisk < lapsed), got ${cuts.cooling}, ${cuts.atRisk}, ${cuts.lapsed}`);
  const aliveCuts = { active: 0.8, cooling: 0.5, atRisk: 0.2, ...(opts.aliveCuts ?? {}) };
  if (!(aliveCuts.active > aliveCuts.cooling && aliveCuts.cooling > aliveCuts.atRisk)) throw new RangeError(`${fn}: aliveCuts must decrease (active > cooling > atRisk)`);

  const { read, histories: h, net } = readPurchaseHistories(fn, transactions, opts);
  const nC = read.customerIds.length;
  const purchaseDays = new Int32Array(nC);
  const lastDay = new Int32Array(nC);
  const ownGap = new Float64Array(nC).fill(Number.NaN);
  for (let c = 0; c < nC; c++) {
    const from = h.start[c];
    const to = h.start[c + 1];
    purchaseDays[c] = to - from;
    if (to === from) continue;
    lastDay[c] = h.day[to - 1];
    if (to - from >= 2) {
      const gaps = new Float64Array(to - from - 1);
      for (let k = from + 1; k < to; k++) gaps[k - from - 1] = h.day[k] - h.day[k - 1];
      ownGap[c] = quantilesType7(gaps, [0.5], "linear")[0];
    }
  }
  const withGap = Array.from(ownGap).filter((g) => !Number.isNaN(g));
  const populationGap = withGap.length > 0 ? quantilesType7(Float64Array.from(withGap), [0.5], "linear")[0] : null;
  if (populationGap === null && opts.pAlive === undefined) {
    throw new AnalyticsInputError(fn, [{ path: "input", code: "degenerate_data", message: "input: no customer bought on two different days, so there is no purchase rhythm to be overdue on (pass pAlive from a model instead)" }]);
  }
  const getAlive = opts.pAlive === undefined ? null : typeof opts.pAlive === "function" ? opts.pAlive : (id: string) => (opts.pAlive as Record<string, number>)[id];
  const counts: Record<RiskLevel, number> = { active: 0, cooling: 0, at_risk: 0, lapsed: 0 };
  const customers: ChurnRiskRecord[] = [];
  for (let c = 0; c < nC; c++) {
    if (purchaseDays[c] === 0) continue; // refunds only: no purchase rhythm
    const id = read.customerIds[c];
    const recencyDays = read.asOfDay - lastDay[c];
    const own = !Number.isNaN(ownGap[c]);
    const gap = own ? ownGap[c] : populationGap;
    let risk: RiskLevel;
    let overdue: number | null = null;
    let alive: number | null = null;
    if (getAlive) {
      alive = getAlive(id);
      if (typeof alive !== "number" || !(alive >= 0 && alive <= 1)) {
        throw new AnalyticsInputError(fn, [{ path: `options.pAlive[${JSON.stringify(id)}]`, code: "invalid_value", message: `options.pAlive[${JSON.stringify(id)}]: expected a probability in [0, 1], got ${describeValue(alive)}` }]);
      }
      risk = alive >= aliveCuts.active ? "active" : alive >= aliveCuts.cooling ? "cooling" : alive >= aliveCuts.atRisk ? "at_risk" : "lapsed";
    } else {
      overdue = recencyDays / (gap as number);
      risk = overdue <= cuts.cooling ? "active" : overdue <= cuts.atRisk ? "cooling" : overdue <= cuts.lapsed ? "at_risk" : "lapsed";
    }
    counts[risk]++;
    customers.push({
      customerId: id,
      purchaseDays: purchaseDays[c],
      typicalGapDays: gap,
      gapSource: gap === null ? null : own ? "own" : "population",
      recencyDays,
      overdue,
      pAlive: alive,
      risk,
      valueAtRisk: net[c] + 0,
    });
  }
  const warnings = customers
    .filter((r) => r.risk === "at_risk" || r.risk === "lapsed")
    .sort((a, b) => b.valueAtRisk - a.valueAtRisk || (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0));
  return {
    customers,
    warnings,
    meta: {
      asOf: read.asOf,
      measure: getAlive ? "pAlive" : "overdue",
      cuts: getAlive ? null : cuts,
      aliveCuts: getAlive ? aliveCuts : null,
      populationGapDays: populationGap,
      counts,
    },
  };
}
