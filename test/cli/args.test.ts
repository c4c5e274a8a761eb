// The shared options of the command line: values the CSV reader cannot use are usage errors (2), never
// an internal error with a stack trace.
import { describe, expect, test } from "vitest";
import { FILE, MAP } from "./fixture.js";
import { INPUT_OPTIONS } from "../../src/cli/help.js";
import { didYouMean, editDistance } from "../../src/cli/args.js";
import { isCalendarDate } from "../../src/cli/command.js";
import { cli, lines } from "./helpers.js";

describe("--delimiter", () => {
  test("a value the CSV reader cannot use is a usage error (2) saying why", async () => {
    const cases: [string, RegExp][] = [
      ["\n", /line breaks end rows/],
      ["\r", /line breaks end rows/],
      ["\r\n", /more than one character/],
      ['"', /the quote starts quoted fields/],
      ["", /it is empty/],
      [";;", /more than one character/],
      ["é", /not ASCII/],
      ["\u0000", /control character/],
      ["\u007f", /control character/],
    ];
    for (const [value, why] of cases) {
      const r = await cli(["summary", FILE, ...MAP, "--delimiter", value]);
      expect(r.code, JSON.stringify(value)).toBe(2);
      expect(r.stdout).toBe("");
      expect(lines(r.stderr)).toHaveLength(1);
      expect(r.stderr).toMatch(/^crm-analytics: --delimiter must be one printable ASCII character/);
      expect(r.stderr).toMatch(why);
      expect(r.stderr).not.toContain("internal error");
    }
  });

  test("the words tab and whitespace, and printable characters, are accepted", async () => {
    for (const value of ["tab", "\\t", "whitespace", "space", ";", "|", ","]) {
      const r = await cli(["summary", "-", "--as-of", "2024-12-31", "--delimiter", value], { stdin: "customerId\n" });
      // a header without the other columns: the option itself was accepted (the error is the mapping's)
      expect(r.stderr, value).toMatch(/--date: column "date" is not in the header/);
    }
  });
});

describe("reading options shared with readTransactionsCsv", () => {
  test("--delimiter auto guesses ; tab | or , from the header line", async () => {
    for (const d of [";", "\t", "|", ","]) {
      const csv = ["customerId", "date", "amount"].join(d) + "\n" + ["c1", "2024-01-05", "10"].join(d) + "\n";
      const r = await cli(["summary", "-", "--as-of", "2024-12-31", "--delimiter", "auto", "--format", "json"], { stdin: csv });
      expect(r.code, JSON.stringify(d)).toBe(0);
      expect(JSON.parse(r.stdout)[0]).toMatchObject({ customerId: "c1", monetary: 10 });
    }
  });

  // The flag is declared in src/cli/help.ts (INPUT_OPTIONS) and passed to the reader by src/cli/run.ts.
  test.skipIf(!("thousands" in INPUT_OPTIONS))("--thousands reads 1.099,00 and 1,099.00; a bad value or the decimal mark is a usage error", async () => {
    const eu = await cli(["summary", "-", "--as-of", "2024-12-31", "--delimiter", ";", "--decimal-comma", "--thousands", ".", "--format", "json"], { stdin: 'customerId;date;amount\nc1;2024-01-05;"1.099,00"\n' });
    expect(eu.stderr).toBe("");
    expect(JSON.parse(eu.stdout)[0]).toMatchObject({ monetary: 1099 });
    const us = await cli(["summary", "-", "--as-of", "2024-12-31", "--thousands", ",", "--format", "json"], { stdin: 'customerId,date,amount\nc1,2024-01-05,"1,099.50"\n' });
    expect(JSON.parse(us.stdout)[0]).toMatchObject({ monetary: 1099.5 });
    const mark = await cli(["summary", "-", "--as-of", "2024-12-31", "--thousands", "."], { stdin: "customerId\n" });
    expect(mark.code).toBe(2);
    expect(mark.stderr).toMatch(/--thousands \. is the decimal mark/);
    const bad = await cli(["summary", "-", "--as-of", "2024-12-31", "--thousands", "x"], { stdin: "customerId\n" });
    expect(bad.stderr).toMatch(/--thousands must be one of/);
  });

  test("without --thousands a grouped number is refused with a hint naming the flag", async () => {
    const r = await cli(["summary", "-", "--as-of", "2024-12-31"], { stdin: 'customerId,date,amount\nc1,2024-01-05,"1,099.00"\n' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('expected a finite number, got "1,099.00" (thousands separators? use --thousands ,)');
  });
});

describe("did you mean", () => {
  test("editDistance counts insertions, deletions, substitutions and adjacent swaps", () => {
    expect(editDistance("as_of", "as-of")).toBe(1);
    expect(editDistance("labes", "labels")).toBe(1);
    expect(editDistance("segmnets", "segments")).toBe(1);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("Labels", "labels")).toBe(0);
  });

  test("an unknown option names the nearest one of the command", async () => {
    const cases: [string[], string][] = [
      [["--as_of", "2024-12-31"], "Unknown option '--as_of'; did you mean --as-of?"],
      [["--as-of", "2024-12-31", "--labes", "zh"], "Unknown option '--labes'; did you mean --labels?"],
      [["--asOf=2024-12-31"], "Unknown option '--asOf'; did you mean --as-of?"],
      [["--as-of", "2024-12-31", "--sumary"], "Unknown option '--sumary'; did you mean --summary?"],
      [["-as-of", "2024-12-31"], "Unknown option '-a'; did you mean --as-of?"],
    ];
    for (const [args, message] of cases) {
      const r = await cli(["segments", FILE, ...args]);
      expect([r.code, r.stdout, r.stderr], args.join(" ")).toEqual([2, "", `crm-analytics: ${message} (see crm-analytics segments --help)\n`]);
    }
    // nothing near: no guess; an option of other commands: which ones
    const far = await cli(["segments", FILE, ...MAP, "--xyzzy"]);
    expect(far.stderr).toBe("crm-analytics: Unknown option '--xyzzy' (see crm-analytics segments --help)\n");
    const other = await cli(["abc", FILE, ...MAP, "--labels", "zh"]);
    expect(other.stderr).toMatch(/^crm-analytics: Unknown option '--labels'; --labels is an option of segments, .*pyramid.* \(see crm-analytics abc --help\)\n$/);
  });

  test("an unknown command names the nearest command", async () => {
    const r = await cli(["segmnts", FILE, ...MAP]);
    expect([r.code, r.stdout]).toEqual([2, ""]);
    expect(r.stderr).toMatch(/^crm-analytics: unknown command "segmnts"; did you mean "segments"\? \(commands: summary, rfm, segments, /);
    expect((await cli(["help", "clusterz"])).stderr).toMatch(/^crm-analytics: unknown command "clusterz"; did you mean "clusters"\?/);
    expect((await cli(["frobnicate"])).stderr).toMatch(/^crm-analytics: unknown command "frobnicate" \(commands:/);
    expect(didYouMean("RFM", ["summary", "rfm"])).toBe('; did you mean "rfm"?');
  });
});

test("isCalendarDate: YYYY-MM-DD dates that exist, leap years by the Gregorian rule", () => {
  for (const d of ["2024-02-29", "2000-02-29", "0001-01-01", "9999-12-31", "2023-12-31"]) expect(isCalendarDate(d)).toBe(true);
  for (const d of ["2023-02-29", "1900-02-29", "2024-13-01", "2024-00-10", "2024-04-31", "2024-01-00", "2024-1-01", "20240101", " 2024-01-01", "2024-01-01T00:00"]) expect(isCalendarDate(d)).toBe(false);
});
