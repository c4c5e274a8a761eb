/**
 * The second step of a run: the input's bytes, from a file or stdin, decompressed when gzipped, decoded to UTF-8.
 * Decoding is the library's (src/csv/source.ts, also behind `readTransactionsCsv`); the command line
 * decompresses with Node's zlib (about three times faster than `DecompressionStream` on large files).
 */
import { readFile } from "node:fs/promises";
import { gunzipSync } from "node:zlib";
import { useFastUtf8Check, type InputEncoding } from "../csv/decode.js";
import { decodeBytes, decodeStream } from "../csv/source.js";
import { fileSource, takeEarlyInput, ungzipped } from "./early.js";
import { utf8Bytes } from "../csv/text.js";
import { DataError, UsageError } from "./errors.js";
import { NAME } from "./help.js";
import type { Progress } from "./progress.js";

/** The input's bytes (UTF-8, whatever the file's encoding) and its name in messages (the file name, or `stdin`). */
export interface Source {
  bytes: Uint8Array;
  name: string;
  /** What the caller should be told about the input (a byte order mark that overrode --encoding). */
  notes: string[];
}

/**
 * Reads the input named by `file` (`-` or undefined: stdin), decompressed when gzipped and decoded
 * from `encoding` (checked when UTF-8) as it arrives. Without a file, a terminal on stdin is a usage
 * error (`help` names the command's help), so an interactive run does not wait for typing.
 */
export async function readSource(file: string | undefined, stdin: AsyncIterable<Uint8Array | string>, stdinIsTTY: boolean, help: string, progress: Progress, encoding: InputEncoding = "utf8"): Promise<Source> {
  await useFastUtf8Check();
  const gunzip = (bytes: Uint8Array, name: string) => gunzipNode(bytes, name, progress);
  if (file === undefined || file === "-") {
    if (file === undefined && stdinIsTTY) throw new UsageError(`no input: give a CSV file, or - to read stdin (see ${NAME} ${help} --help)`);
    progress("reading stdin");
    const decoded = await decodeStream(stdin, { encoding, name: "stdin", gunzip });
    return { bytes: decoded.bytes, name: "stdin", notes: decoded.notes };
  }
  progress(`reading ${file}`);
  const decoded = await decodeBytes(await readFileOrFail(file), { encoding, name: file, gunzip });
  return { bytes: decoded.bytes, name: file, notes: decoded.notes };
}

async function readFileOrFail(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    throw new DataError(`${file}: cannot read the file (${e.code === "ENOENT" ? "no such file" : (e.code ?? e.message)})`);
  }
}

function gunzipNode(bytes: Uint8Array, name: string, progress: Progress): Uint8Array {
  progress(`decompressing ${name}`);
  try {
    // The gzip trailer holds the uncompressed size (mod 2^32): one output chunk, no concatenation.
    const size = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(bytes.length - 4, true);
    return gunzipSync(bytes, { chunkSize: Math.min(Math.max(size + 1, 64 * 1024), 1 << 30) });
  } catch (error) {
    throw new DataError(`${name}: cannot decompress the gzip data (${(error as Error).message})`);
  }
}

/** A source read as it arrives ({@link openSourceStream}). */
export interface SourceStream {
  /** The raw bytes, decompressed when gzipped, not yet decoded. */
  chunks: AsyncIterable<Uint8Array>;
  name: string;
  /**
   * stdin as it was given, for reading it again whole (an error report that needs the whole input):
   * the chunks read so far, then the rest of stdin; null when more than {@link stdinReplay}`.limit`
   * bytes were read, so that the first chunks were not kept. Undefined for a file (read again from the file).
   */
  replay?: () => AsyncIterable<Uint8Array | string> | null;
}

/**
 * How much of stdin {@link openSourceStream} keeps for reading it again (bytes as given, before
 * decompression): past it, no chunk is kept and stdin cannot be read again, so the memory of a
 * streamed run does not grow with its stdin. Settable for tests.
 */
export const stdinReplay = { limit: 64 << 20 };

/**
 * Opens the input named by `file` (`-` or undefined: stdin) as a stream of raw chunks: a file read
 * `READ_CHUNK` bytes at a time, gzip (known from its first two bytes) through zlib's streaming
 * gunzip (src/cli/early.ts). Nothing is read before the chunks are asked for (the stream main.ts began
 * early for this file, {@link takeEarlyInput}, is taken as it is); a file that cannot be read fails there.
 * A terminal on stdin without a file is a usage error, as in {@link readSource}.
 */
export function openSourceStream(file: string | undefined, stdin: AsyncIterable<Uint8Array | string>, stdinIsTTY: boolean, help: string, progress: Progress): SourceStream {
  if (file === undefined || file === "-") {
    if (file === undefined && stdinIsTTY) throw new UsageError(`no input: give a CSV file, or - to read stdin (see ${NAME} ${help} --help)`);
    progress("reading stdin");
    const it = stdin[Symbol.asyncIterator]();
    // null once more than stdinReplay.limit bytes were read: the chunks are no longer kept
    let seen: (Uint8Array | string)[] | null = [];
    let read = 0;
    async function* recorded(): AsyncGenerator<Uint8Array> {
      for (;;) {
        const r = await it.next();
        if (r.done) return;
        const bytes = typeof r.value === "string" ? utf8Bytes(r.value) : r.value;
        if (!(bytes instanceof Uint8Array)) throw new TypeError(`expected the stream to give Uint8Array or string chunks, got ${typeof bytes}`);
        read += bytes.length;
        if (seen !== null) {
          if (read > stdinReplay.limit) seen = null;
          else seen.push(r.value);
        }
        yield bytes;
      }
    }
    async function* rest(kept: (Uint8Array | string)[]): AsyncGenerator<Uint8Array | string> {
      yield* kept;
      for (;;) {
        const r = await it.next();
        if (r.done) return;
        yield r.value;
      }
    }
    const replay = () => (seen === null ? null : rest(seen));
    return { chunks: ungzipped(recorded(), "stdin"), name: "stdin", replay };
  }
  progress(`reading ${file}`);
  // the read main.ts began before the modules were loaded, when it was of this file
  return { chunks: takeEarlyInput(file) ?? fileSource(file), name: file };
}
