import { describe, expect, expectTypeOf, test } from "vitest";
import {
  AnalyticsInputError,
  assignCluster,
  clusterCustomers,
  type AssignClusterColumnsResult,
  type AssignClusterMeta,
  type AssignClusterResult,
  type ClusterAssignment,
  type ClusterModel,
} from "../../src/cluster/index.js";
import fc from "fast-check";
import { readCsvFixture } from "../helpers/csv.js";
import { deepFreeze } from "../helpers/arbitraries.js";

const cdnow = readCsvFixture("cluster/cdnow_rfm.csv")
  .slice(0, 3000)
  .map((r) => ({ customerId: r.customerId, recencyDays: Number(r.recencyDays), frequency: Number(r.frequency), monetary: Number(r.monetary) }));
const fit = deepFreeze(clusterCustomers(cdnow, { k: 4 }));

describe("assignCluster: output columns", () => {
  test("columns hold exactly the records' values, far customers included (property)", () => {
    // values up to 1e300 reach the overflow-free distance path; some customers are refused as overflow
    const value = fc.oneof(fc.integer({ min: 0, max: 2000 }), fc.double({ min: -1e300, max: 1e300, noNaN: true }));
    fc.assert(
      fc.property(fc.array(fc.tuple(value, value, value), { minLength: 1, maxLength: 40 }), fc.boolean(), (pts, raw) => {
        const model = raw ? { ...fit.meta.model, scaling: "none" as const, center: [0, 0, 0], scale: [1, 1, 1] } : fit.meta.model;
        const rows = pts.map(([r, f, m], i) => ({ customerId: `n${i}`, recencyDays: r, frequency: f, monetary: m }));
        let records: AssignClusterResult;
        try {
          records = assignCluster(model, rows);
        } catch (e) {
          expect(() => assignCluster(model, rows, { output: "columns" })).toThrow((e as Error).message);
          return;
        }
        const { columns, meta } = assignCluster(model, rows, { output: "columns" });
        expect(meta).toEqual(records.meta);
        expect(columns.customerId).toEqual(rows.map((r) => r.customerId));
        expect(columns.cluster).toBeInstanceOf(Int32Array);
        expect(columns.distance).toBeInstanceOf(Float64Array);
        records.customers.forEach((c, i) => {
          expect(columns.cluster[i]).toBe(c.cluster);
          expect(Object.is(columns.distance[i], c.distance)).toBe(true);
        });
        expect(assignCluster(model, rows, { output: "records" })).toEqual(records);
      }),
      { numRuns: 80 },
    );
  });

  test("bad options are TypeErrors naming the function", () => {
    expect(() => assignCluster(fit.meta.model, cdnow.slice(0, 3), { output: "table" as never })).toThrow(/^assignCluster: /);
    expect(() => assignCluster(fit.meta.model, cdnow.slice(0, 3), { outptu: "columns" } as never)).toThrow(/^assignCluster: .*outptu/);
  });
});

describe("assignCluster", () => {
  test("a new customer lands where an identical existing one is", () => {
    const { customers, meta } = assignCluster(fit.meta.model, [{ ...cdnow[5], customerId: "new" }]);
    expect(customers).toEqual([{ customerId: "new", cluster: fit.customers[5].cluster, distance: fit.customers[5].distance }]);
    expect(meta).toEqual({ customers: 1, k: 4, features: ["recencyDays", "frequency", "monetary"], scaling: "log1p-zscore" });
  });

  test("the customers of the fit are placed in their own clusters, also with a model read back from JSON", () => {
    const model = JSON.parse(JSON.stringify(fit.meta.model)) as ClusterModel;
    expect(assignCluster(model, cdnow).customers).toEqual(fit.customers);
  });

  test("new customers are read by the one reader: paths under customers, the customer named", () => {
    const missing = [{ customerId: "x", recencyDays: 1, frequency: 2 }, { customerId: "y", recencyDays: 1, frequency: 2, monetary: "5" }];
    expect(() => assignCluster(fit.meta.model, missing)).toThrow(AnalyticsInputError);
    expect(() => assignCluster(fit.meta.model, missing)).toThrow(expect.objectContaining({ issues: [expect.objectContaining({ code: "missing_field", path: ["fields", "monetary"] })] }));
    const bad = [{ customerId: "x", recencyDays: 1, frequency: 2, monetary: 1 }, { customerId: "y", recencyDays: 1, frequency: 2, monetary: "5" }];
    expect(() => assignCluster(fit.meta.model, bad)).toThrow(
      expect.objectContaining({
        issues: [expect.objectContaining({ code: "invalid_value", path: ["customers", 1, "monetary"], row: 1, field: "monetary", customerId: "y", message: 'expected a finite number, got "5"' })],
      }),
    );
  });

  test("a model that is not a cluster model is a TypeError saying what is wrong", () => {
    expect(() => assignCluster(null as never, cdnow)).toThrow(new TypeError("assignCluster: model must be clusterCustomers(...).meta.model: got null"));
    expect(() => assignCluster({ ...fit.meta.model, centroids: [] }, cdnow)).toThrow(/^assignCluster: model must be .*: centroids must be a non-empty array of 3 finite numbers each$/);
    expect(() => assignCluster({ ...fit.meta.model, scale: [1, 0, 1] }, cdnow)).toThrow(/scale must hold 3 positive numbers$/);
    expect(() => assignCluster({ ...fit.meta.model, scaling: "log" as never }, cdnow)).toThrow(/scaling must be one of log1p-zscore, zscore, minmax, none, got "log"$/);
    expect(() => assignCluster({ ...fit.meta.model, center: [0, 0] }, cdnow)).toThrow(/center must hold 3 finite numbers$/);
    expect(() => assignCluster(fit as never, cdnow)).toThrow(/features must be a non-empty array of field names$/);
  });

  test("types: arguments and result", () => {
    expectTypeOf(assignCluster).parameter(0).toEqualTypeOf<ClusterModel>();
    expectTypeOf(() => assignCluster(fit.meta.model, [])).returns.toEqualTypeOf<AssignClusterResult>();
    expectTypeOf(() => assignCluster(fit.meta.model, [], { output: "records" })).returns.toEqualTypeOf<AssignClusterResult>();
    expectTypeOf(() => assignCluster(fit.meta.model, [], { output: "columns" })).returns.toEqualTypeOf<AssignClusterColumnsResult>();
    expectTypeOf<AssignClusterResult["customers"]>().toEqualTypeOf<ClusterAssignment[]>();
    expectTypeOf<AssignClusterResult["meta"]>().toEqualTypeOf<AssignClusterMeta>();
    expectTypeOf<keyof AssignClusterResult>().toEqualTypeOf<"customers" | "meta">();
  });
});

describe("assignCluster with values near the largest double", () => {
  const small = clusterCustomers([0, 1, 10, 11].map((x, i) => ({ customerId: String(i), x, y: x })), { k: 2, features: ["x", "y"], scaling: "none", seed: 1 });

  test("a squared distance beyond the doubles still gives the nearest centroid and a finite distance", () => {
    const model = { features: ["x", "y"], scaling: "none" as const, center: [0, 0], scale: [1, 1], centroids: [[-1e307, 0], [1e307, 0]] };
    const { customers } = assignCluster(model, [
      { customerId: "far", x: 1e308, y: 0 },
      { customerId: "neg", x: -1e308, y: -1e308 },
    ]);
    expect(customers.map((c) => c.cluster)).toEqual([1, 0]);
    expect(customers[0].distance / 9e307).toBeCloseTo(1, 12);
    expect(customers[1].distance / Math.hypot(9e307, 1e308)).toBeCloseTo(1, 12);
  });

  test("a scaled value or distance that no double holds is an overflow issue naming the customer", () => {
    expect(() => assignCluster(small.meta.model, [{ customerId: "a", x: 1, y: 1 }, { customerId: "b", x: 1.5e308, y: 1.5e308 }])).toThrow(
      expect.objectContaining({ code: "overflow", issues: [expect.objectContaining({ path: ["customers", 1, "x"], customerId: "b" })] }),
    );
    const tight = { ...small.meta.model, scaling: "zscore" as const, scale: [1e-300, 1] };
    expect(() => assignCluster(tight, [{ customerId: "c", x: 1e10, y: 0 }])).toThrow(
      expect.objectContaining({ code: "overflow", issues: [expect.objectContaining({ path: ["customers", 0, "x"], customerId: "c" })] }),
    );
  });
});
