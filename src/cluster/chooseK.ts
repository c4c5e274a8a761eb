import { z } from "zod";
import { AnalyticsInputError, inputIssue } from "../errors.js";
import { defineOptions, parseOptions, type OptionsSchema } from "../options.js";
import { mulberry32 } from "../internal/random.js";
import { clusterCustomersOptionsSchema, prepareClustering, type ClusterCustomersOptions, type ClusterScaling } from "./clusterCustomers.js";
import { kmeans } from "./kmeans.js";

/** Options of {@link chooseK}: those of `clusterCustomers` but `k`, and the range of k. */
export interface ChooseKOptions extends Omit<ClusterCustomersOptions, "k"> {
  /** Smallest k (default 2). */
  kMin?: number;
  /** Largest k (default 8). */
  kMax?: number;
  /** Silhouette on at most this many customers, sampled with the seed (default 5000; exact below it). */
  silhouetteSample?: number;
}

/** One candidate number of clusters k, with its quality. */
export interface KCandidate {
  k: number;
  /** Within-cluster sum of squares (the elbow curve). */
  inertia: number;
  /** Mean silhouette in [−1, 1] (higher is better); `null` for k = 1. */
  silhouette: number | null;
  /** Whether the silhouette used a sample. */
  silhouetteSampled: boolean;
  /** Calinski–Harabasz index (higher is better); `null` for k = 1, for k = n, and when the clusters have no spread (inertia 0). */
  calinskiHarabasz: number | null;
}

/** What {@link chooseK} used. */
export interface ChooseKMeta {
  /** Number of customers clustered. */
  customers: number;
  kMin: number;
  /** Largest k asked for (the candidates stop earlier when there are fewer distinct points). */
  kMax: number;
  features: string[];
  scaling: ClusterScaling;
  seed: number;
  restarts: number;
  maxIterations: number;
  tolerance: number;
  silhouetteSample: number;
}

/** Result of {@link chooseK}. */
export interface ChooseKResult {
  /** One record per k, ascending. */
  candidates: KCandidate[];
  meta: ChooseKMeta;
}

const { k: _k, ...clusteringShape } = clusterCustomersOptionsSchema.shape;

/** zod schema of {@link ChooseKOptions}. */
export const chooseKOptionsSchema: OptionsSchema<ChooseKOptions> = defineOptions<ChooseKOptions>()({
  ...clusteringShape,
  kMin: z.number().int().min(1).max(1000).optional(),
  kMax: z.number().int().min(1).max(1000).optional(),
  silhouetteSample: z.number().int().min(10).max(100_000).optional(),
});

/** Mean silhouette of the points `idx` (all pairwise distances among them). */
function silhouette(x: Float64Array, d: number, labels: Int32Array, k: number, idx: Int32Array): number {
  const m = idx.length;
  let total = 0;
  const sums = new Float64Array(k);
  const counts = new Int32Array(k);
  for (const i of idx) counts[labels[i]]++;
  for (let a = 0; a < m; a++) {
    sums.fill(0);
    const i = idx[a];
    for (let b = 0; b < m; b++) {
      if (a === b) continue;
      const j = idx[b];
      let s = 0;
      for (let t = 0; t < d; t++) {
        const diff = x[i * d + t] - x[j * d + t];
        s += diff * diff;
      }
      sums[labels[j]] += Math.sqrt(s);
    }
    const own = labels[i];
    if (counts[own] <= 1) continue; // a singleton's silhouette is 0 (Rousseeuw)
    const ai = sums[own] / (counts[own] - 1);
    let bi = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && counts[c] > 0) bi = Math.min(bi, sums[c] / counts[c]);
    total += bi === Infinity ? 0 : (bi - ai) / Math.max(ai, bi);
  }
  return total / m;
}

/**
 * Calinski–Harabasz index of a partition, from the partition itself: each cluster's mean of its
 * members (not the centroids k-means stopped at, which lag the last assignment by up to the
 * tolerance), B = Σ n_c‖m_c − m‖², W = Σ‖x − m_{label}‖², CH = (B / (k − 1)) / (W / (n − k)) with k the
 * number of non-empty clusters, as scikit-learn's `calinski_harabasz_score` and R's `fpc::calinhara`.
 * `null` when undefined: fewer than two clusters, as many clusters as points, or no spread within
 * the clusters (W = 0).
 */
export function calinskiHarabasz(x: Float64Array, n: number, d: number, labels: Int32Array, k: number): number | null {
  const counts = new Float64Array(k);
  const means = new Float64Array(k * d);
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const c = labels[i];
    counts[c]++;
    for (let j = 0; j < d; j++) means[c * d + j] += x[i * d + j];
  }
  let used = 0;
  for (let c = 0; c < k; c++) {
    if (counts[c] === 0) continue;
    used++;
    for (let j = 0; j < d; j++) {
      mean[j] += means[c * d + j];
      means[c * d + j] /= counts[c];
    }
  }
  for (let j = 0; j < d; j++) mean[j] /= n;
  if (used < 2 || used >= n) return null;
  let within = 0;
  for (let i = 0; i < n; i++) {
    const o = labels[i] * d;
    for (let j = 0; j < d; j++) {
      const t = x[i * d + j] - means[o + j];
      within += t * t;
    }
  }
  let between = 0;
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < d; j++) {
      const t = means[c * d + j] - mean[j];
      between += counts[c] * t * t;
    }
  }
  const ch = between / (used - 1) / (within / (n - used));
  return within > 0 && Number.isFinite(ch) ? ch : null;
}

/**
 * Helps choose k: clusters the customers for every k in `kMin..kMax` (same scaling, seed and restarts
 * as `clusterCustomers`) and reports the inertia (elbow), the mean silhouette (exact up to
 * `silhouetteSample` customers, else on a seeded sample) and the Calinski–Harabasz index.
 *
 * @returns `candidates` (one per k, ascending, up to the number of distinct points) and `meta`.
 * @throws {AnalyticsInputError} Bad records and `overflow`, as `clusterCustomers`; `degenerate_data` when fewer distinct points than `kMin`.
 * @throws {RangeError | TypeError} Bad or unknown options, or `kMin` above `kMax`, prefixed `chooseK:`.
 * @example
 * const rows = [0, 1, 2, 10, 11, 12, 20, 21, 22].map((x, i) => ({ customerId: String(i), x }));
 * const { candidates } = chooseK(rows, { features: ["x"], scaling: "none", kMin: 2, kMax: 4, seed: 1 });
 * candidates.map((c) => c.k); //=> [2, 3, 4]
 * candidates.reduce((a, b) => (b.silhouette > a.silhouette ? b : a)).k; //=> 3
 * @see Rousseeuw, P. J. (1987). Silhouettes. J. Comput. Appl. Math. 20, 53–65.
 * @see Caliński, T. & Harabasz, J. (1974). A dendrite method for cluster analysis. Comm. in Statistics 3(1).
 */
export function chooseK<Row = any>(records: Iterable<Row>, options: ChooseKOptions = {}): ChooseKResult {
  const fn = "chooseK";
  const opts = parseOptions(fn, chooseKOptionsSchema, options);
  const kMin = opts.kMin ?? 2;
  const kMax = opts.kMax ?? 8;
  if (kMin > kMax) throw new RangeError(`${fn}: options.kMin (${kMin}) must not exceed options.kMax (${kMax})`);
  const p = prepareClustering(fn, records, opts);
  const seed = opts.seed ?? 42;
  const restarts = opts.restarts ?? 10;
  const maxIterations = opts.maxIterations ?? 300;
  const tolerance = opts.tolerance ?? 1e-4;
  const sampleSize = opts.silhouetteSample ?? 5000;
  const rand = mulberry32(seed ^ 0x5bd1e995);
  let idx = Int32Array.from({ length: p.n }, (_, i) => i);
  const sampled = p.n > sampleSize;
  if (sampled) {
    for (let i = 0; i < sampleSize; i++) {
      const j = i + Math.floor(rand() * (p.n - i));
      const t = idx[i];
      idx[i] = idx[j];
      idx[j] = t;
    }
    idx = idx.slice(0, sampleSize);
  }
  if (p.distinct < kMin) {
    throw new AnalyticsInputError(fn, [inputIssue("degenerate_data", ["records"], `kMin = ${kMin} but there are only ${p.distinct} distinct points after scaling: no k to compare`)]);
  }
  const candidates: KCandidate[] = [];
  const kTop = Math.min(kMax, p.distinct);
  for (let k = kMin; k <= kTop; k++) {
    const run = kmeans(p.x, p.n, p.d, k, { seed, restarts, maxIterations, tolerance });
    candidates.push({
      k,
      inertia: run.inertia,
      silhouette: k === 1 ? null : silhouette(p.x, p.d, run.labels, k, idx),
      silhouetteSampled: sampled,
      calinskiHarabasz: calinskiHarabasz(p.x, p.n, p.d, run.labels, k),
    });
  }
  return {
    candidates,
    meta: {
      customers: p.n,
      kMin,
      kMax,
      features: p.features.slice(),
      scaling: p.scaling,
      seed,
      restarts,
      maxIterations,
      tolerance,
      silhouetteSample: sampleSize,
    },
  };
}
