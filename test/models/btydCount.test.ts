// The optional `count` of a BTYD record (customers the record stands for, as in a row of btydTriplesSql):
// every fit weights by it and counts it in meta, predictions stay one per record, bad counts are data errors.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  fitBgNbd,
  fitGammaGamma,
  fitModifiedBgNbd,
  fitParetoNbd,
  predictBgNbd,
  predictedClv,
  type BtydCustomer,
} from "../../src/models/index.js";
import { readBtydCustomers } from "../../src/models/btydInput.js";
import { readCsvFixture } from "../helpers/csv.js";
import { customerArb, expectIssue } from "./shared.js";

const zbar = new Map(readCsvFixture("clv/cdnow_customers_summary_with_transactions.csv").map((r) => [r.ID, Number(r.zbar)]));
const customers: BtydCustomer[] = readCsvFixture("clv/per_customer_cdnow_customers_summary.csv.gz").map((r) => ({
  customerId: r.ID,
  frequency: Number(r.frequency),
  recency: Number(r.recency),
  T: Number(r.T),
  monetaryValue: zbar.get(r.ID) as number,
}));

/** The customers grouped by `key` into weighted records (no ids), in a shuffled-ish order (by key text). */
function grouped(records: readonly BtydCustomer[], key: (c: BtydCustomer) => unknown[]): BtydCustomer[] {
  const groups = new Map<string, BtydCustomer & { count: number }>();
  for (const c of records) {
    const k = JSON.stringify(key(c));
    const g = groups.get(k);
    if (g) g.count++;
    else groups.set(k, { frequency: c.frequency, recency: c.recency, T: c.T, monetaryValue: c.monetaryValue, count: 1 });
  }
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, g]) => g);
}

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
const worst = (a: Record<string, number>, b: Record<string, number>) => Math.max(...Object.keys(b).map((k) => rel(a[k], b[k])));

describe("BtydCustomer.count: weighted records fit as the customers they stand for", () => {
  const triples = grouped(customers, (c) => [c.frequency, c.recency, c.T]);
  const pairs = grouped(customers, (c) => [c.frequency, c.recency, c.T, c.monetaryValue]);

  test("CDNOW: BG/NBD, modified BG/NBD and Pareto/NBD on the weighted triples equal the per-customer fits (1e-10), meta counts customers", () => {
    expect([customers.length, triples.length]).toEqual([2357, 1016]);
    for (const fit of [fitBgNbd, fitModifiedBgNbd, fitParetoNbd] as const) {
      const a = fit(triples);
      const b = fit(customers);
      expect(worst(a.params as never, b.params as never), fit.name).toBeLessThan(1e-10);
      expect(rel(a.logLikelihood, b.logLikelihood)).toBeLessThan(1e-12);
      expect(a.meta.customers).toBe(2357);
      expect(a.diagnostics.converged).toBe(true);
    }
  });

  test("CDNOW: Gamma-Gamma on (x, t_x, T, m̄) groups equals the per-customer fit; meta.repeatBuyers is weighted", () => {
    const a = fitGammaGamma(pairs);
    const b = fitGammaGamma(customers);
    expect(pairs.length).toBeLessThan(customers.length);
    expect(worst(a.params as never, b.params as never)).toBeLessThan(1e-10);
    expect(a.meta.repeatBuyers).toBe(b.meta.repeatBuyers);
    expect(a.meta.repeatBuyers).toBe(946);
  });

  test("a count multiplies the record: one record with count 3 is three copies (and a penalty sees the same per-customer scale)", () => {
    const base = customers.slice(0, 300).map(({ customerId: _id, ...c }) => c);
    const copies = [...base, base[5], base[5], base[7]];
    const weighted = base.map((c, i) => ({ ...c, count: i === 5 ? 3 : i === 7 ? 2 : 1 }));
    for (const penalizer of [0, 0.1]) {
      expect(worst(fitBgNbd(weighted, { penalizer }).params as never, fitBgNbd(copies, { penalizer }).params as never)).toBeLessThan(1e-10);
    }
    expect(fitBgNbd(weighted).meta.customers).toBe(303);
  });

  test("predictions stay one per record; predictedClv's CLV of a weighted record is its customers' (count is not a multiplier)", () => {
    const fit = fitBgNbd(triples);
    const p = predictBgNbd(fit.params, triples, { t: 10 });
    expect(p.customers).toHaveLength(triples.length);
    const plain = predictBgNbd(fit.params, triples.map(({ count: _c, ...r }) => r), { t: 10 });
    expect(p.customers).toEqual(plain.customers);
    const gg = fitGammaGamma(customers).params;
    const clv = predictedClv(fit, gg, [{ ...triples[40], count: 5 }], { periodsPerMonth: 4.345 });
    const one = predictedClv(fit, gg, [{ ...triples[40], count: 1 }], { periodsPerMonth: 4.345 });
    expect(clv.customers).toEqual(one.customers);
  });

  test("count absent or null is 1; readBtydCustomers sums the counts", () => {
    const r = readBtydCustomers("f", [
      { frequency: 1, recency: 1, T: 2, count: 4 },
      { frequency: 0, recency: 0, T: 2 },
      { frequency: 0, recency: 0, T: 3, count: null as never },
    ]);
    expect([r.customers, [...r.w!]]).toEqual([6, [4, 1, 1]]);
    const plain = readBtydCustomers("f", [{ frequency: 1, recency: 1, T: 2, count: 1 }]);
    expect([plain.customers, plain.w]).toEqual([1, undefined]);
  });

  test.each([
    [0, "got 0"],
    [-2, "got -2"],
    [1.5, "got 1.5"],
    [2 ** 53, "got 9007199254740992"],
  ])("count %s is an AnalyticsInputError naming the record", (count, text) => {
    expectIssue(() => fitBgNbd([{ customerId: "a", frequency: 0, recency: 0, T: 2 }, { customerId: "b", frequency: 1, recency: 1, T: 2, count }]), {
      code: "invalid_value",
      path: ["records", 1, "count"],
      customerId: "b",
      message: expect.stringContaining(text),
    });
  });

  test("a count that is not a number, or counts beyond 2^53 in all, are AnalyticsInputErrors", () => {
    expectIssue(() => fitBgNbd([{ frequency: 1, recency: 1, T: 2, count: "3" as never }]), { code: "invalid_value", path: ["records", 0, "count"] });
    expectIssue(() => fitBgNbd([{ frequency: 1, recency: 1, T: 2, count: Number.POSITIVE_INFINITY }]), { code: "invalid_value", path: ["records", 0, "count"] });
    const huge = Number.MAX_SAFE_INTEGER - 1;
    expectIssue(() => fitBgNbd([{ frequency: 1, recency: 1, T: 2, count: huge }, { frequency: 0, recency: 0, T: 2, count: 3 }]), { code: "invalid_value", path: ["records"] });
  });

  test("fast-check: all customers split into weighted records in any way fit as the customers (1e-9)", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(customerArb, fc.integer({ min: 1, max: 5 })), { minLength: 4, maxLength: 25 }), (list) => {
        const weighted = list.map(([c, count]) => ({ ...c, count }));
        const expanded = list.flatMap(([c, count]) => Array.from({ length: count }, () => c));
        const a = fitBgNbd(weighted);
        const b = fitBgNbd(expanded);
        expect(a.meta.customers).toBe(expanded.length);
        // the same objective: equal at any parameters; the optimiser's path may differ in the last bits
        if (a.diagnostics.converged && b.diagnostics.converged) expect(rel(a.logLikelihood, b.logLikelihood)).toBeLessThan(1e-9);
      }),
      { numRuns: 25 },
    );
  });
});
