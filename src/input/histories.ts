import { sumError } from "../internal/neumaier.js";
import { checkFinite } from "../internal/overflow.js";
import { readTransactions, type ReadResult } from "./normalizeTransactions.js";
import type { TransactionInput, TransactionReadOptions } from "./types.js";

/**
 * Purchase histories: each customer's distinct purchase days in order, with the amount bought on each
 * day, laid out flat (customer c owns entries `start[c] .. start[c + 1] − 1`).
 */
export interface PurchaseHistories {
  start: Int32Array;
  day: Int32Array;
  amount: Float64Array;
}

/**
 * Groups purchase rows (customer code, day, amount; the first `n` entries) into per-customer day
 * histories: each customer's distinct purchase days in order with the amount bought on each (the rows
 * of one day added in input order), from {@link DayOrderedRows}.
 */
export function purchaseHistories(customers: number, cust: ArrayLike<number>, days: ArrayLike<number>, amounts: ArrayLike<number>, n: number = cust.length): PurchaseHistories {
  const rows = new DayOrderedRows();
  rows.prepare(n, customers);
  for (let k = 0; k < n; k++) rows.add(cust[k], days[k], amounts[k]);
  return rows.histories(customers);
}

/** Sorts pairs `from .. to − 1` ((day, amount) side by side) by day, stably (equal days keep their order). */
function sortPairsByDay(pairs: Float64Array, from: number, to: number): void {
  let sorted = true;
  for (let k = from + 1; k < to && sorted; k++) if (pairs[2 * k] < pairs[2 * k - 2]) sorted = false;
  if (sorted) return;
  const len = to - from;
  if (len <= 32) {
    for (let k = from + 1; k < to; k++) {
      const d = pairs[2 * k];
      const a = pairs[2 * k + 1];
      let j = k - 1;
      while (j >= from && pairs[2 * j] > d) {
        pairs[2 * j + 2] = pairs[2 * j];
        pairs[2 * j + 3] = pairs[2 * j + 1];
        j--;
      }
      pairs[2 * j + 2] = d;
      pairs[2 * j + 3] = a;
    }
    return;
  }
  // (day − min day) · len + position: distinct keys in (day, position) order, exact below 2^53
  let min = pairs[2 * from];
  for (let k = from + 1; k < to; k++) if (pairs[2 * k] < min) min = pairs[2 * k];
  const keys = new Float64Array(len);
  for (let k = 0; k < len; k++) keys[k] = (pairs[2 * (from + k)] - min) * len + k;
  keys.sort();
  const p0 = pairs.slice(2 * from, 2 * to);
  for (let k = 0; k < len; k++) {
    const i = keys[k] % len;
    pairs[2 * (from + k)] = p0[2 * i];
    pairs[2 * (from + k) + 1] = p0[2 * i + 1];
  }
}

/**
 * Purchase rows (customer code, day, amount) gathered as they are read, then handed out one bucket of
 * customers at a time with each customer's rows in day order (a day's rows in input order: a stable
 * sort by (customer, day)). Rows go into blocks per bucket of consecutive customer codes (`code >> shift`,
 * about a thousand buckets), so adding a row writes to one of a thousand open blocks and no separate
 * pass scatters all rows by customer; each bucket is then ordered in cache: a counting sort by day and
 * a stable one by customer (or, over a wide range of days, a counting sort by customer and a stable
 * sort by day per customer), both linear.
 */
export class DayOrderedRows {
  /** log2 of the rows per block. */
  private sh = 4;
  /** Customers per bucket: `1 << shift`. */
  private shift = 10;
  /** Per bucket: where its next row goes (0 or a multiple of the block size: a new block first). */
  private pos = new Int32Array(16);
  private head = new Int32Array(16).fill(-1);
  private tail = new Int32Array(16).fill(-1);
  /** Per block: the bucket's next block, or −1. */
  private next = new Int32Array(16);
  private blocks = 0;
  private buckets = 0;
  /** Row p: customer `I[4p]`, day `I[4p + 1]`, amount `F[2p + 1]` (16 bytes, one buffer). */
  private buf = new ArrayBuffer(0);
  private I = new Int32Array(this.buf);
  private F = new Float64Array(this.buf);
  private minDay = 2147483647;
  private maxDay = -2147483648;
  /** Rows added. */
  size = 0;

  /** Size hints before the first row: about `rows` rows of about `customers` customers (sets the buckets and blocks). */
  prepare(rows: number, customers: number): void {
    if (this.size === 0 && this.blocks === 0) {
      let shift = 6;
      while (customers >> shift > 1024) shift++;
      this.shift = shift;
      let sh = 4;
      while (sh < 8 && rows >> (sh + 1) > 1024) sh++;
      this.sh = sh;
    }
    const blocks = this.blocks + Math.ceil(rows / (1 << this.sh)) + Math.min(1024, rows);
    this.reserve(blocks);
  }

  /** One purchase row. */
  add(customer: number, day: number, amount: number): void {
    const h = customer >> this.shift;
    if (h >= this.buckets) this.addBuckets(h);
    let p = this.pos[h];
    if ((p & ((1 << this.sh) - 1)) === 0) p = this.newBlock(h);
    const I = this.I;
    I[4 * p] = customer;
    I[4 * p + 1] = day;
    this.F[2 * p + 1] = amount;
    this.pos[h] = p + 1;
    if (day < this.minDay) this.minDay = day;
    if (day > this.maxDay) this.maxDay = day;
    this.size++;
  }

  /**
   * Visits customers `0 .. customers − 1` in order, a bucket at a time: `visit(base, count, ends, pairs)`
   * where customer `base + k` (k < count) owns rows `(k ? ends[k − 1] : 0) .. ends[k] − 1` of `pairs`,
   * row q being the day `pairs[2q]` and the amount `pairs[2q + 1]`, in day order (a day's rows in input
   * order). `ends` and `pairs` are scratch, overwritten by the next bucket.
   */
  forEachBucket(customers: number, visit: (base: number, count: number, ends: Int32Array, pairs: Float64Array) => void): void {
    const { pos, head, next, I, F, sh, shift } = this;
    const width = 1 << shift;
    const mask = width - 1;
    const nBuckets = customers > 0 ? ((customers - 1) >> shift) + 1 : 0;
    let most = 0;
    for (let h = 0; h < this.buckets; h++) {
      let rows = 0;
      for (let b = head[h]; b >= 0; b = next[b]) rows += next[b] < 0 ? pos[h] - (b << sh) : 1 << sh;
      if (rows > most) most = rows;
    }
    const ends = new Int32Array(width + 1);
    const pairs = new Float64Array(2 * most);
    const minDay = this.minDay;
    const range = this.size === 0 ? 1 : this.maxDay - minDay + 1;
    // days counted per bucket while that costs less than the rows (a few years of days, thousands of rows per bucket)
    const byDay = range * nBuckets <= 4 * this.size + 65536;
    const dayEnds = byDay ? new Int32Array(range + 1) : null;
    const byDayRows = byDay ? new Float64Array(2 * most) : null;
    for (let h = 0; h < nBuckets; h++) {
      const base = h << shift;
      const count = Math.min(width, customers - base);
      ends.fill(0);
      if (h < this.buckets) {
        if (dayEnds !== null && byDayRows !== null) {
          dayEnds.fill(0);
          for (let b = head[h]; b >= 0; b = next[b]) {
            const e = next[b] < 0 ? pos[h] : (b + 1) << sh;
            for (let p = b << sh; p < e; p++) {
              dayEnds[I[4 * p + 1] - minDay + 1]++;
              ends[(I[4 * p] & mask) + 1]++;
            }
          }
          for (let k = 0; k < range; k++) dayEnds[k + 1] += dayEnds[k];
          for (let k = 0; k < width; k++) ends[k + 1] += ends[k];
          // by day, stably: (customer, amount) in day order
          for (let b = head[h]; b >= 0; b = next[b]) {
            const e = next[b] < 0 ? pos[h] : (b + 1) << sh;
            for (let p = b << sh; p < e; p++) {
              const at = 2 * dayEnds[I[4 * p + 1] - minDay]++;
              byDayRows[at] = I[4 * p] & mask;
              byDayRows[at + 1] = F[2 * p + 1];
            }
          }
          // then by customer, stably: each customer's rows in day order
          let q = 0;
          for (let k = 0; k < range; k++) {
            const d = minDay + k;
            for (const e = dayEnds[k]; q < e; q++) {
              const at = 2 * ends[byDayRows[2 * q]]++;
              pairs[at] = d;
              pairs[at + 1] = byDayRows[2 * q + 1];
            }
          }
        } else {
          for (let b = head[h]; b >= 0; b = next[b]) {
            const e = next[b] < 0 ? pos[h] : (b + 1) << sh;
            for (let p = b << sh; p < e; p++) ends[(I[4 * p] & mask) + 1]++;
          }
          for (let k = 0; k < width; k++) ends[k + 1] += ends[k];
          for (let b = head[h]; b >= 0; b = next[b]) {
            const e = next[b] < 0 ? pos[h] : (b + 1) << sh;
            for (let p = b << sh; p < e; p++) {
              const at = 2 * ends[I[4 * p] & mask]++;
              pairs[at] = I[4 * p + 1];
              pairs[at + 1] = F[2 * p + 1];
            }
          }
          let from = 0;
          for (let k = 0; k < count; k++) {
            if (ends[k] - from > 1) sortPairsByDay(pairs, from, ends[k]);
            from = ends[k];
          }
        }
      }
      visit(base, count, ends, pairs);
    }
  }

  /** The rows as {@link purchaseHistories} gives them (a day's rows added in input order), the same arrays to the bit. */
  histories(customers: number): PurchaseHistories {
    const start = new Int32Array(customers + 1);
    const day = new Int32Array(this.size);
    const amount = new Float64Array(this.size);
    let out = 0;
    this.forEachBucket(customers, (base, count, ends, pairs) => {
      let from = 0;
      for (let k = 0; k < count; k++) {
        const to = ends[k];
        const first = out;
        start[base + k] = first;
        for (let q = from; q < to; q++) {
          const d = pairs[2 * q];
          if (out > first && day[out - 1] === d) amount[out - 1] += pairs[2 * q + 1];
          else {
            day[out] = d;
            amount[out] = pairs[2 * q + 1];
            out++;
          }
        }
        from = to;
      }
    });
    start[customers] = out;
    return { start, day: day.subarray(0, out), amount: amount.subarray(0, out) };
  }

  private addBuckets(h: number): void {
    if (h >= this.pos.length) {
      let cap = this.pos.length;
      while (cap <= h) cap *= 2;
      const pos = new Int32Array(cap);
      pos.set(this.pos);
      const head = new Int32Array(cap).fill(-1);
      head.set(this.head);
      const tail = new Int32Array(cap).fill(-1);
      tail.set(this.tail);
      this.pos = pos;
      this.head = head;
      this.tail = tail;
    }
    this.buckets = h + 1;
  }

  private newBlock(h: number): number {
    const b = this.blocks;
    if (b >= this.next.length || (b + 1) * (16 << this.sh) > this.buf.byteLength) this.reserve(2 * b + 16);
    this.blocks = b + 1;
    const t = this.tail[h];
    if (t < 0) this.head[h] = b;
    else this.next[t] = b;
    this.tail[h] = b;
    this.next[b] = -1;
    return b << this.sh;
  }

  /** Room for `blocks` blocks. */
  private reserve(blocks: number): void {
    if (blocks > this.next.length) {
      const next = new Int32Array(blocks);
      next.set(this.next);
      this.next = next;
    }
    const bytes = blocks * (16 << this.sh); // past 2^31 bytes: no 32-bit shift
    if (bytes > this.buf.byteLength) {
      const buf = new ArrayBuffer(bytes);
      new Uint8Array(buf).set(new Uint8Array(this.buf, 0, this.blocks * (16 << this.sh)));
      this.buf = buf;
      this.I = new Int32Array(buf);
      this.F = new Float64Array(buf);
    }
  }
}

/**
 * Reads transactions once and returns each customer's purchase history (refund rows are not
 * purchases) plus their net amount (refunds included), for the per-customer churn and model functions.
 */
export function readPurchaseHistories<Row>(
  fn: string,
  input: TransactionInput<Row>,
  opts: TransactionReadOptions<Row>,
): { read: ReadResult; histories: PurchaseHistories; net: Float64Array } {
  const rows = new DayOrderedRows();
  // customer codes arrive dense, in order of first appearance; Neumaier-compensated sums, as the
  // summaries' totals, so a customer's net amount is the same here and there
  const netById: number[] = [];
  const carry: number[] = [];
  const read = readTransactions(input, opts, fn, (rowCount, _withOrders, _orders, customers) => {
    rows.prepare(rowCount, customers);
    return (c, d, _o, a) => {
      const sum = netById[c] ?? 0;
      const t = sum + a[0];
      carry[c] = (carry[c] ?? 0) + sumError(sum, a[0], t);
      netById[c] = t;
      if (a[0] < 0) return; // refunds are not purchases
      rows.add(c, d, a[0]);
    };
  });
  const net = Float64Array.from({ length: read.customerIds.length }, (_, c) => (netById[c] ?? 0) + (carry[c] ?? 0));
  const histories = rows.histories(read.customerIds.length);
  // A day's amount beyond the doubles is an error here, once, rather than an Infinity each later step
  // would have to catch. `net` may be ±Infinity (never NaN): the callers that use it check it.
  for (let c = 0; c < net.length; c++) {
    for (let i = histories.start[c]; i < histories.start[c + 1]; i++) {
      checkFinite(fn, histories.amount[i], "the amount bought on one day", { path: ["input"], customerId: read.customerIds[c] });
    }
  }
  return { read, histories, net };
}
