import { describe, expect, test } from "vitest";
import { CLASSIC_SEGMENTS, matchSegmentRules, segmentRfm, summarizeSegments } from "../../src/index.js";

const four = [
  { customerId: "a", recencyDays: 5, frequency: 12, monetary: 1500 },
  { customerId: "b", recencyDays: 200, frequency: 10, monetary: 1300 },
  { customerId: "c", recencyDays: 10, frequency: 1, monetary: 40 },
  { customerId: "d", recencyDays: 300, frequency: 1, monetary: 30 },
];

describe("segmentRfm: the eight classic segments", () => {
  test("default: mean thresholds on raw values (hand-checked)", () => {
    const { segments, meta, summary } = segmentRfm(four);
    expect(segments.map((s) => [s.segment, s.pattern])).toEqual([
      ["important_value", "HHH"],
      ["important_retain", "LHH"],
      ["general_develop", "HLL"],
      ["general_win_back", "LLL"],
    ]);
    expect(meta.thresholds).toMatchObject({ basis: "values", recency: 128.75, frequency: 6, monetary: 717.5, ties: "low" });
    expect(meta.thresholds!.statistic).toEqual({ recency: "mean", frequency: "mean", monetary: "mean" });
    expect(summary).toHaveLength(8);
    expect(summary[0]).toEqual({
      segment: "important_value",
      label: "Important value",
      labelZh: "重要价值客户",
      customers: 1,
      share: 0.25,
      orders: 12,
      revenue: 1500,
      revenueShare: 1500 / 2870,
      averageOrderValue: 125,
      meanRecencyDays: 5,
      meanFrequency: 12,
      meanMonetary: 1500,
      meanR: null,
      meanF: null,
      meanM: null,
    });
    expect(summary.find((s) => s.segment === "important_develop")).toMatchObject({ customers: 0, averageOrderValue: null, meanRecencyDays: null });
  });

  test("every pattern maps to its segment, with labels and actions", () => {
    expect(CLASSIC_SEGMENTS.map((s) => `${s.pattern} ${s.id} ${s.labelZh}`)).toEqual([
      "HHH important_value 重要价值客户",
      "LHH important_retain 重要保持客户",
      "HLH important_develop 重要发展客户",
      "LLH important_win_back 重要挽留客户",
      "HHL general_value 一般价值客户",
      "LHL general_retain 一般保持客户",
      "HLL general_develop 一般发展客户",
      "LLL general_win_back 一般挽留客户",
    ]);
    for (const s of CLASSIC_SEGMENTS) expect(s.action.length).toBeGreaterThan(10);
    // all eight reachable with explicit thresholds
    const rows = CLASSIC_SEGMENTS.map((s, i) => ({
      customerId: s.id,
      recencyDays: s.pattern[0] === "H" ? 1 : 100,
      frequency: s.pattern[1] === "H" ? 10 : 1,
      monetary: s.pattern[2] === "H" ? 1000 : 10 + i,
    }));
    const { segments } = segmentRfm(rows, { threshold: { recency: 50, frequency: 5, monetary: 500 } });
    expect(segments.map((s) => s.segment)).toEqual(CLASSIC_SEGMENTS.map((s) => s.id));
  });

  test("median thresholds; ties go low by default, high on request", () => {
    const rows = [1, 2, 3, 4, 5].map((v) => ({ customerId: `c${v}`, recencyDays: v * 10, frequency: v, monetary: v * 100 }));
    const low = segmentRfm(rows, { threshold: "median" });
    expect(low.meta.thresholds).toMatchObject({ recency: 30, frequency: 3, monetary: 300 });
    expect(low.segments[2].pattern).toBe("LLL"); // exactly at the median: low
    const high = segmentRfm(rows, { threshold: "median", ties: "high" });
    expect(high.segments[2].pattern).toBe("HHH");
    expect(high.meta.thresholds!.rule).toBe("R high when recencyDays <= 30; F high when frequency >= 3; M high when monetary >= 300");
  });

  test("basis scores: compares quintile scores with their mean; scores are returned", () => {
    const rows = Array.from({ length: 10 }, (_, i) => ({ customerId: `c${i}`, recencyDays: i + 1, frequency: i + 1, monetary: 10 * (i + 1) }));
    const { segments, meta } = segmentRfm(rows, { basis: "scores" });
    expect(meta.thresholds).toMatchObject({ basis: "scores", recency: 3, frequency: 3, monetary: 3 });
    expect(segments[0]).toMatchObject({ r: 5, f: 1, m: 1, cell: "511", pattern: "HLL", segment: "general_develop" });
    expect(segments[9]).toMatchObject({ r: 1, f: 5, m: 5, pattern: "LHH", segment: "important_retain" });
    expect(meta.scoring?.method).toBe("quantile");
  });

  test("option errors name the function", () => {
    expect(() => segmentRfm(four, { threshold: "mode" as never })).toThrow(/^segmentRfm: options\.threshold/);
    expect(() => segmentRfm(four, { scheme: "r-rfm-readme", threshold: "median" })).toThrow(TypeError);
    expect(() => segmentRfm(four, { otherwise: "rest" })).toThrow(/^segmentRfm: otherwise applies to rule schemes only/);
    expect(() => segmentRfm(four, { scheme: [{ id: "x", recency: [5, 1], frequency: [1, 5], monetary: [1, 5] }] })).toThrow(RangeError);
  });
});

describe("segmentRfm: rule schemes", () => {
  test("custom rules: first match wins, inclusive bounds, otherwise", () => {
    const rows = Array.from({ length: 10 }, (_, i) => ({ customerId: `${i + 1}`, recencyDays: i + 1, frequency: i + 1, monetary: i + 1 }));
    // the R rfm edge case "segment overlap": X covers 1..3/3..5/3..5, Y covers everything; X is listed first
    const { segments, summary, meta } = segmentRfm(rows, {
      scheme: [
        { id: "X", recency: [1, 3], frequency: [3, 5], monetary: [3, 5] },
        { id: "Y", recency: [1, 5], frequency: [1, 5], monetary: [1, 5] },
      ],
      scoring: { method: "r-rfm" },
      otherwise: "rest",
    });
    expect(segments.map((s) => s.segment)).toEqual(["Y", "Y", "Y", "Y", "Y", "X", "X", "X", "X", "X"]);
    expect(summary.map((s) => [s.segment, s.customers])).toEqual([["X", 5], ["Y", 5], ["rest", 0]]);
    expect(meta.scheme).toBe("custom");
  });

  test("matchSegmentRules on scores computed elsewhere", () => {
    expect(
      matchSegmentRules(
        [
          { customerId: 1, r: 5, f: 5, m: 5 },
          { customerId: 2, r: 1, f: 1, m: 2 },
        ],
        [{ id: "best", recency: [4, 5], frequency: [4, 5], monetary: [4, 5] }],
        { otherwise: "rest" },
      ),
    ).toEqual([
      { customerId: "1", segment: "best" },
      { customerId: "2", segment: "rest" },
    ]);
    expect(() => matchSegmentRules([{ customerId: 1, r: Number.NaN, f: 1, m: 1 }], [{ id: "x", recency: [1, 5], frequency: [1, 5], monetary: [1, 5] }])).toThrow(
      expect.objectContaining({ code: "invalid_value", issues: [expect.objectContaining({ path: "scores[0].r" })] }),
    );
  });
});

describe("summarizeSegments", () => {
  test("orders, revenue, AOV and means per segment, listed order first", () => {
    const rows = summarizeSegments(
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
  });
});
