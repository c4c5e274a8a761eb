import { describeValue } from "../errors.js";
import { predictPerTriple } from "./btydInput.js";
import { purchaseKernel, type PurchaseModel } from "./purchaseModel.js";
import type { BtydSummaryRecord } from "./toBtydSummary.js";

/** One row of the calibration/holdout check. */
export interface HoldoutRow {
  /** Calibration frequency (repeat purchases); the last row gathers `maxFrequency` and more (`frequencyAtLeast`). */
  frequency: number;
  frequencyAtLeast: boolean;
  customers: number;
  /** Mean purchases customers made in the holdout. */
  actual: number;
  /** Mean purchases the model expected for them over their holdout duration. */
  predicted: number;
}

/**
 * Calibration/holdout check: fit a purchase model on the calibration summary (`toBtydSummary` with a
 * `calibrationEnd`), then compare, by calibration frequency, the mean purchases customers actually made
 * in the holdout with the mean the model expected over the same duration — the plot users look at to
 * see whether a model fits their data, as tidy records.
 *
 * @param fit - `{ model: "bg-nbd" | "modified-bg-nbd" | "pareto-nbd", params }`.
 * @param summary - Records with `frequency`, `recency`, `T`, `frequencyHoldout`, `durationHoldout`.
 * @param options - `maxFrequency`: frequencies from it up are pooled (default 7).
 * @returns One row per calibration frequency 0..maxFrequency present in the data.
 *
 * @example
 * const rows = calibrationHoldout(
 *   { model: "bg-nbd", params: { r: 0.24, alpha: 4.4, a: 0.79, b: 2.4 } },
 *   [
 *     { customerId: "a", frequency: 0, recency: 0, T: 30, monetaryValue: 0, frequencyHoldout: 0, durationHoldout: 39 },
 *     { customerId: "b", frequency: 2, recency: 20, T: 30, monetaryValue: 10, frequencyHoldout: 1, durationHoldout: 39 },
 *   ],
 * );
 * rows.map((r) => [r.frequency, r.customers, r.actual]); //=> [[0, 1, 0], [2, 1, 1]]
 */
export function calibrationHoldout(fit: PurchaseModel, summary: readonly BtydSummaryRecord[], options: { maxFrequency?: number } = {}): HoldoutRow[] {
  const fn = "calibrationHoldout";
  const maxFrequency = options.maxFrequency ?? 7;
  if (!Number.isInteger(maxFrequency) || maxFrequency < 1) throw new RangeError(`${fn}: maxFrequency must be an integer >= 1, got ${describeValue(maxFrequency)}`);
  if (!Array.isArray(summary) || summary.some((s) => typeof s?.frequencyHoldout !== "number" || typeof s?.durationHoldout !== "number")) {
    throw new TypeError(`${fn}: summary must come from toBtydSummary with a calibrationEnd (frequencyHoldout and durationHoldout on every record)`);
  }
  const kernel = purchaseKernel(fn, fit);
  const sums = new Map<number, { n: number; actual: number; predicted: number }>();
  // customers share one holdout duration when the summary has one calibration end; predict per duration
  const byDuration = new Map<number, number[]>();
  summary.forEach((s, i) => {
    const list = byDuration.get(s.durationHoldout as number) ?? [];
    list.push(i);
    byDuration.set(s.durationHoldout as number, list);
  });
  for (const [t, idx] of byDuration) {
    const group = idx.map((i) => summary[i]);
    const pred = predictPerTriple(fn, group, t, kernel.pAlive, kernel.expected);
    group.forEach((s, k) => {
      const bucket = Math.min(s.frequency, maxFrequency);
      const acc = sums.get(bucket) ?? { n: 0, actual: 0, predicted: 0 };
      acc.n++;
      acc.actual += s.frequencyHoldout as number;
      acc.predicted += pred[k].expectedPurchases;
      sums.set(bucket, acc);
    });
  }
  return [...sums.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([frequency, acc]) => ({ frequency, frequencyAtLeast: frequency === maxFrequency, customers: acc.n, actual: acc.actual / acc.n, predicted: acc.predicted / acc.n }));
}
