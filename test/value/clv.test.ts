import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { clvFormula, formulaClv, historicalClv } from "../../src/index.js";

describe("historicalClv", () => {
  test("margin and per-period values (hand-checked)", () => {
    const { values, meta } = historicalClv(
      [
        { customerId: "a", monetary: 1000, tenureDays: 29 },
        { customerId: "b", monetary: 300, tenureDays: 0 },
      ],
      { margin: 0.3, period: "day" },
    );
    expect(values).toEqual([
      { customerId: "a", value: 1000, historicalClv: 300, perPeriod: 10 },
      { customerId: "b", value: 300, historicalClv: 90, perPeriod: 90 },
    ]);
    expect(meta).toMatchObject({ margin: 0.3, period: "day", daysPerPeriod: 1, total: 390 });
    expect(historicalClv([{ customerId: "a", monetary: 5 }]).values[0]).toEqual({ customerId: "a", value: 5, historicalClv: 5, perPeriod: null });
  });
  test("errors", () => {
    expect(() => historicalClv([{ customerId: "a", monetary: 5 }], { margin: 1.5 })).toThrow(/^historicalClv: options\.margin/);
    expect(() => historicalClv([{ customerId: "a", monetary: 5 }], { period: "year" })).toThrow(expect.objectContaining({ code: "missing_field" }));
    expect(() => historicalClv([{ customerId: "a", monetary: 5, tenureDays: -1 }], { period: "year" })).toThrow(expect.objectContaining({ code: "invalid_value" }));
  });
});

describe("formulaClv", () => {
  test("infinite horizon m·r/(1+d−r) and finite sums (hand-checked)", () => {
    expect(clvFormula(100, 0.8, 0.1)).toBeCloseTo(266.6666666667, 9);
    expect(clvFormula(100, 0.8, 0.1, 1)).toBeCloseTo(100 * 0.8 / 1.1, 12);
    expect(clvFormula(100, 0.8, 0.1, 2)).toBeCloseTo(100 * (0.8 / 1.1 + (0.8 / 1.1) ** 2), 12);
    expect(clvFormula(100, 1, 0, 3)).toBe(300);
    const { values, meta } = formulaClv(
      [{ customerId: "a", margin: 100, p: 0.5 }, { customerId: "b", margin: 50, p: 0.9 }],
      { retention: "p", discountRate: 0.1 },
    );
    expect(values.map((v) => v.clv)).toEqual([(100 * 0.5) / 0.6, (50 * 0.9) / 0.2].map((x) => expect.closeTo(x, 10)));
    expect(meta.formula).toBe("m·r/(1+d−r)");
  });

  test("argument checks", () => {
    const rows = [{ customerId: "a", margin: 100 }];
    expect(() => formulaClv(rows, { retention: 1, discountRate: 0 })).toThrow(/^formulaClv: retention 1 must be below 1 \+ discountRate/);
    expect(formulaClv(rows, { retention: 1, discountRate: 0, horizon: 4 }).values[0].clv).toBe(400);
    expect(() => formulaClv(rows, { retention: 1.2, discountRate: 0.1 })).toThrow(RangeError);
    expect(() => formulaClv(rows, { retention: 0.5, discountRate: -1 })).toThrow(/^formulaClv: options\.discountRate/);
    expect(() => formulaClv([{ customerId: "a", margin: 1, p: 1.5 }], { retention: "p", discountRate: 0.1 })).toThrow(
      expect.objectContaining({ code: "invalid_value", issues: [expect.objectContaining({ path: "records[0].p" })] }),
    );
  });

  test("properties: finite sums increase with the horizon towards the infinite value; CLV is linear in the margin", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 0.95, noNaN: true }), fc.double({ min: 0, max: 0.5, noNaN: true }), fc.integer({ min: 1, max: 60 }), (r, d, t) => {
        const inf = clvFormula(100, r, d);
        const a = clvFormula(100, r, d, t);
        const b = clvFormula(100, r, d, t + 1);
        expect(b).toBeGreaterThanOrEqual(a - 1e-9);
        expect(b).toBeLessThanOrEqual(inf + 1e-9);
        expect(clvFormula(300, r, d, t)).toBeCloseTo(3 * a, 8);
      }),
    );
  });
});
