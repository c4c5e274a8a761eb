// Fuzz: value analyses (ABC, Lorenz/Gini, CLV quadrants, value matrix, CLV formulas, pyramids, delivered value).
import fc from "fast-check";
import { afterAll, describe, it } from "vitest";
import {
  classifyAbcOptionsSchema, clvQuadrantsOptionsSchema, deliveredValueOptionsSchema, formulaClvOptionsSchema, giniOptionsSchema, historicalClvOptionsSchema,
  lorenzCurveOptionsSchema, pyramidMigrationOptionsSchema, tierPyramidOptionsSchema, valueMatrixOptionsSchema,
} from "../../src/value/index.js";
import { customerId, customerRecords, either, measure, optionsArb, weirdNumber, wrongType } from "./arbitraries.js";
import { FuzzWorker, fuzzCall, reportTally } from "./harness.js";
import { genericRanges } from "./ranges.js";

const worker = new FuzzWorker();
afterAll(async () => {
  reportTally("value");
  await worker.close();
});
const T = 120_000;

/** Values that may be negative (refunds) or zero. */
const money = () => measure(10_000, false, -500);
const valueRecords = customerRecords({ monetary: money() });

function classChecks(v: any): string[] {
  const out = genericRanges(v);
  const counts = v.meta?.counts as Record<string, number> | undefined;
  if (counts) {
    const sum = Object.values(counts).reduce((a, b) => a + b, 0);
    if (sum !== v.customers.length) out.push(`meta.counts sum to ${sum}, ${v.customers.length} customers`);
  }
  const shares = v.meta?.valueShares as Record<string, number> | undefined;
  if (shares && v.meta.total > 0) {
    const s = Object.values(shares).reduce((a, b) => a + b, 0);
    if (Math.abs(s - 1) > 1e-9) out.push(`meta.valueShares sum to ${s}`);
  }
  return out;
}

describe.concurrent("fuzz: value", () => {
  it("classifyAbc", () => fuzzCall(worker, "classifyAbc", fc.tuple(valueRecords, optionsArb(classifyAbcOptionsSchema as never)), 400, classChecks), T);
  it("tierPyramid", () => fuzzCall(worker, "tierPyramid", fc.tuple(valueRecords, optionsArb(tierPyramidOptionsSchema as never)), 400, classChecks), T);
  it("lorenzCurve", () =>
    fuzzCall(worker, "lorenzCurve", fc.tuple(valueRecords, optionsArb(lorenzCurveOptionsSchema as never)), 400, (v) => {
      const out = genericRanges(v);
      const pts = v.points as { customerShare: number; valueShare: number }[];
      for (let i = 1; i < pts.length; i++) if (pts[i].customerShare < pts[i - 1].customerShare) out.push(`points[${i}].customerShare decreases`);
      return out;
    }),
  T);
  it("gini", () =>
    fuzzCall(worker, "gini", fc.tuple(valueRecords, optionsArb(giniOptionsSchema as never)), 400, (v) => (typeof v === "number" && v >= 0 && v <= 1 ? [] : [`gini = ${v}: not in [0, 1]`])),
  T);
  it("clvQuadrants", () =>
    fuzzCall(worker, "clvQuadrants", fc.tuple(customerRecords({ monetary: money(), clv: money() }), optionsArb(clvQuadrantsOptionsSchema as never, { potential: "clv" })), 400, classChecks),
  T);
  it("valueMatrix", () =>
    fuzzCall(worker, "valueMatrix", fc.tuple(customerRecords({ frequency: measure(50, true), averageOrderValue: money() }), optionsArb(valueMatrixOptionsSchema as never)), 400, classChecks),
  T);
  it("historicalClv", () =>
    fuzzCall(worker, "historicalClv", fc.tuple(customerRecords({ monetary: money(), tenureDays: measure(3000, true) }), optionsArb(historicalClvOptionsSchema as never)), 400, genericRanges),
  T);
  it("formulaClv", () =>
    fuzzCall(
      worker,
      "formulaClv",
      fc.tuple(customerRecords({ margin: money(), retention: either(fc.double({ min: 0, max: 1, noNaN: true }), weirdNumber) }), optionsArb(formulaClvOptionsSchema as never, { retention: 0.8, discountRate: 0.1 })),
      400,
      genericRanges,
    ),
  T);
  it("clvFromMargin", () => {
    const n = (lo: number, hi: number) => fc.oneof({ weight: 5, arbitrary: fc.double({ min: lo, max: hi, noNaN: true }) }, { weight: 2, arbitrary: weirdNumber }, { weight: 1, arbitrary: wrongType });
    return fuzzCall(worker, "clvFromMargin", fc.oneof(fc.tuple(n(-1e6, 1e6), n(0, 1), n(0, 1)), fc.tuple(n(-1e6, 1e6), n(0, 1), n(0, 1), n(0, 1000))), 400, (v) => (Number.isFinite(v) ? [] : [`clvFromMargin = ${v}`]));
  }, T);
  it("pyramidMigration", () => {
    const tier = either(fc.constantFrom("platinum", "gold", "iron", "lead", "key_important", "small"), fc.oneof(customerId, wrongType));
    const assignments = customerRecords({ tier }, 8);
    return fuzzCall(worker, "pyramidMigration", fc.tuple(assignments, assignments, optionsArb(pyramidMigrationOptionsSchema as never)), 400, (v) => {
      const out = genericRanges(v);
      const m = v.meta;
      if (m.up + m.down + m.same + m.lost + m.new < m.customers) out.push(`meta moves ${JSON.stringify(m)} do not cover the customers`);
      return out;
    });
  }, T);
  it("deliveredValue", () => {
    const part = () => measure(10, false);
    const offers = customerRecords({ product: part(), service: part(), personnel: part(), image: part(), monetaryCost: part(), timeCost: part(), energyCost: part(), psychicCost: part() }, 5, "id");
    return fuzzCall(worker, "deliveredValue", fc.tuple(offers, optionsArb(deliveredValueOptionsSchema as never)), 400, genericRanges);
  }, T);
});
