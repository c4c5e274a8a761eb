import fc from "fast-check";
import { describe, expect, expectTypeOf, test } from "vitest";
import { netPromoterScore, netPromoterScoreOptionsSchema, type NetPromoterScore, type NetPromoterScoreOptions } from "../../src/index.js";

describe("netPromoterScore", () => {
  test("promoters 9–10, detractors 0–6, passives in the denominator", () => {
    expect(netPromoterScore([10, 9, 8, 7, 6, 0, 10, 9])).toEqual({ nps: 25, promoters: 4, passives: 2, detractors: 2, n: 8 });
    expect(netPromoterScore([0, 1, 2]).nps).toBe(-100);
    expect(netPromoterScore([7, 8]).nps).toBe(0);
    expect(netPromoterScore(new Set([10, 0])).nps).toBe(0);
  });

  test("bad answers are data errors naming each answer", () => {
    expect(() => netPromoterScore([])).toThrow(expect.objectContaining({ code: "empty_input", issues: [expect.objectContaining({ path: ["scores"] })] }));
    expect(() => netPromoterScore([5, 11, 7.5])).toThrow(
      expect.objectContaining({
        issues: [
          expect.objectContaining({ code: "invalid_value", path: ["scores", 1], row: 1, message: "expected an integer from 0 to 10, got 11" }),
          expect.objectContaining({ path: ["scores", 2], row: 2 }),
        ],
      }),
    );
    expect(() => netPromoterScore([5, 11, 7.5], { maxIssues: 1 })).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ path: ["scores", 1] })], message: expect.stringMatching(/\(and 1 more\)$/) }),
    );
    expect(() => netPromoterScore("910" as never)).toThrow(TypeError);
  });

  test("options are checked: unknown keys rejected", () => {
    expect(() => netPromoterScore([9], { scale: 5 } as never)).toThrow(new TypeError('netPromoterScore: options: unknown option "scale"'));
    expect(() => netPromoterScore([9], { maxIssues: 0 })).toThrow(RangeError);
  });

  test("NPS lies in −100..100", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 1 }), (s) => {
        const r = netPromoterScore(s);
        expect(r.nps).toBeGreaterThanOrEqual(-100);
        expect(r.nps).toBeLessThanOrEqual(100);
        expect(r.promoters + r.passives + r.detractors).toBe(r.n);
      }),
    );
  });

  test("types", () => {
    expectTypeOf(netPromoterScore).parameters.toEqualTypeOf<[scores: Iterable<number>, options?: NetPromoterScoreOptions]>();
    expectTypeOf(netPromoterScore).returns.toEqualTypeOf<NetPromoterScore>();
    expectTypeOf<keyof typeof netPromoterScoreOptionsSchema.shape>().toEqualTypeOf<keyof NetPromoterScoreOptions>();
  });
});
