import type { CustomerInput } from "../../src/input/index.js";
import { describe, expect, expectTypeOf, test } from "vitest";
import { gammaGammaExpectedSpend, type BtydCustomer, type GammaGammaExpectedSpendColumnsResult, type GammaGammaExpectedSpendResult, type GammaGammaParams } from "../../src/models/index.js";
import { columnsOutputProperties } from "./columnsOutput.js";
import { expectIssue, gg } from "./shared.js";

describe("gammaGammaExpectedSpend", () => {
  columnsOutputProperties({
    run: (input, output) => gammaGammaExpectedSpend(gg, input, { output }),
    fields: ["expectedSpend"],
    reference: (c) => ({ expectedSpend: (gg.p * (gg.v + c.frequency * (c.monetaryValue ?? 0))) / (gg.p * c.frequency + gg.q - 1) }),
  });
  test("options: output only, checked", () => {
    expect(() => gammaGammaExpectedSpend(gg, [{ frequency: 0, recency: 0, T: 1, monetaryValue: 0 }], { output: "rows" as never })).toThrow(/^gammaGammaExpectedSpend: /);
    expect(() => gammaGammaExpectedSpend(gg, [{ frequency: 0, recency: 0, T: 1, monetaryValue: 0 }], { t: 1 } as never)).toThrow(/^gammaGammaExpectedSpend: /);
  });
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

  test("spends near the largest double: the finite weighted-mean value where x·m̄ overflows, else an overflow error", () => {
    // x·m̄ = 2e308 overflows; the expected spend itself, a weighted mean of vp/(q−1) and m̄, is below m̄
    const big = gammaGammaExpectedSpend({ p: 0.05, q: 1.0000000000000002, v: 0.05 }, [{ customerId: "a", frequency: 2, recency: 0, T: 0.1, monetaryValue: 1e308 }]);
    expect(Number.isFinite(big.customers[0].expectedSpend)).toBe(true);
    expect(big.customers[0].expectedSpend).toBeLessThanOrEqual(1e308);
    expect(big.customers[0].expectedSpend / 1e308).toBeCloseTo(1, 10);
    const shrunk = gammaGammaExpectedSpend(gg, [{ customerId: "b", frequency: 2, recency: 1, T: 3, monetaryValue: 1e308 }]).customers[0].expectedSpend;
    const own = (gg.p * 2) / (gg.p * 2 + gg.q - 1);
    expect(shrunk).toBe((1 - own) * ((gg.p * gg.v) / (gg.q - 1)) + own * 1e308);
    expectIssue(() => gammaGammaExpectedSpend({ p: 1e300, q: 1.0000000000000002, v: 1e300 }, [{ customerId: "c", frequency: 2, recency: 1, T: 3, monetaryValue: 1.7e308 }]), { code: "overflow", path: ["records", 0], customerId: "c" });
  });

  test("types", () => {
    expectTypeOf(gammaGammaExpectedSpend).parameter(0).toEqualTypeOf<GammaGammaParams>();
    expectTypeOf(gammaGammaExpectedSpend).parameter(1).toEqualTypeOf<CustomerInput<BtydCustomer>>();
    expectTypeOf(() => gammaGammaExpectedSpend(gg, [])).returns.toEqualTypeOf<GammaGammaExpectedSpendResult>();
    expectTypeOf(() => gammaGammaExpectedSpend(gg, [], { output: "records" })).returns.toEqualTypeOf<GammaGammaExpectedSpendResult>();
    expectTypeOf(() => gammaGammaExpectedSpend(gg, [], { output: "columns" })).returns.toEqualTypeOf<GammaGammaExpectedSpendColumnsResult>();
    expectTypeOf<GammaGammaExpectedSpendColumnsResult["columns"]>().toEqualTypeOf<{ customerId: string[]; expectedSpend: Float64Array }>();
    expectTypeOf<GammaGammaExpectedSpendResult["customers"][number]>().toEqualTypeOf<{ customerId: string; expectedSpend: number }>();
  });
});
