import { z } from "zod";
import { defineOptions, parseOptions, withDefaults } from "../options.js";
import { transactionReadOptionsSchema, type TransactionOptionsSchema } from "../input/options.js";
import type { TransactionInput, TransactionReadOptions } from "../input/types.js";
import { quantilesType7 } from "../internal/quantile.js";
import { compensatedMean } from "../internal/mean.js";
import { checkFinite } from "../internal/overflow.js";
import { readPurchaseHistories } from "../input/histories.js";
import { transactionReadMeta } from "../input/normalizeTransactions.js";
import type { TransactionReadMeta } from "../input/types.js";

/** The four stages of the customer relationship lifecycle, in order. */
export const LIFECYCLE_STAGES = Object.freeze([
  { id: "exploration", label: "Exploration", labelZh: "考察期", action: "First purchases: make the first experiences good and invite the second order.", actionZh: "刚开始购买：做好首次购物体验，促成第二次购买。" },
  { id: "formation", label: "Formation", labelZh: "形成期", action: "Buying again: build habits with relevant offers and service.", actionZh: "开始复购：以相关优惠和服务培养购买习惯。" },
  { id: "stability", label: "Stability", labelZh: "稳定期", action: "Loyal and regular: reward, cross-sell, keep the service level high.", actionZh: "忠诚且购买规律：给予回馈，开展交叉销售，保持高水准服务。" },
  { id: "decline", label: "Decline", labelZh: "退化期", action: "Slowing down: find out why and act before they leave.", actionZh: "购买放缓：查明原因，在客户流失前及时干预。" },
] as const);

/** Stage ids. */
export type LifecycleStageId = (typeof LIFECYCLE_STAGES)[number]["id"];

/** Rules of {@link lifecycleStage}; every threshold configurable. */
export interface LifecycleRules {
  /** At most this many purchase days → exploration (default 1). */
  explorationMaxPurchases: number;
  /** Tenure below this many days → exploration at most (default 60). */
  explorationDays: number;
  /** Stability needs at least this many purchase days (default 5)… */
  stabilityMinPurchases: number;
  /** …and at least this tenure in days (default 180). */
  stabilityDays: number;
  /** Decline when days since the last purchase exceed this many typical gaps (default 2). */
  declineOverdue: number;
  /** Decline when the mean of the last `trendWindow` gaps is above this multiple of the earlier gaps' mean (default 1.5)… */
  declineGapRatio: number;
  /** …or the mean of the last `trendWindow` purchase amounts is below this share of the earlier mean (default 0.6). */
  declineAmountRatio: number;
  /** Recent window for the trends (default 3 gaps / purchase days); trends need at least this many earlier ones too. */
  trendWindow: number;
}

/** One customer's lifecycle stage and the numbers behind it. */
export interface LifecycleRecord {
  customerId: string;
  stage: LifecycleStageId;
  purchaseDays: number;
  tenureDays: number;
  recencyDays: number;
  /** Median gap between purchase days (null with one purchase day). */
  typicalGapDays: number | null;
  /** Recent mean gap ÷ earlier mean gap (null when the history is too short). */
  gapTrend: number | null;
  /** Recent mean amount per purchase day ÷ earlier mean (null when too short or earlier mean ≤ 0). */
  amountTrend: number | null;
  /** Which rule decided: `"few purchases"`, `"new"`, `"overdue"`, `"longer gaps"`, `"smaller purchases"`, `"regular"`, `"growing"`. */
  reason: string;
}

const DEFAULT_RULES: LifecycleRules = {
  explorationMaxPurchases: 1,
  explorationDays: 60,
  stabilityMinPurchases: 5,
  stabilityDays: 180,
  declineOverdue: 2,
  declineGapRatio: 1.5,
  declineAmountRatio: 0.6,
  trendWindow: 3,
};

/** Options of {@link lifecycleStage}. */
export interface LifecycleStageOptions<Row = any> extends TransactionReadOptions<Row> {
  /** Thresholds of the stage rules; each one left out keeps its default. */
  rules?: Partial<LifecycleRules>;
}

/** Result of {@link lifecycleStage}. */
export interface LifecycleStageResult {
  /** One record per customer with a purchase, in order of first appearance. */
  customers: LifecycleRecord[];
  meta: TransactionReadMeta & {
    /** The rules used, defaults filled in. */
    rules: LifecycleRules;
    /** Customers per stage. */
    counts: Record<LifecycleStageId, number>;
  };
}

/** Schema of {@link LifecycleStageOptions} (strict: unknown keys are rejected). */
export const lifecycleStageOptionsSchema: TransactionOptionsSchema<LifecycleStageOptions> = defineOptions<LifecycleStageOptions>()({
  ...transactionReadOptionsSchema.shape,
  rules: z
    .strictObject({
      explorationMaxPurchases: z.number().int().min(1).optional(),
      explorationDays: z.number().min(0).optional(),
      stabilityMinPurchases: z.number().int().min(2).optional(),
      stabilityDays: z.number().min(0).optional(),
      declineOverdue: z.number().positive().optional(),
      declineGapRatio: z.number().positive().optional(),
      declineAmountRatio: z.number().positive().optional(),
      trendWindow: z.number().int().min(1).max(100).optional(),
    })
    .optional(),
});

const mean = (xs: Float64Array, from: number, to: number): number => compensatedMean(xs.subarray(from, to));

/**
 * Lifecycle stage of each customer: **exploration** (考察期), **formation** (形成期), **stability**
 * (稳定期) or **decline** (退化期), from tenure, purchase days and the trends of the gaps and amounts.
 * The first rule that holds decides (`reason`): decline when overdue, with longer gaps or smaller
 * purchases; exploration with few purchases or a short tenure; stability when regular; formation
 * otherwise. Every threshold is in `rules`; the rules: [docs/churn.md](../../docs/churn.md#lifecyclestage).
 *
 * @returns `customers` and `meta` (asOf, the rules used, counts per stage).
 * @throws {AnalyticsInputError} Bad rows, as `summarizeTransactions`; `overflow` when a customer's
 *   mean amount or amount trend is not a finite number (amounts near ±1.8e308).
 * @throws {RangeError} A rule out of range (`trendWindow` not in 1..100, ...).
 *
 * @example
 * const { customers } = lifecycleStage(
 *   [{ customerId: "new", date: "2024-06-20", amount: 30 },
 *    { customerId: "lapsing", date: "2024-01-01", amount: 40 }, { customerId: "lapsing", date: "2024-01-15", amount: 40 }],
 *   { asOf: "2024-06-30" },
 * );
 * customers.map((c) => [c.customerId, c.stage, c.reason]); //=> [["new", "exploration", "few purchases"], ["lapsing", "decline", "overdue"]]
 *
 * @see Dwyer, F. R., Schurr, P. H. & Oh, S. (1987). Developing buyer-seller relationships. Journal of Marketing 51(2), 11–27.
 */
export function lifecycleStage<Row = any>(transactions: TransactionInput<Row>, options: LifecycleStageOptions<Row>): LifecycleStageResult {
  const fn = "lifecycleStage";
  const opts = parseOptions(fn, lifecycleStageOptionsSchema, options ?? {}) as LifecycleStageOptions<Row>;
  const rules: LifecycleRules = withDefaults(DEFAULT_RULES, opts.rules);
  const { read, histories: h } = readPurchaseHistories(fn, transactions, opts);
  const nC = read.customerIds.length;
  const counts: Record<LifecycleStageId, number> = { exploration: 0, formation: 0, stability: 0, decline: 0 };
  const customers: LifecycleRecord[] = [];
  const w = rules.trendWindow;
  for (let c = 0; c < nC; c++) {
    const from = h.start[c];
    const to = h.start[c + 1];
    const k = to - from;
    if (k === 0) continue;
    const tenureDays = read.asOfDay - h.day[from];
    const recencyDays = read.asOfDay - h.day[to - 1];
    const gaps = new Float64Array(Math.max(0, k - 1));
    for (let i = 1; i < k; i++) gaps[i - 1] = h.day[from + i] - h.day[from + i - 1];
    const typicalGapDays = k >= 2 ? quantilesType7(gaps, [0.5], "linear")[0] : null;
    const gapTrend = gaps.length >= 2 * w ? mean(gaps, gaps.length - w, gaps.length) / mean(gaps, 0, gaps.length - w) : null;
    const earlierAmount = k >= 2 * w ? mean(h.amount, from, to - w) : null;
    const laterAmount = earlierAmount !== null ? mean(h.amount, to - w, to) : null;
    const amountTrend = earlierAmount !== null && earlierAmount > 0 ? (laterAmount as number) / earlierAmount : null;
    // a day's amount, a mean or their ratio beyond the doubles (amounts near 1e308, or a trend from 1e-300 to 1e10)
    for (const [what, v] of [["the mean purchase amount", earlierAmount], ["the mean purchase amount", laterAmount], ["the amount trend", amountTrend]] as const) {
      if (v !== null) checkFinite(fn, v, what, { path: ["input"], customerId: read.customerIds[c] });
    }
    let stage: LifecycleStageId;
    let reason: string;
    if (typicalGapDays !== null && recencyDays > rules.declineOverdue * typicalGapDays) [stage, reason] = ["decline", "overdue"];
    else if (gapTrend !== null && gapTrend > rules.declineGapRatio) [stage, reason] = ["decline", "longer gaps"];
    else if (amountTrend !== null && amountTrend < rules.declineAmountRatio) [stage, reason] = ["decline", "smaller purchases"];
    else if (k <= rules.explorationMaxPurchases) [stage, reason] = ["exploration", "few purchases"];
    else if (tenureDays < rules.explorationDays) [stage, reason] = ["exploration", "new"];
    else if (k >= rules.stabilityMinPurchases && tenureDays >= rules.stabilityDays) [stage, reason] = ["stability", "regular"];
    else [stage, reason] = ["formation", "growing"];
    counts[stage]++;
    customers.push({ customerId: read.customerIds[c], stage, purchaseDays: k, tenureDays, recencyDays, typicalGapDays, gapTrend, amountTrend, reason });
  }
  return { customers, meta: { ...transactionReadMeta(read), rules, counts } };
}
