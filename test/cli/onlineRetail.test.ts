// The real UCI Online Retail file (541,909 rows, gzipped, 45 MB of CSV), read fully: the CLI must read
// it exactly and fast. Figures from ../shared/data/online_retail_ii/README.md. Skipped when the
// shared data is not there.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, test } from "vitest";
import { fieldText, readCsv } from "../../src/cli/csv.js";
import { cli, tempFiles } from "./helpers.js";

import { fileURLToPath } from "node:url";
// the shared data folder next to the repository (too large to commit: 7.6 MB gzipped)
const FILE = process.env.ONLINE_RETAIL_CSV_GZ ?? fileURLToPath(new URL("../../../shared/data/online_retail_ii/online_retail_2010-12-01_2011-12-09.csv.gz", import.meta.url));
if (!existsSync(FILE)) console.warn(`test/cli/onlineRetail.test.ts: skipped, ${FILE} is not there (set ONLINE_RETAIL_CSV_GZ)`);
const MAP = ["--customer", "CustomerID", "--date", "InvoiceDate", "--quantity", "Quantity", "--price", "UnitPrice", "--order", "InvoiceNo", "--as-of", "2011-12-10"];

describe.skipIf(!existsSync(FILE))("UCI Online Retail, read fully", () => {
  test("every row and quoted description parses; counts match the published figures", () => {
    const table = readCsv(gunzipSync(readFileSync(FILE)), { source: "online_retail.csv" });
    expect(table.rows).toBe(541_909);
    expect(table.header).toEqual(["InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID", "Country"]);
    const description = table.header.indexOf("Description");
    // quoted descriptions: a comma inside, doubled quotes, trailing spaces kept
    expect(fieldText(table, description, 109)).toBe("AIRLINE LOUNGE,METAL SIGN"); // line 111
    expect(fieldText(table, description, 253)).toBe("FANCY FONT BIRTHDAY CARD, "); // line 255
    expect(fieldText(table, description, 871)).toBe('RECORD FRAME 7" SINGLE SIZE '); // line 873
    expect(fieldText(table, description, 1406)).toBe('CHARLIE+LOLA"EXTREMELY BUSY" SIGN'); // line 1408
    expect(table.lines[871]).toBe(873);
    const customer = table.header.indexOf("CustomerID");
    const ids = new Set<string>();
    let missing = 0;
    for (let r = 0; r < table.rows; r++) {
      const id = fieldText(table, customer, r);
      if (id === "") missing++;
      else ids.add(id);
    }
    expect(missing).toBe(135_080);
    expect(ids.size).toBe(4_372);
    const country = new Set<string>();
    for (let r = 0; r < table.rows; r++) country.add(fieldText(table, 7, r));
    expect(country.size).toBe(38);
  });

  test("the CLI without a policy for missing customers stops at the first one, naming its line", async () => {
    const r = await cli(["summary", FILE, ...MAP]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr.split("\n").slice(0, 4)).toEqual([
      `${FILE}:624: CustomerID: missing customer id (an empty field) (and 135,079 more problems, below)`,
      "  135,080 of 541,909 rows have problems:",
      "  missing_customer_id in 135,080 rows (24.9%), the first 3:",
      `    ${FILE}:624: CustomerID: missing customer id (an empty field)`,
    ]);
    expect(r.stderr).toContain("--drop-missing-customer leaves out rows without a customer id");
  });

  test("--drop-missing-customer leaves out exactly the 135,080 rows without a CustomerID; --date-format mdy (the README's example for US exports) is told the file is ISO", async () => {
    const dir = tempFiles({});
    const dropped = await cli(["summary", FILE, ...MAP, "--drop-missing-customer", "--refunds", "exclude", "--format", "json", "--meta", join(dir, "meta.json")]);
    expect(dropped.code).toBe(0);
    expect(dropped.stderr.split("\n")[0]).toBe("crm-analytics: left out 143,985 of 541,909 rows: 135,080 without a customer id by --drop-missing-customer; 8,905 refunds by --refunds exclude");
    expect(JSON.parse(dropped.stdout)).toHaveLength(4_339);
    expect(JSON.parse(readFileSync(join(dir, "meta.json"), "utf8")).input).toMatchObject({ rowsUsed: 397_924, invalidRows: 0, droppedMissingCustomer: 135_080 });
    const mdy = await cli(["segments", FILE, ...MAP, "--date-format", "mdy"]);
    expect(mdy.code).toBe(1);
    expect(mdy.stderr).toContain("    dates look like iso (2010-12-01 08:26:00): try --date-format iso (the default)\n");
    expect(mdy.stderr).not.toContain("--on-invalid skip");
    // following the old advice gave "no transactions": now the same hint says why
    const skipped = await cli(["segments", FILE, ...MAP, "--date-format", "mdy", "--on-invalid", "skip"]);
    expect(skipped.code).toBe(1);
    expect(skipped.stderr.split("\n")[0]).toBe(`${FILE}: no transactions: all 541,909 rows were left out (541,909 by --on-invalid skip)`);
    expect(skipped.stderr).toContain("try --date-format iso");
  });

  test("with --on-invalid skip and --refunds exclude it reproduces the usual cleaning: 397,924 rows, 4,339 customers, 8,911,407.904", async () => {
    const dir = tempFiles({});
    // --precision full: exact sums, as a pandas script adds them (by default each customer's total is rounded to cents)
    const r = await cli(["summary", FILE, ...MAP, "--on-invalid", "skip", "--refunds", "exclude", "--format", "json", "--precision", "full", "--meta", join(dir, "meta.json")]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      "crm-analytics: left out 143,985 of 541,909 rows: 135,080 with problems (missing_customer_id 135,080) by --on-invalid skip; 8,905 refunds by --refunds exclude\n" +
        "crm-analytics: warning: --on-invalid skip left out 24.9% of the rows (135,080 of 541,909)\n",
    );
    const customers = JSON.parse(r.stdout) as { monetary: number; frequency: number }[];
    expect(customers).toHaveLength(4_339);
    expect(customers.reduce((s, c) => s + c.monetary, 0)).toBeCloseTo(8_911_407.904, 4);
    const meta = JSON.parse(readFileSync(join(dir, "meta.json"), "utf8"));
    expect(meta.input).toEqual({ rowsRead: 541_909, rowsUsed: 397_924, invalidRows: 135_080, droppedMissingCustomer: 0, invalidByCode: { missing_customer_id: 135_080 }, ignoredAfterAsOf: 0, excludedRefunds: 8_905 });
    // distinct invoices per customer, as Python csv counts them after the same cleaning
    expect(customers.reduce((s, c) => s + c.frequency, 0)).toBe(18_536);
  });

  test("eight segments with refunds netted: 33 refund-only customers are reported, not dropped silently", async () => {
    const r = await cli(["segments", FILE, ...MAP, "--on-invalid", "skip", "--summary", "--format", "json"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("; 33 customers have only refunds (no purchase) and are not in the output\n");
    const summary = JSON.parse(r.stdout) as { segment: string; customers: number }[];
    expect(summary.map((s) => s.segment)).toHaveLength(8);
    expect(summary.reduce((s, x) => s + x.customers, 0)).toBe(4_339);
  });
});
