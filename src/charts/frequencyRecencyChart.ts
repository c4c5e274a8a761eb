import { z } from "zod";
import { describeValue } from "../errors.js";
import { defineOptions, parseOptions, type OptionsSchema } from "../options.js";
import { checkedPurchases, readBtydCustomers, type BtydCustomer } from "../models/btydInput.js";
import { purchaseKernel } from "../models/purchaseModel.js";
import type { PurchaseModel } from "../models/types.js";
import { VEGA_LITE_SCHEMA, chartOptionsShape, finishSpec, fixedText, groupThousands, numberText, percentText, tableOf, titleOf, type ChartOptions, type VegaLiteSpec } from "./common.js";

/** What {@link frequencyRecencyChart} colours the cells by. */
export type FrequencyRecencyMetric = "pAlive" | "expectedPurchases";

/** Options of {@link frequencyRecencyChart}. */
export interface FrequencyRecencyChartOptions extends ChartOptions {
  /** `"pAlive"` (default: lifetimes' `plot_probability_alive_matrix`) or `"expectedPurchases"` (`plot_frequency_recency_matrix`). */
  metric?: FrequencyRecencyMetric;
  /** Horizon of `expectedPurchases`, in the model's time unit (default 1, as lifetimes). */
  t?: number;
  /** The customers' observation length T, in the model's time unit (default: the longest T of the records). */
  T?: number;
  /** Highest frequency drawn (default: the 99th percentile of the records' frequencies, at least 1; at most 200). */
  maxFrequency?: number;
  /** Write the values in the cells (default: when the grid has at most 13 × 13 cells). */
  labels?: boolean;
}

/** zod schema of {@link FrequencyRecencyChartOptions}. */
export const frequencyRecencyChartOptionsSchema: OptionsSchema<FrequencyRecencyChartOptions> = defineOptions<FrequencyRecencyChartOptions>()({
  ...chartOptionsShape,
  metric: z.enum(["pAlive", "expectedPurchases"]).optional(),
  t: z.number().positive().max(1e6).optional(),
  T: z.number().positive().max(1e6).optional(),
  maxFrequency: z.number().int().min(1).max(200).optional(),
  labels: z.boolean().optional(),
});

/** Input of {@link frequencyRecencyChart}: the summary the model was fitted on (`toBtydSummary`'s result or its customers). */
export type FrequencyRecencyChartInput = Iterable<BtydCustomer> | { readonly customers: Iterable<BtydCustomer>; readonly meta?: { readonly period?: string } };

/** Recency columns at most (a longer T is cut into this many steps). */
const MAX_COLUMNS = 40;

const WORDS = {
  en: {
    title: { pAlive: "Probability alive by frequency and recency", expectedPurchases: "Expected purchases by frequency and recency" },
    x: (unit: string) => `Recency: time of the last repeat purchase (${unit} after the first)`,
    y: "Frequency (repeat purchases)",
    pAlive: "P(alive)",
    expected: (t: string, unit: string) => `Expected purchases, next ${t} ${unit}`,
    unit: { week: "weeks", day: "days", none: "time units" },
    count: { week: "weeks", day: "days", none: "time units" },
    customersT: (T: string, unit: string) => `Customers observed for T = ${T} ${unit}; top right: frequent and recent, top left: frequent but long silent`,
    cut: (n: string, share: string, max: number) => `${n} customers (${share}) with more than ${max} repeat purchases are above the top row`,
    range: (lo: string, hi: string) => `lowest ${lo}, highest ${hi}`,
    at: (v: string, x: number, tx: string) => `${v} (x = ${x}, t_x = ${tx})`,
  },
  zh: {
    title: { pAlive: "按频次与最近购买时间的活跃概率", expectedPurchases: "按频次与最近购买时间的预期购买次数" },
    x: (unit: string) => `最近购买时间：最后一次重复购买距首购的时长（${unit}）`,
    y: "频次（重复购买次数）",
    pAlive: "活跃概率",
    expected: (t: string, unit: string) => `未来 ${t} ${unit}的预期购买次数`,
    unit: { week: "周", day: "天", none: "时间单位" },
    count: { week: "周", day: "天", none: "个时间单位" },
    customersT: (T: string, unit: string) => `观察期 T = ${T} ${unit}；右上：频繁且最近购买，左上：频繁但已长期沉寂`,
    cut: (n: string, share: string, max: number) => `${n} 位客户（${share}）的重复购买次数超过 ${max}，位于最上一行之上`,
    range: (lo: string, hi: string) => `最低 ${lo}，最高 ${hi}`,
    at: (v: string, x: number, tx: string) => `${v}（x = ${x}，t_x = ${tx}）`,
  },
} as const;

/**
 * A purchase model's P(alive) or expected purchases over every history a customer observed for T can
 * have: frequency x (rows, 0 to `maxFrequency`) by recency t_x (columns, 0 to T), as lifetimes'
 * `plot_probability_alive_matrix` and `plot_frequency_recency_matrix`. A customer with many purchases
 * but none for a long time (top left) is likely gone; the frequent and recent (top right) are the
 * best. A frequency of 0 has one cell (t_x = 0). T defaults to the records' longest, `maxFrequency`
 * to their 99th percentile, so one heavy buyer does not squash the grid (how many are above it is said).
 *
 * @param model - The purchase model `{ model, params }`.
 * @param records - The summary ({@link BtydCustomer} records, or `toBtydSummary`'s result, whose
 *   `meta.period` names the time unit on the axes).
 * @throws {TypeError} `model` is not a purchase model, or the records are not a table.
 * @throws {RangeError} Bad parameters or options, or a value that cannot be computed, prefixed `frequencyRecencyChart:`.
 * @throws {AnalyticsInputError} No records, or a record breaks the {@link BtydCustomer} rules.
 * @example
 * const model = { model: "bg-nbd", params: { r: 0.24, alpha: 4.41, a: 0.79, b: 2.43 } };
 * const spec = frequencyRecencyChart(model, [{ frequency: 0, recency: 0, T: 4 }, { frequency: 2, recency: 3, T: 4 }]);
 * spec.data.values.length; //=> 11
 * spec.data.values.filter((d) => d.frequency === 2).map((d) => [d.recency, Math.round(d.value * 1000) / 1000]);
 * //=> [[0, 0.506], [1, 0.618], [2, 0.703], [3, 0.766], [4, 0.813]]
 */
export function frequencyRecencyChart(model: PurchaseModel, records: FrequencyRecencyChartInput, options: FrequencyRecencyChartOptions = {}): VegaLiteSpec {
  const fn = "frequencyRecencyChart";
  const opts = parseOptions(fn, frequencyRecencyChartOptionsSchema, options);
  const kernel = purchaseKernel(fn, model, "model.params");
  const language = opts.language ?? "en";
  const w = WORDS[language];
  const metric = opts.metric ?? "pAlive";
  const horizon = opts.t ?? 1;
  const isResult = records !== null && typeof records === "object" && !Array.isArray(records) && !(Symbol.iterator in records);
  const list = isResult ? tableOf<BtydCustomer>(fn, records, [["customers"]], "a summary").rows : records;
  const metaPeriod = isResult ? (records as { meta?: { period?: unknown } }).meta?.period : undefined;
  const unitKey = metaPeriod === "week" || metaPeriod === "day" ? metaPeriod : "none";
  const unit = w.unit[unitKey];
  const unitCount = w.count[unitKey];
  const { x, T: Ts, w: weights, customers } = readBtydCustomers(fn, list as Iterable<BtydCustomer>);
  let longest = 0;
  for (const v of Ts) if (v > longest) longest = v;
  const T = opts.T ?? longest;
  if (!(T > 0)) throw new RangeError(`${fn}: every customer has T = 0: give options.T, the observation length to draw`);
  // the 99th percentile of the frequencies (nearest rank), counts included
  let maxFrequency = opts.maxFrequency;
  const order = Array.from(x.keys()).sort((i, j) => x[i] - x[j]);
  if (maxFrequency === undefined) {
    const rank = Math.ceil(0.99 * customers);
    let seen = 0;
    let p99 = x[order[order.length - 1]];
    for (const i of order) {
      seen += weights ? weights[i] : 1;
      if (seen >= rank) {
        p99 = x[i];
        break;
      }
    }
    maxFrequency = Math.min(200, Math.max(1, p99));
  }
  let above = 0;
  for (let i = 0; i < x.length; i++) if (x[i] > maxFrequency) above += weights ? weights[i] : 1;

  const columns = Math.min(MAX_COLUMNS, Math.ceil(T));
  const step = T / columns;
  const values: { frequency: number; recency: number; lo: number; hi: number; value: number; label: string }[] = [];
  const cellText = (v: number) => (metric === "pAlive" ? percentText(v, 0) : v < 10 ? fixedText(v, 2) : fixedText(v, 1));
  for (let f = 0; f <= maxFrequency; f++) {
    for (let j = 0; j <= (f === 0 ? 0 : columns); j++) {
      const tx = j === columns ? T : j * step;
      let v: number;
      if (metric === "pAlive") v = kernel.pAlive(f, tx, T);
      else v = checkedPurchases(kernel.expected(horizon, f, tx, T));
      if (!(Number.isFinite(v) && v >= 0 && (metric !== "pAlive" || v <= 1))) {
        throw new RangeError(`${fn}: the ${metric} of a customer with frequency ${f}, recency ${describeValue(tx)} and T ${describeValue(T)} is not computable at these parameters`);
      }
      values.push({ frequency: f, recency: tx, lo: tx - step / 2, hi: tx + step / 2, value: v, label: cellText(v) });
    }
  }
  const labels = opts.labels ?? (columns <= 12 && maxFrequency <= 12);
  const valueTitle = metric === "pAlive" ? w.pAlive : w.expected(numberText(horizon, 4), unitCount);
  const color =
    metric === "pAlive"
      ? { field: "value", type: "quantitative", title: w.pAlive, scale: { scheme: "blues", domain: [0, 1] }, legend: { format: "%" } }
      : { field: "value", type: "quantitative", title: valueTitle, scale: { scheme: "oranges", zero: true } };
  const x0 = { field: "lo", type: "quantitative", title: w.x(unit), scale: { domain: [-step / 2, T + step / 2], nice: false, zero: false } };
  const y0 = { field: "f0", type: "quantitative", title: w.y, scale: { domain: [-0.5, maxFrequency + 0.5], nice: false, zero: false }, axis: { tickMinStep: 1, format: "d" } };
  const layer: Record<string, unknown>[] = [
    {
      mark: { type: "rect", stroke: "#ffffff", strokeWidth: columns * maxFrequency <= 600 ? 0.5 : 0 },
      encoding: {
        x: x0,
        x2: { field: "hi" },
        y: y0,
        y2: { field: "f1" },
        color,
        tooltip: [
          { field: "frequency", type: "quantitative", title: w.y },
          { field: "recency", type: "quantitative", title: w.x(unit), format: ",.2f" },
          { field: "value", type: "quantitative", title: valueTitle, format: metric === "pAlive" ? ".1%" : ",.3f" },
        ],
      },
    },
  ];
  if (labels) {
    const max = values.reduce((m, d) => Math.max(m, d.value), 0);
    layer.push({
      mark: { type: "text", fontSize: 10 },
      encoding: {
        x: { field: "recency", type: "quantitative" },
        y: { field: "frequency", type: "quantitative" },
        text: { field: "label", type: "nominal" },
        color: { condition: { test: `datum.value > ${metric === "pAlive" ? 0.6 : 0.6 * max}`, value: "#ffffff" }, value: "#222222" },
      },
    });
  }
  let lo = 0;
  let hi = 0;
  for (let i = 1; i < values.length; i++) {
    if (values[i].value < values[lo].value) lo = i;
    if (values[i].value > values[hi].value) hi = i;
  }
  const where = (i: number) => w.at(metric === "pAlive" ? percentText(values[i].value, 1) : values[i].value < 0.0005 ? "0.000" : numberText(values[i].value, 3), values[i].frequency, numberText(values[i].recency, 3));
  const notes: string[] = [w.customersT(numberText(T, 4), unitCount), w.range(where(lo), where(hi))];
  if (above > 0) notes.push(w.cut(groupThousands(above), percentText(above / customers), maxFrequency));
  const cell = Math.max(6, Math.min(28, Math.floor(560 / (columns + 1))));
  return finishSpec(fn, {
    $schema: VEGA_LITE_SCHEMA,
    ...titleOf(opts.title ?? w.title[metric], notes),
    data: { values: values.map(({ label, ...d }) => ({ ...d, f0: d.frequency - 0.5, f1: d.frequency + 0.5, ...(labels ? { label } : {}) })) },
    width: opts.width ?? cell * (columns + 1),
    height: opts.height ?? Math.max(160, Math.min(520, cell * (maxFrequency + 1))),
    layer,
  });
}
