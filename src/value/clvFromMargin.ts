import { exp, log, pow } from "../internal/elementary.js";

/**
 * The CLV of one margin stream (Gupta & Lehmann): margin m per period, retention r and discount d
 * per period, first margin at t = 1: m·r/(1+d−r), or with a horizon of T periods Σ_{t=1..T} m·q^t,
 * q = r/(1+d). {@link formulaClv} applies it to customer records.
 *
 * @throws {RangeError} A value that is not finite, r < 0, d ≤ −1, r ≥ 1 + d without a horizon, a
 *   horizon that is not a whole number ≥ 0, or a result too large for a double.
 *
 * @example
 * clvFromMargin(100, 0.8, 0.1);    //=> 266.66666666666663
 * clvFromMargin(100, 0.8, 0.1, 1); //=> 72.72727272727273
 * @see Gupta, S. & Lehmann, D. R. (2003). Customers as assets. Journal of Interactive Marketing 17(1), 9–24.
 */
export function clvFromMargin(margin: number, retention: number, discountRate: number, horizon?: number): number {
  const fail = (why: string): never => {
    throw new RangeError(`clvFromMargin: ${why}`);
  };
  if (![margin, retention, discountRate].every(Number.isFinite)) fail(`margin, retention and discountRate must be finite numbers, got ${margin}, ${retention}, ${discountRate}`);
  if (retention < 0) fail(`retention must be >= 0, got ${retention}`);
  if (discountRate <= -1) fail(`discountRate must be > -1, got ${discountRate}`);
  if (horizon === undefined && retention >= 1 + discountRate) fail(`without a horizon retention must be below 1 + discountRate (${1 + discountRate}), got ${retention}`);
  if (horizon !== undefined && !(Number.isInteger(horizon) && horizon >= 0)) fail(`horizon must be a whole number of periods >= 0, got ${horizon}`);
  const clv = streamClv(margin, retention, discountRate, horizon);
  if (!Number.isFinite(clv)) fail(`the value ${clv} is too large for a double (margin ${margin}, horizon ${horizon ?? "none"})`);
  return clv;
}

/**
 * The formula itself, unchecked: {@link formulaClv} checks its records' values once, up front. An
 * intermediate product that leaves the doubles while the CLV does not (a margin of 1e308 with
 * r > 1, or q^T beyond 1e308 with a tiny margin) is computed in another order; ±Infinity only when
 * the CLV itself is beyond ±1.8e308 (callers refuse it).
 */
export function streamClv(margin: number, retention: number, discountRate: number, horizon?: number): number {
  const q = retention / (1 + discountRate);
  let clv: number;
  if (horizon === undefined) clv = (margin * retention) / (1 + discountRate - retention);
  else if (q === 1) clv = margin * horizon;
  else clv = (margin * q * (1 - pow(q, horizon))) / (1 - q);
  if (clv - clv === 0 || margin === 0) return clv - clv === 0 ? clv : 0;
  if (horizon === undefined) return margin * (retention / (1 + discountRate - retention));
  if (q === 1) return clv;
  const factor = (q * (1 - pow(q, horizon))) / (1 - q);
  if (factor - factor === 0) return margin * factor;
  // q > 1 and q^T beyond the doubles: Σ q^t = q·(q^T − 1)/(q − 1) ≈ q^(T+1)/(q − 1), in logarithms
  const logClv = log(Math.abs(margin)) + (horizon + 1) * log(q) - log(q - 1);
  return Math.sign(margin) * exp(logClv);
}
