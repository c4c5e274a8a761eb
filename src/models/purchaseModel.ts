import { describeValue } from "../errors.js";
import { bgNbdConditionalExpected, bgNbdPAlive } from "./bgNbd.js";
import { checkParams } from "./btydInput.js";
import { mbgNbdConditionalExpected, mbgNbdPAlive } from "./mbgNbd.js";
import { paretoNbdConditionalExpected, paretoNbdPAlive } from "./paretoNbd.js";
import type { BgNbdParams, ParetoNbdParams, PurchaseModel } from "./types.js";

/** P(alive) and conditional expected purchases of one customer under a purchase model. */
export interface PurchaseKernel {
  /** The model and a copy of its parameters (for `meta`). */
  fit: PurchaseModel;
  pAlive: (x: number, tx: number, T: number) => number;
  expected: (t: number, x: number, tx: number, T: number) => number;
}

/** Validates a purchase model (`name` is the argument's name in messages) and returns its per-customer prediction functions. */
export function purchaseKernel(fn: string, fit: PurchaseModel, name = "params"): PurchaseKernel {
  switch (fit?.model) {
    case "bg-nbd":
    case "modified-bg-nbd": {
      checkParams(fn, name, fit.params, ["r", "alpha", "a", "b"], "a");
      const params: BgNbdParams = { r: fit.params.r, alpha: fit.params.alpha, a: fit.params.a, b: fit.params.b };
      return fit.model === "bg-nbd"
        ? { fit: { model: fit.model, params }, pAlive: (x, tx, T) => bgNbdPAlive(params, x, tx, T), expected: (t, x, tx, T) => bgNbdConditionalExpected(params, t, x, tx, T) }
        : { fit: { model: fit.model, params }, pAlive: (x, tx, T) => mbgNbdPAlive(params, x, tx, T), expected: (t, x, tx, T) => mbgNbdConditionalExpected(params, t, x, tx, T) };
    }
    case "pareto-nbd": {
      checkParams(fn, name, fit.params, ["r", "alpha", "s", "beta"], "s");
      const params: ParetoNbdParams = { r: fit.params.r, alpha: fit.params.alpha, s: fit.params.s, beta: fit.params.beta };
      return { fit: { model: fit.model, params }, pAlive: (x, tx, T) => paretoNbdPAlive(params, x, tx, T), expected: (t, x, tx, T) => paretoNbdConditionalExpected(params, t, x, tx, T) };
    }
    default:
      throw new TypeError(`${fn}: expected { model: "bg-nbd" | "modified-bg-nbd" | "pareto-nbd", params }, got model ${describeValue((fit as { model?: unknown } | undefined)?.model)}`);
  }
}
