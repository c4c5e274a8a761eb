import type { CustomerInput } from "../input/types.js";
import { z } from "zod";
import { AnalyticsInputError, inputIssue } from "../errors.js";
import { defineOptions, parseOptions, type OptionsSchema } from "../options.js";
import type { FitDiagnostics } from "../internal/bfgs.js";
import { cholesky, logParameterCovariance, type LogParameterCovariance } from "../internal/hessian.js";
import { normalQuantile } from "../internal/incompleteGamma.js";
import { quantileSortedType7 } from "../internal/quantile.js";
import { mulberry32 } from "../internal/random.js";
import { logHyp2f1, logRatioShift } from "../internal/special.js";
import { exp, expm1, log, log1p, pow } from "../internal/elementary.js";
import { bgNbdPAlive, bgNbdPass } from "./bgNbd.js";
import { checkedPurchases, checkParams, groupTriples, longestT, notComputable, readBtydCustomers, type BtydCustomer, type TripleGroups } from "./btydInput.js";
import { gammaGammaPass, type GammaGammaFit } from "./gammaGamma.js";
import { mbgNbdPAlive, mbgNbdPass } from "./mbgNbd.js";
import { paretoNbdConditionalExpected, paretoNbdPAlive, paretoNbdPass } from "./paretoNbd.js";
import { casePmf, existingCustomerCase, MAX_COUNT } from "./purchaseCounts.js";
import { purchaseKernel } from "./purchaseModel.js";
import type { PredictedClvPurchases } from "./predictedClv.js";
import { Draws } from "./simulateCustomers.js";
import type { BgNbdParams, GammaGammaParams, PurchaseModel } from "./types.js";

/** The covariance of a model's log-parameters ln θ (the Laplace approximation N(ln θ̂, matrix)), as `meta` returns it. */
export interface ParameterCovariance {
  /** Parameter names, in the matrix's order: r, alpha, a, b (BG/NBD family), r, alpha, s, beta (Pareto/NBD), p, q, v (Gamma-Gamma). */
  names: string[];
  /** k × k covariance of ln θ: the inverse Hessian of the total negative log-likelihood in ln θ. */
  matrix: number[][];
}

/** Options of {@link predictionIntervals}. */
export interface PredictionIntervalsOptions {
  /** Horizon of the purchases, in the data's time unit (required), as in `predictBgNbd`. */
  t: number;
  /** Nominal probability of every interval, in (0, 1) (default 0.9). */
  level?: number;
  /**
   * How parameter uncertainty is carried to the predictions (default `"delta"`): `"delta"`, the delta
   * method on the log (P(alive): logit) scale — deterministic, cost about 2k + 1 predictions per distinct
   * (frequency, T) and one per distinct triple, for any data size; `"sample"`, `draws` parameter vectors
   * from the Laplace approximation, seeded, with percentile intervals — cost `draws` predictions per
   * triple and per customer (CLV), for small data (docs/models.md: which when).
   */
  method?: "delta" | "sample";
  /** `"sample"`: parameter draws (100 to 100,000; default 1,000). */
  draws?: number;
  /** `"sample"`: seed of the draws (integer in [0, 2³²); default 42). */
  seed?: number;
  /** A Gamma-Gamma fit or its parameters: adds CLV and its interval (predictedClv's definition). */
  gammaGamma?: GammaGammaFit | GammaGammaParams;
  /** With `gammaGamma`: how many of the data's time units make a month (required then), as in `predictedClv`. */
  periodsPerMonth?: number;
  /** With `gammaGamma`: CLV horizon in months (default 12). */
  months?: number;
  /** With `gammaGamma`: discount rate per month (default 0.01). */
  monthlyDiscountRate?: number;
  /**
   * The covariance of the purchase model's log-parameters (a previous result's `meta.covariance`):
   * skips the Hessian on `records`, so that the customers predicted need not be those the model was
   * fitted on.
   */
  covariance?: ParameterCovariance;
  /** Likewise for the Gamma-Gamma parameters (`meta.spendCovariance`). */
  spendCovariance?: ParameterCovariance;
  /** Use fits whose `diagnostics.converged` is false (default false: refused with `fit_not_converged`). */
  allowUnconverged?: boolean;
}

const covarianceSchema = z.object({ names: z.array(z.string()), matrix: z.array(z.array(z.number())) });

/** Schema of {@link PredictionIntervalsOptions}. */
export const predictionIntervalsOptionsSchema: OptionsSchema<PredictionIntervalsOptions> = defineOptions<PredictionIntervalsOptions>()({
  t: z.number({ error: "expected the horizon, a finite number >= 0 in the data's time unit" }).min(0),
  level: z.number().gt(0).lt(1).optional(),
  method: z.enum(["delta", "sample"]).optional(),
  draws: z.number().int().min(100).max(100_000).optional(),
  seed: z.number().int().min(0).max(2 ** 32 - 1).optional(),
  gammaGamma: z.custom<GammaGammaFit | GammaGammaParams>((v) => typeof v === "object" && v !== null, { message: "expected a Gamma-Gamma fit or its parameters { p, q, v }" }).optional(),
  periodsPerMonth: z.number().positive().optional(),
  months: z.number().int().min(1).max(1200).optional(),
  monthlyDiscountRate: z.number().gt(-1).optional(),
  covariance: covarianceSchema.optional(),
  spendCovariance: covarianceSchema.optional(),
  allowUnconverged: z.boolean().optional(),
});

/** One customer's predictions with their intervals. */
export interface PredictionIntervalRecord {
  customerId: string;
  /** P(alive) at T, at the fitted parameters (as `predictBgNbd` and the others give it). */
  pAlive: number;
  /** Interval of P(alive) from parameter uncertainty. */
  pAliveLower: number;
  pAliveUpper: number;
  /** Purchases expected in (T, T + t] at the fitted parameters. */
  expectedPurchases: number;
  /** Interval of the expectation from parameter uncertainty. */
  expectedPurchasesLower: number;
  expectedPurchasesUpper: number;
  /**
   * Interval of the number of purchases itself in (T, T + t] (whole numbers): quantiles of its
   * predictive distribution, the purchase process mixed over parameter uncertainty. Because counts are
   * whole numbers, the interval holds at least `level` of the probability: `purchasesProbability`.
   */
  purchasesLower: number;
  purchasesUpper: number;
  /** Predictive probability of [purchasesLower, purchasesUpper] (≥ level). */
  purchasesProbability: number;
  /** `predictedClv`'s value and its interval from the uncertainty of both models; null without `gammaGamma`. */
  clv: number | null;
  clvLower: number | null;
  clvUpper: number | null;
}

/** One parameter's estimate and its Laplace interval, exp(ln θ̂ ± z·σ). */
export interface ParameterInterval {
  name: string;
  estimate: number;
  lower: number;
  upper: number;
  /** Standard deviation of ln θ (≈ the relative standard error of θ). */
  logStandardError: number;
}

/** `meta` of {@link predictionIntervals}. */
export interface PredictionIntervalsMeta {
  /** The purchase model used (itself a purchase model for `predictedClv`). */
  model: PurchaseModel["model"];
  params: PurchaseModel["params"];
  t: number;
  level: number;
  method: "delta" | "sample";
  /** `"sample"`: draws and seed; null for `"delta"`. */
  draws: number | null;
  seed: number | null;
  /** The covariance of the purchase model's log-parameters (reusable as `options.covariance`). */
  covariance: ParameterCovariance;
  /** Laplace intervals of the purchase model's parameters. */
  parameters: ParameterInterval[];
  /** The Gamma-Gamma parameters, covariance and intervals; null without `gammaGamma`. */
  gammaGamma: GammaGammaParams | null;
  spendCovariance: ParameterCovariance | null;
  spendParameters: ParameterInterval[] | null;
  months: number | null;
  monthlyDiscountRate: number | null;
  periodsPerMonth: number | null;
  /** Distinct (frequency, recency, T) triples the work was done on. */
  triples: number;
  /**
   * The total purchases of all these customers in (T, T + t]: its expectation and a normal interval
   * whose variance is the purchase process's (the customers' counts are independent given the
   * parameters) plus the parameters' (delta method) — the aggregate forecast of a tracking plot.
   */
  totalPurchases: { expected: number; lower: number; upper: number };
}

/** Result of {@link predictionIntervals}. */
export interface PredictionIntervalsResult {
  customers: PredictionIntervalRecord[];
  meta: PredictionIntervalsMeta;
}

const NAMES: Record<PurchaseModel["model"], string[]> = { "bg-nbd": ["r", "alpha", "a", "b"], "modified-bg-nbd": ["r", "alpha", "a", "b"], "pareto-nbd": ["r", "alpha", "s", "beta"] };
const SPEND_NAMES = ["p", "q", "v"];

/** θ as a model's parameter object. */
function paramsOf(model: PurchaseModel["model"], th: readonly number[]): PurchaseModel {
  return model === "pareto-nbd"
    ? { model, params: { r: th[0], alpha: th[1], s: th[2], beta: th[3] } }
    : { model, params: { r: th[0], alpha: th[1], a: th[2], b: th[3] } };
}

/**
 * The purchases expected in (T, T + t] by a customer alive at T with x repeat purchases (it depends on
 * x and T only): the conditional expectation over P(alive), written as the model functions write it
 * (BG/NBD family: the same expression, so E = m·P(alive) is the same number as theirs).
 */
function meanIfAlive(m: PurchaseModel, t: number, x: number, T: number): number {
  if (t === 0) return 0;
  if (m.model === "pareto-nbd") return paretoNbdConditionalExpected(m.params, t, x, T, T);
  const { r, alpha, a, b } = m.params as BgNbdParams;
  const z = t / (alpha + T + t);
  if (m.model === "bg-nbd") return ((a + b + x - 1) / (a - 1)) * -expm1(logHyp2f1(r + x, b + x, a + b + x - 1, z) + logRatioShift(r + x, alpha + T, t));
  return ((a + b + x) / (a - 1)) * -expm1(logHyp2f1(r + x, b + x + 1, a + b + x, z) + logRatioShift(r + x, alpha + T, t));
}

/** logit P(alive) and, for the BG/NBD family, its gradient in ln θ written into `g` (analytic); Pareto/NBD by central differences. */
function logitAlive(m: PurchaseModel, x: number, tx: number, T: number, g: Float64Array | null): number {
  if (m.model === "pareto-nbd") {
    const at = (p: PurchaseModel) => {
      const pa = paretoNbdPAlive(p.params as never, x, tx, T);
      return log(pa) - log1p(-pa);
    };
    const v = at(m);
    if (g) {
      const th = [m.params.r, m.params.alpha, (m.params as { s: number }).s, (m.params as { beta: number }).beta];
      for (let j = 0; j < 4; j++) {
        const up = th.slice();
        const down = th.slice();
        up[j] *= exp(1e-5);
        down[j] *= exp(-1e-5);
        const d = (at(paramsOf("pareto-nbd", up)) - at(paramsOf("pareto-nbd", down))) / 2e-5;
        g[j] = Number.isFinite(d) ? d : 0;
      }
    }
    return v;
  }
  const { r, alpha, a, b } = m.params as BgNbdParams;
  const c = m.model === "bg-nbd" ? b + x - 1 : b + x;
  if (m.model === "bg-nbd" && x === 0) {
    if (g) g.fill(0);
    return Number.POSITIVE_INFINITY;
  }
  const L = log1p((T - tx) / (alpha + tx));
  // D = ln(a/c) + (r + x)·L; logit = −D
  if (g) {
    g[0] = -r * L;
    g[1] = (alpha * (r + x) * (T - tx)) / ((alpha + tx) * (alpha + T));
    g[2] = -1;
    g[3] = b / c;
  }
  return -(log(a / c) + (r + x) * L);
}

const H = 1e-6;

/** P(alive) as the model's own prediction computes it (the point value, the same number as predictBgNbd's and the others'). */
function aliveAt(m: PurchaseModel, x: number, tx: number, T: number): number {
  if (m.model === "pareto-nbd") return paretoNbdPAlive(m.params, x, tx, T);
  return m.model === "bg-nbd" ? bgNbdPAlive(m.params, x, tx, T) : mbgNbdPAlive(m.params, x, tx, T);
}

function expit(v: number): number {
  return v === Number.POSITIVE_INFINITY ? 1 : 1 / (1 + exp(-v));
}

function quad(g: ArrayLike<number>, S: readonly (readonly number[])[]): number {
  let s = 0;
  for (let i = 0; i < g.length; i++) {
    if (g[i] === 0) continue;
    let row = 0;
    for (let j = 0; j < g.length; j++) row += S[i][j] * g[j];
    s += g[i] * row;
  }
  return s > 0 ? s : 0;
}

/** The covariance of ln θ on the records at θ (penalty included as the fit had it), or a given one checked. */
function covarianceOf(fn: string, kind: "purchases" | "spend", model: string, theta: number[], given: ParameterCovariance | undefined, build: () => LogParameterCovariance | null): LogParameterCovariance {
  const names = kind === "spend" ? SPEND_NAMES : NAMES[model as PurchaseModel["model"]];
  const option = kind === "spend" ? "spendCovariance" : "covariance";
  if (given) {
    const k = names.length;
    if (!(given.names.length === k && given.names.every((n, i) => n === names[i]) && given.matrix.length === k && given.matrix.every((row) => row.length === k && row.every(Number.isFinite)))) {
      throw new RangeError(`${fn}: options.${option} must name ${names.join(", ")} with a ${k} × ${k} matrix of finite numbers`);
    }
    const matrix = given.matrix.map((row, i) => row.map((_, j) => (given.matrix[i][j] + given.matrix[j][i]) / 2));
    const L = cholesky(matrix);
    if (!L) throw new RangeError(`${fn}: options.${option}.matrix is not positive definite`);
    return { logParams: theta.map(log), covariance: matrix, cholesky: L };
  }
  const c = build();
  if (!c) {
    const what = kind === "spend" ? "Gamma-Gamma" : model;
    throw new AnalyticsInputError(fn, [
      inputIssue(
        "degenerate_data",
        [kind === "spend" ? "gammaGamma" : "purchases"],
        `the ${what} likelihood of these records is not curved at these parameters (its Hessian is not positive definite: a fit at a boundary, or parameters the data do not identify, which is why the fit's standardErrors are null): there is no parameter uncertainty to give; refit with a penalizer or on more data, or pass options.${option}`,
      ),
    ]);
  }
  return c;
}

function asPublic(names: string[], c: LogParameterCovariance): ParameterCovariance {
  return { names: names.slice(), matrix: c.covariance.map((row) => row.slice()) };
}

function parameterIntervals(names: string[], c: LogParameterCovariance, z: number): ParameterInterval[] {
  return names.map((name, i) => {
    const s = Math.sqrt(c.covariance[i][i]);
    const phi = c.logParams[i];
    return { name, estimate: exp(phi), lower: exp(phi - z * s), upper: exp(phi + z * s), logStandardError: s };
  });
}

/**
 * Prediction intervals for every customer: P(alive), the purchases expected in the next `t` time units
 * and, with a Gamma-Gamma fit, CLV (`predictedClv`'s definition), each with an interval from the
 * uncertainty of the fitted parameters, plus an interval for the number of purchases itself (the
 * purchase process mixed over that uncertainty). Parameter uncertainty is the Laplace approximation:
 * ln θ ~ N(ln θ̂, Σ), Σ the inverse Hessian of the total negative log-likelihood of `records` in ln θ
 * (central differences of the analytic gradient; the fit's penalty included). Carried to the
 * predictions by the delta method (default; logit scale for P(alive), log scale for the rest) or by
 * `draws` seeded samples (`method: "sample"`). The process interval mixes the count distribution of a
 * customer alive at T with P(alive) averaged over the 2k sigma points ln θ̂ ± √k·Lⱼ (L·Lᵀ = Σ). All work is per distinct (frequency, recency, T) and
 * per distinct (frequency, T): cheap for millions of customers (docs/models.md, bench/RESULTS.md).
 *
 * `records` are the customers the model was fitted on (the Hessian is theirs); to predict others,
 * pass `options.covariance` from a result on the fit's records.
 *
 * @param purchases - A purchase fit (`fitBgNbd(...)`, or `{ model, ...fit }` for the others), a model
 *   `{ model, params }`, or BG/NBD parameters (as `predictedClv` takes them).
 * @param records - {@link BtydCustomer} records (with `monetaryValue` when `gammaGamma` is given).
 * @returns `customers` ({@link PredictionIntervalRecord}, input order) and `meta` (model, level,
 *   method, covariances and Laplace intervals of the parameters).
 * @throws {AnalyticsInputError} Bad records; a fit that did not converge (`fit_not_converged`, unless
 *   `allowUnconverged`); a likelihood whose Hessian is not positive definite at the parameters
 *   (`degenerate_data`: no intervals, never NaN).
 * @throws {RangeError} Bad options or parameters, a Gamma-Gamma q ≤ 1, or a prediction not computable.
 *
 * @example
 * const sim = simulateCustomers({ model: "bg-nbd", params: { r: 0.25, alpha: 4, a: 0.8, b: 2.5 } }, { T: 39, customers: 2000, seed: 1 });
 * const fit = fitBgNbd(sim.customers);
 * const { customers: [c], meta } = predictionIntervals(fit, sim.customers, { t: 39 });
 * [c.expectedPurchasesLower <= c.expectedPurchases && c.expectedPurchases <= c.expectedPurchasesUpper, meta.level, meta.method]; //=> [true, 0.9, "delta"]
 *
 * @see Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers" the easy way.
 *   Marketing Science 24(2), 275–284. Julier, S. J. & Uhlmann, J. K. (2004). Unscented filtering and
 *   nonlinear estimation. Proceedings of the IEEE 92(3), 401–422 (the sigma points).
 */
export function predictionIntervals(purchases: PredictedClvPurchases, records: CustomerInput<BtydCustomer>, options: PredictionIntervalsOptions): PredictionIntervalsResult {
  const fn = "predictionIntervals";
  const opts = parseOptions(fn, predictionIntervalsOptionsSchema, options);
  const t = opts.t;
  const level = opts.level ?? 0.9;
  const method = opts.method ?? "delta";
  const z = normalQuantile((1 + level) / 2);
  const given = (purchases ?? {}) as Partial<PurchaseModel> & { diagnostics?: FitDiagnostics; meta?: { penalizer?: number } };
  const model: PurchaseModel = "model" in given ? (given as PurchaseModel) : "params" in given ? { model: "bg-nbd", params: given.params as BgNbdParams } : { model: "bg-nbd", params: purchases as BgNbdParams };
  const fit = purchaseKernel(fn, model).fit;
  const ggGiven = opts.gammaGamma as (Partial<GammaGammaFit> & GammaGammaParams) | undefined;
  const ggParams = ggGiven ? ((("params" in ggGiven ? ggGiven.params : ggGiven) as GammaGammaParams)) : null;
  if (ggParams) {
    checkParams(fn, "options.gammaGamma", ggParams, ["p", "q", "v"]);
    if (!(ggParams.q > 1)) throw new RangeError(`${fn}: Gamma-Gamma q = ${ggParams.q} <= 1 means an infinite mean spend; CLV does not exist for these parameters`);
    if (opts.periodsPerMonth === undefined) throw new RangeError(`${fn}: options.periodsPerMonth is required with options.gammaGamma (how many of the data's time units make a month)`);
  } else if (opts.periodsPerMonth !== undefined || opts.months !== undefined || opts.monthlyDiscountRate !== undefined || opts.spendCovariance !== undefined) {
    throw new RangeError(`${fn}: options.periodsPerMonth, months, monthlyDiscountRate and spendCovariance need options.gammaGamma`);
  }
  if (!opts.allowUnconverged) {
    const unconverged = [
      given.diagnostics?.converged === false && inputIssue("fit_not_converged", ["purchases"], `the ${fit.model} fit: ${given.diagnostics.message}; refit, or pass allowUnconverged: true to use it anyway`),
      ggGiven?.diagnostics?.converged === false && inputIssue("fit_not_converged", ["gammaGamma"], `the Gamma-Gamma fit: ${ggGiven.diagnostics.message}; refit, or pass allowUnconverged: true to use it anyway`),
    ].filter((i) => i !== false);
    if (unconverged.length > 0) throw new AnalyticsInputError(fn, unconverged);
  }
  // a fit without standard errors (not at a proper maximum, or a singular Hessian) has no curvature
  // to take the parameters' uncertainty from: refused with the reason, never NaN or a made-up width
  const noErrors = [
    !opts.covariance && "standardErrors" in given && (given as { standardErrors: unknown }).standardErrors === null && "purchases",
    ggGiven && !opts.spendCovariance && "standardErrors" in ggGiven && ggGiven.standardErrors === null && "gammaGamma",
  ].filter((k): k is "purchases" | "gammaGamma" => typeof k === "string");
  if (noErrors.length > 0) {
    throw new AnalyticsInputError(
      fn,
      noErrors.map((k) =>
        inputIssue("degenerate_data", [k], `the ${k === "purchases" ? fit.model : "Gamma-Gamma"} fit has no standard errors (its likelihood is not curved at the parameters: a fit that did not converge, or parameters the data do not identify), so there is no parameter uncertainty to give; refit with a penalizer or on more data, or pass options.${k === "purchases" ? "covariance" : "spendCovariance"}`),
      ),
    );
  }
  const { ids, x, tx, T, m, w: weights, customers: represented } = readBtydCustomers(fn, records, ggParams !== null);
  const n = ids.length;
  // records with a `count` stand for that many customers: in the likelihood's curvature and the total
  const g = groupTriples(x, tx, T, weights);
  const names = NAMES[fit.model];
  const theta = fit.model === "pareto-nbd" ? [fit.params.r, fit.params.alpha, fit.params.s, fit.params.beta] : [fit.params.r, fit.params.alpha, fit.params.a, fit.params.b];
  const cov = covarianceOf(fn, "purchases", fit.model, theta, opts.covariance, () => {
    if (n === 0) return null;
    const penalizer = given.meta?.penalizer ?? 0;
    const s = 1 / longestT(fn, g.T);
    const pass = (fit.model === "pareto-nbd" ? paretoNbdPass : fit.model === "bg-nbd" ? bgNbdPass : mbgNbdPass)(g.x, g.tx, g.T, g.w);
    // the fits' penalty, λ·Σθ² on the time-scaled parameters, at the total scale (−Σℓ + n·λ·Σθ² for
    // the BG/NBD family, −Σℓ + λ·Σθ² for Pareto/NBD): its curvature belongs to the fitted objective
    const scaleOf = fit.model === "pareto-nbd" ? [1, s, 1, s] : [1, s, 1, 1];
    const weight = fit.model === "pareto-nbd" ? penalizer : penalizer * represented;
    return logParameterCovariance((phi, grad) => {
      const th = phi.map(exp);
      pass(th, grad);
      for (let i = 0; i < 4; i++) grad[i] = -grad[i] * th[i] + 2 * weight * (th[i] * scaleOf[i]) ** 2;
    }, theta);
  });
  let spendCov: LogParameterCovariance | null = null;
  if (ggParams) {
    const gth = [ggParams.p, ggParams.q, ggParams.v];
    spendCov = covarianceOf(fn, "spend", "gamma-gamma", gth, opts.spendCovariance, () => {
      const xs: number[] = [];
      const ms: number[] = [];
      const ws: number[] = [];
      let buyers = 0;
      for (let i = 0; i < n; i++) {
        if (x[i] > 0 && m[i] > 0) {
          xs.push(x[i]);
          ms.push(m[i]);
          ws.push(weights ? weights[i] : 1);
          buyers += weights ? weights[i] : 1;
        }
      }
      if (buyers < 2) return null;
      const pairs = groupTriples(Float64Array.from(xs), Float64Array.from(ms), new Float64Array(xs.length), Float64Array.from(ws), false);
      const pass = gammaGammaPass(pairs.x, pairs.tx, pairs.w);
      const weight = ((ggGiven as Partial<GammaGammaFit>)?.meta?.penalizer ?? 0) * buyers;
      return logParameterCovariance((phi, grad) => {
        const th = phi.map(exp);
        pass(th, grad);
        for (let i = 0; i < 3; i++) grad[i] = -grad[i] * th[i] + 2 * weight * th[i] * th[i];
      }, gth);
    });
  }
  const clvSpec = ggParams ? { months: opts.months ?? 12, d: opts.monthlyDiscountRate ?? 0.01, f: opts.periodsPerMonth as number } : null;
  const draws = opts.draws ?? 1000;
  const seed = opts.seed ?? 42;
  const work = method === "delta" ? deltaIntervals(fn, fit, cov, spendCov, ggParams, clvSpec, g, x, m, t, z) : sampleIntervals(fn, fit, cov, spendCov, ggParams, clvSpec, g, x, m, t, level, draws, seed);
  const counts = countIntervals(fn, fit, cov, g, t, level, work.alive);
  // the total over all customers: Σ E and, given θ, independent counts (Σ Var), plus the parameters'
  // share (delta method: the variance of Σ E over the parameters), normal
  let total = 0;
  let processVar = 0;
  for (let k = 0; k < g.x.length; k++) {
    total += g.w[k] * work.purchases[3 * k];
    processVar += g.w[k] * counts.variance[k];
  }
  const sdTotal = Math.sqrt(processVar + quad(work.totalGradient, cov.covariance) + work.totalExtraVariance);
  const customers = new Array<PredictionIntervalRecord>(n);
  for (let i = 0; i < n; i++) {
    const k = g.group[i];
    customers[i] = {
      customerId: ids[i],
      pAlive: work.alive[3 * k],
      pAliveLower: work.alive[3 * k + 1],
      pAliveUpper: work.alive[3 * k + 2],
      expectedPurchases: work.purchases[3 * k],
      expectedPurchasesLower: work.purchases[3 * k + 1],
      expectedPurchasesUpper: work.purchases[3 * k + 2],
      purchasesLower: counts.lower[k],
      purchasesUpper: counts.upper[k],
      purchasesProbability: counts.probability[k],
      clv: work.clv ? work.clv[3 * i] : null,
      clvLower: work.clv ? work.clv[3 * i + 1] : null,
      clvUpper: work.clv ? work.clv[3 * i + 2] : null,
    };
  }
  return {
    customers,
    meta: {
      model: fit.model,
      params: { ...fit.params },
      t,
      level,
      method,
      draws: method === "sample" ? draws : null,
      seed: method === "sample" ? seed : null,
      covariance: asPublic(names, cov),
      parameters: parameterIntervals(names, cov, z),
      gammaGamma: ggParams ? { p: ggParams.p, q: ggParams.q, v: ggParams.v } : null,
      spendCovariance: spendCov ? asPublic(SPEND_NAMES, spendCov) : null,
      spendParameters: spendCov ? parameterIntervals(SPEND_NAMES, spendCov, z) : null,
      months: clvSpec?.months ?? null,
      monthlyDiscountRate: clvSpec?.d ?? null,
      periodsPerMonth: clvSpec?.f ?? null,
      triples: g.x.length,
      totalPurchases: { expected: total, lower: Math.max(0, total - z * sdTotal), upper: total + z * sdTotal },
    },
  };
}

/** Distinct (x, T) pairs of the triples, and each triple's pair. */
function pairsOf(g: TripleGroups): { x: Float64Array; T: Float64Array; of: Int32Array } {
  const p = groupTriples(g.x, g.T, new Float64Array(g.x.length));
  return { x: p.x, T: p.tx, of: p.group };
}

/** Discounted monthly purchases given alive, Σₖ (m(k·f) − m((k−1)·f))/(1+d)^k, as predictedClv sums them. */
function discountedIfAlive(mdl: PurchaseModel, spec: { months: number; d: number; f: number }, x: number, T: number): number {
  let sum = 0;
  let previous = 0;
  for (let k = 1; k <= spec.months; k++) {
    const e = meanIfAlive(mdl, k * spec.f, x, T);
    sum += (e - previous) / pow(1 + spec.d, k);
    previous = e;
  }
  return sum;
}

/** ln of the Gamma-Gamma expected spend p(v + x·m̄)/(p·x + q − 1) and its gradient in (ln p, ln q, ln v). */
function logSpend({ p, q, v }: GammaGammaParams, x: number, mean: number, g: Float64Array | null): number {
  const den = p * x + q - 1;
  const num = v + x * mean;
  if (g) {
    g[0] = 1 - (p * x) / den;
    g[1] = -q / den;
    g[2] = v / num;
  }
  return log(p) + log(num) - log(den);
}

type Work = {
  alive: Float64Array;
  purchases: Float64Array;
  clv: Float64Array | null;
  /** ∇ Σ E over ln θ (delta) or zeros (sample), and the parameters' variance of Σ E by sampling (0 for delta). */
  totalGradient: Float64Array;
  totalExtraVariance: number;
};

/**
 * f at the fit into out[k] and the forward-difference gradient of ln f in ln θ (one shifted model per
 * parameter, step H) into grad[4k..4k+3]; zeros when f is 0.
 */
function withLogGradient(fn: string, f: (m: PurchaseModel) => number, fit: PurchaseModel, shifted: readonly PurchaseModel[], xv: number, Tv: number, k: number, out: Float64Array, grad: Float64Array): void {
  const v = checkedPurchases(f(fit));
  if (!Number.isFinite(v)) throw notComputable(fn, xv, Tv, Tv);
  out[k] = v;
  if (!(v > 0)) return;
  for (let j = 0; j < 4; j++) {
    const d = (log(f(shifted[j])) - log(v)) / H;
    if (!Number.isFinite(d)) throw notComputable(fn, xv, Tv, Tv);
    grad[4 * k + j] = d;
  }
}

function deltaIntervals(
  fn: string,
  fit: PurchaseModel,
  cov: LogParameterCovariance,
  spendCov: LogParameterCovariance | null,
  gg: GammaGammaParams | null,
  spec: { months: number; d: number; f: number } | null,
  g: TripleGroups,
  x: Float64Array,
  mean: Float64Array,
  t: number,
  z: number,
): Work {
  const u = g.x.length;
  const pairs = pairsOf(g);
  const np = pairs.x.length;
  const theta = cov.logParams.map(exp);
  // per (x, T): m and M (CLV) with the gradients of their ln by forward differences in ln θ
  const mPair = new Float64Array(np);
  const gm = new Float64Array(4 * np);
  const MPair = spec ? new Float64Array(np) : null;
  const gM = spec ? new Float64Array(4 * np) : null;
  // forward differences in ln θ (step 1e-6: truncation about 1e-6 of the derivative, rounding about
  // 1e-10), one shifted model per parameter
  const shifted = [0, 1, 2, 3].map((j) => paramsOf(fit.model, theta.map((v, i) => (i === j ? v * exp(H) : v))));
  for (let k = 0; k < np; k++) {
    const xv = pairs.x[k];
    const Tv = pairs.T[k];
    withLogGradient(fn, (m) => meanIfAlive(m, t, xv, Tv), fit, shifted, xv, Tv, k, mPair, gm);
    if (spec && MPair && gM) withLogGradient(fn, (m) => discountedIfAlive(m, spec, xv, Tv), fit, shifted, xv, Tv, k, MPair, gM);
  }
  const S = cov.covariance;
  const alive = new Float64Array(3 * u);
  const purchases = new Float64Array(3 * u);
  const clvVar = spec ? new Float64Array(u) : null;
  const clvLog = spec ? new Float64Array(u) : null;
  const ga = new Float64Array(4);
  const ge = new Float64Array(4);
  const totalGradient = new Float64Array(4);
  for (let k = 0; k < u; k++) {
    const lg = logitAlive(fit, g.x[k], g.tx[k], g.T[k], ga);
    const pa = aliveAt(fit, g.x[k], g.tx[k], g.T[k]);
    if (!(pa >= 0 && pa <= 1)) throw notComputable(fn, g.x[k], g.tx[k], g.T[k]);
    const q = pa <= 0 ? 0 : pa >= 1 ? 0 : quad(ga, S);
    const sd = Math.sqrt(q);
    alive[3 * k] = pa;
    // (min/max: the logit's round trip may differ from the model's P(alive) in the last bit)
    alive[3 * k + 1] = pa >= 1 || pa <= 0 ? pa : Math.min(pa, expit(lg - z * sd));
    alive[3 * k + 2] = pa >= 1 || pa <= 0 ? pa : Math.max(pa, expit(lg + z * sd));
    // ln E = ln P(alive) + ln m: ∇ ln P(alive) = (1 − P(alive))·∇ logit
    const kp = pairs.of[k];
    const e = checkedPurchases(mPair[kp] * pa);
    if (!Number.isFinite(e)) throw notComputable(fn, g.x[k], g.tx[k], g.T[k]);
    purchases[3 * k] = e;
    if (e > 0) {
      for (let j = 0; j < 4; j++) {
        ge[j] = (1 - pa) * ga[j] + gm[4 * kp + j];
        totalGradient[j] += g.w[k] * e * ge[j];
      }
      const se = Math.sqrt(quad(ge, S));
      purchases[3 * k + 1] = e * exp(-z * se);
      purchases[3 * k + 2] = e * exp(z * se);
    }
    if (spec && clvVar && clvLog && MPair && gM) {
      for (let j = 0; j < 4; j++) ge[j] = (1 - pa) * ga[j] + gM[4 * kp + j];
      clvVar[k] = quad(ge, S);
      clvLog[k] = MPair[kp] * pa;
    }
  }
  let clv: Float64Array | null = null;
  if (spec && gg && spendCov && clvVar && clvLog) {
    clv = new Float64Array(3 * x.length);
    const gs = new Float64Array(3);
    for (let i = 0; i < x.length; i++) {
      const k = g.group[i];
      const ls = logSpend(gg, x[i], mean[i], gs);
      const spend = exp(ls);
      const value = spend * clvLog[k];
      if (!Number.isFinite(value)) throw new RangeError(`${fn}: the predicted value of customer ${i} is beyond a double's range`);
      clv[3 * i] = value;
      if (value > 0) {
        const se = Math.sqrt(clvVar[k] + quad(gs, spendCov.covariance));
        clv[3 * i + 1] = value * exp(-z * se);
        clv[3 * i + 2] = value * exp(z * se);
      }
    }
  }
  return { alive, purchases, clv, totalGradient, totalExtraVariance: 0 };
}

function sampleIntervals(
  fn: string,
  fit: PurchaseModel,
  cov: LogParameterCovariance,
  spendCov: LogParameterCovariance | null,
  gg: GammaGammaParams | null,
  spec: { months: number; d: number; f: number } | null,
  g: TripleGroups,
  x: Float64Array,
  mean: Float64Array,
  t: number,
  level: number,
  draws: number,
  seed: number,
): Work {
  const rnd = new Draws(mulberry32(seed));
  const draw = (c: LogParameterCovariance) => {
    const k = c.logParams.length;
    const zs = Array.from({ length: k }, () => rnd.normal());
    return c.logParams.map((phi, i) => exp(phi + c.cholesky[i].reduce((s, l, j) => s + l * zs[j], 0)));
  };
  const models = Array.from({ length: draws }, () => paramsOf(fit.model, draw(cov)));
  const spends = spendCov ? Array.from({ length: draws }, () => draw(spendCov)) : null;
  const u = g.x.length;
  const pairs = pairsOf(g);
  const np = pairs.x.length;
  const lo = (1 - level) / 2;
  const hi = (1 + level) / 2;
  const point = paramsOf(fit.model, cov.logParams.map(exp));
  const mD = new Float64Array(np * draws);
  const MD = spec ? new Float64Array(np * draws) : null;
  const mPoint = new Float64Array(np);
  const MPoint = spec ? new Float64Array(np) : null;
  for (let k = 0; k < np; k++) {
    const xv = pairs.x[k];
    const Tv = pairs.T[k];
    mPoint[k] = checkedPurchases(meanIfAlive(point, t, xv, Tv));
    if (MPoint && spec) MPoint[k] = checkedPurchases(discountedIfAlive(point, spec, xv, Tv));
    for (let d = 0; d < draws; d++) {
      const v = checkedPurchases(meanIfAlive(models[d], t, xv, Tv));
      if (!Number.isFinite(v)) throw notComputable(fn, xv, Tv, Tv);
      mD[k * draws + d] = v;
      if (MD && spec) {
        const w = checkedPurchases(discountedIfAlive(models[d], spec, xv, Tv));
        if (!Number.isFinite(w)) throw notComputable(fn, xv, Tv, Tv);
        MD[k * draws + d] = w;
      }
    }
  }
  const alive = new Float64Array(3 * u);
  const purchases = new Float64Array(3 * u);
  const aliveD = spec ? new Float64Array(u * draws) : null;
  const buf = new Float64Array(draws);
  const buf2 = new Float64Array(draws);
  const totals = new Float64Array(draws);
  for (let k = 0; k < u; k++) {
    const kp = pairs.of[k];
    const pa = aliveAt(point, g.x[k], g.tx[k], g.T[k]);
    alive[3 * k] = pa;
    purchases[3 * k] = mPoint[kp] * pa;
    for (let d = 0; d < draws; d++) {
      const a = expit(logitAlive(models[d], g.x[k], g.tx[k], g.T[k], null));
      if (!(a >= 0 && a <= 1)) throw notComputable(fn, g.x[k], g.tx[k], g.T[k]);
      buf[d] = a;
      buf2[d] = mD[kp * draws + d] * a;
      totals[d] += g.w[k] * buf2[d];
      if (aliveD) aliveD[k * draws + d] = a;
    }
    buf.sort();
    buf2.sort();
    alive[3 * k + 1] = quantileSortedType7(buf, lo);
    alive[3 * k + 2] = quantileSortedType7(buf, hi);
    purchases[3 * k + 1] = quantileSortedType7(buf2, lo);
    purchases[3 * k + 2] = quantileSortedType7(buf2, hi);
  }
  let clv: Float64Array | null = null;
  if (spec && gg && spends && MD && MPoint && aliveD) {
    clv = new Float64Array(3 * x.length);
    for (let i = 0; i < x.length; i++) {
      const k = g.group[i];
      const kp = pairs.of[k];
      clv[3 * i] = exp(logSpend(gg, x[i], mean[i], null)) * (MPoint[kp] * alive[3 * k]);
      for (let d = 0; d < draws; d++) {
        const [p, q, v] = spends[d];
        // a draw with q ≤ 1 has no finite mean spend: it counts as an unbounded value (above every other)
        buf[d] = q > 1 ? exp(logSpend({ p, q, v }, x[i], mean[i], null)) * (MD[kp * draws + d] * aliveD[k * draws + d]) : Number.MAX_VALUE;
      }
      buf.sort();
      clv[3 * i + 1] = quantileSortedType7(buf, lo);
      clv[3 * i + 2] = quantileSortedType7(buf, hi);
      if (!(Number.isFinite(clv[3 * i]) && Number.isFinite(clv[3 * i + 2]))) throw new RangeError(`${fn}: the predicted value of customer ${i} is beyond a double's range`);
    }
  }
  let mu = 0;
  for (const v of totals) mu += v / draws;
  let ss = 0;
  for (const v of totals) ss += (v - mu) ** 2;
  return { alive, purchases, clv, totalGradient: new Float64Array(4), totalExtraVariance: ss / (draws - 1) };
}

/** The smallest n in [0, top] with cdf[n] ≥ q (top when none). */
function smallestAtLeast(cdf: Float64Array, top: number, q: number): number {
  if (cdf[0] >= q) return 0;
  if (cdf[top] < q) return top;
  let a = 0;
  let b = top;
  while (b - a > 1) {
    const mid = (a + b) >> 1;
    if (cdf[mid] >= q) b = mid;
    else a = mid;
  }
  return b;
}

/**
 * Whole-number intervals of the purchases in (T, T + t]: quantiles of the predictive distribution
 * (1 − π̄)·δ₀ + π̄·q̂, with q̂ the count distribution of a customer alive at T at the fitted parameters
 * (it depends on x and T only: built once per distinct (x, T) pair) and π̄ the customer's P(alive)
 * averaged over the 2k sigma points ln θ̂ ± √k·Lⱼ (L·Lᵀ = Σ), which carries the parameters'
 * uncertainty about whether the customer is still there. (Mixing q̂ itself over the sigma points too
 * would cost 2k count distributions per pair, about 8× the time, for a second-order change.) Lower =
 * the smallest n with F(n) ≥ (1 − level)/2, upper = the smallest n with F(n) ≥ (1 + level)/2, so the
 * interval holds at least `level` (its probability is returned).
 */
function countIntervals(
  fn: string,
  fit: PurchaseModel,
  cov: LogParameterCovariance,
  g: TripleGroups,
  t: number,
  level: number,
  alive: Float64Array,
): { lower: Int32Array; upper: Int32Array; probability: Float64Array; variance: Float64Array } {
  const u = g.x.length;
  const lower = new Int32Array(u);
  const upper = new Int32Array(u);
  const probability = new Float64Array(u).fill(1);
  const variance = new Float64Array(u);
  if (t === 0) return { lower, upper, probability, variance };
  const k = cov.logParams.length;
  const points: PurchaseModel[] = [];
  const root = Math.sqrt(k);
  for (let j = 0; j < k; j++) {
    for (const sgn of [1, -1]) points.push(paramsOf(fit.model, cov.logParams.map((phi, i) => exp(phi + sgn * root * cov.cholesky[i][j]))));
  }
  const point = paramsOf(fit.model, cov.logParams.map(exp));
  const lo = (1 - level) / 2;
  const hi = (1 + level) / 2;
  const pairs = pairsOf(g);
  const np = pairs.x.length;
  const cdfs = new Array<Float64Array>(np);
  const first = new Float64Array(np);
  const second = new Float64Array(np);
  for (let kp = 0; kp < np; kp++) {
    const xv = pairs.x[kp];
    const Tv = pairs.T[kp];
    const c = existingCustomerCase(point, xv, Tv, Tv);
    const mean = checkedPurchases(meanIfAlive(point, t, xv, Tv));
    if (!Number.isFinite(mean)) throw notComputable(fn, xv, Tv, Tv);
    // built until 1 − 1e-6 of it is in (the quantiles need only `hi`; the total's variance, the tail)
    let size = Math.min(MAX_COUNT, Math.ceil(mean + 6 * Math.sqrt(mean + (mean * mean) / c.r) + 4));
    for (;;) {
      const pmf = casePmf({ ...c, weight: 1 }, t, size);
      const cdf = new Float64Array(size + 1);
      let s = 0;
      for (let n = 0; n <= size; n++) {
        if (!(pmf[n] >= 0)) throw notComputable(fn, xv, Tv, Tv);
        s += pmf[n];
        cdf[n] = s;
      }
      if (s >= 1 - 1e-6 || size >= MAX_COUNT) {
        cdfs[kp] = cdf;
        let m1 = 0;
        let m2 = 0;
        for (let n = 1; n <= size; n++) {
          m1 += n * pmf[n];
          m2 += n * n * pmf[n];
        }
        first[kp] = m1;
        second[kp] = m2;
        break;
      }
      size = Math.min(MAX_COUNT, size * 4);
    }
  }
  const J = points.length;
  for (let tr = 0; tr < u; tr++) {
    let pi = 0;
    for (let j = 0; j < J; j++) pi += expit(logitAlive(points[j], g.x[tr], g.tx[tr], g.T[tr], null));
    pi /= J;
    if (!(pi >= 0 && pi <= 1)) throw notComputable(fn, g.x[tr], g.tx[tr], g.T[tr]);
    const cdf = cdfs[pairs.of[tr]];
    const top = cdf.length - 1;
    // F(n) = 1 − π̄ + π̄·Q(n) ≥ p ⟺ Q(n) ≥ (p − 1 + π̄)/π̄: the smallest such n by bisection (the
    // last n when the computed distribution never reaches it)
    const L = smallestAtLeast(cdf, top, pi > 0 ? (lo - 1 + pi) / pi : -1);
    const U = smallestAtLeast(cdf, top, pi > 0 ? (hi - 1 + pi) / pi : -1);
    const F = (nn: number) => 1 - pi + pi * cdf[nn];
    lower[tr] = L;
    upper[tr] = U;
    probability[tr] = Math.min(1, F(U) - (L > 0 ? F(L - 1) : 0));
    // Var X = π·E[X² | alive] − (π·E[X | alive])² at the fitted parameters
    const pa = alive[3 * tr];
    const kp = pairs.of[tr];
    variance[tr] = Math.max(0, pa * second[kp] - (pa * first[kp]) ** 2);
  }
  return { lower, upper, probability, variance };
}
