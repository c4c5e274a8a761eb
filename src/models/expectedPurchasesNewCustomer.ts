import { describeValue } from "../errors.js";
import { checkedPurchases } from "./btydInput.js";
import { purchaseKernel } from "./purchaseModel.js";
import type { PurchaseModel } from "./types.js";

/**
 * Expected number of repeat purchases in (0, t] of a customer whose first purchase is at time 0 (a new
 * customer), under any fitted purchase model: BG/NBD (FHL 2005 eq. 9, as `bgNbdExpectedPurchases`),
 * modified BG/NBD, b/(a−1)·[1 − (α/(α+t))^r·₂F₁(r, b+1; a+b; t/(α+t))] (Batislam et al. 2007), and
 * Pareto/NBD, rβ/(α(s−1))·[1 − (β/(β+t))^(s−1)] (Schmittlein et al. 1987; the limit β/α·r·ln(1+t/β)
 * at s = 1 is approached, not special-cased). Each equals the model's conditional expectation of a
 * customer with x = 0, t_x = 0, T = 0, which is how it is computed (₂F₁ in log space).
 *
 * @param model - A fitted purchase model `{ model, params }`.
 * @param t - The horizon, a finite number ≥ 0 in the model's time unit.
 * @returns The expected number of repeat purchases, ≥ 0.
 * @throws {TypeError} An unknown model.
 * @throws {RangeError} t not finite ≥ 0, a parameter not finite and
 *   positive, a = 1 (BG family) or s = 1 (Pareto/NBD), or an expectation that cannot be computed.
 *
 * @example
 * const mbg = { model: "modified-bg-nbd", params: { r: 0.5248377255677019, alpha: 6.182988479134203, a: 0.8913562809310627, b: 1.614000025671838 } };
 * Math.round(expectedPurchasesNewCustomer(mbg, 39) * 1e6) / 1e6; //=> 1.182284
 *
 * @see Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers" the easy way.
 *   Marketing Science 24(2), 275–284; Batislam, E. P., Denizel, M. & Filiztekin, A. (2007). IJRM 24(3),
 *   201–209; Schmittlein, D. C., Morrison, D. G. & Colombo, R. (1987). Management Science 33(1), 1–24.
 */
export function expectedPurchasesNewCustomer(model: PurchaseModel, t: number): number {
  const fn = "expectedPurchasesNewCustomer";
  if (!(typeof t === "number" && t >= 0 && Number.isFinite(t))) throw new RangeError(`${fn}: t must be a finite number >= 0, got ${describeValue(t)}`);
  const kernel = purchaseKernel(fn, model, "model.params");
  if (kernel.fit.model === "pareto-nbd" && kernel.fit.params.s === 1) throw new RangeError(`${fn}: model.params.s = 1 is a removable singularity of the expectation; perturb it slightly`);
  if (t === 0) return 0;
  const e = checkedPurchases(kernel.expected(t, 0, 0, 0));
  if (!Number.isFinite(e)) throw new RangeError(`${fn}: the expectation at t = ${t} is not computable at these parameters (a hypergeometric series at its argument's limit of 1); use a horizon nearer the data's time scale`);
  return e;
}
