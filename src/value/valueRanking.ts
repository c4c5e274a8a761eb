import { sumError } from "../internal/neumaier.js";
import { checkFinite } from "../internal/overflow.js";

/**
 * Customers ranked by value, high first, in tie groups: the shared basis of ABC classes, pyramid tiers
 * and the Lorenz curve. Ranks and tie groups follow the values as given (a value of −1,165.30 ranks
 * below 0); negative values count as 0 in every share. Ranks and shares depend only on the values
 * (never on input order) and the last group's cumulative value is exactly the total.
 */
export interface ValueRanking {
  /** Values clamped at 0, input order. */
  clean: Float64Array;
  /** Clamped values in decreasing order (the order of the values as given). */
  sorted: Float64Array;
  /** Tie group of each customer (input order): customers with equal values share one. */
  group: Int32Array;
  /**
   * Per group: its value clamped at 0, the 0-based position of its first member, the (clamped) value
   * held above it and up to its end.
   */
  groupValue: number[];
  /** Per group: its value as given (not clamped). */
  groupRaw: number[];
  groupStart: number[];
  groupBefore: number[];
  groupUpTo: number[];
  /** Compensated sum of the clamped values. */
  total: number;
}

/**
 * Ranks `values` (finite) for function `fn`; a total of the positive values beyond ±1.8e308 throws
 * `AnalyticsInputError` code `overflow`.
 */
export function rankValues(fn: string, values: Float64Array): ValueRanking {
  const n = values.length;
  const clean = values.map((v) => (v > 0 ? v : 0));
  // One native numeric sort of the values as given; every customer then finds its tie group by
  // binary search. Clamping keeps the order, so `sorted` is the clamped values in decreasing order.
  const raw = Float64Array.from(values).sort().reverse();
  const sorted = raw.map((v) => (v > 0 ? v : 0));
  const groupRaw: number[] = [];
  const groupValue: number[] = [];
  const groupStart: number[] = [];
  const groupBefore: number[] = [];
  const groupUpTo: number[] = [];
  let running = 0;
  let comp = 0;
  for (let p = 0; p < n; ) {
    let q = p;
    let sum = 0;
    while (q < n && raw[q] === raw[p]) sum += sorted[q++];
    groupRaw.push(raw[p]);
    groupValue.push(sorted[p]);
    groupStart.push(p);
    groupBefore.push(running + comp);
    const t = running + sum;
    comp += sumError(running, sum, t);
    running = t;
    groupUpTo.push(running + comp);
    p = q;
  }
  const total = checkFinite(fn, running + comp, "the total value (the sum of the positive values)", { path: ["records"] });
  const group = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    let lo = 0;
    let hi = groupRaw.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (groupRaw[mid] > v) lo = mid + 1;
      else hi = mid;
    }
    group[i] = lo;
  }
  return { clean, sorted, group, groupRaw, groupValue, groupStart, groupBefore, groupUpTo, total };
}
