import { z } from "zod";
import { AnalyticsInputError, describeValue, inputIssue } from "../errors.js";
import { readRecords } from "../input/readRecords.js";
import { defineOptions, parseOptions, type OptionsSchema } from "../options.js";
import type { CalibrationHoldoutRecord } from "../models/calibrationHoldout.js";
import { TEXT, VEGA_LITE_SCHEMA, chartOptionsShape, finishSpec, groupThousands, optionalField, overflowError, percentText, tableOf, titleOf, type ChartOptions, type VegaLiteSpec } from "./common.js";

/** Options of {@link holdoutChart}. */
export interface HoldoutChartOptions extends ChartOptions {
  /** Legend name of the model line (default "Model"), e.g. `"BG/NBD"`. */
  model?: string;
  /** Level of the rows' `lower`/`upper` interval, named in the subtitle (e.g. 0.9 → "90% interval"); default: unnamed. */
  intervalLevel?: number;
}

/** zod schema of {@link HoldoutChartOptions}. */
export const holdoutChartOptionsSchema: OptionsSchema<HoldoutChartOptions> = defineOptions<HoldoutChartOptions>()({
  ...chartOptionsShape,
  model: z.string().min(1).max(100).optional(),
  intervalLevel: z.number().gt(0).lt(1).optional(),
});

/**
 * A row of {@link holdoutChart}: a calibration frequency of `calibrationHoldout`, optionally with an
 * interval of the model's mean holdout purchases (`lower` ≤ `upper`, e.g. from parameter uncertainty),
 * drawn as a band around the model line. Either every row has both bounds or none has.
 */
export type HoldoutChartRecord = CalibrationHoldoutRecord & { lower?: number; upper?: number };

const INTERVAL_WORDS = {
  en: { note: (level: string | null) => `Shaded: ${level === null ? "the" : `${level}`} interval of the model's mean`, lower: "Interval lower", upper: "Interval upper" },
  zh: { note: (level: string | null) => `阴影：模型均值的${level === null ? "" : ` ${level} `}区间`, lower: "区间下限", upper: "区间上限" },
} as const;

/** Input of {@link holdoutChart}: `calibrationHoldout`'s result, or its frequencies. */
export type HoldoutChartInput = readonly HoldoutChartRecord[] | { readonly frequencies: readonly HoldoutChartRecord[] };

/**
 * The calibration/holdout check of a purchase model: per number of repeat purchases in the
 * calibration period (the last group pooling "7 and more"), the mean purchases customers actually made
 * in the holdout against the mean the model expected, as two lines with points (lifetimes'
 * `plot_calibration_purchases_vs_holdout_purchases`). Input: `calibrationHoldout`'s result or its `frequencies`.
 * Rows with `lower` and `upper` (an interval of the model's mean, {@link HoldoutChartRecord}) add a
 * shaded band around the model line, named by `intervalLevel`.
 *
 * @throws {AnalyticsInputError} Bad rows, read by the one reader (paths `["frequencies", i, field]`): a
 *   missing field, a mean purchases (`actual`, `predicted`) that is not a finite number ≥ 0, a
 *   frequency or customer count that is not a count, a frequency twice, a `lower`/`upper` that is not
 *   a finite number ≥ 0, one bound without the other, `lower` > `upper`, bounds on some rows only;
 *   `overflow` when the total of the customers is beyond the largest double.
 * @throws {RangeError | TypeError} No rows, not a table, or bad options, prefixed `holdoutChart:`.
 * @example
 * const spec = holdoutChart([
 *   { frequency: 0, frequencyAtLeast: false, customers: 120, actual: 0.1, predicted: 0.12 },
 *   { frequency: 1, frequencyAtLeast: true, customers: 30, actual: 0.9, predicted: 0.8 },
 * ], { model: "BG/NBD" });
 * spec.data.values.map((d) => [d.frequencyLabel, d.series, d.purchases]);
 * //=> [["0", "Actual", 0.1], ["0", "BG/NBD", 0.12], ["1+", "Actual", 0.9], ["1+", "BG/NBD", 0.8]]
 * @see Fader, Hardie & Lee (2005). "Counting Your Customers" the Easy Way. Marketing Science 24(2).
 */
export function holdoutChart(holdout: HoldoutChartInput, options: HoldoutChartOptions = {}): VegaLiteSpec {
  const fn = "holdoutChart";
  const opts = parseOptions(fn, holdoutChartOptionsSchema, options);
  const language = opts.language ?? "en";
  const w = TEXT[language];
  const { rows: list } = tableOf<HoldoutChartRecord>(fn, holdout, [["frequencies"]], "calibrationHoldout's frequencies");
  if (list.length === 0) throw new RangeError(`${fn}: no calibration frequencies to draw (0 records)`);
  const model = opts.model ?? w.predicted;
  if (model === w.actual) throw new RangeError(`${fn}: options.model must differ from "${w.actual}"`);
  const source = "frequencies";
  const { columns } = readRecords(fn, list, {
    source,
    ids: "index",
    fields: {
      frequency: { field: "frequency", name: "frequency", rule: "count" },
      customers: { field: "customers", name: "customers", rule: "count" },
      // mean purchases per customer: never below 0
      actual: { field: "actual", name: "actual", rule: "nonNegative" },
      predicted: { field: "predicted", name: "predicted", rule: "nonNegative" },
    },
  });
  // the interval of the model's mean: both bounds on every row, or on none
  const bounds: { lower: number; upper: number }[] = [];
  const boundIssues: ReturnType<typeof inputIssue>[] = [];
  let firstWith = -1;
  let firstWithout = -1;
  list.forEach((_, i) => {
    const lower = optionalField(fn, source, list, i, "lower");
    const upper = optionalField(fn, source, list, i, "upper");
    const absent = (v: unknown) => v === undefined || v === null;
    if (absent(lower) && absent(upper)) {
      if (firstWithout < 0) firstWithout = i;
      return;
    }
    if (firstWith < 0) firstWith = i;
    const ok = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v) && v >= 0;
    if (!ok(lower)) boundIssues.push(inputIssue("invalid_value", [source, i, "lower"], `expected a finite number >= 0${absent(lower) ? " with upper" : ""}, got ${describeValue(lower)}`));
    else if (!ok(upper)) boundIssues.push(inputIssue("invalid_value", [source, i, "upper"], `expected a finite number >= 0${absent(upper) ? " with lower" : ""}, got ${describeValue(upper)}`));
    else if (lower > upper) boundIssues.push(inputIssue("invalid_value", [source, i, "lower"], `lower ${lower} is above upper ${upper}`));
    else bounds[i] = { lower, upper };
  });
  if (boundIssues.length === 0 && firstWith >= 0 && firstWithout >= 0) {
    const i = Math.max(firstWith, firstWithout);
    boundIssues.push(inputIssue("invalid_value", [source, i, "lower"], i === firstWith ? `an interval here but none at ${source}[${firstWithout}]; give lower and upper on every row or on none` : `no interval here but one at ${source}[${firstWith}]; give lower and upper on every row or on none`));
  }
  if (boundIssues.length > 0) throw new AnalyticsInputError(fn, boundIssues.slice(0, 20), boundIssues.length);
  const banded = firstWith >= 0;
  const values: Record<string, unknown>[] = [];
  const order: string[] = [];
  const seen = new Map<string, number>();
  let customers = 0;
  list.forEach((_, i) => {
    const frequency = columns.frequency[i];
    const n = columns.customers[i];
    const actual = columns.actual[i];
    const predicted = columns.predicted[i];
    const atLeast = optionalField(fn, source, list, i, "frequencyAtLeast");
    if (atLeast !== undefined && typeof atLeast !== "boolean") {
      throw new AnalyticsInputError(fn, [inputIssue("invalid_value", [source, i, "frequencyAtLeast"], `expected a boolean, got ${describeValue(atLeast)}`)]);
    }
    const frequencyLabel = `${frequency}${atLeast ? "+" : ""}`;
    const before = seen.get(frequencyLabel);
    if (before !== undefined) {
      throw new AnalyticsInputError(fn, [inputIssue("invalid_value", [source, i, "frequency"], `frequency ${frequencyLabel} also at ${source}[${before}]; one row per frequency`)]);
    }
    seen.set(frequencyLabel, i);
    order.push(frequencyLabel);
    customers += n;
    values.push({ frequency, frequencyLabel, series: w.actual, purchases: actual, customers: n });
    values.push({ frequency, frequencyLabel, series: model, purchases: predicted, customers: n, ...(banded ? bounds[i] : {}) });
  });
  if (!Number.isFinite(customers)) throw overflowError(fn, [source], "the total number of customers");
  const sorted = order
    .map((label, i) => ({ f: columns.frequency[i], label }))
    .sort((a, b) => a.f - b.f)
    .map((x) => x.label);
  const x = { field: "frequencyLabel", type: "ordinal", sort: sorted, title: w.calibrationFrequency, axis: { labelAngle: 0 } };
  const y = { field: "purchases", type: "quantitative", title: w.holdoutPurchases };
  const tooltip = [
    { field: "frequencyLabel", type: "ordinal", title: w.calibrationFrequency },
    { field: "series", type: "nominal", title: w.series },
    { field: "purchases", type: "quantitative", title: w.holdoutPurchases, format: ".3f" },
    { field: "customers", type: "quantitative", title: w.customers, format: "," },
  ];
  const lineEncoding = {
    x,
    y,
    color: { field: "series", type: "nominal", title: w.series, scale: { domain: [w.actual, model], range: ["#333333", "#e45756"] } },
    strokeDash: { field: "series", type: "nominal", scale: { domain: [w.actual, model], range: [[1, 0], [6, 3]] } },
    tooltip,
  };
  const line = { mark: { type: "line", point: { filled: true, size: 60 }, strokeWidth: 2 }, encoding: lineEncoding };
  const subtitle = [w.customersAll(groupThousands(customers))];
  const iv = INTERVAL_WORDS[language];
  if (banded) subtitle.push(iv.note(opts.intervalLevel === undefined ? null : percentText(opts.intervalLevel, Math.abs(opts.intervalLevel * 100 - Math.round(opts.intervalLevel * 100)) < 1e-9 ? 0 : 1)));
  const bandTooltip = [
    ...tooltip,
    { field: "lower", type: "quantitative", title: iv.lower, format: ".3f" },
    { field: "upper", type: "quantitative", title: iv.upper, format: ".3f" },
  ];
  const body = banded
    ? {
        layer: [
          {
            transform: [{ filter: "isValid(datum.lower)" }],
            mark: { type: "area", opacity: 0.25, color: "#e45756" },
            encoding: { x, y: { field: "lower", type: "quantitative", title: w.holdoutPurchases }, y2: { field: "upper" } },
          },
          { ...line, encoding: { ...lineEncoding, tooltip: bandTooltip } },
        ],
      }
    : line;
  return finishSpec(fn, {
    $schema: VEGA_LITE_SCHEMA,
    ...titleOf(opts.title ?? w.holdout, banded ? subtitle : subtitle[0]),
    data: { values },
    width: opts.width ?? 480,
    height: opts.height ?? 300,
    ...body,
  });
}
