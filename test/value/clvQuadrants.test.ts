import fc from "fast-check";
import { describe, expect, expectTypeOf, test } from "vitest";
import { CLV_QUADRANTS, clvQuadrants, type ClvQuadrantRecord, type ClvQuadrantsColumnsResult, type ClvQuadrantsOptions, type ClvQuadrantsResult } from "../../src/value/index.js";
import { deepFreeze, shuffled } from "../helpers/arbitraries.js";
import { columnsOfRecords, recordsOfColumns, sharesNoArray } from "../helpers/columns.js";

const money = fc.integer({ min: -10_000, max: 10_000_000 }).map((c) => c / 100);
const recs = fc
  .array(fc.tuple(fc.oneof(money, fc.constantFrom(0, 100)), fc.oneof(money, fc.constantFrom(0, 100))), { minLength: 1, maxLength: 60 })
  .map((xs) => xs.map(([m, p], i) => ({ customerId: `c${i}`, monetary: m === 0 ? 0 : m, clv: p === 0 ? 0 : p })));
const byId = <T extends { customerId: string }>(xs: T[]) => [...xs].sort((a, b) => (a.customerId < b.customerId ? -1 : 1));

describe("clvQuadrants", () => {
  test("hand-checked quadrants, labels and given thresholds", () => {
    const rows = [
      { customerId: "a", monetary: 900, clv: 1200 },
      { customerId: "b", monetary: 800, clv: 100 },
      { customerId: "c", monetary: 50, clv: 900 },
      { customerId: "d", monetary: 50, clv: 80 },
    ];
    const { customers, meta } = clvQuadrants(rows, { potential: "clv" });
    expect(customers.map((q) => q.quadrant)).toEqual(["most_valuable", "loyal", "potential", "low_value"]);
    expect(meta.counts).toEqual({ most_valuable: 1, loyal: 1, potential: 1, low_value: 1 });
    expect(meta.thresholdMethod).toEqual({ current: "mean", potential: "mean" });
    expect(CLV_QUADRANTS.map((q) => `${q.quadrant} ${q.labelZh}`)).toEqual(["IV 最有价值客户", "III 次价值客户", "II 潜在价值客户", "I 低价值客户"]);
    const given = clvQuadrants(rows, { potential: (r) => r.clv, thresholds: { current: 900, potential: 100 }, ties: "high" });
    expect(given.customers.map((q) => q.quadrant)).toEqual(["most_valuable", "potential", "potential", "low_value"]);
    expect(given.meta.thresholdMethod).toEqual({ current: "given", potential: "given" });
    expect(given.meta.thresholds).toEqual({ current: 900, potential: 100 });
    const median = clvQuadrants(rows, { potential: "clv", thresholds: "median" });
    expect(median.meta.thresholds).toEqual({ current: 425, potential: 500 });
    expect(median.meta.thresholdMethod).toEqual({ current: "median", potential: "median" });
    expect(clvQuadrants(rows, { potential: "clv", thresholds: { potential: 100 } }).meta.thresholdMethod).toEqual({ current: "mean", potential: "given" });
  });

  test("errors", () => {
    expect(() => clvQuadrants([{ customerId: "a", monetary: 1 }], { potential: "clv" })).toThrow(
      expect.objectContaining({ code: "missing_field", issues: [expect.objectContaining({ path: ["fields", "potential"] })] }),
    );
    expect(() => clvQuadrants([{ customerId: "a", monetary: 1, clv: Number.NaN }], { potential: "clv" })).toThrow(
      expect.objectContaining({ code: "invalid_value", issues: [expect.objectContaining({ path: ["records", 0, "clv"], customerId: "a" })] }),
    );
    expect(() => clvQuadrants([{ customerId: "a", monetary: 1, clv: 1 }], {} as never)).toThrow(/^clvQuadrants: options\.potential/);
    expect(() => clvQuadrants([{ customerId: "a", monetary: 1, clv: 1 }], { potential: "clv", split: "median" } as never)).toThrow(/^clvQuadrants: options: unknown option "split"/);
  });

  test("properties: one quadrant each, counts sum to N, order and power-of-two scale change nothing, input untouched", () => {
    fc.assert(
      fc.property(recs.chain((rs) => fc.tuple(fc.constant(rs), shuffled(rs))), fc.integer({ min: -6, max: 6 }), ([rs, perm], k) => {
        const frozen = deepFreeze(structuredClone(rs));
        const { customers, meta } = clvQuadrants(frozen, { potential: "clv" });
        expect(frozen).toEqual(rs);
        expect(Object.values(meta.counts).reduce((a, b) => a + b, 0)).toBe(rs.length);
        expect(byId(clvQuadrants(perm, { potential: "clv" }).customers)).toEqual(byId(customers));
        const scaled = rs.map((r) => ({ ...r, monetary: r.monetary * 2 ** k, clv: r.clv * 2 ** k }));
        expect(clvQuadrants(scaled, { potential: "clv" }).customers.map((q) => q.quadrant)).toEqual(customers.map((q) => q.quadrant));
      }),
    );
  });

  test("types: options and the named result", () => {
    const result = clvQuadrants([{ customerId: "a", monetary: 1, clv: 2 }], { potential: "clv" });
    expectTypeOf(result).toEqualTypeOf<ClvQuadrantsResult>();
    expectTypeOf(result.customers).toEqualTypeOf<ClvQuadrantRecord[]>();
    expectTypeOf(result.meta.thresholdMethod.current).toEqualTypeOf<"mean" | "median" | "given">();
    expectTypeOf<{ potential: "clv"; thresholds: { current: number } }>().toExtend<ClvQuadrantsOptions>();
    expectTypeOf<{ thresholds: "median" }>().not.toExtend<ClvQuadrantsOptions>();
  });
});

describe("clvQuadrants: values near 1e308", () => {
  test("thresholds stay finite and exact when the sum of the values is not (quadrants used to be all low_value)", () => {
    const rows = [
      { customerId: "a", monetary: 1e308, clv: 1.5e308 },
      { customerId: "b", monetary: 1e308, clv: -1.5e308 },
      { customerId: "c", monetary: 1, clv: 1.5e308 },
    ];
    const mean = clvQuadrants(rows, { potential: "clv" });
    expect(mean.meta.thresholds).toEqual({ current: 6.666666666666666e307, potential: 5e307 });
    expect(mean.customers.map((c) => c.quadrant)).toEqual(["most_valuable", "loyal", "potential"]);
    const median = clvQuadrants([{ customerId: "a", monetary: -1.5e308, clv: 1 }, { customerId: "b", monetary: 1.5e308, clv: 2 }], { potential: "clv", thresholds: "median" });
    expect(median.meta.thresholds.current).toBe(0);
  });
});

test("every quadrant has its action in English and in Chinese (actionZh)", () => {
  for (const q of CLV_QUADRANTS) {
    expect(q.action).toMatch(/^[\x20-\x7e]+$/);
    expect(q.actionZh).toMatch(/^[\u4e00-\u9fff][^a-zA-Z]*。$/);
  }
  expect(CLV_QUADRANTS.find((q) => q.id === "potential")!.actionZh).toBe("当前价值低但潜力大：重点培育，通过向上销售和交叉销售释放潜力。");
});

describe("clvQuadrants: output columns", () => {
  const variants: ClvQuadrantsOptions[] = [{ potential: "clv" }, { potential: "clv", thresholds: "median", ties: "high" }, { potential: "clv", thresholds: { current: 100 } }];
  test.each(variants)("columns in and out hold exactly the records' values and meta; the input columns are untouched (%j)", (opts) => {
    fc.assert(
      fc.property(recs, (rs) => {
        const expected = clvQuadrants(rs, opts);
        const columns = columnsOfRecords(rs, ["monetary", "clv"]);
        const before = structuredClone(columns);
        const out = clvQuadrants(columns, { ...opts, output: "columns" });
        expect(columns).toEqual(before);
        expect(out.meta).toEqual(expected.meta);
        expect(out.columns.current).toBeInstanceOf(Float64Array);
        expect(recordsOfColumns(out.columns)).toEqual(expected.customers);
        expect(sharesNoArray(out.columns, columns)).toBe(true);
        expect(clvQuadrants(deepFreeze(structuredClone(rs)), { ...opts, output: "columns" })).toEqual(out);
      }),
    );
  });

  test("types: output columns narrows the result", () => {
    expectTypeOf(() => clvQuadrants([], { potential: "clv", output: "columns" })).returns.toEqualTypeOf<ClvQuadrantsColumnsResult>();
    expectTypeOf(() => clvQuadrants([], { potential: "clv" })).returns.toEqualTypeOf<ClvQuadrantsResult>();
  });
});
