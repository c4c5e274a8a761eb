import type { CustomerInput } from "../input/types.js";
import { z } from "zod";
import { AnalyticsInputError, inputIssue, isAnalyticsInputError } from "../errors.js";
import { defineOptions, parseOptions, type OptionsSchema } from "../options.js";
import { quantileSortedType7 } from "../internal/quantile.js";
import { mulberry32 } from "../internal/random.js";
import { fitBgNbd } from "./bgNbd.js";
import { readBtydCustomers, type BtydCustomer } from "./btydInput.js";
import { fitGammaGamma } from "./gammaGamma.js";
import { fitModifiedBgNbd } from "./mbgNbd.js";
import { fitParetoNbd } from "./paretoNbd.js";
import { Draws, simulateMeanSpend, simulateOne } from "./simulateCustomers.js";
import type { PurchaseModel } from "./types.js";

/** Options of {@link bootstrapFit}. */
export interface BootstrapFitOptions {
  /** Simulated data sets, each refitted (20 to 10,000; default 200). */
  replicates?: number;
  /** Seed of the simulations (integer in [0, 2³²); default 42): the same seed, the same intervals. */
  seed?: number;
  /** Nominal probability of the percentile intervals, in (0, 1) (default 0.9). */
  level?: number;
  /** The fits' L2 penalty (default 0), used for the fit and every refit. */
  penalizer?: number;
}

/** Schema of {@link BootstrapFitOptions}. */
export const bootstrapFitOptionsSchema: OptionsSchema<BootstrapFitOptions> = defineOptions<BootstrapFitOptions>()({
  replicates: z.number().int().min(20).max(10_000).optional(),
  seed: z.number().int().min(0).max(2 ** 32 - 1).optional(),
  level: z.number().gt(0).lt(1).optional(),
  penalizer: z.number().min(0).optional(),
});

/** The models {@link bootstrapFit} fits. */
export type BootstrapModel = PurchaseModel["model"] | "gamma-gamma";

/** One parameter: the fitted value and its bootstrap interval. */
export interface BootstrapParameter {
  name: string;
  /** The fit on the records. */
  estimate: number;
  /** Percentiles (1 − level)/2 and (1 + level)/2 of the refits (R's type 7). */
  lower: number;
  upper: number;
  /** Standard deviation of the refits. */
  standardError: number;
}

/** `meta` of {@link bootstrapFit}. */
export interface BootstrapFitMeta {
  model: BootstrapModel;
  /** The fit on the records. */
  params: Record<string, number>;
  level: number;
  seed: number;
  penalizer: number;
  replicates: number;
  /** Refits that converged (the intervals are theirs); the others are left out and counted here. */
  converged: number;
  /** Parameters of every converged refit, in replicate order (for intervals of derived quantities). */
  draws: Record<string, number>[];
}

/** Result of {@link bootstrapFit}. */
export interface BootstrapFitResult {
  parameters: BootstrapParameter[];
  meta: BootstrapFitMeta;
}

const NAMES: Record<BootstrapModel, string[]> = {
  "bg-nbd": ["r", "alpha", "a", "b"],
  "modified-bg-nbd": ["r", "alpha", "a", "b"],
  "pareto-nbd": ["r", "alpha", "s", "beta"],
  "gamma-gamma": ["p", "q", "v"],
};

type AnyFit = { params: object; diagnostics: { converged: boolean; message: string } };

function fitOf(model: BootstrapModel, records: BtydCustomer[], penalizer: number): AnyFit {
  switch (model) {
    case "bg-nbd":
      return fitBgNbd(records, { penalizer });
    case "modified-bg-nbd":
      return fitModifiedBgNbd(records, { penalizer });
    case "pareto-nbd":
      return fitParetoNbd(records, { penalizer });
    default:
      return fitGammaGamma(records, { penalizer });
  }
}

/**
 * Parametric bootstrap of a model fit: fits the model on `records`, then `replicates` times simulates
 * the same customers from the fitted model (each keeps their T; for Gamma-Gamma each repeat buyer
 * keeps their number of repeat purchases and draws a new mean spend), refits, and returns percentile
 * intervals of the parameters, seeded. Unlike the Laplace intervals of `predictionIntervals` (a
 * quadratic approximation of the likelihood at its maximum), these need no Hessian and show skewed
 * or bounded uncertainty as it is; they cost `replicates` fits (docs/models.md). Refits that do not
 * converge are left out and counted in `meta.converged`.
 *
 * @param model - `"bg-nbd"`, `"modified-bg-nbd"`, `"pareto-nbd"` or `"gamma-gamma"`.
 * @param records - {@link BtydCustomer} records (with `monetaryValue` for Gamma-Gamma).
 * @returns `parameters` (one {@link BootstrapParameter} per parameter) and `meta` (the fit, the options,
 *   how many refits converged, and their parameters).
 * @throws {AnalyticsInputError} Bad records; the fit on the records did not converge
 *   (`fit_not_converged`: there is no model to simulate from); fewer than half the refits (or 10)
 *   converged (`degenerate_data`).
 * @throws {RangeError} Bad options, or more than 10,000,000 customers (records' `count`s included).
 * @throws {TypeError} An unknown model.
 *
 * @example
 * const sim = simulateCustomers({ model: "bg-nbd", params: { r: 0.25, alpha: 4, a: 0.8, b: 2.5 } }, { T: 39, customers: 500, seed: 1 });
 * const { parameters, meta } = bootstrapFit("bg-nbd", sim.customers, { replicates: 20, seed: 7 });
 * [parameters.map((p) => p.name), parameters.every((p) => p.lower <= p.upper), meta.replicates]; //=> [["r", "alpha", "a", "b"], true, 20]
 *
 * @see Efron, B. & Tibshirani, R. J. (1993). An Introduction to the Bootstrap, ch. 6 and 13 (parametric
 *   bootstrap, percentile intervals). Chapman & Hall.
 */
export function bootstrapFit(model: BootstrapModel, records: CustomerInput<BtydCustomer>, options: BootstrapFitOptions = {}): BootstrapFitResult {
  const fn = "bootstrapFit";
  const opts = parseOptions(fn, bootstrapFitOptionsSchema, options);
  if (!(typeof model === "string" && model in NAMES)) throw new TypeError(`${fn}: expected model "bg-nbd" | "modified-bg-nbd" | "pareto-nbd" | "gamma-gamma", got ${typeof model === "string" ? JSON.stringify(model) : typeof model}`);
  const replicates = opts.replicates ?? 200;
  const seed = opts.seed ?? 42;
  const level = opts.level ?? 0.9;
  const penalizer = opts.penalizer ?? 0;
  const spend = model === "gamma-gamma";
  const read = readBtydCustomers(fn, records, spend);
  // a record with a `count` is that many customers, each simulated on their own
  const expand = (v: Float64Array) => (read.w ? Float64Array.from(Array.from(v).flatMap((e, i) => new Array<number>(read.w![i]).fill(e))) : v);
  if (read.customers > 10_000_000) throw new RangeError(`${fn}: ${read.customers} customers: a bootstrap refits them replicates times; fit a sample of at most 10,000,000`);
  const x = expand(read.x);
  const tx = expand(read.tx);
  const T = expand(read.T);
  const m = spend ? expand(read.m) : read.m;
  const n = x.length;
  const base: BtydCustomer[] = Array.from({ length: n }, (_, i) => (spend ? { frequency: x[i], recency: tx[i], T: T[i], monetaryValue: m[i] } : { frequency: x[i], recency: tx[i], T: T[i] }));
  const fit = fitOf(model, base, penalizer);
  if (!fit.diagnostics.converged) {
    throw new AnalyticsInputError(fn, [inputIssue("fit_not_converged", ["records"], `the ${model} fit on the records did not converge (${fit.diagnostics.message}): there is no fitted model to simulate from`)]);
  }
  const names = NAMES[model];
  const params = fit.params as Record<string, number>;
  const d = new Draws(mulberry32(seed));
  const purchaseModel = (spend ? null : { model, params }) as PurchaseModel | null;
  const draws: Record<string, number>[] = [];
  const sample: BtydCustomer[] = base.map((c) => ({ ...c }));
  for (let b = 0; b < replicates; b++) {
    for (let i = 0; i < n; i++) {
      const c = sample[i];
      if (purchaseModel) {
        const one = simulateOne(purchaseModel, T[i], 0, d, fn);
        c.frequency = one.x;
        c.recency = one.tx;
      } else if (x[i] > 0 && m[i] > 0) {
        c.monetaryValue = simulateMeanSpend(params as never, x[i], d);
        if (!Number.isFinite(c.monetaryValue)) throw new RangeError(`${fn}: a simulated mean spend is beyond a double's range at the fitted Gamma-Gamma parameters`);
      }
    }
    try {
      const refit = fitOf(model, sample, penalizer);
      if (refit.diagnostics.converged) draws.push({ ...(refit.params as Record<string, number>) });
    } catch (error) {
      // a simulated data set the model cannot be fitted on (say, no repeat buyer): a failed refit
      if (!isAnalyticsInputError(error)) throw error;
    }
  }
  if (draws.length < Math.max(10, replicates / 2)) {
    throw new AnalyticsInputError(fn, [inputIssue("degenerate_data", ["records"], `only ${draws.length} of ${replicates} refits converged: the data identify the ${model} parameters too weakly for a bootstrap`)]);
  }
  const lo = (1 - level) / 2;
  const hi = (1 + level) / 2;
  const parameters = names.map((name) => {
    const v = Float64Array.from(draws, (p) => p[name]).sort();
    let mean = 0;
    for (const e of v) mean += e / v.length;
    let ss = 0;
    for (const e of v) ss += (e - mean) ** 2;
    return { name, estimate: params[name], lower: quantileSortedType7(v, lo), upper: quantileSortedType7(v, hi), standardError: Math.sqrt(ss / (v.length - 1)) };
  });
  return { parameters, meta: { model, params: { ...params }, level, seed, penalizer, replicates, converged: draws.length, draws } };
}
