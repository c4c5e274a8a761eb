// examples/notebook.ipynb (Deno Jupyter kernel) is valid nbformat 4, and its code cells run under Deno
// as the kernel runs them: in order, in one module, from examples/ (the kernel starts in the notebook's
// folder), importing the library's source. The module is given on stdin, so relative imports resolve
// against examples/ as in the kernel. `Deno.jupyter` exists only in the kernel: the kernel displays
// the value of a cell's last expression, so here that expression is passed to a stand-in that calls
// its `Symbol.for("Jupyter.display")` method, as the kernel does, and prints the MIME bundle.
// The notebook is committed with its outputs (made by scripts/run-notebook.sh on UCI Online Retail); the
// run here must give the same outputs. It reads the file named by ONLINE_RETAIL_CSV, by default the
// shared copy beside the repository, and is skipped when there is none.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { expect, test } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const DENO = fileURLToPath(new URL("../../node_modules/.bin/deno", import.meta.url));
const DATA = process.env.ONLINE_RETAIL_CSV ?? fileURLToPath(new URL("../../../shared/data/online_retail_ii/online_retail_2010-12-01_2011-12-09.csv.gz", import.meta.url));

interface Cell {
  cell_type: "code" | "markdown" | "raw";
  id?: string;
  metadata: Record<string, unknown>;
  source: string | string[];
  outputs?: unknown[];
  execution_count?: number | null;
}
const notebook = JSON.parse(readFileSync(`${ROOT}examples/notebook.ipynb`, "utf8")) as {
  cells: Cell[];
  metadata: { kernelspec?: { name?: string; language?: string; display_name?: string }; language_info?: { name?: string } };
  nbformat: number;
  nbformat_minor: number;
};
const sourceOf = (cell: Cell) => (Array.isArray(cell.source) ? cell.source.join("") : cell.source);

test("the notebook is nbformat 4 for the Deno kernel, with the outputs of one run in order", () => {
  expect(notebook.nbformat).toBe(4);
  expect(notebook.nbformat_minor).toBeGreaterThanOrEqual(5);
  expect(notebook.metadata.kernelspec).toEqual({ display_name: "Deno", language: "typescript", name: "deno" });
  expect(notebook.metadata.language_info?.name).toBe("typescript");
  const ids = notebook.cells.map((c) => c.id);
  expect(new Set(ids).size).toBe(ids.length); // nbformat 4.5: unique cell ids
  let executed = 0;
  for (const cell of notebook.cells) {
    expect(["code", "markdown"]).toContain(cell.cell_type);
    expect(cell.id).toMatch(/^[a-zA-Z0-9-_]{1,64}$/);
    expect(cell.metadata).toEqual({});
    expect(Array.isArray(cell.source)).toBe(true);
    if (cell.cell_type === "code") {
      expect(cell.execution_count).toBe(++executed); // run top to bottom, once
      for (const out of cell.outputs as { output_type: string }[]) expect(["execute_result", "display_data"]).toContain(out.output_type);
      expect(sourceOf(cell)).not.toMatch(/Deno\.jupyter/); // would need the kernel
    } else expect(cell).not.toHaveProperty("outputs");
  }
});

/** The code cells as one module; each cell's last expression goes to `__display(cellNumber, value)`. */
function notebookModule(): { code: string; displayed: number[] } {
  const parts = [
    `const __display = (cell: number, value: any) => {
  const bundle = value?.[Symbol.for("Jupyter.display")]?.();
  console.log(JSON.stringify({ cell, bundle: bundle ?? { "text/plain": String(value) } }));
};`,
  ];
  const displayed: number[] = [];
  notebook.cells.forEach((cell, n) => {
    if (cell.cell_type !== "code") return;
    const src = sourceOf(cell);
    const file = ts.createSourceFile(`cell${n}.ts`, src, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const last = file.statements.at(-1);
    if (last && ts.isExpressionStatement(last)) {
      displayed.push(n);
      parts.push(`${src.slice(0, last.getStart())}__display(${n}, ${last.expression.getText()});`);
    } else parts.push(src);
  });
  return { code: parts.join("\n\n// ----\n"), displayed };
}

test.skipIf(!existsSync(DATA))("the notebook's code cells run under Deno from examples/, every displayed value is a table or a chart, and the saved outputs are current", async () => {
  const { code, displayed } = notebookModule();
  const run = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(DENO, ["run", "--allow-read", "--allow-env=ONLINE_RETAIL_CSV", "--no-prompt", "-"], { cwd: `${ROOT}examples`, env: { ...process.env, NO_COLOR: "1", ONLINE_RETAIL_CSV: DATA } });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (s: string) => (stdout += s));
    child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(code);
  });
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  const shown = run.stdout
    .trimEnd()
    .split("\n")
    .map((line) => JSON.parse(line) as { cell: number; bundle: Record<string, unknown> });
  expect(shown.map((s) => s.cell)).toEqual(displayed);
  const charts = shown.filter((s) => "application/vnd.vegalite.v5+json" in s.bundle);
  const tables = shown.filter((s) => "text/html" in s.bundle);
  expect(charts.length + tables.length).toBe(shown.length);
  expect(charts).toHaveLength(5);
  for (const chart of charts) expect((chart.bundle["application/vnd.vegalite.v5+json"] as { $schema: string }).$schema).toBe("https://vega.github.io/schema/vega-lite/v5.json");
  const texts = tables.map((t) => t.bundle["text/plain"] as string);
  expect(texts[0]).toMatch(/^What was read\n/);
  expect(texts[0]).toMatch(/ +541909 +135080 +406829 +, +utf8/);
  expect(texts[1]).toMatch(/^4,339 customers as of 2011-12-10\n/);
  expect(texts.join("\n")).toMatch(/^2011-12 +true +10 /m); // the partial December
  expect(texts.join("\n")).toContain("Important value");
  expect(texts.join("\n")).toContain("重要客户");
  // the saved outputs are what the code gives now (rerun scripts/run-notebook.sh after changing either)
  const joined = (v: unknown) => (Array.isArray(v) ? v.join("") : v);
  for (const { cell, bundle } of shown) {
    const saved = (notebook.cells[cell].outputs as { data?: Record<string, unknown> }[]).find((o) => o.data !== undefined)?.data ?? {};
    expect(Object.keys(saved).sort(), `cell ${cell}`).toEqual(Object.keys(bundle).sort());
    for (const [mime, value] of Object.entries(bundle)) expect(joined(saved[mime]), `cell ${cell} ${mime}`).toEqual(value);
  }
});
