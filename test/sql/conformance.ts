// One conformance check for any engine: the emitted summaries, scores, segments and ABC classes
// against the library's in-memory functions.
import { expect } from "vitest";
import { classifyAbc, scoreRfm, segmentRfm, type CustomerSummary } from "../../src/index.js";
import { abcClassesSql, abcValuesSql, rfmScoresSql, rfmSegmentsSql, summarySql, type SqlQuery, type TransactionSqlOptions } from "../../src/sql/index.js";
import { pick, summaryMismatches, type Row } from "./helpers.js";

export type Exec = (q: SqlQuery) => Promise<Row[]>;

export const SCORE_FIELDS = ["customerId", "recencyDays", "frequency", "monetary", "r", "f", "m", "cell"] as const;
export const SEGMENT_FIELDS = [...SCORE_FIELDS, "pattern", "segment"] as const;
export const ABC_FIELDS = ["customerId", "value", "abcClass", "rank", "cumulativeShare"] as const;

export const SCORING_VARIANTS = [
  {},
  { bins: 3 },
  { method: "rank" as const },
  { method: "rank" as const, bins: 4 },
  { bins: { recency: 10, frequency: 2, monetary: 4 } },
  { breaks: { recency: [30, 90, 180], frequency: [1, 2, 5] }, bins: { monetary: 3 } },
  { method: "r-rfm" as const },
  { method: "r-rfm" as const, bins: { recency: 4, frequency: 3, monetary: 10 }, breaks: { frequency: [2, 5] } },
];

export const SEGMENT_VARIANTS = [
  {},
  { ties: "high" as const },
  { thresholds: "median" as const },
  { thresholds: { monetary: 100, recency: 60 } },
  { basis: "scores" as const },
  { basis: "scores" as const, thresholds: "median" as const, ties: "high" as const },
  { scheme: "r-rfm-readme" as const, scoring: { method: "r-rfm" as const } },
  { scheme: "r-rfm-tests" as const },
  {
    scheme: "custom" as const,
    otherwise: "rest",
    scoring: { bins: 3, method: "rank" as const },
    rules: [
      { id: "top", recency: [3, 3], frequency: [2, 3], monetary: [2, 3] },
      { id: "it's \\ \"new\"", recency: [2, 3], frequency: [1, 1], monetary: [1, 3] },
    ] as const,
  },
];

export const ABC_VARIANTS = [{}, { by: "count" as const }, { thresholds: { a: 0.5, b: 0.9 } }];

/**
 * Runs every emitted query on an engine and checks it against the library.
 *
 * - summaries against `memory` (summarizeTransactions on the same rows): integers and dates exactly,
 *   money to the cent;
 * - scores, segments and ABC classes against scoreRfm / segmentRfm / classifyAbc run on the rows
 *   the SQL summary returned (the documented workflow), exactly (cumulativeShare to 1e-12);
 * - with `exactAmounts` (amounts that are binary fractions, so every sum is exact in doubles), also
 *   against the library run on its own summaries, exactly.
 */
export async function checkAgainstLibrary(
  exec: Exec,
  base: TransactionSqlOptions,
  memory: readonly CustomerSummary[],
  opts: { exactAmounts?: boolean; quantiles?: readonly ("native" | "explicit")[]; light?: boolean } = {},
): Promise<Row[]> {
  const summaries = await exec(summarySql(base));
  expect(summaryMismatches(summaries, memory)).toEqual([]);
  if (opts.exactAmounts) expect(pick(summaries, Object.keys(memory[0]))).toEqual(pick(memory, Object.keys(memory[0])));
  const fed = summaries as unknown as CustomerSummary[];
  const sources = opts.exactAmounts ? [fed, memory] : [fed];
  const forms = opts.quantiles ?? (["native", "explicit"] as const);
  const scoring = opts.light ? SCORING_VARIANTS.slice(0, 3) : SCORING_VARIANTS;
  for (const variant of scoring) {
    // r-rfm picks its order statistics itself: the quantile form does not apply
    for (const quantiles of "method" in variant && variant.method === "r-rfm" ? forms.slice(0, 1) : forms) {
      const rows = await exec(rfmScoresSql({ ...base, ...variant, quantiles }));
      for (const src of sources) {
        expect(pick(rows, SCORE_FIELDS), `scores ${JSON.stringify(variant)} ${quantiles}`).toEqual(pick(scoreRfm(src, variant).customers, SCORE_FIELDS));
      }
    }
  }
  for (const variant of opts.light ? SEGMENT_VARIANTS.slice(0, 2) : SEGMENT_VARIANTS) {
    const scoring = "scoring" in variant ? variant.scoring : undefined;
    const rows = await exec(rfmSegmentsSql({ ...base, ...(variant as object), scoring: { ...scoring, quantiles: forms[forms.length - 1] } }));
    for (const src of sources) {
      expect(pick(rows, SEGMENT_FIELDS), `segments ${JSON.stringify(variant)}`).toEqual(pick(segmentRfm(src, variant as Parameters<typeof segmentRfm>[1] & { output?: "records" }).customers, SEGMENT_FIELDS));
    }
  }
  for (const variant of ABC_VARIANTS) {
    const rows = await exec(abcClassesSql({ ...base, ...variant }));
    for (const src of sources) {
      const lib = pick(classifyAbc(src, variant).customers, ABC_FIELDS);
      const got = pick(rows, ABC_FIELDS);
      expect(got.map(({ cumulativeShare: _, ...r }) => r), `abc ${JSON.stringify(variant)}`).toEqual(lib.map(({ cumulativeShare: _, ...r }) => r));
      const worst = Math.max(0, ...got.map((r, i) => Math.abs(Number(r.cumulativeShare) - Number(lib[i].cumulativeShare))));
      expect(worst).toBeLessThan(1e-12);
    }
  }
  // computed ABC: limits from the SQL value histogram (in memory), classes in SQL
  const values = (await exec(abcValuesSql(base))).map((r) => ({ value: Number(r.value), customers: Number(r.customers) }));
  expect(values.reduce((n, r) => n + r.customers, 0)).toBe(summaries.length);
  const computed = await exec(abcClassesSql({ ...base, method: "computed", values }));
  for (const src of sources) {
    const lib = pick(classifyAbc(src, { method: "computed" }).customers, ABC_FIELDS);
    expect(pick(computed, ABC_FIELDS).map(({ cumulativeShare: _, ...r }) => r), "abc computed").toEqual(lib.map(({ cumulativeShare: _, ...r }) => r));
  }
  return summaries;
}
