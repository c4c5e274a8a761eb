// fast-check: random small transaction sets (ties, duplicate values, refunds, one customer, shared
// order ids) through the emitted DuckDB SQL and through the library.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { classifyAbc, scoreRfm, segmentRfm, summarizeTransactions, type CustomerSummary } from "../../src/index.js";
import { abcClassesSql, abcValuesSql, rfmScoresSql, rfmSegmentsSql, summarySql } from "../../src/sql/index.js";
import { ABC_FIELDS, SCORE_FIELDS, SEGMENT_FIELDS } from "./conformance.js";
import { openDuck, pick, summaryMismatches, type Duck, type Row } from "./helpers.js";

let duck: Duck;
beforeAll(async () => {
  duck = await openDuck();
});
afterAll(() => duck.conn.closeSync());

const day = fc.integer({ min: 0, max: 60 }).map((d) => new Date(Date.UTC(2024, 0, 1) + d * 86_400_000).toISOString().slice(0, 10));
const ASOF = "2024-03-01";
/** Rows over few customers and few values, so ties, equal edges and refunds are common. */
const transactions = (amount: fc.Arbitrary<number>) =>
  fc.array(
    fc.record({
      customerId: fc.constantFrom("a", "b", "c", "d", "e", "A", "é", "10", "9"),
      date: day,
      amount: fc.oneof({ weight: 4, arbitrary: amount }, { weight: 1, arbitrary: amount.map((x) => -x) }),
      orderId: fc.integer({ min: 1, max: 12 }).map(String),
    }),
    { minLength: 1, maxLength: 40 },
  );
/** Quarters: exact in doubles, so every sum, mean and share is the same on both sides. */
const quarters = fc.integer({ min: 0, max: 400 }).map((q) => q / 4);
/** Cents: the realistic case (0.1 + 0.2 is not 0.3 in doubles). */
const cents = fc.oneof(fc.constantFrom(0.1, 0.2, 0.3, 10, 20), fc.integer({ min: 1, max: 20_000 }).map((c) => c / 100));

const cols = { customerId: "customerId", date: "date", amount: "amount", orderId: "orderId" };

async function both(rows: { customerId: string; date: string; amount: number; orderId: string }[], table: string) {
  await duck.loadTransactions(table, rows);
  let memory: CustomerSummary[] | null = null;
  try {
    memory = summarizeTransactions(rows, { asOf: ASOF }).customers;
  } catch {
    memory = null; // refunds only: the library throws empty_input, the SQL returns no rows
  }
  const base = { dialect: "duckdb" as const, table, columns: cols, asOf: ASOF };
  const sql = await duck.query(summarySql(base));
  return { base, memory, sql };
}

describe("DuckDB SQL vs the library on random transactions", () => {
  test("with exact (quarter) amounts, summaries, scores, segments and ABC classes are identical", async () => {
    await fc.assert(
      fc.asyncProperty(transactions(quarters), fc.integer({ min: 2, max: 6 }), fc.constantFrom("quantile" as const, "rank" as const, "r-rfm" as const), async (rows, bins, method) => {
        const { base, memory, sql } = await both(rows, "prop_exact");
        if (memory === null) {
          expect(sql).toEqual([]); // refunds only: no customer
          return;
        }
        expect(pick(sql, Object.keys(memory[0]))).toEqual(pick(memory, Object.keys(memory[0])));
        const scores = await duck.query(rfmScoresSql({ ...base, bins, method, quantiles: "explicit" }));
        expect(pick(scores, SCORE_FIELDS)).toEqual(pick(scoreRfm(memory, { bins, method }).customers, SCORE_FIELDS));
        for (const ties of ["low", "high"] as const) {
          const segments = await duck.query(rfmSegmentsSql({ ...base, ties }));
          expect(pick(segments, SEGMENT_FIELDS)).toEqual(pick(segmentRfm(memory, { ties }).customers, SEGMENT_FIELDS));
        }
        // rule schemes on the scores of the drawn method (R rfm's README scheme needs 5 bins)
        const scoring = { method, bins: 5 };
        const readme = await duck.query(rfmSegmentsSql({ ...base, scheme: "r-rfm-readme", scoring: { ...scoring, quantiles: "explicit" } }));
        expect(pick(readme, SEGMENT_FIELDS)).toEqual(pick(segmentRfm(memory, { scheme: "r-rfm-readme", scoring }).customers, SEGMENT_FIELDS));
        const rules = [{ id: "top", recency: [bins, bins], frequency: [2, bins], monetary: [1, bins] }, { id: "low", recency: [1, 2], frequency: [1, 1], monetary: [1, bins] }] as const;
        const custom = await duck.query(rfmSegmentsSql({ ...base, scheme: "custom", rules, otherwise: "rest", scoring: { method, bins, quantiles: "explicit" } }));
        expect(pick(custom, SEGMENT_FIELDS)).toEqual(pick(segmentRfm(memory, { scheme: "custom", rules, otherwise: "rest", scoring: { method, bins } }).customers, SEGMENT_FIELDS));
        if (memory.some((c) => c.monetary > 0)) {
          const abc = await duck.query(abcClassesSql(base));
          expect(pick(abc, ABC_FIELDS)).toEqual(pick(classifyAbc(memory).customers, ABC_FIELDS));
        }
        // computed ABC: limits from the SQL histogram, or the same data error as the library's
        const values = (await duck.query(abcValuesSql(base))).map((r) => ({ value: Number(r.value), customers: Number(r.customers) }));
        let lib: unknown;
        try {
          lib = pick(classifyAbc(memory, { method: "computed" }).customers, ABC_FIELDS);
        } catch (error) {
          lib = (error as { code?: string }).code;
        }
        if (typeof lib === "string") expect(() => abcClassesSql({ ...base, method: "computed", values })).toThrow(expect.objectContaining({ code: lib }));
        else expect(pick(await duck.query(abcClassesSql({ ...base, method: "computed", values })), ABC_FIELDS)).toEqual(lib);
      }),
      { numRuns: 60 },
    );
  });

  test("with cents, summaries agree far below a cent and the SQL scores, segments and ABC classes equal the library's on the SQL summaries", async () => {
    await fc.assert(
      fc.asyncProperty(transactions(cents), fc.integer({ min: 2, max: 6 }), async (rows, bins) => {
        const { base, memory, sql } = await both(rows, "prop_cents");
        if (memory === null) {
          expect(sql).toEqual([]); // refunds only: no customer
          return;
        }
        expect(summaryMismatches(sql, memory)).toEqual([]);
        const fed = sql as unknown as CustomerSummary[];
        const scores = await duck.query(rfmScoresSql({ ...base, bins }));
        expect(pick(scores, SCORE_FIELDS)).toEqual(pick(scoreRfm(fed, { bins }).customers, SCORE_FIELDS));
        const segments = await duck.query(rfmSegmentsSql(base));
        const lib = pick(segmentRfm(fed).customers, SEGMENT_FIELDS);
        // The SQL compares monetary with its mean exactly (n·total vs the decimal sum); the library
        // with a double mean. They may differ only for a customer exactly at the mean.
        const mean = exactMeanCents(sql);
        const differ = pick(segments, SEGMENT_FIELDS).filter((r, i) => JSON.stringify(r) !== JSON.stringify(lib[i]));
        expect(differ.filter((r) => Math.round(Number(r.monetary) * 100) * sql.length !== mean)).toEqual([]);
        if (fed.some((c) => c.monetary > 0)) {
          const abc = await duck.query(abcClassesSql(base));
          const libAbc = pick(classifyAbc(fed).customers, ABC_FIELDS);
          expect(pick(abc, ABC_FIELDS).map((r) => r.abcClass)).toEqual(libAbc.map((r) => r.abcClass));
        }
      }),
      { numRuns: 60 },
    );
  });
});

/** n × (the exact mean of monetary in cents) = the sum of the cents, for the tie test above. */
function exactMeanCents(rows: readonly Row[]): number {
  return rows.reduce((s, r) => s + Math.round(Number(r.monetary) * 100), 0);
}
