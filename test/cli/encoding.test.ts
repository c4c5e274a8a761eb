// The input's encoding: bytes that are not UTF-8 are an error naming line and column (never a
// replacement character that merges customers); --encoding latin1|windows-1252 reads such files; byte
// order marks; chunk boundaries inside a character.
import { gzipSync } from "node:zlib";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { decodeInput, firstInvalidUtf8, InputDecoder, lineAndColumn } from "../../src/csv/decode.js";
import { CsvError } from "../../src/csv/scan.js";
import { run } from "../../src/cli/run.js";
import { cli, lines, tempFiles } from "./helpers.js";

const LATIN1 = Buffer.from("customerId,date,amount\nM\xfcller,2024-01-02,10\nM\xe4ller,2024-01-03,5\n", "latin1");

describe("invalid UTF-8", () => {
  test("a Latin-1 file is an error (1) naming line and column, not two customers merged into one", async () => {
    const dir = tempFiles({ "kunden.csv": LATIN1 });
    const r = await cli(["summary", join(dir, "kunden.csv"), "--as-of", "2024-12-31"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    const first = `${join(dir, "kunden.csv")}:2:2: invalid UTF-8 (byte 0xFC near "M\\xFCller,2024-01-02"); if the file is not UTF-8, give its encoding: --encoding latin1 or --encoding windows-1252`;
    // every line with such bytes is named, with every other problem of the file (see test/cli/issues.test.ts)
    expect(lines(r.stderr).slice(0, 5)).toEqual([
      `${first} (and 1 more problem, below)`,
      "  2 of 2 rows have problems:",
      "  invalid_encoding in 2 lines:",
      `    ${first}`,
      `    ${join(dir, "kunden.csv")}:3:2: invalid UTF-8 (byte 0xE4 near "M\\xE4ller,2024-01-03"); if the file is not UTF-8, give its encoding: --encoding latin1 or --encoding windows-1252`,
    ]);
    const skip = await cli(["summary", join(dir, "kunden.csv"), "--as-of", "2024-12-31", "--on-invalid", "skip"]);
    expect([skip.code, skip.stderr]).toEqual([1, `${first} (and 1 more line with bytes that are not UTF-8)\n`]);
    const stdin = await cli(["summary", "-", "--as-of", "2024-12-31"], { stdin: LATIN1 });
    expect(stdin.code).toBe(1);
    expect(stdin.stderr).toMatch(/^stdin:2:2: invalid UTF-8 \(byte 0xFC/);
  });

  test("--encoding latin1 and windows-1252 read such files (plain, gzipped and from stdin)", async () => {
    const dir = tempFiles({ "kunden.csv": LATIN1, "kunden.csv.gz": gzipSync(LATIN1) });
    for (const argv of [[join(dir, "kunden.csv")], [join(dir, "kunden.csv.gz")], ["-"]]) {
      for (const encoding of ["latin1", "windows-1252"]) {
        const r = await cli(["summary", ...argv, "--as-of", "2024-12-31", "--encoding", encoding, "--format", "json"], { stdin: LATIN1 });
        expect(r.code, `${argv} ${encoding}`).toBe(0);
        expect(JSON.parse(r.stdout).map((c: { customerId: string; frequency: number }) => [c.customerId, c.frequency])).toEqual([
          ["Müller", 1],
          ["Mäller", 1],
        ]);
      }
    }
    // windows-1252's 0x80 is the euro sign (as the Encoding Standard decodes both labels)
    const euro = await cli(["summary", "-", "--as-of", "2024-12-31", "--encoding", "windows-1252", "--format", "json"], { stdin: Buffer.from([...Buffer.from("customerId,date,amount\nA"), 0x80, ...Buffer.from(",2024-01-02,1\n")]) });
    expect(JSON.parse(euro.stdout)[0].customerId).toBe("A€");
    const bad = await cli(["summary", "-", "--as-of", "2024-12-31", "--encoding", "ebcdic"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('crm-analytics: --encoding must be one of utf8, latin1, windows-1252, got "ebcdic"\n');
  });

  test("the error carries the code invalid_encoding; line and column count characters, after CR, CRLF or LF", () => {
    const bytes = Buffer.concat([Buffer.from("h\r\nä\rab,"), Buffer.from([0xc3, 0x28])]);
    const error = (() => {
      try {
        decodeInput(bytes, "utf8", "x.csv");
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(CsvError);
    expect((error as CsvError).code).toBe("invalid_encoding");
    expect((error as CsvError).message).toMatch(/^x\.csv:3:4: invalid UTF-8 \(byte 0xC3 near "ab,\\xC3\("\)/);
    expect(lineAndColumn(Buffer.from("ä\nöü"), 5)).toEqual({ line: 2, column: 2 });
  });

  test("the first invalid sequence is found exactly where a fatal TextDecoder fails", () => {
    const utf8 = new TextDecoder("utf-8", { fatal: true });
    const valid = (b: Uint8Array) => {
      try {
        utf8.decode(b);
        return true;
      } catch {
        return false;
      }
    };
    const bytes = fc.oneof(fc.uint8Array({ maxLength: 12 }), fc.string({ unit: "binary", maxLength: 6 }).map((s) => Buffer.from(s)));
    fc.assert(
      fc.property(fc.array(bytes, { maxLength: 4 }), (parts) => {
        const b = Buffer.concat(parts);
        const bad = firstInvalidUtf8(b);
        expect(bad === null).toBe(valid(b));
        // everything before the reported sequence is valid
        if (bad) expect(valid(b.subarray(0, bad.offset))).toBe(true);
      }),
      { numRuns: 2000 },
    );
    for (const [hex, offset] of [["c0af", 0], ["eda080", 0], ["f4908080", 0], ["41e282", 1], ["41f8", 1]] as const) {
      expect(firstInvalidUtf8(Buffer.from(hex, "hex"))?.offset, hex).toBe(offset);
    }
  });
});

describe("hints", () => {
  test("every invalid byte of the excerpt is shown as \\xNN, valid text as it is", async () => {
    const r = await cli(["summary", "-", "--as-of", "2024-12-31"], { stdin: Buffer.from("customerId,date,amount\nM\xfc\xfcller,2024-01-02,10\n", "latin1") });
    expect(r.stderr).toMatch(/^stdin:2:2: invalid UTF-8 \(byte 0xFC near "M\\xFC\\xFCller,2024-01-0"\)/);
  });

  test("a UTF-8 file read as --encoding latin1 is noted (ü would become Ã¼)", async () => {
    const text = "customerId,date,amount\nMüller,2024-01-02,10\n";
    const r = await cli(["summary", "-", "--as-of", "2024-12-31", "--encoding", "latin1"], { stdin: text });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('crm-analytics: note: stdin is valid UTF-8 with characters beyond ASCII: read as --encoding latin1 as asked, which turns "ü" into "Ã¼"; leave out --encoding if the file is UTF-8\n');
    const ascii = await cli(["summary", "-", "--as-of", "2024-12-31", "--encoding", "latin1"], { stdin: "customerId,date,amount\nMuller,2024-01-02,10\n" });
    expect(ascii.stderr).toBe("");
    const latin = await cli(["summary", "-", "--as-of", "2024-12-31", "--encoding", "latin1"], { stdin: LATIN1 });
    expect(latin.stderr).toBe("");
  });
});

describe("streamed: chunks may split a character", () => {
  test("every split of a UTF-8 input into chunks decodes to the same bytes; a truncated end is an error", () => {
    const text = Buffer.from("customerId,date,amount\nMüller€,2024-01-02,10\n😀,2024-01-03,5\n");
    for (let cut = 0; cut <= text.length; cut++) {
      const d = new InputDecoder("utf8", "stdin");
      d.push(text.subarray(0, cut));
      d.push(text.subarray(cut));
      expect(Buffer.from(d.end().bytes).equals(text), String(cut)).toBe(true);
    }
    // random bytes in random chunks: accepted exactly when a fatal TextDecoder accepts them whole
    const fatal = new TextDecoder("utf-8", { fatal: true });
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 5 }), { maxLength: 6 }), (parts) => {
        const whole = Buffer.concat(parts);
        const d = new InputDecoder("utf8", "stdin");
        const ours = (() => {
          try {
            for (const p of parts) d.push(p);
            return Buffer.from(d.end().bytes).equals(whole);
          } catch {
            return false;
          }
        })();
        const theirs = (() => {
          try {
            fatal.decode(whole);
            return true;
          } catch {
            return false;
          }
        })();
        expect(ours).toBe(theirs);
      }),
      { numRuns: 3000 },
    );
    const truncated = new InputDecoder("utf8", "stdin");
    truncated.push(Buffer.from("a\nb\xe2\x82", "latin1"));
    expect(() => truncated.end()).toThrow(/^stdin:2:2: invalid UTF-8/);
  });

  test("stdin in one-byte chunks through the command line", async () => {
    const text = Buffer.from("customerId,date,amount\nMüller,2024-01-02,10\nMäller,2024-01-03,5\n");
    let stdout = "";
    const code = await run(["summary", "-", "--as-of", "2024-12-31", "--format", "json"], {
      stdin: (async function* () {
        for (const b of text) yield Uint8Array.of(b);
      })(),
      stdout: (t) => (stdout += t),
      stderr: () => {},
    });
    expect(code).toBe(0);
    expect(JSON.parse(stdout).map((c: { customerId: string }) => c.customerId)).toEqual(["Müller", "Mäller"]);
  });
});

describe("byte order marks", () => {
  test("a UTF-8 mark is skipped, and means UTF-8 whatever --encoding says (noted)", async () => {
    const text = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("customerId,date,amount\nMüller,2024-01-02,10\n")]);
    const plain = await cli(["summary", "-", "--as-of", "2024-12-31", "--format", "json"], { stdin: text });
    expect(JSON.parse(plain.stdout)[0].customerId).toBe("Müller");
    const latin = await cli(["summary", "-", "--as-of", "2024-12-31", "--format", "json", "--encoding", "latin1"], { stdin: text });
    expect(JSON.parse(latin.stdout)[0].customerId).toBe("Müller");
    expect(latin.stderr).toBe("crm-analytics: note: stdin starts with a UTF-8 byte order mark: read as UTF-8, not --encoding latin1\n");
  });

  test("a UTF-16 file is an error saying so", async () => {
    const text = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("customerId,date,amount\n", "utf16le")]);
    const r = await cli(["summary", "-", "--as-of", "2024-12-31", "--encoding", "latin1"], { stdin: text });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("stdin:1:1: the input is UTF-16 (byte order mark FF FE, little-endian); save it as UTF-8 (for example iconv -f UTF-16 -t UTF-8)\n");
  });
});
