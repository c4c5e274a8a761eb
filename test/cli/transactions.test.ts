// Reading the mapped columns of the CSV: a header that names a mapped column twice is refused.
import { describe, expect, test } from "vitest";
import { internerSizes } from "../../src/cli/transactions.js";
import { cli, lines } from "./helpers.js";

describe("duplicated header names", () => {
  test("a mapped column named twice is a data error (1) naming the header, its line and the columns' positions", async () => {
    const text = "\ncustomerId,amount,date,amount\na,1,2024-01-02,100\nb,2,2024-01-03,200\n";
    const r = await cli(["summary", "-", "--as-of", "2024-12-31"], { stdin: text });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(lines(r.stderr)).toEqual([
      'stdin:2: the header names "amount" 2 times (columns 2 and 4): --amount (default amount) cannot tell which one to read; rename the columns so that each name is used once',
    ]);
    const flagged = await cli(["summary", "-", "--as-of", "2024-12-31", "--customer", "id", "--amount", "v"], { stdin: "id,date,v,id,id\na,2024-01-02,1,x,y\n" });
    expect(flagged.code).toBe(1);
    expect(flagged.stderr).toContain('the header names "id" 3 times (columns 1, 4 and 5): --customer cannot tell which one to read');
  });

  test("a duplicated name the mapping does not use is fine", async () => {
    const r = await cli(["summary", "-", "--as-of", "2024-12-31", "--format", "json"], { stdin: "customerId,note,date,amount,note\na,x,2024-01-02,5,y\n" });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)[0]).toMatchObject({ customerId: "a", monetary: 5 });
  });
});

describe("dates outside the plausible range", () => {
  const text = "customerId,date,amount\na,1899-12-31,10\nb,2024-01-01,5\nc,0001-01-01,1\n";

  test("are named in the command line's words (--date-range, not the library's option), a placeholder as such", async () => {
    const r = await cli(["summary", "-", "--as-of", "2024-12-31", "--on-invalid", "collect", "--silent"], { stdin: text });
    expect(r.code).toBe(0);
    expect(lines(r.stderr)).toEqual([
      'stdin:2: date: date 1899-12-31 is outside 1900-01-01..2199-12-31; --date-range FROM..TO allows other dates (customer "a")',
      'stdin:4: date: date 0001-01-01 is outside 1900-01-01..2199-12-31 (a placeholder such as 0001-01-01 or 9999-12-31?); --date-range FROM..TO allows other dates (customer "c")',
    ]);
  });

  test("--date-range FROM..TO accepts other dates; a bad range is a usage error (2)", async () => {
    const r = await cli(["summary", "-", "--as-of", "2024-12-31", "--date-range", "1800-01-01..", "--on-invalid", "skip", "--format", "json", "-q"], { stdin: text });
    expect(JSON.parse(r.stdout).map((c: { customerId: string }) => c.customerId)).toEqual(["a", "b"]);
    for (const [range, message] of [
      ["1800..", "--date-range must be FROM..TO with dates YYYY-MM-DD"],
      ["2024-02-30..", "--date-range: 2024-02-30 is not a real calendar date"],
      ["2024-02-03..2001-01-01", "--date-range: 2024-02-03 is after 2001-01-01"],
    ]) {
      const bad = await cli(["summary", "-", "--as-of", "2024-12-31", "--date-range", range], { stdin: text });
      expect(bad.code, range).toBe(2);
      expect(bad.stderr.startsWith(`crm-analytics: ${message}`), bad.stderr).toBe(true);
    }
  });
});

describe("a header read with the wrong delimiter", () => {
  test("names the delimiter the header uses: ; tab or |, and auto", async () => {
    for (const [sep, flag, name] of [
      [";", "--delimiter ';'", '";"'],
      ["\t", "--delimiter tab", "tabs"],
      ["|", "--delimiter '|'", '"|"'],
    ]) {
      const r = await cli(["summary", "-", "--as-of", "2024-12-31"], { stdin: `customerId${sep}date${sep}amount\na${sep}2024-01-02${sep}1\n` });
      expect(r.code, name).toBe(2);
      expect(r.stderr, name).toContain(`; the header is split by ${name}, not ",": use ${flag} (or --delimiter auto)\n`);
    }
    // a header of one real column: no hint
    const one = await cli(["summary", "-", "--as-of", "2024-12-31"], { stdin: "customerId\na\n" });
    expect(one.stderr).not.toContain("split by");
    const semicolon = await cli(["summary", "-", "--as-of", "2024-12-31", "--delimiter", ";"], { stdin: "customerId,date,amount\na,2024-01-02,1\n" });
    expect(semicolon.stderr).toContain('; the header is split by ",", not ";": use --delimiter \',\' (or --delimiter auto)');
  });
});

describe("internerSizes", () => {
  test("small inputs take the defaults; large ones a table per 64 bytes (orders) and 256 bytes (customers), up to 32M / 8M", () => {
    expect(internerSizes(0)).toEqual({ customers: 1 << 14, orders: 1 << 16 });
    expect(internerSizes(370_193_785)).toEqual({ customers: 1_446_069, orders: 5_784_277 });
    // the 50M-row file of bench/cliStream.ts (5M customers, 32.3M orders): no table grows past its start
    const big = internerSizes(1_850_971_900);
    expect(big).toEqual({ customers: 7_230_358, orders: 28_921_435 });
    expect(nextPow2(2 * big.orders)).toBeGreaterThan(2 * 32_300_000);
    expect(nextPow2(2 * big.customers)).toBeGreaterThan(2 * 5_000_000);
    expect(internerSizes(1e12)).toEqual({ customers: 1 << 23, orders: 1 << 25 });
  });
});

function nextPow2(x: number): number {
  let p = 64;
  while (p < x) p *= 2;
  return p;
}
