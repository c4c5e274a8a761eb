/**
 * Benchmark driver: `npm run bench` (all cases) or a subset, e.g.
 *
 *   npm run bench -- --size 1m
 *   npm run bench -- --size 10m --shape columns --runs 1
 *   npm run bench -- --shape records,columns --size 1m,10m --profile
 *   npm run bench -- --size 10m --anchors none
 *
 * Options (comma-separated or repeated):
 *   --size    1m | 10m | <rows>x<customers>     (default: 1m,10m)
 *   --shape   records | columns | columns-noorder (default: all three)
 *   --runs    timed passes per case (default: 3 up to 2M rows, 2 above)
 *   --anchors duckdb,pandas | none (default: both). After a size's cases, bench/anchors.ts runs in its own
 *             process on the same generated log: DuckDB (summarySql / rfmScoresSql at 1 and 2 threads,
 *             table loaded before timing) and pandas (categorical and object ids, groupby + qcut) when
 *             /usr/bin/python3 has pandas; the run prints each anchor's seconds and the library's ratio.
 *             `--no-anchors` = `--anchors none`. Anchors are not run with --profile.
 *   --profile write a V8 CPU profile per case to bench/out/profiles and print its summary. The case is
 *             bundled with esbuild (a tsup/tsx dependency) to bench/out/case.mjs and run by plain node,
 *             because under tsx every closure appears as "(anonymous)" at line 1; timings then
 *             include the profiler's overhead.
 *
 * Each case runs in a separate child process (`node --max-old-space-size=8192 --expose-gc
 * --import tsx bench/case.ts <shape> <size> <runs>`) so its peak RSS is its own. The table reports
 * the median of the timed passes; the raw results go to bench/out/results.json.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseSize, SHAPES, SIZES, type AnchorResult, type AnchorTimes, type CaseResult, type Shape } from "./cases.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

const ANCHORS = ["duckdb", "pandas"] as const;
const USAGE = "usage: npm run bench -- [--size 1m,10m] [--shape records,columns,columns-noorder] [--runs N] [--profile] [--anchors duckdb,pandas|none]\n";

function parseArgs(argv: string[]): { sizes: string[]; shapes: Shape[]; runs: number | undefined; profile: boolean; anchors: string[] } {
  const sizes: string[] = [];
  const shapes: Shape[] = [];
  let runs: number | undefined;
  let profile = false;
  let anchors: string[] = [...ANCHORS];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [key, inline] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${key} needs a value`);
      return v;
    };
    if (key === "--size" || key === "--sizes") sizes.push(...value().split(","));
    else if (key === "--shape" || key === "--shapes") {
      for (const s of value().split(",")) {
        if (!SHAPES.includes(s as Shape)) throw new Error(`unknown shape "${s}" (${SHAPES.join(", ")})`);
        shapes.push(s as Shape);
      }
    } else if (key === "--runs") runs = Number(value());
    else if (key === "--profile") profile = true;
    else if (key === "--no-anchors") anchors = [];
    else if (key === "--anchors") {
      const v = value();
      anchors = v === "none" ? [] : v === "all" ? [...ANCHORS] : v.split(",");
      for (const a of anchors) if (!(ANCHORS as readonly string[]).includes(a)) throw new Error(`unknown anchor "${a}" (${ANCHORS.join(", ")}, all or none)`);
    } else if (key === "--help" || key === "-h") {
      process.stdout.write(USAGE);
      process.exit(0);
    } else throw new Error(`unknown argument "${arg}"`);
  }
  for (const s of sizes) parseSize(s);
  if (runs !== undefined && !(Number.isInteger(runs) && runs >= 1)) throw new Error("--runs must be a positive integer");
  return { sizes: sizes.length ? sizes : Object.keys(SIZES), shapes: shapes.length ? shapes : [...SHAPES], runs, profile, anchors: profile ? [] : anchors };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function bundleCase(): Promise<string> {
  const outfile = join(root, "bench", "out", "case.mjs");
  const esbuild = await import("esbuild");
  esbuild.buildSync({
    entryPoints: [join(root, "bench", "case.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    packages: "external",
    outfile,
    logLevel: "warning",
  });
  return outfile;
}

function runChild(shape: Shape, size: string, runs: number, bundled: string | null): CaseResult {
  const flags = ["--max-old-space-size=8192", "--expose-gc"];
  let profileFile: string | null = null;
  if (bundled) {
    const dir = join(root, "bench", "out", "profiles");
    mkdirSync(dir, { recursive: true });
    const name = `${shape}-${size}.cpuprofile`;
    profileFile = join(dir, name);
    flags.push("--cpu-prof", `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${name}`);
  }
  const entry = bundled ? [bundled] : ["--import", "tsx", join("bench", "case.ts")];
  const args = [...flags, ...entry, shape, size, String(runs)];
  process.stderr.write(`${shape} ${size}: node ${args.join(" ")}\n`);
  const child = spawnSync(process.execPath, args, { cwd: root, stdio: ["ignore", "pipe", "inherit"], encoding: "utf8", maxBuffer: 1 << 24 });
  if (child.status !== 0) throw new Error(`case ${shape} ${size} failed (exit ${child.status ?? child.signal})`);
  const line = child.stdout.split("\n").find((l) => l.startsWith("BENCH_RESULT "));
  if (!line) throw new Error(`case ${shape} ${size} printed no result:\n${child.stdout}`);
  if (profileFile) {
    spawnSync(process.execPath, ["--import", "tsx", join("bench", "profile-summary.ts"), profileFile, "15"], { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
  }
  return JSON.parse(line.slice("BENCH_RESULT ".length)) as CaseResult;
}

function runAnchors(size: string, runs: number, which: string[]): AnchorResult {
  const args = ["--max-old-space-size=8192", "--expose-gc", "--import", "tsx", join("bench", "anchors.ts"), size, String(runs), which.join(",")];
  process.stderr.write(`anchors ${size}: node ${args.join(" ")}\n`);
  const child = spawnSync(process.execPath, args, { cwd: root, stdio: ["ignore", "pipe", "inherit"], encoding: "utf8", maxBuffer: 1 << 24 });
  if (child.status !== 0) throw new Error(`anchors ${size} failed (exit ${child.status ?? child.signal})`);
  const line = child.stdout.split("\n").find((l) => l.startsWith("ANCHOR_RESULT "));
  if (!line) throw new Error(`anchors ${size} printed no result:\n${child.stdout}`);
  return JSON.parse(line.slice("ANCHOR_RESULT ".length)) as AnchorResult;
}

const range = (xs: number[]): string => {
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  return xs.length > 1 && hi.toFixed(2) !== lo.toFixed(2) ? `${lo.toFixed(2)}–${hi.toFixed(2)}` : lo.toFixed(2);
};

/**
 * Per library case with anchors of its size: the library's seconds and each anchor's (min–max over the
 * passes), and the ratio library / anchor of the medians, with its range (fastest library pass over
 * slowest anchor pass .. slowest over fastest). Summaries + scores, then summaries alone.
 */
function anchorReport(results: CaseResult[], anchors: AnchorResult[]): string {
  const out: string[] = [];
  for (const part of ["total", "summary"] as const) {
    const head = ["case", "crm-analytics s"];
    const cols: { name: string; pick: (a: AnchorResult, orders: boolean) => number[] | null }[] = [];
    const sum = (t: AnchorTimes): number[] => t.summary.map((s, i) => s + t.scores[i]);
    for (const th of [1, 2]) {
      cols.push({
        name: `DuckDB ${th} thread${th > 1 ? "s" : ""}`,
        pick: (a, orders) => {
          const t = a.duckdb?.times[`${orders ? "orders" : "noorder"}/${th}`];
          return t ? (part === "total" ? t.scores : t.summary) : null;
        },
      });
    }
    for (const ids of ["categorical", "object"]) {
      cols.push({
        name: `pandas ${ids} ids`,
        pick: (a, orders) => {
          const t = a.pandas?.times[`${ids}/${orders ? "orders" : "noorder"}`];
          return t ? (part === "total" ? sum(t) : t.summary) : null;
        },
      });
    }
    for (const c of cols) head.push(`${c.name} s`, `ratio to ${c.name}`);
    const rows: string[][] = [];
    for (const r of results) {
      const a = anchors.find((x) => x.size === r.size);
      if (!a) continue;
      const lib = part === "total" ? r.totalSeconds : r.summarySeconds;
      const orders = r.shape !== "columns-noorder";
      const row = [`${r.shape} ${r.size}${orders ? " (order ids)" : ""}`, range(lib)];
      for (const c of cols) {
        const t = c.pick(a, orders);
        if (!t || !t.length) row.push("–", "–");
        else {
          const lo = Math.min(...lib) / Math.max(...t);
          const hi = Math.max(...lib) / Math.min(...t);
          const mid = median(lib) / median(t);
          row.push(range(t), `${mid.toFixed(2)} (${lo.toFixed(2)}–${hi.toFixed(2)})`);
        }
      }
      rows.push(row);
    }
    out.push(
      part === "total"
        ? "Anchors in the same run: summaries + quintile scores (DuckDB: rfmScoresSql materialised; pandas: groupby + qcut). Ratio = crm-analytics median / anchor median (range: fastest/slowest .. slowest/fastest pass); below 1 the library is faster."
        : "Summaries alone (DuckDB: summarySql materialised; pandas: groupby + derived fields).",
    );
    out.push(`| ${head.join(" | ")} |`, `| ${head.map((_, i) => (i ? "---:" : "---")).join(" | ")} |`, ...rows.map((x) => `| ${x.join(" | ")} |`), "");
  }
  for (const a of anchors) {
    const notes = [
      a.duckdb ? `DuckDB ${a.duckdb.version} (table loaded in ${a.duckdb.loadSeconds.toFixed(1)} s, not timed)` : `DuckDB skipped: ${a.skipped.duckdb ?? "?"}`,
      a.pandas ? `pandas ${a.pandas.version} (/usr/bin/python3)` : `pandas skipped: ${a.skipped.pandas ?? "?"}`,
    ];
    out.push(`${a.size}: ${a.runs} passes per anchor; ${notes.join("; ")}`);
  }
  return `${out.join("\n")}\n`;
}

function table(results: CaseResult[]): string {
  const head = [
    "shape",
    "transactions",
    "customers",
    "runs",
    "summaries s",
    "scores s",
    "total s",
    "M rows/s",
    "peak RSS MB",
    "peak RSS after generation MB",
  ];
  const rows = results.map((r) => {
    const total = median(r.totalSeconds);
    return [
      r.shape,
      r.transactions.toLocaleString("en-US"),
      r.customers.toLocaleString("en-US"),
      String(r.runs),
      median(r.summarySeconds).toFixed(2),
      median(r.scoreSeconds).toFixed(2),
      total.toFixed(2),
      (r.transactions / 1e6 / total).toFixed(2),
      r.maxRssMB.toFixed(0),
      r.maxRssAfterGenerateMB.toFixed(0),
    ];
  });
  const right = (i: number): boolean => i > 0;
  const lines = [
    `| ${head.join(" | ")} |`,
    `| ${head.map((_, i) => (right(i) ? "---:" : "---")).join(" | ")} |`,
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ];
  return lines.join("\n");
}

let args: ReturnType<typeof parseArgs>;
try {
  args = parseArgs(process.argv.slice(2));
} catch (e) {
  process.stderr.write(`bench: ${(e as Error).message}\n${USAGE}`);
  process.exit(2);
}
const { sizes, shapes, runs, profile, anchors } = args;
const git = (...args: string[]): string => spawnSync("git", args, { cwd: root, encoding: "utf8" }).stdout?.trim() ?? "";
const commit = git("rev-parse", "--short", "HEAD") || "unknown";
const srcDirty = git("status", "--porcelain", "--", "src") !== "";
const loadBefore = loadavg()[0];
const started = performance.now();
const bundled = profile ? await bundleCase() : null;
const results: CaseResult[] = [];
const anchorResults: AnchorResult[] = [];
for (const size of sizes) {
  const n = parseSize(size).nTransactions;
  const sizeRuns = runs ?? (n <= 2_000_000 ? 3 : 2);
  for (const shape of shapes) results.push(runChild(shape, size, sizeRuns, bundled));
  if (anchors.length) anchorResults.push(runAnchors(size, sizeRuns, anchors));
}
const wall = (performance.now() - started) / 1000;
const loadAfter = loadavg()[0];
const machine = `${cpus().length} x ${cpus()[0]?.model ?? "?"}`;

process.stdout.write(`\ncrm-analytics benchmark: node ${process.version}, ${process.platform}/${process.arch}, ${machine}; src at ${commit}${srcDirty ? " + uncommitted changes" : ""}\n`);
process.stdout.write("seconds are the median of the timed passes (summarizeTransactions, scoreRfm, both); input generation is not timed.\n");
if (profile) process.stdout.write("PROFILED RUN: timings include the CPU profiler's overhead.\n");
process.stdout.write("\n");
process.stdout.write(`${table(results)}\n\n`);
for (const r of results) {
  const f = (xs: number[]): string => xs.map((x) => x.toFixed(2)).join(", ");
  process.stdout.write(
    `${r.shape} ${r.size}: passes total [${f(r.totalSeconds)}] s (summaries [${f(r.summarySeconds)}], scores [${f(r.scoreSeconds)}]); ` +
      `generation ${r.generateSeconds.toFixed(1)} s; peak RSS after warm-up ${r.maxRssAfterWarmupMB.toFixed(0)} MB; RSS holding the input ${r.rssInputMB.toFixed(0)} MB (heap ${r.heapUsedInputMB.toFixed(0)} MB); ` +
      `orders ${r.orders.toLocaleString("en-US")}\n`,
  );
}
if (anchorResults.length) process.stdout.write(`\n${anchorReport(results, anchorResults)}`);
process.stdout.write(`\nwall time ${wall.toFixed(0)} s; 1-minute load average ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after (the cases use about 1 core)\n`);
const outDir = join(root, "bench", "out");
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, "results.json"), `${JSON.stringify({ node: process.version, machine, commit, srcDirty, date: new Date().toISOString(), wallSeconds: wall, loadBefore, loadAfter, results, anchors: anchorResults }, null, 2)}\n`);
