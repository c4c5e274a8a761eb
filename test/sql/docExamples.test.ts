// The @example blocks of src/sql run with the sql entry's exports in scope (every `//=>` asserted).
// test/docs/examples.test.ts scans all of src/ the same way once the sql entry is in its `lib`.
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import * as root from "../../src/index.js";
import * as sql from "../../src/sql/index.js";
import { collectDocExamples, runDocExample } from "../docs/docExamples.js";

const rootDir = fileURLToPath(new URL("../../", import.meta.url));
const examples = collectDocExamples(fileURLToPath(new URL("../../src/sql/", import.meta.url)), rootDir);
const lib = { ...root, ...sql };

for (const ex of examples) test(`${ex.file}: ${ex.name}`, () => runDocExample(ex, lib));

test("every function the sql entry exports has a doc example", () => {
  const documented = new Set(examples.map((ex) => ex.name));
  const functions = Object.entries(sql)
    .filter(([, v]) => typeof v === "function")
    .map(([k]) => k);
  expect(functions.length).toBe(10);
  expect(functions.filter((name) => !documented.has(name))).toEqual([]);
});
