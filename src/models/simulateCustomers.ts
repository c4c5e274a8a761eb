import { z } from "zod";
import { defineOptions, parseOptions, type OptionsSchema } from "../options.js";
import { mulberry32 } from "../internal/random.js";
import { log, pow } from "../internal/elementary.js";
import { checkParams } from "./btydInput.js";
import { checkedModel } from "./purchaseCounts.js";
import type { GammaGammaParams, PurchaseModel } from "./types.js";

/** Options of {@link simulateCustomers}. */
export interface SimulateCustomersOptions {
  /**
   * Each customer's age T (time from the first purchase to the end of calibration, in the model's
   * time unit): one number for every customer (then `customers` is required), or one per customer.
   */
  T: number | readonly number[];
  /** Number of customers (required when `T` is one number; when `T` is a list, its length or absent). */
  customers?: number;
  /** Seed of the random numbers (an integer in [0, 2³²); default 42): the same seed, the same customers. */
  seed?: number;
  /** A holdout period after T, in the model's time unit: each customer also gets `holdoutPurchases` in (T, T + holdout]. */
  holdout?: number;
  /** Gamma-Gamma spend parameters: each customer also gets `monetaryValue`, the mean of their repeat purchases' spends (0 without one). */
  spend?: GammaGammaParams;
}

/** Schema of {@link SimulateCustomersOptions}. */
export const simulateCustomersOptionsSchema: OptionsSchema<SimulateCustomersOptions> = defineOptions<SimulateCustomersOptions>()({
  T: z.union([z.number().min(0).max(1e9), z.array(z.number().min(0).max(1e9)).min(1).max(1e8).readonly()]),
  customers: z.number().int().min(1).max(1e8).optional(),
  seed: z.number().int().min(0).max(2 ** 32 - 1).optional(),
  holdout: z.number().min(0).max(1e9).optional(),
  spend: z.object({ p: z.number(), q: z.number(), v: z.number() }).optional(),
});

/** One simulated customer: a {@link BtydCustomer} record, with the holdout purchases when asked for. */
export interface SimulatedCustomer {
  /** "0", "1", ... in order. */
  customerId: string;
  /** Repeat purchases in (0, T]. */
  frequency: number;
  /** Time of the last repeat purchase (0 without one). */
  recency: number;
  T: number;
  /** Mean spend of the repeat purchases (0 without one); present when `spend` is given. */
  monetaryValue?: number;
  /** Purchases in (T, T + holdout]; present when `holdout` is given. */
  holdoutPurchases?: number;
}

/** `meta` of {@link simulateCustomers}: what made the customers. */
export interface SimulateCustomersMeta {
  model: PurchaseModel;
  spend: GammaGammaParams | null;
  seed: number;
  holdout: number | null;
}

/** Result of {@link simulateCustomers}. */
export interface SimulateCustomersResult {
  customers: SimulatedCustomer[];
  meta: SimulateCustomersMeta;
}

/** Seeded draws from the distributions the models are built of (`u` uniform in [0, 1)). */
export class Draws {
  private spare = Number.NaN;
  constructor(readonly u: () => number) {}
  /** Exp(rate). */
  exponential(rate: number): number {
    return -log(1 - this.u()) / rate;
  }
  /** Standard normal by Marsaglia's polar method (no trigonometry: the same bits on every engine). */
  normal(): number {
    if (!Number.isNaN(this.spare)) {
      const s = this.spare;
      this.spare = Number.NaN;
      return s;
    }
    for (;;) {
      const a = 2 * this.u() - 1;
      const b = 2 * this.u() - 1;
      const s = a * a + b * b;
      if (s > 0 && s < 1) {
        const f = Math.sqrt((-2 * log(s)) / s);
        this.spare = b * f;
        return a * f;
      }
    }
  }
  /** Gamma(shape, rate) by Marsaglia & Tsang (2000); shape < 1 by the boost U^(1/shape). */
  gamma(shape: number, rate: number): number {
    if (shape < 1) {
      const g = this.gamma(shape + 1, 1);
      return (g * pow(1 - this.u(), 1 / shape)) / rate;
    }
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const w = 1 - this.u();
      if (log(w) < 0.5 * x * x + d - d * v + d * log(v)) return (d * v) / rate;
    }
  }
  /** Beta(a, b) as G₁/(G₁ + G₂). */
  beta(a: number, b: number): number {
    const g = this.gamma(a, 1);
    return g / (g + this.gamma(b, 1));
  }
  /** Poisson(mean) by counting exponential gaps (means here are small), or a normal for a huge mean. */
  poisson(mean: number): number {
    if (mean > 500) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    let k = 0;
    let t = this.exponential(1);
    while (t < mean) {
      k++;
      t += this.exponential(1);
    }
    return k;
  }
}

/** The most purchases one simulated customer may make (a bound on the work: rates far from any data are refused). */
export const MAX_PURCHASES = 1_000_000;

/**
 * One customer of a purchase model: repeat purchases in (0, T] and in (T, T + holdout]. BG/NBD: purchase
 * rate λ ~ Gamma(r, α), dropout p ~ Beta(a, b) after each repeat purchase; modified BG/NBD: also at the
 * first purchase; Pareto/NBD: λ ~ Gamma(r, α), lifetime ~ Exp(μ), μ ~ Gamma(s, β). Purchases while
 * alive are a Poisson process of rate λ.
 */
export function simulateOne(model: PurchaseModel, T: number, holdout: number, d: Draws, fn = "simulateCustomers"): { x: number; tx: number; holdout: number } {
  const { r, alpha } = model.params;
  const lambda = d.gamma(r, alpha);
  let death: number;
  let drop = 0;
  if (model.model === "pareto-nbd") {
    death = d.exponential(d.gamma(model.params.s, model.params.beta));
  } else {
    drop = d.beta(model.params.a, model.params.b);
    death = Number.POSITIVE_INFINITY;
    if (model.model === "modified-bg-nbd" && d.u() < drop) death = 0;
  }
  const end = T + holdout;
  let budget = MAX_PURCHASES;
  let t = 0;
  let x = 0;
  let tx = 0;
  let later = 0;
  for (;;) {
    t += d.exponential(lambda);
    if (t > end || t > death) break;
    if (--budget < 0) throw new RangeError(`${fn}: a customer would make more than ${MAX_PURCHASES} purchases (purchase rate ${lambda} over ${end} time units): parameters or ages far from any data`);
    if (t <= T) {
      x++;
      tx = t;
    } else later++;
    if (drop > 0 && d.u() < drop) death = t;
  }
  return { x, tx, holdout: later };
}

/** Mean spend of x purchases under Gamma-Gamma: ν ~ Gamma(q, v), each spend ~ Gamma(p, ν), so their sum ~ Gamma(p·x, ν). */
export function simulateMeanSpend({ p, q, v }: GammaGammaParams, x: number, d: Draws): number {
  if (x === 0) return 0;
  const nu = d.gamma(q, v);
  return d.gamma(p * x, nu) / x;
}

/**
 * Simulates customers from a fitted purchase model (and, optionally, Gamma-Gamma spends), seeded: the
 * data a model says it explains, for parametric bootstraps, simulation studies and checks of a fit.
 * Each customer draws their own rates from the model's mixing distributions (BG/NBD: λ ~ Gamma(r, α),
 * dropout p ~ Beta(a, b) after each purchase; modified BG/NBD: also at the first; Pareto/NBD: λ ~
 * Gamma(r, α), lifetime ~ Exp(μ), μ ~ Gamma(s, β)), purchases at rate λ while alive, and returns
 * lifetimes' summary of (0, T] — the records the fits take — plus the purchases in (T, T + holdout].
 * Means match the models' closed forms: the average of `frequency` at one T is E[X(T)]
 * (`bgNbdExpectedPurchases`), and a customer's expected holdout purchases given the summary are the
 * models' conditional expectations (tested).
 *
 * @param model - `{ model: "bg-nbd" | "modified-bg-nbd" | "pareto-nbd", params }`.
 * @param options - `T` (one age or one per customer), `customers`, `seed` (default 42), `holdout`, `spend`.
 * @returns `customers` ({@link SimulatedCustomer}, ids "0", "1", ...) and `meta` (model, spend, seed, holdout).
 * @throws {RangeError} A parameter not finite and positive, bad options, a customer who would make more
 *   than 1,000,000 purchases or a spend beyond a double (parameters far from any data), `customers` missing with one
 *   `T` or different from the length of a list of `T`.
 * @throws {TypeError} An unknown model or option.
 *
 * @example
 * const model = { model: "bg-nbd", params: { r: 0.24, alpha: 4.41, a: 0.79, b: 2.43 } };
 * const { customers, meta } = simulateCustomers(model, { T: 38.86, customers: 3, seed: 7, holdout: 39 });
 * [customers.length, Object.keys(customers[0]), meta.seed]; //=> [3, ["customerId", "frequency", "recency", "T", "holdoutPurchases"], 7]
 *
 * @see Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers" the easy way.
 *   Marketing Science 24(2), 275–284 (the BG/NBD story simulated here).
 */
export function simulateCustomers(model: PurchaseModel, options: SimulateCustomersOptions): SimulateCustomersResult {
  const fn = "simulateCustomers";
  const opts = parseOptions(fn, simulateCustomersOptionsSchema, options);
  const fit = checkedModel(fn, model);
  const spend = opts.spend ? checkedSpend(fn, opts.spend) : null;
  const ages = opts.T;
  let n: number;
  if (typeof ages === "number") {
    if (opts.customers === undefined) throw new RangeError(`${fn}: options.customers is required when options.T is one number`);
    n = opts.customers;
  } else {
    if (opts.customers !== undefined && opts.customers !== ages.length) throw new RangeError(`${fn}: options.customers (${opts.customers}) differs from the length of options.T (${ages.length})`);
    n = ages.length;
  }
  const seed = opts.seed ?? 42;
  const holdout = opts.holdout ?? 0;
  const d = new Draws(mulberry32(seed));
  const customers = new Array<SimulatedCustomer>(n);
  for (let i = 0; i < n; i++) {
    const T = typeof ages === "number" ? ages : ages[i];
    const one = simulateOne(fit, T, holdout, d);
    const c: SimulatedCustomer = { customerId: String(i), frequency: one.x, recency: one.tx, T };
    if (spend) {
      const m = simulateMeanSpend(spend, one.x, d);
      if (!Number.isFinite(m)) throw new RangeError(`${fn}: a simulated mean spend is beyond a double's range at these Gamma-Gamma parameters (${JSON.stringify(spend)}): parameters far from any data`);
      c.monetaryValue = m;
    }
    if (opts.holdout !== undefined) c.holdoutPurchases = one.holdout;
    customers[i] = c;
  }
  return { customers, meta: { model: fit, spend, seed, holdout: opts.holdout ?? null } };
}

/** Gamma-Gamma parameters checked and copied. */
export function checkedSpend(fn: string, spend: GammaGammaParams, name = "options.spend"): GammaGammaParams {
  checkParams(fn, name, spend, ["p", "q", "v"]);
  return { p: spend.p, q: spend.q, v: spend.v };
}
