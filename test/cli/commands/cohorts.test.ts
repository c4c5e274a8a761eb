import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { cohortRetention } from "../../../src/churn/index.js";
import { AS_OF, asCsvStrings, FIELDS, FILE, MAP, parseOut, rounded, ROWS } from "../fixture.js";
import { cli, tempFiles } from "../helpers.js";

test("cohorts: the library's cohort × period cells", async () => {
  const cohorts = await cli(["cohorts", FILE, ...MAP]);
  expect(cohorts.code).toBe(0);
  expect(parseOut(cohorts.stdout)).toEqual(rounded(cohortRetention(ROWS, { asOf: AS_OF, fields: FIELDS }).cells).map((c) => asCsvStrings(c)));
  const weeks = await cli(["cohorts", FILE, ...MAP, "--period", "week", "--week-starts-on", "0"]);
  expect(parseOut(weeks.stdout)).toEqual(rounded(cohortRetention(ROWS, { asOf: AS_OF, fields: FIELDS, period: "week", weekStartsOn: 0 }).cells).map((c) => asCsvStrings(c)));
});

describe("cohorts: partial periods", () => {
  // the rows start on 15 January; March is cut by --as-of after 9 days
  const dir = tempFiles({ "short.csv": "customer,date,amount\na,2024-01-15,100\nb,2024-01-20,40\na,2024-02-10,50\nc,2024-02-12,30\nb,2024-03-02,10\n" });
  const args = ["cohorts", join(dir, "short.csv"), "--customer", "customer", "--date", "date", "--amount", "amount", "--as-of", "2024-03-09"];

  test("a column marks the cells of partial periods and a note names them", async () => {
    const r = await cli(args);
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")[0]).toBe("cohort,periodIndex,period,partial,daysCovered,daysInPeriod,customers,share,revenue,cohortSize");
    expect(parseOut(r.stdout).map((c) => [c.cohort, c.period, c.partial, c.daysCovered, c.share])).toEqual([
      ["2024-01", "2024-01", "true", "17", "1"],
      ["2024-01", "2024-02", "false", "29", "0.5"],
      ["2024-01", "2024-03", "true", "9", "0.5"],
      ["2024-02", "2024-02", "false", "29", "1"],
      ["2024-02", "2024-03", "true", "9", "0"],
    ]);
    const notes = r.stderr.split("\n").filter((l) => l.includes("partial period"));
    expect(notes).toEqual([
      "crm-analytics: note: 2024-01 covers 17 of 31 days (2024-01-15 to 2024-01-31): a partial period, its cells count those days only (partial = true)",
      "crm-analytics: note: 2024-03 covers 9 of 31 days (2024-03-01 to 2024-03-09): a partial period, its cells (the last diagonal) count those days only (partial = true)",
    ]);
  });

  test("--partial-periods drop leaves those cells out", async () => {
    const r = await cli([...args, "--partial-periods", "drop"]);
    expect(parseOut(r.stdout).map((c) => [c.cohort, c.period])).toEqual([
      ["2024-01", "2024-02"],
      ["2024-02", "2024-02"],
    ]);
    expect(r.stderr).toContain("note: 2024-03 covers 9 of 31 days (2024-03-01 to 2024-03-09): a partial period, its cells (the last diagonal) are left out (--partial-periods drop)");
    const bad = await cli([...args, "--partial-periods", "null-rates"]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--partial-periods must be one of mark, drop, got "null-rates"');
  });
});
