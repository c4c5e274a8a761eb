import fc from "fast-check";
import { describe, expect, expectTypeOf, test } from "vitest";
import {
  LIFECYCLE_STAGES,
  lifecycleStage,
  lifecycleStageOptionsSchema,
  type LifecycleRecord,
  type LifecycleRules,
  type LifecycleStageOptions,
  type LifecycleStageResult,
} from "../../src/index.js";
import { shuffled, transactionRows } from "../helpers/arbitraries.js";

const days = (id: string, dates: string[], amounts?: number[]) => dates.map((date, i) => ({ customerId: id, date, amount: amounts?.[i] ?? 10 }));

describe("lifecycleStage", () => {
  test("amounts near the top of the doubles: a finite trend or an overflow error, never NaN", () => {
    const dates = ["2024-01-01", "2024-01-11", "2024-01-21", "2024-01-31", "2024-02-10", "2024-02-20"];
    const steady = lifecycleStage(days("big", dates, dates.map(() => 1e308)), { asOf: "2024-02-25" }).customers[0];
    expect(steady.amountTrend).toBe(1);
    // a trend from 1e-300 to 1e10 is beyond the doubles
    const jump = days("jump", dates, [1e-300, 1e-300, 1e-300, 1e10, 1e10, 1e10]);
    expect(() => lifecycleStage(jump, { asOf: "2024-02-25" })).toThrow(
      expect.objectContaining({ code: "overflow", issues: [expect.objectContaining({ code: "overflow", customerId: "jump", path: ["input"] })] }),
    );
    // two purchases of 1e308 on one day (its amount is beyond the doubles)
    const twice = [...days("twice", dates, dates.map(() => 1e308)), ...days("twice", [dates[0]], [1e308])];
    expect(() => lifecycleStage(twice, { asOf: "2024-02-25" })).toThrow(expect.objectContaining({ code: "overflow" }));
  });

  test("every rule, hand-checked", () => {
    const log = [
      ...days("one", ["2024-01-01"]),
      ...days("fresh", ["2024-06-15", "2024-06-25"]),
      ...days("regular", ["2024-01-01", "2024-02-01", "2024-03-01", "2024-04-01", "2024-05-01", "2024-06-01", "2024-06-25"]),
      ...days("growing", ["2024-03-01", "2024-04-01", "2024-05-01", "2024-06-01"]),
      ...days("overdue", ["2024-01-01", "2024-01-15", "2024-01-29"]),
      // gaps 10,10,10 then 25,25,25: recent mean 25 > 1.5 × 10; last purchase 20 days ago (< 2 × median 17.5)
      ...days("slowing", ["2023-12-21", "2023-12-31", "2024-01-10", "2024-01-20", "2024-02-14", "2024-03-10", "2024-04-04"]),
      // steady rhythm, amounts 100 ×4 then 20 ×3
      ...days("shrinking", ["2024-02-10", "2024-03-01", "2024-03-21", "2024-04-10", "2024-04-30", "2024-05-20", "2024-06-09"], [100, 100, 100, 100, 20, 20, 20]),
    ];
    const { customers, meta } = lifecycleStage(log, { asOf: "2024-06-30" });
    const byId = Object.fromEntries(customers.map((c) => [c.customerId, [c.stage, c.reason]]));
    expect(byId).toEqual({
      one: ["exploration", "few purchases"],
      fresh: ["exploration", "new"],
      regular: ["stability", "regular"],
      growing: ["formation", "growing"],
      overdue: ["decline", "overdue"],
      slowing: ["decline", "overdue"],
      shrinking: ["decline", "smaller purchases"],
    });
    expect(Object.values(meta.counts).reduce((a, b) => a + b, 0)).toBe(7);
    expect(LIFECYCLE_STAGES.map((s) => s.labelZh)).toEqual(["考察期", "形成期", "稳定期", "退化期"]);
  });

  test("longer gaps without being overdue", () => {
    const log = days("slowing", ["2024-01-01", "2024-01-11", "2024-01-21", "2024-01-31", "2024-02-25", "2024-03-21", "2024-04-15"]);
    const [c] = lifecycleStage(log, { asOf: "2024-04-20" }).customers;
    expect([c.stage, c.reason, c.gapTrend]).toEqual(["decline", "longer gaps", 2.5]);
  });

  test("rules are configurable, checked and returned in meta", () => {
    const log = days("x", ["2024-01-01", "2024-03-01"]);
    const { customers, meta } = lifecycleStage(log, { asOf: "2024-03-10", rules: { stabilityMinPurchases: 2, stabilityDays: 30 } });
    expect(customers[0].stage).toBe("stability");
    expect(meta).toMatchObject({ asOf: "2024-03-10", timeZone: null, refunds: "net", counts: { exploration: 0, formation: 0, stability: 1, decline: 0 } });
    expect(meta.rules).toEqual({
      explorationMaxPurchases: 1,
      explorationDays: 60,
      stabilityMinPurchases: 2,
      stabilityDays: 30,
      declineOverdue: 2,
      declineGapRatio: 1.5,
      declineAmountRatio: 0.6,
      trendWindow: 3,
    });
    expect(() => lifecycleStage(log, { asOf: "2024-03-10", rules: { trendWindow: 0 } })).toThrow(/^lifecycleStage: options\.rules\.trendWindow/);
    expect(() => lifecycleStage(log, { asOf: "2024-03-10", rules: { trendWindows: 4 } } as never)).toThrow(TypeError);
    expect(() => lifecycleStage(log, { asOf: "2024-03-10", rule: {} } as never)).toThrow(new TypeError('lifecycleStage: options: unknown option "rule"'));
  });

  test("types", () => {
    expectTypeOf(lifecycleStage).parameter(1).toEqualTypeOf<LifecycleStageOptions<unknown>>();
    expectTypeOf(lifecycleStage).returns.toEqualTypeOf<LifecycleStageResult>();
    expectTypeOf<LifecycleStageResult["customers"]>().toEqualTypeOf<LifecycleRecord[]>();
    expectTypeOf<LifecycleStageResult["meta"]["rules"]>().toEqualTypeOf<LifecycleRules>();
    expectTypeOf<LifecycleStageOptions["rules"]>().toEqualTypeOf<Partial<LifecycleRules> | undefined>();
    expectTypeOf<keyof typeof lifecycleStageOptionsSchema.shape>().toEqualTypeOf<keyof LifecycleStageOptions>();
  });

  test("properties: one stage each, counts add up, row order irrelevant", () => {
    fc.assert(
      fc.property(transactionRows().chain((rows) => fc.tuple(fc.constant(rows), shuffled(rows))), ([rows, perm]) => {
        const a = lifecycleStage(rows, { asOf: "2024-01-01" });
        const b = lifecycleStage(perm, { asOf: "2024-01-01" });
        const key = (r: typeof a.customers) => Object.fromEntries(r.map((c) => [c.customerId, c.stage]));
        expect(key(b.customers)).toEqual(key(a.customers));
        expect(Object.values(a.meta.counts).reduce((s, n) => s + n, 0)).toBe(new Set(rows.map((r) => r.customerId)).size);
      }),
    );
  });

  test("a rule given as undefined keeps its default (it does not switch the rule off)", () => {
    const log = [...days("a", ["2024-01-01", "2024-01-11", "2024-01-21"]), ...days("b", ["2024-05-01", "2024-06-01"])];
    const plain = lifecycleStage(log, { asOf: "2024-06-30" });
    const withUndefined = lifecycleStage(log, { asOf: "2024-06-30", rules: { declineOverdue: undefined } });
    expect(withUndefined.meta.rules).toEqual(plain.meta.rules);
    expect(withUndefined.customers).toEqual(plain.customers);
  });
});

test("every stage has its action in English and in Chinese (actionZh)", () => {
  for (const s of LIFECYCLE_STAGES) {
    expect(s.action).toMatch(/^[\x20-\x7e]+$/);
    expect(s.actionZh).toMatch(/^[\u4e00-\u9fff][^a-zA-Z]*。$/);
  }
  expect(LIFECYCLE_STAGES.map((s) => s.id)).toEqual(["exploration", "formation", "stability", "decline"]);
});
