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
  /** Inertia at each assignment step (non-increasing); see {@link lloyd} for when it is recorded. */
  history: number[];
}

/**
 * Greedy k-means++ seeding (Arthur & Vassilvitskii 2007, with scikit-learn's 2 + ⌊ln k⌋ local trials):
 * the first centre uniformly, each next one the best of several candidates drawn with probability
 * proportional to the squared distance to the nearest centre so far.
 */
export function kmeansPlusPlus(
  x: Float64Array,
  n: number,
  d: number,
  k: number,
  rand: () => number,
  work?: { closest: Float64Array; cumulative: Float64Array },
): Float64Array {
  const centers = new Float64Array(k * d);
  const first = Math.min(n - 1, Math.floor(rand() * n));
  for (let j = 0; j < d; j++) centers[j] = x[first * d + j];
  // n-long scratch arrays, every entry written before it is read (reused between starts by kmeans)
  const closest = work?.closest ?? new Float64Array(n);
  const trials = 2 + Math.floor(log(k));
  if (d === 3) {
    // the general loop's sums ((0 + t0²) + t1²) + t2², unrolled
    const c0 = centers[0];
    const c1 = centers[1];
    const c2 = centers[2];
    for (let i = 0, o = 0; i < n; i++, o += 3) {
      const t0 = x[o] - c0;
      const t1 = x[o + 1] - c1;
      const t2 = x[o + 2] - c2;
      closest[i] = t0 * t0 + t1 * t1 + t2 * t2;
    }
    return seed3(x, n, k, rand, centers, closest, work?.cumulative ?? new Float64Array(n), trials);
  }
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
 * {@link kmeansPlusPlus} for 3 features: the same draws and the same sums in the same order (identical
 * centres), with all local trials of a round scored in one pass over the data and the cumulative sums of
 * the next round built while the nearest distances are updated, instead of one pass per trial plus copies.
 */
function seed3(
  x: Float64Array,
  n: number,
  k: number,
  rand: () => number,
  centers: Float64Array,
  closest: Float64Array,
  cumulative: Float64Array,
  trials: number,
): Float64Array {
  let acc = 0;
  for (let i = 0; i < n; i++) cumulative[i] = acc += closest[i];
  const ids = new Int32Array(trials);
  const pots = new Float64Array(trials);
  for (let c = 1; c < k; c++) {
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
      ids[t] = lo;
    }
    pots.fill(0);
    let t = 0;
    // three trials at a time (2 + ⌊ln k⌋ is 3 for k = 4..20)
    for (; t + 3 <= trials; t += 3) {
      const p0 = ids[t] * 3;
      const q0 = ids[t + 1] * 3;
      const r0 = ids[t + 2] * 3;
      const pa = x[p0];
      const pb = x[p0 + 1];
      const pc = x[p0 + 2];
      const qa = x[q0];
      const qb = x[q0 + 1];
      const qc = x[q0 + 2];
      const ra = x[r0];
      const rb = x[r0 + 1];
      const rc = x[r0 + 2];
      let sp = 0;
      let sq = 0;
      let sr = 0;
      for (let i = 0, o = 0; i < n; i++, o += 3) {
        const x0 = x[o];
        const x1 = x[o + 1];
        const x2 = x[o + 2];
        const m = closest[i];
        let u0 = x0 - pa;
        let u1 = x1 - pb;
        let u2 = x2 - pc;
        let v = u0 * u0 + u1 * u1 + u2 * u2;
        sp += v < m ? v : m;
        u0 = x0 - qa;
        u1 = x1 - qb;
        u2 = x2 - qc;
        v = u0 * u0 + u1 * u1 + u2 * u2;
        sq += v < m ? v : m;
        u0 = x0 - ra;
        u1 = x1 - rb;
        u2 = x2 - rc;
        v = u0 * u0 + u1 * u1 + u2 * u2;
        sr += v < m ? v : m;
      }
      pots[t] = sp;
      pots[t + 1] = sq;
      pots[t + 2] = sr;
    }
    for (; t < trials; t++) {
      const p0 = ids[t] * 3;
      const pa = x[p0];
      const pb = x[p0 + 1];
      const pc = x[p0 + 2];
      let sp = 0;
      for (let i = 0, o = 0; i < n; i++, o += 3) {
        const u0 = x[o] - pa;
        const u1 = x[o + 1] - pb;
        const u2 = x[o + 2] - pc;
        const v = u0 * u0 + u1 * u1 + u2 * u2;
        const m = closest[i];
        sp += v < m ? v : m;
      }
      pots[t] = sp;
    }
    let bestT = 0;
    for (let u = 1; u < trials; u++) if (pots[u] < pots[bestT]) bestT = u;
    const b0 = ids[bestT] * 3;
    const ba = x[b0];
    const bb = x[b0 + 1];
    const bc = x[b0 + 2];
    centers[c * 3] = ba;
    centers[c * 3 + 1] = bb;
    centers[c * 3 + 2] = bc;
    if (c === k - 1) break;
    acc = 0;
    for (let i = 0, o = 0; i < n; i++, o += 3) {
      const u0 = x[o] - ba;
      const u1 = x[o + 1] - bb;
      const u2 = x[o + 2] - bc;
      const v = u0 * u0 + u1 * u1 + u2 * u2;
      const m = closest[i];
      const w = v < m ? v : m;
      closest[i] = w;
      cumulative[i] = acc += w;
    }
  }
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
  if (d === 3 && k === 4) return assign34(x, n, centers, labels, dist, sums, counts);
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
 * {@link assign} for 3 features and 4 centres (the default clustering), with the 12 centre coordinates
 * held in locals: the same arithmetic in the same order as the general loop (identical results), about
 * twice as fast because nothing is reloaded from memory per point.
 */
function assign34(
  x: Float64Array,
  n: number,
  centers: Float64Array,
  labels: Int32Array,
  dist: Float64Array | null,
  sums?: Float64Array,
  counts?: Int32Array,
): number {
  const a0 = centers[0];
  const a1 = centers[1];
  const a2 = centers[2];
  const b0 = centers[3];
  const b1 = centers[4];
  const b2 = centers[5];
  const c0 = centers[6];
  const c1 = centers[7];
  const c2 = centers[8];
  const d0 = centers[9];
  const d1 = centers[10];
  const d2 = centers[11];
  const accumulate = sums !== undefined && counts !== undefined;
  let inertia = 0;
  for (let i = 0, o = 0; i < n; i++, o += 3) {
    const x0 = x[o];
    const x1 = x[o + 1];
    const x2 = x[o + 2];
    let t0 = x0 - a0;
    let t1 = x1 - a1;
    let t2 = x2 - a2;
    let best = 0;
    let bestD = t0 * t0 + t1 * t1 + t2 * t2;
    t0 = x0 - b0;
    t1 = x1 - b1;
    t2 = x2 - b2;
    let s = t0 * t0 + t1 * t1 + t2 * t2;
    if (s < bestD) {
      bestD = s;
      best = 1;
    }
    t0 = x0 - c0;
    t1 = x1 - c1;
    t2 = x2 - c2;
    s = t0 * t0 + t1 * t1 + t2 * t2;
    if (s < bestD) {
      bestD = s;
      best = 2;
    }
    t0 = x0 - d0;
    t1 = x1 - d1;
    t2 = x2 - d2;
    s = t0 * t0 + t1 * t1 + t2 * t2;
    if (s < bestD) {
      bestD = s;
      best = 3;
    }
    labels[i] = best;
    if (dist !== null) dist[i] = bestD;
    inertia += bestD;
    if (accumulate) {
      const bo = best * 3;
      sums[bo] += x0;
      sums[bo + 1] += x1;
      sums[bo + 2] += x2;
      counts[best]++;
    }
  }
  return inertia;
}

/** Points per block of {@link blocks3}. */
const BLOCK = 32;

/**
 * A 3-feature matrix in a spatial order, for Lloyd's assignment step: `xs` holds the points in the
 * order of their grid cells (a Morton curve over a 2^b-per-axis grid, b from n), `order[p]` is the
 * original index of sorted point p, and every run of {@link BLOCK} consecutive sorted points is a
 * block with its bounding box (`box`: middle m and half-widths h per axis, widened so that
 * |x − m| ≤ h holds exactly for every member despite the rounding of m). Built once per k-means call
 * and shared by all its starts.
 */
export interface Blocks3 {
  order: Int32Array;
  xs: Float64Array;
  /** Block b covers sorted points `starts[b]` to `starts[b + 1]` (exclusive). */
  starts: Int32Array;
  /** 6 numbers per block: m0, m1, m2, h0, h1, h2. */
  box: Float64Array;
  count: number;
}

/** The bits of a 10-bit integer spread to every third bit (a Morton code axis). */
function spread10(v: number): number {
  v = (v | (v << 16)) & 0x030000ff;
  v = (v | (v << 8)) & 0x0300f00f;
  v = (v | (v << 4)) & 0x030c30c3;
  return (v | (v << 2)) & 0x09249249;
}

/** The grid cell of a coordinate: ⌊(v − lo) · scale⌋ clamped to 0..top, taken on halves (finite for any range). */
function cell(v: number, lo: number, scale: number, top: number): number {
  const q = (v / 2 - lo / 2) * scale;
  return q >= 0 ? (q < top ? Math.floor(q) : top) : 0;
}

/** Sorts the points of a 3-feature matrix into spatial blocks (see {@link Blocks3}); one counting sort. */
export function blocks3(x: Float64Array, n: number): Blocks3 {
  let l0 = Infinity;
  let l1 = Infinity;
  let l2 = Infinity;
  let u0 = -Infinity;
  let u1 = -Infinity;
  let u2 = -Infinity;
  for (let o = 0; o < 3 * n; o += 3) {
    const v0 = x[o];
    const v1 = x[o + 1];
    const v2 = x[o + 2];
    if (v0 < l0) l0 = v0;
    if (v0 > u0) u0 = v0;
    if (v1 < l1) l1 = v1;
    if (v1 > u1) u1 = v1;
    if (v2 < l2) l2 = v2;
    if (v2 > u2) u2 = v2;
  }
  // about 3 points per cell (3 to 7 bits an axis); halves keep a range beyond the doubles finite
  const bits = Math.max(3, Math.min(5, Math.floor(Math.log2(Math.max(n, 1)) / 3)));
  const cells = 1 << bits;
  const top = cells - 1;
  const axisScale = (l: number, u: number) => (u / 2 - l / 2 > 0 ? cells / 2 / (u / 2 - l / 2) : 0);
  const s0 = axisScale(l0, u0);
  const s1 = axisScale(l1, u1);
  const s2 = axisScale(l2, u2);
  const keys = new Int32Array(n);
  const count = new Int32Array(1 << (3 * bits));
  for (let i = 0, o = 0; i < n; i++, o += 3) {
    const key = spread10(cell(x[o], l0, s0, top)) | (spread10(cell(x[o + 1], l1, s1, top)) << 1) | (spread10(cell(x[o + 2], l2, s2, top)) << 2);
    keys[i] = key;
    count[key]++;
  }
  let acc = 0;
  for (let c = 0; c < count.length; c++) {
    const m = count[c];
    count[c] = acc;
    acc += m;
  }
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[count[keys[i]]++] = i;
  const xs = new Float64Array(n * 3);
  for (let p = 0, q = 0; p < n; p++, q += 3) {
    const o = order[p] * 3;
    xs[q] = x[o];
    xs[q + 1] = x[o + 1];
    xs[q + 2] = x[o + 2];
  }
  const nb = Math.ceil(n / BLOCK);
  const starts = new Int32Array(nb + 1);
  const box = new Float64Array(nb * 6);
  for (let b = 0; b < nb; b++) {
    const s = b * BLOCK;
    const e = Math.min(n, s + BLOCK);
    starts[b + 1] = e;
    let a0 = Infinity;
    let a1 = Infinity;
    let a2 = Infinity;
    let z0 = -Infinity;
    let z1 = -Infinity;
    let z2 = -Infinity;
    for (let q = s * 3; q < e * 3; q += 3) {
      const v0 = xs[q];
      const v1 = xs[q + 1];
      const v2 = xs[q + 2];
      if (v0 < a0) a0 = v0;
      if (v0 > z0) z0 = v0;
      if (v1 < a1) a1 = v1;
      if (v1 > z1) z1 = v1;
      if (v2 < a2) a2 = v2;
      if (v2 > z2) z2 = v2;
    }
    const bo = b * 6;
    box[bo] = a0 / 2 + z0 / 2;
    box[bo + 1] = a1 / 2 + z1 / 2;
    box[bo + 2] = a2 / 2 + z2 / 2;
    box[bo + 3] = z0 / 2 - a0 / 2 + 1e-12 * (Math.abs(a0) + Math.abs(z0)) + 1e-300;
    box[bo + 4] = z1 / 2 - a1 / 2 + 1e-12 * (Math.abs(a1) + Math.abs(z1)) + 1e-300;
    box[bo + 5] = z2 / 2 - a2 / 2 + 1e-12 * (Math.abs(a2) + Math.abs(z2)) + 1e-300;
  }
  return { order, xs, starts, box, count: nb };
}

/**
 * The centre that every point of block `b` is nearest to by a wide margin, or −1. With a the chosen
 * centre and c another, both relative to the box middle, and h the half-widths, every member x = m + y
 * has d(x, c) − d(x, a) = |c|² − |a|² − 2 y·(c − a) ≥ |c|² − |a|² − 2 Σ h|c − a|. When that lower
 * bound exceeds 1e-9 × (the box's largest squared distances to a and c plus the terms), the computed
 * squared distances (each within a few ulps) order a strictly first for every member, so the plain
 * loop would label every member a; the 1e-300 floor covers underflow. A non-finite term fails the test.
 */
function dominant3(centers: Float64Array, k: number, box: Float64Array, b: number): number {
  const bo = b * 6;
  const m0 = box[bo];
  const m1 = box[bo + 1];
  const m2 = box[bo + 2];
  const h0 = box[bo + 3];
  const h1 = box[bo + 4];
  const h2 = box[bo + 5];
  let a = 0;
  let nearest = Infinity;
  for (let c = 0, co = 0; c < k; c++, co += 3) {
    const u0 = centers[co] - m0;
    const u1 = centers[co + 1] - m1;
    const u2 = centers[co + 2] - m2;
    const q = u0 * u0 + u1 * u1 + u2 * u2;
    if (q < nearest) {
      nearest = q;
      a = c;
    }
  }
  const s0 = centers[a * 3] - m0;
  const s1 = centers[a * 3 + 1] - m1;
  const s2 = centers[a * 3 + 2] - m2;
  const na = s0 * s0 + s1 * s1 + s2 * s2;
  const e0 = Math.abs(s0) + h0;
  const e1 = Math.abs(s1) + h1;
  const e2 = Math.abs(s2) + h2;
  const fa = e0 * e0 + e1 * e1 + e2 * e2;
  for (let c = 0, co = 0; c < k; c++, co += 3) {
    if (c === a) continue;
    const u0 = centers[co] - m0;
    const u1 = centers[co + 1] - m1;
    const u2 = centers[co + 2] - m2;
    const nc = u0 * u0 + u1 * u1 + u2 * u2;
    const lin = h0 * Math.abs(u0 - s0) + h1 * Math.abs(u1 - s1) + h2 * Math.abs(u2 - s2);
    const g0 = Math.abs(u0) + h0;
    const g1 = Math.abs(u1) + h1;
    const g2 = Math.abs(u2) + h2;
    const fc = g0 * g0 + g1 * g1 + g2 * g2;
    if (!(nc - na - 2 * lin > 1e-9 * (fa + fc + 2 * lin) + 1e-300)) return -1;
  }
  return a;
}

/**
 * Lloyd's assignment step for 3 features through {@link Blocks3}: a block whose members all have the
 * same nearest centre (see {@link dominant3}) is labelled whole (and not rewritten while it keeps that
 * centre: `blockLabel`), the other blocks point by point with the plain loop's arithmetic. Labels land
 * in `lab` at the original indices and the cluster sums (unless `sums` is null) are then taken over
 * the points in their original order, so labels, sums and sizes are exactly those of the plain loop.
 */
function step3(
  x: Float64Array,
  n: number,
  bl: Blocks3,
  centers: Float64Array,
  k: number,
  lab: Uint8Array,
  blockLabel: Int32Array,
  sums: Float64Array | null,
  counts: Int32Array,
): void {
  const { order, xs, starts, box } = bl;
  counts.fill(0);
  const four = k === 4;
  const a0 = centers[0];
  const a1 = centers[1];
  const a2 = centers[2];
  const b0 = four ? centers[3] : 0;
  const b1 = four ? centers[4] : 0;
  const b2 = four ? centers[5] : 0;
  const c0 = four ? centers[6] : 0;
  const c1 = four ? centers[7] : 0;
  const c2 = four ? centers[8] : 0;
  const d0 = four ? centers[9] : 0;
  const d1 = four ? centers[10] : 0;
  const d2 = four ? centers[11] : 0;
  for (let b = 0; b < bl.count; b++) {
    const s = starts[b];
    const e = starts[b + 1];
    const whole = dominant3(centers, k, box, b);
    if (whole >= 0) {
      counts[whole] += e - s;
      if (blockLabel[b] !== whole) {
        blockLabel[b] = whole;
        for (let p = s; p < e; p++) lab[order[p]] = whole;
      }
      continue;
    }
    blockLabel[b] = -1;
    for (let p = s, o = s * 3; p < e; p++, o += 3) {
      const x0 = xs[o];
      const x1 = xs[o + 1];
      const x2 = xs[o + 2];
      let best = 0;
      if (four) {
        // assign34's arithmetic
        let t0 = x0 - a0;
        let t1 = x1 - a1;
        let t2 = x2 - a2;
        let bestD = t0 * t0 + t1 * t1 + t2 * t2;
        t0 = x0 - b0;
        t1 = x1 - b1;
        t2 = x2 - b2;
        let q = t0 * t0 + t1 * t1 + t2 * t2;
        if (q < bestD) {
          bestD = q;
          best = 1;
        }
        t0 = x0 - c0;
        t1 = x1 - c1;
        t2 = x2 - c2;
        q = t0 * t0 + t1 * t1 + t2 * t2;
        if (q < bestD) {
          bestD = q;
          best = 2;
        }
        t0 = x0 - d0;
        t1 = x1 - d1;
        t2 = x2 - d2;
        q = t0 * t0 + t1 * t1 + t2 * t2;
        if (q < bestD) best = 3;
      } else {
        // assign's 3-feature arithmetic
        let bestD = Infinity;
        for (let c = 0, co = 0; c < k; c++, co += 3) {
          const t0 = x0 - centers[co];
          const t1 = x1 - centers[co + 1];
          const t2 = x2 - centers[co + 2];
          const q = t0 * t0 + t1 * t1 + t2 * t2;
          if (q < bestD) {
            bestD = q;
            best = c;
          }
        }
      }
      lab[order[p]] = best;
      counts[best]++;
    }
  }
  if (sums === null) return;
  sums.fill(0);
  for (let i = 0, o = 0; i < n; i++, o += 3) {
    const co = lab[i] * 3;
    sums[co] += x[o];
    sums[co + 1] += x[o + 1];
    sums[co + 2] += x[o + 2];
  }
}

/**
 * Lloyd's algorithm from given centres: assign, move centres to their members' means, until the total
 * squared centre shift is at most `tolerance` (already scaled) or `maxIterations`. An empty cluster is
 * moved to the point farthest from its centre. The final labels and inertia are those of the returned
 * centroids (a last assignment, as {@link assign} gives them). `history` holds the inertia at every assignment: always for the general loops,
 * for 3 features (the blocked step, which does not need the distances) only when `trace` is set.
 * `blocks` (3 features) shares the spatial sort between starts; built here when not given.
 */
export function lloyd(
  x: Float64Array,
  n: number,
  d: number,
  init: Float64Array,
  k: number,
  maxIterations: number,
  tolerance: number,
  options: { blocks?: Blocks3; trace?: boolean; labels?: Int32Array; lab?: Uint8Array } = {},
): KMeansRun {
  const centers = Float64Array.from(init);
  // `labels` (returned) and `lab` may be given to reuse memory between starts: both are overwritten
  const labels = options.labels ?? new Int32Array(n);
  const sums = new Float64Array(k * d);
  const counts = new Int32Array(k);
  const history: number[] = [];
  // 3 features: the blocked step, labels as bytes (k ≤ 256)
  const blocked = d === 3 && k <= 256;
  const bl = blocked ? (options.blocks ?? blocks3(x, n)) : null;
  const lab = blocked ? (options.lab ?? new Uint8Array(n)) : new Uint8Array(0);
  // the squared distances to the assigned centres: the blocked step needs them only for an empty
  // cluster (or the trace), so they are allocated then
  let dist = new Float64Array(blocked ? 0 : n);
  const blockLabel = new Int32Array(bl ? bl.count : 0).fill(-1);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    if (bl) {
      step3(x, n, bl, centers, k, lab, blockLabel, sums, counts);
      if (options.trace || counts.includes(0)) {
        // the squared distances to the assigned centres: the plain loop's bestD
        if (dist.length < n) dist = new Float64Array(n);
        let inertia = 0;
        for (let i = 0, o = 0; i < n; i++, o += 3) {
          const co = lab[i] * 3;
          const t0 = x[o] - centers[co];
          const t1 = x[o + 1] - centers[co + 1];
          const t2 = x[o + 2] - centers[co + 2];
          inertia += dist[i] = t0 * t0 + t1 * t1 + t2 * t2;
        }
        if (options.trace) history.push(inertia);
      }
    } else {
      sums.fill(0);
      counts.fill(0);
      history.push(assign(x, n, d, centers, k, labels, dist, sums, counts));
    }
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
  let inertia = 0;
  if (bl) {
    // assign's labels and inertia: the labels through the blocks, the squared distances to the assigned
    // centres (assign's bestD) summed in input order
    step3(x, n, bl, centers, k, lab, blockLabel, null, counts);
    for (let i = 0, o = 0; i < n; i++, o += 3) {
      const c = lab[i];
      const co = c * 3;
      const t0 = x[o] - centers[co];
      const t1 = x[o + 1] - centers[co + 1];
      const t2 = x[o + 2] - centers[co + 2];
      inertia += t0 * t0 + t1 * t1 + t2 * t2;
      labels[i] = c;
    }
  } else inertia = assign(x, n, d, centers, k, labels, dist);
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
  if (d === 3) {
    // the same sums in the same order, the three features in one pass each for the means and variances
    let m0 = 0;
    let m1 = 0;
    let m2 = 0;
    for (let o = 0; o < 3 * n; o += 3) {
      m0 += x[o];
      m1 += x[o + 1];
      m2 += x[o + 2];
    }
    m0 /= n;
    m1 /= n;
    m2 /= n;
    let v0 = 0;
    let v1 = 0;
    let v2 = 0;
    for (let o = 0; o < 3 * n; o += 3) {
      const t0 = x[o] - m0;
      const t1 = x[o + 1] - m1;
      const t2 = x[o + 2] - m2;
      v0 += t0 * t0;
      v1 += t1 * t1;
      v2 += t2 * t2;
    }
    meanVar = v0 / n + v1 / n + v2 / n;
  } else {
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
  }
  meanVar /= d;
  const tol = options.tolerance * meanVar;
  const rand = mulberry32(options.seed);
  // the spatial sort of the points, shared by every start
  const blocks = d === 3 && k <= 256 ? blocks3(x, n) : undefined;
  // memory shared by the starts: the seeding's scratch arrays, the byte labels, and two label arrays
  // (the best start's and the current one's)
  const work = { closest: new Float64Array(n), cumulative: new Float64Array(n) };
  const lab = blocks ? new Uint8Array(n) : undefined;
  let spare: Int32Array | undefined;
  let best: (KMeansRun & { restart: number }) | null = null;
  for (let r = 0; r < options.restarts; r++) {
    const init = kmeansPlusPlus(x, n, d, k, rand, work);
    const run = lloyd(x, n, d, init, k, options.maxIterations, tol, { blocks, labels: spare, lab });
    if (best === null || run.inertia < best.inertia) {
      spare = best?.labels;
      best = { ...run, restart: r };
    } else spare = run.labels;
  }
  return best as KMeansRun & { restart: number };
}
