import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { fc, test as fcTest } from "@fast-check/vitest";
import { describe, expect, test } from "vitest";
import { readTransactionsCsv, type CsvIssue, type TransactionsCsv } from "../../src/csv/index.js";
import { AnalyticsInputError, isAnalyticsInputError } from "../../src/errors.js";
import { isoDateFromDays } from "../../src/input/dates.js";
import { summarizeTransactions } from "../../src/summary/index.js";

const CSV = "customerId,date,amount\nc1,2024-01-05,10.5\nc2,2024-02-01,20\nc1,2024-03-01,4.5\n";

async function errorOf(p: Promise<unknown>): Promise<AnalyticsInputError> {
  try {
    await p;
  } catch (error) {
    if (error instanceof AnalyticsInputError) return error;
    throw error;
  }
  throw new Error("expected an AnalyticsInputError");
}

function temp(name: string, content: string | Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), "crm-csv-"));
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const ids = (r: TransactionsCsv) => Array.from(r.columns.customerId.codes, (c) => r.columns.customerId.dictionary[c]);
const days = (r: TransactionsCsv) => Array.from(r.columns.date, isoDateFromDays);

describe("inputs", () => {
  test("a file path, a file: URL, { text }, bytes, an ArrayBuffer, a ReadableStream and an async iterable read the same", async () => {
    const path = temp("orders.csv", CSV);
    const bytes = new TextEncoder().encode(CSV);
    const inputs = [
      path,
      pathToFileURL(path),
      { text: CSV },
      bytes,
      bytes.buffer,
      new Blob([bytes]).stream(),
      (async function* () {
        // chunks cut anywhere, even inside a field
        for (let i = 0; i < bytes.length; i += 7) yield bytes.subarray(i, i + 7);
      })(),
    ];
    for (const input of inputs) {
      const r = await readTransactionsCsv(input);
      expect(ids(r)).toEqual(["c1", "c2", "c1"]);
      expect(days(r)).toEqual(["2024-01-05", "2024-02-01", "2024-03-01"]);
      expect(Array.from(r.columns.amount)).toEqual([10.5, 20, 4.5]);
      expect(Array.from(r.lines)).toEqual([2, 3, 4]);
      expect(r.meta).toMatchObject({ rowsRead: 3, rowsUsed: 3, invalidRows: 0, header: ["customerId", "date", "amount"], delimiter: ",", encoding: "utf8", gzip: false });
    }
    expect((await readTransactionsCsv(path)).meta.source).toBe(path);
  });

  test("gzip is recognised by its magic bytes, from a .gz path, bytes without a name, and a stream", async () => {
    const gz = gzipSync(CSV);
    const path = temp("orders.csv.gz", gz);
    for (const input of [path, new Uint8Array(gz), new Blob([new Uint8Array(gz)]).stream()]) {
      const r = await readTransactionsCsv(input);
      expect(r.meta.gzip).toBe(true);
      expect(Array.from(r.columns.amount)).toEqual([10.5, 20, 4.5]);
    }
    // gzip under a .csv name is still gzip
    expect((await readTransactionsCsv(temp("orders.csv", gz))).meta.gzip).toBe(true);
  });

  test("a truncated gzip file is invalid_encoding naming the input", async () => {
    const gz = gzipSync(CSV);
    const e = await errorOf(readTransactionsCsv(new Uint8Array(gz.subarray(0, gz.length - 10)), { name: "orders.csv.gz" }));
    expect(e.code).toBe("invalid_encoding");
    expect(e.message).toMatch(/^readTransactionsCsv: line\[1\]: cannot decompress the gzip data/);
  });

  test("a missing file is the file system's error; a wrong input type is a TypeError", async () => {
    await expect(readTransactionsCsv(join(tmpdir(), "no-such-dir-crm", "x.csv"))).rejects.toMatchObject({ code: "ENOENT" });
    await expect(readTransactionsCsv(42 as never)).rejects.toThrow(/^readTransactionsCsv: input must be/);
  });
});

describe("encodings and BOM", () => {
  test("latin1 and windows-1252 bytes are decoded; UTF-8 (the default) refuses them naming line and column", async () => {
    // "Müller;€" in Windows-1252: FC for ü, 80 for €
    const bytes = new Uint8Array([...new TextEncoder().encode("customerId,date,amount\nM"), 0xfc, ...new TextEncoder().encode("ller,2024-01-05,3\n")]);
    const r = await readTransactionsCsv(bytes, { encoding: "latin1" });
    expect(r.columns.customerId.dictionary).toEqual(["Müller"]);
    const w = await readTransactionsCsv(new Uint8Array([...bytes.subarray(0, 24), 0x80, ...bytes.subarray(25)]), { encoding: "windows-1252" });
    expect(w.columns.customerId.dictionary).toEqual(["M€ller"]);
    const e = await errorOf(readTransactionsCsv(bytes, { name: "export.csv" }));
    expect(e.code).toBe("invalid_encoding");
    const issue = e.issues[0] as CsvIssue;
    expect(issue).toMatchObject({ line: 2, column: 2, path: ["line", 2] });
    expect(issue.message).toContain('give its encoding: encoding: "latin1" or encoding: "windows-1252"');
    // every line with such bytes is counted, the first three listed
    const many = new Uint8Array([...new TextEncoder().encode("customerId,date,amount\n"), ...Array.from({ length: 5 }, () => [...bytes.subarray(23)]).flat()]);
    const all = await errorOf(readTransactionsCsv(many, { name: "export.csv" }));
    expect(all.issues.map((i) => (i as CsvIssue).line)).toEqual([2, 3, 4]);
    expect(all.message).toMatch(/\(and 2 more\)$/);
  });

  test("a UTF-8 byte order mark is skipped and overrides encoding (with a note); UTF-16 is refused", async () => {
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode("customerId,date,amount\nZoë,2024-01-05,3\n")]);
    const r = await readTransactionsCsv(withBom, { encoding: "latin1" });
    expect(r.meta.header[0]).toBe("customerId");
    expect(r.columns.customerId.dictionary).toEqual(["Zoë"]);
    expect(r.meta.encoding).toBe("utf8");
    expect(r.meta.notes[0]).toContain('read as UTF-8, not encoding: "latin1"');
    const utf16 = new Uint8Array([0xff, 0xfe, 0x63, 0x00]);
    expect((await errorOf(readTransactionsCsv(utf16))).message).toContain("the input is UTF-16");
  });
});

describe("delimiters, dates, numbers", () => {
  test("the delimiter is sniffed from the header (; tab |), or given", async () => {
    for (const d of [";", "\t", "|"]) {
      const r = await readTransactionsCsv({ text: CSV.replaceAll(",", d) });
      expect(r.meta.delimiter).toBe(d);
      expect(Array.from(r.columns.amount)).toEqual([10.5, 20, 4.5]);
    }
    // a comma inside a quoted header name does not count
    const quoted = await readTransactionsCsv({ text: '"customer, id";date;amount\nc1;2024-01-05;3\n' }, { columns: { customerId: "customer, id" } });
    expect(quoted.meta.delimiter).toBe(";");
    const given = await readTransactionsCsv({ text: "customerId date   amount\nc1  2024-01-05 3\n" }, { delimiter: "whitespace" });
    expect(Array.from(given.columns.amount)).toEqual([3]);
  });

  test("dmy and mdy read the same day; a time after the date is allowed; iso keeps the wall-clock date", async () => {
    const dmy = await readTransactionsCsv({ text: "customerId,date,amount\nc1,05/03/2024 08:26,1\nc1,5.3.2024,1\n" }, { dateFormat: "dmy" });
    const mdy = await readTransactionsCsv({ text: "customerId,date,amount\nc1,3/5/2024 8:26,1\n" }, { dateFormat: "mdy" });
    expect(days(dmy)).toEqual(["2024-03-05", "2024-03-05"]);
    expect(days(mdy)).toEqual(["2024-03-05"]);
    const iso = await readTransactionsCsv({ text: "customerId,date,amount\nc1,2024-01-01T23:30:00Z,1\n" }, { timeZone: "Asia/Tokyo" });
    expect(days(iso)).toEqual(["2024-01-02"]);
  });

  test("a date in another format is invalid_date naming line and column, with the expected format", async () => {
    const e = await errorOf(readTransactionsCsv({ text: "customerId,date,amount\nc1,1/5/2024,1\nc2,13/25/2024,2\n" }, { dateFormat: "mdy" }));
    expect(e.issues[0]).toMatchObject({ code: "invalid_date", line: 3, row: 1, field: "date", path: ["line", 3, "date"], customerId: "c2" });
    expect(e.message).toBe('readTransactionsCsv: line[3].date: expected a real calendar date, got "13/25/2024" (customer "c2")');
  });

  test("decimal comma, and thousands separators in both conventions", async () => {
    const eu = await readTransactionsCsv({ text: 'customerId;date;amount\nc1;2024-01-05;"1.099,00"\nc2;2024-01-05;-12,5\nc3;2024-01-05;1.234.567,89\n' }, { decimalComma: true, thousands: "." });
    expect(Array.from(eu.columns.amount)).toEqual([1099, -12.5, 1234567.89]);
    const us = await readTransactionsCsv({ text: 'customerId,date,amount\nc1,2024-01-05,"1,099.00"\nc2,2024-01-05,999.5\n' }, { thousands: "," });
    expect(Array.from(us.columns.amount)).toEqual([1099, 999.5]);
    const ch = await readTransactionsCsv({ text: "customerId,date,amount\nc1,2024-01-05,1'099.50\n" }, { thousands: "'" });
    expect(Array.from(ch.columns.amount)).toEqual([1099.5]);
    const fr = await readTransactionsCsv({ text: "customerId;date;amount\nc1;2024-01-05;1\u00a0099,50\nc2;2024-01-05;1 099,50\n" }, { decimalComma: true, thousands: " " });
    expect(Array.from(fr.columns.amount)).toEqual([1099.5, 1099.5]);
  });

  test("misplaced separators are invalid_amount; without the option a hint names it", async () => {
    const bad = await readTransactionsCsv({ text: 'customerId,date,amount\nc1,2024-01-05,"1,09.00"\nc2,2024-01-05,"1234,567.0"\nc3,2024-01-05,"1,0990"\n' }, { thousands: ",", onInvalid: "collect" });
    expect(bad.meta.invalidByCode).toEqual({ invalid_amount: 3 });
    expect(bad.meta.issues.map((i) => i.line)).toEqual([2, 3, 4]);
    const hinted = await errorOf(readTransactionsCsv({ text: 'customerId,date,amount\nc1,2024-01-05,"1,099.00"\n' }));
    expect(hinted.issues[0].message).toBe('expected a finite number, got "1,099.00" (thousands separators? use thousands: ",")');
    const comma = await errorOf(readTransactionsCsv({ text: 'customerId;date;amount\nc1;2024-01-05;12,5\n' }));
    expect(comma.issues[0].message).toContain("(a decimal comma? use decimalComma: true)");
    await expect(readTransactionsCsv({ text: CSV }, { thousands: "." })).rejects.toThrow(/^readTransactionsCsv: options.thousands "." is the decimal mark/);
  });
});

describe("columns and quoting", () => {
  test("columns are mapped by header name; quantity × price; orderId by default when the header has it", async () => {
    const text = 'InvoiceNo,Description,Quantity,InvoiceDate,UnitPrice,CustomerID\n536365,"WHITE HANGING HEART T-LIGHT HOLDER",6,2010-12-01 08:26:00,2.55,17850.0\n536365,"SET 7 BABUSHKA NESTING BOXES",2,2010-12-01 08:26:00,7.65,17850.0\n';
    const r = await readTransactionsCsv({ text }, { columns: { customerId: "CustomerID", date: "InvoiceDate", quantity: "Quantity", price: "UnitPrice", orderId: "InvoiceNo" } });
    expect(Array.from(r.columns.amount)).toEqual([6 * 2.55, 2 * 7.65]);
    expect(r.columns.orderId?.dictionary).toEqual(["536365"]);
    expect(r.meta.columns).toEqual({ customerId: "CustomerID", date: "InvoiceDate", quantity: "Quantity", price: "UnitPrice", orderId: "InvoiceNo" });
    const withOrder = await readTransactionsCsv({ text: "customerId,date,amount,orderId\nc1,2024-01-05,1,o1\n" });
    expect(withOrder.columns.orderId?.dictionary).toEqual(["o1"]);
  });

  test("quoted fields with delimiters, doubled quotes and line breaks (as Online Retail's descriptions); rows keep their first line", async () => {
    const text = 'customerId,note,date,amount\n"c,1","AIRLINE LOUNGE,METAL SIGN",2024-01-05,1\n"c""2","two\nlines\r\nhere",2024-01-06,2\nc3,"RECORD FRAME 7"" SINGLE SIZE ",2024-01-07,3\n';
    const r = await readTransactionsCsv({ text });
    expect(ids(r)).toEqual(["c,1", 'c"2', "c3"]);
    expect(Array.from(r.lines)).toEqual([2, 3, 6]);
  });

  test("a column the header lacks, or names twice, is an error at the header line", async () => {
    const missing = await errorOf(readTransactionsCsv({ text: "CustomerID,date,amount\nc1,2024-01-05,1\n" }));
    expect(missing.issues[0]).toMatchObject({ code: "missing_field", path: ["fields", "customerId"], line: 1 });
    expect(missing.issues[0].message).toBe('column "customerId" is not in the header (columns: CustomerID, date, amount); name it with options.columns.customerId');
    const doubled = await errorOf(readTransactionsCsv({ text: "customerId,date,amount,amount\nc1,2024-01-05,1,2\n" }));
    expect(doubled.issues[0]).toMatchObject({ code: "duplicate_header", line: 1 });
    await expect(readTransactionsCsv({ text: CSV }, { columns: { quantity: "q" } })).rejects.toThrow(/quantity and price go together/);
    await expect(readTransactionsCsv({ text: CSV }, { colums: {} } as never)).rejects.toThrow(/unknown option "colums"/);
  });
});

describe("problems name their line", () => {
  test("a ragged row and an unclosed quote stop the read with the line, whatever onInvalid says", async () => {
    for (const onInvalid of ["throw", "skip", "collect"] as const) {
      const ragged = await errorOf(readTransactionsCsv({ text: "customerId,date,amount\nc1,2024-01-05,1\nc2,2024-01-05,1,9\n" }, { onInvalid }));
      expect(ragged.issues[0]).toMatchObject({ code: "invalid_row", line: 3, path: ["line", 3] });
      expect(ragged.message).toBe("readTransactionsCsv: line[3]: expected 3 fields as in the header, found 4");
    }
    const open = await errorOf(readTransactionsCsv({ text: 'customerId,date,amount\nc1,2024-01-05,1\n"c2,2024-01-05,1\n' }));
    expect(open.issues[0]).toMatchObject({ code: "invalid_row", line: 3 });
    expect(open.issues[0].message).toContain("a quoted field is never closed");
    const empty = await errorOf(readTransactionsCsv({ text: "\n\n" }));
    expect(empty.code).toBe("empty_input");
  });

  test("throw lists up to maxIssues problems and counts all; skip counts; collect lists", async () => {
    const text = "customerId,date,amount\n,2024-01-05,1\nc2,2024-99-05,1\nc3,2024-01-05,x\nc4,2024-01-05,4\n";
    const e = await errorOf(readTransactionsCsv({ text }, { maxIssues: 2 }));
    expect(e.issues.map((i) => [i.code, (i as CsvIssue).line])).toEqual([
      ["missing_customer_id", 2],
      ["invalid_date", 3],
    ]);
    expect(e.message).toMatch(/\(and 1 more\)$/);
    const skip = await readTransactionsCsv({ text }, { onInvalid: "skip" });
    expect(skip.meta).toMatchObject({ rowsRead: 4, rowsUsed: 1, invalidRows: 3, invalidByCode: { missing_customer_id: 1, invalid_date: 1, invalid_amount: 1 }, issues: [] });
    expect(Array.from(skip.lines)).toEqual([5]);
    const collect = await readTransactionsCsv({ text }, { onInvalid: "collect" });
    expect(collect.meta.issues.map((i) => i.path)).toEqual([
      ["line", 2, "customerId"],
      ["line", 3, "date"],
      ["line", 4, "amount"],
    ]);
  });

  test("onMissingCustomer drop leaves out rows without a customer id (counted in meta); any other problem still throws", async () => {
    const text = "customerId,date,amount\n,2024-01-05,1\nc2,2024-01-06,2\n\u00a0,2024-01-07,3\n";
    const read = await readTransactionsCsv({ text }, { onMissingCustomer: "drop" });
    expect(read.meta).toMatchObject({ rowsRead: 3, rowsUsed: 1, invalidRows: 0, droppedMissingCustomer: 2, invalidByCode: {} });
    expect(Array.from(read.lines)).toEqual([3]);
    const e = await errorOf(readTransactionsCsv({ text: `${text}c3,2024-01-08,x\n` }, { onMissingCustomer: "drop" }));
    expect(e.issues.map((i) => [i.code, (i as CsvIssue).line])).toEqual([["invalid_amount", 5]]);
    expect((await readTransactionsCsv({ text: "customerId,date,amount\nc1,2024-01-05,1\n" })).meta.droppedMissingCustomer).toBe(0);
    await expect(readTransactionsCsv({ text }, { onMissingCustomer: "skip" as "drop" })).rejects.toThrow(/^readTransactionsCsv: options.onMissingCustomer: /);
  });

  test("an analysis issue on row i of the columns is on line lines[i]", async () => {
    const r = await readTransactionsCsv({ text: "customerId,date,amount\n,2024-01-05,1\nc2,2024-06-05,1\n" }, { onInvalid: "skip" });
    try {
      summarizeTransactions(r.columns, { asOf: "2024-03-01" });
      expect.unreachable();
    } catch (error) {
      if (!isAnalyticsInputError(error)) throw error;
      expect(error.issues[0].code).toBe("date_after_as_of");
      expect(r.lines[error.issues[0].row!]).toBe(3);
    }
  });
});

// Random transactions written as CSV (quoted where needed, either line ending, any delimiter) read back as themselves.
const idText = fc.string({ minLength: 1, maxLength: 8, unit: fc.constantFrom("a", "Z", "ü", "字", " ", ",", ";", '"', "\n", "\r\n", "\t", "x", "0") }).filter((s) => s.trim().length > 0);
const row = fc.record({
  id: idText,
  day: fc.integer({ min: -25_567, max: 80_000 }),
  cents: fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }),
});
fcTest.prop([fc.array(row, { minLength: 1, maxLength: 30 }), fc.constantFrom(",", ";", "\t", "|"), fc.constantFrom("\n", "\r\n"), fc.boolean()])(
  "reading CSV written from random rows gives back the rows",
  async (rows, delimiter, eol, european) => {
    const quote = (s: string) => (/["\r\n,;\t| ]/.test(s) || s !== s.trim() ? `"${s.replaceAll('"', '""')}"` : s);
    const amount = (c: number) => {
      const text = (c / 100).toFixed(2);
      if (!european) return quote(text);
      // 1234567.5 → 1.234.567,50
      const [whole, frac] = text.replace("-", "").split(".");
      return quote(`${c < 0 ? "-" : ""}${whole.replace(/\B(?=(\d{3})+$)/g, ".")},${frac}`);
    };
    const text = ["customerId", "date", "amount"].join(delimiter) + eol + rows.map((r) => [quote(r.id), isoDateFromDays(r.day), amount(r.cents)].join(delimiter)).join(eol) + eol;
    const read = await readTransactionsCsv({ text }, european ? { decimalComma: true, thousands: "." } : {});
    expect(read.meta.delimiter).toBe(delimiter);
    expect(ids(read)).toEqual(rows.map((r) => r.id));
    expect(Array.from(read.columns.date)).toEqual(rows.map((r) => r.day));
    expect(Array.from(read.columns.amount)).toEqual(rows.map((r) => Number((r.cents / 100).toFixed(2))));
  },
);

const DENO = fileURLToPath(new URL("../../node_modules/.bin/deno", import.meta.url));
test.skipIf(!existsSync(DENO))("Deno: reads a path, bytes and gzip through the source module", () => {
  const path = temp("orders.csv.gz", gzipSync(CSV));
  const script = `
    import { readTransactionsCsv } from "./src/csv/index.ts";
    const a = await readTransactionsCsv(${JSON.stringify(path)});
    const b = await readTransactionsCsv({ text: "customerId;date;amount\\nc1;5.3.2024;1.099,50\\n" }, { dateFormat: "dmy", decimalComma: true, thousands: "." });
    console.log(JSON.stringify({ gzip: a.meta.gzip, amounts: Array.from(a.columns.amount), b: Array.from(b.columns.amount), day: b.columns.date[0] }));
  `;
  const out = execFileSync(DENO, ["eval", "--unstable-sloppy-imports", script], { cwd: fileURLToPath(new URL("../../", import.meta.url)), encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  expect(JSON.parse(out.trim().split("\n").pop()!)).toEqual({ gzip: true, amounts: [10.5, 20, 4.5], b: [1099.5], day: 19787 });
}, 60_000);
