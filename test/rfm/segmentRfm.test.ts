import { describe, expect, expectTypeOf, test } from "vitest";
import { CLASSIC_SEGMENTS, segmentRfm, segmentRfmOptionsSchema, type RfmSegmentRecord, type SegmentRfmMeta, type SegmentRfmOptions, type SegmentRfmColumnsResult, type SegmentRfmResult, type SegmentSummaryRow } from "../../src/rfm/index.js";

const four = [
  { customerId: "a", recencyDays: 5, frequency: 12, monetary: 1500 },
  { customerId: "b", recencyDays: 200, frequency: 10, monetary: 1300 },
  { customerId: "c", recencyDays: 10, frequency: 1, monetary: 40 },
  { customerId: "d", recencyDays: 300, frequency: 1, monetary: 30 },
];

describe("segmentRfm: the eight classic segments", () => {
  test("default: mean thresholds on raw values (hand-checked)", () => {
    const { customers: segments, meta } = segmentRfm(four);
    const summary = meta.segments;
    expect(segments.map((s) => [s.segment, s.pattern])).toEqual([
      ["important_value", "HHH"],
      ["important_retain", "LHH"],
      ["general_develop", "HLL"],
      ["general_win_back", "LLL"],
    ]);
    expect(meta.thresholds).toEqual({ recency: 128.75, frequency: 6, monetary: 717.5 });
    expect(meta).toMatchObject({ scheme: "classic", basis: "values", ties: "low", rules: null, otherwise: null, scoring: null });
    expect(meta.thresholdMethod).toEqual({ recency: "mean", frequency: "mean", monetary: "mean" });
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
    const { customers, meta } = segmentRfm(rows, { thresholds: { recency: 50, frequency: 5, monetary: 500 } });
    expect(customers.map((s) => s.segment)).toEqual(CLASSIC_SEGMENTS.map((s) => s.id));
    expect(meta.thresholdMethod).toEqual({ recency: "given", frequency: "given", monetary: "given" });
  });

  test("median thresholds; ties go low by default, high on request", () => {
    const rows = [1, 2, 3, 4, 5].map((v) => ({ customerId: `c${v}`, recencyDays: v * 10, frequency: v, monetary: v * 100 }));
    const low = segmentRfm(rows, { thresholds: "median" });
    expect(low.meta.thresholds).toEqual({ recency: 30, frequency: 3, monetary: 300 });
    expect(low.meta.thresholdMethod).toEqual({ recency: "median", frequency: "median", monetary: "median" });
    expect(low.customers[2].pattern).toBe("LLL"); // exactly at the median: low
    const high = segmentRfm(rows, { thresholds: "median", ties: "high" });
    expect(high.customers[2].pattern).toBe("HHH");
    expect(high.meta.comparisons).toBe("R high when recencyDays <= 30; F high when frequency >= 3; M high when monetary >= 300");
  });

  test("basis scores: compares quintile scores with their mean; scores are returned", () => {
    const rows = Array.from({ length: 10 }, (_, i) => ({ customerId: `c${i}`, recencyDays: i + 1, frequency: i + 1, monetary: 10 * (i + 1) }));
    const { customers: segments, meta } = segmentRfm(rows, { basis: "scores" });
    expect(meta.thresholds).toEqual({ recency: 3, frequency: 3, monetary: 3 });
    expect(meta.basis).toBe("scores");
    expect(meta.comparisons).toBe("R high when r > 3; F high when f > 3; M high when m > 3");
    expect(segments[0]).toMatchObject({ r: 5, f: 1, m: 1, cell: "511", pattern: "HLL", segment: "general_develop" });
    expect(segments[9]).toMatchObject({ r: 1, f: 5, m: 5, pattern: "LHH", segment: "important_retain" });
    expect(meta.scoring?.method).toBe("quantile");
  });

  test("option errors name the function", () => {
    expect(() => segmentRfm(four, { thresholds: "mode" as never })).toThrow(/^segmentRfm: options\.thresholds/);
    expect(() => segmentRfm(four, { scheme: "r-rfm-readme", thresholds: "median" } as never)).toThrow(
      new TypeError('segmentRfm: options.thresholds applies to the classic scheme only; scheme is "r-rfm-readme"'),
    );
    expect(() => segmentRfm(four, { otherwise: "rest" } as never)).toThrow(
      new TypeError('segmentRfm: options.otherwise applies to the rule schemes only; scheme is "classic"'),
    );
    expect(() => segmentRfm(four, { scheme: "r-rfm-tests", rules: [] } as never)).toThrow(/^segmentRfm: options\.rules applies to scheme "custom" only/);
    expect(() => segmentRfm(four, { scheme: "custom" } as never)).toThrow(/^segmentRfm: options\.rules/);
    expect(() => segmentRfm(four, { scheme: "custom", rules: [{ id: "x", recency: [5, 1], frequency: [1, 5], monetary: [1, 5] }] })).toThrow(RangeError);
    expect(() => segmentRfm(four, { scheme: "kmeans" } as never)).toThrow(/^segmentRfm: options\.scheme/);
    expect(() => segmentRfm(four, { threshold: "median" } as never)).toThrow(/^segmentRfm: options: unknown option "threshold"/);
  });
});

describe("segmentRfm: rule schemes", () => {
  test("rule schemes: duplicate ids, an id equal to otherwise, bounds outside 1..bins are refused", () => {
    const rule = (id: string, recency: [number, number] = [1, 5]) => ({ id, recency, frequency: [1, 5] as [number, number], monetary: [1, 5] as [number, number] });
    expect(() => segmentRfm(four, { scheme: "custom", rules: [rule("x"), rule("x")] })).toThrow(
      new RangeError('segmentRfm: rules[1].id "x" is also the id of rules[0]; give each rule its own id'),
    );
    expect(() => segmentRfm(four, { scheme: "custom", rules: [rule("rest")], otherwise: "rest" })).toThrow(/^segmentRfm: rules\[0\]\.id "rest" is the segment of unmatched customers/);
    expect(() => segmentRfm(four, { scheme: "custom", rules: [rule("others")] })).toThrow(RangeError);
    expect(() => segmentRfm(four, { scheme: "custom", rules: [rule("x", [1, 5])], scoring: { bins: 3 } })).toThrow(
      new RangeError("segmentRfm: rules[0].recency is [1, 5], outside the scores 1..3 (recency has 3 bins)"),
    );
    expect(() => segmentRfm(four, { scheme: "custom", rules: [rule("x", [0, 2])] })).toThrow(RangeError);
    // R's five-score schemes need five scores
    expect(() => segmentRfm(four, { scheme: "r-rfm-readme", scoring: { bins: 3 } })).toThrow(/^segmentRfm: rules\[0\]\.recency is \[5, 5\], outside the scores 1\.\.3/);
    expect(segmentRfm(four, { scheme: "custom", rules: [rule("x", [1, 3])], scoring: { bins: { recency: 3 } } }).meta.rules?.[0].id).toBe("x");
  });

  test("custom rules: first match wins, inclusive bounds, otherwise", () => {
    const rows = Array.from({ length: 10 }, (_, i) => ({ customerId: `${i + 1}`, recencyDays: i + 1, frequency: i + 1, monetary: i + 1 }));
    // the R rfm edge case "segment overlap": X covers 1..3/3..5/3..5, Y covers everything; X is listed first
    const { customers: segments, meta } = segmentRfm(rows, {
      scheme: "custom",
      rules: [
        { id: "X", label: "Ex", recency: [1, 3], frequency: [3, 5], monetary: [3, 5] },
        { id: "Y", recency: [1, 5], frequency: [1, 5], monetary: [1, 5] },
      ],
      scoring: { method: "r-rfm" },
      otherwise: "rest",
    });
    expect(segments.map((s) => s.segment)).toEqual(["Y", "Y", "Y", "Y", "Y", "X", "X", "X", "X", "X"]);
    expect(meta.segments.map((s) => [s.segment, s.label, s.customers])).toEqual([["X", "Ex", 5], ["Y", "Y", 5], ["rest", "rest", 0]]);
    expect(meta).toMatchObject({ scheme: "custom", otherwise: "rest", thresholds: null, thresholdMethod: null, basis: null, ties: null, comparisons: null });
    expect(meta.rules?.map((r) => r.id)).toEqual(["X", "Y"]);
    expect(meta.scoring?.method).toBe("r-rfm");
  });
});

describe("segmentRfm: R rfm schemes, input and result", () => {
  const rows = Array.from({ length: 12 }, (_, i) => ({ customerId: `c${i}`, recencyDays: (i * 37) % 50, frequency: 1 + (i % 5), monetary: 10 * (i + 1) }));

  test("a built-in rule scheme lists its segments, then others; scores are returned", () => {
    const { customers, meta } = segmentRfm(rows, { scheme: "r-rfm-readme", otherwise: "rest" });
    expect(meta.scheme).toBe("r-rfm-readme");
    expect(meta.segments.map((s) => s.segment).slice(0, 2)).toEqual(["champions", "potential_loyalist"]);
    expect(meta.segments.at(-1)?.segment).toBe("rest");
    expect(meta.segments.reduce((n, s) => n + s.customers, 0)).toBe(rows.length);
    for (const c of customers) expect(c).toMatchObject({ pattern: null, cell: `${c.r}${c.f}${c.m}` });
  });

  test("meta.segments is summarizeSegments over the customers, in the scheme's order", async () => {
    const { summarizeSegments } = await import("../../src/rfm/index.js");
    const { customers, meta } = segmentRfm(rows, { basis: "scores" });
    expect(meta.segments).toEqual(summarizeSegments(customers, { order: CLASSIC_SEGMENTS.map((s) => s.id) }).segments);
  });

  test("bad records name the record, field and customer", () => {
    expect(() => segmentRfm([...rows, { customerId: "x", recencyDays: 1, frequency: 1, monetary: Number.POSITIVE_INFINITY }])).toThrow(
      expect.objectContaining({ code: "invalid_value", issues: [expect.objectContaining({ path: ["records", 12, "monetary"], customerId: "x" })] }),
    );
    expect(() => segmentRfm([rows[0], rows[0]], { scheme: "r-rfm-tests" })).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ code: "duplicate_customer", path: ["records", 1, "customerId"] })] }),
    );
  });

  test("the result is { customers, meta } and JSON round-trips", () => {
    const result = segmentRfm(rows);
    expect(Object.keys(result)).toEqual(["customers", "meta"]);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  test("the options schema takes one strict shape per scheme", () => {
    expect(segmentRfmOptionsSchema.safeParse({}).success).toBe(true);
    expect(segmentRfmOptionsSchema.safeParse({ scheme: "classic", thresholds: "median", basis: "scores", ties: "high" }).success).toBe(true);
    expect(segmentRfmOptionsSchema.safeParse({ scheme: "r-rfm-readme", thresholds: "median" }).success).toBe(false);
    expect(segmentRfmOptionsSchema.safeParse({ scheme: "custom" }).success).toBe(false);
    expect(segmentRfmOptionsSchema.safeParse({ scheme: "custom", rules: [{ id: "x", recency: [1, 5], frequency: [1, 5], monetary: [1, 5] }] }).success).toBe(true);
  });

  test("types: options per scheme, impossible combinations do not compile", () => {
    expectTypeOf(() => segmentRfm([])).returns.toEqualTypeOf<SegmentRfmResult>();
    expectTypeOf(() => segmentRfm([], { scheme: "r-rfm-readme", output: "columns" })).returns.toEqualTypeOf<SegmentRfmColumnsResult>();
    expectTypeOf(() => segmentRfm([], { output: "records" })).returns.toEqualTypeOf<SegmentRfmResult>();
    expectTypeOf<SegmentRfmResult["customers"]>().toEqualTypeOf<RfmSegmentRecord[]>();
    expectTypeOf<SegmentRfmResult["meta"]>().toEqualTypeOf<SegmentRfmMeta>();
    expectTypeOf<SegmentRfmMeta["segments"]>().toEqualTypeOf<SegmentSummaryRow[]>();
    expectTypeOf<SegmentRfmResult>().not.toHaveProperty("summary");
    expectTypeOf<{ scheme: "custom"; rules: [] }>().toExtend<SegmentRfmOptions>();
    expectTypeOf<{ thresholds: "median"; ties: "high" }>().toExtend<SegmentRfmOptions>();
    expectTypeOf<{ scheme: "r-rfm-readme"; thresholds: "median" }>().not.toExtend<SegmentRfmOptions>();
    expectTypeOf<{ thresholds: "median"; otherwise: "rest" }>().not.toExtend<SegmentRfmOptions>();
    expectTypeOf<{ scheme: "custom" }>().not.toExtend<SegmentRfmOptions>();
    // @ts-expect-error: thresholds belong to the classic scheme, not to a rule scheme
    expectTypeOf(() => segmentRfm(four, { scheme: "r-rfm-readme", thresholds: "median" })).toBeFunction();
    // @ts-expect-error: otherwise belongs to the rule schemes
    expectTypeOf(() => segmentRfm(four, { ties: "high", otherwise: "rest" })).toBeFunction();
    // @ts-expect-error: scheme "custom" needs rules
    expectTypeOf(() => segmentRfm(four, { scheme: "custom" })).toBeFunction();
  });
});

test("segmentRfm: scoring options with the classic scheme on raw values are refused, not ignored", () => {
  const rows = [{ customerId: "a", recencyDays: 1, frequency: 2, monetary: 3 }, { customerId: "b", recencyDays: 9, frequency: 1, monetary: 1 }];
  expect(() => segmentRfm(rows, { scoring: { bins: 3 } })).toThrow(/^segmentRfm: options\.scoring applies to basis "scores"/);
  expect(segmentRfm(rows, { basis: "scores", scoring: { bins: 2 } }).meta.scoring).not.toBeNull();
});

describe("segmentRfm: values near 1e308", () => {
  test("the mean threshold of values near 1e308 is finite and correct (not NaN with every customer low)", () => {
    const rows = [
      { customerId: "a", recencyDays: 1, frequency: 1, monetary: 8e307 },
      { customerId: "b", recencyDays: 2, frequency: 2, monetary: 8e307 },
      { customerId: "c", recencyDays: 3, frequency: 3, monetary: 1 },
    ];
    const { meta, customers } = segmentRfm(rows, { thresholds: "median" });
    expect(meta.thresholds?.monetary).toBe(8e307);
    expect(customers.map((c) => c.pattern?.[2])).toEqual(["L", "L", "L"]);
    const huge = rows.map((r, i) => ({ ...r, recencyDays: i === 2 ? 1.7e308 : 1e308 }));
    expect(segmentRfm(huge).meta.thresholds?.recency).toBeCloseTo(1.2333333333333333e308, -293);
    expect(segmentRfm(huge).customers.map((c) => c.pattern?.[0])).toEqual(["H", "H", "L"]);
    expect(() => segmentRfm(rows.map((r) => ({ ...r, monetary: 1e308 })))).toThrow(expect.objectContaining({ code: "overflow" }));
  });
});

describe("segmentRfm with hostile options", () => {
  test("a Proxy whose get trap throws is a TypeError naming segmentRfm, read once", () => {
    const options = new Proxy({ scheme: "classic" }, { get: () => { throw new Error("trap exploded"); } });
    expect(() => segmentRfm([{ customerId: "a", recencyDays: 1, frequency: 1, monetary: 1 }], options as never)).toThrow(
      /^segmentRfm: options: reading the options threw: trap exploded$/,
    );
  });
});
