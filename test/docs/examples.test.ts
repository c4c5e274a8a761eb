// Doc tests: every `@example` in src/ runs, and every `expr; //=> expected` in it must hold
// (`expect(expr).toEqual(expected)`, numbers compared exactly). See ./docExamples.ts for the transform.
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import * as charts from "../../src/charts/index.js";
import * as cluster from "../../src/cluster/index.js";
import * as csv from "../../src/csv/index.js";
import * as root from "../../src/index.js";
import * as report from "../../src/report/index.js";
import * as service from "../../src/service/index.js";
import * as sql from "../../src/sql/index.js";
import { collectDocExamples, runDocExample } from "./docExamples.js";

const rootDir = fileURLToPath(new URL("../../", import.meta.url));
// The cluster, charts, csv and report domains are subpaths only (the root entry must not load them).
const lib = { ...root, ...cluster, ...charts, ...sql, ...csv, ...report, ...service };
const examples = collectDocExamples(fileURLToPath(new URL("../../src/", import.meta.url)), rootDir);

const seen = new Map<string, number>();
for (const ex of examples) {
  const base = `${ex.file}: ${ex.name}`;
  const n = (seen.get(base) ?? 0) + 1;
  seen.set(base, n);
  test(n === 1 ? base : `${base} (#${n})`, () => runDocExample(ex, lib));
}

test("doc examples were found", () => {
  expect(examples.length).toBeGreaterThan(0);
});

test("every exported function has a doc example", () => {
  const documented = new Set(examples.map((ex) => ex.name));
  const functions = Object.entries(lib)
    .filter(([, v]) => typeof v === "function")
    .map(([k]) => k);
  expect(functions.filter((name) => !documented.has(name))).toEqual([]);
});
