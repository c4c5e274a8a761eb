import { z } from "zod";
import type { CustomerInput } from "../input/types.js";
import { AnalyticsInputError, inputIssue } from "../errors.js";
import { fieldReader } from "../input/readRecords.js";
import { defineOptions, parseOptions, type OptionsSchema } from "../options.js";
import { CLASSIC_SEGMENTS } from "../rfm/segmentDefinitions.js";
import { DOWN, UP } from "../internal/mean.js";
import { checkKmeansRange, fitScaling, readFeatures, transform, type ClusterScaling, type FeatureMatrix } from "./features.js";
import { kmeans } from "./kmeans.js";

export type { ClusterScaling } from "./features.js";

/** Options of {@link clusterCustomers}. */
export interface ClusterCustomersOptions {
  /** Number of clusters, ≥ 1. */
  k: number;
  /** Distinct numeric fields to cluster on (default `["recencyDays", "frequency", "monetary"]`). */
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
  /**
   * `"records"` (default): `customers`, one {@link ClusterAssignment} per customer. `"columns"`:
   * `columns` ({@link ClusterAssignmentColumns}), one array per field, without an object per customer.
   */
  output?: "records" | "columns";
}

/** The fitted feature transform and centroids, so new customers can be placed with `assignCluster`. */
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
  /** Mean of each feature over the members, original units (keyed by feature name; null for an empty cluster). */
  centroid: Record<string, number | null>;
  /** Means of recencyDays, frequency and monetary when the records have them, else null. */
  meanRecencyDays: number | null;
  meanFrequency: number | null;
  meanMonetary: number | null;
  /**
   * The cluster's net `monetary` ÷ the total net `monetary` (docs/conventions.md, group revenue
   * shares): negative for a cluster of net refunds, the shares of all clusters summing to 1; null for
   * every cluster when the total is ≤ 0 or some record has no finite `monetary`.
   */
  revenueShare: number | null;
  /** Classic RFM segment of the cluster's mean R/F/M against the overall means (null without R/F/M). */
  segment: string | null;
}

/** What {@link clusterCustomers} used and found. */
export interface ClusterCustomersMeta {
  k: number;
  /** Number of customers clustered. */
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
  /** One profile per cluster, in cluster order. */
  profiles: ClusterProfile[];
  /** The transform and centroids, for `assignCluster`. */
  model: ClusterModel;
}

/**
 * The assignments as columns (`output: "columns"`): entry `i` of every array is customer `i`, input
 * order, with the values of the records' fields.
 */
export type ClusterAssignmentColumns = {
  customerId: string[];
  /** Cluster index 0..k−1. */
  cluster: Int32Array;
  /** Euclidean distance to the cluster's centroid in scaled space. */
  distance: Float64Array;
};

/** Result of {@link clusterCustomers} with `output: "columns"`. */
export interface ClusterCustomersColumnsResult {
  columns: ClusterAssignmentColumns;
  meta: ClusterCustomersMeta;
}

/** Result of {@link clusterCustomers}. */
export interface ClusterCustomersResult {
  /** One assignment per customer, in input order. */
  customers: ClusterAssignment[];
  meta: ClusterCustomersMeta;
}

const DEFAULT_FEATURES = ["recencyDays", "frequency", "monetary"];

/** zod schema of {@link ClusterCustomersOptions}. */
export const clusterCustomersOptionsSchema: OptionsSchema<ClusterCustomersOptions> = defineOptions<ClusterCustomersOptions>()({
  k: z.number().int().min(1).max(1000),
  features: z
    .array(z.string().min(1))
    .min(1)
    .max(50)
    .refine((f) => new Set(f).size === f.length, "features must be distinct")
    .optional(),
  scaling: z.enum(["log1p-zscore", "zscore", "minmax", "none"]).optional(),
  seed: z.number().int().optional(),
  restarts: z.number().int().min(1).max(1000).optional(),
  maxIterations: z.number().int().min(1).max(100_000).optional(),
  tolerance: z.number().min(0).optional(),
  output: z.enum(["records", "columns"]).optional(),
});

/**
 * A column for the profiles: the feature's own column when it is clustered on, else the field read
 * off every record; null when some record lacks a finite value (the profile then leaves it out).
 */
function optionalColumn<Row>(data: FeatureMatrix<Row>, name: string): Float64Array | null {
  if (Object.hasOwn(data.columns, name)) return data.columns[name];
  const get = fieldReader<Row>(name);
  const out = new Float64Array(data.n);
  try {
    for (let i = 0; i < data.n; i++) {
      const v = get(data.rows[i], i);
      if (typeof v !== "number" || !Number.isFinite(v)) return null;
      out[i] = v;
    }
  } catch {
    return null; // a throwing getter of a field that is not clustered on: leave it out of the profile
  }
  return out;
}

function profiles<Row>(data: FeatureMatrix<Row>, features: readonly string[], k: number, labels: Int32Array): ClusterProfile[] {
  const { raw, n, d } = data;
  const monetary = optionalColumn(data, "monetary");
  const recency = monetary && optionalColumn(data, "recencyDays");
  const frequency = recency && optionalColumn(data, "frequency");
  const rfm = frequency !== null && recency !== null;
  const size = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) size[labels[i]]++;
  // Sums of the values, or, when a sum leaves the doubles (values near 1e308), of the values scaled
  // by 2^-64: the means (scaled back) and shares (ratios) come out the same, and finite.
  const accumulate = (f: number) => {
    const sums = Array.from({ length: k }, () => new Array<number>(d).fill(0));
    const rfmSums = Array.from({ length: k }, () => [0, 0, 0]);
    const overall = [0, 0, 0];
    for (let i = 0; i < n; i++) {
      const c = labels[i];
      for (let j = 0; j < d; j++) sums[c][j] += raw[i * d + j] * f;
      if (monetary) {
        rfmSums[c][2] += monetary[i] * f;
        overall[2] += monetary[i] * f;
      }
      if (rfm) {
        rfmSums[c][0] += recency[i] * f;
        rfmSums[c][1] += frequency[i] * f;
        overall[0] += recency[i] * f;
        overall[1] += frequency[i] * f;
      }
    }
    const finite = [...sums.flat(), ...rfmSums.flat(), ...overall].every(Number.isFinite);
    return { sums, rfmSums, overall, finite };
  };
  let acc = accumulate(1);
  let up = 1;
  if (!acc.finite) {
    acc = accumulate(DOWN);
    up = UP;
  }
  const { sums, rfmSums, overall } = acc;
  // a mean lies between the values: clamp the rounding at the very top of the doubles
  const clamp = (v: number) => Math.min(Number.MAX_VALUE, Math.max(-Number.MAX_VALUE, v));
  const meanOf = (sum: number, count: number) => clamp((sum / count) * up);
  return size.map((s, c) => {
    const mean = (x: number) => (s > 0 ? meanOf(x, s) : null);
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
      centroid: Object.fromEntries(features.map((f, j) => [f, mean(sums[c][j])])),
      meanRecencyDays: rfm ? mean(rfmSums[c][0]) : null,
      meanFrequency: rfm ? mean(rfmSums[c][1]) : null,
      meanMonetary: monetary ? mean(rfmSums[c][2]) : null,
      revenueShare: monetary && overall[2] > 0 ? rfmSums[c][2] / overall[2] : null,
      segment,
    };
  });
}

/** Settings of {@link prepareClustering}: every clustering option but `k`. */
export type ClusteringSettings = Omit<ClusterCustomersOptions, "k" | "output">;

/** Validated, scaled data plus the number of distinct scaled points: shared by clusterCustomers and chooseK. */
export function prepareClustering<Row>(fn: string, records: CustomerInput<Row>, opts: ClusteringSettings) {
  const features = opts.features ?? DEFAULT_FEATURES;
  const data = readFeatures(fn, records, features, "records");
  const site = { fn, source: "records", features, ids: data.ids };
  const fitted = fitScaling(data.raw, data.n, data.d, opts.scaling ?? "log1p-zscore", site);
  const x = transform(data.raw, data.n, data.d, fitted, site);
  checkKmeansRange(x, data.n, data.d, site);
  // distinct points, counted up to 1,001 (k is at most 1,000)
  const keys = new Set<string>();
  for (let i = 0; i < data.n && keys.size <= 1000; i++) keys.add(Array.from(x.subarray(i * data.d, (i + 1) * data.d)).join(","));
  return { ...data, ...fitted, features, x, distinct: keys.size };
}

/**
 * k-means clusters of customers: features scaled (signed log1p + z-score by default), seeded greedy
 * k-means++ starts, Lloyd iterations, the start with the lowest inertia kept; each cluster profiled in
 * original units and named by the classic RFM segment of its mean R/F/M. Same data, options and seed
 * give the same result on every engine. Method and checks: docs/clusters.md.
 *
 * @returns `customers` (one assignment each, input order) and `meta` (`profiles`, inertia, seed, and
 *   the `model` for `assignCluster`); with `output: "columns"`, `columns` (`customerId`, `cluster` as
 *   an `Int32Array`, `distance` as a `Float64Array`) instead of `customers`, the same values.
 * @throws {AnalyticsInputError} Bad records (paths `["records", i, feature]`); `degenerate_data` when k
 *   exceeds the distinct points; `overflow` when values near 1e308 leave no finite scaling (a min-max
 *   range beyond the doubles) or, with `scaling: "none"`, no finite squared distances.
 * @throws {RangeError | TypeError} Bad or unknown options, prefixed `clusterCustomers:`.
 * @example
 * const { customers, meta } = clusterCustomers(
 *   [{ customerId: "a", x: 0, y: 0 }, { customerId: "b", x: 0, y: 1 }, { customerId: "c", x: 10, y: 10 }, { customerId: "d", x: 10, y: 11 }],
 *   { k: 2, features: ["x", "y"], scaling: "none", seed: 1 },
 * );
 * customers.map((c) => c.cluster === customers[0].cluster); //=> [true, true, false, false]
 * meta.inertia;                                              //=> 1
 * const { columns } = clusterCustomers(
 *   [{ customerId: "a", x: 0 }, { customerId: "b", x: 1 }, { customerId: "c", x: 10 }, { customerId: "d", x: 11 }],
 *   { k: 2, features: ["x"], scaling: "none", seed: 1, output: "columns" },
 * );
 * Array.from(columns.distance); //=> [0.5, 0.5, 0.5, 0.5]
 * @see Arthur, D. & Vassilvitskii, S. (2007). k-means++: the advantages of careful seeding. SODA.
 */
export function clusterCustomers<Row = any>(records: CustomerInput<Row>, options: ClusterCustomersOptions & { output: "columns" }): ClusterCustomersColumnsResult;
export function clusterCustomers<Row = any>(records: CustomerInput<Row>, options: ClusterCustomersOptions): ClusterCustomersResult;
export function clusterCustomers<Row = any>(records: CustomerInput<Row>, options: ClusterCustomersOptions): ClusterCustomersResult | ClusterCustomersColumnsResult {
  const fn = "clusterCustomers";
  const opts = parseOptions(fn, clusterCustomersOptionsSchema, options);
  const p = prepareClustering(fn, records, opts);
  const k = opts.k;
  if (k > p.distinct) {
    throw new AnalyticsInputError(fn, [inputIssue("degenerate_data", ["records"], `k = ${k} but there are only ${p.distinct} distinct points after scaling`)]);
  }
  const seed = opts.seed ?? 42;
  const restarts = opts.restarts ?? 10;
  const maxIterations = opts.maxIterations ?? 300;
  const tolerance = opts.tolerance ?? 1e-4;
  const run = kmeans(p.x, p.n, p.d, k, { seed, restarts, maxIterations, tolerance });
  const centroids: number[][] = [];
  for (let c = 0; c < k; c++) centroids.push(Array.from(run.centroids.subarray(c * p.d, (c + 1) * p.d)));
  const distance = new Float64Array(p.n);
  for (let i = 0; i < p.n; i++) {
    const c = run.labels[i];
    let s = 0;
    for (let j = 0; j < p.d; j++) {
      const diff = p.x[i * p.d + j] - run.centroids[c * p.d + j];
      s += diff * diff;
    }
    distance[i] = Math.sqrt(s);
  }
  const meta: ClusterCustomersMeta = {
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
    profiles: profiles(p, p.features, k, run.labels),
    model: { features: p.features.slice(), scaling: p.scaling, center: p.center.slice(), scale: p.scale.slice(), centroids },
  };
  if (opts.output === "columns") return { columns: { customerId: p.ids.slice(), cluster: run.labels, distance }, meta };
  const customers: ClusterAssignment[] = new Array(p.n);
  for (let i = 0; i < p.n; i++) customers[i] = { customerId: p.ids[i], cluster: run.labels[i], distance: distance[i] };
  return { customers, meta };
}
