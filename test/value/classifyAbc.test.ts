import { describe, expect, test } from "vitest";
import { classifyAbc } from "../../src/index.js";

const rows = (values: number[]) => values.map((v, i) => ({ customerId: `c${i}`, monetary: v }));

describe("classifyAbc: fixed thresholds", () => {
  test("by value: A is the smallest top group reaching 80%, B up to 95% (hand-checked)", () => {
    // total 1000; share held above each customer: 0, .5, .7 (both 100s), .9, .95 (both 20s), .99
    const { classes, meta } = classifyAbc(rows([500, 200, 100, 100, 50, 20, 20, 10]));
    expect(classes.map((c) => c.abcClass).join("")).toBe("AAAABCCC");
    expect(classes.map((c) => c.cumulativeShare)).toEqual([0.5, 0.7, 0.9, 0.9, 0.95, 0.99, 0.99, 1]);
    expect(classes.map((c) => c.rank)).toEqual([1, 2, 3, 3, 5, 6, 6, 8]);
    expect(meta).toMatchObject({ method: "fixed", by: "value", thresholds: { a: 0.8, b: 0.95 }, total: 1000, counts: { A: 4, B: 1, C: 3 } });
    expect(meta.valueShares).toEqual({ A: 0.9, B: 0.05, C: 0.05 });
  });

  test("the customer crossing the line is in A", () => {
    expect(classifyAbc(rows([70, 20, 6, 4])).classes.map((c) => c.abcClass).join("")).toBe("AABC");
  });

  test("a tie never straddles a cut: the tie takes the class of its first member", () => {
    // total 1000: 400, 300 (0.4 above), then 100 and 100 tie with 0.7 above -> both A
    const { classes } = classifyAbc(rows([400, 300, 100, 100, 50, 50]));
    expect(classes.map((c) => c.abcClass).join("")).toBe("AAAABB");
  });

  test("by count: top 20% A, next 30% B", () => {
    const { classes, meta } = classifyAbc(rows([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]), { by: "count" });
    expect(classes.map((c) => c.abcClass).join("")).toBe("AABBBCCCCC");
    expect(meta.thresholds).toEqual({ a: 0.2, b: 0.5 });
  });

  test("custom thresholds, accessor values, negative values count as 0", () => {
    const data = [{ id: "x", net: -5 }, { id: "y", net: 60 }, { id: "z", net: 40 }];
    const { classes, meta } = classifyAbc(data, { customerId: "id", value: (r) => r.net, thresholds: { a: 0.5, b: 0.9 } });
    expect(classes.map((c) => [c.customerId, c.abcClass, c.value])).toEqual([["x", "C", -5], ["y", "A", 60], ["z", "B", 40]]);
    expect(meta.total).toBe(100);
  });

  test("errors", () => {
    expect(() => classifyAbc(rows([0, 0]))).toThrow(expect.objectContaining({ code: "degenerate_data" }));
    expect(() => classifyAbc([])).toThrow(expect.objectContaining({ code: "empty_input" }));
    expect(() => classifyAbc([{ customerId: "a", monetary: Number.NaN }])).toThrow(
      expect.objectContaining({ code: "invalid_value", issues: [expect.objectContaining({ path: "records[0].monetary" })] }),
    );
    expect(() => classifyAbc([{ customerId: "a", monetary: 1 }, { customerId: "a", monetary: 2 }])).toThrow(expect.objectContaining({ code: "duplicate_customer" }));
    expect(() => classifyAbc([{ customerId: "a", revenue: 1 }])).toThrow(expect.objectContaining({ code: "missing_field" }));
    expect(() => classifyAbc(rows([1, 2]), { thresholds: { a: 0.9, b: 0.5 } })).toThrow(/^classifyAbc: thresholds\.a must be below/);
    expect(() => classifyAbc(rows([1, 2]), { thresholds: { a: 0, b: 0.5 } })).toThrow(RangeError);
    expect(() => classifyAbc(rows([1, 2]), { method: "computed", by: "count" })).toThrow(TypeError);
    expect(() => classifyAbc(rows([1, 2]), { method: "pareto" as never })).toThrow(/^classifyAbc: options\.method/);
  });
});
