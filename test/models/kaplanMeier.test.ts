import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { kaplanMeier, type SurvivalRecord } from "../../src/models/index.js";
import { isAnalyticsInputError } from "../../src/errors.js";
import { expectEqualsR, readCsv } from "./survivalFixtures.js";

const fromCsv = (name: string): SurvivalRecord[] => readCsv(name).map((r) => ({ duration: Number(r.duration), event: r.event === "1", group: r.group }));

describe("kaplanMeier", () => {
  test("hand-made set (ties, censoring at event times, three groups): R survfit, summary and survdiff", () => {
    expectEqualsR(kaplanMeier(fromCsv("hand_input.csv")), "hand");
  });

  test("a curve at exactly 0.5 between two event times: the median is the midpoint (R's rule)", () => {
    const r = kaplanMeier([1, 2, 3, 4].map((duration) => ({ duration, event: true })));
    expect(r.meta.groups[0]).toMatchObject({ group: "all", median: 2.5 });
    expectEqualsR(r, "half");
  });

  test("Online Retail customers (lapse after 90 days), United Kingdom vs the rest: R within 1e-10, log-rank within 1e-8", () => {
    const records = fromCsv("online_retail_customers.csv");
    expect(records.length).toBe(4339);
    const r = kaplanMeier(records);
    expectEqualsR(r, "online_retail");
    expect(r.meta.transform).toBe("log");
    expect(r.meta.logRank!.df).toBe(1);
  });

  test("property: survival never rises, stays in [0, 1], the band holds S, and at-risk counts fall by what left", () => {
    const recordArb = fc.record({ duration: fc.integer({ min: 0, max: 20 }), event: fc.boolean(), group: fc.constantFrom("x", "y") });
    fc.assert(
      fc.property(fc.array(recordArb, { minLength: 1, maxLength: 80 }), (rs) => {
        const { points, meta } = kaplanMeier(rs);
        for (const g of meta.groups) {
          const ps = points.filter((p) => p.group === g.group);
          expect(ps[0].atRisk).toBe(g.subjects);
          for (let i = 0; i < ps.length; i++) {
            const p = ps[i];
            expect(p.survival).toBeGreaterThanOrEqual(0);
            expect(p.survival).toBeLessThanOrEqual(i > 0 ? ps[i - 1].survival : 1);
            if (p.lower !== null) {
              expect(p.lower).toBeLessThanOrEqual(p.survival);
              expect(p.upper!).toBeGreaterThanOrEqual(p.survival);
              expect(p.upper!).toBeLessThanOrEqual(1);
            }
            if (i > 0) expect(p.atRisk).toBe(ps[i - 1].atRisk - ps[i - 1].events - ps[i - 1].censored);
          }
        }
        if (meta.logRank) {
          expect(meta.logRank.chiSquare).toBeGreaterThanOrEqual(-1e-12);
          expect(meta.logRank.pValue).toBeGreaterThanOrEqual(0);
          expect(meta.logRank.pValue).toBeLessThanOrEqual(1);
        }
        expect(JSON.stringify({ points, meta })).not.toMatch(/NaN|Infinity/);
      }),
      { numRuns: 200, seed: 11 },
    );
  });

  test("no events: S = 1 throughout, no median; one group: no log-rank test", () => {
    const r = kaplanMeier([{ duration: 3, event: false }, { duration: 5, event: false }]);
    expect(r.points.map((p) => [p.survival, p.standardError, p.lower, p.upper])).toEqual([[1, 0, 1, 1], [1, 0, 1, 1]]);
    expect(r.meta.groups[0].median).toBeNull();
    expect(r.meta.logRank).toBeNull();
  });

  test("bad data and arguments", () => {
    const codes = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        if (isAnalyticsInputError(e)) return e.issues.map((i) => [i.code, i.path]);
        throw e;
      }
      throw new Error("did not throw");
    };
    expect(codes(() => kaplanMeier([{ duration: -1, event: true }]))).toEqual([["invalid_value", ["records", 0, "duration"]]]);
    expect(codes(() => kaplanMeier([{ duration: 1, event: 1 as unknown as boolean }]))).toEqual([["invalid_value", ["records", 0, "event"]]]);
    expect(codes(() => kaplanMeier([{ duration: 1, event: true, group: "a" }, { duration: 1, event: true }]))).toEqual([["invalid_value", ["records", 1, "group"]]]);
    expect(codes(() => kaplanMeier([]))).toEqual([["empty_input", ["records"]]]);
    expect(() => kaplanMeier([{ duration: 1, event: true }], { confidenceLevel: 1 })).toThrow(/^kaplanMeier: options.confidenceLevel/);
    expect(() => kaplanMeier(null as never)).toThrow(TypeError);
  });

  test("a confidence level whose (1 + level)/2 rounds to 1 gives finite bands (its upper-tail quantile was NaN; found by the fuzz suite)", () => {
    const { points } = kaplanMeier([{ duration: 0, event: false }, { duration: 1, event: true }, { duration: 2, event: false }], { confidenceLevel: 0.9999999999999999 });
    expect(points[0]).toMatchObject({ survival: 1, lower: 1, upper: 1 });
    for (const p of points) {
      if (p.lower !== null) expect(Number.isFinite(p.lower) && p.lower <= p.survival).toBe(true);
      if (p.upper !== null) expect(Number.isFinite(p.upper) && p.upper >= p.survival).toBe(true);
    }
  });
});
