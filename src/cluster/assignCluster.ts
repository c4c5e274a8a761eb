import { describeValue } from "../errors.js";
import type { ClusterAssignment, ClusterModel, ClusterScaling } from "./clusterCustomers.js";
import { readFeatures, transform } from "./features.js";

/** What {@link assignCluster} used. */
export interface AssignClusterMeta {
  /** Number of customers placed. */
  customers: number;
  /** Number of clusters of the model. */
  k: number;
  features: string[];
  scaling: ClusterScaling;
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

/**
 * Places customers in the clusters of a fitted model (`clusterCustomers(...).meta.model`, also as
 * read back from JSON): each is scaled with the model's transform and goes to the nearest centroid
 * (the first one on ties).
 *
 * @returns `customers` (one assignment each, input order, `distance` in scaled space) and `meta`.
 * @throws {TypeError} When `model` is not a cluster model, prefixed `assignCluster:`.
 * @throws {AnalyticsInputError} Bad records, with paths `["customers", i, field]`.
 * @example
 * const fit = clusterCustomers(
 *   [{ customerId: "a", x: 0 }, { customerId: "b", x: 1 }, { customerId: "c", x: 10 }, { customerId: "d", x: 11 }],
 *   { k: 2, features: ["x"], scaling: "none", seed: 1 },
 * );
 * const { customers } = assignCluster(fit.meta.model, [{ customerId: "new", x: 9 }]);
 * customers[0].cluster === fit.customers[2].cluster; //=> true
 * customers[0].distance;                             //=> 1.5
 */
export function assignCluster<Row = any>(model: ClusterModel, customers: Iterable<Row>): AssignClusterResult {
  const fn = "assignCluster";
  checkModel(fn, model);
  const data = readFeatures(fn, customers, model.features, "customers");
  const x = transform(data.raw, data.n, data.d, model);
  const { d } = data;
  const out = data.ids.map((customerId, i) => {
    let best = 0;
    let bestD = Infinity;
    model.centroids.forEach((c, ci) => {
      let s = 0;
      for (let j = 0; j < d; j++) s += (x[i * d + j] - c[j]) ** 2;
      if (s < bestD) {
        bestD = s;
        best = ci;
      }
    });
    return { customerId, cluster: best, distance: Math.sqrt(bestD) };
  });
  return { customers: out, meta: { customers: data.n, k: model.centroids.length, features: model.features.slice(), scaling: model.scaling } };
}
