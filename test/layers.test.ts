// src/ is layered (errors/options/internal → input → analyses → charts, sql → cli → index.ts) and has
// no import cycles; scripts/check-layers.ts holds the layers. `npm run check:layers` prints the same.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { checkLayers, formatLayerReport, layerProblems } from "../scripts/check-layers.js";

describe("src/", () => {
  const report = checkLayers();
  // A failure prints the whole report: every problem, one line each, with file and line.
  const message = formatLayerReport(report);

  test("has no import cycles among its files", () => {
    expect(report.cycles.map((c) => c.path.join(" → ")), message).toEqual([]);
  });

  test("has no import from a lower layer to a higher one", () => {
    expect(report.violations.map((v) => `src/${v.from}:${v.line} → src/${v.to}`), message).toEqual([]);
  });

  test("has a layer for every file, and every relative import resolves", () => {
    expect([...report.unlayered, ...report.unresolved.map((u) => `${u.from}: ${u.specifier}`)], message).toEqual([]);
  });

  test("is read in full (the scan found the entry points and their imports)", () => {
    expect(report.files).toBeGreaterThan(50);
    expect(report.imports.some((i) => i.from === "index.ts")).toBe(true);
  });
});

describe("the layer check", () => {
  const root = mkdtempSync(join(tmpdir(), "crm-layers-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const write = (files: Record<string, string>): string => {
    const dir = mkdtempSync(join(root, "src-"));
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    return dir;
  };

  test("finds a cycle through type-only and re-export imports, and names its files", () => {
    const dir = write({
      "errors.ts": "export class E extends Error {}\n",
      "rfm/a.ts": 'import type { B } from "./b.js";\nexport type A = B[];\n',
      "rfm/b.ts": 'export * from "./c.js";\nexport type B = number;\n',
      "rfm/c.ts": 'import {\n  type A,\n} from "./a.js";\nexport const c: A = [];\n',
      "rfm/index.ts": 'export { c } from "./c.js";\n',
    });
    const report = checkLayers(dir);
    expect(report.cycles).toEqual([{ path: ["rfm/a.ts", "rfm/b.ts", "rfm/c.ts", "rfm/a.ts"], members: ["rfm/a.ts", "rfm/b.ts", "rfm/c.ts"] }]);
    expect(report.imports.find((i) => i.from === "rfm/c.ts")).toMatchObject({ to: "rfm/a.ts", line: 1, typeOnly: true });
    expect(layerProblems(report)[0]).toBe("cycle: src/rfm/a.ts → src/rfm/b.ts → src/rfm/c.ts → src/rfm/a.ts");
  });

  test("reports upward imports (type-only too) and the narrower rules of internal/ and input/", () => {
    const dir = write({
      "errors.ts": "export class E extends Error {}\n",
      "options.ts": 'import { E } from "./errors.js";\nexport const o = E;\n',
      "internal/math.ts": 'import type { Row } from "../input/types.js";\nexport const m = (r: Row) => r;\n',
      "internal/opt.ts": 'import { o } from "../options.js";\nexport const p = o;\n',
      "input/types.ts": "export type Row = { id: string };\n",
      "input/read.ts": 'import { o } from "../options.js";\nimport { m } from "../internal/math.js";\nexport const read = [o, m];\n',
      "summary/sum.ts": 'import { read } from "../input/read.js";\nimport { chart } from "../charts/chart.js";\nexport const sum = [read, chart];\n',
      "charts/chart.ts": "export const chart = 1;\n",
    });
    expect(layerProblems(checkLayers(dir))).toEqual([
      "layer: src/internal/math.ts:1 imports src/input/types.ts (type-only): internal/ (layer 0) imports input/ (layer 1)",
      "layer: src/internal/opt.ts:1 imports src/options.ts: internal/ may import only internal/, errors.ts",
      "layer: src/summary/sum.ts:2 imports src/charts/chart.ts: summary/ (layer 2) imports charts/ (layer 3)",
    ]);
  });

  test("lists imports between analyses without failing, and ignores dynamic imports, comments, strings and files outside src/", () => {
    const dir = write({
      "rfm/segments.ts": "export const s = 1;\n",
      "cluster/k.ts": [
        'import { s } from "../rfm/segments.js";',
        '// import { x } from "../cli/main.js";',
        'const text = \'import { y } from "../charts/c.js"\';',
        'const later = () => import("../cli/main.js");',
        'import pkg from "../../package.json" with { type: "json" };',
        "export const k = [s, text, later, pkg];",
      ].join("\n"),
      "web/page.ts": "export const page = 1;\n",
    });
    const report = checkLayers(dir);
    expect(report.sideways).toEqual([{ from: "cluster/k.ts", to: "rfm/segments.ts", line: 1, typeOnly: false }]);
    expect(report.imports).toHaveLength(1);
    expect(layerProblems(report)).toEqual(["no layer: src/web/page.ts (add its folder to GROUPS in scripts/check-layers.ts)"]);
  });
});
