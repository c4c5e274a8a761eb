import type { CustomerInput } from "../../src/input/index.js";
import { describe, expect, expectTypeOf, test } from "vitest";
import { predictParetoNbd, type BtydCustomer, type ParetoNbdParams, type PredictParetoNbdOptions, type PredictParetoNbdColumnsResult, type PredictParetoNbdResult } from "../../src/models/index.js";
import { paretoNbdConditionalExpected, paretoNbdPAlive } from "../../src/models/paretoNbd.js";
import { columnsOutputProperties } from "./columnsOutput.js";
import { daysAndWeeksAgree, expectIssue, pareto, predictionProperties } from "./shared.js";

describe("predictParetoNbd", () => {
  columnsOutputProperties({
    run: (input, output) => predictParetoNbd(pareto, input, { t: 39, output }),
    fields: ["pAlive", "expectedPurchases"],
    reference: (c) => ({ pAlive: paretoNbdPAlive(pareto, c.frequency, c.recency, c.T), expectedPurchases: Math.max(0, paretoNbdConditionalExpected(pareto, 39, c.frequency, c.recency, c.T)) }),
  });
  predictionProperties((c, t) => predictParetoNbd(pareto, c, { t }).customers);
  daysAndWeeksAgree(
    (c, t) => predictParetoNbd(pareto, c, { t }).customers,
    (c, t) => predictParetoNbd({ ...pareto, alpha: pareto.alpha * 7, beta: pareto.beta * 7 }, c, { t }).customers,
  );

  test("returns { customers, meta } with the model, the parameters and the horizon", () => {
    const { customers, meta } = predictParetoNbd(pareto, [{ customerId: "a", frequency: 1, recency: 1, T: 2 }], { t: 3 });
    expect(customers[0].customerId).toBe("a");
    expect(meta).toEqual({ model: "pareto-nbd", params: pareto, t: 3 });
  });

  test("bad arguments name the function and the option or parameter", () => {
    const one = [{ frequency: 1, recency: 1, T: 2 }];
    expect(() => predictParetoNbd(pareto, one, { t: -1 })).toThrow(/^predictParetoNbd: options\.t/);
    expect(() => predictParetoNbd({ ...pareto, s: 1 }, one, { t: 1 })).toThrow(/^predictParetoNbd: params\.s = 1 is a removable singularity/);
    expect(() => predictParetoNbd(pareto, one, { t: 1, unit: "week" } as never)).toThrow(/unknown option "unit"/);
    expectIssue(() => predictParetoNbd(pareto, [{ customerId: "k", frequency: 0, recency: 0, T: -1 }], { t: 1 }), { path: ["records", 0, "T"], customerId: "k", message: "expected a finite number >= 0, got -1" });
    // T = 0 (first purchase on the last day) is a valid customer
    const [c] = predictParetoNbd(pareto, [{ frequency: 0, recency: 0, T: 0 }], { t: 1 }).customers;
    expect(c.pAlive).toBe(1);
    expect(c.expectedPurchases).toBeGreaterThan(0);
  });

  test("types", () => {
    expectTypeOf(predictParetoNbd).parameter(0).toEqualTypeOf<ParetoNbdParams>();
    expectTypeOf(predictParetoNbd).parameter(1).toEqualTypeOf<CustomerInput<BtydCustomer>>();
    expectTypeOf<PredictParetoNbdOptions>().toEqualTypeOf<{ t: number; output?: "records" | "columns" }>();
    expectTypeOf(() => predictParetoNbd(pareto, [], { t: 1 })).returns.toEqualTypeOf<PredictParetoNbdResult>();
    expectTypeOf(() => predictParetoNbd(pareto, [], { t: 1, output: "columns" })).returns.toEqualTypeOf<PredictParetoNbdColumnsResult>();
    expectTypeOf<PredictParetoNbdColumnsResult["meta"]>().toEqualTypeOf<PredictParetoNbdResult["meta"]>();
    expectTypeOf<PredictParetoNbdResult["meta"]["params"]>().toEqualTypeOf<ParetoNbdParams>();
  });
});
