import type { CustomerInput } from "../input/types.js";
import { logAddExp, logIntegralLogConcave } from "../internal/special.js";
import { exp, expm1, log, log1p } from "../internal/elementary.js";
import { groupTriples, notComputable, readBtydCustomers, type BtydCustomer } from "./btydInput.js";
import { checkedModel, existingCustomerCase, type CountCase } from "./purchaseCounts.js";
import type { PurchaseModel } from "./types.js";

/**
 * One customer's next purchase. W is the time from the end of observation T to the next purchase,
 * infinite when none comes (the customer has dropped out, or drops out before buying again).
 */
export interface NextPurchaseRecord {
  customerId: string;
  /** P(W < ∞): the probability that the customer ever buys again. */
  pNextPurchase: number;
  /**
   * The median of W, the t with P(W ≤ t) = ½: even odds of a purchase within t. `null` when
   * `pNextPurchase` ≤ ½ (more likely never than by any date).
   */
  medianTimeToNextPurchase: number | null;
  /**
   * The median of W given that a next purchase comes (P(W ≤ t | W < ∞) = ½): "if they buy again, by
   * then". `null` only when it is beyond a double (a very small r + x).
   */
  medianTimeIfPurchase: number | null;
}

/** Result of {@link predictNextPurchase}: `customers` (input order) and `meta` (`{ model, params }`). */
export interface PredictNextPurchaseResult {
  customers: NextPurchaseRecord[];
  meta: PurchaseModel;
}

// softplus(v) = ln(1 + eᵛ) without overflow
function softplus(v: number): number {
  return v > 0 ? v + log1p(exp(-v)) : log1p(exp(v));
}
function sigmoid(v: number): number {
  return v > 0 ? 1 / (1 + exp(-v)) : exp(v) / (1 + exp(v));
}

/**
 * Pareto/NBD, alive at the start: P(W ≤ t) = ∫₀ᵗ E[λe^(−(λ+μ)τ)] dτ = ∫₀ᵗ (r/α)(1+τ/α)^−(r+1)(1+τ/β)^−s dτ
 * (r, α, s, β the posterior ones), in logs; t = ∞ adds the tail beyond τ = e^(b₀) in closed form
 * (r/α)·α^(r+1)·β^s·τ^−(r+s), exact to e^−40 relative there.
 */
function logParetoNextWithin(c: CountCase, t: number): number {
  const { r, alpha, c: s, d: beta } = c;
  const la = log(alpha);
  const lb = log(beta);
  const head = log(r) - la;
  const h = (w: number) => w + head - (r + 1) * softplus(w - la) - s * softplus(w - lb);
  const dh = (w: number) => 1 - (r + 1) * sigmoid(w - la) - s * sigmoid(w - lb);
  const top = Math.max(la, lb) + 40;
  const lo = Math.min(la, lb, t === Infinity ? la : log(t)) - 60;
  if (t !== Infinity) return logIntegralLogConcave(h, dh, lo, log(t), 4_000);
  const body = logIntegralLogConcave(h, dh, lo, top, 4_000);
  const tail = head + (r + 1) * la + s * lb - (r + s) * top - log(r + s);
  return logAddExp(body, tail);
}

/** The t ≥ 0 with ln G(t) = target (G increasing from 0), by safeguarded Newton in ln t; NaN if not found. */
function solveParetoNextWithin(c: CountCase, logTarget: number): number {
  const { r, alpha, c: s, d: beta } = c;
  const logDensity = (tau: number) => log(r) - log(alpha) - (r + 1) * log1p(tau / alpha) - s * log1p(tau / beta);
  let lo = Number.NEGATIVE_INFINITY;
  let hi = log(Math.min(alpha, beta));
  for (let k = 0; logParetoNextWithin(c, exp(hi)) < logTarget; k++) {
    if (k > 200) return Number.NaN;
    lo = hi;
    hi += 2;
  }
  if (lo === Number.NEGATIVE_INFINITY) {
    lo = hi - 2;
    for (let k = 0; logParetoNextWithin(c, exp(lo)) > logTarget; k++) {
      if (k > 400) return Number.NaN;
      hi = lo;
      lo -= 2;
    }
  }
  let u = 0.5 * (lo + hi);
  for (let k = 0; k < 100; k++) {
    const v = logParetoNextWithin(c, exp(u));
    if (!Number.isFinite(v)) return Number.NaN;
    const f = v - logTarget;
    if (f < 0) lo = u;
    else hi = u;
    // d ln G / d ln t = t·g(t)/G(t)
    const slope = exp(u + logDensity(exp(u)) - v);
    let next = u - f / slope;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (Math.abs(next - u) < 1e-13 * Math.max(1, Math.abs(u)) || hi - lo < 1e-13 * Math.max(1, Math.abs(u))) return exp(next);
    u = next;
  }
  return exp(u);
}

/** P(W < ∞), the median of W and the median of W given W < ∞ for one case; NaN where not computable. */
export function nextPurchase(model: PurchaseModel["model"], c: CountCase): { ever: number; median: number | null; medianIf: number | null } {
  const finite = (v: number) => (Number.isFinite(v) ? v : null);
  if (model !== "pareto-nbd") {
    // BG family: alive, a purchase comes for sure, P(W ≤ t | alive) = 1 − (α/(α+t))^r, so
    // G(t) = g ⇔ t = α·(e^(−ln(1−g)/r) − 1)
    const at = (g: number) => c.alpha * expm1(-log1p(-g) / c.r);
    const ever = c.weight;
    return { ever, median: ever > 0.5 ? finite(at(0.5 / ever)) : null, medianIf: finite(at(0.5)) };
  }
  const logEverIfAlive = logParetoNextWithin(c, Infinity);
  const ever = c.weight * Math.min(1, exp(logEverIfAlive));
  const medianIf = finite(solveParetoNextWithin(c, logEverIfAlive - Math.LN2));
  const median = ever > 0.5 ? finite(solveParetoNextWithin(c, -Math.LN2 - log(c.weight))) : null;
  return { ever: Number.isFinite(logEverIfAlive) ? ever : Number.NaN, median, medianIf };
}

/**
 * When each customer's next purchase comes, under a fitted BG/NBD, modified BG/NBD or Pareto/NBD model:
 * with W the time from the end of observation to the next purchase (∞ if none comes), the probability
 * of a next purchase at all, P(W < ∞), the median of W (even odds of a purchase by then; `null` when a
 * purchase is less likely than not), and the median of W given that one comes. Add a median to the
 * as-of date for an "expected next purchase date". Medians, not means: the mean of W is infinite
 * whenever r + x ≤ 1 (a gamma mixture of exponentials), while medians always exist.
 * BG family: P(W ≤ t) = P(alive)·[1 − ((α+T)/(α+T+t))^(r+x)], solved in closed form; Pareto/NBD:
 * P(W ≤ t) = P(alive)·∫₀ᵗ (r+x)/(α+T)·(1+τ/(α+T))^−(r+x+1)·(1+τ/(β+T))^−s dτ (a purchase before
 * dropping out), by quadrature and safeguarded Newton.
 *
 * @param model - A fitted purchase model `{ model, params }`.
 * @param records - {@link BtydCustomer} records in the model's time unit; the medians are in that unit.
 * @returns `customers` (`{ customerId, pNextPurchase, medianTimeToNextPurchase, medianTimeIfPurchase }`,
 *   input order) and `meta` (`{ model, params }`).
 * @throws {TypeError} An unknown model.
 * @throws {RangeError} A parameter not finite and positive, or a
 *   value that cannot be computed.
 * @throws {AnalyticsInputError} A bad record.
 *
 * @example
 * const model = { model: "bg-nbd", params: { r: 0.2425929282798216, alpha: 4.413532265271803, a: 0.7928859664405851, b: 2.42575238262545 } };
 * const { customers: [c] } = predictNextPurchase(model, [{ customerId: "a", frequency: 7, recency: 37, T: 38.86 }]);
 * [Math.round(c.pNextPurchase * 1e4) / 1e4, Math.round(c.medianTimeToNextPurchase * 100) / 100, Math.round(c.medianTimeIfPurchase * 100) / 100]; //=> [0.8855, 5.27, 4.35]
 */
export function predictNextPurchase(model: PurchaseModel, records: CustomerInput<BtydCustomer>): PredictNextPurchaseResult {
  const fn = "predictNextPurchase";
  const m = checkedModel(fn, model);
  const { ids, x, tx, T } = readBtydCustomers(fn, records);
  const g = groupTriples(x, tx, T);
  const out: { ever: number; median: number | null; medianIf: number | null }[] = [];
  for (let k = 0; k < g.x.length; k++) {
    const res = nextPurchase(m.model, existingCustomerCase(m, g.x[k], g.tx[k], g.T[k]));
    if (!(res.ever >= 0 && res.ever <= 1)) throw notComputable(fn, g.x[k], g.tx[k], g.T[k]);
    out.push(res);
  }
  const customers = ids.map((customerId, i) => {
    const r = out[g.group[i]];
    return { customerId, pNextPurchase: r.ever, medianTimeToNextPurchase: r.median, medianTimeIfPurchase: r.medianIf };
  });
  return { customers, meta: m };
}
