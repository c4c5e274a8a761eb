/**
 * The input's text encoding. The CSV reader works on UTF-8 bytes, so the input is checked (UTF-8) or
 * converted to UTF-8 (Latin-1, Windows-1252) chunk by chunk as it arrives, before any field is read:
 * bytes that are not valid UTF-8 are an error naming the line and column, never a replacement
 * character that would merge `M\xFCller` and `M\xE4ller` into one customer.
 *
 * - `utf8` (default): checked (node's `isUtf8`, the Encoding Standard's rules, as a fatal `TextDecoder`
 *   applies them, ten times faster), never decoded; a UTF-8 byte order mark is allowed (the CSV reader
 *   skips it).
 * - `latin1`, `windows-1252`: decoded as the WHATWG Encoding Standard (and so every browser) decodes
 *   both labels: Windows-1252, whose printable characters include all of ISO-8859-1's (bytes
 *   0x80–0x9F are `€ ‚ ƒ …` rather than C1 control characters). Every byte is a character: nothing
 *   can fail.
 * - A byte order mark decides, whatever the encoding option says: a UTF-8 one means UTF-8 (as the Encoding
 *   Standard's decode does); a UTF-16 one is an error (save the file as UTF-8).
 */
import { CsvError } from "./scan.js";
import { concatBytes, utf8Text } from "./text.js";

/**
 * Whether bytes are valid UTF-8. Node's `isUtf8` (ten times faster than a fatal `TextDecoder`) is
 * used once {@link useFastUtf8Check} has found it; elsewhere (Deno without Node compatibility, browsers)
 * {@link firstInvalidUtf8} decides.
 */
let isUtf8: (bytes: Uint8Array) => boolean = (bytes) => firstInvalidUtf8(bytes) === null;

/** Looks for Node's `isUtf8` (Node, Deno) and uses it from then on; without it the portable check stays. */
export async function useFastUtf8Check(): Promise<void> {
  try {
    const buffer = (await import("node:buffer")) as { isUtf8?: (bytes: Uint8Array) => boolean };
    if (typeof buffer.isUtf8 === "function") isUtf8 = buffer.isUtf8;
  } catch {
    // not in Node or Deno: the portable check
  }
}

/** How messages name the options (the command line's flags, or the API's option names). */
export interface EncodingWords {
  /** How to ask for an encoding: `--encoding latin1` or `encoding: "latin1"`. */
  encoding: (name: InputEncoding) => string;
  /** The option itself: `--encoding` or `the encoding option`. */
  encodingOption: string;
}

/** Text encodings of the input. */
export type InputEncoding = "utf8" | "latin1" | "windows-1252";

/** The encoding names the reader accepts (the first three are the documented names; the rest are aliases). */
export const ENCODING_NAMES: Readonly<Record<string, InputEncoding>> = Object.freeze({
  utf8: "utf8",
  latin1: "latin1",
  "windows-1252": "windows-1252",
  "utf-8": "utf8",
  "iso-8859-1": "latin1",
  cp1252: "windows-1252",
});

/** Slices in which a whole buffer (a file, decompressed gzip) is decoded: no whole-file string. */
export const DECODE_CHUNK = 1 << 20;

/** The result of decoding: UTF-8 bytes for the CSV reader, and what the caller should be told. */
export interface DecodedInput {
  bytes: Uint8Array;
  /** The encoding actually used (a UTF-8 byte order mark overrides the one asked for). */
  encoding: InputEncoding;
  notes: string[];
}

/**
 * Decodes an input given in chunks (stdin as it arrives, or a buffer in {@link DECODE_CHUNK} slices):
 * `push` each chunk, then `end()` for the UTF-8 bytes. `source` names the input in errors.
 */
export class InputDecoder {
  private readonly chunks: Uint8Array[] = [];
  private length = 0;
  /** The single-byte decoder (Latin-1, Windows-1252). */
  private decoder: InstanceType<typeof TextDecoder> | null = null;
  /** UTF-8: the bytes of a character cut by the previous chunk's end. */
  private carry: Uint8Array = EMPTY;
  /** Single-byte encodings: the raw input is valid UTF-8 so far, and has bytes beyond ASCII. */
  private utf8Like = true;
  private nonAscii = false;
  private used: InputEncoding;
  private readonly notes: string[] = [];
  /** Bytes held back until the first 3 are known (byte order marks). */
  private head: Uint8Array | null = EMPTY;
  /** UTF-8: an invalid sequence was seen; the rest is still read, so that {@link end} can name every line with one. */
  private failed = false;

  /**
   * With `sink`, the decoded bytes go to it as they come instead of being kept for {@link end} (a
   * stream read chunk by chunk); {@link invalidUtf8} then tells whether the input was not UTF-8.
   */
  constructor(
    private readonly encoding: InputEncoding,
    private readonly source: string,
    private readonly words: EncodingWords = CLI_WORDS,
    private readonly sink?: (bytes: Uint8Array) => void,
  ) {
    this.used = encoding;
  }

  /** Whether an invalid UTF-8 sequence was seen so far (reading UTF-8). */
  get invalidUtf8(): boolean {
    return this.failed;
  }

  /** What the caller should be told so far (a byte order mark overriding the encoding; at the end, UTF-8 read as Latin-1). */
  get notesSoFar(): readonly string[] {
    return this.notes;
  }

  /** Adds the next chunk of the input (invalid UTF-8 is reported by {@link end}, with every line that has some). */
  push(chunk: Uint8Array): void {
    if (this.head !== null) {
      const head = concatBytes([this.head, chunk]);
      if (head.length < 3) {
        this.head = head;
        return;
      }
      this.head = null;
      this.start(head);
      this.feed(head, false);
      return;
    }
    this.feed(chunk, false);
  }

  /**
   * The whole input as UTF-8 bytes. Throws an {@link EncodingError} (a {@link CsvError},
   * `invalid_encoding`) when it is not valid UTF-8: naming the first invalid sequence, with the first
   * few lines holding one and how many lines do.
   */
  end(): DecodedInput {
    if (this.head !== null) {
      const head = this.head;
      this.head = null;
      this.start(head);
      this.feed(head, false);
    }
    this.feed(new Uint8Array(0), true);
    const bytes = this.chunks.length === 0 ? EMPTY : concatBytes(this.chunks, this.length);
    if (this.failed && !this.sink) throw this.invalid(bytes);
    return { bytes, encoding: this.used, notes: this.notes };
  }

  /** Looks at the first bytes: byte order marks decide the encoding. */
  private start(head: Uint8Array): void {
    if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
      const mark = head[0] === 0xff ? "FF FE, little-endian" : "FE FF, big-endian";
      throw new CsvError(this.source, 1, `the input is UTF-16 (byte order mark ${mark}); save it as UTF-8 (for example iconv -f UTF-16 -t UTF-8)`, "invalid_encoding", 1);
    }
    if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf && this.encoding !== "utf8") {
      this.used = "utf8";
      this.notes.push(`${this.source} starts with a UTF-8 byte order mark: read as UTF-8, not ${this.words.encoding(this.encoding)}`);
    }
    if (this.used !== "utf8") this.decoder = new TextDecoder("windows-1252");
  }

  private feed(chunk: Uint8Array, last: boolean): void {
    if (this.used === "utf8") {
      // Kept as they are (the reader works on these bytes); only checked here.
      const bytes = chunk;
      if (bytes.length > 0) this.keep(bytes);
      let data = this.carry.length > 0 ? concatBytes([this.carry, bytes]) : bytes;
      this.carry = EMPTY;
      if (!last) {
        // a character cut by the chunk's end is checked with the next chunk
        const cut = completeLength(data);
        if (cut < data.length) this.carry = data.slice(cut);
        data = data.subarray(0, cut);
      }
      if (!this.failed && !isUtf8(data)) this.failed = true;
      return;
    }
    const text = this.decoder!.decode(chunk, { stream: !last });
    if (text.length > 0) this.keep(ENCODER.encode(text));
    this.watchForUtf8(chunk, last);
  }

  /**
   * Single-byte encodings: whether the raw input is also valid UTF-8 with characters beyond ASCII,
   * the mark of a UTF-8 file read as Latin-1 (`ü` would become `Ã¼`): noted at the end.
   */
  private watchForUtf8(chunk: Uint8Array, last: boolean): void {
    if (!this.utf8Like) return;
    let data = this.carry.length > 0 ? concatBytes([this.carry, chunk]) : chunk;
    this.carry = EMPTY;
    if (!last) {
      const cut = completeLength(data);
      if (cut < data.length) this.carry = data.slice(cut);
      data = data.subarray(0, cut);
    }
    if (!isUtf8(data)) this.utf8Like = false;
    else if (!this.nonAscii) this.nonAscii = data.some((b) => b >= 0x80);
    if (last && this.utf8Like && this.nonAscii) {
      this.notes.push(`${this.source} is valid UTF-8 with characters beyond ASCII: read as ${this.words.encoding(this.encoding)} as asked, which turns "ü" into "Ã¼"; leave out ${this.words.encodingOption} if the file is UTF-8`);
    }
  }

  private keep(bytes: Uint8Array): void {
    if (this.sink) {
      this.sink(bytes);
      return;
    }
    this.chunks.push(bytes);
    this.length += bytes.length;
  }

  /** The error for the input's invalid UTF-8 sequences: every line holding one is counted, the first few described. */
  private invalid(bytes: Uint8Array): EncodingError {
    const examples: EncodingProblem[] = [];
    let lines = 0;
    let lastLine = 0;
    const where = new LineCounter(bytes);
    for (let p = 0; p < bytes.length; ) {
      const bad = firstInvalidUtf8(bytes.subarray(p));
      if (bad === null) break;
      const at = { offset: p + bad.offset, length: bad.length };
      const line = where.lineAt(at.offset);
      if (line !== lastLine) {
        lines++;
        lastLine = line;
        if (examples.length < ENCODING_EXAMPLES) examples.push({ line, column: lineAndColumn(bytes, at.offset).column, detail: this.describe(bytes, at) });
      }
      p = at.offset + Math.max(at.length, 1);
    }
    // The check failed, so there is an invalid sequence; at the very end it is a truncated one.
    if (examples.length === 0) {
      const { line, column } = lineAndColumn(bytes, bytes.length);
      examples.push({ line, column, detail: this.describe(bytes, { offset: bytes.length, length: 0 }) });
      lines = 1;
    }
    return new EncodingError(this.source, examples, lines, bytes);
  }

  private describe(bytes: Uint8Array, at: { offset: number; length: number }): string {
    const shown = [...bytes.subarray(at.offset, at.offset + Math.max(at.length, 1))].map((b) => `0x${b.toString(16).toUpperCase().padStart(2, "0")}`).join(" ");
    const what = at.offset >= bytes.length ? "the input ends inside a UTF-8 character" : `invalid UTF-8 (byte${at.length > 1 ? "s" : ""} ${shown}${excerpt(bytes, at.offset, at.length)})`;
    return `${what}; if the file is not UTF-8, give its encoding: ${this.words.encoding("latin1")} or ${this.words.encoding("windows-1252")}`;
  }
}

/** How many lines with invalid bytes an {@link EncodingError} describes. */
export const ENCODING_EXAMPLES = 3;

/** One line with invalid UTF-8: where (1-based line, character column) and what. */
export interface EncodingProblem {
  line: number;
  column: number;
  detail: string;
}

/**
 * Input that is not valid UTF-8: a {@link CsvError} (`invalid_encoding`) naming the first invalid
 * sequence, with the first few lines holding one (`examples`), how many lines do (`lines`), and the
 * bytes as read (invalid sequences included), so that a caller gathering every problem of a file can
 * still read its rows.
 */
export class EncodingError extends CsvError {
  constructor(
    source: string,
    readonly examples: readonly EncodingProblem[],
    readonly lines: number,
    readonly bytes: Uint8Array,
  ) {
    super(source, examples[0].line, examples[0].detail, "invalid_encoding", examples[0].column);
    if (lines > 1) this.message += ` (and ${lines - 1} more line${lines > 2 ? "s" : ""} with bytes that are not UTF-8)`;
  }
}

/** Line numbers of increasing offsets in one pass (LF, CRLF or CR end a line, as the CSV reader counts them). */
class LineCounter {
  private pos = 0;
  private line = 1;
  constructor(private readonly bytes: Uint8Array) {}
  lineAt(offset: number): number {
    const b = this.bytes;
    for (; this.pos < offset; this.pos++) {
      const c = b[this.pos];
      if (c === 10 || (c === 13 && b[this.pos + 1] !== 10)) this.line++;
    }
    return this.line;
  }
}

const EMPTY = new Uint8Array(0);
const ENCODER = new TextEncoder();

/** The command line's words. */
export const CLI_WORDS: EncodingWords = { encoding: (name) => `--encoding ${name}`, encodingOption: "--encoding" };

/** The length of `bytes` without a UTF-8 sequence its end cuts short (at most 3 bytes are held back). */
function completeLength(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let k = 1; k <= 3 && k <= n; k++) {
    const b = bytes[n - k];
    if ((b & 0xc0) === 0x80) continue;
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > k ? n - k : n;
  }
  return n;
}

/** Decodes a whole buffer (see {@link InputDecoder}) in {@link DECODE_CHUNK} slices. */
export function decodeInput(bytes: Uint8Array, encoding: InputEncoding, source: string, words: EncodingWords = CLI_WORDS): DecodedInput {
  const decoder = new InputDecoder(encoding, source, words);
  for (let p = 0; p < bytes.length; p += DECODE_CHUNK) decoder.push(bytes.subarray(p, Math.min(p + DECODE_CHUNK, bytes.length)));
  const decoded = decoder.end();
  // UTF-8 is checked, not changed: the buffer itself, not a copy of its slices
  return decoded.encoding === "utf8" ? { ...decoded, bytes } : decoded;
}

/**
 * The first invalid UTF-8 sequence of `bytes` (offset and how many bytes it spans), by the Unicode
 * standard's rules as the Encoding Standard applies them (no overlong forms, no surrogates, nothing
 * above U+10FFFF), or null when every sequence is complete and valid. A sequence cut off by the end
 * of the bytes is reported as one at the end.
 */
export function firstInvalidUtf8(bytes: Uint8Array): { offset: number; length: number } | null {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return { offset: i, length: 1 };
    let k = 1;
    for (; k <= need; k++) {
      if (i + k >= n) return { offset: i, length: k };
      const c = bytes[i + k];
      if (c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return { offset: i, length: k };
    }
    i += need + 1;
  }
  return null;
}

/**
 * The 1-based line and column of byte `offset`: lines end with LF, CRLF or CR (as the CSV reader
 * counts them); the column counts characters (UTF-8 lead bytes), not bytes.
 */
export function lineAndColumn(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset; i++) {
    const b = bytes[i];
    if (b === 10 || (b === 13 && bytes[i + 1] !== 10)) {
      line++;
      start = i + 1;
    }
  }
  let column = 1;
  for (let i = start; i < offset; i++) if ((bytes[i] & 0xc0) !== 0x80) column++;
  return { line, column };
}

/** A few characters either side of the bad bytes, with them shown as `\xNN`: `near "M\xFCller,2024"`. */
function excerpt(bytes: Uint8Array, offset: number, length: number): string {
  let start = offset;
  while (start > 0 && offset - start < 24 && bytes[start - 1] !== 10 && bytes[start - 1] !== 13) start--;
  while (start < offset && (bytes[start] & 0xc0) === 0x80) start++;
  let end = offset + Math.max(length, 1);
  while (end < bytes.length && end - offset < 16 && bytes[end] !== 10 && bytes[end] !== 13) end++;
  return ` near "${showBytes(bytes.subarray(start, end))}"`;
}

/** Bytes as text for a message: valid UTF-8 as characters (JSON-escaped), every invalid byte as `\xNN`. */
function showBytes(bytes: Uint8Array): string {
  const text = (b: Uint8Array) => JSON.stringify(utf8Text(b)).slice(1, -1);
  let out = "";
  let p = 0;
  while (p < bytes.length) {
    const bad = firstInvalidUtf8(bytes.subarray(p));
    if (bad === null) return out + text(bytes.subarray(p));
    const end = p + bad.offset + Math.max(bad.length, 1);
    out += text(bytes.subarray(p, p + bad.offset));
    for (const b of bytes.subarray(p + bad.offset, end)) out += `\\x${b.toString(16).toUpperCase().padStart(2, "0")}`;
    p = end;
  }
  return out;
}
