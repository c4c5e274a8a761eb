import { describe, expect, expectTypeOf, test } from "vitest";
import { gammaGammaExpectedSpend, type BtydCustomer, type GammaGammaExpectedSpendResult, type GammaGammaParams } from "../../src/models/index.js";
import { expectIssue, gg } from "./shared.js";

describe("gammaGammaExpectedSpend", () => {
  test("p(v + x·m̄)/(p·x + q − 1) per customer, the population mean vp/(q − 1) without repeats; meta names the parameters", () => {
    const { customers, meta } = gammaGammaExpectedSpend(gg, [
      { customerId: "a", frequency: 2, recency: 30, T: 39, monetaryValue: 22.35 },
      { customerId: "b", frequency: 0, recency: 0, T: 39, monetaryValue: 0 },
    ]);
    expect(customers[0]).toEqual({ customerId: "a", expectedSpend: (gg.p * (gg.v + 2 * 22.35)) / (gg.p * 2 + gg.q - 1) });
    expect(customers[1].expectedSpend).toBe((gg.p * gg.v) / (gg.q - 1));
    expect(meta).toEqual({ model: "gamma-gamma", params: gg });
  });

  test("refuses bad parameters and q <= 1 (an infinite mean spend), never returning a negative spend", () => {
    const cs = [{ frequency: 1, recency: 1, T: 2, monetaryValue: 5 }];
    expect(() => gammaGammaExpectedSpend({ ...gg, q: 0.9 }, cs)).toThrow(/^gammaGammaExpectedSpend: q = 0.9 <= 1 means an infinite mean spend/);
    expect(() => gammaGammaExpectedSpend({ ...gg, p: Number.POSITIVE_INFINITY }, cs)).toThrow(/^gammaGammaExpectedSpend: params\.p must be a finite positive number/);
    expectIssue(() => gammaGammaExpectedSpend(gg, [{ customerId: "z", frequency: 1, recency: 1, T: 2, monetaryValue: Number.NaN }]), { path: ["records", 0, "monetaryValue"], customerId: "z" });
  });

  test("types", () => {
    expectTypeOf(gammaGammaExpectedSpend).parameter(0).toEqualTypeOf<GammaGammaParams>();
    expectTypeOf(gammaGammaExpectedSpend).parameter(1).toEqualTypeOf<Iterable<BtydCustomer>>();
    expectTypeOf(gammaGammaExpectedSpend).returns.toEqualTypeOf<GammaGammaExpectedSpendResult>();
    expectTypeOf<GammaGammaExpectedSpendResult["customers"][number]>().toEqualTypeOf<{ customerId: string; expectedSpend: number }>();
  });
});
