import { join } from "node:path";
import { expect, test } from "vitest";
import { LIFECYCLE_STAGES, lifecycleStage } from "../../../src/churn/index.js";
import { AS_OF, customers, FIELDS, FILE, MAP, parseOut, ROWS } from "../fixture.js";
import { cli, tempFiles } from "../helpers.js";
import { expectRounded } from "./rounded.js";

// as of 2024-06-30: n bought once (exploration, few purchases); o bought every 20 days and stopped
// 90 days ago (decline, overdue); s bought on 6 days over 200 days, the last 10 days ago (stability)
const CSV = [
  "customer,date,amount",
  "n,2024-06-20,30",
  "o,2024-01-01,40",
  "o,2024-01-21,40",
  "o,2024-02-10,40",
  "o,2024-04-01,-20",
  ...["2023-12-13", "2024-02-01", "2024-03-01", "2024-04-01", "2024-05-01", "2024-06-20"].map((d) => `s,${d},50`),
  "",
].join("\n");
const dir = tempFiles({ "stages.csv": CSV });
const ARGS = ["lifecycle", join(dir, "stages.csv"), "--customer", "customer", "--date", "date", "--amount", "amount", "--as-of", "2024-06-30"];

test("lifecycle: one record per customer with its stage, reason and label (hand-checked)", async () => {
  const r = await cli(ARGS);
  expect(r.code).toBe(0);
  expect(parseOut(r.stdout).map((c) => [c.customerId, c.stage, c.reason, c.purchaseDays, c.recencyDays, c.label])).toEqual([
    ["n", "exploration", "few purchases", "1", "10", "Exploration"],
    ["o", "decline", "overdue", "3", "141", "Decline"],
    ["s", "stability", "regular", "6", "10", "Stability"],
  ]);
  const zh = await cli([...ARGS, "--labels", "zh"]);
  expect(parseOut(zh.stdout).map((c) => c.label)).toEqual(["考察期", "退化期", "稳定期"]);
});

test("lifecycle --summary: customers, share, net revenue and its share per stage", async () => {
  const r = await cli([...ARGS, "--summary", "--labels", "zh"]);
  expect(r.code).toBe(0);
  // revenue: n 30, o 120 − 20 = 100, s 300; total 430
  expect(parseOut(r.stdout).map((s) => [s.stage, s.label, s.customers, s.share, s.revenue, s.revenueShare])).toEqual([
    ["exploration", "考察期", "1", "0.3333", "30", "0.0698"],
    ["formation", "形成期", "0", "0", "0", "0"],
    ["stability", "稳定期", "1", "0.3333", "300", "0.6977"],
    ["decline", "退化期", "1", "0.3333", "100", "0.2326"],
  ]);
  expect(r.stdout.split("\n")[0]).toBe("stage,label,customers,share,revenue,revenueShare,action");
  // the actions in the asked language
  expect(parseOut(r.stdout).map((s) => s.action)).toEqual(LIFECYCLE_STAGES.map((s) => s.actionZh));
  const en = await cli([...ARGS, "--summary"]);
  expect(parseOut(en.stdout).map((s) => s.action)).toEqual(LIFECYCLE_STAGES.map((s) => s.action));
});

test("lifecycle: the fixture gives the library's records; the summary adds up", async () => {
  const r = await cli(["lifecycle", FILE, ...MAP, "--format", "json"]);
  const lib = lifecycleStage(ROWS, { asOf: AS_OF, fields: FIELDS }).customers;
  const got = JSON.parse(r.stdout) as Record<string, unknown>[];
  expect(got.length).toBe(lib.length);
  got.forEach((c, i) => expectRounded(c, { ...lib[i], label: c.label }));
  const summary = JSON.parse((await cli(["lifecycle", FILE, ...MAP, "--format", "json", "--summary"])).stdout) as { customers: number; revenue: number }[];
  expect(summary.reduce((a, s) => a + s.customers, 0)).toBe(lib.length);
  expect(summary.reduce((a, s) => a + s.revenue, 0)).toBeCloseTo(customers.reduce((a, c) => a + c.monetary, 0), 1);
});

test("lifecycle: a bad --labels is a usage error before the data is read", async () => {
  const r = await cli(["lifecycle", "/nonexistent.csv", "--as-of", "2024-06-30", "--labels", "de"]);
  expect(r.code).toBe(2);
  expect(r.stderr).toBe('crm-analytics: --labels must be one of en, zh, got "de"\n');
});

test("lifecycle --summary: a stage's revenue beyond the range of a double is a data error naming it, never Infinity or NaN", async () => {
  const huge = tempFiles({ "huge.csv": "customer,date,amount\nx,2023-01-01,1e308\nx,2023-01-05,1\ny,2023-01-01,1e308\ny,2023-01-05,1\nz,2024-06-20,7\n" });
  const r = await cli(["lifecycle", join(huge, "huge.csv"), "--customer", "customer", "--date", "date", "--amount", "amount", "--as-of", "2024-06-30", "--summary", "--format", "csv"]);
  expect(r.code).toBe(1);
  expect(r.stdout).toBe("");
  expect(r.stderr).toContain("lifecycle: the revenue of the decline stage is above 1.8e308, beyond the range of a double");
});
