/**
 * k-means on generated customers: `npx tsx bench/cluster.ts [customers]` (default 1,000,000; 3 features,
 * k = 4). Writes the scaled matrix to bench/out/cluster-<n>.f64 so bench/cluster_sklearn.py clusters
 * exactly the same numbers, then times one start and 10 starts (seeded; wall and CPU time).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { clusterCustomers } from "../src/cluster/index.js";
import { kmeans } from "../src/cluster/kmeans.js";
import { mulberry32 } from "../src/internal/random.js";

const n = Number(process.argv[2] ?? 1_000_000);
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
// CPU time of this process as well as wall time: on a loaded machine the CPU time is the steadier figure
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
for (const restarts of [1, 10]) {
  const times: string[] = [];
  const cpus: string[] = [];
  const iterations: number[] = [];
  let inertia = 0;
  for (let k = 0; k < 3; k++) {
    const t = performance.now();
    const c = cpu();
    const run = kmeans(x, n, 3, 4, { seed: k, restarts, maxIterations: 300, tolerance: 1e-4 });
    cpus.push((cpu() - c).toFixed(2));
    times.push(((performance.now() - t) / 1000).toFixed(2));
    inertia = run.inertia;
    iterations.push(run.iterations);
  }
  console.log(
    `k-means core, ${n.toLocaleString("en-US")} x 3, k = 4, ${restarts} start(s): wall ${times.join(", ")} s; CPU ${cpus.join(", ")} s; ` +
      `iterations of the kept start ${iterations.join(", ")}; inertia (last seed) ${inertia.toFixed(1)}`,
  );
}
// the public function end to end (records in, records and profiles out), one start
const rows = Array.from({ length: n }, (_, i) => ({ customerId: `C${i}`, a: x[i * 3], b: x[i * 3 + 1], c: x[i * 3 + 2] }));
const t = performance.now();
const res = clusterCustomers(rows, { k: 4, features: ["a", "b", "c"], scaling: "none", restarts: 1, seed: 0 });
console.log(`clusterCustomers end to end (records, 1 start): ${((performance.now() - t) / 1000).toFixed(2)} s; inertia ${res.meta.inertia.toFixed(1)}`);
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
