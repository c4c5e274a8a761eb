// Feature matrix and scaling shared by clusterCustomers, assignCluster and chooseK (internal).
import { readRecords, type RecordField } from "../input/readRecords.js";
import { compensatedMean } from "../internal/mean.js";

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
export function readFeatures<Row>(fn: string, records: Iterable<Row>, features: readonly string[], source: string): FeatureMatrix<Row> {
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

const signedLog1p = (v: number) => (v < 0 ? -Math.log1p(-v) : Math.log1p(v));

/** Fits the scaling of each feature column. */
export function fitScaling(raw: Float64Array, n: number, d: number, scaling: ClusterScaling): FeatureScaling {
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
  return { scaling, center, scale };
}

/** Applies a fitted scaling to a row-major matrix. */
export function transform(raw: Float64Array, n: number, d: number, model: FeatureScaling): Float64Array {
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
