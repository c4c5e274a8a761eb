// Fuzz: BTYD summaries, model fits, predictions, log-likelihoods, predicted CLV and calibration/holdout.
import fc from "fast-check";
import { afterAll, describe, it } from "vitest";
import {
  calibrationHoldoutOptionsSchema, fitBgNbdOptionsSchema, fitGammaGammaOptionsSchema, fitModifiedBgNbdOptionsSchema, fitParetoNbdOptionsSchema,
  predictBgNbdOptionsSchema, predictedClvOptionsSchema, predictModifiedBgNbdOptionsSchema, predictParetoNbdOptionsSchema, toBtydSummaryOptionsSchema,
} from "../../src/models/index.js";
import { customerRecords, either, optionsArb, transactions, weirdNumber, wrongType } from "./arbitraries.js";
import { FuzzWorker, fuzzCall, reportTally } from "./harness.js";
import { fitRanges, genericRanges, predictionRanges } from "./ranges.js";

const worker = new FuzzWorker();
afterAll(async () => {
  reportTally("models");
  await worker.close();
});
const T = 180_000;

/** BTYD customers: frequency (repeat purchases), recency ≤ T, T, mean repeat spend; T = 0 and huge frequency included. */
const btydCustomer = fc
  .record({
    frequency: either(fc.integer({ min: 0, max: 12 }), fc.constantFrom(1e6, 1e9, 0.5, -1, NaN, Infinity, 2 ** 53)),
    recencyShare: fc.double({ min: 0, max: 1, noNaN: true }),
    T: either(fc.integer({ min: 1, max: 5200 }).map((x) => x / 10), fc.constantFrom(0, 1e-9, 1e6, -1, NaN, Infinity, 1e308)),
    monetaryValue: either(fc.integer({ min: 1, max: 100_000 }).map((c) => c / 100), fc.constantFrom(0, -5, 1e308, NaN, Infinity, "12")),
    oddRecency: fc.oneof({ weight: 12, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom(-1, NaN, 1e9, Infinity) }),
  })
  .map(({ frequency, recencyShare, T: t, monetaryValue, oddRecency }) => {
    const recency = oddRecency ?? (frequency === 0 ? 0 : typeof t === "number" && Number.isFinite(t) ? Math.round(recencyShare * t * 10) / 10 : t);
    return { frequency, recency, T: t, monetaryValue };
  });
const btydRecords = (max = 8) => customerRecords({ frequency: fc.constant(0), recency: fc.constant(0), T: fc.constant(1), monetaryValue: fc.constant(0) }, max).chain((rows) =>
  fc.tuple(...rows.map(() => btydCustomer), fc.constant(null)).map((cs) =>
    rows.map((r, i) => {
      if (r === null || typeof r !== "object" || "$$h" in (r as object)) return r;
      return { ...(r as object), ...cs[i]! };
    }),
  ),
);
const cleanBtyd = fc.array(btydCustomer.filter((c: any) => [c.frequency, c.recency, c.T, c.monetaryValue].every((x) => typeof x === "number" && Number.isFinite(x) && x >= 0 && x < 1e5) && c.T > 0 && c.recency <= c.T && Number.isInteger(c.frequency)), { minLength: 1, maxLength: 10 }).map((cs) => cs.map((c, i) => ({ customerId: `c${i}`, ...c })));

const positive = (lo = 0.05, hi = 20) => either(fc.double({ min: lo, max: hi, noNaN: true }), fc.oneof(weirdNumber, wrongType));
const bgParams = fc.record({ r: positive(), alpha: positive(0.1, 100), a: positive(), b: positive() });
const pnbdParams = fc.record({ r: positive(), alpha: positive(0.1, 100), s: positive(), beta: positive(0.1, 100) });
const ggParams = fc.record({ p: positive(), q: positive(), v: positive() });
const num = (lo: number, hi: number) => either(fc.double({ min: lo, max: hi, noNaN: true }), fc.oneof(weirdNumber, wrongType));
const count = either(fc.integer({ min: 0, max: 30 }), fc.oneof(weirdNumber, wrongType));
const horizon = { t: 52 };

describe.concurrent("fuzz: models", () => {
  it("toBtydSummary", () =>
    fuzzCall(worker, "toBtydSummary", fc.tuple(transactions, optionsArb(toBtydSummaryOptionsSchema as never, { asOf: "2030-12-31", period: "week" })), 400, (v) => {
      const out = genericRanges(v);
      (v.customers as any[]).forEach((c, i) => {
        if (!Number.isInteger(c.frequency)) out.push(`customers[${i}].frequency = ${c.frequency}`);
        if (!(c.recency <= c.T)) out.push(`customers[${i}].recency ${c.recency} > T ${c.T}`);
      });
      return out;
    }),
  T);

  for (const [fn, schema, runs] of [
    ["fitBgNbd", fitBgNbdOptionsSchema, 15],
    ["fitModifiedBgNbd", fitModifiedBgNbdOptionsSchema, 15],
    ["fitParetoNbd", fitParetoNbdOptionsSchema, 10],
    ["fitGammaGamma", fitGammaGammaOptionsSchema, 20],
  ] as const) {
    it(`${fn} (hostile records)`, () => fuzzCall(worker, fn, fc.tuple(btydRecords(6), optionsArb(schema as never, {}, 2)), runs, fitRanges), T);
    it(`${fn} (plausible records)`, () => fuzzCall(worker, fn, fc.tuple(cleanBtyd, fc.constant({})), runs, fitRanges), T);
  }

  it("predictBgNbd", () => fuzzCall(worker, "predictBgNbd", fc.tuple(bgParams, btydRecords(), optionsArb(predictBgNbdOptionsSchema as never, horizon)), 300, predictionRanges), T);
  it("predictModifiedBgNbd", () => fuzzCall(worker, "predictModifiedBgNbd", fc.tuple(bgParams, btydRecords(), optionsArb(predictModifiedBgNbdOptionsSchema as never, horizon)), 300, predictionRanges), T);
  it("predictParetoNbd", () => fuzzCall(worker, "predictParetoNbd", fc.tuple(pnbdParams, btydRecords(), optionsArb(predictParetoNbdOptionsSchema as never, horizon)), 300, predictionRanges), T);
  it("gammaGammaExpectedSpend", () => fuzzCall(worker, "gammaGammaExpectedSpend", fc.tuple(ggParams, btydRecords()), 300, predictionRanges), T);

  const llTriple = fc.tuple(count, num(0, 100), num(0, 200));
  it("bgNbdLogLikelihood", () => fuzzCall(worker, "bgNbdLogLikelihood", fc.tuple(bgParams, llTriple).map(([p, [x, tx, t]]) => [p, x, tx, t]), 300), T);
  it("mbgNbdLogLikelihood", () => fuzzCall(worker, "mbgNbdLogLikelihood", fc.tuple(bgParams, llTriple).map(([p, [x, tx, t]]) => [p, x, tx, t]), 300), T);
  it("paretoNbdLogLikelihood", () => fuzzCall(worker, "paretoNbdLogLikelihood", fc.tuple(pnbdParams, llTriple).map(([p, [x, tx, t]]) => [p, x, tx, t]), 200), T);
  it("gammaGammaLogLikelihood", () => fuzzCall(worker, "gammaGammaLogLikelihood", fc.tuple(ggParams, count, num(0, 1000)), 300), T);
  it("bgNbdExpectedPurchases", () => fuzzCall(worker, "bgNbdExpectedPurchases", fc.tuple(bgParams, num(0, 520)), 300, (v) => (v >= 0 ? [] : [`expected purchases ${v} < 0`])), T);

  const purchaseModel = fc.oneof(
    bgParams,
    bgParams.map((params) => ({ model: "bg-nbd", params })),
    bgParams.map((params) => ({ model: "modified-bg-nbd", params })),
    pnbdParams.map((params) => ({ model: "pareto-nbd", params })),
    fc.record({ model: fc.constantFrom("bg-nbd", "x", 5), params: fc.oneof(pnbdParams, bgParams, wrongType) }),
    fc.record({ model: fc.constant("bg-nbd"), params: bgParams, diagnostics: fc.record({ converged: fc.boolean(), message: fc.constant("fuzz") }), logLikelihood: num(-1e4, 1e4) }),
  );
  it("predictedClv", () =>
    fuzzCall(worker, "predictedClv", fc.tuple(purchaseModel, ggParams, btydRecords(), optionsArb(predictedClvOptionsSchema as never, { periodsPerMonth: 4.345 })), 300, predictionRanges),
  T);

  it("calibrationHoldout", () => {
    const holdout = btydRecords().chain((rows) =>
      fc.tuple(...rows.map(() => fc.record({ frequencyHoldout: count, durationHoldout: num(0.1, 100) })), fc.constant(null)).map((hs) =>
        rows.map((r, i) => (r === null || typeof r !== "object" || "$$h" in (r as object) ? r : { ...(r as object), ...hs[i]! })),
      ),
    );
    return fuzzCall(worker, "calibrationHoldout", fc.tuple(purchaseModel, holdout, optionsArb(calibrationHoldoutOptionsSchema as never)), 300, genericRanges);
  }, T);
});

