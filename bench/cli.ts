/**
 * Command-line benchmark: the UCI Online Retail CSV (541,909 rows) → the eight classic segments, end to
 * end, with the bundled bin as users run it (node start-up, gunzip, CSV, summaries, segments, output).
 *
 *   node --import tsx bench/cli.ts [--runs 5] [--file path.csv[.gz]] [--old path/to/old/cli.js]
 *
 * The bin is built first to bench/out/cli/main.js by `buildCli` of tsup.config.ts, the build of
 * dist/cli/main.js. Each run is a fresh process (`node bench/out/cli/main.js segments <file> … >
 * /dev/null`), timed with /usr/bin/time when it exists (wall, and user + sys CPU seconds), interleaved
 * with pandas doing the same and, with --old, with another build of the bin (the old code: `git archive
 * <rev> src tsup.config.ts scripts package.json | tar -x -C DIR`, node_modules linked, then
 * `buildCli` there); then one in-process pass split into stages (each stage's first, cold run).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { readCsv } from "../src/cli/csv.js";
import { readTransactionColumns } from "../src/cli/transactions.js";
import { segmentRfm } from "../src/rfm/index.js";
import type { TransactionColumns } from "../src/input/index.js";
import { summarizeTransactions } from "../src/summary/index.js";
import { buildCli } from "../tsup.config.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const argv = process.argv.slice(2);
const opt = (name: string, fallback: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
};
const runs = Number(opt("runs", "5"));
const old = opt("old", "");
const file = opt("file", "../shared/data/online_retail_ii/online_retail_2010-12-01_2011-12-09.csv.gz");
const args = ["segments", file, "--as-of", "2011-12-10", "--customer", "CustomerID", "--date", "InvoiceDate", "--quantity", "Quantity", "--price", "UnitPrice", "--order", "InvoiceNo", "--on-invalid", "skip", "-q"];

const out = join(root, "bench/out");
mkdirSync(out, { recursive: true });
await buildCli(out);
const bin = join(out, "cli/main.js");

console.log(`file ${file}; load average ${loadavg().map((x) => x.toFixed(2)).join(" ")}`);
console.log(`$ node bench/out/cli/main.js ${args.join(" ")} > /dev/null`);
if (old !== "") console.log(`old: node ${old} (same arguments), interleaved`);
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
// one fresh process: wall seconds, and user + sys CPU seconds from /usr/bin/time (NaN without it)
const TIME = "/usr/bin/time";
const timed = (command: string, argv: string[]): { wall: number; cpu: number } => {
  const withTime = existsSync(TIME);
  const t = performance.now();
  const p = withTime ? spawnSync(TIME, ["-f", "@@time %U %S", command, ...argv], { stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" }) : spawnSync(command, argv, { stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
  const wall = (performance.now() - t) / 1000;
  if (p.status !== 0) throw new Error(`${command} ${argv[0]}: exit ${p.status}\n${p.stderr}`);
  const m = /@@time ([\d.]+) ([\d.]+)/.exec(p.stderr ?? "");
  return { wall, cpu: m ? Number(m[1]) + Number(m[2]) : Number.NaN };
};
const times: { wall: number; cpu: number }[] = [];
const oldTimes: { wall: number; cpu: number }[] = [];
const pandasTimes: { wall: number; cpu: number }[] = [];
for (let r = 0; r < runs; r++) {
  times.push(timed(process.execPath, [bin, ...args]));
  if (old !== "") oldTimes.push(timed(process.execPath, [old, ...args]));
  if (pandas) pandasTimes.push(timed(python, ["-c", PANDAS, file]));
}
const show = (name: string, xs: { wall: number; cpu: number }[]) => {
  const sorted = xs.map((x) => x.wall).sort((a, b) => a - b);
  console.log(`${name} (s): ${xs.map((x) => x.wall.toFixed(2)).join(", ")}; best ${sorted[0].toFixed(2)}, median ${sorted[Math.floor(sorted.length / 2)].toFixed(2)}; CPU (user + sys) ${xs.map((x) => x.cpu.toFixed(2)).join(", ")}`);
};
show("end to end", times);
if (old !== "") {
  show("old, same run", oldTimes);
  console.log(`ratio per run (new / old): ${times.map((t, k) => (t.wall / oldTimes[k].wall).toFixed(2)).join(", ")}`);
}
if (pandas) {
  show("pandas, same run", pandasTimes);
  console.log(`ratio per run (cli / pandas): ${times.map((t, k) => (t.wall / pandasTimes[k].wall).toFixed(2)).join(", ")}; load average now ${loadavg()[0].toFixed(2)}`);
  if (old !== "") console.log(`ratio per run (old / pandas): ${oldTimes.map((t, k) => (t.wall / pandasTimes[k].wall).toFixed(2)).join(", ")}`);
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
