import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  DATE_IMPLAUSIBLE,
  dateProblem,
  dayConverter,
  daysFromCivil,
  DEFAULT_DATE_BOUNDS,
  instantToEpochDay,
  isoDateFromDays,
  parseDateString,
  toEpochDay,
} from "../../src/input/dates.js";

const utc = dayConverter("t", undefined);

describe("calendar days", () => {
  test("epoch days of known dates", () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(daysFromCivil(2000, 2, 29)).toBe(11_016);
    expect(daysFromCivil(1969, 12, 31)).toBe(-1);
    expect(isoDateFromDays(19_723)).toBe("2024-01-01");
    expect(isoDateFromDays(-719_468)).toBe("0000-03-01");
  });

  test("round trip and agreement with Date.UTC for every day of years 0000..9999", () => {
    fc.assert(
      fc.property(fc.integer({ min: daysFromCivil(0, 1, 1), max: daysFromCivil(9999, 12, 31) }), (d) => {
        const iso = isoDateFromDays(d);
        expect(parseDateString(iso, utc)).toBe(d);
        if (d > -700_000) expect(new Date(d * 86_400_000).toISOString().slice(0, 10)).toBe(iso);
      }),
    );
  });

  test.each([
    ["2024-02-29", 19_782],
    ["2024-02-29T23:59:59", 19_782],
    ["2024-02-29 23:59:59.999", 19_782],
    ["2024-02-29T23:59:59.5Z", 19_782],
    ["2024-02-29T22:00:00-02:00", 19_783],
    ["2024-02-29T01:00:00+0200", 19_781],
    ["2024-02-29T01:00+02", 19_781],
  ])("%s is day %i in UTC", (s, d) => {
    expect(parseDateString(s, utc)).toBe(d);
  });

  test.each(["2023-02-29", "2024-04-31", "2024-00-10", "2024-13-01", "2024-01-01T24:00:00", "2024-01-01T12:60"])("%s is impossible", (s) => {
    expect(parseDateString(s, utc)).toBe(Number.POSITIVE_INFINITY);
  });

  test.each(["", "2024-1-01", "01/02/2024", "2024/01/02", "20240102", "2024-01-02T", "2024-01-02Tnoon", "2024-01-02T10:00:00+5", "2024-01-02X"])(
    "%j is unreadable",
    (s) => {
      expect(parseDateString(s, utc)).toBeNaN();
    },
  );

  test("instants in IANA zones, across DST and Samoa's skipped day", () => {
    const sp = dayConverter("t", "America/Sao_Paulo");
    // 2018-11-04 00:00 local did not exist (DST start): 02:30Z is 2018-11-03 23:30 local (-03:00)
    expect(isoDateFromDays(sp.dayOfInstant(Date.UTC(2018, 10, 4, 2, 30)))).toBe("2018-11-03");
    expect(isoDateFromDays(sp.dayOfInstant(Date.UTC(2018, 10, 4, 3, 30)))).toBe("2018-11-04");
    const apia = dayConverter("t", "Pacific/Apia");
    // Samoa skipped 2011-12-30: 2011-12-30T10:00Z is already 2011-12-31 there (+14:00)
    expect(isoDateFromDays(apia.dayOfInstant(Date.UTC(2011, 11, 30, 10)))).toBe("2011-12-31");
    expect(isoDateFromDays(apia.dayOfInstant(Date.UTC(2011, 11, 29, 9)))).toBe("2011-12-28");
    const kolkata = dayConverter("t", "Asia/Kolkata");
    expect(isoDateFromDays(kolkata.dayOfInstant(Date.UTC(2024, 0, 1, 18, 29)))).toBe("2024-01-01");
    expect(isoDateFromDays(kolkata.dayOfInstant(Date.UTC(2024, 0, 1, 18, 30)))).toBe("2024-01-02");
  });

  test("zone results agree with Intl for random instants", () => {
    const zones = ["America/Sao_Paulo", "Asia/Kolkata", "Pacific/Apia", "Europe/London", "Australia/Lord_Howe", "America/St_Johns"];
    const convs = zones.map((z) => dayConverter("t", z));
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2035, 0, 1) }), fc.nat(zones.length - 1), (ms, k) => {
        const parts = new Intl.DateTimeFormat("en-CA", { timeZone: zones[k], year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(ms));
        expect(isoDateFromDays(convs[k].dayOfInstant(ms))).toBe(parts);
      }),
    );
  });

  test("toEpochDay reads Dates and epoch milliseconds, rejects the rest", () => {
    expect(toEpochDay(new Date(Date.UTC(2024, 0, 1, 23)), utc)).toBe(19_723);
    expect(toEpochDay(Date.UTC(2024, 0, 1, 23), utc)).toBe(19_723);
    expect(toEpochDay(new Date(Number.NaN), utc)).toBeNaN();
    expect(toEpochDay(Number.POSITIVE_INFINITY, utc)).toBeNaN();
    expect(toEpochDay(null, utc)).toBeNaN();
    expect(toEpochDay({}, utc)).toBeNaN();
  });

  test("unknown zones are a RangeError naming the function", () => {
    expect(() => dayConverter("summarizeTransactions", "Nowhere/Land")).toThrow(/^summarizeTransactions: timeZone/);
  });

  test('an empty zone is a RangeError that quotes what it got: got ""', () => {
    expect(() => dayConverter("f", "")).toThrow(RangeError);
    expect(() => dayConverter("f", "")).toThrow('f: timeZone must be an IANA time zone name such as "Europe/Berlin", got ""');
    expect(() => dayConverter("f", 5 as never)).toThrow(TypeError);
  });

  test("fractions of a millisecond are cut, never rounded, in text, in zones and in epoch numbers", () => {
    expect(parseDateString("2024-01-05T23:59:59.9999Z", utc)).toBe(19_727);
    expect(parseDateString("2024-01-05T23:59:59.99999999999Z", utc)).toBe(19_727);
    expect(parseDateString("2024-01-05T23:59:59.9995+00:00", utc)).toBe(19_727);
    expect(parseDateString("2024-01-06T00:59:59.9999+01:00", utc)).toBe(19_727);
    expect(parseDateString("2024-01-05T23:59:59.5Z", utc)).toBe(19_727);
    const tokyo = dayConverter("t", "Asia/Tokyo");
    expect(parseDateString("2024-01-05T14:59:59.9999Z", tokyo)).toBe(19_727);
    const justBefore = Date.UTC(2024, 0, 6) - 0.25;
    expect(toEpochDay(justBefore, utc)).toBe(19_727);
    expect(toEpochDay(justBefore - 9 * 3_600_000, tokyo)).toBe(19_727);
    // agrees with Date on whole milliseconds
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2199, 11, 31) }), fc.stringMatching(/^\d{1,9}$/), (ms, extra) => {
        const iso = new Date(ms).toISOString(); // ...ss.fffZ
        const longer = `${iso.slice(0, -1)}${extra}Z`;
        expect(parseDateString(longer, utc)).toBe(Math.floor(ms / 86_400_000));
      }),
    );
  });
});

describe("plausible dates", () => {
  const bounds = DEFAULT_DATE_BOUNDS;
  test("the default range is 1900-01-01 .. 2199-12-31", () => {
    expect(isoDateFromDays(bounds.from)).toBe("1900-01-01");
    expect(isoDateFromDays(bounds.to)).toBe("2199-12-31");
  });

  test("numbers and Dates near 1970-01-01 are implausible with the default range only", () => {
    expect(instantToEpochDay(1_704_412_800, utc, bounds)).toBe(DATE_IMPLAUSIBLE);
    expect(instantToEpochDay(new Date(-86_400_000), utc, bounds)).toBe(DATE_IMPLAUSIBLE);
    expect(instantToEpochDay(Date.UTC(2024, 0, 5), utc, bounds)).toBe(19_727);
    expect(instantToEpochDay(1_704_412_800, utc, { ...bounds, explicit: true })).toBe(19);
  });

  test.each([
    [1_704_412_800, "ms", /within 115 days of 1970-01-01.*it looks like epoch seconds \(2024-01-05\)/],
    [19_727, "ms", /it looks like epoch days \(2024-01-05\)/],
    [1_704_412_800_000_000, "ms", /it looks like epoch microseconds \(2024-01-05\)/],
    [1_704_412_800_000_000_000, "ms", /far outside .*it looks like epoch nanoseconds \(2024-01-05\)/],
    [1_704_412_800, "days", /epoch day 1704412800; it looks like epoch seconds \(2024-01-05\)/],
    [-2_000_000_000, "days", /epoch day -2000000000; it looks like epoch seconds/],
  ] as const)("%d read as %s gets a hint about units", (value, unit, message) => {
    const day = unit === "days" ? value : instantToEpochDay(value, utc, bounds);
    const problem = dateProblem(value, day, bounds, unit);
    expect(problem.code).toBe("implausible_date");
    expect(problem.message).toMatch(message);
    expect(problem.message).toMatch(/options\.dateRange allows other dates$/);
  });

  test("sentinel dates get the placeholder hint; unreadable and impossible text stay invalid_date", () => {
    const sentinel = dateProblem("0001-01-01", parseDateString("0001-01-01", utc), bounds, "ms");
    expect(sentinel).toEqual({ code: "implausible_date", message: "date 0001-01-01 is outside 1900-01-01..2199-12-31 (a placeholder such as 0001-01-01 or 9999-12-31?); options.dateRange allows other dates" });
    expect(dateProblem("1850-01-01", parseDateString("1850-01-01", utc), bounds, "ms").message).not.toMatch(/placeholder/);
    expect(dateProblem("2023-02-30", parseDateString("2023-02-30", utc), bounds, "ms").code).toBe("invalid_date");
    expect(dateProblem("x", parseDateString("x", utc), bounds, "ms").code).toBe("invalid_date");
  });
});
