/**
 * Period indicators and cohorts on generated transactions:
 * `node --max-old-space-size=8000 --import tsx bench/churn.ts [rows] [customers] [--passes N] [--old DIR] [--anchor]`
 * (default 10M rows, 1M customers; typed columns with dictionary-encoded customer and order ids, the
 * bench generator's 6.45M orders at 10M rows; monthly periods over 3 years; 3 passes).
 *
 * - `--old DIR`: also times the functions of another checkout (`git worktree add DIR <commit>`) in the
 *   same process, interleaved with this one's, and checks that both give the same results.
 * - `--anchor`: also times `summarizeTransactions` (`output: "columns"`) on the same columns.
 * - `--calls`: prints each call's start and end (ms since the process started) to stderr, to line the
 *   calls up with `node --trace-gc`'s collections.
 */
import { isDeepStrictEqual } from "node:util";
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";
import { cohortRetention, periodIndicators } from "../src/churn/index.js";
import { summarizeTransactions } from "../src/summary/index.js";
import { AS_OF, generateColumns } from "./generate.js";
import { takeFlag } from "./args.js";

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => takeFlag(args, name);
const anchor = args.includes("--anchor");
if (anchor) args.splice(args.indexOf("--anchor"), 1);
const calls = args.includes("--calls");
if (calls) args.splice(args.indexOf("--calls"), 1);
const passes = Number(flag("--passes") ?? 3);
const oldDir = flag("--old");
const rows = Number(args[0] ?? 10_000_000);
const customers = Number(args[1] ?? 1_000_000);

type Fn = (input: unknown, options: { asOf: string }) => unknown;
const old: { periodIndicators: Fn; cohortRetention: Fn } | null = oldDir ? await import(pathToFileURL(resolve(oldDir, "src/churn/index.ts")).href) : null;

const input = generateColumns({ nTransactions: rows, nCustomers: customers });
const runs: [string, Fn][] = [
  ["periodIndicators", periodIndicators as Fn],
  ["cohortRetention", cohortRetention as Fn],
];
if (old) runs.push(["periodIndicators (old)", old.periodIndicators], ["cohortRetention (old)", old.cohortRetention]);
if (anchor) runs.push(["summarizeTransactions columns", (i, o) => summarizeTransactions(i as never, { ...o, output: "columns" })]);

const seconds = new Map<string, number[]>(runs.map(([name]) => [name, []]));
// CPU seconds of the process too: on a shared machine they move less with other load than wall time
const cpuSeconds = new Map<string, number[]>(runs.map(([name]) => [name, []]));
console.log(`${rows.toLocaleString("en-US")} rows / ${customers.toLocaleString("en-US")} customers, monthly, ${passes} passes; load average ${(await import("node:os")).loadavg().map((x) => x.toFixed(2)).join(" ")}`);
for (let pass = 0; pass < passes; pass++) {
  const results = new Map<string, unknown>();
  for (const [name, run] of runs) {
    const t = performance.now();
    const cpu = process.cpuUsage();
    const out = run(input, { asOf: AS_OF });
    seconds.get(name)!.push((performance.now() - t) / 1000);
    if (calls) console.error(`pass ${pass} ${name}: ${t.toFixed(0)}..${performance.now().toFixed(0)} ms`);
    const used = process.cpuUsage(cpu);
    cpuSeconds.get(name)!.push((used.user + used.system) / 1e6);
    if (pass === 0 && old) results.set(name, out);
  }
  if (pass === 0 && old) {
    for (const fn of ["periodIndicators", "cohortRetention"]) {
      const same = isDeepStrictEqual(results.get(fn), results.get(`${fn} (old)`));
      console.log(`${fn}: same result as the old code: ${same}`);
      if (!same) process.exitCode = 1;
    }
    results.clear();
  }
}
const median = (s: number[]) => [...s].sort((a, b) => a - b)[s.length >> 1].toFixed(2);
for (const [name, s] of seconds) {
  const cpu = cpuSeconds.get(name)!;
  console.log(`${name.padEnd(32)} ${s.map((x) => x.toFixed(2)).join(", ")} s (median ${median(s)}); CPU ${cpu.map((x) => x.toFixed(2)).join(", ")} s (median ${median(cpu)})`);
}
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
