import { describe, expect, expectTypeOf, test } from "vitest";
import { CRM_PYRAMID_TIERS, ZEITHAML_PYRAMID_TIERS } from "../../src/value/index.js";
import {
  WIN_BACK_PRIORITIES,
  winBackPriority,
  winBackPriorityOptionsSchema,
  type WinBackPriorityId,
  type WinBackPriorityOptions,
  type WinBackPriorityResult,
  type WinBackRecord,
} from "../../src/index.js";
import { deepFreeze } from "../helpers/arbitraries.js";

const risks = deepFreeze([
  { customerId: "k", risk: "lapsed" as const, valueAtRisk: 10 },
  { customerId: "o", risk: "at_risk" as const, valueAtRisk: 500 },
  { customerId: "s", risk: "lapsed" as const, valueAtRisk: 5 },
  { customerId: "i", risk: "lapsed" as const, valueAtRisk: -3 },
  { customerId: "k2", risk: "at_risk" as const, valueAtRisk: 700 },
  { customerId: "x", risk: "active" as const, valueAtRisk: 1000 },
]);
const tiers = deepFreeze([
  { customerId: "k", tier: "key_secondary" },
  { customerId: "o", tier: "ordinary" },
  { customerId: "s", tier: "small" },
  { customerId: "i", tier: "inferior" },
  { customerId: "k2", tier: "key_important" },
  { customerId: "x", tier: "key_important" },
]);

describe("winBackPriority", () => {
  test("key customers first, then ordinary, small, inferior; only at-risk and lapsed", () => {
    const { customers, meta } = winBackPriority(risks, tiers);
    expect(customers.map((r) => [r.customerId, r.priority])).toEqual([
      ["k2", "must_win_back"],
      ["k", "must_win_back"],
      ["o", "try"],
      ["s", "flexible"],
      ["i", "let_go"],
    ]);
    expect(customers[0]).toEqual({ customerId: "k2", tier: "key_important", risk: "at_risk", priority: "must_win_back", valueAtRisk: 700 });
    expect(meta.counts).toEqual({ must_win_back: 2, try: 1, flexible: 1, let_go: 1 });
  });

  test("Zeithaml tiers; ties by customer id; ids joined by the one id rule", () => {
    const { customers } = winBackPriority(
      [
        { customerId: "b", risk: "lapsed", valueAtRisk: 50 },
        { customerId: 7, risk: "lapsed", valueAtRisk: 50 },
        { customerId: "a", risk: "at_risk", valueAtRisk: 50 },
        { customerId: "l", risk: "lapsed", valueAtRisk: 99 },
      ],
      [
        { customerId: "a", tier: "gold" },
        { customerId: "7", tier: "platinum" },
        { customerId: "b", tier: "platinum" },
        { customerId: "l", tier: "lead" },
      ],
    );
    expect(customers.map((r) => [r.customerId, r.tier, r.priority])).toEqual([
      ["7", "platinum", "must_win_back"],
      ["a", "gold", "must_win_back"],
      ["b", "platinum", "must_win_back"],
      ["l", "lead", "let_go"],
    ]);
    const pyramidTiers = [...CRM_PYRAMID_TIERS, ...ZEITHAML_PYRAMID_TIERS].map((t) => t.id);
    expect(new Set(WIN_BACK_PRIORITIES.flatMap((p) => p.tiers))).toEqual(new Set(pyramidTiers));
    expect(WIN_BACK_PRIORITIES.flatMap((p) => p.tiers)).toHaveLength(pyramidTiers.length);
  });

  test("a lost customer without a tier, an unknown tier or risk: issues with paths and customers", () => {
    expect(() => winBackPriority(risks, tiers.slice(1))).toThrow(
      expect.objectContaining({
        code: "invalid_value",
        issues: [expect.objectContaining({ path: ["risks", 0, "customerId"], customerId: "k", message: "no tier for this customer in tiers" })],
      }),
    );
    const badTier = tiers.map((t) => (t.customerId === "s" ? { ...t, tier: "silver" } : t));
    expect(() => winBackPriority(risks, badTier)).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ code: "invalid_value", path: ["tiers", 2, "tier"], row: 2, field: "tier", customerId: "s" })] }),
    );
    const badRisk = [...risks, { customerId: "z", risk: "gone", valueAtRisk: 1 }];
    expect(() => winBackPriority(badRisk as never, tiers)).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ path: ["risks", 6, "risk"], customerId: "z", message: expect.stringMatching(/^expected a risk level .*, got "gone"$/) })] }),
    );
  });

  test("records are read by the one reader: duplicates, missing fields, bad values, throwing getters", () => {
    expect(() => winBackPriority([...risks, risks[0]], tiers)).toThrow(
      expect.objectContaining({ code: "duplicate_customer", issues: [expect.objectContaining({ path: ["risks", 6, "customerId"], customerId: "k" })] }),
    );
    expect(() => winBackPriority(risks, [...tiers, { customerId: "k", tier: "small" }])).toThrow(
      expect.objectContaining({ code: "duplicate_customer", issues: [expect.objectContaining({ path: ["tiers", 6, "customerId"] })] }),
    );
    expect(() => winBackPriority(risks.map(({ risk: _r, ...r }) => r) as never, tiers)).toThrow(
      expect.objectContaining({ code: "missing_field", issues: [expect.objectContaining({ path: ["fields", "risk"] })] }),
    );
    expect(() => winBackPriority(risks, [{ customerId: "k", level: "small" }] as never)).toThrow(expect.objectContaining({ code: "missing_field" }));
    expect(() => winBackPriority([{ customerId: "k", risk: "lapsed", valueAtRisk: Number.NaN }], tiers)).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ code: "invalid_value", path: ["risks", 0, "valueAtRisk"] })] }),
    );
    const throwing = {
      customerId: "k",
      valueAtRisk: 1,
      get risk(): never {
        throw new Error("boom");
      },
    };
    expect(() => winBackPriority([throwing], tiers)).toThrow(
      expect.objectContaining({ code: "unreadable_field", issues: [expect.objectContaining({ path: ["risks", 0, "risk"], customerId: "k" })] }),
    );
    expect(() => winBackPriority([], tiers)).toThrow(expect.objectContaining({ code: "empty_input", issues: [expect.objectContaining({ path: ["risks"] })] }));
    expect(() => winBackPriority(null as never, tiers)).toThrow(TypeError);
  });

  test("options are checked; types", () => {
    expect(() => winBackPriority(risks, tiers, { maxIssue: 3 } as never)).toThrow(new TypeError('winBackPriority: options: unknown option "maxIssue"'));
    const many = risks.map((r) => ({ ...r, risk: "lost" }));
    expect(() => winBackPriority(many as never, tiers, { maxIssues: 2 })).toThrow(expect.objectContaining({ issues: [expect.anything(), expect.anything()], message: expect.stringMatching(/\(and 4 more\)$/) }));
    expectTypeOf(winBackPriority).parameter(2).toEqualTypeOf<WinBackPriorityOptions | undefined>();
    expectTypeOf(winBackPriority).returns.toEqualTypeOf<WinBackPriorityResult>();
    expectTypeOf<WinBackPriorityResult["customers"]>().toEqualTypeOf<WinBackRecord[]>();
    expectTypeOf<WinBackRecord["priority"]>().toEqualTypeOf<WinBackPriorityId>();
    expectTypeOf<keyof typeof winBackPriorityOptionsSchema.shape>().toEqualTypeOf<keyof WinBackPriorityOptions>();
  });
});
