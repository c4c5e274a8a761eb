// Chart specs on small hand-checked inputs: the data rows, encodings and texts each chart builds,
// and the argument errors. (Validity with the real Vega-Lite compiler: charts.render.test.ts.)
import { describe, expect, test } from "vitest";
import { classifyAbc, clvQuadrants, scoreRfm, segmentRfm } from "../../src/index.js";
import { clusterCustomers } from "../../src/cluster/index.js";
import {
  JUPYTER_DISPLAY,
  VEGA_LITE_MIME,
  VEGA_LITE_SCHEMA,
  clusterScatter,
  clvQuadrantChart,
  cohortHeatmap,
  holdoutChart,
  paretoChart,
  rfmHeatmap,
  segmentBarChart,
  segmentShareChart,
  tableDisplay,
  toDisplay,
} from "../../src/charts/index.js";
import { fnv1a, groupThousands, logTickValues, numberText, percentText, sampleIndices } from "../../src/charts/common.js";
import { deepFreeze } from "../helpers/arbitraries.js";

// Specs are JSON values; tests read into them freely.
type Any = any;

const summary = deepFreeze([
  { segment: "important_value", label: "Important value", labelZh: "重要价值客户", customers: 20, revenue: 6000 },
  { segment: "important_retain", label: "Important retain", labelZh: "重要保持客户", customers: 10, revenue: 2000 },
  { segment: "general_develop", label: "General develop", labelZh: "一般发展客户", customers: 50, revenue: 1500 },
  { segment: "general_win_back", label: "General win-back", labelZh: "一般挽留客户", customers: 20, revenue: 500 },
]);

describe("segmentBarChart", () => {
  test("one row per segment, shares of the rows passed, bars sorted by the metric", () => {
    const spec: Any = segmentBarChart(summary, { metric: "customers" });
    expect(spec.$schema).toBe(VEGA_LITE_SCHEMA);
    expect(spec.data.values.map((d: Any) => [d.segment, d.customers, d.share, d.customersText, d.revenueShare, d.revenueText])).toEqual([
      ["important_value", 20, 0.2, "20.0%", 0.6, "60.0%"],
      ["important_retain", 10, 0.1, "10.0%", 0.2, "20.0%"],
      ["general_develop", 50, 0.5, "50.0%", 0.15, "15.0%"],
      ["general_win_back", 20, 0.2, "20.0%", 0.05, "5.0%"],
    ]);
    // ties (20 and 20) keep the summary order
    expect(spec.encoding.y.sort).toEqual(["General develop", "Important value", "General win-back", "Important retain"]);
    expect(spec.layer[0].encoding.x.field).toBe("customers");
    expect(spec.layer[1].encoding.text.field).toBe("customersText");
    expect(spec.title).toEqual({ text: "Customers per segment", subtitle: "100 customers", anchor: "start" });
    // the colour scale follows the summary order whatever the bar order
    expect(spec.layer[0].encoding.color.scale.domain).toEqual(["Important value", "Important retain", "General develop", "General win-back"]);
  });

  test("both metrics side by side share one order; revenue sort; summary order; Chinese labels", () => {
    const both: Any = segmentBarChart({ summary }, { sortBy: "revenue" });
    expect(both.hconcat).toHaveLength(2);
    expect(both.hconcat[0].encoding.y.sort).toEqual(["Important value", "Important retain", "General develop", "General win-back"]);
    expect(both.hconcat[1].encoding.y.sort).toEqual(both.hconcat[0].encoding.y.sort);
    expect(both.hconcat[1].encoding.y.axis).toEqual({ labels: false, ticks: false });
    const zh: Any = segmentBarChart(summary, { language: "zh", metric: "revenue", sortBy: "summary", title: "" });
    expect(zh.encoding.y.sort).toEqual(["重要价值客户", "重要保持客户", "一般发展客户", "一般挽留客户"]);
    expect(zh.encoding.y.title).toBe("客户细分");
    expect(zh.title).toBeUndefined();
  });

  test("works on segmentRfm's result; two segments with one label are told apart by id", () => {
    const result = segmentRfm([
      { customerId: "a", recencyDays: 5, frequency: 12, monetary: 1500 },
      { customerId: "b", recencyDays: 200, frequency: 1, monetary: 30 },
    ]);
    const spec: Any = segmentBarChart(result);
    expect(spec.data.values).toHaveLength(8); // every classic segment, empty ones too
    const dup: Any = segmentBarChart([
      { segment: "x", label: "Same", labelZh: "同", customers: 1, revenue: 1 },
      { segment: "y", label: "Same", labelZh: "同", customers: 1, revenue: 1 },
    ]);
    expect(dup.data.values.map((d: Any) => d.label)).toEqual(["Same (x)", "Same (y)"]);
  });

  test("argument errors name the function, the row and the field", () => {
    expect(() => segmentBarChart([] as never)).toThrow(new RangeError("segmentBarChart: no segment rows to draw (0 rows)"));
    expect(() => segmentBarChart("x" as never)).toThrow(TypeError);
    expect(() => segmentBarChart([{ ...summary[0], customers: Number.NaN }])).toThrow(new TypeError("segmentBarChart: summary[0].customers must be a finite number, got NaN"));
    expect(() => segmentBarChart([{ ...summary[0], customers: 1.5 }])).toThrow(/^segmentBarChart: summary\[0\]\.customers must be a count/);
    expect(() => segmentBarChart([summary[0], summary[0]])).toThrow(/appears twice/);
    expect(() => segmentBarChart(summary, { metric: "orders" as never })).toThrow(RangeError);
    expect(() => segmentBarChart(summary, { metric: "orders" as never })).toThrow(/^segmentBarChart: options\.metric/);
    expect(() => segmentBarChart(summary, { colour: "red" } as never)).toThrow(TypeError);
    expect(() => segmentBarChart(summary, { width: 0 })).toThrow(/^segmentBarChart: options\.width/);
  });
});

describe("segmentShareChart", () => {
  test("two 100% bars with the parts in summary order", () => {
    const spec: Any = segmentShareChart(summary, { minLabelShare: 0.1 });
    const rows = spec.data.values.map((d: Any) => [d.measure, d.segment, d.start, d.end, d.text]);
    expect(rows).toEqual([
      ["Share of customers", "important_value", 0, 0.2, "20%"],
      ["Share of revenue", "important_value", 0, 0.6, "60%"],
      ["Share of customers", "important_retain", 0.2, 0.3, "10%"],
      ["Share of revenue", "important_retain", 0.6, 0.8, "20%"],
      ["Share of customers", "general_develop", 0.3, 0.8, "50%"],
      ["Share of revenue", "general_develop", 0.8, 0.95, "15%"],
      ["Share of customers", "general_win_back", 0.8, 1, "20%"],
      ["Share of revenue", "general_win_back", 0.95, 1, ""], // 5% < minLabelShare
    ]);
    expect(spec.layer[0].encoding.x2).toEqual({ field: "end" });
  });

  test("negative segment revenue or no revenue cannot be split into shares", () => {
    expect(() => segmentShareChart([{ ...summary[0], revenue: -1 }, summary[1]])).toThrow(
      new RangeError('segmentShareChart: revenue shares need non-negative revenue, but segment "important_value" has -1'),
    );
    expect(() => segmentShareChart([{ ...summary[0], revenue: 0 }])).toThrow(/total revenue is 0/);
  });
});

describe("rfmHeatmap", () => {
  const scores = deepFreeze([
    { customerId: "a", r: 3, f: 1, m: 1, recencyDays: 2, frequency: 1, monetary: 10 },
    { customerId: "b", r: 3, f: 1, m: 2, recencyDays: 4, frequency: 1, monetary: 30 },
    { customerId: "c", r: 1, f: 3, m: 3, recencyDays: 90, frequency: 9, monetary: 900 },
    { customerId: "d", r: 2, f: 2, m: 2, recencyDays: 40, frequency: 3, monetary: 50 },
  ]);

  test("one row per non-empty (R, F) cell with count and means; R descending, F ascending", () => {
    const spec: Any = rfmHeatmap(scores);
    expect(spec.data.values).toEqual([
      { r: 1, f: 3, customers: 1, share: 0.25, revenue: 900, meanMonetary: 900, meanFrequency: 9, meanRecencyDays: 90, value: 900 },
      { r: 2, f: 2, customers: 1, share: 0.25, revenue: 50, meanMonetary: 50, meanFrequency: 3, meanRecencyDays: 40, value: 50 },
      { r: 3, f: 1, customers: 2, share: 0.5, revenue: 40, meanMonetary: 20, meanFrequency: 1, meanRecencyDays: 3, value: 20 },
    ]);
    expect(spec.encoding.y.scale.domain).toEqual([3, 2, 1]);
    expect(spec.encoding.x.scale.domain).toEqual([1, 2, 3]);
    // white text on the darker half of the colour range: (20 + 900) / 2
    expect(spec.layer[1].encoding.color.condition.test).toBe("datum.value > 460");
    expect(rfmHeatmap(scores, { metric: "customers" }).data).toEqual({ values: spec.data.values.map((v: Any) => ({ ...v, value: v.customers })) });
  });

  test("with scoreRfm's meta, the axes list every score even when cells are empty", () => {
    const result = scoreRfm(
      [
        { customerId: "a", recencyDays: 1, frequency: 1, monetary: 10 },
        { customerId: "b", recencyDays: 100, frequency: 5, monetary: 50 },
      ],
      { bins: 4 },
    );
    const spec: Any = rfmHeatmap(result);
    expect(spec.encoding.y.scale.domain).toEqual([4, 3, 2, 1]);
    expect(spec.encoding.x.scale.domain).toEqual([1, 2, 3, 4]);
    expect(spec.data.values).toHaveLength(2);
  });

  test("segments without scores are refused with a hint; segments scored on scores work", () => {
    const customers = [
      { customerId: "a", recencyDays: 1, frequency: 1, monetary: 10 },
      { customerId: "b", recencyDays: 100, frequency: 5, monetary: 50 },
    ];
    expect(() => rfmHeatmap(segmentRfm(customers) as never)).toThrow(
      new TypeError("rfmHeatmap: scores[0].r must be an integer score, got null (classic segments on raw values carry no scores: pass scoreRfm's result)"),
    );
    const spec: Any = rfmHeatmap(segmentRfm(customers, { basis: "scores" }));
    expect(spec.encoding.y.scale.domain).toEqual([5, 4, 3, 2, 1]);
    expect(() => rfmHeatmap([])).toThrow(RangeError);
    expect(() => rfmHeatmap([{ ...scores[0], monetary: "10" as never }])).toThrow(/^rfmHeatmap: scores\[0\]\.monetary must be a finite number, got "10"$/);
  });
});

describe("paretoChart", () => {
  const abc = deepFreeze(
    classifyAbc([
      { customerId: "a", monetary: 500 },
      { customerId: "b", monetary: 300 },
      { customerId: "c", monetary: 100 },
      { customerId: "d", monetary: 50 },
      { customerId: "e", monetary: 50 },
      { customerId: "f", monetary: 0 },
    ]),
  );

  test("vertices at the ends of tie groups, boundaries duplicated into the next class", () => {
    const spec: Any = paretoChart(abc);
    // cumulative: 500 → 0.5, 800 → 0.8, 900 → 0.9, (50, 50 tied) → 1, 0 → 1
    // A while the value above < 80%: a (0), b (50%); B while < 95%: c (80%), d and e (90%); C: f
    expect(abc.classes.map((c) => c.abcClass)).toEqual(["A", "A", "B", "B", "B", "C"]);
    expect(spec.data.values.map((d: Any) => [d.abcClass, d.customerShare, d.valueShare])).toEqual([
      ["A", 0, 0],
      ["A", 1 / 6, 0.5],
      ["A", 2 / 6, 0.8],
      ["B", 2 / 6, 0.8],
      ["B", 3 / 6, 0.9],
      ["B", 5 / 6, 1],
      ["C", 5 / 6, 1],
      ["C", 1, 1],
    ]);
    const cuts = spec.layer[3].data.values;
    expect(cuts.map((c: Any) => [c.customerShare, c.valueShare, c.text])).toEqual([
      [2 / 6, 0.8, "A | B: 33.3% → 80.0%"],
      [5 / 6, 1, "B | C: 83.3% → 100.0%"],
    ]);
    expect(spec.title.subtitle).toEqual(["Fixed cuts at 80% / 95% of value", "6 customers · A 2 · B 3 · C 1"]);
    // the class areas are not stacked on each other
    expect(spec.layer[0].encoding.y.stack).toBeNull();
  });

  test("the computed method names its limits; count shares name customers", () => {
    const computed: Any = paretoChart(classifyAbc(abc.classes.map((c) => ({ customerId: c.customerId, monetary: c.value })), { method: "computed" }));
    expect(computed.title.subtitle[0]).toMatch(/^Computed ABC \(Ultsch & Lötsch\): A value > [\d.]+, B ≥ [\d.]+$/);
    const byCount: Any = paretoChart(classifyAbc(abc.classes.map((c) => ({ customerId: c.customerId, monetary: c.value })), { by: "count" }), { language: "zh" });
    expect(byCount.title.subtitle[0]).toBe("固定切分：客户的 20% / 50%");
  });

  test("downsampling keeps at most maxPoints vertices, the ends and the exact cut points", () => {
    const n = 20_000;
    // a long tail: values 1/k
    const records = Array.from({ length: n }, (_, k) => ({ customerId: `c${k}`, monetary: 1000 / (k + 1) }));
    const result = classifyAbc(records);
    const spec: Any = paretoChart(result, { maxPoints: 100 });
    const vertices = spec.data.values.filter((d: Any, i: number, all: Any[]) => i === 0 || d.customerShare !== all[i - 1].customerShare || d.valueShare !== all[i - 1].valueShare);
    expect(vertices.length).toBeLessThanOrEqual(100);
    expect(spec.data.values.length).toBeLessThanOrEqual(102);
    expect(vertices[0]).toMatchObject({ customerShare: 0, valueShare: 0 });
    expect(vertices.at(-1)).toMatchObject({ customerShare: 1, valueShare: 1 });
    const { A, B } = result.meta.counts;
    const cuts = spec.layer[3].data.values;
    expect(cuts[0].customerShare).toBe(A / n);
    expect(cuts[1].customerShare).toBe((A + B) / n);
    for (const c of cuts) expect(vertices.some((v: Any) => v.customerShare === c.customerShare && v.valueShare === c.valueShare)).toBe(true);
  });

  test("inputs that are not a classifyAbc result are refused", () => {
    expect(() => paretoChart({ classes: [] } as never)).toThrow(TypeError);
    expect(() => paretoChart({ classes: [], meta: abc.meta })).toThrow(new RangeError("paretoChart: no customers to draw (0 classes)"));
    const broken = { ...abc, classes: abc.classes.map((c, i) => (i === 0 ? { ...c, rank: 7 } : c)) };
    expect(() => paretoChart(broken)).toThrow(new TypeError("paretoChart: classes[0].rank must be an integer in [1, 6], got 7"));
    const unordered = { ...abc, classes: abc.classes.map((c, i) => (i === 0 ? { ...c, abcClass: "C" as const } : c)) };
    expect(() => paretoChart(unordered)).toThrow(/not ordered A, B, C by rank/);
    expect(() => paretoChart(abc, { maxPoints: 8 })).toThrow(/^paretoChart: options\.maxPoints/);
  });
});

describe("clvQuadrantChart", () => {
  const result = deepFreeze(
    clvQuadrants(
      [
        { customerId: "a", monetary: 900, clv: 1200 },
        { customerId: "b", monetary: 800, clv: 100 },
        { customerId: "c", monetary: 50, clv: 900 },
        { customerId: "d", monetary: 50, clv: 80 },
      ],
      { potential: "clv" },
    ),
  );

  test("points, quadrant labels with counts, threshold rules", () => {
    const spec: Any = clvQuadrantChart(result, { language: "zh" });
    expect(spec.data.values).toEqual([
      { customerId: "a", current: 900, potential: 1200, quadrant: "most_valuable" },
      { customerId: "b", current: 800, potential: 100, quadrant: "loyal" },
      { customerId: "c", current: 50, potential: 900, quadrant: "potential" },
      { customerId: "d", current: 50, potential: 80, quadrant: "low_value" },
    ]);
    expect(spec.layer[0].encoding.color.scale.domain).toEqual(["最有价值客户 (1)", "次价值客户 (1)", "潜在价值客户 (1)", "低价值客户 (1)"]);
    expect(spec.layer[1]).toMatchObject({ data: { values: [{}] }, encoding: { x: { datum: 450 } } });
    expect(spec.layer[2]).toMatchObject({ data: { values: [{}] }, encoding: { y: { datum: 570 } } });
    expect(spec.title.subtitle).toEqual(["阈值：当前价值 450，潜在价值 570", "4 位客户"]);
  });

  test("log and symlog axes; log refuses values ≤ 0", () => {
    const log: Any = clvQuadrantChart(result, { scale: "log" });
    expect(log.layer[0].encoding.x.scale).toEqual({ type: "log", nice: false });
    expect(log.layer[0].encoding.x.axis.values).toEqual([50, 100, 200, 500, 1000]);
    const zero = { ...result, quadrants: result.quadrants.map((q, i) => (i === 3 ? { ...q, current: 0 } : q)) };
    expect(() => clvQuadrantChart(zero, { scale: "log" })).toThrow(new RangeError('clvQuadrantChart: scale "log" needs positive values, but the smallest is 0; use "symlog"'));
    expect((clvQuadrantChart(zero, { scale: "symlog" }) as Any).layer[0].encoding.y.axis.values).toEqual([0, 1, 10, 100, 1000]);
  });

  test("above maxPoints a sample by id hash is drawn; counts stay those of all customers", () => {
    const many = clvQuadrants(
      Array.from({ length: 500 }, (_, i) => ({ customerId: `c${i}`, monetary: i % 50, clv: (i * 7) % 60 })),
      { potential: "clv" },
    );
    const spec: Any = clvQuadrantChart(many, { maxPoints: 40 });
    expect(spec.data.values).toHaveLength(40);
    const expected = [...sampleIndices(many.quadrants.map((q) => q.customerId), 40)].map((i) => many.quadrants[i].customerId);
    expect(spec.data.values.map((d: Any) => d.customerId)).toEqual(expected);
    expect(spec.title.subtitle[1]).toBe("40 of 500 customers shown (sample by customer id hash)");
    const total = spec.layer[0].encoding.color.scale.domain.map((l: string) => Number(/\((\d+)\)$/.exec(l)![1])).reduce((a: number, b: number) => a + b, 0);
    expect(total).toBe(500);
  });

  test("inputs that are not a clvQuadrants result are refused", () => {
    expect(() => clvQuadrantChart({ quadrants: [] } as never)).toThrow(TypeError);
    const bad = { ...result, quadrants: [{ ...result.quadrants[0], quadrant: "vip" }] };
    expect(() => clvQuadrantChart(bad)).toThrow(/^clvQuadrantChart: quadrants\[0\]\.quadrant must be one of most_valuable, loyal, potential, low_value, got "vip"$/);
  });
});

describe("cohortHeatmap", () => {
  const cells = deepFreeze([
    { cohort: "2024-01", periodIndex: 0, period: "2024-01", customers: 10, share: 1, revenue: 100, cohortSize: 10 },
    { cohort: "2024-01", periodIndex: 1, period: "2024-02", customers: 4, share: 0.4, revenue: 60, cohortSize: 10 },
    { cohort: "2024-01", periodIndex: 2, period: "2024-03", customers: 2, share: 0.2, revenue: 20, cohortSize: 10 },
    { cohort: "2024-02", periodIndex: 0, period: "2024-02", customers: 5, share: 1, revenue: 50, cohortSize: 5 },
    { cohort: "2024-02", periodIndex: 1, period: "2024-03", customers: 1, share: 0.2, revenue: 5, cohortSize: 5 },
    { cohort: "2024-03", periodIndex: 0, period: "2024-03", customers: 3, share: 1, revenue: 30, cohortSize: 3 },
  ]);

  test("one row per cell; shares coloured from 0 to the best later period, clamped", () => {
    const spec: Any = cohortHeatmap(cells);
    expect(spec.data.values).toHaveLength(6);
    expect(spec.data.values[1]).toEqual({ cohort: "2024-01", periodIndex: 1, period: "2024-02", cohortSize: 10, customers: 4, share: 0.4, revenue: 60, value: 0.4 });
    expect(spec.layer[0].encoding.color.scale).toEqual({ scheme: "blues", domain: [0, 0.4], clamp: true });
    expect(spec.encoding.y.scale.domain).toEqual(["2024-01", "2024-02", "2024-03"]);
    expect(spec.encoding.x.scale.domain).toEqual([0, 1, 2]);
    expect(spec.layer[1].encoding.text.format).toBe(".0%");
    expect(spec.title.subtitle).toBe("3 cohorts · 18 customers");
  });

  test("revenue metric: unclamped domain; labels can be switched off", () => {
    const spec: Any = cohortHeatmap(cells, { metric: "revenue", labels: false });
    expect(spec.layer).toHaveLength(1);
    expect(spec.layer[0].encoding.color.scale).toEqual({ scheme: "blues", domain: [0, 100] });
    expect(spec.data.values.map((d: Any) => d.value)).toEqual([100, 60, 20, 50, 5, 30]);
  });

  test("labels are off by default beyond 40 periods", () => {
    const wide = Array.from({ length: 41 }, (_, k) => ({ cohort: "w", periodIndex: k, period: `p${k}`, customers: 1, share: 1, revenue: 1, cohortSize: 1 }));
    expect((cohortHeatmap(wide) as Any).layer).toHaveLength(1);
    expect((cohortHeatmap(wide.slice(0, 40)) as Any).layer).toHaveLength(2);
  });

  test("bad cells are refused", () => {
    expect(() => cohortHeatmap([{ ...cells[0], periodIndex: -1 }])).toThrow(/^cohortHeatmap: cells\[0\]\.periodIndex must be an integer >= 0/);
    expect(() => cohortHeatmap([{ ...cells[0], cohort: 2024 as never }])).toThrow(new TypeError("cohortHeatmap: cells[0].cohort must be a string, got 2024"));
    expect(() => cohortHeatmap([])).toThrow(RangeError);
  });
});

describe("clusterScatter", () => {
  const customers = deepFreeze([
    { customerId: "a", frequency: 1, monetary: 20, recencyDays: 300 },
    { customerId: "b", frequency: 2, monetary: 30, recencyDays: 200 },
    { customerId: "c", frequency: 30, monetary: 900, recencyDays: 5 },
    { customerId: "d", frequency: 40, monetary: 1100, recencyDays: 10 },
  ]);
  const result = deepFreeze(clusterCustomers(customers, { k: 2 }));

  test("points by cluster, means over all customers, labels from the profiles", () => {
    const spec: Any = clusterScatter(customers, result, { x: "frequency", y: "monetary" });
    const high = result.clusters[2].cluster;
    const low = result.clusters[0].cluster;
    expect(spec.data.values).toEqual(customers.map((c, i) => ({ customerId: c.customerId, cluster: result.clusters[i].cluster, frequency: c.frequency, monetary: c.monetary })));
    const means = spec.layer[1].data.values;
    expect(means.find((m: Any) => m.cluster === high)).toEqual({ cluster: high, customers: 2, frequency: 35, monetary: 1000 });
    expect(means.find((m: Any) => m.cluster === low)).toEqual({ cluster: low, customers: 2, frequency: 1.5, monetary: 25 });
    const labels = JSON.parse(/^(\{.*\})\[/.exec(spec.layer[0].transform[0].calculate)![1]);
    expect(labels[high]).toBe(`${high} · Important value (50.0%)`);
    expect(labels[low]).toBe(`${low} · General win-back (50.0%)`);
    // default axes: the first two clustering features
    expect((clusterScatter(customers, result) as Any).layer[0].encoding.x.field).toBe("recencyDays");
  });

  test("records in another order are matched by id; unknown ids are refused", () => {
    const reversed = [...customers].reverse();
    const spec: Any = clusterScatter(reversed, result, { x: "frequency", y: "monetary" });
    expect(spec.data.values.map((d: Any) => [d.customerId, d.cluster])).toEqual(reversed.map((c) => [c.customerId, result.clusters.find((a) => a.customerId === c.customerId)!.cluster]));
    const other = customers.map((c, i) => (i === 1 ? { ...c, customerId: "zz" } : c));
    expect(() => clusterScatter(other, result, { x: "frequency", y: "monetary" })).toThrow(new TypeError('clusterScatter: customers[1] (customerId "zz") has no cluster in the result'));
    expect(() => clusterScatter(customers.slice(1), result)).toThrow(/4 cluster assignments/);
    expect(() => clusterScatter(customers, result, { x: "orders", y: "monetary" })).toThrow(/^clusterScatter: customers\[0\]\.orders must be a finite number, got undefined$/);
    expect(() => clusterScatter(customers, result, { xScale: "log", x: "monetary", y: "frequency", means: false })).not.toThrow();
    expect(() => clusterScatter(customers.map((c) => ({ ...c, monetary: c.monetary - 20 })), result, { xScale: "log", x: "monetary", y: "frequency" })).toThrow(/^clusterScatter: xScale "log" needs positive values/);
  });
});

describe("holdoutChart", () => {
  test("two rows per calibration frequency, the pooled last one labelled n+", () => {
    const rows = deepFreeze([
      { frequency: 0, frequencyAtLeast: false, customers: 100, actual: 0.2, predicted: 0.25 },
      { frequency: 1, frequencyAtLeast: false, customers: 40, actual: 0.8, predicted: 0.7 },
      { frequency: 2, frequencyAtLeast: true, customers: 10, actual: 2, predicted: 2.1 },
    ]);
    const spec: Any = holdoutChart(rows);
    expect(spec.data.values.map((d: Any) => [d.frequencyLabel, d.series, d.purchases, d.customers])).toEqual([
      ["0", "Actual", 0.2, 100],
      ["0", "Model", 0.25, 100],
      ["1", "Actual", 0.8, 40],
      ["1", "Model", 0.7, 40],
      ["2+", "Actual", 2, 10],
      ["2+", "Model", 2.1, 10],
    ]);
    expect(spec.encoding.x.sort).toEqual(["0", "1", "2+"]);
    expect(spec.title.subtitle).toBe("150 customers");
    expect(() => holdoutChart(rows, { model: "Actual" })).toThrow(RangeError);
    expect(() => holdoutChart([{ ...rows[0], actual: Number.POSITIVE_INFINITY }])).toThrow(/^holdoutChart: rows\[0\]\.actual must be a finite number, got Infinity$/);
  });
});

describe("toDisplay and tableDisplay", () => {
  test("toDisplay gives the Vega-Lite MIME bundle under Symbol.for('Jupyter.display')", () => {
    const spec = segmentBarChart(summary);
    const display = toDisplay(spec);
    expect(JUPYTER_DISPLAY).toBe(Symbol.for("Jupyter.display"));
    const bundle = (display as Any)[Symbol.for("Jupyter.display")]();
    expect(bundle[VEGA_LITE_MIME]).toBe(spec);
    expect(bundle["text/plain"]).toBe("Vega-Lite chart: Customers and revenue per segment (4 data rows)");
    expect(display.spec).toBe(spec);
    const pareto = paretoChart(classifyAbc([{ customerId: "a", monetary: 1 }, { customerId: "b", monetary: 2 }]));
    // rows of the layers' own data count too
    expect(toDisplay(pareto)[JUPYTER_DISPLAY]()["text/plain"]).toBe(`Vega-Lite chart: Pareto curve and ABC classes (${(pareto as Any).data.values.length + 3} data rows)`);
    expect(toDisplay(spec, { description: "x" })[JUPYTER_DISPLAY]()["text/plain"]).toBe("x");
  });

  test("toDisplay refuses what is not a Vega-Lite v5 spec", () => {
    expect(() => toDisplay({ $schema: "https://vega.github.io/schema/vega-lite/v4.json" } as never)).toThrow(
      /^toDisplay: spec must be a Vega-Lite v5 spec \(\$schema "https:\/\/vega.github.io\/schema\/vega-lite\/v5.json"\), got \$schema "https:/,
    );
    expect(() => toDisplay(null as never)).toThrow(/got null$/);
    expect(() => toDisplay({ $schema: "https://vega.github.io/schema/vega-lite/v5.23.0.json" })).not.toThrow();
  });

  test("tableDisplay escapes HTML, aligns numbers and wide characters, and says how many rows it left out", () => {
    const t = tableDisplay(
      [
        { name: "<b>A&B</b>", n: 1, x: 0.125, when: new Date(Date.UTC(2024, 0, 2)) },
        { name: "重要价值客户", n: 22, x: null, extra: { a: 1 } },
        { name: "c", n: 3, x: 1e-9 },
      ],
      { maxRows: 2, digits: 2, title: "T" },
    );
    expect(t.text.split("\n")).toEqual([
      "T",
      "name           n     x  when                      extra",
      "------------  --  ----  ------------------------  -------",
      "<b>A&B</b>     1  0.13  2024-01-02T00:00:00.000Z",
      "重要价值客户  22                                  {\"a\":1}",
      "… 1 more row (3 in all)",
    ]);
    expect(t.html).toContain("<caption>T</caption>");
    expect(t.html).toContain("<td>&lt;b&gt;A&amp;B&lt;/b&gt;</td>");
    expect(t.html).toContain('<th style="text-align:right">n</th>');
    expect(t.html).toContain('<tfoot><tr><td colspan="5">… 1 more row (3 in all)</td></tr></tfoot>');
    expect(t[JUPYTER_DISPLAY]()).toEqual({ "text/html": t.html, "text/plain": t.text });
    expect(tableDisplay([{ v: 100 }], { digits: 0 }).text).toBe("  v\n---\n100");
    expect(() => tableDisplay([1] as never)).toThrow(new TypeError("tableDisplay: records[0] must be a record (object), got 1"));
    expect(() => tableDisplay({} as never)).toThrow(TypeError);
  });
});

describe("helpers", () => {
  test("number texts do not depend on the host locale", () => {
    expect(groupThousands(23570)).toBe("23,570");
    expect(groupThousands(-1234567.6)).toBe("-1,234,568");
    expect(percentText(0.12345)).toBe("12.3%");
    expect(percentText(null)).toBe("–");
    expect(numberText(1234.5678)).toBe("1,234.57");
    expect(numberText(-0.000123456789)).toBe("-0.000123457");
  });

  test("log ticks: 1-2-5 over up to three decades, powers of ten beyond, symlog mirrors and adds 0", () => {
    expect(logTickValues(3, 400, false)).toEqual([5, 10, 20, 50, 100, 200]);
    expect(logTickValues(1, 1e6, false)).toEqual([1, 10, 100, 1000, 10000, 100000, 1000000]);
    expect(logTickValues(-50, 2000, true)).toEqual([-10, -1, 0, 1, 10, 100, 1000]);
    expect(logTickValues(-50, 200, true)).toEqual([-50, -20, -10, -5, -2, -1, 0, 1, 2, 5, 10, 20, 50, 100, 200]);
    expect(logTickValues(2, 3, false)).toBeNull();
  });

  test("the sample by id hash keeps the smallest hashes, in input order, whatever the order of the rows", () => {
    const ids = Array.from({ length: 1000 }, (_, i) => `customer-${i}`);
    const kept = [...sampleIndices(ids, 50)].map((i) => ids[i]);
    expect(kept).toHaveLength(50);
    const cutoff = Math.max(...kept.map(fnv1a));
    expect(ids.filter((id) => fnv1a(id) <= cutoff).sort()).toEqual([...kept].sort());
    const reversed = [...ids].reverse();
    expect([...sampleIndices(reversed, 50)].map((i) => reversed[i]).sort()).toEqual([...kept].sort());
    expect(fnv1a("")).toBe(0x811c9dc5);
    expect(fnv1a("a")).toBe(0xe40c292c);
  });
});
