import type { CustomerInput } from "../input/types.js";
import { z } from "zod";
import { AnalyticsInputError, inputIssue } from "../errors.js";
import { missingFields } from "../input/readRecords.js";
import { defineOptions, parseOptions, type OptionsSchema } from "../options.js";
import { groupTriples, predictTriples, readBtydCustomers } from "./btydInput.js";
import { purchaseKernel } from "./purchaseModel.js";
import type { BtydSummaryCustomer } from "./toBtydSummary.js";
import type { PurchaseModel } from "./types.js";

/** Options of {@link calibrationHoldout}. */
export interface CalibrationHoldoutOptions {
  /** Calibration frequencies from this one up are pooled into the last record (default 7). */
  maxFrequency?: number;
}

/** Schema of {@link CalibrationHoldoutOptions}. */
export const calibrationHoldoutOptionsSchema: OptionsSchema<CalibrationHoldoutOptions> = defineOptions<CalibrationHoldoutOptions>()({
  maxFrequency: z.number().int().min(1).optional(),
});

/** One calibration frequency: the holdout purchases its customers made, and those the model expected. */
export interface CalibrationHoldoutRecord {
  /** Calibration frequency (repeat purchases); the last record gathers `maxFrequency` and more (`frequencyAtLeast`). */
  frequency: number;
  /** True for the pooled record (`frequency` and more). */
  frequencyAtLeast: boolean;
  /** Customers with this calibration frequency. */
  customers: number;
  /** Mean purchases these customers made in the holdout. */
  actual: number;
  /** Mean purchases the model expected of them over their holdout duration. */
  predicted: number;
}

/** `meta` of {@link calibrationHoldout}: the purchase model used (`model`, `params`), the pooling and the customer count. */
export type CalibrationHoldoutMeta = PurchaseModel & {
  maxFrequency: number;
  /** Customers compared (the records given). */
  customers: number;
};

/** Result of {@link calibrationHoldout}: one record per calibration frequency (ascending), and what made them. */
export interface CalibrationHoldoutResult {
  frequencies: CalibrationHoldoutRecord[];
  meta: CalibrationHoldoutMeta;
}

/**
 * Calibration/holdout check (does the model fit the data?): with a purchase model fitted on a
 * calibration summary (`toBtydSummary` with `calibrationEnd`), compares by calibration frequency the
 * mean purchases customers made in the holdout with the mean the model expected over the same
 * duration. Draw it with `holdoutChart` (`crm-analytics/charts`).
 *
 * @param fit - A purchase model `{ model: "bg-nbd" | "modified-bg-nbd" | "pareto-nbd", params }`.
 * @param records - `toBtydSummary(..., { calibrationEnd }).customers`: {@link BtydSummaryCustomer}
 *   records with `frequencyHoldout` and `durationHoldout`.
 * @returns `frequencies` (one record per calibration frequency 0..maxFrequency present) and `meta`.
 * @throws {TypeError} `fit` is not a purchase model; RangeError: bad parameters or options;
 *   AnalyticsInputError: bad records, or no holdout fields (`missing_field`).
 *
 * @example
 * const { frequencies } = calibrationHoldout({ model: "bg-nbd", params: { r: 0.24, alpha: 4.4, a: 0.79, b: 2.4 } }, [
 *   { customerId: "a", frequency: 0, recency: 0, T: 30, monetaryValue: 0, frequencyHoldout: 0, durationHoldout: 39 },
 *   { customerId: "b", frequency: 2, recency: 20, T: 30, monetaryValue: 10, frequencyHoldout: 1, durationHoldout: 39 },
 * ]);
 * frequencies.map((r) => [r.frequency, r.customers, r.actual]); //=> [[0, 1, 0], [2, 1, 1]]
 */
export function calibrationHoldout(fit: PurchaseModel, records: CustomerInput<BtydSummaryCustomer>, options: CalibrationHoldoutOptions = {}): CalibrationHoldoutResult {
  const fn = "calibrationHoldout";
  const maxFrequency = parseOptions(fn, calibrationHoldoutOptionsSchema, options).maxFrequency ?? 7;
  const kernel = purchaseKernel(fn, fit);
  const list = records !== null && typeof records === "object" && !Array.isArray(records) && Symbol.iterator in records ? Array.from(records) : records;
  const first = Array.isArray(list) ? list.find((r) => typeof r === "object" && r !== null) : undefined;
  if (first) {
    // say where the holdout fields come from: the one missing-field rule, with a hint
    const missing = missingFields(first, [["frequencyHoldout", "frequencyHoldout"], ["durationHoldout", "durationHoldout"]] as const);
    if (missing.length > 0) {
      throw new AnalyticsInputError(fn, missing.map((i) => inputIssue(i.code, i.path, `${i.message}; make the records with toBtydSummary(transactions, { calibrationEnd, ... })`)));
    }
  }
  const holdout = {
    frequencyHoldout: { field: "frequencyHoldout", name: "frequencyHoldout", rule: "count" },
    durationHoldout: { field: "durationHoldout", name: "durationHoldout", rule: "nonNegative" },
  } as const;
  const { x, tx, T, extra } = readBtydCustomers(fn, list, false, holdout);
  const { frequencyHoldout: actual, durationHoldout: duration } = extra;
  // customers share one holdout duration when the summary has one calibration end: predict per duration
  const byDuration = new Map<number, number[]>();
  for (let i = 0; i < x.length; i++) {
    const idx = byDuration.get(duration[i]);
    if (idx) idx.push(i);
    else byDuration.set(duration[i], [i]);
  }
  const sums = new Map<number, { n: number; actual: number; predicted: number }>();
  for (const [t, idx] of byDuration) {
    const pick = (c: Float64Array) => Float64Array.from(idx, (i) => c[i]);
    const g = groupTriples(pick(x), pick(tx), pick(T));
    const { purchases } = predictTriples(fn, g, t, kernel.pAlive, kernel.expected);
    idx.forEach((i, k) => {
      const bucket = Math.min(x[i], maxFrequency);
      const acc = sums.get(bucket) ?? { n: 0, actual: 0, predicted: 0 };
      acc.n++;
      acc.actual += actual[i];
      acc.predicted += purchases[g.group[k]];
      sums.set(bucket, acc);
    });
  }
  const frequencies = [...sums.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([frequency, acc]) => ({ frequency, frequencyAtLeast: frequency === maxFrequency, customers: acc.n, actual: acc.actual / acc.n, predicted: acc.predicted / acc.n }));
  return { frequencies, meta: { ...kernel.fit, maxFrequency, customers: x.length } };
}
