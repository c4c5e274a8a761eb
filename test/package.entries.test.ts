// package.json `exports` is the one list of entry points; jsr.json, tsup and TypeDoc follow it.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import {
  entryPointProblems,
  entryPoints,
  entrySources,
  formatJson,
  syncedJsr,
  type JsrManifest,
  type PackageManifest,
} from "../scripts/entry-points.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const read = <T>(file: string): T => JSON.parse(readFileSync(new URL(`../${file}`, import.meta.url), "utf8")) as T;
const pkg = read<PackageManifest>("package.json");
const jsr = read<JsrManifest>("jsr.json");

test("jsr.json and the built paths agree with package.json exports, and every export's source exists", () => {
  const problems = entryPointProblems(pkg, jsr, root);
  expect(problems, `${problems.join("\n")}\n(fix: npx tsx scripts/entry-points.ts --write)`).toEqual([]);
});

test("every export is built from src/<subpath>/index.ts, which exists", () => {
  const entries = entryPoints(pkg);
  expect(entries.map((e) => e.subpath)).toContain(".");
  expect(entries.map((e) => e.subpath)).toContain("./input");
  for (const e of entries) expect(existsSync(`${root}/${e.source}`), `${e.subpath}: ${e.source}`).toBe(true);
  // The command line is the bin, not an export.
  expect(entries.map((e) => e.source)).not.toContain("src/cli/main.ts");
});

test("TypeDoc documents exactly the exports' sources", async () => {
  // A URL rather than a literal path: the config is plain JavaScript, which the type checker does not read.
  const configUrl = new URL("../typedoc.config.mjs", import.meta.url).href;
  const { default: config } = (await import(configUrl)) as { default: { entryPoints: string[] } };
  expect(config.entryPoints).toEqual(entrySources(pkg));
});

test("--write leaves a jsr.json that agrees unchanged (it is idempotent on the committed file)", () => {
  expect(formatJson(syncedJsr(pkg, jsr)) + "\n").toBe(readFileSync(new URL("../jsr.json", import.meta.url), "utf8"));
});

test("the check names each kind of drift", () => {
  const drifted: JsrManifest = { ...syncedJsr(pkg, jsr), version: "0.0.0-other" };
  drifted.exports = { ...drifted.exports, "./extra": "./src/extra/index.ts" };
  delete drifted.exports["./rfm"];
  const wrongBuild: PackageManifest = { ...pkg, exports: { ...pkg.exports, "./rfm": { types: "./dist/rfm.d.ts", default: "./dist/rfm.js" } } };
  const missing: PackageManifest = { ...pkg, exports: { ...pkg.exports, "./nowhere": { types: "./dist/nowhere/index.d.ts", default: "./dist/nowhere/index.js" } } };
  expect(entryPointProblems(pkg, drifted)).toEqual([
    `jsr.json version is 0.0.0-other, package.json's is ${pkg.version}`,
    'jsr.json exports lacks "./rfm": "./src/rfm/index.ts"',
    'jsr.json exports has "./extra", which package.json does not export',
  ]);
  expect(entryPointProblems(wrongBuild, syncedJsr(wrongBuild, jsr))).toEqual([
    'package.json exports["./rfm"] is {"types":"./dist/rfm.d.ts","default":"./dist/rfm.js"}; tsup builds src/rfm/index.ts to {"types":"./dist/rfm/index.d.ts","default":"./dist/rfm/index.js"}',
  ]);
  expect(entryPointProblems(missing, syncedJsr(missing, jsr), root)).toEqual([
    'package.json exports["./nowhere"]: its source src/nowhere/index.ts does not exist',
  ]);
});
