// Fuzz: options objects that fight back (a getter that throws, a Proxy whose traps throw) given to every
// function that takes options, with otherwise valid data. Each must answer with its own TypeError /
// RangeError / AnalyticsInputError naming it, never the caller's raw exception.
import fc from "fast-check";
import { afterAll, describe, it } from "vitest";
import type { Hostile } from "./revive.js";
import { assertContract, FuzzWorker, fuzz, reportTally } from "./harness.js";
import { kaplanMeier, periodIndicators, sbgSurvival, segmentMovement, whaleCurve } from "../../src/index.js";

const worker = new FuzzWorker();
afterAll(async () => {
  reportTally("hostile-options");
  await worker.close();
});

const tx = [
  { customerId: "a", date: "2024-01-05", amount: 10 },
  { customerId: "a", date: "2024-02-05", amount: 20 },
  { customerId: "b", date: "2024-03-01", amount: 5 },
];
const summaries = [
  { customerId: "a", recencyDays: 5, frequency: 3, monetary: 90, tenureDays: 100, averageOrderValue: 30, margin: 20, clv: 50 },
  { customerId: "b", recencyDays: 50, frequency: 1, monetary: 10, tenureDays: 50, averageOrderValue: 10, margin: 5, clv: 5 },
];
const btyd = [
  { customerId: "a", frequency: 2, recency: 4, T: 8, monetaryValue: 30 },
  { customerId: "b", frequency: 0, recency: 0, T: 6, monetaryValue: 0 },
];
const bg = { r: 0.24, alpha: 4.4, a: 0.79, b: 2.4 };

/** Function, the data before the options, and the options a caller must give. */
const CASES: [string, unknown[], Record<string, unknown>][] = [
  ["normalizeTransactions", [tx], { asOf: "2024-06-30" }],
  ["summarizeTransactions", [tx], { asOf: "2024-06-30" }],
  ["periodIndicators", [tx], { asOf: "2024-06-30" }],
  ["cohortRetention", [tx], { asOf: "2024-06-30" }],
  ["churnRisk", [tx], { asOf: "2024-06-30" }],
  ["lifecycleStage", [tx], { asOf: "2024-06-30" }],
  ["toBtydSummary", [tx], { asOf: "2024-06-30", period: "week" }],
  ["scoreRfm", [summaries], { bins: 2 }],
  ["segmentRfm", [summaries], { thresholds: "median" }],
  ["classifyAbc", [summaries], { method: "fixed" }],
  ["tierPyramid", [summaries], { scheme: "crm" }],
  ["lorenzCurve", [summaries], { steps: 4 }],
  ["gini", [summaries], { value: "monetary" }],
  ["clvQuadrants", [summaries], { potential: "clv" }],
  ["valueMatrix", [summaries], { ties: "low" }],
  ["historicalClv", [summaries], { margin: 0.5 }],
  ["formulaClv", [summaries], { retention: 0.8, discountRate: 0.1 }],
  ["netPromoterScore", [[10, 9, 3]], {}],
  ["fitBgNbd", [btyd], { penalizer: 0 }],
  ["fitGammaGamma", [btyd], { penalizer: 0 }],
  ["predictBgNbd", [bg, btyd], { t: 10 }],
  ["fitBgNbdCovariates", [btyd.map((c, i) => ({ ...c, z: i }))], { purchase: ["z"] }],
  ["fitParetoNbdCovariates", [btyd.map((c, i) => ({ ...c, z: i }))], { dropout: ["z"] }],
  ["predictBgNbdCovariates", [{ params: bg, coefficients: { purchase: { z: 0.1 }, dropout: {} } }, btyd.map((c, i) => ({ ...c, z: i }))], { t: 10 }],
  ["predictParetoNbdCovariates", [{ params: { r: 0.55, alpha: 10.6, s: 0.61, beta: 11.7 }, coefficients: { purchase: {}, dropout: { z: 0.1 } } }, btyd.map((c, i) => ({ ...c, z: i }))], { t: 10 }],
  ["predictedClv", [bg, { p: 6, q: 4, v: 15 }, btyd], { periodsPerMonth: 4.345 }],
  ["gammaGammaExpectedSpend", [{ p: 6, q: 4, v: 15 }, btyd], { output: "columns" }],
  ["clusterCustomers", [summaries], { k: 2 }],
  ["assignCluster", [{ features: ["recencyDays", "frequency", "monetary"], scaling: "none", center: [0, 0, 0], scale: [1, 1, 1], centroids: [[0, 0, 0], [50, 5, 50]] }, summaries], { output: "columns" }],
  ["chooseK", [summaries], { kMax: 2 }],
  ["summarySql", [], { dialect: "duckdb", table: "t", columns: { customerId: "c", date: "d", amount: "a" }, asOf: "2024-06-30" }],
  ["tableDisplay", [summaries], { digits: 3 }],
  ["toBgBbSummary", [tx], { asOf: "2024-06-30", period: "month" }],
  ["fitBgBb", [[{ frequency: 1, recency: 2, n: 4, count: 5 }, { frequency: 0, recency: 0, n: 4, count: 7 }]], { penalizer: 0 }],
  ["predictBgBb", [{ alpha: 1.2, beta: 0.75, gamma: 0.66, delta: 2.8 }, [{ frequency: 1, recency: 2, n: 4 }]], { opportunities: 5 }],
  ["fitSbg", [{ alive: [1000, 631, 468, 382] }], { periods: 2 }],
  ["fitSbgCohorts", [[{ cohort: "r", alive: [1000, 631, 468, 382] }]], { periods: 2 }],
  ["sbgSurvival", [{ alpha: 0.7, beta: 1.2 }], { periods: 3, alive: [100, 60], discountRate: 0.1 }],
  ["kaplanMeier", [[{ duration: 1, event: true }, { duration: 2, event: false }]], { confidenceLevel: 0.9 }],
  ["customerSurvival", [tx], { asOf: "2024-06-30", lostAfterDays: 30 }],
  ["serviceKpis", [[{ offeredAt: "2024-03-04T09:00:00Z", answeredAt: "2024-03-04T09:00:10Z", handleSeconds: 60 }]], { period: "day", serviceLevelSeconds: 20 }],
  ["erlangC", [], { arrivalRate: 100, intervalSeconds: 1800, handleTimeSeconds: 180, agents: 14 }],
  ["staffing", [], { arrivalRate: 100, handleTimeSeconds: 180, target: { serviceLevel: 0.8, withinSeconds: 20 }, maxOccupancy: 0.9 }],
  ["segmentMovement", [[{ customerId: "a", segment: "x" }, { customerId: "b", segment: "y" }], [{ customerId: "a", segment: "y" }]], { ranked: true, order: ["x", "y"] }],
  ["whaleCurve", [summaries], { value: "margin" }],
  ["selectionMatrix", [summaries], { attractiveness: [{ field: "monetary" }], capability: [{ field: "frequency" }] }],
  ["lifecycleTrajectories", [[{ customerId: "a", stages: ["exploration", "formation"] }]], { stages: "stages" }],
  ["segmentRfmGrid", [summaries], { grid: "rfm-3" }],
  ["lookalikeCustomers", [summaries], { reference: ["a"], k: 1, candidates: summaries }],
  ["clusterNames", [[{ cluster: 0, segment: null }, { cluster: 1, segment: "important_value" }]], { language: "en" }],
  ["periodIndicatorsSql", [], { dialect: "duckdb", table: "t", columns: { customerId: "c", date: "d", amount: "a" }, asOf: "2024-06-30", period: "week" }],
  ["cohortRetentionSql", [], { dialect: "postgres", table: "t", columns: { customerId: "c", date: "d", amount: "a" }, asOf: "2024-06-30", partialPeriods: "drop" }],
  ["btydSummarySql", [], { dialect: "spark", table: "t", columns: { customerId: "c", date: "d", amount: "a" }, asOf: "2024-06-30", period: "week" }],
  ["btydTriplesSql", [], { dialect: "bigquery", table: "t", columns: { customerId: "c", date: "d", amount: "a" }, asOf: "2024-06-30", period: "day" }],
  ["periodChart", [periodIndicators(tx, { asOf: "2024-06-30" })], { metrics: ["churnRate"] }],
  ["segmentMovementChart", [segmentMovement([{ customerId: "a", segment: "x" }], [{ customerId: "a", segment: "y" }])], { metric: "customers" }],
  ["whaleCurveChart", [whaleCurve(summaries, { value: "margin" })], { language: "zh" }],
  ["survivalChart", [kaplanMeier([{ duration: 2, event: true }, { duration: 5, event: false }])], { bands: false }],
  ["retentionCurveChart", [sbgSurvival({ alpha: 1, beta: 1 }, { alive: [100, 55, 35] })], { fittedPeriods: 2 }],
  ["bgBbAliveChart", [{ alpha: 1.2, beta: 0.75, gamma: 0.66, delta: 2.8 }], { n: 4 }],
  ["purchaseTracking", [tx, { model: "bg-nbd", params: { r: 0.24, alpha: 4.4, a: 0.79, b: 2.4 } }], { asOf: "2024-06-30", calibrationEnd: "2024-03-31", period: "week", trackingPeriod: "day" }],
  ["trackingChart", [[{ periodNumber: 1, holdout: false, actual: 1, expected: 0.8, cumulativeActual: 1, cumulativeExpected: 0.8 }, { periodNumber: 2, holdout: true, actual: 0, expected: 0.5, cumulativeActual: 1, cumulativeExpected: 1.3 }]], { show: "cumulative", model: "BG/NBD" }],
  ["periodTransactionsChart", [{ model: "pareto-nbd", params: { r: 0.55, alpha: 10.6, s: 0.61, beta: 11.7 } }, [{ frequency: 2, recency: 10, T: 30 }, { frequency: 0, recency: 0, T: 20 }]], { maxFrequency: 3, model: "Pareto/NBD" }],
  ["frequencyRecencyChart", [{ model: "modified-bg-nbd", params: { r: 0.52, alpha: 6.2, a: 0.89, b: 1.6 } }, [{ frequency: 2, recency: 10, T: 30 }]], { metric: "expectedPurchases", t: 10, maxFrequency: 5 }],
  ["holdoutChart", [[{ frequency: 0, frequencyAtLeast: false, customers: 3, actual: 0.2, predicted: 0.3, lower: 0.2, upper: 0.4 }]], { intervalLevel: 0.9, model: "BG/NBD" }],
];

describe.concurrent("fuzz: hostile options objects", () => {
  it("every function with options, options with a throwing getter or Proxy trap", () =>
    fuzz(
      "hostile options",
      fc.tuple(fc.constantFrom(...CASES), fc.nat(), fc.constantFrom("getterThrows", "get", "ownKeys", "has", "getOwnPropertyDescriptor")),
      async ([[fn, data, base], k, kind]) => {
        const keys = Object.keys(base);
        const options: Hostile = kind === "getterThrows" ? { $$h: "getterThrows", key: keys[k % keys.length] ?? "x", base } : { $$h: "proxy", trap: kind as "get", base };
        const args = [...data, options];
        assertContract(fn, await worker.call({ fn, args }), args);
      },
      300,
    ),
  60_000);
});
