// docs/reconciling.md's figures: the command line on UCI Online Retail agrees with an independent
// pandas script (test/fixtures/scripts/online_retail_reconciling.py, output committed in
// test/fixtures/reconciling/online_retail_pandas.json), and the guide quotes those figures.
// Skipped when the shared data is not there.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { cli, tempFiles } from "../cli/helpers.js";

const FILE = process.env.ONLINE_RETAIL_CSV_GZ ?? fileURLToPath(new URL("../../../shared/data/online_retail_ii/online_retail_2010-12-01_2011-12-09.csv.gz", import.meta.url));
const MAP = ["--customer", "CustomerID", "--date", "InvoiceDate", "--quantity", "Quantity", "--price", "UnitPrice", "--order", "InvoiceNo", "--as-of", "2011-12-10"];

interface Totals {
  rows: number;
  customers: number;
  sumFrequency: number;
  sumRecencyDays: number;
  monetary: string;
}
const pandas = JSON.parse(readFileSync(new URL("../fixtures/reconciling/online_retail_pandas.json", import.meta.url), "utf8")) as {
  file: Record<string, number>;
  naive: Totals;
  net: Totals;
  exclude: Totals;
};
const guide = readFileSync(new URL("../../docs/reconciling.md", import.meta.url), "utf8");
const thousands = (n: number) => n.toLocaleString("en-US");

test("the guide quotes the pandas script's figures", () => {
  for (const t of [pandas.naive, pandas.net, pandas.exclude]) {
    expect(guide).toContain(thousands(t.customers));
    expect(guide).toContain(thousands(t.sumFrequency));
    expect(guide).toContain(thousands(Number(t.monetary)));
  }
  expect(guide).toContain(thousands(pandas.exclude.rows));
  expect(guide).toContain("397,924 rows, 4,339 customers, 8,911,407.904");
  for (const key of ["rowsWithoutCustomer", "cancellationRows", "customersWithRefundsOnly", "naiveRecencyOneDayShort"]) {
    expect(guide, key).toContain(thousands(pandas.file[key]!));
  }
});

test("the guide and docs/README.md link to each other's neighbours", () => {
  expect(readFileSync(new URL("../../docs/README.md", import.meta.url), "utf8")).toContain("(reconciling.md)");
  expect(readFileSync(new URL("../../README.md", import.meta.url), "utf8")).toContain("(docs/reconciling.md)");
  expect(guide).toContain("test/fixtures/scripts/online_retail_reconciling.py");
});

describe.skipIf(!existsSync(FILE))("UCI Online Retail: the command line agrees with pandas", () => {
  for (const [name, options] of [
    ["net", ["--on-invalid", "skip"]],
    ["exclude", ["--on-invalid", "skip", "--refunds", "exclude"]],
  ] as const) {
    test(`summary ${options.join(" ")} gives the pandas script's "${name}" figures`, async () => {
      const dir = tempFiles({});
      const r = await cli(["summary", FILE, ...MAP, ...options, "--format", "json", "--meta", join(dir, "meta.json")]);
      expect(r.code, r.stderr).toBe(0);
      const customers = JSON.parse(r.stdout) as { recencyDays: number; frequency: number; monetary: number }[];
      const meta = JSON.parse(readFileSync(join(dir, "meta.json"), "utf8")) as { input: { rowsUsed: number } };
      const want = pandas[name];
      expect(meta.input.rowsUsed).toBe(want.rows);
      expect(customers.length).toBe(want.customers);
      expect(customers.reduce((s, c) => s + c.frequency, 0)).toBe(want.sumFrequency);
      expect(customers.reduce((s, c) => s + c.recencyDays, 0)).toBe(want.sumRecencyDays);
      // Each customer's amount may be written rounded to cents: the total is within half a cent each.
      const total = customers.reduce((s, c) => s + c.monetary, 0);
      expect(Math.abs(total - Number(want.monetary))).toBeLessThanOrEqual(0.005 * customers.length);
      expect(Math.abs(total - Number(pandas.naive.monetary))).toBeGreaterThan(10_000);
    });
  }
});
