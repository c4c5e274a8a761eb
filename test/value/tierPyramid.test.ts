import fc from "fast-check";
import { describe, expect, expectTypeOf, test } from "vitest";
import { CRM_PYRAMID_TIERS, tierPyramid, ZEITHAML_PYRAMID_TIERS, type TierPyramidColumnsResult, type TierPyramidOptions, type TierPyramidResult, type TierRecord } from "../../src/value/index.js";
import { deepFreeze, shuffled } from "../helpers/arbitraries.js";
import { columnsOfRecords, recordsOfColumns, sharesNoArray } from "../helpers/columns.js";

const rows = (values: number[]) => values.map((v, i) => ({ customerId: `c${i}`, monetary: v }));
const values = fc
  .array(fc.oneof(fc.constantFrom(0, 10, 100), fc.integer({ min: -5_000, max: 1_000_000 }).map((c) => c / 100)), { minLength: 1, maxLength: 60 })
  .filter((xs) => xs.some((x) => x > 0))
  .map((xs) => xs.map((x) => (x === 0 ? 0 : x)));
const TOP = { crm: CRM_PYRAMID_TIERS.map((t) => t.id), zeithaml: ZEITHAML_PYRAMID_TIERS.map((t) => t.id) };

describe("tierPyramid: ranks and overflow", () => {
  test("ranks follow the values: -1,165.30 ranks below 0 instead of tying with it; every negative is in the bottom tier", () => {
    const { customers } = tierPyramid(rows([500, 0, -1165.3, 300, -20, 0]));
    expect(customers.map((t) => t.rank)).toEqual([1, 3, 6, 2, 5, 3]);
    expect(customers.map((t) => t.tier)).toEqual(["key_important", "small", "inferior", "key_secondary", "inferior", "small"]);
    const z = tierPyramid(rows([10, 0, -1165.3, -20, 5]), { scheme: "zeithaml" }).customers;
    expect(z.map((t) => [t.rank, t.tier])).toEqual([[1, "platinum"], [3, "gold"], [5, "lead"], [4, "lead"], [2, "gold"]]);
  });

  test("values near 1e308: overflow instead of NaN tiers", () => {
    expect(() => tierPyramid(rows([1e308, 1e308, 1]))).toThrow(expect.objectContaining({ code: "overflow" }));
    expect(() => tierPyramid(rows([1e308, 1e308, 1]), { scheme: "zeithaml" })).toThrow(/^tierPyramid: records: the total value/);
  });
});

describe("tierPyramid", () => {
  test("CRM tiers by value share (hand-checked), inferior for negative value", () => {
    const { customers, meta } = tierPyramid(rows([500, 300, 150, 50, -20]));
    expect(customers.map((t) => t.tier)).toEqual(["key_important", "key_secondary", "ordinary", "small", "inferior"]);
    expect(meta.thresholds).toEqual({ important: 0.5, key: 0.8, ordinary: 0.95 });
    expect(meta.valueShares).toEqual({ key_important: 0.5, key_secondary: 0.3, ordinary: 0.15, small: 0.05, inferior: 0 });
    expect(TOP.crm).toEqual(["key_important", "key_secondary", "ordinary", "small", "inferior"]);
  });

  test("Zeithaml pyramid by customer share: 20/30/30/20, negative is lead", () => {
    const { customers, meta } = tierPyramid(rows([10, 9, 8, 7, 6, 5, 4, 3, 2, -1]), { scheme: "zeithaml" });
    expect(customers.map((t) => t.tier)).toEqual(["platinum", "platinum", "gold", "gold", "gold", "iron", "iron", "iron", "lead", "lead"]);
    expect(meta.by).toBe("count");
    expect(meta.counts).toEqual({ platinum: 2, gold: 3, iron: 3, lead: 2 });
  });

  test("given thresholds merge with the defaults", () => {
    const { customers, meta } = tierPyramid(rows([500, 300, 150, 50]), { thresholds: { important: 0.3 } });
    expect(meta.thresholds).toEqual({ important: 0.3, key: 0.8, ordinary: 0.95 });
    expect(customers.map((t) => t.tier)).toEqual(["key_important", "key_secondary", "ordinary", "small"]);
  });

  test("option and data errors", () => {
    expect(() => tierPyramid(rows([1, 2]), { thresholds: { key: 0.4 } })).toThrow(/^tierPyramid: thresholds must increase/);
    expect(() => tierPyramid(rows([1, 2]), { thresholds: { platinum: 0.1 } })).toThrow(/^tierPyramid: thresholds\.platinum is not a threshold of the crm scheme/);
    expect(() => tierPyramid(rows([1, 2]), { cuts: { key: 0.7 } } as never)).toThrow(/^tierPyramid: options: unknown option "cuts"/);
    expect(() => tierPyramid(rows([0, -1]))).toThrow(expect.objectContaining({ code: "degenerate_data", issues: [expect.objectContaining({ path: ["records"] })] }));
    expect(() => tierPyramid([{ customerId: "a", monetary: Infinity }])).toThrow(
      expect.objectContaining({ code: "invalid_value", issues: [expect.objectContaining({ path: ["records", 0, "monetary"], customerId: "a" })] }),
    );
  });

  test.each(["crm", "zeithaml"] as const)("%s: one tier each, counts sum to N, higher value never a lower tier, order/scale invariant", (scheme) => {
    fc.assert(
      fc.property(values.chain((xs) => fc.tuple(fc.constant(xs), shuffled(xs.map((x, i) => ({ x, i }))))), fc.integer({ min: -6, max: 6 }), ([xs, perm], k) => {
        const frozen = deepFreeze(rows(xs));
        const { customers, meta } = tierPyramid(frozen, { scheme });
        expect(Object.values(meta.counts).reduce((a, b) => a + b, 0)).toBe(xs.length);
        const level = (t: string) => TOP[scheme].indexOf(t);
        for (const a of customers) for (const b of customers) if (a.value > b.value) expect(level(a.tier)).toBeLessThanOrEqual(level(b.tier));
        const permuted = tierPyramid(perm.map(({ x, i }) => ({ customerId: `c${i}`, monetary: x })), { scheme });
        const byId = new Map(permuted.customers.map((t) => [t.customerId, t.tier]));
        customers.forEach((t) => expect(byId.get(t.customerId)).toBe(t.tier));
        expect(tierPyramid(rows(xs.map((x) => x * 2 ** k)), { scheme }).customers.map((t) => t.tier)).toEqual(customers.map((t) => t.tier));
      }),
    );
  });

  test("types: options and the named result", () => {
    const result = tierPyramid(rows([1]));
    expectTypeOf(result).toEqualTypeOf<TierPyramidResult>();
    expectTypeOf(result.customers).toEqualTypeOf<TierRecord[]>();
    expectTypeOf<{ scheme: "zeithaml"; thresholds: { platinum: number } }>().toExtend<TierPyramidOptions>();
    expectTypeOf<{ scheme: "abc" }>().not.toExtend<TierPyramidOptions>();
  });
});

test("every tier has its action in English and in Chinese (actionZh), as the classic segments do", () => {
  for (const t of [...CRM_PYRAMID_TIERS, ...ZEITHAML_PYRAMID_TIERS]) {
    expect(t.action).toMatch(/^[\x20-\x7e]+$/);
    expect(t.actionZh).toMatch(/^[\u4e00-\u9fff][^a-zA-Z]*。$/);
  }
  expect(CRM_PYRAMID_TIERS.find((t) => t.id === "key_important")!.actionZh).toBe("重点客户中的核心：配备专属客户经理，一对一维护。");
});

describe("tierPyramid: output columns", () => {
  const variants: TierPyramidOptions[] = [{}, { by: "count" }, { scheme: "zeithaml" }, { scheme: "zeithaml", by: "value", thresholds: { gold: 0.7 } }];
  test.each(variants)("columns in and out hold exactly the records' values and meta; the input columns are untouched (%j)", (opts) => {
    fc.assert(
      fc.property(values, (xs) => {
        const rs = rows(xs);
        const expected = tierPyramid(rs, opts);
        const columns = columnsOfRecords(rs, ["monetary"]);
        const before = structuredClone(columns);
        const out = tierPyramid(columns, { ...opts, output: "columns" });
        expect(columns).toEqual(before);
        expect(out.meta).toEqual(expected.meta);
        expect(out.columns.value).toBeInstanceOf(Float64Array);
        expect(out.columns.rank).toBeInstanceOf(Int32Array);
        expect(recordsOfColumns(out.columns)).toEqual(expected.customers);
        expect(sharesNoArray(out.columns, columns)).toBe(true);
        expect(tierPyramid(deepFreeze(structuredClone(rs)), { ...opts, output: "columns" })).toEqual(out);
      }),
    );
  });

  test("types: output columns narrows the result", () => {
    expectTypeOf(() => tierPyramid([], { output: "columns" })).returns.toEqualTypeOf<TierPyramidColumnsResult>();
    expectTypeOf(() => tierPyramid([], { output: "records" })).returns.toEqualTypeOf<TierPyramidResult>();
  });
});
