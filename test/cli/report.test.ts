// What reading left out: one stderr line counting the rows every policy left out (even with --quiet;
// only --silent hides it), a warning when a policy leaves out more than 10% of the rows, and rows
// after --as-of an error under every --on-invalid.
import { describe, expect, test } from "vitest";
import { cli, lines } from "./helpers.js";

// 20 rows: 1 without a customer (5%), 3 refunds (15%)
const ROWS = Array.from({ length: 20 }, (_, i) => `${i === 4 ? "" : `c${i % 6}`},2024-0${1 + (i % 9)}-1${i % 10},${i % 7 === 3 ? -2 : 10 + i}`);
const TEXT = `customerId,date,amount\n${ROWS.join("\n")}\n`;
const RUN = ["summary", "-", "--as-of", "2024-12-31", "--on-invalid", "skip", "--refunds", "exclude"];

describe("the count of rows left out", () => {
  test("one line for every policy, with a warning for each that left out more than 10% of the rows", async () => {
    const r = await cli(RUN, { stdin: TEXT });
    expect(r.code).toBe(0);
    expect(lines(r.stderr)).toEqual([
      "crm-analytics: left out 4 of 20 rows: 1 with problems (missing_customer_id 1) by --on-invalid skip; 3 refunds by --refunds exclude",
      "crm-analytics: warning: --refunds exclude left out 15.0% of the rows (3 of 20)",
    ]);
  });

  test("--quiet keeps the count and the warnings (it hides notes and progress); --silent hides everything but errors", async () => {
    const quiet = await cli([...RUN, "-q"], { stdin: TEXT, stderrIsTTY: true });
    expect(lines(quiet.stderr)).toEqual([
      "crm-analytics: left out 4 of 20 rows: 1 with problems (missing_customer_id 1) by --on-invalid skip; 3 refunds by --refunds exclude",
      "crm-analytics: warning: --refunds exclude left out 15.0% of the rows (3 of 20)",
    ]);
    const silent = await cli([...RUN, "--silent"], { stdin: TEXT, stderrIsTTY: true });
    expect(silent.code).toBe(0);
    expect(silent.stderr).toBe("");
    expect(silent.stdout).toBe(quiet.stdout);
    const error = await cli(["summary", "-", "--as-of", "2024-12-31", "--silent"], { stdin: TEXT });
    expect(error.code).toBe(1);
    expect(error.stderr).toMatch(/^stdin:6: customerId: missing customer id/);
  });

  test("refund-only customers are on the same line; nothing is printed when nothing was left out", async () => {
    const r = await cli(["summary", "-", "--as-of", "2024-12-31", "-q"], { stdin: "customerId,date,amount\na,2024-01-02,10\nb,2024-01-03,-5\n" });
    expect(lines(r.stderr)).toEqual(["crm-analytics: 1 customer has only refunds (no purchase) and is not in the output"]);
    const clean = await cli(["summary", "-", "--as-of", "2024-12-31"], { stdin: "customerId,date,amount\na,2024-01-02,10\n" });
    expect(clean.stderr).toBe("");
  });
});

describe("rows dated after --as-of", () => {
  // a wrong --as-of: most rows are after it
  const text = `customerId,date,amount\n${Array.from({ length: 10 }, (_, i) => `c${i},2024-${String(i + 1).padStart(2, "0")}-15,5`).join("\n")}\n`;

  test("are an error under every --on-invalid, with how many there are and the latest date", async () => {
    const first = 'stdin:5: date: date 2024-04-15 is after --as-of 2024-03-31 (check --as-of and the day/month order of --date-format; --after-as-of ignore leaves such rows out) (customer "c3")';
    const thrown = await cli(["summary", "-", "--as-of", "2024-03-31", "-q"], { stdin: text });
    expect([thrown.code, thrown.stdout]).toEqual([1, ""]);
    expect(lines(thrown.stderr).slice(0, 4)).toEqual([`${first} (and 6 more problems, below)`, "  7 of 10 rows have problems:", "  date_after_as_of in 7 rows (70.0%), the latest 2024-10-15, the first 3:", `    ${first}`]);
    expect(lines(thrown.stderr).at(-1)).toMatch(/^ {2}more than half of the rows have problems: the options \(--as-of, --date-format/);
    for (const onInvalid of ["skip", "collect"]) {
      const r = await cli(["summary", "-", "--as-of", "2024-03-31", "--on-invalid", onInvalid, "-q"], { stdin: text });
      expect(r.code, onInvalid).toBe(1);
      expect(r.stdout).toBe("");
      expect(lines(r.stderr)).toEqual([
        'stdin:5: date: date 2024-04-15 is after --as-of 2024-03-31 (check --as-of and the day/month order of --date-format; --after-as-of ignore leaves such rows out) (customer "c3") (7 of 10 rows (70.0%) are dated after --as-of, the latest 2024-10-15)',
      ]);
    }
  });

  test("--after-as-of ignore leaves them out, counted and warned about even with --quiet", async () => {
    const r = await cli(["summary", "-", "--as-of", "2024-03-31", "--after-as-of", "ignore", "-q", "--format", "json"], { stdin: text });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toHaveLength(3);
    expect(lines(r.stderr)).toEqual([
      "crm-analytics: left out 7 of 10 rows: 7 dated after --as-of by --after-as-of ignore",
      "crm-analytics: warning: --after-as-of ignore left out 70.0% of the rows (7 of 10): check --as-of and the day/month order of --date-format",
    ]);
  });
});
