import { z } from "zod";
import { AnalyticsInputError, inputIssue } from "../errors.js";
import { missingFields } from "../input/readRecords.js";
import type { TransactionInput } from "../input/types.js";
import { fitDiagnostics, type FitDiagnostics, type ValueAndGradient } from "../internal/bfgs.js";
import { exp, log } from "../internal/elementary.js";
import { chiSquareUpperTail } from "../internal/incompleteGamma.js";
import { toFixedHalfAway } from "../internal/format.js";
import { work, lnGammaRatio } from "../internal/special.js";
import { defineOptions, parseOptions, type OptionsSchema } from "../options.js";
import { fitBgNbd } from "./bgNbd.js";
import { groupTriples, longestT, minimizeFit, penalty, predictTriples, readBtydCustomers } from "./btydInput.js";
import { digammaShift } from "./likelihoodParts.js";
import { fitModifiedBgNbd } from "./mbgNbd.js";
import { fitParetoNbd } from "./paretoNbd.js";
import { existingCustomerCountPmf } from "./purchaseCounts.js";
import { purchaseKernel } from "./purchaseModel.js";
import { purchaseTracking, purchaseTrackingOptionsSchema, type PurchaseTrackingOptions } from "./purchaseTracking.js";
import type { BtydSummaryCustomer } from "./toBtydSummary.js";
import type { PurchaseModel } from "./types.js";

/** A purchase model `compareModels` fits. */
export type ComparedModelName = PurchaseModel["model"];

/** What `compareModels` chooses by: holdout RMSE or MAE of expected purchases per customer, or an information criterion. */
export type ModelCriterion = "rmse" | "mae" | "bic" | "aic";

/** Options of {@link compareModels}. */
export interface CompareModelsOptions<Row = any> {
  /** Penalizer of every fit (default 0, as the fits). */
  penalizer?: number;
  /** What the chosen model is best at (default `"rmse"`: holdout RMSE of expected purchases per customer). */
  criterion?: ModelCriterion;
  /** Equal-width probability bins of the reliability tables (default 10). */
  bins?: number;
  /** Groups of the lift and gains table, customers ranked by expected holdout purchases (default 10: deciles). */
  groups?: number;
  /**
   * The transactions the summary was made from, with `purchaseTracking`'s options (`asOf`,
   * `calibrationEnd`, `period` as given to `toBtydSummary`): adds the aggregate tracking error by period.
   */
  tracking?: { transactions: TransactionInput<Row>; options: PurchaseTrackingOptions<Row> };
}

/** Schema of {@link CompareModelsOptions}. */
export const compareModelsOptionsSchema: OptionsSchema<CompareModelsOptions> = defineOptions<CompareModelsOptions>()({
  penalizer: z.number({ error: "expected a finite number >= 0" }).min(0, { error: "expected a finite number >= 0" }).optional(),
  criterion: z.enum(["rmse", "mae", "bic", "aic"]).optional(),
  bins: z.number().int().min(2).max(100).optional(),
  groups: z.number().int().min(2).max(100).optional(),
  tracking: z.object({ transactions: z.any(), options: z.any() }).optional(),
});

/** One probability bin of a reliability table: customers whose predicted probability falls in [from, to). */
export interface ReliabilityBin {
  from: number;
  /** Upper end (the last bin includes 1). */
  to: number;
  customers: number;
  /** Mean predicted probability in the bin (0 when empty). */
  meanPredicted: number;
  /** Share of the bin's customers who purchased in the holdout (0 when empty). */
  observedRate: number;
}

/** One group of the lift and cumulative gains table (customers ranked by expected holdout purchases, highest first). */
export interface LiftGroup {
  /** 1 = the customers with the highest expected holdout purchases. */
  group: number;
  customers: number;
  /** Holdout purchases expected of the group, and made by it. */
  expected: number;
  actual: number;
  /** The group's mean holdout purchases over everyone's: 1 = no better than picking at random. */
  lift: number;
  /** Share of all customers in this and the higher groups. */
  cumulativeCustomerShare: number;
  /** Share of all holdout purchases made by this and the higher groups (cumulative gains). */
  cumulativeGain: number;
}

/** Aggregate tracking error of a model: per tracking period (week), actual minus expected repeat purchases. */
export interface TrackingError {
  periods: number;
  holdoutPeriods: number;
  /** Mean absolute and root-mean-square error of the incremental purchases, over every period and over the holdout periods. */
  mae: number;
  rmse: number;
  holdoutMae: number;
  holdoutRmse: number;
  /** Cumulative expected minus actual repeat purchases at the end of the holdout, relative to actual. */
  cumulativeError: number;
}

/** The holdout measures of one model in {@link compareModels}' result. */
export interface HoldoutMetrics {
  /** Holdout purchases expected of and made by all customers. */
  expectedHoldout: number;
  actualHoldout: number;
  /** Mean absolute and root-mean-square error of expected holdout purchases per customer. */
  mae: number;
  rmse: number;
  /** Brier score of P(alive) at the calibration end against "purchased in the holdout". */
  brierAlive: number;
  /** Brier score of P(at least one purchase in the holdout) (the count distribution) against the same event. */
  brierPurchase: number;
  /** Reliability tables of both probabilities against "purchased in the holdout". */
  reliabilityAlive: ReliabilityBin[];
  reliabilityPurchase: ReliabilityBin[];
  /** Lift and cumulative gains by group of expected holdout purchases. */
  lift: LiftGroup[];
}

/** One fitted model in {@link compareModels}' result. */
export interface ModelComparisonRecord {
  model: ComparedModelName;
  /** The fitted parameters (pass `{ model, params }` to the predictions). */
  params: PurchaseModel["params"];
  /** Number of parameters (4). */
  parameters: number;
  logLikelihood: number;
  /** 2k − 2·ℓ and k·ln n − 2·ℓ (n customers). */
  aic: number;
  bic: number;
  diagnostics: FitDiagnostics;
  /**
   * The holdout measures; null when the model's predictions cannot be computed at the fitted
   * parameters (an unconverged fit at extreme values: `unavailable` says why).
   */
  holdout: HoldoutMetrics | null;
  /** Why `holdout` (and `tracking`) are null. */
  unavailable?: string;
  /** Aggregate tracking error by period (with `options.tracking`; else null). */
  tracking: TrackingError | null;
}

/** A likelihood-ratio test of the no-dropout NBD model against a model with dropout. */
export interface LikelihoodRatioTest {
  /** The restricted model: `"nbd"` (purchases without dropout, parameters r and alpha). */
  restricted: "nbd";
  model: ComparedModelName;
  /** 2·(ℓ_model − ℓ_nbd), at least 0. */
  statistic: number;
  /** Degrees of freedom of the χ² reference (2: the dropout parameters). */
  df: number;
  /** χ²(df) upper tail at the statistic: approximate (the NBD is a boundary limit, see `meta.nesting`). */
  pValue: number;
}

/** `meta` of {@link compareModels}. */
export interface CompareModelsMeta {
  customers: number;
  /** Customers who made a purchase in the holdout. */
  holdoutBuyers: number;
  penalizer: number;
  criterion: ModelCriterion;
  /** The chosen model (best by `criterion` among converged fits; among all when none converged). */
  chosen: ComparedModelName;
  /** Why, in words: the criterion's values, and what the other measures say. */
  reason: string;
  /** The NBD (no dropout) fit the likelihood-ratio tests use (null when its likelihood is not a finite number: no tests then). */
  nbd: { params: { r: number; alpha: number }; logLikelihood: number; diagnostics: FitDiagnostics } | null;
  /** Which pairs are nested and which are not, in words. */
  nesting: string;
}

/** Result of {@link compareModels}. */
export interface CompareModelsResult {
  /** One record per model: BG/NBD, modified BG/NBD, Pareto/NBD. */
  models: ModelComparisonRecord[];
  /** NBD against each model. */
  likelihoodRatioTests: LikelihoodRatioTest[];
  /** The comparison as a table a person can read (fixed-width text, one line per model). */
  table: string;
  meta: CompareModelsMeta;
}

const NESTING =
  "BG/NBD, modified BG/NBD and Pareto/NBD are not nested in one another (each has 4 parameters and none is the others with a parameter fixed), so they are compared by AIC, BIC and the holdout, not by a likelihood-ratio test. " +
  "The NBD (no dropout: r, alpha) is nested in each as a limit (a → 0 for the BG/NBD pair, s → 0 for Pareto/NBD), and tested against each with 2 degrees of freedom; the null lies on the boundary of the parameter space, where b (or beta) is not identified, so the χ² p-value is an approximation.";

/** The NBD log-likelihood of one customer: ln Γ(r+x)/Γ(r) + r·ln(α/(α+T)) − x·ln(α+T) (t_x does not enter). */
function nbdTerm(r: number, alpha: number, x: number, T: number, grad: number[] | null): number {
  const lq = log(alpha / (alpha + T));
  if (grad) {
    grad[0] = digammaShift(r, x) + lq;
    grad[1] = r / alpha - (r + x) / (alpha + T);
  }
  return lnGammaRatio(r, x) + r * lq - x * log(alpha + T);
}

/** Fits the NBD (Poisson purchases, gamma-distributed rates, no dropout) by the fits' shared search. */
export function fitNbd(fn: string, x: Float64Array, tx: Float64Array, T: Float64Array, penalizer: number): { params: { r: number; alpha: number }; logLikelihood: number; diagnostics: FitDiagnostics } {
  const g = groupTriples(x, new Float64Array(x.length), T, undefined, false); // t_x does not enter; no customer's group
  const n = x.length;
  const s = 1 / longestT(fn, T);
  const total = (r: number, alpha: number, scale: number, grad: number[] | null) => {
    const gk = [0, 0];
    let sum = 0;
    if (grad) grad.fill(0);
    for (let k = 0; k < g.x.length; k++) {
      sum += g.w[k] * nbdTerm(r, alpha, g.x[k], g.T[k] * scale, grad ? gk : null);
      if (grad) for (let j = 0; j < 2; j++) grad[j] += g.w[k] * gk[j];
    }
    return sum;
  };
  const gTheta = [0, 0];
  const objective: ValueAndGradient = (phi, grad) => {
    work.units += 10 * g.x.length;
    const theta = phi.map(exp);
    const ll = total(theta[0], theta[1], s, grad ? gTheta : null);
    if (grad) for (let i = 0; i < 2; i++) grad[i] = (-gTheta[i] / n + 2 * penalizer * theta[i]) * theta[i];
    return -ll / n + penalty(penalizer, theta);
  };
  const names = ["r", "alpha"];
  const { res, objective: boxed } = minimizeFit(fn, objective, [0, 0], g.x.length, names);
  const params = { r: exp(res.x[0]), alpha: exp(res.x[1]) / s };
  const logLikelihood = total(params.r, params.alpha, 1, null);
  return { params, logLikelihood, diagnostics: fitDiagnostics(res, names, { objective: boxed }) };
}

/** Equal-width reliability bins of `p` against the 0/1 outcome `z`. */
export function reliabilityBins(p: ArrayLike<number>, z: ArrayLike<number>, bins: number): ReliabilityBin[] {
  const n = new Float64Array(bins);
  const sp = new Float64Array(bins);
  const sz = new Float64Array(bins);
  for (let i = 0; i < p.length; i++) {
    const b = Math.min(bins - 1, Math.floor(p[i] * bins));
    n[b]++;
    sp[b] += p[i];
    sz[b] += z[i];
  }
  return Array.from({ length: bins }, (_, b) => ({ from: b / bins, to: (b + 1) / bins, customers: n[b], meanPredicted: n[b] > 0 ? sp[b] / n[b] : 0, observedRate: n[b] > 0 ? sz[b] / n[b] : 0 }));
}

/**
 * Lift and cumulative gains: customers ranked by `expected` (highest first; ties in input order), cut
 * into `groups` groups of ⌊k·n/groups⌋..⌊(k+1)·n/groups⌋ − 1 positions.
 */
export function liftTable(expected: ArrayLike<number>, actual: ArrayLike<number>, groups: number): LiftGroup[] {
  const n = expected.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => expected[j] - expected[i] || i - j);
  let totalActual = 0;
  for (let i = 0; i < n; i++) totalActual += actual[i];
  const meanActual = totalActual / n;
  const out: LiftGroup[] = [];
  let cumActual = 0;
  for (let k = 0; k < groups; k++) {
    const lo = Math.floor((k * n) / groups);
    const hi = Math.floor(((k + 1) * n) / groups);
    let e = 0;
    let a = 0;
    for (let q = lo; q < hi; q++) {
      e += expected[order[q]];
      a += actual[order[q]];
    }
    cumActual += a;
    const m = hi - lo;
    out.push({ group: k + 1, customers: m, expected: e, actual: a, lift: m > 0 && meanActual > 0 ? a / m / meanActual : 0, cumulativeCustomerShare: hi / n, cumulativeGain: totalActual > 0 ? cumActual / totalActual : 0 });
  }
  return out;
}

const LABELS: Record<ComparedModelName, string> = { "bg-nbd": "BG/NBD", "modified-bg-nbd": "modified BG/NBD", "pareto-nbd": "Pareto/NBD" };

function renderTable(models: ModelComparisonRecord[], chosen: ComparedModelName): string {
  const head = ["model", "k", "log-lik", "AIC", "BIC", "converged", "MAE", "RMSE", "Brier P(alive)", "Brier P(buy)", "top lift", "track MAE"];
  const rows = models.map((m) => [
    `${LABELS[m.model]}${m.model === chosen ? " *" : ""}`,
    String(m.parameters),
    toFixedHalfAway(m.logLikelihood, 2),
    toFixedHalfAway(m.aic, 2),
    toFixedHalfAway(m.bic, 2),
    m.diagnostics.converged ? "yes" : "no",
    m.holdout ? toFixedHalfAway(m.holdout.mae, 4) : "–",
    m.holdout ? toFixedHalfAway(m.holdout.rmse, 4) : "–",
    m.holdout ? toFixedHalfAway(m.holdout.brierAlive, 4) : "–",
    m.holdout ? toFixedHalfAway(m.holdout.brierPurchase, 4) : "–",
    m.holdout ? toFixedHalfAway(m.holdout.lift[0].lift, 3) : "–",
    m.tracking ? toFixedHalfAway(m.tracking.holdoutMae, 2) : "–",
  ]);
  const widths = head.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j].length)));
  const line = (cells: string[]) => cells.map((c, j) => (j === 0 ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join("  ").trimEnd();
  return [line(head), ...rows.map(line)].join("\n");
}

/**
 * Validation in numbers: fits BG/NBD, modified BG/NBD and Pareto/NBD on one calibration summary
 * (`toBtydSummary` with `calibrationEnd`) and compares them on the holdout, per model: MAE and RMSE of
 * expected holdout purchases per customer (each over their own `durationHoldout`); Brier scores and
 * reliability bins of P(alive) and of P(at least one holdout purchase) against "purchased in the
 * holdout"; lift and cumulative gains by decile of expected purchases; log-likelihood, AIC, BIC, the
 * number of parameters and convergence; with `options.tracking`, the aggregate tracking error by week
 * (`purchaseTracking`). The three models are not nested; the NBD (no dropout) is, as a limit, in each,
 * and likelihood-ratio tests say whether dropout is needed. Returns a readable `table`, and in `meta`
 * the chosen model and why (lowest holdout RMSE among converged fits by default).
 *
 * P(alive) is the probability of being active at the calibration end, not of purchasing in the
 * holdout: an alive customer may still not buy, so its Brier score is worse by construction than that of
 * P(buy), the probability the model itself gives for the event (see docs/models.md).
 *
 * @param records - `toBtydSummary(..., { calibrationEnd }).customers` ({@link BtydSummaryCustomer} with
 *   `frequencyHoldout` and `durationHoldout`).
 * @param options - `penalizer`, `criterion`, `bins`, `groups`, `tracking` ({@link CompareModelsOptions}).
 * @returns `models` ({@link ModelComparisonRecord}), `likelihoodRatioTests`, `table`, `meta` (chosen, reason, nesting).
 * @throws {RangeError} Bad options. {@link AnalyticsInputError} Bad records, no holdout fields
 *   (`missing_field`), or records the fits refuse.
 *
 * @example
 * const records = Array.from({ length: 40 }, (_, i) => ({
 *   customerId: `c${i}`, frequency: i % 5, recency: i % 5 === 0 ? 0 : 10 + (i % 7), T: 30,
 *   monetaryValue: 0, frequencyHoldout: i % 3 === 0 ? 0 : i % 4, durationHoldout: 20,
 * }));
 * const { models, meta } = compareModels(records);
 * models.map((m) => m.model); //=> ["bg-nbd", "modified-bg-nbd", "pareto-nbd"]
 * [meta.customers, meta.holdoutBuyers, meta.criterion, meta.chosen]; //=> [40, 20, "rmse", "bg-nbd"]
 * // 40 customers do not pin four parameters down: every fit says so, and the reason repeats it
 * models.map((m) => m.diagnostics.converged); //=> [false, false, false]
 */
export function compareModels<Row = any>(records: Iterable<BtydSummaryCustomer>, options: CompareModelsOptions<Row> = {}): CompareModelsResult {
  const fn = "compareModels";
  const o = parseOptions(fn, compareModelsOptionsSchema, options as CompareModelsOptions);
  const penalizer = o.penalizer ?? 0;
  const criterion = o.criterion ?? "rmse";
  const bins = o.bins ?? 10;
  const groups = o.groups ?? 10;
  const list = Array.from(records);
  const first = list.find((r) => typeof r === "object" && r !== null);
  if (first) {
    const missing = missingFields(first, [["frequencyHoldout", "frequencyHoldout"], ["durationHoldout", "durationHoldout"]] as const);
    if (missing.length > 0) throw new AnalyticsInputError(fn, missing.map((i) => inputIssue(i.code, i.path, `${i.message}; make the records with toBtydSummary(transactions, { calibrationEnd, ... })`)));
  }
  const holdoutFields = {
    frequencyHoldout: { field: "frequencyHoldout", name: "frequencyHoldout", rule: "count" },
    durationHoldout: { field: "durationHoldout", name: "durationHoldout", rule: "nonNegative" },
  } as const;
  const { x, tx, T, extra } = readBtydCustomers(fn, list, false, holdoutFields);
  const actual = extra.frequencyHoldout;
  const duration = extra.durationHoldout;
  const n = x.length;
  const bought = Float64Array.from(actual, (a) => (a > 0 ? 1 : 0));
  longestT(fn, T);
  if (o.tracking) parseOptions(`${fn}: options.tracking`, purchaseTrackingOptionsSchema, o.tracking.options);
  const fitOptions = { penalizer };
  // the records are checked above; what a fit still refuses (a likelihood beyond a double) is reported under this function's name
  const named = <F>(fit: () => F): F => {
    try {
      return fit();
    } catch (error) {
      if (error instanceof AnalyticsInputError) throw new AnalyticsInputError(fn, error.issues);
      if (error instanceof TypeError && !error.message.startsWith(`${fn}:`)) throw new TypeError(`${fn}: ${error.message}`);
      throw error;
    }
  };
  const fits = [
    { model: "bg-nbd" as const, fit: named(() => fitBgNbd(list, fitOptions)) },
    { model: "modified-bg-nbd" as const, fit: named(() => fitModifiedBgNbd(list, fitOptions)) },
    { model: "pareto-nbd" as const, fit: named(() => fitParetoNbd(list, fitOptions)) },
  ];
  const byDuration = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const idx = byDuration.get(duration[i]);
    if (idx) idx.push(i);
    else byDuration.set(duration[i], [i]);
  }
  const models: ModelComparisonRecord[] = fits.map(({ model, fit }) => {
    const pm = { model, params: fit.params } as PurchaseModel;
    const k = 4;
    const base = { model, params: fit.params, parameters: k, logLikelihood: fit.logLikelihood, aic: 2 * k - 2 * fit.logLikelihood, bic: k * log(n) - 2 * fit.logLikelihood, diagnostics: fit.diagnostics };
    let holdout: HoldoutMetrics;
    let tracking: TrackingError | null;
    try {
      holdout = holdoutMetrics(fn, pm, { x, tx, T, actual, bought, byDuration }, bins, groups);
      tracking = o.tracking ? named(() => trackingError(o.tracking!, pm)) : null;
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      return { ...base, holdout: null, unavailable: error.message, tracking: null };
    }
    return { ...base, holdout, tracking };
  });
  const fitted = named(() => fitNbd(fn, x, tx, T, penalizer));
  // at times beyond a double's range the NBD's alpha overflows: no test then, rather than a NaN
  const nbd = Number.isFinite(fitted.logLikelihood) && Number.isFinite(fitted.params.r) && Number.isFinite(fitted.params.alpha) ? fitted : null;
  const likelihoodRatioTests: LikelihoodRatioTest[] = nbd
    ? models.map((m) => {
        const statistic = Math.max(0, 2 * (m.logLikelihood - nbd.logLikelihood));
        return { restricted: "nbd", model: m.model, statistic, df: 2, pValue: chiSquareUpperTail(statistic, 2) };
      })
    : [];
  const { chosen, reason } = choose(models, criterion, likelihoodRatioTests);
  return {
    models,
    likelihoodRatioTests,
    table: renderTable(models, chosen),
    meta: { customers: n, holdoutBuyers: bought.reduce((s, b) => s + b, 0), penalizer, criterion, chosen, reason, nbd, nesting: NESTING },
  };
}

interface HoldoutData {
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  actual: Float64Array;
  bought: Float64Array;
  byDuration: Map<number, number[]>;
}

/** Each customer's predictions over their own holdout duration, and the measures on them (throws a RangeError when not computable). */
function holdoutMetrics(fn: string, pm: PurchaseModel, d: HoldoutData, bins: number, groups: number): HoldoutMetrics {
  const { x, tx, T, actual, bought } = d;
  const n = x.length;
  const kernel = purchaseKernel(fn, pm);
  const expected = new Float64Array(n);
  const alive = new Float64Array(n);
  const buy = new Float64Array(n);
  for (const [t, idx] of d.byDuration) {
    const pick = (c: Float64Array) => Float64Array.from(idx, (i) => c[i]);
    const g = groupTriples(pick(x), pick(tx), pick(T));
    const pred = predictTriples(fn, g, t, kernel.pAlive, kernel.expected);
    const none = Float64Array.from(g.x, (_, k) => (t === 0 ? 1 : existingCustomerCountPmf(pm, t, g.x[k], g.tx[k], g.T[k], 0)[0]));
    idx.forEach((i, k) => {
      const u = g.group[k];
      expected[i] = pred.purchases[u];
      alive[i] = pred.alive[u];
      buy[i] = Math.min(1, Math.max(0, 1 - none[u]));
    });
  }
  let absSum = 0;
  let sqSum = 0;
  let bA = 0;
  let bB = 0;
  let eSum = 0;
  let aSum = 0;
  for (let i = 0; i < n; i++) {
    const e = expected[i] - actual[i];
    absSum += Math.abs(e);
    sqSum += e * e;
    bA += (alive[i] - bought[i]) ** 2;
    bB += (buy[i] - bought[i]) ** 2;
    eSum += expected[i];
    aSum += actual[i];
  }
  return {
    expectedHoldout: eSum,
    actualHoldout: aSum,
    mae: absSum / n,
    rmse: Math.sqrt(sqSum / n),
    brierAlive: bA / n,
    brierPurchase: bB / n,
    reliabilityAlive: reliabilityBins(alive, bought, bins),
    reliabilityPurchase: reliabilityBins(buy, bought, bins),
    lift: liftTable(expected, actual, groups),
  };
}

function trackingError<Row>(tracking: { transactions: TransactionInput<Row>; options: PurchaseTrackingOptions<Row> }, model: PurchaseModel): TrackingError {
  const { periods } = purchaseTracking(tracking.transactions, model, tracking.options);
  const err = (ps: typeof periods) => {
    let a = 0;
    let s = 0;
    for (const p of ps) {
      const d = p.actual - p.expected;
      a += Math.abs(d);
      s += d * d;
    }
    return ps.length > 0 ? { mae: a / ps.length, rmse: Math.sqrt(s / ps.length) } : { mae: 0, rmse: 0 };
  };
  const holdout = periods.filter((p) => p.holdout);
  const all = err(periods);
  const h = err(holdout);
  const last = periods[periods.length - 1];
  return {
    periods: periods.length,
    holdoutPeriods: holdout.length,
    mae: all.mae,
    rmse: all.rmse,
    holdoutMae: h.mae,
    holdoutRmse: h.rmse,
    cumulativeError: last && last.cumulativeActual > 0 ? (last.cumulativeExpected - last.cumulativeActual) / last.cumulativeActual : 0,
  };
}

function choose(models: ModelComparisonRecord[], criterion: ModelCriterion, tests: LikelihoodRatioTest[]): { chosen: ComparedModelName; reason: string } {
  const onHoldout = criterion === "rmse" || criterion === "mae";
  if (onHoldout && models.every((m) => m.holdout === null)) {
    const byBic = choose(models, "bic", tests);
    return { chosen: byBic.chosen, reason: `no model's holdout predictions could be computed at its fitted parameters, so by BIC: ${byBic.reason}` };
  }
  const value = (m: ModelComparisonRecord) => (criterion === "rmse" || criterion === "mae" ? (m.holdout ? m.holdout[criterion] : Number.POSITIVE_INFINITY) : m[criterion]);
  const converged = models.filter((m) => m.diagnostics.converged && Number.isFinite(value(m)));
  const pool = converged.length > 0 ? converged : models.filter((m) => Number.isFinite(value(m))).length > 0 ? models.filter((m) => Number.isFinite(value(m))) : models;
  const best = pool.reduce((b, m) => (value(m) < value(b) ? m : b));
  const what = { rmse: "holdout RMSE of expected purchases per customer", mae: "holdout MAE of expected purchases per customer", bic: "BIC", aic: "AIC" }[criterion];
  const digits = onHoldout ? 4 : 2;
  const others = pool.filter((m) => m !== best).map((m) => `${LABELS[m.model]} ${toFixedHalfAway(value(m), digits)}`);
  const parts = [`${LABELS[best.model]} has the lowest ${what}, ${toFixedHalfAway(value(best), digits)}${others.length > 0 ? ` (${others.join(", ")})` : ""}`];
  const left = models.filter((m) => !pool.includes(m)).map((m) => `${LABELS[m.model]} (${m.diagnostics.converged ? "predictions not computable" : "not converged"})`);
  if (converged.length === 0) parts.push("no fit converged, so this is among unconverged fits: read their diagnostics before using any");
  else if (left.length > 0) parts.push(`left out: ${left.join(", ")}`);
  const byBic = pool.reduce((b, m) => (m.bic < b.bic ? m : b));
  if (criterion !== "bic") parts.push(byBic === best ? "BIC agrees" : `BIC prefers ${LABELS[byBic.model]} (${toFixedHalfAway(byBic.bic, 2)} against ${toFixedHalfAway(best.bic, 2)})`);
  const scored = pool.filter((m) => m.holdout);
  if (scored.length > 0) {
    const byBrier = scored.reduce((b, m) => (m.holdout!.brierPurchase < b.holdout!.brierPurchase ? m : b));
    parts.push(byBrier === best ? "so does the Brier score of P(buy in the holdout)" : `the Brier score of P(buy in the holdout) prefers ${LABELS[byBrier.model]}`);
  }
  const lrt = tests.find((t) => t.model === best.model);
  if (lrt) parts.push(lrt.pValue < 0.05 ? `dropout matters: the NBD without dropout is rejected (likelihood ratio ${toFixedHalfAway(lrt.statistic, 1)}, approximate p ${lrt.pValue.toExponential(1)})` : `the NBD without dropout is not rejected (likelihood ratio ${toFixedHalfAway(lrt.statistic, 2)}, approximate p ${toFixedHalfAway(lrt.pValue, 3)}): the data show little dropout`);
  return { chosen: best.model, reason: parts.join("; ") };
}
