/**
 * The bytes of a CSV input, whatever it is given as (text, bytes, a stream), decompressed when it is
 * gzip (known from its first two bytes) and decoded to UTF-8 as it arrives. Used by the command line
 * (with Node's zlib) and by `readTransactionsCsv` (with the web-standard `DecompressionStream`).
 */
import { CLI_WORDS, InputDecoder, decodeInput, type DecodedInput, type EncodingWords, type InputEncoding } from "./decode.js";
import { CsvError } from "./scan.js";
import { concatBytes, utf8Bytes } from "./text.js";

/** Decompresses gzip bytes; `name` names the input in errors. */
export type Gunzip = (bytes: Uint8Array, name: string) => Uint8Array | Promise<Uint8Array>;

/** Gzip is detected by its magic bytes (1F 8B), not the file name (a stream has none). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Gzip through the web-standard `DecompressionStream` (Node ≥ 18, Deno, browsers). A corrupt or
 * truncated stream is a {@link CsvError} (`invalid_encoding`) naming the input.
 */
export async function gunzipWeb(bytes: Uint8Array, name: string): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  try {
    const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream("gzip"));
    const reader = stream.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      length += value.length;
    }
  } catch (error) {
    throw new CsvError(name, 1, `cannot decompress the gzip data (${(error as Error)?.message ?? String(error)})`, "invalid_encoding");
  }
  return concatBytes(chunks, length);
}

/** What {@link decodeBytes} and {@link decodeStream} give: the UTF-8 bytes, and whether the input was gzip. */
export interface SourceBytes extends DecodedInput {
  gzip: boolean;
}

/** Settings of {@link decodeBytes} and {@link decodeStream}. */
export interface DecodeSettings {
  encoding: InputEncoding;
  /** The input's name in messages. */
  name: string;
  gunzip: Gunzip;
  words?: EncodingWords;
}

/** Whole bytes: decompressed when gzip, then decoded (checked when UTF-8). */
export async function decodeBytes(bytes: Uint8Array, settings: DecodeSettings): Promise<SourceBytes> {
  const gzip = isGzip(bytes);
  const raw = gzip ? await settings.gunzip(bytes, settings.name) : bytes;
  return { ...decodeInput(raw, settings.encoding, settings.name, settings.words ?? CLI_WORDS), gzip };
}

/** A web `ReadableStream` or any async iterable of chunks, as an async iterable. */
async function* chunksOf(stream: AsyncIterable<Uint8Array | string> | ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array | string> {
  if (typeof (stream as ReadableStream<Uint8Array>).getReader === "function") {
    const reader = (stream as ReadableStream<Uint8Array>).getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield value;
      }
    } finally {
      reader.releaseLock();
    }
  }
  yield* stream as AsyncIterable<Uint8Array | string>;
}

/**
 * A stream, decoded chunk by chunk as it arrives (an invalid UTF-8 byte stops it early); gzip (known
 * from the first two bytes) is gathered whole, decompressed, then decoded. Chunks may be bytes or text.
 */
export async function decodeStream(stream: AsyncIterable<Uint8Array | string> | ReadableStream<Uint8Array>, settings: DecodeSettings): Promise<SourceBytes> {
  const { encoding, name } = settings;
  const words = settings.words ?? CLI_WORDS;
  const held: Uint8Array[] = [];
  let heldLength = 0;
  let decoder: InputDecoder | null = null;
  let gzip = false;
  for await (const chunk of chunksOf(stream)) {
    const bytes = typeof chunk === "string" ? utf8Bytes(chunk) : chunk;
    if (!(bytes instanceof Uint8Array)) throw new TypeError(`expected the stream to give Uint8Array or string chunks, got ${typeof bytes}`);
    if (decoder) {
      decoder.push(bytes);
      continue;
    }
    held.push(bytes);
    heldLength += bytes.length;
    if (gzip || heldLength < 2) continue;
    const head = concatBytes(held, heldLength);
    if (isGzip(head)) {
      gzip = true;
      continue;
    }
    decoder = new InputDecoder(encoding, name, words);
    decoder.push(head);
  }
  if (gzip) return decodeBytes(concatBytes(held, heldLength), settings);
  if (!decoder) {
    decoder = new InputDecoder(encoding, name, words);
    decoder.push(concatBytes(held, heldLength));
  }
  return { ...decoder.end(), gzip: false };
}
