import { describe, expect, expectTypeOf, test } from "vitest";
import {
  summarizeSegments,
  summarizeSegmentsOptionsSchema,
  type SegmentSummaryRow,
  type SummarizeSegmentsMeta,
  type SummarizeSegmentsOptions,
  type SummarizeSegmentsResult,
} from "../../src/rfm/index.js";

describe("summarizeSegments", () => {
  test("orders, revenue, AOV and means per segment, listed order first", () => {
    const { segments: rows, meta } = summarizeSegments(
      [
        { segment: "x", recencyDays: 10, frequency: 2, monetary: 50, r: 5, f: 1, m: 2 },
        { segment: "y", recencyDays: 30, frequency: 3, monetary: 100, r: 3, f: 3, m: 4 },
        { segment: "x", recencyDays: 20, frequency: 4, monetary: 70, r: 4, f: 3, m: 3 },
      ],
      { order: ["y", "z"] },
    );
    expect(rows.map((r) => [r.segment, r.customers, r.orders, r.revenue, r.averageOrderValue, r.meanR])).toEqual([
      ["y", 1, 3, 100, 100 / 3, 3],
      ["z", 0, 0, 0, null, null],
      ["x", 2, 6, 120, 20, 4.5],
    ]);
    expect(rows[2].share).toBeCloseTo(2 / 3, 15);
    expect(rows[2].revenueShare).toBeCloseTo(120 / 220, 15);
    expect(meta).toEqual({ customers: 3, revenue: 220 });
  });

  test("built-in ids carry their labels; labels for your ids; mean scores only when every customer has them", () => {
    const { segments } = summarizeSegments(
      [
        { customerId: "a", segment: "important_value", recencyDays: 1, frequency: 1, monetary: 1, r: null, f: null, m: null },
        { customerId: "b", segment: "vip", recencyDays: 1, frequency: 1, monetary: 1, r: 5, f: 5, m: 5 },
        { customerId: "c", segment: "vip", recencyDays: 1, frequency: 1, monetary: 1, r: null, f: null, m: null },
      ],
      { labels: { vip: { label: "VIP" } } },
    );
    expect(segments.map((s) => [s.segment, s.label, s.labelZh, s.meanR])).toEqual([
      ["important_value", "Important value", "重要价值客户", null],
      ["vip", "VIP", "VIP", null],
    ]);
  });

  test("a net revenue <= 0 in all has no shares: revenueShare is null (it was -1e-310 with refunds of -1e308)", () => {
    const { segments } = summarizeSegments([
      { segment: "x", recencyDays: 1, frequency: 1, monetary: -1e308 },
      { segment: "y", recencyDays: 1, frequency: 1, monetary: 0.01 },
    ]);
    expect(segments.map((s) => s.revenueShare)).toEqual([null, null]);
  });

  test("no revenue at all: revenueShare is null", () => {
    const { segments } = summarizeSegments([{ segment: "x", recencyDays: 1, frequency: 0, monetary: 0 }]);
    expect(segments[0]).toMatchObject({ revenueShare: null, averageOrderValue: null, meanMonetary: 0 });
  });

  test("bad records name record and field", () => {
    expect(() => summarizeSegments([{ segment: "", recencyDays: 1, frequency: 1, monetary: 1 }])).toThrow(
      expect.objectContaining({ code: "invalid_value", issues: [expect.objectContaining({ path: ["records", 0, "segment"] })] }),
    );
    expect(() => summarizeSegments([{ segment: "x", recencyDays: 1, frequency: 1, monetary: Number.NaN }])).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ path: ["records", 0, "monetary"] })] }),
    );
    expect(() => summarizeSegments([{ customerId: "a", segment: "x", recencyDays: 1, frequency: 1, monetary: 1, r: "5" as never }])).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ path: ["records", 0, "r"], customerId: "a" })] }),
    );
    expect(() => summarizeSegments([{ recencyDays: 1, frequency: 1, monetary: 1 } as never])).toThrow(
      expect.objectContaining({ code: "missing_field", issues: [expect.objectContaining({ path: ["fields", "segment"] })] }),
    );
    expect(() => summarizeSegments([])).toThrow(expect.objectContaining({ code: "empty_input" }));
  });

  test("options are parsed strictly (unknown keys were accepted before 0.2.0)", () => {
    const rows = [{ segment: "x", recencyDays: 1, frequency: 1, monetary: 1 }];
    expect(() => summarizeSegments(rows, { orders: ["x"] } as never)).toThrow(new TypeError('summarizeSegments: options: unknown option "orders"'));
    expect(() => summarizeSegments(rows, { order: "x" } as never)).toThrow(/^summarizeSegments: options\.order/);
    expect(Object.keys(summarizeSegmentsOptionsSchema.shape).sort()).toEqual(["labels", "order"]);
  });

  test("types: options and result", () => {
    expectTypeOf(summarizeSegments).parameter(1).toEqualTypeOf<SummarizeSegmentsOptions | undefined>();
    expectTypeOf(summarizeSegments).returns.toEqualTypeOf<SummarizeSegmentsResult>();
    expectTypeOf<SummarizeSegmentsResult["segments"]>().toEqualTypeOf<SegmentSummaryRow[]>();
    expectTypeOf<SummarizeSegmentsResult["meta"]>().toEqualTypeOf<SummarizeSegmentsMeta>();
    // @ts-expect-error: unknown options do not compile
    expectTypeOf(() => summarizeSegments([], { orders: [] })).toBeFunction();
  });
});

describe("summarizeSegments: sums beyond the doubles", () => {
  test("a revenue beyond 1.8e308 is an overflow, not a NaN row; a large finite one is kept", () => {
    const seg = (segment: string, monetary: number, frequency = 1) => ({ segment, recencyDays: 1, frequency, monetary });
    expect(() => summarizeSegments([seg("x", 1e308), seg("x", 1e308), seg("y", 1)])).toThrow(
      expect.objectContaining({ code: "overflow", issues: [expect.objectContaining({ code: "overflow", path: ["records"] })] }),
    );
    expect(() => summarizeSegments([seg("x", 1e308), seg("y", 1e308)])).toThrow(/^summarizeSegments: records: the revenue of all customers/);
    // fractional orders: revenue ÷ orders beyond the doubles
    expect(() => summarizeSegments([seg("x", 1e308, 0.25)])).toThrow(/the average order value of segment "x" is above 1\.8e308/);
    // recency is reported as a mean only: finite and exact although the days add up beyond the doubles
    const days = summarizeSegments([{ segment: "x", recencyDays: 1e308, frequency: 1, monetary: 1 }, { segment: "x", recencyDays: 1.5e308, frequency: 1, monetary: 1 }]);
    expect(days.segments[0].meanRecencyDays).toBe(1.25e308);
    const { segments } = summarizeSegments([seg("x", 1e308), seg("y", -5e307)]);
    expect(segments.map((s) => s.revenue)).toEqual([1e308, -5e307]);
  });
});
