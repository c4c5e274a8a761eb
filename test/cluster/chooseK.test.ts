import { describe, expect, expectTypeOf, test } from "vitest";
import { AnalyticsInputError, chooseK, chooseKOptionsSchema, clusterCustomers, type ChooseKMeta, type ChooseKOptions, type ChooseKResult, type KCandidate } from "../../src/cluster/index.js";
import { mulberry32 } from "../../src/internal/random.js";

const rand = mulberry32(5);
const planted = Array.from({ length: 300 }, (_, i) => {
  const c = i % 3;
  return { customerId: `c${i}`, x: c * 20 + rand(), y: c * -15 + rand() };
});

describe("chooseK", () => {
  test("one candidate per k; silhouette and Calinski–Harabasz pick the planted k", () => {
    const { candidates, meta } = chooseK(planted, { features: ["x", "y"], scaling: "none", kMin: 2, kMax: 5 });
    expect(candidates.map((r) => r.k)).toEqual([2, 3, 4, 5]);
    for (let i = 1; i < candidates.length; i++) expect(candidates[i].inertia).toBeLessThanOrEqual(candidates[i - 1].inertia);
    expect(candidates.reduce((a, b) => (b.silhouette! > a.silhouette! ? b : a)).k).toBe(3);
    expect(candidates.reduce((a, b) => (b.calinskiHarabasz! > a.calinskiHarabasz! ? b : a)).k).toBe(3);
    expect(meta).toEqual({
      customers: 300,
      kMin: 2,
      kMax: 5,
      features: ["x", "y"],
      scaling: "none",
      seed: 42,
      restarts: 10,
      maxIterations: 300,
      tolerance: 1e-4,
      silhouetteSample: 5000,
    });
  });

  test("the silhouette on a seeded sample above silhouetteSample", () => {
    const { candidates } = chooseK(planted, { features: ["x", "y"], scaling: "none", kMin: 3, kMax: 3, silhouetteSample: 50 });
    expect(candidates[0].silhouetteSampled).toBe(true);
    expect(candidates[0].silhouette).toBeGreaterThan(0.8);
  });

  test("each candidate's inertia is clusterCustomers' inertia for that k", () => {
    const { candidates } = chooseK(planted, { features: ["x", "y"], kMin: 1, kMax: 4, seed: 3, restarts: 4 });
    for (const c of candidates) expect(c.inertia).toBe(clusterCustomers(planted, { k: c.k, features: ["x", "y"], seed: 3, restarts: 4 }).meta.inertia);
    expect(candidates[0]).toMatchObject({ k: 1, silhouette: null, calinskiHarabasz: null });
  });

  test("k stops at the number of distinct points; no Infinity when the clusters have no spread", () => {
    const rows = [1, 1, 2, 2, 5, 5].map((x, i) => ({ customerId: String(i), x }));
    const { candidates } = chooseK(rows, { features: ["x"], scaling: "none", kMin: 2, kMax: 6 });
    expect(candidates.map((c) => c.k)).toEqual([2, 3]);
    expect(candidates[1]).toMatchObject({ k: 3, inertia: 0, calinskiHarabasz: null });
    expect(JSON.parse(JSON.stringify(candidates))).toEqual(candidates);
  });

  test("bad options and records", () => {
    expect(() => chooseK(planted, { features: ["x"], kMin: 4, kMax: 3 })).toThrow(new RangeError("chooseK: options.kMin (4) must not exceed options.kMax (3)"));
    expect(() => chooseK(planted, { features: ["x"], k: 3 } as never)).toThrow(new TypeError('chooseK: options: unknown option "k"'));
    expect(() => chooseK(planted, { features: ["x"], silhouetteSample: 5 })).toThrow(/^chooseK: options\.silhouetteSample/);
    expect(() => chooseK([{ customerId: "a", x: Number.POSITIVE_INFINITY }], { features: ["x"] })).toThrow(AnalyticsInputError);
    expect(() => chooseK([{ customerId: "a", x: Number.POSITIVE_INFINITY }], { features: ["x"] })).toThrow(/^chooseK: records\[0\]\.x: expected a finite number, got Infinity/);
  });

  test("types: options and result", () => {
    expectTypeOf(chooseK).parameter(1).toEqualTypeOf<ChooseKOptions | undefined>();
    expectTypeOf(chooseK).returns.toEqualTypeOf<ChooseKResult>();
    expectTypeOf<ChooseKResult["candidates"]>().toEqualTypeOf<KCandidate[]>();
    expectTypeOf<ChooseKResult["meta"]>().toEqualTypeOf<ChooseKMeta>();
    expectTypeOf<keyof ChooseKResult>().toEqualTypeOf<"candidates" | "meta">();
    expectTypeOf<keyof typeof chooseKOptionsSchema.shape>().toEqualTypeOf<keyof ChooseKOptions>();
    expectTypeOf<KCandidate["calinskiHarabasz"]>().toEqualTypeOf<number | null>();
  });
});

describe("chooseK on data with too few distinct points", () => {
  test("all-equal features or one customer: degenerate_data, not an empty list", () => {
    const same = Array.from({ length: 5 }, (_, i) => ({ customerId: `c${i}`, recencyDays: 3, frequency: 2, monetary: 10 }));
    expect(() => chooseK(same)).toThrow(expect.objectContaining({ code: "degenerate_data" }));
    expect(() => chooseK(same.slice(0, 1))).toThrow(expect.objectContaining({ code: "degenerate_data" }));
  });
});

describe("chooseK with values near the largest double", () => {
  test("z-score and log1p scalings give finite candidates; min-max beyond the doubles is an overflow issue", () => {
    const rows = [1e308, -1e308, 9e307, -9e307, 1.7e308, -1.7e308, 0, 1].map((x, i) => ({ customerId: `c${i}`, x }));
    for (const scaling of ["zscore", "log1p-zscore"] as const) {
      const { candidates } = chooseK(rows, { features: ["x"], scaling, kMin: 2, kMax: 4 });
      expect(candidates).toHaveLength(3);
      for (const c of candidates) {
        for (const v of [c.inertia, c.silhouette, c.calinskiHarabasz]) expect(v === null || Number.isFinite(v)).toBe(true);
      }
    }
    expect(() => chooseK(rows, { features: ["x"], scaling: "minmax" })).toThrow(expect.objectContaining({ code: "overflow", issues: [expect.objectContaining({ path: ["records", 4, "x"] })] }));
  });

  test("fewer distinct points than kMin is degenerate_data, the rule of clusterCustomers for k", () => {
    const rows = [1, 1, 2, 3, 3].map((x, i) => ({ customerId: String(i), x }));
    expect(() => chooseK(rows, { features: ["x"], kMin: 4, kMax: 5 })).toThrow(expect.objectContaining({ code: "degenerate_data", issues: [expect.objectContaining({ path: ["records"] })] }));
    expect(() => clusterCustomers(rows, { k: 4, features: ["x"] })).toThrow(expect.objectContaining({ code: "degenerate_data" }));
    expect(chooseK(rows, { features: ["x"], kMin: 3, kMax: 5 }).candidates.map((c) => c.k)).toEqual([3]);
  });

  test("Calinski–Harabasz is that of the partition: cluster means of the members, not the stopping centroids", () => {
    // stop after one Lloyd iteration: the centroids then lag the final assignment
    const { candidates } = chooseK(planted, { features: ["x", "y"], scaling: "none", kMin: 2, kMax: 4, maxIterations: 1, restarts: 1, seed: 9 });
    for (const c of candidates) {
      const { customers } = clusterCustomers(planted, { k: c.k, features: ["x", "y"], scaling: "none", maxIterations: 1, restarts: 1, seed: 9 });
      const labels = customers.map((a) => a.cluster);
      const pts = planted.map((p) => [p.x, p.y]);
      const groups = [...new Set(labels)];
      const mean = (rows: number[][]) => [0, 1].map((j) => rows.reduce((s, r) => s + r[j], 0) / rows.length);
      const all = mean(pts);
      let within = 0;
      let between = 0;
      for (const g of groups) {
        const members = pts.filter((_, i) => labels[i] === g);
        const m = mean(members);
        for (const p of members) within += (p[0] - m[0]) ** 2 + (p[1] - m[1]) ** 2;
        between += members.length * ((m[0] - all[0]) ** 2 + (m[1] - all[1]) ** 2);
      }
      const expected = between / (groups.length - 1) / (within / (pts.length - groups.length));
      expect(Math.abs(c.calinskiHarabasz! / expected - 1)).toBeLessThan(1e-12);
    }
  });
});
