import { expect, test } from "vitest";
import { scoreRfm } from "../../../src/rfm/index.js";
import { customers, FILE, MAP, rounded } from "../fixture.js";
import { cli, lines } from "../helpers.js";

test("rfm (json, ndjson) with --method and --bins: the library's scores", async () => {
  const expected = rounded(scoreRfm(customers, { method: "rank", bins: 4 }).customers);
  const json = await cli(["rfm", FILE, ...MAP, "--method", "rank", "--bins", "4", "--format", "json"]);
  expect(JSON.parse(json.stdout)).toEqual(expected);
  const nd = await cli(["rfm", FILE, ...MAP, "--method", "rank", "--bins", "4", "--format", "ndjson"]);
  expect(lines(nd.stdout).map((l) => JSON.parse(l))).toEqual(expected);
});

test("rfm: --bins and --method are checked (usage errors, 2)", async () => {
  const bins = await cli(["rfm", FILE, ...MAP, "--bins", "1"]);
  expect([bins.code, bins.stderr]).toEqual([2, 'crm-analytics: --bins must be an integer in [2, 10], got "1"\n']);
  const method = await cli(["rfm", FILE, ...MAP, "--method", "kmeans"]);
  expect([method.code, method.stderr]).toEqual([2, 'crm-analytics: --method must be one of quantile, r-rfm, rank, got "kmeans"\n']);
});

test("rfm: a 0.1.0 threshold flag it never had is an unknown option, not a rename to a flag it lacks", async () => {
  const r = await cli(["rfm", FILE, ...MAP, "--split", "median"]);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/Unknown option '--split'/);
  expect(r.stderr).not.toMatch(/--thresholds/);
});
