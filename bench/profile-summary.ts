/**
 * Summarises a V8 CPU profile of one benchmark case (`npm run bench -- --profile`, or
 * `node --cpu-prof ... --import tsx bench/case.ts <shape> <size> 1`): self and inclusive time per
 * function, restricted to the timed passes (the samples after the last one inside bench/generate.ts),
 * so input generation and warm-up are left out.
 *
 * Under tsx every closure shows up as "(anonymous)" at line 1 (tsx compiles with esbuild's keepNames
 * wrapper onto one line), so for readable profiles bundle the case first and profile plain node:
 *
 *   npx esbuild bench/case.ts --bundle --platform=node --format=esm --packages=external --outfile=bench/out/case.mjs
 *   node --max-old-space-size=8192 --expose-gc --cpu-prof --cpu-prof-dir=bench/out/profiles \
 *     --cpu-prof-name=records-10m.cpuprofile bench/out/case.mjs records 10m 1
 *   npx tsx bench/profile-summary.ts bench/out/profiles/records-10m.cpuprofile [top]
 *
 * Frames in an esbuild bundle are mapped back to their module through the bundle's `// src/...` comments.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topArg] = process.argv.slice(2);
if (!file) {
  process.stderr.write("usage: npx tsx bench/profile-summary.ts <file.cpuprofile> [top]\n");
  process.exit(2);
}
const top = Number(topArg ?? 25);
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
const byId = new Map<number, ProfileNode>();
const parent = new Map<number, number>();
for (const n of profile.nodes) byId.set(n.id, n);
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

/** For an esbuild bundle: the module (`src/...`, `bench/...`) of each line, from its `// path` comments. */
const bundleModules = new Map<string, string[]>();
const moduleOfLine = (url: string, line: number): string | undefined => {
  if (!url.startsWith("file://") || !url.endsWith(".mjs")) return undefined;
  let lines = bundleModules.get(url);
  if (!lines) {
    const path = fileURLToPath(url);
    lines = [];
    if (existsSync(path)) {
      let current = "";
      for (const text of readFileSync(path, "utf8").split("\n")) {
        const m = /^\/\/ ((?:src|bench)\/\S+\.ts)$/.exec(text);
        if (m) current = m[1];
        lines.push(current);
      }
    }
    bundleModules.set(url, lines);
  }
  return lines[line] || undefined;
};
const shortUrl = (f: CallFrame): string => {
  const url = f.url;
  const mod = moduleOfLine(url, f.lineNumber);
  if (mod) return mod;
  const i = url.indexOf("/src/");
  if (i >= 0) return url.slice(i + 1);
  const b = url.indexOf("/bench/");
  if (b >= 0) return url.slice(b + 1);
  if (url.includes("node_modules/")) return url.slice(url.lastIndexOf("node_modules/") + 13).split("/")[0];
  return url;
};
const label = (f: CallFrame): string => {
  if (f.lineNumber === 0 && f.functionName === "") return `(module top level) ${f.url.slice(f.url.lastIndexOf("/") + 1)}`;
  const where = shortUrl(f);
  // In a bundle the line is the bundle's, not the module's: name the module only.
  if (moduleOfLine(f.url, f.lineNumber)) return `${f.functionName || "(anonymous)"} ${where} (bundle line ${f.lineNumber + 1})`;
  return where ? `${f.functionName || "(anonymous)"} ${where}:${f.lineNumber + 1}` : f.functionName || "(anonymous)";
};
const inSrc = (f: CallFrame): boolean => shortUrl(f).startsWith("src/");
const inGenerator = (f: CallFrame): boolean => shortUrl(f).startsWith("bench/generate.ts");
const stackOf = (id: number): ProfileNode[] => {
  const out: ProfileNode[] = [];
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) out.push(byId.get(cur) as ProfileNode);
  return out;
};

// Sample times (µs) and the start of the timed window.
const { samples, timeDeltas } = profile;
const durations = new Float64Array(samples.length);
for (let i = 0; i < samples.length; i++) durations[i] = Math.max(0, timeDeltas[i + 1] ?? timeDeltas[i] ?? 0);
let start = 0;
for (let i = 0; i < samples.length; i++) {
  if (stackOf(samples[i]).some((n) => inGenerator(n.callFrame))) start = i + 1;
}

const self = new Map<string, number>();
const inclusive = new Map<string, number>();
const bySrcFile = new Map<string, number>();
let total = 0;
for (let i = start; i < samples.length; i++) {
  const d = durations[i];
  const stack = stackOf(samples[i]);
  const leaf = stack[0].callFrame;
  if (leaf.functionName === "(idle)") continue;
  total += d;
  self.set(label(leaf), (self.get(label(leaf)) ?? 0) + d);
  const seen = new Set<string>();
  for (const n of stack) {
    const l = label(n.callFrame);
    if (seen.has(l)) continue;
    seen.add(l);
    inclusive.set(l, (inclusive.get(l) ?? 0) + d);
  }
  // Attribute the sample to the innermost src/ frame (GC and builtins count for their src/ caller).
  const src = stack.find((n) => inSrc(n.callFrame));
  const key = src ? label(src.callFrame) : leaf.functionName.startsWith("(") ? leaf.functionName : `(outside src) ${label(leaf)}`;
  bySrcFile.set(key, (bySrcFile.get(key) ?? 0) + d);
}

const fmt = (us: number): string => `${(us / 1e6).toFixed(2).padStart(7)} s ${((100 * us) / total).toFixed(1).padStart(5)} %`;
const print = (title: string, m: Map<string, number>, filter: (k: string) => boolean = () => true): void => {
  process.stdout.write(`\n${title}\n`);
  for (const [k, v] of [...m].filter(([k]) => filter(k)).sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`${fmt(v)}  ${k}\n`);
};
process.stdout.write(`${file}: timed window ${(total / 1e6).toFixed(2)} s (${samples.length - start} of ${samples.length} samples)\n`);
print("self time (leaf frames):", self);
print("time by innermost src/ function (builtins, GC and callees outside src/ charged to it):", bySrcFile);
print("inclusive time of src/ functions:", inclusive, (k) => / src\//.test(k));
