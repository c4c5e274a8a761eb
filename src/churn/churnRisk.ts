import { z } from "zod";
import { AnalyticsInputError, describeValue, inputIssue, type InputIssue } from "../errors.js";
import { defineOptions, parseOptions, withDefaults } from "../options.js";
import { transactionReadOptionsSchema, type TransactionOptionsSchema } from "../input/options.js";
import type { TransactionInput, TransactionReadOptions } from "../input/types.js";
import { quantilesType7 } from "../internal/quantile.js";
import { checkFinite } from "../internal/overflow.js";
import { readPurchaseHistories } from "../input/histories.js";
import { transactionReadMeta } from "../input/normalizeTransactions.js";
import type { TransactionReadMeta } from "../input/types.js";

/** Risk levels, from safe to gone. */
export type RiskLevel = "active" | "cooling" | "at_risk" | "lapsed";

/**
 * Overdue thresholds (days since the last purchase ÷ typical gap): up to `cooling` is active, up to
 * `atRisk` cooling, up to `lapsed` at risk, above it lapsed.
 */
export interface ChurnRiskThresholds {
  cooling: number;
  atRisk: number;
  lapsed: number;
}

/** P(alive) thresholds: at least `active` is active, at least `cooling` cooling, at least `atRisk` at risk, below it lapsed. */
export interface ChurnRiskAliveThresholds {
  active: number;
  cooling: number;
  atRisk: number;
}

/** Options of {@link churnRisk}. */
export interface ChurnRiskOptions<Row = any> extends TransactionReadOptions<Row> {
  /** Overdue thresholds, increasing; default `{ cooling: 1, atRisk: 2, lapsed: 4 }`. Not with `pAlive`. */
  thresholds?: Partial<ChurnRiskThresholds>;
  /**
   * Use a model's probability of being alive instead of overdue: customerId → P(alive) in [0, 1], as a
   * `Map`, a plain object (own keys only) or a function. Keys are the customer ids as the results write
   * them: strings (a numeric id 17850 is the key `"17850"`). Levels then follow `aliveThresholds`.
   */
  pAlive?: ReadonlyMap<string, number> | Readonly<Record<string, number>> | ((customerId: string) => number);
  /** P(alive) thresholds, decreasing; default `{ active: 0.8, cooling: 0.5, atRisk: 0.2 }`. Only with `pAlive`. */
  aliveThresholds?: Partial<ChurnRiskAliveThresholds>;
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
  /** recencyDays ÷ typicalGapDays (null in P(alive) mode). */
  overdue: number | null;
  /** The probability given in P(alive) mode, else null. */
  pAlive: number | null;
  risk: RiskLevel;
  /** At risk or lapsed: the customer stopped buying, act now. */
  alert: boolean;
  /** Net amount the customer has brought: what is at risk. */
  valueAtRisk: number;
}

/** Result of {@link churnRisk}. */
export interface ChurnRiskResult {
  /** One record per customer with a purchase, in order of first appearance. */
  customers: ChurnRiskRecord[];
  meta: TransactionReadMeta & {
    /** What the levels follow. */
    measure: "overdue" | "pAlive";
    /** The overdue thresholds used (`null` in P(alive) mode). */
    thresholds: ChurnRiskThresholds | null;
    /** The P(alive) thresholds used (`null` in overdue mode). */
    aliveThresholds: ChurnRiskAliveThresholds | null;
    /** Median typical gap over customers with at least two purchase days (null if none). */
    populationGapDays: number | null;
    /** Customers per risk level. */
    counts: Record<RiskLevel, number>;
  };
}

const probability = z.number().min(0).max(1).optional();

/** Schema of {@link ChurnRiskOptions} (strict: unknown keys are rejected). */
export const churnRiskOptionsSchema: TransactionOptionsSchema<ChurnRiskOptions> = defineOptions<ChurnRiskOptions>()({
  ...transactionReadOptionsSchema.shape,
  thresholds: z.strictObject({ cooling: z.number().positive().optional(), atRisk: z.number().positive().optional(), lapsed: z.number().positive().optional() }).optional(),
  pAlive: z
    .custom<ReadonlyMap<string, number> | Readonly<Record<string, number>> | ((customerId: string) => number)>(
      (v) => typeof v === "function" || v instanceof Map || (typeof v === "object" && v !== null && !Array.isArray(v)),
      { message: "expected a Map or object of customer id to P(alive), or a function" },
    )
    .optional(),
  aliveThresholds: z.strictObject({ active: probability, cooling: probability, atRisk: probability }).optional(),
});

/**
 * Per-customer churn risk from the purchase rhythm: the typical gap between purchase days (median; the
 * population median for one-day customers), `overdue` = days since the last purchase ÷ that gap, and a
 * level by `thresholds`: active (overdue ≤ 1), cooling (≤ 2), at risk (≤ 4), lapsed. With `pAlive` from
 * a fitted model the level follows P(alive) by `aliveThresholds`. `alert` marks at-risk and lapsed
 * customers; `valueAtRisk` is their net amount. See [docs/churn.md](../../docs/churn.md#churnrisk).
 *
 * @returns `customers` and `meta` (asOf, measure, thresholds used, population gap, counts per level).
 * @throws {AnalyticsInputError} Bad rows; `invalid_value` at `["options", "pAlive", id]` for a P(alive)
 *   missing or outside [0, 1], `unreadable_field` there when reading it threw; `degenerate_data` when
 *   no customer bought on two days and no `pAlive`;
 *   `overflow` when a customer's net amount is not a finite number (amounts near ±1.8e308).
 * @throws {RangeError} `thresholds` not increasing, `aliveThresholds` not decreasing.
 * @throws {TypeError} `thresholds` with `pAlive`, or `aliveThresholds` without it.
 *
 * @example
 * const { customers } = churnRisk(
 *   [{ customerId: "a", date: "2024-01-01", amount: 50 }, { customerId: "a", date: "2024-01-11", amount: 50 },
 *    { customerId: "a", date: "2024-01-21", amount: 50 }, { customerId: "b", date: "2024-01-31", amount: 80 }],
 *   { asOf: "2024-02-10" },
 * );
 * customers.map((c) => [c.customerId, c.typicalGapDays, c.overdue, c.risk, c.alert]);
 * //=> [["a", 10, 2, "cooling", false], ["b", 10, 1, "active", false]]
 */
export function churnRisk<Row = any>(transactions: TransactionInput<Row>, options: ChurnRiskOptions<Row>): ChurnRiskResult {
  const fn = "churnRisk";
  const opts = parseOptions(fn, churnRiskOptionsSchema, options ?? {}) as ChurnRiskOptions<Row>;
  const { thresholds, aliveThresholds } = readThresholds(fn, opts);
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
    throw new AnalyticsInputError(fn, [inputIssue("degenerate_data", ["rows"], "no customer bought on two different days, so there is no purchase rhythm to be overdue on (pass pAlive from a model instead)")]);
  }
  const given = opts.pAlive;
  const getAlive = given === undefined ? null : aliveReader(given);
  const counts: Record<RiskLevel, number> = { active: 0, cooling: 0, at_risk: 0, lapsed: 0 };
  const customers: ChurnRiskRecord[] = [];
  const issues: InputIssue[] = [];
  let badAlive = 0;
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
      let p: unknown;
      try {
        p = getAlive(id);
      } catch (error) {
        // the caller's function, getter or Proxy trap threw: a data error naming the customer, not a raw throw
        if (badAlive++ < (opts.maxIssues ?? 20)) issues.push(inputIssue("unreadable_field", ["options", "pAlive", id], `reading P(alive) threw: ${error instanceof Error ? error.message : describeValue(error)}`, id));
        continue;
      }
      if (typeof p !== "number" || !(p >= 0 && p <= 1)) {
        const hint = p === undefined && given instanceof Map && given.size > 0 && typeof given.keys().next().value !== "string" ? " (the Map's keys must be the customer ids as strings)" : "";
        if (badAlive++ < (opts.maxIssues ?? 20)) issues.push(inputIssue("invalid_value", ["options", "pAlive", id], `expected a probability in [0, 1], got ${describeValue(p)}${hint}`, id));
        continue;
      }
      alive = p;
      const t = aliveThresholds as ChurnRiskAliveThresholds;
      risk = alive >= t.active ? "active" : alive >= t.cooling ? "cooling" : alive >= t.atRisk ? "at_risk" : "lapsed";
    } else {
      const t = thresholds as ChurnRiskThresholds;
      overdue = recencyDays / (gap as number);
      risk = overdue <= t.cooling ? "active" : overdue <= t.atRisk ? "cooling" : overdue <= t.lapsed ? "at_risk" : "lapsed";
    }
    checkFinite(fn, net[c], "the net amount (valueAtRisk)", { path: ["input"], customerId: id });
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
      alert: risk === "at_risk" || risk === "lapsed",
      valueAtRisk: net[c] + 0,
    });
  }
  if (issues.length > 0) throw new AnalyticsInputError(fn, issues, badAlive);
  return {
    customers,
    meta: {
      ...transactionReadMeta(read),
      measure: getAlive ? "pAlive" : "overdue",
      thresholds,
      aliveThresholds,
      populationGapDays: populationGap,
      counts,
    },
  };
}

/** customerId → P(alive) as given; a plain object is read by own keys only (a customer "constructor" must not find Object.prototype's). */
function aliveReader(given: NonNullable<ChurnRiskOptions["pAlive"]>): (id: string) => unknown {
  if (typeof given === "function") return given;
  if (given instanceof Map) return (id) => given.get(id);
  const record = given as Readonly<Record<string, number>>;
  return (id) => (Object.hasOwn(record, id) ? record[id] : undefined);
}

/** The thresholds of the measure in use, defaults filled in and checked; `null` for the other measure. */
function readThresholds(fn: string, opts: ChurnRiskOptions): { thresholds: ChurnRiskThresholds | null; aliveThresholds: ChurnRiskAliveThresholds | null } {
  if (opts.pAlive === undefined) {
    if (opts.aliveThresholds !== undefined) throw new TypeError(`${fn}: options.aliveThresholds applies only with options.pAlive`);
    const t = withDefaults({ cooling: 1, atRisk: 2, lapsed: 4 }, opts.thresholds);
    if (!(t.cooling < t.atRisk && t.atRisk < t.lapsed)) throw new RangeError(`${fn}: options.thresholds: must increase (cooling < atRisk < lapsed), got ${t.cooling}, ${t.atRisk}, ${t.lapsed}`);
    return { thresholds: t, aliveThresholds: null };
  }
  if (opts.thresholds !== undefined) throw new TypeError(`${fn}: options.thresholds (overdue) does not apply with options.pAlive: use options.aliveThresholds`);
  const t = withDefaults({ active: 0.8, cooling: 0.5, atRisk: 0.2 }, opts.aliveThresholds);
  if (!(t.active > t.cooling && t.cooling > t.atRisk)) throw new RangeError(`${fn}: options.aliveThresholds: must decrease (active > cooling > atRisk), got ${t.active}, ${t.cooling}, ${t.atRisk}`);
  return { thresholds: null, aliveThresholds: t };
}
