import { z } from "zod";
import { AnalyticsInputError, describeValue, inputIssue, type InputIssue } from "../errors.js";
import { readRecords } from "../input/readRecords.js";
import { defineOptions, parseOptions, type OptionsSchema } from "../options.js";
import type { SbgPeriodRecord } from "../models/sbg.js";
import { VEGA_LITE_SCHEMA, chartOptionsShape, finishSpec, numberText, titleOf, type ChartOptions, type VegaLiteSpec } from "./common.js";

/** Options of {@link retentionCurveChart}. */
export interface RetentionCurveChartOptions extends ChartOptions {
  /** Last period the sBG model was fitted on: later periods are drawn dashed, as a projection (default: none, all fitted). */
  fittedPeriods?: number;
}

/** zod schema of {@link RetentionCurveChartOptions}. */
export const retentionCurveChartOptionsSchema: OptionsSchema<RetentionCurveChartOptions> = defineOptions<RetentionCurveChartOptions>()({
  ...chartOptionsShape,
  fittedPeriods: z.number().int().min(0).max(100_000).optional(),
});

/** Input of {@link retentionCurveChart}: `sbgSurvival`'s result (its periods; `meta.params` for the subtitle). */
export interface RetentionCurveChartInput {
  readonly periods: readonly Pick<SbgPeriodRecord, "period" | "retentionRate" | "actualAlive">[];
  readonly meta?: { readonly params?: { readonly alpha: number; readonly beta: number } };
}

const WORDS = {
  en: {
    title: "Retention rate by period",
    x: "Period",
    y: "Retention rate",
    fitted: "sBG model (fitted)",
    projected: "sBG model (projected)",
    actual: "Actual",
    series: "Series",
    params: (a: string, b: string) => `sBG: α = ${a}, β = ${b}`,
    fittedOn: (last: number) => `fitted on periods 0–${last}, dashed: projection`,
    actualNote: "actual: customers alive at the start of the period over those of the period before",
    alive: "Customers alive",
  },
  zh: {
    title: "各期留存率",
    x: "期数",
    y: "留存率",
    fitted: "sBG 模型（拟合）",
    projected: "sBG 模型（预测）",
    actual: "实际",
    series: "系列",
    params: (a: string, b: string) => `sBG：α = ${a}，β = ${b}`,
    fittedOn: (last: number) => `在第 0–${last} 期上拟合，虚线为预测`,
    actualNote: "实际：期初仍活跃的客户数 ÷ 上一期的客户数",
    alive: "活跃客户数",
  },
} as const;

/**
 * The sBG model's retention rate r_t by period (t ≥ 1) as a line with points, solid up to
 * `fittedPeriods` and dashed after (the projection), and the actual retention rates
 * (`actualAlive[t] / actualAlive[t−1]`, where both are known and the earlier is not 0) as points: the
 * rising retention curve that heterogeneity produces (Fader & Hardie 2007). Input: `sbgSurvival`'s
 * result; the parameters in `meta.params`, when given, go into the subtitle.
 *
 * @throws {AnalyticsInputError} Bad periods (paths `["periods", i, field]`): a missing field, periods
 *   not 0, 1, 2, ... in order, a retention rate that is not null at period 0 or not from 0 to 1 after it,
 *   an actual count that is not a count or null, or above the period before's (`invalid_value`).
 * @throws {RangeError | TypeError} Fewer than 2 periods, not a result object, or bad options, prefixed `retentionCurveChart:`.
 * @example
 * const sbg = sbgSurvival({ alpha: 1, beta: 1 }, { alive: [100, 55, 35, 25] });
 * const spec = retentionCurveChart(sbg, { fittedPeriods: 2 });
 * spec.data.values.map((d) => [d.kind, d.period, d.rate]);
 * //=> [["fitted", 1, 0.5], ["fitted", 2, 0.6666666666666666], ["projected", 2, 0.6666666666666666], ["projected", 3, 0.75], ["actual", 1, 0.55], ["actual", 2, 0.6363636363636364], ["actual", 3, 0.7142857142857143]]
 * spec.title.subtitle; //=> ["sBG: α = 1, β = 1", "fitted on periods 0–2, dashed: projection", "actual: customers alive at the start of the period over those of the period before"]
 */
export function retentionCurveChart(sbg: RetentionCurveChartInput, options: RetentionCurveChartOptions = {}): VegaLiteSpec {
  const fn = "retentionCurveChart";
  const opts = parseOptions(fn, retentionCurveChartOptionsSchema, options);
  const language = opts.language ?? "en";
  const w = WORDS[language];
  if (sbg === null || typeof sbg !== "object" || !Array.isArray(sbg.periods)) throw new TypeError(`${fn}: expected sbgSurvival's result ({ periods, meta }), got ${describeValue(sbg)}`);
  const rows = sbg.periods;
  if (rows.length < 2) throw new RangeError(`${fn}: a retention curve needs at least 2 periods (0 and 1), got ${rows.length}`);
  const source = "periods";
  const { columns } = readRecords(fn, rows, {
    source,
    ids: "index",
    fields: {
      period: { field: "period", name: "period", rule: "count" },
      retentionRate: { field: "retentionRate", name: "retentionRate", rule: "finiteOrAbsent" },
      actualAlive: { field: "actualAlive", name: "actualAlive", rule: "finiteOrAbsent" },
    },
  });
  const issues: InputIssue[] = [];
  let bad = 0;
  const report = (i: number, field: string, message: string) => {
    if (++bad <= 20) issues.push(inputIssue("invalid_value", [source, i, field], message));
  };
  for (let i = 0; i < rows.length; i++) {
    if (columns.period[i] !== i) report(i, "period", `expected periods 0, 1, 2, ... in order, got ${columns.period[i]} at position ${i}`);
    const r = columns.retentionRate[i];
    if (i === 0 && !Number.isNaN(r)) report(i, "retentionRate", `expected null at period 0 (no period before it), got ${r}`);
    if (i > 0 && !(r >= 0 && r <= 1)) report(i, "retentionRate", `expected a rate from 0 to 1, got ${Number.isNaN(r) ? "null" : r}`);
    const a = columns.actualAlive[i];
    if (!Number.isNaN(a) && !(Number.isInteger(a) && a >= 0)) report(i, "actualAlive", `expected a count (an integer >= 0) or null, got ${a}`);
    else if (i > 0 && Number.isInteger(columns.actualAlive[i - 1]) && a > columns.actualAlive[i - 1]) report(i, "actualAlive", `expected at most the customers of the period before (${columns.actualAlive[i - 1]}), got ${a}`);
  }
  if (bad > 0) throw new AnalyticsInputError(fn, issues, bad);

  const last = rows.length - 1;
  const fitted = Math.max(1, Math.min(opts.fittedPeriods ?? last, last));
  const projection = fitted < last;
  const values: Record<string, unknown>[] = [];
  for (let t = 1; t <= last; t++) {
    const base = { period: t, rate: columns.retentionRate[t], alive: null as number | null };
    if (t <= fitted) values.push({ kind: "fitted", series: w.fitted, ...base });
    if (t >= fitted && projection) values.push({ kind: "projected", series: w.projected, ...base });
  }
  let lo = 1;
  for (const v of values) lo = Math.min(lo, v.rate as number);
  for (let t = 1; t <= last; t++) {
    const a = columns.actualAlive[t];
    const prev = columns.actualAlive[t - 1];
    if (Number.isNaN(a) || Number.isNaN(prev) || prev === 0) continue;
    const rate = a / prev;
    lo = Math.min(lo, rate);
    values.push({ kind: "actual", series: w.actual, period: t, rate, alive: a });
  }
  const hasActual = values.some((v) => v.kind === "actual");
  const series: string[] = [w.fitted, ...(projection ? [w.projected] : []), ...(hasActual ? [w.actual] : [])];
  const range = ["#1f77b4", ...(projection ? ["#6baed6"] : []), ...(hasActual ? ["#d62728"] : [])];
  const notes: string[] = [];
  const params = sbg.meta?.params;
  if (params !== undefined && params !== null && typeof params === "object" && Number.isFinite(params.alpha) && Number.isFinite(params.beta)) notes.push(w.params(numberText(params.alpha, 4), numberText(params.beta, 4)));
  if (projection) notes.push(w.fittedOn(fitted));
  if (hasActual) notes.push(w.actualNote);

  // the y axis from a little below the lowest rate to 100%
  const floor = Math.max(0, Math.floor((lo - 0.05) * 10) / 10);
  const x = { field: "period", type: "quantitative", title: w.x, scale: { domain: [1, Math.max(2, last)], nice: false }, axis: { tickMinStep: 1, format: "d" } };
  const y = { field: "rate", type: "quantitative", title: w.y, scale: { domain: [floor, 1] }, axis: { format: "%" } };
  const color = { field: "series", type: "nominal", title: w.series, scale: { domain: series, range }, legend: { orient: "top", direction: "horizontal", title: null } };
  const tooltip = [
    { field: "series", type: "nominal", title: w.series },
    { field: "period", type: "quantitative", title: w.x },
    { field: "rate", type: "quantitative", title: w.y, format: ".1%" },
    { field: "alive", type: "quantitative", title: w.alive, format: "," },
  ];
  const only = (kind: string) => ({ filter: `datum.kind === ${JSON.stringify(kind)}` });
  const layer: Record<string, unknown>[] = [{ transform: [only("fitted")], mark: { type: "line", strokeWidth: 2, point: true }, encoding: { x, y, color, tooltip } }];
  if (projection) layer.push({ transform: [only("projected")], mark: { type: "line", strokeWidth: 2, strokeDash: [6, 4], point: true }, encoding: { x, y, color, tooltip } });
  if (hasActual) layer.push({ transform: [only("actual")], mark: { type: "point", shape: "diamond", filled: true, size: 60 }, encoding: { x, y, color, tooltip } });
  return finishSpec(fn, {
    $schema: VEGA_LITE_SCHEMA,
    ...titleOf(opts.title ?? w.title, notes),
    data: { values },
    width: opts.width ?? Math.min(800, Math.max(360, 40 * last)),
    height: opts.height ?? 280,
    layer,
  });
}
