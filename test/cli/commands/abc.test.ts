import { expect, test } from "vitest";
import { classifyAbc } from "../../../src/value/index.js";
import { asCsvStrings, customers, FILE, MAP, parseOut, rounded } from "../fixture.js";
import { cli } from "../helpers.js";

test("abc: fixed and computed, as the library classifies", async () => {
  for (const method of ["fixed", "computed"] as const) {
    const r = await cli(["abc", FILE, ...MAP, "--method", method]);
    expect(r.code).toBe(0);
    expect(parseOut(r.stdout)).toEqual(rounded(classifyAbc(customers, { method }).customers).map((c) => asCsvStrings(c)));
  }
  const count = await cli(["abc", FILE, ...MAP, "--by", "count", "--format", "json"]);
  expect(JSON.parse(count.stdout)).toEqual(rounded(classifyAbc(customers, { by: "count" }).customers));
});

test("abc --summary: count, customer share and value share of A, B, C", async () => {
  const s = await cli(["abc", FILE, ...MAP, "--summary", "--format", "json"]);
  const { meta } = classifyAbc(customers);
  expect(JSON.parse(s.stdout).map((x: { customers: number }) => x.customers)).toEqual([meta.counts.A, meta.counts.B, meta.counts.C]);
});

test("abc: --by goes with the fixed cuts only (usage error, 2)", async () => {
  const r = await cli(["abc", FILE, ...MAP, "--method", "computed", "--by", "count"]);
  expect([r.code, r.stdout]).toEqual([2, ""]);
  expect(r.stderr).toMatch(/^crm-analytics: --by applies to --method fixed only/);
});
