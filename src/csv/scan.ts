/**
 * A small, fast CSV reader (the one reader of the command line and of `readTransactionsCsv`). It scans the file's bytes once (no decoding of the
 * whole file, no per-field strings, no regular expressions) and records where each field of the
 * selected columns starts and ends; callers then parse numbers, dates and ids straight from the bytes
 * and decode only what they keep (distinct ids).
 *
 * Format (RFC 4180 plus what real exports do):
 * - the first non-empty line is the header; a UTF-8 byte order mark before it is skipped;
 * - fields are separated by one delimiter byte (`,` by default, `;`, tab, `|` …) or, with
 *   `delimiter: "whitespace"`, by runs of spaces and tabs (no quoting; leading/trailing blanks ignored);
 * - a field that starts with `"` is quoted: it ends at the next lone `"`, `""` inside is one quote,
 *   delimiters and line breaks inside are data; after the closing quote only a delimiter or the end of
 *   the line may follow. A quote inside an unquoted field is an ordinary character (as Python's `csv`
 *   and pandas read it);
 * - lines end with LF, CRLF or CR; the last line may lack one; empty lines are skipped;
 * - every row must have as many fields as the header (a ragged row is an error naming its line).
 *
 * Offsets are 32-bit: inputs up to 2 GiB.
 */

import type { InputIssueCode } from "../errors.js";
import { utf8Bytes, utf8Text } from "./text.js";

const QUOTE = 34;
const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;

/**
 * A malformed or unreadable CSV input: the message names the source and line (`data.csv:17: …`, with the
 * character column when known: `data.csv:17:4: …`). `code` is the library's issue code
 * (`invalid_row` for the file's structure, `invalid_encoding`, `duplicate_header`, `empty_input`).
 * `readTransactionsCsv` reports it as an `AnalyticsInputError`; the command line prints the message.
 */
export class CsvError extends Error {
  override readonly name = "CsvError";
  constructor(
    readonly source: string,
    readonly line: number,
    readonly detail: string,
    readonly code: InputIssueCode = "invalid_row",
    readonly column?: number,
  ) {
    super(`${source}:${line}${column === undefined ? "" : `:${column}`}: ${detail}`);
  }
}

/** Options of {@link readCsv}. */
export interface CsvReadOptions {
  /**
   * One ASCII character (`","` default, `";"`, `"\t"`, `"|"`), `"whitespace"` (runs of spaces/tabs), or
   * `"auto"` ({@link sniffDelimiter}).
   */
  delimiter?: string;
  /** Name of the input in error messages (file name or `-`); default `"input"`. */
  source?: string;
  /**
   * Which columns to keep, given the header and the line it is on: indices into it. Default all. Only kept columns have
   * field offsets, so selecting few columns of a wide file saves memory.
   */
  select?: (header: readonly string[], headerLine: number) => readonly number[];
}

/**
 * Field offsets of one column. The kept columns share one array, interleaved by row: field `i` of
 * this column is `bytes[offsets[i * stride + first], offsets[i * stride + first + 1])`. A negative
 * start `~s` marks a quoted field holding `""` (to be undone when decoding).
 */
export interface CsvColumn {
  readonly offsets: Int32Array;
  readonly stride: number;
  readonly first: number;
}

/** The result of {@link readCsv}: header, row count, line of each row, and offsets of the kept columns. */
export interface CsvTable {
  readonly bytes: Uint8Array;
  readonly source: string;
  readonly header: readonly string[];
  /** 1-based line of the header (after any empty lines). */
  readonly headerLine: number;
  /** Number of data rows. */
  readonly rows: number;
  /** 1-based line on which each data row starts (rows can span lines inside quotes). */
  readonly lines: Int32Array;
  /** Offsets of a kept column by header index (`undefined` for columns not selected). */
  readonly columns: readonly (CsvColumn | undefined)[];
}

/** The delimiter byte of an option value, or -1 for whitespace. */
export function delimiterByte(delimiter: string): number {
  if (delimiter === "whitespace") return -1;
  if (delimiter.length !== 1 || delimiter.charCodeAt(0) > 127) {
    throw new RangeError(`readCsv: delimiter must be one ASCII character or "whitespace", got ${JSON.stringify(delimiter)}`);
  }
  const c = delimiter.charCodeAt(0);
  if (c === QUOTE || c === LF || c === CR) throw new RangeError(`readCsv: delimiter cannot be ${JSON.stringify(delimiter)}`);
  return c;
}

/** Delimiters {@link sniffDelimiter} chooses from, in order of preference on a tie. */
export const SNIFFED_DELIMITERS: readonly string[] = [",", ";", "\t", "|"];

/**
 * Guesses the delimiter from the header line (the first non-empty line, after a byte order mark):
 * whichever of `,` `;` tab `|` occurs most often outside quotes, preferring that order on a tie; `,`
 * when none occurs (a one-column file). A header is text the exporter wrote, so its separators are
 * the file's; data lines are not looked at (a description may hold any of them).
 */
export function sniffDelimiter(input: Uint8Array | string): string {
  const bytes = asBytes(input);
  const n = Math.min(bytes.length, 1 << 20);
  let p = n >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (p < n && (bytes[p] === LF || bytes[p] === CR)) p++;
  const counts = SNIFFED_DELIMITERS.map(() => 0);
  const codes = SNIFFED_DELIMITERS.map((d) => d.charCodeAt(0));
  let quoted = false;
  for (; p < n; p++) {
    const c = bytes[p];
    if (c === QUOTE) quoted = !quoted;
    else if (!quoted && (c === LF || c === CR)) break;
    else if (!quoted) {
      const k = codes.indexOf(c);
      if (k >= 0) counts[k]++;
    }
  }
  let best = 0;
  for (let k = 1; k < counts.length; k++) if (counts[k] > counts[best]) best = k;
  return SNIFFED_DELIMITERS[best];
}

function asBytes(input: Uint8Array | string): Uint8Array {
  return typeof input === "string" ? utf8Bytes(input) : input;
}

/** Text of a field given its stored offsets (quotes already stripped; `""` undone when flagged). */
export function decodeField(bytes: Uint8Array, start: number, end: number): string {
  if (start >= 0) return utf8Text(bytes, start, end);
  return utf8Text(bytes, ~start, end).replaceAll('""', '"');
}

/** Text of field `row` of a kept column. */
export function fieldText(table: CsvTable, column: number, row: number): string {
  const col = table.columns[column];
  if (!col) throw new RangeError(`column ${column} was not selected`);
  const o = row * col.stride + col.first;
  return decodeField(table.bytes, col.offsets[o], col.offsets[o + 1]);
}

/** Every row as strings (header excluded), for small inputs and tests. */
export function tableRows(table: CsvTable): string[][] {
  const out: string[][] = new Array(table.rows);
  for (let r = 0; r < table.rows; r++) {
    const row: string[] = [];
    for (let c = 0; c < table.header.length; c++) if (table.columns[c]) row.push(fieldText(table, c, r));
    out[r] = row;
  }
  return out;
}

/** Where a quoted field ends; a reused result object (no allocation per field). */
interface QuotedField {
  /** Content start (`~start` when it holds `""`) and end, position after the closing quote, line breaks inside. */
  start: number;
  end: number;
  next: number;
  newlines: number;
}

/**
 * Scans the quoted field whose opening quote is at `p` into `out`. Throws when it is never closed or
 * when something other than a delimiter or line break follows the closing quote.
 */
function scanQuoted(bytes: Uint8Array, p: number, d: number, source: string, line: number, field: number, out: QuotedField, final = true): void {
  const n = bytes.length;
  const s = p + 1;
  let k = s;
  let escaped = false;
  let e: number;
  for (;;) {
    const j = bytes.indexOf(QUOTE, k);
    if (j < 0 || (j + 1 === n && !final)) {
      // not final: the closing quote (or the quote doubling this one) may be in the next chunk
      if (!final) {
        out.next = -1;
        return;
      }
      throw new CsvError(source, line, `a quoted field is never closed (field ${field})`);
    }
    if (j + 1 < n && bytes[j + 1] === QUOTE) {
      escaped = true;
      k = j + 2;
      continue;
    }
    e = j;
    break;
  }
  let newlines = 0;
  for (let j = bytes.indexOf(LF, s); j >= 0 && j < e; j = bytes.indexOf(LF, j + 1)) newlines++;
  const next = e + 1;
  if (next < n) {
    const c = bytes[next];
    if (c !== d && c !== LF && c !== CR) {
      throw new CsvError(
        source,
        line + newlines,
        `unexpected ${JSON.stringify(String.fromCharCode(c))} after the closing quote of field ${field} (a quote inside a quoted field is written "")`,
      );
    }
  }
  out.start = escaped ? ~s : s;
  out.end = e;
  out.next = next;
  out.newlines = newlines;
}

/** Scanner position carried between the header and the body. */
interface Cursor {
  p: number;
  line: number;
}

/** Skips empty lines (for whitespace: blank ones) at the cursor; false at the end of the input. */
function skipEmptyLines(bytes: Uint8Array, cur: Cursor, blanks: boolean): boolean {
  const n = bytes.length;
  let p = cur.p;
  for (;;) {
    let q = p;
    if (blanks) while (q < n && (bytes[q] === SPACE || bytes[q] === TAB)) q++;
    if (q >= n) {
      cur.p = n;
      return false;
    }
    const c = bytes[q];
    if (c !== LF && c !== CR) {
      cur.p = p;
      return true;
    }
    p = q + 1;
    if (c === CR && p < n && bytes[p] === LF) p++;
    cur.line++;
  }
}

/**
 * Reads the header line at the cursor (which is at a non-empty line) into decoded names. Not `final`
 * (the start of a stream): null when the input does not hold the whole line yet.
 */
function readHeaderRow(bytes: Uint8Array, cur: Cursor, d: number, source: string, final = true): string[] | null {
  const n = bytes.length;
  const names: string[] = [];
  const quoted: QuotedField = { start: 0, end: 0, next: 0, newlines: 0 };
  let p = cur.p;
  let line = cur.line;
  for (;;) {
    let s: number;
    let e: number;
    if (d < 0) {
      while (p < n && (bytes[p] === SPACE || bytes[p] === TAB)) p++;
      if (p >= n && !final) return null;
      if (p >= n || bytes[p] === LF || bytes[p] === CR) break;
      s = p;
      while (p < n && bytes[p] !== SPACE && bytes[p] !== TAB && bytes[p] !== LF && bytes[p] !== CR) p++;
      e = p;
      names.push(decodeField(bytes, s, e));
      continue;
    }
    if (p < n && bytes[p] === QUOTE) {
      scanQuoted(bytes, p, d, source, line, names.length + 1, quoted, final);
      if (quoted.next < 0) return null;
      s = quoted.start;
      e = quoted.end;
      p = quoted.next;
      line += quoted.newlines;
    } else {
      s = p;
      while (p < n && bytes[p] !== d && bytes[p] !== LF && bytes[p] !== CR) p++;
      e = p;
    }
    names.push(decodeField(bytes, s, e));
    if (p >= n && !final) return null;
    if (p >= n || bytes[p] !== d) break;
    p++;
  }
  if (p < n) {
    const c = bytes[p];
    if (c === CR && p + 1 === n && !final) return null;
    p++;
    if (c === CR && p < n && bytes[p] === LF) p++;
    line++;
  }
  cur.p = p;
  cur.line = line;
  return names;
}

/** Growable row storage: line per row and interleaved offsets of the kept columns. */
interface RowStore {
  rows: number;
  lines: Int32Array;
  /** off[(row * kept + k) * 2] = start, + 1 = end. */
  off: Int32Array;
}

function growStore(store: RowStore, kept: number): void {
  const capacity = store.lines.length * 2;
  const l = new Int32Array(capacity);
  l.set(store.lines);
  store.lines = l;
  const o = new Int32Array(capacity * kept * 2);
  o.set(store.off);
  store.off = o;
}

/**
 * The hot loop: scans delimited rows from the cursor to the end, storing offsets of kept columns.
 * Returns when the input ends; throws on a ragged row or a bad quote. Not `final` (a chunk of a
 * stream): a row the chunk does not end (no line break yet, an open quote, a CR whose LF may follow)
 * is left unread, the cursor at its start, for the next chunk.
 */
function scanDelimitedBody(bytes: Uint8Array, cur: Cursor, d: number, width: number, slotOf: Int32Array, kept: number, store: RowStore, source: string, final = true): void {
  const n = bytes.length;
  const quoted: QuotedField = { start: 0, end: 0, next: 0, newlines: 0 };
  // the bytes that end an unquoted field (the delimiter, LF, CR) as a table: one load per byte in
  // the inner loop instead of three comparisons (about 10% of the scan)
  const stop = new Uint8Array(256);
  stop[d] = stop[LF] = stop[CR] = 1;
  let p = cur.p;
  let line = cur.line;
  let rows = store.rows;
  let off = store.off;
  let lines = store.lines;
  rows: while (p < n) {
    const c0 = bytes[p];
    if (c0 === LF || c0 === CR) {
      // empty line
      if (c0 === CR && p + 1 === n && !final) break;
      p++;
      if (c0 === CR && p < n && bytes[p] === LF) p++;
      line++;
      continue;
    }
    if (rows === lines.length) {
      store.rows = rows;
      growStore(store, kept);
      off = store.off;
      lines = store.lines;
    }
    const rowStart = p;
    const rowLine = line;
    const base = rows * kept * 2;
    let count = 0;
    for (;;) {
      let s: number;
      let e: number;
      if (p < n && bytes[p] === QUOTE) {
        scanQuoted(bytes, p, d, source, line, count + 1, quoted, final);
        if (quoted.next < 0) {
          p = rowStart;
          line = rowLine;
          break rows;
        }
        s = quoted.start;
        e = quoted.end;
        p = quoted.next;
        line += quoted.newlines;
      } else {
        s = p;
        while (p < n && stop[bytes[p]] === 0) p++;
        e = p;
      }
      if (count < width) {
        const k = slotOf[count];
        if (k >= 0) {
          off[base + 2 * k] = s;
          off[base + 2 * k + 1] = e;
        }
      }
      count++;
      if (p >= n || (!final && p + 1 === n && bytes[p] === CR)) {
        if (final) break;
        p = rowStart;
        line = rowLine;
        break rows;
      }
      const c = bytes[p];
      p++;
      if (c === d) continue;
      if (c === CR && p < n && bytes[p] === LF) p++;
      line++;
      break;
    }
    if (count !== width) throw new CsvError(source, rowLine, `expected ${width} field${width === 1 ? "" : "s"} as in the header, found ${count}`);
    lines[rows] = rowLine;
    rows++;
  }
  store.rows = rows;
  cur.p = p;
  cur.line = line;
}

/** Whitespace-separated rows: runs of spaces/tabs separate fields; no quoting. Not `final`: as {@link scanDelimitedBody}. */
function scanBlankBody(bytes: Uint8Array, cur: Cursor, width: number, slotOf: Int32Array, kept: number, store: RowStore, source: string, final = true): void {
  const n = bytes.length;
  let p = cur.p;
  let line = cur.line;
  rows: while (p < n) {
    let count = 0;
    const rowStart = p;
    const rowLine = line;
    if (store.rows === store.lines.length) growStore(store, kept);
    const base = store.rows * kept * 2;
    for (;;) {
      while (p < n && (bytes[p] === SPACE || bytes[p] === TAB)) p++;
      if (p >= n) {
        if (final) break;
        p = rowStart;
        line = rowLine;
        break rows;
      }
      const c = bytes[p];
      if (c === LF || c === CR) {
        if (c === CR && p + 1 === n && !final) {
          p = rowStart;
          line = rowLine;
          break rows;
        }
        p++;
        if (c === CR && p < n && bytes[p] === LF) p++;
        line++;
        break;
      }
      const s = p;
      while (p < n) {
        const b = bytes[p];
        if (b === SPACE || b === TAB || b === LF || b === CR) break;
        p++;
      }
      if (count < width) {
        const k = slotOf[count];
        if (k >= 0) {
          store.off[base + 2 * k] = s;
          store.off[base + 2 * k + 1] = p;
        }
      }
      count++;
    }
    if (count === 0) continue; // blank line
    if (count !== width) throw new CsvError(source, rowLine, `expected ${width} field${width === 1 ? "" : "s"} as in the header, found ${count}`);
    store.lines[store.rows++] = rowLine;
  }
  cur.p = p;
  cur.line = line;
}

/**
 * Reads CSV text or bytes: the header, then field offsets of the selected columns for every row.
 * Throws {@link CsvError} (naming the line) for an unterminated quote, text after a closing quote,
 * a ragged row, a missing header, or a file over 2 GiB.
 */
export function readCsv(input: Uint8Array | string, options: CsvReadOptions = {}): CsvTable {
  const bytes = asBytes(input);
  const source = options.source ?? "input";
  const n = bytes.length;
  if (n > 0x7fff_ffff) throw new CsvError(source, 1, "the input is larger than 2 GiB, which this reader does not support");
  const d = delimiterByte(options.delimiter === "auto" ? sniffDelimiter(bytes) : (options.delimiter ?? ","));
  const cur: Cursor = { p: n >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0, line: 1 };
  if (!skipEmptyLines(bytes, cur, d < 0)) throw new CsvError(source, cur.line, "no header line (the input is empty)", "empty_input");
  const headerLine = cur.line;
  const header = readHeaderRow(bytes, cur, d, source)!;
  const width = header.length;
  const selected = options.select ? options.select(header, headerLine) : header.map((_h, i) => i);
  const slotOf = slotsOf(selected, width);
  const kept = selected.length;
  const capacity = Math.max(64, Math.ceil((n - cur.p) / 48));
  const store: RowStore = { rows: 0, lines: new Int32Array(capacity), off: new Int32Array(capacity * kept * 2) };
  if (d < 0) scanBlankBody(bytes, cur, width, slotOf, kept, store, source);
  else scanDelimitedBody(bytes, cur, d, width, slotOf, kept, store, source);
  const rows = store.rows;
  const off = store.off;

  const columns: (CsvColumn | undefined)[] = new Array(width).fill(undefined);
  const offsets = off.subarray(0, rows * kept * 2);
  for (let k = 0; k < kept; k++) columns[selected[k]] = { offsets, stride: kept * 2, first: 2 * k };
  return { bytes, source, header, headerLine, rows, lines: store.lines.subarray(0, rows), columns };
}

/** The head of a chunk that {@link CsvChunkScanner.pushBlock} reads behind the carried row (the rest is read in place). */
const IN_PLACE_HEAD = 1 << 16;

/**
 * The CSV reader for a stream: chunks of UTF-8 bytes go in ({@link CsvChunkScanner.push}), tables of
 * the rows each chunk completes come out, with the same header, lines, errors and offsets as
 * {@link readCsv} on the whole input. A row the chunk does not end (a partial last line, a quoted field
 * going on, a CR whose LF may follow) is carried into the next chunk; the header is read once the
 * input holds all of it. Each table's `bytes` is the scanner's buffer (the carried row, then the
 * chunks), reused: valid until the next push; offsets are into it. Lines are counted over the whole input.
 */
export class CsvChunkScanner {
  /** The buffer the chunks are gathered in, reused: the carried row at its start, `pending` bytes long. */
  private work: Uint8Array = new Uint8Array(0);
  private pending = 0;
  private headerRead = false;
  private header: string[] = [];
  private headerLine = 0;
  private width = 0;
  private d = 44;
  private slotOf = new Int32Array(0);
  private selected: readonly number[] = [];
  private readonly cur: Cursor = { p: 0, line: 1 };
  private store: RowStore = { rows: 0, lines: new Int32Array(0), off: new Int32Array(0) };
  private total = 0;
  private ended = false;

  constructor(private readonly options: CsvReadOptions = {}) {}

  /** Data rows read so far (the index of the next table's first row). */
  get rowsRead(): number {
    return this.total;
  }

  /**
   * Adds the next chunk (`final`: it is the last; an empty final chunk ends the input). Returns the
   * rows the input now completes (`null` while the header is not complete yet).
   */
  push(chunk: Uint8Array | readonly Uint8Array[], final = false): CsvTable | null {
    if (this.ended) throw new Error("CsvChunkScanner: push after the final chunk");
    this.ended = final;
    const chunks = chunk instanceof Uint8Array ? [chunk] : chunk;
    if (this.carry > 0) {
      this.work.copyWithin(0, this.carry, this.carry + this.pending);
      this.carry = 0;
    }
    let total = this.pending;
    for (const c of chunks) total += c.length;
    const source = this.options.source ?? "input";
    if (total > 0x7fff_ffff) throw new CsvError(source, 1, "a chunk is larger than 2 GiB, which this reader does not support");
    if (total > this.work.length) {
      const grown = new Uint8Array(Math.min(Math.max(total, this.work.length * 2), 0x7fff_ffff));
      grown.set(this.work.subarray(0, this.pending));
      this.work = grown;
    }
    let at = this.pending;
    for (const c of chunks) {
      this.work.set(c, at);
      at += c.length;
    }
    const bytes = this.work.subarray(0, total);
    const cur = this.cur;
    cur.p = 0;
    if (!this.headerRead) {
      // "auto" guesses from the header line as readCsv does (its first MiB): wait until that is here
      const sniffing = this.options.delimiter === "auto" && !final && bytes.length < 1 << 20 && !lineEnds(bytes);
      if (sniffing || !this.readHeader(bytes, source, final)) {
        this.pending = total;
        return null;
      }
    }
    const kept = this.selected.length;
    const store = this.store;
    store.rows = 0;
    const need = Math.max(64, Math.ceil((bytes.length - cur.p) / 48));
    if (store.lines.length < need) {
      store.lines = new Int32Array(need);
      store.off = new Int32Array(need * kept * 2);
    }
    if (this.d < 0) scanBlankBody(bytes, cur, this.width, this.slotOf, kept, store, source, final);
    else scanDelimitedBody(bytes, cur, this.d, this.width, this.slotOf, kept, store, source, final);
    const rows = store.rows;
    this.total += rows;
    const columns: (CsvColumn | undefined)[] = new Array(this.width).fill(undefined);
    const offsets = store.off.subarray(0, rows * kept * 2);
    for (let k = 0; k < kept; k++) columns[this.selected[k]] = { offsets, stride: kept * 2, first: 2 * k };
    const table = { bytes, source, header: this.header, headerLine: this.headerLine, rows, lines: store.lines.subarray(0, rows), columns };
    this.carry = cur.p;
    this.pending = total - cur.p;
    return table;
  }

  /** Where the row left for the next push starts in the buffer (moved to its start on that push). */
  private carry = 0;
  /** The offsets of {@link pushBlock}'s second table. */
  private chunkStore: RowStore = { rows: 0, lines: new Int32Array(0), off: new Int32Array(0) };

  /**
   * As {@link push} (same rows, lines and errors), for a block that is one large chunk of a delimited
   * input: the chunk is scanned where it lies instead of copied behind the carried row. The rows that
   * the carried row and the chunk's first `head` bytes (64 KiB) complete come first, as a table over the scanner's
   * buffer; the chunk's other complete rows second, as a table over the chunk's own bytes (which must
   * stay unchanged until the next push). Both are valid until the next push; any error is thrown
   * before either is returned, as push throws before its table.
   */
  pushBlock(chunks: readonly Uint8Array[], final = false, head = IN_PLACE_HEAD): CsvTable[] {
    const c = chunks.length === 1 ? chunks[0] : null;
    if (c === null || !this.headerRead || this.d < 0 || c.length <= 2 * head) {
      const table = this.push(chunks, final);
      return table === null ? [] : [table];
    }
    const first = this.push(c.subarray(0, head), false)!;
    if (this.pending > head) {
      // no row ends in the chunk's head: the carried row goes on (read as push reads it). The first
      // table is empty then (the carry is one unfinished row), so the push overwriting its bytes is safe.
      return [first, this.push(c.subarray(head), final)!];
    }
    this.ended = final;
    const bytes = new Uint8Array(c.buffer, c.byteOffset, c.length);
    const cur = this.cur;
    cur.p = head - this.pending;
    const source = this.options.source ?? "input";
    const kept = this.selected.length;
    const store = this.chunkStore;
    store.rows = 0;
    const need = Math.max(64, Math.ceil((bytes.length - cur.p) / 48));
    if (store.lines.length < need) {
      store.lines = new Int32Array(need);
      store.off = new Int32Array(need * kept * 2);
    }
    scanDelimitedBody(bytes, cur, this.d, this.width, this.slotOf, kept, store, source, final);
    const rows = store.rows;
    this.total += rows;
    const columns: (CsvColumn | undefined)[] = new Array(this.width).fill(undefined);
    const offsets = store.off.subarray(0, rows * kept * 2);
    for (let k = 0; k < kept; k++) columns[this.selected[k]] = { offsets, stride: kept * 2, first: 2 * k };
    const second = { bytes, source, header: this.header, headerLine: this.headerLine, rows, lines: store.lines.subarray(0, rows), columns };
    // the row the chunk does not finish: after the first table's bytes (still to be read), moved to
    // the buffer's start on the next push
    const rest = bytes.length - cur.p;
    let at = this.carry;
    if (at + rest > this.work.length) {
      this.work = new Uint8Array(Math.min(Math.max(rest, this.work.length * 2), 0x7fff_ffff));
      at = 0;
    }
    this.work.set(bytes.subarray(cur.p), at);
    this.carry = at;
    this.pending = rest;
    return [first, second];
  }

  /** Reads the header (false when the input does not hold all of it yet). */
  private readHeader(bytes: Uint8Array, source: string, final: boolean): boolean {
    const n = bytes.length;
    const options = this.options;
    const d = delimiterByte(options.delimiter === "auto" ? sniffDelimiter(bytes) : (options.delimiter ?? ","));
    const cur = this.cur;
    cur.p = n >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    cur.line = 1;
    if (!final && n < 3 && (n === 0 || bytes[0] === 0xef)) return false;
    if (!skipEmptyLines(bytes, cur, d < 0)) {
      if (!final) return false;
      throw new CsvError(source, cur.line, "no header line (the input is empty)", "empty_input");
    }
    const headerLine = cur.line;
    const header = readHeaderRow(bytes, cur, d, source, final);
    if (header === null) return false;
    this.d = d;
    this.header = header;
    this.headerLine = headerLine;
    const width = (this.width = header.length);
    const selected = options.select ? options.select(header, headerLine) : header.map((_h, i) => i);
    this.slotOf = slotsOf(selected, width);
    this.selected = selected;
    this.headerRead = true;
    return true;
  }
}

function concat2(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/**
 * Whether the first line of `bytes` (after empty lines) ends in them, found as {@link sniffDelimiter}
 * finds it (quotes toggled), so that it sees what it sees on the whole input.
 */
function lineEnds(bytes: Uint8Array): boolean {
  const n = bytes.length;
  let p = n >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (p < n && (bytes[p] === LF || bytes[p] === CR)) p++;
  let quoted = false;
  for (; p < n; p++) {
    const c = bytes[p];
    if (c === QUOTE) quoted = !quoted;
    else if (!quoted && (c === LF || c === CR)) return true;
  }
  return false;
}

/** Column index → its slot among the selected columns (-1: not kept); a bad or repeated index is a RangeError. */
function slotsOf(selected: readonly number[], width: number): Int32Array<ArrayBuffer> {
  const slotOf = new Int32Array(width).fill(-1);
  for (let k = 0; k < selected.length; k++) {
    const c = selected[k];
    if (!(Number.isInteger(c) && c >= 0 && c < width) || slotOf[c] >= 0) throw new RangeError(`select returned ${c}: not a column index, or twice`);
    slotOf[c] = k;
  }
  return slotOf;
}
