import { fc, test } from "@fast-check/vitest";
import { expect } from "vitest";
import { readCsv, tableRows } from "../../src/cli/csv.js";
import { parseNumberBytes } from "../../src/cli/fields.js";
import { parseIsoBytes, parsePlainNumber } from "../../src/csv/fields.js";
import { latin1Text } from "../../src/csv/text.js";
import { dayConverter, parseDateString } from "../../src/input/dates.js";

// Text with every character that matters to CSV, plus non-ASCII (2-, 3- and 4-byte UTF-8).
const cell = fc.string({ unit: fc.constantFrom("a", "b", " ", ",", ";", "\t", '"', "\n", "\r", "\r\n", "é", "李", "😀", "1", ".") , maxLength: 8 });

/** Writes a table with RFC 4180 quoting: a field is quoted when it holds the delimiter, a quote, a line break, or is empty in a one-column table. */
function writeCsv(table: string[][], delimiter: string, eol: string): string {
  const width = table[0].length;
  const field = (s: string) => (s.includes(delimiter) || /["\r\n]/.test(s) || (width === 1 && s === "") ? `"${s.replaceAll('"', '""')}"` : s);
  return table.map((row) => row.map(field).join(delimiter)).join(eol);
}

const tables = fc
  .integer({ min: 1, max: 5 })
  .chain((width) => fc.array(fc.array(cell, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 12 }));

test.prop([tables, fc.constantFrom(",", ";", "\t", "|"), fc.constantFrom("\n", "\r\n"), fc.boolean(), fc.boolean()])(
  "a table written with proper quoting reads back exactly",
  (table, delimiter, eol, bom, finalEol) => {
    const text = (bom ? "\uFEFF" : "") + writeCsv(table, delimiter, eol) + (finalEol ? eol : "");
    const t = readCsv(text, { delimiter });
    expect(t.header).toEqual(table[0]);
    expect(tableRows(t)).toEqual(table.slice(1));
  },
);

test.prop([tables, fc.constantFrom("\n", "\r\n")])("each row's line is the line its first field starts on", (table, eol) => {
  const text = writeCsv(table, ",", eol);
  const t = readCsv(text);
  // Inside quotes, each LF starts a line (CRLF counts once, a lone CR does not).
  let line = 1 + (table[0].join("").match(/\n/g)?.length ?? 0);
  for (let r = 1; r < table.length; r++) {
    line += 1;
    expect(t.lines[r - 1]).toBe(line);
    // line breaks inside this row's quoted fields (a lone CR does not start a line inside quotes)
    line += table[r].join("").match(/\n/g)?.length ?? 0;
  }
});

test.prop([fc.double({ noNaN: true, noDefaultInfinity: true })])("numbers written by JavaScript read back to the same double", (x) => {
  const b = Buffer.from(String(x));
  expect(parseNumberBytes(b, 0, b.length, false)).toBe(Object.is(x, -0) ? 0 : x); // String(-0) is "0"
});

test.prop([fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 0, max: 9999 })])("decimal text a,b and a.b give Number(a.b)", (a, b) => {
  const dot = `${a}.${String(b).padStart(4, "0")}`;
  const comma = dot.replace(".", ",");
  const bd = Buffer.from(dot);
  const bc = Buffer.from(comma);
  expect(parseNumberBytes(bd, 0, bd.length, false)).toBe(Number(dot));
  expect(parseNumberBytes(bc, 0, bc.length, true)).toBe(Number(dot));
});

// Number text as exports write it, and near misses: signs, marks, blanks, separators, exponents, long digit runs.
const numberText = fc.oneof(
  fc.string({ unit: fc.constantFrom("0", "1", "2", "5", "9", ".", ",", "-", "+", " ", "e", "'", "\t", "x"), maxLength: 20 }),
  fc.tuple(fc.constantFrom("", "-", "+"), fc.string({ unit: fc.constantFrom("0", "1", "3", "7", "9"), minLength: 0, maxLength: 17 }), fc.constantFrom("", ".", ","), fc.string({ unit: fc.constantFrom("0", "2", "5", "9"), maxLength: 17 })).map((p) => p.join("")),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
);

test.prop([numberText, fc.boolean(), fc.constantFrom(-1, 44, 46, 32, 39)])(
  "parsePlainNumber gives parseNumberBytes' double (-0 included) where it reads a number, else NaN",
  (text, decimalComma, thousands) => {
    // the field inside other bytes: the parsers must stop at its end
    const b = Buffer.from(`7${text}-`);
    const fast = parsePlainNumber(b, 1, b.length - 1, decimalComma);
    const general = parseNumberBytes(b, 1, b.length - 1, decimalComma, thousands === (decimalComma ? 44 : 46) ? -1 : thousands);
    if (Number.isNaN(fast)) {
      // outside its shape: only plain numbers are its own (sign, at most 15 digits, at most one mark)
      const plain = new RegExp(`^[-+]?(?=.*\\d)\\d*\\${decimalComma ? "," : "."}?\\d*$`).test(text) && text.replace(/\D/g, "").length <= 15 && text.length <= 16;
      expect(plain, text).toBe(false);
    } else expect(Object.is(fast, general), `${text}: ${fast} vs ${general}`).toBe(true);
  },
);

// Date-times as exports write them, and near misses in every position (separators, digits out of range,
// seconds, fractions, offsets, Z, blanks around), in UTC and in a zone (offsets move the day there).
const dateTimeText = fc
  .tuple(
    fc.constantFrom("2010-12-01", "2024-02-29", "2023-02-29", "1999-12-31", "2024-13-01", "20x0-01-01", "2011-1-05"),
    fc.constantFrom("", " ", "T", "t", "/"),
    fc.constantFrom("08:26", "23:59", "24:00", "8:26", "12:60", "0a:15", "07:3x", ""),
    fc.constantFrom("", ":00", ":59", ":60", ":5", ":0x", ".5"),
    fc.constantFrom("", ".123", ".", "Z", "+01", "-05:30", "+0200", " ", "x"),
  )
  .map((p) => p.join(""));

test.prop([dateTimeText, fc.constantFrom(undefined, "Asia/Tokyo", "America/Sao_Paulo"), fc.boolean()], { numRuns: 3000 })(
  "parseIsoBytes reads a date-time from the bytes as parseDateString reads its text (the wall-clock fast path included)",
  (text, zone, padded) => {
    const conv = dayConverter("t", zone);
    const field = padded ? ` ${text} ` : text;
    const b = Buffer.from(`,${field},`);
    const got = parseIsoBytes(b, 1, b.length - 1, conv);
    expect(Object.is(got, parseDateString(latin1Text(b, 1, b.length - 1).trim(), conv)), `${JSON.stringify(field)} ${zone}`).toBe(true);
  },
);
