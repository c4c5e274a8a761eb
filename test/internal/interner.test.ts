import fc from "fast-check";
import { expect, test } from "vitest";
import { hashString, isDistinct, markDistinct, OwnCodes, StringInterner, unmarkDistinct } from "../../src/internal/interner.js";

test("the interner gives the same codes as a Map, through growth and hash collisions", () => {
  fc.assert(
    fc.property(fc.array(fc.string({ maxLength: 4 }), { maxLength: 3000 }), fc.integer({ min: 1, max: 64 }), (strings, expected) => {
      const table = new StringInterner(expected);
      const map = new Map<string, number>();
      for (const s of strings) {
        if (!map.has(s)) map.set(s, map.size);
        expect(table.intern(s)).toBe(map.get(s));
      }
      expect(table.size).toBe(map.size);
      expect(table.keys).toEqual([...map.keys()]);
      for (const s of strings) expect(table.get(s)).toBe(map.get(s));
      expect(table.get("not there, longer than four")).toBe(-1);
    }),
  );
});

test("takeKeys hands over the strings by code without a copy of more than size entries", () => {
  const interner = new StringInterner(4);
  const words = ["b", "a", "b", "c", "a", "d", "e", "f", "g"];
  for (const w of words) interner.intern(w);
  const copy = interner.keys;
  const taken = interner.takeKeys();
  expect(taken).toEqual(["b", "a", "c", "d", "e", "f", "g"]);
  expect(taken).toEqual(copy);
  expect(taken).toHaveLength(7);
});

test("OwnCodes is a dictionary of its length alone", () => {
  const own = new OwnCodes();
  expect(own.length).toBe(0);
  own.length = 5;
  expect(Object.keys(own)).toEqual(["length"]);
});

test("a distinct StringInterner hands out codes in order without a table, and distrust keeps them", () => {
  fc.assert(
    fc.property(fc.uniqueArray(fc.string(), { maxLength: 60 }), fc.array(fc.string(), { maxLength: 60 }), (fresh, later) => {
      const table = new StringInterner(4, true);
      expect(table.trusting).toBe(true);
      fresh.forEach((s, i) => expect(table.intern(s)).toBe(i));
      table.distrust();
      expect(table.trusting).toBe(false);
      const map = new Map(fresh.map((s, i) => [s, i]));
      for (const s of later) {
        if (!map.has(s)) map.set(s, map.size);
        expect(table.intern(s)).toBe(map.get(s));
      }
      expect(table.keys).toEqual([...map.keys()]);
      for (const s of fresh) expect(table.get(s)).toBe(map.get(s));
    }),
  );
});

test("get on a distinct StringInterner builds its table first", () => {
  const table = new StringInterner(2, true);
  table.intern("a");
  table.intern("b");
  expect(table.get("b")).toBe(1);
  expect(table.trusting).toBe(false);
  expect(table.intern("a")).toBe(0);
});

test("markDistinct marks one array until unmarkDistinct", () => {
  const a = ["x", "y"];
  expect(isDistinct(a)).toBe(false);
  markDistinct(a);
  expect(isDistinct(a)).toBe(true);
  expect(isDistinct([...a])).toBe(false);
  unmarkDistinct(a);
  expect(isDistinct(a)).toBe(false);
});

test("internHashed with the hash computed ahead gives the codes intern gives; touch changes nothing", () => {
  // "k4uzx" / "kf2ad" share one full 32-bit hash, as do "k4uzy" / "kf2ae"
  const hostile = fc.constantFrom("k4uzx", "kf2ad", "k4uzy", "kf2ae", "__proto__", "constructor", "\ud800", "", "L".repeat(2000));
  fc.assert(
    fc.property(fc.array(fc.oneof(fc.string({ maxLength: 4 }), hostile), { maxLength: 2000 }), fc.integer({ min: 1, max: 64 }), fc.boolean(), (strings, expected, distinct) => {
      const a = new StringInterner(expected, distinct);
      const b = new StringInterner(expected, distinct);
      const hashes = Int32Array.from(strings, hashString);
      if (!distinct) a.touch(hashes, hashes.length);
      strings.forEach((s, i) => {
        if (distinct && i === 3) {
          a.distrust();
          b.distrust();
        }
        expect(a.internHashed(s, hashes[i])).toBe(b.intern(s));
      });
      expect(a.keys).toEqual(b.keys);
    }),
  );
});
