import { z } from "zod";
import { ARROW_NULLS } from "../input/arrow.js";
import { readTransactions, transactionReadMeta, type ReadResult } from "../input/normalizeTransactions.js";
import { readTimeBasis, transactionReadOptionsSchema } from "../input/options.js";
import { isUnsafeIdNumber, readCustomerId } from "../input/readRecords.js";
import type { InputReport, TransactionInput, TransactionReadMeta, TransactionReadOptions } from "../input/types.js";
import { dayConverter, isoDateFromDays, parseDateString } from "../input/dates.js";
import { hashString } from "../internal/interner.js";
import { sumError } from "../internal/neumaier.js";
import { overflowError } from "../internal/overflow.js";
import { periodCalendar, windowCalendar, type PeriodCalendar, type PeriodUnit, type PeriodWindow } from "./periods.js";
import { bitCount } from "../internal/bits.js";

/** Options of the period functions (`periodIndicators`, `cohortRetention`). */
export interface PeriodOptions<Row = any> extends TransactionReadOptions<Row> {
  /** Calendar period (default `"month"`). */
  period?: PeriodUnit;
  /** First weekday of a week for `period: "week"`: 0 = Sunday … 6 = Saturday (default 1, Monday, as ISO 8601). */
  weekStartsOn?: number;
  /**
   * Explicit windows instead of calendar periods: ordered, non-overlapping `{ start, end, label? }`
   * (ISO dates, inclusive; the label defaults to `start..end`). Purchases outside every window count
   * only for who is new: a customer who first bought before a window is not new in it.
   */
  windows?: { start: string; end: string; label?: string }[];
}

/**
 * What a period function does with a partial period (cut by `asOf`, or by the first day of the rows for
 * the first calendar period): `"null-rates"` keeps it, marked `partial: true`, with its rates `null`;
 * `"mark"` keeps it, marked, with its rates computed over the days covered; `"drop"` leaves it out of
 * the records (`meta.partial` still lists it). See [docs/churn.md](../../docs/churn.md#partial-periods).
 */
export type PartialPeriods = "null-rates" | "mark" | "drop";

/** A partial period, as `meta.partial` lists it. */
export interface PartialPeriodInfo {
  /** Period label (`2011-12`) or window label. */
  period: string;
  /** First and last day the period covers (ISO dates). */
  start: string;
  end: string;
  /** Calendar days covered (start to end), fewer than `daysInPeriod`. */
  daysCovered: number;
  /** Calendar days of the whole period (of the window as given). */
  daysInPeriod: number;
}

/** The days period `q` covers: from its first day (or the first day of the rows) to its last (or asOf). */
export interface PeriodCoverage {
  from: number;
  to: number;
  daysCovered: number;
  daysInPeriod: number;
  /** daysCovered < daysInPeriod. */
  partial: boolean;
}

/** Schemas of {@link PeriodOptions}' keys, spread into each period function's options schema. */
export const periodOptionsShape = {
  ...transactionReadOptionsSchema.shape,
  period: z.enum(["week", "month", "quarter", "year"]).optional(),
  weekStartsOn: z.number().int().min(0).max(6).optional(),
  windows: z.array(z.strictObject({ start: z.string(), end: z.string(), label: z.string().optional() })).min(1).optional(),
};


/** What a period result's `meta` says about its periods. */
export interface PeriodMeta extends TransactionReadMeta {
  /** The calendar period, or `null` with explicit `windows`. */
  period: PeriodUnit | null;
  /** First weekday of the weeks (0 = Sunday … 6 = Saturday), `null` unless `period` is `"week"`. */
  weekStartsOn: number | null;
  /** The explicit windows as given (labels filled in), or `null`. */
  windows: { start: string; end: string; label: string }[] | null;
  /** Customers with refunds only (as in `summarizeTransactions`): in no period's revenue and no cohort. */
  customersWithoutPurchases: string[];
  /**
   * Refund rows dated in a period before their customer's first purchase (the sale they reverse predates
   * the data), and their sum: their amounts count in the period of that first purchase.
   */
  refundsBeforeFirstPurchase: { rows: number; amount: number };
  /** What was done with partial periods (the `partialPeriods` option, or the function's default). */
  partialPeriods: PartialPeriods;
  /** The partial periods in time order (also those left out by `"drop"`); empty when every period is whole. */
  partial: PartialPeriodInfo[];
}

/** Validates explicit windows into epoch days (cut at asOf). */
function readWindows(fn: string, windows: NonNullable<PeriodOptions["windows"]>, asOfDay: number): PeriodWindow[] {
  const utc = dayConverter(fn, undefined);
  const out: PeriodWindow[] = [];
  windows.forEach((w, i) => {
    const start = parseDateString(w.start, utc);
    const end = parseDateString(w.end, utc);
    const at = `${fn}: options.windows[${i}]`;
    if (!Number.isFinite(start) || !Number.isFinite(end) || w.start.length !== 10 || w.end.length !== 10) {
      throw new RangeError(`${at}: needs ISO dates (YYYY-MM-DD), got ${JSON.stringify(w.start)} .. ${JSON.stringify(w.end)}`);
    }
    if (end < start) throw new RangeError(`${at}: ends (${w.end}) before it starts (${w.start})`);
    if (start > asOfDay) throw new RangeError(`${at}: starts after asOf`);
    if (i > 0 && start <= out[i - 1].end) throw new RangeError(`${fn}: options.windows: must be in order and must not overlap (windows[${i}] starts on or before windows[${i - 1}] ends)`);
    out.push({ start, end: Math.min(end, asOfDay), label: w.label ?? `${w.start}..${w.end}`, daysInWindow: end - start + 1 });
  });
  return out;
}

/**
 * The most periods a period function builds (`periodIndicators` {@link MAX_PERIODS}, `cohortRetention`
 * {@link MAX_COHORT_PERIODS}), and the most customer × period cells of the activity matrix
 * ({@link MAX_ACTIVITY_CELLS}). Beyond them the function throws a `RangeError` before allocating: the
 * usual cause is a sentinel or mis-read date (`0001-01-01`, epoch seconds) let through a wide `dateRange`.
 */
export const MAX_PERIODS: number = 20_000;
/** Most periods of `cohortRetention` (its matrix has periods² / 2 cells): 2,000 (≈ 166 years of months). */
export const MAX_COHORT_PERIODS: number = 2_000;
/** Most customer × period cells of the activity matrix (two bits each). */
export const MAX_ACTIVITY_CELLS: number = 500_000_000;

/**
 * The first purchase day of a customer without purchases (with explicit windows, which keep each
 * customer's first purchase day): later than any day (±10⁸ days from 1970 at most), and far enough
 * from 2³¹ that the difference of two days never leaves the 32-bit integers (the branch-free minimum
 * in {@link markActivity}). Also the `lastDay` that keeps every row.
 */
export const NO_PURCHASE = 1_073_741_823;
const NONE = NO_PURCHASE;

/**
 * The kept rows as the activity passes read them: typed columns, the caller's own when they are clean
 * dictionary columns (read in place, nothing copied), else the rows the reader kept.
 */
export interface ActivityRows {
  /** Rows in the arrays; with `lastDay` or `dropRefunds` some of them are not kept. */
  n: number;
  /** Customer per row: its slot, or with `remap` a dictionary code whose slot is `remap[code]`. */
  customer: Int32Array;
  remap: Int32Array | null;
  day: Int32Array;
  amount: Float64Array;
  /** Order code per row (codes below `orderCount`), or `null` without order ids. */
  order: Int32Array | null;
  orderCount: number;
  /** Rows dated after this day are not kept (`afterAsOf: "ignore"`); {@link NO_PURCHASE} keeps every row. */
  lastDay: number;
  /** Refund rows are not kept (`refunds: "exclude"`). */
  dropRefunds: boolean;
}

/**
 * Customer × period activity, built in one pass over the rows into a matrix of two-bit cells, period
 * by period (layout at `cells`): 0 inactive, 1 active (a purchase row in the period) with no order
 * counted there, 2 one order counted, 3 two or more. An order id counts once per customer, in the
 * earliest period it has a purchase row (so row order never matters); without order ids each purchase
 * row counts.
 * Each customer's first purchase period is kept apart; with explicit windows, also the first purchase
 * day (a purchase outside every window counts for who is new and which refunds came first).
 */
export interface Activity {
  calendar: PeriodCalendar;
  /** First and last period index (last = the period holding asOf); `span` periods in all. */
  first: number;
  span: number;
  /** Customer slots: customers in order of first appearance, or dictionary entries (some with no rows). */
  slots: number;
  /** The customer id of a slot. */
  idOf: (slot: number) => string;
  /**
   * The cells: period q's 16-slot groups at words `(q + 1) * groups` on (the first `groups` words are
   * the empty period before the first), slot c at bits `2 * (c & 15)` of its group's word `c >> 4`.
   */
  cells: Int32Array;
  groups: number;
  /**
   * 0-based period of each slot's first purchase: −1 without purchases, or first bought outside every
   * window (one byte a slot up to 127 periods: it is read at random per row).
   */
  firstPeriod: Int8Array | Int16Array;
  /** With explicit windows, each slot's first purchase day ({@link NO_PURCHASE} without); else `null`. */
  firstDay: Int32Array | null;
  rows: ActivityRows;
  /** Kept refund rows (none: every row's revenue period is its own period). */
  refundRows: number;
  /** The earliest purchase day (the first period holds it), or asOf without purchases. */
  minDay: number;
  /** 0-based period of day `d`, `minDay` ≤ d ≤ asOf: −1 outside every window. */
  periodOf: (d: number) => number;
  /** `periodOf` as a table from `minDay` to asOf, or `null` for a span of days too long for one. */
  dayPeriod: Int32Array | null;
  asOfDay: number;
  /** The days each period covers (0-based), and whether it is partial. */
  coverage: PeriodCoverage[];
  /** Label of period `q` (0-based). */
  label(q: number): string;
  /** The period part of the result's meta. */
  meta: PeriodMeta;
}

/** 0-based period of slot `c`'s first purchase: −1 without purchases or outside every window. */
export function firstPeriodOf(act: Activity, c: number): number {
  return act.firstPeriod[c];
}

/** Whether slot `c` has a purchase row kept (a customer with refunds only has none). */
function hasPurchase(act: Activity, c: number): boolean {
  return act.firstDay !== null ? act.firstDay[c] !== NONE : act.firstPeriod[c] >= 0;
}

/**
 * Whether a refund of slot `c` (who has a purchase) dated `d` is dated before the first purchase in
 * another period than that purchase's (its revenue then counts in the first purchase's period). With
 * calendar periods that is "its period comes before the first purchase's": a refund in the same period
 * counts there either way, and one dated before every purchase (`d` < minDay) is in period −1.
 */
function isEarlyRefund(act: Activity, c: number, d: number): boolean {
  const own = d < act.minDay ? -1 : act.dayPeriod !== null ? act.dayPeriod[d - act.minDay] : act.periodOf(d);
  if (act.firstDay === null) return own < act.firstPeriod[c];
  return d < act.firstDay[c] && own !== act.firstPeriod[c];
}


/** The low bit of each two-bit cell of a word that is not 0: the slots active there. */
export function activeBits(x: number): number {
  return (x | (x >>> 1)) & 0x55555555;
}

/** The transactions read: rows, customer slots and what the reader reports. */
interface ActivityRead {
  rows: ActivityRows;
  /** Customer slots, and the id of each. */
  slots: number;
  idOf: (slot: number) => string;
  /** Customers (slots with a kept row), or −1 when not counted (the fast lane counts them only when needed). */
  customers: number;
  /** Earliest purchase day (asOf without purchases) and earliest day of any kept row. */
  minDay: number;
  firstRowDay: number;
  read: ReadResult;
}

/**
 * Reads the transactions. Clean dictionary columns ({@link readCleanColumns}) are read in place; any
 * other input, or columns with a single bad row, go through the one reader of the library, which
 * reports every issue.
 */
function readActivityRows<Row>(fn: string, input: TransactionInput<Row>, opts: PeriodOptions<Row>): ActivityRead {
  const clean = readCleanColumns(fn, input, opts);
  if (clean !== null) return clean;
  let n = 0;
  let cust = new Int32Array(0);
  let day = new Int32Array(0);
  let amount = new Float64Array(0);
  let order: Int32Array | null = null;
  let minDay = NONE;
  let firstRowDay = NONE;
  const read = readTransactions(input, opts, fn, (rowCount, orders) => {
    cust = new Int32Array(rowCount);
    day = new Int32Array(rowCount);
    amount = new Float64Array(rowCount);
    order = orders ? new Int32Array(rowCount) : null;
    return (c, d, o, a) => {
      cust[n] = c;
      day[n] = d;
      const v = a[0];
      amount[n] = v;
      if (order !== null) order[n] = o;
      if (d < firstRowDay) firstRowDay = d;
      if (v >= 0 && d < minDay) minDay = d;
      n++;
    };
  });
  return {
    rows: {
      n,
      customer: cust,
      remap: null,
      day,
      amount,
      order: order === null ? null : (order as Int32Array),
      orderCount: read.orderCount,
      lastDay: NONE,
      dropRefunds: false,
    },
    slots: read.customerIds.length,
    idOf: (slot) => read.customerIds[slot],
    customers: read.customerIds.length,
    minDay: Math.min(minDay, read.asOfDay),
    firstRowDay: Math.min(firstRowDay, read.asOfDay),
    read,
  };
}

/** An own data property of a plain object (never a getter, which is the reader's to call and report). */
function ownValue(o: object, key: string): unknown {
  const d = Object.getOwnPropertyDescriptor(o, key);
  if (d === undefined) return undefined;
  if (!("value" in d)) throw new TypeError("accessor");
  return d.value;
}

/** `{ codes: Int32Array, dictionary: array }` as plain data, else null. */
function plainDictionary(v: unknown): { codes: Int32Array; dictionary: unknown[] } | null {
  if (typeof v !== "object" || v === null || Object.getPrototypeOf(v) !== Object.prototype) return null;
  const codes = ownValue(v, "codes");
  const dictionary = ownValue(v, "dictionary");
  return codes instanceof Int32Array && Array.isArray(dictionary) ? { codes, dictionary } : null;
}

/**
 * The fast lane of the period functions: transactions as plain columns — customer (and order) ids as
 * `{ codes: Int32Array, dictionary }`, `date` an `Int32Array` of epoch days, `amount` a
 * `Float64Array` — in which no row has an issue, read in place with a few sequential checks instead
 * of the reader's per-row loop. `null` for anything else (other shapes, any bad row or entry, order ids
 * with `normalizeIds`): the caller then reads through `readTransactions`, which reports every issue.
 * For clean columns both give the same result: the same rows kept (rows after asOf under
 * `afterAsOf: "ignore"` and refunds under `refunds: "exclude"` left out, and counted), the same ids
 * (dictionary entries as `readTransactions` reads them, equal entries one customer) and the same
 * `meta.input`. test/churn/activity.test.ts checks which inputs take this lane and that the reader
 * gives the same for them; the reference properties of periodIndicators.test.ts and
 * cohortRetention.test.ts compare both lanes with a per-row reference on random logs.
 * Customers are identified by slot (one per distinct dictionary entry) rather than numbered in order
 * of first appearance; no result depends on the numbering.
 */
function readCleanColumns<Row>(fn: string, input: TransactionInput<Row>, opts: PeriodOptions<Row>): ActivityRead | null {
  try {
    return cleanColumns(fn, input, opts);
  } catch {
    // a throwing getter, Proxy trap or bad option: the reader reports it
    return null;
  }
}

function cleanColumns<Row>(fn: string, input: TransactionInput<Row>, opts: PeriodOptions<Row>): ActivityRead | null {
  if (typeof input !== "object" || input === null || Object.getPrototypeOf(input) !== Object.prototype) return null;
  if (Symbol.iterator in input || ARROW_NULLS in input) return null;
  const ids = plainDictionary(ownValue(input, "customerId"));
  const day = ownValue(input, "date");
  const amount = ownValue(input, "amount");
  const orderValue = ownValue(input, "orderId");
  const orders = orderValue === undefined ? null : plainDictionary(orderValue);
  if (ids === null || !(day instanceof Int32Array) || !(amount instanceof Float64Array) || (orderValue !== undefined && orders === null)) return null;
  const n = ids.codes.length;
  if (n === 0 || day.length !== n || amount.length !== n || (orders !== null && orders.codes.length !== n)) return null;
  const form = opts.normalizeIds;
  if (orders !== null && form !== undefined) return null;
  const entries = ids.dictionary.length;
  // more entries than rows: the reader interns only those used
  if (entries > 2 * n + 1024) return null;
  const { conv, bounds, asOfDay, asOfIso } = readTimeBasis(fn, opts.asOf, opts.timeZone, opts.dateRange);
  const refunds = opts.refunds ?? "net";
  const ignoreAfter = (opts.afterAsOf ?? "error") === "ignore";
  const dropRefunds = refunds === "exclude";
  // rows: codes in range, days in the bounds and (unless ignored) not after asOf, finite amounts, refunds as allowed
  const codes = ids.codes;
  const orderCodes = orders === null ? null : orders.codes;
  const orderCount = orders === null ? 0 : orders.dictionary.length;
  const from = bounds.from;
  const to = bounds.to;
  let minDay = NONE;
  let firstRowDay = NONE;
  let ignored = 0;
  let excluded = 0;
  const refundsError = refunds === "error";
  // the usual row, a purchase dated from the lower bound to asOf, in one unsigned comparison
  const width = Math.min(to, asOfDay) - from;
  for (let i = 0; i < n; i++) {
    const c = codes[i];
    const d = day[i];
    const a = amount[i];
    if (c >>> 0 >= entries || a - a !== 0) return null;
    if (orderCodes !== null && orderCodes[i] >>> 0 >= orderCount) return null;
    if (a >= 0 && (d - from) >>> 0 <= width) {
      if (d < minDay) minDay = d;
      continue;
    }
    if (d < from || d > to) return null;
    // as the reader: a refund under refunds: "error" is a bad row, after asOf or not; an ignored row
    // after asOf is not an excluded refund
    if (a < 0 && refundsError) return null;
    if (d > asOfDay) {
      if (!ignoreAfter) return null;
      ignored++;
      continue;
    }
    // a refund
    if (dropRefunds) {
      excluded++;
      continue;
    }
    if (d < firstRowDay) firstRowDay = d;
  }
  const kept = n - ignored - excluded;
  if (minDay < firstRowDay) firstRowDay = minDay;
  if (kept === 0) return null;
  // entries as the reader reads them (ids: non-empty text or safe numbers), equal ones one slot
  if (orders !== null) {
    const od = orders.dictionary;
    for (let o = 0; o < orderCount; o++) {
      const raw = od[o];
      if (readCustomerId(raw) === undefined || isUnsafeIdNumber(raw)) return null;
    }
  }
  // Each entry's slot is the first entry with the same id (as the reader merges them), found with no
  // copy of the ids unless some must be made text (numbers) or normalised. Most entries are unique: one
  // bit per hash value (8 an entry, so that the bits stay in a core's cache) shows which entries have
  // a hash that no earlier entry had — certainly new ids; only the entries whose hash bits repeat go
  // through a hash table, in entry order, and are compared by text. The remap of codes to slots is
  // made only when an id repeats.
  const dictionary = ids.dictionary;
  let texts: readonly unknown[] = dictionary;
  let bits = 1024;
  while (bits < 8 * entries && bits < 2 ** 31) bits *= 2;
  const shift = Math.clz32(bits) + 1; // the hash bits above it index the bits
  const hashSeen = new Int32Array(bits >>> 5);
  const hashTwice = new Int32Array(bits >>> 5);
  const hashes = new Int32Array(entries);
  let repeats = 0;
  for (let c = 0; c < entries; c++) {
    const raw = dictionary[c];
    const id = readCustomerId(raw);
    if (id === undefined || isUnsafeIdNumber(raw)) return null;
    if (texts === dictionary && (id !== raw || form !== undefined)) texts = dictionary.slice(0, c);
    if (texts !== dictionary) (texts as string[]).push(form === undefined ? id : id.normalize(form));
    const h = hashString(texts[c] as string);
    hashes[c] = h;
    const k = h >>> shift;
    const bit = 1 << (k & 31);
    const w = hashSeen[k >>> 5];
    if ((w & bit) === 0) hashSeen[k >>> 5] = w | bit;
    else {
      hashTwice[k >>> 5] |= bit;
      repeats++;
    }
  }
  let remap: Int32Array | null = null;
  if (repeats > 0) {
    // at most 2 × repeats entries share their hash bits with another: a table of [entry + 1] at most half full
    let cap = 16;
    while (cap < 4 * repeats) cap *= 2;
    const table = new Int32Array(cap);
    const mask = cap - 1;
    for (let c = 0; c < entries; c++) {
      const h = hashes[c];
      const k = h >>> shift;
      if ((hashTwice[k >>> 5] & (1 << (k & 31))) === 0) continue;
      const text = texts[c];
      for (let j = h & mask; ; j = (j + 1) & mask) {
        const e = table[j] - 1;
        if (e < 0) {
          table[j] = c + 1;
          break;
        }
        if (hashes[e] === h && texts[e] === text) {
          if (remap === null) {
            remap = new Int32Array(entries);
            for (let x = 0; x < entries; x++) remap[x] = x;
          }
          remap[c] = e;
          break;
        }
      }
    }
  }
  const report: InputReport = { rowsRead: n, rowsUsed: kept, invalidRows: 0, invalidByCode: {}, ignoredAfterAsOf: ignored, excludedRefunds: excluded };
  if ((opts.onInvalid ?? "throw") === "collect") report.issues = [];
  return {
    rows: {
      n,
      customer: codes,
      remap,
      day,
      amount,
      order: orderCodes,
      orderCount,
      lastDay: ignoreAfter ? asOfDay : NONE,
      dropRefunds,
    },
    slots: entries,
    idOf: (slot) => texts[slot] as string,
    customers: -1,
    minDay: Math.min(minDay, asOfDay),
    firstRowDay: Math.min(firstRowDay, asOfDay),
    read: {
      length: kept,
      customerIds: [], // not used: customers are slots here
      orderCount,
      withOrders: orders !== null,
      asOfDay,
      asOf: asOfIso,
      timeZone: conv.timeZone,
      refunds,
      input: report,
    },
  };
}

/** Slots with a kept row (the customers), counted when the fast lane did not. */
function countCustomers(r: ActivityRead): number {
  if (r.customers >= 0) return r.customers;
  const { rows } = r;
  const seen = new Uint8Array(r.slots);
  let count = 0;
  for (let i = 0; i < rows.n; i++) {
    if (rows.day[i] > rows.lastDay || (rows.dropRefunds && rows.amount[i] < 0)) continue;
    const c = rows.remap === null ? rows.customer[i] : rows.remap[rows.customer[i]];
    if (seen[c] === 0) {
      seen[c] = 1;
      count++;
    }
  }
  return count;
}

/** Reads transactions and builds the customer × period activity shared by indicators and cohorts. */
export function buildActivity<Row>(fn: string, input: TransactionInput<Row>, opts: PeriodOptions<Row>, partialPeriods: PartialPeriods, maxPeriods: number = MAX_PERIODS): Activity {
  if (opts.windows && (opts.period !== undefined || opts.weekStartsOn !== undefined)) {
    throw new TypeError(`${fn}: options: give either windows or period/weekStartsOn, not both`);
  }
  let calendar = periodCalendar(opts.period ?? "month", opts.weekStartsOn ?? 1);
  const source = readActivityRows(fn, input, opts);
  const { rows, read } = source;
  // Periods run from the first purchase: earlier rows are refunds, and they count in their customer's
  // first purchase period (or in none), never before it.
  const minDay = source.minDay;
  const asOfDay = read.asOfDay;
  let first: number;
  let span: number;
  let windowsMeta: PeriodMeta["windows"] = null;
  let windows: PeriodWindow[] = [];
  if (opts.windows) {
    windows = readWindows(fn, opts.windows, asOfDay);
    windowsMeta = opts.windows.map((w, i) => ({ start: w.start, end: w.end, label: windows[i].label }));
    calendar = windowCalendar(windows);
    first = 0;
    span = windows.length;
  } else {
    first = calendar.index(minDay);
    span = calendar.index(asOfDay) - first + 1;
  }
  // Bounded before anything of the period count's size is allocated.
  if (span > maxPeriods) {
    throw new RangeError(
      `${fn}: ${span} ${calendar.unit === "week" ? "weekly" : calendar.unit === "month" ? "monthly" : calendar.unit === "quarter" ? "quarterly" : "yearly"} periods from ${isoDateFromDays(minDay)} to ${read.asOf} exceed the limit of ${maxPeriods}: check the earliest date (a sentinel such as 0001-01-01, or epoch seconds read as milliseconds) or use a longer period`,
    );
  }
  const slots = source.slots;
  if (span * slots > MAX_ACTIVITY_CELLS) {
    const nC = countCustomers(source);
    if (span * nC > MAX_ACTIVITY_CELLS) {
      throw new RangeError(`${fn}: ${nC} customers × ${span} periods exceed the limit of ${MAX_ACTIVITY_CELLS} customer-period cells: use a longer period or fewer customers`);
    }
  }
  // Day → 0-based period. Calendar indices are negative before 1970 (floor division), so only a
  // window calendar's OUTSIDE_WINDOWS means "outside"; a calendar period is never before `first`.
  const cal = calendar;
  const periodOf = opts.windows ? (d: number): number => cal.index(d) : (d: number): number => cal.index(d) - first;
  const daySpan = asOfDay - minDay + 1;
  let dayPeriod: Int32Array | null = null;
  if (daySpan <= Math.max(65_536, 4 * rows.n)) {
    // one calendar computation per period, not per row (nor per day)
    dayPeriod = new Int32Array(daySpan);
    if (opts.windows) {
      dayPeriod.fill(-1);
      windows.forEach((w, k) => {
        if (w.end >= minDay && w.start <= asOfDay) (dayPeriod as Int32Array).fill(k, Math.max(w.start, minDay) - minDay, Math.min(w.end, asOfDay) - minDay + 1);
      });
    } else {
      for (let q = 0; q < span; q++) dayPeriod.fill(q, Math.max(cal.start(first + q), minDay) - minDay, Math.min(cal.end(first + q), asOfDay) - minDay + 1);
    }
  }
  const groups = (slots + 15) >>> 4;
  const cells = new Int32Array((span + 1) * groups);
  // with windows, purchases outside every window count for the first purchase: its day is kept
  const firstDay = opts.windows ? new Int32Array(slots).fill(NONE) : null;
  const refundRows = markActivity(rows, cells, groups, firstDay, minDay, dayPeriod, periodOf);
  const firstPeriod = (span <= 127 ? new Int8Array(slots) : new Int16Array(slots)).fill(-1); // span ≤ 20,000
  if (firstDay === null) {
    // a customer's first purchase is in their first active period
    const seen = new Int32Array(groups);
    for (let q = 0; q < span; q++) {
      const at = (q + 1) * groups;
      for (let g = 0; g < groups; g++) {
        const m = activeBits(cells[at + g]);
        let fresh = m & ~seen[g];
        if (fresh === 0) continue;
        seen[g] |= m;
        while (fresh !== 0) {
          const low = fresh & -fresh;
          fresh ^= low;
          firstPeriod[(g << 4) + ((31 - Math.clz32(low)) >>> 1)] = q;
        }
      }
    }
  } else {
    for (let c = 0; c < slots; c++) {
      const f = firstDay[c];
      if (f !== NONE) firstPeriod[c] = dayPeriod !== null ? dayPeriod[f - minDay] : periodOf(f);
    }
  }
  const act: Activity = {
    calendar,
    first,
    span,
    slots,
    idOf: source.idOf,
    cells,
    groups,
    firstPeriod,
    firstDay,
    rows,
    refundRows,
    minDay,
    periodOf,
    dayPeriod,
    asOfDay,
    coverage: [],
    label: (q: number) => cal.label(first + q),
    meta: undefined as unknown as PeriodMeta,
  };
  // Refunds dated before their customer's first purchase (its revenue counts them in that purchase's
  // period), and customers with refunds only (no revenue period, as in summarizeTransactions, which
  // lists them in meta.customersWithoutPurchases), in order of first appearance.
  let earlyRows = 0;
  let earlyAmount = 0;
  let earlyError = 0;
  const withoutPurchases: string[] = [];
  if (refundRows > 0) {
    const listed = new Uint8Array(slots);
    const { customer, remap, day, amount, lastDay } = rows;
    for (let i = 0; i < rows.n; i++) {
      const a = amount[i];
      if (!(a < 0) || day[i] > lastDay || rows.dropRefunds) continue;
      const c = remap === null ? customer[i] : remap[customer[i]];
      if (!hasPurchase(act, c)) {
        if (listed[c] === 0) {
          listed[c] = 1;
          withoutPurchases.push(source.idOf(c));
        }
        continue;
      }
      if (isEarlyRefund(act, c, day[i])) {
        earlyRows++;
        const t = earlyAmount + a;
        earlyError += sumError(earlyAmount, a, t);
        earlyAmount = t;
      }
    }
  }
  earlyAmount += earlyError;
  if (!Number.isFinite(earlyAmount)) throw overflowError(fn, "the sum of the refunds dated before their customers' first purchases", earlyAmount);
  // The days each period covers: calendar periods from the first day of the rows used (a refund
  // before the first purchase included: the data covers that day) to asOf; windows as given, cut at asOf.
  const firstRowDay = source.firstRowDay;
  const partial: PartialPeriodInfo[] = [];
  for (let q = 0; q < span; q++) {
    let from: number;
    let to: number;
    let daysInPeriod: number;
    if (opts.windows) {
      from = windows[q].start;
      to = windows[q].end;
      daysInPeriod = windows[q].daysInWindow;
    } else {
      const s = calendar.start(first + q);
      const e = calendar.end(first + q);
      from = q === 0 ? Math.max(s, firstRowDay) : s;
      to = Math.min(e, asOfDay);
      daysInPeriod = e - s + 1;
    }
    const daysCovered = to - from + 1;
    const cut = daysCovered < daysInPeriod;
    act.coverage.push({ from, to, daysCovered, daysInPeriod, partial: cut });
    if (cut) partial.push({ period: calendar.label(first + q), start: isoDateFromDays(from), end: isoDateFromDays(to), daysCovered, daysInPeriod });
  }
  act.meta = {
    ...transactionReadMeta(read),
    period: opts.windows ? null : calendar.unit,
    weekStartsOn: !opts.windows && calendar.unit === "week" ? calendar.weekStartsOn : null,
    windows: windowsMeta,
    customersWithoutPurchases: withoutPurchases,
    refundsBeforeFirstPurchase: { rows: earlyRows, amount: earlyAmount + 0 },
    partialPeriods,
    partial,
  };
  return act;
}

/**
 * The one pass over the rows: each purchase row marks its customer active in its period and counts
 * its order there (saturating at 2) — when the order's rows come one after another (the usual shape
 * of a log of order lines), at the order's first row, with no state per order. Should an order's rows
 * not be consecutive, belong to two customers, or a later row fall in an earlier period, the counts
 * are redone the order-independent way ({@link recountOrders}). With `firstDay`, the minimum purchase
 * day per customer too. Returns the number of kept refund rows.
 */
function markActivity(rows: ActivityRows, cells: Int32Array, groups: number, firstDay: Int32Array | null, minDay: number, dayPeriod: Int32Array | null, periodOf: (d: number) => number): number {
  const { n, customer, remap, day, amount, order, lastDay, dropRefunds } = rows;
  // orders seen, one bit each: a row starting an order seen before means its rows are not consecutive
  const seen = order === null ? null : new Int32Array((rows.orderCount + 31) >>> 5);
  let runOrder = -1;
  let runCustomer = -1;
  let runPeriod = 0;
  let irregular = 0;
  let refundRows = 0;
  // No branch waits on the cell's word (a cache miss at a million customers): a mispredicted branch
  // there would stop the next rows' loads from overlapping it.
  for (let i = 0; i < n; i++) {
    const d = day[i];
    if (d > lastDay) continue;
    const a = amount[i];
    if (a < 0) {
      if (!dropRefunds) refundRows++;
      continue;
    }
    const c = remap === null ? customer[i] : remap[customer[i]];
    if (firstDay !== null) {
      const f = firstDay[c];
      const less = d - f;
      firstDay[c] = f + (less & (less >> 31)); // min(d, f)
    }
    const q = dayPeriod !== null ? dayPeriod[d - minDay] : periodOf(d);
    if (q < 0) continue; // outside every window
    let add = 1;
    if (seen !== null) {
      const o = (order as Int32Array)[i];
      if (o !== runOrder) {
        const bit = 1 << (o & 31);
        const w = seen[o >>> 5];
        irregular |= w & bit;
        seen[o >>> 5] = w | bit;
        runOrder = o;
        runCustomer = c;
        runPeriod = q;
      } else {
        add = 0;
        if (c !== runCustomer || q < runPeriod) irregular = 1;
      }
    }
    const k = (q + 1) * groups + (c >>> 4);
    const shift = (c & 15) << 1;
    const x = cells[k];
    const v = (x >>> shift) & 3;
    // an order counted: 0 or 1 → 2, 2 or 3 → 3; none: 0 → 1, else unchanged
    const next = add !== 0 ? 2 | (v >>> 1) : v | (((v | (v >>> 1)) & 1) ^ 1);
    cells[k] = x ^ ((v ^ next) << shift);
  }
  if (irregular !== 0) recountOrders(rows, cells, groups, minDay, dayPeriod, periodOf);
  return refundRows;
}

/** The order counts again, each order id once per customer, in the earliest period it has a purchase row of that customer. */
function recountOrders(rows: ActivityRows, cells: Int32Array, groups: number, minDay: number, dayPeriod: Int32Array | null, periodOf: (d: number) => number): void {
  const { n, customer, remap, day, amount, lastDay } = rows;
  const order = rows.order as Int32Array;
  for (let k = 0; k < cells.length; k++) cells[k] = activeBits(cells[k]); // active, no order counted
  // per order code: [first customer + 1 (0 = not seen), that customer's earliest period of it]; an
  // order id under several customers counts once for each: `${order}:${customer}` → earliest period
  const orderState = new Int32Array(2 * rows.orderCount);
  let shared: Map<string, number> | null = null;
  for (let pass = 0; pass < 2; pass++) {
    const counted = pass === 0 ? null : new Uint8Array(rows.orderCount);
    const sharedCounted = new Set<string>();
    for (let i = 0; i < n; i++) {
      const d = day[i];
      if (d > lastDay || amount[i] < 0) continue;
      const q = dayPeriod !== null ? dayPeriod[d - minDay] : periodOf(d);
      if (q < 0) continue;
      const c = remap === null ? customer[i] : remap[customer[i]];
      const o = order[i];
      const owner = orderState[2 * o];
      if (counted === null) {
        if (owner === 0) {
          orderState[2 * o] = c + 1;
          orderState[2 * o + 1] = q;
        } else if (owner === c + 1) {
          if (q < orderState[2 * o + 1]) orderState[2 * o + 1] = q;
        } else {
          shared ??= new Map();
          const key = `${o}:${c}`;
          const p = shared.get(key);
          if (p === undefined || q < p) shared.set(key, q);
        }
        continue;
      }
      if (owner === c + 1) {
        if (orderState[2 * o + 1] !== q || counted[o] === 1) continue;
        counted[o] = 1;
      } else {
        const key = `${o}:${c}`;
        if (shared?.get(key) !== q || sharedCounted.has(key)) continue;
        sharedCounted.add(key);
      }
      const k = (q + 1) * groups + (c >>> 4);
      const shift = (c & 15) << 1;
      const x = cells[k];
      const v = (x >>> shift) & 3;
      cells[k] = x ^ ((v ^ (2 | (v >>> 1))) << shift);
    }
  }
}

/**
 * Activity by period as one bit a slot: period q's slot c at bit `c & 31` of word
 * `(q + 1) * ⌈slots / 32⌉ + (c >> 5)`, after the words of the empty period before the first.
 */
function activeByPeriod(act: Activity): Int32Array {
  const { cells, groups, span } = act;
  const words = (act.slots + 31) >>> 5;
  const out = new Int32Array((span + 1) * words);
  for (let q = 0; q < span; q++) {
    const from = (q + 1) * groups;
    const to = (q + 1) * words;
    for (let w = 0; w < words; w++) {
      const g = from + 2 * w;
      // the active bits of 16 cells, gathered into 16 adjacent bits
      const low = packEven(activeBits(cells[g]));
      const high = 2 * w + 1 < groups ? packEven(activeBits(cells[g + 1])) : 0;
      out[to + w] = low | (high << 16);
    }
  }
  return out;
}

/** Bits 0, 2, 4, … 30 of `x` (the others 0) moved to bits 0 … 15. */
function packEven(x: number): number {
  x = (x | (x >>> 1)) & 0x33333333;
  x = (x | (x >>> 2)) & 0x0f0f0f0f;
  x = (x | (x >>> 4)) & 0x00ff00ff;
  return (x | (x >>> 8)) & 0x0000ffff;
}

/**
 * Period revenue, defined once for every period function (`periodIndicators`' `revenue` and
 * `revenueFromPrevious`, `cohortRetention`'s cell `revenue`): the compensated sum of the amounts of
 * the rows used (refunds netted under `refunds: "net"`), each in its revenue period: the row's own
 * period, except that a refund dated before its customer's first purchase counts in the period of that
 * purchase; customers with refunds only, and rows outside every window, count in none. Rows are added
 * in input order. So per period, and in total, both functions add the same rows.
 *
 * - `"periods"`: `[revenue, fromPrevious]`, one sum per period; `fromPrevious` adds the rows of the
 *   customers active in the period before.
 * - `"cohorts"`: `[revenue]`, one sum per cohort × period cell (`firstPeriod * span + period`).
 *
 * @throws {AnalyticsInputError} `overflow` when a sum (or a running sum) is not a finite number: the
 *   first in row order of `revenue`, else of `fromPrevious`.
 */
export function periodRevenue(fn: string, act: Activity, by: "periods" | "cohorts"): Float64Array[] {
  const P = act.span;
  const cohorts = by === "cohorts";
  const size = cohorts ? P * P : P;
  const sum = new Float64Array(size);
  const comp = new Float64Array(size);
  const prev = new Float64Array(cohorts ? 0 : P);
  const prevComp = new Float64Array(cohorts ? 0 : P);
  let overflowPeriod = -1;
  let overflowValue = 0;
  const { n, customer, remap, day, amount, lastDay, dropRefunds } = act.rows;
  const { minDay, dayPeriod, periodOf, firstPeriod, firstDay } = act;
  // read at random per row: the cohort (2 bytes a customer), or whether the customer was active in
  // the period before, one bit a customer (half the cells' size: more of it stays in a core's cache)
  const wordsPerPeriod = (act.slots + 31) >>> 5;
  const wasActive = cohorts ? null : activeByPeriod(act);
  for (let i = 0; i < n; i++) {
    const d = day[i];
    if (d > lastDay) continue;
    const v = amount[i];
    if (v < 0 && dropRefunds) continue;
    const c = remap === null ? customer[i] : remap[customer[i]];
    let q: number;
    if (v >= 0) q = dayPeriod !== null ? dayPeriod[d - minDay] : periodOf(d);
    else if (firstDay === null) {
      // a refund counts in its own period, or in the first purchase's if that comes later
      const f = firstPeriod[c];
      if (f < 0) continue; // refunds only
      const own = d < minDay ? -1 : dayPeriod !== null ? dayPeriod[d - minDay] : periodOf(d);
      q = own < f ? f : own;
    } else {
      const f = firstDay[c];
      if (f === NONE) continue; // refunds only
      q = d < f ? firstPeriod[c] : dayPeriod !== null ? dayPeriod[d - minDay] : periodOf(d);
    }
    if (q < 0) continue;
    let k = q;
    if (cohorts) {
      const f = firstPeriod[c];
      if (f < 0) continue; // first purchase outside every window
      k = f * P + q;
    }
    const s = sum[k];
    const t = s + v;
    if (t - t !== 0) throw overflowError(fn, `the sum of the amounts of period ${act.label(q)}`, t);
    comp[k] += Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s;
    sum[k] = t;
    if (wasActive === null) continue;
    // the rows of customers active in the period before, added without a branch on that (a cache miss
    // at a million customers): the others add 0, which changes neither the sum nor its compensation
    const u = v * ((wasActive[q * wordsPerPeriod + (c >>> 5)] >>> (c & 31)) & 1);
    const s2 = prev[q];
    const t2 = s2 + u;
    if (t2 - t2 !== 0 && overflowPeriod < 0) {
      overflowPeriod = q;
      overflowValue = t2;
    }
    prevComp[q] += Math.abs(s2) >= Math.abs(u) ? s2 - t2 + u : u - t2 + s2;
    prev[q] = t2;
  }
  if (overflowPeriod >= 0) throw overflowError(fn, `the sum of the amounts of period ${act.label(overflowPeriod)}`, overflowValue);
  for (let k = 0; k < size; k++) sum[k] += comp[k] + 0; // + 0: no −0
  for (let k = 0; k < prev.length; k++) prev[k] += prevComp[k] + 0;
  return cohorts ? [sum] : [sum, prev];
}
