/**
 * String interners (id string -> dense code in order of first appearance) for the benchmarks in
 * bench/proto-interner.ts and bench/proto-columnar.ts: the `Map<string, number>` that
 * src/input/normalizeTransactions.ts uses today, and open-addressing alternatives.
 */

import { hashString, StringInterner } from "../src/internal/interner.js";

export interface Interner {
  /** Dense code of `s`, assigned in order of first appearance. */
  intern(s: string): number;
  /** Ids by code. */
  readonly keys: string[];
}

/** What src does today. */
export class MapInterner implements Interner {
  readonly keys: string[] = [];
  private readonly index = new Map<string, number>();
  intern(s: string): number {
    let c = this.index.get(s);
    if (c === undefined) {
      c = this.keys.length;
      this.index.set(s, c);
      this.keys.push(s);
    }
    return c;
  }
}

export { hashString };

/**
 * Open addressing with linear probing. `slots` holds code + 1 (0 = empty) in an Int32Array; the full
 * 32-bit hash of each key is kept by code so probes compare hashes first and touch a key string only
 * on a hash match; growth (at load 1/2) reinserts from the stored hashes without rehashing strings.
 * Memory: 4 bytes per slot + 4 bytes per key (+ the keys array, which is the `customerIds` output).
 */
export class OpenAddressingInterner implements Interner {
  readonly keys: string[] = [];
  private hashes: Int32Array;
  private slots: Int32Array;
  private mask: number;

  constructor(expected = 1024) {
    let cap = 16;
    while (cap < expected * 2) cap *= 2;
    this.slots = new Int32Array(cap);
    this.mask = cap - 1;
    this.hashes = new Int32Array(Math.max(8, expected));
  }

  intern(s: string): number {
    const h = hashString(s);
    const slots = this.slots;
    const mask = this.mask;
    let i = h & mask;
    for (;;) {
      const e = slots[i];
      if (e === 0) break;
      const c = e - 1;
      if (this.hashes[c] === h && this.keys[c] === s) return c;
      i = (i + 1) & mask;
    }
    const c = this.keys.length;
    if (c >= this.hashes.length) {
      const grown = new Int32Array(this.hashes.length * 2);
      grown.set(this.hashes);
      this.hashes = grown;
    }
    this.hashes[c] = h;
    this.keys.push(s);
    slots[i] = c + 1;
    if ((c + 1) * 2 > slots.length) this.grow();
    return c;
  }

  private grow(): void {
    const cap = this.slots.length * 2;
    const slots = new Int32Array(cap);
    const mask = cap - 1;
    const n = this.keys.length;
    for (let c = 0; c < n; c++) {
      let i = this.hashes[c] & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = c + 1;
    }
    this.slots = slots;
    this.mask = mask;
  }
}

/**
 * Variant: hash and code side by side in one Int32Array (`[hash, code + 1]` per slot), so a probe
 * reads one cache line for both. This variant went into src/: it is src's `StringInterner`.
 */
export const InterleavedInterner = StringInterner;

const STRIDE = 8; // Int32 per slot: code + 1, hash, length, 5 x two UTF-16 units (ids up to 10 units inline)
const INLINE = 10;

/**
 * Variant: short ids (up to 10 UTF-16 units) stored inline in the slot next to hash and code (32 bytes
 * per slot), so a hit compares against the slot's own cache line instead of loading the stored key
 * string from elsewhere in the heap; longer ids fall back to comparing the key string.
 */
export class InlineKeyInterner implements Interner {
  readonly keys: string[] = [];
  private table: Int32Array;
  private mask: number;

  constructor(expected = 1024) {
    let cap = 16;
    while (cap < expected * 2) cap *= 2;
    this.table = new Int32Array(cap * STRIDE);
    this.mask = cap - 1;
  }

  intern(s: string): number {
    const h = hashString(s);
    const t = this.table;
    const mask = this.mask;
    const len = s.length;
    let i = h & mask;
    for (;;) {
      const p = i * STRIDE;
      const e = t[p];
      if (e === 0) break;
      if (t[p + 1] === h && t[p + 2] === len) {
        if (len > INLINE) {
          if (this.keys[e - 1] === s) return e - 1;
        } else {
          let same = true;
          for (let k = 0, q = p + 3; k < len; k += 2, q++) {
            const pair = s.charCodeAt(k) | (k + 1 < len ? s.charCodeAt(k + 1) << 16 : 0);
            if (t[q] !== pair) {
              same = false;
              break;
            }
          }
          if (same) return e - 1;
        }
      }
      i = (i + 1) & mask;
    }
    const c = this.keys.length;
    this.keys.push(s);
    const p = i * STRIDE;
    t[p] = c + 1;
    t[p + 1] = h;
    t[p + 2] = len;
    if (len <= INLINE) for (let k = 0, q = p + 3; k < len; k += 2, q++) t[q] = s.charCodeAt(k) | (k + 1 < len ? s.charCodeAt(k + 1) << 16 : 0);
    if ((c + 1) * 2 > mask + 1) this.grow();
    return c;
  }

  private grow(): void {
    const old = this.table;
    const cap = (this.mask + 1) * 2;
    const t = new Int32Array(cap * STRIDE);
    const mask = cap - 1;
    for (let p = 0; p < old.length; p += STRIDE) {
      if (old[p] === 0) continue;
      let i = old[p + 1] & mask;
      while (t[i * STRIDE] !== 0) i = (i + 1) & mask;
      t.set(old.subarray(p, p + STRIDE), i * STRIDE);
    }
    this.table = t;
    this.mask = mask;
  }
}

/**
 * The same table with a one-entry cache of the previous row's id: consecutive rows of one order (or
 * of one customer in a sorted export) skip the hash when the string is equal to the previous one.
 */
export class OpenAddressingWithLastInterner extends OpenAddressingInterner {
  private lastKey = "";
  private lastCode = -1;
  override intern(s: string): number {
    if (s === this.lastKey) return this.lastCode;
    const c = super.intern(s);
    this.lastKey = s;
    this.lastCode = c;
    return c;
  }
}
