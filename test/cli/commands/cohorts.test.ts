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

describe("cohorts --pivot: the cohort triangle", () => {
  // the rows start on 15 January; March is cut by --as-of after 9 days
  const dir = tempFiles({ "short.csv": "customer,date,amount\na,2024-01-15,100\nb,2024-01-20,40\na,2024-02-10,50\nc,2024-02-12,30\nb,2024-03-02,10\n" });
  const args = ["cohorts", join(dir, "short.csv"), "--customer", "customer", "--date", "date", "--amount", "amount", "--as-of", "2024-03-09", "--pivot"];

  test("one row per cohort, one column per period since acquisition (hand-checked)", async () => {
    const share = await cli(args);
    expect(share.code).toBe(0);
    expect(share.stdout).toBe("cohort,cohortSize,month0,month1,month2\n2024-01,2,1,0.5,0.5\n2024-02,1,1,0,\n");
    const customers = await cli([...args, "--value", "customers"]);
    expect(customers.stdout).toBe("cohort,cohortSize,month0,month1,month2\n2024-01,2,2,1,1\n2024-02,1,1,0,\n");
    const revenue = await cli([...args, "--value", "revenue", "--format", "json"]);
    expect(JSON.parse(revenue.stdout)).toEqual([
      { cohort: "2024-01", cohortSize: 2, month0: 140, month1: 50, month2: 10 },
      { cohort: "2024-02", cohortSize: 1, month0: 30, month1: 0, month2: null },
    ]);
    expect(share.stderr.split("\n").filter((l) => l.includes("partial period"))).toEqual([
      "crm-analytics: note: 2024-01 covers 17 of 31 days (2024-01-15 to 2024-01-31): a partial period, its cells count those days only (--partial-periods drop leaves them empty)",
      "crm-analytics: note: 2024-03 covers 9 of 31 days (2024-03-01 to 2024-03-09): a partial period, its cells, the last of each cohort's row (the diagonal), count those days only (--partial-periods drop leaves them empty)",
    ]);
  });

  test("--partial-periods drop leaves the partial cells empty and keeps every cohort's row", async () => {
    const r = await cli([...args, "--partial-periods", "drop"]);
    expect(r.stdout).toBe("cohort,cohortSize,month0,month1,month2\n2024-01,2,,0.5,\n2024-02,1,1,,\n");
    expect(r.stderr).toContain("its cells, the last of each cohort's row (the diagonal), are left empty (--partial-periods drop)");
  });

  test("the fixture's triangle holds the library's cells; --value needs --pivot", async () => {
    const r = await cli(["cohorts", FILE, ...MAP, "--pivot", "--period", "quarter", "--format", "json"]);
    const rows = JSON.parse(r.stdout) as Record<string, number | string | null>[];
    const cells = cohortRetention(ROWS, { asOf: AS_OF, fields: FIELDS, period: "quarter" }).cells;
    expect(rows.map((row) => row.cohort)).toEqual([...new Set(cells.map((c) => c.cohort))]);
    for (const c of cells) expect(rows.find((row) => row.cohort === c.cohort)![`quarter${c.periodIndex}`]).toBeCloseTo(c.share, 4);
    const bad = await cli(["cohorts", "/nonexistent.csv", "--as-of", AS_OF, "--value", "revenue"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe("crm-analytics: --value applies to --pivot only (the tidy records carry customers, share and revenue)\n");
    const badValue = await cli(["cohorts", "/nonexistent.csv", "--as-of", AS_OF, "--pivot", "--value", "rate"]);
    expect(badValue.stderr).toBe('crm-analytics: --value must be one of share, customers, revenue, got "rate"\n');
  });
});
