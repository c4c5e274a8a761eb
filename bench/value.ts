/**
 * The value analyses on generated customers: `npx tsx bench/value.ts [customers] [filter]` (default
 * 1,000,000; `filter` keeps the cases whose name contains it, e.g. `"columns"`).
 * Values are lognormal (exp(N(3.5, 1.2)), cents), seeded. Each analysis runs on records (`customers`
 * out) and on columns (`output: "columns"` in and out); prints the seconds of 3 passes per case and the
 * process CPU seconds of the same passes (less sensitive to other work on a shared machine).
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
const columns = {
  customerId: customers.map((c) => c.customerId),
  potential: Float64Array.from(customers, (c) => c.potential),
  monetary: Float64Array.from(customers, (c) => c.monetary),
};
type Input = typeof customers | typeof columns;
const cases: [string, (c: Input) => unknown][] = [
  ["classifyAbc fixed", (c) => classifyAbc(c)],
  ["classifyAbc fixed, columns", (c) => classifyAbc(c, { output: "columns" })],
  ["classifyAbc computed", (c) => classifyAbc(c, { method: "computed" })],
  ["classifyAbc computed, columns", (c) => classifyAbc(c, { method: "computed", output: "columns" })],
  ["tierPyramid crm", (c) => tierPyramid(c)],
  ["tierPyramid crm, columns", (c) => tierPyramid(c, { output: "columns" })],
  ["tierPyramid zeithaml", (c) => tierPyramid(c, { scheme: "zeithaml" })],
  ["tierPyramid zeithaml, columns", (c) => tierPyramid(c, { scheme: "zeithaml", output: "columns" })],
  ["clvQuadrants", (c) => clvQuadrants(c, { potential: "potential" })],
  ["clvQuadrants, columns", (c) => clvQuadrants(c, { potential: "potential", output: "columns" })],
];
const only = process.argv[3];
if (only !== undefined) cases.splice(0, cases.length, ...cases.filter(([name]) => name.includes(only)));
const inputOf = (name: string, k: number): Input =>
  name.endsWith("columns") ? { customerId: columns.customerId.slice(0, k), potential: columns.potential.slice(0, k), monetary: columns.monetary.slice(0, k) } : customers.slice(0, k);
for (const [name, run] of cases) run(inputOf(name, 20_000)); // warm-up
for (const [name, run] of cases) {
  const input = name.endsWith("columns") ? columns : customers;
  const passes: string[] = [];
  const cpu: string[] = [];
  for (let k = 0; k < 3; k++) {
    const c0 = process.cpuUsage();
    const t = performance.now();
    run(input);
    passes.push(((performance.now() - t) / 1000).toFixed(3));
    const c = process.cpuUsage(c0);
    cpu.push(((c.user + c.system) / 1e6).toFixed(3));
  }
  console.log(`${name}, ${n.toLocaleString("en-US")} customers: ${passes.join(", ")} s (CPU ${cpu.join(", ")} s)`);
}
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
