// Customer-level columns (`CustomerColumns`): every analysis that reads customer-level records reads the
// same customers given as columns, with the same result, and names bad entries by column and index.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { clusterCustomers } from "../../src/cluster/index.js";
import { classifyAbc, clvQuadrants, formulaClv, gini, historicalClv, lorenzCurve, segmentRfm, segmentRfmGrid, summarizeTransactions, tierPyramid, valueMatrix, whaleCurve } from "../../src/index.js";
import type { CustomerColumns } from "../../src/input/index.js";
import { fitBgNbd, fitGammaGamma, fitParetoNbd, predictBgNbd } from "../../src/models/index.js";

const customer = fc.record({
  recencyDays: fc.integer({ min: 0, max: 400 }),
  frequency: fc.integer({ min: 1, max: 30 }),
  monetary: fc.integer({ min: -50, max: 5000 }),
  predicted: fc.integer({ min: 0, max: 3000 }),
});

function asColumns(records: readonly Record<string, unknown>[]): CustomerColumns {
  const keys = Object.keys(records[0]);
  return Object.fromEntries(keys.map((k) => [k, typeof records[0][k] === "number" ? Float64Array.from(records, (r) => r[k] as number) : records.map((r) => r[k])]));
}

const analyses: [string, (input: never) => unknown][] = [
  ["segmentRfm", (input) => segmentRfm(input)],
  ["segmentRfmGrid", (input) => segmentRfmGrid(input, { grid: "rfm-3" })],
  ["classifyAbc", (input) => classifyAbc(input)],
  ["tierPyramid", (input) => tierPyramid(input)],
  ["lorenzCurve", (input) => lorenzCurve(input, { steps: 10 })],
  ["gini", (input) => gini(input)],
  ["whaleCurve", (input) => whaleCurve(input, { value: "monetary" })],
  ["valueMatrix", (input) => valueMatrix(input, { averageOrderValue: "predicted" })],
  ["historicalClv", (input) => historicalClv(input)],
  ["formulaClv", (input) => formulaClv(input, { margin: "monetary", retention: 0.8, discountRate: 0.1 })],
  ["clvQuadrants", (input) => clvQuadrants(input, { current: "monetary", potential: "predicted" })],
  ["clusterCustomers", (input) => clusterCustomers(input, { k: 2, restarts: 2 })],
];

describe("customer-level columns", () => {
  test.each(analyses)("%s: columns give the result of the records", (_name, run) => {
    fc.assert(
      fc.property(fc.array(customer, { minLength: 6, maxLength: 40 }), (cs) => {
        const records = cs.map((c, i) => ({ customerId: `c${i}`, ...c, monetary: Math.max(c.monetary, 1) }));
        expect(run(asColumns(records) as never)).toEqual(run(records as never));
      }),
      { numRuns: 15 },
    );
  });

  test("BTYD customers as columns (count optional): the fits and predictions of the records", () => {
    const frequency = [2, 1, 0, 0, 0, 7, 3, 0, 1, 4, 0, 2];
    const recency = [30.43, 1.71, 0, 0, 0, 29.43, 20, 0, 5, 35, 0, 12];
    const T = frequency.map((_, i) => 38.86 - (i % 3));
    const monetaryValue = frequency.map((x, i) => (x > 0 ? 10 + i : 0));
    const records = frequency.map((x, i) => ({ frequency: x, recency: recency[i], T: T[i], monetaryValue: monetaryValue[i] }));
    const columns = { frequency, recency: Float64Array.from(recency), T, monetaryValue };
    const fit = fitBgNbd(records);
    expect(fitBgNbd(columns)).toEqual(fit);
    expect(fitParetoNbd(columns)).toEqual(fitParetoNbd(records));
    expect(fitGammaGamma(columns)).toEqual(fitGammaGamma(records));
    expect(predictBgNbd(fit.params, columns, { t: 10 })).toEqual(predictBgNbd(fit.params, records, { t: 10 }));
    // a count column weighs each row as that many customers
    const doubled = { ...columns, count: frequency.map(() => 2) };
    expect(fitBgNbd(doubled).meta.customers).toBe(24);
    expect(fitBgNbd(doubled).params).toEqual(fitBgNbd([...records, ...records]).params);
    // errors name the column and the entry
    expect(() => fitBgNbd({ ...columns, count: frequency.map((_, i) => (i === 3 ? 0.5 : 1)) })).toThrow(/columns\.count\[3\]: expected a positive integer/);
    expect(() => fitBgNbd({ ...columns, recency: recency.map((r, i) => (i === 1 ? 99 : r)) })).toThrow(/columns\.recency\[1\]: recency 99 is after T/);
  });

  test("summarizeTransactions' columns feed the customer-level analyses as they are", () => {
    const rows = Array.from({ length: 60 }, (_, i) => ({ customerId: `c${i % 13}`, date: `2024-0${1 + (i % 6)}-1${i % 10}`, amount: 10 + ((i * 37) % 90) }));
    const opts = { asOf: "2024-07-01" } as const;
    const { customers } = summarizeTransactions(rows, opts);
    const { columns } = summarizeTransactions(rows, { ...opts, output: "columns" });
    expect(segmentRfm(columns)).toEqual(segmentRfm(customers));
    expect(classifyAbc(columns)).toEqual(classifyAbc(customers));
    expect(clusterCustomers(columns, { k: 3 })).toEqual(clusterCustomers(customers, { k: 3 }));
  });
});
