import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { fitSbg, fitSbgCohorts } from "../../src/models/index.js";
import { isAnalyticsInputError } from "../../src/errors.js";

const ref = JSON.parse(readFileSync(new URL("../fixtures/retention/sbg_scipy.json", import.meta.url), "utf8"));
const regular: number[] = ref.cohorts.regular.alive;
const highEnd: number[] = ref.cohorts.high_end.alive;

describe("fitSbgCohorts", () => {
  test("both cohorts of the paper at once: each equals its own fitSbg and scipy's fit", () => {
    const { cohorts, meta } = fitSbgCohorts([{ cohort: "regular", alive: regular }, { cohort: "high end", alive: highEnd }], { periods: 7 });
    expect(meta).toEqual({ periods: 7 });
    expect(cohorts.map((c) => c.cohort)).toEqual(["regular", "high end"]);
    expect(cohorts[0]).toEqual({ cohort: "regular", ...fitSbg({ alive: regular }, { periods: 7 }) });
    expect(cohorts[1]).toEqual({ cohort: "high end", ...fitSbg({ alive: highEnd }, { periods: 7 }) });
    expect(Math.abs(cohorts[0].params.alpha / ref.cohorts.regular.alpha - 1)).toBeLessThan(1e-6);
    expect(Math.abs(cohorts[1].params.beta / ref.cohorts.high_end.beta - 1)).toBeLessThan(1e-6);
  });

  test("cohorts may mix counts and contracts", () => {
    const { cohorts } = fitSbgCohorts([
      { cohort: "a", alive: [10, 6, 4] },
      { cohort: "b", contracts: [{ periods: 1, ended: true }, { periods: 2, ended: false }, { periods: 3, ended: true }] },
    ]);
    expect(cohorts.map((c) => c.meta.source)).toEqual(["alive", "contracts"]);
  });

  test("errors name the cohort: bad counts, repeated or blank names, no cohorts", () => {
    const issues = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        if (isAnalyticsInputError(e)) return e.issues.map((i) => [i.code, i.path, i.message]);
        throw e;
      }
      throw new Error("did not throw");
    };
    expect(issues(() => fitSbgCohorts([{ cohort: "a", alive: [10, 6] }, { cohort: "b", alive: [10, 12] }]))).toEqual([
      ["invalid_value", ["cohorts", 1, "alive", 1], expect.stringMatching(/^cohort "b": expected at most/)],
    ]);
    expect(issues(() => fitSbgCohorts([{ cohort: "a", alive: [10, 6] }, { cohort: "a", alive: [10, 6] }]))[0].slice(0, 2)).toEqual(["invalid_value", ["cohorts", 1, "cohort"]]);
    expect(issues(() => fitSbgCohorts([{ cohort: " ", alive: [10, 6] }]))[0].slice(0, 2)).toEqual(["invalid_value", ["cohorts", 0, "cohort"]]);
    expect(issues(() => fitSbgCohorts([]))[0].slice(0, 2)).toEqual(["empty_input", ["cohorts"]]);
    expect(() => fitSbgCohorts(5 as never)).toThrow(/^fitSbgCohorts: cohorts must be an iterable/);
  });
});
