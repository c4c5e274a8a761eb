import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, expectTypeOf, test } from "vitest";
import { bgNbdExpectedPurchases, purchaseTracking, toBtydSummary, type PurchaseModel, type PurchaseTrackingOptions, type PurchaseTrackingResult } from "../../src/models/index.js";
import { mulberry32 } from "../../src/internal/random.js";
import { deepFreeze } from "../helpers/arbitraries.js";
import { fixturePath, readCsvFixture } from "../helpers/csv.js";
import { bg, expectIssue, mbg, pareto } from "./shared.js";

const cdnow = () =>
  readFileSync(fixturePath("clv/CDNOW_sample.txt"), "utf8")
    .trim()
    .split(/\r?\n/)
    .map((l) => {
      const [, id, day, , amount] = l.trim().split(/\s+/);
      return { customerId: String(Number(id)), date: `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6, 8)}`, amount: Number(amount) };
    });

const split = { asOf: "1998-06-30", calibrationEnd: "1997-09-30", period: "week" } as const;

describe("purchaseTracking", () => {
  test("CDNOW sample, FHL 2005 figure 2: 78 weeks, 39 of them calibration; actual and expected per week as the independent pandas script (three models)", () => {
    const tx = cdnow();
    const ref = readCsvFixture("clv/purchase_tracking_cdnow.csv");
    expect(ref.length).toBe(78);
    const models: [PurchaseModel, string][] = [
      [{ model: "bg-nbd", params: bg }, "bg_nbd"],
      [{ model: "modified-bg-nbd", params: mbg }, "mbg_nbd"],
      [{ model: "pareto-nbd", params: pareto }, "pareto_nbd"],
    ];
    for (const [model, column] of models) {
      const { periods, meta } = purchaseTracking(tx, model, split);
      expect(periods.length).toBe(78);
      expect([meta.calibrationPeriods, meta.customers, meta.customersFirstSeenInHoldout, meta.calibrationEnd]).toEqual([39, 2357, 0, "1997-09-30"]);
      expect(periods.map((p) => [p.periodNumber, p.startDate, p.actual])).toEqual(ref.map((r) => [Number(r.week), r.start, Number(r.actual)]));
      periods.forEach((p, i) => {
        expect(p.holdout).toBe(i >= 39);
        expect(p.partial).toBe(false);
        expect(Math.abs(p.expected - Number(ref[i][column]))).toBeLessThan(1e-8 * Math.max(1, Number(ref[i][column])));
        expect(Math.abs(p.cumulativeExpected - Number(ref[i][`cumulative_${column}`]))).toBeLessThan(1e-9 * Number(ref[i][`cumulative_${column}`]));
      });
    }
    // the figure: 2,457 repeat purchases in the 39 calibration weeks, 4,339 by week 78; BG/NBD expects 2,494 and 4,161
    const { periods } = purchaseTracking(tx, { model: "bg-nbd", params: bg }, split);
    expect([periods[38].cumulativeActual, periods[77].cumulativeActual]).toEqual([2457, 4339]);
    expect([Math.round(periods[38].cumulativeExpected), Math.round(periods[77].cumulativeExpected)]).toEqual([2494, 4161]);
    expect(periods[77].endDate).toBe("1998-06-30");
  });

  test("repeat purchases counted as toBtydSummary counts them: calibration and holdout totals equal the summary's frequency and frequencyHoldout sums", () => {
    const tx = cdnow();
    const { customers } = toBtydSummary(tx, split);
    const { periods } = purchaseTracking(tx, { model: "bg-nbd", params: bg }, split);
    const calibration = customers.reduce((s, c) => s + c.frequency, 0);
    const holdout = customers.reduce((s, c) => s + (c.frequencyHoldout as number), 0);
    expect(periods[38].cumulativeActual).toBe(calibration);
    expect(periods[77].cumulativeActual - periods[38].cumulativeActual).toBe(holdout);
    // the expected total at asOf is Σ E[X(T_i + holdout)] of each customer (bgNbdExpectedPurchases)
    const total = customers.reduce((s, c) => s + bgNbdExpectedPurchases(bg, c.T + (c.durationHoldout as number)), 0);
    expect(periods[77].cumulativeExpected).toBeCloseTo(total, 8);
  });

  test("same-day rows are one purchase, refunds are none, customers first seen in the holdout are left out; partial first and last periods", () => {
    const row = (customerId: string, date: string, amount = 10) => ({ customerId, date, amount });
    const tx = deepFreeze([
      row("a", "2024-01-03"),
      row("a", "2024-01-03"),
      row("a", "2024-01-05"),
      row("a", "2024-01-05", -5),
      row("a", "2024-01-12", -5),
      row("b", "2024-01-09"),
      row("b", "2024-01-20"),
      row("c", "2024-01-16"),
      row("c", "2024-01-17"),
    ]);
    const { periods, meta } = purchaseTracking(tx, { model: "bg-nbd", params: bg }, { asOf: "2024-01-24", calibrationEnd: "2024-01-14", period: "week" });
    expect(periods.map((p) => [p.startDate, p.endDate, p.holdout, p.partial, p.daysCovered, p.newCustomers, p.actual, p.cumulativeActual])).toEqual([
      ["2024-01-03", "2024-01-07", false, true, 5, 1, 1, 1],
      ["2024-01-08", "2024-01-14", false, false, 7, 1, 0, 1],
      ["2024-01-15", "2024-01-21", true, false, 7, 0, 1, 2],
      ["2024-01-22", "2024-01-24", true, true, 3, 0, 0, 2],
    ]);
    expect([meta.customers, meta.customersFirstSeenInHoldout, meta.calibrationPeriods, meta.trackingPeriod]).toEqual([2, 1, 2, "week"]);
    // expected in the first period: customer a born 2024-01-03, by the end of 2024-01-07 (4 days)
    expect(periods[0].expected).toBeCloseTo(bgNbdExpectedPurchases(bg, 4 / 7), 14);
    // by asOf: a over 21 days, b over 15 days
    expect(periods[3].cumulativeExpected).toBeCloseTo(bgNbdExpectedPurchases(bg, 3) + bgNbdExpectedPurchases(bg, 15 / 7), 13);
    // per day: one record per day from the first purchase, and the same totals
    const daily = purchaseTracking(tx, { model: "bg-nbd", params: bg }, { asOf: "2024-01-24", calibrationEnd: "2024-01-14", period: "week", trackingPeriod: "day" });
    expect(daily.periods.length).toBe(22);
    expect(daily.meta.calibrationPeriods).toBe(12);
    expect(daily.periods[21].cumulativeActual).toBe(2);
    expect(daily.periods[21].cumulativeExpected).toBeCloseTo(periods[3].cumulativeExpected, 13);
  });

  test("Monte Carlo: customers simulated from BG/NBD (seeded) make, per quarter-year and in total, the repeat purchases purchaseTracking expects", () => {
    // r = 2, α = 100 days (λ = sum of two exponentials / 100), a = 2, b = 6 (p = G2 / (G2 + G6)): gamma and
    // beta draws from exponentials alone; rates low enough that two purchases rarely fall on one day
    const u = mulberry32(2005);
    const exp1 = () => -Math.log(1 - u());
    const params = { r: 2, alpha: 100, a: 2, b: 6 };
    const iso = (d: number) => new Date(Date.UTC(2023, 0, 1 + d)).toISOString().slice(0, 10);
    const tx: { customerId: string; date: string; amount: number }[] = [];
    for (let c = 0; c < 4000; c++) {
      const born = Math.floor(u() * 90);
      const lambda = (exp1() + exp1()) / params.alpha;
      const g2 = exp1() + exp1();
      const p = g2 / (g2 + exp1() + exp1() + exp1() + exp1() + exp1() + exp1());
      tx.push({ customerId: `c${c}`, date: iso(born), amount: 1 });
      // a purchase τ days after the first falls on day born + ⌈τ⌉: counted by the end of day d when τ ≤ d − born
      for (let t = exp1() / lambda; t <= 364 - born; t += exp1() / lambda) {
        tx.push({ customerId: `c${c}`, date: iso(born + Math.ceil(t)), amount: 1 });
        if (u() < p) break;
      }
    }
    const { periods, meta } = purchaseTracking(tx, { model: "bg-nbd", params }, { asOf: iso(364), calibrationEnd: iso(179), period: "day" });
    expect(meta.customers).toBe(4000);
    const total = periods[periods.length - 1];
    // about 12,300 repeat purchases expected: the totals agree to 3% (over seeds 1–3 the ratio was 0.97–1.00,
    // a sampling error of about 2%: customers differ in rate and dropout), each of the four whole quarters to 8%
    expect(total.cumulativeExpected).toBeGreaterThan(12000);
    expect(Math.abs(total.cumulativeActual / total.cumulativeExpected - 1)).toBeLessThan(0.03);
    for (let q = 0; q + 13 <= periods.length; q += 13) {
      const block = periods.slice(q, q + 13);
      const a = block.reduce((s, p) => s + p.actual, 0);
      const e = block.reduce((s, p) => s + p.expected, 0);
      expect(Math.abs(a / e - 1)).toBeLessThan(0.08);
    }
  });

  test("a model in days gives the same expectations as the same model in weeks (alpha scaled by 7)", () => {
    const tx = cdnow().slice(0, 400);
    const weeks = purchaseTracking(tx, { model: "pareto-nbd", params: pareto }, split);
    const days = purchaseTracking(tx, { model: "pareto-nbd", params: { ...pareto, alpha: pareto.alpha * 7, beta: pareto.beta * 7 } }, { ...split, period: "day" });
    weeks.periods.forEach((p, i) => expect(days.periods[i].cumulativeExpected).toBeCloseTo(p.cumulativeExpected, 9));
  });

  test("properties: cumulative series are the running sums, never decrease, and end at the total repeat purchase days", () => {
    const dayArb = fc.integer({ min: 0, max: 120 });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), dayArb), { minLength: 1, maxLength: 40 }), fc.integer({ min: 0, max: 120 }), fc.constantFrom<"day" | "week">("day", "week"), (rows, cal, tracking) => {
        const iso = (d: number) => new Date(Date.UTC(2024, 0, 1 + d)).toISOString().slice(0, 10);
        const tx = rows.map(([c, d]) => ({ customerId: `c${c}`, date: iso(d), amount: 1 }));
        const firstDays = new Map<string, number>();
        for (const [c, d] of rows) firstDays.set(`c${c}`, Math.min(firstDays.get(`c${c}`) ?? Infinity, d));
        const born = [...firstDays.values()].filter((d) => d <= cal);
        const run = () => purchaseTracking(tx, { model: "bg-nbd", params: bg }, { asOf: iso(120), calibrationEnd: iso(cal), period: "week", trackingPeriod: tracking });
        if (born.length === 0) {
          expectIssue(run, { code: "degenerate_data" });
          return;
        }
        const { periods, meta } = run();
        const distinct = new Set(rows.filter(([c]) => (firstDays.get(`c${c}`) as number) <= cal).map(([c, d]) => `c${c}/${d}`));
        expect(periods[periods.length - 1].cumulativeActual).toBe(distinct.size - born.length);
        expect(periods.reduce((s, p) => s + p.newCustomers, 0)).toBe(meta.customers);
        let a = 0;
        let e = 0;
        for (const p of periods) {
          expect(p.expected).toBeGreaterThanOrEqual(0);
          a += p.actual;
          e += p.expected;
          expect(p.cumulativeActual).toBe(a);
          expect(p.cumulativeExpected).toBeCloseTo(e, 12);
          expect(p.holdout).toBe(p.startDate > iso(cal));
        }
        const total = born.reduce((s, d) => s + bgNbdExpectedPurchases(bg, (120 - d) / 7), 0);
        expect(periods[periods.length - 1].cumulativeExpected).toBeCloseTo(total, 10);
      }),
      { numRuns: 150, seed: 16 },
    );
  });

  test("refuses bad arguments and data with the function's name and the issue's path", () => {
    const tx = [{ customerId: "a", date: "2024-01-01", amount: 1 }];
    const model: PurchaseModel = { model: "bg-nbd", params: bg };
    expect(() => purchaseTracking(tx, { model: "x" } as unknown as PurchaseModel, { asOf: "2024-02-01", calibrationEnd: "2024-01-10", period: "week" })).toThrow(/^purchaseTracking: expected \{ model/);
    expect(() => purchaseTracking(tx, { model: "bg-nbd", params: { ...bg, a: 1 } }, { asOf: "2024-02-01", calibrationEnd: "2024-01-10", period: "week" })).toThrow(RangeError);
    expect(() => purchaseTracking(tx, model, { asOf: "2024-02-01", calibrationEnd: "2024-01-10" } as never)).toThrow(/^purchaseTracking: options/);
    expect(() => purchaseTracking(tx, model, { asOf: "2024-02-01", period: "week" } as never)).toThrow(/^purchaseTracking: options/);
    expect(() => purchaseTracking(tx, model, { asOf: "2024-02-01", calibrationEnd: "2024-01-10", period: "week", trackingPeriod: "month" } as never)).toThrow(/^purchaseTracking: options/);
    expectIssue(() => purchaseTracking(tx, model, { asOf: "2024-02-01", calibrationEnd: "2024-02-02", period: "week" }), { code: "invalid_value", path: ["options", "calibrationEnd"] });
    expectIssue(() => purchaseTracking(tx, model, { asOf: "2024-02-01", calibrationEnd: "2024-02-31", period: "week" }), { path: ["options", "calibrationEnd"] });
    expectIssue(() => purchaseTracking(tx, model, { asOf: "2024-02-01", calibrationEnd: "2023-12-31", period: "week" }), { code: "degenerate_data", path: ["transactions"] });
    expectIssue(() => purchaseTracking([{ customerId: "a", date: "2024-13-01", amount: 1 }], model, { asOf: "2024-02-01", calibrationEnd: "2024-01-10", period: "week" }), { path: ["rows", 0, "date"] });
  });

  test("types", () => {
    expectTypeOf(purchaseTracking).parameter(1).toEqualTypeOf<PurchaseModel>();
    expectTypeOf(purchaseTracking).parameter(2).toEqualTypeOf<PurchaseTrackingOptions<unknown>>();
    expectTypeOf(purchaseTracking).returns.toEqualTypeOf<PurchaseTrackingResult>();
  });
});
