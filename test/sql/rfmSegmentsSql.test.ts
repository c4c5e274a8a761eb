// rfmSegmentsSql: argument checks, the golden SQL of every dialect, types. Run on real engines in
// duckdb.test.ts, duckdb.prop.test.ts and postgres.test.ts.
import { describe, expectTypeOf, test } from "vitest";
import { rfmSegmentsSql, type RfmSegmentsSqlOptions, type SqlDialect, type SqlQuery } from "../../src/sql/index.js";
import { argumentTests, asOfTests, base, goldenBase, goldenTests } from "./golden.js";

describe("rfmSegmentsSql", () => {
  asOfTests("rfmSegmentsSql", (asOf) => rfmSegmentsSql({ ...base(), asOf } as never));
  argumentTests([
    ["bad thresholds", () => rfmSegmentsSql({ ...base(), thresholds: "mode" as never }), TypeError, /^rfmSegmentsSql: options\.thresholds/],
  ]);

  goldenTests("segments", (d) => rfmSegmentsSql({ ...goldenBase(d), labels: true }));
  goldenTests("segments_scores_median", (d) => rfmSegmentsSql({ ...goldenBase(d), basis: "scores", thresholds: "median", ties: "high" }));

  test("types: options and result", () => {
    expectTypeOf(rfmSegmentsSql).parameter(0).toEqualTypeOf<RfmSegmentsSqlOptions>();
    expectTypeOf(rfmSegmentsSql).returns.toEqualTypeOf<SqlQuery>();
    expectTypeOf<RfmSegmentsSqlOptions["dialect"]>().toEqualTypeOf<SqlDialect>();
  });
});
