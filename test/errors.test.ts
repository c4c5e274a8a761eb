import { describe, expect, expectTypeOf, test } from "vitest";
import {
  AnalyticsInputError,
  formatInputIssue,
  formatInputIssues,
  formatIssuePath,
  inputIssue,
  isAnalyticsInputError,
  type InputIssue,
  type IssuePath,
} from "../src/errors.js";

describe("formatIssuePath", () => {
  test.each([
    [["rows", 1043, "amount"], "rows[1043].amount"],
    [["columns", "date", 7], "columns.date[7]"],
    [["options", "asOf"], "options.asOf"],
    [["records", 0, "unit price"], 'records[0]["unit price"]'],
    [["records", 2], "records[2]"],
    [["input"], "input"],
    [[], ""],
  ] as [IssuePath, string][])("%j → %s", (path, text) => {
    expect(formatIssuePath(path)).toBe(text);
  });
});

describe("inputIssue", () => {
  test("reads row and field off a record path", () => {
    expect(inputIssue("invalid_value", ["records", 3, "T"], "expected a finite number > 0, got 0", "c7")).toEqual({
      code: "invalid_value",
      path: ["records", 3, "T"],
      message: "expected a finite number > 0, got 0",
      row: 3,
      field: "T",
      customerId: "c7",
    });
  });
  test("columns name the field before the row", () => {
    const issue = inputIssue("invalid_date", ["columns", "date", 9], "expected a real calendar date");
    expect([issue.row, issue.field]).toEqual([9, "date"]);
  });
  test("field mappings name the field, no row; options name neither", () => {
    const mapping = inputIssue("missing_field", ["fields", "amount"], "not there");
    expect([mapping.row, mapping.field]).toEqual([undefined, "amount"]);
    const option = inputIssue("invalid_as_of", ["options", "asOf"], "is required");
    expect(["row" in option, "field" in option]).toEqual([false, false]);
  });
  test("the path is a frozen copy", () => {
    const path: (string | number)[] = ["rows", 1, "amount"];
    const issue = inputIssue("invalid_amount", path, "x");
    path[1] = 2;
    expect(issue.path).toEqual(["rows", 1, "amount"]);
    expect(Object.isFrozen(issue.path)).toBe(true);
  });
});

describe("formatting", () => {
  const issue: InputIssue = { code: "invalid_value", path: ["records", 2, "T"], message: "expected a finite number > 0, got 0", row: 2, field: "T", customerId: "c7" };
  test("one line: path, message, customer", () => {
    expect(formatInputIssue(issue)).toBe('records[2].T: expected a finite number > 0, got 0 (customer "c7")');
    expect(formatInputIssue({ code: "empty_input", path: [], message: "no rows" })).toBe("no rows");
  });
  test("one line per issue", () => {
    expect(formatInputIssues([issue, { code: "empty_input", path: ["input"], message: "no rows" }])).toBe(
      'records[2].T: expected a finite number > 0, got 0 (customer "c7")\ninput: no rows',
    );
  });
});

describe("AnalyticsInputError", () => {
  const issues = Array.from({ length: 5 }, (_, i) => inputIssue("invalid_amount", ["rows", i, "amount"], "expected a finite number, got NaN"));
  test("message: function name and the first three formatted issues; code of the first", () => {
    const error = new AnalyticsInputError("summarizeTransactions", issues, 9);
    expect(error.message).toBe(
      "summarizeTransactions: rows[0].amount: expected a finite number, got NaN; rows[1].amount: expected a finite number, got NaN; " +
        "rows[2].amount: expected a finite number, got NaN; +2 more listed in .issues (and 4 more)",
    );
    expect(error.code).toBe("invalid_amount");
    expect(error.issues).toHaveLength(5);
    expect(Object.isFrozen(error.issues)).toBe(true);
  });
  test("needs at least one issue", () => {
    expect(() => new AnalyticsInputError("f", [])).toThrow(TypeError);
  });
  test("the guard works across bundle copies by shape", () => {
    const copy = Object.assign(new Error("x"), { name: "AnalyticsInputError", issues: [] });
    expect(isAnalyticsInputError(new AnalyticsInputError("f", issues))).toBe(true);
    expect(isAnalyticsInputError(copy)).toBe(true);
    expect(isAnalyticsInputError(new Error("x"))).toBe(false);
    expect(isAnalyticsInputError(null)).toBe(false);
  });
  test("types", () => {
    expectTypeOf<InputIssue["path"]>().toEqualTypeOf<IssuePath>();
    expectTypeOf<InputIssue["row"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf(formatInputIssue).returns.toEqualTypeOf<string>();
  });
});

describe("inputIssue on nested paths", () => {
  test("the row is the last index and the field the name after it", () => {
    const issue = inputIssue("invalid_value", ["parts", 1, "customers", 5, "frequency"], "x", "c");
    expect([issue.row, issue.field, issue.customerId]).toEqual([5, "frequency", "c"]);
  });
  test("indexes inside options are not rows", () => {
    const issue = inputIssue("invalid_value", ["options", "external", "2024-01", "npsScores", 3], "x");
    expect(["row" in issue, "field" in issue]).toEqual([false, false]);
  });
});

describe("docs/errors.md", () => {
  test("lists every issue code, each with an example, and no code the library does not have", async () => {
    const { readFileSync } = await import("node:fs");
    const source = readFileSync(new URL("../src/errors.ts", import.meta.url), "utf8");
    const union = source.slice(source.indexOf("export type InputIssueCode ="), source.indexOf(";", source.indexOf("export type InputIssueCode =")));
    const codes = [...union.matchAll(/"([a-z_]+)"/g)].map((m) => m[1]);
    expect(codes.length).toBeGreaterThanOrEqual(23);
    const doc = readFileSync(new URL("../docs/errors.md", import.meta.url), "utf8");
    const rows = [...doc.matchAll(/^\| `([a-z_]+)` \| (.+?) \| `(.+)` \|$/gm)];
    expect(rows.map((r) => r[1]).sort()).toEqual([...codes].sort());
    for (const r of rows) expect(r[3].length, r[1]).toBeGreaterThan(10);
  });
});
