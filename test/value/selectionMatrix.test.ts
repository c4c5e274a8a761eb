import fc from "fast-check";
import { describe, expect, expectTypeOf, test } from "vitest";
import { selectionMatrix, SELECTION_MATRIX_REGIONS, type SelectionMatrixOptions, type SelectionMatrixResult } from "../../src/value/index.js";
import { deepFreeze, shuffled } from "../helpers/arbitraries.js";

const value = fc.integer({ min: -1000, max: 1000 });
const recs = fc
  .array(fc.tuple(value, value, value), { minLength: 1, maxLength: 40 })
  .map((xs) => xs.map(([amount, risk, service], i) => ({ customerId: `c${i}`, amount, risk, service })));
const methods = fc.constantFrom("minmax" as const, "zscore" as const, "rank" as const);
const base = (normalize: "minmax" | "zscore" | "rank"): SelectionMatrixOptions => ({
  attractiveness: [{ field: "amount", weight: 3 }, { field: "risk", direction: "lower" }],
  capability: [{ field: "service" }],
  normalize,
});

describe("selectionMatrix", () => {
  test("hand-checked min–max scores and regions", () => {
    const rows = [
      { customerId: "a", amount: 900, lateDays: 0, service: 9 },
      { customerId: "b", amount: 800, lateDays: 5, service: 2 },
      { customerId: "c", amount: 100, lateDays: 30, service: 8 },
      { customerId: "d", amount: 50, lateDays: 40, service: 1 },
    ];
    const { customers, meta } = selectionMatrix(rows, { attractiveness: [{ field: "amount", weight: 2 }, { field: "lateDays", direction: "lower" }], capability: [{ field: "service" }] });
    // b: amount (800-50)/850 = 15/17, lateDays (40-5)/40 = 7/8 → (2·15/17 + 7/8)/3
    expect(customers[1].attractiveness).toBeCloseTo((2 * (15 / 17) + 7 / 8) / 3, 14);
    expect(customers[2].capability).toBeCloseTo(7 / 8, 14);
    expect(customers.map((c) => c.region)).toEqual(["A", "B", "C", "D"]);
    expect(meta.counts).toEqual({ A: 1, B: 1, C: 1, D: 1 });
    expect(meta.normalize).toBe("minmax");
    expect(meta.thresholdMethod).toEqual({ attractiveness: "mean", capability: "mean" });
    expect(meta.thresholds.capability).toBeCloseTo(0.5, 14);
    expect(meta.criteria.map((c) => [c.name, c.axis, c.weightShare, c.min, c.max, c.mean])).toEqual([
      ["amount", "attractiveness", 2 / 3, 50, 900, 462.5],
      ["lateDays", "attractiveness", 1 / 3, 0, 40, 18.75],
      ["service", "capability", 1, 1, 9, 5],
    ]);
    expect(SELECTION_MATRIX_REGIONS.map((r) => r.id)).toEqual(["A", "B", "C", "D"]);
    expect(SELECTION_MATRIX_REGIONS[0].labelZh).toContain("门当户对");
  });

  test("hand-checked z-score and rank, given and median thresholds, ties", () => {
    const rows = [{ id: 1, x: 1, y: 10 }, { id: 2, x: 2, y: 10 }, { id: 3, x: 3, y: 40 }];
    const z = selectionMatrix(rows, { customerId: "id", attractiveness: [{ field: "x" }], capability: [{ name: "y", field: (r) => r.y }], normalize: "zscore" });
    // x: mean 2, population sd sqrt(2/3)
    expect(z.customers.map((c) => c.attractiveness)).toEqual([-1 / Math.sqrt(2 / 3), 0, 1 / Math.sqrt(2 / 3)].map((v) => expect.closeTo(v, 12)));
    expect(z.customers.map((c) => c.region)).toEqual(["D", "D", "A"]);
    const r = selectionMatrix(rows, { customerId: "id", attractiveness: [{ field: "x" }], capability: [{ field: "y" }], normalize: "rank", thresholds: "median" });
    // y ranks: the tie 10, 10 shares rank 1.5 → (1.5 − 1)/2 = 0.25; 40 → 1
    expect(r.customers.map((c) => c.capability)).toEqual([0.25, 0.25, 1]);
    expect(r.meta.thresholds).toEqual({ attractiveness: 0.5, capability: 0.25 });
    expect(r.customers.map((c) => c.region)).toEqual(["D", "D", "A"]);
    const high = selectionMatrix(rows, { customerId: "id", attractiveness: [{ field: "x" }], capability: [{ field: "y" }], normalize: "rank", thresholds: { attractiveness: 0.5 }, ties: "high" });
    expect(high.meta.thresholdMethod).toEqual({ attractiveness: "given", capability: "mean" });
    expect(high.customers.map((c) => c.region)).toEqual(["D", "B", "A"]);
    const constant = selectionMatrix([{ customerId: "a", x: 5 }, { customerId: "b", x: 5 }], { attractiveness: [{ field: "x" }], capability: [{ field: "x" }] });
    expect(constant.customers.map((c) => c.attractiveness)).toEqual([0.5, 0.5]);
    expect(constant.meta.criteria[0].constant).toBe(true);
  });

  test("errors", () => {
    const rows = [{ customerId: "a", x: 1 }];
    expect(() => selectionMatrix([{ customerId: "a", x: Number.NaN }], { attractiveness: [{ field: "x" }], capability: [{ field: "x" }] })).toThrow(
      expect.objectContaining({ code: "invalid_value", issues: expect.arrayContaining([expect.objectContaining({ path: ["records", 0, "x"], customerId: "a" })]) }),
    );
    expect(() => selectionMatrix(rows, { attractiveness: [{ field: "y" }], capability: [{ field: "x" }] })).toThrow(expect.objectContaining({ code: "missing_field" }));
    expect(() => selectionMatrix([], { attractiveness: [{ field: "x" }], capability: [{ field: "x" }] })).toThrow(expect.objectContaining({ code: "empty_input" }));
    expect(() => selectionMatrix(rows, { attractiveness: [], capability: [{ field: "x" }] })).toThrow(/^selectionMatrix: options\.attractiveness/);
    expect(() => selectionMatrix(rows, { attractiveness: [{ field: "x", weight: 0 }], capability: [{ field: "x" }] })).toThrow(RangeError);
    expect(() => selectionMatrix(rows, { attractiveness: [{ field: (r) => r.x }], capability: [{ field: "x" }] })).toThrow(/^selectionMatrix: options\.attractiveness\.0\.name/);
    expect(() => selectionMatrix(rows, { attractiveness: [{ field: "x" }, { field: "x" }], capability: [{ field: "x" }] })).toThrow(/names two criteria/);
    expect(() => selectionMatrix(rows, { attractiveness: [{ field: "x" }], capability: [{ field: "x" }], normalize: "log" as never })).toThrow(/^selectionMatrix: options\.normalize/);
    expect(() => selectionMatrix(rows, { attractiveness: [{ field: "x" }], capability: [{ field: "x" }], split: 1 } as never)).toThrow(/unknown option "split"/);
  });

  test("values near 1e308 give finite scores", () => {
    const { customers, meta } = selectionMatrix(
      [{ customerId: "a", x: 1.7e308 }, { customerId: "b", x: -1.7e308 }, { customerId: "c", x: 0 }],
      { attractiveness: [{ field: "x" }], capability: [{ field: "x", direction: "lower" }], normalize: "zscore" },
    );
    for (const c of customers) expect(Number.isFinite(c.attractiveness) && Number.isFinite(c.capability)).toBe(true);
    expect(customers.map((c) => c.region)).toEqual(["B", "C", "D"]);
    expect(meta.criteria[0].mean).toBe(0);
    expect(meta.criteria[0].sd).toBeCloseTo(Math.sqrt(2 / 3) * 1.7e308, -300);
  });

  test("property: regions conserve customers, scores are finite and in [0, 1] for min–max and rank; input untouched", () => {
    fc.assert(
      fc.property(recs, methods, (rs, m) => {
        const frozen = deepFreeze(structuredClone(rs));
        const { customers, meta } = selectionMatrix(frozen, base(m));
        expect(frozen).toEqual(rs);
        expect(customers.map((c) => c.customerId)).toEqual(rs.map((r) => r.customerId));
        expect(Object.values(meta.counts).reduce((a, b) => a + b, 0)).toBe(rs.length);
        for (const id of ["A", "B", "C", "D"]) expect(customers.filter((c) => c.region === id).length).toBe(meta.counts[id]);
        for (const c of customers) {
          expect(Number.isFinite(c.attractiveness) && Number.isFinite(c.capability)).toBe(true);
          if (m !== "zscore") expect(Math.min(c.attractiveness, c.capability) >= 0 && Math.max(c.attractiveness, c.capability) <= 1 + 1e-12).toBe(true);
        }
      }),
    );
  });

  test("property: permuting the customers permutes the result (same scores and region per customer)", () => {
    fc.assert(
      fc.property(recs.chain((rs) => fc.tuple(fc.constant(rs), shuffled(rs))), methods, ([rs, perm], m) => {
        const byId = (r: SelectionMatrixResult) => new Map(r.customers.map((c) => [c.customerId, c]));
        const a = byId(selectionMatrix(rs, { ...base(m), thresholds: "median" }));
        const b = byId(selectionMatrix(perm, { ...base(m), thresholds: "median" }));
        for (const [id, c] of a) {
          expect(b.get(id)!.region).toBe(c.region);
          expect(b.get(id)!.attractiveness).toBeCloseTo(c.attractiveness, 9);
        }
      }),
    );
  });

  test("property: raising one customer's 'higher' criterion never lowers its score nor its region on that axis", () => {
    fc.assert(
      fc.property(recs, fc.nat(), fc.integer({ min: 1, max: 3000 }), methods, (rs, k, up, m) => {
        const i = k % rs.length;
        const opts = { ...base(m), thresholds: { attractiveness: m === "zscore" ? 0 : 0.5, capability: m === "zscore" ? 0 : 0.5 } };
        const before = selectionMatrix(rs, opts).customers[i];
        const after = selectionMatrix(rs.map((r, j) => (j === i ? { ...r, amount: r.amount + up } : r)), opts).customers[i];
        expect(after.attractiveness).toBeGreaterThanOrEqual(before.attractiveness - 1e-12);
        const attractive = (region: string) => region === "A" || region === "B";
        if (attractive(before.region) && before.attractiveness > 0.5 + 1e-9) expect(attractive(after.region)).toBe(true);
        expect(after.capability).toBe(before.capability);
      }),
    );
  });

  test("types: options and the named result", () => {
    const result = selectionMatrix([{ customerId: "a", x: 1 }], { attractiveness: [{ field: "x" }], capability: [{ field: "x" }] });
    expectTypeOf(result).toEqualTypeOf<SelectionMatrixResult>();
    expectTypeOf<{ attractiveness: []; capability: []; thresholds: { capability: number } }>().toExtend<SelectionMatrixOptions>();
    expectTypeOf<{ attractiveness: []; capability: []; thresholds: { current: number } }>().not.toExtend<SelectionMatrixOptions>();
  });
});
