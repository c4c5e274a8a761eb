// Shared by the covariate tests: the CDNOW sample with the covariate lnFirst = ln(1 + first-day dollars)
// and the scipy reference fits (test/fixtures/scripts/covariates_scipy.py), and a two-group simulation.
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { expect } from "vitest";
import { covariateLogLikelihood, type CovariateModel } from "../../src/models/modelCovariates.js";
import { customerArb } from "./shared.js";
import { simulateBgNbd, simulateParetoNbd } from "./simulate.js";

export const cdnow = readFileSync(new URL("../fixtures/covariates/cdnow_first_purchase.csv", import.meta.url), "utf8")
  .trim()
  .split("\n")
  .slice(1)
  .map((l) => l.split(","))
  .map((c) => ({ customerId: c[0], frequency: Number(c[1]), recency: Number(c[2]), T: Number(c[3]), firstAmount: Number(c[4]), lnFirst: Number(c[5]) }));

export interface ReferenceFit {
  model: "bg-nbd" | "pareto-nbd";
  purchase: string[];
  dropout: string[];
  params: Record<string, number>;
  coefficients: { purchase: Record<string, number>; dropout: Record<string, number> };
  logLikelihood: number;
  standardErrors: { params: Record<string, number>; coefficients: { purchase: Record<string, number>; dropout: Record<string, number> } };
  predictions: { ID: string; pAlive: number; expectedPurchases: number }[];
}

export const reference = JSON.parse(readFileSync(new URL("../fixtures/covariates/cdnow_fits.json", import.meta.url), "utf8")) as { fits: ReferenceFit[] };

/** |a − b| / |b|. */
export const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

/** Two groups drawn from the model: z = 0 with `p0`, z = 1 with `p1` (n customers each). */
export function twoGroups(model: "bg-nbd" | "pareto-nbd", n: number, p0: Record<string, number>, p1: Record<string, number>, seed: number): { frequency: number; recency: number; T: number; z: number }[] {
  const sim = (p: Record<string, number>, s: number) =>
    model === "bg-nbd" ? simulateBgNbd(n, p as { r: number; alpha: number; a: number; b: number }, s) : simulateParetoNbd(n, p as { r: number; alpha: number; s: number; beta: number }, s);
  return [...sim(p0, seed).map((c) => ({ ...c, z: 0 })), ...sim(p1, seed + 1000).map((c) => ({ ...c, z: 1 }))];
}

/**
 * Checks the covariate likelihood's analytic gradient against central differences (steps 1e-5 in
 * ψ = (ln θ₀, γ)) for random customers with covariates z (continuous) and d (0/1) and random ψ.
 */
export function gradientMatchesCentralDifferences(model: CovariateModel, purchase: string[], dropout: string[], beta: [number, number], numRuns: number): void {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(customerArb, fc.double({ min: -2, max: 2, noNaN: true }), fc.integer({ min: 0, max: 1 })), { minLength: 2, maxLength: 12 }),
      fc.tuple(fc.double({ min: 0.1, max: 3, noNaN: true }), fc.double({ min: 0.5, max: 30, noNaN: true }), fc.double({ min: 0.2, max: 3, noNaN: true }), fc.double({ min: beta[0], max: beta[1], noNaN: true })),
      fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: purchase.length + dropout.length, maxLength: purchase.length + dropout.length }),
      (rows, theta, gamma) => {
        const records = rows.map(([c, z, d]) => ({ ...c, z, d }));
        const ll = covariateLogLikelihood("test", model, records, purchase, dropout);
        const psi = [...theta.map(Math.log), ...gamma];
        const g = new Array<number>(psi.length).fill(0);
        const v = ll(psi, g);
        fc.pre(Number.isFinite(v));
        psi.forEach((_, j) => {
          const h = 1e-5;
          const up = psi.slice();
          const down = psi.slice();
          up[j] += h;
          down[j] -= h;
          const numeric = (ll(up, null) - ll(down, null)) / (2 * h);
          expect(Math.abs(g[j] - numeric)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(numeric), Math.abs(v)));
        });
      },
    ),
    { numRuns },
  );
}
