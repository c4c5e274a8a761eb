/**
 * lookalikeCustomers on generated customers:
 *
 *   node --max-old-space-size=8192 --import tsx bench/lookalike.ts [candidates] [references]
 *
 * (defaults 1,000,000 and 10,000; 3 RFM-like features). The reference customers are the records, the
 * prospects a separate `candidates` list; default options (log1p + z-score, k = 5). Times the whole call
 * three times (wall and CPU time: other jobs may share the machine), then k = 1 and k = 20, 6 features,
 * a sample of 1,000 reference customers, and a brute-force scan of the same search on a slice of the
 * candidates (the k-d tree's mean distances must equal it). Writes the scaled matrices to
 * bench/out/lookalike-<n>x<m>.f64 so bench/lookalike_sklearn.py searches exactly the same numbers.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { lookalikeCustomers } from "../src/cluster/index.js";
import { mulberry32 } from "../src/internal/random.js";

const n = Number(process.argv[2] ?? 1_000_000);
const m = Number(process.argv[3] ?? 10_000);
const rand = mulberry32(2026);
const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
/** An RFM-like customer; loyal ones buy more often, more recently, for more. */
function customer(id: string, loyal: boolean, extra: boolean) {
  const r: Record<string, number | string> = {
    customerId: id,
    recencyDays: Math.floor(rand() * (loyal ? 120 : 700)),
    frequency: 1 + Math.floor(-Math.log(1 - rand()) * (loyal ? 12 : 2)),
    monetary: Math.round(Math.exp((loyal ? 5 : 3.5) + normal()) * 100) / 100,
  };
  if (extra) {
    r.tenureDays = Math.floor(rand() * 1500);
    r.averageOrderValue = Math.round(Math.exp(3 + normal() * 0.5) * 100) / 100;
    r.returns = Math.floor(-Math.log(1 - rand()) * 0.5);
  }
  return r;
}
const reference = Array.from({ length: m }, (_, i) => customer(`L${i}`, true, true));
const candidates = Array.from({ length: n }, (_, i) => customer(`P${i}`, false, true));
const all = () => true;

const seconds = (t: number) => ((performance.now() - t) / 1000).toFixed(2);
lookalikeCustomers(reference.slice(0, 2000), { reference: all, candidates: candidates.slice(0, 20_000) }); // warm-up

const times: string[] = [];
const cpu: string[] = [];
let res = lookalikeCustomers(reference, { reference: all, candidates });
for (let run = 0; run < 3; run++) {
  const t = performance.now();
  const c = process.cpuUsage();
  res = lookalikeCustomers(reference, { reference: all, candidates });
  const used = process.cpuUsage(c);
  times.push(seconds(t));
  cpu.push(((used.user + used.system) / 1e6).toFixed(2));
}
const fmt = (x: number) => x.toLocaleString("en-US");
console.log(`lookalikeCustomers ${fmt(n)} candidates x ${fmt(m)} reference, 3 features, k = 5 (${res.meta.search}): ${times.join(", ")} s wall; CPU ${cpu.join(", ")} s`);
for (const k of [1, 20]) {
  const t = performance.now();
  lookalikeCustomers(reference, { reference: all, candidates, k });
  console.log(`  k = ${k}: ${seconds(t)} s`);
}
{
  const features = ["recencyDays", "frequency", "monetary", "tenureDays", "averageOrderValue", "returns"];
  const t = performance.now();
  lookalikeCustomers(reference, { reference: all, candidates, features });
  console.log(`  6 features: ${seconds(t)} s`);
}
{
  const t = performance.now();
  lookalikeCustomers(reference, { reference: all, candidates, referenceSample: 1000, seed: 7 });
  console.log(`  referenceSample 1,000: ${seconds(t)} s`);
}

// A brute-force scan of the same search (typed arrays, every reference customer per candidate) on a
// slice of the candidates: its time scaled to all candidates, and the k-d tree's mean distances must
// equal its own.
{
  const slice = candidates.slice(0, Math.min(n, 5000));
  const tree = lookalikeCustomers(reference, { reference: all, candidates: slice });
  const { center, scale } = tree.meta;
  const f = ["recencyDays", "frequency", "monetary"];
  const z = (r: Record<string, number | string>) => f.map((name, j) => (Math.sign(r[name] as number) * Math.log1p(Math.abs(r[name] as number)) - center[j]) / scale[j]);
  const R = new Float64Array(m * 3);
  reference.forEach((r, i) => R.set(z(r), i * 3));
  const byId = new Map(tree.customers.map((c) => [c.customerId, c.distance]));
  const best = new Float64Array(5);
  let same = 0;
  const t = performance.now();
  for (const c of slice) {
    const [x, y, w] = z(c);
    best.fill(Infinity);
    for (let p = 0; p < m; p++) {
      const s = (R[p * 3] - x) ** 2 + (R[p * 3 + 1] - y) ** 2 + (R[p * 3 + 2] - w) ** 2;
      if (s >= best[4]) continue;
      let q = 4;
      while (q > 0 && best[q - 1] > s) best[q] = best[--q];
      best[q] = s;
    }
    const mean = (Math.sqrt(best[0]) + Math.sqrt(best[1]) + Math.sqrt(best[2]) + Math.sqrt(best[3]) + Math.sqrt(best[4])) / 5;
    if (Math.abs(mean - byId.get(c.customerId as string)!) <= 1e-12 * Math.max(1, mean)) same++;
  }
  const s = (performance.now() - t) / 1000;
  console.log(`  brute force (typed loop) on ${fmt(slice.length)} candidates: ${s.toFixed(2)} s, ≈ ${((s * n) / slice.length).toFixed(0)} s for ${fmt(n)}; mean distance equal to the k-d tree's (1e-12) for ${fmt(same)} of ${fmt(slice.length)}`);
}

// the matrices for bench/lookalike_sklearn.py: reference then candidates, scaled as the library scaled them
{
  const { center, scale } = res.meta;
  const f = ["recencyDays", "frequency", "monetary"];
  const out = new Float64Array((m + n) * 3);
  [...reference, ...candidates].forEach((r, i) => f.forEach((name, j) => (out[i * 3 + j] = (Math.sign(r[name] as number) * Math.log1p(Math.abs(r[name] as number)) - center[j]) / scale[j])));
  mkdirSync(new URL("./out/", import.meta.url), { recursive: true });
  writeFileSync(new URL(`./out/lookalike-${n}x${m}.f64`, import.meta.url), Buffer.from(out.buffer));
  let top = 0;
  for (let i = 0; i < 5; i++) top += res.customers[i].distance;
  console.log(`  first 5 ranked: mean distance ${(top / 5).toFixed(6)}; last: ${res.customers[n - 1].distance.toFixed(6)}`);
}
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
