import { join } from "node:path";
import { expect, test } from "vitest";
import { churnRisk, winBackPriority } from "../../../src/churn/index.js";
import { tierPyramid } from "../../../src/value/index.js";
import { AS_OF, customers, FIELDS, FILE, MAP, parseOut, ROWS } from "../fixture.js";
import { cli, tempFiles } from "../helpers.js";
import { expectRounded } from "./rounded.js";

// as of 2024-03-01. Net values: k 1000 (the first 80% of the value: key), b 100, m 60, s 20 → shares
// 0.847, 0.932, 0.983, 1: k key_important, b ordinary, m small, s small (crm scheme).
// Risk: k gap 10, 40 days → overdue 4, at risk; b gap 5, 45 days → lapsed; m gap 30, 10 days →
// active (no alert); s one day, the population gap (median of 10, 5, 30 = 10), 25 days → at risk.
const CSV = "customer,date,amount\nk,2024-01-01,400\nk,2024-01-11,300\nk,2024-01-21,300\nb,2024-01-11,50\nb,2024-01-16,50\nm,2024-01-21,30\nm,2024-02-20,30\ns,2024-02-05,20\n";
const dir = tempFiles({ "winback.csv": CSV });
const ARGS = ["winback", join(dir, "winback.csv"), "--customer", "customer", "--date", "date", "--amount", "amount", "--as-of", "2024-03-01"];

test("winback: the at-risk and lapsed customers by priority, most value first (hand-checked)", async () => {
  const r = await cli(ARGS);
  expect(r.code).toBe(0);
  expect(r.stdout.split("\n")[0]).toBe("customerId,tier,risk,priority,valueAtRisk,tierLabel,label");
  expect(parseOut(r.stdout).map((c) => [c.customerId, c.tier, c.risk, c.priority, c.valueAtRisk, c.label])).toEqual([
    ["k", "key_important", "at_risk", "must_win_back", "1000", "Must win back"],
    ["b", "ordinary", "lapsed", "try", "100", "Try to win back"],
    ["s", "small", "at_risk", "flexible", "20", "Flexible"],
  ]);
  expect(r.stderr).toContain("note: 3 customers are at risk or lapsed; 1 must be won back (1,000.00 net), 1 try, 1 flexible, 0 let go");
  const top = await cli([...ARGS, "--top", "1", "--labels", "zh"]);
  expect(parseOut(top.stdout).map((c) => [c.customerId, c.tierLabel, c.label])).toEqual([["k", "重要客户", "必须挽回"]]);
  // tighter risk levels: s (overdue 2.5) is cooling when at risk starts above 3, so no longer listed
  const tighter = await cli([...ARGS, "--at-risk", "3"]);
  expect(parseOut(tighter.stdout).map((c) => c.customerId)).toEqual(["k", "b"]);
});

test("winback --summary: customers and value at risk per priority", async () => {
  const r = await cli([...ARGS, "--summary", "--scheme", "zeithaml"]);
  expect(r.code).toBe(0);
  // zeithaml by customer shares, each customer by the share ranked above it: k 0% (platinum), b 25%
  // (gold), m 50% and s 75% (iron, up to 80%); m is active, so iron's one alert is s
  expect(parseOut(r.stdout)).toEqual([
    { priority: "must_win_back", label: "Must win back", tiers: "platinum gold", customers: "2", valueAtRisk: "1100" },
    { priority: "try", label: "Try to win back", tiers: "iron", customers: "1", valueAtRisk: "20" },
    { priority: "flexible", label: "Flexible", tiers: "", customers: "0", valueAtRisk: "0" },
    { priority: "let_go", label: "Let go", tiers: "lead", customers: "0", valueAtRisk: "0" },
  ]);
});

test("winback: the fixture gives the library's records", async () => {
  const r = await cli(["winback", FILE, ...MAP, "--format", "json"]);
  expect(r.code).toBe(0);
  const lib = winBackPriority(churnRisk(ROWS, { asOf: AS_OF, fields: FIELDS }).customers, tierPyramid(customers).customers).customers;
  const got = JSON.parse(r.stdout) as Record<string, unknown>[];
  expect(got.length).toBe(lib.length);
  expect(got.length).toBeGreaterThan(0);
  got.forEach((c, i) => expectRounded(c, { ...lib[i], tierLabel: c.tierLabel, label: c.label }));
});

test("winback: bad options are usage errors before the data is read", async () => {
  for (const [flags, message] of [
    [["--scheme", "abc"], '--scheme must be one of crm, zeithaml, got "abc"'],
    [["--top", "1.5"], '--top must be an integer >= 1, got "1.5"'],
    [["--top", "5", "--summary"], "--top applies to the customer list, not to --summary"],
    [["--lapsed", "2"], "--cooling, --at-risk and --lapsed must increase (with the defaults 1, 2, 4 for those not given), got 1, 2, 2"],
  ] as const) {
    const r = await cli(["winback", "/nonexistent.csv", "--as-of", "2024-03-01", ...flags]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`crm-analytics: ${message}\n`);
  }
});
