/**
 * The second step of a run: the input's bytes, from a file or stdin, decompressed when gzipped, decoded to UTF-8.
 * Decoding is the library's (src/csv/source.ts, also behind `readTransactionsCsv`); the command line
 * decompresses with Node's zlib (about three times faster than `DecompressionStream` on large files).
 */
import { readFile } from "node:fs/promises";
import { gunzipSync } from "node:zlib";
import { useFastUtf8Check, type InputEncoding } from "../csv/decode.js";
import { decodeBytes, decodeStream } from "../csv/source.js";
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
