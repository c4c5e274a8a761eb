import { expect, test } from "vitest";
import { clusterCustomers } from "../../../src/cluster/index.js";
import { customers, FILE, MAP } from "../fixture.js";
import { cli } from "../helpers.js";

test("clusters: the same seed gives the library's clusters, and its profiles with --summary", async () => {
  const r = await cli(["clusters", FILE, ...MAP, "--k", "3", "--seed", "5", "--format", "json"]);
  const expected = clusterCustomers(customers, { k: 3, seed: 5 });
  expect(JSON.parse(r.stdout).map((c: { cluster: number }) => c.cluster)).toEqual(expected.customers.map((c) => c.cluster));
  const s = await cli(["clusters", FILE, ...MAP, "--k", "3", "--seed", "5", "--summary", "--format", "json"]);
  expect(JSON.parse(s.stdout).map((p: { size: number }) => p.size)).toEqual(expected.meta.profiles.map((p) => p.size));
});

test("clusters: clusters of one segment get distinct labels (per customer and --summary), as the chart's legend names them", async () => {
  const retail = ["examples/data/online_retail_orders.csv", "--customer", "customer_id", "--date", "date", "--amount", "amount", "--order", "invoice", "--as-of", "2011-12-09", "--k", "6", "--seed", "42"];
  for (const lang of ["en", "zh"]) {
    const s = await cli(["clusters", ...retail, "--summary", "--labels", lang, "--format", "json"]);
    const profiles = JSON.parse(s.stdout) as { cluster: number; segment: string; label: string }[];
    // (on these data two clusters share each of three segments)
    expect(new Set(profiles.map((p) => p.segment)).size).toBeLessThan(profiles.length);
    expect(new Set(profiles.map((p) => p.label)).size).toBe(profiles.length);
    if (lang === "en") expect(profiles.map((p) => p.label)).toContain("General develop, more recent");
    else expect(profiles.map((p) => p.label)).toContain("一般发展客户，近期购买");
    const r = await cli(["clusters", ...retail, "--labels", lang, "--format", "json"]);
    const labelOf = new Map(profiles.map((p) => [p.cluster, p.label]));
    for (const c of JSON.parse(r.stdout) as { cluster: number; label: string }[]) expect(c.label).toBe(labelOf.get(c.cluster));
  }
});
