import fc from "fast-check";
import { describe, expect, expectTypeOf, test } from "vitest";
import { AnalyticsInputError, clusterCustomers, clusterNames, clusterNamesOptionsSchema, type ClusterNameProfile, type ClusterNamesOptions, type ClusterNamesResult } from "../../src/cluster/index.js";
import { summarizeTransactions } from "../../src/index.js";

const p = (cluster: number, segment: string | null, r: number | null, f: number | null, m: number | null): ClusterNameProfile => ({ cluster, segment, meanRecencyDays: r, meanFrequency: f, meanMonetary: m });

describe("clusterNames", () => {
  test("the segment's label; two clusters of one segment told apart by the mean that differs most", () => {
    const profiles = Object.freeze([
      Object.freeze(p(0, "general_develop", 40, 2, 900)),
      Object.freeze(p(1, "general_develop", 45, 2, 150)),
      Object.freeze(p(2, "important_value", 10, 9, 5000)),
    ]);
    const en = clusterNames(profiles);
    expect(en.clusters).toEqual([
      { cluster: 0, segment: "general_develop", name: "General develop, higher spend" },
      { cluster: 1, segment: "general_develop", name: "General develop, lower spend" },
      { cluster: 2, segment: "important_value", name: "Important value" },
    ]);
    expect(en.meta).toEqual({ language: "en", qualifiedBy: [{ segment: "general_develop", clusters: [0, 1], mean: "meanMonetary" }] });
    expect(clusterNames(profiles, { language: "zh" }).clusters.map((c) => c.name)).toEqual(["一般发展客户，消费较高", "一般发展客户，消费较低", "重要价值客户"]);
  });

  test("recency: fewer days is more recent; three or more clusters get the means", () => {
    expect(clusterNames([p(3, "general_win_back", 300, 1, 50), p(1, "general_win_back", 30, 1, 52)]).clusters.map((c) => c.name)).toEqual([
      "General win-back, less recent",
      "General win-back, more recent",
    ]);
    const three = clusterNames([p(0, "general_develop", 40, 1, 1642.4), p(1, "general_develop", 40, 1, 150), p(2, "general_develop", 40, 1, 9.995)]);
    expect(three.clusters.map((c) => c.name)).toEqual(["General develop, avg spend 1,642", "General develop, avg spend 150", "General develop, avg spend 10.00"]);
    expect(clusterNames([p(0, "general_develop", 40, 1, 1642.4), p(1, "general_develop", 40, 1, 150), p(2, "general_develop", 40, 1, 9)], { language: "zh" }).clusters[2].name).toBe("一般发展客户，平均消费 9.00");
  });

  test("no segment: 'Cluster n' (簇 n); equal means leave the names equal (nothing tells them apart)", () => {
    expect(clusterNames([p(4, null, null, null, null)]).clusters).toEqual([{ cluster: 4, segment: null, name: "Cluster 4" }]);
    expect(clusterNames([p(4, null, null, null, null)], { language: "zh" }).clusters[0].name).toBe("簇 4");
    const same = clusterNames([p(0, "important_value", 5, 5, 5), p(1, "important_value", 5, 5, 5)]);
    expect(same.clusters.map((c) => c.name)).toEqual(["Important value", "Important value"]);
    expect(same.meta.qualifiedBy).toEqual([{ segment: "important_value", clusters: [0, 1], mean: null }]);
    expect(clusterNames([]).clusters).toEqual([]);
  });

  test("names are distinct whenever two clusters of one segment differ in some mean (property)", () => {
    const segment = fc.constantFrom("important_value", "general_develop", "general_win_back");
    const mean = fc.double({ min: 0, max: 1e6, noNaN: true });
    fc.assert(
      fc.property(fc.array(fc.record({ segment, r: mean, f: mean, m: mean }), { minLength: 1, maxLength: 8 }), (rows) => {
        const profiles = rows.map((x, i) => p(i, x.segment, x.r, x.f, x.m));
        const { clusters } = clusterNames(profiles);
        expect(clusters.map((c) => c.cluster)).toEqual(profiles.map((x) => x.cluster));
        for (let i = 0; i < rows.length; i++) {
          for (let j = i + 1; j < rows.length; j++) {
            const a = rows[i];
            const b = rows[j];
            const differ = a.r !== b.r || a.f !== b.f || a.m !== b.m;
            const group = rows.filter((x) => x.segment === a.segment).length;
            // with two in the group, words; with more, the means as text, which can round equal
            if (a.segment === b.segment && differ && group === 2) expect(clusters[i].name).not.toBe(clusters[j].name);
            if (a.segment !== b.segment) expect(clusters[i].name).not.toBe(clusters[j].name);
          }
        }
      }),
    );
  });

  test("on clusterCustomers' profiles", () => {
    const tx = Array.from({ length: 60 }, (_, i) => ({ customerId: `c${i % 20}`, date: `2024-0${1 + (i % 6)}-1${i % 10}`, amount: 10 + ((i * 37) % 200) }));
    const { customers } = summarizeTransactions(tx, { asOf: "2024-07-01" });
    const result = clusterCustomers(customers, { k: 3, seed: 1 });
    const { clusters } = clusterNames(result.meta.profiles, { language: "zh" });
    expect(clusters.map((c) => c.cluster)).toEqual(result.meta.profiles.map((x) => x.cluster));
    expect(clusters.map((c) => c.segment)).toEqual(result.meta.profiles.map((x) => x.segment));
  });

  test("bad profiles are invalid_value issues; bad arguments TypeError", () => {
    expect(() => clusterNames("x" as never)).toThrow(new TypeError('clusterNames: profiles must be an array of cluster profiles, got "x"'));
    expect(() => clusterNames([], { language: "fr" as never })).toThrow(/^clusterNames: options\.language/);
    expect(() => clusterNames([], { colour: 1 } as never)).toThrow(TypeError);
    try {
      clusterNames([p(0, "a", 1, 1, 1), p(0, "a", 1, 1, 1), { ...p(1.5, 3 as never, Number.NaN, 1, 1) }]);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AnalyticsInputError);
      expect((error as AnalyticsInputError).issues.map((i) => i.path)).toEqual([
        ["profiles", 1, "cluster"],
        ["profiles", 2, "cluster"],
        ["profiles", 2, "segment"],
        ["profiles", 2, "meanRecencyDays"],
      ]);
    }
  });

  test("a blank segment is refused, not used as an empty name (found by the fuzz suite)", () => {
    for (const segment of ["", "  "]) {
      const call = () => clusterNames([{ cluster: 0, segment, meanRecencyDays: 1, meanFrequency: 1, meanMonetary: 1 }]);
      expect(call).toThrow(AnalyticsInputError);
      expect(call).toThrow(/^clusterNames: .*segment id \(non-blank text\) or null/);
    }
  });

  test("types", () => {
    expectTypeOf(clusterNames).returns.toEqualTypeOf<ClusterNamesResult>();
    expectTypeOf<keyof typeof clusterNamesOptionsSchema.shape>().toEqualTypeOf<keyof ClusterNamesOptions>();
  });
});
