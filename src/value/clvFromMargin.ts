/**
 * The CLV of one margin stream (Gupta & Lehmann): margin m per period, retention r and discount d
 * per period, first margin at t = 1: m·r/(1+d−r), or with a horizon of T periods Σ_{t=1..T} m·q^t,
 * q = r/(1+d). Unchecked arithmetic: keep r ≥ 0, d > −1 and, without a horizon, r < 1 + d.
 * {@link formulaClv} is the checked version for customer records.
 *
 * @example
 * clvFromMargin(100, 0.8, 0.1);    //=> 266.66666666666663
 * clvFromMargin(100, 0.8, 0.1, 1); //=> 72.72727272727273
 * @see Gupta, S. & Lehmann, D. R. (2003). Customers as assets. Journal of Interactive Marketing 17(1), 9–24.
 */
export function clvFromMargin(margin: number, retention: number, discountRate: number, horizon?: number): number {
  const q = retention / (1 + discountRate);
  if (horizon === undefined) return (margin * retention) / (1 + discountRate - retention);
  if (q === 1) return margin * horizon;
  return (margin * q * (1 - q ** horizon)) / (1 - q);
}
