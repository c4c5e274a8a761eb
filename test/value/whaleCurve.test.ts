import fc from "fast-check";
import { describe, expect, expectTypeOf, test } from "vitest";
import { whaleCurve, type WhaleCurveResult } from "../../src/value/index.js";

const rows = (values: number[]) => Object.freeze(values.map((profit, i) => Object.freeze({ customerId: `c${i}`, profit })));

describe("whaleCurve", () => {
  test("hand-checked: rises above 100%, peaks after the profitable customers, ends at 100%", () => {
    // ranked: 80, 50, 0, -10, -20 → cumulative 0, 80, 130, 130, 120, 100 of a total 100
    const { points, meta } = whaleCurve(rows([-10, 80, 0, -20, 50]));
    expect(points.map((p) => p.cumulativeProfit)).toEqual([0, 80, 130, 130, 120, 100]);
    expect(points.map((p) => p.profitShare)).toEqual([0, 0.8, 1.3, 1.3, 1.2, 1]);
    expect(points.map((p) => p.customerShare)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(meta).toEqual({
      customers: 5,
      totalProfit: 100,
      peakProfit: 130,
      peakShare: 1.3,
      peakCustomers: 2,
      peakCustomerShare: 0.4,
      valueDestroyingCustomers: 2,
      valueDestroyingShare: 0.4,
      profitDestroyed: 30,
      points: 6,
      downsampled: false,
    });
  });

  test("no loss-makers: the curve peaks at its end, at 100%; accessor values", () => {
    const { meta } = whaleCurve([{ id: "a", p: 3 }, { id: "b", p: 1 }], { customerId: "id", value: (r) => r.p });
    expect(meta).toMatchObject({ peakShare: 1, profitDestroyed: 0, valueDestroyingCustomers: 0, peakCustomers: 2 });
  });

  test("downsampling keeps the ends and the peak", () => {
    const values = Array.from({ length: 10_001 }, (_, i) => (i % 7 === 0 ? -1 : 2));
    const { points, meta } = whaleCurve(rows(values), { maxPoints: 50 });
    expect(meta.downsampled).toBe(true);
    expect(points.length).toBeLessThanOrEqual(50);
    expect(points[0]).toMatchObject({ customers: 0, profitShare: 0 });
    expect(points.at(-1)).toMatchObject({ customers: 10_001, profitShare: 1, customerShare: 1 });
    // the peak (8,572 profitable customers) is not on the even grid round(j·10001/48): it is added
    expect(meta.peakCustomers).toBe(8572);
    expect(points.filter((p) => p.customers === 8572)).toEqual([{ customers: 8572, customerShare: 8572 / 10_001, cumulativeProfit: 17_144, profitShare: 17_144 / (17_144 - 1429) }]);
    expect(points.map((p) => p.customers)).toEqual([...points.map((p) => p.customers)].sort((x, y) => x - y));
    const peak = points.find((p) => p.customers === meta.peakCustomers)!;
    expect(peak.cumulativeProfit).toBe(meta.peakProfit);
    expect(Math.max(...points.map((p) => p.profitShare))).toBe(meta.peakShare);
  });

  test("errors: a total ≤ 0, overflow, bad values and options", () => {
    expect(() => whaleCurve(rows([5, -5]))).toThrow(expect.objectContaining({ code: "degenerate_data" }));
    expect(() => whaleCurve(rows([1e308, 1e308, -1e308, -1e308, 1]))).toThrow(expect.objectContaining({ code: "overflow" }));
    expect(() => whaleCurve(rows([1e300, -1e300, 1e-300]))).toThrow(expect.objectContaining({ code: "overflow" }));
    expect(() => whaleCurve(rows([1, Number.NaN]))).toThrow(expect.objectContaining({ code: "invalid_value", issues: [expect.objectContaining({ path: ["records", 1, "profit"] })] }));
    expect(() => whaleCurve([])).toThrow(expect.objectContaining({ code: "empty_input" }));
    expect(() => whaleCurve(rows([1]), { maxPoints: 2 })).toThrow(/^whaleCurve: options\.maxPoints/);
    expect(() => whaleCurve(rows([1]), { steps: 2 } as never)).toThrow(/^whaleCurve: options: unknown option "steps"/);
  });

  test("properties: the end equals the total profit, the peak is ≥ the end, the points climb then fall", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1_000_000, max: 1_000_000 }), { minLength: 1, maxLength: 300 }), fc.integer({ min: 3, max: 400 }), (values, maxPoints) => {
        const total = values.reduce((s, x) => s + x, 0);
        fc.pre(total > 0);
        const { points, meta } = whaleCurve(rows(values), { maxPoints });
        expect(points.at(-1)!.cumulativeProfit).toBe(total);
        expect(meta.totalProfit).toBe(total);
        expect(meta.peakProfit).toBeGreaterThanOrEqual(meta.totalProfit);
        expect(meta.peakShare).toBeGreaterThanOrEqual(1);
        expect(meta.peakProfit - meta.profitDestroyed).toBe(total);
        expect(meta.peakProfit).toBe(values.filter((x) => x > 0).reduce((s, x) => s + x, 0));
        expect(points.length).toBeLessThanOrEqual(Math.max(maxPoints, 3));
        const peakAt = points.findIndex((p) => p.customers === meta.peakCustomers);
        expect(peakAt).toBeGreaterThan(-1);
        for (let i = 1; i < points.length; i++) {
          if (i <= peakAt) expect(points[i].cumulativeProfit).toBeGreaterThanOrEqual(points[i - 1].cumulativeProfit);
          else expect(points[i].cumulativeProfit).toBeLessThanOrEqual(points[i - 1].cumulativeProfit);
        }
      }),
    );
  });

  test("types", () => {
    expectTypeOf(whaleCurve(rows([1]))).toEqualTypeOf<WhaleCurveResult>();
  });
});
