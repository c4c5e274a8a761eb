// bitCount against counting the bits one by one.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { bitCount } from "../../src/internal/bits.js";

describe("bitCount", () => {
  test("edge words", () => {
    expect([0, 1, -1, 0x80000000 | 0, 0x55555555, 0x0f0f0f0f].map(bitCount)).toEqual([0, 1, 32, 1, 16, 16]);
  });
  test("property: the number of set bits of any 32-bit integer", () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), (x) => {
        let n = 0;
        for (let b = 0; b < 32; b++) n += (x >>> b) & 1;
        expect(bitCount(x)).toBe(n);
      }),
    );
  });
});
