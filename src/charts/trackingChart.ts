import { z } from "zod";
import { AnalyticsInputError, describeValue, inputIssue, type InputIssue } from "../errors.js";
import { readRecords } from "../input/readRecords.js";
import { defineOptions, parseOptions, type OptionsSchema } from "../options.js";
import type { PurchaseTrackingRecord } from "../models/purchaseTracking.js";
import { TEXT, VEGA_LITE_SCHEMA, chartOptionsShape, finishSpec, fixedText, groupThousands, numberLabelExpr, optionalField, overflowError, partialCoverage, percentText, tableOf, titleOf, type ChartOptions, type PeriodCoverage, type VegaLiteSpec } from "./common.js";

/** Options of {@link trackingChart}. */
export interface TrackingChartOptions extends ChartOptions {
  /** Panels: `"both"` (default: cumulative above, per period below), `"cumulative"` or `"incremental"`. */
  show?: "both" | "cumulative" | "incremental";
  /** Legend name of the model line (default "Model"), e.g. `"BG/NBD"`. */
  model?: string;
}

/** zod schema of {@link TrackingChartOptions}. */
export const trackingChartOptionsSchema: OptionsSchema<TrackingChartOptions> = defineOptions<TrackingChartOptions>()({
  ...chartOptionsShape,
  show: z.enum(["both", "cumulative", "incremental"]).optional(),
  model: z.string().min(1).max(100).optional(),
});

/** The fields of a tracking record {@link trackingChart} reads (`startDate`, `endDate`, `newCustomers` and the partial-period fields may be absent). */
export type TrackingChartRecord = Pick<PurchaseTrackingRecord, "periodNumber" | "holdout" | "actual" | "expected" | "cumulativeActual" | "cumulativeExpected"> &
  Partial<Pick<PurchaseTrackingRecord, "startDate" | "endDate" | "newCustomers" | "partial" | "daysCovered" | "daysInPeriod">>;

/** Input of {@link trackingChart}: `purchaseTracking`'s result, or its periods. */
export type TrackingChartInput = readonly TrackingChartRecord[] | { readonly periods: readonly TrackingChartRecord[]; readonly meta?: { readonly calibrationEnd?: string; readonly customers?: number } };

/** At most this many periods (about 27 years of weeks, 5 of days). */
const MAX_PERIODS = 2000;

const WORDS = {
  en: {
    title: "Tracking repeat purchases: actual vs model",
    unit: (days: number) => (days === 7 ? "Week" : days === 1 ? "Day" : "Period"),
    cumulative: "Cumulative repeat purchases",
    incremental: (unit: string) => `Repeat purchases per ${unit.toLowerCase()}`,
    calibrationEnd: (date: string | null) => (date === null ? "Calibration end" : `Calibration end ${date}`),
    holdout: "Holdout",
    period: "Period",
    dates: "Dates",
    customersUpTo: (n: string, date: string | null) => (date === null ? `${n} customers first seen in the calibration period` : `${n} customers first seen up to ${date}`),
    totals: (unit: string, last: number, actual: string, model: string, modelName: string, diff: string) => `By ${unit.toLowerCase()} ${last}: actual ${actual}, ${modelName} ${model} (${diff})`,
    holdoutTotals: (actual: string, model: string, modelName: string, diff: string) => `Holdout only: actual ${actual}, ${modelName} ${model} (${diff})`,
    partial: (list: string) => `Hollow points: partial periods (${list}): fewer days, so fewer purchases`,
    sep: "; ",
  },
  zh: {
    title: "重复购买跟踪：实际与模型",
    unit: (days: number) => (days === 7 ? "周" : days === 1 ? "日" : "期"),
    cumulative: "累计重复购买次数",
    incremental: (unit: string) => `每${unit}重复购买次数`,
    calibrationEnd: (date: string | null) => (date === null ? "校准期结束" : `校准期结束 ${date}`),
    holdout: "验证期",
    period: "期",
    dates: "日期",
    customersUpTo: (n: string, date: string | null) => (date === null ? `校准期内首次购买的 ${n} 位客户` : `${date} 及之前首次购买的 ${n} 位客户`),
    totals: (unit: string, last: number, actual: string, model: string, modelName: string, diff: string) => `截至第 ${last} ${unit}：实际 ${actual}，${modelName} ${model}（${diff}）`,
    holdoutTotals: (actual: string, model: string, modelName: string, diff: string) => `仅验证期：实际 ${actual}，${modelName} ${model}（${diff}）`,
    partial: (list: string) => `空心点：不完整周期（${list}），天数较少，购买也较少`,
    sep: "；",
  },
} as const;

/**
 * Tracking of a purchase model (Fader, Hardie & Lee 2005, figures 2 and 3): the repeat purchases the
 * customers made, cumulative (above) and per week (below), against those the model expected, over the
 * calibration period and the holdout after it, the calibration end marked by a vertical rule. A model
 * that fits tracks the actual line in the calibration period and keeps tracking it in the holdout.
 * Partial periods (the first, or the last cut at asOf) are hollow points. Input: `purchaseTracking`'s
 * result or its `periods`.
 *
 * @throws {AnalyticsInputError} Bad rows, read by the one reader (paths `["periods", i, field]`): a
 *   missing field, a purchase count that is not a finite number ≥ 0, a `periodNumber` that is not an
 *   integer ≥ 1 or not increasing, `holdout` not a boolean or a calibration period after a holdout one,
 *   bad partial-period fields; `overflow` when a total is beyond the largest double.
 * @throws {RangeError | TypeError} No rows, more than 2,000, not a table, or bad options, prefixed `trackingChart:`.
 * @example
 * const spec = trackingChart([
 *   { periodNumber: 1, holdout: false, actual: 2, expected: 2.5, cumulativeActual: 2, cumulativeExpected: 2.5 },
 *   { periodNumber: 2, holdout: true, actual: 3, expected: 2.5, cumulativeActual: 5, cumulativeExpected: 5 },
 * ], { model: "BG/NBD", show: "cumulative" });
 * spec.data.values.map((d) => [d.periodNumber, d.series, d.purchases]);
 * //=> [[1, "Actual", 2], [1, "BG/NBD", 2.5], [2, "Actual", 5], [2, "BG/NBD", 5]]
 * spec.title.subtitle[0]; //=> "By week 2: actual 5, BG/NBD 5.0 (+0.0%)"
 * @see Fader, Hardie & Lee (2005). "Counting Your Customers" the Easy Way. Marketing Science 24(2), figures 2–3.
 */
export function trackingChart(tracking: TrackingChartInput, options: TrackingChartOptions = {}): VegaLiteSpec {
  const fn = "trackingChart";
  const opts = parseOptions(fn, trackingChartOptionsSchema, options);
  const language = opts.language ?? "en";
  const t = TEXT[language];
  const w = WORDS[language];
  const show = opts.show ?? "both";
  const { rows } = tableOf<TrackingChartRecord>(fn, tracking, [["periods"]], "purchaseTracking's periods");
  if (rows.length === 0) throw new RangeError(`${fn}: no periods to draw (0 records)`);
  if (rows.length > MAX_PERIODS) throw new RangeError(`${fn}: at most ${MAX_PERIODS} periods can be drawn, got ${rows.length}`);
  const model = opts.model ?? t.predicted;
  if (model === t.actual) throw new RangeError(`${fn}: options.model must differ from "${t.actual}"`);
  const source = "periods";
  const { columns } = readRecords(fn, rows, {
    source,
    ids: "index",
    fields: {
      periodNumber: { field: "periodNumber", name: "periodNumber", rule: "count" },
      actual: { field: "actual", name: "actual", rule: "nonNegative" },
      expected: { field: "expected", name: "expected", rule: "nonNegative" },
      cumulativeActual: { field: "cumulativeActual", name: "cumulativeActual", rule: "nonNegative" },
      cumulativeExpected: { field: "cumulativeExpected", name: "cumulativeExpected", rule: "nonNegative" },
    },
  });
  const issues: InputIssue[] = [];
  let bad = 0;
  const report = (i: number, field: string, message: string) => {
    if (++bad <= 20) issues.push(inputIssue("invalid_value", [source, i, field], message));
  };
  const text = (i: number, field: string): string | null => {
    const v = optionalField(fn, source, rows, i, field);
    if (v === undefined || v === null) return null;
    if (typeof v === "string" && v.length > 0 && v.length <= 40) return v;
    report(i, field, `expected a date text or no field, got ${describeValue(v)}`);
    return null;
  };
  const holdout: boolean[] = [];
  const coverage: (PeriodCoverage | null)[] = [];
  const dates: (string | null)[] = [];
  let firstHoldout = -1;
  let newCustomers = 0;
  let anyNew = false;
  for (let i = 0; i < rows.length; i++) {
    const n = columns.periodNumber[i];
    if (n < 1) report(i, "periodNumber", `expected an integer >= 1, got ${n}`);
    else if (i > 0 && !(n > columns.periodNumber[i - 1])) report(i, "periodNumber", `expected periods in increasing order, got ${n} after ${columns.periodNumber[i - 1]}`);
    const h = optionalField(fn, source, rows, i, "holdout");
    if (typeof h !== "boolean") report(i, "holdout", `expected a boolean, got ${describeValue(h)}`);
    else if (!h && firstHoldout >= 0) report(i, "holdout", `a calibration period after the holdout period at ${source}[${firstHoldout}]; the calibration periods come first`);
    else if (h && firstHoldout < 0) firstHoldout = i;
    holdout.push(h === true);
    coverage.push(partialCoverage(fn, source, rows, i, report));
    const start = text(i, "startDate");
    const end = text(i, "endDate");
    dates.push(start === null ? end : end === null || end === start ? start : `${start} … ${end}`);
    const nc = optionalField(fn, source, rows, i, "newCustomers");
    if (nc !== undefined) {
      if (typeof nc === "number" && Number.isInteger(nc) && nc >= 0) {
        newCustomers += nc;
        anyNew = true;
      } else report(i, "newCustomers", `expected an integer >= 0 or no field, got ${describeValue(nc)}`);
    }
  }
  if (bad > 0) throw new AnalyticsInputError(fn, issues, bad);
  for (const k of ["actual", "expected"] as const) {
    let sum = 0;
    for (const v of columns[k]) sum += v;
    if (!Number.isFinite(sum)) throw overflowError(fn, [source], `the total of ${k}`);
  }
  if (!Number.isFinite(newCustomers)) throw overflowError(fn, [source], "the total of newCustomers");

  // what the result says about itself: the calibration end and the customers tracked
  const meta = !Array.isArray(tracking) && tracking !== null && typeof tracking === "object" ? (tracking as { meta?: unknown }).meta : undefined;
  const metaOf = (key: string): unknown => (meta !== null && typeof meta === "object" && Object.hasOwn(meta, key) ? (meta as Record<string, unknown>)[key] : undefined);
  const metaEnd = metaOf("calibrationEnd");
  const metaCustomers = metaOf("customers");
  const lastCalibration = firstHoldout < 0 ? rows.length - 1 : firstHoldout - 1;
  const endDateOf = (i: number): string | null => {
    const v = optionalField(fn, source, rows, i, "endDate");
    return typeof v === "string" && v.length <= 40 ? v : null;
  };
  const calibrationEnd = typeof metaEnd === "string" && metaEnd.length <= 40 ? metaEnd : lastCalibration >= 0 ? endDateOf(lastCalibration) : null;
  const customers = typeof metaCustomers === "number" && Number.isInteger(metaCustomers) && metaCustomers >= 0 ? metaCustomers : anyNew ? newCustomers : null;
  const daysFirst = optionalField(fn, source, rows, 0, "daysInPeriod");
  const unit = w.unit(typeof daysFirst === "number" ? daysFirst : 7);

  const last = rows.length - 1;
  const diffText = (a: number, e: number) => (a > 0 ? `${e >= a ? "+" : "−"}${percentText(Math.abs(e - a) / a)}` : "–");
  const notes: string[] = [];
  if (customers !== null) notes.push(w.customersUpTo(groupThousands(customers), calibrationEnd));
  // the model's figures to one decimal while they are small (an expectation is no whole number)
  const modelText = (e: number) => (e < 100 ? fixedText(e, 1) : groupThousands(e));
  const lastA = columns.cumulativeActual[last];
  const lastE = columns.cumulativeExpected[last];
  notes.push(w.totals(unit, columns.periodNumber[last], groupThousands(lastA), modelText(lastE), model, diffText(lastA, lastE)));
  if (firstHoldout > 0) {
    const hA = lastA - columns.cumulativeActual[firstHoldout - 1];
    const hE = lastE - columns.cumulativeExpected[firstHoldout - 1];
    notes.push(w.holdoutTotals(groupThousands(Math.max(0, hA)), modelText(Math.max(0, hE)), model, diffText(hA, hE)));
  }
  const partialIdx = coverage.flatMap((c, i) => (c === null ? [] : [i]));
  if (partialIdx.length > 0) {
    const list = partialIdx
      .slice(0, 4)
      .map((i) => `${columns.periodNumber[i]}: ${t.daysOf(groupThousands(coverage[i]!.daysCovered), groupThousands(coverage[i]!.daysInPeriod))}`)
      .join(w.sep);
    notes.push(w.partial(partialIdx.length > 4 ? `${list}${w.sep}…` : list));
  }

  const panel = (kind: "cumulative" | "incremental") => {
    const a = kind === "cumulative" ? columns.cumulativeActual : columns.actual;
    const e = kind === "cumulative" ? columns.cumulativeExpected : columns.expected;
    const values: Record<string, unknown>[] = [];
    for (let i = 0; i < rows.length; i++) {
      const base = { periodNumber: columns.periodNumber[i], dates: dates[i], partial: coverage[i] !== null, coverage: coverage[i] === null ? null : t.daysOf(groupThousands(coverage[i]!.daysCovered), groupThousands(coverage[i]!.daysInPeriod)) };
      values.push({ ...base, series: t.actual, purchases: a[i] });
      values.push({ ...base, series: model, purchases: e[i] });
    }
    const yTitle = kind === "cumulative" ? w.cumulative : w.incremental(unit);
    const x = { field: "periodNumber", type: "quantitative", title: unit, scale: { domain: [columns.periodNumber[0] - 0.5, columns.periodNumber[last] + 0.5], nice: false, zero: false }, axis: { tickMinStep: 1, format: "d" } };
    const color = { field: "series", type: "nominal", title: t.series, scale: { domain: [t.actual, model], range: ["#333333", "#e45756"] } };
    const tooltip = [
      { field: "periodNumber", type: "quantitative", title: unit },
      { field: "dates", type: "nominal", title: w.dates },
      { field: "series", type: "nominal", title: t.series },
      { field: "purchases", type: "quantitative", title: yTitle, format: ",.1f" },
      { field: "coverage", type: "nominal", title: t.partialPeriod },
    ];
    const layer: Record<string, unknown>[] = [
      {
        mark: { type: "line", strokeWidth: 2, interpolate: "linear" },
        encoding: {
          x,
          y: { field: "purchases", type: "quantitative", title: yTitle, axis: { labelExpr: numberLabelExpr(language) } },
          color,
          strokeDash: { field: "series", type: "nominal", scale: { domain: [t.actual, model], range: [[1, 0], [6, 3]] } },
          tooltip,
        },
      },
    ];
    if (rows.length <= 120) {
      layer.push({ mark: { type: "point", size: 18, filled: true }, transform: [{ filter: "!datum.partial" }], encoding: { x, y: { field: "purchases", type: "quantitative" }, color, tooltip } });
    }
    if (partialIdx.length > 0) {
      layer.push({ mark: { type: "point", size: 70, filled: false, strokeWidth: 1.5 }, transform: [{ filter: "datum.partial" }], encoding: { x, y: { field: "purchases", type: "quantitative" }, color, tooltip } });
    }
    if (firstHoldout > 0) {
      const at = (columns.periodNumber[firstHoldout - 1] + columns.periodNumber[firstHoldout]) / 2;
      layer.push({
        data: { values: [{ at, label: w.calibrationEnd(calibrationEnd) }] },
        mark: { type: "rule", strokeDash: [4, 4], color: "#888888" },
        encoding: { x: { field: "at", type: "quantitative" } },
      });
      layer.push({
        data: { values: [{ at, label: w.calibrationEnd(calibrationEnd) }] },
        mark: { type: "text", align: "left", baseline: "top", dx: 4, dy: 4, color: "#555555", fontSize: 11 },
        encoding: { x: { field: "at", type: "quantitative" }, y: { value: 0 }, text: { field: "label", type: "nominal" } },
      });
    }
    return { data: { values }, width: opts.width ?? 560, height: opts.height ?? (show === "both" ? 220 : 300), layer };
  };
  const body = show === "both" ? { vconcat: [panel("cumulative"), panel("incremental")], resolve: { scale: { color: "shared" } } } : panel(show);
  return finishSpec(fn, {
    $schema: VEGA_LITE_SCHEMA,
    ...titleOf(opts.title ?? w.title, notes),
    ...body,
  });
}
