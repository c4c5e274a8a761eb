/**
 * Measures a prototype of Pareto/NBD's death term "per end point" (issue 15, item 7's `fitParetoNbd` ≤ 5 s):
 * the near binomial series of src/models/paretoNbd.ts summed once per distinct (x, τ) end point as an
 * antiderivative F, each triple's integral taken as F(v₂) − F(v₁) (the per-triple series where that
 * difference would lose more than four digits). The prototype is **not** in src/: it is a copy of src/ with
 * paretoNbd.ts changed, whose folder (the one holding `src/`, `package.json` and a `node_modules` link) is
 * given on the command line; it exports `EP_CONFIG` (`enabled`, `keep`, `record`, `trace`) and `EP_STATS`.
 *
 * The prototype is kept as a patch against `58b1915`: build its tree with
 *
 * ```sh
 * P=/tmp/pnbd-proto; mkdir -p $P && git archive 58b1915 src | tar -x -C $P && patch -d $P -p1 < bench/prototypes/paretoNbd-endpoints.diff \
 *   && cp package.json $P/ && ln -s $PWD/node_modules $P/
 * ```
 *
 * ```sh
 * npx tsx bench/pnbdEndpoints.ts passes PROTO [realistic|churn]   # per pass, route on/off alternating; accuracy at the fit's points
 * npx tsx bench/pnbdEndpoints.ts fit TREE [realistic|churn|cdnow] [off|KEEP]   # one fitParetoNbd from columns, a JSON line
 * ```
 *
 * `fit` takes any tree (main's `git archive <rev> src` with package.json, or the prototype): run it in
 * alternating fresh processes (two trees in one process favour the one imported first). `passes` times
 * `paretoNbdPass` on the summary's distinct triples at points of main's fit path (route off = main's
 * arithmetic) and compares each triple's death term ln[αʳβˢI] with the route on and off.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const [mode, tree, which = "realistic", keepArg] = process.argv.slice(2);
if (!(mode === "passes" || mode === "fit") || !tree) throw new Error("bench/pnbdEndpoints.ts: usage: passes|fit TREE [realistic|churn|cdnow] [off|KEEP]");
const OUT = join(dirname(fileURLToPath(import.meta.url)), "out");
const m = await import(join(tree, "src/models/paretoNbd.ts"));

type Columns = { frequency: Float64Array; recency: Float64Array; T: Float64Array };
function summary(name: string): Columns {
  if (name === "cdnow") {
    const lines = readFileSync(join(OUT, "../../test/fixtures/clv/cdnow_customers_summary.csv"), "utf8").trim().split(/\r?\n/).slice(1).map((l) => l.split(",").map(Number));
    return { frequency: Float64Array.from(lines, (l) => l[1]), recency: Float64Array.from(lines, (l) => l[2]), T: Float64Array.from(lines, (l) => l[3]) };
  }
  // bench/out/<name>-summary.bin: frequency, recency, T, monetary value as four Float64 blocks (bench/realistic.ts, bench/models.ts)
  const buf = readFileSync(join(OUT, `${name}-summary.bin`));
  const all = new Float64Array(buf.buffer, buf.byteOffset, buf.byteLength / 8);
  const n = all.length / 4;
  return { frequency: all.subarray(0, n), recency: all.subarray(n, 2 * n), T: all.subarray(2 * n, 3 * n) };
}
const cols = summary(which);
const cpuSeconds = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1e6;

if (mode === "fit") {
  if (m.EP_CONFIG) {
    m.EP_CONFIG.trace = [];
    if (keepArg === "off") m.EP_CONFIG.enabled = false;
    else if (keepArg) m.EP_CONFIG.keep = Number(keepArg);
  }
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const fit = m.fitParetoNbd(cols);
  const wall = (performance.now() - t0) / 1000;
  const cpu = cpuSeconds(process.cpuUsage(c0));
  const passes = m.EP_CONFIG ? m.EP_CONFIG.trace.length : null;
  // EP_STATS: passes, triples by the difference, triples by the per-triple series, end points summed, passes with the route on
  const route = m.EP_STATS ? { byDifference: m.EP_STATS[1], perTriple: m.EP_STATS[2], endPoints: m.EP_STATS[3], passesOn: m.EP_STATS[4] } : null;
  console.log(JSON.stringify({ tree, which, keep: keepArg ?? null, wall: +wall.toFixed(3), cpu: +cpu.toFixed(3), iterations: fit.diagnostics.iterations, converged: fit.diagnostics.converged, passes, route, logLikelihood: fit.logLikelihood, params: fit.params, standardErrors: fit.standardErrors }));
} else {
  const { EP_CONFIG, EP_STATS, paretoNbdPass } = m;
  const { groupTriples } = await import(join(tree, "src/models/btydInput.ts"));
  const g = groupTriples(cols.frequency, cols.recency, cols.T);
  const u = g.x.length;
  // main's path: the fit with the route off, its pass points traced (θ, gradient asked, time scale)
  EP_CONFIG.enabled = false;
  EP_CONFIG.trace = [];
  const fit = m.fitParetoNbd(cols);
  const trace: number[][] = EP_CONFIG.trace;
  EP_CONFIG.trace = null;
  console.log(`${which}: ${u.toLocaleString("en-US")} distinct triples; main's fit: ${fit.diagnostics.iterations} iterations, ${trace.length} passes, log-likelihood ${fit.logLikelihood}`);
  // accuracy: per triple, |Δ ln I| between the route and the per-triple series, at every distinct point of the path
  const on = new Float64Array(u);
  const off = new Float64Array(u);
  let worst = 0;
  let worstPass = 0;
  let nearPasses = 0;
  const keeps = [1e-4, 1e-3, 1e-2];
  const fallbacks = keeps.map(() => 0);
  const seen = new Set<string>();
  const nearPoints: number[][] = [];
  for (const t of trace) {
    const key = t.join(",");
    if (seen.has(key)) continue;
    seen.add(key);
    const theta = t.slice(0, 4);
    const pass = paretoNbdPass(g.x, g.tx, g.T, g.w, t[5]);
    EP_CONFIG.enabled = false;
    EP_CONFIG.record = off.fill(Number.NaN);
    const vOff = pass(theta, null);
    EP_CONFIG.enabled = true;
    EP_CONFIG.record = on.fill(Number.NaN);
    EP_STATS.fill(0);
    const vOn = pass(theta, null);
    EP_CONFIG.record = null;
    if (EP_STATS[4] === 0) continue;
    nearPasses++;
    if (t[5] !== 1) nearPoints.push(t);
    for (let i = 0; i < u; i++) if (on[i] === on[i]) worst = Math.max(worst, Math.abs(on[i] - off[i]));
    worstPass = Math.max(worstPass, Math.abs(vOn / vOff - 1));
    keeps.forEach((k, j) => {
      EP_CONFIG.keep = k;
      EP_STATS.fill(0);
      pass(theta, null);
      fallbacks[j] += EP_STATS[2];
    });
    EP_CONFIG.keep = 1e-4;
  }
  console.log(`accuracy over ${nearPasses} passes with the route: worst |Δ ln I| per triple ${worst.toExponential(2)}, worst relative change of a pass's total ${worstPass.toExponential(2)}`);
  console.log(`triples sent to the per-triple series over those passes: ${keeps.map((k, j) => `keep ${k}: ${fallbacks[j]}`).join(", ")}`);
  // per pass: the route on and off alternating, at the first, middle and last near points of the path
  const points = nearPoints.length ? [nearPoints[0], nearPoints[Math.floor(nearPoints.length / 2)], nearPoints[nearPoints.length - 1]] : [];
  for (const t of points) {
    const theta = t.slice(0, 4);
    const pass = paretoNbdPass(g.x, g.tx, g.T, g.w, t[5]);
    for (const grad of [false, true]) {
      const ms: Record<string, number[]> = { off: [], on: [] };
      for (let rep = 0; rep < 5; rep++) {
        for (const k of ["off", "on"] as const) {
          EP_CONFIG.enabled = k === "on";
          const c = process.cpuUsage();
          pass(theta, grad ? [0, 0, 0, 0] : null);
          ms[k].push(cpuSeconds(process.cpuUsage(c)) * 1000);
        }
      }
      const say = (xs: number[]) => `${Math.min(...xs.slice(1)).toFixed(0)}–${Math.max(...xs.slice(1)).toFixed(0)} ms`;
      console.log(`pass at θ = (${theta.map((v) => v.toPrecision(4)).join(", ")}), ${grad ? "gradient" : "value"}, CPU (4 after one warm-up): route off ${say(ms.off)}, on ${say(ms.on)}`);
    }
  }
}
