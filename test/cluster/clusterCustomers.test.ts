import { readFileSync, readdirSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, expectTypeOf, test } from "vitest";
import {
  AnalyticsInputError,
  clusterCustomers,
  clusterCustomersOptionsSchema,
  type ClusterAssignment,
  type ClusterCustomersMeta,
  type ClusterCustomersOptions,
  type ClusterCustomersResult,
  type ClusterCustomersColumnsResult,
  type ClusterAssignmentColumns,
  type ClusterProfile,
} from "../../src/cluster/index.js";
import { kmeansPlusPlus, lloyd } from "../../src/cluster/kmeans.js";
import { mulberry32 } from "../../src/internal/random.js";
import { fixturePath, readCsvFixture } from "../helpers/csv.js";
import { deepFreeze } from "../helpers/arbitraries.js";

const cdnow = readCsvFixture("cluster/cdnow_rfm.csv").map((r) => ({
  customerId: r.customerId,
  recencyDays: Number(r.recencyDays),
  frequency: Number(r.frequency),
  monetary: Number(r.monetary),
}));

/** An AnalyticsInputError with exactly this one issue. */
const oneIssue = (issue: object) => expect.objectContaining({ name: "AnalyticsInputError", issues: [expect.objectContaining(issue)] });

describe("clusterCustomers: output columns", () => {
  test("columns hold exactly the records' values (property: any k, scaling, restarts, records or column input)", () => {
    const points = fc.array(fc.tuple(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 1, max: 30 }), fc.double({ min: -50, max: 5000, noNaN: true })), {
      minLength: 4,
      maxLength: 150,
    });
    const scaling = fc.constantFrom("log1p-zscore", "zscore", "minmax", "none") as fc.Arbitrary<ClusterCustomersOptions["scaling"]>;
    fc.assert(
      fc.property(points, fc.integer({ min: 1, max: 5 }), scaling, fc.integer({ min: 1, max: 3 }), fc.integer(), fc.boolean(), (pts, k, sc, restarts, seed, asColumns) => {
        const rows = pts.map(([r, f, m], i) => ({ customerId: `c${i}`, recencyDays: r, frequency: f, monetary: m }));
        const input = asColumns
          ? { customerId: rows.map((r) => r.customerId), recencyDays: Float64Array.from(pts, (p) => p[0]), frequency: Float64Array.from(pts, (p) => p[1]), monetary: Float64Array.from(pts, (p) => p[2]) }
          : rows;
        const options = { k, scaling: sc, restarts, seed };
        let records: ClusterCustomersResult;
        try {
          records = clusterCustomers(input, options);
        } catch (e) {
          // the same refusal either way (k above the distinct points)
          expect(() => clusterCustomers(input, { ...options, output: "columns" })).toThrow((e as Error).message);
          return;
        }
        const { columns, meta } = clusterCustomers(input, { ...options, output: "columns" });
        expect(meta).toEqual(records.meta);
        expect(columns.customerId).toEqual(records.customers.map((c) => c.customerId));
        expect(columns.cluster).toBeInstanceOf(Int32Array);
        expect(columns.distance).toBeInstanceOf(Float64Array);
        records.customers.forEach((c, i) => {
          expect(columns.cluster[i]).toBe(c.cluster);
          expect(Object.is(columns.distance[i], c.distance)).toBe(true);
        });
        expect(clusterCustomers(input, { ...options, output: "records" })).toEqual(records);
      }),
      { numRuns: 60 },
    );
  });

  test("the columns share no array with the input; the records stay plain objects", () => {
    const ids = cdnow.slice(0, 300).map((r) => r.customerId);
    const input = { customerId: ids, recencyDays: cdnow.slice(0, 300).map((r) => r.recencyDays), frequency: cdnow.slice(0, 300).map((r) => r.frequency), monetary: cdnow.slice(0, 300).map((r) => r.monetary) };
    const { columns } = clusterCustomers(input, { k: 3, output: "columns" });
    expect(columns.customerId).not.toBe(ids);
    expect(columns.customerId).toEqual(ids);
    expect(Object.keys(columns)).toEqual(["customerId", "cluster", "distance"]);
    expect(() => clusterCustomers(input, { k: 3, output: "table" as never })).toThrow(/^clusterCustomers: /);
  });
});

describe("clusterCustomers", () => {
  test("profiles (in meta) name clusters by their mean R/F/M and add up", () => {
    const { customers, meta } = clusterCustomers(cdnow, { k: 4 });
    const profiles = meta.profiles;
    expect(customers).toHaveLength(cdnow.length);
    expect(customers.map((c) => c.customerId)).toEqual(cdnow.map((c) => c.customerId));
    expect(profiles.reduce((s, p) => s + p.size, 0)).toBe(cdnow.length);
    expect(profiles.reduce((s, p) => s + (p.revenueShare ?? 0), 0)).toBeCloseTo(1, 9);
    for (const p of profiles) {
      expect(p.segment).toMatch(/^(important|general)_/);
      const members = cdnow.filter((_, i) => customers[i].cluster === p.cluster);
      expect(p.meanFrequency).toBeCloseTo(members.reduce((s, r) => s + r.frequency, 0) / members.length, 9);
      expect(p.centroid.monetary).toBeCloseTo(members.reduce((s, r) => s + r.monetary, 0) / members.length, 6);
    }
    expect(meta.model.features).toEqual(["recencyDays", "frequency", "monetary"]);
    expect(meta.customers).toBe(cdnow.length);
  });

  test("same seed, same result; k = 1 gives the mean", () => {
    const a = clusterCustomers(cdnow.slice(0, 3000), { k: 3, seed: 11 });
    const b = clusterCustomers(cdnow.slice(0, 3000), { k: 3, seed: 11 });
    expect(b).toEqual(a);
    const one = clusterCustomers([{ customerId: "a", x: 1 }, { customerId: "b", x: 2 }, { customerId: "c", x: 6 }], { k: 1, features: ["x"], scaling: "none" });
    expect(one.meta.model.centroids).toEqual([[3]]);
    expect(one.meta.inertia).toBe(14);
  });

  test("profiles use R/F/M read off the records even when they are not clustered on", () => {
    const rows = [0, 1, 10, 11].map((x, i) => ({ customerId: `c${i}`, x, recencyDays: 100 - 10 * x, frequency: 1 + x, monetary: 10 + 100 * x }));
    const { meta } = clusterCustomers(rows, { k: 2, features: ["x"], scaling: "none", seed: 3 });
    const high = meta.profiles.find((p) => p.centroid.x === 10.5)!;
    expect(high).toMatchObject({ size: 2, meanRecencyDays: -5, meanFrequency: 11.5, meanMonetary: 1060, segment: "important_value" });
    expect(high.revenueShare).toBeCloseTo(2120 / 2240, 12);
    // without R/F/M there is no segment and no revenue share
    const bare = clusterCustomers(rows.map(({ customerId, x }) => ({ customerId, x })), { k: 2, features: ["x"], scaling: "none" });
    expect(bare.meta.profiles.map((p) => [p.segment, p.meanMonetary, p.revenueShare])).toEqual([
      [null, null, null],
      [null, null, null],
    ]);
  });

  test("issues name the record by path and the customer; k above distinct points is degenerate", () => {
    const nan = [{ customerId: "a", recencyDays: 1, frequency: Number.NaN, monetary: 1 }];
    expect(() => clusterCustomers(nan, { k: 1 })).toThrow(AnalyticsInputError);
    expect(() => clusterCustomers(nan, { k: 1 })).toThrow(
      oneIssue({ code: "invalid_value", path: ["records", 0, "frequency"], row: 0, field: "frequency", customerId: "a", message: "expected a finite number, got NaN" }),
    );
    const dup = [1, 1, 1, 2].map((x, i) => ({ customerId: String(i), x }));
    expect(() => clusterCustomers(dup, { k: 3, features: ["x"] })).toThrow(oneIssue({ code: "degenerate_data", path: ["records"] }));
    expect(clusterCustomers(dup, { k: 2, features: ["x"] }).meta.profiles.map((p) => p.size).sort()).toEqual([1, 3]);
    expect(() => clusterCustomers(dup, { k: 2, features: ["y"] })).toThrow(oneIssue({ code: "missing_field", path: ["fields", "y"] }));
    const twice = [{ customerId: "a", x: 1 }, { customerId: "a", x: 2 }];
    expect(() => clusterCustomers(twice, { k: 1, features: ["x"] })).toThrow(oneIssue({ code: "duplicate_customer", path: ["records", 1, "customerId"], customerId: "a" }));
    expect(() => clusterCustomers([], { k: 1 })).toThrow(oneIssue({ code: "empty_input", path: ["records"] }));
    // an inherited name is not a field of the records
    expect(() => clusterCustomers(dup, { k: 1, features: ["constructor"] })).toThrow(oneIssue({ code: "missing_field", path: ["fields", "constructor"] }));
    expect(() => clusterCustomers(42 as never, { k: 1 })).toThrow(/^clusterCustomers: records must be an array \(or iterable\) of records/);
  });

  test("options are strict: out of range, unknown or repeated features are refused, naming the function", () => {
    const rows = [1, 2, 3].map((x, i) => ({ customerId: String(i), x }));
    expect(() => clusterCustomers(rows, { k: 0, features: ["x"] })).toThrow(RangeError);
    expect(() => clusterCustomers(rows, { k: 0, features: ["x"] })).toThrow(/^clusterCustomers: options\.k/);
    expect(() => clusterCustomers(rows, { k: 1, features: ["x"], sead: 1 } as never)).toThrow(new TypeError('clusterCustomers: options: unknown option "sead"'));
    expect(() => clusterCustomers(rows, { k: 1, features: ["x", "x"] })).toThrow(/^clusterCustomers: options\.features: features must be distinct/);
    expect(() => clusterCustomers(rows, { k: 1, scaling: "log" as never })).toThrow(/^clusterCustomers: options\.scaling/);
    expect(() => clusterCustomers(rows, undefined as never)).toThrow(TypeError);
  });

  test("properties: nearest centroid, inertia recomputed, history never increases, input untouched", () => {
    const points = fc.array(fc.tuple(fc.integer({ min: -50, max: 50 }), fc.integer({ min: -50, max: 50 })), { minLength: 4, maxLength: 80 });
    fc.assert(
      fc.property(points, fc.integer({ min: 1, max: 4 }), fc.integer(), (pts, k, seed) => {
        const rows = pts.map(([x, y], i) => Object.freeze({ customerId: `c${i}`, x, y }));
        fc.pre(new Set(pts.map((p) => p.join())).size >= k);
        const { customers, meta } = clusterCustomers(rows, { k, features: ["x", "y"], scaling: "none", seed, restarts: 2 });
        const cs = meta.model.centroids;
        let inertia = 0;
        rows.forEach((r, i) => {
          const d2 = cs.map((c) => (r.x - c[0]) ** 2 + (r.y - c[1]) ** 2);
          expect(d2[customers[i].cluster]).toBeLessThanOrEqual(Math.min(...d2) + 1e-9);
          inertia += d2[customers[i].cluster];
        });
        expect(meta.inertia).toBeCloseTo(inertia, 6);
        const x = Float64Array.from(pts.flat());
        const run = lloyd(x, pts.length, 2, kmeansPlusPlus(x, pts.length, 2, k, mulberry32(seed)), k, 100, 0);
        for (let t = 1; t < run.history.length; t++) expect(run.history[t]).toBeLessThanOrEqual(run.history[t - 1] * (1 + 1e-12) + 1e-9);
      }),
    );
  });

  test("the result is plain JSON and shares no array with the input or the defaults", () => {
    const rows = deepFreeze(cdnow.slice(0, 200));
    const result = clusterCustomers(rows, { k: 3 });
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
    result.meta.model.features.push("changed");
    expect(clusterCustomers(rows, { k: 3 }).meta.model.features).toEqual(["recencyDays", "frequency", "monetary"]);
  });

  test("revenue shares follow the group rule: net revenue ÷ total net revenue, summing to 1; null when the total is ≤ 0", () => {
    const records = [
      { customerId: "a", recencyDays: 0, frequency: 0, monetary: 0.02 },
      { customerId: "b", recencyDays: 0, frequency: 0, monetary: -0.01 },
    ];
    const { meta } = clusterCustomers(records, { k: 2, seed: 1 });
    const shares = meta.profiles.map((p) => p.revenueShare);
    expect([...shares].sort((x, y) => x! - y!)).toEqual([-1, 2]);
    expect(shares[0]! + shares[1]!).toBe(1);
    const cancelled = clusterCustomers([records[0], { ...records[1], monetary: -0.02 }], { k: 2, seed: 1 });
    expect(cancelled.meta.profiles.map((p) => p.revenueShare)).toEqual([null, null]);
  });

  test("types: options and result", () => {
    expectTypeOf(() => clusterCustomers([], { k: 2 })).returns.toEqualTypeOf<ClusterCustomersResult>();
    expectTypeOf(() => clusterCustomers([], { k: 2, output: "records" })).returns.toEqualTypeOf<ClusterCustomersResult>();
    expectTypeOf(() => clusterCustomers([], { k: 2, output: "columns" })).returns.toEqualTypeOf<ClusterCustomersColumnsResult>();
    expectTypeOf<ClusterCustomersColumnsResult["columns"]>().toEqualTypeOf<ClusterAssignmentColumns>();
    expectTypeOf<ClusterAssignmentColumns["cluster"]>().toEqualTypeOf<Int32Array>();
    expectTypeOf<ClusterAssignmentColumns["distance"]>().toEqualTypeOf<Float64Array>();
    expectTypeOf<ClusterCustomersResult["customers"]>().toEqualTypeOf<ClusterAssignment[]>();
    expectTypeOf<ClusterCustomersResult["meta"]>().toEqualTypeOf<ClusterCustomersMeta>();
    expectTypeOf<ClusterCustomersMeta["profiles"]>().toEqualTypeOf<ClusterProfile[]>();
    expectTypeOf<keyof ClusterCustomersResult>().toEqualTypeOf<"customers" | "meta">();
    expectTypeOf<ClusterCustomersOptions["k"]>().toEqualTypeOf<number>();
    expectTypeOf<keyof typeof clusterCustomersOptionsSchema.shape>().toEqualTypeOf<keyof ClusterCustomersOptions>();
    // @ts-expect-error k is required
    expectTypeOf(clusterCustomers).toBeCallableWith(cdnow, {});
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

/** Every number in a result is finite (no NaN or ±Infinity leaves). */
function allFinite(v: unknown): boolean {
  if (typeof v === "number") return Number.isFinite(v);
  if (Array.isArray(v)) return v.every(allFinite);
  if (v !== null && typeof v === "object") return Object.values(v).every(allFinite);
  return true;
}

describe("clusterCustomers with values near the largest double", () => {
  const huge = [1e308, -1e308, 1e308, -1e308, 0, 1.7e308].map((x, i) => ({ customerId: `c${i}`, x, monetary: Math.abs(x), recencyDays: i, frequency: 1 }));

  test("z-score: the variance that overflowed is computed in halves, every number finite", () => {
    const { customers, meta } = clusterCustomers(huge, { k: 2, features: ["x"], scaling: "zscore", seed: 1 });
    expect(allFinite(customers) && allFinite(meta)).toBe(true);
    // the extremes end up apart; the profile means are the members' means in original units
    expect(customers[1].cluster).not.toBe(customers[5].cluster);
    for (const p of meta.profiles) {
      const members = huge.filter((_, i) => customers[i].cluster === p.cluster);
      const mean = members.reduce((s, r) => s + r.x / members.length, 0);
      const meanMonetary = members.reduce((s, r) => s + r.monetary / members.length, 0);
      expect(p.centroid.x! / mean).toBeCloseTo(1, 12);
      expect(p.meanMonetary! / meanMonetary).toBeCloseTo(1, 12);
    }
    expect(meta.profiles[0].revenueShare! + meta.profiles[1].revenueShare!).toBeCloseTo(1, 12);
    expect(meta.model.scale[0]).toBeGreaterThan(1e308);
    expect(Number.isFinite(meta.model.scale[0])).toBe(true);
  });

  test("min-max: a range within the doubles is scaled, one beyond them is an overflow issue naming the row", () => {
    const positive = huge.map((r) => ({ ...r, x: Math.abs(r.x) }));
    const fit = clusterCustomers(positive, { k: 2, features: ["x"], scaling: "minmax", seed: 1 });
    expect(allFinite(fit)).toBe(true);
    expect(fit.meta.model.scale).toEqual([1.7e308]);
    expect(() => clusterCustomers(huge, { k: 2, features: ["x"], scaling: "minmax" })).toThrow(
      oneIssue({ code: "overflow", path: ["records", 5, "x"], customerId: "c5" }),
    );
  });

  test("no scaling: values whose squared distances overflow are an overflow issue, not NaN centroids", () => {
    expect(() => clusterCustomers(huge, { k: 2, features: ["x"], scaling: "none" })).toThrow(oneIssue({ code: "overflow", path: ["records", 5, "x"] }));
    const big = [1e200, 2e200, 3e200].map((x, i) => ({ customerId: String(i), x }));
    expect(() => clusterCustomers(big, { k: 1, features: ["x"], scaling: "none" })).toThrow(oneIssue({ code: "overflow", path: ["records", 2, "x"] }));
    // log1p tames any double
    expect(allFinite(clusterCustomers(huge, { k: 3, features: ["x", "monetary"], seed: 2 }))).toBe(true);
  });
});
