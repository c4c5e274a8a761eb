/**
 * k-means on generated customers against scikit-learn in the same run:
 *   flock /tmp/h16/bench.lock npx tsx bench/cluster.ts [customers] [--rounds R]
 * (default 1,000,000 customers, 3 rounds; 3 features, k = 4). Writes the scaled matrix to
 * bench/out/cluster-<n>.f64, then in each round times our k-means with one start and with 10 (seeds 0, 1,
 * 2; one start: seeds 0-9) and runs bench/cluster_sklearn.py (scikit-learn KMeans, algorithm "lloyd", one thread) on the same
 * matrix as a child process, alternating which goes first. One start is timed on seeds 0-9 (its time
 * follows the iterations its start needs, which vary with the seed as much as between the programs;
 * the mean over 30 k-means++ starts is the same for both), 10 starts on seeds 0-2. Prints wall and CPU times, the ratios of the
 * round's totals (ours ÷ scikit-learn's) and the inertias; skips scikit-learn with the reason when
 * /usr/bin/python3 or sklearn is missing. Then `clusterCustomers` end to end.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { clusterCustomers } from "../src/cluster/index.js";
import { kmeans } from "../src/cluster/kmeans.js";
import { mulberry32 } from "../src/internal/random.js";

const args = process.argv.slice(2);
const roundsAt = args.indexOf("--rounds");
const rounds = roundsAt >= 0 ? Number(args[roundsAt + 1]) : 3;
const n = Number(args.find((a, i) => !a.startsWith("--") && args[i - 1] !== "--rounds") ?? 1_000_000);
const rand = mulberry32(2024);
const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
// log-scale RFM-like features, then z-scored: what clusterCustomers clusters by default
const x = new Float64Array(n * 3);
for (let i = 0; i < n; i++) {
  x[i * 3] = Math.log1p(Math.floor(rand() * 1000));
  x[i * 3 + 1] = Math.log1p(1 + Math.floor(-Math.log(1 - rand()) * 3));
  x[i * 3 + 2] = Math.log1p(Math.exp(3.5 + normal()));
}
for (let j = 0; j < 3; j++) {
  let m = 0;
  for (let i = 0; i < n; i++) m += x[i * 3 + j] / n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (x[i * 3 + j] - m) ** 2 / n;
  for (let i = 0; i < n; i++) x[i * 3 + j] = (x[i * 3 + j] - m) / Math.sqrt(v);
}
mkdirSync(new URL("./out/", import.meta.url), { recursive: true });
writeFileSync(new URL(`./out/cluster-${n}.f64`, import.meta.url), Buffer.from(x.buffer));
kmeans(x.subarray(0, 30_000), 10_000, 3, 4, { seed: 1, restarts: 2, maxIterations: 300, tolerance: 1e-4 }); // warm-up

interface Timing {
  wall: number[];
  cpu: number[];
  iterations: number[];
  inertia: number[];
}
// CPU time of this process as well as wall time: on a loaded machine the CPU time is the steadier figure
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const seedsFor = (restarts: number) => (restarts === 1 ? 10 : 3);
function ours(restarts: number): Timing {
  const out: Timing = { wall: [], cpu: [], iterations: [], inertia: [] };
  for (let seed = 0; seed < seedsFor(restarts); seed++) {
    const t = performance.now();
    const c = cpu();
    const run = kmeans(x, n, 3, 4, { seed, restarts, maxIterations: 300, tolerance: 1e-4 });
    out.cpu.push(cpu() - c);
    out.wall.push((performance.now() - t) / 1000);
    out.iterations.push(run.iterations);
    out.inertia.push(run.inertia);
  }
  return out;
}
let skip: string | null = null;
function sklearn(): Record<string, Timing> | null {
  if (skip) return null;
  const env = { ...process.env, OMP_NUM_THREADS: "1", OPENBLAS_NUM_THREADS: "1", MKL_NUM_THREADS: "1" };
  const r = spawnSync("/usr/bin/python3", ["bench/cluster_sklearn.py", String(n), "--json"], { env, encoding: "utf8", cwd: new URL("..", import.meta.url) });
  if (r.error || r.status !== 0) {
    skip = r.error ? String(r.error.message) : (r.stderr.trim().split("\n").pop() ?? `exit ${r.status}`);
    console.log(`scikit-learn skipped: ${skip}`);
    return null;
  }
  return JSON.parse(r.stdout);
}
const fmt = (v: number[]) => v.map((s) => s.toFixed(3)).join(", ");
const sum = (v: number[]) => v.reduce((s, t) => s + t, 0);
const ratios: Record<string, { wall: number[]; cpu: number[] }> = { "1": { wall: [], cpu: [] }, "10": { wall: [], cpu: [] } };
const excess: number[] = [];
for (let round = 0; round < rounds; round++) {
  let theirs: Record<string, Timing> | null = null;
  if (round % 2 === 1) theirs = sklearn();
  const mine: Record<string, Timing> = { "1": ours(1), "10": ours(10) };
  if (round % 2 === 0) theirs = sklearn();
  for (const starts of ["1", "10"]) {
    const a = mine[starts];
    console.log(
      `round ${round + 1}, ${n.toLocaleString("en-US")} x 3, k = 4, ${starts} start(s), seeds 0-${seedsFor(Number(starts)) - 1}: crm-analytics wall ${fmt(a.wall)} s, CPU ${fmt(a.cpu)} s, ` +
        `iterations ${a.iterations.join(", ")}, inertia ${a.inertia.map((v) => v.toFixed(1)).join(", ")}`,
    );
    if (!theirs) continue;
    const b = theirs[starts];
    console.log(
      `round ${round + 1}, ${"".padStart(n.toLocaleString("en-US").length)}                     scikit-learn  wall ${fmt(b.wall)} s, CPU ${fmt(b.cpu)} s, ` +
        `iterations ${b.iterations.join(", ")}, inertia ${b.inertia.map((v) => v.toFixed(1)).join(", ")}`,
    );
    const rw = sum(a.wall) / sum(b.wall);
    const rc = sum(a.cpu) / sum(b.cpu);
    ratios[starts].wall.push(rw);
    ratios[starts].cpu.push(rc);
    console.log(`round ${round + 1}, ${starts} start(s): ratio of the totals over the seeds (ours / scikit-learn) wall ${rw.toFixed(2)}, CPU ${rc.toFixed(2)}`);
    if (starts === "10") a.inertia.forEach((v, i) => excess.push((v - b.inertia[i]) / b.inertia[i]));
  }
}
const range = (v: number[]) => (v.length ? `${Math.min(...v).toFixed(2)}–${Math.max(...v).toFixed(2)}` : "n/a");
for (const starts of ["1", "10"]) {
  console.log(`summary, ${starts} start(s): ours / scikit-learn over ${rounds} rounds: wall ${range(ratios[starts].wall)}, CPU ${range(ratios[starts].cpu)}`);
}
if (excess.length) console.log(`summary, 10 starts: inertia relative to scikit-learn's, same seed: max ${(Math.max(...excess) * 100).toFixed(4)}% (target ≤ +0.01%)`);
// the public function end to end (records in, records and profiles out), one start
const rows = Array.from({ length: n }, (_, i) => ({ customerId: `C${i}`, a: x[i * 3], b: x[i * 3 + 1], c: x[i * 3 + 2] }));
for (let pass = 0; pass < 2; pass++) {
  const t = performance.now();
  const res = clusterCustomers(rows, { k: 4, features: ["a", "b", "c"], scaling: "none", restarts: 1, seed: 0 });
  console.log(`clusterCustomers end to end (records, 1 start): ${((performance.now() - t) / 1000).toFixed(2)} s; inertia ${res.meta.inertia.toFixed(1)}`);
}
// the fast lane: columns in, columns out
const cols = { customerId: rows.map((r) => r.customerId), a: Float64Array.from(rows, (r) => r.a), b: Float64Array.from(rows, (r) => r.b), c: Float64Array.from(rows, (r) => r.c) };
for (let pass = 0; pass < 2; pass++) {
  const t = performance.now();
  const res = clusterCustomers(cols, { k: 4, features: ["a", "b", "c"], scaling: "none", restarts: 1, seed: 0, output: "columns" });
  console.log(`clusterCustomers end to end (columns in, output: "columns", 1 start): ${((performance.now() - t) / 1000).toFixed(2)} s; inertia ${res.meta.inertia.toFixed(1)}`);
}
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
