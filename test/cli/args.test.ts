// The shared options of the command line: values the CSV reader cannot use are usage errors (2), never
// an internal error with a stack trace.
import { describe, expect, test } from "vitest";
import { FILE, MAP } from "./fixture.js";
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
