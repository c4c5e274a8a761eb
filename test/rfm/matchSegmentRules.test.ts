import { describe, expect, expectTypeOf, test } from "vitest";
import {
  R_RFM_README_SCHEME,
  matchSegmentRules,
  matchSegmentRulesOptionsSchema,
  scoreRfm,
  segmentRfm,
  type MatchSegmentRulesColumnsResult,
  type MatchSegmentRulesMeta,
  type MatchSegmentRulesOptions,
  type MatchSegmentRulesResult,
  type SegmentMatch,
} from "../../src/rfm/index.js";
import { recordsOfColumns } from "../helpers/columns.js";

const best = [{ id: "best", recency: [4, 5], frequency: [4, 5], monetary: [4, 5] }] as const;

describe("matchSegmentRules", () => {
  test("first matching rule, inclusive bounds, otherwise for the rest; numeric ids as text", () => {
    const { customers, meta } = matchSegmentRules(
      [
        { customerId: 1, r: 5, f: 5, m: 5 },
        { customerId: 2, r: 1, f: 1, m: 2 },
        { customerId: 3, r: 4, f: 4, m: 4 },
      ],
      best,
      { otherwise: "rest" },
    );
    expect(customers).toEqual([
      { customerId: "1", segment: "best" },
      { customerId: "2", segment: "rest" },
      { customerId: "3", segment: "best" },
    ]);
    expect(meta).toEqual({ customers: 3, rules: [{ id: "best", recency: [4, 5], frequency: [4, 5], monetary: [4, 5] }], otherwise: "rest" });
  });

  test("on scoreRfm's customers it agrees with segmentRfm's rule scheme", () => {
    const rows = Array.from({ length: 30 }, (_, i) => ({ customerId: `c${i}`, recencyDays: (i * 13) % 40, frequency: 1 + (i % 7), monetary: (i * 29) % 100 }));
    const scored = scoreRfm(rows, { method: "r-rfm" }).customers;
    const { customers } = matchSegmentRules(scored, R_RFM_README_SCHEME);
    expect(customers.map((c) => c.segment)).toEqual(segmentRfm(rows, { scheme: "r-rfm-readme", scoring: { method: "r-rfm" } }).customers.map((c) => c.segment));
  });

  test("a score that is not a finite number names record, field and customer", () => {
    expect(() => matchSegmentRules([{ customerId: 1, r: Number.NaN, f: 1, m: 1 }], best)).toThrow(
      expect.objectContaining({
        code: "invalid_value",
        issues: [expect.objectContaining({ path: ["records", 0, "r"], customerId: "1", message: "expected a finite number, got NaN" })],
      }),
    );
    expect(() => matchSegmentRules([{ customerId: "a", r: 1, f: 1, m: 1 }, { customerId: "a", r: 1, f: 1, m: 1 }], best)).toThrow(
      expect.objectContaining({ code: "duplicate_customer" }),
    );
    expect(() => matchSegmentRules([], best)).toThrow(expect.objectContaining({ code: "empty_input" }));
  });

  test("bad rules and options", () => {
    const rows = [{ customerId: "a", r: 1, f: 1, m: 1 }];
    expect(() => matchSegmentRules(rows, [])).toThrow(new TypeError("matchSegmentRules: rules must be a non-empty array of segment rules"));
    expect(() => matchSegmentRules(rows, [{ id: "x", recency: [5, 1], frequency: [1, 5], monetary: [1, 5] }])).toThrow(
      new RangeError("matchSegmentRules: rules[0].recency has lower 5 > upper 1"),
    );
    expect(() => matchSegmentRules(rows, best, { otherwise: "" })).toThrow(/^matchSegmentRules: options\.otherwise/);
    expect(() => matchSegmentRules(rows, best, { other: "x" } as never)).toThrow(new TypeError('matchSegmentRules: options: unknown option "other"'));
    expect(Object.keys(matchSegmentRulesOptionsSchema.shape)).toEqual(["otherwise", "output"]);
  });

  test("rule lists that cannot mean what they say: duplicate ids, an id equal to otherwise, bounds outside 1..10", () => {
    const rows = [{ customerId: "a", r: 1, f: 1, m: 1 }];
    const rule = (id: string, recency: [number, number] = [1, 5]) => ({ id, recency, frequency: [1, 5] as [number, number], monetary: [1, 5] as [number, number] });
    expect(() => matchSegmentRules(rows, [rule("x"), rule("y"), rule("x")])).toThrow(
      new RangeError('matchSegmentRules: rules[2].id "x" is also the id of rules[0]; give each rule its own id'),
    );
    expect(() => matchSegmentRules(rows, [rule("others")])).toThrow(/^matchSegmentRules: rules\[0\]\.id "others" is the segment of unmatched customers/);
    expect(() => matchSegmentRules(rows, [rule("rest")], { otherwise: "rest" })).toThrow(RangeError);
    expect(() => matchSegmentRules(rows, [rule("x", [0, 5])])).toThrow(new RangeError("matchSegmentRules: rules[0].recency is [0, 5], outside the scores 1..10"));
    expect(() => matchSegmentRules(rows, [rule("x", [1, 11])])).toThrow(RangeError);
    // the shape is checked by the one rule schema: unknown keys and non-finite bounds too
    expect(() => matchSegmentRules(rows, [{ ...rule("x"), labelZH: "x" }] as never)).toThrow(new TypeError('matchSegmentRules: rules[0]: unknown key "labelZH"'));
    expect(() => matchSegmentRules(rows, [rule("x", [1, Number.NaN])])).toThrow(/^matchSegmentRules: rules\[0\]\.recency must be \[lower, upper\] finite numbers/);
    expect(matchSegmentRules(rows, [rule("x", [1, 10])]).customers[0].segment).toBe("x");
  });

  test("output columns: the records' segments, from records or from scoreRfm's columns; the input is untouched", () => {
    const scored = scoreRfm(
      { customerId: ["a", "b", "c", "d"], recencyDays: Float64Array.of(3, 40, 400, 9), frequency: Float64Array.of(9, 2, 1, 5), monetary: Float64Array.of(900, 80, 15, 300) },
      { bins: 3, output: "columns" },
    ).columns;
    const before = structuredClone(scored);
    const rule = (id: string, recency: [number, number]) => ({ id, recency, frequency: [1, 3] as [number, number], monetary: [1, 3] as [number, number] });
    const rules = [rule("top", [3, 3]), rule("mid", [2, 2])];
    const expected = matchSegmentRules(recordsOfColumns(scored) as never, rules, { otherwise: "rest" });
    const out = matchSegmentRules(scored, rules, { otherwise: "rest", output: "columns" });
    expect(scored).toEqual(before);
    expect(out.meta).toEqual(expected.meta);
    expect(recordsOfColumns(out.columns)).toEqual(expected.customers);
    expect(out.columns.segment).toEqual(["top", "mid", "rest", "top"]);
    expect(out.columns.customerId).not.toBe(scored.customerId);
  });

  test("types: options and result", () => {
    expectTypeOf(() => matchSegmentRules([], best)).returns.toEqualTypeOf<MatchSegmentRulesResult>();
    expectTypeOf(() => matchSegmentRules([], best, { otherwise: "rest" } satisfies MatchSegmentRulesOptions)).returns.toEqualTypeOf<MatchSegmentRulesResult>();
    expectTypeOf(() => matchSegmentRules([], best, { output: "columns" })).returns.toEqualTypeOf<MatchSegmentRulesColumnsResult>();
    expectTypeOf<MatchSegmentRulesResult["customers"]>().toEqualTypeOf<SegmentMatch[]>();
    expectTypeOf<MatchSegmentRulesResult["meta"]>().toEqualTypeOf<MatchSegmentRulesMeta>();
    // @ts-expect-error: unknown options do not compile
    expectTypeOf(() => matchSegmentRules([], best, { other: "x" })).toBeFunction();
  });

  test("meta.rules is a copy: changing the caller's rules afterwards does not change it", () => {
    const rules = [{ id: "top", recency: [4, 5] as [number, number], frequency: [1, 5] as [number, number], monetary: [1, 5] as [number, number] }];
    const { meta } = matchSegmentRules([{ customerId: "a", r: 5, f: 5, m: 5 }], rules);
    rules[0].recency[0] = 1;
    expect(meta.rules[0].recency).toEqual([4, 5]);
  });
});
