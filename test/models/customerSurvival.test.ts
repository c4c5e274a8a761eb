import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { customerSurvival, kaplanMeier } from "../../src/models/index.js";
import { readTransactionsCsv } from "../../src/csv/index.js";
import { isAnalyticsInputError } from "../../src/errors.js";
import { expectEqualsR, readCsv } from "./survivalFixtures.js";

const FILE = process.env.ONLINE_RETAIL_CSV_GZ ?? fileURLToPath(new URL("../../../shared/data/online_retail_ii/online_retail_2010-12-01_2011-12-09.csv.gz", import.meta.url));

describe("customerSurvival", () => {
  test("lapse rules: the first gap beyond lostAfterDays ends the lifetime (a later return does not undo it); a gap of exactly lostAfterDays does not; censored at asOf", () => {
    const rows = [
      // a: gap of 31 days after Jan 10 → lapsed Feb 9 (39 days after Jan 1); the return in February is ignored
      { customerId: "a", date: "2024-01-01", amount: 1 }, { customerId: "a", date: "2024-01-10", amount: 1 }, { customerId: "a", date: "2024-02-10", amount: 1 },
      // b: gaps of exactly 30 days, still active at asOf (Mar 1 − Jan 31 = 30): censored at 60
      { customerId: "b", date: "2024-01-01", amount: 1 }, { customerId: "b", date: "2024-01-31", amount: 1 },
      // c: a refund is not a purchase: last purchase Jan 5, lapsed Feb 4 (30 days after the first purchase)
      { customerId: "c", date: "2024-01-05", amount: 5 }, { customerId: "c", date: "2024-01-20", amount: -5 },
      // d: refunds only: not a customer here
      { customerId: "d", date: "2024-01-06", amount: -3 },
    ];
    const { points, meta } = customerSurvival(rows, { asOf: "2024-03-01", lostAfterDays: 30, groups: { a: "x", b: "x", c: "y" } });
    expect(points.map((p) => [p.group, p.time, p.events, p.censored])).toEqual([["x", 39, 1, 0], ["x", 60, 0, 1], ["y", 30, 1, 0]]);
    expect([meta.customers, meta.lapsed, meta.lostAfterDays, meta.asOf]).toEqual([3, 2, 30, "2024-03-01"]);
    expect(meta.logRank!.df).toBe(1);
    // the same as kaplanMeier on the durations by hand
    const direct = kaplanMeier([{ duration: 39, event: true, group: "x" }, { duration: 60, event: false, group: "x" }, { duration: 30, event: true, group: "y" }]);
    expect(points).toEqual(direct.points);
    expect(meta.groups).toEqual(direct.meta.groups);
  });

  test("groups: a function, a Map; a customer without a group is named", () => {
    const rows = [{ customerId: "a", date: "2024-01-01", amount: 1 }, { customerId: "b", date: "2024-01-02", amount: 1 }];
    const opts = { asOf: "2024-01-10", lostAfterDays: 5 };
    expect(customerSurvival(rows, { ...opts, groups: (id: string) => id.toUpperCase() }).meta.groups.map((g) => g.group)).toEqual(["A", "B"]);
    expect(customerSurvival(rows, { ...opts, groups: new Map([["a", "g"], ["b", "g"]]) }).meta.groups.map((g) => g.group)).toEqual(["g"]);
    try {
      customerSurvival(rows, { ...opts, groups: { a: "g" } });
      throw new Error("did not throw");
    } catch (e) {
      expect(isAnalyticsInputError(e) && e.issues.map((i) => [i.code, i.path, i.customerId])).toEqual([["invalid_value", ["options", "groups", "b"], "b"]]);
    }
    expect(() => customerSurvival(rows, { asOf: "2024-01-10" } as never)).toThrow(/^customerSurvival: options.lostAfterDays/);
    expect(() => customerSurvival(rows, { ...opts, lostAfterDays: 0 })).toThrow(RangeError);
  });

  test("Online Retail customers from the fixture's durations give R's curves (the raw log is checked below when present)", () => {
    const table = readCsv("online_retail_customers.csv");
    expectEqualsR(kaplanMeier(table.map((r) => ({ duration: Number(r.duration), event: r.event === "1", group: r.group }))), "online_retail");
  });

  test.skipIf(!existsSync(FILE))("the raw Online Retail log (lapse after 90 days, asOf 2011-12-09, United Kingdom vs the rest): R survfit/survdiff within 1e-10 / 1e-8", async () => {
    const read = await readTransactionsCsv(FILE, { columns: { customerId: "CustomerID", date: "InvoiceDate", quantity: "Quantity", price: "UnitPrice", orderId: "InvoiceNo" }, onInvalid: "skip" });
    const group = new Map(readCsv("online_retail_customers.csv").map((r) => [r.customerId, r.group]));
    const result = customerSurvival(read.columns, { asOf: "2011-12-09", lostAfterDays: 90, groups: (id) => group.get(id) ?? group.get(`${id}.0`) ?? "" });
    expect(result.meta.customers).toBe(4339);
    expectEqualsR(result, "online_retail");
  }, 60_000);
});
