/**
 * The layers of src/ and the module graph between its files: `npm run check:layers` (or
 * `npx tsx scripts/check-layers.ts [srcDir]`) prints import cycles, imports that go up a layer and
 * imports between domains of one layer; it exits 1 on a cycle, an upward import, a file outside the
 * layers or a relative import that resolves to no file. test/layers.test.ts runs the same check.
 *
 * Layers, lowest first (a file may import its own layer and the ones below):
 *
 *   0  errors.ts, options.ts, internal/    internal/ imports only internal/ and errors.ts
 *   1  input/                              imports only internal/, errors.ts, options.ts and input/
 *      csv/                                the file reader (`crm-analytics/csv`, the CLI's reader too):
 *                                          reads files into input columns, so it sits beside input/ and
 *                                          imports only what input/ may, and input/
 *   2  summary/ rfm/ value/ churn/ models/ cluster/   the analyses (imports between them are listed)
 *      service/                            contact-log KPIs, Erlang C: input/ and below, churn/ periods and NPS
 *   3  charts/ sql/
 *   4  report/                             the HTML report: analyses and charts in one page
 *   5  cli/
 *   6  index.ts
 *
 * Only relative static imports count (`import … from`, `import "…"`, `export … from`,
 * `import x = require(…)`), type-only ones included: a type import ties the modules as much for the
 * reader and for a declaration bundle. Dynamic `import()` is not followed; imports that leave src/
 * (`../../package.json`) are not modules of the graph.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, posix, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

/** A group is a top-level folder of src/ (`internal`) or a top-level file (`errors.ts`). */
interface Group {
  name: string;
  layer: number;
  /** The groups this one may import, when narrower than "its layer and below". */
  only?: readonly string[];
}

export const GROUPS: readonly Group[] = [
  { name: "errors.ts", layer: 0 },
  // The option helpers (defineOptions, parseOptions) sit beside errors.ts: they import only errors.ts.
  { name: "options.ts", layer: 0 },
  { name: "internal", layer: 0, only: ["internal", "errors.ts"] },
  { name: "input", layer: 1, only: ["internal", "errors.ts", "options.ts", "input"] },
  // The file reader turns CSV bytes into input columns: it needs input/ (dates, the id rule), never an
  // analysis, and input/ never needs it (input/ stays free of IO).
  { name: "csv", layer: 1, only: ["internal", "errors.ts", "options.ts", "input", "csv"] },
  ...["summary", "rfm", "value", "churn", "models", "cluster"].map((name) => ({ name, layer: 2 })),
  // Contact-log KPIs and Erlang C staffing: an analysis beside churn/ and value/, reading its own records.
  // It borrows the period calendar and the NPS of churn/ (listed as sideways imports).
  { name: "service", layer: 2, only: ["internal", "errors.ts", "options.ts", "input", "churn", "service"] },
  { name: "charts", layer: 3 },
  { name: "sql", layer: 3 },
  // The HTML report computes the analyses and draws the charts; only the CLI sits above it.
  { name: "report", layer: 4 },
  { name: "cli", layer: 5 },
  { name: "index.ts", layer: 6 },
];

export interface Import {
  /** Importing file, relative to src/ with `/`: `internal/histories.ts`. */
  from: string;
  /** Imported file, relative to src/. */
  to: string;
  /** 1-based line of the import statement. */
  line: number;
  typeOnly: boolean;
}

export interface LayerViolation extends Import {
  reason: string;
}

export interface LayerReport {
  files: number;
  imports: Import[];
  /** One closed path per strongly connected component of the graph (`[a, b, a]`), with its members. */
  cycles: { path: string[]; members: string[] }[];
  /** Imports from a lower layer to a higher one, or outside a group's narrower list. */
  violations: LayerViolation[];
  /** Imports between domains of one layer (an analysis importing another, charts and sql): allowed, listed. */
  sideways: Import[];
  /** Files in no group. */
  unlayered: string[];
  /** Relative imports that resolve to no file under src/. */
  unresolved: { from: string; specifier: string; line: number }[];
}

const groupOf = (file: string): Group | undefined => {
  const name = file.includes("/") ? file.slice(0, file.indexOf("/")) : file;
  return GROUPS.find((g) => g.name === name);
};

function listTsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...listTsFiles(path));
    else if (entry.endsWith(".ts")) out.push(path);
  }
  return out;
}

/** The relative module specifiers a file imports statically, with their line and whether type-only. */
export function staticImports(fileName: string, text: string): { specifier: string; line: number; typeOnly: boolean }[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const found: { specifier: string; line: number; typeOnly: boolean }[] = [];
  const add = (node: ts.Node, specifier: ts.Expression | undefined, typeOnly: boolean) => {
    if (!specifier || !ts.isStringLiteral(specifier) || !specifier.text.startsWith(".")) return;
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    found.push({ specifier: specifier.text, line, typeOnly });
  };
  for (const st of source.statements) {
    if (ts.isImportDeclaration(st)) {
      const clause = st.importClause;
      const named = clause?.namedBindings;
      const allNamedTypeOnly =
        clause !== undefined && clause.name === undefined && named !== undefined && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
      add(st, st.moduleSpecifier, clause !== undefined && (clause.isTypeOnly || allNamedTypeOnly));
    } else if (ts.isExportDeclaration(st)) {
      const clause = st.exportClause;
      const allNamedTypeOnly = clause !== undefined && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((e) => e.isTypeOnly);
      add(st, st.moduleSpecifier, st.isTypeOnly || allNamedTypeOnly);
    } else if (ts.isImportEqualsDeclaration(st) && ts.isExternalModuleReference(st.moduleReference)) {
      add(st, st.moduleReference.expression, st.isTypeOnly);
    }
  }
  return found;
}

/** Whether a relative specifier names a TypeScript module under src/ (not `../../package.json`). */
function isSourceModule(from: string, specifier: string): boolean {
  const base = posix.normalize(posix.join(posix.dirname(from), specifier));
  return !base.startsWith("../") && !/\.(json|css|txt)$/.test(base);
}

/** `./x.js` (as src writes it), `./x.ts`, `./x` or `./x/index.js`, from `from` (relative to src/). */
function resolve(from: string, specifier: string, files: ReadonlySet<string>): string | undefined {
  const base = posix.normalize(posix.join(posix.dirname(from), specifier));
  const stem = base.replace(/\.(js|ts|mjs|mts)$/, "");
  for (const candidate of [`${stem}.ts`, `${stem}.d.ts`, `${base}/index.ts`, `${stem}/index.ts`]) {
    if (files.has(candidate)) return candidate;
  }
  return undefined;
}

/** Strongly connected components with more than one file or a self-import (Tarjan). */
function stronglyConnected(nodes: readonly string[], edges: ReadonlyMap<string, readonly string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (edges.get(v) ?? []).includes(v)) out.push(component.sort());
    }
  };
  for (const v of nodes) if (!index.has(v)) visit(v);
  return out;
}

/** A shortest closed path from the component's first file back to itself, staying in the component. */
function shortestCycle(component: readonly string[], edges: ReadonlyMap<string, readonly string[]>): string[] {
  const members = new Set(component);
  const start = component[0];
  const parent = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const v = queue[i];
    for (const w of edges.get(v) ?? []) {
      if (!members.has(w)) continue;
      if (w === start) {
        const back: string[] = [];
        for (let u = v; u !== start; u = parent.get(u)!) back.push(u);
        return [start, ...back.reverse(), start];
      }
      if (!parent.has(w)) {
        parent.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}

/** Scans `srcDir` (default: this repository's src/) and checks its imports against the layers. */
export function checkLayers(srcDir: string = fileURLToPath(new URL("../src", import.meta.url))): LayerReport {
  const files = listTsFiles(srcDir).map((f) => relative(srcDir, f).split(sep).join("/"));
  const fileSet = new Set(files);
  const imports: Import[] = [];
  const unresolved: LayerReport["unresolved"] = [];
  for (const from of files) {
    for (const { specifier, line, typeOnly } of staticImports(from, readFileSync(join(srcDir, from), "utf8"))) {
      if (!isSourceModule(from, specifier)) continue;
      const to = resolve(from, specifier, fileSet);
      if (to === undefined) unresolved.push({ from, specifier, line });
      else imports.push({ from, to, line, typeOnly });
    }
  }

  const edges = new Map<string, string[]>();
  for (const { from, to } of imports) {
    const list = edges.get(from) ?? [];
    if (!list.includes(to)) list.push(to);
    edges.set(from, list);
  }
  const cycles = stronglyConnected(files, edges)
    .map((members) => ({ path: shortestCycle(members, edges), members }))
    .sort((a, b) => a.members[0].localeCompare(b.members[0]));

  const violations: LayerViolation[] = [];
  const sideways: Import[] = [];
  for (const imp of imports) {
    const a = groupOf(imp.from);
    const b = groupOf(imp.to);
    if (!a || !b || a === b) continue;
    if (b.layer > a.layer) {
      violations.push({ ...imp, reason: `${label(a)} (layer ${a.layer}) imports ${label(b)} (layer ${b.layer})` });
    } else if (a.only && !a.only.includes(b.name)) {
      violations.push({ ...imp, reason: `${label(a)} may import only ${a.only.map(labelOf).join(", ")}` });
    } else if (a.layer === b.layer && a.layer >= 2) sideways.push(imp);
  }
  return { files: files.length, imports, cycles, violations, sideways, unlayered: files.filter((f) => !groupOf(f)), unresolved };
}

const labelOf = (name: string): string => (name.endsWith(".ts") ? name : `${name}/`);
const label = (g: Group): string => labelOf(g.name);
const kind = (imp: Import): string => (imp.typeOnly ? " (type-only)" : "");

/** What fails the check, one line each: cycles, layer violations, unlayered files, unresolved imports. */
export function layerProblems(report: LayerReport): string[] {
  return [
    ...report.cycles.map((c) => `cycle: ${c.path.map((f) => `src/${f}`).join(" → ")}${c.members.length > c.path.length - 1 ? ` (the cycle group has ${c.members.length} files: ${c.members.join(", ")})` : ""}`),
    ...report.violations.map((v) => `layer: src/${v.from}:${v.line} imports src/${v.to}${kind(v)}: ${v.reason}`),
    ...report.unlayered.map((f) => `no layer: src/${f} (add its folder to GROUPS in scripts/check-layers.ts)`),
    ...report.unresolved.map((u) => `unresolved: src/${u.from}:${u.line} imports "${u.specifier}", which is no file under src/`),
  ];
}

/** The report as printed by the command: problems first, then the imports between analyses. */
export function formatLayerReport(report: LayerReport): string {
  const problems = layerProblems(report);
  const lines = [`${report.files} files, ${report.imports.length} relative imports; ${report.cycles.length} cycles, ${report.violations.length} layer violations`];
  if (problems.length > 0) lines.push("", "Problems:", ...problems.map((p) => `  ${p}`));
  if (report.sideways.length > 0) {
    lines.push("", "Imports between groups of one layer (allowed):");
    for (const s of report.sideways) lines.push(`  src/${s.from}:${s.line} → src/${s.to}${kind(s)}`);
  }
  return lines.join("\n");
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const report = checkLayers(process.argv[2] ?? fileURLToPath(new URL("../src", import.meta.url)));
  console.log(formatLayerReport(report));
  process.exitCode = layerProblems(report).length === 0 ? 0 : 1;
}
