// rfmScoresSql: argument checks, the golden SQL of every dialect, types. Run on real engines in
// duckdb.test.ts, duckdb.prop.test.ts and postgres.test.ts.
import { describe, expectTypeOf, test } from "vitest";
import { rfmScoresSql, type RfmScoresSqlOptions, type SqlDialect, type SqlQuery } from "../../src/sql/index.js";
import { argumentTests, asOfTests, base, goldenBase, goldenTests } from "./golden.js";

describe("rfmScoresSql", () => {
  asOfTests("rfmScoresSql", (asOf) => rfmScoresSql({ ...base(), asOf } as never));
  argumentTests([
    ["bins 1", () => rfmScoresSql({ ...base(), bins: 1 }), RangeError, /^rfmScoresSql: options\.bins/],
    ["unknown method", () => rfmScoresSql({ ...base(), method: "jenks" as never }), RangeError, /^rfmScoresSql: options\.method/],
    ["breaks not increasing", () => rfmScoresSql({ ...base(), breaks: { recency: [30, 10] } }), RangeError, /^rfmScoresSql: breaks\.recency must be strictly increasing/],
  ]);

  goldenTests("scores", (d) => rfmScoresSql(goldenBase(d)));
  goldenTests("scores_r_rfm", (d) => rfmScoresSql({ ...goldenBase(d), method: "r-rfm", bins: { recency: 3, frequency: 2 }, breaks: { monetary: [100, 500] } }));
  goldenTests("scores_rank_breaks", (d) => rfmScoresSql({ ...goldenBase(d), method: "rank", bins: { recency: 10 }, breaks: { monetary: [100, 500] } }));

  test("types: options and result", () => {
    expectTypeOf(rfmScoresSql).parameter(0).toEqualTypeOf<RfmScoresSqlOptions>();
    expectTypeOf(rfmScoresSql).returns.toEqualTypeOf<SqlQuery>();
    expectTypeOf<RfmScoresSqlOptions["dialect"]>().toEqualTypeOf<SqlDialect>();
  });
});
