// The streamed input of the commands that need only customer summaries: the same output, notes and
// errors as the whole-file read (each compared with the same run with streaming turned off), from a
// file, a .gz file, stdin and gzipped stdin; the runs that need every row fall back to the whole read.
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, test } from "vitest";
import type { Command } from "../../src/cli/command.js";
import { segmentsCommand } from "../../src/cli/commands/segments.js";
import { summaryCommand } from "../../src/cli/commands/summary.js";
import { rfmCommand } from "../../src/cli/commands/rfm.js";
import { abcCommand } from "../../src/cli/commands/abc.js";
import { pyramidCommand } from "../../src/cli/commands/pyramid.js";
import { NO_PROGRESS } from "../../src/cli/progress.js";
import { openSourceStream, stdinReplay } from "../../src/cli/source.js";
import { saysSomethingOfTheInput, streamTrace } from "../../src/cli/transactions.js";
import { DataError, UsageError } from "../../src/cli/errors.js";
import { CsvError } from "../../src/csv/scan.js";
import { AnalyticsInputError, inputIssue } from "../../src/errors.js";
import { CSV, FILE, MAP } from "./fixture.js";
import { cli, tempFiles } from "./helpers.js";

const LIMIT = stdinReplay.limit;
const commands: Command[] = [segmentsCommand, summaryCommand, rfmCommand, abcCommand, pyramidCommand];
const saved = commands.map((c) => c.streams);
afterEach(() => commands.forEach((c, k) => (c.streams = saved[k])));

/** The run streamed, then the same run read whole (streaming off): both results, and whether the first streamed. */
async function both(argv: string[], stdin?: string | Uint8Array) {
  streamTrace.fallback = "not run";
  const streamed = await cli(argv, { stdin });
  const fallback = streamTrace.fallback;
  for (const c of commands) c.streams = () => false;
  const whole = await cli(argv, { stdin });
  commands.forEach((c, k) => (c.streams = saved[k]));
  return { streamed, whole, fallback };
}

const GZ = join(tempFiles({ "o.csv.gz": gzipSync(Buffer.from(CSV)) }), "o.csv.gz");

describe("streamed input", () => {
  test.each([
    ["a file", ["segments", FILE, ...MAP], undefined],
    ["a .gz file", ["segments", GZ, ...MAP, "--summary"], undefined],
    ["stdin", ["summary", "-", ...MAP, "--format", "json"], CSV],
    ["gzipped stdin", ["segments", "-", ...MAP], gzipSync(Buffer.from(CSV))],
    ["a file, scored segments (written from columns)", ["segments", FILE, ...MAP, "--scheme", "r-rfm-readme", "--labels", "zh", "--format", "ndjson"], undefined],
    ["a file, classic segments in json (written from columns)", ["segments", FILE, ...MAP, "--format", "json", "--precision", "full"], undefined],
    ["a file, summaries as a table", ["summary", FILE, ...MAP, "--format", "table"], undefined],
    ["a file, rfm scores (written from columns)", ["rfm", FILE, ...MAP, "--method", "rank", "--bins", "3"], undefined],
    ["a file, abc classes (written from columns)", ["abc", FILE, ...MAP, "--format", "json"], undefined],
    ["a file, abc --summary", ["abc", FILE, ...MAP, "--summary", "--format", "json"], undefined],
    ["a file, pyramid tiers with labels (written from columns)", ["pyramid", FILE, ...MAP, "--labels", "zh"], undefined],
    ["a file, pyramid --summary", ["pyramid", FILE, ...MAP, "--summary", "--format", "ndjson"], undefined],
  ] as const)("%s: the same output as the whole read, and it did stream", async (_what, argv, stdin) => {
    const { streamed, whole, fallback } = await both([...argv], stdin);
    expect(fallback).toBeNull();
    expect(streamed.code).toBe(0);
    expect(streamed.stdout.length).toBeGreaterThan(100);
    expect(streamed).toEqual(whole);
  });

  test("skipped rows, dropped customers, refunds: the same counts and notes (CRLF, a BOM, no final line break)", async () => {
    const text = "\uFEFFcustomerId,date,amount,orderId\r\na,2024-01-02,10,o1\r\n,2024-01-03,5,o2\r\nb,2024-13-01,5,o3\r\nb,2024-02-01,-4,o4\r\nc,2024-02-01,7,";
    for (const flags of [["--on-invalid", "skip"], ["--on-invalid", "skip", "--refunds", "exclude"], ["--on-invalid", "skip", "--drop-missing-customer"]]) {
      const { streamed, whole, fallback } = await both(["summary", "-", "--as-of", "2024-12-31", ...flags], text);
      expect(fallback, flags.join(" ")).toBeNull();
      expect(streamed.stderr, flags.join(" ")).toMatch(/left out/);
      expect(streamed, flags.join(" ")).toEqual(whole);
    }
  });

  test.each([
    ["a bad row under --on-invalid throw", ["--on-invalid", "throw"], "customerId,date,amount\na,2024-01-02,10\nb,nope,5\n", "a row the reader cannot take under --on-invalid throw"],
    ["rows after --as-of", ["--on-invalid", "skip"], "customerId,date,amount\na,2024-01-02,10\nb,2025-06-01,5\n", "rows after --as-of"],
    ["a ragged row", [], "customerId,date,amount\na,2024-01-02,10\nb,2024-01-03\n", "error: stdin:3: expected 3 fields as in the header, found 2"],
    ["bytes that are not UTF-8", [], Buffer.from([...Buffer.from("customerId,date,amount\nM"), 0xfc, ...Buffer.from("ller,2024-01-02,10\n")]), "error: stdin:1: invalid UTF-8"],
  ] as const)("%s: read whole again from what stdin gave, with the whole read's message", async (_what, flags, stdin, why) => {
    const { streamed, whole, fallback } = await both(["segments", "-", "--as-of", "2024-12-31", ...flags], stdin);
    expect(fallback).toBe(why);
    expect(streamed.code).toBe(1);
    expect(streamed.stderr.length).toBeGreaterThan(20);
    expect(streamed).toEqual(whole);
  });

  test("a missing file is reported as before", async () => {
    const { streamed, whole } = await both(["segments", "/nonexistent/x.csv", ...MAP]);
    expect(streamed.stderr).toMatch(/cannot read the file \(no such file\)/);
    expect(streamed).toEqual(whole);
  });

  test("a missing file fails when its chunks are read, however late (no error before anyone listens)", async () => {
    const stream = openSourceStream("/nonexistent/x.csv", (async function* () {})(), false, "segments", NO_PROGRESS);
    await new Promise((resolve) => setTimeout(resolve, 50)); // as the streamed read awaits before its first chunk
    const read = async () => {
      for await (const _chunk of stream.chunks) return;
    };
    await expect(read()).rejects.toMatchObject({ code: "ENOENT" });
  });

  test("a large input with numbered and lettered order ids streams through (id tables grown past the size the file suggested), with the whole read's output", async () => {
    // 200,000 rows of 20,000 customers, one order each (more orders than the file's size / 64 the tables
    // start from): order ids like Online Retail's (536365, C536365) and the generator's (O000012345)
    const rows = ["customerId,date,amount,orderId"];
    for (let o = 0; o < 200_000; o++) {
      const order = o % 3 === 0 ? String(536_365 + o) : o % 3 === 1 ? `C${536_365 + o}` : `O${String(o).padStart(9, "0")}`;
      rows.push(`c${(o * 7919) % 20_000},2024-${String(1 + (o % 12)).padStart(2, "0")}-${String(1 + ((o * 31) % 28)).padStart(2, "0")},${(o % 97) + 0.25},${order}`);
    }
    const file = join(tempFiles({ "big.csv": rows.join("\n") + "\n" }), "big.csv");
    const { streamed, whole, fallback } = await both(["summary", file, "--as-of", "2024-12-31", "--order", "orderId", "--format", "ndjson"]);
    expect(fallback).toBeNull();
    expect(streamed.code).toBe(0);
    expect(streamed.stdout.split("\n").length).toBe(20_000 + 1);
    expect(streamed).toEqual(whole);
  }, 60_000);

  test("only errors about the input or the command line send the run to the whole read; a program fault is thrown on", () => {
    const system = Object.assign(new Error("ENOENT: no such file or directory, open '/x.csv'"), { code: "ENOENT", syscall: "open" });
    for (const error of [new DataError("x.csv: cannot read"), new UsageError("no input"), new CsvError("stdin", 3, "expected 3 fields as in the header, found 2"), new AnalyticsInputError("summarizeTransactions", [inputIssue("invalid_value", ["rows", 1, "amount"], "bad")]), system, new RangeError("summarizeTransactions: asOf is not a date")]) {
      expect(saysSomethingOfTheInput(error), String(error)).toBe(true);
    }
    for (const error of [new TypeError("Cannot read properties of undefined (reading 'length')"), new RangeError("Invalid array length"), new Error("x"), "a string", null, undefined, Object.assign(new Error("no syscall"), { code: "X" })]) {
      expect(saysSomethingOfTheInput(error), String(error)).toBe(false);
    }
  });

  test("commands that need the transactions, and --on-invalid collect, read whole", async () => {
    streamTrace.fallback = "not run";
    await cli(["churn", FILE, ...MAP]);
    expect(streamTrace.fallback).toBe("not run");
    await cli(["segments", FILE, ...MAP, "--on-invalid", "collect"]);
    expect(streamTrace.fallback).toBe("not run");
    await cli(["quadrants", FILE, ...MAP, "--potential", "predicted"]);
    expect(streamTrace.fallback).toBe("not run");
  });
});

describe("stdin kept for reading it again only up to stdinReplay.limit", () => {
  afterEach(() => {
    stdinReplay.limit = LIMIT;
  });

  test("under the limit: the streamed run and the whole read agree (the bytes were kept)", async () => {
    stdinReplay.limit = CSV.length;
    const { streamed, whole, fallback } = await both(["summary", "-", ...MAP], CSV);
    expect(fallback).toBeNull();
    expect(streamed).toEqual(whole);
  });

  test.each([
    ["a bad row under --on-invalid throw", ["--on-invalid", "throw"], "customerId,date,amount\na,2024-01-02,10\nb,nope,5\n", /^stdin: the streamed read met a row the reader cannot take under --on-invalid throw; stdin cannot be read again for the full report \(only its first 16 bytes are kept\): give the input as a file to see which rows\n$/],
    ["a ragged row", [], "customerId,date,amount\na,2024-01-02,10\nb,2024-01-03\n", /^stdin:3: expected 3 fields as in the header, found 2; stdin cannot be read again for the full report \(only its first 16 bytes/],
  ] as const)("past the limit, %s: exit 1, the streamed read's reason, and that stdin cannot be read again", async (_what, flags, stdin, message) => {
    stdinReplay.limit = 16;
    const { streamed, whole, fallback } = await both(["segments", "-", "--as-of", "2024-12-31", ...flags], stdin);
    expect(fallback).not.toBeNull();
    expect(whole.code).toBe(1);
    expect(streamed.code).toBe(1);
    expect(streamed.stdout).toBe("");
    expect(streamed.stderr).toMatch(message);
  });

  test("past the limit, a run that streams through gives the same output as the whole read", async () => {
    stdinReplay.limit = 16;
    const { streamed, whole, fallback } = await both(["segments", "-", ...MAP], gzipSync(Buffer.from(CSV)));
    expect(fallback).toBeNull();
    expect(streamed).toEqual(whole);
  });

  test("openSourceStream: replay gives what was read then the rest while under the limit, null past it", async () => {
    const chunks = ["ab", "cd", "ef"].map((s) => Buffer.from(s));
    const open = () => openSourceStream("-", (async function* () { yield* chunks; })(), false, "summary", NO_PROGRESS);
    stdinReplay.limit = 4;
    const s = open();
    const it = s.chunks[Symbol.asyncIterator]();
    await it.next(); // the first two bytes decide gzip or not: "ab" read
    await it.next(); // "cd"
    const again: string[] = [];
    for await (const c of s.replay!()!) again.push(String(c));
    expect(again.join("")).toBe("abcdef");
    stdinReplay.limit = 3;
    const t = open();
    for await (const _ of t.chunks);
    expect(t.replay!()).toBeNull();
  });
});
