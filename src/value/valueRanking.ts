import { sumError } from "../internal/neumaier.js";

/**
 * Customers ranked by value, high first, in tie groups: the shared basis of ABC classes, pyramid tiers
 * and the Lorenz curve. Negative values count as 0 in every share. Ranks and shares depend only on the
 * values (never on input order) and the last group's cumulative value is exactly the total.
 */
export interface ValueRanking {
  /** Values clamped at 0, input order. */
  clean: Float64Array;
  /** Clamped values in decreasing order. */
  sorted: Float64Array;
  /** Tie group of each customer (input order). */
  group: Int32Array;
  /** Per group: its value, the 0-based position of its first member, the value held above it and up to its end. */
  groupValue: number[];
  groupStart: number[];
  groupBefore: number[];
  groupUpTo: number[];
  /** Compensated sum of the clamped values. */
  total: number;
}

export function rankValues(values: Float64Array): ValueRanking {
  const n = values.length;
  const clean = values.map((v) => (v > 0 ? v : 0));
  // One native numeric sort; every customer then finds its tie group by binary search.
  const sorted = Float64Array.from(clean).sort().reverse();
  const groupValue: number[] = [];
  const groupStart: number[] = [];
  const groupBefore: number[] = [];
  const groupUpTo: number[] = [];
  let running = 0;
  let comp = 0;
  for (let p = 0; p < n; ) {
    let q = p;
    let sum = 0;
    while (q < n && sorted[q] === sorted[p]) sum += sorted[q++];
    groupValue.push(sorted[p]);
    groupStart.push(p);
    groupBefore.push(running + comp);
    const t = running + sum;
    comp += sumError(running, sum, t);
    running = t;
    groupUpTo.push(running + comp);
    p = q;
  }
  const group = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = clean[i];
    let lo = 0;
    let hi = groupValue.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (groupValue[mid] > v) lo = mid + 1;
      else hi = mid;
    }
    group[i] = lo;
  }
  return { clean, sorted, group, groupValue, groupStart, groupBefore, groupUpTo, total: running + comp };
}
