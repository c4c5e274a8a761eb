import fc from "fast-check";
import { describe, expect, expectTypeOf, test } from "vitest";
import { RFM_ELEVEN_SEGMENT_GRID, RFM_THREE_LEVEL_GRID, RFM_THREE_LEVEL_SCHEME, segmentRfm, segmentRfmGrid, type SegmentRfmGridResult } from "../../src/rfm/index.js";

const allCells = (bins: number) => {
  const out: string[] = [];
  for (let r = 1; r <= bins; r++) for (let f = 1; f <= bins; f++) for (let m = 1; m <= bins; m++) out.push(`${r}${f}${m}`);
  return out;
};

describe("RFM grid presets", () => {
  test("the 11-segment grid puts each of the 125 cells in exactly one of its 11 segments", () => {
    expect(RFM_ELEVEN_SEGMENT_GRID.segments.map((s) => s.label)).toEqual([
      "Champions", "Loyal", "Potential loyalist", "New customers", "Promising", "Need attention", "About to sleep", "At risk", "Can't lose them", "Hibernating", "Lost",
    ]);
    for (const cell of allCells(5)) {
      expect(RFM_ELEVEN_SEGMENT_GRID.segments.filter((s) => s.cells.includes(cell)).length, cell).toBe(1);
    }
    expect(RFM_ELEVEN_SEGMENT_GRID.segments.flatMap((s) => s.cells)).toHaveLength(125);
    // cells checked by hand against the published table
    const of = (cell: string) => RFM_ELEVEN_SEGMENT_GRID.segments.find((s) => s.cells.includes(cell))!.id;
    expect([of("555"), of("444"), of("511"), of("155"), of("111"), of("332"), of("251")]).toEqual(["champions", "loyal", "new_customers", "cant_lose_them", "lost", "hibernating", "about_to_sleep"]);
    for (const s of RFM_ELEVEN_SEGMENT_GRID.segments) for (const k of ["label", "labelZh", "action", "actionZh"] as const) expect(s[k].length).toBeGreaterThan(0);
  });

  test("the 3-level scheme: each of the 27 cells matches exactly one rule, and the grid lists the same cells", () => {
    for (const cell of allCells(3)) {
      const [r, f, m] = [...cell].map(Number);
      const hits = RFM_THREE_LEVEL_SCHEME.filter((x) => r >= x.recency[0] && r <= x.recency[1] && f >= x.frequency[0] && f <= x.frequency[1] && m >= x.monetary[0] && m <= x.monetary[1]);
      expect(hits.length, cell).toBe(1);
      expect(RFM_THREE_LEVEL_GRID.segments.find((s) => s.cells.includes(cell))!.id).toBe(hits[0].id);
    }
    expect(RFM_THREE_LEVEL_GRID.segments.flatMap((s) => s.cells)).toHaveLength(27);
  });
});

describe("segmentRfmGrid", () => {
  const customers = Object.freeze(
    Array.from({ length: 50 }, (_, i) => Object.freeze({ customerId: `c${i}`, recencyDays: (i * 37) % 365, frequency: 1 + ((i * 7) % 13), monetary: 10 + ((i * 53) % 900) })),
  );

  test("hand-checked: each customer's cell looked up in the grid; summary in the grid's order with labels", () => {
    const { customers: out, meta } = segmentRfmGrid(customers);
    expect(meta.grid).toBe("rfm-11");
    expect(meta.scoring.recency.bins).toBe(5);
    for (const c of out) expect(RFM_ELEVEN_SEGMENT_GRID.segments.find((s) => s.id === c.segment)!.cells).toContain(c.cell);
    expect(meta.segments.map((s) => s.segment)).toEqual(RFM_ELEVEN_SEGMENT_GRID.segments.map((s) => s.id));
    expect(meta.segments.reduce((s, x) => s + x.customers, 0)).toBe(50);
    expect(meta.segments[0]).toMatchObject({ label: "Champions", labelZh: "冠军客户" });
  });

  test("rfm-3 through the grid equals the rule scheme through segmentRfm", () => {
    const grid = segmentRfmGrid(customers, { grid: "rfm-3" });
    const rules = segmentRfm(customers, { scheme: "custom", rules: RFM_THREE_LEVEL_SCHEME, scoring: { bins: 3 } });
    expect(grid.customers).toEqual(rules.customers);
    expect(rules.customers.some((c) => c.segment === "others")).toBe(false);
  });

  test("options: the grid's bins only; unknown options refused", () => {
    expect(() => segmentRfmGrid(customers, { scoring: { bins: 4 } })).toThrow(/^segmentRfmGrid: options\.scoring\.bins: the rfm-11 grid needs 5 bins, got 4/);
    expect(() => segmentRfmGrid(customers, { grid: "rfm-3", scoring: { breaks: { recency: [10] } } })).toThrow(/^segmentRfmGrid: options\.scoring\.breaks\.recency/);
    expect(segmentRfmGrid(customers, { scoring: { bins: 5, method: "rank" } }).meta.customers).toBe(50);
    expect(() => segmentRfmGrid(customers, { scheme: "x" } as never)).toThrow(/^segmentRfmGrid: options: unknown option "scheme"/);
    expect(() => segmentRfmGrid([{ customerId: "a", recencyDays: -1, frequency: 1, monetary: 1 }])).toThrow(expect.objectContaining({ code: "invalid_value" }));
  });

  test("property: every customer lands in exactly one segment of the grid, the one its cell belongs to", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(1000), fc.integer({ min: 1, max: 50 }), fc.integer({ min: 0, max: 10_000 })), { minLength: 1, maxLength: 60 }),
        fc.constantFrom("rfm-11" as const, "rfm-3" as const),
        (rows, gridId) => {
          const input = rows.map(([r, f, m], i) => ({ customerId: i, recencyDays: r, frequency: f, monetary: m }));
          const { customers: out, meta } = segmentRfmGrid(input, { grid: gridId });
          const grid = gridId === "rfm-11" ? RFM_ELEVEN_SEGMENT_GRID : RFM_THREE_LEVEL_GRID;
          for (const c of out) expect(grid.segments.filter((s) => s.cells.includes(c.cell!)).map((s) => s.id)).toEqual([c.segment]);
          expect(meta.segments.reduce((s, x) => s + x.customers, 0)).toBe(input.length);
        },
      ),
    );
  });

  test("types", () => {
    expectTypeOf(segmentRfmGrid([{ customerId: "a", recencyDays: 1, frequency: 1, monetary: 1 }])).toEqualTypeOf<SegmentRfmGridResult>();
  });
});
