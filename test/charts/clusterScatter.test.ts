import { describe, expect, expectTypeOf, test } from "vitest";
import { AnalyticsInputError, assignCluster, clusterCustomers } from "../../src/cluster/index.js";
import { clusterScatter, clusterScatterOptionsSchema, type ClusterScatterInput, type ClusterScatterOptions, type VegaLiteSpec } from "../../src/charts/index.js";
import { deepFreeze } from "../helpers/arbitraries.js";
import { layerOf, layersOf } from "./layers.js";

type Any = any;

const customerPoints = (spec: Any) => layerOf(spec, "point", (l) => l.mark.shape !== "diamond");
const meanPoints = (spec: Any) => layerOf(spec, "point", (l) => l.mark.shape === "diamond");

describe("clusterScatter", () => {
  const customers = deepFreeze([
    { customerId: "a", frequency: 1, monetary: 20, recencyDays: 300 },
    { customerId: "b", frequency: 2, monetary: 30, recencyDays: 200 },
    { customerId: "c", frequency: 30, monetary: 900, recencyDays: 5 },
    { customerId: "d", frequency: 40, monetary: 1100, recencyDays: 10 },
  ]);
  const result = deepFreeze(clusterCustomers(customers, { k: 2 }));

  test("points by cluster, means over all customers, labels from the profiles", () => {
    const spec: Any = clusterScatter(customers, result, { x: "frequency", y: "monetary" });
    const high = result.customers[2].cluster;
    const low = result.customers[0].cluster;
    expect(spec.data.values).toEqual(customers.map((c, i) => ({ customerId: c.customerId, cluster: result.customers[i].cluster, frequency: c.frequency, monetary: c.monetary })));
    const means = meanPoints(spec).data.values;
    expect(means.find((m: Any) => m.cluster === high)).toEqual({ cluster: high, customers: 2, frequency: 35, monetary: 1000 });
    expect(means.find((m: Any) => m.cluster === low)).toEqual({ cluster: low, customers: 2, frequency: 1.5, monetary: 25 });
    const labels = JSON.parse(/^(\{.*\})\[/.exec(customerPoints(spec).spec.transform[0].calculate)![1]);
    expect(labels[high]).toBe(`${high} · Important value (50.0%)`);
    expect(labels[low]).toBe(`${low} · General win-back (50.0%)`);
    // default axes: the first two clustering features
    expect(customerPoints(clusterScatter(customers, result)).spec.encoding.x.field).toBe("recencyDays");
    expect(layersOf(clusterScatter(customers, result, { means: false }), "point")).toHaveLength(1);
  });

  test("fields as accessors, shown under the option's name; an assignCluster result works too", () => {
    const spec: Any = clusterScatter(customers, result, { x: (c) => c.monetary / c.frequency, y: "frequency" });
    expect(spec.data.values.map((d: Any) => d.x)).toEqual([20, 15, 30, 27.5]);
    expect(customerPoints(spec).spec.encoding.x).toMatchObject({ field: "x", title: "x" });
    const placed = assignCluster(result.meta.model, customers);
    const fromAssign: Any = clusterScatter(customers, placed, { x: "frequency", y: "monetary" });
    expect(fromAssign.data.values.map((d: Any) => d.cluster)).toEqual(result.customers.map((c) => c.cluster));
    // without profiles, clusters are named by number
    expect(customerPoints(fromAssign).spec.transform[0].calculate).toContain("· Cluster ");
    expect(() => clusterScatter(customers, result, { x: (c) => c.frequency, y: "x" })).toThrow(/^clusterScatter: options\.x and options\.y would both be shown as "x"/);
  });

  test("records in another order are matched by id; unknown ids and bad fields are refused", () => {
    const reversed = [...customers].reverse();
    const spec: Any = clusterScatter(reversed, result, { x: "frequency", y: "monetary" });
    expect(spec.data.values.map((d: Any) => [d.customerId, d.cluster])).toEqual(reversed.map((c) => [c.customerId, result.customers.find((a) => a.customerId === c.customerId)!.cluster]));
    const other = customers.map((c, i) => (i === 1 ? { ...c, customerId: "zz" } : c));
    expect(() => clusterScatter(other, result, { x: "frequency", y: "monetary" })).toThrow(new TypeError('clusterScatter: customers[1] (customerId "zz") has no cluster in the result'));
    expect(() => clusterScatter(customers.slice(1), result)).toThrow(/4 cluster assignments/);
    expect(() => clusterScatter(customers, result, { x: "orders", y: "monetary" })).toThrow(AnalyticsInputError);
    expect(() => clusterScatter(customers, result, { x: "orders", y: "monetary" })).toThrow(/^clusterScatter: options\.x: field "orders" is not in the records/);
    expect(() => clusterScatter(customers, result, { x: "frequency", y: "orders" })).toThrow(
      expect.objectContaining({ code: "missing_field", issues: [expect.objectContaining({ path: ["options", "y"] })] }),
    );
    const nan = customers.map((c, i) => (i === 2 ? { ...c, monetary: Number.NaN } : c));
    expect(() => clusterScatter(nan, result, { x: "frequency", y: "monetary" })).toThrow(/^clusterScatter: customers\[2\]\.monetary: expected a finite number, got NaN \(customer "c"\)$/);
    expect(() => clusterScatter(customers, result, { xScale: "log", x: "monetary", y: "frequency", means: false })).not.toThrow();
    expect(() => clusterScatter(customers.map((c) => ({ ...c, monetary: c.monetary - 20 })), result, { xScale: "log", x: "monetary", y: "frequency" })).toThrow(/^clusterScatter: xScale "log" needs positive values/);
    expect(() => clusterScatter(customers, { clusters: result.customers } as never)).toThrow(/^clusterScatter: expected clusterCustomers's result/);
    expect(() => clusterScatter([], result)).toThrow(new RangeError("clusterScatter: no customers to draw (0 records)"));
  });

  test("types: inputs, options, result", () => {
    expectTypeOf(clusterScatter).parameter(1).toEqualTypeOf<ClusterScatterInput>();
    expectTypeOf(clusterScatter<{ customerId: string; m: number }>).parameter(2).toEqualTypeOf<ClusterScatterOptions<{ customerId: string; m: number }> | undefined>();
    expectTypeOf(clusterScatter).returns.toEqualTypeOf<VegaLiteSpec>();
    expectTypeOf<keyof typeof clusterScatterOptionsSchema.shape>().toEqualTypeOf<keyof ClusterScatterOptions>();
    expectTypeOf<ReturnType<typeof clusterCustomers>>().toExtend<ClusterScatterInput>();
    expectTypeOf<ReturnType<typeof assignCluster>>().toExtend<ClusterScatterInput>();
  });
});
