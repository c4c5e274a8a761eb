// Shared by the covariate tests: the CDNOW sample with the covariate lnFirst = ln(1 + first-day dollars)
// and the scipy reference fits (test/fixtures/scripts/covariates_scipy.py), and a two-group simulation.
import { readFileSync } from "node:fs";
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
