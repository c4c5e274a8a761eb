import { describe, expect, test } from "vitest";
import { fitBgBb, isAnalyticsInputError, toBgBbSummary } from "../../src/models/index.js";
import { donations } from "./bgBbData.js";

const row = (customerId: string, date: string, amount = 25) => ({ customerId, date, amount });

describe("toBgBbSummary", () => {
  test("years as opportunities: x, t_x and n counted from the first purchase's year; a year counts once", () => {
    const tx = Object.freeze([row("a", "1995-03-01"), row("a", "1996-05-01"), row("a", "1996-09-01"), row("a", "1998-01-10"), row("b", "1999-06-01"), row("c", "2001-12-31")].map((r) => Object.freeze(r)));
    const { customers, meta } = toBgBbSummary(tx, { asOf: "2001-12-31", period: "year" });
    expect(customers).toEqual([
      { customerId: "a", frequency: 2, recency: 3, n: 6, firstPeriod: "1995" },
      { customerId: "b", frequency: 0, recency: 0, n: 2, firstPeriod: "1999" },
      { customerId: "c", frequency: 0, recency: 0, n: 0, firstPeriod: "2001" },
    ]);
    expect(meta).toMatchObject({ period: "year", weekStartsOn: null, lastPeriod: "2001", lastPeriodEnd: "2001-12-31", partialPeriod: null, customersFirstSeenInPartialPeriod: 0, purchasesInPartialPeriod: 0 });
  });

  test("the period holding asOf, when incomplete, is no opportunity: its purchases and its new customers are counted in meta", () => {
    const tx = [row("a", "2024-01-05"), row("a", "2024-02-10"), row("a", "2024-04-02"), row("b", "2024-04-01"), row("c", "2024-03-31")];
    const { customers, meta } = toBgBbSummary(tx, { asOf: "2024-04-15", period: "month" });
    expect(customers).toEqual([
      { customerId: "a", frequency: 1, recency: 1, n: 2, firstPeriod: "2024-01" },
      { customerId: "c", frequency: 0, recency: 0, n: 0, firstPeriod: "2024-03" },
    ]);
    expect(meta).toMatchObject({ lastPeriod: "2024-03", lastPeriodEnd: "2024-03-31", partialPeriod: "2024-04", customersFirstSeenInPartialPeriod: 1, purchasesInPartialPeriod: 1 });
  });

  test("days, weeks (weekStartsOn) and quarters", () => {
    const tx = [row("a", "2024-01-01"), row("a", "2024-01-03"), row("a", "2024-01-07")]; // a Monday, Wednesday, Sunday
    expect(toBgBbSummary(tx, { asOf: "2024-01-08", period: "day" }).customers[0]).toMatchObject({ frequency: 2, recency: 6, n: 7, firstPeriod: "2024-01-01" });
    // weeks from Monday: 1 and 3 in the first week, 7 too; asOf (Monday 8th) starts a partial week
    const monday = toBgBbSummary(tx, { asOf: "2024-01-08", period: "week" });
    expect(monday.customers[0]).toMatchObject({ frequency: 0, recency: 0, n: 0 });
    expect(monday.meta).toMatchObject({ weekStartsOn: 1, lastPeriod: "2024-01-01", partialPeriod: "2024-01-08" });
    // weeks from Sunday: the 7th starts the second week, which ends on Saturday the 13th (after asOf)
    const sunday = toBgBbSummary(tx, { asOf: "2024-01-13", period: "week", weekStartsOn: 0 });
    expect(sunday.customers[0]).toMatchObject({ frequency: 1, recency: 1, n: 1, firstPeriod: "2023-12-31" });
    expect(toBgBbSummary(tx, { asOf: "2024-06-30", period: "quarter" }).customers[0]).toMatchObject({ frequency: 0, recency: 0, n: 1, firstPeriod: "2024-Q1" });
  });

  test("refund rows are not transactions", () => {
    const tx = [row("a", "2020-02-01"), row("a", "2021-02-01", -25), row("b", "2021-03-01", -5)];
    const { customers } = toBgBbSummary(tx, { asOf: "2022-12-31", period: "year" });
    expect(customers).toEqual([{ customerId: "a", frequency: 0, recency: 0, n: 2, firstPeriod: "2020" }]);
  });

  test("donations rebuilt as a transaction log (1995 cohort, yearly gifts): the summary gives back the 22 groups and the fit", () => {
    const log: ReturnType<typeof row>[] = [];
    let id = 0;
    for (const g of donations) {
      for (let k = 0; k < g.count!; k++) {
        const c = `d${id++}`;
        log.push(row(c, "1995-06-15"));
        // x gifts, the last in year t_x, the others in the years just before it
        for (let j = 0; j < g.frequency; j++) log.push(row(c, `${1995 + g.recency - j}-0${1 + (j % 9)}-10`));
      }
    }
    const { customers } = toBgBbSummary(log, { asOf: "2001-12-31", period: "year" });
    expect(customers).toHaveLength(11104);
    const counts = new Map<string, number>();
    for (const c of customers) counts.set(`${c.frequency},${c.recency},${c.n}`, (counts.get(`${c.frequency},${c.recency},${c.n}`) ?? 0) + 1);
    expect(counts.size).toBe(22);
    for (const g of donations) expect(counts.get(`${g.frequency},${g.recency},${g.n}`)).toBe(g.count);
    expect(fitBgBb(customers).params).toEqual(fitBgBb(donations).params);
  });

  test("bad options and data", () => {
    expect(() => toBgBbSummary([row("a", "2020-01-01")], { asOf: "2021-01-01" } as never)).toThrow(/^toBgBbSummary: /);
    expect(() => toBgBbSummary([row("a", "2020-01-01")], { asOf: "2021-01-01", period: "decade" } as never)).toThrow(/^toBgBbSummary: /);
    expect(() => toBgBbSummary([row("a", "2020-01-01")], { asOf: "2021-01-01", period: "week", weekStartsOn: 7 })).toThrow(RangeError);
    let err: unknown;
    try {
      toBgBbSummary([row("a", "2020-02-30")], { asOf: "2021-01-01", period: "year" });
    } catch (e) {
      err = e;
    }
    expect(isAnalyticsInputError(err) && err.issues[0].path).toEqual(["rows", 0, "date"]);
  });
});
