// clusterCustomers against reference implementations: scikit-learn's KMeans on the CDNOW customers
// (fixture and script in test/fixtures/cluster), and ml-kmeans from the same initial centroids.
import { readFileSync } from "node:fs";
import { kmeans as mlKmeans } from "ml-kmeans";
import { describe, expect, test } from "vitest";
import { clusterCustomers } from "../../src/cluster/index.js";
import { kmeansPlusPlus, lloyd } from "../../src/cluster/kmeans.js";
import { mulberry32 } from "../../src/internal/random.js";
import { fixturePath, readCsvFixture } from "../helpers/csv.js";

const cdnow = readCsvFixture("cluster/cdnow_rfm.csv").map((r) => ({
  customerId: r.customerId,
  recencyDays: Number(r.recencyDays),
  frequency: Number(r.frequency),
  monetary: Number(r.monetary),
}));
const sklearn = JSON.parse(readFileSync(fixturePath("cluster/cdnow_kmeans_sklearn.json"), "utf8"));

describe("clusterCustomers conformance", () => {
  test.each([2, 3, 4, 5, 6])("CDNOW, k = %i: inertia within 0.1% of scikit-learn's best of 10 starts", (k) => {
    const { meta } = clusterCustomers(cdnow, { k, seed: 7 });
    expect(meta.inertia).toBeLessThanOrEqual(sklearn.inertia[String(k)] * 1.001);
    expect(meta.converged).toBe(true);
  });

  test("cross-check with ml-kmeans: same initial centroids give the same partition", () => {
    const sample = cdnow.slice(0, 2000);
    const x = new Float64Array(sample.length * 3);
    sample.forEach((r, i) => {
      x[i * 3] = Math.log1p(r.recencyDays);
      x[i * 3 + 1] = Math.log1p(r.frequency);
      x[i * 3 + 2] = Math.log1p(r.monetary);
    });
    const init = kmeansPlusPlus(x, sample.length, 3, 4, mulberry32(3));
    const ours = lloyd(x, sample.length, 3, init, 4, 1000, 0);
    const rows = Array.from({ length: sample.length }, (_, i) => Array.from(x.subarray(i * 3, i * 3 + 3)));
    const theirs = mlKmeans(rows, 4, { initialization: [0, 1, 2, 3].map((c) => Array.from(init.subarray(c * 3, c * 3 + 3))), maxIterations: 1000, tolerance: 0 });
    expect(ours.converged).toBe(true);
    expect(Array.from(ours.labels)).toEqual(theirs.clusters);
  });
});
