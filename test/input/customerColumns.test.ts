// Customer-level columns (`CustomerColumns`): every analysis that reads customer-level records reads the
// same customers given as columns, with the same result, and names bad entries by column and index.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { clusterCustomers } from "../../src/cluster/index.js";
import { classifyAbc, clvQuadrants, formulaClv, gini, historicalClv, lorenzCurve, segmentRfm, segmentRfmGrid, summarizeTransactions, tierPyramid, valueMatrix, whaleCurve } from "../../src/index.js";
import type { CustomerColumns } from "../../src/input/index.js";

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
