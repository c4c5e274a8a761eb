// Writing the records: CSV cells a spreadsheet would run as formulas are neutralised (OWASP), table
// output and stderr never send control characters from the data to the terminal.
import { describe, expect, test } from "vitest";
import { isFormulaLike, terminalSafe, toCsv, toTable } from "../../src/cli/output.js";
import { readCsv, tableRows } from "../../src/cli/csv.js";
import { cli, lines } from "./helpers.js";

describe("CSV formula injection", () => {
  test("text cells starting with = + - @ tab or a line break get a leading ', numbers and plain numeric text never", () => {
    const records = [
      { id: "=HYPERLINK(\"http://x\",\"y\")", v: -5 },
      { id: "+33 1 23", v: 1.5 },
      { id: "@SUM(A1)", v: -0.25 },
      { id: "\tx", v: 0 },
      { id: "\rcmd", v: 2 },
      { id: "-5", v: 3 },
      { id: "-1+2", v: 4 },
      { id: "plain", v: 5 },
    ];
    let prefixed = -1;
    const out = toCsv(records, undefined, { excelSafe: true, onPrefixed: (n) => (prefixed = n) });
    expect(out).toBe(`id,v\n"'=HYPERLINK(""http://x"",""y"")",-5\n'+33 1 23,1.5\n'@SUM(A1),-0.25\n'\tx,0\n"'\rcmd",2\n-5,3\n'-1+2,4\nplain,5\n`);
    expect(prefixed).toBe(6);
    // without the option, exact text (and the reader gives it back)
    const raw = toCsv(records);
    expect(tableRows(readCsv(raw)).map((r) => r[0])).toEqual(records.map((r) => r.id));
    expect(["-5", "+3.2e1", ".5", "12"].filter(isFormulaLike)).toEqual([]);
  });

  test("the command line prefixes by default (noted), --no-excel-safe writes the text as it is, json is exact", async () => {
    const text = 'customerId,date,amount\n"=1+1",2024-01-02,10\n-7,2024-01-03,-4\n-7,2024-01-04,9\n@x,2024-01-05,3\n';
    const r = await cli(["summary", "-", "--as-of", "2024-12-31"], { stdin: text });
    expect(r.code).toBe(0);
    expect(lines(r.stdout).map((l) => l.split(",").slice(0, 1)[0])).toEqual(["customerId", "'=1+1", "-7", "'@x"]);
    // a negative number stays a number
    expect(lines(r.stdout)[2]).toBe("-7,2024-01-04,2024-01-04,362,1,5,362,5");
    expect(r.stderr).toBe("crm-analytics: note: 2 text cells starting with = + - @ tab or a line break were prefixed with ' so that spreadsheets do not run them as formulas (--no-excel-safe writes them as they are)\n");
    const raw = await cli(["summary", "-", "--as-of", "2024-12-31", "--no-excel-safe"], { stdin: text });
    expect(lines(raw.stdout).map((l) => l.split(",")[0])).toEqual(["customerId", "=1+1", "-7", "@x"]);
    expect(raw.stderr).toBe("");
    const json = await cli(["summary", "-", "--as-of", "2024-12-31", "--format", "json"], { stdin: text });
    expect(JSON.parse(json.stdout).map((c: { customerId: string }) => c.customerId)).toEqual(["=1+1", "-7", "@x"]);
    const both = await cli(["summary", "-", "--as-of", "2024-12-31", "--excel-safe", "--no-excel-safe"], { stdin: text });
    expect([both.code, both.stderr]).toEqual([2, "crm-analytics: give --excel-safe or --no-excel-safe, not both\n"]);
    const notCsv = await cli(["summary", "-", "--as-of", "2024-12-31", "--format", "json", "--no-excel-safe"], { stdin: text });
    expect(notCsv.code).toBe(2);
    expect(notCsv.stderr).toMatch(/^crm-analytics: --no-excel-safe applies to --format csv only/);
  });
});

describe("control characters never reach the terminal", () => {
  test("terminalSafe escapes C0, DEL, C1, line separators and bidirectional controls", () => {
    expect(terminalSafe("a\x1b[31mb\x07\x7f\x9b\u2028\u202e\u2066z é 中")).toBe("a\\x1b[31mb\\x07\\x7f\\x9b\\u2028\\u202e\\u2066z é 中");
  });

  test("the table shows ids with escapes as visible text, and stays aligned", async () => {
    const text = 'customerId,date,amount\n"\x1b[2J\x1b[31mevil",2024-01-02,10\n"a\u202etxt.exe",2024-01-03,5\nplain,2024-01-04,1\n';
    const r = await cli(["summary", "-", "--as-of", "2024-12-31", "--format", "table"], { stdin: text });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e]/);
    const rows = lines(r.stdout);
    expect(rows[2].startsWith("\\x1b[2J\\x1b[31mevil ")).toBe(true);
    expect(rows[3].startsWith("a\\u202etxt.exe ")).toBe(true);
    // every line's second column starts at the same place
    const at = rows[0].indexOf("firstPurchase");
    for (const row of rows.slice(2)) expect(row.slice(at, at + 10)).toMatch(/^2024-01-0\d/);
    expect(toTable([{ "\x1bk": 1 }])).toBe("\\x1bk\n-----\n    1\n");
  });

  test("error lines quoting the data escape them too", async () => {
    const r = await cli(["summary", "-", "--as-of", "2024-12-31"], { stdin: 'customerId,date,amount\n"\x1b]0;pwned\x07\u009b",2024-01-02,x\n' });
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/);
    expect(r.stderr).toContain('(customer "\\u001b]0;pwned\\u0007\\x9b")');
  });
});
