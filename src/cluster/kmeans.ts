import { mulberry32 } from "../internal/random.js";
import { log } from "../internal/elementary.js";

/** Result of one k-means run on row-major data. */
export interface KMeansRun {
  labels: Int32Array;
  /** k × d centroids, row-major. */
  centroids: Float64Array;
  /** Sum of squared distances of points to their centroid (labels and centroids consistent). */
  inertia: number;
  iterations: number;
  converged: boolean;
  /** Inertia at each assignment step (non-increasing). */
  history: number[];
}

/**
 * Greedy k-means++ seeding (Arthur & Vassilvitskii 2007, with scikit-learn's 2 + ⌊ln k⌋ local trials):
 * the first centre uniformly, each next one the best of several candidates drawn with probability
 * proportional to the squared distance to the nearest centre so far.
 */
export function kmeansPlusPlus(x: Float64Array, n: number, d: number, k: number, rand: () => number): Float64Array {
  const centers = new Float64Array(k * d);
  const first = Math.min(n - 1, Math.floor(rand() * n));
  for (let j = 0; j < d; j++) centers[j] = x[first * d + j];
  const closest = new Float64Array(n);
  let pot = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) {
      const t = x[i * d + j] - centers[j];
      s += t * t;
    }
    closest[i] = s;
    pot += s;
  }
  const trials = 2 + Math.floor(log(k));
  const cumulative = new Float64Array(n);
  const candidateDist = new Float64Array(n);
  const bestDist = new Float64Array(n);
  for (let c = 1; c < k; c++) {
    let acc = 0;
    for (let i = 0; i < n; i++) cumulative[i] = acc += closest[i];
    let bestPot = Infinity;
    let bestId = -1;
    for (let t = 0; t < trials; t++) {
      const target = rand() * acc;
      // first index whose cumulative sum exceeds the target (searchsorted)
      let lo = 0;
      let hi = n - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (cumulative[mid] <= target) lo = mid + 1;
        else hi = mid;
      }
      const id = lo;
      let candPot = 0;
      if (d === 3) {
        const c0 = x[id * 3];
        const c1 = x[id * 3 + 1];
        const c2 = x[id * 3 + 2];
        for (let i = 0, o = 0; i < n; i++, o += 3) {
          const q0 = x[o] - c0;
          const q1 = x[o + 1] - c1;
          const q2 = x[o + 2] - c2;
          const s = q0 * q0 + q1 * q1 + q2 * q2;
          const m = s < closest[i] ? s : closest[i];
          candidateDist[i] = m;
          candPot += m;
        }
      } else {
        for (let i = 0; i < n; i++) {
          let s = 0;
          for (let j = 0; j < d; j++) {
            const q = x[i * d + j] - x[id * d + j];
            s += q * q;
          }
          const m = s < closest[i] ? s : closest[i];
          candidateDist[i] = m;
          candPot += m;
        }
      }
      if (candPot < bestPot) {
        bestPot = candPot;
        bestId = id;
        bestDist.set(candidateDist);
      }
    }
    for (let j = 0; j < d; j++) centers[c * d + j] = x[bestId * d + j];
    closest.set(bestDist);
    pot = bestPot;
  }
  void pot;
  return centers;
}

/**
 * Assigns each point to its nearest centroid (the first one on ties); returns the inertia. Writes
 * labels and squared distances, and, when `sums`/`counts` are given, accumulates each cluster's
 * coordinate sums and sizes in the same pass. Three features get an unrolled loop (the common case).
 */
export function assign(
  x: Float64Array,
  n: number,
  d: number,
  centers: Float64Array,
  k: number,
  labels: Int32Array,
  dist: Float64Array,
  sums?: Float64Array,
  counts?: Int32Array,
): number {
  let inertia = 0;
  if (d === 3) {
    for (let i = 0; i < n; i++) {
      const o = i * 3;
      const x0 = x[o];
      const x1 = x[o + 1];
      const x2 = x[o + 2];
      let best = 0;
      let bestD = Infinity;
      for (let c = 0, co = 0; c < k; c++, co += 3) {
        const t0 = x0 - centers[co];
        const t1 = x1 - centers[co + 1];
        const t2 = x2 - centers[co + 2];
        const s = t0 * t0 + t1 * t1 + t2 * t2;
        if (s < bestD) {
          bestD = s;
          best = c;
        }
      }
      labels[i] = best;
      dist[i] = bestD;
      inertia += bestD;
      if (sums && counts) {
        const bo = best * 3;
        sums[bo] += x0;
        sums[bo + 1] += x1;
        sums[bo + 2] += x2;
        counts[best]++;
      }
    }
    return inertia;
  }
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestD = Infinity;
    const o = i * d;
    for (let c = 0; c < k; c++) {
      let s = 0;
      const co = c * d;
      for (let j = 0; j < d; j++) {
        const t = x[o + j] - centers[co + j];
        s += t * t;
      }
      if (s < bestD) {
        bestD = s;
        best = c;
      }
    }
    labels[i] = best;
    dist[i] = bestD;
    inertia += bestD;
    if (sums && counts) {
      const bo = best * d;
      for (let j = 0; j < d; j++) sums[bo + j] += x[o + j];
      counts[best]++;
    }
  }
  return inertia;
}

/**
 * Lloyd's algorithm from given centres: assign, move centres to their members' means, until the total
 * squared centre shift is at most `tolerance` (already scaled) or `maxIterations`. An empty cluster is
 * moved to the point farthest from its centre. The final labels are those of the returned centroids
 * (a last assignment), and `history` holds the inertia at every assignment.
 */
export function lloyd(x: Float64Array, n: number, d: number, init: Float64Array, k: number, maxIterations: number, tolerance: number): KMeansRun {
  const centers = Float64Array.from(init);
  const labels = new Int32Array(n);
  const dist = new Float64Array(n);
  const sums = new Float64Array(k * d);
  const counts = new Int32Array(k);
  const history: number[] = [];
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    sums.fill(0);
    counts.fill(0);
    history.push(assign(x, n, d, centers, k, labels, dist, sums, counts));
    iterations++;
    let shift = 0;
    for (let c = 0; c < k; c++) {
      const co = c * d;
      if (counts[c] === 0) {
        // empty cluster: take the point farthest from its centre
        let far = 0;
        for (let i = 1; i < n; i++) if (dist[i] > dist[far]) far = i;
        for (let j = 0; j < d; j++) {
          const t = x[far * d + j] - centers[co + j];
          shift += t * t;
          centers[co + j] = x[far * d + j];
        }
        dist[far] = 0;
        continue;
      }
      for (let j = 0; j < d; j++) {
        const m = sums[co + j] / counts[c];
        const t = m - centers[co + j];
        shift += t * t;
        centers[co + j] = m;
      }
    }
    if (shift <= tolerance) {
      converged = true;
      break;
    }
  }
  const inertia = assign(x, n, d, centers, k, labels, dist);
  return { labels, centroids: centers, inertia, iterations, converged, history };
}

/** k-means with `restarts` seeded k-means++ starts, keeping the lowest inertia (first on ties). */
export function kmeans(
  x: Float64Array,
  n: number,
  d: number,
  k: number,
  options: { seed: number; restarts: number; maxIterations: number; tolerance: number },
): KMeansRun & { restart: number } {
  // scikit-learn's tolerance: relative to the mean variance of the features
  let meanVar = 0;
  for (let j = 0; j < d; j++) {
    let m = 0;
    for (let i = 0; i < n; i++) m += x[i * d + j];
    m /= n;
    let v = 0;
    for (let i = 0; i < n; i++) {
      const t = x[i * d + j] - m;
      v += t * t;
    }
    meanVar += v / n;
  }
  meanVar /= d;
  const tol = options.tolerance * meanVar;
  const rand = mulberry32(options.seed);
  let best: (KMeansRun & { restart: number }) | null = null;
  for (let r = 0; r < options.restarts; r++) {
    const init = kmeansPlusPlus(x, n, d, k, rand);
    const run = lloyd(x, n, d, init, k, options.maxIterations, tol);
    if (best === null || run.inertia < best.inertia) best = { ...run, restart: r };
  }
  return best as KMeansRun & { restart: number };
}
