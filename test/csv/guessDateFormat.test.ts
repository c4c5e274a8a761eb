// Guessing a file's date format from the date fields the asked format could not read (the advice of
// the command line's error when most dates fail).
import { fc, test as fcTest } from "@fast-check/vitest";
import { describe, expect, test } from "vitest";
import type { DateFormat } from "../../src/csv/fields.js";
import { guessDateFormat, readsDate } from "../../src/csv/guessDateFormat.js";

const day = fc.record({ y: fc.integer({ min: 1950, max: 2150 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) });
const time = fc.option(fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })), { nil: undefined });
const pad = (n: number) => String(n).padStart(2, "0");
const write = (format: DateFormat, { y, m, d }: { y: number; m: number; d: number }, t: [number, number] | undefined, sep = "/") => {
  const clock = t === undefined ? "" : ` ${t[0]}:${pad(t[1])}`;
  // ISO times have two-digit hours (2010-12-01 8:26 is ymd's, not ISO's)
  if (format === "iso") return `${y}-${pad(m)}-${pad(d)}${t === undefined ? "" : ` ${pad(t[0])}:${pad(t[1])}`}`;
  if (format === "ymd") return `${y}${sep}${m}${sep}${d}${clock}`;
  return format === "mdy" ? `${m}${sep}${d}${sep}${y}${clock}` : `${d}${sep}${m}${sep}${y}${clock}`;
};

describe("guessDateFormat", () => {
  fcTest.prop([fc.array(fc.tuple(day, time), { minLength: 1, maxLength: 30 })])("ISO dates read with mdy or dmy are told to be iso", (dates) => {
    for (const asked of ["mdy", "dmy"] as const) {
      const guess = guessDateFormat(dates.map(([d, t]) => write("iso", d, t)), asked);
      expect(guess?.formats).toEqual(["iso", "ymd"]);
    }
  });

  fcTest.prop([fc.array(fc.tuple(day, time), { minLength: 1, maxLength: 30 }), fc.constantFrom("mdy", "dmy")])(
    "month-first and day-first dates are told apart as soon as one day is above 12, and called both otherwise",
    (dates, format: "mdy" | "dmy") => {
      const samples = dates.map(([d, t]) => write(format, d, t));
      const guess = guessDateFormat(samples, "iso")!;
      const telling = dates.some(([d]) => d.d > 12 && d.d !== d.m);
      const other = format === "mdy" ? "dmy" : "mdy";
      if (telling && dates.filter(([d]) => d.d > 12).length > 0.1 * dates.length) expect(guess.formats).not.toContain(other);
      expect(guess.formats).toContain(format);
      // the value shown is read by the first format suggested
      expect(readsDate(guess.example, guess.formats[0])).toBe(true);
    },
  );

  test("dmy dates read as mdy fail exactly where the day is above 12: those are dmy only", () => {
    expect(guessDateFormat(["13/1/2010", "25/12/2010 10:00", "31.1.2011"], "mdy")).toEqual({ formats: ["dmy"], example: "13/1/2010", dotted: false, impossible: false });
  });

  test("nearly all (90%) must be read; days that do not exist in the asked format are bad values, not a wrong format", () => {
    const mostly = [...Array.from({ length: 9 }, (_, i) => `2010-12-0${i + 1}`), "garbage"];
    expect(guessDateFormat(mostly, "mdy")?.formats).toEqual(["iso", "ymd"]);
    expect(guessDateFormat([...mostly.slice(0, 8), "x", "y"], "mdy")?.formats).toEqual([]);
    expect(guessDateFormat(["2/30/2011", "4/31/2011"], "mdy")).toMatchObject({ formats: [], impossible: true });
    expect(guessDateFormat(["Dec 1, 2010"], "iso")).toMatchObject({ formats: [], impossible: false, example: "Dec 1, 2010" });
    expect(guessDateFormat([], "iso")).toBeNull();
  });

  test("dotted dates that both mdy and dmy read are marked (the European habit is dmy)", () => {
    expect(guessDateFormat(["1.2.2010", "3.4.2010"], "iso")).toMatchObject({ formats: ["mdy", "dmy"], dotted: true });
    expect(guessDateFormat(["1/2/2010"], "iso")).toMatchObject({ formats: ["mdy", "dmy"], dotted: false });
  });
});
