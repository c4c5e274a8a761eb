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
    expect(() => clusterScatter(customers, result, { xScale: "exp" as never })).toThrow(/^clusterScatter: options\.xScale/);
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

describe("clusterScatter on skewed data", () => {
  // 200 customers: recency spread evenly (not skewed), purchases and revenue over three to four decades
  const customers = deepFreeze(
    Array.from({ length: 200 }, (_, i) => ({
      customerId: `c${i}`,
      recencyDays: (i * 37) % 365,
      frequency: Math.round(10 ** ((3 * ((i * 7) % 200)) / 199)),
      monetary: i === 5 ? -120 : Math.round(10 * 10 ** ((4 * ((i * 11) % 200)) / 199) * 100) / 100,
    })),
  );
  const result = deepFreeze(clusterCustomers(customers, { k: 3, seed: 1 }));

  test("default axes: the scale chosen from each field's skew, named in human titles, English and Chinese", () => {
    const spec: Any = clusterScatter(customers, result, { x: "recencyDays", y: "frequency" });
    const { x, y } = customerPoints(spec).spec.encoding;
    expect(x.title).toBe("Days since last purchase");
    expect(x.scale).toMatchObject({ domain: [0, Math.max(...customers.map((c) => c.recencyDays))], padding: 10 });
    expect(x.scale.type).toBeUndefined();
    expect(y.title).toBe("Purchases (log scale)");
    expect(y.scale).toMatchObject({ type: "log", domain: [1, 1000] });
    const zh: Any = clusterScatter(customers, result, { x: "recencyDays", y: "frequency", language: "zh" });
    expect(customerPoints(zh).spec.encoding.x.title).toBe("距上次购买天数");
    expect(customerPoints(zh).spec.encoding.y.title).toBe("购买次数（对数刻度）");
    expect(customerPoints(zh).spec.encoding.y.axis.labelExpr).toContain("万");
    expect(customerPoints(zh).spec.encoding.tooltip.map((t: Any) => t.title)).toEqual(["客户编号", "簇", "距上次购买天数", "购买次数"]);
    // an explicit linear scale is still linear; titles can be given
    const linear: Any = clusterScatter(customers, result, { x: "recencyDays", y: "frequency", yScale: "linear", yTitle: "Orders" });
    expect(customerPoints(linear).spec.encoding.y.title).toBe("Orders");
    expect(customerPoints(linear).spec.encoding.y.scale.type).toBeUndefined();
  });

  test("domains hold every point drawn and every cluster mean; one negative revenue goes to the strip", () => {
    const spec: Any = clusterScatter(customers, result, { x: "monetary", y: "frequency" });
    const { x, y } = customerPoints(spec).spec.encoding;
    expect(x.title).toBe("Revenue (symlog scale; negatives at the left edge)");
    expect(x.field).toBe("plotX");
    const calc = customerPoints(spec).spec.transform.find((t: Any) => t.as === "plotX").calculate;
    expect(calc).toBe(`datum["monetary"] < 0 ? ${x.scale.domain[0]} : datum["monetary"]`);
    const means = meanPoints(spec).data.values;
    const plotted = [...spec.data.values, ...means].map((d: Any) => (d.monetary < 0 ? x.scale.domain[0] : d.monetary));
    for (const v of plotted) expect(v >= x.scale.domain[0] && v <= x.scale.domain[1]).toBe(true);
    for (const d of [...spec.data.values, ...means]) expect(d.frequency >= y.scale.domain[0] && d.frequency <= y.scale.domain[1]).toBe(true);
    expect(Math.max(...plotted)).toBe(x.scale.domain[1]);
    // the negative customer sits in the strip, below the first positive tick
    expect(x.axis.values[0]).toBe(x.scale.domain[0]);
    expect(x.axis.values.slice(1)).toEqual(expect.arrayContaining([0, 10, 100, 1000, 10000, 100000]));
  });

  test("clusters of one segment get unique names telling how they differ", () => {
    const assignments = customers.map((c, i) => ({ customerId: c.customerId, cluster: i % 4 }));
    const profile = (cluster: number, segment: string, r: number, f: number, m: number) => ({ cluster, segment, meanRecencyDays: r, meanFrequency: f, meanMonetary: m });
    const two = { customers: assignments, meta: { profiles: [profile(0, "general_develop", 68, 4.1, 1642), profile(1, "general_win_back", 190, 1.3, 340), profile(2, "important_value", 12, 13.5, 7400), profile(3, "general_develop", 22, 1.9, 498)] } };
    const names = (spec: Any) => customerPoints(spec).spec.encoding.color.scale.domain;
    expect(names(clusterScatter(customers, two, { x: "recencyDays", y: "frequency" }))).toEqual([
      "0 · General develop, higher spend (25.0%)",
      "1 · General win-back (25.0%)",
      "2 · Important value (25.0%)",
      "3 · General develop, lower spend (25.0%)",
    ]);
    expect(names(clusterScatter(customers, two, { x: "recencyDays", y: "frequency", language: "zh" }))).toEqual([
      "0 · 一般发展客户，消费较高 (25.0%)",
      "1 · 一般挽留客户 (25.0%)",
      "2 · 重要价值客户 (25.0%)",
      "3 · 一般发展客户，消费较低 (25.0%)",
    ]);
    // recency differs most: fewer days is "more recent"
    const recency = { customers: assignments, meta: { profiles: [profile(0, "general_develop", 300, 2, 500), profile(1, "general_develop", 20, 2.2, 520), profile(2, "important_value", 12, 13.5, 7400), profile(3, "general_win_back", 190, 1.3, 340)] } };
    expect(names(clusterScatter(customers, recency, { x: "recencyDays", y: "frequency" })).slice(0, 2)).toEqual(["0 · General develop, less recent (25.0%)", "1 · General develop, more recent (25.0%)"]);
    // three of one segment: their means on the telling dimension
    const three = { customers: assignments, meta: { profiles: [profile(0, "general_develop", 60, 4, 1642), profile(1, "general_develop", 60, 4, 498), profile(2, "general_develop", 60, 4, 12.345), profile(3, "general_win_back", 190, 1.3, 340)] } };
    const threeNames = names(clusterScatter(customers, three, { x: "recencyDays", y: "frequency" }));
    expect(threeNames.slice(0, 3)).toEqual(["0 · General develop, avg spend 1,642 (25.0%)", "1 · General develop, avg spend 498 (25.0%)", "2 · General develop, avg spend 12.3 (25.0%)"]);
    expect(new Set(threeNames).size).toBe(4);
    // the legend names on real clusters are unique too
    const real = names(clusterScatter(customers, result));
    expect(new Set(real.map((n: string) => n.replace(/^\d+ · /, ""))).size).toBe(real.length);
  });
});
