import fc from "fast-check";
import { describe, expect, expectTypeOf, test } from "vitest";
import { classifyAbc, pyramidMigration, segmentMovement, tierPyramid, type SegmentMovementResult } from "../../src/value/index.js";
import { segmentRfm } from "../../src/rfm/index.js";
import { AnalyticsInputError } from "../../src/errors.js";

describe("segmentMovement", () => {
  type Row = { customerId: string; segment: string; monetary: number };
  const before: readonly Row[] = Object.freeze([
    Object.freeze({ customerId: "a", segment: "champions", monetary: 100 }),
    Object.freeze({ customerId: "b", segment: "champions", monetary: 50 }),
    Object.freeze({ customerId: "c", segment: "at_risk", monetary: 20 }),
    Object.freeze({ customerId: "e", segment: "at_risk", monetary: 5 }),
  ]);
  const after: readonly Row[] = Object.freeze([
    Object.freeze({ customerId: "a", segment: "champions", monetary: 130 }),
    Object.freeze({ customerId: "b", segment: "at_risk", monetary: 50 }),
    Object.freeze({ customerId: "d", segment: "new_customers", monetary: 10 }),
    Object.freeze({ customerId: "e", segment: "at_risk", monetary: 7 }),
  ]);

  test("hand-checked: per-customer moves, the matrix with shares and revenue, new and lost", () => {
    const { customers, meta } = segmentMovement(before, after, { revenue: "monetary" });
    expect(customers).toEqual([
      { customerId: "a", from: "champions", to: "champions", move: "same", revenueFrom: 100, revenueTo: 130 },
      { customerId: "b", from: "champions", to: "at_risk", move: "moved", revenueFrom: 50, revenueTo: 50 },
      { customerId: "c", from: "at_risk", to: null, move: "lost", revenueFrom: 20, revenueTo: null },
      { customerId: "e", from: "at_risk", to: "at_risk", move: "same", revenueFrom: 5, revenueTo: 7 },
      { customerId: "d", from: null, to: "new_customers", move: "new", revenueFrom: null, revenueTo: 10 },
    ]);
    expect(meta.classes).toEqual(["champions", "at_risk", "new_customers"]);
    expect(meta.field).toBe("segment");
    expect(meta).toMatchObject({ customers: 5, fromCustomers: 4, toCustomers: 4, same: 2, moved: 1, up: null, down: null, new: 1, lost: 1, ranked: false });
    // 3 classes + the null row/column, without null × null
    expect(meta.cells).toHaveLength(15);
    const cell = (f: string | null, t: string | null) => meta.cells.find((c) => c.from === f && c.to === t)!;
    expect(cell("champions", "at_risk")).toEqual({ from: "champions", to: "at_risk", customers: 1, shareOfFrom: 0.5, move: "moved", revenueFrom: 50, revenueTo: 50 });
    expect(cell("at_risk", null)).toEqual({ from: "at_risk", to: null, customers: 1, shareOfFrom: 0.5, move: "lost", revenueFrom: 20, revenueTo: 0 });
    expect(cell(null, "new_customers")).toEqual({ from: null, to: "new_customers", customers: 1, shareOfFrom: 1, move: "new", revenueFrom: 0, revenueTo: 10 });
    expect(cell("new_customers", "new_customers")).toMatchObject({ customers: 0, shareOfFrom: 0 });
  });

  test("ranked orders give up and down; pyramidMigration is the ranked movement of tiers", () => {
    const t1 = [{ customerId: "a", tier: "gold" }, { customerId: "b", tier: "iron" }, { customerId: "c", tier: "lead" }];
    const t2 = [{ customerId: "a", tier: "platinum" }, { customerId: "b", tier: "lead" }, { customerId: "d", tier: "iron" }];
    const order = ["platinum", "gold", "iron", "lead"];
    const general = segmentMovement(t1, t2, { order, ranked: true });
    expect(general.meta).toMatchObject({ up: 1, down: 1, same: 0, moved: 2, new: 1, lost: 1, field: "tier" });
    const pyramid = pyramidMigration(t1, t2);
    expect(pyramid.cells).toEqual(general.meta.cells.map(({ from, to, customers, shareOfFrom, move }) => ({ from, to, customers, shareOfFrom, move })));
  });

  test("reads the results of the library's classifications (segments, tiers, ABC classes, numeric clusters)", () => {
    const s1 = [
      { customerId: "a", recencyDays: 5, frequency: 12, monetary: 1500 },
      { customerId: "b", recencyDays: 200, frequency: 10, monetary: 1300 },
      { customerId: "c", recencyDays: 10, frequency: 1, monetary: 40 },
    ];
    const s2 = [
      { customerId: "a", recencyDays: 100, frequency: 12, monetary: 1500 },
      { customerId: "b", recencyDays: 2, frequency: 11, monetary: 1400 },
      { customerId: "c", recencyDays: 40, frequency: 1, monetary: 40 },
    ];
    const m = segmentMovement(segmentRfm(s1).customers, segmentRfm(s2).customers, { revenue: "monetary" });
    expect(m.meta.customers).toBe(3);
    expect(m.customers.map((c) => [c.from, c.to])).toEqual([
      ["important_value", "important_retain"],
      ["important_retain", "important_value"],
      ["general_develop", "general_develop"],
    ]);
    expect(segmentMovement(tierPyramid(s1).customers, tierPyramid(s2).customers).meta.field).toBe("tier");
    expect(segmentMovement(classifyAbc(s1).customers, classifyAbc(s2).customers).meta.field).toBe("abcClass");
    const clusters = segmentMovement([{ customerId: 1, cluster: 0 }], [{ customerId: "1", cluster: 2 }]);
    expect(clusters.customers).toEqual([{ customerId: "1", from: "0", to: "2", move: "moved", revenueFrom: null, revenueTo: null }]);
    expect(segmentMovement([], [{ customerId: "x", stage: "new" }]).meta).toMatchObject({ new: 1, lost: 0, customers: 1 });
  });

  test("errors: bad rows by path and customer, unknown classes, options", () => {
    expect(() => segmentMovement([{ customerId: "a", segment: "x" }, { customerId: "a", segment: "y" }], [])).toThrow(
      expect.objectContaining({ code: "duplicate_customer", issues: [expect.objectContaining({ path: ["from", 1, "customerId"], customerId: "a" })] }),
    );
    expect(() => segmentMovement([{ customerId: "a", segment: "" }], [])).toThrow(expect.objectContaining({ code: "invalid_value", issues: [expect.objectContaining({ path: ["from", 0, "segment"] })] }));
    expect(() => segmentMovement([{ customerId: "a", segment: "x" }], [{ customerId: "b", segment: "z" }], { order: ["x"] })).toThrow(
      expect.objectContaining({ code: "invalid_value", issues: [expect.objectContaining({ path: ["to", 0, "segment"], customerId: "b" })] }),
    );
    expect(() => segmentMovement([{ customerId: "a", group: "x" }], [], { field: "tier" })).toThrow(expect.objectContaining({ code: "missing_field" }));
    expect(() => segmentMovement([{ customerId: "a", segment: "x", m: Number.NaN }], [], { revenue: "m" })).toThrow(expect.objectContaining({ code: "invalid_value" }));
    expect(() => segmentMovement(
      [{ customerId: "a", segment: "x", m: 1e308 }, { customerId: "b", segment: "x", m: 1e308 }],
      [{ customerId: "a", segment: "y", m: 1 }, { customerId: "b", segment: "y", m: 1 }],
      { revenue: "m" },
    )).toThrow(expect.objectContaining({ code: "overflow", issues: [expect.objectContaining({ path: ["from"] })] }));
    expect(() => segmentMovement(
      [{ customerId: "a", segment: "x", m: 1 }, { customerId: "b", segment: "x", m: 1 }],
      [{ customerId: "a", segment: "y", m: 1e308 }, { customerId: "b", segment: "y", m: 1e308 }],
      { revenue: "m" },
    )).toThrow(expect.objectContaining({ code: "overflow", issues: [expect.objectContaining({ path: ["to"] })] }));
    expect(() => segmentMovement([], [], { ranked: true })).toThrow(/^segmentMovement: options\.ranked needs options\.order/);
    expect(() => segmentMovement([], [], { classes: [] } as never)).toThrow(/^segmentMovement: options: unknown option "classes"/);
    expect(() => segmentMovement(5 as never, [])).toThrow(/^segmentMovement: from must be an array/);
  });

  test("property: the matrix conserves counts (rows sum to the first date, columns to the second, all to the customers)", () => {
    const cls = fc.constantFrom("A", "B", "C");
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.option(cls), fc.option(cls), fc.integer({ min: -1000, max: 1000 })), { maxLength: 40 }), (pairs) => {
        const first = pairs.flatMap(([a, , v], i) => (a ? [{ customerId: `c${i}`, segment: a, value: v }] : []));
        const second = pairs.flatMap(([, b, v], i) => (b ? [{ customerId: `c${i}`, segment: b, value: v * 2 }] : []));
        const { customers, meta } = segmentMovement(first, second, { order: ["A", "B", "C"], revenue: "value" });
        const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
        expect(sum(meta.cells.map((c) => c.customers))).toBe(meta.customers);
        expect(sum(meta.cells.filter((c) => c.from !== null).map((c) => c.customers))).toBe(first.length);
        expect(sum(meta.cells.filter((c) => c.to !== null).map((c) => c.customers))).toBe(second.length);
        expect(meta.same + meta.moved + meta.lost).toBe(first.length);
        expect(meta.same + meta.moved + meta.new).toBe(second.length);
        expect(customers).toHaveLength(pairs.filter(([a, b]) => a || b).length);
        // revenue is conserved too: the cells add up to each date's total
        expect(sum(meta.cells.map((c) => c.revenueFrom as number))).toBe(sum(first.map((r) => r.value)));
        expect(sum(meta.cells.map((c) => c.revenueTo as number))).toBe(sum(second.map((r) => r.value)));
        for (const k of ["A", "B", "C", null]) {
          const row = meta.cells.filter((c) => c.from === k);
          const n = sum(row.map((c) => c.customers));
          if (n > 0) expect(sum(row.map((c) => c.shareOfFrom))).toBeCloseTo(1, 12);
        }
      }),
    );
  });

  test("a record whose Proxy `has` trap throws is an AnalyticsInputError naming it, not the caller's exception (found by the fuzz suite)", () => {
    const hostile = new Proxy({ customerId: "c0", segment: "champions" }, { has: () => { throw new Error("boom"); } });
    for (const options of [{}, { field: "segment" }]) {
      const call = () => segmentMovement([hostile], [{ customerId: "a", segment: "champions" }], options);
      expect(call).toThrow(AnalyticsInputError);
      expect(call).toThrow(/^segmentMovement: .*threw: boom/);
      try {
        call();
      } catch (e) {
        expect((e as AnalyticsInputError).issues[0]).toMatchObject({ code: "unreadable_field", path: expect.arrayContaining(["from", 0]) });
      }
    }
  });

  test("types", () => {
    expectTypeOf(segmentMovement([], [])).toEqualTypeOf<SegmentMovementResult>();
  });
});
