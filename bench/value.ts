/**
 * The value analyses on generated customers:
 * `npx tsx bench/value.ts [customers] [filter] [--passes N] [--old DIR]` (default 1,000,000 customers,
 * 3 passes; `filter` keeps the cases whose name contains it, e.g. `"columns"`).
 * Values are lognormal (exp(N(3.5, 1.2)), cents), seeded. Each analysis runs on records (`customers`
 * out) and on columns (`output: "columns"` in and out); prints the seconds of each pass per case and the
 * process CPU seconds of the same passes (less sensitive to other work on a shared machine).
 *
 * - `--old DIR`: also times the analyses of another source tree (`git archive <rev> src | tar -x -C DIR`,
 *   with `node_modules` linked into DIR) in the same process, interleaved pass by pass with this one's,
 *   and checks that both give the same results (every value, to the bit).
 */
import { isDeepStrictEqual } from "node:util";
import { loadavg } from "node:os";
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";
import * as current from "../src/index.js";
import { takeFlag } from "./args.js";

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => takeFlag(args, name);
const passes = Number(flag("--passes") ?? 3);
const oldDir = flag("--old");
const n = Number(args[0] ?? 1_000_000);
const only = args[1];

type Lib = Pick<typeof current, "classifyAbc" | "clvQuadrants" | "tierPyramid">;
const old: Lib | null = oldDir ? await import(pathToFileURL(resolve(oldDir, "src/index.ts")).href) : null;

let seed = 7;
const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
const columns = { customerId: new Array<string>(n), potential: new Float64Array(n), monetary: new Float64Array(n) };
for (let i = 0; i < n; i++) {
  columns.customerId[i] = `C${String(i).padStart(7, "0")}`;
  columns.potential[i] = Math.round(rnd() * 100000) / 100;
  columns.monetary[i] = Math.round(Math.exp(3.5 + 1.2 * Math.sqrt(-2 * Math.log(rnd())) * Math.cos(2 * Math.PI * rnd())) * 100) / 100;
}
type Customer = { customerId: string; potential: number; monetary: number };
type Input = Customer[] | typeof columns;
const casesOf = (lib: Lib, tag: string): [string, (c: Input) => unknown][] => [
  [`classifyAbc fixed${tag}`, (c) => lib.classifyAbc(c)],
  [`classifyAbc fixed, columns${tag}`, (c) => lib.classifyAbc(c, { output: "columns" })],
  [`classifyAbc computed${tag}`, (c) => lib.classifyAbc(c, { method: "computed" })],
  [`classifyAbc computed, columns${tag}`, (c) => lib.classifyAbc(c, { method: "computed", output: "columns" })],
  [`tierPyramid crm${tag}`, (c) => lib.tierPyramid(c)],
  [`tierPyramid crm, columns${tag}`, (c) => lib.tierPyramid(c, { output: "columns" })],
  [`tierPyramid zeithaml${tag}`, (c) => lib.tierPyramid(c, { scheme: "zeithaml" })],
  [`tierPyramid zeithaml, columns${tag}`, (c) => lib.tierPyramid(c, { scheme: "zeithaml", output: "columns" })],
  [`clvQuadrants${tag}`, (c) => lib.clvQuadrants(c, { potential: "potential" })],
  [`clvQuadrants, columns${tag}`, (c) => lib.clvQuadrants(c, { potential: "potential", output: "columns" })],
];
// each case of this tree, then (with --old) the same case of the old tree, so the two alternate
const cases = casesOf(current, "").flatMap((c, k) => (old ? [c, casesOf(old, " (old)")[k]] : [c]));
if (only !== undefined) cases.splice(0, cases.length, ...cases.filter(([name]) => name.includes(only)));
const isColumns = (name: string) => name.replace(" (old)", "").endsWith("columns");
// the same customers as records, made only when a records case runs: 1M live record objects make every
// major collection during the columns cases several times dearer
const customers: Customer[] = cases.some(([name]) => !isColumns(name))
  ? Array.from({ length: n }, (_, i) => ({ customerId: columns.customerId[i], potential: columns.potential[i], monetary: columns.monetary[i] }))
  : [];
const inputOf = (name: string, k: number): Input =>
  isColumns(name) ? { customerId: columns.customerId.slice(0, k), potential: columns.potential.slice(0, k), monetary: columns.monetary.slice(0, k) } : customers.slice(0, k);
for (const [name, run] of cases) run(inputOf(name, 20_000)); // warm-up
console.log(`${n.toLocaleString("en-US")} customers, ${passes} passes; load average ${loadavg().map((x) => x.toFixed(2)).join(" ")}`);
const wall = new Map<string, string[]>(cases.map(([name]) => [name, []]));
const cpu = new Map<string, string[]>(cases.map(([name]) => [name, []]));
for (let pass = 0; pass < passes; pass++) {
  let previous: { name: string; out: unknown } | undefined;
  for (const [name, run] of cases) {
    const input = isColumns(name) ? columns : customers;
    const c0 = process.cpuUsage();
    const t = performance.now();
    const out = run(input);
    wall.get(name)!.push(((performance.now() - t) / 1000).toFixed(3));
    const c = process.cpuUsage(c0);
    cpu.get(name)!.push(((c.user + c.system) / 1e6).toFixed(3));
    // the first pass: the old tree's result against this tree's, case by case
    if (pass === 0 && old) {
      if (name.endsWith(" (old)") && previous?.name === name.slice(0, -6)) {
        const same = isDeepStrictEqual(previous.out, out);
        console.log(`${previous.name}: same result as the old code: ${same}`);
        if (!same) process.exitCode = 1;
      }
      previous = { name, out };
    }
  }
}
for (const [name] of cases) {
  console.log(`${name}, ${n.toLocaleString("en-US")} customers: ${wall.get(name)!.join(", ")} s (CPU ${cpu.get(name)!.join(", ")} s)`);
}
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
