// Fuzz: value analyses (ABC, Lorenz/Gini, CLV quadrants, value matrix, CLV formulas, pyramids, delivered value,
// segment movement, whale curve, selection matrix).
import fc from "fast-check";
import { afterAll, describe, it } from "vitest";
import {
  classifyAbcOptionsSchema, clvQuadrantsOptionsSchema, deliveredValueOptionsSchema, formulaClvOptionsSchema, giniOptionsSchema, historicalClvOptionsSchema,
  lorenzCurveOptionsSchema, pyramidMigrationOptionsSchema, segmentMovementOptionsSchema, selectionMatrixOptionsSchema, tierPyramidOptionsSchema, valueMatrixOptionsSchema,
  whaleCurveOptionsSchema,
} from "../../src/value/index.js";
import { customerId, customerRecords, either, measure, optionsArb, weirdNumber, wrongType } from "./arbitraries.js";
import { FuzzWorker, fuzzCall, reportTally } from "./harness.js";
import { customerRecords as recordsOf, genericRanges } from "./ranges.js";

const worker = new FuzzWorker();
afterAll(async () => {
  reportTally("value");
  await worker.close();
});
const T = 120_000;

/** Values that may be negative (refunds) or zero. */
const money = () => measure(10_000, false, -500);
const valueRecords = customerRecords({ monetary: money() });

/**
 * Customer-level records as columns (`output: "columns"`'s input, issue 15): one column per key of the
 * records, a `Float64Array` where every entry is a number, else the entries as they are (hostile and
 * null records leave holes: `undefined`).
 */
const asColumns = (records: fc.Arbitrary<unknown[]>): fc.Arbitrary<unknown> =>
  records.map((rows) => {
    const plain = (r: unknown): r is Record<string, unknown> => r !== null && typeof r === "object" && !("$$h" in r);
    const keys = [...new Set(rows.filter(plain).flatMap((r) => Object.keys(r)))];
    return Object.fromEntries(
      keys.map((k) => {
        const column = rows.map((r) => (plain(r) ? r[k] : undefined));
        return [k, column.every((x) => typeof x === "number") ? Float64Array.from(column as number[]) : column];
      }),
    );
  });

function classChecks(v: any): string[] {
  const out = genericRanges(v);
  const n = recordsOf(v, out).length;
  const counts = v.meta?.counts as Record<string, number> | undefined;
  if (counts) {
    const sum = Object.values(counts).reduce((a, b) => a + b, 0);
    if (sum !== n) out.push(`meta.counts sum to ${sum}, ${n} customers`);
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
  // columns in and out (issue 15 item 1): the same checks on the columns' records
  it("classifyAbc (columns)", () => fuzzCall(worker, "classifyAbc", fc.tuple(asColumns(valueRecords), optionsArb(classifyAbcOptionsSchema as never, { output: "columns" }, 2)), 200, classChecks), T);
  it("tierPyramid (columns)", () => fuzzCall(worker, "tierPyramid", fc.tuple(asColumns(valueRecords), optionsArb(tierPyramidOptionsSchema as never, { output: "columns" }, 2)), 200, classChecks), T);
  it("clvQuadrants (columns)", () =>
    fuzzCall(worker, "clvQuadrants", fc.tuple(asColumns(customerRecords({ monetary: money(), clv: money() })), optionsArb(clvQuadrantsOptionsSchema as never, { potential: "clv", output: "columns" }, 2)), 200, classChecks),
  T);
  it("valueMatrix (columns)", () =>
    fuzzCall(worker, "valueMatrix", fc.tuple(asColumns(customerRecords({ frequency: measure(50, true), averageOrderValue: money() })), optionsArb(valueMatrixOptionsSchema as never, { output: "columns" }, 2)), 200, classChecks),
  T);
  it("historicalClv (columns)", () =>
    fuzzCall(worker, "historicalClv", fc.tuple(asColumns(customerRecords({ monetary: money(), tenureDays: measure(3000, true) })), optionsArb(historicalClvOptionsSchema as never, { output: "columns" }, 2)), 200, (v) => {
      const out = genericRanges(v);
      recordsOf(v, out);
      return out;
    }),
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
  it("segmentMovement", () => {
    // known classes, unknown ones, odd values; ids repeat (a customer twice in one classification)
    const segment = either(fc.constantFrom("champions", "at_risk", "lost", "loyal"), fc.oneof(wrongType, weirdNumber, fc.constantFrom("unknown_class", " ", "__proto__")));
    const classification = fc.oneof(customerRecords({ segment, revenue: money() }, 8), customerRecords({ segment }, 6).map((rs) => rs.map((r, i) => (r !== null && typeof r === "object" && !("$$h" in r) ? { ...r, customerId: ["a", "b", "c"][i % 3] } : r))));
    const order = either(fc.constantFrom(["champions", "loyal", "at_risk", "lost"], ["lost", "champions"]), fc.oneof(wrongType, fc.constantFrom([], ["a", "a"], [""])));
    const options = fc.oneof(
      optionsArb(segmentMovementOptionsSchema as never),
      fc.record({ order, ranked: either(fc.boolean(), wrongType), revenue: either(fc.constant("revenue"), wrongType) }, { requiredKeys: [] }),
    );
    return fuzzCall(worker, "segmentMovement", fc.tuple(classification, classification, options), 400, (v) => {
      const out = genericRanges(v);
      const moved = (v.customers as any[]).length;
      const cells = (v.meta.cells as any[]).reduce((a, c) => a + c.customers, 0);
      if (cells !== moved) out.push(`meta.cells count ${cells} customers, customers has ${moved}`);
      return out;
    });
  }, T);
  it("whaleCurve", () =>
    fuzzCall(worker, "whaleCurve", fc.tuple(customerRecords({ profit: money() }, 10), optionsArb(whaleCurveOptionsSchema as never)), 400, (v) => {
      const out = genericRanges(v);
      const pts = v.points as { customerShare: number; profitShare: number }[];
      if (pts.length > 0 && Math.abs(pts[pts.length - 1].profitShare - 1) > 1e-9) out.push(`last profitShare = ${pts[pts.length - 1].profitShare}, not 1`);
      if (pts.length > 0 && pts[0].profitShare !== 0) out.push(`first profitShare = ${pts[0].profitShare}, not 0`);
      for (let i = 1; i < pts.length; i++) if (pts[i].customerShare < pts[i - 1].customerShare) out.push(`points[${i}].customerShare decreases`);
      if (!(v.meta.peakShare >= 1 - 1e-12)) out.push(`meta.peakShare = ${v.meta.peakShare} < 1`);
      return out.slice(0, 5);
    }),
  T);
  it("selectionMatrix", () => {
    const crit = (fields: string[]) =>
      fc.array(
        fc.record({ field: either(fc.constantFrom(...fields), fc.oneof(wrongType, fc.constant("missing"))), weight: either(fc.double({ min: 0.1, max: 10, noNaN: true }), weirdNumber), direction: either(fc.constantFrom("higher", "lower"), wrongType) }, { requiredKeys: ["field"] }),
        { minLength: 1, maxLength: 2 },
      );
    const base = { attractiveness: [{ field: "amount" }], capability: [{ field: "service" }] };
    const options = fc.oneof(
      optionsArb(selectionMatrixOptionsSchema as never, base),
      fc.record({ attractiveness: crit(["amount", "lateDays"]), capability: crit(["service", "lateDays"]), normalize: either(fc.constantFrom("minmax", "zscore", "rank"), wrongType) }, { requiredKeys: ["attractiveness", "capability"] }),
    );
    return fuzzCall(worker, "selectionMatrix", fc.tuple(customerRecords({ amount: money(), lateDays: measure(60, true), service: measure(10) }, 8), options), 400, classChecks);
  }, T);
});
