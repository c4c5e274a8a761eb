import { z } from "zod";
import { defineOptions, parseOptions, type OptionsSchema } from "../options.js";
import { readBtydCustomers, type BtydCustomer } from "../models/btydInput.js";
import { purchaseKernel } from "../models/purchaseModel.js";
import { newCustomerCountPmf } from "../models/purchaseCounts.js";
import type { PurchaseModel } from "../models/types.js";
import { TEXT, VEGA_LITE_SCHEMA, chartOptionsShape, finishSpec, groupThousands, numberLabelExpr, percentText, tableOf, titleOf, type ChartOptions, type VegaLiteSpec } from "./common.js";

/** Options of {@link periodTransactionsChart}. */
export interface PeriodTransactionsChartOptions extends ChartOptions {
  /** Repeat purchases from this number up are pooled into the last bar (`7+`; default 7, from 1 to 50). */
  maxFrequency?: number;
  /** Legend name of the model bars (default "Model"), e.g. `"BG/NBD"`. */
  model?: string;
}

/** zod schema of {@link PeriodTransactionsChartOptions}. */
export const periodTransactionsChartOptionsSchema: OptionsSchema<PeriodTransactionsChartOptions> = defineOptions<PeriodTransactionsChartOptions>()({
  ...chartOptionsShape,
  maxFrequency: z.number().int().min(1).max(50).optional(),
  model: z.string().min(1).max(100).optional(),
});

/** Input of {@link periodTransactionsChart}: the calibration summary the model was fitted on (`toBtydSummary`'s result or its customers). */
export type PeriodTransactionsChartInput = Iterable<BtydCustomer> | { readonly customers: Iterable<BtydCustomer> };

const WORDS = {
  en: {
    title: "Customers by number of repeat purchases: actual vs model",
    x: "Repeat purchases in the calibration period",
    y: "Customers",
    share: "Share of customers",
    misplaced: (share: string) => `The model places ${share} of the customers in another bar than the data (half the sum of the gaps)`,
  },
  zh: {
    title: "按重复购买次数分组的客户数：实际与模型",
    x: "校准期重复购买次数",
    y: "客户数",
    share: "客户占比",
    misplaced: (share: string) => `模型将 ${share} 的客户放在了与数据不同的组中（各组差值之和的一半）`,
  },
} as const;

/**
 * How well a purchase model reproduces the calibration data (Fader, Hardie & Lee 2005, figure 1;
 * lifetimes' `plot_period_transactions`): customers by number of repeat purchases in the calibration
 * period (0, 1, …, the last bar pooling `maxFrequency` and more), actual against expected. The
 * expected count of a bar is Σ_i P(X(T_i) = n), each customer with their own observation length T_i
 * (the model's count distribution of a new customer: FHL 2005 eq. 8 and its counterparts), not one
 * common T. The subtitle gives the share of customers the model places in another bar.
 *
 * @param model - The purchase model `{ model, params }` fitted on these records.
 * @param records - The calibration summary ({@link BtydCustomer} records: `frequency`, `recency`, `T`,
 *   optional `count`), or a result with `customers` (`toBtydSummary`'s).
 * @throws {TypeError} `model` is not a purchase model, or the records are not a table.
 * @throws {RangeError} Bad parameters or options, prefixed `periodTransactionsChart:`.
 * @throws {AnalyticsInputError} No records (`empty_input`), or a record breaks the {@link BtydCustomer} rules.
 * @example
 * const model = { model: "bg-nbd", params: { r: 0.24, alpha: 4.41, a: 0.79, b: 2.43 } };
 * const spec = periodTransactionsChart(model, [
 *   { frequency: 0, recency: 0, T: 39 }, { frequency: 0, recency: 0, T: 38 }, { frequency: 2, recency: 30, T: 38 },
 * ], { maxFrequency: 2 });
 * spec.data.values.filter((d) => d.series === "Actual").map((d) => [d.frequencyLabel, d.customers]);
 * //=> [["0", 2], ["1", 0], ["2+", 1]]
 * spec.data.values.filter((d) => d.series === "Model").map((d) => Math.round(d.customers * 1000) / 1000);
 * //=> [1.739, 0.592, 0.669]
 * @see Fader, Hardie & Lee (2005). "Counting Your Customers" the Easy Way. Marketing Science 24(2), figure 1.
 */
export function periodTransactionsChart(model: PurchaseModel, records: PeriodTransactionsChartInput, options: PeriodTransactionsChartOptions = {}): VegaLiteSpec {
  const fn = "periodTransactionsChart";
  const opts = parseOptions(fn, periodTransactionsChartOptionsSchema, options);
  const kernel = purchaseKernel(fn, model, "model.params");
  const language = opts.language ?? "en";
  const t = TEXT[language];
  const w = WORDS[language];
  const maxFrequency = opts.maxFrequency ?? 7;
  const name = opts.model ?? t.predicted;
  if (name === t.actual) throw new RangeError(`${fn}: options.model must differ from "${t.actual}"`);
  const list = records !== null && typeof records === "object" && !Array.isArray(records) && !(Symbol.iterator in records) ? tableOf<BtydCustomer>(fn, records, [["customers"]], "a calibration summary").rows : records;
  const { x, T, w: weights, customers } = readBtydCustomers(fn, list as Iterable<BtydCustomer>);
  // actual and expected customers per bar; the expectation per distinct T (customers share few lengths)
  const actual = new Float64Array(maxFrequency + 1);
  const byT = new Map<number, number>();
  for (let i = 0; i < x.length; i++) {
    const c = weights ? weights[i] : 1;
    actual[Math.min(x[i], maxFrequency)] += c;
    byT.set(T[i], (byT.get(T[i]) ?? 0) + c);
  }
  const expected = new Float64Array(maxFrequency + 1);
  for (const [length, c] of byT) {
    let pmf: Float64Array;
    try {
      pmf = newCustomerCountPmf(kernel.fit, length, maxFrequency - 1);
    } catch (error) {
      if (error instanceof RangeError) throw new RangeError(`${fn}: ${error.message.replace(/^[A-Za-z]+: /, "")}`);
      throw error;
    }
    let below = 0;
    for (let n = 0; n < maxFrequency; n++) {
      expected[n] += c * pmf[n];
      below += pmf[n];
    }
    expected[maxFrequency] += c * Math.max(0, 1 - below);
  }
  const values: Record<string, unknown>[] = [];
  const labels: string[] = [];
  let gap = 0;
  for (let n = 0; n <= maxFrequency; n++) {
    const label = n === maxFrequency ? `${n}+` : String(n);
    labels.push(label);
    values.push({ frequency: n, frequencyLabel: label, series: t.actual, customers: actual[n], share: actual[n] / customers });
    values.push({ frequency: n, frequencyLabel: label, series: name, customers: expected[n], share: expected[n] / customers });
    gap += Math.abs(actual[n] - expected[n]);
  }
  const notes = [t.customersAll(groupThousands(customers)), w.misplaced(percentText(gap / 2 / customers))];
  const xEnc = { field: "frequencyLabel", type: "ordinal", sort: labels, title: w.x, axis: { labelAngle: 0 } };
  return finishSpec(fn, {
    $schema: VEGA_LITE_SCHEMA,
    ...titleOf(opts.title ?? w.title, notes),
    data: { values },
    width: opts.width ?? Math.max(320, 56 * (maxFrequency + 1)),
    height: opts.height ?? 300,
    mark: { type: "bar" },
    encoding: {
      x: xEnc,
      xOffset: { field: "series", type: "nominal", sort: [t.actual, name] },
      y: { field: "customers", type: "quantitative", title: w.y, axis: { labelExpr: numberLabelExpr(language) } },
      color: { field: "series", type: "nominal", title: t.series, scale: { domain: [t.actual, name], range: ["#555555", "#e45756"] } },
      tooltip: [
        { field: "frequencyLabel", type: "ordinal", title: w.x },
        { field: "series", type: "nominal", title: t.series },
        { field: "customers", type: "quantitative", title: w.y, format: ",.1f" },
        { field: "share", type: "quantitative", title: w.share, format: ".1%" },
      ],
    },
  });
}
