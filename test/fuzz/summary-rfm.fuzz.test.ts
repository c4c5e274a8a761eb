// Fuzz: reading transactions, customer summaries, RFM scores and segments.
import fc from "fast-check";
import { afterAll, describe, it } from "vitest";
import { transactionReadOptionsSchema } from "../../src/input/index.js";
import { matchSegmentRulesOptionsSchema, scoreRfmOptionsSchema, segmentRfmGridOptionsSchema, segmentRfmOptionsSchema, summarizeSegmentsOptionsSchema } from "../../src/rfm/index.js";
import { mergeSummariesOptionsSchema, summarizeTransactionsOptionsSchema } from "../../src/summary/index.js";
import { customerId, customerRecords, date, either, measure, optionsArb, transactions, txColumns, txRows, weirdNumber, wrongType } from "./arbitraries.js";
import { FuzzWorker, fuzzCall, reportTally } from "./harness.js";
import { customerRecords as recordsOf, genericRanges, scoreRanges } from "./ranges.js";

const worker = new FuzzWorker();
afterAll(async () => {
  reportTally("summary-rfm");
  await worker.close();
});
const T = 120_000;

const asOfBase = { asOf: "2030-12-31" };
const rfmFields = { recencyDays: measure(3000, true), frequency: measure(50, true), monetary: measure(10_000) };
const isoDay = /^\d{4}-\d{2}-\d{2}$/;

function summaryChecks(v: any): string[] {
  const out = genericRanges(v);
  const ids = new Set<string>();
  recordsOf(v, out).forEach((c, i) => {
    if (typeof c.customerId !== "string") out.push(`customers[${i}].customerId is not a string`);
    if (ids.has(c.customerId)) out.push(`customers[${i}].customerId ${JSON.stringify(c.customerId)} twice`);
    ids.add(c.customerId);
    if (!Number.isInteger(c.frequency) || c.frequency < 0) out.push(`customers[${i}].frequency = ${c.frequency}`);
    if (!Number.isInteger(c.recencyDays)) out.push(`customers[${i}].recencyDays = ${c.recencyDays} not whole days`);
    if (!isoDay.test(c.firstPurchase) || !isoDay.test(c.lastPurchase) || c.firstPurchase > c.lastPurchase) out.push(`customers[${i}] first/last purchase ${c.firstPurchase}..${c.lastPurchase}`);
    if (typeof v.meta?.asOf === "string" && c.lastPurchase > v.meta.asOf) out.push(`customers[${i}].lastPurchase ${c.lastPurchase} after asOf ${v.meta.asOf}`);
    if (c.tenureDays < c.recencyDays) out.push(`customers[${i}] tenureDays ${c.tenureDays} < recencyDays ${c.recencyDays}`);
  });
  return out;
}

describe.concurrent("fuzz: input and summary", () => {
  it("normalizeTransactions", () =>
    fuzzCall(worker, "normalizeTransactions", fc.tuple(transactions, optionsArb(transactionReadOptionsSchema as never, asOfBase)), 400, (v) => {
      const out = genericRanges(v);
      const n = v.customer.length;
      if (v.day.length !== n || v.amount.length !== n) out.push(`columns of lengths ${n}, ${v.day.length}, ${v.amount.length}`);
      for (let i = 0; i < n; i++) {
        if (!(v.customer[i] >= 0 && v.customer[i] < v.customerIds.length)) out.push(`customer[${i}] = ${v.customer[i]} outside the ${v.customerIds.length} ids`);
        if (!Number.isInteger(v.day[i])) out.push(`day[${i}] = ${v.day[i]}`);
      }
      return out;
    }),
  T);

  it("summarizeTransactions", () => fuzzCall(worker, "summarizeTransactions", fc.tuple(transactions, optionsArb(summarizeTransactionsOptionsSchema as never, asOfBase)), 500, summaryChecks), T);

  // the worker drives it: createTransactionSummarizer(options), add(batch) for each batch, finish()
  it("createTransactionSummarizer", () =>
    fuzzCall(worker, "createTransactionSummarizer", fc.tuple(
      fc.oneof({ weight: 2, arbitrary: optionsArb(summarizeTransactionsOptionsSchema as never, asOfBase) }, { weight: 1, arbitrary: fc.constant({ ...asOfBase, onInvalid: "skip", afterAsOf: "ignore" }) }),
      fc.array(fc.oneof({ weight: 4, arbitrary: txRows() }, { weight: 3, arbitrary: txColumns }, { weight: 1, arbitrary: transactions }), { maxLength: 4 }),
    ), 300, summaryChecks),
  T);

  it("mergeSummaries", () => {
    const part = fc.record({
      customers: customerRecords({ firstPurchase: date, lastPurchase: date, recencyDays: measure(3000, true), frequency: measure(20, true), monetary: measure(1e4), tenureDays: measure(3000, true), averageOrderValue: measure(1e3) }, 5),
      meta: fc.record({ asOf: fc.oneof(fc.constant("2030-12-31"), date), timeZone: fc.constantFrom(null, "UTC", "Europe/Berlin", 5), monetary: fc.constantFrom("sum", "mean", "x"), frequencyCounts: fc.constantFrom("rows", "orderId"), refunds: fc.constantFrom("net", "exclude", "error") }, { requiredKeys: ["asOf"] }),
    });
    return fuzzCall(worker, "mergeSummaries", fc.tuple(fc.oneof({ weight: 8, arbitrary: fc.array(part, { maxLength: 3 }) }, { weight: 1, arbitrary: wrongType }), optionsArb(mergeSummariesOptionsSchema as never)), 300, summaryChecks);
  }, T);
});

describe.concurrent("fuzz: RFM", () => {
  it("scoreRfm", () =>
    fuzzCall(worker, "scoreRfm", fc.tuple(customerRecords(rfmFields), optionsArb(scoreRfmOptionsSchema as never)), 500, (v) => [...genericRanges(v), ...scoreRanges(v)]),
  T);

  it("rfmCell", () => fuzzCall(worker, "rfmCell", fc.tuple(fc.oneof(fc.integer({ min: 1, max: 10 }), weirdNumber, wrongType), fc.oneof(fc.integer({ min: 1, max: 10 }), weirdNumber), fc.oneof(fc.integer({ min: 1, max: 10 }), weirdNumber, wrongType)), 200), T);

  it("segmentRfm", () =>
    fuzzCall(worker, "segmentRfm", fc.tuple(customerRecords({ ...rfmFields }), optionsArb(segmentRfmOptionsSchema as never)), 500, (v) => [...genericRanges(v), ...scoreRanges(v)]),
  T);

  it("segmentRfmGrid", () =>
    fuzzCall(worker, "segmentRfmGrid", fc.tuple(customerRecords({ ...rfmFields }), optionsArb(segmentRfmGridOptionsSchema as never)), 500, (v) => {
      const out = [...genericRanges(v), ...scoreRanges({ customers: v.customers, meta: v.meta.scoring })];
      const bins = v.meta.grid === "rfm-3" ? 3 : 5;
      (v.customers as any[]).forEach((c, i) => {
        if (c.cell !== `${c.r}${c.f}${c.m}`) out.push(`customers[${i}].cell = ${c.cell}, scores ${c.r}${c.f}${c.m}`);
        if (typeof c.segment !== "string") out.push(`customers[${i}].segment = ${c.segment}: the grid has no segment for its cell`);
        for (const d of ["r", "f", "m"]) if (!(c[d] >= 1 && c[d] <= bins)) out.push(`customers[${i}].${d} = ${c[d]} outside 1..${bins}`);
      });
      const sum = (v.meta.segments as any[]).reduce((a, s) => a + s.customers, 0);
      if (sum !== v.customers.length) out.push(`meta.segments count ${sum} customers, ${v.customers.length} given`);
      return out.slice(0, 5);
    }),
  T);

  // columns in and out (issue 15 item 1): clean records as columns, the same checks on the columns' records
  const rfmColumns = customerRecords(rfmFields).map((rows) => {
    const plain = (r: unknown): r is Record<string, unknown> => r !== null && typeof r === "object" && !("$$h" in r);
    const keys = [...new Set(rows.filter(plain).flatMap((r) => Object.keys(r)))];
    return Object.fromEntries(
      keys.map((k) => {
        const column = rows.map((r) => (plain(r) ? r[k] : undefined));
        return [k, column.every((x) => typeof x === "number") ? Float64Array.from(column as number[]) : column];
      }),
    );
  });
  it("scoreRfm (columns)", () =>
    fuzzCall(worker, "scoreRfm", fc.tuple(rfmColumns, optionsArb(scoreRfmOptionsSchema as never, { output: "columns" }, 2)), 200, (v) => [...genericRanges(v), ...scoreRanges(v)]),
  T);
  it("segmentRfm (columns)", () =>
    fuzzCall(worker, "segmentRfm", fc.tuple(rfmColumns, optionsArb(segmentRfmOptionsSchema as never, { output: "columns" }, 2)), 200, (v) => [...genericRanges(v), ...scoreRanges(v)]),
  T);

  it("matchSegmentRules", () => {
    const bounds = fc.oneof({ weight: 6, arbitrary: fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 })) }, { weight: 1, arbitrary: fc.oneof(wrongType, fc.tuple(weirdNumber, weirdNumber)) });
    const rule = fc.record({ id: fc.oneof(fc.constantFrom("best", "mid", "others", "best"), customerId), recency: bounds, frequency: bounds, monetary: bounds }, { requiredKeys: ["id"] });
    const score = () => either(fc.integer({ min: 1, max: 5 }), fc.oneof(weirdNumber, wrongType));
    const scored = customerRecords({ r: score(), f: score(), m: score() });
    return fuzzCall(worker, "matchSegmentRules", fc.tuple(scored, fc.oneof({ weight: 8, arbitrary: fc.array(rule, { maxLength: 4 }) }, { weight: 1, arbitrary: wrongType }), optionsArb(matchSegmentRulesOptionsSchema as never)), 400, genericRanges);
  }, T);

  it("summarizeSegments", () =>
    fuzzCall(
      worker,
      "summarizeSegments",
      fc.tuple(customerRecords({ segment: fc.oneof(fc.constantFrom("important_value", "general_develop", "x", "others"), customerId), ...rfmFields, r: fc.option(fc.integer({ min: 1, max: 5 })), f: fc.option(fc.integer({ min: 1, max: 5 })), m: either(fc.option(fc.integer({ min: 1, max: 5 })), weirdNumber) }, 8, null), optionsArb(summarizeSegmentsOptionsSchema as never)),
      400,
      genericRanges,
    ),
  T);
});

