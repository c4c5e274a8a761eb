// Fuzz: churn, retention, cohorts, lifecycle, NPS and win-back.
import fc from "fast-check";
import { afterAll, describe, it } from "vitest";
import { churnRiskOptionsSchema, cohortRetentionOptionsSchema, lifecycleStageOptionsSchema, netPromoterScoreOptionsSchema, periodIndicatorsOptionsSchema, winBackPriorityOptionsSchema } from "../../src/churn/index.js";
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
});
