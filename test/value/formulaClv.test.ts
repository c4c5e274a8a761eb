import { describe, expect, expectTypeOf, test } from "vitest";
import { clvFromMargin, formulaClv, type FormulaClvOptions, type FormulaClvRecord, type FormulaClvResult } from "../../src/value/index.js";

describe("formulaClv", () => {
  test("per-customer retention, infinite horizon m·r/(1+d−r) (hand-checked)", () => {
    const { customers, meta } = formulaClv(
      [{ customerId: "a", margin: 100, p: 0.5 }, { customerId: "b", margin: 50, p: 0.9 }],
      { retention: "p", discountRate: 0.1 },
    );
    expect(customers.map((v) => v.clv)).toEqual([(100 * 0.5) / 0.6, (50 * 0.9) / 0.2].map((x) => expect.closeTo(x, 10)));
    expect(customers.map((v) => v.retention)).toEqual([0.5, 0.9]);
    expect(meta).toEqual({ customers: 2, discountRate: 0.1, horizon: null, formula: "m·r/(1+d−r)" });
  });

  test("a margin whose CLV overflows is an issue naming the customer, not Infinity", () => {
    expect(() => formulaClv([{ customerId: "a", margin: 1e308 }], { retention: 0.9, discountRate: 0.01 })).toThrow(/records\[0\]\.margin: the CLV of margin 1e\+308 is Infinity/);
  });

  test("one retention for everyone; a horizon sums T periods, exactly as clvFromMargin", () => {
    const rows = [{ customerId: "a", margin: 100 }, { customerId: 7, margin: 40 }];
    const { customers, meta } = formulaClv(rows, { retention: 0.8, discountRate: 0.1, horizon: 5 });
    // Σ_{t=1..5} m·q^t with q = 0.8/1.1, summed independently of the library
    const sum = [1, 2, 3, 4, 5].reduce((s, t) => s + (0.8 / 1.1) ** t, 0);
    expect(customers.map((c) => [c.customerId, c.clv])).toEqual([["a", clvFromMargin(100, 0.8, 0.1, 5)], ["7", clvFromMargin(40, 0.8, 0.1, 5)]]);
    expect(customers[0].clv).toBeCloseTo(100 * sum, 10);
    expect(customers[1].clv).toBeCloseTo(40 * sum, 10);
    expect(meta.horizon).toBe(5);
  });

  test("argument checks", () => {
    const rows = [{ customerId: "a", margin: 100 }];
    expect(() => formulaClv(rows, { retention: 1, discountRate: 0 })).toThrow(/^formulaClv: retention 1 must be below 1 \+ discountRate/);
    expect(formulaClv(rows, { retention: 1, discountRate: 0, horizon: 4 }).customers[0].clv).toBe(400);
    expect(() => formulaClv(rows, { retention: 1.2, discountRate: 0.1 })).toThrow(RangeError);
    expect(() => formulaClv(rows, { retention: 0.5, discountRate: -1 })).toThrow(/^formulaClv: options\.discountRate/);
    expect(() => formulaClv(rows, { retention: 0.5, discountRate: 0.1, horizont: 3 } as never)).toThrow(/^formulaClv: options: unknown option "horizont"/);
    expect(() => formulaClv([{ customerId: "a", margin: 1, p: 1.5 }], { retention: "p", discountRate: 0.1 })).toThrow(
      expect.objectContaining({ code: "invalid_value", issues: [expect.objectContaining({ path: ["records", 0, "p"], customerId: "a" })] }),
    );
    expect(() => formulaClv([{ customerId: "a", margin: 1, p: -0.1 }], { retention: "p", discountRate: 0.1 })).toThrow(
      expect.objectContaining({ code: "invalid_value", issues: [expect.objectContaining({ path: ["records", 0, "p"] })] }),
    );
  });

  test("types: options and the named result", () => {
    const result = formulaClv([{ customerId: "a", margin: 100 }], { retention: 0.8, discountRate: 0.1 });
    expectTypeOf(result).toEqualTypeOf<FormulaClvResult>();
    expectTypeOf(result.customers).toEqualTypeOf<FormulaClvRecord[]>();
    expectTypeOf<{ retention: "pAlive"; discountRate: number }>().toExtend<FormulaClvOptions>();
    expectTypeOf<{ retention: number }>().not.toExtend<FormulaClvOptions>();
  });
});

describe("formulaClv: margins near 1e308", () => {
  test("a CLV beyond the doubles is an overflow naming the customer; an intermediate beyond them is not", () => {
    expect(() => formulaClv([{ customerId: "a", margin: 1e308 }], { retention: 0.9, discountRate: 0, horizon: 3 })).toThrow(
      expect.objectContaining({ code: "overflow", issues: [expect.objectContaining({ path: ["records", 0, "margin"], customerId: "a" })] }),
    );
    // m·r is beyond the doubles, m·r/(1+d−r) is not
    expect(formulaClv([{ customerId: "a", margin: 1.5e308 }], { retention: 1.5, discountRate: 2 }).customers[0].clv).toBeCloseTo(1.5e308, -293);
    expect(clvFromMargin(1.5e308, 1.5, 2)).toBeCloseTo(1.5e308, -293);
    // q^T is beyond the doubles, the CLV of a tiny margin is not: Σ_{t=1..700} 3^t · 1e-300 ≈ 1.5 · 3^700 · 1e-300
    const expected = Math.exp(Math.log(1.5) + 700 * Math.log(3) - 300 * Math.log(10));
    expect(clvFromMargin(1e-300, 3, 0, 700) / expected).toBeCloseTo(1, 10);
  });
});
