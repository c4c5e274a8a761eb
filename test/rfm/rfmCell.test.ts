import { describe, expect, expectTypeOf, test } from "vitest";
import { rfmCell } from "../../src/rfm/index.js";

describe("rfmCell", () => {
  test("digits joined below 10, dashes when any score has two digits", () => {
    expect(rfmCell(5, 4, 3)).toBe("543");
    expect(rfmCell(1, 1, 1)).toBe("111");
    expect(rfmCell(10, 5, 3)).toBe("10-5-3");
    expect(rfmCell(1, 10, 10)).toBe("1-10-10");
    expect(rfmCell(9, 9, 10)).toBe("9-9-10");
  });

  test("cells are unambiguous over every score combination up to 10 bins", () => {
    const seen = new Set<string>();
    for (let r = 1; r <= 10; r++) for (let f = 1; f <= 10; f++) for (let m = 1; m <= 10; m++) seen.add(rfmCell(r, f, m));
    expect(seen.size).toBe(1000);
  });

  test("types", () => {
    expectTypeOf(rfmCell).parameters.toEqualTypeOf<[number, number, number]>();
    expectTypeOf(rfmCell).returns.toEqualTypeOf<string>();
  });
});

describe("rfmCell: scores that are not scores", () => {
  test("a RangeError naming the score, not a cell such as \"undefined-1-Infinity\"", () => {
    expect(() => rfmCell(Number.POSITIVE_INFINITY, 1, 1)).toThrow(new RangeError("rfmCell: r must be a whole score 1..10, got Infinity"));
    expect(() => rfmCell(1, undefined as never, 1)).toThrow(new RangeError("rfmCell: f must be a whole score 1..10, got undefined"));
    expect(() => rfmCell(1, 1, 11)).toThrow(RangeError);
    expect(() => rfmCell(0, 1, 1)).toThrow(RangeError);
    expect(() => rfmCell(2.5, 1, 1)).toThrow(RangeError);
  });
});
