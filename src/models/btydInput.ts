import { z } from "zod";
import { AnalyticsInputError, describeValue, inputIssue, type InputIssue, type IssuePath } from "../errors.js";
import { readRecords, type RecordField } from "../input/readRecords.js";
import { hashString } from "../internal/interner.js";
import type { CustomerInput } from "../input/types.js";
import { workBudget, type MinimizeResult, type ValueAndGradient } from "../internal/bfgs.js";
import { FIT_CONTEXTS, searchWithRestarts } from "./fitRobustness.js";
import { defineOptions, type OptionsSchema } from "../options.js";
import type { PenalizedFitOptions, PurchasePredictionOptions, PurchasePredictionOutputOptions, PurchasePredictionRecord } from "./types.js";

/**
 * One customer as the BTYD models take it: lifetimes' summary definitions and field names (the ones
 * BTYD users and lifetimes' data sets use), all times in one unit (days or weeks, say). Two names mean
 * something else than in a `CustomerSummary` (see `frequency` and `recency`); {@link toBtydSummary}
 * builds these records from transactions. See docs/glossary.md ("BTYD customer").
 */
export interface BtydCustomer {
  /** Customer id (non-blank string or finite number); without ids, results number customers "0", "1", ... */
  customerId?: string | number;
  /**
   * Repeat purchases (lifetimes' `frequency`): purchase periods after the first one, an integer ≥ 0.
   * Not `CustomerSummary.frequency`, which counts every order, the first included.
   */
  frequency: number;
  /**
   * Time from the first to the last purchase (lifetimes' `recency`), ≥ 0 and 0 when `frequency` is 0.
   * Not `CustomerSummary.recencyDays`, the days since the last purchase.
   */
  recency: number;
  /**
   * Time from the first purchase to the end of observation (the customer's age), ≥ `recency` and ≥ 0:
   * 0 for a customer first seen on the last day (their likelihood contribution is defined, as in
   * lifetimes; a fit needs at least one customer with T > 0).
   */
  T: number;
  /**
   * Mean spend per repeat purchase, the first purchase left out (lifetimes' `monetary_value`), ≥ 0;
   * read by Gamma-Gamma and predictedClv only. Not `CustomerSummary.monetary` (a total).
   */
  monetaryValue?: number;
  /**
   * How many customers this record stands for (a positive integer, default 1): a row of
   * `btydTriplesSql` is `count` customers sharing (frequency, recency, T). The fits weight the record's
   * likelihood term by it (and count it in `meta`); predictions stay one per record.
   */
  count?: number;
}

/** Schema of {@link PenalizedFitOptions}, the options of every fit. */
export const penalizedFitOptionsSchema: OptionsSchema<PenalizedFitOptions> = defineOptions<PenalizedFitOptions>()({
  penalizer: z.number({ error: "expected a finite number >= 0" }).min(0, { error: "expected a finite number >= 0" }).optional(),
});

const HORIZON = "expected the horizon, a finite number >= 0 in the data's time unit";

/** Schema of {@link PurchasePredictionOptions}, the options of every purchase prediction. */
export const purchasePredictionOptionsSchema: OptionsSchema<PurchasePredictionOptions> = defineOptions<PurchasePredictionOptions>()({
  t: z.number({ error: HORIZON }).min(0, { error: HORIZON }),
});

/** Schema of {@link PurchasePredictionOutputOptions}: the horizon `t` and `output`. */
export const purchasePredictionOutputOptionsSchema: OptionsSchema<PurchasePredictionOutputOptions> = defineOptions<PurchasePredictionOutputOptions>()({
  t: z.number({ error: HORIZON }).min(0, { error: HORIZON }),
  output: z.enum(["records", "columns"]).optional(),
});

/** BTYD records as columns, in input order. */
export interface BtydColumns {
  ids: string[];
  /** Whether the records carry `customerId` (else `ids` are positions, or empty with `numberIds: false`). */
  hasIds: boolean;
  /** frequency */
  x: Float64Array;
  /** recency */
  tx: Float64Array;
  T: Float64Array;
  /** monetaryValue (empty unless asked for) */
  m: Float64Array;
  /** Each record's `count` (customers it stands for); `undefined` when every record counts 1. */
  w: Float64Array | undefined;
  /**
   * Whether `tx` and `T` are copies made by the reader (never the input's own columns): a caller that
   * reads neither after the checks may then use their memory as scratch space.
   */
  ownTimes: boolean;
  /** Customers the records stand for: Σ count (the number of records without counts). */
  customers: number;
  /** The issue path of a field of record `i` (`["records", i, field]`, or `["columns", field, i]`). */
  path: (i: number, field: string) => IssuePath;
}

// keyed by the field names: readRecords names a missing field by its key (`["fields", "recency"]`)
const FIELDS = {
  frequency: { field: "frequency", name: "frequency", rule: "count" },
  recency: { field: "recency", name: "recency", rule: "nonNegative" },
  T: { field: "T", name: "T", rule: "nonNegative" },
} as const satisfies Record<string, RecordField<unknown>>;
const WITH_MONETARY = { ...FIELDS, monetaryValue: { field: "monetaryValue", name: "monetaryValue", rule: "nonNegative" } } as const satisfies Record<string, RecordField<unknown>>;
// a mean spend of any sign (fitGammaGamma's nonPositiveSpend: "exclude" leaves the negative ones out, counted)
const WITH_SIGNED_MONETARY = { ...FIELDS, monetaryValue: { field: "monetaryValue", name: "monetaryValue", rule: "finite" } } as const satisfies Record<string, RecordField<unknown>>;
// optional (records may leave it out, columns may lack it); absent or null is 1, checked below as a positive integer
const COUNT: RecordField<unknown> = { field: "count", name: "count", rule: "finiteOrAbsent", optional: true };
const COUNT_RULE = "expected a positive integer (customers this record stands for) or no count";

/**
 * readRecords' `recordLane` for BTYD records (fields frequency, recency, T, then monetaryValue when
 * `monetary` is 1 (≥ 0) or 2 (any finite sign), then count; ids by `customerId`): the general loop's
 * reads, in its order, written by name, so that V8 inlines them and boxes no value. It takes a record
 * only when it is an object whose id (when the records have ids) is a string starting with a printable
 * ASCII character or a finite number within ±2^53 (when they have none: no `customerId` at all) and
 * whose every value passes its rule; it stops at the first record it does not take (or that throws),
 * which the general loop reads again and names.
 */
function laneOf(monetary: 0 | 1 | 2): NonNullable<Parameters<typeof readRecords<unknown, string>>[2]["recordLane"]> {
  return (rows, n, withIds, numbered, ids, cols, hashes) => {
    const x = cols[0];
    const tx = cols[1];
    const T = cols[2];
    const m = monetary === 0 ? cols[0] : cols[3];
    const counts = cols[monetary === 0 ? 3 : 4];
    let i = 0;
    try {
      for (; i < n; i++) {
        const row = rows[i] as Record<string, unknown>;
        if (typeof row !== "object" || row === null) return i;
        const raw = row.customerId;
        if (withIds) {
          let id: string;
          if (typeof raw === "string") {
            const c = raw.charCodeAt(0);
            if (!(c > 32 && c < 127)) return i;
            id = raw;
          } else if (typeof raw === "number" && Number.isFinite(raw) && Math.abs(raw) <= Number.MAX_SAFE_INTEGER) id = String(raw);
          else return i;
          ids[i] = id;
          hashes[i] = hashString(id);
        } else {
          if (raw !== undefined) return i;
          if (numbered) ids[i] = String(i);
        }
        const a = row.frequency;
        if (!(typeof a === "number" && Number.isInteger(a) && a >= 0)) return i;
        x[i] = a === 0 ? 0 : a;
        const b = row.recency;
        if (!(typeof b === "number" && b >= 0 && b < Infinity)) return i;
        tx[i] = b === 0 ? 0 : b;
        const t = row.T;
        if (!(typeof t === "number" && t >= 0 && t < Infinity)) return i;
        T[i] = t === 0 ? 0 : t;
        if (monetary !== 0) {
          const v = row.monetaryValue;
          if (!(typeof v === "number" && (monetary === 1 ? v >= 0 && v < Infinity : Number.isFinite(v)))) return i;
          m[i] = v === 0 ? 0 : v;
        }
        const c = "count" in row ? row.count : undefined;
        if (typeof c === "number" && Number.isFinite(c)) counts[i] = c === 0 ? 0 : c;
        else if (c === null || c === undefined) counts[i] = Number.NaN;
        else return i;
      }
    } catch {
      return i;
    }
    return n;
  };
}
const btydLane = laneOf(0);
const monetaryLane = laneOf(1);
const signedMonetaryLane = laneOf(2);

/**
 * Reads BTYD records with the one customer-level reader (path root `"records"`; ids by position when
 * the records have none), then checks lifetimes' constraints between fields: recency ≤ T, and recency
 * 0 when frequency is 0. `extra` adds fields (calibrationHoldout's holdout columns). `readOnly`: the
 * caller only reads the columns during the call, so `Float64Array` input columns may be returned
 * themselves (readRecords' `readOnly`; the counts are then never written either: a column read in
 * place holds no absent count). `numberIds: false`: records without ids get no position ids (`ids`
 * empty; `hasIds` says so), for a caller that names no customer then (a fit).
 */
export function readBtydCustomers<E extends string = never>(
  fn: string,
  records: CustomerInput<BtydCustomer>,
  monetary: boolean | "signed" = false,
  extra?: { readonly [k in E]: RecordField<unknown> },
  readOnly = false,
  numberIds = true,
): BtydColumns & { extra: { [k in E]: Float64Array } } {
  const fields = { ...(monetary === "signed" ? WITH_SIGNED_MONETARY : monetary ? WITH_MONETARY : FIELDS), ...extra, count: COUNT } as Record<string, RecordField<unknown>>;
  // records with the fields alone (no extra): read by name in btydLane while they are plainly valid
  const recordLane = extra === undefined ? (monetary === "signed" ? signedMonetaryLane : monetary ? monetaryLane : btydLane) : undefined;
  const read = readRecords<unknown, string>(fn, records as CustomerInput<unknown>, { ids: "index", fields, readOnly, numberIds, recordLane });
  const { frequency: x, recency: tx, T } = read.columns;
  const hasIds = read.withIds;
  const issues: InputIssue[] = [];
  let total = 0;
  const add = (i: number, message: string) => {
    if (issues.length < 20) issues.push(inputIssue("invalid_value", read.path(i, "recency"), message, hasIds ? read.ids[i] : undefined));
    total++;
  };
  const counts = read.columns.count;
  let w: Float64Array | undefined;
  let customers = x.length;
  const n = x.length;
  // columns without a count column (an empty one): every record counts 1
  const counted = counts.length > 0;
  for (let i = 0; i < n; i++) {
    if (!counted) {
      const r = tx[i];
      if (r > T[i] || (x[i] === 0 && r !== 0)) {
        if (r > T[i]) add(i, `recency ${r} is after T ${T[i]}`);
        if (x[i] === 0 && r !== 0) add(i, `expected 0 when frequency is 0, got ${r}`);
      }
      continue;
    }
    if (tx[i] > T[i]) add(i, `recency ${tx[i]} is after T ${T[i]}`);
    if (x[i] === 0 && tx[i] !== 0) add(i, `expected 0 when frequency is 0, got ${tx[i]}`);
    const c = counts[i];
    if (c !== c) counts[i] = 1; // absent or null
    else if (!(Number.isInteger(c) && c >= 1 && c <= Number.MAX_SAFE_INTEGER)) {
      if (issues.length < 20) issues.push(inputIssue("invalid_value", read.path(i, "count"), `${COUNT_RULE}, got ${c}`, hasIds ? read.ids[i] : undefined));
      total++;
    } else if (c !== 1) {
      w = counts;
      customers += c - 1;
    }
  }
  if (issues.length === 0 && customers > Number.MAX_SAFE_INTEGER) {
    issues.push(inputIssue("invalid_value", ["records"], `the counts add up to ${customers} customers, beyond 2^53 (9,007,199,254,740,991): they would not be exact`));
    total++;
  }
  if (issues.length > 0) throw new AnalyticsInputError(fn, issues, total);
  const extraColumns = {} as { [k in E]: Float64Array };
  for (const k of Object.keys(extra ?? {}) as E[]) extraColumns[k] = read.columns[k];
  const ownTimes = !read.inPlace.recency && !read.inPlace.T;
  return { ids: read.ids, hasIds, x, tx, T, ownTimes, m: monetary ? read.columns.monetaryValue : new Float64Array(0), w, customers, path: read.path, extra: extraColumns };
}

/**
 * Work a fit may do per distinct (x, t_x, T) triple (counted units, see `work` in internal/special),
 * with a floor of `FIT_WORK_FLOOR`: about three times what CDNOW's Pareto/NBD fit needs (22,600 per
 * triple, standard errors included), so that a fit on hostile data stops in time proportional to its
 * data (under 2 s for 1,000 distinct customers on a 2-core machine) and says so, instead of running for minutes.
 */
export const FIT_WORK_PER_TRIPLE = 65_000;
/** The smallest work budget of a fit (about 0.3 s of arithmetic). */
export const FIT_WORK_FLOOR = 2e7;

/**
 * Log-parameters beyond ±35 (a parameter scaled by the data's longest T above 1.6e15 or below 6e-16)
 * are outside the search: no data set pins a parameter down there, and the likelihood's terms lose
 * their meaning. A fit that runs into this box is reported as not converged, naming the parameter.
 */
export const LOG_PARAMETER_BOX = 35;

/**
 * A fit stops early when a log-parameter goes beyond ±30 (the parameter is running off to 0 or ∞:
 * the likelihood keeps rising towards a boundary), reported as not converged, naming the parameter.
 */
export const RUNAWAY_LOG_PARAMETER = 30;

/**
 * minimizeWithGradient for a fit of function `fn` on `triples` distinct records, over the log-parameter
 * box (for the parameters `inBox` marks; a parameter with a unit, Gamma-Gamma's v, is left out), with
 * the early stop at a runaway parameter and within the work budget; returns the result and the boxed
 * objective's value (for the diagnostics' probes). `objective` gives the value and, when asked, the
 * gradient in one pass. A likelihood that is not finite at the starting values is an
 * `AnalyticsInputError` (`overflow`: the data's numbers are beyond a double's range for this model)
 * instead of an internal error.
 */
export function minimizeFit(
  fn: string,
  objective: ValueAndGradient,
  start: number[],
  triples: number,
  names: readonly (string | null)[],
  inBox: readonly boolean[] = start.map(() => true),
): { res: MinimizeResult; objective: (phi: number[]) => number } {
  const outside = (phi: number[]) => !phi.every((v, i) => !inBox[i] || Math.abs(v) <= LOG_PARAMETER_BOX);
  const boxed: ValueAndGradient = (phi, grad) => (outside(phi) ? Number.POSITIVE_INFINITY : objective(phi, grad));
  const value = (phi: number[]) => boxed(phi, null);
  if (!Number.isFinite(value(start))) {
    throw new AnalyticsInputError(fn, [inputIssue("overflow", ["records"], "the likelihood is not a finite number at the starting values: the values are too large or too small for a double (rescale them, e.g. spend in thousands)")]);
  }
  const options = () => ({
    exhausted: workBudget(Math.max(FIT_WORK_FLOOR, FIT_WORK_PER_TRIPLE * triples)).exhausted,
    runaway: { limit: RUNAWAY_LOG_PARAMETER, mask: inBox, names },
    name: fn,
  });
  // restarts (fitRobustness.ts) only when the first search does not converge; they share one more budget
  const res = searchWithRestarts(boxed, start, names, options(), options, FIT_CONTEXTS[fn]);
  return { res, objective: value };
}

/** λ·Σθ², and 0 without a penalty (never 0 · Infinity). */
export function penalty(penalizer: number, theta: readonly number[]): number {
  if (penalizer === 0) return 0;
  let sum = 0;
  for (const v of theta) sum += v * v;
  return penalizer * sum;
}

/** The longest T, the fits' time scale; a data set where every T is 0 is `degenerate_data`. */
export function longestT(fn: string, T: ArrayLike<number>): number {
  let maxT = 0;
  for (let i = 0; i < T.length; i++) if (T[i] > maxT) maxT = T[i];
  if (!(maxT > 0)) throw new AnalyticsInputError(fn, [inputIssue("degenerate_data", ["records"], "every customer has T = 0 (first purchase at the end of observation): there is no time to fit a purchase model on")]);
  return maxT;
}

/** Distinct (x, t_x, T) triples, their counts, and each customer's triple. */
export interface TripleGroups {
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  /** Customers per triple. */
  w: Float64Array;
  /** For each customer, the index of their triple. */
  group: Int32Array;
}

/**
 * Identical (x, t_x, T) rows grouped with weights: likelihoods are weighted sums over distinct triples
 * and predictions are computed once per triple, which real data has far fewer of than customers
 * (CDNOW: 2,357 customers, 1,016 triples; tiled to 1M customers, still 1,016). Triples are compared by
 * value (bit patterns, with -0 taken as 0) in an open-addressing table, in first-appearance order.
 * `weight` (the records' `count`s, from `readBtydCustomers`) adds each row's weight instead of 1.
 * `rowGroups: false` (for a fit, which never maps its triples back to customers) leaves `group` empty.
 */
export function groupTriples(x: Float64Array, tx: Float64Array, T: Float64Array, weight?: Float64Array, rowGroups = true): TripleGroups {
  return groupRows(x, tx, T, weight, Number.POSITIVE_INFINITY, true, rowGroups) as TripleGroups;
}

/** A column's doubles as pairs of 32-bit words (the same memory). */
function wordsOf(c: Float64Array): Int32Array {
  return new Int32Array(c.buffer, c.byteOffset, 2 * c.length);
}

// slots of groupRows' table at most at the start (then doubled as the distinct rows need)
const GROUP_TABLE_START = 1 << 16;

/**
 * Distinct (x, t_x, T) rows (or (x, T) rows when `tx` is null: `tx` of the result is then empty), in
 * first-appearance order, with weights (`weighed`: the rows' `weight`s or 1 each summed per group; else
 * `w` is empty) and each row's group; `undefined` as soon as there are more than `limit` distinct
 * ones. Values are compared as numbers (−0 is 0) and hashed from their two 32-bit words, read in place
 * (a ±0 as two zero words), the three doubles mixed independently; each table slot holds its group's
 * hash next to its group (the keys, the group's first row, are compared only on a full hash match), the table stays at most
 * half full and grows with the distinct rows, not the rows (from room for min(rows, limit,
 * {@link GROUP_TABLE_START} / 2) groups). The hash decides only where a group sits in the table,
 * not its number: groups are numbered in order of first appearance whatever the hash.
 */
function groupRows(x: Float64Array, tx: Float64Array | null, T: Float64Array, weight: Float64Array | undefined, limit: number, weighed = true, grouped = true): TripleGroups | undefined {
  const n = x.length;
  // (x, T) rows are grouped as (x, T, T) rows: the same groups, and one loop without a branch on tx
  const b3 = tx ?? T;
  const xw = wordsOf(x);
  const bw = wordsOf(b3);
  const cw = wordsOf(T);
  // at most this many groups: the table never needs to hold more
  const most = Math.min(n, limit);
  let size = 16;
  while (size < 2 * most + 2 && size < GROUP_TABLE_START) size *= 2;
  let mask = size - 1;
  // slot s: table[2s] = group + 1 (0: empty), table[2s + 1] = that group's hash (one cache line for both)
  let table = new Int32Array(2 * size);
  let cap = Math.max(16, Math.min(most, GROUP_TABLE_START >>> 1));
  // each group's first row: its key is that row's (x, b3, T), read from the columns themselves
  let first = new Int32Array(cap);
  let w = new Float64Array(weighed ? cap : 0);
  let count = 0;
  const group = new Int32Array(grouped ? n : 0);
  for (let i = 0; i < n; i++) {
    const a = x[i];
    const b = b3[i];
    const c = T[i];
    // the words at 2i and 2i + 1 (in either byte order; both zero for ±0)
    let a0 = xw[2 * i];
    let a1 = xw[2 * i + 1];
    let b0 = bw[2 * i];
    let b1 = bw[2 * i + 1];
    let c0 = cw[2 * i];
    let c1 = cw[2 * i + 1];
    if (a === 0) a0 = a1 = 0;
    if (b === 0) b0 = b1 = 0;
    if (c === 0) c0 = c1 = 0;
    let h = Math.imul(a0 ^ a1, 0x9e3779b1) ^ Math.imul(b0 ^ b1, 0x85ebca6b) ^ Math.imul(c0 ^ c1, 0xc2b2ae35) ^ Math.imul(a1, 0x27d4eb2f) ^ Math.imul(b1 + c1, 0x165667b1);
    h ^= h >>> 15;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    let slot = h & mask;
    for (;;) {
      const g = table[2 * slot];
      if (g === 0) {
        const u = count++;
        if (u === limit) return undefined;
        if (u === cap) {
          cap = Math.min(2 * cap, most);
          const moreFirst = new Int32Array(cap);
          moreFirst.set(first);
          first = moreFirst;
          if (weighed) {
            const moreW = new Float64Array(cap);
            moreW.set(w);
            w = moreW;
          }
        }
        table[2 * slot] = u + 1;
        table[2 * slot + 1] = h;
        first[u] = i;
        if (weighed) w[u] = weight === undefined ? 1 : weight[i];
        if (grouped) group[i] = u;
        if (2 * (u + 1) > size) {
          // at most half full: the slots move to a table twice the size, with their hashes
          const old = table;
          size *= 2;
          mask = size - 1;
          table = new Int32Array(2 * size);
          for (let j = 0; j < old.length; j += 2) {
            if (old[j] === 0) continue;
            let s2 = old[j + 1] & mask;
            while (table[2 * s2] !== 0) s2 = (s2 + 1) & mask;
            table[2 * s2] = old[j];
            table[2 * s2 + 1] = old[j + 1];
          }
        }
        break;
      }
      if (table[2 * slot + 1] === h) {
        const k = g - 1;
        const f = first[k];
        if (x[f] === a && b3[f] === b && T[f] === c) {
          if (weighed) w[k] += weight === undefined ? 1 : weight[i];
          if (grouped) group[i] = k;
          break;
        }
      }
      slot = (slot + 1) & mask;
    }
  }
  const ux = new Float64Array(count);
  const utx = new Float64Array(tx === null ? 0 : count);
  const uT = new Float64Array(count);
  for (let u = 0; u < count; u++) {
    const f = first[u];
    ux[u] = x[f];
    if (tx !== null) utx[u] = tx[f];
    uT[u] = T[f];
  }
  return { x: ux, tx: utx, T: uT, w: weighed ? w.slice(0, count) : w, group };
}

/** Checks a model's parameters: each a finite positive number (`singular` = 1, when given, refused). */
export function checkParams(fn: string, name: string, params: unknown, keys: readonly string[], singular?: string): void {
  const p = params as Record<string, unknown> | null | undefined;
  for (const k of keys) {
    const v = p?.[k];
    if (!(typeof v === "number" && v > 0 && Number.isFinite(v))) throw new RangeError(`${fn}: ${name}.${k} must be a finite positive number, got ${describeValue(v)}`);
  }
  if (singular !== undefined && p?.[singular] === 1) throw new RangeError(`${fn}: ${name}.${singular} = 1 is a removable singularity of the expectation; perturb it slightly`);
}

/** P(alive) and expected purchases in the next `t` time units of each distinct triple (never NaN: throws). */
export function predictTriples(
  fn: string,
  g: TripleGroups,
  t: number,
  pAlive: (x: number, tx: number, T: number) => number,
  expected: (t: number, x: number, tx: number, T: number) => number,
): { alive: Float64Array; purchases: Float64Array } {
  const u = g.x.length;
  const alive = new Float64Array(u);
  const purchases = new Float64Array(u);
  for (let k = 0; k < u; k++) {
    alive[k] = pAlive(g.x[k], g.tx[k], g.T[k]);
    purchases[k] = t === 0 ? 0 : expected(t, g.x[k], g.tx[k], g.T[k]);
    purchases[k] = checkedPurchases(purchases[k]);
    if (!(Number.isFinite(alive[k]) && alive[k] >= 0 && alive[k] <= 1 && Number.isFinite(purchases[k]))) throw notComputable(fn, g.x[k], g.tx[k], g.T[k]);
  }
  return { alive, purchases };
}

/**
 * A purchase model's predictions split so that work is shared: the part of the expected purchases
 * that depends on (x, T) and the horizon only (BG/NBD's ₂F₁ factor; every customer with the same
 * frequency and age shares it), and the part that depends on t_x too (P(alive)). For every model,
 * `combine(pair(t, x, T), state)` with `unit`'s state is the model's conditional expectation to the
 * last bit, and `unit`'s P(alive) its P(alive).
 */
export interface PredictionKernel {
  /** Writes P(alive) of (x, t_x, T) into `out[0]` and the state `combine` takes into `out[1]`. */
  unit: (x: number, tx: number, T: number, out: Float64Array) => void;
  /** The factor of the expectation over the next `t` time units shared by every t_x (t > 0). */
  pair: (t: number, x: number, T: number) => number;
  /** The expectation from the pair's factor and the customer's state. */
  combine: (factor: number, state: number) => number;
}

/** Per prediction unit (a distinct triple, or a customer) and per distinct (x, T): the shared work of {@link sharedPredictions}. */
export interface SharedPredictions {
  /** Each customer's unit; null when the units are the customers themselves. */
  group: Int32Array | null;
  /** The units' (x, t_x, T), in first-appearance order. */
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  /** P(alive) and the kernel's state, per unit. */
  alive: Float64Array;
  state: Float64Array;
  /** Each unit's distinct (x, T). */
  pair: Int32Array;
  /** `pair`'s factor at horizon `h` at `factor[pair * horizons + h]`. */
  factor: Float64Array;
  horizons: number;
}

/**
 * The shared part of a prediction at `horizons` (each > 0): units are the distinct (x, t_x, T) when
 * there are few of them (at most a sixteenth of the customers, up to 65,536: the table stays in the
 * cache), else the customers themselves (grouping 600k distinct triples of 1M customers costs more
 * than it saves); the (x, T) factors are computed once per distinct (x, T) and horizon whatever the
 * units. Values do not depend on the choice: each is the same function of the same numbers.
 */
export function sharedPredictions(x: Float64Array, tx: Float64Array, T: Float64Array, horizons: readonly number[], kernel: PredictionKernel): SharedPredictions {
  const n = x.length;
  // the units' weights are not needed
  const g = groupRows(x, tx, T, undefined, Math.max(1024, Math.min(n >>> 4, 1 << 16)), false);
  const units = g ?? { x, tx, T, group: null };
  const u = units.x.length;
  const pairs = groupPairs(units.x, units.T);
  const H = horizons.length;
  const factor = new Float64Array(pairs.x.length * H);
  for (let k = 0; k < pairs.x.length; k++) for (let h = 0; h < H; h++) factor[k * H + h] = kernel.pair(horizons[h], pairs.x[k], pairs.T[k]);
  const alive = new Float64Array(u);
  const state = new Float64Array(u);
  const out = new Float64Array(2);
  const ux = units.x;
  const utx = units.tx;
  const uT = units.T;
  for (let k = 0; k < u; k++) {
    kernel.unit(ux[k], utx[k], uT[k], out);
    alive[k] = out[0];
    state[k] = out[1];
  }
  return { group: g === undefined ? null : g.group, x: ux, tx: utx, T: uT, alive, state, pair: pairs.group, factor, horizons: H };
}

/**
 * Distinct (x, T) pairs (`tx` of the result empty), as {@link groupRows} gives them: when x and T are
 * whole numbers in a range small enough (days, whole weeks), a direct table indexed by x·(max T + 1) + T
 * instead of hashing; the same pairs in the same (first-appearance) order either way.
 */
function groupPairs(x: Float64Array, T: Float64Array): TripleGroups {
  const n = x.length;
  let maxX = 0;
  let maxT = 0;
  for (let i = 0; i < n; i++) {
    const a = x[i];
    const c = T[i];
    if (!(a >= 0 && a <= 1e6 && Math.floor(a) === a && c >= 0 && c <= 1e6 && Math.floor(c) === c)) return groupRows(x, null, T, undefined, Number.POSITIVE_INFINITY) as TripleGroups;
    if (a > maxX) maxX = a;
    if (c > maxT) maxT = c;
  }
  const span = maxT + 1;
  if ((maxX + 1) * span > Math.max(4 * n, 1 << 16)) return groupRows(x, null, T, undefined, Number.POSITIVE_INFINITY) as TripleGroups;
  // key → pair + 1 (0: not seen)
  const slot = new Int32Array((maxX + 1) * span);
  const group = new Int32Array(n);
  const firstRow: number[] = [];
  for (let i = 0; i < n; i++) {
    const key = x[i] * span + T[i];
    let u = slot[key];
    if (u === 0) {
      firstRow.push(i);
      u = slot[key] = firstRow.length;
    }
    group[i] = u - 1;
  }
  const m = firstRow.length;
  const ux = new Float64Array(m);
  const uT = new Float64Array(m);
  const w = new Float64Array(m);
  for (let u = 0; u < m; u++) {
    ux[u] = x[firstRow[u]];
    uT[u] = T[firstRow[u]];
  }
  for (let i = 0; i < n; i++) w[group[i]]++;
  return { x: ux, tx: new Float64Array(0), T: uT, w, group };
}

/** P(alive) and expected purchases in the next `t` time units per customer, as columns (never NaN: throws). */
export interface PurchasePredictionArrays {
  pAlive: Float64Array;
  expectedPurchases: Float64Array;
}

/**
 * P(alive) and expected purchases in the next `t` time units of each customer (input order), each
 * distinct (x, t_x, T) and each (x, T) factor computed once ({@link sharedPredictions}); values
 * identical to {@link predictTriples} with the kernel's functions. A prediction that is not a number
 * (or a P(alive) outside [0, 1]) is the {@link notComputable} error of the first such customer.
 */
export function predictPurchaseArrays(fn: string, x: Float64Array, tx: Float64Array, T: Float64Array, t: number, kernel: PredictionKernel): PurchasePredictionArrays {
  const s = sharedPredictions(x, tx, T, t === 0 ? [] : [t], kernel);
  const u = s.x.length;
  const purchases = new Float64Array(u);
  const { alive, state, pair, factor } = s;
  for (let k = 0; k < u; k++) {
    const e = t === 0 ? 0 : checkedPurchases(kernel.combine(factor[pair[k]], state[k]));
    purchases[k] = e;
    const a = alive[k];
    if (!(a >= 0 && a <= 1 && e - e === 0)) throw notComputable(fn, s.x[k], s.tx[k], s.T[k]);
  }
  if (s.group === null) return { pAlive: alive, expectedPurchases: purchases };
  return { pAlive: scatter(alive, s.group), expectedPurchases: scatter(purchases, s.group) };
}

/** `values[group[i]]` for each i. */
export function scatter(values: Float64Array, group: Int32Array): Float64Array {
  const out = new Float64Array(group.length);
  for (let i = 0; i < group.length; i++) out[i] = values[group[i]];
  return out;
}

/** One purchase prediction record per customer from the columns (`ids` in input order). */
export function purchasePredictionRecords(ids: readonly string[], c: PurchasePredictionArrays): PurchasePredictionRecord[] {
  const out = new Array<PurchasePredictionRecord>(ids.length);
  const { pAlive, expectedPurchases } = c;
  for (let i = 0; i < ids.length; i++) out[i] = { customerId: ids[i], pAlive: pAlive[i], expectedPurchases: expectedPurchases[i] };
  return out;
}

/** The purchase predictions of `records` as columns and ids (input order). */
export function predictPerCustomer(fn: string, records: CustomerInput<BtydCustomer>, t: number, kernel: PredictionKernel): { ids: string[]; columns: PurchasePredictionArrays } {
  // the columns are only read here: Float64Array input is read in place
  const { ids, x, tx, T } = readBtydCustomers(fn, records, false, undefined, true);
  return { ids, columns: predictPurchaseArrays(fn, x, tx, T, t, kernel) };
}

/**
 * An expected number of purchases as computed: a rounding-level negative (above −1e-9) becomes 0; a
 * clearly negative value (two huge terms cancelling: parameters at the edge of the double range)
 * becomes NaN, which the callers turn into a "not computable" error. Never a negative prediction.
 */
export function checkedPurchases(e: number): number {
  if (e >= 0) return e;
  return e > -1e-9 ? 0 : Number.NaN;
}

/** The error for a prediction that cannot be computed at the given parameters (never a NaN result). */
export function notComputable(fn: string, x: number, tx: number, T: number): RangeError {
  return new RangeError(
    `${fn}: the prediction for frequency ${x}, recency ${tx}, T ${T} is not computable at these parameters (a hypergeometric series at its argument's limit of 1, or parameters so extreme that its terms cancel); check that the parameters come from a converged fit in the data's time unit and that the horizon is not far beyond the data`,
  );
}
