import { z } from "zod";
import { defineOptions, parseOptions, type OptionsSchema } from "../options.js";
import type { PeriodIndicatorRecord } from "../churn/periodIndicators.js";
import { AnalyticsInputError, describeValue, inputIssue, type InputIssue } from "../errors.js";
import { readRecords } from "../input/readRecords.js";
import { TEXT, VEGA_LITE_SCHEMA, chartOptionsShape, finishSpec, groupThousands, isPeriodDays, numberLabelExpr, optionalField, overflowError, partialCoverage, tableOf, titleOf, type ChartOptions, type PeriodCoverage, type VegaLiteSpec } from "./common.js";

/** A rate of `periodIndicators` that {@link periodChart} can draw as a line. */
export type PeriodChartMetric = "churnRate" | "retentionRate" | "repurchaseRate" | "repeatPurchaseRate" | "revenueRetention";

/** Options of {@link periodChart}. */
export interface PeriodChartOptions extends ChartOptions {
  /** Rates drawn as lines, in legend order (default `["churnRate", "retentionRate"]`); each at most once. */
  metrics?: PeriodChartMetric[];
  /**
   * A bar panel under the rates sharing their periods: `"active"` customers, net `"revenue"`, or
   * `"none"` (default).
   */
  volume?: "none" | "active" | "revenue";
}

/** zod schema of {@link PeriodChartOptions}. */
export const periodChartOptionsSchema: OptionsSchema<PeriodChartOptions> = defineOptions<PeriodChartOptions>()({
  ...chartOptionsShape,
  metrics: z
    .array(z.enum(["churnRate", "retentionRate", "repurchaseRate", "repeatPurchaseRate", "revenueRetention"]))
    .min(1)
    .max(5)
    .refine((m) => new Set(m).size === m.length, { message: "each metric at most once" })
    .optional(),
  volume: z.enum(["none", "active", "revenue"]).optional(),
});

/** The fields of a period record {@link periodChart} reads (`partial`, `daysCovered`, `daysInPeriod` may be absent: a whole period). */
export type PeriodChartRecord = Pick<PeriodIndicatorRecord, "period" | "active"> &
  Partial<Pick<PeriodIndicatorRecord, PeriodChartMetric | "revenue" | "partial" | "daysCovered" | "daysInPeriod" | "activeAtStart" | "lost">>;

/** Input of {@link periodChart}: `periodIndicators`' result, or its periods. */
export type PeriodChartInput = readonly PeriodChartRecord[] | { readonly periods: readonly PeriodChartRecord[] };

/** Series colours: churn red, retention blue (the pair every chart of the library uses for bad/good). */
const COLORS: Record<PeriodChartMetric, string> = {
  churnRate: "#e45756",
  retentionRate: "#4c78a8",
  repurchaseRate: "#54a24b",
  repeatPurchaseRate: "#f58518",
  revenueRetention: "#b279a2",
};

const WORDS = {
  en: {
    metric: { churnRate: "Churn rate", retentionRate: "Retention rate", repurchaseRate: "Repurchase rate", repeatPurchaseRate: "Repeat-purchase rate", revenueRetention: "Revenue retention" },
    indicator: "Indicator",
    rate: "Rate",
    period: "Period",
    active: "Active customers",
    activeAtStart: "Active at start",
    lost: "Lost",
    unit: { week: "Week", month: "Month", quarter: "Quarter", year: "Year" },
    title: (churnRetention: boolean, unit: string | null) =>
      `${churnRetention ? "Churn and retention rates" : "Customer rates"} ${unit === null ? "per period" : `per ${unit}`}`,
    periods: (n: number, from: string, to: string) => `${n} period${n === 1 ? "" : "s"}${n > 1 ? `, ${from} to ${to}` : `: ${from}`}`,
    partialGap: (list: string, n: number) => `Shaded: partial period${n === 1 ? "" : "s"} ${list}: no rate (a gap in the line, not a zero)`,
    partialMark: (list: string, n: number) => `Shaded: partial period${n === 1 ? "" : "s"} ${list}: rates over the days covered only`,
    dropped: (list: string, n: number) => `Left out: partial period${n === 1 ? "" : "s"} ${list}`,
    more: (n: number) => ` and ${n} more`,
    firstPeriod: (period: string) => `No rate for ${period}, the first period: no one was active before it`,
  },
  zh: {
    metric: { churnRate: "流失率", retentionRate: "留存率", repurchaseRate: "回头客占比", repeatPurchaseRate: "期内复购率", revenueRetention: "收入留存率" },
    indicator: "指标",
    rate: "比率",
    period: "周期",
    active: "活跃客户数",
    activeAtStart: "期初活跃客户",
    lost: "流失客户",
    unit: { week: "周", month: "月", quarter: "季度", year: "年" },
    title: (churnRetention: boolean, unit: string | null) => `${unit === null ? "各周期" : `每${unit}`}${churnRetention ? "流失率与留存率" : "客户指标"}`,
    periods: (n: number, from: string, to: string) => `${n} 个周期${n > 1 ? `：${from} 至 ${to}` : `：${from}`}`,
    partialGap: (list: string, _n: number) => `阴影：不完整周期 ${list}，不计算比率（折线断开，并非为零）`,
    partialMark: (list: string, _n: number) => `阴影：不完整周期 ${list}，比率只按已覆盖天数计算`,
    dropped: (list: string, _n: number) => `已略去不完整周期 ${list}`,
    more: (n: number) => ` 等（另有 ${n} 个）`,
    firstPeriod: (period: string) => `首个周期 ${period} 无比率：此前没有活跃客户`,
  },
} as const;

const RATES_IN_0_1: ReadonlySet<PeriodChartMetric> = new Set(["churnRate", "retentionRate", "repurchaseRate", "repeatPurchaseRate"]);
const MAX_PERIODS = 20_000;

/**
 * Churn and retention rates per period (or the rates in `metrics`) as lines with points, one line per
 * rate, periods in time order across. A `null` rate — the first period (no one active before it), a
 * period no one was active at the start of, or a partial period under `periodIndicators`' default
 * `partialPeriods: "null-rates"` — is a gap in its line, never drawn as 0. Partial periods (cut by
 * `asOf` or by the first day of the data) are shaded grey, say their days in the tooltip ("9 of 31
 * days") and are named under the title. `volume` adds a bar panel of active customers or revenue,
 * partial bars lighter and outlined. Input: `periodIndicators`' result or its `periods`.
 *
 * @throws {AnalyticsInputError} Bad records, read by the one reader (paths `["periods", i, field]`): a
 *   missing field, a rate that is neither `null` nor a finite number (outside 0..1 for all but
 *   `revenueRetention`), an `active` that is not a count, a period label twice, partial-period fields
 *   that are not a partial period's (`invalid_value`); `overflow` when a total is beyond the largest double.
 * @throws {RangeError | TypeError} No periods, not a table, or bad options, prefixed `periodChart:`.
 * @example
 * const result = periodIndicators(
 *   [{ customerId: "a", date: "2024-01-01", amount: 10 }, { customerId: "b", date: "2024-01-09", amount: 20 },
 *    { customerId: "a", date: "2024-02-01", amount: 15 }, { customerId: "c", date: "2024-03-04", amount: 5 }],
 *   { asOf: "2024-03-10" },
 * );
 * const spec = periodChart(result);
 * spec.data.values.filter((d) => d.metric === "churnRate").map((d) => [d.period, d.value, d.coverage]);
 * //=> [["2024-01", null, null], ["2024-02", 0.5, null], ["2024-03", null, "10 of 31 days"]]
 * spec.title.subtitle[1]; //=> "Shaded: partial period 2024-03 (10 of 31 days): no rate (a gap in the line, not a zero)"
 */
export function periodChart(indicators: PeriodChartInput, options: PeriodChartOptions = {}): VegaLiteSpec {
  const fn = "periodChart";
  const opts = parseOptions(fn, periodChartOptionsSchema, options);
  const language = opts.language ?? "en";
  const w = TEXT[language];
  const p = WORDS[language];
  const metrics = opts.metrics ?? ["churnRate", "retentionRate"];
  const volume = opts.volume ?? "none";
  const { rows } = tableOf<PeriodChartRecord>(fn, indicators, [["periods"]], "periodIndicators' periods");
  if (rows.length === 0) throw new RangeError(`${fn}: no periods to draw (0 records)`);
  if (rows.length > MAX_PERIODS) throw new RangeError(`${fn}: at most ${MAX_PERIODS} periods can be drawn, got ${rows.length}`);
  const source = "periods";
  const fields: Record<string, { field: string; name: string; rule: "count" | "finite" | "finiteOrAbsent" }> = {
    active: { field: "active", name: "active", rule: "count" },
  };
  for (const m of metrics) fields[m] = { field: m, name: m, rule: "finiteOrAbsent" };
  if (volume === "revenue") fields.revenue = { field: "revenue", name: "revenue", rule: "finite" };
  const { columns, texts } = readRecords(fn, rows, { source, ids: "index", fields, texts: { period: { field: "period", name: "period" } } });

  const issues: InputIssue[] = [];
  let bad = 0;
  const report = (i: number, field: string, message: string) => {
    if (++bad <= 20) issues.push(inputIssue("invalid_value", [source, i, field], message));
  };
  const seen = new Map<string, number>();
  const coverage: (PeriodCoverage | null)[] = [];
  // optional counts shown in the tooltip: a count or absent
  const optionalCount = (i: number, field: string): number | null => {
    const v = optionalField(fn, source, rows, i, field);
    if (v === undefined || v === null) return null;
    if (typeof v === "number" && Number.isInteger(v) && v >= 0) return v;
    report(i, field, `expected an integer >= 0 or no field, got ${describeValue(v)}`);
    return null;
  };
  const extra = rows.map((_, i) => ({ activeAtStart: optionalCount(i, "activeAtStart"), lost: optionalCount(i, "lost") }));
  for (let i = 0; i < rows.length; i++) {
    const label = texts.period[i];
    const before = seen.get(label);
    if (before !== undefined) report(i, "period", `period ${JSON.stringify(label)} also at ${source}[${before}]; one record per period`);
    else seen.set(label, i);
    for (const m of metrics) {
      const v = columns[m][i];
      if (!Number.isNaN(v) && RATES_IN_0_1.has(m) && !(v >= 0 && v <= 1)) report(i, m, `expected a rate from 0 to 1 or null, got ${v}`);
    }
    coverage.push(partialCoverage(fn, source, rows, i, report));
  }
  if (bad > 0) throw new AnalyticsInputError(fn, issues, bad);

  const periods = texts.period.slice(0, rows.length);
  const daysText = (i: number) => {
    const c = coverage[i];
    return c === null ? null : w.daysOf(groupThousands(c.daysCovered), groupThousands(c.daysInPeriod));
  };
  const partialIdx = coverage.flatMap((c, i) => (c === null ? [] : [i]));
  let totalRevenue = 0;
  const values: Record<string, unknown>[] = [];
  let hi = 1;
  let lo = 0;
  let anyPartialNull = false;
  let anyPartialRate = false;
  for (let i = 0; i < rows.length; i++) {
    const partial = coverage[i] !== null;
    if (volume === "revenue") totalRevenue += columns.revenue[i];
    for (const m of metrics) {
      const raw = columns[m][i];
      const value = Number.isNaN(raw) ? null : raw;
      if (value !== null && value > hi) hi = value;
      if (value !== null && value < lo) lo = value;
      if (partial) {
        if (value === null) anyPartialNull = true;
        else anyPartialRate = true;
      }
      values.push({
        period: periods[i],
        metric: m,
        series: p.metric[m],
        value,
        partial,
        coverage: daysText(i),
        active: columns.active[i],
        activeAtStart: extra[i].activeAtStart,
        lost: extra[i].lost,
      });
    }
  }
  if (!Number.isFinite(totalRevenue)) throw overflowError(fn, [source], "the total revenue");

  // What the result says about itself: the period unit, and partial periods "drop" left out.
  const meta: unknown = !Array.isArray(indicators) && indicators !== null && typeof indicators === "object" ? (indicators as { meta?: unknown }).meta : undefined;
  const metaOf = (key: string): unknown => (meta !== null && typeof meta === "object" && Object.hasOwn(meta, key) ? (meta as Record<string, unknown>)[key] : undefined);
  const unitRaw = metaOf("period");
  const unit = typeof unitRaw === "string" && Object.hasOwn(p.unit, unitRaw) ? p.unit[unitRaw as keyof typeof p.unit] : null;
  const unitWord = unit === null ? null : language === "en" ? unit.toLowerCase() : unit;
  const sep = language === "zh" ? "、" : ", ";
  const listOf = (items: string[]) => (items.length <= 3 ? items.join(sep) : items.slice(0, 3).join(sep) + p.more(items.length - 3));
  const paren = (t: string | null) => (language === "zh" ? `（${t}）` : ` (${t})`);
  const shownPartial = listOf(partialIdx.map((i) => `${periods[i]}${paren(daysText(i))}`));
  const notes: string[] = [p.periods(rows.length, periods[0], periods[rows.length - 1])];
  if (partialIdx.length > 0) notes.push(anyPartialNull && !anyPartialRate ? p.partialGap(shownPartial, partialIdx.length) : p.partialMark(shownPartial, partialIdx.length));
  // the first period's rates are null by definition (nothing before it): say so rather than leave a bare gap
  if (coverage[0] === null && metrics.every((m) => Number.isNaN(columns[m][0])) && rows.length > 1 && metrics.some((m) => m !== "repurchaseRate" && m !== "repeatPurchaseRate")) {
    notes.push(p.firstPeriod(periods[0]));
  }
  const droppedRaw = metaOf("partialPeriods") === "drop" ? metaOf("partial") : undefined;
  if (Array.isArray(droppedRaw) && droppedRaw.length > 0) {
    const dropped = droppedRaw.flatMap((d: unknown) => {
      if (d === null || typeof d !== "object") return [];
      const { period, daysCovered, daysInPeriod } = d as Record<string, unknown>;
      return typeof period === "string" && isPeriodDays(daysCovered) && isPeriodDays(daysInPeriod) ? [`${period}${paren(w.daysOf(groupThousands(daysCovered), groupThousands(daysInPeriod)))}`] : [];
    });
    if (dropped.length > 0) notes.push(p.dropped(listOf(dropped), dropped.length));
  }

  const width = opts.width ?? Math.min(1000, Math.max(360, 40 * rows.length));
  const periodTitle = unit ?? p.period;
  // Periods on a band scale: the shade of a partial period fills its band; lines and points sit at the
  // band centres. Every layer carries the same x (and y) definition, so the merged axis keeps one title.
  const xOf = (title: string | null) => ({
    field: "period",
    type: "ordinal",
    title,
    scale: { type: "band", domain: periods, paddingInner: 0, paddingOuter: 0 },
    axis: { labelAngle: rows.length > 16 ? -45 : 0, labelOverlap: true },
  });
  const shade = (x: Record<string, unknown>): Record<string, unknown> => ({
    data: { values: partialIdx.map((i) => ({ period: periods[i], coverage: daysText(i) })) },
    mark: { type: "rect", color: "#bbbbbb", opacity: 0.35 },
    encoding: {
      x,
      tooltip: [
        { field: "period", type: "nominal", title: periodTitle },
        { field: "coverage", type: "nominal", title: w.partialPeriod },
      ],
    },
  });
  const rateX = xOf(volume === "none" ? periodTitle : null);
  const rateY = { field: "value", type: "quantitative", title: p.rate, scale: { domain: [lo, hi] }, axis: { format: ".0%" } };
  const color = {
    field: "series",
    type: "nominal",
    title: p.indicator,
    scale: { domain: metrics.map((m) => p.metric[m]), range: metrics.map((m) => COLORS[m]) },
    legend: { orient: "top", direction: "horizontal", title: null },
  };
  const tooltip = [
    { field: "period", type: "nominal", title: periodTitle },
    { field: "series", type: "nominal", title: p.indicator },
    { field: "value", type: "quantitative", title: p.rate, format: ".1%" },
    { field: "active", type: "quantitative", title: p.active, format: "," },
    { field: "activeAtStart", type: "quantitative", title: p.activeAtStart, format: "," },
    { field: "lost", type: "quantitative", title: p.lost, format: "," },
    { field: "coverage", type: "nominal", title: w.partialPeriod },
  ];
  const rateLayers: Record<string, unknown>[] = [];
  if (partialIdx.length > 0) {
    rateLayers.push(shade(rateX), {
      // the days covered, written down the shaded band
      data: { values: partialIdx.map((i) => ({ period: periods[i], coverage: daysText(i) })) },
      mark: { type: "text", angle: 90, align: "left", baseline: "middle", y: 6, fontSize: 10, color: "#555555" },
      encoding: { x: { ...rateX, bandPosition: 0.5 }, text: { field: "coverage", type: "nominal" } },
    });
  }
  rateLayers.push(
    {
      // a null value breaks the line: a gap, never a zero
      mark: { type: "line", strokeWidth: 2, invalid: "break-paths-show-domains" },
      encoding: { x: { ...rateX, bandPosition: 0.5 }, y: rateY, color },
    },
    {
      transform: [{ filter: "datum.value !== null" }],
      mark: { type: "point", filled: true, size: 50 },
      encoding: {
        x: { ...rateX, bandPosition: 0.5 },
        y: rateY,
        color,
        // a partial period's rate (under partialPeriods: "mark") is a lighter point
        opacity: { condition: { test: "datum.partial", value: 0.45 }, value: 1 },
        tooltip,
      },
    },
  );
  const height = opts.height ?? 280;
  const rates = { width, height, data: { values }, layer: rateLayers };
  let body: Record<string, unknown>;
  if (volume === "none") body = rates;
  else {
    const volumeValues = rows.map((_, i) => ({
      period: periods[i],
      value: volume === "active" ? columns.active[i] : columns.revenue[i],
      partial: coverage[i] !== null,
      coverage: daysText(i),
    }));
    const volumeTitle = volume === "active" ? p.active : w.revenue;
    const barX = xOf(periodTitle);
    const barY = { field: "value", type: "quantitative", title: volumeTitle, axis: { labelExpr: numberLabelExpr(language), ...(volume === "active" ? { tickMinStep: 1 } : {}) } };
    const bars: Record<string, unknown>[] = [];
    if (partialIdx.length > 0) bars.push(shade(barX));
    bars.push({
      mark: { type: "bar", color: "#6baed6", width: { band: 0.7 } },
      encoding: {
        x: barX,
        y: barY,
        opacity: { condition: { test: "datum.partial", value: 0.5 }, value: 1 },
        tooltip: [
          { field: "period", type: "nominal", title: periodTitle },
          { field: "value", type: "quantitative", title: volumeTitle, format: volume === "active" ? "," : ",.2f" },
          { field: "coverage", type: "nominal", title: w.partialPeriod },
        ],
      },
    });
    // a partial period's bar: a dashed outline too (as cohortHeatmap's partial cells)
    if (partialIdx.length > 0) {
      bars.push({
        transform: [{ filter: "datum.partial" }],
        mark: { type: "bar", width: { band: 0.7 }, fillOpacity: 0, stroke: "#333333", strokeWidth: 1.2, strokeDash: [4, 3] },
        encoding: { x: barX, y: barY },
      });
    }
    body = { vconcat: [rates, { width, height: Math.round(height * 0.45), data: { values: volumeValues }, layer: bars }], resolve: { scale: { x: "shared" } } };
  }
  const churnRetention = metrics.length <= 2 && metrics.every((m) => m === "churnRate" || m === "retentionRate");
  return finishSpec(fn, {
    $schema: VEGA_LITE_SCHEMA,
    ...titleOf(opts.title ?? p.title(churnRetention, unitWord), notes),
    ...body,
  });
}
