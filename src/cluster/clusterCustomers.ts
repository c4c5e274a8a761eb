import { z } from "zod";
import { AnalyticsInputError, describeValue, type InputIssue } from "../errors.js";
import { parseOptions } from "../options.js";
import { compensatedMean } from "../internal/mean.js";
import { CLASSIC_SEGMENTS } from "../rfm/segmentDefinitions.js";
import { kmeans, type KMeansRun } from "./kmeans.js";

/** How features are scaled before clustering. */
export type ClusterScaling = "log1p-zscore" | "zscore" | "minmax" | "none";

/** Options of {@link clusterCustomers}. */
export interface ClusterCustomersOptions {
  /** Number of clusters, ≥ 1. */
  k: number;
  /** Numeric fields to cluster on (default `["recencyDays", "frequency", "monetary"]`). */
  features?: string[];
  /**
   * `"log1p-zscore"` (default): signed log1p (sign(x)·ln(1 + |x|)) then z-score, which tames the long
   * tails of frequency and monetary; `"zscore"`; `"minmax"` (to [0, 1]); `"none"`.
   */
  scaling?: ClusterScaling;
  /** Seed of the k-means++ starts (default 42); the same seed gives the same result everywhere. */
  seed?: number;
  /** Number of k-means++ starts; the lowest inertia wins (default 10, scikit-learn's n_init). */
  restarts?: number;
  /** Lloyd iterations per start (default 300). */
  maxIterations?: number;
  /** Convergence: total squared centre shift ≤ tolerance × mean feature variance (default 1e-4, as scikit-learn). */
  tolerance?: number;
}

/** The feature transform, so new customers can be placed with {@link assignCluster}. */
export interface ClusterModel {
  features: string[];
  scaling: ClusterScaling;
  /** Per feature: subtracted after the optional log1p (mean, or minimum for min-max; 0 for none). */
  center: number[];
  /** Per feature: divisor (standard deviation, or range; 1 for none or a constant feature). */
  scale: number[];
  /** Centroids in scaled space, one array per cluster. */
  centroids: number[][];
}

/** One customer's cluster. */
export interface ClusterAssignment {
  customerId: string;
  /** Cluster index 0..k−1. */
  cluster: number;
  /** Euclidean distance to the cluster's centroid in scaled space. */
  distance: number;
}

/** What a cluster looks like, in the original units. */
export interface ClusterProfile {
  cluster: number;
  size: number;
  share: number;
  /** Mean of each feature over the members, original units (keyed by feature name). */
  centroid: Record<string, number>;
  /** Means of recencyDays, frequency and monetary when the records have them, else null. */
  meanRecencyDays: number | null;
  meanFrequency: number | null;
  meanMonetary: number | null;
  /** Share of total monetary (null without a `monetary` field or when the total is not positive). */
  revenueShare: number | null;
  /** Classic RFM segment of the cluster's mean R/F/M against the overall means (null without R/F/M). */
  segment: string | null;
}

/** Result of {@link clusterCustomers}. */
export interface ClusterResult {
  clusters: ClusterAssignment[];
  profiles: ClusterProfile[];
  meta: {
    k: number;
    customers: number;
    seed: number;
    restarts: number;
    /** Index of the start that won. */
    bestRestart: number;
    inertia: number;
    iterations: number;
    converged: boolean;
    maxIterations: number;
    tolerance: number;
    model: ClusterModel;
  };
}

const DEFAULT_FEATURES = ["recencyDays", "frequency", "monetary"];

/** The zod object behind {@link clusterCustomersOptionsObject} (internal: `.extend`, `.shape`). */
export const clusterCustomersOptionsObject = z
  .object({
    k: z.number().int().min(1).max(1000),
    features: z.array(z.string().min(1)).min(1).max(50).optional(),
    scaling: z.enum(["log1p-zscore", "zscore", "minmax", "none"]).optional(),
    seed: z.number().int().optional(),
    restarts: z.number().int().min(1).max(1000).optional(),
    maxIterations: z.number().int().min(1).max(100_000).optional(),
    tolerance: z.number().min(0).optional(),
  })
  .strict();

const signedLog1p = (v: number) => (v < 0 ? -Math.log1p(-v) : Math.log1p(v));

/** Reads feature columns and ids (row-major matrix), validating every value. */
export function readFeatures(fn: string, records: Iterable<unknown>, features: string[]): { ids: string[]; raw: Float64Array; n: number; d: number; rows: readonly Record<string, unknown>[] } {
  if (records === null || typeof records !== "object" || typeof (records as Iterable<unknown>)[Symbol.iterator] !== "function") {
    throw new TypeError(`${fn}: customers must be an array (or iterable) of records, got ${describeValue(records)}`);
  }
  const rows = (Array.isArray(records) ? records : Array.from(records)) as readonly Record<string, unknown>[];
  const n = rows.length;
  const d = features.length;
  if (n === 0) throw new AnalyticsInputError(fn, [{ path: "customers", code: "empty_input", message: "customers: no customers (0 records)" }]);
  const first = rows.find((r) => typeof r === "object" && r !== null);
  if (first) {
    const missing = ["customerId", ...features].filter((f) => !(f in first));
    if (missing.length > 0) {
      throw new AnalyticsInputError(fn, missing.map((f) => ({ path: `fields.${f}`, code: "missing_field" as const, message: `fields.${f}: field "${f}" is not in the records (the first record has: ${Object.keys(first).slice(0, 12).join(", ")})` })));
    }
  }
  const ids: string[] = new Array(n);
  const raw = new Float64Array(n * d);
  const issues: InputIssue[] = [];
  const seen = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    if (typeof r !== "object" || r === null) {
      if (issues.length < 20) issues.push({ path: `customers[${i}]`, code: "invalid_row", message: `customers[${i}]: expected a record (object), got ${describeValue(r)}` });
      continue;
    }
    const id = r.customerId;
    const text = typeof id === "string" && id.trim() !== "" ? id : typeof id === "number" && Number.isFinite(id) ? String(id) : undefined;
    if (text === undefined) {
      if (issues.length < 20) issues.push({ path: `customers[${i}].customerId`, code: "missing_customer_id", message: `customers[${i}].customerId: expected a non-empty customer id, got ${describeValue(id)}` });
    } else if (seen.has(text)) {
      if (issues.length < 20) issues.push({ path: `customers[${i}].customerId`, code: "duplicate_customer", message: `customers[${i}].customerId: ${JSON.stringify(text)} also at customers[${seen.get(text)}]` });
    } else seen.set(text, i);
    ids[i] = text as string;
    for (let j = 0; j < d; j++) {
      const v = r[features[j]];
      if (typeof v !== "number" || !Number.isFinite(v)) {
        if (issues.length < 20) issues.push({ path: `customers[${i}].${features[j]}`, code: "invalid_value", message: `customers[${i}].${features[j]}: expected a finite number, got ${describeValue(v)}` });
      } else raw[i * d + j] = v;
    }
  }
  if (issues.length > 0) throw new AnalyticsInputError(fn, issues);
  return { ids, raw, n, d, rows };
}

/** Fits the scaling of each feature column. */
function fitScaling(raw: Float64Array, n: number, d: number, scaling: ClusterScaling): { center: number[]; scale: number[] } {
  const center: number[] = [];
  const scale: number[] = [];
  const col = new Float64Array(n);
  for (let j = 0; j < d; j++) {
    for (let i = 0; i < n; i++) col[i] = scaling === "log1p-zscore" ? signedLog1p(raw[i * d + j]) : raw[i * d + j];
    if (scaling === "none") {
      center.push(0);
      scale.push(1);
    } else if (scaling === "minmax") {
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = 0; i < n; i++) {
        if (col[i] < lo) lo = col[i];
        if (col[i] > hi) hi = col[i];
      }
      center.push(lo);
      scale.push(hi > lo ? hi - lo : 1);
    } else {
      const m = compensatedMean(col);
      let v = 0;
      for (let i = 0; i < n; i++) v += (col[i] - m) ** 2;
      const sd = Math.sqrt(v / n); // population standard deviation, as scikit-learn's StandardScaler
      center.push(m);
      scale.push(sd > 0 ? sd : 1);
    }
  }
  return { center, scale };
}

/** Applies a fitted scaling to a row-major matrix. */
function transform(raw: Float64Array, n: number, d: number, model: Pick<ClusterModel, "scaling" | "center" | "scale">): Float64Array {
  const out = new Float64Array(n * d);
  const log = model.scaling === "log1p-zscore";
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const v = log ? signedLog1p(raw[i * d + j]) : raw[i * d + j];
      out[i * d + j] = (v - model.center[j]) / model.scale[j];
    }
  }
  return out;
}

function profiles(rows: readonly Record<string, unknown>[], raw: Float64Array, n: number, d: number, features: string[], k: number, labels: Int32Array): ClusterProfile[] {
  const num = (r: Record<string, unknown>, f: string) => (typeof r[f] === "number" && Number.isFinite(r[f] as number) ? (r[f] as number) : null);
  const has = (f: string) => rows.every((r) => num(r, f) !== null);
  const rfm = has("recencyDays") && has("frequency") && has("monetary");
  const hasMonetary = has("monetary");
  const size = new Array(k).fill(0);
  const sums = Array.from({ length: k }, () => new Array(d).fill(0));
  const rfmSums = Array.from({ length: k }, () => [0, 0, 0]);
  let totalMonetary = 0;
  const overall = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    const c = labels[i];
    size[c]++;
    for (let j = 0; j < d; j++) sums[c][j] += raw[i * d + j];
    if (hasMonetary) {
      const m = rows[i].monetary as number;
      totalMonetary += m;
      rfmSums[c][2] += m;
      overall[2] += m;
    }
    if (rfm) {
      rfmSums[c][0] += rows[i].recencyDays as number;
      rfmSums[c][1] += rows[i].frequency as number;
      overall[0] += rows[i].recencyDays as number;
      overall[1] += rows[i].frequency as number;
    }
  }
  return size.map((s, c) => {
    const mean = (x: number) => (s > 0 ? x / s : null);
    let segment: string | null = null;
    if (rfm && s > 0) {
      const pattern =
        (rfmSums[c][0] / s < overall[0] / n ? "H" : "L") + (rfmSums[c][1] / s > overall[1] / n ? "H" : "L") + (rfmSums[c][2] / s > overall[2] / n ? "H" : "L");
      segment = CLASSIC_SEGMENTS.find((g) => g.pattern === pattern)!.id;
    }
    return {
      cluster: c,
      size: s,
      share: s / n,
      centroid: Object.fromEntries(features.map((f, j) => [f, s > 0 ? sums[c][j] / s : Number.NaN])),
      meanRecencyDays: rfm ? mean(rfmSums[c][0]) : null,
      meanFrequency: rfm ? mean(rfmSums[c][1]) : null,
      meanMonetary: hasMonetary ? mean(rfmSums[c][2]) : null,
      revenueShare: hasMonetary && totalMonetary > 0 ? rfmSums[c][2] / totalMonetary : null,
      segment,
    };
  });
}

/** Prepared, validated and scaled data plus settings: shared by clusterCustomers and chooseK. */
export function prepareClustering(fn: string, customers: Iterable<unknown>, opts: Omit<ClusterCustomersOptions, "k">) {
  const features = opts.features ?? DEFAULT_FEATURES;
  const scaling = opts.scaling ?? "log1p-zscore";
  const data = readFeatures(fn, customers, features);
  const { center, scale } = fitScaling(data.raw, data.n, data.d, scaling);
  const x = transform(data.raw, data.n, data.d, { scaling, center, scale });
  let distinct = 1;
  const keys = new Set<string>();
  for (let i = 0; i < data.n && keys.size <= 1000; i++) keys.add(Array.from(x.subarray(i * data.d, (i + 1) * data.d)).join(","));
  distinct = keys.size;
  return { ...data, features, scaling, center, scale, x, distinct };
}

/**
 * k-means clusters of customers: features scaled (signed log1p + z-score by default), seeded greedy
 * k-means++ starts (`restarts`, default 10), Lloyd iterations on typed arrays until the centres move
 * less than `tolerance` × mean feature variance, the start with the lowest inertia kept. Labels are
 * always those of the returned centroids. Profiles describe each cluster in original units and name it
 * with the classic RFM segment of its mean R/F/M (against the overall means).
 *
 * Same data, options and seed → identical result on every engine. `k` larger than the number of
 * distinct points is an error (`degenerate_data`): some clusters would be empty or duplicates.
 *
 * @param customers - Customer summaries (or any records with `customerId` and the feature fields).
 * @param options - `k` (required), `features`, `scaling`, `seed`, `restarts`, `maxIterations`, `tolerance`.
 * @returns `clusters` (one per customer, input order), `profiles` (one per cluster) and `meta` (inertia,
 *   iterations, convergence, seed, and the `model` for {@link assignCluster}).
 * @throws {AnalyticsInputError} Missing fields, NaN or non-finite features naming the customer,
 *   duplicate ids, empty input, `degenerate_data` when k exceeds the distinct points.
 * @throws {RangeError | TypeError} Bad options, prefixed `clusterCustomers:`.
 *
 * @example
 * const { clusters, meta } = clusterCustomers(
 *   [
 *     { customerId: "a", x: 0, y: 0 }, { customerId: "b", x: 0, y: 1 },
 *     { customerId: "c", x: 10, y: 10 }, { customerId: "d", x: 10, y: 11 },
 *   ],
 *   { k: 2, features: ["x", "y"], scaling: "none", seed: 1 },
 * );
 * clusters[0].cluster === clusters[1].cluster; //=> true
 * clusters[0].cluster === clusters[2].cluster; //=> false
 * meta.inertia;                                //=> 1
 *
 * @see Arthur, D. & Vassilvitskii, S. (2007). k-means++: the advantages of careful seeding. SODA.
 * @see Lloyd, S. (1982). Least squares quantization in PCM. IEEE Trans. Information Theory 28(2).
 */
export function clusterCustomers(customers: Iterable<unknown>, options: ClusterCustomersOptions): ClusterResult {
  const fn = "clusterCustomers";
  const opts = parseOptions(fn, clusterCustomersOptionsObject, options);
  const p = prepareClustering(fn, customers, opts);
  const k = opts.k;
  if (k > p.distinct) {
    throw new AnalyticsInputError(fn, [
      { path: "customers", code: "degenerate_data", message: `customers: k = ${k} but there are only ${p.distinct} distinct points after scaling` },
    ]);
  }
  const seed = opts.seed ?? 42;
  const restarts = opts.restarts ?? 10;
  const maxIterations = opts.maxIterations ?? 300;
  const tolerance = opts.tolerance ?? 1e-4;
  const run: KMeansRun & { restart: number } = kmeans(p.x, p.n, p.d, k, { seed, restarts, maxIterations, tolerance });
  const centroids: number[][] = [];
  for (let c = 0; c < k; c++) centroids.push(Array.from(run.centroids.subarray(c * p.d, (c + 1) * p.d)));
  const clusters = p.ids.map((customerId, i) => {
    const c = run.labels[i];
    let s = 0;
    for (let j = 0; j < p.d; j++) s += (p.x[i * p.d + j] - run.centroids[c * p.d + j]) ** 2;
    return { customerId, cluster: c, distance: Math.sqrt(s) };
  });
  return {
    clusters,
    profiles: profiles(p.rows, p.raw, p.n, p.d, p.features, k, run.labels),
    meta: {
      k,
      customers: p.n,
      seed,
      restarts,
      bestRestart: run.restart,
      inertia: run.inertia,
      iterations: run.iterations,
      converged: run.converged,
      maxIterations,
      tolerance,
      model: { features: p.features, scaling: p.scaling, center: p.center, scale: p.scale, centroids },
    },
  };
}

/**
 * Places customers in the clusters of a fitted model (`clusterCustomers(...).meta.model`), with the
 * same scaling: each goes to the nearest centroid.
 *
 * @example
 * const fit = clusterCustomers(
 *   [{ customerId: "a", x: 0 }, { customerId: "b", x: 1 }, { customerId: "c", x: 10 }, { customerId: "d", x: 11 }],
 *   { k: 2, features: ["x"], scaling: "none", seed: 1 },
 * );
 * const [placed] = assignCluster(fit.meta.model, [{ customerId: "new", x: 9 }]);
 * placed.cluster === fit.clusters[2].cluster; //=> true
 */
export function assignCluster(model: ClusterModel, customers: Iterable<unknown>): ClusterAssignment[] {
  const fn = "assignCluster";
  if (!model || !Array.isArray(model.features) || !Array.isArray(model.centroids) || model.centroids.length === 0) {
    throw new TypeError(`${fn}: model must be the meta.model of clusterCustomers`);
  }
  const data = readFeatures(fn, customers, model.features);
  const x = transform(data.raw, data.n, data.d, model);
  return data.ids.map((customerId, i) => {
    let best = 0;
    let bestD = Infinity;
    model.centroids.forEach((c, ci) => {
      let s = 0;
      for (let j = 0; j < data.d; j++) s += (x[i * data.d + j] - c[j]) ** 2;
      if (s < bestD) {
        bestD = s;
        best = ci;
      }
    });
    return { customerId, cluster: best, distance: Math.sqrt(bestD) };
  });
}

/** zod schema of {@link ClusterCustomersOptions}. */
export const clusterCustomersOptionsSchema: z.ZodType<ClusterCustomersOptions> = clusterCustomersOptionsObject as unknown as z.ZodType<ClusterCustomersOptions>;
