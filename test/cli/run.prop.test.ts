// Hostile input to the whole command line: arbitrary bytes (CSV-like or not), every command and the
// reading options. Whatever comes in, the run ends with 0, 1 (bad data) or 2 (bad command line),
// never 3 (an internal error), stdout stays empty on failure and stderr never carries control
// characters from the data.
import fc from "fast-check";
import { expect, test } from "vitest";
import { run } from "../../src/cli/run.js";

const odd = fc.constantFrom("", " ", '"', '""', "\u00a0", "=1+1", "\x1b[31m", "\u202e", "1e400", "-0", "NaN", "12,5", "2024-02-30", "0001-01-01", "9999-12-31", "1/2/2024");
const id = fc.oneof(fc.constantFrom("a", "b", "c", "-7", "=x", "@y", "M\u00fcller", "\x1b]0;t\x07"), odd, fc.string({ maxLength: 4 }));
const date = fc.oneof(
  fc.date({ min: new Date("2023-01-01"), max: new Date("2024-12-31"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  fc.date({ min: new Date("1900-01-01"), max: new Date("2199-12-31"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 19)),
  odd,
);
const amount = fc.oneof(fc.integer({ min: -500, max: 5000 }).map(String), fc.double({ min: -1e6, max: 1e6, noNaN: true }).map(String), odd);
const row = fc.oneof({ weight: 30, arbitrary: fc.tuple(id, date, amount).map((r) => [...r]) }, { weight: 1, arbitrary: fc.array(fc.oneof(id, odd), { minLength: 1, maxLength: 4 }) });
const csvText = fc
  .tuple(
    fc.oneof({ weight: 12, arbitrary: fc.constant("customerId,date,amount") }, { weight: 1, arbitrary: fc.constantFrom("customerId,date,amount,amount", "x", "") }),
    fc.array(row, { maxLength: 12 }),
    fc.constantFrom("\n", "\r\n", "\r"),
    fc.boolean(),
  )
  .map(([header, rows, eol, quoted]) => Buffer.from([header, ...rows.map((r) => r.map((c) => (quoted || /[",\r\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(","))].join(eol) + eol, "utf8"));
const bytes = fc.oneof(
  { weight: 8, arbitrary: csvText },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)) },
  { weight: 1, arbitrary: csvText.map((b) => Buffer.concat([b, Buffer.from([0xff, 0xc3])])) },
);
const argv = fc.tuple(
  fc.constantFrom("summary", "rfm", "segments", "abc", "pyramid", "churn", "cohorts", "clusters"),
  fc.subarray(["--on-invalid skip", "--on-invalid skip", "--refunds exclude", "--after-as-of ignore", "--encoding latin1", "-q", "--silent"]),
  fc.constantFrom(["--format", "csv"], ["--format", "csv", "--no-excel-safe"], ["--format", "table"], ["--format", "json"]),
  fc.oneof({ weight: 12, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.constantFrom(["--delimiter", ";"], ["--delimiter", "\n"], ["--delimiter", "\r"], ["--delimiter", "\t"], ["--delimiter", "whitespace"], ["--delimiter", "\u0085"]) }),
  fc.oneof({ weight: 8, arbitrary: fc.constantFrom("2024-12-31", "2025-06-30") }, { weight: 1, arbitrary: fc.constantFrom("2024-02-30", "1970-01-01") }),
);

test("every input ends in exit 0, 1 or 2 with its one-line error, never an internal error", async () => {
  let tried = 0;
  const codes: Record<number, number> = {};
  await fc.assert(
    fc.asyncProperty(bytes, argv, async (input, [command, flags, format, delimiter, asOf]) => {
      tried++;
      let stdout = "";
      let stderr = "";
      const code = await run([command, "-", "--as-of", asOf, ...format, ...delimiter, ...flags.flatMap((f) => f.split(" "))], {
        stdin: (async function* () {
          yield input;
        })(),
        stdout: (t) => (stdout += t),
        stderr: (t) => (stderr += t),
      });
      codes[code] = (codes[code] ?? 0) + 1;
      expect(stderr, stderr).not.toContain("internal error");
      expect([0, 1, 2]).toContain(code);
      if (code !== 0) expect(stdout).toBe("");
      expect(stderr).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/);
    }),
    { numRuns: 1500 },
  );
  expect(tried).toBe(1500);
  // the inputs reach every outcome: results, data errors and usage errors
  expect(codes[0]).toBeGreaterThan(50);
  expect(codes[1]).toBeGreaterThan(50);
  expect(codes[2]).toBeGreaterThan(50);
}, 300_000);
