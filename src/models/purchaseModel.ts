import { describeValue } from "../errors.js";
import { bgNbdConditionalExpected, bgNbdPAlive, type BgNbdParams } from "./bgNbd.js";
import { checkPrediction } from "./btydInput.js";
import { mbgNbdConditionalExpected, mbgNbdPAlive } from "./mbgNbd.js";
import { paretoNbdConditionalExpected, paretoNbdPAlive, type ParetoNbdParams } from "./paretoNbd.js";

/** A fitted purchase model: which model, and its parameters (in the time unit of the data it was fitted on). */
export type PurchaseModel = { model: "bg-nbd" | "modified-bg-nbd"; params: BgNbdParams } | { model: "pareto-nbd"; params: ParetoNbdParams };

/** P(alive) and conditional expected purchases of one customer under a purchase model. */
export interface PurchaseKernel {
  pAlive: (x: number, tx: number, T: number) => number;
  expected: (t: number, x: number, tx: number, T: number) => number;
}

/** Validates a purchase model and returns its per-customer prediction functions. */
export function purchaseKernel(fn: string, fit: PurchaseModel): PurchaseKernel {
  const p = fit?.params as unknown as Record<string, number>;
  switch (fit?.model) {
    case "bg-nbd": {
      checkPrediction(fn, p, ["r", "alpha", "a", "b"], "a");
      const params = fit.params;
      return { pAlive: (x, tx, T) => bgNbdPAlive(params, x, tx, T), expected: (t, x, tx, T) => bgNbdConditionalExpected(params, t, x, tx, T) };
    }
    case "modified-bg-nbd": {
      checkPrediction(fn, p, ["r", "alpha", "a", "b"], "a");
      const params = fit.params;
      return { pAlive: (x, tx, T) => mbgNbdPAlive(params, x, tx, T), expected: (t, x, tx, T) => mbgNbdConditionalExpected(params, t, x, tx, T) };
    }
    case "pareto-nbd": {
      checkPrediction(fn, p, ["r", "alpha", "s", "beta"], "s");
      const params = fit.params;
      return { pAlive: (x, tx, T) => paretoNbdPAlive(params, x, tx, T), expected: (t, x, tx, T) => paretoNbdConditionalExpected(params, t, x, tx, T) };
    }
    default:
      throw new TypeError(`${fn}: expected { model: "bg-nbd" | "modified-bg-nbd" | "pareto-nbd", params }, got model ${describeValue((fit as { model?: unknown } | undefined)?.model)}`);
  }
}
