import fc from "fast-check";
import { expect, test } from "vitest";
import { StringInterner } from "../../src/internal/interner.js";

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
