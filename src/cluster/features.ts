// Feature matrix and scaling shared by clusterCustomers, assignCluster and chooseK (internal).
import type { CustomerInput } from "../input/types.js";
import { readRecords, type RecordField } from "../input/readRecords.js";
import { AnalyticsInputError, inputIssue } from "../errors.js";
import { compensatedMean } from "../internal/mean.js";
import { log1p } from "../internal/elementary.js";

/** How features are scaled before clustering. */
export type ClusterScaling = "log1p-zscore" | "zscore" | "minmax" | "none";

/** The fitted transform of each feature: `(f(x) − center) / scale`, f = signed log1p or identity. */
export interface FeatureScaling {
  scaling: ClusterScaling;
  center: readonly number[];
  scale: readonly number[];
}

/** Customer-level records read as a row-major feature matrix. */
export interface FeatureMatrix<Row> {
  ids: string[];
  /** n × d values, row-major, in the records' units. */
  raw: Float64Array;
  n: number;
  d: number;
  /** One column per feature (the reader's output), by feature name. */
  columns: { [feature: string]: Float64Array };
  rows: readonly Row[];
}

/**
 * Reads the features through the one customer-level reader (`readRecords`): issue paths
 * `[source, i, feature]`, one id rule, duplicate ids refused, every feature a finite number.
 */
export function readFeatures<Row>(fn: string, records: CustomerInput<Row>, features: readonly string[], source: string): FeatureMatrix<Row> {
  const fields: { [feature: string]: RecordField<Row> } = {};
  for (const f of features) fields[f] = { field: f, name: f, rule: "finite" };
  const { ids, columns, rows } = readRecords(fn, records, { source, fields });
  const n = ids.length;
  const d = features.length;
  const raw = new Float64Array(n * d);
  for (let j = 0; j < d; j++) {
    const col = columns[features[j]];
    for (let i = 0; i < n; i++) raw[i * d + j] = col[i];
  }
  return { ids, raw, n, d, columns, rows };
}

const signedLog1p = (v: number) => (v < 0 ? -log1p(-v) : log1p(v));


/** Where the values of a feature matrix come from, for `overflow` issues. */
export interface FeatureSite {
  fn: string;
  /** Root of the paths: `"records"` or `"customers"`. */
  source: string;
  features: readonly string[];
  ids: readonly string[];
}

/** The `overflow` error of a value at row `i`, feature `j`. */
export function overflowAt(site: FeatureSite, i: number, j: number, message: string): AnalyticsInputError {
  return new AnalyticsInputError(site.fn, [inputIssue("overflow", [site.source, i, site.features[j]], message, site.ids[i])]);
}


/**
 * Population standard deviation of finite values around their mean `m`, without overflow: when the
 * squares leave the doubles, the deviations are taken as halves and divided by the largest one (so
 * each square is at most 1) and the result scaled back. Never above half the values' range, so finite
 * (up to a rounding at the very top of the doubles, which the caller checks).
 */
function populationSd(values: Float64Array, m: number): number {
  const n = values.length;
  let v = 0;
  for (let i = 0; i < n; i++) v += (values[i] - m) * (values[i] - m);
  if (Number.isFinite(v)) return Math.sqrt(v / n);
  let top = 0;
  for (let i = 0; i < n; i++) top = Math.max(top, Math.abs(values[i] / 2 - m / 2));
  let q = 0;
  for (let i = 0; i < n; i++) {
    const h = (values[i] / 2 - m / 2) / top;
    q += h * h;
  }
  return top * (2 * Math.sqrt(q / n));
}

/**
 * Fits the scaling of each feature column. A z-score of values near 1e308 is computed without
 * overflow; a min-max range beyond the largest double (or a standard deviation rounding up to it) is
 * an `overflow` issue at the row holding the largest magnitude.
 */
export function fitScaling(raw: Float64Array, n: number, d: number, scaling: ClusterScaling, site: FeatureSite): FeatureScaling {
  const center: number[] = [];
  const scale: number[] = [];
  const col = new Float64Array(n);
  for (let j = 0; j < d; j++) {
    for (let i = 0; i < n; i++) col[i] = scaling === "log1p-zscore" ? signedLog1p(raw[i * d + j]) : raw[i * d + j];
    let lo = Infinity;
    let hi = -Infinity;
    let loAt = 0;
    let hiAt = 0;
    for (let i = 0; i < n; i++) {
      if (col[i] < lo) [lo, loAt] = [col[i], i];
      if (col[i] > hi) [hi, hiAt] = [col[i], i];
    }
    const extreme = Math.abs(lo) > Math.abs(hi) ? loAt : hiAt;
    if (scaling === "none") {
      center.push(0);
      scale.push(1);
    } else if (scaling === "minmax") {
      const range = hi - lo;
      if (!Number.isFinite(range)) {
        throw overflowAt(site, extreme, j, `the range of ${JSON.stringify(site.features[j])} (${lo} to ${hi}) is beyond the largest double (1.8e308): min-max scaling cannot represent it; use scaling "zscore" or "log1p-zscore"`);
      }
      center.push(lo);
      scale.push(range > 0 ? range : 1);
    } else {
      const m = compensatedMean(col); // finite for finite values (scaled when the plain sum overflows)
      const sd = populationSd(col, m); // population standard deviation, as scikit-learn's StandardScaler
      if (!Number.isFinite(sd)) {
        throw overflowAt(site, extreme, j, `the standard deviation of ${JSON.stringify(site.features[j])} is beyond the largest double (1.8e308)`);
      }
      center.push(m);
      scale.push(sd > 0 ? sd : 1);
    }
  }
  return { scaling, center, scale };
}

/**
 * Applies a fitted scaling to a row-major matrix. A difference `value − center` beyond the doubles is
 * taken as halves; a scaled value that still is not finite (a new customer far outside the fitted
 * range) is an `overflow` issue naming the row and feature.
 */
export function transform(raw: Float64Array, n: number, d: number, model: FeatureScaling, site: FeatureSite): Float64Array {
  const out = new Float64Array(n * d);
  const log = model.scaling === "log1p-zscore";
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const v = log ? signedLog1p(raw[i * d + j]) : raw[i * d + j];
      let z = (v - model.center[j]) / model.scale[j];
      if (!Number.isFinite(z)) z = ((v / 2 - model.center[j] / 2) / model.scale[j]) * 2;
      if (!Number.isFinite(z)) {
        throw overflowAt(site, i, j, `the scaled value of ${v} ((value − ${model.center[j]}) / ${model.scale[j]}) is beyond the largest double (1.8e308)`);
      }
      out[i * d + j] = z;
    }
  }
  return out;
}

/**
 * Checks that k-means on the scaled matrix cannot overflow: every sum it takes (coordinates of up to n
 * points, squared distances of up to n points) stays finite when n · max|x| and n · Σ range² do.
 * Otherwise an `overflow` issue at the row of the largest magnitude (only with `scaling: "none"`, or
 * values far outside a model's range, can this happen).
 */
export function checkKmeansRange(x: Float64Array, n: number, d: number, site: FeatureSite): void {
  const limit = Number.MAX_VALUE / 8;
  let squares = 0;
  for (let j = 0; j < d; j++) {
    let lo = Infinity;
    let hi = -Infinity;
    let at = 0;
    let top = -1;
    for (let i = 0; i < n; i++) {
      const v = x[i * d + j];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
      if (Math.abs(v) > top) [top, at] = [Math.abs(v), i];
    }
    squares += (hi - lo) * (hi - lo);
    if (!(top <= limit / n) || !(squares <= limit / n)) {
      throw overflowAt(
        site,
        at,
        j,
        `values up to ${top} are too large for k-means in double precision (squared distances and sums would overflow): scale the features (scaling "zscore", "minmax" or "log1p-zscore")`,
      );
    }
  }
}
