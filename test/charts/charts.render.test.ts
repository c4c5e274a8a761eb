// Validity: every chart, in each of its variants, compiles with the real Vega-Lite 5 compiler without
// a warning or error, runs in a headless Vega view without one, and draws the expected number of
// marks (counted in Vega's scenegraph) and the expected titles (in the rendered SVG).
import { describe, expect, test } from "vitest";
import { calibrationHoldout, classifyAbc, clvQuadrants, cohortRetention, customerSurvival, fitBgNbd, periodIndicators, sbgSurvival, scoreRfm, segmentMovement, segmentRfm, toBtydSummary, whaleCurve } from "../../src/index.js";
import { clusterCustomers } from "../../src/cluster/index.js";
import {
  clusterScatter,
  clvQuadrantChart,
  cohortHeatmap,
  holdoutChart,
  paretoChart,
  periodChart,
  rfmHeatmap,
  segmentBarChart,
  segmentMovementChart,
  segmentShareChart,
  whaleCurveChart,
  survivalChart,
  retentionCurveChart,
  bgBbAliveChart,
  type ClusterScatterOptions,
  type ClvQuadrantChartOptions,
  type CohortHeatmapOptions,
  type HoldoutChartOptions,
  type PeriodChartOptions,
  type SegmentBarChartOptions,
  type SegmentShareChartOptions,
  type VegaLiteSpec,
} from "../../src/charts/index.js";
import { layerOf, layersOf } from "./layers.js";
import { checkChart } from "./vegaCheck.js";

type Any = any;

// 600 customers with varied values; transactions derived from them for cohorts and the BTYD models.
const customers = Array.from({ length: 600 }, (_, i) => ({
  customerId: `c${i}`,
  recencyDays: (i * 37) % 400,
  frequency: 1 + ((i * 13) % 9),
  monetary: i % 29 === 0 ? 0 : 10 + ((i * 7919) % 1000) * (1 + (i % 3)),
}));
const transactions = customers.flatMap((c, i) =>
  Array.from({ length: c.frequency }, (_, j) => ({
    customerId: c.customerId,
    date: new Date(Date.UTC(2024, (i % 6) + 2 * j, 1 + (i % 27))).toISOString().slice(0, 10),
    amount: 5 + ((i + j) % 40),
  })),
).filter((t) => t.date <= "2025-06-30");

const segments = segmentRfm(customers);
const scores = scoreRfm(customers);
const abc = classifyAbc(customers);
const abcComputed = classifyAbc(customers, { method: "computed" });
const quadrants = clvQuadrants(customers.map((c) => ({ ...c, clv: (c.monetary * c.frequency) / (1 + c.recencyDays / 100) })), { potential: "clv" });
// cut on 2025-06-20: June 2025 is a partial period (20 of 30 days)
const cells = cohortRetention(transactions.filter((t) => t.date <= "2025-06-20"), { asOf: "2025-06-20" });
const periods = periodIndicators(transactions.filter((t) => t.date <= "2025-06-20"), { asOf: "2025-06-20" });
const clusters = clusterCustomers(customers, { k: 4 });
const { customers: calibration } = toBtydSummary(transactions, { asOf: "2025-06-30", calibrationEnd: "2024-12-31", period: "week" });
const holdout = calibrationHoldout({ model: "bg-nbd", params: fitBgNbd(calibration).params }, calibration);
// segments of the first 400 customers, then of customers 100..599 with halved recency: moved, new and lost
const movement = segmentMovement(segmentRfm(customers.slice(0, 400)).customers, segmentRfm(customers.slice(100).map((c) => ({ ...c, recencyDays: c.recencyDays >> 1 }))).customers);
// profit: monetary less a cost to serve per purchase, some customers at a loss
const whale = whaleCurve(customers.map((c) => ({ customerId: c.customerId, profit: c.monetary - 120 * c.frequency })));

// survival of the customers (lapse after 90 days) by parity of their index; sBG: Fader & Hardie's "regular" cohort
const survival = customerSurvival(transactions, { asOf: "2025-06-30", lostAfterDays: 90, groups: (id: string) => (Number(id.slice(1)) % 2 === 0 ? "even" : "odd") });
const sbg = sbgSurvival({ alpha: 0.704, beta: 1.182 }, { alive: [1000, 631, 468, 382, 326, 289, 262, 241, 223, 207, 194, 183, 173] });

async function valid(spec: VegaLiteSpec) {
  const checked = await checkChart(spec);
  expect(checked.messages).toEqual([]);
  expect(checked.viewMessages).toEqual([]);
  expect(checked.svg.startsWith("<svg")).toBe(true);
  return checked;
}
const titleIn = (svg: string, text: string) => svg.includes(text.replace(/&/g, "&amp;"));

describe("every chart compiles with Vega-Lite 5.23 and renders headless with Vega 5.33", () => {
  const nSegments = segments.meta.segments.length;

  test.each<[string, SegmentBarChartOptions]>([
    ["both", {}],
    ["customers", { metric: "customers" as const }],
    ["revenue, zh", { metric: "revenue" as const, language: "zh" as const, sortBy: "input" as const }],
  ])("segmentBarChart (%s)", async (_name, options) => {
    const spec: Any = segmentBarChart(segments, options);
    const { marks, texts, svg } = await valid(spec);
    const bars = layersOf(spec, "bar");
    const shareLabels = layersOf(spec, "text");
    expect(bars).toHaveLength(spec.hconcat ? 2 : 1); // one panel per metric
    expect(shareLabels).toHaveLength(bars.length);
    for (const layer of [...bars, ...shareLabels]) expect(marks[layer.marks]).toBe(nSegments);
    expect(titleIn(svg, spec.title.text)).toBe(true);
    const labels = options.language === "zh" ? segments.meta.segments.map((s) => s.labelZh) : segments.meta.segments.map((s) => s.label);
    for (const label of labels) expect(texts).toContain(label);
  });

  test.each<[string, SegmentShareChartOptions]>([["en", {}], ["zh", { language: "zh" }]])("segmentShareChart (%s)", async (_name, options) => {
    const spec: Any = segmentShareChart(segments, options);
    const { marks, texts } = await valid(spec);
    expect(marks[layerOf(spec, "bar").marks]).toBe(2 * nSegments);
    expect(marks[layerOf(spec, "text").marks]).toBe(2 * nSegments);
    expect(texts).toContain(options.language === "zh" ? "客户占比" : "Share of customers");
  });

  test.each([["meanMonetary"], ["customers"], ["revenue"], ["meanFrequency"], ["meanRecencyDays"]] as const)("rfmHeatmap (%s)", async (metric) => {
    const spec: Any = rfmHeatmap(scores, { metric });
    const { marks } = await valid(spec);
    expect(marks[layerOf(spec, "rect").marks]).toBe(spec.data.values.length);
    expect(marks[layerOf(spec, "text").marks]).toBe(spec.data.values.length);
  });

  test.each([
    ["fixed", abc, {}],
    ["computed", abcComputed, { language: "zh" as const }],
    ["downsampled", abc, { maxPoints: 20 }],
  ])("paretoChart (%s)", async (_name, result, options) => {
    const spec: Any = paretoChart(result, options);
    const { marks, texts } = await valid(spec);
    const classes = new Set(result.customers.map((c) => c.abcClass)).size;
    expect(marks[`${layerOf(spec, "area").name}_pathgroup`]).toBe(classes); // one area per class present
    expect(marks[layerOf(spec, "rule", (l) => l.encoding.x?.datum === 0).marks]).toBe(1); // one diagonal
    expect(marks[layerOf(spec, "rule", (l) => l.encoding.y2?.field === "valueShare").marks]).toBe(2); // the two boundary rules …
    expect(marks[layerOf(spec, "text", (l) => l.encoding.text.field === "text").marks]).toBe(2); // … and their labels
    expect(texts.some((t) => t.startsWith("A | B: "))).toBe(true);
    expect(texts.some((t) => t.startsWith("B | C: "))).toBe(true);
  });

  test.each<[string, ClvQuadrantChartOptions]>([
    ["linear", {}],
    ["symlog", { scale: "symlog" as const }],
    ["sampled, zh", { maxPoints: 100, language: "zh" as const }],
  ])("clvQuadrantChart (%s)", async (_name, options) => {
    const spec: Any = clvQuadrantChart(quadrants, options);
    const { marks, texts } = await valid(spec);
    const points = layerOf(spec, "point");
    expect(marks[points.marks]).toBe(Math.min(customers.length, options.maxPoints ?? 3000));
    expect(marks[layerOf(spec, "rule", (l) => l.encoding.x !== undefined).marks]).toBe(1);
    expect(marks[layerOf(spec, "rule", (l) => l.encoding.y !== undefined).marks]).toBe(1);
    // the legend names each quadrant with its count
    for (const label of points.spec.encoding.color.scale.domain) expect(texts).toContain(label);
  });

  test.each<[string, CohortHeatmapOptions]>([
    ["share", {}],
    ["customers, no labels", { metric: "customers" as const, labels: false }],
    ["revenue, zh", { metric: "revenue" as const, language: "zh" as const }],
  ])("cohortHeatmap (%s)", async (_name, options) => {
    const spec: Any = cohortHeatmap(cells, options);
    const { marks } = await valid(spec);
    expect(marks[layerOf(spec, "rect", (l) => l.encoding?.color !== undefined).marks]).toBe(cells.cells.length);
    const labels = layersOf(spec, "text");
    expect(labels).toHaveLength(options.labels === false ? 0 : 1);
    for (const layer of labels) expect(marks[layer.marks]).toBe(cells.cells.length);
    // partial periods: one dashed outline per partial cell, and the note under the title
    const partial = cells.cells.filter((c) => c.partial).length;
    expect(partial).toBeGreaterThan(0);
    expect(marks[layerOf(spec, "rect", (l) => l.mark.strokeDash !== undefined).marks]).toBe(partial);
  });

  test.each<[string, PeriodChartOptions]>([
    ["rates", {}],
    ["four rates, active customers", { metrics: ["churnRate", "retentionRate", "repurchaseRate", "revenueRetention"], volume: "active" }],
    ["revenue, zh", { volume: "revenue", language: "zh" }],
  ])("periodChart (%s)", async (_name, options) => {
    const spec: Any = periodChart(periods, options);
    const { marks, texts } = await valid(spec);
    const metrics = options.metrics?.length ?? 2;
    const drawn = periods.periods.flatMap((p) => (options.metrics ?? ["churnRate", "retentionRate"]).map((m) => p[m])).filter((v) => v !== null).length;
    const line = layerOf(spec, "line");
    expect(marks[`${line.name}_pathgroup`]).toBe(metrics); // one line per rate …
    expect(marks[layerOf(spec, "point").marks]).toBe(drawn); // … a point per rate that is not null
    // June 2025 is partial (20 of 30 days): shaded in every panel, its days written in the band
    for (const shade of layersOf(spec, "rect")) expect(marks[shade.marks]).toBe(1);
    expect(texts).toContain(options.language === "zh" ? "30 天中的 20 天" : "20 of 30 days");
    for (const bars of layersOf(spec, "bar", (l) => l.mark.strokeDash === undefined)) expect(marks[bars.marks]).toBe(periods.periods.length);
  });

  test.each<[string, ClusterScatterOptions]>([
    ["default features", {}],
    ["log x, symlog y", { x: "frequency", y: "monetary", xScale: "log" as const, yScale: "symlog" as const }],
    ["sampled, no means, zh", { maxPoints: 50, means: false, language: "zh" as const }],
  ])("clusterScatter (%s)", async (_name, options) => {
    const spec: Any = clusterScatter(customers, clusters, options);
    const { marks, texts } = await valid(spec);
    expect(marks[layerOf(spec, "point", (l) => l.mark.shape !== "diamond").marks]).toBe(Math.min(customers.length, options.maxPoints ?? 3000));
    const means = layersOf(spec, "point", (l) => l.mark.shape === "diamond");
    expect(means).toHaveLength(options.means === false ? 0 : 1);
    for (const layer of means) expect(marks[layer.marks]).toBe(4);
    expect(texts.filter((t) => / · .*\(\d+\.\d%\)$/.test(t))).toHaveLength(4); // legend entries
  });

  test.each<[string, HoldoutChartOptions]>([["en", { model: "BG/NBD" }], ["zh", { language: "zh" }]])("holdoutChart (%s)", async (_name, options) => {
    const spec: Any = holdoutChart(holdout, options);
    const { marks, texts } = await valid(spec);
    const rows = holdout.frequencies;
    // One line mark with point overlay; Vega-Lite compiles it to a layer of lines (layer_0) and points (layer_1).
    expect(layersOf(spec, "line")).toHaveLength(1);
    expect(marks.layer_0_pathgroup).toBe(2); // two lines …
    expect(marks.layer_0_marks).toBe(2 * rows.length); // … through every row
    expect(marks.layer_1_marks).toBe(2 * rows.length); // points
    expect(texts).toContain(options.language === "zh" ? "实际" : "Actual");
    expect(texts).toContain(rows.at(-1)!.frequencyAtLeast ? `${rows.at(-1)!.frequency}+` : String(rows.at(-1)!.frequency));
  });

  test.each([["en"], ["zh"]] as const)("segmentMovementChart (%s)", async (language) => {
    const spec: Any = segmentMovementChart(movement, { language, fromDate: "2024-12-31", toDate: "2025-06-30" });
    const { marks, texts } = await valid(spec);
    const k = movement.meta.classes.length;
    expect(marks[layerOf(spec, "rect", (l) => l.transform === undefined).marks]).toBe((k + 1) * (k + 1) - 1);
    expect(marks[layerOf(spec, "rect", (l) => l.transform !== undefined).marks]).toBe(k); // the diagonal
    expect(texts).toContain(language === "zh" ? "（新增）" : "(new)");
    expect(texts).toContain(language === "zh" ? "（流失）" : "(lost)");
    expect(movement.meta.new > 0 && movement.meta.lost > 0).toBe(true);
  });

  test.each([["en"], ["zh"]] as const)("whaleCurveChart (%s)", async (language) => {
    const spec: Any = whaleCurveChart(whale, { language });
    const { marks, texts } = await valid(spec);
    expect(whale.meta.valueDestroyingCustomers).toBeGreaterThan(0);
    expect(marks[layerOf(spec, "line").marks]).toBe(whale.points.length); // one vertex per point
    expect(marks[layerOf(spec, "rect").marks]).toBe(1); // the tail
    expect(marks[layerOf(spec, "point").marks]).toBe(1); // the peak
    expect(texts.some((t) => t.startsWith(language === "zh" ? "峰值 " : "peak "))).toBe(true);
  });
});

describe("charts of the models of issue 17 render", () => {
  test.each([["en"], ["zh"]] as const)("survivalChart (%s)", async (language) => {
    const spec: Any = survivalChart(survival, { language, censoring: true });
    const { marks, texts } = await valid(spec);
    const km = spec.data.values.filter((d: Any) => d.kind === "km");
    expect(marks[layerOf(spec, "line").marks]).toBe(km.length); // one vertex per point, S(0) = 1 included
    expect(km.length).toBe(survival.points.length + 2);
    expect(marks[layerOf(spec, "area").marks]).toBe(km.filter((d: Any) => d.lower !== null).length);
    expect(marks[layerOf(spec, "tick").marks]).toBe(survival.points.filter((p) => p.censored > 0).length);
    expect(texts.some((t) => t.includes(language === "zh" ? "Log-rank 检验：" : "Log-rank test: "))).toBe(true);
    const model: Any = survivalChart(null, { language, sbg, fittedPeriods: 7 });
    const drawn = await valid(model);
    expect(drawn.marks[layerOf(model, "point").marks]).toBe(13);
  });

  test.each([["en"], ["zh"]] as const)("retentionCurveChart (%s)", async (language) => {
    const spec: Any = retentionCurveChart(sbg, { language, fittedPeriods: 7 });
    const { marks, texts } = await valid(spec);
    expect(marks[layerOf(spec, "point").marks]).toBe(12);
    expect(texts).toContain(language === "zh" ? "各期留存率" : "Retention rate by period");
  });

  test.each([["en"], ["zh"]] as const)("bgBbAliveChart (%s)", async (language) => {
    const spec: Any = bgBbAliveChart({ alpha: 1.2035, beta: 0.7497, gamma: 0.6567, delta: 2.7834 }, { n: 6, language });
    const { marks } = await valid(spec);
    expect(marks[layerOf(spec, "rect").marks]).toBe(22);
    expect(marks[layerOf(spec, "text").marks]).toBe(22);
  });
});

test("the check itself catches what Vega-Lite warns about", async () => {
  const { messages } = await checkChart({
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    data: { values: [{ a: 1 }] },
    mark: "bar",
    encoding: { x: { field: "a", type: "quantitative" }, shape: { field: "a", type: "nominal" } },
  });
  expect(messages).toEqual(['warn: shape dropped as it is incompatible with "bar".']);
});
