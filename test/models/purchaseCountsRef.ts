// The independent reference values of test/fixtures/scripts/purchase_counts_mpmath.py (committed output)
// and a seeded simulator of new customers, shared by the purchase-count and next-purchase tests.
import { readFileSync } from "node:fs";
import { mulberry32 } from "../../src/internal/random.js";
import type { PurchaseModel } from "../../src/models/index.js";
import { fixturePath } from "../helpers/csv.js";

type ModelName = PurchaseModel["model"];
interface Ref {
  params: Record<ModelName, Record<string, number>>;
  newCounts: { model: ModelName; t: number; n: number[]; p: number[] }[];
  existingCounts: { model: ModelName; x: number; tx: number; T: number; t: number; n: number[]; p: number[] }[];
  aliveAt: { model: ModelName; x: number; tx: number; T: number; t: number[]; pAlive: number[] }[];
  nextPurchase: { model: ModelName; x: number; tx: number; T: number; pNextPurchase: number; median: number | null; medianIfPurchase: number }[];
  dert: { x: number; tx: number; T: number; delta: number; dert: number; byIntegration: number }[];
  expectedNew: { model: ModelName; t: number; expected: number }[];
}

export const ref = JSON.parse(readFileSync(fixturePath("models/purchase_counts_mpmath.json"), "utf8")) as Ref;

export function modelOf(name: ModelName): PurchaseModel {
  return { model: name, params: ref.params[name] } as unknown as PurchaseModel;
}

export const models: PurchaseModel[] = (["bg-nbd", "modified-bg-nbd", "pareto-nbd"] as const).map(modelOf);

/** |a − b| ≤ tol·|b| (relative), or ≤ tol when b is 0. */
export function expectRelative(a: number, b: number, tol: number): void {
  const err = Math.abs(a - b) / (b === 0 ? 1 : Math.abs(b));
  if (!(err <= tol)) throw new Error(`expected ${a} within ${tol} relative of ${b}, off by ${err}`);
}

function gamma(u: () => number, shape: number, rate: number): number {
  if (shape < 1) return gamma(u, shape + 1, rate) * Math.pow(u(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    if (Math.log(1 - u()) < 0.5 * x * x + d - d * v + d * Math.log(v)) return (d * v) / rate;
  }
}

/**
 * Seeded new customers (first purchase at 0) simulated from a model: for each, the repeat-purchase
 * times in (0, horizon] (the whole future up to horizon), straight from the model's story.
 */
export function simulateNewCustomers(model: PurchaseModel, n: number, horizon: number, seed: number): number[][] {
  const u = mulberry32(seed);
  const out: number[][] = [];
  for (let i = 0; i < n; i++) {
    const times: number[] = [];
    const lambda = gamma(u, model.params.r, model.params.alpha);
    if (model.model === "pareto-nbd") {
      const life = -Math.log(1 - u()) / gamma(u, model.params.s, model.params.beta);
      let t = 0;
      for (;;) {
        t += -Math.log(1 - u()) / lambda;
        if (t > horizon || t > life) break;
        times.push(t);
      }
    } else {
      const g1 = gamma(u, model.params.a, 1);
      const p = g1 / (g1 + gamma(u, model.params.b, 1));
      // modified BG/NBD: a dropout chance right at the first purchase too
      if (!(model.model === "modified-bg-nbd" && u() < p)) {
        let t = 0;
        for (;;) {
          t += -Math.log(1 - u()) / lambda;
          if (t > horizon) break;
          times.push(t);
          if (u() < p) break;
        }
      }
    }
    out.push(times);
  }
  return out;
}
