// Seeded simulation of BG/NBD and Pareto/NBD customers with known parameters, for parameter-recovery
// tests: a fit on data drawn from the model must converge near the true parameters.
import { mulberry32 } from "../../src/internal/random.js";

/** Gamma(shape, rate) by Marsaglia–Tsang (shape < 1 boosted). */
function gamma(u: () => number, shape: number, rate: number): number {
  if (shape < 1) return gamma(u, shape + 1, rate) * Math.pow(u(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      // standard normal by Box–Muller
      x = Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const w = 1 - u();
    if (Math.log(w) < 0.5 * x * x + d - d * v + d * Math.log(v)) return (d * v) / rate;
  }
}

export interface Simulated {
  frequency: number;
  recency: number;
  T: number;
}

/** BG/NBD: λ ~ Gamma(r, alpha), p ~ Beta(a, b); after each repeat purchase the customer drops out with probability p. */
export function simulateBgNbd(n: number, p: { r: number; alpha: number; a: number; b: number }, seed: number): Simulated[] {
  const u = mulberry32(seed);
  return Array.from({ length: n }, () => {
    const T = 30 + Math.floor(u() * 40);
    const lambda = gamma(u, p.r, p.alpha);
    const g1 = gamma(u, p.a, 1);
    const drop = g1 / (g1 + gamma(u, p.b, 1));
    let t = 0;
    let x = 0;
    let tx = 0;
    for (;;) {
      t += -Math.log(1 - u()) / lambda;
      if (t > T) break;
      x++;
      tx = t;
      if (u() < drop) break;
    }
    return { frequency: x, recency: tx, T };
  });
}

/** Pareto/NBD: λ ~ Gamma(r, alpha), μ ~ Gamma(s, beta); the customer is alive for an Exp(μ) time. */
export function simulateParetoNbd(n: number, p: { r: number; alpha: number; s: number; beta: number }, seed: number): Simulated[] {
  const u = mulberry32(seed);
  return Array.from({ length: n }, () => {
    const T = 30 + Math.floor(u() * 40);
    const lambda = gamma(u, p.r, p.alpha);
    const mu = gamma(u, p.s, p.beta);
    const life = Math.min(T, -Math.log(1 - u()) / mu);
    let t = 0;
    let x = 0;
    let tx = 0;
    for (;;) {
      t += -Math.log(1 - u()) / lambda;
      if (t > life) break;
      x++;
      tx = t;
    }
    return { frequency: x, recency: tx, T };
  });
}
