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
