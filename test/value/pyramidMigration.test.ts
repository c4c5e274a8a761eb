import fc from "fast-check";
import { describe, expect, expectTypeOf, test } from "vitest";
import { pyramidMigration, tierPyramid, type MigrationCell, type PyramidMigrationOptions, type PyramidMigrationResult } from "../../src/value/index.js";

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
    const { cells, meta } = pyramidMigration(before, after);
    const cell = (from: string | null, to: string | null) => cells.find((m) => m.from === from && m.to === to)!;
    expect(cell("gold", "platinum")).toEqual({ from: "gold", to: "platinum", customers: 1, shareOfFrom: 0.5, move: "up" });
    expect(cell("gold", "gold")).toMatchObject({ customers: 1, move: "same" });
    expect(cell("lead", null)).toMatchObject({ customers: 1, shareOfFrom: 1, move: "lost" });
    expect(cell(null, "iron")).toMatchObject({ customers: 1, move: "new" });
    expect(cells).toHaveLength(5 * 5 - 1);
    expect(meta).toEqual({ customers: 4, up: 1, down: 0, same: 1, new: 1, lost: 1, order: ["platinum", "gold", "iron", "lead"] });
  });

  test("reads tierPyramid's customers; numeric ids match their decimal text; either period may be empty", () => {
    const first = tierPyramid([{ customerId: 1, monetary: 10 }, { customerId: 2, monetary: 1 }]).customers;
    const { meta } = pyramidMigration(first, [{ customerId: "1", tier: "small" }, { customerId: 2, tier: "key_important" }]);
    expect(meta).toMatchObject({ customers: 2, up: 1, down: 1, order: ["key_important", "key_secondary", "ordinary", "small", "inferior"] });
    expect(pyramidMigration([], [{ customerId: "a", tier: "gold" }]).meta).toMatchObject({ customers: 1, new: 1 });
  });

  test("custom tiers need an order; bad rows are named by path and customer", () => {
    expect(() => pyramidMigration([{ customerId: "a", tier: "x" }], [])).toThrow(TypeError);
    expect(pyramidMigration([{ customerId: "a", tier: "x" }], [{ customerId: "a", tier: "y" }], { order: ["y", "x"] }).meta.up).toBe(1);
    expect(() => pyramidMigration([{ customerId: "a", tier: "gold" }, { customerId: "a", tier: "lead" }], [])).toThrow(
      expect.objectContaining({ code: "duplicate_customer", issues: [expect.objectContaining({ path: ["before", 1, "customerId"], customerId: "a" })] }),
    );
    expect(() => pyramidMigration([], [{ customerId: " ", tier: "gold" }])).toThrow(
      expect.objectContaining({ code: "missing_customer_id", issues: [expect.objectContaining({ path: ["after", 0, "customerId"] })] }),
    );
    expect(() => pyramidMigration([{ customerId: "a", tier: "gold" }], [{ customerId: "b", tier: "diamond" }], { order: ["gold", "lead"] })).toThrow(
      expect.objectContaining({ code: "invalid_value", issues: [expect.objectContaining({ path: ["after", 0, "tier"], customerId: "b" })] }),
    );
    expect(() => pyramidMigration([{ customerId: "a", level: "gold" }] as never, [])).toThrow(
      expect.objectContaining({ code: "missing_field", issues: [expect.objectContaining({ path: ["fields", "tier"] })] }),
    );
  });

  test("options are checked: unknown keys and bad orders are refused", () => {
    const tiers = [{ customerId: "a", tier: "gold" }];
    expect(() => pyramidMigration(tiers, tiers, { ordr: ["gold"] } as never)).toThrow(/^pyramidMigration: options: unknown option "ordr"/);
    expect(() => pyramidMigration(tiers, tiers, { order: [] })).toThrow(/^pyramidMigration: options\.order/);
    expect(() => pyramidMigration(tiers, tiers, { order: ["gold", "gold"] })).toThrow(/^pyramidMigration: options\.order: expected distinct tier ids/);
  });

  test("counts are conserved: every customer of either period is in exactly one cell", () => {
    const tier = fc.constantFrom("platinum", "gold", "iron", "lead");
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.option(tier), fc.option(tier)), { maxLength: 40 }), (pairs) => {
        const before = pairs.flatMap(([a], i) => (a ? [{ customerId: `c${i}`, tier: a }] : []));
        const after = pairs.flatMap(([, b], i) => (b ? [{ customerId: `c${i}`, tier: b }] : []));
        fc.pre(before.length + after.length > 0);
        const { cells, meta } = pyramidMigration(before, after);
        expect(cells.reduce((s, m) => s + m.customers, 0)).toBe(meta.customers);
        expect(meta.up + meta.down + meta.same + meta.lost).toBe(before.length);
        // each count recomputed from the pairs, independently of the function
        const rank = { platinum: 0, gold: 1, iron: 2, lead: 3 };
        const both = pairs.filter(([a, b]) => a && b) as [keyof typeof rank, keyof typeof rank][];
        expect(meta.lost).toBe(pairs.filter(([a, b]) => a && !b).length);
        expect(meta.new).toBe(pairs.filter(([a, b]) => !a && b).length);
        expect(meta.up).toBe(both.filter(([a, b]) => rank[b] < rank[a]).length);
        expect(meta.same).toBe(both.filter(([a, b]) => rank[b] === rank[a]).length);
        expect(meta.customers).toBe(pairs.filter(([a, b]) => a || b).length);
      }),
    );
  });

  test("types: options and the named result", () => {
    const result = pyramidMigration([{ customerId: "a", tier: "gold" }], []);
    expectTypeOf(result).toEqualTypeOf<PyramidMigrationResult>();
    expectTypeOf(result.cells).toEqualTypeOf<MigrationCell[]>();
    expectTypeOf<{ order: string[] }>().toExtend<PyramidMigrationOptions>();
    expectTypeOf<{ order: string }>().not.toExtend<PyramidMigrationOptions>();
  });
});
