import { z } from "zod";
import { parseOptions } from "../options.js";
import { fitDiagnostics, minimizeBfgs, standardErrors, type FitDiagnostics } from "../internal/bfgs.js";
import { compensatedSum } from "../internal/neumaier.js";
import { lnGamma } from "../internal/special.js";
import { groupTriples, readBtyd, type BtydRecord } from "./btydInput.js";
import { AnalyticsInputError } from "../errors.js";

/** Gamma-Gamma spend parameters (Fader & Hardie 2013 note). */
export interface GammaGammaParams {
  p: number;
  q: number;
  v: number;
}

/**
 * Per-customer Gamma-Gamma log-likelihood of mean spend m over x repeat purchases (Fader & Hardie note 025).
 *
 * @example
 * Math.round(gammaGammaLogLikelihood({ p: 1, q: 1, v: 1 }, 1, 1) * 1e12) / 1e12; //=> -1.38629436112
 */
export function gammaGammaLogLikelihood({ p, q, v }: GammaGammaParams, x: number, m: number): number {
  return lnGamma(p * x + q) - lnGamma(p * x) - lnGamma(q) + q * Math.log(v) + (p * x - 1) * Math.log(m) + p * x * Math.log(x) - (p * x + q) * Math.log(x * m + v);
}

/**
 * Fits the Gamma-Gamma spend model by maximum likelihood on repeat buyers (frequency > 0 and mean
 * spend > 0), as Python `lifetimes`' `GammaGammaFitter`: BFGS over log-parameters from 0.1, optional L2
 * penalty. `meanSpendFinite` is false when q ≤ 1: the population mean spend vp/(q − 1) is then
 * infinite and expected spends are not reported (never turned into negative values).
 *
 * @param customers - Records `{ frequency, recency, T, monetaryValue }` (mean spend per repeat purchase).
 * @param options - `penalizer` (default 0).
 * @returns `params` (p, q, v), total `logLikelihood` over the repeat buyers, `diagnostics`, and `meta`.
 *
 * @example
 * const fit = fitGammaGamma([
 *   { frequency: 2, recency: 30, T: 39, monetaryValue: 22.35 }, { frequency: 1, recency: 2, T: 39, monetaryValue: 11.77 },
 *   { frequency: 6, recency: 29, T: 39, monetaryValue: 29.5 }, { frequency: 3, recency: 20, T: 39, monetaryValue: 40.1 },
 *   { frequency: 0, recency: 0, T: 39, monetaryValue: 0 },
 * ]);
 * fit.meta.repeatBuyers; //=> 4
 *
 * @see Fader, P. S. & Hardie, B. G. S. (2013). The Gamma-Gamma model of monetary value. Note 025.
 */
export function fitGammaGamma(
  customers: readonly BtydRecord[],
  options: { penalizer?: number } = {},
): { params: GammaGammaParams; logLikelihood: number; standardErrors: GammaGammaParams | null; meanSpendFinite: boolean; diagnostics: FitDiagnostics; meta: { repeatBuyers: number; penalizer: number } } {
  const fn = "fitGammaGamma";
  const opts = parseOptions(fn, z.object({ penalizer: z.number().min(0).optional() }).strict(), options);
  const penalizer = opts.penalizer ?? 0;
  const { x, m } = readBtyd(fn, customers, true);
  const xs: number[] = [];
  const ms: number[] = [];
  const zero: number[] = [];
  for (let i = 0; i < x.length; i++) {
    if (x[i] === 0) continue; // no repeat purchase: no spend observation
    if (m[i] > 0) (xs.push(x[i]), ms.push(m[i]));
    else zero.push(i);
  }
  if (zero.length > 0) {
    throw new AnalyticsInputError(
      fn,
      zero.slice(0, 20).map((i) => ({ path: `customers[${i}].monetaryValue`, code: "invalid_value" as const, message: `customers[${i}].monetaryValue: a repeat buyer needs a mean spend > 0 for Gamma-Gamma, got ${m[i]}` })),
      zero.length,
    );
  }
  if (xs.length < 2) throw new AnalyticsInputError(fn, [{ path: "customers", code: "degenerate_data", message: `customers: Gamma-Gamma needs repeat buyers with a positive mean spend; found ${xs.length}` }]);
  const n = xs.length;
  // identical (x, m̄) pairs share one term, weighted by their count (the triples' table with a constant third column)
  const pairs = groupTriples(Float64Array.from(xs), Float64Array.from(ms), new Float64Array(n));
  const ux = pairs.x;
  const um = pairs.tx;
  const uw = pairs.w;
  const total = (par: GammaGammaParams) => compensatedSum(uw.length, (i) => uw[i] * gammaGammaLogLikelihood(par, ux[i], um[i]));
  const objective = (phi: number[]) => {
    const par = { p: Math.exp(phi[0]), q: Math.exp(phi[1]), v: Math.exp(phi[2]) };
    return -total(par) / n + penalizer * (par.p ** 2 + par.q ** 2 + par.v ** 2);
  };
  const res = minimizeBfgs(objective, [0.1, 0.1, 0.1]);
  const params = { p: Math.exp(res.x[0]), q: Math.exp(res.x[1]), v: Math.exp(res.x[2]) };
  const logLikelihood = total(params);
  const se = standardErrors((th) => -total({ p: th[0], q: th[1], v: th[2] }), [params.p, params.q, params.v]);
  return { params, logLikelihood, standardErrors: se && { p: se[0], q: se[1], v: se[2] }, meanSpendFinite: params.q > 1, diagnostics: fitDiagnostics(res, ["p", "q", null]) /* v carries the currency unit */, meta: { repeatBuyers: n, penalizer } };
}

/**
 * Expected mean spend per purchase for each customer, p(v + x·m̄)/(p·x + q − 1); customers without
 * repeat purchases get the population mean vp/(q − 1). With q ≤ 1 that mean is infinite: the function
 * throws instead of returning a negative or infinite number.
 *
 * @example
 * const params = { p: 6.248802496074264, q: 3.744588460923312, v: 15.447748064932831 };
 * const [c] = gammaGammaExpectedSpend(params, [{ customerId: "1", frequency: 2, recency: 30.43, T: 38.86, monetaryValue: 22.35 }]);
 * Math.round(c.expectedSpend * 1e6) / 1e6; //=> 24.658616
 */
export function gammaGammaExpectedSpend(params: GammaGammaParams, customers: readonly BtydRecord[]): { customerId: string; expectedSpend: number }[] {
  const fn = "gammaGammaExpectedSpend";
  for (const k of ["p", "q", "v"] as const) if (!(params?.[k] > 0)) throw new RangeError(`${fn}: params.${k} must be a positive number`);
  if (!(params.q > 1)) throw new RangeError(`${fn}: q = ${params.q} <= 1 means an infinite mean spend; expected spends do not exist for these parameters`);
  const { ids, x, m } = readBtyd(fn, customers, true);
  const { p, q, v } = params;
  return ids.map((customerId, i) => ({ customerId, expectedSpend: (p * (v + x[i] * m[i])) / (p * x[i] + q - 1) }));
}
