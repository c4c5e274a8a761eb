import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { deliveredValue, pyramidMigration, tierPyramid } from "../../src/index.js";
import { deepFreeze, shuffled } from "../helpers/arbitraries.js";

const rows = (values: number[]) => values.map((v, i) => ({ customerId: `c${i}`, monetary: v }));
const values = fc
  .array(fc.oneof(fc.constantFrom(0, 10, 100), fc.integer({ min: -5_000, max: 1_000_000 }).map((c) => c / 100)), { minLength: 1, maxLength: 60 })
  .filter((xs) => xs.some((x) => x > 0))
  .map((xs) => xs.map((x) => (x === 0 ? 0 : x)));
const TOP = { crm: ["key_important", "key_secondary", "ordinary", "small", "inferior"], zeithaml: ["platinum", "gold", "iron", "lead"] };

describe("tierPyramid", () => {
  test("CRM tiers by value share (hand-checked), inferior for negative value", () => {
    const { tiers, meta } = tierPyramid(rows([500, 300, 150, 50, -20]));
    expect(tiers.map((t) => t.tier)).toEqual(["key_important", "key_secondary", "ordinary", "small", "inferior"]);
    expect(meta.cuts).toEqual({ important: 0.5, key: 0.8, ordinary: 0.95 });
    expect(meta.valueShares).toEqual({ key_important: 0.5, key_secondary: 0.3, ordinary: 0.15, small: 0.05, inferior: 0 });
  });

  test("Zeithaml pyramid by customer share: 20/30/30/20, negative is lead", () => {
    const { tiers, meta } = tierPyramid(rows([10, 9, 8, 7, 6, 5, 4, 3, 2, -1]), { scheme: "zeithaml" });
    expect(tiers.map((t) => t.tier)).toEqual(["platinum", "platinum", "gold", "gold", "gold", "iron", "iron", "iron", "lead", "lead"]);
    expect(meta.by).toBe("count");
    expect(meta.counts).toEqual({ platinum: 2, gold: 3, iron: 3, lead: 2 });
  });

  test("option errors", () => {
    expect(() => tierPyramid(rows([1, 2]), { cuts: { key: 0.4 } })).toThrow(/^tierPyramid: cuts must increase/);
    expect(() => tierPyramid(rows([1, 2]), { cuts: { platinum: 0.1 } })).toThrow(/^tierPyramid: cuts\.platinum is not a cut of the crm scheme/);
    expect(() => tierPyramid(rows([0, -1]))).toThrow(expect.objectContaining({ code: "degenerate_data" }));
  });

  test.each(["crm", "zeithaml"] as const)("%s: one tier each, counts sum to N, higher value never a lower tier, order/scale invariant", (scheme) => {
    fc.assert(
      fc.property(values.chain((xs) => fc.tuple(fc.constant(xs), shuffled(xs.map((x, i) => ({ x, i }))))), fc.integer({ min: -6, max: 6 }), ([xs, perm], k) => {
        const frozen = deepFreeze(rows(xs));
        const { tiers, meta } = tierPyramid(frozen, { scheme });
        expect(Object.values(meta.counts).reduce((a, b) => a + b, 0)).toBe(xs.length);
        const level = (t: string) => TOP[scheme].indexOf(t);
        for (const a of tiers) for (const b of tiers) if (a.value > b.value) expect(level(a.tier)).toBeLessThanOrEqual(level(b.tier));
        const permuted = tierPyramid(perm.map(({ x, i }) => ({ customerId: `c${i}`, monetary: x })), { scheme });
        const byId = new Map(permuted.tiers.map((t) => [t.customerId, t.tier]));
        tiers.forEach((t) => expect(byId.get(t.customerId)).toBe(t.tier));
        expect(tierPyramid(rows(xs.map((x) => x * 2 ** k)), { scheme }).tiers.map((t) => t.tier)).toEqual(tiers.map((t) => t.tier));
      }),
    );
  });
});

describe("pyramidMigration", () => {
  test("transition counts, shares and moves", () => {
    const before = [
      { customerId: "a", tier: "gold" },
      { customerId: "b", tier: "gold" },
      { customerId: "c", tier: "lead" },
    ];
    const after = [
      { customerId: "a", tier: "platinum" },
      { customerId: "b", tier: "gold" },
      { customerId: "d", tier: "iron" },
    ];
    const { matrix, meta } = pyramidMigration(before, after);
    const cell = (from: string | null, to: string | null) => matrix.find((m) => m.from === from && m.to === to)!;
    expect(cell("gold", "platinum")).toEqual({ from: "gold", to: "platinum", customers: 1, shareOfFrom: 0.5, move: "up" });
    expect(cell("gold", "gold")).toMatchObject({ customers: 1, move: "same" });
    expect(cell("lead", null)).toMatchObject({ customers: 1, shareOfFrom: 1, move: "lost" });
    expect(cell(null, "iron")).toMatchObject({ customers: 1, move: "new" });
    expect(matrix).toHaveLength(5 * 5 - 1);
    expect(meta).toEqual({ customers: 4, up: 1, down: 0, same: 1, new: 1, lost: 1, order: ["platinum", "gold", "iron", "lead"] });
  });

  test("custom tiers need an order; bad rows are named", () => {
    expect(() => pyramidMigration([{ customerId: "a", tier: "x" }], [])).toThrow(TypeError);
    expect(pyramidMigration([{ customerId: "a", tier: "x" }], [{ customerId: "a", tier: "y" }], { order: ["y", "x"] }).meta.up).toBe(1);
    expect(() => pyramidMigration([{ customerId: "a", tier: "gold" }, { customerId: "a", tier: "lead" }], [])).toThrow(
      expect.objectContaining({ code: "duplicate_customer", issues: [expect.objectContaining({ path: "before[1].customerId" })] }),
    );
  });

  test("counts are conserved: every customer of either period is in exactly one cell", () => {
    const tier = fc.constantFrom("platinum", "gold", "iron", "lead");
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.option(tier), fc.option(tier)), { maxLength: 40 }), (pairs) => {
        const before = pairs.flatMap(([a], i) => (a ? [{ customerId: `c${i}`, tier: a }] : []));
        const after = pairs.flatMap(([, b], i) => (b ? [{ customerId: `c${i}`, tier: b }] : []));
        fc.pre(before.length + after.length > 0);
        const { matrix, meta } = pyramidMigration(before, after);
        expect(matrix.reduce((s, m) => s + m.customers, 0)).toBe(meta.customers);
        expect(meta.up + meta.down + meta.same + meta.lost).toBe(before.length);
      }),
    );
  });
});

describe("deliveredValue", () => {
  const offer = { id: "x", product: 5, service: 4, personnel: 3, image: 2, monetaryCost: 6, timeCost: 2, energyCost: 1, psychicCost: 1 };
  test("value − cost, ratio, weights, ranking", () => {
    const [a] = deliveredValue([offer]);
    expect(a).toEqual({ id: "x", totalValue: 14, totalCost: 10, deliveredValue: 4, valueCostRatio: 1.4, rank: 1 });
    const [w] = deliveredValue([offer], { weights: { product: 2, monetaryCost: 0.5 } });
    expect([w.totalValue, w.totalCost]).toEqual([19, 7]);
  });
  test("a zero cost is an error, not Infinity; negative components and bad weights are refused", () => {
    expect(() => deliveredValue([{ ...offer, monetaryCost: 0, timeCost: 0, energyCost: 0, psychicCost: 0 }])).toThrow(expect.objectContaining({ code: "invalid_value", issues: [expect.objectContaining({ path: "offers[0]" })] }));
    expect(() => deliveredValue([{ ...offer, image: -1 }])).toThrow(expect.objectContaining({ issues: [expect.objectContaining({ path: "offers[0].image" })] }));
    expect(() => deliveredValue([offer], { weights: { product: -1 } })).toThrow(/^deliveredValue: weights\.product/);
    expect(() => deliveredValue([])).toThrow(expect.objectContaining({ code: "empty_input" }));
  });
  test("delivered value is linear in each component", () => {
    const part = fc.constantFrom("product", "service", "personnel", "image", "monetaryCost", "timeCost", "energyCost", "psychicCost");
    fc.assert(
      fc.property(part, fc.integer({ min: 0, max: 1000 }), (p, add) => {
        const base = deliveredValue([offer])[0].deliveredValue;
        const more = deliveredValue([{ ...offer, [p]: (offer as Record<string, unknown>)[p] as number + add }])[0].deliveredValue;
        expect(more - base).toBe(p.endsWith("Cost") ? 0 - add : add);
      }),
    );
  });
});
