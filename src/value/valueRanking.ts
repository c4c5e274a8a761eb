import { bitCount } from "../internal/bits.js";
import { sumError } from "../internal/neumaier.js";
import { checkFinite } from "../internal/overflow.js";
import { HI, LO, sortedDescending } from "../internal/quantile.js";

/**
 * Customers ranked by value, high first, in tie groups: the shared basis of ABC classes and pyramid
 * tiers. Ranks and tie groups follow the values as given (a value of −1,165.30 ranks below 0; 0 and
 * −0 are one group); negative values count as 0 in every share. Ranks and shares depend only on the
 * values (never on input order) and the last group's cumulative value is exactly the total.
 */
export interface TieGroups {
  /** Tie group of each customer (input order): customers with equal values share one. */
  group: Int32Array;
  /** Per group, high first: its value as given (not clamped). */
  groupRaw: Float64Array;
  /** Per group: its value clamped at 0. */
  groupValue: Float64Array;
  /** Per group: its number of customers. */
  groupCount: Int32Array;
  /** Per group: the 0-based position of its first member in the decreasing order. */
  groupStart: Int32Array;
  /** Per group: the (clamped) value held above it and up to its end. */
  groupBefore: Float64Array;
  groupUpTo: Float64Array;
  /** Compensated sum of the clamped values. */
  total: number;
}

/** {@link TieGroups} with the clamped values in input order and in decreasing order (the Lorenz curve reads them). */
export interface ValueRanking extends TieGroups {
  /** Values clamped at 0, input order. */
  clean: Float64Array;
  /** Clamped values in decreasing order (the order of the values as given). */
  sorted: Float64Array;
}

/**
 * Ranks `values` (finite) for function `fn`; a total of the positive values beyond ±1.8e308 throws
 * `AnalyticsInputError` code `overflow`.
 */
export function rankValues(fn: string, values: Float64Array): ValueRanking {
  const r = tieGroups(fn, values);
  const n = values.length;
  const clean = new Float64Array(n);
  for (let i = 0; i < n; i++) clean[i] = values[i] > 0 ? values[i] : 0;
  return { ...r, clean, sorted: sortedOfGroups(r) };
}

/** The clamped values in decreasing order, from the tie groups. */
export function sortedOfGroups(r: Pick<TieGroups, "groupValue" | "groupStart" | "groupCount">): Float64Array {
  const groups = r.groupValue.length;
  const sorted = new Float64Array(groups === 0 ? 0 : r.groupStart[groups - 1] + r.groupCount[groups - 1]);
  for (let g = 0; g < groups; g++) sorted.fill(r.groupValue[g], r.groupStart[g], r.groupStart[g] + r.groupCount[g]);
  return sorted;
}

/** The clamped value at 0-based position `p` of the decreasing order (binary search over the groups). */
export function sortedValueAt(r: Pick<TieGroups, "groupValue" | "groupStart">, p: number): number {
  let lo = 0;
  let hi = r.groupStart.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (r.groupStart[mid] <= p) lo = mid;
    else hi = mid - 1;
  }
  return r.groupValue[lo];
}

/**
 * The tie groups of `values` (finite) for function `fn`, without the per-customer arrays of
 * {@link rankValues}; a total of the positive values beyond ±1.8e308 throws `AnalyticsInputError`
 * code `overflow`.
 *
 * The distinct values are found first, through a hash table of their bits, and only they are sorted:
 * customer values repeat (amounts in cents, counts), and 1M lognormal cents hold about 50k distinct
 * values. When more than a quarter of the values are distinct, the hashing stops and all values are
 * sorted instead, each customer then finding its group through a table of the groups' bits. Either
 * way the groups, their order and their sums are the same numbers.
 */
export function tieGroups(fn: string, values: Float64Array): TieGroups {
  const n = values.length;
  const group = new Int32Array(n);
  // many distinct values (estimated first, for what an abandoned hashing would cost): sort them all
  const estimate = n >= 1 << 16 ? estimatedDistinct(values) : 0;
  const distinct = estimate > n >> 2 ? null : distinctValues(values, group, n >> 2, estimate);
  const r = distinct === null ? groupsOfSorted(values, group) : groupsOfDistinct(distinct, group);
  return { group, ...r, total: checkFinite(fn, r.total, "the total value (the sum of the positive values)", { path: ["records"] }) };
}

/** Distinct values found by hashing: their bits' table and how many there are. */
interface Distinct {
  /** Open addressing, 4 words per slot: low word, high word, index + 1 (0 = empty), count. */
  table: Int32Array;
  mask: number;
  size: number;
}

function slotOf(lo: number, hi: number, mask: number): number {
  let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 15;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 13)) & mask;
}

/**
 * The number of distinct values (by their bits) estimated by linear counting (Whang, Vander-Zanden &
 * Taylor 1990): each value's hash sets one bit of a bitmap of about 2n bits; with z of the m bits left
 * at 0 there are about m·ln(m/z) distinct values (within a few per cent while they are fewer than n).
 */
function estimatedDistinct(values: Float64Array): number {
  const n = values.length;
  let m = 1024;
  while (m < 2 * n) m *= 2;
  const mask = m - 1;
  const bits = new Int32Array(m >>> 5);
  const words = new Int32Array(values.buffer, values.byteOffset, 2 * n);
  for (let i = 0; i < n; i++) {
    const s = slotOf(words[2 * i + LO], words[2 * i + HI], mask);
    bits[s >>> 5] |= 1 << (s & 31);
  }
  let set = 0;
  for (let k = 0; k < bits.length; k++) set += bitCount(bits[k]);
  const zeros = m - set;
  return zeros === 0 ? Infinity : m * Math.log(m / zeros);
}

/**
 * The distinct values (by their bits: 0 and −0 are two here) in order of first appearance, with their
 * counts; `member[i]` is set to the index of value i. `null` (and `member` partly written) once more
 * than `limit` values are distinct. `expected` (an estimate, or 0) sizes the table.
 */
function distinctValues(values: Float64Array, member: Int32Array, limit: number, expected: number): Distinct | null {
  const n = values.length;
  const words = new Uint32Array(values.buffer, values.byteOffset, 2 * n);
  // sized for the expected number (with room for the estimate's error), so the table rarely grows
  let cap = 1024;
  while (cap < 2.5 * expected) cap *= 2;
  let mask = cap - 1;
  let table = new Int32Array(4 * cap);
  let size = 0;
  for (let i = 0; i < n; i++) {
    const lo = words[2 * i + LO] | 0;
    const hi = words[2 * i + HI] | 0;
    let s = slotOf(lo, hi, mask);
    for (;;) {
      const at = 4 * s;
      const e = table[at + 2];
      if (e === 0) {
        if (size === limit) return null;
        table[at] = lo;
        table[at + 1] = hi;
        table[at + 2] = ++size;
        table[at + 3] = 1;
        member[i] = size - 1;
        if (2 * size > cap) {
          // at most half full: twice the slots, every entry placed again
          const old = table;
          cap *= 2;
          mask = cap - 1;
          table = new Int32Array(4 * cap);
          for (let k = 0; k < old.length; k += 4) {
            if (old[k + 2] === 0) continue;
            let t = slotOf(old[k], old[k + 1], mask);
            while (table[4 * t + 2] !== 0) t = (t + 1) & mask;
            table[4 * t] = old[k];
            table[4 * t + 1] = old[k + 1];
            table[4 * t + 2] = old[k + 2];
            table[4 * t + 3] = old[k + 3];
          }
        }
        break;
      }
      if (table[at] === lo && table[at + 1] === hi) {
        table[at + 3]++;
        member[i] = e - 1;
        break;
      }
      s = (s + 1) & mask;
    }
  }
  return { table, mask, size };
}

/** The group arrays without `group` and with the unchecked total. */
type GroupArrays = Omit<TieGroups, "group">;

/** Per-group arrays of `groups` groups, to be filled in decreasing order of value. */
function newGroups(groups: number): GroupArrays {
  return {
    groupRaw: new Float64Array(groups),
    groupValue: new Float64Array(groups),
    groupCount: new Int32Array(groups),
    groupStart: new Int32Array(groups),
    groupBefore: new Float64Array(groups),
    groupUpTo: new Float64Array(groups),
    total: 0,
  };
}

/**
 * Each group's clamped value, start, and the value above it and up to its end, from its raw value and
 * count: the members' clamped values summed one by one (as a pass over the sorted values would), the
 * groups' sums added with compensation.
 */
function fillSums(r: GroupArrays): void {
  const { groupRaw, groupValue, groupCount, groupStart, groupBefore, groupUpTo } = r;
  let running = 0;
  let comp = 0;
  let start = 0;
  for (let g = 0; g < groupRaw.length; g++) {
    const v = groupRaw[g] > 0 ? groupRaw[g] : 0;
    const count = groupCount[g];
    let sum = 0;
    if (v !== 0) for (let k = 0; k < count; k++) sum += v;
    groupValue[g] = v;
    groupStart[g] = start;
    start += count;
    groupBefore[g] = running + comp;
    const t = running + sum;
    comp += sumError(running, sum, t);
    running = t;
    groupUpTo[g] = running + comp;
  }
  r.total = running + comp;
}

/** Groups from the distinct values: only they are sorted; `member` (distinct indices) becomes each customer's group. */
function groupsOfDistinct(d: Distinct, member: Int32Array): GroupArrays {
  const { table, mask, size } = d;
  const distinct = new Float64Array(size);
  const dw = new Uint32Array(distinct.buffer);
  const counts = new Int32Array(size);
  for (let k = 0; k < table.length; k += 4) {
    const e = table[k + 2];
    if (e === 0) continue;
    dw[2 * (e - 1) + LO] = table[k];
    dw[2 * (e - 1) + HI] = table[k + 1];
    counts[e - 1] = table[k + 3];
  }
  const sorted = sortedDescending(distinct);
  const sw = new Uint32Array(sorted.buffer);
  let groups = size > 0 ? 1 : 0;
  for (let p = 1; p < size; p++) groups += +(sorted[p] !== sorted[p - 1]);
  const r = newGroups(groups);
  // each distinct value's group: its position in the sorted order found again through the table
  const groupOfDistinct = new Int32Array(size);
  let g = -1;
  for (let p = 0; p < size; p++) {
    if (p === 0 || sorted[p] !== sorted[p - 1]) {
      g++;
      r.groupRaw[g] = sorted[p]; // of 0 and −0, the first in the order (0), as a sort of all values gives
    }
    const lo = sw[2 * p + LO] | 0;
    const hi = sw[2 * p + HI] | 0;
    let s = slotOf(lo, hi, mask);
    while (!(table[4 * s] === lo && table[4 * s + 1] === hi && table[4 * s + 2] !== 0)) s = (s + 1) & mask;
    const e = table[4 * s + 2] - 1;
    groupOfDistinct[e] = g;
    r.groupCount[g] += counts[e];
  }
  fillSums(r);
  for (let i = 0; i < member.length; i++) member[i] = groupOfDistinct[member[i]];
  return r;
}

/** Groups from all values sorted (many distinct values); `group` is filled. */
function groupsOfSorted(values: Float64Array, group: Int32Array): GroupArrays {
  const n = values.length;
  const raw = sortedDescending(values);
  // the groups counted first, so their arrays are allocated at their size
  let groups = n > 0 ? 1 : 0;
  for (let p = 1; p < n; p++) groups += +(raw[p] !== raw[p - 1]);
  const r = newGroups(groups);
  let g = 0;
  for (let p = 0; p < n; g++) {
    let q = p + 1;
    while (q < n && raw[q] === raw[p]) q++;
    r.groupRaw[g] = raw[p];
    r.groupCount[g] = q - p;
    p = q;
  }
  fillSums(r);
  groupOf(values, r.groupRaw, group);
  return r;
}

/**
 * The tie group of each value: the index of its value in `groupRaw` (decreasing, distinct). Looked up
 * in a hash table of the groups' bits (open addressing, at most half full), one probe or two per value
 * instead of a binary search's twenty at a million groups; a value whose bits no group has (−0 where
 * the group holds 0) is found by binary search.
 */
function groupOf(values: Float64Array, gv: Float64Array, group: Int32Array): void {
  const n = values.length;
  const groups = gv.length;
  const gw = new Uint32Array(gv.buffer, gv.byteOffset, 2 * groups);
  let cap = 16;
  while (cap < 2 * groups) cap *= 2;
  const mask = cap - 1;
  const table = new Int32Array(cap); // group + 1, 0 = empty
  for (let g = 0; g < groups; g++) {
    let slot = slotOf(gw[2 * g + LO], gw[2 * g + HI], mask);
    while (table[slot] !== 0) slot = (slot + 1) & mask;
    table[slot] = g + 1;
  }
  const vw = new Uint32Array(values.buffer, values.byteOffset, 2 * n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    let slot = slotOf(vw[2 * i + LO], vw[2 * i + HI], mask);
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
