import { z } from "zod";
import { describeValue } from "../errors.js";
import { parseOptions } from "../options.js";
import type { HoldoutRow } from "../models/calibrationHoldout.js";
import { TEXT, VEGA_LITE_SCHEMA, chartOptionsShape, finishSpec, finiteField, groupThousands, readRecords, titleOf, type ChartOptions, type VegaLiteSpec } from "./common.js";

/** Options of {@link holdoutChart}. */
export interface HoldoutChartOptions extends ChartOptions {
  /** Legend name of the model line (default "Model"), e.g. `"BG/NBD"`. */
  model?: string;
}

/** The zod object behind {@link holdoutChartOptionsObject} (internal: `.extend`, `.shape`). */
export const holdoutChartOptionsObject = z.object({ ...chartOptionsShape, model: z.string().min(1).max(100).optional() }).strict();

/**
 * The calibration/holdout chart of a BTYD model: for each number of repeat purchases in the
 * calibration period (the last group pooling "7 and more", as `calibrationHoldout` returns them), the
 * mean number of purchases the customers actually made in the holdout period against the mean the model
 * expected — the usual check of a purchase model's fit (lifetimes'
 * `plot_calibration_purchases_vs_holdout_purchases`). Two lines with points; the tooltip gives the
 * customers behind each point. Data rows: two per input row (actual and model).
 *
 * @param rows - `calibrationHoldout`'s rows (`frequency`, `frequencyAtLeast`, `customers`, `actual`, `predicted`).
 * @param options - `model` (legend name), `title`, `width` (default 480), `height` (default 300), `language`.
 * @returns A Vega-Lite v5 spec (plain JSON).
 * @throws {TypeError} When a row lacks a field or a finite value (message names row and field).
 * @throws {RangeError} On no rows or bad options, prefixed `holdoutChart:`.
 *
 * @example
 * const spec = holdoutChart(
 *   [
 *     { frequency: 0, frequencyAtLeast: false, customers: 120, actual: 0.1, predicted: 0.12 },
 *     { frequency: 1, frequencyAtLeast: true, customers: 30, actual: 0.9, predicted: 0.8 },
 *   ],
 *   { model: "BG/NBD" },
 * );
 * spec.data.values.map((d) => [d.frequencyLabel, d.series, d.purchases]);
 * //=> [["0", "Actual", 0.1], ["0", "BG/NBD", 0.12], ["1+", "Actual", 0.9], ["1+", "BG/NBD", 0.8]]
 *
 * @see Vega-Lite line mark with points: https://vega.github.io/vega-lite/docs/line.html
 * @see Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting Your Customers" the Easy Way: An
 *   Alternative to the Pareto/NBD Model. Marketing Science 24(2), 275–284 (calibration/holdout check).
 */
export function holdoutChart(rows: readonly HoldoutRow[], options: HoldoutChartOptions = {}): VegaLiteSpec {
  const fn = "holdoutChart";
  const opts = parseOptions(fn, holdoutChartOptionsObject, options);
  const language = opts.language ?? "en";
  const w = TEXT[language];
  const list = readRecords<HoldoutRow>(fn, rows, "rows", "calibrationHoldout's rows");
  if (list.length === 0) throw new RangeError(`${fn}: no rows to draw (0 rows)`);
  const model = opts.model ?? w.predicted;
  if (model === w.actual) throw new RangeError(`${fn}: options.model must differ from "${w.actual}"`);
  const values: Record<string, unknown>[] = [];
  const order: string[] = [];
  let customers = 0;
  list.forEach((row, i) => {
    const frequency = finiteField(fn, "rows", i, row, "frequency");
    if (!Number.isInteger(frequency) || frequency < 0) throw new TypeError(`${fn}: rows[${i}].frequency must be an integer >= 0, got ${frequency}`);
    const n = finiteField(fn, "rows", i, row, "customers");
    const actual = finiteField(fn, "rows", i, row, "actual");
    const predicted = finiteField(fn, "rows", i, row, "predicted");
    if (row.frequencyAtLeast !== undefined && typeof row.frequencyAtLeast !== "boolean") {
      throw new TypeError(`${fn}: rows[${i}].frequencyAtLeast must be a boolean, got ${describeValue(row.frequencyAtLeast)}`);
    }
    const frequencyLabel = `${frequency}${row.frequencyAtLeast ? "+" : ""}`;
    if (order.includes(frequencyLabel)) throw new TypeError(`${fn}: rows[${i}].frequency ${frequencyLabel} appears twice`);
    order.push(frequencyLabel);
    customers += n;
    values.push({ frequency, frequencyLabel, series: w.actual, purchases: actual, customers: n });
    values.push({ frequency, frequencyLabel, series: model, purchases: predicted, customers: n });
  });
  const sorted = list
    .map((r, i) => ({ f: r.frequency, label: order[i] }))
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

/** zod schema of {@link HoldoutChartOptions}. */
export const holdoutChartOptionsSchema: z.ZodType<HoldoutChartOptions> = holdoutChartOptionsObject as unknown as z.ZodType<HoldoutChartOptions>;
