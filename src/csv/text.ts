/**
 * Byte and text helpers of the CSV reader, on plain `Uint8Array`s (no Node `Buffer`), so the reader runs
 * the same in Node, Deno and browsers.
 */

const UTF8 = new TextDecoder();

/** UTF-8 text of `bytes[start, end)` (the bytes were checked as UTF-8 before the reader sees them). */
export function utf8Text(bytes: Uint8Array, start = 0, end = bytes.length): string {
  return UTF8.decode(bytes.subarray(start, end));
}

/** Latin-1 text of `bytes[start, end)`: one character per byte (for ASCII fields: dates, numbers). */
export function latin1Text(bytes: Uint8Array, start: number, end: number): string {
  let out = "";
  for (let i = start; i < end; i += 4096) out += String.fromCharCode.apply(null, bytes.subarray(i, Math.min(end, i + 4096)) as unknown as number[]);
  return out;
}

const ENCODER = new TextEncoder();

/** The UTF-8 bytes of a string. */
export function utf8Bytes(text: string): Uint8Array {
  return ENCODER.encode(text);
}

/** The chunks as one array (the chunk itself when there is only one). */
export function concatBytes(chunks: readonly Uint8Array[], length?: number): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const total = length ?? chunks.reduce((n, c) => n + c.length, 0);
  const out = new Uint8Array(total);
  let p = 0;
  for (const c of chunks) {
    out.set(c, p);
    p += c.length;
  }
  return out;
}
