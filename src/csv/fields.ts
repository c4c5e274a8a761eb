/**
 * Field parsers that read straight from the input bytes (no string per field): decimal numbers,
 * dates in the formats the reader accepts, and an interner that turns id bytes into dense codes.
 */
import { DATE_IMPOSSIBLE, DATE_UNREADABLE, daysFromCivil, daysInMonth, parseDateString, type DayConverter } from "../input/dates.js";
import { markDistinct, OwnCodes, unmarkDistinct } from "../internal/interner.js";
import { latin1Text, utf8Text } from "./text.js";

const SPACE = 32;
const TAB = 9;
const PLUS = 43;
const MINUS = 45;
const DOT = 46;
const COMMA = 44;
const ZERO = 48;

// 10^0 … 10^22 are exact doubles: one multiplication or division by them rounds once (Clinger's fast path).
const POW10 = Array.from({ length: 23 }, (_v, i) => Number(`1e${i}`));
const MAX_EXACT = 2 ** 53;

/** Thousands separators the number reader accepts (`" "` also matches a no-break space, U+00A0 and U+202F). */
export type ThousandsSeparator = "," | "." | " " | "'";

/** The byte code of a thousands separator, or -1 for none. */
export function thousandsByte(separator: ThousandsSeparator | undefined): number {
  return separator === undefined ? -1 : separator.charCodeAt(0);
}

/**
 * Length of the thousands separator at `bytes[i]` (0 when there is none): the byte itself, or with a
 * space separator also a UTF-8 no-break space (C2 A0) or narrow no-break space (E2 80 AF).
 */
function separatorAt(bytes: Uint8Array, i: number, e: number, sep: number): number {
  const c = bytes[i];
  if (c === sep) return 1;
  if (sep !== SPACE) return 0;
  if (c === 0xc2 && i + 1 < e && bytes[i + 1] === 0xa0) return 2;
  if (c === 0xe2 && i + 2 < e && bytes[i + 1] === 0x80 && bytes[i + 2] === 0xaf) return 3;
  return 0;
}

/**
 * Reads a decimal number from `bytes[s, e)`: optional blanks around, optional sign, digits with at most
 * one decimal mark (`.`, or `,` with `decimalComma`), optional exponent. With a thousands separator
 * (`thousands`, a byte code from {@link thousandsByte}; -1 for none) the whole part may be grouped in
 * threes (`1.099,00`, `1,099.00`, `12 345`): 1–3 digits, then groups of exactly 3, each after one
 * separator; a misplaced separator (`1,09.00`, `1,0990`) gives NaN. Anything else (empty text, a
 * separator not asked for, `NaN`, hex, a `,` without `decimalComma`, a `.` with it) gives NaN. The result
 * is the correctly rounded double, as `Number()` gives.
 */
export function parseNumberBytes(bytes: Uint8Array, s: number, e: number, decimalComma: boolean, thousands = -1): number {
  while (s < e && (bytes[s] === SPACE || bytes[s] === TAB)) s++;
  while (e > s && (bytes[e - 1] === SPACE || bytes[e - 1] === TAB)) e--;
  if (s >= e) return Number.NaN;
  const mark = decimalComma ? COMMA : DOT;
  let i = s;
  let negative = false;
  const c0 = bytes[i];
  if (c0 === MINUS || c0 === PLUS) {
    negative = c0 === MINUS;
    i++;
  }
  let mantissa = 0;
  let digits = 0;
  let significant = 0;
  let fraction = 0;
  let seenMark = false;
  // thousands grouping: digits in the current group, and whether a separator was seen
  let group = 0;
  let grouped = false;
  for (; i < e; i++) {
    const c = bytes[i];
    const v = c - ZERO;
    if (v >= 0 && v <= 9) {
      digits++;
      group++;
      if (significant > 0 || v !== 0) significant++;
      mantissa = mantissa * 10 + v;
      if (seenMark) fraction++;
    } else if (c === mark && !seenMark) {
      if (grouped && group !== 3) return Number.NaN;
      seenMark = true;
    } else if (thousands >= 0 && !seenMark && group > 0 && separatorAt(bytes, i, e, thousands) > 0) {
      if (grouped ? group !== 3 : group > 3) return Number.NaN;
      grouped = true;
      group = 0;
      i += separatorAt(bytes, i, e, thousands) - 1;
    } else break;
  }
  if (digits === 0) return Number.NaN;
  if (grouped && !seenMark && group !== 3) return Number.NaN;
  const mantissaEnd = i;
  let exponent = 0;
  if (i < e) {
    const c = bytes[i];
    if (c !== 101 && c !== 69) return Number.NaN; // e, E
    i++;
    let expNegative = false;
    if (i < e && (bytes[i] === MINUS || bytes[i] === PLUS)) {
      expNegative = bytes[i] === MINUS;
      i++;
    }
    if (i >= e) return Number.NaN;
    for (; i < e; i++) {
      const v = bytes[i] - ZERO;
      if (v < 0 || v > 9) return Number.NaN;
      if (exponent < 100_000) exponent = exponent * 10 + v;
    }
    if (expNegative) exponent = -exponent;
  }
  const power = exponent - fraction;
  let value: number;
  if (significant <= 15 && mantissa < MAX_EXACT && power >= -22 && power <= 22) {
    value = power >= 0 ? mantissa * POW10[power] : mantissa / POW10[-power];
  } else {
    // Rare: long mantissas or large exponents; let the engine round (the grammar is already checked).
    let text = "";
    for (let k = s; k < mantissaEnd; k++) {
      const c = bytes[k];
      if ((c >= ZERO && c <= ZERO + 9) || c === MINUS || c === PLUS) text += String.fromCharCode(c);
      else if (c === mark) text += ".";
    }
    value = Math.abs(Number(`${text}e${exponent}`));
  }
  return negative ? -value : value;
}

/**
 * {@link parseNumberBytes}' commonest case in a function small enough to be inlined where a reader calls
 * it: an optional sign, then at most 15 digits with at most one decimal mark (`.`, or `,` with
 * `decimalComma`), nothing else (no blanks, separators or exponent). Such a number is read by the same
 * operations in the same order as `parseNumberBytes` reads it (the mantissa digit by digit, then one
 * division by 10^fraction), so the result is the same double. Anything else gives NaN, and the caller
 * reads the field with `parseNumberBytes` (which gives NaN again for a field that is not a number).
 */
export function parsePlainNumber(bytes: Uint8Array, s: number, e: number, decimalComma: boolean): number {
  if (s < 0 || e - s > 16) return Number.NaN;
  const mark = decimalComma ? COMMA : DOT;
  let i = s;
  const c0 = bytes[i];
  const negative = c0 === MINUS;
  if (negative || c0 === PLUS) i++;
  let mantissa = 0;
  let digits = 0;
  let markAt = -1;
  for (; i < e; i++) {
    const v = bytes[i] - ZERO;
    if (v >= 0 && v <= 9) {
      mantissa = mantissa * 10 + v;
      digits++;
    } else if (bytes[i] === mark && markAt < 0) markAt = i;
    else return Number.NaN;
  }
  if (digits === 0 || digits > 15) return Number.NaN;
  const fraction = markAt < 0 ? 0 : e - markAt - 1;
  const value = fraction === 0 ? mantissa * POW10[0] : mantissa / POW10[fraction];
  return negative ? -value : value;
}

/** Date formats of the CSV reader: ISO 8601 (with times and offsets), or year-month-day, month-day-year, day-month-year. */
export type DateFormat = "iso" | "ymd" | "mdy" | "dmy";

/** Reads 1–`max` digits at `i`; returns [value, next index] or null. */
function readDigits(bytes: Uint8Array, i: number, e: number, min: number, max: number): [number, number] | null {
  let v = 0;
  let k = 0;
  while (i < e && k < max) {
    const d = bytes[i] - ZERO;
    if (d < 0 || d > 9) break;
    v = v * 10 + d;
    i++;
    k++;
  }
  return k >= min ? [v, i] : null;
}

/**
 * Checks the rest of a date field: nothing, or a wall-clock time `( |T)H[H]:MM[:SS[.f…]]`. Returns 0
 * when it is fine, DATE_UNREADABLE for other text and DATE_IMPOSSIBLE for a time that does not exist
 * (hour 24, minute 60).
 */
function timeRest(bytes: Uint8Array, i: number, e: number): number {
  if (i === e) return 0;
  const sep = bytes[i];
  if (sep !== SPACE && sep !== 84) return DATE_UNREADABLE;
  const h = readDigits(bytes, i + 1, e, 1, 2);
  if (!h || h[1] >= e || bytes[h[1]] !== 58) return DATE_UNREADABLE;
  const m = readDigits(bytes, h[1] + 1, e, 2, 2);
  if (!m) return DATE_UNREADABLE;
  let j = m[1];
  let sec = 0;
  if (j < e && bytes[j] === 58) {
    const s = readDigits(bytes, j + 1, e, 2, 2);
    if (!s) return DATE_UNREADABLE;
    sec = s[0];
    j = s[1];
    if (j < e && bytes[j] === DOT) {
      const f = readDigits(bytes, j + 1, e, 1, 9);
      if (!f) return DATE_UNREADABLE;
      j = f[1];
    }
  }
  if (j !== e) return DATE_UNREADABLE;
  if (h[0] > 23 || m[0] > 59 || sec > 59) return DATE_IMPOSSIBLE;
  return 0;
}

/**
 * Reads a `ymd`, `mdy` or `dmy` date from `bytes[s, e)` into an epoch day: year with 4 digits, month
 * and day with 1 or 2, separated by one of `-`, `/`, `.` (the same twice); `ymd` also takes `YYYYMMDD`.
 * An optional wall-clock time may follow (`12/1/2010 8:26`); it does not move the day. Returns
 * DATE_UNREADABLE (NaN) for another shape and DATE_IMPOSSIBLE (+Infinity) for a date or time that
 * does not exist (`2/30/2011`, `25:00`).
 */
export function parseDayBytes(bytes: Uint8Array, s: number, e: number, format: Exclude<DateFormat, "iso">): number {
  while (s < e && bytes[s] === SPACE) s++;
  while (e > s && bytes[e - 1] === SPACE) e--;
  let year: number;
  let month: number;
  let day: number;
  let i: number;
  if (format === "ymd") {
    const y = readDigits(bytes, s, e, 4, 4);
    if (!y) return DATE_UNREADABLE;
    year = y[0];
    i = y[1];
    const sep = bytes[i];
    if (sep === MINUS || sep === 47 || sep === DOT) {
      const mo = readDigits(bytes, i + 1, e, 1, 2);
      if (!mo || bytes[mo[1]] !== sep) return DATE_UNREADABLE;
      const da = readDigits(bytes, mo[1] + 1, e, 1, 2);
      if (!da) return DATE_UNREADABLE;
      month = mo[0];
      day = da[0];
      i = da[1];
    } else {
      const mo = readDigits(bytes, i, e, 2, 2);
      const da = mo && readDigits(bytes, mo[1], e, 2, 2);
      if (!mo || !da) return DATE_UNREADABLE;
      month = mo[0];
      day = da[0];
      i = da[1];
    }
  } else {
    const a = readDigits(bytes, s, e, 1, 2);
    if (!a) return DATE_UNREADABLE;
    const sep = bytes[a[1]];
    if (sep !== MINUS && sep !== 47 && sep !== DOT) return DATE_UNREADABLE;
    const b = readDigits(bytes, a[1] + 1, e, 1, 2);
    if (!b || bytes[b[1]] !== sep) return DATE_UNREADABLE;
    const y = readDigits(bytes, b[1] + 1, e, 4, 4);
    if (!y) return DATE_UNREADABLE;
    // A fifth digit would be a longer year: not this format.
    if (y[1] < e && bytes[y[1]] - ZERO >= 0 && bytes[y[1]] - ZERO <= 9) return DATE_UNREADABLE;
    year = y[0];
    i = y[1];
    if (format === "mdy") {
      month = a[0];
      day = b[0];
    } else {
      day = a[0];
      month = b[0];
    }
  }
  const time = timeRest(bytes, i, e);
  if (time !== 0) return time;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return DATE_IMPOSSIBLE;
  return daysFromCivil(year, month, day);
}

/**
 * Reads an ISO 8601 date or date-time from `bytes[s, e)` exactly as the library does
 * (`parseDateString`: a time without offset keeps its date; `Z` or an offset makes an instant, placed
 * in the converter's zone).
 */
export function parseIsoBytes(bytes: Uint8Array, s: number, e: number, conv: DayConverter): number {
  while (s < e && bytes[s] === SPACE) s++;
  while (e > s && bytes[e - 1] === SPACE) e--;
  const len = e - s;
  if (len >= 10 && bytes[s + 4] === 45 && bytes[s + 7] === 45) {
    // YYYY-MM-DD, alone or with a wall-clock time `( |T)HH:MM[:SS]` (no offset: the date part is the
    // day), read from the bytes as parseDateString reads it, in its order of checks (no string per field)
    const year = byteDigit(bytes, s) * 1000 + byteDigit(bytes, s + 1) * 100 + byteDigit(bytes, s + 2) * 10 + byteDigit(bytes, s + 3);
    const month = byteDigit(bytes, s + 5) * 10 + byteDigit(bytes, s + 6);
    const day = byteDigit(bytes, s + 8) * 10 + byteDigit(bytes, s + 9);
    if (year < 0 || month < 0 || day < 0) return DATE_UNREADABLE;
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return DATE_IMPOSSIBLE;
    if (len === 10) return daysFromCivil(year, month, day);
    const sep = bytes[s + 10];
    if ((sep === 32 || sep === 84) && bytes[s + 13] === 58 && (len === 16 || (len === 19 && bytes[s + 16] === 58))) {
      const hour = byteDigit(bytes, s + 11) * 10 + byteDigit(bytes, s + 12);
      const minute = byteDigit(bytes, s + 14) * 10 + byteDigit(bytes, s + 15);
      const second = len === 19 ? byteDigit(bytes, s + 17) * 10 + byteDigit(bytes, s + 18) : 0;
      if (hour < 0 || minute < 0 || second < 0) return DATE_UNREADABLE;
      if (hour > 23 || minute > 59 || second > 59) return DATE_IMPOSSIBLE;
      return daysFromCivil(year, month, day);
    }
  }
  return parseDateString(latin1Text(bytes, s, e), conv);
}

/** The digit at `bytes[i]`, or -1000 (so that any sum with it is negative), as parseDateString's `digit`. */
function byteDigit(bytes: Uint8Array, i: number): number {
  const c = bytes[i] - 48;
  return c >= 0 && c <= 9 ? c : -1000;
}

/** FNV-1a over bytes, finished with murmur3's fmix32 so the low bits are well mixed. */
function hashBytes(bytes: Uint8Array, s: number, e: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = s; i < e; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Largest page of a {@link ByteInterner}'s key records (positions in a page take 24 bits). */
const MAX_PAGE = 1 << 24;

/**
 * Maps byte strings to dense codes in order of first appearance, decoding each distinct key (UTF-8)
 * once. Keys live in records of their own, so a key is the same whether it was quoted or not.
 *
 * Memory is what the keys need and little more (at 32M distinct order ids of 10 bytes: some 0.75 GB,
 * not the 1.3 GB of `[hash, code]` pairs, key offsets and a doubling arena): each key is one record
 * `[length, bytes]` appended to pages that are never copied (64 KiB first, doubling up to 16 MiB), its
 * position (page × 2^24 + offset) kept by code. The open-addressing table (linear probing, at most half
 * full) holds one 32-bit word per slot: the code in the low bits and a tag of the hash in the others
 * (8 bits up to 2^24 slots, fewer beyond; 0 is an empty slot), so that a new key costs one table line
 * and a known one reads its record only when the tags agree. {@link touchSlot} and the methods after
 * it read a key's memory ahead of {@link internHashed}, so that a reader can ask for many rows' lines at once.
 * Growing the table walks the pages in order (no random reads) and hashes the keys again.
 *
 * Numbered ids (order and invoice numbers: `O000012345`, `536365`) take no record: the first key made of
 * at most 4 non-digit bytes then 1 to 9 digits fixes a shape (that prefix, that length), and every key of
 * the shape is kept as its number in the place of its record position (a bit per code says which), so it
 * costs the table slot and 4 bytes (32M such order ids: some 0.4 GB instead of 0.75). A key is of the
 * shape or not by its bytes alone, so equal keys always take the same path and codes are as before.
 */
export class ByteInterner {
  private slots: Uint32Array;
  private mask: number;
  /** Bits of a slot that hold the code (the rest: the tag). */
  private codeBits: number;
  private positions: Uint32Array;
  /** Bit `c` set: code `c` is a key of the numeric shape, and `positions[c]` its number. */
  private numeric: Uint32Array;
  /** Length of the keys of the numeric shape (-1 until the first such key), their prefix and its length. */
  private shapeLength = -1;
  private shapePrefix = new Uint8Array(0);
  private prefixLength = 0;
  /** A key of the numeric shape rebuilt from its number, to hash it again when the table grows. */
  private shapeBytes = new Uint8Array(0);
  private readonly pages: Uint8Array[] = [];
  /** Bytes used in each page. */
  private readonly used: number[] = [];
  private page: Uint8Array = new Uint8Array(0);
  private pageUsed = 0;
  private nextPage: number;
  private count = 0;
  /** What {@link touchRecord} read, kept so that the reads are made. */
  private sink = 0;
  /** The decoded keys by code: one array, appended to (empty without decoding: see {@link dictionary}). */
  readonly keys: string[] = [];
  /** The keys as their own codes, without decoding. */
  private readonly own = new OwnCodes();

  /**
   * `expected` distinct keys size the table (it doubles past half full); `decode: false` leaves keys as
   * bytes; `maxPage` caps the pages of key records (for tests: the default is 16 MiB).
   */
  constructor(
    expected = 1024,
    private readonly decode = true,
    private readonly maxPage = MAX_PAGE,
  ) {
    let cap = 64;
    while (cap < expected * 2) cap *= 2;
    this.slots = new Uint32Array(cap);
    this.mask = cap - 1;
    this.codeBits = codeBitsOf(cap);
    this.positions = new Uint32Array(Math.max(64, Math.min(expected, 1 << 23)));
    this.numeric = new Uint32Array((this.positions.length + 31) >>> 5);
    this.nextPage = Math.min(1 << 16, maxPage);
    // distinct byte keys decode to distinct texts unless a key is not valid UTF-8 (see intern)
    if (decode) markDistinct(this.keys);
  }

  get size(): number {
    return this.count;
  }

  /**
   * The keys as a dictionary of ids (the same object each time, grown by appending): the decoded
   * {@link keys}, or without decoding an {@link OwnCodes} of {@link size} entries (each key its own code:
   * no array of numbers, 8 bytes a key, when only codes are used).
   */
  dictionary(): readonly (string | number)[] {
    if (this.decode) return this.keys;
    this.own.length = this.count;
    return this.own as unknown as readonly number[];
  }

  /** Code of `bytes[s, e)`, adding it when new. */
  intern(bytes: Uint8Array, s: number, e: number): number {
    return this.internHashed(bytes, s, e, hashBytes(bytes, s, e));
  }

  /** The hash of `bytes[s, e)` for {@link internHashed}. */
  hash(bytes: Uint8Array, s: number, e: number): number {
    return hashBytes(bytes, s, e);
  }

  /**
   * Reads ahead for the interning of a key of hash `h`: its first table slot's word (0: empty). With
   * {@link touchKey} on the word, the memory {@link internHashed} will read; a reader asks for a whole
   * window of rows' words in one short loop (loads that do not wait on each other), then their keys.
   */
  touchSlot(h: number): number {
    return this.slots[h & this.mask];
  }

  /** Reads ahead the position and record of the key in a slot word from {@link touchSlot} (0: nothing); returns its position. */
  touchKey(v: number): number {
    if (v === 0) return -1;
    const c = v & ((1 << this.codeBits) - 1 || -1);
    const r = this.positions[c];
    // a numbered key has no record: its number was the read
    return (this.numeric[c >>> 5] >>> (c & 31)) & 1 ? -1 : r;
  }

  /** Reads ahead the first byte of a key record at position `r` from {@link touchKey} (-1: nothing). */
  touchRecord(r: number): void {
    if (r >= 0) this.sink ^= this.pages[r >>> 24][r & 0xffffff];
  }

  /** {@link intern} with the key's hash from {@link hash}. */
  internHashed(bytes: Uint8Array, s: number, e: number, h: number): number {
    const len = e - s;
    const bits = this.codeBits;
    const codeMask = (1 << bits) - 1 || -1;
    const tag = tagOf(h, bits);
    const slots = this.slots;
    const mask = this.mask;
    // the key's number when it is of the numeric shape (it then equals only keys of that shape), else -1
    const value = len === this.shapeLength || this.shapeLength < 0 ? this.numberOf(bytes, s, e) : -1;
    let slot = h & mask;
    for (;;) {
      const v = slots[slot];
      if (v === 0) break;
      if (v >>> bits === tag) {
        const c = v & codeMask;
        const r = this.positions[c];
        if ((this.numeric[c >>> 5] >>> (c & 31)) & 1) {
          if (r === value) return c;
          slot = (slot + 1) & mask;
          continue;
        }
        if (value >= 0) {
          slot = (slot + 1) & mask;
          continue;
        }
        const page = this.pages[r >>> 24];
        const p = r & 0xffffff;
        let q = p + 1;
        let klen = page[p];
        if (klen === 255) {
          klen = read32(page, q);
          q += 4;
        }
        if (klen === len) {
          let k = 0;
          while (k < len && page[q + k] === bytes[s + k]) k++;
          if (k === len) return c;
        }
      }
      slot = (slot + 1) & mask;
    }
    const c = this.count++;
    slots[slot] = ((tag << bits) | c) >>> 0;
    if (c === this.positions.length) {
      const grown = new Uint32Array(c * 2);
      grown.set(this.positions);
      this.positions = grown;
      const bits = new Uint32Array((grown.length + 31) >>> 5);
      bits.set(this.numeric);
      this.numeric = bits;
    }
    if (value >= 0) {
      this.positions[c] = value;
      this.numeric[c >>> 5] |= 1 << (c & 31);
    } else this.positions[c] = this.store(bytes, s, e);
    if (this.decode) {
      const text = utf8Text(bytes, s, e);
      // invalid UTF-8 decodes to U+FFFD: two different keys may then be one text
      if (text.includes("\uFFFD")) unmarkDistinct(this.keys);
      this.keys.push(text);
    }
    if (this.count * 2 > mask + 1) this.rehash();
    return c;
  }

  /**
   * The number of `bytes[s, e)` when it is a key of the numeric shape, else -1. The first key made of
   * at most 4 non-digit bytes then 1 to 9 digits fixes the shape (its prefix and length) for good.
   */
  private numberOf(bytes: Uint8Array, s: number, e: number): number {
    if (this.shapeLength < 0) {
      let p = 0;
      while (p < 5 && s + p < e && (bytes[s + p] < 48 || bytes[s + p] > 57)) p++;
      const digits = e - s - p;
      if (p > 4 || digits < 1 || digits > 9) return -1;
      for (let i = s + p; i < e; i++) if (bytes[i] < 48 || bytes[i] > 57) return -1;
      this.shapeLength = e - s;
      this.prefixLength = p;
      this.shapePrefix = bytes.slice(s, s + p);
      this.shapeBytes = bytes.slice(s, e);
    }
    const p = this.prefixLength;
    const prefix = this.shapePrefix;
    for (let k = 0; k < p; k++) if (bytes[s + k] !== prefix[k]) return -1;
    let n = 0;
    for (let i = s + p; i < e; i++) {
      const d = bytes[i] - 48;
      if (d < 0 || d > 9) return -1;
      n = n * 10 + d;
    }
    return n;
  }

  /** The hash of the key of the numeric shape whose number is `n` (its bytes rebuilt). */
  private numberHash(n: number): number {
    const b = this.shapeBytes;
    for (let i = b.length - 1; i >= this.prefixLength; i--) {
      const q = (n / 10) | 0;
      b[i] = 48 + n - q * 10;
      n = q;
    }
    return hashBytes(b, 0, b.length);
  }

  /** Appends the record of a new key (`bytes[s, e)`); its position. */
  private store(bytes: Uint8Array, s: number, e: number): number {
    const len = e - s;
    const need = 1 + (len >= 255 ? 4 : 0) + len;
    if (this.pageUsed + need > this.page.length) {
      if (this.pages.length === 256) throw new RangeError("ByteInterner: more than 256 pages of keys (4 GiB)");
      if (this.pages.length > 0) this.used[this.pages.length - 1] = this.pageUsed;
      // a key longer than a page gets a page of its own (its record starts at 0)
      this.page = new Uint8Array(Math.max(need, this.nextPage));
      this.nextPage = Math.min(this.nextPage * 2, this.maxPage);
      this.pages.push(this.page);
      this.used.push(0);
      this.pageUsed = 0;
    }
    const page = this.page;
    const at = this.pageUsed;
    let q = at + 1;
    if (len >= 255) {
      page[at] = 255;
      page[q] = len & 0xff;
      page[q + 1] = (len >>> 8) & 0xff;
      page[q + 2] = (len >>> 16) & 0xff;
      page[q + 3] = len >>> 24;
      q += 4;
    } else page[at] = len;
    for (let k = 0; k < len; k++) page[q + k] = bytes[s + k];
    this.pageUsed = q + len;
    return (this.pages.length - 1) * 16_777_216 + at;
  }

  /** Twice the slots; the records are read page by page, in code order, and hashed again. */
  private rehash(): void {
    const cap = (this.mask + 1) * 2;
    const slots = new Uint32Array(cap);
    const mask = cap - 1;
    const bits = codeBitsOf(cap);
    if (this.pages.length > 0) this.used[this.pages.length - 1] = this.pageUsed;
    // codes in order: a numbered key's hash from its number, the others' from their records, page by page
    const numeric = this.numeric;
    const positions = this.positions;
    let pi = -1;
    let page: Uint8Array = new Uint8Array(0);
    let p = 0;
    let end = 0;
    for (let c = 0; c < this.count; c++) {
      let h: number;
      if ((numeric[c >>> 5] >>> (c & 31)) & 1) h = this.numberHash(positions[c]);
      else {
        while (p >= end) {
          page = this.pages[++pi];
          p = 0;
          end = this.used[pi];
        }
        let q = p + 1;
        let klen = page[p];
        if (klen === 255) {
          klen = read32(page, q);
          q += 4;
        }
        h = hashBytes(page, q, q + klen);
        p = q + klen;
      }
      let slot = h & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = ((tagOf(h, bits) << bits) | c) >>> 0;
    }
    this.slots = slots;
    this.mask = mask;
    this.codeBits = bits;
  }
}

/** Bits for codes in a table of `cap` slots (codes stay below cap / 2): at least 24, at most 31. */
function codeBitsOf(cap: number): number {
  let bits = 24;
  while (bits < 31 && 2 ** bits < cap) bits++;
  return bits;
}

/** The tag of a hash in a slot whose low `bits` hold the code: other bits than the slot's, never 0. */
function tagOf(h: number, bits: number): number {
  return Math.imul(h, 0x9e3779b1) >>> bits || 1;
}

/** The little-endian 32-bit value at `bytes[p]` (codes and lengths: below 2^31). */
function read32(bytes: Uint8Array, p: number): number {
  return bytes[p] | (bytes[p + 1] << 8) | (bytes[p + 2] << 16) | (bytes[p + 3] << 24);
}
