/**
 * The command line on a large CSV, streamed: `segments` on the bench generator's log written as CSV
 * (10M rows / 1M customers by default; `--parts 5` writes 5 such logs one after the other, with their
 * own customers and orders: 50M rows / 5M customers), whole process, against DuckDB on one thread
 * (`read_csv` + the library's `rfmSegmentsSql`, in a fresh process too), in the same run.
 *
 *   node --import tsx bench/cliStream.ts [--rows 10000000] [--customers 1000000] [--parts 1] [--runs 3]
 *     [--orders yes|no|both] [--keep] [--old path/to/old-cli.mjs] [--dir /tmp/somewhere]
 *
 * The CSV goes to <dir>/cli-<rows>x<parts>.csv (default dir bench/out, never committed; the 50M file is
 * 1.85 GB: give a --dir with room) and is deleted at the end unless --keep; `--runs 0 --keep` only
 * writes it. Each run is a fresh process under `/usr/bin/time` (wall seconds and peak RSS). Run it under
 * the shared lock: `flock /tmp/h16/bench.lock node --import tsx bench/cliStream.ts`.
 */
import { spawnSync } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { once } from "node:events";
import { loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { isoDateFromDays } from "../src/input/dates.js";
import { rfmSegmentsSql, type TransactionSqlOptions } from "../src/sql/index.js";
import { AS_OF, generateColumns } from "./generate.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const argv = process.argv.slice(2);
const opt = (name: string, fallback: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
};
const rows = Number(opt("rows", "10000000"));
const customers = Number(opt("customers", "1000000"));
const parts = Number(opt("parts", "1"));
const runs = Number(opt("runs", "3"));
const orders = opt("orders", "both");
const old = opt("old", "");
const keep = argv.includes("--keep");

const out = join(root, "bench/out");
mkdirSync(out, { recursive: true });
const dir = opt("dir", out);
mkdirSync(dir, { recursive: true });
const csv = join(dir, `cli-${rows}x${parts}.csv`);

if (!existsSync(csv)) {
  const t = performance.now();
  const w = createWriteStream(csv);
  w.write("customerId,date,amount,order_id\n");
  const iso = new Map<number, string>();
  for (let part = 0; part < parts; part++) {
    const cols = generateColumns({ nTransactions: rows, nCustomers: customers, seed: 20_240_601 + part });
    const cust = cols.customerId;
    const order = cols.orderId!;
    const custBase = part * customers;
    const orderBase = part * order.dictionary.length;
    for (let start = 0; start < rows; start += 100_000) {
      let text = "";
      for (let i = start; i < Math.min(rows, start + 100_000); i++) {
        const d = cols.date[i];
        let day = iso.get(d);
        if (day === undefined) iso.set(d, (day = isoDateFromDays(d)));
        text += `C${String(custBase + cust.codes[i]).padStart(7, "0")},${day},${cols.amount[i].toFixed(2)},O${String(orderBase + order.codes[i]).padStart(9, "0")}\n`;
      }
      if (!w.write(text)) await once(w, "drain");
    }
  }
  w.end();
  await once(w, "finish");
  console.log(`wrote ${csv} (${(statSync(csv).size / 1e6).toFixed(0)} MB) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

const bin = join(out, "cli.mjs");
await build({ entryPoints: [join(root, "src/cli/main.ts")], bundle: true, platform: "node", format: "esm", target: "node20", outfile: bin, logLevel: "warning" });

// DuckDB in a fresh process: read_csv into a table, then the segments query (1 thread).
const duck = join(out, "cli-duckdb.mjs");
const withOrders: TransactionSqlOptions = { dialect: "duckdb", table: "t", columns: { customerId: "customerId", date: "date", amount: "amount", orderId: "order_id" }, asOf: AS_OF };
const { orderId: _o, ...noOrderColumns } = withOrders.columns!;
const queries = { yes: rfmSegmentsSql(withOrders), no: rfmSegmentsSql({ ...withOrders, columns: noOrderColumns }) };
writeFileSync(
  join(out, "cli-duckdb-src.mjs"),
  `import { DuckDBInstance } from "@duckdb/node-api";
const [file, which] = process.argv.slice(2);
const q = ${JSON.stringify(queries)}[which];
const db = await DuckDBInstance.create(":memory:");
const c = await db.connect();
await c.run("SET threads = 1");
await c.run(\`CREATE TABLE t AS SELECT * FROM read_csv('\${file}', header = true, columns = {'customerId': 'VARCHAR', 'date': 'DATE', 'amount': 'DOUBLE', 'order_id': 'VARCHAR'})\`);
const r = await c.runAndReadAll(q.sql, q.params.map((p) => p.value));
process.stderr.write(\`duckdb rows \${r.getRows().length}\\n\`);
`,
);
await build({ entryPoints: [join(out, "cli-duckdb-src.mjs")], bundle: true, platform: "node", format: "esm", target: "node20", outfile: duck, logLevel: "warning", external: ["@duckdb/node-api"] });
// the bundle must find @duckdb/node-api from bench/out: resolve from the repository's node_modules
const duckRun = (which: string) => timed(process.execPath, [duck, csv, which]);

/** Wall seconds and peak RSS (MB) of one fresh process, output to /dev/null. */
function timed(cmd: string, args: string[]): { s: number; mb: number } {
  const p = spawnSync("/usr/bin/time", ["-f", "%e %M", cmd, ...args], { cwd: root, encoding: "utf8", stdio: ["ignore", "ignore", "pipe"], maxBuffer: 1 << 26 });
  const last = p.stderr.trim().split("\n").pop()!;
  if (p.status !== 0) throw new Error(`${cmd} ${args.join(" ")}: exit ${p.status}\n${p.stderr.slice(-2000)}`);
  const [s, kb] = last.split(" ").map(Number);
  return { s, mb: kb / 1024 };
}

const cli = (file: string, order: boolean) => [file, "segments", csv, "--as-of", AS_OF, ...(order ? ["--order", "order_id"] : []), "-q"];
const fmt = (r: { s: number; mb: number }) => `${r.s.toFixed(2)} s ${r.mb.toFixed(0)} MB`;
console.log(`${csv}: ${parts * rows} rows, ${parts * customers} customers`);
try {
for (const order of orders === "both" ? [true, false] : [orders === "yes"]) {
  for (let run = 1; run <= runs; run++) {
    const load = loadavg()[0].toFixed(2);
    const ours = timed(process.execPath, cli(bin, order));
    const db = duckRun(order ? "yes" : "no");
    console.log(`${order ? "with orders   " : "without orders"} run ${run} (load ${load}): cli ${fmt(ours)}; duckdb 1 thread ${fmt(db)}; ratio ${(ours.s / db.s).toFixed(2)}`);
    if (old) {
      // the old CLI may run out of memory: say so, and keep the figures of this run
      try {
        console.log(`  old cli ${fmt(timed(process.execPath, cli(old, order)))}`);
      } catch (error) {
        const text = (error as Error).message;
        const usage = /(\d+\.\d+) (\d+)\s*$/.exec(text);
        console.log(`  old cli failed${/heap out of memory/.test(text) ? " (out of memory)" : ""}${usage ? ` after ${usage[1]} s, ${(Number(usage[2]) / 1024).toFixed(0)} MB` : ""}`);
      }
    }
  }
}
} finally {
  // a failed run (out of memory) must not leave gigabytes behind
  if (!keep) rmSync(csv);
}
