import { describe, expect, expectTypeOf, test } from "vitest";
import { classifyAbc, classifyAbcOptionsSchema, type AbcRecord, type ClassifyAbcColumnsResult, type ClassifyAbcOptions, type ClassifyAbcResult } from "../../src/value/index.js";

const rows = (values: number[]) => values.map((v, i) => ({ customerId: `c${i}`, monetary: v }));

describe("classifyAbc: fixed thresholds", () => {
  test("by value: A is the smallest top group reaching 80%, B up to 95% (hand-checked)", () => {
    // total 1000; share held above each customer: 0, .5, .7 (both 100s), .9, .95 (both 20s), .99
    const { customers, meta } = classifyAbc(rows([500, 200, 100, 100, 50, 20, 20, 10]));
    expect(customers.map((c) => c.abcClass).join("")).toBe("AAAABCCC");
    expect(customers.map((c) => c.cumulativeShare)).toEqual([0.5, 0.7, 0.9, 0.9, 0.95, 0.99, 0.99, 1]);
    expect(customers.map((c) => c.rank)).toEqual([1, 2, 3, 3, 5, 6, 6, 8]);
    expect(meta).toMatchObject({ method: "fixed", by: "value", thresholds: { a: 0.8, b: 0.95 }, total: 1000, counts: { A: 4, B: 1, C: 3 } });
    expect(meta.valueShares).toEqual({ A: 0.9, B: 0.05, C: 0.05 });
  });

  test("ranks follow the values: a negative value ranks below 0 (it used to tie with it); negatives count as 0 in shares and are C", () => {
    const { customers, meta } = classifyAbc(rows([500, 0, -1165.3, 300, -20, 0]));
    expect(customers.map((c) => c.rank)).toEqual([1, 3, 6, 2, 5, 3]);
    expect(customers.map((c) => c.abcClass).join("")).toBe("ACCACC");
    expect(customers.map((c) => c.cumulativeShare)).toEqual([0.625, 1, 1, 1, 1, 1]);
    expect(meta.total).toBe(800);
    // by count the rank decides the class, but a negative value is C whatever its rank (-20 used to tie with 0 in B)
    const byCount = classifyAbc(rows([10, 0, -1165.3, -20, 5]), { by: "count", thresholds: { a: 0.2, b: 0.7 } }).customers;
    expect(byCount.map((c) => [c.rank, c.abcClass])).toEqual([[1, "A"], [3, "B"], [5, "C"], [4, "C"], [2, "B"]]);
  });

  test("values near 1e308: a total beyond the doubles is overflow, never NaN shares", () => {
    expect(() => classifyAbc(rows([1e308, 1e308, 5]))).toThrow(expect.objectContaining({ code: "overflow", issues: [expect.objectContaining({ path: ["records"] })] }));
    expect(() => classifyAbc(rows([1e308, 1e308, 5]), { method: "computed" })).toThrow(/^classifyAbc: records: the total value .* is above 1\.8e308/);
    const big = classifyAbc(rows([1e308, 5e307, 1e307]));
    expect(big.customers.map((c) => c.abcClass).join("")).toBe("AAB");
    expect(Number.isFinite(big.meta.total)).toBe(true);
  });

  test("the customer crossing the line is in A", () => {
    expect(classifyAbc(rows([70, 20, 6, 4])).customers.map((c) => c.abcClass).join("")).toBe("AABC");
  });

  test("a tie never straddles a cut: the tie takes the class of its first member", () => {
    // total 1000: 400, 300 (0.4 above), then 100 and 100 tie with 0.7 above -> both A
    const { customers } = classifyAbc(rows([400, 300, 100, 100, 50, 50]));
    expect(customers.map((c) => c.abcClass).join("")).toBe("AAAABB");
  });

  test("by count: top 20% A, next 30% B", () => {
    const { customers, meta } = classifyAbc(rows([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]), { by: "count" });
    expect(customers.map((c) => c.abcClass).join("")).toBe("AABBBCCCCC");
    expect(meta.thresholds).toEqual({ a: 0.2, b: 0.5 });
  });

  test("custom thresholds, accessor values, negative values count as 0", () => {
    const data = [{ id: "x", net: -5 }, { id: "y", net: 60 }, { id: "z", net: 40 }];
    const { customers, meta } = classifyAbc(data, { customerId: "id", value: (r) => r.net, thresholds: { a: 0.5, b: 0.9 } });
    expect(customers.map((c) => [c.customerId, c.abcClass, c.value])).toEqual([["x", "C", -5], ["y", "A", 60], ["z", "B", 40]]);
    expect(meta.total).toBe(100);
  });

  test("errors", () => {
    expect(() => classifyAbc(rows([0, 0]))).toThrow(expect.objectContaining({ code: "degenerate_data", issues: [expect.objectContaining({ path: ["records"] })] }));
    expect(() => classifyAbc([])).toThrow(expect.objectContaining({ code: "empty_input" }));
    expect(() => classifyAbc([{ customerId: "a", monetary: Number.NaN }])).toThrow(
      expect.objectContaining({ code: "invalid_value", issues: [expect.objectContaining({ path: ["records", 0, "monetary"], customerId: "a" })] }),
    );
    expect(() => classifyAbc([{ customerId: "a", monetary: 1 }, { customerId: "a", monetary: 2 }])).toThrow(expect.objectContaining({ code: "duplicate_customer" }));
    expect(() => classifyAbc([{ customerId: "a", revenue: 1 }])).toThrow(expect.objectContaining({ code: "missing_field", issues: [expect.objectContaining({ path: ["fields", "value"] })] }));
    expect(() => classifyAbc(rows([1, 2]), { thresholds: { a: 0.9, b: 0.5 } })).toThrow(/^classifyAbc: thresholds\.a must be below/);
    expect(() => classifyAbc(rows([1, 2]), { thresholds: { a: 0, b: 0.5 } })).toThrow(RangeError);
    // @ts-expect-error: by and thresholds belong to the fixed method; with "computed" they do not compile
    expect(() => classifyAbc(rows([1, 2]), { method: "computed", by: "count" })).toThrow(/^classifyAbc: options\.by: applies to the fixed method only/);
    expect(() => classifyAbc(rows([1, 2]), { method: "computed", thresholds: { a: 0.5, b: 0.9 } } as never)).toThrow(TypeError);
    expect(() => classifyAbc(rows([1, 2]), { method: "pareto" as never })).toThrow(/^classifyAbc: options\.method/);
    expect(() => classifyAbc(rows([1, 2]), { treshold: 0.8 } as never)).toThrow(/^classifyAbc: options: unknown option "treshold"/);
  });
});

describe("classifyAbc: types", () => {
  test("options are a union on method; the result is named", () => {
    const result = classifyAbc(rows([3, 2, 1]));
    expectTypeOf(result).toEqualTypeOf<ClassifyAbcResult>();
    expectTypeOf(result.customers).toEqualTypeOf<AbcRecord[]>();
    expectTypeOf(result.customers[0].abcClass).toEqualTypeOf<"A" | "B" | "C">();
    expectTypeOf(() => classifyAbc([], { method: "computed", output: "columns" })).returns.toEqualTypeOf<ClassifyAbcColumnsResult>();
    expectTypeOf(() => classifyAbc([], { output: "records" })).returns.toEqualTypeOf<ClassifyAbcResult>();
    expectTypeOf<{ method: "computed" }>().toExtend<ClassifyAbcOptions>();
    expectTypeOf<{ by: "count"; thresholds: { a: number; b: number } }>().toExtend<ClassifyAbcOptions>();
    expectTypeOf<{ method: "computed"; thresholds: { a: number; b: number } }>().not.toExtend<ClassifyAbcOptions>();
    expectTypeOf<{ method: "computed"; by: "value" }>().not.toExtend<ClassifyAbcOptions>();
    // The schema names exactly the keys of the options (checked by defineOptions) and parses them.
    expect(Object.keys(classifyAbcOptionsSchema.shape).sort()).toEqual(["by", "customerId", "method", "output", "thresholds", "value"]);
  });
});
