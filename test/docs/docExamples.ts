// Doc-test machinery: extracts the `@example` blocks of TSDoc comments in src/ and turns each into
// the body of an async function in which every `expr; //=> expected` is an assertion.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import ts from "typescript";
import { expect } from "vitest";

/** One `//=> expected` of an example. */
export interface DocAssertion {
  /** Index in {@link DocExample.assertions}; the argument the transformed code passes to `__assert`. */
  id: number;
  /** 1-based line in the source file of the `//=>` comment. */
  line: number;
  /** Source text of the asserted expression (for messages). */
  actualText: string;
  /** JS expression text of the expected value (continuation lines joined with "\n"). */
  expectedText: string;
}

/** One `@example` block. */
export interface DocExample {
  /** Path relative to the package root, `/`-separated: `src/rfm/scoreRfm.ts`. */
  file: string;
  /** Name of the export the doc comment belongs to. */
  name: string;
  /** 1-based line of the `@example` tag. */
  line: number;
  /** The example code as written (leading ` * ` stripped). */
  code: string;
  /** Body for `new AsyncFunction(...libNames, "__assert", body)`; absent when `error` is set. */
  body?: string;
  assertions: DocAssertion[];
  /** Why the example cannot be run (TypeScript syntax, no assertion, misplaced `//=>`, ...). */
  error?: string;
}

const ASSERT_MARK = /^\/\/\s?=>/; // `//=>` (also tolerates `// =>`)
const LIB_MODULE = /^crm-analytics(\/|$)/;

/** Every `.ts` file under `dir` (recursively, sorted), excluding `.d.ts`. */
export function listSourceFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))
    .map((f) => join(dir, f))
    .sort();
}

/** All `@example` blocks of the files under `srcDir`, file paths reported relative to `rootDir`. */
export function collectDocExamples(srcDir: string, rootDir: string): DocExample[] {
  const out: DocExample[] = [];
  for (const path of listSourceFiles(srcDir)) {
    const file = relative(rootDir, path).split(sep).join("/");
    out.push(...extractExamples(readFileSync(path, "utf8"), file));
  }
  return out;
}

/** The `@example` blocks of one file's text. */
export function extractExamples(text: string, file: string): DocExample[] {
  const out: DocExample[] = [];
  const docComment = /\/\*\*(?!\/)([\s\S]*?)\*\//g;
  for (let m = docComment.exec(text); m; m = docComment.exec(text)) {
    const firstLine = lineOf(text, m.index);
    // Strip the leading ` * ` (one space after the star, so code indentation is kept).
    const lines = m[1].split("\n").map((l, i) => {
      l = l.replace(/\r$/, "");
      if (i === 0) return l.trim();
      const star = /^\s*\*(?: |$)?/.exec(l);
      return (star ? l.slice(star[0].length) : l).trimEnd();
    });
    const after = text.slice(m.index + m[0].length);
    const exported =
      /^\s*export\s+(?:declare\s+)?(?:default\s+)?(?:abstract\s+)?(?:async\s+)?(?:function\s*\*?|const|let|var|class|interface|type|enum)\s+([A-Za-z_$][\w$]*)/.exec(after);

    for (let i = 0; i < lines.length; i++) {
      if (!/^@example\b/.test(lines[i])) continue;
      const tagLine = firstLine + i;
      // The block runs to the next block tag (outside a ``` fence) or the end of the comment.
      const block: { text: string; line: number }[] = [];
      let inFence = false;
      let j = i + 1;
      for (; j < lines.length; j++) {
        if (/^\s*```/.test(lines[j])) inFence = !inFence;
        else if (!inFence && /^@\w/.test(lines[j])) break;
        block.push({ text: lines[j], line: firstLine + j });
      }
      i = j - 1;

      // If the block uses ``` fences, only the fenced lines are code.
      let code = block;
      if (block.some((l) => /^\s*```/.test(l.text))) {
        code = [];
        let fenced = false;
        for (const l of block) {
          if (/^\s*```/.test(l.text)) fenced = !fenced;
          else if (fenced) code.push(l);
        }
      }
      while (code.length && code[0].text.trim() === "") code = code.slice(1);
      while (code.length && code[code.length - 1].text.trim() === "") code = code.slice(0, -1);

      const example: DocExample = {
        file,
        name: exported ? exported[1] : `<no export after the doc comment at line ${firstLine}>`,
        line: tagLine,
        code: code.map((l) => l.text).join("\n"),
        assertions: [],
      };
      const where = `${file}: ${example.name} (@example at line ${tagLine})`;
      if (!exported) {
        example.error = `${where}: the doc comment is not followed by an \`export function|const|class\``;
      } else if (code.length === 0) {
        example.error = `${where}: example is empty; example has no asserted result`;
      } else {
        try {
          const t = transformExample(example.code, code.map((l) => l.line), file, where);
          example.body = t.body;
          example.assertions = t.assertions;
        } catch (e) {
          example.error = (e as Error).message;
        }
      }
      out.push(example);
    }
  }
  return out;
}

function lineOf(text: string, pos: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < pos; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

/**
 * Turns example code into an async function body. `sourceLines[i]` is the file line of code line i.
 * Throws an Error whose message starts with `where` when the example cannot be made executable.
 */
export function transformExample(
  code: string,
  sourceLines: number[],
  file: string,
  where: string,
): { body: string; assertions: DocAssertion[] } {
  const sf = ts.createSourceFile("example.ts", code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const fileLine = (pos: number) => sourceLines[sf.getLineAndCharacterOfPosition(pos).line] ?? sourceLines[0];
  const at = (pos: number) => `${file}:${fileLine(pos)}`;

  // 1. Must parse (as TypeScript, a superset, so TS syntax is reported as such below).
  const syntax = ts.transpileModule(code, {
    fileName: "example.ts",
    reportDiagnostics: true,
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
  }).diagnostics ?? [];
  const firstError = syntax.find((d) => d.category === ts.DiagnosticCategory.Error);
  if (firstError) {
    const msg = ts.flattenDiagnosticMessageText(firstError.messageText, " ");
    throw new Error(`${where}: example does not parse at ${at(firstError.start ?? 0)}: ${msg}`);
  }

  // 2. Must be plain JavaScript.
  const tsOnly = findTypeScriptSyntax(sf);
  if (tsOnly) {
    throw new Error(
      `${where}: example uses TypeScript-only syntax (${tsOnly.what}) at ${at(tsOnly.node.getStart(sf))}: ` +
        `\`${tsOnly.node.getText(sf).slice(0, 80)}\`; doc examples must be plain JavaScript`,
    );
  }

  const edits: Edit[] = [];

  // 3. Imports of the library itself are dropped (its exports are in scope); others are errors.
  for (const st of sf.statements) {
    if (ts.isImportDeclaration(st) || ts.isExportDeclaration(st) || ts.isExportAssignment(st)) {
      const spec = ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier) ? st.moduleSpecifier.text : "";
      if (!LIB_MODULE.test(spec)) {
        throw new Error(`${where}: only imports from crm-analytics are allowed in examples (${at(st.getStart(sf))}: \`${st.getText(sf)}\`)`);
      }
      edits.push({ start: st.getStart(sf), end: st.end, text: "" });
    }
  }

  // 4. Every `//=>` comment becomes an assertion on the statement it follows.
  const comments = collectComments(sf);
  const assertions: DocAssertion[] = [];
  const assertedStatements = new Set<ts.Node>();
  for (let c = 0; c < comments.length; c++) {
    const comment = comments[c];
    const text = code.slice(comment.pos, comment.end);
    if (!ASSERT_MARK.test(text)) continue;
    const line = fileLine(comment.pos);

    // Expected value: the rest of the line, plus as many following `//` lines as it takes to make a
    // complete expression.
    const parts = [text.replace(ASSERT_MARK, "")];
    let expectedText: string | undefined;
    let k = c;
    for (;;) {
      const candidate = parts.join("\n").trim();
      if (candidate !== "" && isCompleteExpression(candidate)) {
        expectedText = candidate;
        break;
      }
      const next = comments[k + 1];
      const gap = next ? code.slice(comments[k].end, next.pos) : "";
      const nextText = next ? code.slice(next.pos, next.end) : "";
      if (!next || next.kind !== ts.SyntaxKind.SingleLineCommentTrivia || ASSERT_MARK.test(nextText) || !/^[ \t]*\r?\n[ \t]*$/.test(gap)) break;
      parts.push(nextText.replace(/^\/\//, ""));
      k++;
    }
    if (expectedText === undefined) {
      throw new Error(`${where}: the expected value at ${file}:${line} is not a complete JS expression: \`//=>${parts.join("\n//")}\``);
    }
    c = k; // continuation lines are consumed

    const target = assertedTarget(sf, comment.pos);
    if (typeof target === "string") throw new Error(`${where}: \`//=>\` at ${file}:${line} ${target}`);
    if (assertedStatements.has(target.statement)) {
      throw new Error(`${where}: two \`//=>\` at ${file}:${line} assert the same statement`);
    }
    assertedStatements.add(target.statement);
    const id = assertions.length;
    assertions.push({ id, line, actualText: target.actualText, expectedText });
    edits.push(...target.edits(id));
  }

  // 5. Apply the edits back to front (they never overlap; nested ones are pure insertions).
  edits.sort((a, b) => b.start - a.start || b.end - a.end);
  let body = code;
  for (const e of edits) body = body.slice(0, e.start) + e.text + body.slice(e.end);
  return { body, assertions };
}

/** Whether `text` is a complete JS expression (used to find where a multi-line expected value ends). */
function isCompleteExpression(text: string): boolean {
  try {
    new Function(`"use strict";\nreturn (\n${text}\n);`);
    return true;
  } catch {
    return false;
  }
}

/** Every comment of the file, in order, found via the parser's tokens (so never inside strings). */
function collectComments(sf: ts.SourceFile): ts.CommentRange[] {
  const code = sf.text;
  const byPos = new Map<number, ts.CommentRange>();
  const add = (ranges: ts.CommentRange[] | undefined) => ranges?.forEach((r) => byPos.set(r.pos, r));
  const visit = (node: ts.Node) => {
    const children = node.getChildren(sf);
    if (children.length === 0) {
      add(ts.getLeadingCommentRanges(code, node.pos));
      add(ts.getTrailingCommentRanges(code, node.end));
    } else {
      children.forEach(visit);
    }
  };
  add(ts.getLeadingCommentRanges(code, 0));
  visit(sf);
  return [...byPos.values()].sort((a, b) => a.pos - b.pos);
}

interface Target {
  statement: ts.Node;
  actualText: string;
  edits: (id: number) => Edit[];
}

/** The statement a `//=>` comment at `pos` refers to, and how to rewrite it; or why there is none. */
function assertedTarget(sf: ts.SourceFile, pos: number): Target | string {
  // Innermost node whose text (without leading trivia) contains the comment.
  let container: ts.Node = sf;
  for (;;) {
    const inner: ts.Node | undefined = container
      .getChildren(sf)
      .flatMap((ch) => (ch.kind === ts.SyntaxKind.SyntaxList ? ch.getChildren(sf) : [ch]))
      .find((ch) => ch.getStart(sf) < pos && pos < ch.end);
    if (!inner) break;
    container = inner;
  }
  const statements = (container as { statements?: ts.NodeArray<ts.Statement> }).statements;
  if (!statements) {
    return `is inside ${ts.SyntaxKind[container.kind]} \`${container.getText(sf).slice(0, 60)}\`, not after a statement`;
  }
  let stmt: ts.Statement | undefined = [...statements].reverse().find((s) => s.end <= pos);
  if (!stmt) return "has no statement before it";
  // `if (isAnalyticsInputError(error)) console.log(x);` asserts x.
  for (;;) {
    if (ts.isIfStatement(stmt) && !stmt.elseStatement && !ts.isBlock(stmt.thenStatement)) stmt = stmt.thenStatement;
    else if (ts.isLabeledStatement(stmt)) stmt = stmt.statement;
    else break;
  }
  const statement = stmt;

  if (ts.isExpressionStatement(statement)) {
    const expr = statement.expression;
    if (isConsoleLog(expr)) {
      if (expr.arguments.length !== 1) return "follows a console.log(...) with more than one argument";
      const arg = expr.arguments[0];
      return {
        statement,
        actualText: arg.getText(sf),
        edits: (id) => [
          { start: expr.getStart(sf), end: arg.getStart(sf), text: `__assert(${id}, (` },
          { start: arg.end, end: expr.end, text: "))" },
        ],
      };
    }
    return {
      statement,
      actualText: expr.getText(sf),
      edits: (id) => [
        { start: expr.getStart(sf), end: expr.getStart(sf), text: `__assert(${id}, (` },
        { start: expr.end, end: expr.end, text: "))" },
      ],
    };
  }
  if (ts.isVariableStatement(statement)) {
    const decls = statement.declarationList.declarations;
    if (decls.length === 1 && ts.isIdentifier(decls[0].name) && decls[0].initializer) {
      const name = decls[0].name.text;
      return {
        statement,
        actualText: name,
        edits: (id) => [{ start: statement.end, end: statement.end, text: `\n__assert(${id}, ${name});` }],
      };
    }
  }
  return `must follow an expression statement, found ${ts.SyntaxKind[statement.kind]} \`${statement.getText(sf).slice(0, 60)}\``;
}

function isConsoleLog(expr: ts.Expression): expr is ts.CallExpression {
  return (
    ts.isCallExpression(expr) &&
    ts.isPropertyAccessExpression(expr.expression) &&
    ts.isIdentifier(expr.expression.expression) &&
    expr.expression.expression.text === "console" &&
    expr.expression.name.text === "log"
  );
}

const TS_ONLY_MODIFIERS = new Set([
  ts.SyntaxKind.PublicKeyword,
  ts.SyntaxKind.PrivateKeyword,
  ts.SyntaxKind.ProtectedKeyword,
  ts.SyntaxKind.ReadonlyKeyword,
  ts.SyntaxKind.DeclareKeyword,
  ts.SyntaxKind.AbstractKeyword,
  ts.SyntaxKind.OverrideKeyword,
]);

/** The first TypeScript-only construct in the file, if any. */
function findTypeScriptSyntax(sf: ts.SourceFile): { node: ts.Node; what: string } | undefined {
  let found: { node: ts.Node; what: string } | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    const what = typeScriptOnly(node);
    if (what) {
      found = { node, what };
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

function typeScriptOnly(node: ts.Node): string | undefined {
  if (ts.isExpressionWithTypeArguments(node)) {
    if (node.typeArguments?.length) return "type arguments";
    if (ts.isHeritageClause(node.parent) && node.parent.token === ts.SyntaxKind.ImplementsKeyword) return "implements clause";
    return undefined; // `class A extends B`
  }
  if (ts.isTypeNode(node)) return "type annotation";
  if (ts.isAsExpression(node)) return "`as` type assertion";
  if (ts.isSatisfiesExpression(node)) return "`satisfies`";
  if (ts.isNonNullExpression(node)) return "non-null assertion `!`";
  if (ts.isTypeAssertionExpression(node)) return "`<T>` type assertion";
  if (ts.isTypeParameterDeclaration(node)) return "type parameter";
  if (ts.isInterfaceDeclaration(node)) return "interface";
  if (ts.isTypeAliasDeclaration(node)) return "type alias";
  if (ts.isEnumDeclaration(node)) return "enum";
  if (ts.isModuleDeclaration(node)) return "namespace";
  if (ts.isImportEqualsDeclaration(node)) return "`import =`";
  if (ts.isIndexSignatureDeclaration(node)) return "index signature";
  if (ts.isImportDeclaration(node) && node.importClause?.isTypeOnly) return "`import type`";
  if (ts.isImportSpecifier(node) && node.isTypeOnly) return "`type` import";
  if ((ts.isParameter(node) || ts.isPropertyDeclaration(node) || ts.isMethodDeclaration(node)) && node.questionToken) {
    return "optional `?` marker";
  }
  if ((ts.isVariableDeclaration(node) || ts.isPropertyDeclaration(node)) && node.exclamationToken) return "definite assignment `!`";
  if (ts.canHaveModifiers(node) && ts.getModifiers(node)?.some((m) => TS_ONLY_MODIFIERS.has(m.kind))) return "TypeScript modifier";
  if (ts.isCallExpression(node) || ts.isNewExpression(node) || ts.isTaggedTemplateExpression(node)) {
    if (node.typeArguments?.length) return "type arguments";
  }
  return undefined;
}

const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (
  ...args: unknown[]
) => Promise<unknown>;

/** Evaluates an expected value written in the docs (a JS expression, e.g. a JSON-like literal). */
function evaluateExpected(text: string): unknown {
  return new Function(`"use strict";\nreturn (\n${text}\n);`)();
}

/**
 * Runs one example with the exports of `lib` in scope as bare names. Each `//=>` is checked with
 * `expect.soft(actual).toEqual(expected)`; the run fails when the example cannot be made executable,
 * has no `//=>`, throws, or never reaches one of its `//=>`.
 */
export async function runDocExample(ex: DocExample, lib: Record<string, unknown>): Promise<void> {
  const libNames = Object.keys(lib);
  const libValues = libNames.map((n) => lib[n]);
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
