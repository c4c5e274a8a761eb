// Problems in the data, as the command line names them: `file:line: column: message (customer "x")`
// for rows, `file: step: field: message (customer "x")` for later steps, built from the issues' row,
// field and customer id (src/cli/issues.ts), never from their text.
import { describe, expect, test } from "vitest";
import { AnalyticsInputError, inputIssue } from "../../src/errors.js";
import { step, StepError, stepErrorLine, transactionIssueLine } from "../../src/cli/issues.js";
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
