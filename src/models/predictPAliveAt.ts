import type { CustomerInput } from "../input/types.js";
import { logHyp2f1, logRatioShift } from "../internal/special.js";
import { exp } from "../internal/elementary.js";
import { parseOptions } from "../options.js";
import { groupTriples, notComputable, purchasePredictionOptionsSchema, readBtydCustomers, type BtydCustomer } from "./btydInput.js";
import { checkedModel, existingCustomerCase } from "./purchaseCounts.js";
import type { PurchaseModel, PurchasePredictionOptions } from "./types.js";

/** Options of {@link predictPAliveAt}: how far beyond the end of observation, `t`. */
export type PredictPAliveAtOptions = PurchasePredictionOptions;

/** One customer's probability of being alive now and `t` time units from now. */
export interface PAliveAtRecord {
  customerId: string;
  /** P(alive at T), the end of observation. */
  pAlive: number;
  /** P(alive at T + t), with no purchase seen after T. */
  pAliveAt: number;
}

/** Result of {@link predictPAliveAt}: `customers` (input order) and `meta` (`{ model, params, t }`). */
export interface PredictPAliveAtResult {
  customers: PAliveAtRecord[];
  meta: PurchaseModel & { t: number };
}

/** ln P(still alive t after T | alive at T) for a case's posterior parameters; NaN if not computable. */
export function logSurvivalIfAlive(model: PurchaseModel["model"], r: number, alpha: number, c: number, d: number, t: number): number {
  if (t === 0) return 0;
  // Pareto/NBD: μ ~ Gamma(s, β + T): E[e^(−μt)] = ((β+T)/(β+T+t))^s
  if (model === "pareto-nbd") return logRatioShift(c, d, t);
  // BG family: a dropout only right after a purchase, so P(alive t later | λ, p) = Σₖ Pois(k; λt)(1−p)ᵏ
  // = e^(−λpt); over λ ~ Gamma(r', α'), p ~ Beta(a, b'): E[(α'/(α'+pt))^r'] = ₂F₁(r', a; a+b'; −t/α'),
  // by Pfaff's transformation (α'/(α'+t))^r'·₂F₁(r', b'; a+b'; t/(α'+t)), a series of positive terms
  return logRatioShift(r, alpha, t) + logHyp2f1(r, d, c + d, t / (alpha + t));
}

/**
 * The probability that each customer is still alive `t` time units after the end of their observation
 * period (T + t), given their history and no look at what happened after T: P(alive at T) times the
 * posterior probability of surviving another t. BG/NBD and modified BG/NBD: customers drop out only
 * right after a purchase, so survival over t is E[e^(−λpt)] under the posterior of (λ, p), a ₂F₁;
 * Pareto/NBD: ((β+T)/(β+T+t))^s. `pAliveAt` falls with t from `pAlive` (t = 0) towards 0.
 *
 * @param model - A fitted purchase model `{ model, params }`.
 * @param records - {@link BtydCustomer} records in the model's time unit.
 * @param options - `t` (required), in the model's time unit.
 * @returns `customers` (`{ customerId, pAlive, pAliveAt }`, input order) and `meta` (`{ model, params, t }`).
 * @throws {TypeError} An unknown model.
 * @throws {RangeError} A parameter not finite and positive, a bad
 *   `t`, or a probability that cannot be computed.
 * @throws {AnalyticsInputError} A bad record.
 *
 * @example
 * const model = { model: "pareto-nbd", params: { r: 0.5532785252272063, alpha: 10.57751335093755, s: 0.606240155080356, beta: 11.668640633007454 } };
 * const { customers: [c] } = predictPAliveAt(model, [{ customerId: "a", frequency: 2, recency: 30.43, T: 38.86 }], { t: 52 });
 * [Math.round(c.pAlive * 1e6) / 1e6, Math.round(c.pAliveAt * 1e6) / 1e6]; //=> [0.869115, 0.565946]
 *
 * @see Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers" the easy way.
 *   Marketing Science 24(2), 275–284; Schmittlein, D. C., Morrison, D. G. & Colombo, R. (1987).
 *   Management Science 33(1), 1–24.
 */
export function predictPAliveAt(model: PurchaseModel, records: CustomerInput<BtydCustomer>, options: PredictPAliveAtOptions): PredictPAliveAtResult {
  const fn = "predictPAliveAt";
  const { t } = parseOptions(fn, purchasePredictionOptionsSchema, options);
  const m = checkedModel(fn, model);
  const { ids, x, tx, T } = readBtydCustomers(fn, records);
  const g = groupTriples(x, tx, T);
  const now = new Float64Array(g.x.length);
  const later = new Float64Array(g.x.length);
  for (let k = 0; k < g.x.length; k++) {
    const c = existingCustomerCase(m, g.x[k], g.tx[k], g.T[k]);
    now[k] = c.weight;
    later[k] = c.weight === 0 ? 0 : c.weight * exp(logSurvivalIfAlive(m.model, c.r, c.alpha, c.c, c.d, t));
    if (!(now[k] >= 0 && now[k] <= 1 && later[k] >= 0 && later[k] <= now[k])) throw notComputable(fn, g.x[k], g.tx[k], g.T[k]);
  }
  const customers = ids.map((customerId, i) => ({ customerId, pAlive: now[g.group[i]], pAliveAt: later[g.group[i]] }));
  return { customers, meta: { ...m, t } };
}
