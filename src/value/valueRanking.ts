import { sumError } from "../internal/neumaier.js";
import { checkFinite } from "../internal/overflow.js";
import { HI, LO, sortedDescending } from "../internal/quantile.js";

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
  groupValue: Float64Array;
  /** Per group: its value as given (not clamped). */
  groupRaw: Float64Array;
  groupStart: Int32Array;
  groupBefore: Float64Array;
  groupUpTo: Float64Array;
  /** Compensated sum of the clamped values. */
  total: number;
}

/**
 * Ranks `values` (finite) for function `fn`; a total of the positive values beyond ±1.8e308 throws
 * `AnalyticsInputError` code `overflow`.
 */
export function rankValues(fn: string, values: Float64Array): ValueRanking {
  const n = values.length;
  const clean = new Float64Array(n);
  for (let i = 0; i < n; i++) clean[i] = values[i] > 0 ? values[i] : 0;
  // One sort of the values as given (radix); every customer then finds its tie group by its value.
  // Clamping keeps the order, so `sorted` is the clamped values in decreasing order.
  const raw = sortedDescending(values);
  const sorted = new Float64Array(n);
  for (let i = 0; i < n; i++) sorted[i] = raw[i] > 0 ? raw[i] : 0;
  // the groups counted first, so their arrays are allocated at their size
  let groups = n > 0 ? 1 : 0;
  for (let p = 1; p < n; p++) groups += +(raw[p] !== raw[p - 1]);
  const rawOf = new Float64Array(groups);
  const valueOf = new Float64Array(groups);
  const startOf = new Int32Array(groups);
  const beforeOf = new Float64Array(groups);
  const upToOf = new Float64Array(groups);
  let running = 0;
  let comp = 0;
  let g = 0;
  for (let p = 0; p < n; g++) {
    let q = p;
    let sum = 0;
    while (q < n && raw[q] === raw[p]) sum += sorted[q++];
    rawOf[g] = raw[p];
    valueOf[g] = sorted[p];
    startOf[g] = p;
    beforeOf[g] = running + comp;
    const t = running + sum;
    comp += sumError(running, sum, t);
    running = t;
    upToOf[g] = running + comp;
    p = q;
  }
  const total = checkFinite(fn, running + comp, "the total value (the sum of the positive values)", { path: ["records"] });
  const group = groupOf(values, rawOf);
  return { clean, sorted, group, groupRaw: rawOf, groupValue: valueOf, groupStart: startOf, groupBefore: beforeOf, groupUpTo: upToOf, total };
}

/**
 * The tie group of each value: the index of its value in `groupRaw` (decreasing, distinct). Looked up
 * in a hash table of the groups' bits (open addressing, at most half full), one probe or two per value
 * instead of a binary search's twenty at a million groups; a value whose bits no group has (−0 where
 * the group holds 0) is found by binary search.
 */
function groupOf(values: Float64Array, gv: Float64Array): Int32Array {
  const n = values.length;
  const groups = gv.length;
  const gw = new Uint32Array(gv.buffer, gv.byteOffset, 2 * groups);
  let cap = 16;
  while (cap < 2 * groups) cap *= 2;
  const mask = cap - 1;
  const table = new Int32Array(cap); // group + 1, 0 = empty
  const slotOf = (lo: number, hi: number): number => {
    let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 15;
    h = Math.imul(h, 0xc2b2ae35);
    return (h ^ (h >>> 13)) & mask;
  };
  for (let g = 0; g < groups; g++) {
    let slot = slotOf(gw[2 * g + LO], gw[2 * g + HI]);
    while (table[slot] !== 0) slot = (slot + 1) & mask;
    table[slot] = g + 1;
  }
  const vw = new Uint32Array(values.buffer, values.byteOffset, 2 * n);
  const group = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    let slot = slotOf(vw[2 * i + LO], vw[2 * i + HI]);
    for (;;) {
      const e = table[slot];
      if (e === 0) {
        group[i] = searchGroup(gv, v);
        break;
      }
      if (gv[e - 1] === v) {
        group[i] = e - 1;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  return group;
}

/** The index of `v` in the decreasing `gv` by binary search. */
function searchGroup(gv: Float64Array, v: number): number {
  let lo = 0;
  let hi = gv.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (gv[mid] > v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
