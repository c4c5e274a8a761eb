// Problems in the data, as the command line names them: `file:line: column: message (customer "x")`
// for rows, `file: step: field: message (customer "x")` for later steps, built from the issues' row,
// field and customer id (src/cli/issues.ts), never from their text.
import { describe, expect, test } from "vitest";
import { AnalyticsInputError, inputIssue } from "../../src/errors.js";
import { dateFormatAdvice } from "../../src/cli/advice.js";
import { DROP_MISSING_CUSTOMER_HINT, mergeKinds, problemReport, step, StepError, stepErrorLine, transactionIssueLine, type ProblemKind } from "../../src/cli/issues.js";
import type { DateFormat } from "../../src/csv/fields.js";
import { guessDateFormat } from "../../src/csv/guessDateFormat.js";
import { cli, lines, tempFiles } from "./helpers.js";
import { join } from "node:path";

describe("rows: the CSV line the row starts on, the column as the header names it, the row's customer", () => {
  // line 1 header; 2 empty; 3-4 one row (a quoted note over two lines); 5 empty; 6 the bad amount
  const text = 'customerId,date,amount,note\n\na,2024-01-02,10,"two\nlines"\n\nb,2024-01-03,x,plain\nc,2024-01-04,3,""\n';

  test("a bad amount after a quoted multi-line field and empty lines", async () => {
    const dir = tempFiles({ "orders.csv": text, "crlf.csv": text.replaceAll("\n", "\r\n") });
    for (const name of ["orders.csv", "crlf.csv"]) {
      const r = await cli(["summary", join(dir, name), "--as-of", "2024-12-31"]);
      expect([r.code, r.stdout]).toEqual([1, ""]);
      expect(r.stderr).toBe(`${join(dir, name)}:6: amount: expected a finite number, got "x" (customer "b")\n`);
    }
  });

  test("the library's checks (a refund under --refunds error) land on the same lines, in the quantity × price columns", async () => {
    const qp = 'id,day,qty,price,note\na,2024-01-02,1,10,"two\nlines"\n\nb,2024-01-03,-2,2,x\n';
    const r = await cli(["rfm", "-", "--customer", "id", "--date", "day", "--quantity", "qty", "--price", "price", "--as-of", "2024-12-31", "--refunds", "error"], { stdin: qp });
    expect([r.code, r.stdout]).toEqual([1, ""]);
    expect(r.stderr).toBe('stdin:5: qty×price: negative amount -4 (--refunds error; use --refunds net or exclude to accept refunds) (customer "b")\n');
  });

  test("--on-invalid collect lists every problem with its line and customer; a row without an id names none", async () => {
    const bad = 'customerId,date,amount,note\na,2024-01-02,10,"x\ny"\n,2024-01-03,5,z\nb,2024-02-30,7,z\nc,2024-03-01,3,z\n';
    const r = await cli(["summary", "-", "--as-of", "2024-12-31", "--on-invalid", "collect", "--format", "json"], { stdin: bad });
    expect(r.code).toBe(0);
    expect(lines(r.stderr)).toEqual([
      "stdin:4: customerId: missing customer id (an empty field)",
      'stdin:5: date: expected a real calendar date, got "2024-02-30" (customer "b")',
      "crm-analytics: left out 2 of 4 rows: 2 with problems (missing_customer_id 1, invalid_date 1) by --on-invalid collect",
      "crm-analytics: warning: --on-invalid collect left out 50.0% of the rows (2 of 4)",
    ]);
  });

  test("transactionIssueLine reads row, field and customer off the issue", () => {
    const mapping = { customer: "Kunde", date: "Datum", amount: "Betrag", order: "Beleg" };
    const origin = { source: "orders.csv", lines: Int32Array.from([2, 5, 9]), mapping };
    const after = inputIssue("date_after_as_of", ["columns", "date", 2], "the library's own words", "k7");
    expect(transactionIssueLine(after, origin)).toBe(`orders.csv:9: Datum: the library's own words (customer "k7")`);
    expect(transactionIssueLine(inputIssue("invalid_order_id", ["columns", "orderId", 0], "missing"), origin)).toBe("orders.csv:2: Beleg: missing");
    expect(transactionIssueLine(inputIssue("empty_input", ["input"], "no transactions (0 rows)"), origin)).toBe("orders.csv: no transactions (0 rows)");
  });

  test("the command line's words for a code are keyed on the code and the row's values, never on the library's text", () => {
    const columns = { date: Int32Array.from([19_000, 20_089]), amount: Float64Array.from([5, -2.5]) };
    const origin = { source: "o.csv", lines: Int32Array.from([2, 3]), mapping: { customer: "c", date: "d", amount: "a" }, columns, asOf: "2024-12-31" };
    // whatever the library writes (its hints name its options), the line names the flags
    const after = inputIssue("date_after_as_of", ["columns", "date", 1], 'anything (afterAsOf: "ignore")', "k");
    expect(transactionIssueLine(after, origin)).toBe('o.csv:3: d: date 2025-01-01 is after --as-of 2024-12-31 (check --as-of and the day/month order of --date-format; --after-as-of ignore leaves such rows out) (customer "k")');
    const refund = inputIssue("negative_amount", ["columns", "amount", 1], "anything");
    expect(transactionIssueLine(refund, origin)).toBe("o.csv:3: a: negative amount -2.5 (--refunds error; use --refunds net or exclude to accept refunds)");
    expect(transactionIssueLine(inputIssue("invalid_amount", ["columns", "amount", 0], 'its words (afterAsOf: "ignore")'), origin)).toBe('o.csv:2: a: its words (afterAsOf: "ignore")');
  });
});

describe("later steps: the input, the step and the customer instead of an internal path", () => {
  const records = [{ customerId: "c1" }, { customerId: "c2" }, { customerId: "c3" }];

  test("step() takes the customer from the issue, else from the record at the issue's row", () => {
    const issues = [inputIssue("invalid_value", ["records", 2, "T"], "expected a finite number > 0, got 0"), inputIssue("invalid_value", ["records", 0, "T"], "expected a finite number > 0, got 0", "own")];
    let caught: unknown;
    try {
      step("fitBgNbd", () => {
        throw new AnalyticsInputError("fitBgNbd", issues);
      }, records);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(StepError);
    const e = caught as StepError;
    expect([e.step, e.customerIds]).toEqual(["fitBgNbd", ["c3", "own"]]);
    expect(stepErrorLine(e, "orders.csv")).toBe('orders.csv: fitBgNbd: T: expected a finite number > 0, got 0 (customer "c3") (1 more)');
  });

  test("step() passes results and other errors through", () => {
    expect(step("x", () => 42, records)).toBe(42);
    expect(() =>
      step("x", () => {
        throw new RangeError("x: options.k must be an integer");
      }),
    ).toThrow(RangeError);
  });

  test("an issue about the whole input names the step only", () => {
    const e = new StepError("classifyAbc", [inputIssue("degenerate_data", ["records"], "computed ABC needs at least two distinct values")], [undefined]);
    expect(stepErrorLine(e, "stdin")).toBe("stdin: classifyAbc: computed ABC needs at least two distinct values");
  });
});

test("an id of only a no-break space is a missing customer id on its own line, as in the library", async () => {
  const r = await cli(["summary", "-", "--as-of", "2024-12-31"], { stdin: "customerId,date,amount\na,2024-01-02,10\n\u00a0,2024-01-03,5\n" });
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/^stdin:3: customerId: missing customer id/);
});

describe("every problem of a file in one report (--on-invalid throw)", () => {
  const kind = (code: string, count: number, lines: number[], hint?: string): ProblemKind => ({ code, count, examples: lines.map((l) => ({ line: l, text: `f:${l}: ${code}` })), ...(hint ? { hint } : {}) });

  test("the first problem first, then each kind in file order with its count, first rows and hint, then what to do", () => {
    const report = problemReport([kind("invalid_amount", 4, [9, 3, 12]), kind("missing_customer_id", 1, [5], "drop them")], { read: 20, withProblems: 5 });
    expect(report.split("\n")).toEqual([
      "f:3: invalid_amount (and 4 more problems, below)",
      "  5 of 20 rows have problems of 2 kinds:",
      "  invalid_amount in 4 rows (20.0%), the first 3:",
      "    f:3: invalid_amount",
      "    f:9: invalid_amount",
      "    f:12: invalid_amount",
      "  missing_customer_id in 1 row (5.0%):",
      "    f:5: missing_customer_id",
      "    drop them",
      "  --on-invalid skip leaves the rows with problems out (counted); collect also lists every problem",
    ]);
  });

  test("one problem is one line, as before (its hint, if any, indented below)", () => {
    expect(problemReport([kind("invalid_date", 1, [2])], { read: 5, withProblems: 1 })).toBe("f:2: invalid_date");
    expect(problemReport([kind("invalid_date", 1, [2], "try --date-format iso")], { read: 1, withProblems: 1 })).toBe("f:2: invalid_date\n  try --date-format iso");
  });

  test("when more than half of the rows have problems, leaving rows out is never suggested", () => {
    const report = problemReport([kind("invalid_date", 6, [2, 3, 4])], { read: 10, withProblems: 6 });
    expect(report).not.toContain("--on-invalid skip");
    expect(report.split("\n").at(-1)).toMatch(/^ {2}more than half of the rows have problems: the options \(--date-format/);
  });

  test("kinds of one code from the reader and the library are merged: counts added, the first rows in file order", () => {
    const merged = mergeKinds([kind("negative_amount", 2, [8, 30]), kind("invalid_date", 1, [4]), kind("negative_amount", 3, [2, 40, 41])]);
    expect(merged.map((k) => [k.code, k.count, k.examples.map((e) => e.line)])).toEqual([
      ["negative_amount", 5, [2, 8, 30]],
      ["invalid_date", 1, [4]],
    ]);
  });

  test("the --date-format advice: the format that reads the dates, both when mdy and dmy do, none for impossible dates", () => {
    const advice = (samples: string[], asked: DateFormat) => dateFormatAdvice(guessDateFormat(samples, asked));
    expect(advice(["2010-12-01 08:26:00", "2011-01-05 10:00:00"], "mdy")).toBe("dates look like iso (2010-12-01 08:26:00): try --date-format iso (the default)");
    expect(advice(["12/1/2010 8:26", "12/13/2010 9:00"], "iso")).toBe("dates look like mdy (12/13/2010 9:00): try --date-format mdy");
    expect(advice(["13/1/2010", "25/12/2010"], "mdy")).toBe("dates look like dmy (13/1/2010): try --date-format dmy");
    expect(advice(["2010/12/01"], "dmy")).toBe("dates look like ymd (2010/12/01): try --date-format ymd");
    expect(advice(["1/2/2010", "3/4/2010"], "iso")).toBe(
      "dates look like mdy or dmy (1/2/2010): both read them; a first number above 12 (13/1/2010) means dmy, a second above 12 (1/13/2010) means mdy: try --date-format dmy or --date-format mdy",
    );
    expect(advice(["1.2.2010"], "iso")).toContain("; dates with dots (1.2.2010) are usually dmy: try --date-format dmy or --date-format mdy");
    expect(advice(["Dec 1, 2010", "Jan 5, 2011"], "iso")).toBe(
      "no --date-format reads dates like Dec 1, 2010 (iso: 2010-12-01, ymd: 2010/12/1, mdy: 12/1/2010, dmy: 1/12/2010, each optionally with a time): convert them to YYYY-MM-DD",
    );
    // the asked format's shape, days that do not exist: bad values, not a wrong format
    expect(advice(["2/30/2011", "2/31/2011"], "mdy")).toBeUndefined();
    expect(advice([], "iso")).toBeUndefined();
  });

  test("a file with bad dates, amounts, ids, a refund under --refunds error and rows after --as-of: one run names them all", async () => {
    const text = [
      "customerId,date,amount",
      "a,2024-01-02,10", // 2
      "b,2024-13-01,5", // 3 invalid_date
      ",2024-01-03,5", // 4 missing_customer_id
      "c,2024-01-04,x", // 5 invalid_amount
      "d,2025-02-01,5", // 6 date_after_as_of
      "e,2024-01-05,-3", // 7 negative_amount (the library's check, on the rows the reader kept)
      ...Array.from({ length: 8 }, (_, i) => `g${i},2024-02-0${i + 1},${i + 1}`),
    ].join("\n");
    const r = await cli(["summary", "-", "--as-of", "2024-12-31", "--refunds", "error"], { stdin: `${text}\n` });
    expect([r.code, r.stdout]).toEqual([1, ""]);
    expect(lines(r.stderr)).toEqual([
      'stdin:3: date: expected a real calendar date, got "2024-13-01" (customer "b") (and 4 more problems, below)',
      "  5 of 14 rows have problems of 5 kinds:",
      "  invalid_date in 1 row (7.1%):",
      '    stdin:3: date: expected a real calendar date, got "2024-13-01" (customer "b")',
      "  missing_customer_id in 1 row (7.1%):",
      "    stdin:4: customerId: missing customer id (an empty field)",
      `    ${DROP_MISSING_CUSTOMER_HINT}`,
      "  invalid_amount in 1 row (7.1%):",
      '    stdin:5: amount: expected a finite number, got "x" (customer "c")',
      "  date_after_as_of in 1 row (7.1%), the latest 2025-02-01:",
      '    stdin:6: date: date 2025-02-01 is after --as-of 2024-12-31 (check --as-of and the day/month order of --date-format; --after-as-of ignore leaves such rows out) (customer "d")',
      "  negative_amount in 1 row (7.1%):",
      '    stdin:7: amount: negative amount -3 (--refunds error; use --refunds net or exclude to accept refunds) (customer "e")',
      "  --on-invalid skip leaves the rows with the other problems out (counted); collect also lists every problem",
    ]);
    // without the reader's problems, the library's alone are gathered the same way
    const libraryOnly = await cli(["summary", "-", "--as-of", "2024-12-31", "--refunds", "error"], { stdin: "customerId,date,amount\na,2024-01-02,-1\nb,2024-01-03,5\nc,2024-01-04,-2\nd,2025-01-04,2\n" });
    expect(lines(libraryOnly.stderr).slice(0, 2)).toEqual([
      "stdin:2: amount: negative amount -1 (--refunds error; use --refunds net or exclude to accept refunds) (customer \"a\") (and 2 more problems, below)",
      "  3 of 4 rows have problems of 2 kinds:",
    ]);
    expect(libraryOnly.stderr).toContain("  negative_amount in 2 rows (50.0%):\n");
    expect(libraryOnly.stderr).toContain("  date_after_as_of in 1 row (25.0%), the latest 2025-01-04:\n");
  });

  test("--drop-missing-customer leaves out only rows without a customer id (counted); anything else still stops the run", async () => {
    const text = "customerId,date,amount\na,2024-01-02,10\n,2024-01-03,5\n  ,2024-01-04,7\nb,2024-01-05,3\n";
    const ok = await cli(["summary", "-", "--as-of", "2024-12-31", "--drop-missing-customer", "--format", "json"], { stdin: text });
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).map((c: { customerId: string }) => c.customerId)).toEqual(["a", "b"]);
    expect(lines(ok.stderr)).toEqual([
      "crm-analytics: left out 2 of 4 rows: 2 without a customer id by --drop-missing-customer",
      "crm-analytics: warning: --drop-missing-customer left out 50.0% of the rows (2 of 4)",
    ]);
    const bad = await cli(["summary", "-", "--as-of", "2024-12-31", "--drop-missing-customer"], { stdin: `${text}c,2024-01-06,x\n` });
    expect([bad.code, bad.stderr]).toEqual([1, 'stdin:6: amount: expected a finite number, got "x" (customer "c")\n']);
    const all = await cli(["summary", "-", "--as-of", "2024-12-31", "--drop-missing-customer"], { stdin: "customerId,date,amount\n,2024-01-03,5\n" });
    expect([all.code, all.stderr]).toEqual([1, "stdin: no transactions: the 1 row was left out (1 by --drop-missing-customer)\n"]);
  });
});

test("bytes that are not UTF-8 are one kind among the others: the rows are still read, under throw", async () => {
  const bytes = Buffer.from("customerId,date,amount\nM\xfcller,2024-01-02,10\nb,2024-13-03,5\nc,2024-01-04,zz\nM\xe4ller,2024-01-05,3\nd,2024-01-06,1\ne,2024-01-07,1\ng,2024-01-08,1\n", "latin1");
  const r = await cli(["summary", "-", "--as-of", "2024-12-31"], { stdin: bytes });
  expect([r.code, r.stdout]).toEqual([1, ""]);
  const out = lines(r.stderr);
  expect(out[0]).toMatch(/^stdin:2:2: invalid UTF-8 \(byte 0xFC .*\(and 3 more problems, below\)$/);
  expect(out.filter((l) => /^ {2}\S/.test(l))).toEqual([
    "  4 of 7 rows have problems of 3 kinds:",
    "  invalid_encoding in 2 lines:",
    "  invalid_date in 1 row (14.3%):",
    "  invalid_amount in 1 row (14.3%):",
    "  more than half of the rows have problems: the options (--encoding, --date-format, --decimal-comma, --thousands, --delimiter, the column flags) probably do not fit the file; fix them rather than leave rows out",
  ]);
  expect(out).toContain("    stdin:5:2: invalid UTF-8 (byte 0xE4 near \"M\\xE4ller,2024-01-05\"); if the file is not UTF-8, give its encoding: --encoding latin1 or --encoding windows-1252");
});
