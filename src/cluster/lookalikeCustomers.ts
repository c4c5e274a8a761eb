import { z } from "zod";
import { AnalyticsInputError, describeValue, inputIssue, isAnalyticsInputError, type InputIssue } from "../errors.js";
import { isUnsafeIdNumber, readCustomerId, thrownMessage } from "../input/readRecords.js";
import { defineOptions, parseOptions, type OptionsSchema } from "../options.js";
import { mulberry32 } from "../internal/random.js";
import { clusterCustomersOptionsSchema } from "./clusterCustomers.js";
import { fitScaling, overflowAt, readFeatures, transform, type ClusterScaling, type FeatureMatrix, type FeatureSite } from "./features.js";

/** Options of {@link lookalikeCustomers}. */
export interface LookalikeCustomersOptions<Row = any> {
  /**
   * The reference group (e.g. loyal customers): a list of customer ids of `records` (strings, or finite
   * numbers compared as their decimal text, as the records' ids are), or a predicate
   * `(record, index) => boolean` on the records (e.g. `r => r.segment === "important_value"` on
   * `segmentRfm` output joined to the summaries).
   */
  reference: readonly (string | number)[] | ((record: Row, index: number) => boolean);
  /**
   * Customers to score (prospects), read like `records` (issue paths `["candidates", i, feature]`).
   * Default: the `records` themselves.
   */
  candidates?: Iterable<any>;
  /** Distinct numeric fields to compare on (default `["recencyDays", "frequency", "monetary"]`). */
  features?: string[];
  /**
   * The scaling of `clusterCustomers`: `"log1p-zscore"` (default: signed log1p, then z-score),
   * `"zscore"`, `"minmax"` or `"none"`; fitted on the reference customers and the candidates.
   */
  scaling?: ClusterScaling;
  /** Number of nearest reference customers whose mean distance makes the score (default 5; 1..1000). */
  k?: number;
  /** Score the reference customers too (default false: a candidate whose id is in the reference is left out). */
  includeReference?: boolean;
  /** Search among at most this many reference customers, a seeded sample of them when there are more (default: all). */
  referenceSample?: number;
  /** Seed of the reference sample (default 42); returned in `meta`. */
  seed?: number;
}

/** One reference customer near a candidate. */
export interface LookalikeNeighbour {
  customerId: string;
  /** Euclidean distance in scaled space. */
  distance: number;
}

/** One scored candidate. */
export interface LookalikeCustomer {
  customerId: string;
  /** 1 for the most similar candidate; ties of `distance` in input order (ranks are distinct). */
  rank: number;
  /** `1 / (1 + distance)`: in (0, 1], 1 exactly when `distance` is 0. */
  similarity: number;
  /** Mean Euclidean distance (scaled space) to the `k` nearest reference customers. */
  distance: number;
  /** Whether the candidate is itself a reference customer (only with `includeReference`). */
  isReference: boolean;
  /** The `k` nearest reference customers, nearest first; equal distances in the records' order. */
  nearest: LookalikeNeighbour[];
}

/** What {@link lookalikeCustomers} used. */
export interface LookalikeCustomersMeta {
  /** Number of candidates scored. */
  customers: number;
  k: number;
  /** `"ids"` or `"predicate"`: how the reference was given. */
  referenceBy: "ids" | "predicate";
  /** Number of reference customers selected. */
  referenceCustomers: number;
  /** Number of reference customers searched (fewer when sampled). */
  referenceSearched: number;
  /** Whether the searched reference is a seeded sample. */
  referenceSampled: boolean;
  referenceSample: number | null;
  seed: number;
  includeReference: boolean;
  /** Candidates left out because they are reference customers (0 with `includeReference`). */
  candidatesExcluded: number;
  /** `"records"` (the records were scored) or `"candidates"` (a separate list). */
  candidatesFrom: "records" | "candidates";
  features: string[];
  scaling: ClusterScaling;
  /** The fitted scaling, as `clusterCustomers`' model: per feature `(f(x) − center) / scale`. */
  center: number[];
  scale: number[];
  /** Number of customers the scaling was fitted on (the records, or the reference plus the candidates). */
  scalingFittedOn: number;
  /** `"kd-tree"` (more than 64 reference customers searched) or `"brute-force"`. */
  search: "kd-tree" | "brute-force";
}

/** Result of {@link lookalikeCustomers}. */
export interface LookalikeCustomersResult {
  /** One record per scored candidate, most similar first. */
  customers: LookalikeCustomer[];
  meta: LookalikeCustomersMeta;
}

const FN = "lookalikeCustomers";
const DEFAULT_FEATURES = ["recencyDays", "frequency", "monetary"];
/** Reference sizes up to this are searched by brute force; above it a k-d tree. */
const BRUTE_FORCE_MAX = 64;
/** Points per leaf of the k-d tree. */
const LEAF_SIZE = 12;

/** zod schema of {@link LookalikeCustomersOptions}. */
export const lookalikeCustomersOptionsSchema: OptionsSchema<LookalikeCustomersOptions> = defineOptions<LookalikeCustomersOptions>()({
  reference: z.union([
    z.array(z.union([z.string().refine((s) => s.trim().length > 0, "customer ids must have a non-blank character"), z.number().finite()])),
    z.custom<(record: any, index: number) => boolean>((v) => typeof v === "function"),
  ], { error: "expected an array of customer ids or a function (record, index) => boolean" }),
  candidates: z
    .custom<Iterable<any>>((v) => typeof v === "object" && v !== null && typeof (v as Iterable<unknown>)[Symbol.iterator] === "function", {
      message: "expected an array (or iterable) of customer records",
    })
    .optional(),
  features: clusterCustomersOptionsSchema.shape.features,
  scaling: clusterCustomersOptionsSchema.shape.scaling,
  k: z.number().int().min(1).max(1000).optional(),
  includeReference: z.boolean().optional(),
  referenceSample: z.number().int().min(1).optional(),
  seed: z.number().int().optional(),
});

/** Indices (into the records) of the reference customers, in the records' order. */
function selectReference<Row>(data: FeatureMatrix<Row>, reference: LookalikeCustomersOptions<Row>["reference"]): Int32Array {
  const n = data.n;
  const chosen = new Uint8Array(n);
  if (typeof reference === "function") {
    const issues: InputIssue[] = [];
    let total = 0;
    for (let i = 0; i < n; i++) {
      let v: unknown;
      try {
        v = reference(data.rows[i], i);
      } catch (error) {
        total++;
        if (issues.length < 20) issues.push(inputIssue("unreadable_field", ["records", i, "reference"], `options.reference threw: ${thrownMessage(error)}`, data.ids[i]));
        continue;
      }
      if (v === true) chosen[i] = 1;
      else if (v !== false) {
        total++;
        if (issues.length < 20) issues.push(inputIssue("invalid_value", ["records", i, "reference"], `options.reference must return true or false, got ${describeValue(v)}`, data.ids[i]));
      }
    }
    if (issues.length > 0) throw new AnalyticsInputError(FN, issues, total);
  } else {
    const at = new Map<string, number>();
    data.ids.forEach((id, i) => at.set(id, i));
    const unknown: string[] = [];
    let unknownCount = 0;
    for (const raw of reference) {
      if (isUnsafeIdNumber(raw)) throw new RangeError(`${FN}: options.reference: customer id ${raw} is beyond ±2^53, where different integers become one number; give such ids as text`);
      const id = readCustomerId(raw)!;
      const i = at.get(id);
      if (i === undefined) {
        unknownCount++;
        if (unknown.length < 5) unknown.push(JSON.stringify(id));
      } else chosen[i] = 1;
    }
    if (unknownCount > 0) {
      throw new RangeError(`${FN}: options.reference: ${unknownCount} customer id${unknownCount > 1 ? "s are" : " is"} not in the records: ${unknown.join(", ")}${unknownCount > 5 ? ", …" : ""}`);
    }
  }
  let m = 0;
  for (let i = 0; i < n; i++) m += chosen[i];
  if (m === 0) throw new RangeError(`${FN}: options.reference selects no customer of the ${n} records`);
  const out = new Int32Array(m);
  for (let i = 0, p = 0; i < n; i++) if (chosen[i]) out[p++] = i;
  return out;
}

/** A seeded sample of `size` of the reference indices (partial Fisher–Yates), back in the records' order. */
function sampleReference(ref: Int32Array, size: number, seed: number): Int32Array {
  const idx = ref.slice();
  const rand = mulberry32(seed);
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(rand() * (idx.length - i));
    const t = idx[i];
    idx[i] = idx[j];
    idx[j] = t;
  }
  return idx.slice(0, size).sort();
}

/** `v · 2^e`, in steps of at most 2^±1000 so no factor overflows (exact unless the result is subnormal). */
function timesPowerOfTwo(v: number, e: number): number {
  while (e > 1000) {
    v *= 2 ** 1000;
    e -= 1000;
  }
  while (e < -1000) {
    v *= 2 ** -1000;
    e += 1000;
  }
  return v * 2 ** e;
}

/** Rows `rows` of a row-major matrix, stacked. */
function pickRows(x: Float64Array, d: number, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length * d);
  for (let p = 0; p < rows.length; p++) for (let j = 0; j < d; j++) out[p * d + j] = x[rows[p] * d + j];
  return out;
}

/**
 * The exact k nearest reference points of each query, as positions in the reference order with squared
 * distances, nearest first; equal squared distances in reference order. One key, (squared distance,
 * position), orders every comparison, so the k-d tree and the brute-force scan return the same lists.
 */
interface Neighbours {
  index: Int32Array;
  sq: Float64Array;
}

/**
 * Static k-d tree over m points (row-major, d columns): split at the median of the widest coordinate,
 * leaves of up to LEAF_SIZE points, each node with its tight bounding box. A query visits the nearer
 * child first and skips a node whose box is farther than the current k-th neighbour (strictly: a box
 * at exactly that distance may hold an earlier point with the same distance). Rounding cannot make it
 * skip a point: a box's computed distance never exceeds a computed distance to a point inside it
 * (subtraction, squaring and addition are monotone in floating point).
 */
function kdTreeSearch(ref: Float64Array, m: number, q: Float64Array, nq: number, d: number, k: number): Neighbours {
  const perm = new Int32Array(m);
  for (let i = 0; i < m; i++) perm[i] = i;
  const maxNodes = 2 * Math.ceil(m / (LEAF_SIZE / 2)) + 1;
  const start = new Int32Array(maxNodes);
  const end = new Int32Array(maxNodes);
  const left = new Int32Array(maxNodes).fill(-1);
  const right = new Int32Array(maxNodes).fill(-1);
  const lo = new Float64Array(maxNodes * d);
  const hi = new Float64Array(maxNodes * d);
  let nodes = 0;
  const stack: number[] = [];
  const newNode = (s: number, e: number) => {
    const id = nodes++;
    start[id] = s;
    end[id] = e;
    for (let j = 0; j < d; j++) {
      let a = Infinity;
      let b = -Infinity;
      for (let t = s; t < e; t++) {
        const v = ref[perm[t] * d + j];
        if (v < a) a = v;
        if (v > b) b = v;
      }
      lo[id * d + j] = a;
      hi[id * d + j] = b;
    }
    return id;
  };
  stack.push(newNode(0, m));
  while (stack.length > 0) {
    const id = stack.pop()!;
    const s = start[id];
    const e = end[id];
    if (e - s <= LEAF_SIZE) continue;
    let dim = 0;
    let spread = -1;
    for (let j = 0; j < d; j++) {
      const w = hi[id * d + j] - lo[id * d + j];
      if (w > spread) [spread, dim] = [w, j];
    }
    if (!(spread > 0)) continue; // all points equal: one leaf
    // quickselect the median of `dim` into place (Hoare partition on perm[s..e))
    const mid = (s + e) >> 1;
    let a = s;
    let b = e - 1;
    while (a < b) {
      const pivot = ref[perm[(a + b) >> 1] * d + dim];
      let i = a;
      let j = b;
      while (i <= j) {
        while (ref[perm[i] * d + dim] < pivot) i++;
        while (ref[perm[j] * d + dim] > pivot) j--;
        if (i <= j) {
          const t = perm[i];
          perm[i] = perm[j];
          perm[j] = t;
          i++;
          j--;
        }
      }
      if (mid <= j) b = j;
      else if (mid >= i) a = i;
      else break;
    }
    left[id] = newNode(s, mid);
    right[id] = newNode(mid, e);
    stack.push(right[id], left[id]);
  }
  // points in tree order, for locality
  const pts = new Float64Array(m * d);
  for (let t = 0; t < m; t++) for (let j = 0; j < d; j++) pts[t * d + j] = ref[perm[t] * d + j];

  const index = new Int32Array(nq * k);
  const sq = new Float64Array(nq * k);
  const bestD = new Float64Array(k);
  const bestI = new Int32Array(k);
  const nodeStack = new Int32Array(maxNodes);
  const boundStack = new Float64Array(maxNodes);
  const boxDistance = (node: number, qo: number) => {
    let s = 0;
    for (let j = 0; j < d; j++) {
      const v = q[qo + j];
      const a = lo[node * d + j];
      const b = hi[node * d + j];
      const g = v < a ? a - v : v > b ? v - b : 0;
      s += g * g;
    }
    return s;
  };
  for (let c = 0; c < nq; c++) {
    const qo = c * d;
    let count = 0;
    let top = 0;
    nodeStack[top] = 0;
    boundStack[top++] = 0;
    while (top > 0) {
      top--;
      const node = nodeStack[top];
      if (count === k && boundStack[top] > bestD[k - 1]) continue;
      const l = left[node];
      if (l < 0) {
        for (let t = start[node]; t < end[node]; t++) {
          let s = 0;
          for (let j = 0; j < d; j++) {
            const diff = q[qo + j] - pts[t * d + j];
            s += diff * diff;
          }
          const p = perm[t];
          if (count < k) count++;
          else if (s > bestD[k - 1] || (s === bestD[k - 1] && p > bestI[k - 1])) continue;
          let pos = count - 1;
          while (pos > 0 && (bestD[pos - 1] > s || (bestD[pos - 1] === s && bestI[pos - 1] > p))) {
            bestD[pos] = bestD[pos - 1];
            bestI[pos] = bestI[pos - 1];
            pos--;
          }
          bestD[pos] = s;
          bestI[pos] = p;
        }
        continue;
      }
      const r = right[node];
      const bl = boxDistance(l, qo);
      const br = boxDistance(r, qo);
      // push the farther child first so the nearer one is searched first; a child farther than the
      // k-th neighbour is not pushed at all
      const worst = count === k ? bestD[k - 1] : Infinity;
      if (bl <= br) {
        if (br <= worst) {
          nodeStack[top] = r;
          boundStack[top++] = br;
        }
        if (bl <= worst) {
          nodeStack[top] = l;
          boundStack[top++] = bl;
        }
      } else {
        if (bl <= worst) {
          nodeStack[top] = l;
          boundStack[top++] = bl;
        }
        if (br <= worst) {
          nodeStack[top] = r;
          boundStack[top++] = br;
        }
      }
    }
    index.set(bestI, c * k);
    sq.set(bestD, c * k);
  }
  return { index, sq };
}

/** Every reference point against every query: the same key and insertion as the k-d tree's leaves. */
function bruteForceSearch(ref: Float64Array, m: number, q: Float64Array, nq: number, d: number, k: number): Neighbours {
  const index = new Int32Array(nq * k);
  const sq = new Float64Array(nq * k);
  const bestD = new Float64Array(k);
  const bestI = new Int32Array(k);
  for (let c = 0; c < nq; c++) {
    let count = 0;
    for (let p = 0; p < m; p++) {
      let s = 0;
      for (let j = 0; j < d; j++) {
        const diff = q[c * d + j] - ref[p * d + j];
        s += diff * diff;
      }
      if (count < k) count++;
      else if (s >= bestD[k - 1]) continue; // p is later than every point kept
      let pos = count - 1;
      while (pos > 0 && bestD[pos - 1] > s) {
        bestD[pos] = bestD[pos - 1];
        bestI[pos] = bestI[pos - 1];
        pos--;
      }
      bestD[pos] = s;
      bestI[pos] = p;
    }
    index.set(bestI, c * k);
    sq.set(bestD, c * k);
  }
  return { index, sq };
}

/**
 * Positions 0..n−1 ordered by `values` (finite, ≥ +0), ties in position order: a stable LSD radix sort
 * on the IEEE-754 bits (for non-negative doubles their order as unsigned integers is the numbers'
 * order), four passes of 16 bits. At a million values several times faster than a comparator sort.
 */
function rankOrder(values: Float64Array): Uint32Array {
  const n = values.length;
  const words = new Uint32Array(values.buffer, values.byteOffset, n * 2);
  // little- or big-endian: find the word holding the sign and exponent
  const hiWord = new Uint32Array(new Float64Array([1]).buffer)[1] === 0x3ff00000 ? 1 : 0;
  let order = new Uint32Array(n);
  let next = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const count = new Uint32Array(65537);
  for (let pass = 0; pass < 4; pass++) {
    const w = pass < 2 ? 1 - hiWord : hiWord;
    const shift = pass % 2 === 0 ? 0 : 16;
    count.fill(0);
    for (let i = 0; i < n; i++) count[((words[i * 2 + w] >>> shift) & 0xffff) + 1]++;
    let single = false;
    for (let b = 1; b <= 65536 && !single; b++) single = count[b] === n;
    if (single) continue; // every value has this digit: the order stands
    for (let b = 1; b <= 65536; b++) count[b] += count[b - 1];
    for (let i = 0; i < n; i++) {
      const p = order[i];
      next[count[(words[p * 2 + w] >>> shift) & 0xffff]++] = p;
    }
    [order, next] = [next, order];
  }
  return order;
}

/** The `overflow` issue of the scaling fit, moved from the stacked matrix to the input it came from. */
function relocate(error: unknown, nRef: number, refRows: Int32Array): unknown {
  if (!isAnalyticsInputError(error)) return error;
  const issues = error.issues.map((issue) => {
    const row = issue.path[1];
    if (issue.path[0] !== "stacked" || typeof row !== "number") return issue;
    const path = row < nRef ? ["records", refRows[row], ...issue.path.slice(2)] : ["candidates", row - nRef, ...issue.path.slice(2)];
    return inputIssue(issue.code, path, issue.message, issue.customerId);
  });
  return new AnalyticsInputError(FN, issues);
}

/**
 * Look-alike customers (选择与忠诚客户具有相似特征的客户): scores every candidate by how close it is to a
 * reference group (loyal customers, the important-value segment) on chosen features, scaled as
 * `clusterCustomers` scales them. A candidate's `distance` is the mean Euclidean distance (in scaled
 * space) to its `k` nearest reference customers, found exactly (k-d tree; brute force up to 64
 * reference customers); `similarity` is `1 / (1 + distance)`. Candidates are the records (reference
 * customers left out unless `includeReference`) or a separate `candidates` list; the scaling is fitted
 * on the reference customers together with the candidates (the records when no list is given).
 * Deterministic: ties in input order; a `referenceSample` is drawn with `seed`. Method: docs/clusters.md.
 *
 * @returns `customers` (most similar first, each with `rank`, `similarity`, `distance` and its `nearest`
 *   reference customers) and `meta` (the reference, the fitted scaling, the search used).
 * @throws {AnalyticsInputError} Bad records or candidates (paths `["records", i, feature]`,
 *   `["candidates", i, feature]`); a predicate that throws or returns a non-boolean (`["records", i,
 *   "reference"]`); `overflow` when a scaling or distance is beyond the largest double.
 * @throws {RangeError | TypeError} Bad or unknown options, an empty reference, ids not in the records,
 *   `k` above the reference customers searched, prefixed `lookalikeCustomers:`.
 * @example
 * const { customers } = lookalikeCustomers(
 *   [{ customerId: "a", x: 0 }, { customerId: "b", x: 1 }, { customerId: "c", x: 3 }, { customerId: "d", x: 10 }],
 *   { reference: ["a", "b"], features: ["x"], scaling: "none", k: 2 },
 * );
 * customers.map((c) => [c.customerId, c.distance]); //=> [["c", 2.5], ["d", 9.5]]
 * customers[0].similarity;                          //=> 0.2857142857142857
 * customers[0].nearest;                             //=> [{ customerId: "b", distance: 2 }, { customerId: "a", distance: 3 }]
 * @see Bentley, J. L. (1975). Multidimensional binary search trees used for associative searching. CACM 18(9).
 * @see Friedman, J. H., Bentley, J. L. & Finkel, R. A. (1977). An algorithm for finding best matches in logarithmic expected time. ACM TOMS 3(3).
 */
export function lookalikeCustomers<Row = any>(records: Iterable<Row>, options: LookalikeCustomersOptions<Row>): LookalikeCustomersResult {
  const opts = parseOptions(FN, lookalikeCustomersOptionsSchema, options);
  const features = opts.features ?? DEFAULT_FEATURES;
  const scaling = opts.scaling ?? "log1p-zscore";
  const k = opts.k ?? 5;
  const includeReference = opts.includeReference ?? false;
  const seed = opts.seed ?? 42;
  const referenceBy = typeof opts.reference === "function" ? "predicate" : "ids";
  if (referenceBy === "ids" && (opts.reference as readonly unknown[]).length === 0) throw new RangeError(`${FN}: options.reference: the list of reference customer ids is empty`);

  const data = readFeatures(FN, records, features, "records");
  const d = data.d;
  const recordSite: FeatureSite = { fn: FN, source: "records", features, ids: data.ids };
  const refAll = selectReference(data, opts.reference as LookalikeCustomersOptions<Row>["reference"]);
  const isRef = new Uint8Array(data.n);
  for (const i of refAll) isRef[i] = 1;

  // candidates: positions into their own matrix, and whether each is a reference customer
  const separate = opts.candidates !== undefined;
  const cand = separate ? readFeatures(FN, opts.candidates!, features, "candidates") : data;
  const candSite: FeatureSite = separate ? { fn: FN, source: "candidates", features, ids: cand.ids } : recordSite;
  const candRef = new Uint8Array(cand.n);
  if (separate) {
    const refIds = new Set<string>();
    for (const i of refAll) refIds.add(data.ids[i]);
    for (let c = 0; c < cand.n; c++) if (refIds.has(cand.ids[c])) candRef[c] = 1;
  } else candRef.set(isRef);
  const scored: number[] = [];
  for (let c = 0; c < cand.n; c++) if (includeReference || !candRef[c]) scored.push(c);
  const candRows = Int32Array.from(scored);

  // the scaling, fitted on the reference customers and the candidates
  let fitted;
  let scalingFittedOn: number;
  if (!separate) {
    fitted = fitScaling(data.raw, data.n, d, scaling, recordSite);
    scalingFittedOn = data.n;
  } else {
    const stacked = new Float64Array((refAll.length + cand.n) * d);
    stacked.set(pickRows(data.raw, d, refAll), 0);
    stacked.set(cand.raw, refAll.length * d);
    const stackedIds = [...Array.from(refAll, (i) => data.ids[i]), ...cand.ids];
    scalingFittedOn = refAll.length + cand.n;
    try {
      fitted = fitScaling(stacked, scalingFittedOn, d, scaling, { fn: FN, source: "stacked", features, ids: stackedIds });
    } catch (error) {
      throw relocate(error, refAll.length, refAll);
    }
  }

  let refUsed = refAll;
  const referenceSample = opts.referenceSample ?? null;
  const referenceSampled = referenceSample !== null && refAll.length > referenceSample;
  if (referenceSampled) refUsed = sampleReference(refAll, referenceSample, seed);
  const m = refUsed.length;
  if (k > m) {
    throw new RangeError(`${FN}: options.k = ${k} exceeds the ${m} reference customer${m === 1 ? "" : "s"} ${referenceSampled ? "sampled" : "selected"}`);
  }

  // Transform only rows the scaling was fitted on (a record that is neither reference nor candidate
  // may lie far outside it); an issue names the row of the input it came from.
  let refX: Float64Array;
  try {
    refX = transform(pickRows(data.raw, d, refUsed), m, d, fitted, { fn: FN, source: "stacked", features, ids: Array.from(refUsed, (i) => data.ids[i]) });
  } catch (error) {
    throw relocate(error, m, refUsed);
  }
  const nq = candRows.length;
  const q = pickRows(transform(cand.raw, cand.n, d, fitted, candSite), d, candRows);

  // Rescale every coordinate by one power of two so the largest magnitude is about 2^480: exact (a
  // power of two changes no digit, short of subnormals), and no squared distance can overflow, however
  // large (scaling "none") or small the values.
  let maxAbs = 0;
  for (let t = 0; t < refX.length; t++) maxAbs = Math.max(maxAbs, Math.abs(refX[t]));
  for (let t = 0; t < q.length; t++) maxAbs = Math.max(maxAbs, Math.abs(q[t]));
  const e = maxAbs > 0 ? 480 - Math.ceil(Math.log2(maxAbs)) : 0;
  if (e !== 0) {
    const f = 2 ** e; // finite and > 0 for |e| <= 1000; else by steps
    const small = Math.abs(e) <= 1000;
    for (let t = 0; t < refX.length; t++) refX[t] = small ? refX[t] * f : timesPowerOfTwo(refX[t], e);
    for (let t = 0; t < q.length; t++) q[t] = small ? q[t] * f : timesPowerOfTwo(q[t], e);
  }
  const back = (v: number) => (e === 0 ? v : timesPowerOfTwo(v, -e));

  const useTree = m > BRUTE_FORCE_MAX;
  const found = useTree ? kdTreeSearch(refX, m, q, nq, d, k) : bruteForceSearch(refX, m, q, nq, d, k);

  const distance = new Float64Array(nq);
  const sqrtCache = new Float64Array(k);
  const out: LookalikeCustomer[] = new Array(nq);
  for (let c = 0; c < nq; c++) {
    let sum = 0;
    for (let t = 0; t < k; t++) {
      sqrtCache[t] = Math.sqrt(found.sq[c * k + t]);
      sum += sqrtCache[t];
    }
    const mean = back(sum / k);
    const far = back(sqrtCache[k - 1]);
    if (!Number.isFinite(mean) || !Number.isFinite(far)) {
      let j = 0;
      for (let t = 1; t < d; t++) if (Math.abs(q[c * d + t]) > Math.abs(q[c * d + j])) j = t;
      throw overflowAt({ ...candSite }, candRows[c], j, `the distance to the nearest reference customers is beyond the largest double (1.8e308)`);
    }
    distance[c] = mean;
    const nearest: LookalikeNeighbour[] = new Array(k);
    for (let t = 0; t < k; t++) nearest[t] = { customerId: data.ids[refUsed[found.index[c * k + t]]], distance: back(sqrtCache[t]) };
    const row = candRows[c];
    out[c] = { customerId: cand.ids[row], rank: 0, similarity: 1 / (1 + mean), distance: mean, isReference: candRef[row] === 1, nearest };
  }
  // rank: by distance, ties in input order
  const order = rankOrder(distance);
  const customers: LookalikeCustomer[] = new Array(nq);
  for (let r = 0; r < nq; r++) {
    const rec = out[order[r]];
    rec.rank = r + 1;
    customers[r] = rec;
  }
  return {
    customers,
    meta: {
      customers: nq,
      k,
      referenceBy,
      referenceCustomers: refAll.length,
      referenceSearched: m,
      referenceSampled,
      referenceSample,
      seed,
      includeReference,
      candidatesExcluded: cand.n - nq,
      candidatesFrom: separate ? "candidates" : "records",
      features: features.slice(),
      scaling,
      center: fitted.center.slice(),
      scale: fitted.scale.slice(),
      scalingFittedOn,
      search: useTree ? "kd-tree" : "brute-force",
    },
  };
}
