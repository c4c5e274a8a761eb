import { expect, test } from "vitest";
import { CRM_PYRAMID_TIERS, tierPyramid } from "../../../src/value/index.js";
import { customers, FILE, MAP, rounded } from "../fixture.js";
import { cli } from "../helpers.js";

test("pyramid: crm and zeithaml tiers, as the library cuts them", async () => {
  for (const scheme of ["crm", "zeithaml"] as const) {
    const r = await cli(["pyramid", FILE, ...MAP, "--scheme", scheme, "--format", "json"]);
    expect(JSON.parse(r.stdout).map((t: { tier: string }) => t.tier)).toEqual(tierPyramid(customers, { scheme }).customers.map((t) => t.tier));
  }
});

test("pyramid --summary: one record per tier with its label", async () => {
  const r = await cli(["pyramid", FILE, ...MAP, "--summary", "--labels", "zh", "--format", "json"]);
  const { meta } = tierPyramid(customers);
  expect(JSON.parse(r.stdout)).toEqual(
    rounded(CRM_PYRAMID_TIERS.map((t) => ({ tier: t.id, label: t.labelZh, customers: meta.counts[t.id], share: meta.counts[t.id] / meta.customers, valueShare: meta.valueShares[t.id] }))),
  );
});
