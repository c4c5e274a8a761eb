// Guessing a file's number format from the number fields the asked options could not read.
import { fc, test as fcTest } from "@fast-check/vitest";
import { describe, expect, test } from "vitest";
import { guessNumberFormat } from "../../src/csv/guessNumberFormat.js";

const PLAIN = { decimalComma: false, thousands: undefined } as const;

describe("guessNumberFormat", () => {
  fcTest.prop([fc.array(fc.integer({ min: 1000, max: 99_999_999 }), { minLength: 1, maxLength: 20 }), fc.integer({ min: 0, max: 99 })])(
    "German amounts (1.099,00) read without options are told to need a decimal comma and . separators",
    (wholes, cents) => {
      const samples = wholes.map((w) => `${String(w).replace(/\B(?=(\d{3})+(?!\d))/g, ".")},${String(cents).padStart(2, "0")}`);
      expect(guessNumberFormat(samples, PLAIN)).toMatchObject({ decimalComma: true, thousands: "." });
    },
  );

  test("the simplest format that reads the most: a decimal comma alone when no value is grouped", () => {
    expect(guessNumberFormat(["12,50", "3,10"], PLAIN)).toEqual({ decimalComma: true, thousands: undefined, example: "12,50" });
    expect(guessNumberFormat(["12,50", "1.099,00"], PLAIN)).toEqual({ decimalComma: true, thousands: ".", example: "1.099,00" });
    expect(guessNumberFormat(["1,099.00", "12,345.5"], PLAIN)).toMatchObject({ decimalComma: false, thousands: "," });
    // the asked format is never the answer; a decimal point with --decimal-comma on
    expect(guessNumberFormat(["12.50"], { decimalComma: true, thousands: undefined })).toMatchObject({ decimalComma: false, thousands: undefined });
    expect(guessNumberFormat(["n/a", "x"], PLAIN)).toBeNull();
    expect(guessNumberFormat([], PLAIN)).toBeNull();
  });
});
