import type { CustomerInput } from "../../src/input/index.js";
import fc from "fast-check";
import { describe, expect, expectTypeOf, test } from "vitest";
import { predictBgNbd, predictBgNbdOptionsSchema, type BgNbdParams, type BtydCustomer, type PredictBgNbdOptions, type PredictBgNbdColumnsResult, type PredictBgNbdResult } from "../../src/models/index.js";
import { bgNbdConditionalExpected, bgNbdPAlive } from "../../src/models/bgNbd.js";
import { columnsOutputProperties } from "./columnsOutput.js";
import { bg, daysAndWeeksAgree, expectIssue, predictionProperties } from "./shared.js";

describe("predictBgNbd", () => {
  columnsOutputProperties({
    run: (input, output) => predictBgNbd(bg, input, { t: 39, output }),
    fields: ["pAlive", "expectedPurchases"],
    reference: (c) => ({ pAlive: bgNbdPAlive(bg, c.frequency, c.recency, c.T), expectedPurchases: Math.max(0, bgNbdConditionalExpected(bg, 39, c.frequency, c.recency, c.T)) }),
  });
  test('output: "columns" at t = 0: no purchases, P(alive) as at any horizon', () => {
    const cs = [{ frequency: 2, recency: 1, T: 3 }, { frequency: 0, recency: 0, T: 3 }];
    const { columns } = predictBgNbd(bg, cs, { t: 0, output: "columns" });
    expect([...columns.expectedPurchases]).toEqual([0, 0]);
    expect([...columns.pAlive]).toEqual(predictBgNbd(bg, cs, { t: 5 }).customers.map((c) => c.pAlive));
  });
  predictionProperties((c, t) => predictBgNbd(bg, c, { t }).customers);
  daysAndWeeksAgree((c, t) => predictBgNbd(bg, c, { t }).customers, (c, t) => predictBgNbd({ ...bg, alpha: bg.alpha * 7 }, c, { t }).customers);

  test("P(alive) is exactly 1 for customers without repeat purchases", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 1000, noNaN: true }), (T) => {
        expect(predictBgNbd(bg, [{ frequency: 0, recency: 0, T }], { t: 10 }).customers[0].pAlive).toBe(1);
      }),
    );
  });

  test("returns { customers, meta }: meta names the model, a copy of the parameters and the horizon", () => {
    const params = { ...bg };
    const result = predictBgNbd(params, [{ customerId: "a", frequency: 1, recency: 1, T: 2 }, { customerId: 7, frequency: 0, recency: 0, T: 2 }], { t: 4 });
    expect(result.customers.map((c) => c.customerId)).toEqual(["a", "7"]);
    expect(result.meta).toEqual({ model: "bg-nbd", params: bg, t: 4 });
    expect(result.meta.params).not.toBe(params);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
    // records without ids are numbered by position
    expect(predictBgNbd(bg, [{ frequency: 0, recency: 0, T: 1 }, { frequency: 0, recency: 0, T: 2 }], { t: 1 }).customers.map((c) => c.customerId)).toEqual(["0", "1"]);
  });

  test("bad arguments are TypeErrors/RangeErrors naming the function and the option", () => {
    const one = [{ frequency: 1, recency: 1, T: 2 }];
    expect(() => predictBgNbd(bg, one, {} as never)).toThrow(/^predictBgNbd: options\.t\b.* got undefined/);
    expect(() => predictBgNbd(bg, one, undefined as never)).toThrow(/^predictBgNbd: options must be an object, got undefined/);
    expect(() => predictBgNbd(bg, one, { t: -1 })).toThrow(RangeError);
    expect(() => predictBgNbd(bg, one, { t: 1, horizon: 2 } as never)).toThrow(/^predictBgNbd: options: unknown option "horizon"/);
    expect(() => predictBgNbd(null as never, one, { t: 1 })).toThrow(/^predictBgNbd: params\.r/);
    expect(() => predictBgNbd({ ...bg, a: 1 }, one, { t: 1 })).toThrow(/^predictBgNbd: params\.a = 1 is a removable singularity/);
  });

  test("bad records are issues with array paths under records, naming the customer", () => {
    expectIssue(() => predictBgNbd(bg, [{ customerId: "c1", frequency: 1.5, recency: 1, T: 2 }], { t: 1 }), { code: "invalid_value", path: ["records", 0, "frequency"], customerId: "c1" });
    expectIssue(() => predictBgNbd(bg, [{ frequency: 0, recency: 0, T: 2 }, { frequency: 1, recency: 3, T: 2 }], { t: 1 }), { path: ["records", 1, "recency"], row: 1, field: "recency", message: "recency 3 is after T 2" });
    expectIssue(() => predictBgNbd(bg, [{ customerId: "x", frequency: 0, recency: 1, T: 2 }], { t: 1 }), { path: ["records", 0, "recency"], customerId: "x", message: "expected 0 when frequency is 0, got 1" });
    expectIssue(() => predictBgNbd(bg, [{ customerId: "x", frequency: 0, recency: 0, T: 2 }, { customerId: "x", frequency: 0, recency: 0, T: 3 }], { t: 1 }), { code: "duplicate_customer", path: ["records", 1, "customerId"], customerId: "x" });
    expectIssue(() => predictBgNbd(bg, [{ frequency: 0, T: 2 } as never], { t: 1 }), { code: "missing_field", path: ["fields", "recency"] });
    expectIssue(() => predictBgNbd(bg, [], { t: 1 }), { code: "empty_input", path: ["records"] });
  });

  test("types", () => {
    expectTypeOf(predictBgNbd).parameter(0).toEqualTypeOf<BgNbdParams>();
    expectTypeOf(predictBgNbd).parameter(1).toEqualTypeOf<CustomerInput<BtydCustomer>>();
    expectTypeOf<PredictBgNbdOptions>().toEqualTypeOf<{ t: number; output?: "records" | "columns" }>();
    expectTypeOf(() => predictBgNbd(bg, [], { t: 1 })).returns.toEqualTypeOf<PredictBgNbdResult>();
    expectTypeOf(() => predictBgNbd(bg, [], { t: 1, output: "records" })).returns.toEqualTypeOf<PredictBgNbdResult>();
    expectTypeOf(() => predictBgNbd(bg, [], { t: 1, output: "columns" })).returns.toEqualTypeOf<PredictBgNbdColumnsResult>();
    expectTypeOf<PredictBgNbdColumnsResult["columns"]>().toEqualTypeOf<{ customerId: string[]; pAlive: Float64Array; expectedPurchases: Float64Array }>();
    expectTypeOf<PredictBgNbdColumnsResult["meta"]>().toEqualTypeOf<PredictBgNbdResult["meta"]>();
    expectTypeOf<PredictBgNbdResult["customers"][number]>().toEqualTypeOf<{ customerId: string; pAlive: number; expectedPurchases: number }>();
    expectTypeOf<PredictBgNbdResult["meta"]["model"]>().toEqualTypeOf<"bg-nbd">();
    expectTypeOf<PredictBgNbdResult["meta"]["t"]>().toEqualTypeOf<number>();
    expectTypeOf(predictBgNbdOptionsSchema.parse({ t: 1 })).toEqualTypeOf<{ t: number; output: "records" | "columns" | undefined }>();
  });
});
