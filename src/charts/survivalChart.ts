import { z } from "zod";
import { AnalyticsInputError, describeValue, inputIssue, type InputIssue } from "../errors.js";
import { readRecords } from "../input/readRecords.js";
import { defineOptions, parseOptions, type OptionsSchema } from "../options.js";
import type { LogRankTest, SurvivalPoint } from "../models/kaplanMeier.js";
import type { SbgPeriodRecord } from "../models/sbg.js";
import { VEGA_LITE_SCHEMA, chartOptionsShape, finishSpec, groupThousands, numberText, tableOf, titleOf, type ChartOptions, type VegaLiteSpec } from "./common.js";

/** The sBG part of {@link survivalChart}'s input: `sbgSurvival`'s result (its periods and cohort size). */
export interface SbgChartInput {
  readonly periods: readonly Pick<SbgPeriodRecord, "period" | "survival" | "actualAlive">[];
  readonly meta?: { readonly cohortSize?: number | null };
}

/** Options of {@link survivalChart}. */
export interface SurvivalChartOptions extends ChartOptions {
  /** An `sbgSurvival` result to draw on the same chart: the model's survival S(t), and the actual share alive as points. */
  sbg?: SbgChartInput;
  /** Last period the sBG model was fitted on: periods after it are drawn dashed, as a projection (default: none, all fitted). */
  fittedPeriods?: number;
  /** Time units (of the Kaplan–Meier durations) per sBG period, e.g. 365 for years over days (default 1). */
  periodLength?: number;
  /** Draw the confidence bands of the Kaplan–Meier curves (default true). */
  bands?: boolean;
  /** Tick marks at the censoring times (default false). */
  censoring?: boolean;
  /** Title of the time axis (default: days since the first purchase for `customerSurvival`, else "Time"). */
  timeTitle?: string;
}

/** zod schema of {@link SurvivalChartOptions}. */
export const survivalChartOptionsSchema: OptionsSchema<SurvivalChartOptions> = defineOptions<SurvivalChartOptions>()({
  ...chartOptionsShape,
  sbg: z.custom<SbgChartInput>((v) => v !== null && typeof v === "object" && Array.isArray((v as { periods?: unknown }).periods), { error: "expected sbgSurvival's result ({ periods, meta })" }).optional(),
  fittedPeriods: z.number().int().min(0).max(100_000).optional(),
  periodLength: z.number().positive().max(1e9).optional(),
  bands: z.boolean().optional(),
  censoring: z.boolean().optional(),
  timeTitle: z.string().max(300).optional(),
});

/** Input of {@link survivalChart}: `kaplanMeier`'s or `customerSurvival`'s result, its `points`, or `null` (sBG only). */
export type SurvivalChartInput =
  | { readonly points: readonly SurvivalPoint[]; readonly meta?: { readonly logRank?: LogRankTest | null; readonly lostAfterDays?: number; readonly confidenceLevel?: number } }
  | readonly SurvivalPoint[]
  | null;

const WORDS = {
  en: {
    title: "Customer survival",
    y: "Share still active",
    time: "Time",
    days: "Days since first purchase",
    periods: "Periods",
    km: "Kaplan–Meier",
    fitted: "sBG model (fitted)",
    projected: "sBG model (projected)",
    actual: "Actual",
    series: "Curve",
    band: (level: string) => `Shaded: ${level}pointwise confidence band`,
    subjects: (s: string, e: string, g: number) => `${s} subjects · ${e} events${g > 1 ? ` · ${g} groups` : ""}`,
    logRank: (chi: string, df: number, p: string) => `Log-rank test: χ² = ${chi}, df = ${df}, p ${p}`,
    medians: (list: string) => `Median: ${list}`,
    fittedOn: (last: number) => `sBG fitted on periods 0–${last}, dashed: projection`,
    atRisk: "At risk",
    events: "Events",
    censored: "Censored",
    lower: "Lower",
    upper: "Upper",
    group: "Group",
  },
  zh: {
    title: "客户生存曲线",
    y: "仍活跃的客户占比",
    time: "时间",
    days: "首购后的天数",
    periods: "期数",
    km: "Kaplan–Meier",
    fitted: "sBG 模型（拟合）",
    projected: "sBG 模型（预测）",
    actual: "实际",
    series: "曲线",
    band: (level: string) => `阴影：${level}逐点置信区间`,
    subjects: (s: string, e: string, g: number) => `${s} 个对象 · ${e} 个事件${g > 1 ? ` · ${g} 组` : ""}`,
    logRank: (chi: string, df: number, p: string) => `Log-rank 检验：χ² = ${chi}，自由度 ${df}，p ${p}`,
    medians: (list: string) => `中位生存时间：${list}`,
    fittedOn: (last: number) => `sBG 在第 0–${last} 期上拟合，虚线为预测`,
    atRisk: "风险集",
    events: "事件数",
    censored: "删失数",
    lower: "下限",
    upper: "上限",
    group: "组",
  },
} as const;

const PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];
const MAX_POINTS = 200_000;
const MAX_GROUPS = 10;

/** A p-value for a subtitle: `"= 0.032"`, `"< 0.0001"`. */
export function pValueText(p: number): string {
  if (p < 1e-4) return "< 0.0001";
  return `= ${Number(p.toPrecision(2))}`;
}

/**
 * Kaplan–Meier survival curves as steps (one per group, from S(0) = 1), each with its pointwise
 * confidence band (the result's band, R survfit's log transform), optionally a tick at each censoring
 * time; the log-rank p-value, the subjects and events and the group medians in the subtitle. With
 * `sbg` (an `sbgSurvival` result) the model's survival S(t) is drawn on the same chart as a line, solid
 * up to `fittedPeriods` and dashed after it (the projection), with the actual share alive
 * (`actualAlive / cohortSize`) as points; `periodLength` puts the periods on the curves' time scale.
 * The first argument may be `null` to draw the sBG part alone.
 *
 * @throws {AnalyticsInputError} Bad points (paths `["points", i, field]`): a missing field, a time or
 *   count that is not one, a survival outside 0..1, a band that does not hold the survival, times not
 *   increasing within a group or a group's points not together (`invalid_value`); a `meta.logRank` whose
 *   p-value, χ² or df are not such numbers (at `["meta", "logRank", field]`); bad sBG periods (at
 *   `["sbg", "periods", i, field]`: periods not 0, 1, 2, ...; a survival outside 0..1 or not
 *   decreasing; an actual count that is not a count or not at most the cohort size).
 * @throws {RangeError | TypeError} No points, neither points nor `sbg`, more than 10 groups, or bad
 *   options, prefixed `survivalChart:`.
 * @example
 * const km = kaplanMeier([
 *   { duration: 1, event: true, group: "A" }, { duration: 3, event: false, group: "A" }, { duration: 4, event: true, group: "A" },
 *   { duration: 2, event: true, group: "B" }, { duration: 2, event: true, group: "B" }, { duration: 5, event: false, group: "B" },
 * ]);
 * const spec = survivalChart(km);
 * spec.data.values.filter((d) => d.kind === "km" && d.group === "B").map((d) => [d.time, d.survival]);
 * //=> [[0, 1], [2, 0.3333333333333333], [5, 0.3333333333333333]]
 * spec.title.subtitle[1].startsWith("Log-rank test: χ² = "); //=> true
 */
export function survivalChart(survival: SurvivalChartInput, options: SurvivalChartOptions = {}): VegaLiteSpec {
  const fn = "survivalChart";
  const opts = parseOptions(fn, survivalChartOptionsSchema, options);
  const language = opts.language ?? "en";
  const w = WORDS[language];
  const issues: InputIssue[] = [];
  let bad = 0;
  const report = (path: (string | number)[], message: string) => {
    if (++bad <= 20) issues.push(inputIssue("invalid_value", path, message));
  };
  const values: Record<string, unknown>[] = [];
  const series: string[] = [];
  const colors: string[] = [];
  const notes: string[] = [];
  let hasBand = false;
  let hasCensor = false;
  let maxTime = 0;
  let meta: Record<string, unknown> | undefined;

  if (survival !== null) {
    const { rows } = tableOf<SurvivalPoint>(fn, survival, [["points"]], "Kaplan–Meier points");
    if (rows.length === 0) throw new RangeError(`${fn}: no survival points to draw (0 records)`);
    if (rows.length > MAX_POINTS) throw new RangeError(`${fn}: at most ${MAX_POINTS} points can be drawn, got ${rows.length}`);
    const m = !Array.isArray(survival) && typeof survival === "object" ? (survival as { meta?: unknown }).meta : undefined;
    meta = m !== null && typeof m === "object" ? (m as Record<string, unknown>) : undefined;
    const source = "points";
    const { columns, texts } = readRecords(fn, rows, {
      source,
      ids: "index",
      fields: {
        time: { field: "time", name: "time", rule: "nonNegative" },
        atRisk: { field: "atRisk", name: "atRisk", rule: "count" },
        events: { field: "events", name: "events", rule: "count" },
        censored: { field: "censored", name: "censored", rule: "count" },
        survival: { field: "survival", name: "survival", rule: "nonNegative" },
        lower: { field: "lower", name: "lower", rule: "finiteOrAbsent" },
        upper: { field: "upper", name: "upper", rule: "finiteOrAbsent" },
      },
      texts: { group: { field: "group", name: "group" } },
    });
    const seen = new Map<string, number>();
    const order: string[] = [];
    for (let i = 0; i < rows.length; i++) {
      const g = texts.group[i];
      const s = columns.survival[i];
      if (s > 1) report([source, i, "survival"], `expected a survival from 0 to 1, got ${s}`);
      const lo = columns.lower[i];
      const hi = columns.upper[i];
      if (!Number.isNaN(lo) && !(lo >= 0 && lo <= s)) report([source, i, "lower"], `expected a lower band from 0 to the survival (${s}) or null, got ${lo}`);
      if (!Number.isNaN(hi) && !(hi >= s && hi <= 1)) report([source, i, "upper"], `expected an upper band from the survival (${s}) to 1 or null, got ${hi}`);
      if (i > 0 && texts.group[i - 1] === g) {
        if (!(columns.time[i] > columns.time[i - 1])) report([source, i, "time"], `expected times increasing within group ${JSON.stringify(g)}, got ${columns.time[i]} after ${columns.time[i - 1]}`);
        if (s > columns.survival[i - 1]) report([source, i, "survival"], `expected a survival that does not increase within group ${JSON.stringify(g)}, got ${s} after ${columns.survival[i - 1]}`);
      } else {
        const before = seen.get(g);
        if (before !== undefined) report([source, i, "group"], `group ${JSON.stringify(g)} also at ${source}[${before}]; a group's points go together`);
        else {
          seen.set(g, i);
          order.push(g);
        }
      }
    }
    let logRank: { chiSquare: number; df: number; pValue: number } | null = null;
    const lr = meta?.logRank;
    if (lr !== undefined && lr !== null) {
      if (typeof lr !== "object") report(["meta", "logRank"], `expected the log-rank test or null, got ${describeValue(lr)}`);
      else {
        const t = lr as Record<string, unknown>;
        const num = (field: string, ok: (v: number) => boolean, what: string): number => {
          const v = t[field];
          if (typeof v === "number" && Number.isFinite(v) && ok(v)) return v;
          report(["meta", "logRank", field], `expected ${what}, got ${describeValue(v)}`);
          return 0;
        };
        logRank = {
          chiSquare: num("chiSquare", (v) => v >= 0, "a χ² statistic >= 0"),
          df: num("df", (v) => Number.isInteger(v) && v >= 1, "the degrees of freedom, an integer >= 1"),
          pValue: num("pValue", (v) => v >= 0 && v <= 1, "a p-value from 0 to 1"),
        };
      }
    }
    if (bad > 0) throw new AnalyticsInputError(fn, issues, bad);
    if (order.length > MAX_GROUPS) throw new RangeError(`${fn}: at most ${MAX_GROUPS} groups can be drawn, got ${order.length}`);
    const showBands = opts.bands ?? true;
    const single = order.length === 1;
    const groupNames = order.map((g) => (single && g === "all" ? w.km : g));
    let subjects = 0;
    let events = 0;
    const medians: string[] = [];
    for (let k = 0; k < order.length; k++) {
      const g = order[k];
      const name = groupNames[k];
      series.push(name);
      colors.push(PALETTE[k]);
      const from = seen.get(g) as number;
      subjects += columns.atRisk[from];
      // S(0) = 1: the step starts at time 0, band closed
      if (columns.time[from] > 0) values.push({ kind: "km", group: g, series: name, time: 0, survival: 1, lower: 1, upper: 1, atRisk: columns.atRisk[from], events: 0, censored: 0 });
      // the median: the result's (R's rule), else the first time S <= 0.5
      const summary = Array.isArray(meta?.groups) ? (meta.groups as unknown[]).find((s) => s !== null && typeof s === "object" && (s as { group?: unknown }).group === g) : undefined;
      const given = (summary as { median?: unknown } | undefined)?.median;
      let median: number | null = typeof given === "number" && Number.isFinite(given) ? given : null;
      for (let i = from; i < rows.length && texts.group[i] === g; i++) {
        const lower = Number.isNaN(columns.lower[i]) ? null : columns.lower[i];
        const upper = Number.isNaN(columns.upper[i]) ? null : columns.upper[i];
        if (lower !== null && upper !== null) hasBand = true;
        events += columns.events[i];
        if (median === null && columns.survival[i] <= 0.5) median = columns.time[i];
        maxTime = Math.max(maxTime, columns.time[i]);
        values.push({ kind: "km", group: g, series: name, time: columns.time[i], survival: columns.survival[i], lower, upper, atRisk: columns.atRisk[i], events: columns.events[i], censored: columns.censored[i] });
        if (columns.censored[i] > 0) {
          hasCensor = true;
          if (opts.censoring === true) values.push({ kind: "censor", group: g, series: name, time: columns.time[i], survival: columns.survival[i], censored: columns.censored[i] });
        }
      }
      medians.push(`${name} ${median === null ? "–" : numberText(median, 4)}`);
    }
    hasBand = hasBand && showBands;
    hasCensor = hasCensor && opts.censoring === true;
    notes.push(w.subjects(groupThousands(subjects), groupThousands(events), order.length));
    if (logRank !== null) notes.push(w.logRank(numberText(logRank.chiSquare, 4), logRank.df, pValueText(logRank.pValue)));
    if (order.length <= 4) notes.push(w.medians(medians.join(language === "zh" ? "；" : "; ")));
    const level = meta?.confidenceLevel;
    if (hasBand) notes.push(w.band(typeof level === "number" && level > 0 && level < 1 ? `${numberText(level * 100, 4)}% ` : ""));
  }

  let hasSbg = false;
  let hasProjection = false;
  let hasActual = false;
  if (opts.sbg !== undefined) {
    hasSbg = true;
    const sbg = opts.sbg as SbgChartInput;
    const rows = sbg.periods;
    if (rows.length === 0) throw new RangeError(`${fn}: options.sbg has no periods to draw`);
    const source = "sbg.periods";
    const { columns } = readRecords(fn, rows, {
      source,
      ids: "index",
      fields: {
        period: { field: "period", name: "period", rule: "count" },
        survival: { field: "survival", name: "survival", rule: "nonNegative" },
        actualAlive: { field: "actualAlive", name: "actualAlive", rule: "finiteOrAbsent" },
      },
    });
    const path = (i: number, field: string) => ["sbg", "periods", i, field];
    const sizeRaw = sbg.meta?.cohortSize;
    const size = typeof sizeRaw === "number" && sizeRaw > 0 && Number.isInteger(sizeRaw) ? sizeRaw : !Number.isNaN(columns.actualAlive[0]) && columns.actualAlive[0] > 0 ? columns.actualAlive[0] : null;
    for (let i = 0; i < rows.length; i++) {
      if (columns.period[i] !== i) report(path(i, "period"), `expected periods 0, 1, 2, ... in order, got ${columns.period[i]} at position ${i}`);
      const s = columns.survival[i];
      if (s > 1 || (i > 0 && s > columns.survival[i - 1])) report(path(i, "survival"), `expected a survival from 0 to 1 that does not increase, got ${s}`);
      const a = columns.actualAlive[i];
      if (!Number.isNaN(a) && !(Number.isInteger(a) && a >= 0 && (size === null || a <= size))) report(path(i, "actualAlive"), `expected a count from 0 to the cohort size (${size ?? "unknown"}) or null, got ${a}`);
    }
    if (bad > 0) throw new AnalyticsInputError(fn, issues, bad);
    const L = opts.periodLength ?? 1;
    const last = rows.length - 1;
    const fitted = Math.min(opts.fittedPeriods ?? last, last);
    hasProjection = fitted < last;
    series.push(w.fitted);
    colors.push("#333333");
    if (hasProjection) {
      series.push(w.projected);
      colors.push("#777777");
    }
    for (let i = 0; i <= last; i++) {
      const base = { group: null, period: i, time: i * L, survival: columns.survival[i] };
      if (i <= fitted) values.push({ kind: "sbgFitted", series: w.fitted, ...base });
      if (i >= fitted && hasProjection) values.push({ kind: "sbgProjected", series: w.projected, ...base });
      const a = columns.actualAlive[i];
      if (size !== null && !Number.isNaN(a)) {
        hasActual = true;
        values.push({ kind: "actual", series: w.actual, group: null, period: i, time: i * L, survival: a / size, actualAlive: a });
      }
      maxTime = Math.max(maxTime, i * L);
    }
    if (hasActual) {
      series.push(w.actual);
      colors.push("#d62728");
    }
    if (hasProjection) notes.push(w.fittedOn(fitted));
  }
  if (survival === null && !hasSbg) throw new TypeError(`${fn}: expected Kaplan–Meier points or options.sbg, got null and no sbg`);

  const lostAfter = meta?.lostAfterDays;
  const timeTitle = opts.timeTitle ?? (survival === null ? w.periods : typeof lostAfter === "number" ? w.days : w.time);
  const x = { field: "time", type: "quantitative", title: timeTitle, scale: { domain: [0, maxTime > 0 ? maxTime : 1], nice: false } };
  const y = { field: "survival", type: "quantitative", title: w.y, scale: { domain: [0, 1] }, axis: { format: "%" } };
  const color = { field: "series", type: "nominal", title: w.series, scale: { domain: series, range: colors }, legend: { orient: "top", direction: "horizontal", title: null } };
  const only = (kind: string) => ({ filter: `datum.kind === ${JSON.stringify(kind)}` });
  const layer: Record<string, unknown>[] = [];
  if (hasBand) {
    layer.push({
      transform: [only("km"), { filter: "datum.lower !== null && datum.upper !== null" }],
      mark: { type: "area", interpolate: "step-after", opacity: 0.18 },
      encoding: { x, y: { field: "lower", type: "quantitative", title: w.y, scale: { domain: [0, 1] }, axis: { format: "%" } }, y2: { field: "upper" }, fill: { ...color, legend: null } },
    });
  }
  if (survival !== null) {
    layer.push({
      transform: [only("km")],
      mark: { type: "line", interpolate: "step-after", strokeWidth: 2 },
      encoding: {
        x,
        y,
        color,
        detail: { field: "group", type: "nominal" },
        tooltip: [
          { field: "series", type: "nominal", title: w.group },
          { field: "time", type: "quantitative", title: timeTitle, format: "," },
          { field: "survival", type: "quantitative", title: w.y, format: ".1%" },
          { field: "lower", type: "quantitative", title: w.lower, format: ".1%" },
          { field: "upper", type: "quantitative", title: w.upper, format: ".1%" },
          { field: "atRisk", type: "quantitative", title: w.atRisk, format: "," },
          { field: "events", type: "quantitative", title: w.events, format: "," },
          { field: "censored", type: "quantitative", title: w.censored, format: "," },
        ],
      },
    });
  }
  if (hasCensor) {
    layer.push({
      transform: [only("censor")],
      mark: { type: "tick", orient: "vertical", size: 8, thickness: 1 },
      encoding: { x, y, color, tooltip: [{ field: "time", type: "quantitative", title: timeTitle, format: "," }, { field: "censored", type: "quantitative", title: w.censored, format: "," }] },
    });
  }
  if (hasSbg) {
    const sbgTooltip = [
      { field: "series", type: "nominal", title: w.series },
      { field: "period", type: "quantitative", title: w.periods },
      { field: "survival", type: "quantitative", title: w.y, format: ".1%" },
    ];
    layer.push({ transform: [only("sbgFitted")], mark: { type: "line", strokeWidth: 2, point: true }, encoding: { x, y, color, tooltip: sbgTooltip } });
    if (hasProjection) layer.push({ transform: [only("sbgProjected")], mark: { type: "line", strokeWidth: 2, strokeDash: [6, 4], point: true }, encoding: { x, y, color, tooltip: sbgTooltip } });
    if (hasActual) {
      layer.push({
        transform: [only("actual")],
        mark: { type: "point", shape: "diamond", filled: true, size: 60 },
        encoding: { x, y, color, tooltip: [...sbgTooltip, { field: "actualAlive", type: "quantitative", title: w.actual, format: "," }] },
      });
    }
  }
  return finishSpec(fn, {
    $schema: VEGA_LITE_SCHEMA,
    ...titleOf(opts.title ?? w.title, notes),
    data: { values },
    width: opts.width ?? 520,
    height: opts.height ?? 320,
    layer,
    // the bands' fill has its own scale and no legend: the legend shows the curves at full strength
    ...(hasBand ? { resolve: { scale: { fill: "independent" }, legend: { fill: "independent" } } } : {}),
  });
}
