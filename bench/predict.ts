/**
 * Predictions and the BTYD summary at 1M customers (issue 15):
 * `node --import tsx bench/predict.ts [tiled] [realistic] [summary] [--passes N] [--old DIR]` (default:
 * all three sections, 3 passes). Wrap it in `flock` on a shared machine. Each case prints wall seconds and
 * CPU seconds (the process's user + system time) per pass.
 *
 * - tiled: the CDNOW sample tiled 430 times (1,013,510 customers, 1,016 distinct triples), as columns
 *   (string ids, Float64Array fields): predictBgNbd (t = 52 weeks) and predictedClv (12 months) with
 *   records and with `output: "columns"`, and reading the columns alone (the floor under both), copied
 *   and with `readOnly` (Float64Array columns read in place, as the predictions read them).
 * - realistic: bench/realistic.ts's summary (999,752 customers, about 600k distinct triples, days):
 *   the same calls (t = 365 days, 30.4 days a month).
 * - summary: the bench generator's 10M-row log (1M customers, no order ids) as columns:
 *   summarizeTransactions vs toBtydSummary (`period: "day"`), both with `output: "columns"`, interleaved.
 *
 * `--old DIR`: DIR holds an older checkout (`git archive <rev> src | tar -x -C DIR`, with DIR/node_modules
 * linked to this one); its functions are timed in the same passes, interleaved, and their results
 * compared with these to the bit (every pass).
 */
import { performance } from "node:perf_hooks";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { gunzipSync } from "node:zlib";
import * as current from "../src/models/index.js";
import type { CustomerInput } from "../src/input/types.js";
import { readBtydCustomers } from "../src/models/btydInput.js";
import { summarizeTransactions } from "../src/summary/index.js";
import { AS_OF, generateColumns } from "./generate.js";
import { realisticSummary } from "./realistic.js";
import { takeFlag } from "./args.js";

type Models = typeof current;
const args = process.argv.slice(2);
const flag = (name: string): string | undefined => takeFlag(args, name);
const passes = Number(flag("--passes") ?? 3);
const oldDir = flag("--old");
const SECTIONS = ["tiled", "realistic", "summary"];
for (const a of args) if (!SECTIONS.includes(a)) throw new Error(`bench/predict.ts: unknown section "${a}" (${SECTIONS.join(", ")})`);
const runs = (s: string) => args.length === 0 || args.includes(s);
const old: Models | undefined = oldDir ? await import(pathToFileURL(join(resolve(oldDir), "src/models/index.ts")).href) : undefined;

// wall and CPU seconds of one run (CPU: the process's user + system time, GC helper threads included;
// on a shared machine it moves less with the load than the wall time)
const seconds = (run: () => unknown, cpuOut?: number[]): number => {
  const c = process.cpuUsage();
  const t = performance.now();
  run();
  const wall = (performance.now() - t) / 1000;
  const used = process.cpuUsage(c);
  cpuOut?.push((used.user + used.system) / 1e6);
  return wall;
};
const range = (xs: number[]) => `${Math.min(...xs).toFixed(3)}–${Math.max(...xs).toFixed(3)} s`;

/** Same values to the bit: every field of every record, or every entry of every column. */
function sameBits(a: unknown, b: unknown): boolean {
  const rowsOf = (r: { customers?: Record<string, unknown>[]; columns?: Record<string, ArrayLike<unknown>> }) => {
    if (r.customers) return r.customers;
    const cols = r.columns as Record<string, ArrayLike<unknown>>;
    const keys = Object.keys(cols);
    return Array.from({ length: cols.customerId.length }, (_, i) => Object.fromEntries(keys.map((k) => [k, cols[k][i]])));
  };
  const x = rowsOf(a as never);
  const y = rowsOf(b as never);
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) for (const k of Object.keys(x[i])) if (!Object.is(x[i][k], y[i][k])) return false;
  return true;
}

/** Times each case `passes` times, interleaved, and prints the ranges. */
function timeCases(title: string, cases: [string, () => unknown][], ratio?: [number, number]): void {
  const times = cases.map(() => [] as number[]);
  const cpus = cases.map(() => [] as number[]);
  for (let p = 0; p < passes; p++) cases.forEach(([, run], k) => times[k].push(seconds(run, cpus[k])));
  console.log(title);
  cases.forEach(([name], k) => console.log(`  ${name}: ${range(times[k])} (${times[k].map((t) => t.toFixed(3)).join(", ")}); CPU ${range(cpus[k])}`));
  if (ratio) {
    const [a, b] = ratio;
    const per = (xs: number[][]) => xs[a].map((t, p) => (t / xs[b][p]).toFixed(2)).join(", ");
    console.log(`  ratio ${cases[a][0]} / ${cases[b][0]} per pass: wall ${per(times)}; CPU ${per(cpus)}`);
  }
}

function predictionSection(title: string, input: CustomerInput<current.BtydCustomer>, bg: current.BgNbdParams, gg: current.GammaGammaParams, t: number, perMonth: number): void {
  const cases: [string, () => unknown][] = [
    ["reading the columns alone (readBtydCustomers, with monetaryValue)", () => readBtydCustomers("bench", input, true)],
    ["reading the columns alone, readOnly (as the predictions read them)", () => readBtydCustomers("bench", input, true, undefined, true)],
    ["predictBgNbd, records", () => current.predictBgNbd(bg, input, { t })],
    ['predictBgNbd, output: "columns"', () => current.predictBgNbd(bg, input, { t, output: "columns" })],
    ["predictedClv, records", () => current.predictedClv(bg, gg, input, { periodsPerMonth: perMonth })],
    ['predictedClv, output: "columns"', () => current.predictedClv(bg, gg, input, { periodsPerMonth: perMonth, output: "columns" })],
  ];
  if (old) {
    cases.push(
      ['old predictBgNbd, output: "columns"', () => old.predictBgNbd(bg, input, { t, output: "columns" })],
      ['old predictedClv, output: "columns"', () => old.predictedClv(bg, gg, input, { periodsPerMonth: perMonth, output: "columns" })],
    );
    const same =
      sameBits(old.predictBgNbd(bg, input, { t }), current.predictBgNbd(bg, input, { t, output: "columns" })) &&
      sameBits(old.predictedClv(bg, gg, input, { periodsPerMonth: perMonth }), current.predictedClv(bg, gg, input, { periodsPerMonth: perMonth, output: "columns" }));
    console.log(`${title}: old and new results identical to the bit: ${same}`);
  }
  timeCases(title, cases);
}

const bgWeeks = { r: 0.2425929282798216, alpha: 4.413532265271803, a: 0.7928859664405851, b: 2.42575238262545 };
const gg = { p: 6.248802496074264, q: 3.744588460923312, v: 15.447748064932831 };

if (runs("tiled")) {
  const text = gunzipSync(readFileSync(new URL("../test/fixtures/clv/per_customer_cdnow_customers_summary.csv.gz", import.meta.url))).toString("utf8");
  const zbar = new Map(
    readFileSync(new URL("../test/fixtures/clv/cdnow_customers_summary_with_transactions.csv", import.meta.url), "utf8")
      .trim()
      .split("\n")
      .slice(1)
      .map((l) => l.split(","))
      .map((c) => [c[0], Number(c[4])]),
  );
  const rows = text.trim().split("\n").slice(1).map((l) => l.split(","));
  const n = rows.length * 430;
  const customerId: string[] = new Array(n);
  const frequency = new Float64Array(n);
  const recency = new Float64Array(n);
  const T = new Float64Array(n);
  const monetaryValue = new Float64Array(n);
  let i = 0;
  for (let k = 0; k < 430; k++) {
    for (const c of rows) {
      customerId[i] = `${c[0]}-${k}`;
      frequency[i] = Number(c[1]);
      recency[i] = Number(c[2]);
      T[i] = Number(c[3]);
      monetaryValue[i] = zbar.get(c[0]) as number;
      i++;
    }
  }
  predictionSection(`tiled CDNOW, ${n.toLocaleString("en-US")} customers (weeks), ${passes} passes`, { customerId, frequency, recency, T, monetaryValue } as CustomerInput<current.BtydCustomer>, bgWeeks, gg, 52, 4.345);
}

if (runs("realistic")) {
  const r = realisticSummary();
  const customerId = Array.from({ length: r.T.length }, (_, i) => `C${i}`);
  predictionSection(`realistic summary, ${customerId.length.toLocaleString("en-US")} customers (days), ${passes} passes`, { customerId, ...r } as CustomerInput<current.BtydCustomer>, { ...bgWeeks, alpha: bgWeeks.alpha * 7 }, gg, 365, 30.4);
}

if (runs("summary")) {
  const cols = generateColumns({ nTransactions: 10_000_000, nCustomers: 1_000_000 }, false);
  const cases: [string, () => unknown][] = [
    ['summarizeTransactions, output: "columns"', () => summarizeTransactions(cols as never, { asOf: AS_OF, output: "columns" })],
    ['toBtydSummary (days), output: "columns"', () => current.toBtydSummary(cols as never, { asOf: AS_OF, period: "day", output: "columns" })],
    ["toBtydSummary (days), records", () => current.toBtydSummary(cols as never, { asOf: AS_OF, period: "day" })],
  ];
  if (old) {
    cases.push(['old toBtydSummary (days), output: "columns"', () => old.toBtydSummary(cols as never, { asOf: AS_OF, period: "day", output: "columns" })]);
    console.log(`summary: old and new toBtydSummary identical to the bit: ${sameBits(old.toBtydSummary(cols as never, { asOf: AS_OF, period: "day" }), current.toBtydSummary(cols as never, { asOf: AS_OF, period: "day", output: "columns" }))}`);
  }
  timeCases(`10M rows, 1M customers (columns, no order ids), ${passes} passes`, cases, [1, 0]);
}
