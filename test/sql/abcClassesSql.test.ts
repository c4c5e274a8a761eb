// abcClassesSql: argument checks, the golden SQL of every dialect, types. Run on real engines in
// duckdb.test.ts, duckdb.prop.test.ts and postgres.test.ts.
import { describe, expect, expectTypeOf, test } from "vitest";
import { classifyAbc } from "../../src/index.js";
import { abcClassesSql, type AbcClassesSqlOptions, type SqlDialect, type SqlQuery } from "../../src/sql/index.js";
import { argumentTests, asOfTests, base, goldenBase, goldenTests } from "./golden.js";

const HIST = [
  { value: 5000, customers: 1 },
  { value: 1200, customers: 3 },
  { value: 400, customers: 10 },
  { value: 90.5, customers: 40 },
  { value: 12, customers: 100 },
];

describe("abcClassesSql", () => {
  asOfTests("abcClassesSql", (asOf) => abcClassesSql({ ...base(), asOf } as never));
  argumentTests([
    ["a above b", () => abcClassesSql({ ...base(), thresholds: { a: 0.9, b: 0.8 } }), RangeError, /^abcClassesSql: thresholds\.a must be below thresholds\.b/],
    ["threshold above 1", () => abcClassesSql({ ...base(), thresholds: { a: 0.5, b: 1.5 } }), RangeError, /^abcClassesSql: options\.thresholds\.b/],
    ["computed without values", () => abcClassesSql({ ...base(), method: "computed" }), TypeError, /^abcClassesSql: options\.values is required with method "computed"/],
    ["computed with thresholds", () => abcClassesSql({ ...base(), method: "computed", values: HIST, thresholds: { a: 0.5, b: 0.9 } }), TypeError, /^abcClassesSql: options\.thresholds applies to the fixed method only/],
    ["values with the fixed method", () => abcClassesSql({ ...base(), values: HIST }), TypeError, /^abcClassesSql: options\.values applies to method "computed" only/],
  ]);

  goldenTests("abc", (d) => abcClassesSql(goldenBase(d)));
  goldenTests("abc_computed", (d) => abcClassesSql({ ...goldenBase(d), method: "computed", values: HIST }));

  test("computed: the limits are classifyAbc's on the histogram's customers; bad histograms are AnalyticsInputErrors", () => {
    const customers = HIST.flatMap((h) => Array.from({ length: h.customers }, () => h.value)).map((monetary, i) => ({ customerId: String(i), monetary }));
    const { abLimit, bcLimit } = classifyAbc(customers, { method: "computed" }).meta.computed!;
    const q = abcClassesSql({ ...base(), method: "computed", values: HIST });
    expect(q.params.filter((p) => p.name.endsWith("Limit")).map((p) => p.value)).toEqual([abLimit, bcLimit]);
    expect(() => abcClassesSql({ ...base(), method: "computed", values: [{ value: 1, customers: 0 }] })).toThrow(expect.objectContaining({ name: "AnalyticsInputError", issues: [expect.objectContaining({ path: ["values", 0] })] }));
    expect(() => abcClassesSql({ ...base(), method: "computed", values: [{ value: 5, customers: 3 }] })).toThrow(expect.objectContaining({ code: "degenerate_data", message: expect.stringMatching(/^abcClassesSql: /) }));
    expect(() => abcClassesSql({ ...base(), method: "computed", values: [] })).toThrow(expect.objectContaining({ code: "empty_input" }));
  });

  test("types: options and result", () => {
    expectTypeOf(abcClassesSql).parameter(0).toEqualTypeOf<AbcClassesSqlOptions>();
    expectTypeOf(abcClassesSql).returns.toEqualTypeOf<SqlQuery>();
    expectTypeOf<AbcClassesSqlOptions["dialect"]>().toEqualTypeOf<SqlDialect>();
  });
});
