import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, expectTypeOf, test } from "vitest";
import { fitBgNbd, fitModifiedBgNbd, fitParetoNbd, predictBgNbd, toBtydSummary, type BtydSummaryColumns, type BtydSummaryCustomer, type ToBtydSummaryColumnsResult, type ToBtydSummaryOptions, type ToBtydSummaryResult } from "../../src/models/index.js";
import { DayOrderedRows, purchaseHistories } from "../../src/input/histories.js";
import { deepFreeze } from "../helpers/arbitraries.js";
import { fixturePath } from "../helpers/csv.js";
import { expectIssue } from "./shared.js";

const tx = deepFreeze([
  { customerId: "a", date: "2024-01-01", amount: 10 },
  { customerId: "a", date: "2024-01-01", amount: 5 },
  { customerId: "a", date: "2024-01-15", amount: 20 },
  { customerId: "a", date: "2024-01-29", amount: 40 },
  { customerId: "b", date: "2024-01-22", amount: 8 },
  { customerId: "c", date: "2024-02-05", amount: 3 },
]);

describe("toBtydSummary", () => {
  test("lifetimes' summary in days or weeks: same-day purchases merged, repeat days, mean repeat spend", () => {
    const { customers, meta } = toBtydSummary(tx, { asOf: "2024-02-12", period: "week" });
    expect(customers).toEqual([
      { customerId: "a", frequency: 2, recency: 4, T: 6, monetaryValue: 30 },
      { customerId: "b", frequency: 0, recency: 0, T: 3, monetaryValue: 0 },
      { customerId: "c", frequency: 0, recency: 0, T: 1, monetaryValue: 0 },
    ]);
    expect(meta).toMatchObject({ period: "week", asOf: "2024-02-12", calibrationEnd: null, customersFirstSeenInHoldout: 0, timeZone: null, refunds: "net" });
    expect(meta.input).toMatchObject({ rowsRead: tx.length, rowsUsed: tx.length, invalidRows: 0 });
    expect(toBtydSummary(tx, { asOf: "2024-02-12", period: "day" }).customers[0]).toEqual({ customerId: "a", frequency: 2, recency: 28, T: 42, monetaryValue: 30 });
  });

  test("with calibrationEnd: holdout purchase days and duration; customers first seen later are counted in meta", () => {
    const { customers, meta } = toBtydSummary(tx, { asOf: "2024-02-12", period: "day", calibrationEnd: "2024-01-22" });
    expect(customers[0]).toEqual({ customerId: "a", frequency: 1, recency: 14, T: 21, monetaryValue: 20, frequencyHoldout: 1, durationHoldout: 21 });
    expect(customers.map((c) => c.customerId)).toEqual(["a", "b"]);
    expect(meta).toMatchObject({ period: "day", asOf: "2024-02-12", calibrationEnd: "2024-01-22", customersFirstSeenInHoldout: 1 });
  });

  test("refunds: \"net\" (the default) lowers the mean repeat spend in proportion; everything returned gives 0; net-negative is 0 and counted", () => {
    const buy = (customerId: string, date: string, amount: number) => ({ customerId, date, amount });
    const rows = [
      buy("full", "2024-01-01", 10), buy("full", "2024-01-08", 20), buy("full", "2024-01-09", -30), // returned everything
      buy("half", "2024-01-01", 10), buy("half", "2024-01-08", 30), buy("half", "2024-01-10", -20), // net 20 of 40
      buy("neg", "2023-12-20", -50), buy("neg", "2024-01-02", 10), buy("neg", "2024-01-09", 10), // a refund of a sale before the data
      buy("late", "2024-01-01", 10), buy("late", "2024-01-08", 20), buy("late", "2024-01-20", -30), // refund after the calibration end
    ];
    const { customers, meta } = toBtydSummary(rows, { asOf: "2024-01-31", period: "day", dateRange: {} });
    const spend = Object.fromEntries(customers.map((c) => [c.customerId, c.monetaryValue]));
    expect(spend.full).toBe(0);
    expect(spend.half).toBeCloseTo(15, 12); // 30 · 20/40
    expect(spend.neg).toBe(0);
    expect(meta.customersWithNetNegativeSpend).toBe(1);
    expect(toBtydSummary(rows, { asOf: "2024-01-31", period: "day", refunds: "exclude" }).customers.find((c) => c.customerId === "full")?.monetaryValue).toBe(20);
    const calibrated = toBtydSummary(rows, { asOf: "2024-01-31", period: "day", calibrationEnd: "2024-01-15" }).customers;
    expect(calibrated.find((c) => c.customerId === "late")?.monetaryValue).toBe(20);
  });

  test("a customer first seen on the as-of day has T = 0, and the summary is valid input to every fit", () => {
    const rows = [...tx, { customerId: "new", date: "2024-02-12", amount: 9 }];
    const { customers } = toBtydSummary(rows, { asOf: "2024-02-12", period: "week" });
    expect(customers.at(-1)).toEqual({ customerId: "new", frequency: 0, recency: 0, T: 0, monetaryValue: 0 });
    for (const fit of [fitBgNbd, fitModifiedBgNbd, fitParetoNbd]) expect(Number.isFinite(fit(customers).logLikelihood)).toBe(true);
    expect(predictBgNbd({ r: 0.24, alpha: 4.4, a: 0.79, b: 2.4 }, customers, { t: 4 }).customers.at(-1)?.pAlive).toBe(1);
  });

  test("a bad calibrationEnd is an issue at options.calibrationEnd; options are strict", () => {
    expectIssue(() => toBtydSummary(tx, { asOf: "2024-02-12", period: "day", calibrationEnd: "2024-03-01" }), { path: ["options", "calibrationEnd"], message: "2024-03-01 is after asOf 2024-02-12" });
    expectIssue(() => toBtydSummary(tx, { asOf: "2024-02-12", period: "day", calibrationEnd: "soon" }), { path: ["options", "calibrationEnd"] });
    expect(() => toBtydSummary(tx, { asOf: "2024-02-12", period: "month" } as never)).toThrow(/^toBtydSummary: options\.period/);
    expect(() => toBtydSummary(tx, { asOf: "2024-02-12", period: "day", freq: "D" } as never)).toThrow(/^toBtydSummary: options: unknown option "freq"/);
  });

  test('output: "columns": the values of the records to the bit, holdout columns only with calibrationEnd, input unchanged', () => {
    const row = fc.record({ customerId: fc.constantFrom("a", "b", "c", "d"), date: fc.integer({ min: 0, max: 90 }).map((d) => new Date(Date.UTC(2024, 0, 1 + d)).toISOString().slice(0, 10)), amount: fc.oneof(fc.double({ min: -50, max: 500, noNaN: true }), fc.constantFrom(0.1, 0.2, 0.3)) });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 200 }), fc.constantFrom<Partial<ToBtydSummaryOptions>>({ period: "day" }, { period: "week" }, { period: "week", wholePeriods: true, weekStartsOn: 3 }, { period: "day", calibrationEnd: "2024-02-15" }), (rows, o) => {
        const copy = structuredClone(rows);
        const options = { asOf: "2024-04-30", ...o } as ToBtydSummaryOptions;
        let records: ToBtydSummaryResult;
        try {
          records = toBtydSummary(rows, options);
        } catch (e) {
          expect(() => toBtydSummary(rows, { ...options, output: "columns" })).toThrow((e as Error).message);
          return;
        }
        const { columns, meta } = toBtydSummary(rows, { ...options, output: "columns" });
        expect(meta).toEqual(records.meta);
        const fields: (keyof BtydSummaryColumns & keyof BtydSummaryCustomer)[] = ["frequency", "recency", "T", "monetaryValue", ...(o.calibrationEnd ? (["frequencyHoldout", "durationHoldout"] as const) : [])];
        expect(Object.keys(columns).sort()).toEqual(["customerId", ...fields].sort());
        expect(columns.customerId).toEqual(records.customers.map((c) => c.customerId));
        for (const f of fields) {
          expect(columns[f]).toBeInstanceOf(Float64Array);
          records.customers.forEach((c, i) => expect(Object.is(columns[f]![i], c[f])).toBe(true));
        }
        expect(rows).toEqual(copy);
      }),
      { numRuns: 150 },
    );
  });

  test("purchaseHistories (blocks per bucket of customers, each bucket put in day order) equals one comparison sort of all rows, amounts to the bit", () => {
    const rowsArb = fc.array(fc.record({ c: fc.integer({ min: 0, max: 4 }), d: fc.integer({ min: -40, max: 40 }), a: fc.double({ min: 0, max: 1e6, noNaN: true }) }), { maxLength: 400 });
    fc.assert(
      fc.property(rowsArb, (rows) => {
        const n = rows.length;
        const got = purchaseHistories(5, Int32Array.from(rows, (r) => r.c), Int32Array.from(rows, (r) => r.d), Float64Array.from(rows, (r) => r.a), n);
        const want = sortedHistories(5, rows);
        expect([...got.start]).toEqual([...want.start]);
        expect([...got.day]).toEqual([...want.day]);
        got.amount.forEach((a, i) => expect(Object.is(a, want.amount[i])).toBe(true));
      }),
      { numRuns: 300 },
    );
  });

  test("DayOrderedRows (blocks per bucket of customers, then counted by day, or over a wide range of days sorted per customer) gives the comparison sort's histories, amounts to the bit", () => {
    const day = fc.oneof(fc.integer({ min: -40, max: 40 }), fc.integer({ min: -60_000, max: 60_000 }));
    const rowsArb = fc.array(fc.record({ c: fc.integer({ min: 0, max: 199 }), d: day, a: fc.oneof(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.constantFrom(0.1, 0.2, 0.3, 1e16, 1)) }), { maxLength: 600 });
    // hints: none, the true sizes, too small, too large (the buckets and blocks only change speed)
    const hints = fc.constantFrom<[number, number] | null>(null, [600, 200], [1, 1], [1_000_000, 100_000]);
    fc.assert(
      fc.property(rowsArb, fc.integer({ min: 1, max: 200 }), hints, (all, customers, hint) => {
        const rows = all.filter((r) => r.c < customers);
        const store = new DayOrderedRows();
        if (hint) store.prepare(hint[0], hint[1]);
        for (const r of rows) store.add(r.c, r.d, r.a);
        expect(store.size).toBe(rows.length);
        const got = store.histories(customers);
        const want = sortedHistories(customers, rows);
        expect([...got.start]).toEqual([...want.start]);
        expect([...got.day]).toEqual([...want.day]);
        got.amount.forEach((a, i) => expect(Object.is(a, want.amount[i])).toBe(true));
        const h = purchaseHistories(customers, Int32Array.from(rows, (r) => r.c), Int32Array.from(rows, (r) => r.d), Float64Array.from(rows, (r) => r.a));
        expect(got).toEqual(h);
      }),
      { numRuns: 300 },
    );
  });

  test("DayOrderedRows visits every customer once, in order, a bucket at a time; wide and narrow day ranges alike", () => {
    for (const span of [3, 200_000]) {
      const store = new DayOrderedRows();
      store.prepare(5000, 1000);
      const customers = 1000;
      for (let i = 0; i < 5000; i++) store.add((i * 7919) % 997, ((i * 104_729) % span) - (span >> 1), i % 13);
      const seen: number[] = [];
      store.forEachBucket(customers, (base, count, ends) => {
        for (let k = 0; k < count; k++) seen.push(base + k);
        expect(ends[count - 1]).toBeLessThanOrEqual(5000);
      });
      expect(seen).toEqual(Array.from({ length: customers }, (_, c) => c));
      const h = store.histories(customers);
      expect(h.start[997]).toBe(h.start[customers]); // customers 997.. have no rows
      for (let c = 0; c < customers; c++) for (let k = h.start[c] + 1; k < h.start[c + 1]; k++) expect(h.day[k]).toBeGreaterThan(h.day[k - 1]);
    }
  });

  test("types", () => {
    expectTypeOf<ToBtydSummaryOptions<unknown>["output"]>().toEqualTypeOf<"records" | "columns" | undefined>();
    expectTypeOf(() => toBtydSummary([], { asOf: "2024-01-01", period: "day" })).returns.toEqualTypeOf<ToBtydSummaryResult>();
    expectTypeOf(() => toBtydSummary([], { asOf: "2024-01-01", period: "day", output: "records" })).returns.toEqualTypeOf<ToBtydSummaryResult>();
    expectTypeOf(() => toBtydSummary([], { asOf: "2024-01-01", period: "day", output: "columns" })).returns.toEqualTypeOf<ToBtydSummaryColumnsResult>();
    expectTypeOf<ToBtydSummaryColumnsResult["columns"]>().toEqualTypeOf<BtydSummaryColumns>();
    expectTypeOf<ToBtydSummaryColumnsResult["meta"]>().toEqualTypeOf<ToBtydSummaryResult["meta"]>();
    expectTypeOf<ToBtydSummaryResult["customers"]>().toEqualTypeOf<BtydSummaryCustomer[]>();
  });
});

describe("toBtydSummary: whole weeks (wholePeriods, lifetimes' freq=\"W\")", () => {
  const cdnow = () =>
    readFileSync(fixturePath("clv/CDNOW_sample.txt"), "utf8")
      .trim()
      .split(/\r?\n/)
      .map((l) => {
        const [, id, day, , amount] = l.trim().split(/\s+/);
        return { customerId: String(Number(id)), date: `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6, 8)}`, amount: Number(amount) };
      });
  const reference = JSON.parse(readFileSync(fixturePath("models/btyd_whole_weeks_cdnow.json"), "utf8")) as {
    asOf: string;
    calibrationEnd: string;
    distinctTriples: number;
    summary: Record<string, number | string>[];
    calibration: Record<string, number | string>[];
  };
  const sorted = (rows: readonly BtydSummaryCustomer[]) => [...rows].sort((x, y) => (x.customerId < y.customerId ? -1 : 1));
  const same = (got: readonly BtydSummaryCustomer[], want: readonly Record<string, number | string>[]) => {
    expect(got).toHaveLength(want.length);
    const bad: unknown[] = [];
    sorted(got).forEach((g, i) => {
      const w = want[i];
      for (const k of Object.keys(w)) {
        const x = (g as unknown as Record<string, unknown>)[k];
        const ok = k === "monetaryValue" ? Math.abs(Number(x) - Number(w[k])) <= 1e-9 * Math.max(1, Math.abs(Number(w[k]))) : x === w[k];
        if (!ok && bad.length < 5) bad.push({ customerId: w.customerId, k, got: x, want: w[k] });
      }
    });
    expect(bad).toEqual([]);
  };

  test("CDNOW sample: equals lifetimes' definition with freq=\"W\" (pandas script, W-SUN weeks), summary and calibration/holdout", () => {
    const rows = cdnow();
    const whole = toBtydSummary(rows, { asOf: reference.asOf, period: "week", wholePeriods: true });
    same(whole.customers, reference.summary);
    expect(whole.meta).toMatchObject({ period: "week", wholePeriods: true, weekStartsOn: 1 });
    const cal = toBtydSummary(rows, { asOf: reference.asOf, period: "week", wholePeriods: true, calibrationEnd: reference.calibrationEnd });
    same(cal.customers, reference.calibration);
    // distinct triples: 964 in whole weeks against the days / 7 summary's count
    const triples = (cs: readonly BtydSummaryCustomer[]) => new Set(cs.map((c) => `${c.frequency},${c.recency},${c.T}`)).size;
    expect(triples(whole.customers)).toBe(reference.distinctTriples);
    expect(triples(toBtydSummary(rows, { asOf: reference.asOf, period: "week" }).customers)).toBeGreaterThan(reference.distinctTriples);
  });

  test("weeks start on weekStartsOn; purchases in one week merge and their total is one repeat period", () => {
    // 2024-01-06 is a Saturday, 2024-01-07 a Sunday, 2024-01-08 a Monday
    const rows = [
      { customerId: "a", date: "2024-01-06", amount: 10 },
      { customerId: "a", date: "2024-01-07", amount: 4 },
      { customerId: "a", date: "2024-01-08", amount: 6 },
      { customerId: "a", date: "2024-01-10", amount: 2 },
    ];
    const monday = toBtydSummary(rows, { asOf: "2024-01-21", period: "week", wholePeriods: true }).customers[0];
    expect(monday).toEqual({ customerId: "a", frequency: 1, recency: 1, T: 2, monetaryValue: 8 }); // asOf (a Sunday) is 2 weeks on
    const sunday = toBtydSummary(rows, { asOf: "2024-01-21", period: "week", wholePeriods: true, weekStartsOn: 0 });
    expect(sunday.customers[0]).toEqual({ customerId: "a", frequency: 1, recency: 1, T: 3, monetaryValue: 12 });
    expect(sunday.meta.weekStartsOn).toBe(0);
    const held = toBtydSummary(rows, { asOf: "2024-01-21", period: "week", wholePeriods: true, calibrationEnd: "2024-01-07" }).customers[0];
    expect(held).toEqual({ customerId: "a", frequency: 0, recency: 0, T: 0, monetaryValue: 0, frequencyHoldout: 1, durationHoldout: 2 });
    // with days, wholePeriods changes nothing
    expect(toBtydSummary(rows, { asOf: "2024-01-21", period: "day", wholePeriods: true }).customers).toEqual(toBtydSummary(rows, { asOf: "2024-01-21", period: "day" }).customers);
    expect(() => toBtydSummary(rows, { asOf: "2024-01-21", period: "week", weekStartsOn: 0 })).toThrow(/^toBtydSummary: options\.weekStartsOn needs/);
    expect(() => toBtydSummary(rows, { asOf: "2024-01-21", period: "week", wholePeriods: true, weekStartsOn: 7 })).toThrow(/^toBtydSummary: options\.weekStartsOn/);
  });

  test("property: whole numbers, and distinct triples bounded by the window's weeks, whatever the customers", () => {
    const start = Date.UTC(2024, 0, 1);
    const iso = (d: number) => new Date(start + d * 86_400_000).toISOString().slice(0, 10);
    fc.assert(
      fc.property(
        fc.array(fc.record({ customerId: fc.integer({ min: 0, max: 400 }).map(String), date: fc.integer({ min: 0, max: 90 }).map(iso), amount: fc.integer({ min: 0, max: 100 }) }), { minLength: 1, maxLength: 600 }),
        fc.integer({ min: 0, max: 6 }),
        (rows, wso) => {
          const asOf = iso(90);
          const { customers } = toBtydSummary(rows, { asOf, period: "week", wholePeriods: true, weekStartsOn: wso });
          const W = 14; // weeks a 91-day window touches, at most: T is 0..W − 1
          for (const c of customers) {
            for (const v of [c.frequency, c.recency, c.T]) expect(Number.isInteger(v)).toBe(true);
            expect(c.recency).toBeLessThanOrEqual(c.T);
            expect(c.frequency).toBeLessThanOrEqual(c.recency);
            expect(c.T).toBeLessThan(W);
          }
          // 0 ≤ frequency ≤ recency ≤ T < W: at most Σ_T (T+1)(T+2)/2 = W(W+1)(W+2)/6 triples, whatever the customers
          expect(new Set(customers.map((c) => `${c.frequency},${c.recency},${c.T}`)).size).toBeLessThanOrEqual((W * (W + 1) * (W + 2)) / 6);
        },
      ),
      { numRuns: 60 },
    );
  });
});

/** The plain reference: one stable comparison sort of all rows by (customer, day), then equal days merged in that order. */
function sortedHistories(customers: number, rows: readonly { c: number; d: number; a: number }[]): { start: number[]; day: number[]; amount: number[] } {
  const order = rows.map((_, i) => i).sort((i, j) => rows[i].c - rows[j].c || rows[i].d - rows[j].d);
  const start: number[] = [];
  const day: number[] = [];
  const amount: number[] = [];
  let p = 0;
  for (let c = 0; c < customers; c++) {
    start.push(day.length);
    while (p < order.length && rows[order[p]].c === c) {
      const r = rows[order[p]];
      if (day.length > start[c] && day[day.length - 1] === r.d) amount[amount.length - 1] += r.a;
      else {
        day.push(r.d);
        amount.push(r.a);
      }
      p++;
    }
  }
  start.push(day.length);
  return { start, day, amount };
}

// Without a calibration end, each customer's rows are gathered, put in day order and summed per customer;
// with a calibration end the purchase histories decide. Both give the same figures to the bit: the same
// transactions (in day order, out of order, with one more customer, with the calibration end at asOf) are compared.
describe("toBtydSummary: each customer's rows summed in day order, as the histories sum them", () => {
  const row = fc.record({
    customer: fc.constantFrom("a", "b", "c", "d", "e", "f"),
    day: fc.integer({ min: 0, max: 60 }),
    amount: fc.oneof(fc.double({ min: 0.01, max: 1000, noNaN: true }), fc.integer({ min: 0, max: 50 }), fc.double({ min: -300, max: -0.01, noNaN: true }), fc.constantFrom(0.1, 0.2, 0.3, 1e15, 1e-3)),
  });
  const date = (day: number) => new Date(Date.UTC(2024, 0, 1 + day)).toISOString().slice(0, 10);
  const options: ToBtydSummaryOptions[] = [
    { asOf: "2024-03-15", period: "day" },
    { asOf: "2024-03-15", period: "week" },
    { asOf: "2024-03-15", period: "week", wholePeriods: true },
    { asOf: "2024-03-15", period: "week", wholePeriods: true, weekStartsOn: 0 },
  ];
  const bits = (c: BtydSummaryCustomer) => [c.customerId, c.frequency, c.recency, c.T, c.monetaryValue].map((v) => (Object.is(v, -0) ? "-0" : v));

  test.each(options.map((o) => [JSON.stringify(o), o] as const))("property: %s", (_name, opts) => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 40 }), (rows) => {
        const sorted = rows.map((r) => ({ customerId: r.customer, date: date(r.day), amount: r.amount, day: r.day })).sort((x, y) => x.day - y.day);
        if (!sorted.some((r) => r.amount >= 0)) return;
        const inOrder = toBtydSummary(sorted, opts);
        const outOfOrder = toBtydSummary([...sorted, { customerId: "zz", date: date(5), amount: 1 }, { customerId: "zz", date: date(2), amount: 1 }], opts);
        expect(outOfOrder.customers.filter((c) => c.customerId !== "zz").map(bits)).toEqual(inOrder.customers.map(bits));
        expect(outOfOrder.meta.customersWithNetNegativeSpend).toBe(inOrder.meta.customersWithNetNegativeSpend);
        const viaHistories = toBtydSummary(sorted, { ...opts, calibrationEnd: opts.asOf });
        expect(viaHistories.customers.map(bits)).toEqual(inOrder.customers.map(bits));
        expect(viaHistories.meta.customersWithNetNegativeSpend).toBe(inOrder.meta.customersWithNetNegativeSpend);
        // the rows in the order generated (out of order per customer): replayed in day order, as the histories
        const unsorted = rows.map((r) => ({ customerId: r.customer, date: date(r.day), amount: r.amount }));
        expect(toBtydSummary(unsorted, opts).customers.map(bits)).toEqual(toBtydSummary(unsorted, { ...opts, calibrationEnd: opts.asOf }).customers.map(bits));
        // and as columns
        const columns = toBtydSummary(sorted, { ...opts, output: "columns" }).columns;
        expect(Array.from(columns.monetaryValue)).toEqual(inOrder.customers.map((c) => c.monetaryValue));
      }),
      { numRuns: 300 },
    );
  });

  test("property: hundreds of customers (several buckets), out of order: the same figures as the histories, to the bit", () => {
    const many = fc.record({ customer: fc.integer({ min: 0, max: 299 }).map((c) => `c${c}`), day: fc.integer({ min: 0, max: 70 }), amount: row.map((r) => r.amount) });
    fc.assert(
      fc.property(fc.array(many, { minLength: 1, maxLength: 900 }), fc.constantFrom(...options), (rows, opts) => {
        const tx = rows.map((r) => ({ customerId: r.customer, date: date(r.day), amount: r.amount }));
        if (!tx.some((r) => r.amount >= 0)) return;
        const streamed = toBtydSummary(tx, opts);
        const viaHistories = toBtydSummary(tx, { ...opts, calibrationEnd: opts.asOf });
        expect(streamed.customers.map(bits)).toEqual(viaHistories.customers.map(bits));
        expect(streamed.meta.customersWithNetNegativeSpend).toBe(viaHistories.meta.customersWithNetNegativeSpend);
      }),
      { numRuns: 100 },
    );
  });

  test("a day's rows added in input order, days summed in day order (amounts whose sum depends on the order)", () => {
    const rows = [
      { customerId: "a", date: "2024-01-01", amount: 1 },
      { customerId: "a", date: "2024-01-02", amount: 1e16 },
      { customerId: "a", date: "2024-01-02", amount: 1 },
      { customerId: "a", date: "2024-01-02", amount: 1 },
      { customerId: "a", date: "2024-01-03", amount: 3 },
      { customerId: "a", date: "2024-01-04", amount: 0.1 },
    ];
    const summed = toBtydSummary(rows, { asOf: "2024-01-10", period: "day" }).customers[0];
    const replayed = toBtydSummary([...rows, { customerId: "zz", date: "2024-01-05", amount: 1 }, { customerId: "zz", date: "2024-01-04", amount: 1 }], { asOf: "2024-01-10", period: "day" }).customers[0];
    const viaHistories = toBtydSummary(rows, { asOf: "2024-01-10", period: "day", calibrationEnd: "2024-01-10" }).customers[0];
    expect(bits(summed)).toEqual(bits(replayed));
    expect(bits(summed)).toEqual(bits(viaHistories));
    // rows out of order within the customer: the day's rows still added in input order
    const shuffled = [rows[5], rows[1], rows[0], rows[2], rows[4], rows[3]];
    expect(bits(toBtydSummary(shuffled, { asOf: "2024-01-10", period: "day" }).customers[0])).toEqual(bits(toBtydSummary(shuffled, { asOf: "2024-01-10", period: "day", calibrationEnd: "2024-01-10" }).customers[0]));
    // a long history (past the insertion sort): 60 rows on 20 days, in a scrambled order
    const long = Array.from({ length: 60 }, (_, i) => ({ customerId: "a", date: `2024-01-${String(1 + ((i * 7) % 20)).padStart(2, "0")}`, amount: [0.1, 1e15, 0.7, 3][i % 4] * (1 + i) }));
    expect(bits(toBtydSummary(long, { asOf: "2024-01-31", period: "day" }).customers[0])).toEqual(bits(toBtydSummary(long, { asOf: "2024-01-31", period: "day", calibrationEnd: "2024-01-31" }).customers[0]));
    const h = purchaseHistories(1, [0, 0, 0, 0, 0, 0], [0, 1, 1, 1, 2, 3], rows.map((r) => r.amount));
    expect(Array.from(h.amount)).toEqual([1, 1e16 + 1 + 1, 3, 0.1]);
    expect(1e16 + 1 + 1).not.toBe(1 + 1 + 1e16); // the order matters
    expect(summed.frequency).toBe(3);
  });
});
