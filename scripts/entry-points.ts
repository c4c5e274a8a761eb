/**
 * The package's entry points have one source: package.json `exports` (literal JSON, as npm needs it).
 * Everything else that lists them derives from it:
 *
 * - tsup.config.ts builds `tsupEntries(pkg)` (plus the command line, which is the `bin`, not an export);
 * - typedoc.config.mjs documents `entrySources(pkg)`;
 * - jsr.json must be literal JSON too, so it is written from package.json by this script:
 *
 *     npx tsx scripts/entry-points.ts            # prints the entry points
 *     npx tsx scripts/entry-points.ts --write    # rewrites jsr.json's exports and version
 *     npx tsx scripts/entry-points.ts --check    # exits 1 if jsr.json or a source file disagrees
 *
 *   test/package.entries.test.ts runs the same check in `npm test`.
 *
 * Convention: subpath `./x` is built from `src/x/index.ts` to `dist/x/index.js` (types
 * `dist/x/index.d.ts`); `.` from `src/index.ts` to `dist/index.js`. `./package.json` is not an entry.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The parts of package.json this script reads. */
export interface PackageManifest {
  version: string;
  exports: Record<string, unknown>;
}

/** The parts of jsr.json this script reads and writes. */
export interface JsrManifest {
  version?: string;
  exports?: Record<string, string>;
  [key: string]: unknown;
}

export interface EntryPoint {
  /** The subpath in `exports`: `.`, `./rfm`. */
  subpath: string;
  /** tsup's entry name, which is the output path under dist/ without extension: `index`, `rfm/index`. */
  name: string;
  /** The source file, relative to the repository root: `src/index.ts`, `src/rfm/index.ts`. */
  source: string;
}

/** Subpaths of `exports` that are not built from src (they export a file as is). */
const NOT_ENTRIES = new Set(["./package.json"]);

/** The entry points in package.json's `exports` order. */
export function entryPoints(pkg: PackageManifest): EntryPoint[] {
  return Object.keys(pkg.exports)
    .filter((subpath) => !NOT_ENTRIES.has(subpath))
    .map((subpath) => {
      const dir = subpath === "." ? "" : `${subpath.replace(/^\.\//, "")}/`;
      return { subpath, name: `${dir}index`, source: `src/${dir}index.ts` };
    });
}

/** tsup's `entry` for the exports: `{ index: "src/index.ts", "rfm/index": "src/rfm/index.ts", … }`. */
export function tsupEntries(pkg: PackageManifest): Record<string, string> {
  return Object.fromEntries(entryPoints(pkg).map((e) => [e.name, e.source]));
}

/** The source files of the exports, for TypeDoc. */
export function entrySources(pkg: PackageManifest): string[] {
  return entryPoints(pkg).map((e) => e.source);
}

/** jsr.json's `exports`: JSR publishes the TypeScript sources. */
export function jsrExports(pkg: PackageManifest): Record<string, string> {
  return Object.fromEntries(entryPoints(pkg).map((e) => [e.subpath, `./${e.source}`]));
}

/**
 * What disagrees with package.json, one sentence each (empty when all agree): an export whose built
 * files are not where tsup writes them, jsr.json's version or exports, and, given the repository root,
 * an export whose source file is missing.
 */
export function entryPointProblems(pkg: PackageManifest, jsr: JsrManifest, root?: string): string[] {
  const problems: string[] = [];
  for (const e of entryPoints(pkg)) {
    const expected = { types: `./dist/${e.name}.d.ts`, default: `./dist/${e.name}.js` };
    const actual = JSON.stringify(pkg.exports[e.subpath]);
    if (actual !== JSON.stringify(expected)) {
      problems.push(`package.json exports["${e.subpath}"] is ${actual}; tsup builds ${e.source} to ${JSON.stringify(expected)}`);
    }
    if (root !== undefined && !existsSync(join(root, e.source))) {
      problems.push(`package.json exports["${e.subpath}"]: its source ${e.source} does not exist`);
    }
  }
  if (jsr.version !== pkg.version) problems.push(`jsr.json version is ${jsr.version}, package.json's is ${pkg.version}`);
  const want = jsrExports(pkg);
  const have = jsr.exports ?? {};
  for (const [subpath, source] of Object.entries(want)) {
    if (!(subpath in have)) problems.push(`jsr.json exports lacks "${subpath}": "${source}"`);
    else if (have[subpath] !== source) problems.push(`jsr.json exports["${subpath}"] is "${have[subpath]}", expected "${source}"`);
  }
  for (const subpath of Object.keys(have)) {
    if (!(subpath in want)) problems.push(`jsr.json exports has "${subpath}", which package.json does not export`);
  }
  return problems;
}

/** jsr.json with package.json's version and exports; every other field as it was, in its place. */
export function syncedJsr(pkg: PackageManifest, jsr: JsrManifest): JsrManifest {
  return { ...jsr, version: pkg.version, exports: jsrExports(pkg) };
}

/** JSON with 2-space indentation, short arrays of scalars on one line (as jsr.json is written by hand). */
export function formatJson(value: unknown, indent = ""): string {
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    const oneLine = `[${value.map((v) => JSON.stringify(v)).join(", ")}]`;
    if (value.every((v) => v === null || typeof v !== "object") && indent.length + oneLine.length <= 100) return oneLine;
    return `[\n${value.map((v) => inner + formatJson(v, inner)).join(",\n")}\n${indent}]`;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value);
    if (entries.length === 0) return "{}";
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${formatJson(v, inner)}`).join(",\n")}\n${indent}}`;
  }
  return JSON.stringify(value);
}

function main(args: string[]): number {
  const root = fileURLToPath(new URL("..", import.meta.url));
  const readJson = <T>(file: string): T => JSON.parse(readFileSync(join(root, file), "utf8")) as T;
  const pkg = readJson<PackageManifest>("package.json");
  const jsr = readJson<JsrManifest>("jsr.json");
  if (args[0] === "--write") {
    writeFileSync(join(root, "jsr.json"), `${formatJson(syncedJsr(pkg, jsr))}\n`);
    const left = entryPointProblems(pkg, readJson<JsrManifest>("jsr.json"), root);
    for (const p of left) console.error(p);
    return left.length === 0 ? 0 : 1;
  }
  if (args[0] === "--check") {
    const problems = entryPointProblems(pkg, jsr, root);
    if (problems.length === 0) return 0;
    console.error(`Entry points disagree with package.json "exports" (the one list):\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    console.error("Run `npx tsx scripts/entry-points.ts --write` to rewrite jsr.json from package.json.");
    return 1;
  }
  if (args.length > 0) {
    console.error("usage: tsx scripts/entry-points.ts [--check | --write]");
    return 2;
  }
  for (const e of entryPoints(pkg)) console.log(`${e.subpath}\t${e.source}\tdist/${e.name}.js`);
  return 0;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = main(process.argv.slice(2));
