// abcClassesSql: argument checks, the golden SQL of every dialect, types. Run on real engines in
// duckdb.test.ts, duckdb.prop.test.ts and postgres.test.ts.
import { describe, expectTypeOf, test } from "vitest";
import { abcClassesSql, type AbcClassesSqlOptions, type SqlDialect, type SqlQuery } from "../../src/sql/index.js";
import { argumentTests, asOfTests, base, goldenBase, goldenTests } from "./golden.js";

describe("abcClassesSql", () => {
  asOfTests("abcClassesSql", (asOf) => abcClassesSql({ ...base(), asOf } as never));
  argumentTests([
    ["a above b", () => abcClassesSql({ ...base(), thresholds: { a: 0.9, b: 0.8 } }), RangeError, /^abcClassesSql: thresholds\.a must be below thresholds\.b/],
    ["threshold above 1", () => abcClassesSql({ ...base(), thresholds: { a: 0.5, b: 1.5 } }), RangeError, /^abcClassesSql: options\.thresholds\.b/],
  ]);

  goldenTests("abc", (d) => abcClassesSql(goldenBase(d)));

  test("types: options and result", () => {
    expectTypeOf(abcClassesSql).parameter(0).toEqualTypeOf<AbcClassesSqlOptions>();
    expectTypeOf(abcClassesSql).returns.toEqualTypeOf<SqlQuery>();
    expectTypeOf<AbcClassesSqlOptions["dialect"]>().toEqualTypeOf<SqlDialect>();
  });
});
