/**
 * Time-invariant covariates for the BTYD purchase models, shared by `fitBgNbdCovariates` and
 * `fitParetoNbdCovariates` (and their predictions): reading the covariate fields, standardising them,
 * grouping customers by their covariate values, the likelihood as a sum of the models' own one-pass
 * kernels (one per distinct covariate vector, each with that vector's parameters), its gradient by the
 * chain rule, the search, the diagnostics and the standard errors.
 *
 * Each of the model's four parameters is either shared by everyone (r; s of Pareto/NBD) or linked to
 * one process's covariates: θᵢ = θ₀·exp(σ·γᵀzᵢ), with σ = −1 for the rates α and β (as CLVTools:
 * α_i = α₀·exp(−γ_pᵀz_i)) and σ = +1 for BG/NBD's a and b (CLVTools' `bgnbd_staticcov_a_i`/`_b_i`).
 */
import { z } from "zod";
import { AnalyticsInputError, describeValue, inputIssue, type InputIssue } from "../errors.js";
import { fitDiagnostics, invert, minimizeWithGradient, purchaseLikelihoodBound, workBudget, type FitContext, type FitDiagnostics, type MinimizeResult, type ValueAndGradient } from "../internal/bfgs.js";
import { FIT_CONTEXTS } from "./fitRobustness.js";
import { exp, log } from "../internal/elementary.js";
import { hessianFromGradient } from "../internal/hessian.js";
import { sumError } from "../internal/neumaier.js";
import { work } from "../internal/special.js";
import { defineOptions, parseOptions, type OptionsSchema } from "../options.js";
import { checkParams, FIT_WORK_FLOOR, FIT_WORK_PER_TRIPLE, groupTriples, LOG_PARAMETER_BOX, longestT, minimizeFit, predictTriples, readBtydCustomers, RUNAWAY_LOG_PARAMETER, type BtydCustomer, type TripleGroups } from "./btydInput.js";
import { bgNbdLogLikelihoodTerm, bgNbdPass } from "./bgNbd.js";
import { paretoNbdLogLikelihoodTerm, paretoNbdPass } from "./paretoNbd.js";
import type { BgNbdParams, ParetoNbdParams } from "./types.js";
import type { PurchaseFitMeta, PurchasePredictionRecord } from "./types.js";

/** A BTYD customer ({@link BtydCustomer}) with covariate fields beside the summary (`{ frequency, recency, T, lnFirst: 3.4 }`). */
export interface CovariateCustomer extends BtydCustomer {
  /** Covariate values, read by the field names given to the fit (finite numbers). */
  [field: string]: unknown;
}

/** Covariate coefficients γ by field name, for the purchase and the dropout process. */
export interface CovariateCoefficients {
  /** γ_p: the purchase rate's scale α of a customer is α·exp(−γ_pᵀz), so γ > 0 means more purchases. */
  purchase: Record<string, number>;
  /** γ_d: see the model (Pareto/NBD: β·exp(−γ_dᵀz), γ > 0 means earlier dropout; BG/NBD: a and b times exp(γ_dᵀz)). */
  dropout: Record<string, number>;
}

/** Options of the covariate fits (`fitBgNbdCovariates`, `fitParetoNbdCovariates`). */
export interface CovariatesFitOptions {
  /** Fields (key names of the records) whose values shift the purchase process (default none). */
  purchase?: string[];
  /** Fields whose values shift the dropout process (default none); a field may be in both lists. */
  dropout?: string[];
  /** CLVTools' L2 regularisation λ·Σγ² of the coefficients (on the fields' own scale), ≥ 0 (default 0). */
  penalizer?: number;
}

const FIELD_LIST = z.array(z.string({ error: "expected a field name (non-empty string)" }).min(1, { error: "expected a field name (non-empty string)" }), { error: "expected an array of field names" });

/** Schema of {@link CovariatesFitOptions}. */
export const covariatesFitOptionsSchema: OptionsSchema<CovariatesFitOptions> = defineOptions<CovariatesFitOptions>()({
  purchase: FIELD_LIST.optional(),
  dropout: FIELD_LIST.optional(),
  penalizer: z.number({ error: "expected a finite number >= 0" }).min(0, { error: "expected a finite number >= 0" }).optional(),
});

/** `meta` of a covariate fit. */
export interface CovariatesFitMeta extends PurchaseFitMeta {
  /** The purchase-process fields, in the order given. */
  purchase: string[];
  /** The dropout-process fields, in the order given. */
  dropout: string[];
  /** Distinct covariate vectors among the customers (each has its own parameters). */
  covariateGroups: number;
  /** Mean and standard deviation of each field, by which it was standardised during the search. */
  scaling: Record<string, { mean: number; sd: number }>;
}

/** A fitted model with covariates: baseline parameters P (at all covariates 0), coefficients, and their standard errors. */
export interface CovariatesFit<P> {
  /** Parameters of a customer whose covariates are all 0 (in the data's time unit). */
  params: P;
  coefficients: CovariateCoefficients;
  /** Total log-likelihood, in the data's time unit. */
  logLikelihood: number;
  /**
   * Standard errors of every parameter and coefficient, from the inverse Hessian of the total negative
   * log-likelihood (null when the fit did not converge or the Hessian is not invertible).
   */
  standardErrors: { params: P; coefficients: CovariateCoefficients } | null;
  diagnostics: FitDiagnostics;
  meta: CovariatesFitMeta;
}

/** Options of the covariate predictions: the horizon `t`. */
export interface CovariatesPredictionOptions {
  /** Horizon of `expectedPurchases`, in the data's time unit (required). */
  t: number;
}

const HORIZON = "expected the horizon, a finite number >= 0 in the data's time unit";

/** Schema of {@link CovariatesPredictionOptions}. */
export const covariatesPredictionOptionsSchema: OptionsSchema<CovariatesPredictionOptions> = defineOptions<CovariatesPredictionOptions>()({
  t: z.number({ error: HORIZON }).min(0, { error: HORIZON }),
});

/** Result of a covariate prediction: one record per customer (input order), and the model used. */
export interface CovariatesPredictionResult<M extends string, P> {
  customers: PurchasePredictionRecord[];
  meta: { model: M; params: P; coefficients: CovariateCoefficients; t: number };
}

/** How a model's four parameters depend on the covariates. */
export interface CovariateModel {
  /** Parameter names, in the kernel's order (r, alpha, a, b or r, alpha, s, beta). */
  names: readonly [string, string, string, string];
  /** Per parameter: 0 shared by everyone, "p" linked to the purchase covariates, "d" to the dropout covariates. */
  process: readonly (0 | "p" | "d")[];
  /** Per parameter: the sign σ in θ₀·exp(σ·γᵀz). */
  sign: readonly number[];
  /** Per parameter: whether it is in time units (scaled by 1/max(T) during the search). */
  timed: readonly boolean[];
  /** The model's one-pass total log-likelihood and gradient over triples with counts (the fits' kernel). */
  passOf: (x: Float64Array, tx: Float64Array, T: Float64Array, w: Float64Array, scale?: number) => (theta: readonly number[], grad: number[] | null) => number;
  /**
   * The model's per-customer log-likelihood term (the value of `passOf` for one triple, to the last
   * bit): the value-only evaluations (line-search trials, diagnostics) use it, without a pass's set-up
   * or its gradient.
   */
  term: (theta: readonly number[], x: number, tx: number, T: number) => number;
  /** Start of the log-parameters (the plain fit's). */
  start: readonly number[];
  /** The plain fit's name, whose words (`FIT_CONTEXTS`) say why parameters run off. */
  plainFit: string;
}

/** CLVTools' BG/NBD with static covariates (src/bgnbd.cpp): α_i = α₀·e^(−γ_pᵀz), a_i = a₀·e^(γ_dᵀz), b_i = b₀·e^(γ_dᵀz). */
export const BG_NBD_COVARIATES: CovariateModel = {
  names: ["r", "alpha", "a", "b"],
  process: [0, "p", "d", "d"],
  sign: [0, -1, 1, 1],
  timed: [false, true, false, false],
  passOf: bgNbdPass,
  term: (t, x, tx, T) => bgNbdLogLikelihoodTerm({ r: t[0], alpha: t[1], a: t[2], b: t[3] } satisfies BgNbdParams, x, tx, T),
  start: [0.1, 0.1, 0.1, 0.1],
  plainFit: "fitBgNbd",
};

/** CLVTools' Pareto/NBD with static covariates (src/pnbd.cpp): α_i = α₀·e^(−γ_pᵀz), β_i = β₀·e^(−γ_dᵀz). */
export const PARETO_NBD_COVARIATES: CovariateModel = {
  names: ["r", "alpha", "s", "beta"],
  process: [0, "p", 0, "d"],
  sign: [0, -1, 0, -1],
  timed: [false, true, false, true],
  passOf: paretoNbdPass,
  term: (t, x, tx, T) => paretoNbdLogLikelihoodTerm({ r: t[0], alpha: t[1], s: t[2], beta: t[3] } satisfies ParetoNbdParams, x, tx, T),
  start: [0, 0, 0, 0],
  plainFit: "fitParetoNbd",
};

/** The covariate columns of a data set: each distinct field once. */
interface CovariateColumns {
  names: string[];
  columns: Float64Array[];
}

const BASE = new Set(["frequency", "recency", "T"]);

/** Checks the field lists: no duplicates within a list, and not `count` (the customers a record stands for). */
function checkLists(fn: string, purchase: readonly string[], dropout: readonly string[]): void {
  for (const [name, list] of [["purchase", purchase], ["dropout", dropout]] as const) {
    const seen = new Set<string>();
    for (const f of list) {
      if (f === "count") throw new RangeError(`${fn}: options.${name}: "count" is the number of customers a record stands for (BtydCustomer.count), not a covariate`);
      if (seen.has(f)) throw new RangeError(`${fn}: options.${name} names the field ${JSON.stringify(f)} twice`);
      seen.add(f);
    }
  }
}

/**
 * Reads BTYD records with covariate fields: the one BTYD reader with each distinct covariate field as
 * an extra finite-number column (a missing or non-finite value is `invalid_value` naming the row, the
 * field and the customer). A field named like a summary field (frequency, recency, T) is that column.
 */
export function readCovariateCustomers(fn: string, records: Iterable<CovariateCustomer>, fields: readonly string[]): ReturnType<typeof readBtydCustomers> & { covariates: CovariateColumns } {
  const names = [...new Set(fields)];
  const extra: Record<string, { field: string; name: string; rule: "finite" }> = {};
  for (const f of names) if (!BASE.has(f)) extra[f] = { field: f, name: f, rule: "finite" };
  const read = readBtydCustomers<string>(fn, records, false, extra);
  const columns = names.map((f) => (f === "frequency" ? read.x : f === "recency" ? read.tx : f === "T" ? read.T : read.extra[f]));
  return { ...read, covariates: { names, columns } };
}

/** Mean and standard deviation (population) of a column, computed on the column divided by its largest |value| so that nothing overflows. */
function meanSd(v: Float64Array): { mean: number; sd: number } {
  const n = v.length;
  let big = 0;
  for (let i = 0; i < n; i++) big = Math.max(big, Math.abs(v[i]));
  if (big === 0) return { mean: 0, sd: 0 };
  let s = 0;
  let c = 0;
  for (let i = 0; i < n; i++) {
    const u = v[i] / big;
    const t = s + u;
    c += sumError(s, u, t);
    s = t;
  }
  const m = (s + c) / n;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = v[i] / big - m;
    ss += d * d;
  }
  return { mean: m * big, sd: Math.sqrt(ss / n) * big };
}

/**
 * Standardised design of one process: the columns of its fields as (z − mean)/sd. A constant field
 * (sd 0, or below 1e-12 of its size) or one that is a linear combination of the others and a constant
 * (found by Gram–Schmidt on the standardised columns, residual below 1e-9) is `degenerate_data` at
 * `["fields", name]`: its coefficient could not be told apart from the baseline or the other coefficients.
 */
function standardise(fn: string, names: readonly string[], cov: CovariateColumns, n: number, scaling: Map<string, { mean: number; sd: number }>): Float64Array[] {
  const out: Float64Array[] = [];
  const basis: Float64Array[] = [];
  for (const name of names) {
    const col = cov.columns[cov.names.indexOf(name)];
    let ms = scaling.get(name);
    if (!ms) {
      ms = meanSd(col);
      scaling.set(name, ms);
    }
    const { mean, sd } = ms;
    if (!(sd > 1e-12 * Math.abs(mean)) || !(sd > 0)) {
      throw new AnalyticsInputError(fn, [inputIssue("degenerate_data", ["fields", name], `covariate ${JSON.stringify(name)} has the same value (${describeValue(col[0])}) for every customer: its coefficient cannot be told apart from the baseline parameter`)]);
    }
    const zs = new Float64Array(n);
    for (let i = 0; i < n; i++) zs[i] = (col[i] - mean) / sd;
    // residual of the standardised column after the earlier ones (modified Gram–Schmidt, unit vectors)
    const res = zs.slice();
    for (const q of basis) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += res[i] * q[i];
      for (let i = 0; i < n; i++) res[i] -= dot * q[i];
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += res[i] * res[i];
    norm = Math.sqrt(norm);
    // the standardised column has norm √n; a residual below 1e-9 of that is rounding
    if (!(norm > 1e-9 * Math.sqrt(n))) {
      const others = names.slice(0, out.length).map((f) => JSON.stringify(f)).join(", ");
      throw new AnalyticsInputError(fn, [inputIssue("degenerate_data", ["fields", name], `covariate ${JSON.stringify(name)} is a linear combination of ${others} and a constant: their coefficients cannot be told apart`)]);
    }
    for (let i = 0; i < n; i++) res[i] /= norm;
    basis.push(res);
    out.push(zs);
  }
  return out;
}

/** Customers grouped by their covariate vector (first-appearance order): each group's index per customer. */
function groupByCovariates(columns: readonly Float64Array[], n: number): { group: Int32Array; count: number; first: Int32Array } {
  let group = new Int32Array(n);
  let count = n === 0 ? 0 : 1;
  for (const col of columns) {
    const seen = new Map<number, number>();
    const values = new Map<number, number>();
    const next = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const v = col[i] === 0 ? 0 : col[i];
      let vi = values.get(v);
      if (vi === undefined) {
        vi = values.size;
        values.set(v, vi);
      }
      // (previous group, value index) as one number: both below n ≤ 2^32, the product below 2^53
      const key = group[i] * n + vi;
      let g = seen.get(key);
      if (g === undefined) {
        g = seen.size;
        seen.set(key, g);
      }
      next[i] = g;
    }
    group = next;
    count = seen.size;
  }
  const first = new Int32Array(count).fill(-1);
  for (let i = 0; i < n; i++) if (first[group[i]] === -1) first[group[i]] = i;
  return { group, count, first };
}

/** The data of a covariate likelihood: per covariate group, its triples and its standardised covariates. */
interface CovariateGroups {
  /** Triples per group. */
  triples: TripleGroups[];
  /** Standardised covariates per group: kp purchase values then kd dropout values. */
  z: Float64Array[];
  /** Each customer's group. */
  group: Int32Array;
  /** Distinct triples over all groups. */
  size: number;
}

function buildGroups(x: Float64Array, tx: Float64Array, T: Float64Array, w: Float64Array | undefined, zp: readonly Float64Array[], zd: readonly Float64Array[], covColumns: readonly Float64Array[]): CovariateGroups {
  const n = x.length;
  const { group, count, first } = groupByCovariates(covColumns, n);
  const sizes = new Int32Array(count);
  for (let i = 0; i < n; i++) sizes[group[i]]++;
  const members = Array.from(sizes, (s) => ({ x: new Float64Array(s), tx: new Float64Array(s), T: new Float64Array(s), w: new Float64Array(s), k: 0 }));
  for (let i = 0; i < n; i++) {
    const m = members[group[i]];
    m.x[m.k] = x[i];
    m.tx[m.k] = tx[i];
    m.T[m.k] = T[i];
    m.w[m.k] = w ? w[i] : 1;
    m.k++;
  }
  // a group of one customer (the rule for a continuous covariate) is its own triple: no hash table to build
  const triples = members.map((m) => (m.x.length === 1 ? { x: m.x, tx: m.tx, T: m.T, w: m.w, group: Int32Array.of(0) } : groupTriples(m.x, m.tx, m.T, m.w)));
  const z = Array.from(first, (i) => Float64Array.from([...zp.map((c) => c[i]), ...zd.map((c) => c[i])]));
  let size = 0;
  for (const t of triples) size += t.x.length;
  return { triples, z, group, size };
}

/**
 * The total log-likelihood over covariate groups and its gradient in the search coordinates
 * u = (ln θ̃₁..₄, γ̃_p, γ̃_d), where group g has θ_g,i = θ̃ᵢ·exp(σᵢ·γ̃_{process(i)}ᵀz̃_g). Each group's
 * value and ∂/∂θ come from the model's own pass; the chain rule gives ∂/∂ln θ̃ᵢ = ∂ℓ/∂θᵢ·θ_g,i and
 * ∂/∂γ̃_{P,j} = Σ_{i linked to P} ∂ℓ/∂θᵢ·θ_g,i·σᵢ·z̃_{g,j}. Infinity when a group's parameter leaves the doubles.
 */
function covariateLikelihood(model: CovariateModel, data: CovariateGroups, kp: number, kd: number, scale: number): (u: readonly number[], grad: number[] | null) => number {
  const passes = data.triples.map((t) => model.passOf(t.x, t.tx, t.T, t.w, scale));
  const theta = [0, 0, 0, 0];
  const g = [0, 0, 0, 0];
  return (u, grad) => {
    if (grad) grad.fill(0);
    let sum = 0;
    let comp = 0;
    for (let k = 0; k < passes.length; k++) {
      const zk = data.z[k];
      let etaP = 0;
      let etaD = 0;
      for (let j = 0; j < kp; j++) etaP += u[4 + j] * zk[j];
      for (let j = 0; j < kd; j++) etaD += u[4 + kp + j] * zk[kp + j];
      for (let i = 0; i < 4; i++) {
        const p = model.process[i];
        const v = exp(u[i] + (p === "p" ? model.sign[i] * etaP : p === "d" ? model.sign[i] * etaD : 0));
        if (!(v > 0 && v < Infinity)) return Number.POSITIVE_INFINITY;
        theta[i] = v;
      }
      if (!grad) {
        // the value alone: the model's term per triple, which equals its pass's value to the last bit
        const tk = data.triples[k];
        for (let m = 0; m < tk.x.length; m++) {
          const v = tk.w[m] * model.term(theta, tk.x[m], tk.tx[m] * scale, tk.T[m] * scale);
          const t = sum + v;
          comp += sumError(sum, v, t);
          sum = t;
        }
        continue;
      }
      const ll = passes[k](theta, g);
      const t = sum + ll;
      comp += sumError(sum, ll, t);
      sum = t;
      {
        let dP = 0;
        let dD = 0;
        for (let i = 0; i < 4; i++) {
          const d = g[i] * theta[i];
          grad[i] += d;
          if (model.process[i] === "p") dP += d * model.sign[i];
          else if (model.process[i] === "d") dD += d * model.sign[i];
        }
        for (let j = 0; j < kp; j++) grad[4 + j] += dP * zk[j];
        for (let j = 0; j < kd; j++) grad[4 + kp + j] += dD * zk[kp + j];
      }
    }
    return sum - sum === 0 ? sum + comp : sum;
  };
}

/**
 * The total log-likelihood of a model with covariates on records, in the user's coordinates
 * ψ = (ln θ₀ (4), γ_p, γ_d) with the fields as given (no standardisation, the data's time unit), and its
 * gradient in ψ when `grad` is given: what the fits maximise (for tests and checks).
 */
export function covariateLogLikelihood(fn: string, model: CovariateModel, records: Iterable<CovariateCustomer>, purchase: readonly string[], dropout: readonly string[]): (psi: readonly number[], grad: number[] | null) => number {
  const raw = readCovariateCustomers(fn, records, [...purchase, ...dropout]);
  const col = (f: string) => raw.covariates.columns[raw.covariates.names.indexOf(f)];
  const data = buildGroups(raw.x, raw.tx, raw.T, raw.w, purchase.map(col), dropout.map(col), raw.covariates.columns);
  return covariateLikelihood(model, data, purchase.length, dropout.length, 1);
}

/** Coefficients by name, as plain data properties (a field named `__proto__` stays a property). */
function named(names: readonly string[], values: readonly number[]): Record<string, number> {
  return Object.fromEntries(names.map((f, j) => [f, values[j]]));
}

/**
 * Fits a purchase model with covariates: reads and checks the records and fields, standardises the
 * covariates, runs the search over (ln θ̃, γ̃) with times scaled by 1/max(T) (the plain fit's start,
 * coefficients 0), and reports baseline parameters and coefficients on the fields' own scale with
 * their standard errors.
 */
export function fitWithCovariates(fn: string, model: CovariateModel, records: Iterable<CovariateCustomer>, options: CovariatesFitOptions): CovariatesFit<Record<string, number>> {
  const opts = parseOptions(fn, covariatesFitOptionsSchema, options);
  const purchase = opts.purchase ?? [];
  const dropout = opts.dropout ?? [];
  const penalizer = opts.penalizer ?? 0;
  checkLists(fn, purchase, dropout);
  const raw = readCovariateCustomers(fn, records, [...purchase, ...dropout]);
  // customers: a record with `count` stands for that many (its term weighted by it)
  const n = raw.customers;
  const scaleOf = new Map<string, { mean: number; sd: number }>();
  const zp = standardise(fn, purchase, raw.covariates, raw.x.length, scaleOf);
  const zd = standardise(fn, dropout, raw.covariates, raw.x.length, scaleOf);
  const kp = purchase.length;
  const kd = dropout.length;
  const k = 4 + kp + kd;
  const s = 1 / longestT(fn, raw.T);
  const data = buildGroups(raw.x, raw.tx, raw.T, raw.w, zp, zd, raw.covariates.columns);
  const sdOf = [...purchase, ...dropout].map((f) => scaleOf.get(f)!.sd);
  const meanOf = [...purchase, ...dropout].map((f) => scaleOf.get(f)!.mean);

  const scaled = covariateLikelihood(model, data, kp, kd, s);
  const gU = new Array<number>(k).fill(0);
  const objective: ValueAndGradient = (u, grad) => {
    // 100 units per (group, triple) where the plain fits count 20 per triple: a kernel's set-up per
    // group and no per-value tables shared between groups make a unit cost as long as theirs, so that
    // the work budget bounds the time as it does for the plain fits
    work.units += 100 * data.size;
    const ll = scaled(u, grad ? gU : null);
    let pen = 0;
    for (let j = 4; j < k; j++) {
      const gamma = u[j] / sdOf[j - 4];
      pen += gamma * gamma;
    }
    if (grad) for (let j = 0; j < k; j++) grad[j] = -gU[j] / n + (j >= 4 ? (2 * penalizer * u[j]) / (sdOf[j - 4] * sdOf[j - 4]) : 0);
    return -ll / n + (penalizer === 0 ? 0 : penalizer * pen);
  };
  const coefNames = [...purchase.map((f) => `purchase coefficient of ${JSON.stringify(f)}`), ...dropout.map((f) => `dropout coefficient of ${JSON.stringify(f)}`)];
  const start = [...plainStart(fn, model, raw.x, raw.tx, raw.T, raw.w, s, n, kp + kd === 0), ...new Array<number>(kp + kd).fill(0)];
  const inBox = start.map((_, j) => j < 4);
  const { res, objective: boxed } = minimizeFit(fn, objective, start, data.size, [...model.names, ...coefNames], inBox);

  // natural time units: ln θ̃ of a timed parameter moves by −ln s
  const uNat = res.x.map((v, j) => (j < 4 && model.timed[j] ? v - log(s) : v));
  const natural = covariateLikelihood(model, data, kp, kd, 1);
  const logLikelihood = natural(uNat, null);
  if (!Number.isFinite(logLikelihood)) throw new AnalyticsInputError(fn, [inputIssue("degenerate_data", ["records"], "the fit did not reach a finite likelihood")]);

  const diagnostics = covariateDiagnostics(res, model, coefNames, boxed, logLikelihood, raw.x, raw.tx, raw.w);
  // ψ = L·u: ln θ₀ᵢ = ln θ̃ᵢ − σᵢ·Σⱼ (meanⱼ/sdⱼ)·γ̃ⱼ over its process's fields, γⱼ = γ̃ⱼ/sdⱼ
  const L = Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => (i === j ? (i < 4 ? 1 : 1 / sdOf[i - 4]) : 0)));
  for (let i = 0; i < 4; i++) {
    const p = model.process[i];
    if (p === 0) continue;
    const from = p === "p" ? 4 : 4 + kp;
    const to = p === "p" ? 4 + kp : k;
    for (let j = from; j < to; j++) L[i][j] = (-model.sign[i] * meanOf[j - 4]) / sdOf[j - 4];
  }
  const psi = L.map((row) => row.reduce((acc, l, j) => acc + l * uNat[j], 0));
  const baseline = psi.slice(0, 4).map(exp);
  for (let i = 0; i < 4; i++) {
    if (!(baseline[i] > 0 && baseline[i] < Infinity)) {
      const fields = (model.process[i] === "p" ? purchase : dropout).map((f) => JSON.stringify(f)).join(", ");
      throw new AnalyticsInputError(fn, [inputIssue("overflow", ["records"], `the fitted ${model.names[i]} of a customer whose covariates are all 0 is beyond a double (e^${describeValue(psi[i])}): the fields ${fields} are far from 0 for every customer; centre them (subtract their mean) and fit again`)]);
    }
  }
  const params = named(model.names, baseline);
  const coefficients = { purchase: named(purchase, psi.slice(4, 4 + kp)), dropout: named(dropout, psi.slice(4 + kp)) };
  const se = diagnostics.converged ? covariateStandardErrors(natural, uNat, L) : null;
  return {
    params,
    coefficients,
    logLikelihood,
    standardErrors: se && {
      params: named(model.names, se.slice(0, 4).map((v, i) => v * baseline[i])),
      coefficients: { purchase: named(purchase, se.slice(4, 4 + kp)), dropout: named(dropout, se.slice(4 + kp)) },
    },
    diagnostics,
    meta: { customers: n, penalizer, purchase: [...purchase], dropout: [...dropout], covariateGroups: data.triples.length, scaling: Object.fromEntries([...scaleOf]) },
  };
}

/**
 * Where the search with covariates starts: the model without covariates fitted first (the plain fit's
 * search from its own start, on the distinct triples, whose pass shares work between customers), with
 * every coefficient 0. The search with covariates then needs about half the iterations of a start
 * from scratch, each of which costs a pass per distinct covariate vector. Without covariates (or when
 * this search does not converge) the plain fit's start itself, so that the fit is the plain fit's.
 */
function plainStart(fn: string, model: CovariateModel, x: Float64Array, tx: Float64Array, T: Float64Array, w: Float64Array | undefined, s: number, n: number, plain: boolean): number[] {
  if (plain) return [...model.start];
  const g = groupTriples(x, tx, T, w);
  const pass = model.passOf(g.x, g.tx, g.T, g.w, s);
  const gTheta = [0, 0, 0, 0];
  const objective: ValueAndGradient = (phi, grad) => {
    work.units += 20 * g.x.length;
    const theta = phi.map(exp);
    const ll = pass(theta, grad ? gTheta : null);
    if (grad) for (let i = 0; i < 4; i++) grad[i] = (-gTheta[i] / n) * theta[i];
    return -ll / n;
  };
  // one search, no restarts (a start that did not converge is no better than the plain fit's own start),
  // with minimizeFit's box, runaway stop and work budget
  const boxed: ValueAndGradient = (phi, grad) => (phi.every((v) => Math.abs(v) <= LOG_PARAMETER_BOX) ? objective(phi, grad) : Number.POSITIVE_INFINITY);
  if (!Number.isFinite(boxed([...model.start], null))) return [...model.start];
  const res = minimizeWithGradient(boxed, [...model.start], {
    // a quarter of a fit's budget: a warm start, not the fit (a plain fit on CDNOW needs a tenth of it)
    exhausted: workBudget(Math.max(FIT_WORK_FLOOR, FIT_WORK_PER_TRIPLE * g.x.length) / 4).exhausted,
    runaway: { limit: RUNAWAY_LOG_PARAMETER, mask: [true, true, true, true], names: model.names },
    name: fn,
  });
  return res.converged ? res.x : [...model.start];
}

/**
 * The fit's diagnostics: the plain fits' checks on the four model parameters (`fitDiagnostics`), and
 * for each coefficient the same flatness test — the objective no higher when its standardised value
 * moves by ±2, or that value beyond ±10 (a factor e¹⁰ per standard deviation of the field: a field that
 * separates buyers from non-buyers) — reported as the coefficient running off to ±∞.
 */
function covariateDiagnostics(res: MinimizeResult, model: CovariateModel, coefNames: readonly string[], objective: (u: number[]) => number, logLikelihood: number, x: Float64Array, tx: Float64Array, w: Float64Array | undefined): FitDiagnostics {
  // the plain model's words for why its parameters run off; the remedy without the plain fits' penalizer
  // (here λ acts on the coefficients only, so it keeps no model parameter finite)
  const plain = FIT_CONTEXTS[model.plainFit];
  const context: FitContext = {
    cause: plain?.cause,
    remedy: () => "try more data: more customers or a longer observation period (the penalizer of a covariate fit acts on the coefficients only)",
  };
  const base = fitDiagnostics({ ...res, context }, model.names, { objective, logLikelihood, upperBound: purchaseLikelihoodBound(x, tx, w ?? new Float64Array(x.length).fill(1)) });
  const f0 = res.value;
  const slack = 1e-10 * Math.max(1, Math.abs(f0));
  const off: string[] = [];
  coefNames.forEach((name, j) => {
    const i = 4 + j;
    const at = (delta: number) => {
      const y = res.x.slice();
      y[i] += delta;
      return objective(y);
    };
    const up = at(2);
    const down = at(-2);
    const upFlat = Number.isFinite(up) && up <= f0 + slack;
    const downFlat = Number.isFinite(down) && down <= f0 + slack;
    if (res.x[i] > 10 || (upFlat && (!downFlat || up <= down))) off.push(`${name} → +∞`);
    else if (res.x[i] < -10 || downFlat) off.push(`${name} → −∞`);
  });
  if (off.length === 0) return base;
  const why = `${off.join(", ")}: the likelihood still rises (or stays flat) that way, so the data do not identify ${off.length === 1 ? "this coefficient" : "these coefficients"} (a field that separates the customers, or too few customers)`;
  return { ...base, converged: false, message: base.converged ? `not converged: ${base.message}; ${why}` : `${base.message}; ${why}` };
}

/**
 * Standard errors in ψ = L·u (ln θ₀, γ) from the central-difference Hessian of the analytic gradient of
 * −Σℓ in the standardised coordinates u (steps 1e-4, 2k passes), turned into the Hessian in (θ₀, γ)
 * exactly as the plain fits do (`standardErrorsFromGradient`): H_ψ = L⁻ᵀ·A·L⁻¹, then the term
 * −∂f/∂ln θᵢ on the log-parameters' diagonal. Returns se(ln θ₀ᵢ)·… as se(θ₀ᵢ)/θ₀ᵢ and se(γⱼ); null
 * when the Hessian is not invertible or a variance is not positive.
 */
function covariateStandardErrors(ll: (u: readonly number[], grad: number[] | null) => number, u: readonly number[], L: number[][]): number[] | null {
  const k = u.length;
  const negativeGradient = (v: readonly number[], g: number[]) => {
    ll(v, g);
    for (let i = 0; i < k; i++) g[i] = -g[i];
  };
  const g0 = new Array<number>(k).fill(0);
  negativeGradient(u, g0);
  // the Hessian in u: central differences of the analytic gradient (steps 1e-4), symmetrised
  const A = hessianFromGradient(negativeGradient, u);
  // M_u = A − Lᵀ·D·L with D = diag(∂f/∂ln θ₀ᵢ) (= ∂f/∂u_i for i < 4: u_i enters ψ_i alone)
  const M = A.map((row) => row.slice());
  for (let i = 0; i < 4; i++) {
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) M[a][b] -= L[i][a] * g0[i] * L[i][b];
  }
  const Vu = invert(M);
  if (!Vu) return null;
  // V_ψ = L·V_u·Lᵀ, diagonal only
  const se: number[] = [];
  for (let i = 0; i < k; i++) {
    let v = 0;
    for (let a = 0; a < k; a++) {
      if (L[i][a] === 0) continue;
      for (let b = 0; b < k; b++) v += L[i][a] * Vu[a][b] * L[i][b];
    }
    if (!(v > 0 && Number.isFinite(v))) return null;
    se.push(Math.sqrt(v));
  }
  return se;
}

/** Checks a covariate fit's coefficients: plain objects of finite numbers. */
function checkCoefficients(fn: string, coefficients: unknown): { purchase: [string, number][]; dropout: [string, number][] } {
  const c = coefficients as Record<string, unknown> | null | undefined;
  const out = { purchase: [] as [string, number][], dropout: [] as [string, number][] };
  for (const p of ["purchase", "dropout"] as const) {
    const group = c?.[p];
    if (typeof group !== "object" || group === null) throw new TypeError(`${fn}: fit.coefficients.${p} must be an object of coefficients by field name, got ${describeValue(group)}`);
    for (const [f, v] of Object.entries(group)) {
      if (!(typeof v === "number" && Number.isFinite(v))) throw new RangeError(`${fn}: fit.coefficients.${p}.${f} must be a finite number, got ${describeValue(v)}`);
      out[p].push([f, v]);
    }
  }
  return out;
}

/**
 * Predictions of a model with covariates: each customer's own parameters θ₀·exp(σ·γᵀz) from the fit
 * and their covariate fields, then the plain model's P(alive) and conditional expectation, each
 * distinct (covariates, x, t_x, T) computed once.
 */
export function predictWithCovariates<M extends string>(
  fn: string,
  model: Pick<CovariateModel, "names" | "process" | "sign">,
  modelName: M,
  fit: { params: Record<string, number>; coefficients: CovariateCoefficients },
  records: Iterable<CovariateCustomer>,
  options: CovariatesPredictionOptions,
  singular: string | undefined,
  pAlive: (theta: readonly number[], x: number, tx: number, T: number) => number,
  expected: (theta: readonly number[], t: number, x: number, tx: number, T: number) => number,
): CovariatesPredictionResult<M, Record<string, number>> {
  const { t } = parseOptions(fn, covariatesPredictionOptionsSchema, options);
  if (typeof fit !== "object" || fit === null) throw new TypeError(`${fn}: fit must be a covariate fit ({ params, coefficients }), got ${describeValue(fit)}`);
  // the caller's objects are read once, here; a getter or Proxy trap that throws is this function's TypeError
  let given: { params: Record<string, unknown>; coef: ReturnType<typeof checkCoefficients> };
  try {
    const p = fit.params as unknown as Record<string, unknown> | null | undefined;
    given = { params: Object.fromEntries(model.names.map((k) => [k, p?.[k]])), coef: checkCoefficients(fn, fit.coefficients) };
  } catch (error) {
    if ((error instanceof RangeError || error instanceof TypeError) && error.message.startsWith(`${fn}: `)) throw error;
    throw new TypeError(`${fn}: reading fit threw: ${error instanceof Error ? error.message : describeValue(error)}`);
  }
  checkParams(fn, "fit.params", given.params, model.names, singular);
  const coef = given.coef;
  const params = named(model.names, model.names.map((k) => given.params[k] as number));
  const purchase = coef.purchase.map(([f]) => f);
  const dropout = coef.dropout.map(([f]) => f);
  const raw = readCovariateCustomers(fn, records, [...purchase, ...dropout]);
  const n = raw.x.length;
  const col = (f: string) => raw.covariates.columns[raw.covariates.names.indexOf(f)];
  const { group, count, first } = groupByCovariates(raw.covariates.columns, n);
  const lnTheta = model.names.map((k) => log(params[k]));
  const alive = new Float64Array(n);
  const purchases = new Float64Array(n);
  const members: number[][] = Array.from({ length: count }, () => []);
  for (let i = 0; i < n; i++) members[group[i]].push(i);
  const issues: InputIssue[] = [];
  for (let g = 0; g < count; g++) {
    const i0 = first[g];
    let etaP = 0;
    let etaD = 0;
    for (const [f, v] of coef.purchase) etaP += v * col(f)[i0];
    for (const [f, v] of coef.dropout) etaD += v * col(f)[i0];
    // a parameter whose covariates contribute nothing is the baseline itself (bit for bit the plain prediction)
    const theta = lnTheta.map((l, i) => {
      const eta = model.process[i] === "p" ? model.sign[i] * etaP : model.process[i] === "d" ? model.sign[i] * etaD : 0;
      return eta === 0 ? params[model.names[i]] : exp(l + eta);
    });
    if (!theta.every((v) => v > 0 && v < Infinity)) {
      if (issues.length < 20) issues.push(inputIssue("overflow", ["records", i0], "this customer's parameters (the baseline times exp of the coefficients times the covariates) are beyond a double", raw.hasIds ? raw.ids[i0] : undefined));
      continue;
    }
    const idx = members[g];
    const tg = groupTriples(Float64Array.from(idx, (i) => raw.x[i]), Float64Array.from(idx, (i) => raw.tx[i]), Float64Array.from(idx, (i) => raw.T[i]));
    const p = predictTriples(fn, tg, t, (x, tx, T) => pAlive(theta, x, tx, T), (h, x, tx, T) => expected(theta, h, x, tx, T));
    idx.forEach((i, m) => {
      alive[i] = p.alive[tg.group[m]];
      purchases[i] = p.purchases[tg.group[m]];
    });
  }
  if (issues.length > 0) throw new AnalyticsInputError(fn, issues);
  const customers = new Array<PurchasePredictionRecord>(n);
  for (let i = 0; i < n; i++) customers[i] = { customerId: raw.ids[i], pAlive: alive[i], expectedPurchases: purchases[i] };
  return { customers, meta: { model: modelName, params, coefficients: { purchase: named(purchase, coef.purchase.map(([, v]) => v)), dropout: named(dropout, coef.dropout.map(([, v]) => v)) }, t } };
}
