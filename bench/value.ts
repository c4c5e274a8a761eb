/**
 * The value analyses on generated customers: `npx tsx bench/value.ts [customers]` (default 1,000,000).
 * Values are lognormal (exp(N(3.5, 1.2)), cents), seeded; prints the seconds of 3 passes per analysis.
 */
import { classifyAbc, clvQuadrants, tierPyramid } from "../src/index.js";

const n = Number(process.argv[2] ?? 1_000_000);
let seed = 7;
const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
const customers = Array.from({ length: n }, (_, i) => ({
  customerId: `C${String(i).padStart(7, "0")}`,
  potential: Math.round(rnd() * 100000) / 100,
  monetary: Math.round(Math.exp(3.5 + 1.2 * Math.sqrt(-2 * Math.log(rnd())) * Math.cos(2 * Math.PI * rnd())) * 100) / 100,
}));
const cases: [string, (c: typeof customers) => unknown][] = [
  ["classifyAbc fixed", (c) => classifyAbc(c)],
  ["classifyAbc computed", (c) => classifyAbc(c, { method: "computed" })],
  ["tierPyramid crm", (c) => tierPyramid(c)],
  ["tierPyramid zeithaml", (c) => tierPyramid(c, { scheme: "zeithaml" })],
  ["clvQuadrants", (c) => clvQuadrants(c, { potential: "potential" })],
];
for (const [, run] of cases) run(customers.slice(0, 20_000)); // warm-up
for (const [name, run] of cases) {
  const passes: string[] = [];
  for (let k = 0; k < 3; k++) {
    const t = performance.now();
    run(customers);
    passes.push(((performance.now() - t) / 1000).toFixed(2));
  }
  console.log(`${name}, ${n.toLocaleString("en-US")} customers: ${passes.join(", ")} s`);
}
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
