import { expect, test } from "vitest";
import { CLASSIC_SEGMENTS, segmentRfm, segmentRfmGrid } from "../../../src/rfm/index.js";
import { summarizeTransactions } from "../../../src/summary/index.js";
import { segmentMovement } from "../../../src/value/index.js";
import { AS_OF, customers, FIELDS, FILE, MAP, ROWS, rounded } from "../fixture.js";
import { cli } from "../helpers.js";

const FROM = "2023-06-30";

test("movement: the matrix of the library's segmentMovement between the segments at --from and at --as-of", async () => {
  const r = await cli(["movement", FILE, ...MAP, "--from", FROM, "--format", "json"]);
  expect(r.code).toBe(0);
  const first = summarizeTransactions(ROWS.filter((x) => x.date <= FROM), { asOf: FROM, fields: FIELDS }).customers;
  const want = segmentMovement(segmentRfm(first).customers, segmentRfm(customers).customers, { revenue: "monetary", order: CLASSIC_SEGMENTS.map((d) => d.id) });
  expect(JSON.parse(r.stdout)).toEqual(rounded(want.meta.cells.map((c) => ({ ...c }))));
  const sum = (JSON.parse(r.stdout) as { customers: number }[]).reduce((s, c) => s + c.customers, 0);
  expect(sum).toBe(want.meta.customers);
});

test("movement --customers, --by tiers|abc; --from is required and before --as-of", async () => {
  const tiers = await cli(["movement", FILE, ...MAP, "--from", FROM, "--by", "tiers", "--customers", "--format", "json"]);
  expect(tiers.code).toBe(0);
  expect(JSON.parse(tiers.stdout)).toHaveLength(customers.length);
  expect((await cli(["movement", FILE, ...MAP, "--from", FROM, "--by", "abc", "--format", "json"])).code).toBe(0);
  expect((await cli(["movement", FILE, ...MAP])).code).toBe(2);
  expect((await cli(["movement", FILE, ...MAP, "--from", AS_OF])).code).not.toBe(0);
});

test("movement --from: a real date before --as-of, refused as a usage error (exit 2) before the file is read", async () => {
  for (const [from, message] of [
    ["2023-02-29", '--from must be a real date YYYY-MM-DD, got "2023-02-29"'],
    ["30/06/2023", '--from must be a real date YYYY-MM-DD, got "30/06/2023"'],
    [AS_OF, `--from (${AS_OF}) must be before --as-of (${AS_OF})`],
  ]) {
    // a file that does not exist: the option is refused first
    const r = await cli(["movement", "missing.csv", ...MAP, "--from", from]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`crm-analytics: ${message}\n`);
  }
});

test("movement --from before every purchase, or outside --date-range: a usage error naming --from, not the library's asOf", async () => {
  const first = ROWS.map((x) => x.date).sort()[0];
  const early = await cli(["movement", FILE, ...MAP, "--from", "1950-01-01"]);
  expect(first > "1950-01-01").toBe(true);
  expect([early.code, early.stderr]).toEqual([2, "crm-analytics: --from 1950-01-01: no purchase on or before it, so nobody to classify at --from; choose a later date\n"]);
  const old = await cli(["movement", FILE, ...MAP, "--from", "0001-01-01"]);
  expect([old.code, old.stderr]).toEqual([2, "crm-analytics: --from 0001-01-01 is outside the dates accepted (--date-range, default 1900-01-01..2199-12-31)\n"]);
});

test("segments --scheme rfm-11 and rfm-3: the preset grids", async () => {
  const r = await cli(["segments", FILE, ...MAP, "--scheme", "rfm-11", "--format", "json"]);
  expect(JSON.parse(r.stdout).map((c: { segment: string }) => c.segment)).toEqual(segmentRfmGrid(customers).customers.map((c) => c.segment));
  const s = await cli(["segments", FILE, ...MAP, "--scheme", "rfm-3", "--summary", "--labels", "zh", "--format", "json"]);
  expect(JSON.parse(s.stdout)).toHaveLength(8);
  expect(JSON.parse(s.stdout)[0].label).toBe("冠军客户");
});
