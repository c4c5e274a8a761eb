import { z } from "zod";
import { describeValue } from "../errors.js";
import { defineOptions, parseOptions, type OptionsSchema } from "../options.js";
import type { ClusterAssignment, ClusterAssignmentColumns, ClusterModel, ClusterScaling } from "./clusterCustomers.js";
import { overflowAt, readFeatures, transform } from "./features.js";
import { assign } from "./kmeans.js";

/** What {@link assignCluster} used. */
export interface AssignClusterMeta {
  /** Number of customers placed. */
  customers: number;
  /** Number of clusters of the model. */
  k: number;
  features: string[];
  scaling: ClusterScaling;
}

/** Options of {@link assignCluster}. */
export interface AssignClusterOptions {
  /**
   * `"records"` (default): `customers`, one assignment per customer. `"columns"`: `columns`
   * (`customerId`, `cluster` as an `Int32Array`, `distance` as a `Float64Array`), the same values.
   */
  output?: "records" | "columns";
}

/** zod schema of {@link AssignClusterOptions}. */
export const assignClusterOptionsSchema: OptionsSchema<AssignClusterOptions> = defineOptions<AssignClusterOptions>()({
  output: z.enum(["records", "columns"]).optional(),
});

/** Result of {@link assignCluster} with `output: "columns"`. */
export interface AssignClusterColumnsResult {
  columns: ClusterAssignmentColumns;
  meta: AssignClusterMeta;
}

/** Result of {@link assignCluster}. */
export interface AssignClusterResult {
  /** One assignment per customer, in input order. */
  customers: ClusterAssignment[];
  meta: AssignClusterMeta;
}

const SCALINGS: readonly string[] = ["log1p-zscore", "zscore", "minmax", "none"];

/** Checks that `model` is a cluster model (e.g. one read back from JSON), else a `TypeError` naming what is wrong. */
function checkModel(fn: string, model: unknown): asserts model is ClusterModel {
  const bad = (what: string): never => {
    throw new TypeError(`${fn}: model must be clusterCustomers(...).meta.model: ${what}`);
  };
  if (model === null || typeof model !== "object") bad(`got ${describeValue(model)}`);
  const m = model as Partial<Record<keyof ClusterModel, unknown>>;
  const finiteList = (v: unknown, d: number) => Array.isArray(v) && v.length === d && v.every((x) => typeof x === "number" && Number.isFinite(x));
  if (!Array.isArray(m.features) || m.features.length === 0 || !m.features.every((f) => typeof f === "string" && f !== "")) bad("features must be a non-empty array of field names");
  const d = (m.features as string[]).length;
  if (new Set(m.features as string[]).size !== d) bad("features must be distinct");
  if (typeof m.scaling !== "string" || !SCALINGS.includes(m.scaling)) bad(`scaling must be one of ${SCALINGS.join(", ")}, got ${describeValue(m.scaling)}`);
  if (!finiteList(m.center, d)) bad(`center must hold ${d} finite numbers`);
  if (!finiteList(m.scale, d) || !(m.scale as number[]).every((s) => s > 0)) bad(`scale must hold ${d} positive numbers`);
  if (!Array.isArray(m.centroids) || m.centroids.length === 0 || !m.centroids.every((c) => finiteList(c, d))) bad(`centroids must be a non-empty array of ${d} finite numbers each`);
}

/** Nearest centroid by Euclidean distance computed without overflow (the first on ties). */
function farDistance(x: Float64Array, i: number, d: number, centers: Float64Array, k: number): { cluster: number; distance: number } {
  let best = 0;
  let bestD = Infinity;
  const half = new Float64Array(d);
  for (let c = 0; c < k; c++) {
    let top = 0;
    for (let j = 0; j < d; j++) {
      half[j] = x[i * d + j] / 2 - centers[c * d + j] / 2;
      top = Math.max(top, Math.abs(half[j]));
    }
    let q = 0;
    if (top > 0) for (let j = 0; j < d; j++) q += (half[j] / top) * (half[j] / top);
    const dc = top * (2 * Math.sqrt(q));
    if (dc < bestD || (c === 0 && dc === bestD)) {
      bestD = dc;
      best = c;
    }
  }
  return { cluster: best, distance: bestD };
}

/**
 * Places customers in the clusters of a fitted model (`clusterCustomers(...).meta.model`, also as
 * read back from JSON): each is scaled with the model's transform and goes to the nearest centroid
 * (the first one on ties).
 *
 * @returns `customers` (one assignment each, input order, `distance` in scaled space) and `meta`; with
 *   `output: "columns"`, `columns` instead of `customers`, the same values.
 * @throws {TypeError} When `model` is not a cluster model or an option is bad, prefixed `assignCluster:`.
 * @throws {AnalyticsInputError} Bad records, with paths `["customers", i, field]`; `overflow` when a
 *   customer's scaled value or distance to the nearest centroid is beyond the largest double.
 * @example
 * const fit = clusterCustomers(
 *   [{ customerId: "a", x: 0 }, { customerId: "b", x: 1 }, { customerId: "c", x: 10 }, { customerId: "d", x: 11 }],
 *   { k: 2, features: ["x"], scaling: "none", seed: 1 },
 * );
 * const { customers } = assignCluster(fit.meta.model, [{ customerId: "new", x: 9 }]);
 * customers[0].cluster === fit.customers[2].cluster; //=> true
 * customers[0].distance;                             //=> 1.5
 * const { columns } = assignCluster(fit.meta.model, [{ customerId: "new", x: 9 }], { output: "columns" });
 * columns.cluster[0] === fit.customers[2].cluster;   //=> true
 */
export function assignCluster<Row = any>(model: ClusterModel, customers: Iterable<Row>, options: AssignClusterOptions & { output: "columns" }): AssignClusterColumnsResult;
export function assignCluster<Row = any>(model: ClusterModel, customers: Iterable<Row>, options?: AssignClusterOptions): AssignClusterResult;
export function assignCluster<Row = any>(model: ClusterModel, customers: Iterable<Row>, options: AssignClusterOptions = {}): AssignClusterResult | AssignClusterColumnsResult {
  const fn = "assignCluster";
  const opts = parseOptions(fn, assignClusterOptionsSchema, options);
  checkModel(fn, model);
  const data = readFeatures(fn, customers, model.features, "customers");
  const { n, d } = data;
  const site = { fn, source: "customers", features: model.features, ids: data.ids };
  const x = transform(data.raw, n, d, model, site);
  const k = model.centroids.length;
  const centers = new Float64Array(k * d);
  model.centroids.forEach((c, ci) => centers.set(c, ci * d));
  const labels = new Int32Array(n);
  const dist = new Float64Array(n);
  // the fused loop of k-means' assignment step (nearest centroid, the first on ties)
  assign(x, n, d, centers, k, labels, dist);
  const distances = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let distance = Math.sqrt(dist[i]);
    if (!Number.isFinite(distance)) {
      // a squared distance beyond the doubles (a customer far outside the model's range): compare the
      // distances themselves, computed from halved differences scaled by the largest one
      const far = farDistance(x, i, d, centers, k);
      labels[i] = far.cluster;
      distance = far.distance;
      if (!Number.isFinite(distance)) {
        let j = 0;
        for (let t = 1; t < d; t++) if (Math.abs(x[i * d + t]) > Math.abs(x[i * d + j])) j = t;
        throw overflowAt(site, i, j, `the distance to the nearest centroid is beyond the largest double (1.8e308)`);
      }
    }
    distances[i] = distance;
  }
  const meta: AssignClusterMeta = { customers: n, k, features: model.features.slice(), scaling: model.scaling };
  if (opts.output === "columns") return { columns: { customerId: data.ids.slice(), cluster: labels, distance: distances }, meta };
  const out: ClusterAssignment[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = { customerId: data.ids[i], cluster: labels[i], distance: distances[i] };
  return { customers: out, meta };
}
