// Conformance on the real UCI Online Retail file (541,909 rows, gzipped): the columns readTransactionsCsv
// reads give the same customer summaries as the command line's `summary`. Skipped when the shared data
// is not there (../shared/data/online_retail_ii, see its README).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { readTransactionsCsv } from "../../src/csv/index.js";
import { summarizeTransactions } from "../../src/summary/index.js";
import { cli } from "../cli/helpers.js";

const FILE = process.env.ONLINE_RETAIL_CSV_GZ ?? fileURLToPath(new URL("../../../shared/data/online_retail_ii/online_retail_2010-12-01_2011-12-09.csv.gz", import.meta.url));

describe.skipIf(!existsSync(FILE))("UCI Online Retail through readTransactionsCsv", () => {
  test("the columns read give the CLI's summary, customer by customer", async () => {
    const read = await readTransactionsCsv(FILE, {
      columns: { customerId: "CustomerID", date: "InvoiceDate", quantity: "Quantity", price: "UnitPrice", orderId: "InvoiceNo" },
      onInvalid: "skip",
    });
    expect(read.meta).toMatchObject({ gzip: true, delimiter: ",", rowsRead: 541_909, rowsUsed: 406_829, invalidByCode: { missing_customer_id: 135_080 } });
    expect(read.columns.customerId.dictionary.length).toBe(4_372);
    const { customers, meta } = summarizeTransactions(read.columns, { asOf: "2011-12-10" });
    expect(meta.customersWithoutPurchases.length).toBe(33);

    const r = await cli(["summary", FILE, "--customer", "CustomerID", "--date", "InvoiceDate", "--quantity", "Quantity", "--price", "UnitPrice", "--order", "InvoiceNo", "--as-of", "2011-12-10", "--on-invalid", "skip", "--format", "json"]);
    expect(r.code).toBe(0);
    const fromCli = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(customers.length).toBe(fromCli.length);
    expect(customers.length).toBe(4_339);
    for (let i = 0; i < customers.length; i++) {
      const api = customers[i] as unknown as Record<string, unknown>;
      const c = fromCli[i];
      for (const key of Object.keys(c)) {
        // the CLI may round money for display: compare numbers to the cent, everything else exactly
        if (typeof c[key] === "number") expect(Math.abs((api[key] as number) - (c[key] as number)), `${String(c.customerId)}.${key}`).toBeLessThanOrEqual(0.005 + 1e-9 * Math.abs(c[key] as number));
        else expect(api[key], `${String(c.customerId)}.${key}`).toEqual(c[key]);
      }
    }
  }, 60_000);
});
