/**
 * Command-line benchmark: the UCI Online Retail CSV (541,909 rows) → the eight classic segments, end to
 * end, with the bundled bin as users run it (node start-up, gunzip, CSV, summaries, segments, output).
 *
 *   node --import tsx bench/cli.ts [--runs 5] [--file path.csv[.gz]]
 *
 * The bin is bundled first with esbuild to bench/out/cli.mjs (as tsup builds dist/cli/main.js). Each run
 * is a fresh process (`node bench/out/cli.mjs segments <file> … > /dev/null`); wall time per run, then one
 * in-process pass split into stages (each stage's first, cold run: as in the bin).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { build } from "esbuild";
import { readCsv } from "../src/cli/csv.js";
import { readTransactionColumns } from "../src/cli/transactions.js";
import { segmentRfm } from "../src/rfm/index.js";
import type { TransactionColumns } from "../src/input/index.js";
import { summarizeTransactions } from "../src/summary/index.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const argv = process.argv.slice(2);
const opt = (name: string, fallback: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
};
const runs = Number(opt("runs", "5"));
const file = opt("file", "../shared/data/online_retail_ii/online_retail_2010-12-01_2011-12-09.csv.gz");
const args = ["segments", file, "--as-of", "2011-12-10", "--customer", "CustomerID", "--date", "InvoiceDate", "--quantity", "Quantity", "--price", "UnitPrice", "--order", "InvoiceNo", "--on-invalid", "skip", "-q"];

const out = join(root, "bench/out");
mkdirSync(out, { recursive: true });
const bin = join(out, "cli.mjs");
await build({ entryPoints: [join(root, "src/cli/main.ts")], bundle: true, platform: "node", format: "esm", target: "node20", outfile: bin, logLevel: "warning" });

console.log(`file ${file}; load average ${loadavg().map((x) => x.toFixed(2)).join(" ")}`);
console.log(`$ node bench/out/cli.mjs ${args.join(" ")} > /dev/null`);
// pandas in the same run, whole process too: read_csv (gzip), the same rows kept (a customer id),
// amount = quantity × price, per customer last date, distinct invoices and total, quintile scores,
// the classic segments' inputs, CSV to /dev/null.
const PANDAS = `
import sys, pandas as pd
f = sys.argv[1]
d = pd.read_csv(f, usecols=["InvoiceNo", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID"], dtype={"InvoiceNo": str, "CustomerID": str})
d = d[d["CustomerID"].notna()]
d["amount"] = d["Quantity"] * d["UnitPrice"]
d["day"] = pd.to_datetime(d["InvoiceDate"].str.slice(0, 10))
g = d.groupby("CustomerID").agg(last=("day", "max"), frequency=("InvoiceNo", "nunique"), monetary=("amount", "sum"))
g["recency"] = (pd.Timestamp("2011-12-10") - g["last"]).dt.days
for c in ["recency", "frequency", "monetary"]:
    g[c[0]] = pd.qcut(g[c].rank(method="first"), 5, labels=False) + 1
g.to_csv(sys.stdout)
`;
const python = "/usr/bin/python3";
const pandas = existsSync(python) && spawnSync(python, ["-c", "import pandas"]).status === 0;
if (!pandas) console.log("pandas: skipped (/usr/bin/python3 without pandas)");
const times: number[] = [];
const pandasTimes: number[] = [];
for (let r = 0; r < runs; r++) {
  let t = performance.now();
  const p = spawnSync(process.execPath, [bin, ...args], { stdio: ["ignore", "ignore", "inherit"] });
  times.push((performance.now() - t) / 1000);
  if (p.status !== 0) throw new Error(`exit ${p.status}`);
  if (!pandas) continue;
  t = performance.now();
  const q = spawnSync(python, ["-c", PANDAS, file], { stdio: ["ignore", "ignore", "inherit"] });
  pandasTimes.push((performance.now() - t) / 1000);
  if (q.status !== 0) throw new Error(`pandas: exit ${q.status}`);
}
const sorted = [...times].sort((a, b) => a - b);
console.log(`end to end (s): ${times.map((t) => t.toFixed(2)).join(", ")}; best ${sorted[0].toFixed(2)}, median ${sorted[Math.floor(sorted.length / 2)].toFixed(2)}`);
if (pandas) {
  console.log(`pandas, same run (s): ${pandasTimes.map((t) => t.toFixed(2)).join(", ")}`);
  console.log(`ratio per run (cli / pandas): ${times.map((t, k) => (t / pandasTimes[k]).toFixed(2)).join(", ")}; load average now ${loadavg()[0].toFixed(2)}`);
}

// One in-process pass, stage by stage (cold: the first run of each function, as in the bin).
const stage = <T>(name: string, f: () => T): T => {
  const t = performance.now();
  const v = f();
  console.log(`  ${name.padEnd(28)} ${(performance.now() - t).toFixed(0).padStart(5)} ms`);
  return v;
};
console.log("stages (in process, cold):");
const raw = stage("read file", () => readFileSync(file));
const bytes = file.endsWith(".gz") ? stage("gunzip", () => gunzipSync(raw, { chunkSize: raw.readUInt32LE(raw.length - 4) + 1 })) : raw;
const want = ["InvoiceNo", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID"];
const table = stage("CSV scan (5 of 8 columns)", () => readCsv(bytes, { select: (h) => want.map((w) => h.indexOf(w)) }));
const tx = stage("ids, dates, numbers", () =>
  readTransactionColumns(table, { customer: "CustomerID", date: "InvoiceDate", quantity: "Quantity", price: "UnitPrice", order: "InvoiceNo" }, { dateFormat: "iso", decimalComma: false, onInvalid: "skip" }),
);
const summary = stage("summarizeTransactions", () => summarizeTransactions(tx.columns as TransactionColumns, { asOf: "2011-12-10" }));
stage("segmentRfm", () => segmentRfm(summary.customers));
console.log(`rows ${table.rows}, kept ${tx.lines.length}, customers ${summary.customers.length}`);
