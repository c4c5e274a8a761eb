// A plain per-row reference of periodIndicators and cohortRetention, written from the definitions in
// docs/churn.md and independent of src/churn (its own calendar on Date.UTC, Maps and Sets keyed by id,
// no bit blocks, no day table): the fast paths are checked against it on random logs. Revenue is the
// compensated (Neumaier) sum of the rows in input order, as the library defines it, so every number
// can be compared bit for bit.
import fc from "fast-check";

export interface RefRow {
  customerId: string;
  date: string;
  amount: number;
  orderId?: string;
}

export interface RefOptions {
  asOf: string;
  period?: "week" | "month" | "quarter" | "year";
  weekStartsOn?: number;
  windows?: { start: string; end: string; label?: string }[];
  refunds?: "net" | "exclude";
  afterAsOf?: "ignore";
  partialPeriods?: "null-rates" | "mark" | "drop";
  lostAfterDays?: number;
}

const DAY_MS = 86_400_000;
const dayOf = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
const isoOf = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
const two = (n: number): string => String(n).padStart(2, "0");

interface RefPeriod {
  label: string;
  start: number;
  end: number;
}

/** The calendar period holding `day`. */
function periodAt(day: number, unit: NonNullable<RefOptions["period"]>, weekStartsOn: number): RefPeriod {
  const d = new Date(day * DAY_MS);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  if (unit === "week") {
    const start = day - ((d.getUTCDay() - weekStartsOn + 7) % 7);
    return { label: isoOf(start), start, end: start + 6 };
  }
  if (unit === "month") return { label: `${y}-${two(m + 1)}`, start: Date.UTC(y, m, 1) / DAY_MS, end: Date.UTC(y, m + 1, 0) / DAY_MS };
  if (unit === "quarter") {
    const q = Math.floor(m / 3);
    return { label: `${y}-Q${q + 1}`, start: Date.UTC(y, 3 * q, 1) / DAY_MS, end: Date.UTC(y, 3 * q + 3, 0) / DAY_MS };
  }
  return { label: String(y), start: Date.UTC(y, 0, 1) / DAY_MS, end: Date.UTC(y, 11, 31) / DAY_MS };
}

/** Neumaier sums keyed by cell, in the order the terms arrive. */
class Sums {
  private readonly s = new Map<string | number, [number, number]>();
  add(key: string | number, v: number): void {
    const cell = this.s.get(key) ?? [0, 0];
    const t = cell[0] + v;
    cell[1] += Math.abs(cell[0]) >= Math.abs(v) ? cell[0] - t + v : v - t + cell[0];
    cell[0] = t;
    this.s.set(key, cell);
  }
  get(key: string | number): number {
    const cell = this.s.get(key);
    return cell === undefined ? 0 : cell[0] + (cell[1] + 0);
  }
}

/** The rows used: not after asOf (with `afterAsOf: "ignore"`), no refunds under `refunds: "exclude"`. */
export function usableRows(rows: readonly RefRow[], o: RefOptions): RefRow[] {
  return rows.filter((r) => !(o.afterAsOf === "ignore" && dayOf(r.date) > dayOf(o.asOf)) && !(o.refunds === "exclude" && r.amount < 0));
}

/** What both functions share: the periods, who bought when, revenue periods. */
function activity(rows: readonly RefRow[], o: RefOptions) {
  const asOf = dayOf(o.asOf);
  const kept = usableRows(rows, o);
  const purchases = kept.filter((r) => r.amount >= 0);
  const minDay = Math.min(asOf, ...purchases.map((r) => dayOf(r.date)));
  const firstRowDay = Math.min(asOf, ...kept.map((r) => dayOf(r.date)));
  let periods: (RefPeriod & { daysInPeriod: number; from: number; to: number })[];
  if (o.windows) {
    periods = o.windows.map((w) => {
      const start = dayOf(w.start);
      const end = dayOf(w.end);
      return { label: w.label ?? `${w.start}..${w.end}`, start, end: Math.min(end, asOf), daysInPeriod: end - start + 1, from: start, to: Math.min(end, asOf) };
    });
  } else {
    periods = [];
    for (let p = periodAt(minDay, o.period ?? "month", o.weekStartsOn ?? 1); p.start <= asOf; p = periodAt(p.end + 1, o.period ?? "month", o.weekStartsOn ?? 1)) {
      periods.push({ ...p, daysInPeriod: p.end - p.start + 1, from: periods.length === 0 ? Math.max(p.start, firstRowDay) : p.start, to: Math.min(p.end, asOf) });
    }
  }
  const indexOf = (day: number): number => periods.findIndex((p) => p.start <= day && day <= p.end);
  const firstDay = new Map<string, number>();
  for (const r of purchases) firstDay.set(r.customerId, Math.min(firstDay.get(r.customerId) ?? Infinity, dayOf(r.date)));
  const firstPeriod = new Map([...firstDay].map(([c, d]) => [c, indexOf(d)]));
  const activeIn = periods.map(() => new Set<string>());
  for (const r of purchases) {
    const q = indexOf(dayOf(r.date));
    if (q >= 0) activeIn[q].add(r.customerId);
  }
  // orders per customer and period: each order id once per customer, in its earliest period
  const orders = periods.map(() => new Map<string, number>());
  const earliest = new Map<string, number>();
  purchases.forEach((r, i) => {
    const q = indexOf(dayOf(r.date));
    if (q < 0) return;
    const key = r.orderId === undefined ? `row ${i}` : `${r.customerId}\u0000${r.orderId}`;
    earliest.set(key, Math.min(earliest.get(key) ?? Infinity, q));
  });
  for (const [key, q] of earliest) {
    const c = key.startsWith("row ") ? purchases[Number(key.slice(4))].customerId : key.split("\u0000")[0];
    orders[q].set(c, (orders[q].get(c) ?? 0) + 1);
  }
  // revenue period of each kept row: its own, a refund before the first purchase in that purchase's, none for refunds only
  const revenuePeriod = kept.map((r) => {
    const f = firstDay.get(r.customerId);
    if (f === undefined) return -1;
    const d = dayOf(r.date);
    return d < f ? (firstPeriod.get(r.customerId) as number) : indexOf(d);
  });
  let earlyRows = 0;
  const early = new Sums();
  kept.forEach((r, i) => {
    const f = firstDay.get(r.customerId);
    const d = dayOf(r.date);
    if (f !== undefined && d < f && (d < minDay ? -1 : indexOf(d)) !== firstPeriod.get(r.customerId)) {
      earlyRows++;
      early.add(0, r.amount);
    }
  });
  const customersWithoutPurchases = [...new Set(kept.map((r) => r.customerId))].filter((c) => !firstDay.has(c));
  const partial = periods.filter((p) => p.to - p.from + 1 < p.daysInPeriod).map((p) => ({ period: p.label, start: isoOf(p.from), end: isoOf(p.to), daysCovered: p.to - p.from + 1, daysInPeriod: p.daysInPeriod }));
  return { asOf, kept, purchases, periods, firstDay, firstPeriod, activeIn, orders, revenuePeriod, customersWithoutPurchases, early: { rows: earlyRows, amount: early.get(0) }, partial };
}

/** periodIndicators by the definitions, row by row. */
export function referencePeriodIndicators(rows: readonly RefRow[], o: RefOptions) {
  const a = activity(rows, o);
  const policy = o.partialPeriods ?? "null-rates";
  const P = a.periods.length;
  const revenue = new Sums();
  const fromPrevious = new Sums();
  a.kept.forEach((r, i) => {
    const q = a.revenuePeriod[i];
    if (q < 0) return;
    revenue.add(q, r.amount);
    if (q > 0 && a.activeIn[q - 1].has(r.customerId)) fromPrevious.add(q, r.amount);
  });
  const partialAt = (q: number) => a.periods[q].to - a.periods[q].from + 1 < a.periods[q].daysInPeriod;
  const noRates = (q: number) => policy !== "mark" && partialAt(q);
  const out = [];
  for (let q = 0; q < P; q++) {
    const p = a.periods[q];
    const active = a.activeIn[q];
    const fresh = [...active].filter((c) => a.firstPeriod.get(c) === q).length;
    const retainedPop = [...active].filter((c) => a.firstPeriod.get(c) !== q && q > 0 && a.activeIn[q - 1].has(c)).length;
    const repeat = [...a.orders[q].values()].filter((k) => k >= 2).length;
    let atStart: number;
    let atEnd: number;
    let kept: number;
    let lost: number;
    let newLapsed = 0;
    if (o.lostAfterDays === undefined) {
      atStart = q > 0 ? a.activeIn[q - 1].size : 0;
      atEnd = active.size;
      kept = retainedPop;
      lost = q > 0 ? a.activeIn[q - 1].size - retainedPop : 0;
    } else {
      const L = o.lostAfterDays;
      const days = new Map<string, number[]>();
      for (const r of a.purchases) days.set(r.customerId, [...(days.get(r.customerId) ?? []), dayOf(r.date)]);
      const activeOn = (c: string, t: number) => (days.get(c) ?? []).some((d) => d <= t && t - d <= L);
      atStart = atEnd = kept = lost = 0;
      for (const c of days.keys()) {
        const s0 = activeOn(c, p.start - 1);
        const s1 = activeOn(c, p.to);
        if (s0) atStart++;
        if (s1) atEnd++;
        if (s0 && s1) kept++;
        else if (s0) lost++;
        else if (a.firstPeriod.get(c) === q && !s1) newLapsed++;
      }
    }
    const withRates = !noRates(q);
    const rate = (x: number) => (withRates && atStart > 0 ? x / atStart : null);
    const share = (x: number) => (withRates && active.size > 0 ? x / active.size : null);
    out.push({
      period: p.label,
      start: isoOf(p.from),
      end: isoOf(p.to),
      partial: partialAt(q),
      daysCovered: p.to - p.from + 1,
      daysInPeriod: p.daysInPeriod,
      active: active.size,
      new: fresh,
      returning: active.size - fresh,
      retained: kept,
      reactivated: atEnd - kept - (fresh - newLapsed),
      lost,
      activeAtStart: atStart,
      activeAtEnd: atEnd,
      newLapsed,
      churnRate: rate(lost),
      retentionRate: rate(kept),
      repurchaseRate: share(active.size - fresh),
      repeatPurchaseRate: share(repeat),
      revenue: revenue.get(q),
      revenueFromPrevious: fromPrevious.get(q),
      revenueRetention: q > 0 && withRates && !noRates(q - 1) && revenue.get(q - 1) > 0 ? fromPrevious.get(q) / revenue.get(q - 1) : null,
      referralRate: null,
      complaintRate: null,
      satisfaction: null,
      nps: null,
    });
  }
  return {
    periods: policy === "drop" ? out.filter((r) => !r.partial) : out,
    customersWithoutPurchases: a.customersWithoutPurchases,
    refundsBeforeFirstPurchase: a.early,
    partial: a.partial,
  };
}

/** cohortRetention by the definitions, row by row. */
export function referenceCohortRetention(rows: readonly RefRow[], o: RefOptions) {
  const a = activity(rows, o);
  const P = a.periods.length;
  const revenue = new Sums();
  a.kept.forEach((r, i) => {
    const q = a.revenuePeriod[i];
    const f = a.firstPeriod.get(r.customerId);
    if (q >= 0 && f !== undefined && f >= 0) revenue.add(`${f}:${q}`, r.amount);
  });
  const cells = [];
  for (let f = 0; f < P; f++) {
    const cohort = [...a.firstPeriod].filter(([, p]) => p === f).map(([c]) => c);
    if (cohort.length === 0) continue;
    for (let q = f; q < P; q++) {
      const p = a.periods[q];
      const partial = p.to - p.from + 1 < p.daysInPeriod;
      if (partial && o.partialPeriods === "drop") continue;
      const customers = cohort.filter((c) => a.activeIn[q].has(c)).length;
      cells.push({
        cohort: a.periods[f].label,
        periodIndex: q - f,
        period: p.label,
        partial,
        daysCovered: p.to - p.from + 1,
        daysInPeriod: p.daysInPeriod,
        customers,
        share: customers / cohort.length,
        revenue: revenue.get(`${f}:${q}`),
        cohortSize: cohort.length,
      });
    }
  }
  return { cells, customersWithoutPurchases: a.customersWithoutPurchases, refundsBeforeFirstPurchase: a.early, partial: a.partial };
}

/**
 * Random logs for the comparison: a few customers over about five months before asOf (so weeks, months
 * and quarters are cut at both ends), amounts in cents with refunds, orders of several rows spanning
 * periods and order ids shared between customers, rows in any order; sometimes rows after asOf (for `afterAsOf: "ignore"`).
 */
export const refLogs = fc
  .record({
    rows: fc.array(
      fc.record({
        c: fc.integer({ min: 0, max: 6 }),
        d: fc.integer({ min: -150, max: 0 }),
        cents: fc.oneof(fc.integer({ min: 1, max: 50_000 }), fc.integer({ min: -20_000, max: -1 }), fc.constant(0)),
        o: fc.integer({ min: 0, max: 15 }),
        shared: fc.boolean(),
      }),
      { minLength: 1, maxLength: 60 },
    ),
    asOf: fc.integer({ min: 19_700, max: 19_760 }),
    withOrders: fc.boolean(),
    afterAsOf: fc.boolean(),
  })
  .map(({ rows, asOf, withOrders, afterAsOf }) => ({
    asOf: isoOf(asOf),
    rows: rows.map((r, i): RefRow => ({
      customerId: `c${r.c}`,
      // with afterAsOf, about one row in six is dated after asOf
      date: isoOf(asOf + r.d + (afterAsOf && i % 6 === 5 ? 20 : 0)),
      amount: r.cents / 100,
      // mostly the customer's own few orders (so an order has several rows, often in two periods), else an id any customer may use
      ...(withOrders ? { orderId: r.shared && r.o < 4 ? `o${r.o}` : `o${r.c}.${r.o % 3}` } : {}),
    })),
    afterAsOf,
  }));

/**
 * {@link refLogs} as a log of order lines: each order's rows one after another, sometimes in date order
 * and with every order id of one customer. There the period functions count each order at its first
 * row, with no state per order; an order of two customers, or a later row of an order in an earlier
 * period, sends them back to the general count.
 */
export const orderLineLogs = fc.tuple(refLogs, fc.boolean(), fc.boolean()).map(([l, ownOrders, datesUp]) => {
  const rows = l.rows.map((r) => (ownOrders && r.orderId !== undefined ? { ...r, orderId: `${r.customerId}:${r.orderId}` } : r));
  const key = (r: RefRow) => `${r.orderId ?? ""}\u0000${datesUp ? r.date : ""}`;
  return { ...l, rows: rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)) };
});

/** Options for the comparison: calendar periods (any week start) or windows, partial policies, refunds. */
export const refOptions = (asOf: string, afterAsOf: boolean) =>
  fc
    .record({
      calendar: fc.oneof(
        fc.record({ period: fc.constantFrom("week" as const, "month" as const, "quarter" as const, "year" as const), weekStartsOn: fc.integer({ min: 0, max: 6 }) }),
        fc.record({ windows: fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 40 }), fc.boolean()), { minLength: 1, maxLength: 4 }) }),
      ),
      partialPeriods: fc.constantFrom("null-rates" as const, "mark" as const, "drop" as const),
      refunds: fc.constantFrom("net" as const, "exclude" as const),
      lostAfterDays: fc.option(fc.integer({ min: 1, max: 90 }), { nil: undefined }),
    })
    .map(({ calendar, partialPeriods, refunds, lostAfterDays }): RefOptions => {
      const o: RefOptions = { asOf, partialPeriods, refunds, lostAfterDays, ...(afterAsOf ? { afterAsOf: "ignore" as const } : {}) };
      if ("period" in calendar) return { ...o, period: calendar.period, ...(calendar.period === "week" ? { weekStartsOn: calendar.weekStartsOn } : {}) };
      // ordered, non-overlapping windows from gaps and lengths, from 160 days before asOf (the last may pass asOf)
      let day = dayOf(asOf) - 160;
      const windows = calendar.windows.map(([gap, length, labelled], i) => {
        const start = day + gap;
        day = start + length + 1;
        return { start: isoOf(start), end: isoOf(start + length), ...(labelled ? { label: `w${i}` } : {}) };
      });
      return { ...o, windows: windows.filter((w) => dayOf(w.start) <= dayOf(asOf)) };
    })
    .filter((o) => o.windows === undefined || o.windows.length > 0);

/**
 * The log as clean dictionary columns (the period functions' fast lane): customer and order ids as
 * `{ codes: Int32Array, dictionary }` (the customer dictionary with an unused entry and `c1` twice, so
 * equal entries must merge), days as an `Int32Array`, amounts as a `Float64Array`.
 */
export function dictionaryColumns(rows: readonly RefRow[]) {
  const dictionary = ["c3", "c1", "unused", "c0", "c1", "c2", "c4", "c5", "c6"];
  const codes = Int32Array.from(rows, (r, i) => (r.customerId === "c1" && i % 2 === 1 ? 4 : dictionary.indexOf(r.customerId)));
  const orderIds = [...new Set(rows.map((r) => r.orderId ?? ""))].reverse();
  return {
    customerId: { codes, dictionary },
    date: Int32Array.from(rows, (r) => dayOf(r.date)),
    amount: Float64Array.from(rows, (r) => r.amount),
    ...(rows[0]?.orderId !== undefined ? { orderId: { codes: Int32Array.from(rows, (r) => orderIds.indexOf(r.orderId as string)), dictionary: orderIds } } : {}),
  };
}

/** The log as plain columns (`string[]` ids, ISO dates): read by the reader row by row. */
export function plainColumns(rows: readonly RefRow[]) {
  return {
    customerId: rows.map((r) => r.customerId),
    date: rows.map((r) => r.date),
    amount: rows.map((r) => r.amount),
    ...(rows[0]?.orderId !== undefined ? { orderId: rows.map((r) => r.orderId as string) } : {}),
  };
}
