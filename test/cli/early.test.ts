// The input begun before the modules load (src/cli/early.ts): which runs begin it, that a run takes it
// only for its own file, and that what it gives (chunks, errors) is what the stream opened later gives.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, test } from "vitest";
import { COMMANDS } from "../../src/cli/commands/index.js";
import { dropEarlyInput, fileSource, startEarlyInput, STREAMING_COMMANDS, takeEarlyInput } from "../../src/cli/early.js";
import { NO_PROGRESS } from "../../src/cli/progress.js";
import { openSourceStream } from "../../src/cli/source.js";
import { CSV, FILE, MAP } from "./fixture.js";
import { cli, tempFiles } from "./helpers.js";

afterEach(() => dropEarlyInput());

async function bytesOf(chunks: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const all: Uint8Array[] = [];
  for await (const c of chunks) all.push(c);
  return Buffer.concat(all);
}

const big = "customerId,date,amount\n" + Array.from({ length: 300_000 }, (_, i) => `c${i % 977},2024-01-${String(1 + (i % 28)).padStart(2, "0")},${i % 100}.5`).join("\n") + "\n";
const dir = tempFiles({ "big.csv.gz": gzipSync(Buffer.from(big)), "big.csv": big, "bad.csv.gz": Buffer.concat([gzipSync(Buffer.from(big)).subarray(0, 5000), Buffer.alloc(100, 7)]) });

describe("startEarlyInput", () => {
  test("the list of commands that stream is the commands whose definition has streams()", async () => {
    const streaming: string[] = [];
    for (const c of COMMANDS) if ((await c.load()).streams !== undefined) streaming.push(c.name);
    expect([...STREAMING_COMMANDS].sort()).toEqual(streaming.sort());
  });

  test("begins only for a streaming command followed by a regular file; taken once, for that file only", async () => {
    const file = join(dir, "big.csv.gz");
    for (const argv of [["segments"], ["churn", file], ["segments", "-"], ["segments", "--as-of", file], ["segments", dir], ["segments", join(dir, "missing.csv")], ["--version"], []]) {
      startEarlyInput(argv);
      expect(takeEarlyInput(file), argv.join(" ")).toBeNull();
      expect(takeEarlyInput(argv[1] ?? ""), argv.join(" ")).toBeNull();
    }
    startEarlyInput(["segments", file, "--as-of", "2024-12-31"]);
    expect(takeEarlyInput(join(dir, "big.csv"))).toBeNull();
    const taken = takeEarlyInput(file);
    expect(taken).not.toBeNull();
    expect(takeEarlyInput(file)).toBeNull();
    expect((await bytesOf(taken!)).toString() === big).toBe(true);
  });

  test("the stream begun early gives the bytes and the errors of the stream opened when asked for", async () => {
    // "whole" when the chunks make up the CSV, else the error
    const outcome = (chunks: AsyncIterable<Uint8Array>) =>
      bytesOf(chunks).then(
        (b) => (b.toString() === big ? "whole" : `${b.length} other bytes`),
        (e: Error) => `${e.name}: ${e.message}`,
      );
    for (const [name, expected] of [
      ["big.csv.gz", "whole"],
      ["big.csv", "whole"],
      ["bad.csv.gz", `DataError: ${join(dir, "bad.csv.gz")}: cannot decompress the gzip data (unexpected end of file)`],
    ]) {
      const file = join(dir, name);
      expect(await outcome(fileSource(file)), name).toBe(expected);
      startEarlyInput(["rfm", file]);
      // the read and gunzip run on while other work is done
      await new Promise((resolve) => setTimeout(resolve, 20));
      const { chunks } = openSourceStream(file, (async function* () {})(), false, "rfm", NO_PROGRESS);
      expect(await outcome(chunks), name).toBe(expected);
    }
  });

  test("a file that cannot be opened fails in the read stream, as before the file's size was asked for", async () => {
    const missing = join(dir, "missing.csv");
    await expect(bytesOf(fileSource(missing))).rejects.toMatchObject({ code: "ENOENT", syscall: "open", message: `ENOENT: no such file or directory, open '${missing}'` });
    await expect(bytesOf(fileSource(dir))).rejects.toMatchObject({ code: "EISDIR", syscall: "read" });
  });

  test("a run that streams takes it (same output); one that reads whole drops it", async () => {
    const argv = ["segments", FILE, ...MAP];
    const plain = await cli(argv);
    startEarlyInput(argv);
    const withEarly = await cli(argv);
    expect(withEarly).toEqual(plain);
    expect(takeEarlyInput(FILE)).toBeNull();
    startEarlyInput([...argv, "--on-invalid", "collect"]);
    await cli([...argv, "--on-invalid", "collect"]);
    expect(takeEarlyInput(FILE)).toBeNull();
    expect(readFileSync(FILE, "utf8")).toBe(CSV);
  });
});
