import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { periodIndicators, type PeriodIndicatorRecord } from "../../../src/churn/index.js";
import { AS_OF, FIELDS, FILE, MAP, parseOut, rounded, ROWS } from "../fixture.js";
import { cli, tempFiles } from "../helpers.js";

test("churn: the library's indicators per period", async () => {
  const churn = await cli(["churn", FILE, ...MAP, "--period", "quarter", "--format", "json"]);
  expect(churn.code).toBe(0);
  const transactionsOnly = (periods: readonly PeriodIndicatorRecord[]) => periods.map(({ referralRate: _r, complaintRate: _c, satisfaction: _s, nps: _n, ...rest }) => rest);
  // period over period, activeAtEnd = active and newLapsed = 0: not printed
  const periodOverPeriod = (periods: readonly PeriodIndicatorRecord[]) => transactionsOnly(periods).map(({ activeAtEnd: _e, newLapsed: _l, ...rest }) => rest);
  expect(JSON.parse(churn.stdout)).toEqual(rounded(periodOverPeriod(periodIndicators(ROWS, { asOf: AS_OF, fields: FIELDS, period: "quarter" }).periods)));
  const lost = await cli(["churn", FILE, ...MAP, "--lost-after-days", "90", "--format", "json"]);
  expect(JSON.parse(lost.stdout)).toEqual(rounded(transactionsOnly(periodIndicators(ROWS, { asOf: AS_OF, fields: FIELDS, lostAfterDays: 90 }).periods)));
});

test("churn: no columns for the rates that need outside data (always empty from a transaction log)", async () => {
  const r = await cli(["churn", FILE, ...MAP]);
  expect(r.code).toBe(0);
  const header = r.stdout.split("\n")[0].split(",");
  expect(header.slice(0, 3)).toEqual(["period", "start", "end"]);
  for (const column of ["referralRate", "complaintRate", "satisfaction", "nps"]) expect(header).not.toContain(column);
});

describe("churn: partial periods", () => {
  // February is cut by --as-of after 9 of its 29 days
  const dir = tempFiles({ "short.csv": "customer,date,amount\na,2024-01-01,100\nb,2024-01-10,50\na,2024-02-03,20\n" });
  const args = ["churn", join(dir, "short.csv"), "--customer", "customer", "--date", "date", "--amount", "amount", "--as-of", "2024-02-09"];
  const note = "crm-analytics: note: 2024-02 covers 9 of 29 days (2024-02-01 to 2024-02-09): a partial period, its rates are left empty (--partial-periods mark computes them over those days)";

  test("a column marks the partial period, its rates are empty, a note says why", async () => {
    const r = await cli(args);
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")[0].split(",").slice(0, 6)).toEqual(["period", "start", "end", "partial", "daysCovered", "daysInPeriod"]);
    const [jan, feb] = parseOut(r.stdout);
    expect(jan).toMatchObject({ period: "2024-01", partial: "false", daysCovered: "31", daysInPeriod: "31" });
    expect(feb).toMatchObject({ period: "2024-02", end: "2024-02-09", partial: "true", daysCovered: "9", daysInPeriod: "29", lost: "1", churnRate: "", retentionRate: "", revenue: "20" });
    expect(r.stderr.split("\n")).toContain(note);
    expect((await cli([...args, "--quiet"])).stderr).not.toContain("partial period");
    // the table shows the column too
    const table = await cli([...args, "--format", "table"]);
    expect(table.stdout.split("\n")[0]).toMatch(/^period\s+start\s+end\s+partial\s+daysCovered\s+daysInPeriod\s+active/);
    expect(table.stdout).toMatch(/\n2024-02\s+2024-02-01\s+2024-02-09\s+true\s+9\s+29\s/);
  });

  test("--partial-periods mark computes the rates and warns; drop leaves the period out", async () => {
    const marked = await cli([...args, "--partial-periods", "mark"]);
    expect(parseOut(marked.stdout)[1]).toMatchObject({ partial: "true", churnRate: "0.5" });
    expect(marked.stderr).toContain("crm-analytics: warning: 2024-02 covers 9 of 29 days (2024-02-01 to 2024-02-09): a partial period, its rates count those days only and do not compare with whole periods");
    expect((await cli([...args, "--partial-periods", "mark", "--quiet"])).stderr).toContain("warning: 2024-02 covers 9 of 29 days");
    const dropped = await cli([...args, "--partial-periods", "drop"]);
    expect(parseOut(dropped.stdout).map((p) => p.period)).toEqual(["2024-01"]);
    expect(dropped.stderr).toContain("note: 2024-02 covers 9 of 29 days (2024-02-01 to 2024-02-09): a partial period, left out (--partial-periods drop)");
    const bad = await cli([...args, "--partial-periods", "omit"]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--partial-periods must be one of null-rates, mark, drop, got "omit"');
    // as of the month's last day nothing is partial, and nothing is said
    const whole = await cli([...args.slice(0, -1), "2024-02-29"]);
    expect(parseOut(whole.stdout).map((p) => [p.partial, p.churnRate])).toEqual([
      ["false", ""],
      ["false", "0.5"],
    ]);
    expect(whole.stderr).not.toContain("partial");
  });
});
