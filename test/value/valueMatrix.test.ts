import fc from "fast-check";
import { describe, expect, expectTypeOf, test } from "vitest";
import { valueMatrix, VALUE_MATRIX_CELLS, type ValueMatrixColumnsResult, type ValueMatrixOptions, type ValueMatrixRecord, type ValueMatrixResult } from "../../src/value/index.js";
import { deepFreeze } from "../helpers/arbitraries.js";
import { columnsOfRecords, recordsOfColumns, sharesNoArray } from "../helpers/columns.js";

const money = fc.integer({ min: -10_000, max: 10_000_000 }).map((c) => c / 100);
const recs = fc
  .array(fc.tuple(fc.oneof(money, fc.constantFrom(0, 100)), fc.integer({ min: 0, max: 50 })), { minLength: 1, maxLength: 60 })
  .map((xs) => xs.map(([m, f], i) => ({ customerId: `c${i}`, frequency: f, averageOrderValue: m === 0 ? 0 : m })));

describe("valueMatrix", () => {
  test("hand-checked cells from summaries, labels", () => {
    const { customers, meta } = valueMatrix([
      { customerId: "a", frequency: 10, averageOrderValue: 90 },
      { customerId: "b", frequency: 1, averageOrderValue: 100 },
      { customerId: "c", frequency: 8, averageOrderValue: 10 },
      { customerId: "d", frequency: 1, averageOrderValue: 20 },
    ]);
    expect(customers.map((c) => c.cell)).toEqual(["best", "spend_happy", "frequent", "uncertain"]);
    expect(meta.thresholds).toEqual({ frequency: 5, averageOrderValue: 55 });
    expect(meta.thresholdMethod).toEqual({ frequency: "mean", averageOrderValue: "mean" });
    expect(meta.counts).toEqual({ best: 1, spend_happy: 1, frequent: 1, uncertain: 1 });
    expect(VALUE_MATRIX_CELLS.map((c) => c.labelZh)).toEqual(["最优质客户", "乐于消费型", "经常消费型", "不确定型"]);
  });

  test("median and given thresholds, ties, mapped fields", () => {
    const rows = [{ id: "a", n: 4, aov: 10 }, { id: "b", n: 2, aov: 30 }, { id: "c", n: 1, aov: 20 }];
    const median = valueMatrix(rows, { customerId: "id", frequency: "n", averageOrderValue: (r) => r.aov, thresholds: "median" });
    expect(median.meta.thresholds).toEqual({ frequency: 2, averageOrderValue: 20 });
    expect(median.customers.map((c) => c.cell)).toEqual(["frequent", "spend_happy", "uncertain"]);
    const high = valueMatrix(rows, { customerId: "id", frequency: "n", averageOrderValue: "aov", thresholds: { frequency: 2 }, ties: "high" });
    expect(high.meta.thresholdMethod).toEqual({ frequency: "given", averageOrderValue: "mean" });
    // frequency 2 and AOV 20 sit on their thresholds and count as high
    expect(high.customers.map((c) => c.cell)).toEqual(["frequent", "best", "spend_happy"]);
  });

  test("errors", () => {
    expect(() => valueMatrix([{ customerId: "a", frequency: -1, averageOrderValue: 1 }])).toThrow(
      expect.objectContaining({ code: "invalid_value", issues: [expect.objectContaining({ path: ["records", 0, "frequency"], customerId: "a" })] }),
    );
    expect(() => valueMatrix([{ customerId: "a", frequency: 1 }])).toThrow(expect.objectContaining({ code: "missing_field" }));
    expect(() => valueMatrix([{ customerId: "a", frequency: 1, averageOrderValue: 1 }], { split: "median" } as never)).toThrow(/^valueMatrix: options: unknown option "split"/);
    expect(() => valueMatrix([{ customerId: "a", frequency: 1, averageOrderValue: 1 }], { thresholds: "mode" as never })).toThrow(/^valueMatrix: options\.thresholds/);
  });

  test("properties: counts sum to N; raising frequency above the threshold makes F high and leaves the AOV side; input untouched", () => {
    fc.assert(
      fc.property(recs, (rs) => {
        const frozen = deepFreeze(structuredClone(rs));
        const { customers, meta } = valueMatrix(frozen, { thresholds: { frequency: 10, averageOrderValue: 50 } });
        expect(frozen).toEqual(rs);
        expect(Object.values(meta.counts).reduce((a, b) => a + b, 0)).toBe(rs.length);
        const raised = valueMatrix(rs.map((r) => ({ ...r, frequency: r.frequency + 20 })), { thresholds: { frequency: 10, averageOrderValue: 50 } });
        const aovHigh = (cell: string) => cell === "best" || cell === "spend_happy";
        raised.customers.forEach((c, i) => {
          expect(["best", "frequent"]).toContain(c.cell);
          expect(aovHigh(c.cell)).toBe(aovHigh(customers[i].cell));
        });
      }),
    );
  });

  test("types: options and the named result", () => {
    const result = valueMatrix([{ customerId: "a", frequency: 1, averageOrderValue: 2 }]);
    expectTypeOf(result).toEqualTypeOf<ValueMatrixResult>();
    expectTypeOf(result.customers).toEqualTypeOf<ValueMatrixRecord[]>();
    expectTypeOf<{ thresholds: { frequency: number }; ties: "high" }>().toExtend<ValueMatrixOptions>();
    expectTypeOf<{ thresholds: { current: number } }>().not.toExtend<ValueMatrixOptions>();
  });
});

describe("valueMatrix: values near 1e308", () => {
  test("the mean threshold of values whose sum is beyond the doubles is their exact mean, not NaN", () => {
    const rows = [
      { customerId: "a", frequency: 1, averageOrderValue: 1e308 },
      { customerId: "b", frequency: 2, averageOrderValue: 1e308 },
      { customerId: "c", frequency: 3, averageOrderValue: 1 },
    ];
    const { customers, meta } = valueMatrix(rows);
    expect(meta.thresholds.averageOrderValue).toBe(6.666666666666666e307);
    expect(customers.map((c) => c.cell)).toEqual(["spend_happy", "spend_happy", "frequent"]);
  });
});

test("every cell has its action in English and in Chinese (actionZh)", () => {
  for (const c of VALUE_MATRIX_CELLS) {
    expect(c.action).toMatch(/^[\x20-\x7e]+$/);
    expect(c.actionZh).toMatch(/^[\u4e00-\u9fff][^a-zA-Z]*。$/);
  }
});

describe("valueMatrix: output columns", () => {
  const variants: ValueMatrixOptions[] = [{}, { thresholds: "median", ties: "high" }, { thresholds: { frequency: 10 } }];
  test.each(variants)("columns in and out hold exactly the records' values and meta; the input columns are untouched (%j)", (opts) => {
    fc.assert(
      fc.property(recs, (rs) => {
        const expected = valueMatrix(rs, opts);
        const columns = columnsOfRecords(rs, ["frequency", "averageOrderValue"]);
        const before = structuredClone(columns);
        const out = valueMatrix(columns, { ...opts, output: "columns" });
        expect(columns).toEqual(before);
        expect(out.meta).toEqual(expected.meta);
        expect(recordsOfColumns(out.columns)).toEqual(expected.customers);
        expect(sharesNoArray(out.columns, columns)).toBe(true);
        expect(valueMatrix(deepFreeze(structuredClone(rs)), { ...opts, output: "columns" })).toEqual(out);
      }),
    );
  });

  test("types: output columns narrows the result", () => {
    expectTypeOf(() => valueMatrix([], { output: "columns" })).returns.toEqualTypeOf<ValueMatrixColumnsResult>();
    expectTypeOf(() => valueMatrix([])).returns.toEqualTypeOf<ValueMatrixResult>();
  });
});
