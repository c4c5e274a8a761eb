// Fuzz: churn, retention, cohorts, lifecycle (stages and trajectories), NPS and win-back.
import fc from "fast-check";
import { afterAll, describe, it } from "vitest";
import { churnRiskOptionsSchema, cohortRetentionOptionsSchema, lifecycleStageOptionsSchema, lifecycleTrajectoriesOptionsSchema, netPromoterScoreOptionsSchema, periodIndicatorsOptionsSchema, winBackPriorityOptionsSchema } from "../../src/churn/index.js";
import { customerRecords, either, measure, optionsArb, transactions, weirdNumber, wrongType } from "./arbitraries.js";
import { FuzzWorker, fuzzCall, reportTally } from "./harness.js";
import { genericRanges } from "./ranges.js";

const worker = new FuzzWorker();
afterAll(async () => {
  reportTally("churn");
  await worker.close();
});
const T = 120_000;
const asOf = { asOf: "2030-12-31" };

describe.concurrent("fuzz: churn", () => {
  for (const [fn, schema, runs] of [
    ["periodIndicators", periodIndicatorsOptionsSchema, 400],
    ["cohortRetention", cohortRetentionOptionsSchema, 400],
    ["churnRisk", churnRiskOptionsSchema, 400],
    ["lifecycleStage", lifecycleStageOptionsSchema, 400],
  ] as const) {
    it(fn, () => fuzzCall(worker, fn, fc.tuple(transactions, optionsArb(schema as never, asOf)), runs, genericRanges), T);
  }

  // Dictionary columns of typed arrays, which the period functions read in place when no row has an
  // issue (src/churn/activity.ts): codes beyond the dictionary, odd or repeated entries, extreme days,
  // odd amounts, order ids as a dictionary too.
  const dictionaryColumns = fc
    .record({
      n: fc.integer({ min: 1, max: 12 }),
      codes: fc.array(fc.oneof({ weight: 20, arbitrary: fc.integer({ min: 0, max: 3 }) }, { weight: 1, arbitrary: fc.constantFrom(-1, 4, 5) }), { minLength: 12, maxLength: 12 }),
      dictionary: fc.constantFrom<unknown[]>(["a", "b", "c", "d"], ["a", "b", "c", "d"], ["a", "a", "b", "c"], ["a", "", "b", 3], ["a", "b", "c", "d", "e", "f"], ["é", "e\u0301", "b", "c"]),
      days: fc.array(fc.oneof({ weight: 20, arbitrary: fc.integer({ min: 10_957, max: 21_915 }) }, { weight: 1, arbitrary: fc.constantFrom(-2e9, 2e9 - 1, -719_162, 2_932_896, 0, -1) }), { minLength: 12, maxLength: 12 }),
      money: fc.array(fc.oneof({ weight: 20, arbitrary: fc.integer({ min: -1000, max: 100_000 }).map((c) => c / 100) }, { weight: 1, arbitrary: weirdNumber }), { minLength: 12, maxLength: 12 }),
      orders: fc.option(fc.array(fc.oneof({ weight: 20, arbitrary: fc.integer({ min: 0, max: 3 }) }, { weight: 1, arbitrary: fc.constantFrom(-1, 4) }), { minLength: 12, maxLength: 12 }), { nil: undefined }),
    })
    .map((s) => ({
      customerId: { codes: Int32Array.from(s.codes.slice(0, s.n)), dictionary: s.dictionary },
      date: Int32Array.from(s.days.slice(0, s.n)),
      amount: Float64Array.from(s.money.slice(0, s.n) as number[]),
      ...(s.orders ? { orderId: { codes: Int32Array.from(s.orders.slice(0, s.n)), dictionary: ["o1", "o2", 3, "o4"] } } : {}),
    }));
  for (const [fn, schema] of [
    ["periodIndicators", periodIndicatorsOptionsSchema],
    ["cohortRetention", cohortRetentionOptionsSchema],
  ] as const) {
    it(`${fn} on dictionary columns`, () => fuzzCall(worker, fn, fc.tuple(dictionaryColumns, optionsArb(schema as never, asOf)), 300, genericRanges), T);
  }

  it("netPromoterScore", () => {
    const scores = fc.oneof(fc.array(fc.integer({ min: 0, max: 10 }), { maxLength: 20 }), fc.array(fc.oneof(fc.integer({ min: -2, max: 12 }), weirdNumber, wrongType), { maxLength: 6 }), wrongType);
    return fuzzCall(worker, "netPromoterScore", fc.tuple(scores, optionsArb(netPromoterScoreOptionsSchema as never)), 400, (v) => {
      const out = genericRanges(v);
      if (v.promoters + v.passives + v.detractors !== v.n) out.push(`promoters + passives + detractors ≠ n in ${JSON.stringify(v)}`);
      return out;
    });
  }, T);

  it("winBackPriority", () => {
    const risks = customerRecords({ risk: either(fc.constantFrom("active", "cooling", "at_risk", "lapsed"), fc.oneof(wrongType, fc.constant("gone"))), valueAtRisk: measure(10_000, false, -100) }, 8);
    const tiers = customerRecords({ tier: either(fc.constantFrom("key_important", "key_secondary", "ordinary", "small", "inferior"), fc.oneof(wrongType, fc.constant("gold"))) }, 8);
    return fuzzCall(worker, "winBackPriority", fc.tuple(risks, tiers, optionsArb(winBackPriorityOptionsSchema as never)), 400, genericRanges);
  }, T);
  it("lifecycleTrajectories", () => {
    const stage = either(fc.constantFrom("exploration", "formation", "stability", "decline"), fc.oneof(wrongType, weirdNumber, fc.constantFrom("lapsed", "Stability", " ")));
    const period = either(fc.integer({ min: 0, max: 12 }), fc.oneof(weirdNumber, wrongType, fc.constantFrom("2024-01", "2024-02", "")));
    // sequences: one record per customer (ids mostly unique); rows: one per period (ids repeat, periods may too)
    const sequences = fc.tuple(customerRecords({ stages: either(fc.array(stage, { maxLength: 8 }), fc.oneof(wrongType, fc.constant([]))) }, 6), optionsArb(lifecycleTrajectoriesOptionsSchema as never, { stages: "stages" }));
    const rows = fc.tuple(
      fc.oneof(customerRecords({ period, stage }, 10).map((rs) => rs.map((r, i) => (r !== null && typeof r === "object" && !("$$h" in r) && i % 2 === 0 ? { ...r, customerId: "a" } : r))), fc.constant([])),
      optionsArb(lifecycleTrajectoriesOptionsSchema as never),
    );
    return fuzzCall(worker, "lifecycleTrajectories", fc.oneof(sequences, rows), 400, (v) => {
      const out = genericRanges(v);
      const sum = Object.values(v.meta.counts as Record<string, number>).reduce((a, b) => a + b, 0);
      if (sum !== v.customers.length) out.push(`meta.counts sum to ${sum}, ${v.customers.length} customers`);
      return out;
    });
  }, T);
});
