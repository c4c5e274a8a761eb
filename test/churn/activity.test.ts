// The period functions' fast lane (src/churn/activity.ts): clean dictionary columns are read in place,
// without the reader's per-row loop; anything else goes through readTransactions, which reports every
// issue. Which lane a call takes is seen through a spy on the reader; that both lanes give the same
// results is checked here case by case and in the reference properties (periodIndicators.test.ts,
// cohortRetention.test.ts).
import { beforeEach, describe, expect, test, vi } from "vitest";
import * as reader from "../../src/input/normalizeTransactions.js";
import { cohortRetention, periodIndicators } from "../../src/churn/index.js";
import { log } from "./log.js";

vi.mock("../../src/input/normalizeTransactions.js", async (importOriginal) => {
  const mod = await importOriginal<typeof import("../../src/input/normalizeTransactions.js")>();
  return { ...mod, readTransactions: vi.fn(mod.readTransactions) };
});
const readTransactions = vi.mocked(reader.readTransactions);
beforeEach(() => {
  readTransactions.mockClear();
});

const days = (isos: string[]) => Int32Array.from(isos, (d) => Date.parse(`${d}T00:00:00Z`) / 86_400_000);

/** The shared log as clean dictionary columns (customers a..d, orders by text). */
function columns() {
  const ids = ["d", "c", "b", "a"];
  const orders = [...new Set(log.map((r) => r.orderId))];
  return {
    customerId: { codes: Int32Array.from(log, (r) => ids.indexOf(r.customerId)), dictionary: ids },
    date: days(log.map((r) => r.date)),
    amount: Float64Array.from(log, (r) => r.amount),
    orderId: { codes: Int32Array.from(log, (r) => orders.indexOf(r.orderId)), dictionary: orders },
  };
}
const asOf = "2024-04-30";

describe("period functions: clean dictionary columns are read in place", () => {
  test("without the reader's loop, with the result of records", () => {
    for (const options of [{ asOf }, { asOf, period: "week" as const, weekStartsOn: 3, partialPeriods: "mark" as const }, { asOf, refunds: "exclude" as const }, { asOf, onInvalid: "collect" as const }]) {
      const fast = periodIndicators(columns(), options);
      const cohorts = cohortRetention(columns(), { ...options, partialPeriods: undefined });
      expect(readTransactions).not.toHaveBeenCalled();
      expect(fast).toEqual(periodIndicators(log, options));
      expect(cohorts).toEqual(cohortRetention(log, { ...options, partialPeriods: undefined }));
      expect(readTransactions).toHaveBeenCalledTimes(2);
      readTransactions.mockClear();
    }
  });

  test("rows after asOf under afterAsOf: ignore, refunds under refunds: exclude, equal entries, normalizeIds: the same rows kept and counted as by the reader", () => {
    const c = columns();
    // the last row moves after asOf; entry 4 repeats "a" (and entry 5, "b", is used by no row)
    const date = c.date.slice();
    date[9] = date[9] + 60;
    const dictionary = ["d", "c", "b", "a", "a", "b"];
    const codes = c.customerId.codes.map((code, i) => (code === 3 && i % 2 === 1 ? 4 : code));
    const input = { ...c, customerId: { codes, dictionary }, date };
    const records = log.map((r, i) => (i === 9 ? { ...r, date: "2024-07-01" } : r));
    const { orderId: _, ...withoutOrders } = input;
    const recordsWithoutOrders = records.map(({ orderId: _o, ...r }) => r);
    for (const options of [{ asOf, afterAsOf: "ignore" as const }, { asOf, afterAsOf: "ignore" as const, refunds: "exclude" as const }]) {
      const fast = [periodIndicators(input, options), periodIndicators(withoutOrders, options), cohortRetention(input, options)];
      expect(readTransactions).not.toHaveBeenCalled();
      expect(fast[0]).toEqual(periodIndicators(records, options));
      expect(fast[1]).toEqual(periodIndicators(recordsWithoutOrders, options));
      expect(fast[2]).toEqual(cohortRetention(records, options));
      expect(fast[0].meta.input).toMatchObject({ rowsRead: 10, rowsUsed: options.refunds === "exclude" ? 8 : 9, ignoredAfterAsOf: 1, excludedRefunds: options.refunds === "exclude" ? 1 : 0 });
      readTransactions.mockClear();
    }
    // normalizeIds: customer ids normalised in place; order ids then go through the reader (it merges equal normalised entries)
    const nfc = { asOf, normalizeIds: "NFC" as const, afterAsOf: "ignore" as const };
    const normalised = periodIndicators(withoutOrders, nfc);
    expect(readTransactions).not.toHaveBeenCalled();
    expect(normalised).toEqual(periodIndicators(recordsWithoutOrders, nfc));
  });

  test("a large dictionary with repeated entries (text, and a number equal to a text) merges them as the reader does", () => {
    // 3,000 distinct ids, then "x5" again, 17 as a number ("17" is entry 3,002) and "x2999" again
    const dictionary: (string | number)[] = Array.from({ length: 3000 }, (_, i) => `x${i}`);
    dictionary.push("x5", 17, "17", "x2999");
    const n = 4000;
    const codes = Int32Array.from({ length: n }, (_, i) => (i * 7919) % dictionary.length);
    const date = Int32Array.from({ length: n }, (_, i) => 19_700 + (i % 90));
    const amount = Float64Array.from({ length: n }, (_, i) => 1 + (i % 13));
    const records = Array.from({ length: n }, (_, i) => ({ customerId: dictionary[codes[i]], date: new Date((19_700 + (i % 90)) * 86_400_000).toISOString().slice(0, 10), amount: amount[i] }));
    const options = { asOf: "2024-03-31" };
    const indicators = periodIndicators({ customerId: { codes, dictionary }, date, amount }, options);
    const cohorts = cohortRetention({ customerId: { codes, dictionary }, date, amount }, options);
    expect(readTransactions).not.toHaveBeenCalled();
    expect(indicators).toEqual(periodIndicators(records, options));
    expect(cohorts).toEqual(cohortRetention(records, options));
    // the repeats are one customer each: 3,001 customers, not 3,004
    expect(cohorts.cells.filter((c) => c.periodIndex === 0).reduce((s, c) => s + c.cohortSize, 0)).toBe(3001);
  });

  test("anything else goes through the reader, which reports the issue", () => {
    const clean = columns();
    const cases: [string, object, object?][] = [
      ["a code beyond the dictionary", { ...clean, customerId: { ...clean.customerId, codes: clean.customerId.codes.map((c, i) => (i === 2 ? 7 : c)) } }],
      ["an empty dictionary entry", { ...clean, customerId: { ...clean.customerId, dictionary: ["d", "c", "", "a"] } }],
      ["a row after asOf", { ...clean, date: clean.date.map((d, i) => (i === 0 ? d + 200 : d)) }],
      ["a row before the plausible dates", { ...clean, date: clean.date.map((d, i) => (i === 3 ? -40_000 : d)) }],
      ["a refund after asOf under refunds: error", { ...clean, date: clean.date.map((d, i) => (clean.amount[i] < 0 ? d + 200 : d)) }, { refunds: "error", afterAsOf: "ignore" }],
      ["a refund under refunds: error", clean, { refunds: "error" }],
      ["a NaN amount", { ...clean, amount: clean.amount.map((a, i) => (i === 1 ? Number.NaN : a)) }],
      ["a bad order code", { ...clean, orderId: { ...clean.orderId, codes: clean.orderId.codes.map((c, i) => (i === 4 ? -1 : c)) } }],
      ["order ids with normalizeIds", clean, { normalizeIds: "NFD" }],
      ["codes as a plain array", { ...clean, customerId: { ...clean.customerId, codes: Array.from(clean.customerId.codes) } }],
      ["dates as text", { ...clean, date: log.map((r) => r.date) }],
      ["a getter", Object.defineProperty({ ...clean }, "amount", { get: () => clean.amount, enumerable: true })],
      ["columns of different lengths", { ...clean, amount: clean.amount.subarray(1) }],
    ];
    for (const [what, input, options] of cases) {
      readTransactions.mockClear();
      let outcome: unknown;
      try {
        outcome = periodIndicators(input as never, { asOf, ...options });
      } catch (error) {
        outcome = error;
      }
      expect(readTransactions, what).toHaveBeenCalledTimes(1);
      // the reader's own verdict: an issue naming the row or field, or (for the clean ones) the records' result
      if (what === "codes as a plain array" || what === "dates as text" || what === "a getter" || what === "order ids with normalizeIds") {
        expect(outcome, what).toEqual(periodIndicators(log, { asOf, ...options }));
      } else expect(outcome, what).toBeInstanceOf(Error);
    }
  });

  test("a NaN amount under onInvalid: skip leaves out that row, as the reader does for records", () => {
    const clean = columns();
    const input = { ...clean, amount: clean.amount.map((a, i) => (i === 1 ? Number.NaN : a)) };
    const out = periodIndicators(input, { asOf, onInvalid: "skip" });
    expect(readTransactions).toHaveBeenCalledTimes(1);
    expect(out.periods).toEqual(periodIndicators(log.filter((_, i) => i !== 1), { asOf }).periods);
    expect(out.meta.input).toMatchObject({ rowsRead: 10, rowsUsed: 9, invalidRows: 1 });
  });
});
