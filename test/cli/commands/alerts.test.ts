import { join } from "node:path";
import { expect, test } from "vitest";
import { churnRisk } from "../../../src/churn/index.js";
import { AS_OF, FIELDS, FILE, MAP, parseOut, ROWS } from "../fixture.js";
import { cli, tempFiles } from "../helpers.js";
import { expectRounded } from "./rounded.js";

// a: gaps 10, 10 → typical gap 10, 40 days since the last purchase → overdue 4 (at risk, not above 4);
// b: gap 5, 45 days → overdue 9 (lapsed); c: gap 30, 10 days → active; d: one day, the population
// gap (median of 10, 5, 30 = 10), 25 days → overdue 2.5 (at risk)
const CSV = "customer,date,amount\na,2024-01-01,10\na,2024-01-11,10\na,2024-01-21,10\nb,2024-01-11,100\nb,2024-01-16,100\nc,2024-01-21,5\nc,2024-02-20,5\nd,2024-02-05,70\n";
const dir = tempFiles({ "risk.csv": CSV });
const ARGS = ["alerts", join(dir, "risk.csv"), "--customer", "customer", "--date", "date", "--amount", "amount", "--as-of", "2024-03-01"];

test("alerts: the at-risk and lapsed customers, the most value at risk first (hand-checked)", async () => {
  const r = await cli(ARGS);
  expect(r.code).toBe(0);
  expect(r.stdout.split("\n")[0]).toBe("customerId,purchaseDays,typicalGapDays,gapSource,recencyDays,overdue,risk,valueAtRisk");
  expect(parseOut(r.stdout).map((c) => [c.customerId, c.typicalGapDays, c.gapSource, c.recencyDays, c.overdue, c.risk, c.valueAtRisk])).toEqual([
    ["b", "5", "own", "45", "9", "lapsed", "200"],
    ["d", "10", "population", "25", "2.5", "at_risk", "70"],
    ["a", "10", "own", "40", "4", "at_risk", "30"],
  ]);
  expect(r.stderr).toContain("crm-analytics: note: 3 of 4 customers are alerts (at risk 2, lapsed 1; active 1, cooling 0), bringing 300.00 net; levels at 1, 2 and 4 typical gaps overdue");
  expect(r.stderr).toContain("median gap of the others, 10 days (gapSource = population)");
});

test("alerts: --sort overdue, --sort value, --top, --all and the thresholds", async () => {
  const byOverdue = await cli([...ARGS, "--sort", "overdue", "--top", "2"]);
  expect(parseOut(byOverdue.stdout).map((c) => c.customerId)).toEqual(["b", "a"]);
  expect(byOverdue.stderr).toContain("note: the first 2 of 3 listed (--top)");
  const byValue = await cli([...ARGS, "--sort", "value", "--top", "2"]);
  expect(byValue.stdout).toBe((await cli([...ARGS, "--top", "2"])).stdout);
  expect(parseOut(byValue.stdout).map((c) => c.customerId)).toEqual(["b", "d"]);
  const all = await cli([...ARGS, "--all"]);
  expect(parseOut(all.stdout).map((c) => [c.customerId, c.risk, c.alert])).toEqual([
    ["b", "lapsed", "true"],
    ["d", "at_risk", "true"],
    ["a", "at_risk", "true"],
    ["c", "active", "false"],
  ]);
  const allOverdue = await cli([...ARGS, "--all", "--sort", "overdue"]);
  expect(parseOut(allOverdue.stdout).map((c) => c.customerId)).toEqual(["b", "a", "d", "c"]);
  // overdue 4 is lapsed when lapsed starts above 3.5; overdue 2.5 is cooling when at risk starts above 3
  const moved = await cli([...ARGS, "--at-risk", "3", "--lapsed", "3.5"]);
  expect(parseOut(moved.stdout).map((c) => [c.customerId, c.risk])).toEqual([
    ["b", "lapsed"],
    ["a", "lapsed"],
  ]);
});

test("alerts: the fixture gives the library's records", async () => {
  const r = await cli(["alerts", FILE, ...MAP, "--all", "--sort", "overdue", "--format", "json"]);
  expect(r.code).toBe(0);
  const lib = churnRisk(ROWS, { asOf: AS_OF, fields: FIELDS }).customers;
  const got = JSON.parse(r.stdout) as { customerId: string }[];
  expect(got.length).toBe(lib.length);
  const byId = new Map(lib.map((c) => [c.customerId, c]));
  for (const c of got) {
    const { pAlive: _p, ...rest } = byId.get(c.customerId)!;
    expectRounded(c, rest);
  }
  const overdue = got.map((c) => (c as unknown as { overdue: number }).overdue);
  expect(overdue).toEqual([...overdue].sort((x, y) => y - x));
  // by default the most value at risk first
  const byValue = JSON.parse((await cli(["alerts", FILE, ...MAP, "--all", "--format", "json"])).stdout) as { valueAtRisk: number }[];
  expect(byValue.map((c) => c.valueAtRisk)).toEqual(byValue.map((c) => c.valueAtRisk).sort((x, y) => y - x));
});

test("alerts: bad options are usage errors before the data is read", async () => {
  for (const [flags, message] of [
    [["--at-risk", "5"], "--cooling, --at-risk and --lapsed must increase (with the defaults 1, 2, 4 for those not given), got 1, 5, 4"],
    [["--cooling", "0"], '--cooling must be a number > 0, got "0"'],
    [["--top", "0"], '--top must be an integer >= 1, got "0"'],
    [["--sort", "risk"], '--sort must be one of value, overdue, got "risk"'],
  ] as const) {
    const r = await cli(["alerts", "/nonexistent.csv", "--as-of", "2024-03-01", ...flags]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`crm-analytics: ${message}\n`);
  }
});

test("alerts: a total value at risk beyond the range of a double is a data error naming it, not an internal error", async () => {
  const huge = tempFiles({ "huge.csv": "customer,date,amount\nx,2023-01-01,1e308\nx,2023-01-05,1\ny,2023-01-01,1e308\ny,2023-01-05,1\nz,2024-06-01,7\nz,2024-06-20,7\n" });
  const r = await cli(["alerts", join(huge, "huge.csv"), "--customer", "customer", "--date", "date", "--amount", "amount", "--as-of", "2024-06-30", "--format", "csv"]);
  expect(r.code).toBe(1);
  expect(r.stdout).toBe("");
  expect(r.stderr).toContain("alerts: the value at risk of all alerts is above 1.8e308, beyond the range of a double");
  expect(r.stderr).not.toMatch(/internal error|toFixedHalfAway/);
});
