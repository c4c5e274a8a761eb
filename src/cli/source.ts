/** The second step of a run: the input's bytes, from a file or stdin, decompressed when gzipped. */
import { readFile } from "node:fs/promises";
import { gunzipSync } from "node:zlib";
import { DataError, UsageError } from "./errors.js";
import { NAME } from "./help.js";
import type { Progress } from "./progress.js";

/** The input's bytes and its name in messages (the file name, or `stdin`). */
export interface Source {
  bytes: Buffer;
  name: string;
}

/**
 * Reads the input named by `file` (`-` or undefined: stdin). Without a file, a terminal on stdin is a
 * usage error (`help` names the command's help), so an interactive run does not wait for typing.
 */
export async function readSource(file: string | undefined, stdin: AsyncIterable<Uint8Array | string>, stdinIsTTY: boolean, help: string, progress: Progress): Promise<Source> {
  let source: Source;
  if (file === undefined || file === "-") {
    if (file === undefined && stdinIsTTY) throw new UsageError(`no input: give a CSV file, or - to read stdin (see ${NAME} ${help} --help)`);
    progress("reading stdin");
    source = { bytes: await readAll(stdin), name: "stdin" };
  } else {
    progress(`reading ${file}`);
    source = { bytes: await readFileOrFail(file), name: file };
  }
  return isGzip(source.bytes) ? { ...source, bytes: gunzip(source, progress) } : source;
}

async function readAll(stream: AsyncIterable<Uint8Array | string>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk, "utf8") : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  return Buffer.concat(chunks);
}

async function readFileOrFail(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    throw new DataError(`${file}: cannot read the file (${e.code === "ENOENT" ? "no such file" : (e.code ?? e.message)})`);
  }
}

/** Gzip is detected by its magic bytes, not the file name (stdin has none). */
function isGzip(bytes: Buffer): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function gunzip(source: Source, progress: Progress): Buffer {
  progress(`decompressing ${source.name}`);
  try {
    // The gzip trailer holds the uncompressed size (mod 2^32): one output chunk, no concatenation.
    const size = source.bytes.readUInt32LE(source.bytes.length - 4);
    return gunzipSync(source.bytes, { chunkSize: Math.min(Math.max(size + 1, 64 * 1024), 1 << 30) });
  } catch (error) {
    throw new DataError(`${source.name}: cannot decompress the gzip data (${(error as Error).message})`);
  }
}
