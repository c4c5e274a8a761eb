import { readFileSync, readdirSync } from "node:fs";
import fc from "fast-check";
import { kmeans as mlKmeans } from "ml-kmeans";
import { describe, expect, test } from "vitest";
import { assignCluster, chooseK, clusterCustomers } from "../../src/cluster/index.js";
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

describe("clusterCustomers", () => {
  test.each([2, 3, 4, 5, 6])("CDNOW, k = %i: inertia within 0.1% of scikit-learn's best of 10 starts", (k) => {
    const { meta } = clusterCustomers(cdnow, { k, seed: 7 });
    expect(meta.inertia).toBeLessThanOrEqual(sklearn.inertia[String(k)] * 1.001);
    expect(meta.converged).toBe(true);
  });

  test("profiles name clusters by their mean R/F/M and add up", () => {
    const { profiles, clusters, meta } = clusterCustomers(cdnow, { k: 4 });
    expect(profiles.reduce((s, p) => s + p.size, 0)).toBe(cdnow.length);
    expect(profiles.reduce((s, p) => s + (p.revenueShare ?? 0), 0)).toBeCloseTo(1, 9);
    for (const p of profiles) {
      expect(p.segment).toMatch(/^(important|general)_/);
      const members = cdnow.filter((_, i) => clusters[i].cluster === p.cluster);
      expect(p.meanFrequency).toBeCloseTo(members.reduce((s, r) => s + r.frequency, 0) / members.length, 9);
      expect(p.centroid.monetary).toBeCloseTo(members.reduce((s, r) => s + r.monetary, 0) / members.length, 6);
    }
    expect(meta.model.features).toEqual(["recencyDays", "frequency", "monetary"]);
    // a new customer lands where an identical existing one is
    expect(assignCluster(meta.model, [{ ...cdnow[5], customerId: "new" }])[0].cluster).toBe(clusters[5].cluster);
  });

  test("same seed, same result; k = 1 gives the mean", () => {
    const a = clusterCustomers(cdnow.slice(0, 3000), { k: 3, seed: 11 });
    const b = clusterCustomers(cdnow.slice(0, 3000), { k: 3, seed: 11 });
    expect(b).toEqual(a);
    const one = clusterCustomers([{ customerId: "a", x: 1 }, { customerId: "b", x: 2 }, { customerId: "c", x: 6 }], { k: 1, features: ["x"], scaling: "none" });
    expect(one.meta.model.centroids).toEqual([[3]]);
    expect(one.meta.inertia).toBe(14);
  });

  test("bad input: NaN names the customer, k above distinct points, options", () => {
    expect(() => clusterCustomers([{ customerId: "a", recencyDays: 1, frequency: Number.NaN, monetary: 1 }], { k: 1 })).toThrow(
      expect.objectContaining({ code: "invalid_value", issues: [expect.objectContaining({ path: "customers[0].frequency" })] }),
    );
    const dup = [1, 1, 1, 2].map((x, i) => ({ customerId: String(i), x }));
    expect(() => clusterCustomers(dup, { k: 3, features: ["x"] })).toThrow(expect.objectContaining({ code: "degenerate_data" }));
    expect(clusterCustomers(dup, { k: 2, features: ["x"] }).profiles.map((p) => p.size).sort()).toEqual([1, 3]);
    expect(() => clusterCustomers(dup, { k: 0, features: ["x"] })).toThrow(/^clusterCustomers: options\.k/);
    expect(() => clusterCustomers(dup, { k: 2, features: ["y"] })).toThrow(expect.objectContaining({ code: "missing_field" }));
  });

  test("properties: nearest centroid, inertia recomputed, history never increases, input untouched", () => {
    const points = fc.array(fc.tuple(fc.integer({ min: -50, max: 50 }), fc.integer({ min: -50, max: 50 })), { minLength: 4, maxLength: 80 });
    fc.assert(
      fc.property(points, fc.integer({ min: 1, max: 4 }), fc.integer(), (pts, k, seed) => {
        const rows = pts.map(([x, y], i) => Object.freeze({ customerId: `c${i}`, x, y }));
        fc.pre(new Set(pts.map((p) => p.join())).size >= k);
        const { clusters, meta } = clusterCustomers(rows, { k, features: ["x", "y"], scaling: "none", seed, restarts: 2 });
        const cs = meta.model.centroids;
        let inertia = 0;
        rows.forEach((r, i) => {
          const d2 = cs.map((c) => (r.x - c[0]) ** 2 + (r.y - c[1]) ** 2);
          expect(d2[clusters[i].cluster]).toBeLessThanOrEqual(Math.min(...d2) + 1e-9);
          inertia += d2[clusters[i].cluster];
        });
        expect(meta.inertia).toBeCloseTo(inertia, 6);
        const x = Float64Array.from(pts.flat());
        const run = lloyd(x, pts.length, 2, kmeansPlusPlus(x, pts.length, 2, k, mulberry32(seed)), k, 100, 0);
        for (let t = 1; t < run.history.length; t++) expect(run.history[t]).toBeLessThanOrEqual(run.history[t - 1] * (1 + 1e-12) + 1e-9);
      }),
    );
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

  test("chooseK: tidy records; silhouette and Calinski–Harabasz pick the planted k", () => {
    const rand = mulberry32(5);
    const rows = Array.from({ length: 300 }, (_, i) => {
      const c = i % 3;
      return { customerId: `c${i}`, x: c * 20 + rand(), y: c * -15 + rand() };
    });
    const q = chooseK(rows, { features: ["x", "y"], scaling: "none", kMin: 2, kMax: 5 });
    expect(q.map((r) => r.k)).toEqual([2, 3, 4, 5]);
    for (let i = 1; i < q.length; i++) expect(q[i].inertia).toBeLessThanOrEqual(q[i - 1].inertia);
    expect(q.reduce((a, b) => (b.silhouette! > a.silhouette! ? b : a)).k).toBe(3);
    expect(q.reduce((a, b) => (b.calinskiHarabasz! > a.calinskiHarabasz! ? b : a)).k).toBe(3);
    const sampled = chooseK(rows, { features: ["x", "y"], scaling: "none", kMin: 3, kMax: 3, silhouetteSample: 50 });
    expect(sampled[0].silhouetteSampled).toBe(true);
    expect(sampled[0].silhouette).toBeGreaterThan(0.8);
  });
});

test("importing crm-analytics or crm-analytics/rfm does not load the clustering code", () => {
  const src = fixturePath("../../src/");
  const reached = new Set<string>();
  const visit = (file: string) => {
    if (reached.has(file)) return;
    reached.add(file);
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/from "(\.[^"]+)\.js"/g)) visit(new URL(`${m[1]}.ts`, `file://${file}`).pathname);
  };
  visit(`${src}index.ts`);
  visit(`${src}rfm/index.ts`);
  expect([...reached].filter((f) => f.includes("/cluster/"))).toEqual([]);
  expect(readdirSync(`${src}cluster`).length).toBeGreaterThan(0);
});
