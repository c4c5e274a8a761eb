import type { CustomerInput } from "../../src/input/index.js";
import { describe, expect, expectTypeOf, test } from "vitest";
import { predictModifiedBgNbd, type BgNbdParams, type BtydCustomer, type PredictModifiedBgNbdOptions, type PredictModifiedBgNbdColumnsResult, type PredictModifiedBgNbdResult } from "../../src/models/index.js";
import { mbgNbdConditionalExpected, mbgNbdPAlive } from "../../src/models/mbgNbd.js";
import { columnsOutputProperties } from "./columnsOutput.js";
import { daysAndWeeksAgree, expectIssue, mbg, predictionProperties } from "./shared.js";

describe("predictModifiedBgNbd", () => {
  columnsOutputProperties({
    run: (input, output) => predictModifiedBgNbd(mbg, input, { t: 39, output }),
    fields: ["pAlive", "expectedPurchases"],
    reference: (c) => ({ pAlive: mbgNbdPAlive(mbg, c.frequency, c.recency, c.T), expectedPurchases: Math.max(0, mbgNbdConditionalExpected(mbg, 39, c.frequency, c.recency, c.T)) }),
  });
  predictionProperties((c, t) => predictModifiedBgNbd(mbg, c, { t }).customers);
  daysAndWeeksAgree((c, t) => predictModifiedBgNbd(mbg, c, { t }).customers, (c, t) => predictModifiedBgNbd({ ...mbg, alpha: mbg.alpha * 7 }, c, { t }).customers);

  test("P(alive) stays below 1 for customers without repeat purchases (they can drop out at once)", () => {
    expect(predictModifiedBgNbd(mbg, [{ frequency: 0, recency: 0, T: 10 }], { t: 10 }).customers[0].pAlive).toBeLessThan(1);
  });

  test("returns { customers, meta } with the model, the parameters and the horizon", () => {
    const { customers, meta } = predictModifiedBgNbd(mbg, [{ customerId: "a", frequency: 1, recency: 1, T: 2 }], { t: 3 });
    expect(customers).toHaveLength(1);
    expect(meta).toEqual({ model: "modified-bg-nbd", params: mbg, t: 3 });
  });

  test("bad arguments name the function and the option or parameter", () => {
    const one = [{ frequency: 1, recency: 1, T: 2 }];
    expect(() => predictModifiedBgNbd({ ...mbg, b: Number.POSITIVE_INFINITY }, one, { t: 1 })).toThrow(/^predictModifiedBgNbd: params\.b must be a finite positive number/);
    expect(() => predictModifiedBgNbd(mbg, one, { t: Number.NaN })).toThrow(/^predictModifiedBgNbd: options\.t/);
    expect(() => predictModifiedBgNbd(mbg, one, { t: 1, x: 1 } as never)).toThrow(/^predictModifiedBgNbd: options: unknown option "x"/);
    expectIssue(() => predictModifiedBgNbd(mbg, [{ frequency: -1, recency: 0, T: 2 }], { t: 1 }), { path: ["records", 0, "frequency"], message: "expected an integer >= 0, got -1" });
  });

  test("types", () => {
    expectTypeOf(predictModifiedBgNbd).parameter(0).toEqualTypeOf<BgNbdParams>();
    expectTypeOf(predictModifiedBgNbd).parameter(1).toEqualTypeOf<CustomerInput<BtydCustomer>>();
    expectTypeOf<PredictModifiedBgNbdOptions>().toEqualTypeOf<{ t: number; output?: "records" | "columns" }>();
    expectTypeOf(() => predictModifiedBgNbd(mbg, [], { t: 1 })).returns.toEqualTypeOf<PredictModifiedBgNbdResult>();
    expectTypeOf(() => predictModifiedBgNbd(mbg, [], { t: 1, output: "columns" })).returns.toEqualTypeOf<PredictModifiedBgNbdColumnsResult>();
    expectTypeOf<PredictModifiedBgNbdColumnsResult["meta"]>().toEqualTypeOf<PredictModifiedBgNbdResult["meta"]>();
    expectTypeOf<PredictModifiedBgNbdResult["meta"]["model"]>().toEqualTypeOf<"modified-bg-nbd">();
  });
});
