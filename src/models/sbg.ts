import { z } from "zod";
import { AnalyticsInputError, describeValue, inputIssue, type InputIssue } from "../errors.js";
import { defineOptions, parseOptions, type OptionsSchema } from "../options.js";
import { fitDiagnostics, invert, type FitDiagnostics, type MinimizeResult } from "../internal/bfgs.js";
import { compensatedSum } from "../internal/neumaier.js";
import { exp, log, log1p } from "../internal/elementary.js";
import { logHyp2f1 } from "../internal/special.js";

/** Shifted-beta-geometric parameters (Fader & Hardie 2007): churn probabilities θ ~ Beta(alpha, beta). */
export interface SbgParams {
  alpha: number;
  beta: number;
}

/**
 * One contract: how many periods it ran and whether it ended. `{ periods: 3, ended: true }` renewed
 * twice and did not renew a third time (lost during period 3, counting the first as 1);
 * `{ periods: 3, ended: false }` renewed 3 times and is still running (censored: alive at the start of
 * period 3, counting the acquisition period as 0).
 */
export interface SbgContract {
  /** Periods the contract ran: an integer ≥ 1 when it ended, ≥ 0 when it is still running. */
  periods: number;
  /** `true` when the customer did not renew; `false` when the contract is still running. */
  ended: boolean;
}

/**
 * The data of one cohort: the customers still active at the start of each period (`alive[0]` is the
 * cohort's size, `alive[t]` the customers who renewed t times), or one {@link SbgContract} per customer.
 */
export type SbgData = { alive: readonly number[] } | { contracts: Iterable<SbgContract> };

/** Options of {@link fitSbg} and {@link fitSbgCohorts}. */
export interface FitSbgOptions {
  /**
   * Fit on the first `periods` periods only (the calibration period): counts after `alive[periods]`
   * are left out, contracts longer than `periods` count as still running at `periods`. Default: all.
   */
  periods?: number;
}

/** Schema of {@link FitSbgOptions}. */
export const fitSbgOptionsSchema: OptionsSchema<FitSbgOptions> = defineOptions<FitSbgOptions>()({
  periods: z.number().int().min(1).max(1_000_000).optional(),
});

/** Result of {@link fitSbg}: the fitted model. */
export interface SbgFit {
  params: SbgParams;
  /** Total log-likelihood (natural logarithm) of the data at `params`. */
  logLikelihood: number;
  /** Standard errors from the inverse of the analytic Hessian (null when the fit did not converge or it is not invertible). */
  standardErrors: SbgParams | null;
  diagnostics: FitDiagnostics;
  meta: SbgFitMeta;
}

/** `meta` of {@link fitSbg}. */
export interface SbgFitMeta {
  /** Customers (contracts) the model was fitted on. */
  customers: number;
  /** Customers whose contract ended within the data (the others are censored). */
  ended: number;
  /** The longest period the data reach (the calibration period when `periods` is given). */
  periods: number;
  /** Which shape of data was given. */
  source: "alive" | "contracts";
}

/** The sufficient statistics of the sBG likelihood: E ended customers, and per i ≥ 1 the weights A_i, B_i. */
interface SbgWeights {
  customers: number;
  ended: number;
  periods: number;
  /** A[i−1]: customers whose log-likelihood holds ln(β+i−1). */
  A: Float64Array;
  /** B[i−1]: customers whose log-likelihood holds −ln(α+β+i−1). */
  B: Float64Array;
}

const MAX_PERIODS = 1_000_000;

function dataIssue(issues: InputIssue[], path: (string | number)[], message: string): void {
  if (issues.length < 20) issues.push(inputIssue("invalid_value", path, message));
}

/**
 * Turns ended counts e_t and censored counts c_t (t = 0..K) into the likelihood's weights:
 * ℓ = E·ln α + Σ_{i=1..K} [A_i·ln(β+i−1) − B_i·ln(α+β+i−1)], A_i = Σ_{t>i} e_t + Σ_{t≥i} c_t, B_i = A_i + e_i.
 */
function weightsOf(e: Float64Array, c: Float64Array): SbgWeights {
  const K = e.length - 1;
  let last = 0;
  for (let t = K; t >= 1; t--) {
    if (e[t] > 0 || c[t] > 0) {
      last = t;
      break;
    }
  }
  const A = new Float64Array(last);
  const B = new Float64Array(last);
  let endedAfter = 0;
  let censoredFrom = 0;
  let ended = 0;
  let customers = c[0];
  for (let i = last; i >= 1; i--) {
    censoredFrom += c[i];
    A[i - 1] = endedAfter + censoredFrom;
    B[i - 1] = A[i - 1] + e[i];
    endedAfter += e[i];
    ended += e[i];
    customers += e[i] + c[i];
  }
  return { customers, ended, periods: last, A, B };
}

function readAlive(fn: string, alive: unknown, periods: number | undefined): SbgWeights {
  if (!Array.isArray(alive)) throw new TypeError(`${fn}: data.alive must be an array of counts, got ${describeValue(alive)}`);
  const issues: InputIssue[] = [];
  const n = alive.length;
  for (let t = 0; t < n; t++) {
    const v = alive[t] as unknown;
    if (!(typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= Number.MAX_SAFE_INTEGER)) dataIssue(issues, ["data", "alive", t], `expected an integer count >= 0, got ${describeValue(v)}`);
    else if (t > 0 && typeof alive[t - 1] === "number" && v > (alive[t - 1] as number)) dataIssue(issues, ["data", "alive", t], `expected at most the previous period's ${alive[t - 1] as number} customers (those alive at the start of a period are a subset of the previous period's), got ${v}`);
  }
  if (n < 2) issues.push(inputIssue("empty_input", ["data", "alive"], `expected the counts of at least two periods (the cohort's size and the customers alive at the start of period 1), got ${n}`));
  else if (issues.length === 0 && !((alive[0] as number) > 0)) issues.push(inputIssue("empty_input", ["data", "alive", 0], "the cohort has no customers"));
  if (issues.length > 0) throw new AnalyticsInputError(fn, issues);
  const K = Math.min(n - 1, periods ?? Number.POSITIVE_INFINITY);
  const e = new Float64Array(K + 1);
  const c = new Float64Array(K + 1);
  for (let t = 1; t <= K; t++) e[t] = (alive[t - 1] as number) - (alive[t] as number);
  c[K] = alive[K] as number;
  return weightsOf(e, c);
}

function readContracts(fn: string, contracts: unknown, periods: number | undefined): SbgWeights {
  if (contracts === null || typeof contracts !== "object" || typeof (contracts as Iterable<unknown>)[Symbol.iterator] !== "function") {
    throw new TypeError(`${fn}: data.contracts must be an iterable of contracts, got ${describeValue(contracts)}`);
  }
  const issues: InputIssue[] = [];
  const ended = new Map<number, number>();
  const censored = new Map<number, number>();
  let longest = 0;
  let i = 0;
  for (const r of contracts as Iterable<unknown>) {
    const rec = r as Partial<SbgContract> | null;
    if (rec === null || typeof rec !== "object") {
      issues.push(inputIssue("invalid_row", ["data", "contracts", i], `expected a contract { periods, ended }, got ${describeValue(r)}`));
    } else {
      const p = rec.periods;
      const done = rec.ended;
      if (typeof done !== "boolean") dataIssue(issues, ["data", "contracts", i, "ended"], `expected true or false, got ${describeValue(done)}`);
      else if (!(typeof p === "number" && Number.isInteger(p) && p >= (done ? 1 : 0) && p <= MAX_PERIODS)) {
        dataIssue(issues, ["data", "contracts", i, "periods"], `expected an integer ${done ? ">= 1 (an ended contract ran at least one period)" : ">= 0"} and <= ${MAX_PERIODS}, got ${describeValue(p)}`);
      } else {
        // beyond the calibration period a contract is still running there
        const cut = periods !== undefined && p > periods;
        const t = cut ? (periods as number) : p;
        const m = done && !cut ? ended : censored;
        m.set(t, (m.get(t) ?? 0) + 1);
        if (t > longest) longest = t;
      }
    }
    i++;
  }
  if (issues.length > 0) throw new AnalyticsInputError(fn, issues);
  if (i === 0) throw new AnalyticsInputError(fn, [inputIssue("empty_input", ["data", "contracts"], "no contracts")]);
  const e = new Float64Array(longest + 1);
  const c = new Float64Array(longest + 1);
  for (const [t, k] of ended) e[t] = k;
  for (const [t, k] of censored) c[t] = k;
  return weightsOf(e, c);
}

function readSbgData(fn: string, data: SbgData, periods: number | undefined): { w: SbgWeights; source: "alive" | "contracts" } {
  if (data === null || typeof data !== "object") throw new TypeError(`${fn}: data must be { alive } or { contracts }, got ${describeValue(data)}`);
  const hasAlive = "alive" in data;
  const hasContracts = "contracts" in data;
  if (hasAlive === hasContracts) throw new TypeError(`${fn}: data must have exactly one of alive and contracts`);
  return hasAlive ? { w: readAlive(fn, (data as { alive: unknown }).alive, periods), source: "alive" } : { w: readContracts(fn, (data as { contracts: unknown }).contracts, periods), source: "contracts" };
}

/** ℓ(α, β) from the weights, compensated. */
function logLikelihoodOf(w: SbgWeights, alpha: number, beta: number): number {
  const head = w.ended > 0 ? w.ended * log(alpha) : 0;
  const K = w.A.length;
  return compensatedSum(K + 1, (i) => {
    if (i === K) return head;
    const a = w.A[i] > 0 ? w.A[i] * log(beta + i) : 0;
    return a - w.B[i] * log(alpha + beta + i);
  });
}

/** Gradient and Hessian of ℓ in (α, β). */
function derivatives(w: SbgWeights, alpha: number, beta: number): { g: [number, number]; H: [[number, number], [number, number]] } {
  let sB = 0;
  let sB2 = 0;
  let sA = 0;
  let sA2 = 0;
  for (let i = 0; i < w.A.length; i++) {
    const s = alpha + beta + i;
    const b = w.B[i] / s;
    sB += b;
    sB2 += b / s;
    if (w.A[i] > 0) {
      const a = w.A[i] / (beta + i);
      sA += a;
      sA2 += a / (beta + i);
    }
  }
  const ga = w.ended / alpha - sB;
  const gb = sA - sB;
  const haa = -w.ended / (alpha * alpha) + sB2;
  const hbb = -sA2 + sB2;
  return { g: [ga, gb], H: [[haa, sB2], [sB2, hbb]] };
}

/**
 * Newton's method on the mean negative log-likelihood over φ = (ln α, ln β), with an Armijo
 * backtracking line search and steepest descent where the Hessian is not positive definite.
 */
function newton(w: SbgWeights): { res: MinimizeResult; f: (phi: number[]) => number } {
  const n = w.customers;
  const f = (phi: number[]): number => {
    if (!(Math.abs(phi[0]) <= 40 && Math.abs(phi[1]) <= 40)) return Number.POSITIVE_INFINITY;
    const v = -logLikelihoodOf(w, exp(phi[0]), exp(phi[1])) / n;
    return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY;
  };
  const gradHess = (phi: number[]) => {
    const th = [exp(phi[0]), exp(phi[1])];
    const { g, H } = derivatives(w, th[0], th[1]);
    const gf = [(-th[0] * g[0]) / n, (-th[1] * g[1]) / n];
    const Hf = [
      [(-(th[0] * th[0] * H[0][0]) - th[0] * g[0]) / n, (-(th[0] * th[1] * H[0][1])) / n],
      [(-(th[0] * th[1] * H[1][0])) / n, (-(th[1] * th[1] * H[1][1]) - th[1] * g[1]) / n],
    ];
    return { gf, Hf };
  };
  const tol = 1e-12;
  const maxIterations = 200;
  let x = [0, 0];
  let fx = f(x);
  let iterations = 0;
  let stop: "gradient" | "stalled" | "runaway" | "iterations" = "iterations";
  let gn = Number.POSITIVE_INFINITY;
  for (;;) {
    const { gf, Hf } = gradHess(x);
    gn = Math.max(Math.abs(gf[0]), Math.abs(gf[1]));
    if (!(gn > tol)) {
      stop = Number.isFinite(gn) ? "gradient" : "stalled";
      break;
    }
    if (Math.abs(x[0]) > 25 || Math.abs(x[1]) > 25) {
      stop = "runaway";
      break;
    }
    if (iterations >= maxIterations) break;
    iterations++;
    const det = Hf[0][0] * Hf[1][1] - Hf[0][1] * Hf[1][0];
    let p: number[];
    if (Hf[0][0] > 0 && det > 0) p = [-(Hf[1][1] * gf[0] - Hf[0][1] * gf[1]) / det, -(Hf[0][0] * gf[1] - Hf[1][0] * gf[0]) / det];
    else p = [-gf[0], -gf[1]];
    const big = Math.max(Math.abs(p[0]), Math.abs(p[1]));
    if (big > 2) p = [(2 * p[0]) / big, (2 * p[1]) / big];
    const slope = p[0] * gf[0] + p[1] * gf[1];
    let step = 1;
    let moved = false;
    for (let k = 0; k < 60; k++) {
      const y = [x[0] + step * p[0], x[1] + step * p[1]];
      const fy = f(y);
      if (fy <= fx + 1e-4 * step * slope) {
        moved = y[0] !== x[0] || y[1] !== x[1];
        x = y;
        fx = fy;
        break;
      }
      step /= 2;
    }
    if (!moved) {
      stop = "stalled";
      break;
    }
  }
  // at the limit of double precision the gradient's own rounding is about 1e-15; 1e-7 is a maximum all the same
  const converged = stop === "gradient" || (stop === "stalled" && gn <= 1e-7);
  let reason: string;
  if (stop === "gradient") reason = `converged after ${iterations} Newton iterations (gradient norm ${gn})`;
  else if (stop === "stalled") reason = converged ? `converged after ${iterations} Newton iterations: no lower value in double precision (gradient norm ${gn})` : `the line search found no lower value at gradient norm ${gn} (a flat likelihood or an optimum at a boundary)`;
  else if (stop === "runaway") reason = `stopped after ${iterations} iterations: a log-parameter went beyond ±25`;
  else reason = `stopped after the maximum of ${maxIterations} iterations at gradient norm ${gn}`;
  return { res: { x, value: fx, iterations, gradientNorm: gn, converged, reason }, f };
}

function fitWeights(fn: string, w: SbgWeights, source: "alive" | "contracts"): SbgFit {
  if (w.periods === 0) throw new AnalyticsInputError(fn, [inputIssue("degenerate_data", ["data"], "every contract is at period 0: no renewal decision was observed")]);
  const { res, f } = newton(w);
  const params = { alpha: exp(res.x[0]), beta: exp(res.x[1]) };
  const logLikelihood = logLikelihoodOf(w, params.alpha, params.beta);
  if (!Number.isFinite(logLikelihood)) throw new AnalyticsInputError(fn, [inputIssue("degenerate_data", ["data"], "the fit did not reach a finite likelihood")]);
  const diagnostics = fitDiagnostics(res, ["alpha", "beta"], { objective: f, logLikelihood, upperBound: 0 });
  let standardErrors: SbgParams | null = null;
  if (diagnostics.converged) {
    const { H } = derivatives(w, params.alpha, params.beta);
    const V = invert([[-H[0][0], -H[0][1]], [-H[1][0], -H[1][1]]]);
    if (V && V[0][0] > 0 && V[1][1] > 0 && Number.isFinite(V[0][0]) && Number.isFinite(V[1][1])) standardErrors = { alpha: Math.sqrt(V[0][0]), beta: Math.sqrt(V[1][1]) };
  }
  return { params, logLikelihood, standardErrors, diagnostics, meta: { customers: w.customers, ended: w.ended, periods: w.periods, source } };
}

/**
 * Fits the shifted-beta-geometric (sBG) model of contract duration (Fader & Hardie 2007) by maximum
 * likelihood: each customer renews with a constant probability 1 − θ per period, θ ~ Beta(α, β) across
 * customers. Data: one cohort's counts of customers alive at the start of each period, or one
 * {@link SbgContract} per customer (ended or still running). Newton's method on (ln α, ln β) with the
 * analytic gradient and Hessian, from α = β = 1; see [docs/models.md](../../docs/models.md#sbg-contract-duration-subscriptions-memberships).
 *
 * @param data - `{ alive: [n₀, n₁, …] }` (n₀ the cohort's size) or `{ contracts: [{ periods, ended }, …] }`.
 * @param options - `periods`: fit on periods 0..periods only (the calibration period).
 * @returns `params` `{ alpha, beta }`, `logLikelihood`, `standardErrors`, `diagnostics`, `meta`.
 * @throws {AnalyticsInputError} Counts that are not integers ≥ 0 or that rise (`invalid_value` at
 *   `["data", "alive", t]`), a bad contract (`["data", "contracts", i, field]`), no customers
 *   (`empty_input`), or no renewal decision observed (`degenerate_data`).
 * @throws {TypeError} `data` with neither or both of `alive` and `contracts`; bad options.
 *
 * @example
 * // Fader & Hardie (2007), "regular" customers, years 0–7
 * const fit = fitSbg({ alive: [1000, 631, 468, 382, 326, 289, 262, 241] });
 * [fit.params.alpha.toFixed(3), fit.params.beta.toFixed(3), fit.logLikelihood.toFixed(1)]; //=> ["0.704", "1.182", "-1680.3"]
 * fit.diagnostics.converged; //=> true
 *
 * @see Fader, P. S. & Hardie, B. G. S. (2007). How to project customer retention. Journal of Interactive
 *   Marketing 21(1), 76–90.
 */
export function fitSbg(data: SbgData, options: FitSbgOptions = {}): SbgFit {
  const fn = "fitSbg";
  const { periods } = parseOptions(fn, fitSbgOptionsSchema, options);
  const { w, source } = readSbgData(fn, data, periods);
  return fitWeights(fn, w, source);
}

/** One cohort's data for {@link fitSbgCohorts}: its name and its {@link SbgData}. */
export type SbgCohortData = { cohort: string } & SbgData;

/** One cohort's fit in {@link fitSbgCohorts}. */
export type SbgCohortFit = { cohort: string } & SbgFit;

/** Result of {@link fitSbgCohorts}. */
export interface FitSbgCohortsResult {
  /** One fit per cohort, in input order. */
  cohorts: SbgCohortFit[];
  meta: {
    /** The calibration period used (null: all the data). */
    periods: number | null;
  };
}

/**
 * Fits one sBG model per cohort ({@link fitSbg} on each: cohorts do not share parameters), as Fader &
 * Hardie (2007) fit their "regular" and "high end" customers. Errors name the cohort's index
 * (`["cohorts", i, "alive", t]`).
 *
 * @param cohorts - `{ cohort, alive }` or `{ cohort, contracts }` per cohort; cohort names must differ.
 * @returns `cohorts` (`{ cohort, params, logLikelihood, standardErrors, diagnostics, meta }`) and `meta`.
 * @throws {AnalyticsInputError} As {@link fitSbg}, with paths under `["cohorts", i]`; a repeated cohort name
 *   (`invalid_value`); no cohorts (`empty_input`).
 *
 * @example
 * const { cohorts } = fitSbgCohorts(
 *   [{ cohort: "regular", alive: [1000, 631, 468, 382, 326, 289, 262, 241] },
 *    { cohort: "high end", alive: [1000, 869, 743, 653, 593, 551, 517, 491] }],
 * );
 * cohorts.map((c) => [c.cohort, c.params.alpha.toFixed(3), c.params.beta.toFixed(3)]);
 * //=> [["regular", "0.704", "1.182"], ["high end", "0.668", "3.806"]]
 */
export function fitSbgCohorts(cohorts: Iterable<SbgCohortData>, options: FitSbgOptions = {}): FitSbgCohortsResult {
  const fn = "fitSbgCohorts";
  const { periods } = parseOptions(fn, fitSbgOptionsSchema, options);
  if (cohorts === null || typeof cohorts !== "object" || typeof (cohorts as Iterable<unknown>)[Symbol.iterator] !== "function") {
    throw new TypeError(`${fn}: cohorts must be an iterable of { cohort, alive } or { cohort, contracts }, got ${describeValue(cohorts)}`);
  }
  const out: SbgCohortFit[] = [];
  const seen = new Set<string>();
  let i = 0;
  for (const c of cohorts) {
    const name = (c as { cohort?: unknown } | null)?.cohort;
    if (typeof name !== "string" || name.trim() === "") throw new AnalyticsInputError(fn, [inputIssue("invalid_value", ["cohorts", i, "cohort"], `expected a non-blank cohort name, got ${describeValue(name)}`)]);
    if (seen.has(name)) throw new AnalyticsInputError(fn, [inputIssue("invalid_value", ["cohorts", i, "cohort"], `the cohort ${JSON.stringify(name)} appears twice`)]);
    seen.add(name);
    let fit: SbgFit;
    try {
      const { w, source } = readSbgData(fn, c, periods);
      fit = fitWeights(fn, w, source);
    } catch (error) {
      if (error instanceof AnalyticsInputError) {
        throw new AnalyticsInputError(fn, error.issues.map((is) => inputIssue(is.code, ["cohorts", i, ...is.path.slice(1)], `cohort ${JSON.stringify(name)}: ${is.message}`)));
      }
      throw error;
    }
    out.push({ cohort: name, ...fit });
    i++;
  }
  if (i === 0) throw new AnalyticsInputError(fn, [inputIssue("empty_input", ["cohorts"], "no cohorts")]);
  return { cohorts: out, meta: { periods: periods ?? null } };
}

/** Options of {@link sbgSurvival}. */
export interface SbgSurvivalOptions {
  /** Last period of the table (periods 0..periods). Default: the last period of `alive`; required without it. */
  periods?: number;
  /** The cohort's actual counts (customers alive at the start of each period): sets the cohort size `alive[0]` and fills `actualAlive`. */
  alive?: readonly number[];
  /** Discount rate per period for `discountedExpectedResidualLifetime` (≥ 0; default: that column is null). */
  discountRate?: number;
}

/** Schema of {@link SbgSurvivalOptions}. */
export const sbgSurvivalOptionsSchema: OptionsSchema<SbgSurvivalOptions> = defineOptions<SbgSurvivalOptions>()({
  periods: z.number().int().min(0).max(100_000).optional(),
  // no zod `.readonly()`: it freezes the value given even when that fails the check (the caller's `alive: {}`)
  alive: z.array(z.number().int().min(0)).min(1).optional(),
  discountRate: z.number().min(0).max(1e6).optional(),
});

/** One period of {@link sbgSurvival}: what the model says of a cohort at the start of period `period`. */
export interface SbgPeriodRecord {
  /** Period t (0 = acquisition; t = after t renewals). */
  period: number;
  /** S(t) = B(α, β+t)/B(α, β): the share of the cohort still active at the start of period t. */
  survival: number;
  /** r_t = S(t)/S(t−1) = (β+t−1)/(α+β+t−1): the share of period t−1's customers who renewed (null at 0). */
  retentionRate: number | null;
  /** P(T = t) = S(t−1) − S(t): the share of the cohort lost at the t-th renewal (null at 0). */
  churnProbability: number | null;
  /** Cohort size × S(t) (null without `alive`). */
  expectedAlive: number | null;
  /** `alive[t]` when given, else null. */
  actualAlive: number | null;
  /**
   * Expected further renewals of a customer active at the start of period t (undiscounted residual
   * lifetime, in periods): (β+t)/(α−1), null when α ≤ 1 (the expectation is infinite).
   */
  expectedResidualLifetime: number | null;
  /**
   * DERL (Fader & Hardie 2010) of a customer active in period t and about to decide on renewal t+1:
   * Σ_{k≥1} S(t+k)/S(t)·(1+d)^−(k−1) = (β+t)/(α+β+t)·₂F₁(1, β+t+1; α+β+t+1; 1/(1+d)) (null without
   * `discountRate`).
   */
  discountedExpectedResidualLifetime: number | null;
}

/** Result of {@link sbgSurvival}. */
export interface SbgSurvivalResult {
  periods: SbgPeriodRecord[];
  meta: {
    params: SbgParams;
    /** Cohort size (`alive[0]`; null without `alive`). */
    cohortSize: number | null;
    discountRate: number | null;
  };
}

/**
 * The sBG model's survival table for periods 0..`periods` at given parameters: survival S(t),
 * retention rate r_t, churn probability P(T = t), the expected and (given `alive`) actual customers
 * alive, and each period's expected residual lifetime and DERL (Fader & Hardie 2010). Fit on years
 * 0–7 with {@link fitSbg}, then project the following years and compare with the actual counts.
 *
 * @param params - `{ alpha, beta }` (e.g. `fitSbg(...).params`).
 * @returns `periods` (one record per period, 0 first) and `meta` (`params`, `cohortSize`, `discountRate`).
 * @throws {RangeError} A parameter not finite and positive; neither `periods` nor `alive`; a DERL whose
 *   series cannot be summed (a discount rate so small that it needs more than 200,000 terms).
 *
 * @example
 * const { periods } = sbgSurvival({ alpha: 1, beta: 1 }, { periods: 3, discountRate: 0.1 });
 * periods.map((p) => [p.period, p.survival.toFixed(4), p.retentionRate?.toFixed(4)]);
 * //=> [[0, "1.0000", undefined], [1, "0.5000", "0.5000"], [2, "0.3333", "0.6667"], [3, "0.2500", "0.7500"]]
 * periods[0].expectedResidualLifetime; //=> null
 *
 * @see Fader, P. S. & Hardie, B. G. S. (2010). Customer-base valuation in a contractual setting: the
 *   perils of ignoring heterogeneity. Marketing Science 29(1), 85–93.
 */
export function sbgSurvival(params: SbgParams, options: SbgSurvivalOptions): SbgSurvivalResult {
  const fn = "sbgSurvival";
  const opts = parseOptions(fn, sbgSurvivalOptionsSchema, options);
  for (const k of ["alpha", "beta"] as const) {
    const v = (params as unknown as Record<string, unknown> | null)?.[k];
    if (!(typeof v === "number" && v > 0 && Number.isFinite(v))) throw new RangeError(`${fn}: params.${k} must be a finite positive number, got ${describeValue(v)}`);
  }
  const { alpha, beta } = params;
  const alive = opts.alive;
  const last = opts.periods ?? (alive ? alive.length - 1 : undefined);
  if (last === undefined) throw new RangeError(`${fn}: options.periods is required without options.alive`);
  // every rate is a ratio over α + β + t: beyond a double it would silently become 0 (a DERL of 0)
  if (!Number.isFinite(alpha + beta + last)) throw new RangeError(`${fn}: params.alpha + params.beta + ${last} periods is beyond the largest double; the rates cannot be computed`);
  const size = alive ? alive[0] : null;
  const d = opts.discountRate;
  // DERL carried backwards from the last period, D_t = r_{t+1}·(1 + D_{t+1}/(1+d)) with r_{t+1} = (β+t)/(α+β+t):
  // one series (at the last period, whose terms fall slowest) instead of one per period. Both terms are
  // positive and the carried error shrinks by r/(1+d) < 1 per step: no cancellation, no growth.
  let derls: Float64Array | null = null;
  if (d !== undefined && d > 0) {
    derls = new Float64Array(last + 1);
    const lead = (beta + last) / (alpha + beta + last);
    derls[last] = lead * exp(logHyp2f1(1, beta + last + 1, alpha + beta + last + 1, 1 / (1 + d)));
    if (!Number.isFinite(derls[last])) throw new RangeError(`${fn}: the discounted residual lifetime at discount rate ${d} needs more terms than the series allows; use a larger rate`);
    for (let t = last - 1; t >= 0; t--) {
      const m = beta + t;
      derls[t] = (m / (alpha + m)) * (1 + derls[t + 1] / (1 + d));
    }
  }
  const rows: SbgPeriodRecord[] = [];
  let logS = 0;
  let prevS = 1;
  for (let t = 0; t <= last; t++) {
    let retentionRate: number | null = null;
    let churnProbability: number | null = null;
    if (t > 0) {
      // ln r_t = −log1p(α/(β+t−1)): no cancellation when β+t−1 is far above α
      const m = beta + t - 1;
      logS += -log1p(alpha / m);
      // α + m, not α + β + t − 1: summed left to right that can round below α or m (α = 2^53, β = 0.001
      // gave a churn probability of 1 + 2^−52); α + m ≥ α and ≥ m, so both shares stay in [0, 1]
      retentionRate = m / (alpha + m);
      churnProbability = (prevS * alpha) / (alpha + m);
    }
    const survival = exp(logS);
    const derl = derls !== null ? derls[t] : d === 0 && alpha > 1 ? (beta + t) / (alpha - 1) : null;
    rows.push({
      period: t,
      survival,
      retentionRate,
      churnProbability,
      expectedAlive: size === null ? null : size * survival,
      actualAlive: alive && t < alive.length ? alive[t] : null,
      expectedResidualLifetime: alpha > 1 ? (beta + t) / (alpha - 1) : null,
      discountedExpectedResidualLifetime: derl,
    });
    prevS = survival;
  }
  return { periods: rows, meta: { params: { alpha, beta }, cohortSize: size, discountRate: d ?? null } };
}
