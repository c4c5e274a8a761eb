/**
 * The input file's stream, begun before the command line's modules are loaded. Loading them (some
 * 0.05 s: the library, zod, the command) keeps the main thread busy while the file could already be
 * read and inflated on the thread pool: `main.ts` calls {@link startEarlyInput} first and loads the
 * rest after, and {@link openSourceStream} takes the stream begun here when it is of the same file.
 * This module imports only Node's own modules and the CLI's errors, so nothing else is loaded before.
 */
import { createReadStream, statSync } from "node:fs";
import { Readable, pipeline } from "node:stream";
import { createGunzip, type ZlibOptions } from "node:zlib";
import { DataError } from "./errors.js";

/**
 * Bytes read from a file at a time by {@link fileSource}. Each read is a step of the main thread; for
 * gzip it feeds some 50 MB of inflated text (a dozen scan blocks) without one.
 */
export const READ_CHUNK = 1 << 23;

/**
 * The commands that can stream their input (those whose definition has `streams`; a test checks the
 * list): only for them is the input begun early. Another command reads it whole, from the start.
 */
export const STREAMING_COMMANDS: readonly string[] = ["summary", "rfm", "segments", "abc", "pyramid", "quadrants", "clusters", "choose-k"];

/** The file's chunks, read {@link READ_CHUNK} bytes at a time and inflated when gzipped. */
export function fileSource(file: string): AsyncGenerator<Uint8Array> {
  return ungzipped(fileChunks(file), file);
}

/** The stream begun by {@link startEarlyInput}: its file, and its iterator with the first chunk asked for. */
let early: { file: string; chunks: AsyncGenerator<Uint8Array>; first: Promise<IteratorResult<Uint8Array>> } | null = null;

/**
 * Begins reading the input of a run whose arguments are `argv` (without node and the script), when it
 * names a command that streams and then a regular file (`crm-analytics segments orders.csv.gz …`: the
 * first argument after the command is the input whenever it does not start with `-`). Its first chunk
 * is asked for, so the file is opened and read, and gzip inflated up to the gunzip stream's high-water
 * mark, while the modules load. Nothing is said about the file here: an error waits in the stream
 * for the run that reads it ({@link takeEarlyInput}), where it is reported as without this.
 */
export function startEarlyInput(argv: readonly string[]): void {
  const [command, file] = argv;
  if (command === undefined || file === undefined || file.startsWith("-") || !STREAMING_COMMANDS.includes(command)) return;
  try {
    if (!statSync(file).isFile()) return;
  } catch {
    return;
  }
  const chunks = fileSource(file);
  const first = chunks.next();
  // an error is the reader's to report, when the run takes the stream
  first.catch(() => {});
  early = { file, chunks, first };
}

/** The stream begun for `file` by {@link startEarlyInput} (taken: a second call gives null), or null. */
export function takeEarlyInput(file: string): AsyncGenerator<Uint8Array> | null {
  if (early === null || early.file !== file) return null;
  const { chunks, first } = early;
  early = null;
  return resumed(chunks, first);
}

/**
 * Stops the stream begun by {@link startEarlyInput} when the run reads its input otherwise (whole, by
 * flags such as `--on-invalid collect`): the file is closed and the inflated chunks are let go.
 */
export function dropEarlyInput(): void {
  if (early === null) return;
  const { chunks } = early;
  early = null;
  chunks.return(undefined).catch(() => {});
}

/** The chunks of `chunks` whose first `next()` was `first`. */
async function* resumed(chunks: AsyncGenerator<Uint8Array>, first: Promise<IteratorResult<Uint8Array>>): AsyncGenerator<Uint8Array> {
  let r = await first;
  while (r.done !== true) {
    yield r.value;
    r = await chunks.next();
  }
}

/**
 * The file's bytes, {@link READ_CHUNK} at a time, or a file smaller than that in one read of its size:
 * Node's read stream copies a read shorter than its buffer into a buffer of its own (Online Retail's
 * 7.6 MB `.gz`: 5–6 ms of the main thread). The read stream is made when the first chunk is asked
 * for and iterated at once: a stream made earlier opens the file on its own, and a missing file would
 * emit its error before anything listens (an uncaught exception instead of the CLI's message). A file
 * that cannot be looked at is left to the stream, which says why.
 */
async function* fileChunks(file: string): AsyncGenerator<Uint8Array> {
  let size = 0;
  try {
    size = statSync(file).size;
  } catch {
    // the read stream reports it
  }
  const highWaterMark = size > 0 && size < READ_CHUNK ? size : READ_CHUNK;
  yield* createReadStream(file, { highWaterMark }) as AsyncIterable<Uint8Array>;
}

/**
 * zlib's streaming gunzip inflates on the thread pool one output chunk per call, and the next call is
 * made from the main thread (when the chunk is handed over, and only while fewer than the readable
 * side's high-water mark of bytes wait). With chunks of a scan block (4 MiB, `STREAM_BLOCK`) and a mark
 * of one chunk, the next block inflates while the main thread scans this one; with 256 KiB chunks and
 * the default mark (16 KiB) one small chunk inflated per scan, and the main thread then waited for the
 * rest (Online Retail's 48 MB: 0.05 s of the run). Not a mark of two chunks: the stream's reader takes
 * all that waits as one buffer, so two waiting chunks (as when the input was begun early) were copied
 * into one of 8 MiB. `readableHighWaterMark` goes to the stream; Node's types leave it out of `ZlibOptions`.
 */
const GUNZIP_OPTIONS: ZlibOptions = { chunkSize: 1 << 22, ...{ readableHighWaterMark: 1 << 22 } };

/** gzip's first two bytes (as `isGzip` of src/csv/source.ts, not imported: see the module's comment). */
function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** The chunks, through zlib's streaming gunzip when the first two bytes are gzip's. */
export async function* ungzipped(chunks: AsyncIterable<Uint8Array>, name: string): AsyncGenerator<Uint8Array> {
  const it = chunks[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  let length = 0;
  while (length < 2) {
    const r = await it.next();
    if (r.done) break;
    head.push(r.value);
    length += r.value.length;
  }
  const first = head.length === 1 ? head[0] : Buffer.concat(head);
  if (!isGzip(first)) {
    if (first.length > 0) yield first;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield r.value;
    }
  }
  async function* raw(): AsyncGenerator<Uint8Array> {
    yield first;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield r.value;
    }
  }
  const gunzip = createGunzip(GUNZIP_OPTIONS);
  // pipeline, not pipe: an error reading the input ends the gunzip stream with it
  pipeline(Readable.from(raw(), { objectMode: false }), gunzip, () => {});
  try {
    for await (const chunk of gunzip as AsyncIterable<Uint8Array>) yield chunk;
  } catch (error) {
    throw new DataError(`${name}: cannot decompress the gzip data (${(error as Error).message})`);
  }
}
