import { expect, test } from "vitest";
import { summarizeTransactions } from "../../../src/summary/index.js";
import { AS_OF, asCsvStrings, CSV, customers, DIR, FIELDS, FILE, MAP, parseOut, rounded, ROWS, type Row } from "../fixture.js";
import { cli, lines } from "../helpers.js";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

test("summary (csv): the library's customer summaries, in its column order", async () => {
  const r = await cli(["summary", FILE, ...MAP]);
  expect(r.code).toBe(0);
  expect(r.stderr).toBe("");
  expect(parseOut(r.stdout)).toEqual(rounded(customers).map((c) => asCsvStrings(c)));
  expect(lines(r.stdout)[0]).toBe("customerId,firstPurchase,lastPurchase,recencyDays,frequency,monetary,tenureDays,averageOrderValue");
});

test("summary from quantity × price, from gzip and from stdin", async () => {
  const qp = ["--customer", "customer", "--date", "date", "--order", "invoice", "--quantity", "qty", "--price", "price", "--as-of", AS_OF, "--format", "json"];
  const fromFile = await cli(["summary", FILE, ...qp]);
  const expected = summarizeTransactions(ROWS, { asOf: AS_OF, fields: { ...FIELDS, amount: (r: Row) => r.qty * r.price } }).customers;
  expect(JSON.parse(fromFile.stdout)).toEqual(rounded(expected));
  const fromGzip = await cli(["summary", join(DIR, "orders.csv.gz"), ...qp]);
  expect(fromGzip.stdout).toBe(fromFile.stdout);
  const fromStdin = await cli(["summary", "-", ...qp], { stdin: CSV });
  expect(fromStdin.stdout).toBe(fromFile.stdout);
  const noFile = await cli(["summary", ...qp], { stdin: gzipSync(Buffer.from(CSV)) });
  expect(noFile.stdout).toBe(fromFile.stdout);
});
