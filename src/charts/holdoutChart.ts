import { z } from "zod";
import { AnalyticsInputError, describeValue, inputIssue } from "../errors.js";
import { readRecords } from "../input/readRecords.js";
import { defineOptions, parseOptions, type OptionsSchema } from "../options.js";
import type { CalibrationHoldoutRecord } from "../models/calibrationHoldout.js";
import { TEXT, VEGA_LITE_SCHEMA, chartOptionsShape, finishSpec, groupThousands, optionalField, overflowError, tableOf, titleOf, type ChartOptions, type VegaLiteSpec } from "./common.js";

/** Options of {@link holdoutChart}. */
export interface HoldoutChartOptions extends ChartOptions {
  /** Legend name of the model line (default "Model"), e.g. `"BG/NBD"`. */
  model?: string;
}

/** zod schema of {@link HoldoutChartOptions}. */
export const holdoutChartOptionsSchema: OptionsSchema<HoldoutChartOptions> = defineOptions<HoldoutChartOptions>()({
  ...chartOptionsShape,
  model: z.string().min(1).max(100).optional(),
});

/** Input of {@link holdoutChart}: `calibrationHoldout`'s result, or its frequencies. */
export type HoldoutChartInput = readonly CalibrationHoldoutRecord[] | { readonly frequencies: readonly CalibrationHoldoutRecord[] };

/**
 * The calibration/holdout check of a purchase model: per number of repeat purchases in the
 * calibration period (the last group pooling "7 and more"), the mean purchases customers actually made
 * in the holdout against the mean the model expected, as two lines with points (lifetimes'
 * `plot_calibration_purchases_vs_holdout_purchases`). Input: `calibrationHoldout`'s result or its `frequencies`.
 *
 * @throws {AnalyticsInputError} Bad rows, read by the one reader (paths `["frequencies", i, field]`): a
 *   missing field, a mean purchases (`actual`, `predicted`) that is not a finite number ≥ 0, a
 *   frequency or customer count that is not a count, a frequency twice;
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
  const { rows: list } = tableOf<CalibrationHoldoutRecord>(fn, holdout, [["frequencies"]], "calibrationHoldout's frequencies");
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
    values.push({ frequency, frequencyLabel, series: model, purchases: predicted, customers: n });
  });
  if (!Number.isFinite(customers)) throw overflowError(fn, [source], "the total number of customers");
  const sorted = order
    .map((label, i) => ({ f: columns.frequency[i], label }))
    .sort((a, b) => a.f - b.f)
    .map((x) => x.label);
  return finishSpec(fn, {
    $schema: VEGA_LITE_SCHEMA,
    ...titleOf(opts.title ?? w.holdout, w.customersAll(groupThousands(customers))),
    data: { values },
    width: opts.width ?? 480,
    height: opts.height ?? 300,
    mark: { type: "line", point: { filled: true, size: 60 }, strokeWidth: 2 },
    encoding: {
      x: { field: "frequencyLabel", type: "ordinal", sort: sorted, title: w.calibrationFrequency, axis: { labelAngle: 0 } },
      y: { field: "purchases", type: "quantitative", title: w.holdoutPurchases },
      color: { field: "series", type: "nominal", title: w.series, scale: { domain: [w.actual, model], range: ["#333333", "#e45756"] } },
      strokeDash: { field: "series", type: "nominal", scale: { domain: [w.actual, model], range: [[1, 0], [6, 3]] } },
      tooltip: [
        { field: "frequencyLabel", type: "ordinal", title: w.calibrationFrequency },
        { field: "series", type: "nominal", title: w.series },
        { field: "purchases", type: "quantitative", title: w.holdoutPurchases, format: ".3f" },
        { field: "customers", type: "quantitative", title: w.customers, format: "," },
      ],
    },
  });
}
