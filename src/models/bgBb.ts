import { z } from "zod";
import { AnalyticsInputError, describeValue, inputIssue, type InputIssue } from "../errors.js";
import { readRecords, recordArray, thrownMessage, type RecordField } from "../input/readRecords.js";
import { fitDiagnostics, standardErrorsFromGradient, type FitDiagnostics, type ValueAndGradient } from "../internal/bfgs.js";
import { exp, expm1, log } from "../internal/elementary.js";
import { sumError } from "../internal/neumaier.js";
import { lnGammaRatio, logAddExp, work } from "../internal/special.js";
import { defineOptions, parseOptions, type OptionsSchema } from "../options.js";
import { checkParams, minimizeFit, penalizedFitOptionsSchema, penalty } from "./btydInput.js";
import { digammaShift } from "./likelihoodParts.js";
import type { PenalizedFitOptions, PurchaseFitMeta } from "./types.js";

/**
 * BG/BB parameters (Fader, Hardie & Shang 2010): the transaction probability p ~ Beta(`alpha`,
 * `beta`) and the dropout probability θ ~ Beta(`gamma`, `delta`), per opportunity. No time unit: an
 * opportunity is whatever the data's period is.
 */
export interface BgBbParams {
  alpha: number;
  beta: number;
  gamma: number;
  delta: number;
}

/**
 * One customer (or one group of identical customers) as the BG/BB model takes it: discrete
 * transaction opportunities after the first transaction (lifetimes' `BetaGeoBetaBinomFitter` names;
 * {@link toBgBbSummary} builds these records from transactions).
 */
export interface BgBbCustomer {
  /** Customer id (non-blank string or finite number); without ids, results number records "0", "1", ... */
  customerId?: string | number;
  /** Repeat transactions x: opportunities with a transaction after the first one, an integer ≥ 0. */
  frequency: number;
  /** t_x: the opportunity of the last transaction (1 … n), 0 when `frequency` is 0; an integer ≥ x. */
  recency: number;
  /** Opportunities after the first transaction, an integer ≥ `recency`. */
  n: number;
  /**
   * Customers with this history (grouped data, as the donations data set): an integer ≥ 0; 1 when the
   * records have no `count` (decided by the first record, as every field).
   */
  count?: number;
}

/** Options of {@link fitBgBb}: `penalizer`. */
export type FitBgBbOptions = PenalizedFitOptions;
/** Schema of {@link FitBgBbOptions}. */
export const fitBgBbOptionsSchema: OptionsSchema<FitBgBbOptions> = penalizedFitOptionsSchema;

/** `meta` of {@link fitBgBb}. */
export interface BgBbFitMeta extends PurchaseFitMeta {
  /** Records read (rows of grouped data); `customers` is the sum of their counts. */
  records: number;
  /** Distinct (x, t_x, n) histories, the terms the likelihood sums. */
  histories: number;
}

/** Result of {@link fitBgBb}: the fitted model. */
export interface BgBbFit {
  params: BgBbParams;
  /** Total log-likelihood Σ count·ln L(x, t_x, n) (a sum of log-probabilities: ≤ 0). */
  logLikelihood: number;
  /** Standard errors from the inverse Hessian of the total negative log-likelihood (null if not invertible or not converged). */
  standardErrors: BgBbParams | null;
  diagnostics: FitDiagnostics;
  meta: BgBbFitMeta;
}

/** Options of {@link predictBgBb}. */
export interface PredictBgBbOptions {
  /** n*: the future opportunities of `expectedPurchases` and `pAliveAtHorizon`, an integer ≥ 0 (required). */
  opportunities: number;
  /**
   * `"records"` (default): `customers`, one {@link BgBbPredictionRecord} per customer. `"columns"`:
   * `columns` ({@link BgBbPredictionColumns}), one array per field, without an object per customer.
   */
  output?: "records" | "columns";
}

const HORIZON = "expected the number of future opportunities, an integer >= 0";
/** Schema of {@link PredictBgBbOptions}. */
export const predictBgBbOptionsSchema: OptionsSchema<PredictBgBbOptions> = defineOptions<PredictBgBbOptions>()({
  opportunities: z.number({ error: HORIZON }).int({ error: HORIZON }).min(0, { error: HORIZON }).max(1e9, { error: `${HORIZON} and at most 1e9` }),
  output: z.enum(["records", "columns"]).optional(),
});

/** One customer's BG/BB prediction. */
export interface BgBbPredictionRecord {
  customerId: string;
  /** P(alive at opportunity n + 1): the paper's eq. (11), "P(alive in 2002)" of its Table 6. */
  pAlive: number;
  /** P(alive at opportunity n + n*): alive at the end of the horizon (n* = 1: `pAlive`; n* = 0: at opportunity n). */
  pAliveAtHorizon: number;
  /** Transactions expected in opportunities n + 1 … n + n* (the paper's eq. 13). */
  expectedPurchases: number;
}

/** Result of {@link predictBgBb}: one record per input record (input order), and the model used. */
export interface PredictBgBbResult {
  customers: BgBbPredictionRecord[];
  meta: { model: "bg-bb"; params: BgBbParams; opportunities: number };
}

/** BG/BB predictions as columns (`output: "columns"`): entry `i` of every array is record `i`, input order. */
export interface BgBbPredictionColumns {
  customerId: string[];
  pAlive: Float64Array;
  pAliveAtHorizon: Float64Array;
  expectedPurchases: Float64Array;
}

/** Result of {@link predictBgBb} with `output: "columns"`: the same values and `meta` as the records. */
export interface PredictBgBbColumnsResult {
  columns: BgBbPredictionColumns;
  meta: PredictBgBbResult["meta"];
}

const NAMES = ["alpha", "beta", "gamma", "delta"] as const;

/** BG/BB records as columns, in input order. */
interface BgBbColumns {
  ids: string[];
  x: Float64Array;
  tx: Float64Array;
  n: Float64Array;
  w: Float64Array;
}

const FIELDS = {
  frequency: { field: "frequency", name: "frequency", rule: "count" },
  recency: { field: "recency", name: "recency", rule: "count" },
  n: { field: "n", name: "n", rule: "count" },
} as const satisfies Record<string, RecordField<unknown>>;
const WITH_COUNT = { ...FIELDS, count: { field: "count", name: "count", rule: "count" } } as const satisfies Record<string, RecordField<unknown>>;

/** Opportunities beyond this are refused: the likelihood sums one term per opportunity after t_x. */
const MAX_OPPORTUNITIES = 1e6;

/** Reads BG/BB records with the one customer-level reader and checks x ≤ t_x ≤ n (t_x = 0 iff x = 0). */
function readBgBbCustomers(fn: string, records: Iterable<BgBbCustomer>): BgBbColumns {
  const rows = recordArray(fn, "records", records as Iterable<unknown>);
  const first = rows.find((r) => typeof r === "object" && r !== null) as object | undefined;
  let counted: boolean;
  try {
    counted = first !== undefined && "count" in first;
  } catch (error) {
    // a Proxy record whose `has` trap throws: the caller's error must not escape as it is
    throw new AnalyticsInputError(fn, [inputIssue("invalid_row", ["records", rows.indexOf(first)], `reading the record threw: ${thrownMessage(error)}`)]);
  }
  const read = readRecords<unknown, string>(fn, rows, { ids: "index", fields: counted ? WITH_COUNT : FIELDS });
  const { frequency: x, recency: tx, n } = read.columns;
  const issues: InputIssue[] = [];
  let total = 0;
  const add = (i: number, field: string, message: string) => {
    if (issues.length < 20) issues.push(inputIssue("invalid_value", ["records", i, field], message, read.withIds ? read.ids[i] : undefined));
    total++;
  };
  for (let i = 0; i < x.length; i++) {
    if (n[i] > MAX_OPPORTUNITIES) add(i, "n", `expected at most ${MAX_OPPORTUNITIES} opportunities, got ${n[i]}`);
    else if (tx[i] > n[i]) add(i, "recency", `recency ${tx[i]} is after n ${n[i]}`);
    else if (x[i] === 0 && tx[i] !== 0) add(i, "recency", `expected 0 when frequency is 0, got ${tx[i]}`);
    else if (x[i] > tx[i]) add(i, "frequency", `frequency ${x[i]} is above recency ${tx[i]} (at most one transaction per opportunity)`);
  }
  if (issues.length > 0) throw new AnalyticsInputError(fn, issues, total);
  const w = counted ? read.columns.count : new Float64Array(x.length).fill(1);
  return { ids: read.ids, x, tx, n, w };
}

/** Distinct (x, t_x, n) histories with summed weights, and each record's history. */
function groupHistories(c: BgBbColumns): { x: number[]; tx: number[]; n: number[]; w: number[]; group: Int32Array } {
  const index = new Map<string, number>();
  const x: number[] = [];
  const tx: number[] = [];
  const n: number[] = [];
  const w: number[] = [];
  const group = new Int32Array(c.x.length);
  for (let i = 0; i < c.x.length; i++) {
    const key = `${c.x[i]},${c.tx[i]},${c.n[i]}`;
    let k = index.get(key);
    if (k === undefined) {
      k = x.length;
      index.set(key, k);
      x.push(c.x[i]);
      tx.push(c.tx[i]);
      n.push(c.n[i]);
      w.push(0);
    }
    w[k] += c.w[i];
    group[i] = k;
  }
  return { x, tx, n, w, group };
}

/** ln B(a + x, b + y) − ln B(a, b), as log rising factorials (exact for large a, b). */
function lnBetaRatio(a: number, b: number, x: number, y: number): number {
  return lnGammaRatio(a, x) + lnGammaRatio(b, y) - lnGammaRatio(a + b, x + y);
}

/** ln B(γ, δ + m) − ln B(γ, δ): the probability of surviving m opportunities. */
function lnSurvival(g: number, d: number, m: number): number {
  return lnGammaRatio(d, m) - lnGammaRatio(g + d, m);
}

/**
 * ln L(x, t_x, n) (FHS 2010 eq. 5, one sequence's probability) and, when `grad` is given, its gradient in (α, β, γ, δ) written
 * into it. With A = ln[B(α+x, β+n−x)/B(α,β) · B(γ, δ+n)/B(γ,δ)] (alive through n) and the terms of
 * dying after opportunity t_x + i, c_i·e^{B₀}, B₀ = ln[B(α+x, β+t_x−x)/B(α,β) · B(γ+1, δ+t_x)/B(γ,δ)],
 * c_i = Π_{j<i} ρ_j with ρ_j = (β+t_x−x+j)/(α+β+t_x+j) · (δ+t_x+j)/(γ+δ+t_x+j+1) (each ≤ 1: no
 * overflow, one division per term). Derivatives of the log rising factorials are ψ differences
 * (`digammaShift`), those of ln ρ_j rational.
 */
/** @internal */
export function bgBbLogLikelihoodTerm(p: BgBbParams, x: number, tx: number, n: number, grad: number[] | null = null): number {
  const { alpha: a, beta: b, gamma: g, delta: d } = p;
  const A = lnBetaRatio(a, b, x, n - x) + lnSurvival(g, d, n);
  const K = n - tx;
  work.units += 20 + K;
  if (K === 0) {
    if (grad) {
      const dab = digammaShift(a + b, n);
      const dgd = digammaShift(g + d, n);
      grad[0] = digammaShift(a, x) - dab;
      grad[1] = digammaShift(b, n - x) - dab;
      grad[2] = -dgd;
      grad[3] = digammaShift(d, n) - dgd;
    }
    return A;
  }
  const B0 = lnBetaRatio(a, b, x, tx - x) + log(g) + lnGammaRatio(d, tx) - lnGammaRatio(g + d, tx + 1);
  let c = 1;
  let S = 0;
  let sa = 0;
  let sb = 0;
  let sg = 0;
  let sd = 0;
  let da = 0;
  let db = 0;
  let dg = 0;
  let dd = 0;
  for (let i = 0; i < K; i++) {
    S += c;
    if (grad) {
      sa += c * da;
      sb += c * db;
      sg += c * dg;
      sd += c * dd;
      const ab = 1 / (a + b + tx + i);
      const gd = 1 / (g + d + tx + i + 1);
      da -= ab;
      db += 1 / (b + tx - x + i) - ab;
      dg -= gd;
      dd += 1 / (d + tx + i) - gd;
    }
    c *= ((b + tx - x + i) / (a + b + tx + i)) * ((d + tx + i) / (g + d + tx + i + 1));
  }
  const died = B0 + log(S);
  const ll = logAddExp(A, died);
  if (grad) {
    const pa = exp(A - ll);
    const pd = exp(died - ll);
    const dabN = digammaShift(a + b, n);
    const dabT = digammaShift(a + b, tx);
    const dgdN = digammaShift(g + d, n);
    const dgdT = digammaShift(g + d, tx + 1);
    const dax = digammaShift(a, x);
    grad[0] = pa * (dax - dabN) + pd * (dax - dabT + sa / S);
    grad[1] = pa * (digammaShift(b, n - x) - dabN) + pd * (digammaShift(b, tx - x) - dabT + sb / S);
    grad[2] = pa * -dgdN + pd * (1 / g - dgdT + sg / S);
    grad[3] = pa * (digammaShift(d, n) - dgdN) + pd * (digammaShift(d, tx) - dgdT + sd / S);
  }
  return ll;
}

/**
 * One customer's BG/BB log-likelihood (Fader, Hardie & Shang 2010, eq. 5): the log-probability of
 * their sequence of n opportunities, x with a transaction, the last at t_x (each of the
 * C(t_x − 1, x − 1) such sequences has it), ≤ 0.
 *
 * @throws {RangeError} A parameter not finite and positive, or not integers 0 ≤ x ≤ t_x ≤ n with
 *   t_x = 0 exactly when x = 0.
 *
 * @example
 * const p = { alpha: 1.2035, beta: 0.7497, gamma: 0.6567, delta: 2.7834 };
 * Math.round(bgBbLogLikelihood(p, 0, 0, 6) * 1e6) / 1e6; //=> -1.167523
 * bgBbLogLikelihood(p, 0, 0, 0); //=> 0
 */
export function bgBbLogLikelihood(params: BgBbParams, x: number, tx: number, n: number): number {
  const fn = "bgBbLogLikelihood";
  checkParams(fn, "params", params, NAMES);
  checkHistory(fn, x, tx, n);
  // a log-probability: rounding at extreme parameters (β near 1e308) can leave it a few ulps above 0
  return Math.min(0, bgBbLogLikelihoodTerm(params, x, tx, n));
}

function checkHistory(fn: string, x: number, tx: number, n: number): void {
  const ok = Number.isInteger(x) && Number.isInteger(tx) && Number.isInteger(n) && x >= 0 && tx >= x && n >= tx && n <= MAX_OPPORTUNITIES && (x === 0) === (tx === 0);
  if (!ok) throw new RangeError(`${fn}: expected integers 0 <= x <= t_x <= n <= ${MAX_OPPORTUNITIES} with t_x = 0 exactly when x = 0; got x ${describeValue(x)}, t_x ${describeValue(tx)}, n ${describeValue(n)}`);
}

/**
 * Fits the BG/BB model (Fader, Hardie & Shang 2010) by maximum likelihood: BFGS with the analytic
 * gradient over log-parameters from 1, on the distinct (x, t_x, n) histories weighted by their
 * counts (grouped and per-customer data give the same fit), optional L2 `penalizer` as the other fits.
 * On the donations data (22 groups, 11,104 donors) it returns α = 1.2035, β = 0.7497, γ = 0.6567,
 * δ = 2.7834, LL = −33,225.58: the paper's estimates (1.204, 0.750, 0.657, 2.783; −33,225.6).
 *
 * @param records - {@link BgBbCustomer} records, per customer or grouped with `count`.
 * @returns `params`, total `logLikelihood`, `standardErrors` (null unless converged with an invertible
 *   Hessian), `diagnostics` (`converged`, and why the search stopped), `meta`.
 * @throws {AnalyticsInputError} A record breaks the {@link BgBbCustomer} rules (`["records", i, field]`),
 *   or every count is 0 / no customer has an opportunity (`degenerate_data`).
 *
 * @example
 * const fit = fitBgBb([
 *   { frequency: 0, recency: 0, n: 6, count: 3464 }, { frequency: 1, recency: 1, n: 6, count: 1091 },
 *   { frequency: 3, recency: 6, n: 6, count: 357 }, { frequency: 6, recency: 6, n: 6, count: 1203 },
 * ]);
 * [fit.diagnostics.converged, fit.meta]; //=> [true, { customers: 6115, penalizer: 0, records: 4, histories: 4 }]
 *
 * @see Fader, P. S., Hardie, B. G. S. & Shang, J. (2010). Customer-base analysis in a discrete-time
 *   noncontractual setting. Marketing Science 29(6), 1086–1108.
 */
export function fitBgBb(records: Iterable<BgBbCustomer>, options: FitBgBbOptions = {}): BgBbFit {
  const fn = "fitBgBb";
  const penalizer = parseOptions(fn, fitBgBbOptionsSchema, options).penalizer ?? 0;
  const cols = readBgBbCustomers(fn, records);
  const h = groupHistories(cols);
  const u = h.x.length;
  let customers = 0;
  let informative = 0;
  for (let k = 0; k < u; k++) {
    customers += h.w[k];
    if (h.n[k] > 0) informative += h.w[k];
  }
  if (!(informative > 0)) {
    throw new AnalyticsInputError(fn, [inputIssue("degenerate_data", ["records"], "no customer with an opportunity after the first transaction (every count 0, or every n 0): nothing to fit")]);
  }
  const gk = [0, 0, 0, 0];
  // Σ w·ℓ (Neumaier-compensated) and its gradient in θ
  const total = (theta: readonly number[], grad: number[] | null): number => {
    const p: BgBbParams = { alpha: theta[0], beta: theta[1], gamma: theta[2], delta: theta[3] };
    if (grad) grad.fill(0);
    let sum = 0;
    let comp = 0;
    for (let k = 0; k < u; k++) {
      if (h.w[k] === 0) continue;
      const v = h.w[k] * bgBbLogLikelihoodTerm(p, h.x[k], h.tx[k], h.n[k], grad ? gk : null);
      const t = sum + v;
      comp += sumError(sum, v, t);
      sum = t;
      if (grad) for (let j = 0; j < 4; j++) grad[j] += h.w[k] * gk[j];
    }
    return sum - sum === 0 ? sum + comp : sum;
  };
  const gTheta = [0, 0, 0, 0];
  const objective: ValueAndGradient = (phi, grad) => {
    const theta = phi.map(exp);
    const ll = total(theta, grad ? gTheta : null);
    if (grad) for (let i = 0; i < 4; i++) grad[i] = (-gTheta[i] / customers + 2 * penalizer * theta[i]) * theta[i];
    return -ll / customers + penalty(penalizer, theta);
  };
  const { res, objective: boxed } = minimizeFit(fn, objective, [0, 0, 0, 0], u, NAMES);
  const theta = res.x.map(exp);
  const params: BgBbParams = { alpha: theta[0], beta: theta[1], gamma: theta[2], delta: theta[3] };
  const logLikelihood = total(theta, null);
  if (!Number.isFinite(logLikelihood)) throw new AnalyticsInputError(fn, [inputIssue("degenerate_data", ["records"], "the fit did not reach a finite likelihood")]);
  // a log-probability: above 0 only by rounding
  const diagnostics = fitDiagnostics(res, NAMES, { objective: boxed, logLikelihood, upperBound: 0 });
  const g = [0, 0, 0, 0];
  const se = diagnostics.converged
    ? standardErrorsFromGradient((phi, out) => {
        const t = phi.map(exp);
        total(t, g);
        for (let i = 0; i < 4; i++) out[i] = -g[i] * t[i];
      }, theta)
    : null;
  return {
    params,
    logLikelihood,
    standardErrors: se && { alpha: se[0], beta: se[1], gamma: se[2], delta: se[3] },
    diagnostics,
    meta: { customers, penalizer, records: cols.x.length, histories: u },
  };
}

const GL_X = [0, 0.5384693101056831, -0.5384693101056831, 0.906179845938664, -0.906179845938664];
const GL_W = [0.5688888888888889, 0.4786286704993665, 0.4786286704993665, 0.2369268850561891, 0.2369268850561891];

/**
 * Σ_{k=1}^{m} B(γ, δ+s+k)/B(γ, δ): the expected number of the opportunities s+1 … s+m a customer is
 * alive at (from acquisition) — by the telescoping closed form δ/(γ−1)·[G(s) − G(s+m)] with
 * G(j) = Γ(1+δ+j)Γ(γ+δ)/(Γ(γ+δ+j)Γ(1+δ)), written as δ·G(s)·(−expm1(D))/(γ−1), D = ln G(s+m) − ln G(s).
 * Within 0.05 of γ = 1 (0/0 at γ = 1, and D a difference of nearly equal log-gammas) D is
 * (1−γ)·Ī instead, Ī the mean of ψ(c+δ+s+m) − ψ(c+δ+s) over c between γ and 1 (5-point
 * Gauss–Legendre), and −expm1(D)/(γ−1) = Ī·expm1(D)/D.
 */
function aliveOpportunities(g: number, d: number, s: number, m: number): number {
  if (m === 0) return 0;
  const lnG = lnGammaRatio(1 + d, s) - lnGammaRatio(g + d, s);
  if (Math.abs(g - 1) < 0.05) {
    const mid = (g + 1) / 2;
    const half = (1 - g) / 2;
    let mean = 0;
    for (let i = 0; i < 5; i++) mean += (GL_W[i] * digammaShift(mid + half * GL_X[i] + d + s, m)) / 2;
    const D = (1 - g) * mean;
    const ratio = D === 0 ? 1 : expm1(D) / D;
    return d * exp(lnG) * mean * ratio;
  }
  const D = lnGammaRatio(1 + d + s, m) - lnGammaRatio(g + d + s, m);
  return ((d * exp(lnG)) * -expm1(D)) / (g - 1);
}

/** P(alive at n + m | x, t_x, n), the paper's eq. (11) for m = 1. */
function pAliveAt(p: BgBbParams, x: number, n: number, ll: number, m: number): number {
  const v = exp(lnBetaRatio(p.alpha, p.beta, x, n - x) + lnSurvival(p.gamma, p.delta, n + m) - ll);
  return v > 1 ? 1 : v;
}

/** E[X(n, n + n*) | x, t_x, n] (the paper's eq. 13). */
function conditionalExpected(p: BgBbParams, x: number, n: number, ll: number, nStar: number): number {
  if (nStar === 0) return 0;
  return exp(lnBetaRatio(p.alpha, p.beta, x + 1, n - x) - ll) * aliveOpportunities(p.gamma, p.delta, n, nStar);
}

/**
 * BG/BB predictions for each customer at fitted parameters (Fader, Hardie & Shang 2010): the
 * probability of being alive at the next opportunity (eq. 11), at the last of the next n*
 * opportunities, and the transactions expected in them (eq. 13, in a closed form that holds for any
 * horizon). Each distinct (x, t_x, n) is computed once.
 *
 * @param params - Fitted parameters (`fitBgBb(...).params`).
 * @param records - {@link BgBbCustomer} records (`count` is read and checked, not used).
 * @param options - `opportunities`: n*, an integer ≥ 0; `output`: `"records"` (default) or `"columns"`.
 * @returns `customers` (`{ customerId, pAlive, pAliveAtHorizon, expectedPurchases }`, input order)
 *   and `meta` (`{ model: "bg-bb", params, opportunities }`); with `output: "columns"`, `columns`
 *   (`customerId` and the three as `Float64Array`s, the same values) instead of `customers`.
 * @throws {RangeError} A parameter not finite and positive, or a bad `opportunities`.
 * @throws {AnalyticsInputError} A record breaks the {@link BgBbCustomer} rules.
 *
 * @example
 * const p = { alpha: 1.2035, beta: 0.7497, gamma: 0.6567, delta: 2.7834 };
 * const { customers: [c], meta } = predictBgBb(p, [{ customerId: "d1", frequency: 2, recency: 4, n: 6 }], { opportunities: 5 });
 * [c.customerId, Math.round(c.pAlive * 1e4) / 1e4, Math.round(c.expectedPurchases * 1e4) / 1e4]; //=> ["d1", 0.5897, 1.0576]
 * meta.opportunities; //=> 5
 */
export function predictBgBb(params: BgBbParams, records: Iterable<BgBbCustomer>, options: PredictBgBbOptions & { output: "columns" }): PredictBgBbColumnsResult;
export function predictBgBb(params: BgBbParams, records: Iterable<BgBbCustomer>, options: PredictBgBbOptions): PredictBgBbResult;
export function predictBgBb(params: BgBbParams, records: Iterable<BgBbCustomer>, options: PredictBgBbOptions): PredictBgBbResult | PredictBgBbColumnsResult {
  const fn = "predictBgBb";
  const { opportunities, output } = parseOptions(fn, predictBgBbOptionsSchema, options);
  checkParams(fn, "params", params, NAMES);
  const p: BgBbParams = { alpha: params.alpha, beta: params.beta, gamma: params.gamma, delta: params.delta };
  const cols = readBgBbCustomers(fn, records);
  const h = groupHistories(cols);
  const u = h.x.length;
  const alive = new Float64Array(u);
  const aliveAtHorizon = new Float64Array(u);
  const expected = new Float64Array(u);
  for (let k = 0; k < u; k++) {
    const x = h.x[k];
    const ll = bgBbLogLikelihoodTerm(p, x, h.tx[k], h.n[k]);
    alive[k] = pAliveAt(p, x, h.n[k], ll, 1);
    aliveAtHorizon[k] = pAliveAt(p, x, h.n[k], ll, opportunities);
    expected[k] = conditionalExpected(p, x, h.n[k], ll, opportunities);
  }
  for (let k = 0; k < u; k++) {
    if (!(Number.isFinite(alive[k]) && Number.isFinite(aliveAtHorizon[k]) && Number.isFinite(expected[k]))) {
      throw new RangeError(`${fn}: a prediction is not a finite number at these parameters (parameters beyond a double's range for this model)`);
    }
  }
  const meta = { model: "bg-bb", params: p, opportunities } as const;
  const { ids } = cols;
  const n = ids.length;
  if (output === "columns") {
    const pAlive = new Float64Array(n);
    const pAliveAtHorizon = new Float64Array(n);
    const expectedPurchases = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const k = h.group[i];
      pAlive[i] = alive[k];
      pAliveAtHorizon[i] = aliveAtHorizon[k];
      expectedPurchases[i] = expected[k];
    }
    return { columns: { customerId: ids, pAlive, pAliveAtHorizon, expectedPurchases }, meta };
  }
  const customers = new Array<BgBbPredictionRecord>(n);
  for (let i = 0; i < n; i++) {
    const k = h.group[i];
    customers[i] = { customerId: ids[i], pAlive: alive[k], pAliveAtHorizon: aliveAtHorizon[k], expectedPurchases: expected[k] };
  }
  return { customers, meta };
}

/**
 * Expected transactions of a customer just acquired in their first n opportunities after the first
 * transaction (Fader, Hardie & Shang 2010, eq. 7): α/(α+β) · δ/(γ−1) · [1 − Γ(γ+δ)Γ(1+δ+n) /
 * (Γ(γ+δ+n)Γ(1+δ))], in a form that stays exact near γ = 1.
 *
 * @throws {RangeError} A parameter not finite and positive, or n not an integer in [0, 1e9].
 *
 * @example
 * const p = { alpha: 1.2035, beta: 0.7497, gamma: 0.6567, delta: 2.7834 };
 * Math.round(bgBbExpectedPurchases(p, 6) * 1e4) / 1e4; //=> 2.2202
 */
export function bgBbExpectedPurchases(params: BgBbParams, n: number): number {
  const fn = "bgBbExpectedPurchases";
  if (!(typeof n === "number" && Number.isInteger(n) && n >= 0 && n <= 1e9)) throw new RangeError(`${fn}: n must be an integer in [0, 1e9], got ${describeValue(n)}`);
  checkParams(fn, "params", params, NAMES);
  const v = (params.alpha / (params.alpha + params.beta)) * aliveOpportunities(params.gamma, params.delta, 0, n);
  if (!Number.isFinite(v)) throw new RangeError(`${fn}: the expectation is not a finite number at these parameters`);
  // at most one transaction per opportunity; rounding at extreme parameters (γ = 5e-324) went past n
  return Math.min(n, v);
}
