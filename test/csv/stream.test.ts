// The streamed reader: any split of a CSV's bytes into chunks reads as the whole does (rows, lines,
// errors), and the column reader's batches concatenate to the whole file's columns.
import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { readTransactionColumns, TransactionColumnReader, type ColumnMapping, type TransactionCsvOptions } from "../../src/csv/columns.js";
import { CsvChunkScanner, readCsv, tableRows, type CsvTable } from "../../src/csv/scan.js";
import { csvTables } from "../../src/csv/stream.js";
import { latin1Text, utf8Bytes } from "../../src/csv/text.js";
import { parseIsoBytes } from "../../src/csv/fields.js";
import { OwnCodes } from "../../src/internal/interner.js";
import { dayConverter, parseDateString } from "../../src/input/dates.js";

const cell = fc.string({ unit: fc.constantFrom("a", "b", " ", ",", ";", "\t", '"', "\n", "\r", "\r\n", "é", "李", "😀", "1", "."), maxLength: 6 });

function writeCsv(table: string[][], delimiter: string, eol: string): string {
  const width = table[0].length;
  const field = (s: string) => (s.includes(delimiter) || /["\r\n]/.test(s) || (width === 1 && s === "") ? `"${s.replaceAll('"', '""')}"` : s);
  return table.map((row) => row.map(field).join(delimiter)).join(eol);
}

const tables = fc.integer({ min: 1, max: 4 }).chain((width) => fc.array(fc.array(cell, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 10 }));

/** Cut points (sorted, distinct, inside the input) from fractions. */
function chunksOf(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const at = [...new Set(cuts.map((f) => Math.floor(f * bytes.length)))].filter((p) => p > 0 && p < bytes.length).sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const p of [...at, bytes.length]) {
    out.push(bytes.subarray(prev, p));
    prev = p;
  }
  return out;
}

const cutsArb = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 12 });

/** What a read gives, to compare: header, rows as text, lines; or the error message. */
function whole(bytes: Uint8Array, delimiter: string) {
  try {
    const t = readCsv(bytes, { delimiter, source: "in.csv" });
    return { header: t.header, headerLine: t.headerLine, rows: tableRows(t), lines: [...t.lines] };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** The chunks through `push`, or with `head` through `pushBlock` (a chunk of more than 2 × head bytes read in place past its head). */
function chunked(chunks: Uint8Array[], delimiter: string, head?: number) {
  try {
    const s = new CsvChunkScanner({ delimiter, source: "in.csv" });
    const tables: CsvTable[] = [];
    const rows: string[][] = [];
    const lines: number[] = [];
    chunks.forEach((c, k) => {
      const final = k === chunks.length - 1;
      const got = head === undefined ? [s.push(c, final)] : s.pushBlock([c], final, head);
      for (const t of got) {
        if (!t) continue;
        tables.push(t);
        rows.push(...tableRows(t));
        lines.push(...t.lines);
      }
    });
    if (chunks.length === 0) s.push(new Uint8Array(0), true);
    const last = tables[tables.length - 1];
    return { header: last.header, headerLine: last.headerLine, rows, lines };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

describe("CsvChunkScanner", () => {
  test.prop([tables, fc.constantFrom(",", ";", "\t"), fc.constantFrom("\n", "\r\n", "\r"), fc.boolean(), fc.boolean(), fc.boolean(), cutsArb])(
    "any split of the bytes reads as the whole: rows, lines (quoted line breaks, CRLF, a BOM, a last line without a line break)",
    (table, delimiter, eol, bom, finalEol, emptyLines, cuts) => {
      let text = writeCsv(table, delimiter, eol) + (finalEol ? eol : "");
      if (emptyLines) text = eol + text.replace(eol, eol + eol);
      const bytes = utf8Bytes((bom ? "\uFEFF" : "") + text);
      const expected = whole(bytes, delimiter);
      expect(chunked(chunksOf(bytes, cuts), delimiter)).toEqual(expected);
      // one byte at a time: every boundary at once
      if (bytes.length < 200) expect(chunked(chunksOf(bytes, [...bytes.keys()].map((i) => i / bytes.length)), delimiter)).toEqual(expected);
    },
  );

  test.prop([fc.string({ unit: fc.constantFrom("a", ",", '"', "\n", "\r", " ", "\t", "1"), maxLength: 40 }), fc.constantFrom(",", "whitespace", "auto"), cutsArb])(
    "malformed input fails with the same message (a quote never closed, text after a closing quote, a ragged row)",
    (text, delimiter, cuts) => {
      const bytes = utf8Bytes(text);
      expect(chunked(chunksOf(bytes, cuts), delimiter)).toEqual(whole(bytes, delimiter));
    },
  );

  test.prop([tables, fc.constantFrom(",", ";", "\t"), fc.constantFrom("\n", "\r\n", "\r"), fc.boolean(), fc.boolean(), fc.integer({ min: 1, max: 12 }), cutsArb])(
    "pushBlock (chunks read in place past their head) reads any split as the whole: rows, lines",
    (table, delimiter, eol, bom, finalEol, head, cuts) => {
      const text = writeCsv(table, delimiter, eol) + (finalEol ? eol : "");
      const bytes = utf8Bytes((bom ? "\uFEFF" : "") + text);
      const expected = whole(bytes, delimiter);
      expect(chunked(chunksOf(bytes, cuts), delimiter, head)).toEqual(expected);
      if (bytes.length < 200) {
        const halves = chunksOf(bytes, [0.5]);
        expect(chunked(halves, delimiter, head)).toEqual(expected);
        expect(chunked([bytes], delimiter, head)).toEqual(expected);
      }
    },
  );

  test.prop([fc.string({ unit: fc.constantFrom("a", ",", '"', "\n", "\r", " ", "\t", "1"), maxLength: 60 }), fc.constantFrom(",", "whitespace", "auto"), fc.integer({ min: 1, max: 8 }), cutsArb])(
    "pushBlock: malformed input fails with the same message as the whole",
    (text, delimiter, head, cuts) => {
      const bytes = utf8Bytes(text);
      expect(chunked(chunksOf(bytes, cuts), delimiter, head)).toEqual(whole(bytes, delimiter));
    },
  );

  test("pushBlock reads a chunk in place past its head and carries the row it does not finish", () => {
    const bytes = utf8Bytes('id,note\n1,"a\nb"\n2,xy\n3,"c""d"\n4,e');
    const s = new CsvChunkScanner({ source: "in.csv" });
    expect(s.pushBlock([bytes.subarray(0, 10)], false, 7).map((t) => t.rows)).toEqual([0]);
    const got = s.pushBlock([bytes.subarray(10, 32)], false, 7);
    // head `"a\nb"\n2` ends the carried `1,`; `2,xy` and `3,"c""d"` are read in place; `4,` goes on
    expect(got.map((t) => tableRows(t))).toEqual([[["1", "a\nb"]], [["2", "xy"], ["3", 'c"d']]]);
    expect(got[1].bytes.buffer).toBe(bytes.buffer);
    expect(got[0].bytes.buffer).not.toBe(bytes.buffer);
    expect([...got[0].lines, ...got[1].lines]).toEqual([2, 4, 5]);
    const last = s.pushBlock([bytes.subarray(32)], true, 7);
    expect(last.flatMap((t) => tableRows(t))).toEqual([["4", "e"]]);
    expect(last.flatMap((t) => [...t.lines])).toEqual([6]);
  });

  test("a quoted field spanning chunks, a CRLF split between them, the header split", () => {
    const text = 'id,note\r\n1,"a\r\nb"\r\n2,"c""d"\r\n3,e';
    const bytes = utf8Bytes(text);
    const chunks = [bytes.subarray(0, 4), bytes.subarray(4, 8), bytes.subarray(8, 14), bytes.subarray(14, 24), bytes.subarray(24)];
    expect(chunked(chunks, ",")).toEqual({ header: ["id", "note"], headerLine: 1, rows: [["1", "a\r\nb"], ["2", 'c"d'], ["3", "e"]], lines: [2, 4, 5] });
  });
});

const MAPPING: ColumnMapping = { customer: "customerId", date: "date", amount: "amount", order: "orderId" };
const ids = fc.constantFrom("c1", "c2", '"c,3"', " ", "", "李", "c1");
const dates = fc.constantFrom("2024-01-02", "2024-02-30", "2024-03-04T10:00:00", "x", "2024-01-02");
const amounts = fc.constantFrom("10", "2.5", "-3", "\"1,5\"", "abc", "");
const orders = fc.constantFrom("o1", "o2", '"o""3"', "", "o1");
const logs = fc.array(fc.tuple(ids, dates, amounts, orders), { minLength: 1, maxLength: 25 });

describe("TransactionColumnReader", () => {
  test.prop([logs, fc.constantFrom<TransactionCsvOptions["onInvalid"]>("skip", "collect", "throw"), fc.boolean(), cutsArb])(
    "batches over any split concatenate to the whole file's columns, counts and issues (codes stable, dictionaries appended)",
    async (rows, onInvalid, decodeOrders, cuts) => {
      const text = `customerId,date,amount,orderId\n${rows.map((r) => r.join(",")).join("\n")}\n`;
      const bytes = utf8Bytes(text);
      const options: TransactionCsvOptions = { dateFormat: "iso", decimalComma: false, onInvalid, maxIssues: 3, issuesPerCode: 2 };
      const select = (h: readonly string[]) => h.map((_x, i) => i);
      const all = readTransactionColumns(readCsv(bytes, { select }), MAPPING, options);

      let reader: TransactionColumnReader | undefined;
      const codes: number[] = [];
      const orderCodes: number[] = [];
      const days: number[] = [];
      const amountsRead: number[] = [];
      const lines: number[] = [];
      let row = 0;
      let dictionary: readonly (string | number)[] | undefined;
      const chunks = chunksOf(bytes, cuts);
      async function* source() {
        yield* chunks;
      }
      for await (const table of csvTables(source(), { encoding: "utf8", blockSize: 1, select, source: "input" })) {
        reader ??= new TransactionColumnReader(MAPPING, options, { customers: 1, orders: 1, decodeOrders, reuseBatches: !decodeOrders });
        const batch = reader.read(table, row);
        row += table.rows;
        if (dictionary !== undefined) expect(batch.customerId.dictionary).toBe(dictionary);
        dictionary = batch.customerId.dictionary;
        codes.push(...Array.from(batch.customerId.codes));
        orderCodes.push(...Array.from(batch.orderId!.codes));
        days.push(...batch.date);
        amountsRead.push(...batch.amount);
        lines.push(...batch.lines);
        // without decoding, the order ids' dictionary is their own codes: one OwnCodes, as long as the codes so far
        if (!decodeOrders) {
          expect(batch.orderId!.dictionary).toBeInstanceOf(OwnCodes);
          expect(batch.orderId!.dictionary.length).toBe(Math.max(0, ...orderCodes) + (orderCodes.length > 0 ? 1 : 0));
        }
      }
      expect(codes).toEqual(Array.from(all.columns.customerId.codes));
      expect(dictionary).toEqual(all.columns.customerId.dictionary);
      expect(orderCodes).toEqual(Array.from(all.columns.orderId!.codes));
      expect(days).toEqual([...all.columns.date]);
      expect(amountsRead).toEqual([...all.columns.amount]);
      expect(lines).toEqual([...all.lines]);
      const { columns: _c, lines: _l, ...counts } = all;
      expect(reader!.counts()).toEqual(counts);
    },
  );
});

describe("csvTables", () => {
  test("a stream that is not UTF-8 stops with invalid_encoding; Latin-1 is decoded as it comes", async () => {
    async function* latin() {
      yield new Uint8Array([...utf8Bytes("customerId,date,amount\nM"), 0xfc, ...utf8Bytes("ller,2024-01-01,1\n")]);
    }
    const read = async (encoding: "utf8" | "latin1") => {
      const rows: string[][] = [];
      for await (const t of csvTables(latin(), { encoding, source: "in.csv" })) rows.push(...tableRows(t));
      return rows;
    };
    await expect(read("utf8")).rejects.toMatchObject({ code: "invalid_encoding" });
    expect(await read("latin1")).toEqual([["Müller", "2024-01-01", "1"]]);
  });

  test("an empty stream has no header line", async () => {
    async function* none() {}
    const go = async () => {
      for await (const _t of csvTables(none(), { encoding: "utf8", source: "in.csv" }));
    };
    await expect(go()).rejects.toThrow("in.csv:1: no header line (the input is empty)");
  });
});

describe("parseIsoBytes", () => {
  const chars = fc.constantFrom("0", "1", "2", "3", "9", "-", "T", " ", "a", "é", "/");
  test.prop([fc.array(chars, { minLength: 8, maxLength: 12 }), fc.constantFrom("2024-02-29", "2023-02-29", "1999-12-31", "2024-13-01", "0000-01-01")])(
    "YYYY-MM-DD read from the bytes is what the library's parseDateString reads (the fast path for plain dates)",
    (parts, date) => {
      for (const text of [parts.join(""), date, ` ${date} `]) {
        const bytes = utf8Bytes(text);
        expect(parseIsoBytes(bytes, 0, bytes.length, dayConverter("t", undefined))).toBe(parseDateString(latin1Text(bytes, 0, bytes.length).trim(), dayConverter("t", undefined)));
      }
    },
  );
});
