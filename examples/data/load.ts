/**
 * Readers of the two bundled data sets, shared by the examples (see ./README.md for their origin).
 * They only parse the files; every analysis is in the examples themselves.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";

/** The CDNOW log ends on 1998-06-30: the as-of date of every CDNOW example. */
export const CDNOW_AS_OF = "1998-06-30";

/** One CDNOW purchase, with the field names the library reads by default. */
export interface CdnowPurchase {
  customerId: string;
  /** ISO date (`YYYY-MM-DD`). */
  date: string;
  /** Dollars. */
  amount: number;
  cds: number;
}

/**
 * The CDNOW transaction log: 69,659 purchases of 23,570 customers (1997-01-01 … 1998-06-30).
 * The file is whitespace-separated with dates as `YYYYMMDD`; here each row becomes a record.
 */
export function readCdnow(): CdnowPurchase[] {
  const file = fileURLToPath(new URL("./CDNOW_master.txt.gz", import.meta.url));
  const lines = gunzipSync(readFileSync(file)).toString("utf8").split(/\r?\n/).slice(1);
  return lines
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const [id, day, cds, dollars] = line.trim().split(/\s+/);
      return { customerId: id, date: `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6, 8)}`, amount: Number(dollars), cds: Number(cds) };
    });
}

/** The Online Retail II orders end on 2011-12-09; the reference summaries use 2011-12-10. */
export const RETAIL_AS_OF = "2011-12-10";

/** One row of online_retail_orders.csv, as text (the CSV has no quoted fields). */
export interface RetailOrderRow {
  invoice: string;
  date: string;
  customer_id: string;
  country: string;
  amount: string;
}

/**
 * The Online Retail II orders: 1,720 invoices of 262 customers in ten countries (2009-12 … 2011-12),
 * refunds included (invoice ids starting with "C", negative amounts). Values stay text, as a CSV
 * reader gives them: the examples map them to the library's fields.
 */
export function readRetailOrders(): RetailOrderRow[] {
  const file = fileURLToPath(new URL("./online_retail_orders.csv", import.meta.url));
  const [header, ...lines] = readFileSync(file, "utf8").trimEnd().split("\n");
  const names = header.split(",") as (keyof RetailOrderRow)[];
  return lines.map((line) => {
    const cells = line.split(",");
    return Object.fromEntries(names.map((name, i) => [name, cells[i]])) as unknown as RetailOrderRow;
  });
}
