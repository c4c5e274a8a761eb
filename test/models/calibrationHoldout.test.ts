import type { CustomerInput } from "../../src/input/index.js";
import { describe, expect, expectTypeOf, test } from "vitest";
import { calibrationHoldout, predictBgNbd, type BtydSummaryCustomer, type CalibrationHoldoutOptions, type CalibrationHoldoutResult, type PurchaseModel } from "../../src/models/index.js";
import { bg, expectIssue } from "./shared.js";

const summary: BtydSummaryCustomer[] = [
  { customerId: "a", frequency: 0, recency: 0, T: 30, monetaryValue: 0, frequencyHoldout: 0, durationHoldout: 39 },
  { customerId: "b", frequency: 2, recency: 20, T: 30, monetaryValue: 10, frequencyHoldout: 1, durationHoldout: 39 },
  { customerId: "c", frequency: 9, recency: 29, T: 30, monetaryValue: 10, frequencyHoldout: 4, durationHoldout: 39 },
  { customerId: "d", frequency: 7, recency: 25, T: 28, monetaryValue: 10, frequencyHoldout: 2, durationHoldout: 20 },
];

describe("calibrationHoldout", () => {
  test("one record per calibration frequency; the last pools maxFrequency and more; predicted is the mean of the model's expectations", () => {
    const { frequencies, meta } = calibrationHoldout({ model: "bg-nbd", params: bg }, summary);
    expect(frequencies.map((r) => [r.frequency, r.frequencyAtLeast, r.customers, r.actual])).toEqual([
      [0, false, 1, 0],
      [2, false, 1, 1],
      [7, true, 2, 3],
    ]);
    const expected = (c: BtydSummaryCustomer) => predictBgNbd(bg, [c], { t: c.durationHoldout as number }).customers[0].expectedPurchases;
    expect(frequencies[2].predicted).toBeCloseTo((expected(summary[2]) + expected(summary[3])) / 2, 14);
    expect(meta).toEqual({ model: "bg-nbd", params: bg, maxFrequency: 7, customers: 4 });
    expect(calibrationHoldout({ model: "bg-nbd", params: bg }, summary, { maxFrequency: 2 }).frequencies.map((r) => [r.frequency, r.customers])).toEqual([[0, 1], [2, 3]]);
  });

  test("refuses an unknown model, unknown options and a summary without holdout fields", () => {
    expect(() => calibrationHoldout({ model: "x" } as unknown as PurchaseModel, summary)).toThrow(/^calibrationHoldout: expected \{ model/);
    expect(() => calibrationHoldout({ model: "bg-nbd", params: bg }, summary, { maxFrequency: 0 })).toThrow(RangeError);
    expect(() => calibrationHoldout({ model: "bg-nbd", params: bg }, summary, { maxFreq: 3 } as never)).toThrow(/^calibrationHoldout: options: unknown option "maxFreq"/);
    expectIssue(() => calibrationHoldout({ model: "bg-nbd", params: bg }, [{ customerId: "a", frequency: 0, recency: 0, T: 3, monetaryValue: 0 }]), {
      code: "missing_field",
      path: ["fields", "frequencyHoldout"],
      message: expect.stringMatching(/toBtydSummary\(transactions, \{ calibrationEnd/),
    });
    expectIssue(() => calibrationHoldout({ model: "bg-nbd", params: bg }, [{ ...summary[1], frequencyHoldout: 0.5 }]), { path: ["records", 0, "frequencyHoldout"], customerId: "b" });
  });

  test("types", () => {
    expectTypeOf(calibrationHoldout).parameter(0).toEqualTypeOf<PurchaseModel>();
    expectTypeOf(calibrationHoldout).parameter(1).toEqualTypeOf<CustomerInput<BtydSummaryCustomer>>();
    expectTypeOf(calibrationHoldout).parameter(2).toEqualTypeOf<CalibrationHoldoutOptions | undefined>();
    expectTypeOf(calibrationHoldout).returns.toEqualTypeOf<CalibrationHoldoutResult>();
    expectTypeOf<CalibrationHoldoutResult["frequencies"][number]>().toEqualTypeOf<{ frequency: number; frequencyAtLeast: boolean; customers: number; actual: number; predicted: number }>();
  });
});
