// rfmSegmentsSql: argument checks, the golden SQL of every dialect, types. Run on real engines in
// duckdb.test.ts, duckdb.prop.test.ts and postgres.test.ts.
import { describe, expectTypeOf, test } from "vitest";
import { rfmSegmentsSql, type RfmSegmentsSqlOptions, type SqlDialect, type SqlQuery } from "../../src/sql/index.js";
import { argumentTests, asOfTests, base, goldenBase, goldenTests } from "./golden.js";

const RULE = { id: "top", label: "Top", labelZh: "顶级", recency: [4, 5], frequency: [4, 5], monetary: [3, 3] } as const;

describe("rfmSegmentsSql", () => {
  asOfTests("rfmSegmentsSql", (asOf) => rfmSegmentsSql({ ...base(), asOf } as never));
  argumentTests([
    ["bad thresholds", () => rfmSegmentsSql({ ...base(), thresholds: "mode" as never }), TypeError, /^rfmSegmentsSql: options\.thresholds/],
    ["unknown scheme", () => rfmSegmentsSql({ ...base(), scheme: "kmeans" as never }), RangeError, /^rfmSegmentsSql: options\.scheme/],
    ["custom without rules", () => rfmSegmentsSql({ ...base(), scheme: "custom" }), TypeError, /^rfmSegmentsSql: options\.rules is required with scheme "custom"/],
    ["rules with the classic scheme", () => rfmSegmentsSql({ ...base(), rules: [RULE] }), TypeError, /^rfmSegmentsSql: options\.rules applies to scheme "custom" only; scheme is "classic"/],
    ["thresholds with a rule scheme", () => rfmSegmentsSql({ ...base(), scheme: "r-rfm-readme", thresholds: "median" }), TypeError, /^rfmSegmentsSql: options\.thresholds applies to the classic scheme only/],
    ["otherwise with the classic scheme", () => rfmSegmentsSql({ ...base(), otherwise: "x" }), TypeError, /^rfmSegmentsSql: options\.otherwise applies to the rule schemes only/],
    ["a rule beyond the bins", () => rfmSegmentsSql({ ...base(), scheme: "custom", rules: [{ ...RULE, recency: [1, 6] }] }), RangeError, /^rfmSegmentsSql: rules\[0\]\.recency is \[1, 6\], outside the scores 1\.\.5/],
    ["a rule id equal to otherwise", () => rfmSegmentsSql({ ...base(), scheme: "custom", rules: [RULE], otherwise: "top" }), RangeError, /^rfmSegmentsSql: rules\[0\]\.id "top" is the segment of unmatched customers/],
    ["R's README scheme with 3 bins", () => rfmSegmentsSql({ ...base(), scheme: "r-rfm-readme", scoring: { bins: 3 } }), RangeError, /^rfmSegmentsSql: rules\[0\]\.recency/],
    ["a control character in a rule id", () => rfmSegmentsSql({ ...base(), scheme: "custom", rules: [{ ...RULE, id: "a\nb" }] }), RangeError, /^rfmSegmentsSql: rules\[0\]\.id must not contain control characters/],
  ]);

  goldenTests("segments_rules", (d) =>
    rfmSegmentsSql({ ...goldenBase(d), scheme: "custom", rules: [RULE, { id: "it's \\ new", label: "L'x", recency: [1, 2], frequency: [1, 5], monetary: [1, 3] }], otherwise: "rest", scoring: { method: "r-rfm", bins: { monetary: 3 } }, labels: true }),
  );
  goldenTests("segments_r_rfm_readme", (d) => rfmSegmentsSql({ ...goldenBase(d), scheme: "r-rfm-readme", scoring: { method: "rank" } }));

  goldenTests("segments", (d) => rfmSegmentsSql({ ...goldenBase(d), labels: true }));
  goldenTests("segments_scores_median", (d) => rfmSegmentsSql({ ...goldenBase(d), basis: "scores", thresholds: "median", ties: "high" }));

  test("types: options and result", () => {
    expectTypeOf(rfmSegmentsSql).parameter(0).toEqualTypeOf<RfmSegmentsSqlOptions>();
    expectTypeOf(rfmSegmentsSql).returns.toEqualTypeOf<SqlQuery>();
    expectTypeOf<RfmSegmentsSqlOptions["dialect"]>().toEqualTypeOf<SqlDialect>();
  });
});
