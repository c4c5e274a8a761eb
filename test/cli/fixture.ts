// A small, deterministic transaction log as a CSV file (14 customers, several orders each, order lines
// sharing an invoice), the flags that map it, and its customer summaries from the library called directly.
import { gzipSync } from "node:zlib";
import { join } from "node:path";
import { readCsv, tableRows } from "../../src/cli/csv.js";
import { columnsOf, DEFAULT_PRECISION, roundRecords } from "../../src/cli/output.js";
import { summarizeTransactions } from "../../src/summary/index.js";
import { tempFiles } from "./helpers.js";

export interface Row {
  customer: string;
  date: string;
  invoice: string;
  qty: number;
  price: number;
  amount: number;
}

function makeRows(): Row[] {
  const out: Row[] = [];
  let seed = 7;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  let invoice = 1000;
  for (let c = 0; c < 14; c++) {
    const orders = 1 + Math.floor(rand() * (c % 4 === 0 ? 9 : 3));
    for (let o = 0; o < orders; o++) {
      const month = 1 + Math.floor(rand() * 11);
      const day = 1 + Math.floor(rand() * 28);
      const date = `2023-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
      invoice++;
      const linesPerOrder = 1 + Math.floor(rand() * 3);
      for (let l = 0; l < linesPerOrder; l++) {
        const qty = 1 + Math.floor(rand() * 5);
        const price = Math.round(rand() * 4000) / 100 + (c % 5 === 1 ? 60 : 0);
        out.push({ customer: `C${String(c).padStart(2, "0")}`, date, invoice: `INV-${invoice}`, qty, price, amount: qty * price });
      }
    }
  }
  return out;
}

export const ROWS = makeRows();
export const AS_OF = "2023-12-31";
export const CSV = `customer,date,invoice,qty,price,amount,note\n${ROWS.map((r) => `${r.customer},${r.date},${r.invoice},${r.qty},${r.price},${r.amount},"line, with ""quotes"""`).join("\n")}\n`;
export const DIR = tempFiles({ "orders.csv": CSV, "orders.csv.gz": gzipSync(Buffer.from(CSV)) });
export const FILE = join(DIR, "orders.csv");
export const MAP = ["--customer", "customer", "--date", "date", "--order", "invoice", "--amount", "amount", "--as-of", AS_OF];
export const FIELDS = { customerId: "customer", date: "date", amount: "amount", orderId: "invoice" } as const;
export const customers = summarizeTransactions(ROWS, { asOf: AS_OF, fields: FIELDS }).customers;

/** CSV output → records of strings. */
export function parseOut(text: string): Record<string, string>[] {
  const t = readCsv(text);
  return tableRows(t).map((r) => Object.fromEntries(t.header.map((h, i) => [h, r[i]])));
}

/** A library record as the CSV writer prints it. */
export function asCsvStrings(r: object): Record<string, string> {
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null || v === undefined ? "" : String(v)]));
}

/**
 * Library records as the command line prints them by default: each number rounded by its column's
 * class (money to 2 decimals, shares and other measures to 4; test/cli/output.test.ts checks the
 * rounding itself), through JSON as the writers see them.
 */
export function rounded<T extends object>(records: readonly T[]): T[] {
  const flat = JSON.parse(JSON.stringify(records)) as Record<string, unknown>[];
  return roundRecords(flat, columnsOf(flat), DEFAULT_PRECISION) as T[];
}
