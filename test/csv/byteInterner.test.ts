// The CSV reader's id interner: codes in order of first appearance, equal bytes one code, whatever
// the table's growth and the pages its key records land in.
import { fc, test as prop } from "@fast-check/vitest";
import { describe, expect, test } from "vitest";
import { ByteInterner } from "../../src/csv/fields.js";
import { isDistinct, OwnCodes } from "../../src/internal/interner.js";

const encoder = new TextEncoder();

/** Codes a Map would give (first appearance), and the keys in code order. */
function reference(keys: readonly string[]): { codes: number[]; distinct: string[] } {
  const seen = new Map<string, number>();
  const codes = keys.map((k) => {
    let c = seen.get(k);
    if (c === undefined) seen.set(k, (c = seen.size));
    return c;
  });
  return { codes, distinct: [...seen.keys()] };
}

describe("ByteInterner", () => {
  const keyArb = fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.constantFrom("", "a", "ab", "O000012345", "中文", "é"),
    fc.integer({ min: 0, max: 300 }).map((n) => `C${n}`),
    // records with a 4-byte length (255 bytes or more), and longer than a small page
    fc.integer({ min: 250, max: 600 }).map((n) => "x".repeat(n)),
  );
  prop.prop([fc.array(keyArb, { maxLength: 300 }), fc.constantFrom(1, 4, 1024), fc.constantFrom(16, 64, 1 << 16), fc.boolean()])(
    "codes and keys as a Map gives them, through rehashing and small pages",
    (keys, expected, maxPage, decode) => {
      const interner = new ByteInterner(expected, decode, maxPage);
      // each key inside a larger buffer, at an offset: only bytes[s, e) count
      const codes = keys.map((k) => {
        const bytes = encoder.encode(`,,${k},`);
        return interner.intern(bytes, 2, bytes.length - 1);
      });
      const ref = reference(keys);
      expect(codes).toEqual(ref.codes);
      expect(interner.size).toBe(ref.distinct.length);
      // without decoding: no key array, the dictionary is the codes themselves (OwnCodes, length only)
      expect(interner.keys).toEqual(decode ? ref.distinct : []);
      const dictionary = interner.dictionary();
      if (decode) expect(dictionary).toBe(interner.keys);
      else {
        expect(dictionary).toBeInstanceOf(OwnCodes);
        expect(dictionary.length).toBe(ref.distinct.length);
      }
      // asked again after everything was added: the same codes
      for (let i = 0; i < keys.length; i++) {
        const bytes = encoder.encode(keys[i]);
        expect(interner.intern(bytes, 0, bytes.length)).toBe(ref.codes[i]);
      }
      expect(interner.size).toBe(ref.distinct.length);
    },
  );

  // numbered ids: the first key of at most 4 non-digit bytes then 1 to 9 digits fixes a shape; keys of it
  // are kept as numbers, the others as records, through rehashing
  const numbered = fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: 0, max: 2_000 }).map((n) => `O${String(n).padStart(9, "0")}`) },
    fc.tuple(fc.constantFrom("", "O", "C", "INV-", "ABCDE", "é"), fc.integer({ min: 0, max: 2_000 }), fc.constantFrom(1, 3, 6, 9, 10)).map(([p, n, w]) => `${p}${String(n).padStart(w, "0")}`),
    fc.constantFrom("O12a", "O", "12 ", "+12", "0", "00", "000000000", "999999999", "9999999999", "O000000000"),
  );
  prop.prop([fc.array(fc.oneof({ weight: 4, arbitrary: numbered }, { weight: 1, arbitrary: keyArb }), { minLength: 150, maxLength: 400 }), fc.constantFrom(1, 64, 100), fc.constantFrom(16, 1 << 16)])(
    "numbered keys (one shape kept as numbers, the rest as records): codes as a Map gives them, through rehashing",
    (keys, expected, maxPage) => {
      const interner = new ByteInterner(expected, false, maxPage);
      const ref = reference(keys);
      keys.forEach((k, i) => {
        const bytes = encoder.encode(`"${k}"`);
        expect(interner.intern(bytes, 1, bytes.length - 1)).toBe(ref.codes[i]);
      });
      // found again from other buffers, hashed by the reader (as the read-ahead path does)
      for (let i = keys.length - 1; i >= 0; i--) {
        const bytes = encoder.encode(keys[i]);
        interner.touchRecord(interner.touchKey(interner.touchSlot(interner.hash(bytes, 0, bytes.length))));
        expect(interner.internHashed(bytes, 0, bytes.length, interner.hash(bytes, 0, bytes.length))).toBe(ref.codes[i]);
      }
      expect(interner.size).toBe(ref.distinct.length);
    },
  );

  test("numbered order ids take no key record: 200,000 of them leave the pages empty", () => {
    const interner = new ByteInterner(16, false, 1 << 14);
    for (let i = 0; i < 200_000; i++) {
      const b = encoder.encode(`O${String((i * 7919) % 200_000).padStart(9, "0")}`);
      interner.intern(b, 0, b.length);
    }
    expect(interner.size).toBe(200_000);
    expect((interner as unknown as { pages: unknown[] }).pages).toHaveLength(0);
    const other = encoder.encode("O00000001x");
    expect(interner.intern(other, 0, other.length)).toBe(200_000);
    expect((interner as unknown as { pages: unknown[] }).pages).toHaveLength(1);
  });

  test("100,000 distinct keys over many pages and table sizes, then each found again", () => {
    const interner = new ByteInterner(16, false, 1 << 14);
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      const b = encoder.encode(`O${String(i).padStart(9, "0")}`);
      expect(interner.intern(b, 0, b.length)).toBe(i);
    }
    for (let i = n - 1; i >= 0; i -= 7) {
      const b = encoder.encode(`O${String(i).padStart(9, "0")}`);
      if (interner.intern(b, 0, b.length) !== i) throw new Error(`key ${i}`);
    }
    expect(interner.size).toBe(n);
  });
});

test("the decoded keys are marked distinct until a key that is not valid UTF-8 decodes to U+FFFD", () => {
  const interner = new ByteInterner(4);
  const keys = interner.dictionary() as string[];
  expect(keys).toBe(interner.keys);
  expect(isDistinct(keys)).toBe(true);
  interner.intern(encoder.encode("a\uFFFDb"), 0, 5);
  // a valid U+FFFD is enough to give up the mark: 0xFF below decodes to the same text
  expect(isDistinct(keys)).toBe(false);
  const other = new ByteInterner(4);
  other.intern(encoder.encode("plain"), 0, 5);
  expect(isDistinct(other.keys)).toBe(true);
  other.intern(new Uint8Array([0x61, 0xff, 0x62]), 0, 3);
  other.intern(new Uint8Array([0x61, 0xfe, 0x62]), 0, 3);
  expect(other.keys.slice(1)).toEqual(["a\uFFFDb", "a\uFFFDb"]);
  expect(isDistinct(other.keys)).toBe(false);
  expect(isDistinct(new ByteInterner(4, false).keys)).toBe(false);
});
