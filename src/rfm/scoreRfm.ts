import { z } from "zod";
import { defineOptions, parseOptions, type OptionsSchema } from "../options.js";
import { countValues, orderStatistics, quantilesType7, selectText } from "../internal/quantile.js";
import type { CustomerInput } from "../input/types.js";
import { customerFieldsSchema, readCustomerColumns, type CustomerColumns, type CustomerFields } from "./customerFields.js";

/** How scores are cut. See {@link scoreRfm} and docs/rfm-scores.md. */
export type RfmMethod = "quantile" | "r-rfm" | "rank";

/** Options of {@link scoreRfm}. */
export interface ScoreRfmOptions<Row = any> {
  /** Number of scores per dimension, 2..10 (default 5); one number or one per dimension. */
  bins?: number | { recency?: number; frequency?: number; monetary?: number };
  /**
   * Inner break points per dimension, strictly increasing (a dimension with breaks gets
   * `breaks.length + 1` scores). Recency breaks are in days; scores are still reversed (recent = high).
   */
  breaks?: { recency?: readonly number[]; frequency?: readonly number[]; monetary?: readonly number[] };
  /** `"quantile"` (default), `"r-rfm"` (bit-for-bit R `rfm` 0.3.0) or `"rank"` (equal-count bins). */
  method?: RfmMethod;
  /** Where the values are in customer-level records (default: the `CustomerSummary` names). */
  fields?: CustomerFields<Row>;
  /**
   * `"records"` (default): `customers`, one {@link RfmScore} per customer. `"columns"`: `columns`
   * ({@link RfmScoreColumns}), one array per field, without an object per customer.
   */
  output?: "records" | "columns";
}

/** The scores as columns (`output: "columns"`): entry `i` of every array is customer `i`, input order. */
export type RfmScoreColumns = {
  customerId: string[];
  recencyDays: Float64Array;
  frequency: Float64Array;
  monetary: Float64Array;
  r: Int32Array;
  f: Int32Array;
  m: Int32Array;
  cell: string[];
};

/** Result of {@link scoreRfm} with `output: "columns"`. */
export interface ScoreRfmColumnsResult {
  columns: RfmScoreColumns;
  meta: RfmScoreMeta;
}

/** One customer's RFM scores. */
export interface RfmScore {
  customerId: string;
  recencyDays: number;
  frequency: number;
  monetary: number;
  /** Recency score: high = bought recently. */
  r: number;
  /** Frequency score: high = buys often. */
  f: number;
  /** Monetary score: high = spends much. */
  m: number;
  /** The three scores as one code, `"543"`; joined by `-` (`"10-5-3"`) when any dimension has 10 bins. */
  cell: string;
}

/** Per-dimension information in {@link RfmScoreMeta}. */
export interface RfmDimensionMeta {
  bins: number;
  /**
   * Bin boundaries, `bins + 1` values `[b0, b1, …, bn]`: score bin k covers the values between
   * `b(k−1)` and `bk` (see `intervals`). For `"quantile"` b0/bn are the minimum and maximum; for
   * `"r-rfm"` they are R's `min` and `max + 1`; for `"rank"` bk is the first value of bin k+1.
   */
  edges: number[];
  /** `"given"` when `breaks` were used, else `"data"`. */
  source: "given" | "data";
}

/** What {@link scoreRfm} used, to reproduce the scores. */
export interface RfmScoreMeta {
  method: RfmMethod;
  customers: number;
  /**
   * `"right-closed"` for `"quantile"` (a value equal to an edge takes the lower bin), `"left-closed"`
   * for `"r-rfm"` (R's `[lower, upper)`), `"rank"` for equal-count bins.
   */
  intervals: "right-closed" | "left-closed" | "rank";
  /** Quantile definition used for data-driven edges. */
  quantile: "type-7" | null;
  /** Tie-break of the `"rank"` method. */
  tieBreak: "customerId" | null;
  recency: RfmDimensionMeta;
  frequency: RfmDimensionMeta;
  monetary: RfmDimensionMeta;
}

/** Result of {@link scoreRfm}. */
export interface ScoreRfmResult {
  /** One record per customer, in input order. */
  customers: RfmScore[];
  meta: RfmScoreMeta;
}

const binCount = z.number().int().min(2).max(10);
const breakList = z.array(z.number().finite()).min(1).max(9);

/** zod schema of {@link ScoreRfmOptions} (strict: unknown keys are rejected). */
export const scoreRfmOptionsSchema: OptionsSchema<ScoreRfmOptions> = defineOptions<ScoreRfmOptions>()({
  bins: z
    .union([binCount, z.strictObject({ recency: binCount.optional(), frequency: binCount.optional(), monetary: binCount.optional() })])
    .optional(),
  breaks: z.strictObject({ recency: breakList.optional(), frequency: breakList.optional(), monetary: breakList.optional() }).optional(),
  method: z.enum(["quantile", "r-rfm", "rank"]).optional(),
  fields: customerFieldsSchema.optional(),
  output: z.enum(["records", "columns"]).optional(),
});

type DimName = "recency" | "frequency" | "monetary";
const DIMS: readonly DimName[] = ["recency", "frequency", "monetary"];

/** Validated scoring settings, shared by {@link scoreRfm} and the segment functions. */
export interface RfmScoringPlan {
  method: RfmMethod;
  bins: Record<DimName, number>;
  breaks: Record<DimName, readonly number[] | undefined>;
}

/** Checks scoring options beyond their types (break order, bins vs breaks). */
export function planScoring(fn: string, opts: Pick<ScoreRfmOptions, "bins" | "breaks" | "method">): RfmScoringPlan {
  const bins = {} as Record<DimName, number>;
  const breaks = {} as Record<DimName, readonly number[] | undefined>;
  for (const d of DIMS) {
    const given = typeof opts.bins === "number" ? opts.bins : opts.bins?.[d];
    const br = opts.breaks?.[d];
    if (br) {
      for (let i = 1; i < br.length; i++) {
        if (!(br[i] > br[i - 1])) {
          throw new RangeError(`${fn}: breaks.${d} must be strictly increasing, got [${br.join(", ")}]`);
        }
      }
      if (given !== undefined && given !== br.length + 1) {
        // one number of bins for every dimension does not override a dimension's breaks silently
        const others = DIMS.filter((x) => !opts.breaks?.[x]);
        const advice =
          typeof opts.bins === "object"
            ? `leave bins.${d} out or give ${given - 1} breaks`
            : others.length === 0
              ? `leave bins out (every dimension has breaks) or give ${given - 1} breaks`
              : `give bins per dimension (bins: { ${others.map((x) => `${x}: ${given}`).join(", ")} }) or ${given - 1} breaks`;
        const name = typeof opts.bins === "object" ? `bins.${d}` : "bins";
        throw new RangeError(`${fn}: ${name} is ${given} but breaks.${d} has ${br.length} values (${br.length + 1} bins); ${advice}`);
      }
      bins[d] = br.length + 1;
    } else bins[d] = given ?? 5;
    breaks[d] = br;
  }
  return { method: opts.method ?? "quantile", bins, breaks };
}

/**
 * An edge of R rfm's bins: a value is at or above it when `v >= at`, or `v > at` when `strict`. R's
 * edges are quantile + 1 (and max + 1 on top); from 2^53 up the +1 is lost in rounding (q + 1 === q),
 * and R's `[lower, upper)` would put the customers equal to q, and the top bin's, in no bin at all.
 * There the edge is kept as "above q", which is what + 1 means for the whole numbers doubles are there.
 */
interface RfmEdge {
  at: number;
  strict: boolean;
}

/** The edge x + 1 of R rfm, exact where the double x + 1 loses the 1. */
function plusOne(x: number): RfmEdge {
  const e = x + 1;
  return e === x ? { at: x, strict: true } : { at: e, strict: false };
}

const atOrAbove = (v: number, e: RfmEdge): boolean => (e.strict ? v > e.at : v >= e.at);

/** R rfm's assignment: bins [lower_i, upper_i), the last matching i wins (R's loop order). */
function binRfm(v: number, lower: readonly RfmEdge[], upper: readonly RfmEdge[]): number {
  for (let i = lower.length - 1; i >= 0; i--) if (atOrAbove(v, lower[i]) && !atOrAbove(v, upper[i])) return i + 1;
  return 0;
}

/** First 0-based position of NTILE bin `b` (1-based) of n items in k bins: the first n mod k bins get one more. */
function ntileStart(b: number, n: number, k: number): number {
  return (b - 1) * Math.floor(n / k) + Math.min(b - 1, n % k);
}

/**
 * Equal-count bins over the order (value, customerId in code-unit order), as SQL `NTILE(bins) OVER
 * (ORDER BY value, customer_id)`, without ordering the customers: the values at the bin starts are
 * order statistics (selected, not sorted), and the bin of a value that no bin starts at is 1 + the bin
 * starts below it. Only the customers
 * whose value a bin starts at need their ids: among them, the id at the start's rank is selected
 * (quickselect on text), and the customers at or above it begin the next bin.
 */
function rankDimension(values: Float64Array, bins: number, out: Int32Array, ids: readonly string[]): RfmDimensionMeta {
  const n = values.length;
  // start positions of bins 2..bins that have a customer; their values are order statistics (no sort)
  const starts: number[] = [];
  for (let b = 2; b <= bins; b++) {
    const p = ntileStart(b, n, bins);
    if (p < n) starts.push(p);
  }
  const stats = orderStatistics(values, [0, n - 1, ...starts]);
  const startValues = starts.map((p) => stats.get(p)!);
  const edges: number[] = [stats.get(0)!];
  for (let b = 2; b <= bins; b++) edges.push(stats.get(Math.min(ntileStart(b, n, bins), n - 1))!);
  edges.push(stats.get(n - 1)!);
  const sv = Float64Array.from(startValues);
  const distinct = [...new Set(startValues)];
  const dv = Float64Array.from(distinct);
  const below = new Float64Array(distinct.length); // customers under each distinct start value
  const tied: number[][] = distinct.map(() => []); // the customers at each distinct start value
  for (let i = 0; i < n; i++) {
    const v = values[i];
    let b = 1;
    for (let j = 0; j < sv.length; j++) b += +(v > sv[j]);
    out[i] = b;
    for (let j = 0; j < dv.length; j++) {
      below[j] += +(v < dv[j]);
      if (v === dv[j]) tied[j].push(i);
    }
  }
  distinct.forEach((v, t) => {
    // the customers of value v hold positions below[t] .. below[t] + m − 1, in id order
    const members = tied[t];
    const group = members.map((i) => ids[i]);
    for (let j = 0; j < starts.length; j++) {
      if (startValues[j] !== v) continue;
      const threshold = selectText(group, starts[j] - below[t]);
      for (let q = 0; q < members.length; q++) if (!(ids[members[q]] < threshold)) out[members[q]]++;
    }
  });
  return { bins, edges, source: "data" };
}

/**
 * Scores one dimension into `out`. `flip`: recency, whose scores are reversed (`bins + 1 − score`: the
 * fewest days score highest), written reversed here rather than in a pass of their own.
 */
function scoreDimension(
  values: Float64Array,
  bins: number,
  breaks: readonly number[] | undefined,
  method: RfmMethod,
  out: Int32Array,
  ids: readonly string[],
  flip: boolean,
): RfmDimensionMeta {
  const n = values.length;
  if (method === "r-rfm" || (method === "rank" && !breaks)) {
    const meta = method === "rank" ? rankDimension(values, bins, out, ids) : rfmDimension(values, bins, breaks, out);
    if (flip) for (let i = 0; i < n; i++) out[i] = bins + 1 - out[i];
    return meta;
  }
  // "quantile", or given breaks under "rank": bins right-closed at the edges.
  // Whole numbers in a narrow range (days, orders): counted once, for the edges and the scores.
  const counted = breaks ? null : countValues(values);
  const inner = breaks ? breaks.slice() : quantilesType7(values, Array.from({ length: bins - 1 }, (_, j) => (j + 1) / bins), "linear", counted);
  // A score is 1 + the number of inner edges below the value, reversed for recency: bins − that number.
  // The inner edges (at most 9) are padded with +Infinity to nine, so the count is nine comparisons
  // written out (v > +Infinity adds nothing): no loop.
  const e = new Float64Array(9).fill(Infinity);
  e.set(inner);
  const [e0, e1, e2, e3, e4, e5, e6, e7, e8] = e;
  const one = flip ? bins : 1;
  const step = flip ? -1 : 1;
  if (counted) {
    // every value is a whole number min..max: its score looked up, the same comparisons made once per value
    const { min, max } = counted;
    const table = new Int32Array(max - min + 1);
    for (let t = 0; t < table.length; t++) {
      const v = min + t;
      table[t] = one + step * (+(v > e0) + +(v > e1) + +(v > e2) + +(v > e3) + +(v > e4) + +(v > e5) + +(v > e6) + +(v > e7) + +(v > e8));
    }
    scoreByTable(values, min, table, out);
    return { bins, edges: [min, ...inner, max], source: "data" };
  }
  // One pass scores the values and finds the extreme edges; with at most four inner edges (five bins or
  // fewer) the other five comparisons are left out (they add nothing).
  const range = inner.length <= 4 ? scoreByFourEdges(values, e, one, step, out) : scoreByNineEdges(values, e, one, step, out);
  return { bins, edges: [range[0], ...inner, range[1]], source: breaks ? "given" : "data" };
}

// The scoring loops are functions of their own: V8 optimizes a loop while its function first runs, and
// code after the loop that has not run yet then sends the call back to the interpreter (measured: up
// to five such returns per dimension in the first calls). A function that is only its loop has none.

/** `out[i] = table[values[i] − min]`: whole numbers min..max scored by a table per value. */
function scoreByTable(values: Float64Array, min: number, table: Int32Array, out: Int32Array): void {
  const n = values.length;
  for (let i = 0; i < n; i++) out[i] = table[values[i] - min];
}

/** `out[i] = one + step · (edges below values[i])` for at most four inner edges (`e[4..8]` are +Infinity); returns [min, max]. */
function scoreByFourEdges(values: Float64Array, e: Float64Array, one: number, step: number, out: Int32Array): Float64Array {
  const n = values.length;
  const [e0, e1, e2, e3] = e;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v < min) min = v;
    if (v > max) max = v;
    out[i] = one + step * (+(v > e0) + +(v > e1) + +(v > e2) + +(v > e3));
  }
  return Float64Array.of(min, max);
}

/** As {@link scoreByFourEdges} with up to nine inner edges. */
function scoreByNineEdges(values: Float64Array, e: Float64Array, one: number, step: number, out: Int32Array): Float64Array {
  const n = values.length;
  const [e0, e1, e2, e3, e4, e5, e6, e7, e8] = e;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v < min) min = v;
    if (v > max) max = v;
    out[i] = one + step * (+(v > e0) + +(v > e1) + +(v > e2) + +(v > e3) + +(v > e4) + +(v > e5) + +(v > e6) + +(v > e7) + +(v > e8));
  }
  return Float64Array.of(min, max);
}

/** The `"r-rfm"` method: R rfm's bounds and its `[lower, upper)` bins, the last matching one winning. */
function rfmDimension(values: Float64Array, bins: number, breaks: readonly number[] | undefined, out: Int32Array): RfmDimensionMeta {
  const n = values.length;
  // R's bounds start at the minimum and end at the maximum + 1: found before binning.
  let min = values[0];
  let max = values[0];
  for (const v of values) {
    if (v < min) min = v;
    else if (v > max) max = v;
  }
  let inner: number[];
  let innerEdges: RfmEdge[];
  if (breaks) {
    inner = breaks.slice();
    innerEdges = inner.map((at) => ({ at, strict: false }));
  } else {
    const by = 1 / bins; // R: seq(0, 1, length.out = bins + 1) is from + (0:bins) * by
    const probs = Array.from({ length: bins - 1 }, (_, j) => (j + 1) * by);
    const q = quantilesType7(values, probs, "r");
    inner = q.map((x) => x + 1);
    innerEdges = q.map(plusOne);
  }
  const lower = [{ at: min, strict: false }, ...innerEdges];
  const upper = [...innerEdges, plusOne(max)];
  for (let i = 0; i < n; i++) out[i] = binRfm(values[i], lower, upper);
  return { bins, edges: [min, ...inner, max + 1], source: breaks ? "given" : "data" };
}

/** Scores already-read customer columns (the core behind {@link scoreRfm}). */
export function scoreColumns(cols: CustomerColumns, plan: RfmScoringPlan): { r: Int32Array; f: Int32Array; m: Int32Array; meta: RfmScoreMeta } {
  const n = cols.ids.length;
  const r = new Int32Array(n);
  const f = new Int32Array(n);
  const m = new Int32Array(n);
  // Recency is reversed: the most recent customers (fewest days) get the highest score.
  const metaR = scoreDimension(cols.recencyDays, plan.bins.recency, plan.breaks.recency, plan.method, r, cols.ids, true);
  const metaF = scoreDimension(cols.frequency, plan.bins.frequency, plan.breaks.frequency, plan.method, f, cols.ids, false);
  const metaM = scoreDimension(cols.monetary, plan.bins.monetary, plan.breaks.monetary, plan.method, m, cols.ids, false);
  const rankOnly = plan.method === "rank";
  return {
    r,
    f,
    m,
    meta: {
      method: plan.method,
      customers: n,
      intervals: plan.method === "r-rfm" ? "left-closed" : rankOnly ? "rank" : "right-closed",
      quantile: rankOnly ? null : "type-7",
      tieBreak: rankOnly ? "customerId" : null,
      recency: metaR,
      frequency: metaF,
      monetary: metaM,
    },
  };
}

/**
 * The cell code of three scores: the digits joined (`"543"`), or joined by `-` when any score has two
 * digits (`"10-5-3"`), so cells stay unambiguous with 10 bins. A score that is not a whole number
 * 1..10 is a `RangeError`.
 *
 * @example
 * rfmCell(5, 4, 3);  //=> "543"
 * rfmCell(10, 5, 3); //=> "10-5-3"
 */
export function rfmCell(r: number, f: number, m: number): string {
  for (const [name, v] of [["r", r], ["f", f], ["m", m]] as const) {
    if (!(Number.isInteger(v) && v >= 1 && v <= 10)) throw new RangeError(`rfmCell: ${name} must be a whole score 1..10, got ${typeof v === "number" ? v : typeof v}`);
  }
  return r < 10 && f < 10 && m < 10 ? `${r}${f}${m}` : `${r}-${f}-${m}`;
}

/** The cell code of every customer ({@link rfmCell}), one string per distinct cell (at most 1,000), not one per customer. */
export function cellColumn(r: Int32Array, f: Int32Array, m: Int32Array): string[] {
  const n = r.length;
  const cells: (string | undefined)[] = new Array(11 * 121).fill(undefined);
  const out: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const key = r[i] * 121 + f[i] * 11 + m[i];
    out[i] = cells[key] ?? (cells[key] = rfmCell(r[i], f[i], m[i]));
  }
  return out;
}

/**
 * Scores each customer 1..bins on recency, frequency and monetary value; recency is reversed (fewer
 * days since the last purchase = higher `r`). `"quantile"` (default) cuts at
 * [type-7 quantiles](../../docs/glossary.md#type-7-quantile), right-closed, ties sharing a score;
 * `"r-rfm"` reproduces R `rfm` 0.3.0 bit for bit; `"rank"` makes equal-count bins (SQL `NTILE`, ties
 * split by customer id). `breaks` replace the data-driven edges of a dimension. Details:
 * docs/rfm-scores.md. Cost linear in the customers, expected (no sort): each id hashed once for the
 * duplicate check, each dimension's edges by counting (whole numbers in a narrow range) or radix
 * selection, each score a table lookup or at most nine comparisons; `"rank"` adds a selection among
 * the ids tied at a bin's first value. The input is not modified, and no array of the result is one
 * of the input's (`Float64Array` columns are read in place and copied only into `output: "columns"`).
 *
 * @param customers - Customer-level records: `CustomerSummary` or any records with `customerId`,
 *   `recencyDays`, `frequency`, `monetary` (or mapped with `options.fields`).
 * @returns `customers`: one {@link RfmScore} per customer, input order; `meta`: bins and edges per dimension.
 * @throws {AnalyticsInputError} `empty_input`, `missing_field`, `missing_customer_id`,
 *   `duplicate_customer`, `invalid_value` (non-finite value, negative recency or frequency),
 *   `invalid_row`, `unreadable_field`; paths `["records", i, field]`.
 * @throws {TypeError | RangeError} On bad options (`scoreRfm: options.bins: ...`, unknown keys).
 *
 * @example
 * const { customers, meta } = scoreRfm([
 *   { customerId: "a", recencyDays: 3, frequency: 9, monetary: 900 },
 *   { customerId: "b", recencyDays: 40, frequency: 2, monetary: 80 },
 *   { customerId: "c", recencyDays: 400, frequency: 1, monetary: 15 },
 * ], { bins: 3 });
 * customers.map((c) => c.cell); //=> ["333", "222", "111"]
 * meta.recency.edges;           //=> [3, 27.666666666666664, 159.99999999999997, 400]
 *
 * @see Hughes, A. M. (1994). *Strategic Database Marketing*. Probus. Hebbali, A. (2024). rfm 0.3.0 (R package).
 */
export function scoreRfm<Row = any>(customers: CustomerInput<Row>, options: ScoreRfmOptions<Row> & { output: "columns" }): ScoreRfmColumnsResult;
export function scoreRfm<Row = any>(customers: CustomerInput<Row>, options?: ScoreRfmOptions<Row>): ScoreRfmResult;
export function scoreRfm<Row = any>(customers: CustomerInput<Row>, options: ScoreRfmOptions<Row> = {}): ScoreRfmResult | ScoreRfmColumnsResult {
  const fn = "scoreRfm";
  const opts = parseOptions(fn, scoreRfmOptionsSchema, options);
  const plan = planScoring(fn, opts);
  // the scoring only reads the columns: plain Float64Array input columns are read in place, and
  // copied (as they are) only when they go out in the result
  const cols = readCustomerColumns(fn, customers, opts.fields as CustomerFields<Row> | undefined, true);
  const { r, f, m, meta } = scoreColumns(cols, plan);
  const { ids, recencyDays, frequency, monetary, inPlace } = cols;
  const n = ids.length;
  const cell = cellColumn(r, f, m);
  if (opts.output === "columns") {
    const own = (c: Float64Array, shared: boolean): Float64Array => (shared ? new Float64Array(c) : c);
    return { columns: { customerId: ids, recencyDays: own(recencyDays, inPlace.recencyDays), frequency: own(frequency, inPlace.frequency), monetary: own(monetary, inPlace.monetary), r, f, m, cell }, meta };
  }
  const records: RfmScore[] = new Array(n);
  for (let i = 0; i < n; i++) {
    records[i] = {
      customerId: ids[i],
      recencyDays: recencyDays[i],
      frequency: frequency[i],
      monetary: monetary[i],
      r: r[i],
      f: f[i],
      m: m[i],
      cell: cell[i],
    };
  }
  return { customers: records, meta };
}
