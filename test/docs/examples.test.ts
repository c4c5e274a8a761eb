// Doc tests: every `@example` in src/ runs, and every `expr; //=> expected` in it must hold
// (`expect(expr).toEqual(expected)`, numbers compared exactly). See ./docExamples.ts for the transform.
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import * as lib from "../../src/index.js";
import { collectDocExamples, type DocExample } from "./docExamples.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const examples = collectDocExamples(fileURLToPath(new URL("../../src/", import.meta.url)), root);

const libNames = Object.keys(lib);
const libValues = libNames.map((n) => (lib as Record<string, unknown>)[n]);
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (
  ...args: unknown[]
) => Promise<unknown>;

/** Evaluates an expected value written in the docs (a JS expression, e.g. a JSON-like literal). */
function evaluateExpected(text: string): unknown {
  return new Function(`"use strict";\nreturn (\n${text}\n);`)();
}

async function runExample(ex: DocExample): Promise<void> {
  const where = `${ex.file}: ${ex.name} (@example at line ${ex.line})`;
  if (ex.error) throw new Error(ex.error);
  if (ex.assertions.length === 0) throw new Error(`${where}: example has no asserted result (no \`//=>\`)`);

  const expected = ex.assertions.map((a) => {
    try {
      return evaluateExpected(a.expectedText);
    } catch (e) {
      throw new Error(`${where}: cannot evaluate the expected value at ${ex.file}:${a.line}: ${(e as Error).message}`);
    }
  });

  let fn: (...args: unknown[]) => Promise<unknown>;
  try {
    fn = new AsyncFunction(...libNames, "__assert", `"use strict";\n${ex.body}`);
  } catch (e) {
    throw new Error(`${where}: example does not compile as JavaScript: ${(e as Error).message}\n${ex.code}`);
  }

  const hits = ex.assertions.map(() => 0);
  const assert = (id: number, actual: unknown) => {
    hits[id]++;
    const a = ex.assertions[id];
    // Soft, so that one failing `//=>` does not hide the next one, and so that an assertion inside
    // the example's own try block is not swallowed by its catch.
    expect.soft(actual, `${ex.file}:${a.line}: ${a.actualText}`).toEqual(expected[id]);
  };

  try {
    await fn(...libValues, assert);
  } catch (e) {
    throw new Error(`${where}: example threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`, { cause: e });
  }

  const missed = ex.assertions.filter((a) => hits[a.id] === 0);
  if (missed.length) {
    throw new Error(
      missed.map((a) => `${where}: the \`//=>\` at ${ex.file}:${a.line} was never reached (${a.actualText} //=> ${a.expectedText})`).join("\n"),
    );
  }
}

const seen = new Map<string, number>();
for (const ex of examples) {
  const base = `${ex.file}: ${ex.name}`;
  const n = (seen.get(base) ?? 0) + 1;
  seen.set(base, n);
  test(n === 1 ? base : `${base} (#${n})`, () => runExample(ex));
}

test("doc examples were found", () => {
  expect(examples.length).toBeGreaterThan(0);
});
