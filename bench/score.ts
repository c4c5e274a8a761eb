/**
 * `scoreRfm` alone on generated customer summaries, against pandas in the same run:
 * `npx tsx bench/score.ts [customers] [filter] [--records-last] [--old DIR]` (default 1,000,000;
 * `filter` keeps the cases whose "method, case" name contains it, e.g. `"quantile, columns"`, and runs
 * pandas only for the methods kept). `--records-last`: the 1M customer records are built after the
 * columns cases instead of before them (alive, they make each major collection during the columns
 * passes dearer: the marking walks them). `--old DIR`: each columns case is also timed on another
 * source tree (`git archive <rev> src | tar -x -C DIR; ln -s $PWD/node_modules DIR/`), right after
 * this tree's, with "(old)" in its label. Two trees in one process do not run alike: the one imported
 * first (this one) measured faster (bench/RESULTS.md, "Columns read in place"), so for a fair figure
 * time each tree in a process of its own.
 *
 * Customers: recency days uniform 0..1,094, frequency 1 + geometric (mean about 10), monetary lognormal
 * in cents; ids `C0000000`… Timed, 3 passes each after a warm-up: `scoreRfm` with methods quantile and
 * rank on records (`customers` out) and on columns (`output: "columns"` in and out). The pandas anchor
 * (bench/score_pandas.py: `qcut` per column, and `qcut` of `rank(method="first")`) runs when
 * /usr/bin/python3 has pandas, else it is skipped with the reason. Then `segmentRfm` (classic on values,
 * the R rfm README scheme on quintile scores) on records and on columns, without an anchor. Prints
 * seconds and ratios, and the process CPU seconds of the passes (less sensitive to other work).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { scoreRfm, segmentRfm } from "../src/index.js";
import { takeFlag } from "./args.js";

const args = process.argv.slice(2);
const oldDir = takeFlag(args, "--old");
const recordsLast = args.includes("--records-last");
if (recordsLast) args.splice(args.indexOf("--records-last"), 1);
const old: { scoreRfm: typeof scoreRfm } | null = oldDir ? await import(pathToFileURL(resolve(oldDir, "src/index.ts")).href) : null;
const n = Number(args[0] ?? 1_000_000);
let seed = 11;
const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
const recencyDays = new Float64Array(n);
const frequency = new Float64Array(n);
const monetary = new Float64Array(n);
const customerId: string[] = new Array(n);
for (let i = 0; i < n; i++) {
  customerId[i] = `C${String(i).padStart(7, "0")}`;
  recencyDays[i] = Math.floor(rnd() * 1095);
  frequency[i] = 1 + Math.floor(Math.log(1 - rnd()) / Math.log(0.9));
  monetary[i] = Math.round(Math.exp(3.5 + 1.2 * Math.sqrt(-2 * Math.log(rnd())) * Math.cos(2 * Math.PI * rnd())) * 100) / 100;
}
const columns = { customerId, recencyDays, frequency, monetary };
// The records (1M objects) are built before the cases, or with --records-last after the columns cases
// (a caller scoring columns need not hold them; alive, they make each major collection dearer).
let records: { customerId: string; recencyDays: number; frequency: number; monetary: number }[] = [];
const buildRecords = (): void => {
  if (records.length === 0) records = customerId.map((id, i) => ({ customerId: id, recencyDays: recencyDays[i], frequency: frequency[i], monetary: monetary[i] }));
};
if (!recordsLast) buildRecords();

const cpu: number[][] = [];
const time = (run: () => unknown): number[] => {
  run();
  const out: number[] = [];
  const used: number[] = [];
  for (let k = 0; k < 3; k++) {
    const c0 = process.cpuUsage();
    const t = performance.now();
    run();
    out.push((performance.now() - t) / 1000);
    const c = process.cpuUsage(c0);
    used.push((c.user + c.system) / 1e6);
  }
  cpu.push(used);
  return out;
};
const fmt = (xs: number[]) => xs.map((x) => x.toFixed(3)).join(", ");
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1];

// a case runs when its label contains the filter (all cases without one)
const only = args[1];
const wanted = (label: string): boolean => only === undefined || label.includes(only);
const SCORE_CASES = ["records in, records out", "columns in, columns out"] as const;
const SEGMENT_CASES = ["classic", "r-rfm-readme"].flatMap((s) => [`segmentRfm ${s}, records in, records out`, `segmentRfm ${s}, columns in, columns out`]);
const pandasMethods = (["quantile", "rank"] as const).filter((m) => SCORE_CASES.some((c) => wanted(`${m}, ${c}`)));

let pandas: Record<string, number[]> | null = null;
const python = "/usr/bin/python3";
const probe = spawnSync(python, ["-c", "import pandas"], { encoding: "utf8" });
if (pandasMethods.length === 0) console.log("pandas: not needed by the cases kept");
else if (probe.status !== 0) console.log(`pandas: skipped (${python} has no pandas: apt-get install python3-pandas)`);
else {
  const dir = mkdtempSync(join(tmpdir(), "crm-score-"));
  const file = join(dir, "rfm.f64");
  const all = new Float64Array(3 * n);
  all.set(recencyDays, 0);
  all.set(frequency, n);
  all.set(monetary, 2 * n);
  writeFileSync(file, new Uint8Array(all.buffer));
  const run = spawnSync(python, [join("bench", "score_pandas.py"), file, String(n), pandasMethods.join(",")], { encoding: "utf8", maxBuffer: 1 << 20 });
  rmSync(dir, { recursive: true, force: true });
  if (run.status !== 0) console.log(`pandas: failed (${run.stderr.trim().split("\n").pop()})`);
  else pandas = JSON.parse(run.stdout.trim().split("\n").pop()!);
}

const report = (label: string, secs: number[], anchor?: number[]): void => {
  const ratio = anchor ? ` = ${(median(secs) / median(anchor)).toFixed(2)}× pandas` : "";
  console.log(`  ${label}: ${fmt(secs)} s${ratio} (CPU ${fmt(cpu[cpu.length - 1])} s)`);
};
console.log(`scoreRfm, ${n.toLocaleString("en-US")} customers (seconds of 3 passes; ratio = median / pandas median; records built ${recordsLast ? "after" : "before"} the columns cases)`);
const recordsCase = (method: "quantile" | "rank"): void => {
  if (!wanted(`${method}, records in, records out`)) return;
  buildRecords();
  report(`${method}, records in, records out`, time(() => scoreRfm(records, { method })), pandas?.[method]);
};
// per method: records (unless --records-last), columns, pandas; then with --records-last the records cases
for (const method of ["quantile", "rank"] as const) {
  const anchor = pandas?.[method];
  if (!recordsLast) recordsCase(method);
  if (wanted(`${method}, columns in, columns out`)) {
    report(`${method}, columns in, columns out`, time(() => scoreRfm(columns, { method, output: "columns" })), anchor);
    if (old) report(`${method}, columns in, columns out (old)`, time(() => old.scoreRfm(columns, { method, output: "columns" })), anchor);
  }
  if (anchor) console.log(`  ${method}, pandas ${method === "quantile" ? "qcut" : "qcut(rank(method='first'))"}: ${fmt(anchor)} s`);
}
if (recordsLast) for (const method of ["quantile", "rank"] as const) recordsCase(method);
console.log(`segmentRfm, ${n.toLocaleString("en-US")} customers (seconds of 3 passes)`);
if (SEGMENT_CASES.some((c) => c.includes("records") && wanted(c))) buildRecords();
for (const [scheme, opts] of [["classic", {}], ["r-rfm-readme", { scheme: "r-rfm-readme" as const }]] as const) {
  if (wanted(`segmentRfm ${scheme}, records in, records out`)) report(`segmentRfm ${scheme}, records in, records out`, time(() => segmentRfm(records, opts)));
  if (wanted(`segmentRfm ${scheme}, columns in, columns out`)) report(`segmentRfm ${scheme}, columns in, columns out`, time(() => segmentRfm(columns, { ...opts, output: "columns" })));
}
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
