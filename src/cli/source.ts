/** The second step of a run: the input's bytes, from a file or stdin, decompressed when gzipped, decoded to UTF-8. */
import { readFile } from "node:fs/promises";
import { gunzipSync } from "node:zlib";
import { decodeInput, InputDecoder, type InputEncoding } from "./encoding.js";
import { DataError, UsageError } from "./errors.js";
import { NAME } from "./help.js";
import type { Progress } from "./progress.js";

/** The input's bytes (UTF-8, whatever the file's encoding) and its name in messages (the file name, or `stdin`). */
export interface Source {
  bytes: Buffer;
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
  if (file === undefined || file === "-") {
    if (file === undefined && stdinIsTTY) throw new UsageError(`no input: give a CSV file, or - to read stdin (see ${NAME} ${help} --help)`);
    progress("reading stdin");
    return readStream(stdin, encoding, progress);
  }
  progress(`reading ${file}`);
  const bytes = await readFileOrFail(file);
  const raw = isGzip(bytes) ? gunzip(bytes, file, progress) : bytes;
  const decoded = decodeInput(raw, encoding, file);
  return { bytes: decoded.bytes, name: file, notes: decoded.notes };
}

/**
 * Stdin, decoded chunk by chunk as it arrives; gzip (known from the first two bytes) is gathered
 * whole, decompressed, then decoded.
 */
async function readStream(stream: AsyncIterable<Uint8Array | string>, encoding: InputEncoding, progress: Progress): Promise<Source> {
  const name = "stdin";
  const held: Buffer[] = [];
  let heldLength = 0;
  let decoder: InputDecoder | null = null;
  let gzip = false;
  for await (const chunk of stream) {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (decoder) {
      decoder.push(bytes);
      continue;
    }
    held.push(bytes);
    heldLength += bytes.length;
    if (gzip || heldLength < 2) continue;
    const head = held.length === 1 ? held[0] : Buffer.concat(held, heldLength);
    if (isGzip(head)) {
      gzip = true;
      continue;
    }
    decoder = new InputDecoder(encoding, name);
    decoder.push(head);
  }
  if (gzip) {
    const decoded = decodeInput(gunzip(Buffer.concat(held, heldLength), name, progress), encoding, name);
    return { bytes: decoded.bytes, name, notes: decoded.notes };
  }
  if (!decoder) {
    decoder = new InputDecoder(encoding, name);
    decoder.push(Buffer.concat(held, heldLength));
  }
  const decoded = decoder.end();
  return { bytes: decoded.bytes, name, notes: decoded.notes };
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

function gunzip(bytes: Buffer, name: string, progress: Progress): Buffer {
  progress(`decompressing ${name}`);
  try {
    // The gzip trailer holds the uncompressed size (mod 2^32): one output chunk, no concatenation.
    const size = bytes.readUInt32LE(bytes.length - 4);
    return gunzipSync(bytes, { chunkSize: Math.min(Math.max(size + 1, 64 * 1024), 1 << 30) });
  } catch (error) {
    throw new DataError(`${name}: cannot decompress the gzip data (${(error as Error).message})`);
  }
}
