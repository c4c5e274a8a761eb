import { describe, expect, test } from "vitest";
import { CsvError, readCsv, tableRows, type CsvTable } from "../../src/cli/csv.js";
import { parseDayBytes, parseNumberBytes } from "../../src/cli/fields.js";
import { daysFromCivil } from "../../src/input/dates.js";

const rows = (t: CsvTable) => tableRows(t);
const num = (s: string, decimalComma = false) => {
  const b = Buffer.from(s);
  return parseNumberBytes(b, 0, b.length, decimalComma);
};
const day = (s: string, f: "ymd" | "mdy" | "dmy") => {
  const b = Buffer.from(s);
  return parseDayBytes(b, 0, b.length, f);
};
const errorOf = (f: () => unknown): CsvError => {
  try {
    f();
  } catch (e) {
    if (e instanceof CsvError) return e;
    throw e;
  }
  throw new Error("expected a CsvError");
};

describe("readCsv", () => {
  test("reads the header and rows", () => {
    const t = readCsv("a,b,c\n1,2,3\n4,5,6\n");
    expect(t.header).toEqual(["a", "b", "c"]);
    expect(t.rows).toBe(2);
    expect(rows(t)).toEqual([
      ["1", "2", "3"],
      ["4", "5", "6"],
    ]);
    expect(Array.from(t.lines)).toEqual([2, 3]);
  });

  test("quoted fields hold delimiters, doubled quotes and line breaks; line numbers count them", () => {
    const t = readCsv('id,desc,n\n1,"a, b",2\n2,"say ""hi""",3\n3,"two\nlines",4\n4,x,5\n');
    expect(rows(t)).toEqual([
      ["1", "a, b", "2"],
      ["2", 'say "hi"', "3"],
      ["3", "two\nlines", "4"],
      ["4", "x", "5"],
    ]);
    expect(Array.from(t.lines)).toEqual([2, 3, 4, 6]);
  });

  test("a quoted empty field, quoted header names and an empty last field", () => {
    const t = readCsv('"a","b"\n"",1\n2,\n');
    expect(t.header).toEqual(["a", "b"]);
    expect(rows(t)).toEqual([
      ["", "1"],
      ["2", ""],
    ]);
  });

  test("UTF-8 byte order mark, CRLF and a last line without line break", () => {
    const t = readCsv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('id,name\r\n1,"Zoë\r\nMüller"\r\n2,李雷')]));
    expect(t.header).toEqual(["id", "name"]);
    expect(rows(t)).toEqual([
      ["1", "Zoë\r\nMüller"],
      ["2", "李雷"],
    ]);
    expect(Array.from(t.lines)).toEqual([2, 4]);
  });

  test("lone CR line endings", () => {
    expect(rows(readCsv("a,b\r1,2\r3,4"))).toEqual([
      ["1", "2"],
      ["3", "4"],
    ]);
  });

  test("semicolon, tab and pipe delimiters", () => {
    expect(rows(readCsv("a;b\n1,5;2\n", { delimiter: ";" }))).toEqual([["1,5", "2"]]);
    expect(rows(readCsv("a\tb\n1\t 2 \n", { delimiter: "\t" }))).toEqual([["1", " 2 "]]);
    expect(rows(readCsv("a|b\n1|2\n", { delimiter: "|" }))).toEqual([["1", "2"]]);
  });

  test("whitespace-separated columns (runs of blanks, leading blanks) as in CDNOW", () => {
    const t = readCsv(" customer_id  date number_of_cds  dollar_value\r\n 00001 19970101  1   11.77\r\n\r\n 00002 19970112  1   12.00\r\n", { delimiter: "whitespace" });
    expect(t.header).toEqual(["customer_id", "date", "number_of_cds", "dollar_value"]);
    expect(rows(t)).toEqual([
      ["00001", "19970101", "1", "11.77"],
      ["00002", "19970112", "1", "12.00"],
    ]);
    expect(Array.from(t.lines)).toEqual([2, 4]);
  });

  test("empty lines are skipped (also before the header)", () => {
    const t = readCsv("\n\na,b\n\n1,2\n\n");
    expect(t.header).toEqual(["a", "b"]);
    expect(rows(t)).toEqual([["1", "2"]]);
    expect(Array.from(t.lines)).toEqual([5]);
  });

  test("a quote inside an unquoted field is an ordinary character", () => {
    expect(rows(readCsv('a,b\n7" frame,2\n'))).toEqual([['7" frame', "2"]]);
  });

  test("only selected columns are kept", () => {
    const t = readCsv("a,b,c\n1,2,3\n", { select: (h) => [h.indexOf("c"), h.indexOf("a")] });
    expect(t.columns[1]).toBeUndefined();
    expect(rows(t)).toEqual([["1", "3"]]);
  });

  test("a ragged row is an error naming its line", () => {
    const e = errorOf(() => readCsv('a,b\n1,2\n3,"x\ny"\n4,5,6\n', { source: "data.csv" }));
    expect(e.message).toBe("data.csv:5: expected 2 fields as in the header, found 3");
    expect(e.line).toBe(5);
    expect(errorOf(() => readCsv("a,b\n1\n")).message).toBe("input:2: expected 2 fields as in the header, found 1");
  });

  test("an unterminated quote and text after a closing quote are errors naming the line", () => {
    expect(errorOf(() => readCsv('a,b\n1,2\n3,"open\n')).message).toBe("input:3: a quoted field is never closed (field 2)");
    expect(errorOf(() => readCsv('a,b\n1,"x"y\n')).message).toMatch(/^input:2: unexpected "y" after the closing quote of field 2/);
  });

  test("an empty input has no header", () => {
    expect(errorOf(() => readCsv("\n\n")).message).toBe("input:3: no header line (the input is empty)");
  });

  test("the delimiter must be one ASCII character", () => {
    expect(() => readCsv("a", { delimiter: ";;" })).toThrow(RangeError);
    expect(() => readCsv("a", { delimiter: '"' })).toThrow(RangeError);
  });
});

describe("parseNumberBytes", () => {
  test("plain decimal text, signs, exponents and blanks around", () => {
    expect(num("12.5")).toBe(12.5);
    expect(num("-3")).toBe(-3);
    expect(num("+0.42")).toBe(0.42);
    expect(num(" 7 ")).toBe(7);
    expect(num("1e3")).toBe(1000);
    expect(num(".5")).toBe(0.5);
    expect(num("1.")).toBe(1);
    expect(num("2.55")).toBe(2.55);
    expect(num("0.1")).toBe(0.1);
    expect(num("123456789012345678901234567890")).toBe(1.2345678901234568e29);
    expect(num("4.9e-324")).toBe(5e-324);
  });

  test("a decimal comma only with decimalComma", () => {
    expect(num("12,5")).toBeNaN();
    expect(num("12,5", true)).toBe(12.5);
    expect(num("12.5", true)).toBeNaN();
    expect(num("-0,125", true)).toBe(-0.125);
  });

  test("anything else is NaN", () => {
    for (const s of ["", " ", "-", ".", "1,000.5", "1 000", "NaN", "Infinity", "0x10", "1e", "1e+", "12a", "--1", "1.2.3"]) expect(num(s)).toBeNaN();
  });
});

describe("parseDayBytes", () => {
  test("mdy, dmy and ymd with optional wall-clock times", () => {
    const d = daysFromCivil(2010, 12, 1);
    expect(day("12/1/2010 8:26", "mdy")).toBe(d);
    expect(day("12/01/2010", "mdy")).toBe(d);
    expect(day("1.12.2010 08:26:00", "dmy")).toBe(d);
    expect(day("2010-12-1", "ymd")).toBe(d);
    expect(day("2010/12/01 23:59:59", "ymd")).toBe(d);
    expect(day("20101201", "ymd")).toBe(d);
    expect(day("2/29/2012", "mdy")).toBe(daysFromCivil(2012, 2, 29));
  });

  test("impossible dates and times give +Infinity, other shapes NaN", () => {
    expect(day("2/30/2011", "mdy")).toBe(Number.POSITIVE_INFINITY);
    expect(day("13/1/2010", "mdy")).toBe(Number.POSITIVE_INFINITY);
    expect(day("12/1/2010 24:00", "mdy")).toBe(Number.POSITIVE_INFINITY);
    expect(day("12/1/2010 8:60", "mdy")).toBe(Number.POSITIVE_INFINITY);
    expect(day("20110229", "ymd")).toBe(Number.POSITIVE_INFINITY);
    expect(day("12/1/10", "mdy")).toBeNaN();
    expect(day("12/1-2010", "mdy")).toBeNaN();
    expect(day("2010-12-01", "mdy")).toBeNaN();
    expect(day("12/1/2010 8:26 PM", "mdy")).toBeNaN();
    expect(day("12/1/20101", "mdy")).toBeNaN();
    expect(day("", "ymd")).toBeNaN();
  });
});
