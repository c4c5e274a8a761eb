import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { CLV_QUADRANTS, clvQuadrants, valueMatrix, VALUE_MATRIX_CELLS } from "../../src/index.js";
import { deepFreeze, shuffled } from "../helpers/arbitraries.js";

const money = fc.integer({ min: -10_000, max: 10_000_000 }).map((c) => c / 100);
const recs = fc
  .array(fc.tuple(fc.oneof(money, fc.constantFrom(0, 100)), fc.oneof(money, fc.constantFrom(0, 100)), fc.integer({ min: 0, max: 50 })), { minLength: 1, maxLength: 60 })
  .map((xs) => xs.map(([m, p, f], i) => ({ customerId: `c${i}`, monetary: m === 0 ? 0 : m, clv: p === 0 ? 0 : p, frequency: f, averageOrderValue: m === 0 ? 0 : m })));
const byId = <T extends { customerId: string }>(xs: T[]) => [...xs].sort((a, b) => (a.customerId < b.customerId ? -1 : 1));

describe("clvQuadrants", () => {
  test("hand-checked quadrants, labels and explicit thresholds", () => {
    const rows = [
      { customerId: "a", monetary: 900, clv: 1200 },
      { customerId: "b", monetary: 800, clv: 100 },
      { customerId: "c", monetary: 50, clv: 900 },
      { customerId: "d", monetary: 50, clv: 80 },
    ];
    const { quadrants, meta } = clvQuadrants(rows, { potential: "clv" });
    expect(quadrants.map((q) => q.quadrant)).toEqual(["most_valuable", "loyal", "potential", "low_value"]);
    expect(meta.counts).toEqual({ most_valuable: 1, loyal: 1, potential: 1, low_value: 1 });
    expect(CLV_QUADRANTS.map((q) => `${q.quadrant} ${q.labelZh}`)).toEqual(["IV 最有价值客户", "III 次价值客户", "II 潜在价值客户", "I 低价值客户"]);
    const given = clvQuadrants(rows, { potential: (r) => r.clv, split: { current: 900, potential: 100 }, ties: "high" });
    expect(given.quadrants.map((q) => q.quadrant)).toEqual(["most_valuable", "potential", "potential", "low_value"]);
    expect(given.meta.split).toEqual({ current: "given", potential: "given" });
    expect(clvQuadrants(rows, { potential: "clv", split: "median" }).meta.thresholds).toEqual({ current: 425, potential: 500 });
  });

  test("errors", () => {
    expect(() => clvQuadrants([{ customerId: "a", monetary: 1 }], { potential: "clv" })).toThrow(expect.objectContaining({ code: "missing_field" }));
    expect(() => clvQuadrants([{ customerId: "a", monetary: 1, clv: Number.NaN }], { potential: "clv" })).toThrow(expect.objectContaining({ code: "invalid_value" }));
    expect(() => clvQuadrants([{ customerId: "a", monetary: 1, clv: 1 }], {} as never)).toThrow(/^clvQuadrants: options\.potential/);
  });

  test("properties: one quadrant each, counts sum to N, order and power-of-two scale change nothing, input untouched", () => {
    fc.assert(
      fc.property(recs.chain((rs) => fc.tuple(fc.constant(rs), shuffled(rs))), fc.integer({ min: -6, max: 6 }), ([rs, perm], k) => {
        const frozen = deepFreeze(structuredClone(rs));
        const { quadrants, meta } = clvQuadrants(frozen, { potential: "clv" });
        expect(frozen).toEqual(rs);
        expect(Object.values(meta.counts).reduce((a, b) => a + b, 0)).toBe(rs.length);
        expect(byId(clvQuadrants(perm, { potential: "clv" }).quadrants)).toEqual(byId(quadrants));
        const scaled = rs.map((r) => ({ ...r, monetary: r.monetary * 2 ** k, clv: r.clv * 2 ** k }));
        expect(clvQuadrants(scaled, { potential: "clv" }).quadrants.map((q) => q.quadrant)).toEqual(quadrants.map((q) => q.quadrant));
      }),
    );
  });
});

describe("valueMatrix", () => {
  test("hand-checked cells from summaries, labels", () => {
    const { cells, meta } = valueMatrix([
      { customerId: "a", frequency: 10, averageOrderValue: 90 },
      { customerId: "b", frequency: 1, averageOrderValue: 100 },
      { customerId: "c", frequency: 8, averageOrderValue: 10 },
      { customerId: "d", frequency: 1, averageOrderValue: 20 },
    ]);
    expect(cells.map((c) => c.cell)).toEqual(["best", "spend_happy", "frequent", "uncertain"]);
    expect(meta.thresholds).toEqual({ frequency: 5, averageOrderValue: 55 });
    expect(VALUE_MATRIX_CELLS.map((c) => c.labelZh)).toEqual(["最优质客户", "乐于消费型", "经常消费型", "不确定型"]);
    expect(() => valueMatrix([{ customerId: "a", frequency: -1, averageOrderValue: 1 }])).toThrow(expect.objectContaining({ code: "invalid_value" }));
  });

  test("properties: counts sum to N; raising frequency above the split makes F high and leaves the AOV side", () => {
    fc.assert(
      fc.property(recs, (rs) => {
        const { cells, meta } = valueMatrix(rs, { split: { frequency: 10, averageOrderValue: 50 } });
        expect(Object.values(meta.counts).reduce((a, b) => a + b, 0)).toBe(rs.length);
        const raised = valueMatrix(rs.map((r) => ({ ...r, frequency: r.frequency + 20 })), { split: { frequency: 10, averageOrderValue: 50 } });
        const aovHigh = (cell: string) => cell === "best" || cell === "spend_happy";
        raised.cells.forEach((c, i) => {
          expect(["best", "frequent"]).toContain(c.cell);
          expect(aovHigh(c.cell)).toBe(aovHigh(cells[i].cell));
        });
      }),
    );
  });
});
