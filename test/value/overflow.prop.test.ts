import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { isAnalyticsInputError } from "../../src/errors.js";
import { scoreRfm, segmentRfm, summarizeSegments } from "../../src/rfm/index.js";
import { mergeSummaries, summarizeTransactions, type CustomerSummary } from "../../src/summary/index.js";
import { classifyAbc, clvQuadrants, gini, historicalClv, lorenzCurve, tierPyramid, valueMatrix } from "../../src/value/index.js";

/** Amounts from cents up to the largest double, both signs: sums of them may leave the doubles. */
const amount = fc.oneof(
  fc.constantFrom(1e308, -1e308, Number.MAX_VALUE, -Number.MAX_VALUE, 8e307, 2 ** 53, 0.01, 0),
  fc.double({ min: -1e308, max: 1e308, noNaN: true }),
  fc.integer({ min: -10_000, max: 100_000 }),
);
const rows = fc.array(
  fc.record({ customerId: fc.constantFrom("a", "b", "c", "d"), day: fc.integer({ min: 1, max: 28 }), amount }),
  { minLength: 1, maxLength: 12 },
);

/** Every number in `x`, however deep. */
function numbers(x: unknown, out: number[] = []): number[] {
  if (typeof x === "number") out.push(x);
  else if (Array.isArray(x)) for (const v of x) numbers(v, out);
  else if (typeof x === "object" && x !== null) for (const v of Object.values(x)) numbers(v, out);
  return out;
}

/** `f()`'s numbers are all finite, or it throws an AnalyticsInputError with one of `codes`. */
function finiteOrRefused(name: string, f: () => unknown, codes: readonly string[]): unknown {
  let result: unknown;
  try {
    result = f();
  } catch (error) {
    if (!isAnalyticsInputError(error)) throw error;
    expect(codes, `${name}: ${error.message}`).toContain(error.code);
    expect(error.message.startsWith(`${name}: `)).toBe(true);
    return undefined;
  }
  for (const v of numbers(result)) expect(Number.isFinite(v), `${name} returned ${v}`).toBe(true);
  return result;
}

describe("amounts up to ±1.8e308: every result is finite, or the function throws overflow (never NaN)", () => {
  test("summaries, and every customer-level analysis on them", () => {
    fc.assert(
      fc.property(rows, (txs) => {
        const input = txs.map((t) => ({ customerId: t.customerId, date: `2024-01-${String(t.day).padStart(2, "0")}`, amount: t.amount }));
        const opts = { asOf: "2024-02-01", refunds: "net" as const, fields: { customerId: "customerId", date: "date", amount: "amount" } };
        const s = finiteOrRefused("summarizeTransactions", () => summarizeTransactions(input, opts), ["overflow", "empty_input"]) as
          | { customers: CustomerSummary[] }
          | undefined;
        const half = Math.floor(input.length / 2);
        if (half > 0) {
          try {
            const parts = [summarizeTransactions(input.slice(0, half), opts), summarizeTransactions(input.slice(half), opts)];
            finiteOrRefused("mergeSummaries", () => mergeSummaries(parts), ["overflow"]);
          } catch (error) {
            // a part on its own may have no purchase or overflow, or a customer may be refunds-only in one part
            if (!isAnalyticsInputError(error) && !(error instanceof RangeError)) throw error;
          }
        }
        if (!s) return;
        const c = s.customers.map((x) => ({ ...x, clv: x.monetary / 2 }));
        const refusals = ["overflow", "degenerate_data"];
        finiteOrRefused("scoreRfm", () => scoreRfm(c), refusals);
        finiteOrRefused("scoreRfm", () => scoreRfm(c, { method: "r-rfm" }), refusals);
        finiteOrRefused("segmentRfm", () => segmentRfm(c), refusals);
        finiteOrRefused("segmentRfm", () => segmentRfm(c, { thresholds: "median" }), refusals);
        finiteOrRefused("segmentRfm", () => segmentRfm(c, { scheme: "r-rfm-readme" }), refusals);
        finiteOrRefused("summarizeSegments", () => summarizeSegments(c.map((x) => ({ ...x, segment: x.customerId < "c" ? "x" : "y" }))), refusals);
        finiteOrRefused("gini", () => gini(c), refusals);
        finiteOrRefused("lorenzCurve", () => lorenzCurve(c, { steps: 4 }), refusals);
        finiteOrRefused("classifyAbc", () => classifyAbc(c), refusals);
        finiteOrRefused("classifyAbc", () => classifyAbc(c, { by: "count" }), refusals);
        if (c.length > 1) finiteOrRefused("classifyAbc", () => classifyAbc(c, { method: "computed" }), refusals);
        finiteOrRefused("tierPyramid", () => tierPyramid(c), refusals);
        finiteOrRefused("tierPyramid", () => tierPyramid(c, { scheme: "zeithaml" }), refusals);
        finiteOrRefused("historicalClv", () => historicalClv(c, { period: "month" }), refusals);
        finiteOrRefused("valueMatrix", () => valueMatrix(c), refusals);
        finiteOrRefused("valueMatrix", () => valueMatrix(c, { thresholds: "median" }), refusals);
        finiteOrRefused("clvQuadrants", () => clvQuadrants(c, { potential: "clv" }), refusals);
        // every score is a score
        const scored = scoreRfm(c, { method: "r-rfm" }).customers;
        for (const x of scored) for (const v of [x.r, x.f, x.m]) expect(v >= 1 && v <= 5).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
