// The README's first screen and the package's metadata, as a user on the registry page or in
// node_modules meets them: the first run prints what the README shows, every relative link of the
// shipped Markdown resolves to a file in the package, and no placeholder URL appears in prose.
import { readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { dirname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { cli } from "./cli/helpers.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const readme = readFileSync(join(ROOT, "README.md"), "utf8");
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  version: string;
  files: string[];
  scripts: Record<string, string>;
  repository?: { type: string; url: string };
  homepage?: string;
  bugs?: { url: string };
  allowScripts?: Record<string, boolean>;
};

test("the first screen says what it is, how to install it and what a first command prints, before anything else", () => {
  const sections = [...readme.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
  expect(sections.slice(0, 3)).toEqual(["Install", "First run", "Documentation"]);
  const install = readme.slice(readme.indexOf("## Install"), readme.indexOf("## First run"));
  expect(install).toContain("npm install crm-analytics");
  expect(install).toContain('npm install "git+file:///path/to/crm-analytics"');
  expect(install).toContain(`npm install ../crm-analytics/crm-analytics-${pkg.version}.tgz`);
  expect(install).toContain("Node.js ≥ 20.19");
});

test("the first run prints what the README shows", async () => {
  const block = /```console\n\$ ((?:.*\\\n)*.*)\n([\s\S]*?)```/.exec(readme);
  expect(block).not.toBeNull();
  const command = block![1].replace(/\\\n\s*/g, "");
  const shown = block![2].trimEnd().split("\n");
  const m = /^npx crm-analytics (.+?) \| head -n (\d+)$/.exec(command);
  expect(m, command).not.toBeNull();
  const r = await cli(m![1].split(/\s+/));
  expect(r.code, r.stderr).toBe(0);
  const stderr = r.stderr.trimEnd().split("\n");
  const stdout = r.stdout.split("\n").slice(0, Number(m![2]));
  expect(shown).toEqual([...stderr, ...stdout]);
});

test("package.json points to the repository; the placeholder stays out of prose and blocks publishing", () => {
  expect(pkg.repository?.type).toBe("git");
  for (const url of [pkg.repository!.url, pkg.homepage!, pkg.bugs!.url]) expect(url).toMatch(/^(git\+)?https:\/\//);
  const placeholder = "placeholder.invalid";
  if (pkg.repository!.url.includes(placeholder)) {
    expect(pkg.scripts.prepublishOnly).toContain(placeholder);
    expect(() => execFileSync("sh", ["-c", pkg.scripts.prepublishOnly!], { cwd: ROOT, stdio: "pipe" })).toThrow();
  }
  for (const file of ["README.md", ...shippedMarkdown()]) expect(readFileSync(join(ROOT, file), "utf8"), file).not.toContain(placeholder);
});

test("building on install: prepare and prepack build dist/ when it is stale; deno and esbuild need no install scripts", () => {
  expect(pkg.scripts.prepare).toBe("node scripts/build-if-stale.mjs");
  expect(pkg.scripts.prepack).toBe("node scripts/build-if-stale.mjs");
  expect(pkg.allowScripts).toEqual({ deno: false, esbuild: false });
});

// The files `npm pack` puts in the tarball, from package.json "files" (without running a build).
function packedFiles(): string[] {
  const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  return (JSON.parse(out) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
}
function shippedMarkdown(): string[] {
  return packedFiles().filter((f) => f.endsWith(".md") && !f.startsWith("dist/"));
}

test("every relative link of the shipped Markdown resolves to a file in the package (images excepted)", () => {
  const files = new Set(packedFiles());
  expect(files.has("docs/README.md")).toBe(true);
  expect(files.has("docs/reconciling.md")).toBe(true);
  const dead: string[] = [];
  for (const file of [...files].filter((f) => f.endsWith(".md") && !f.startsWith("dist/"))) {
    const text = readFileSync(join(ROOT, file), "utf8").replace(/```[\s\S]*?```/g, "");
    // [text](target) but not ![image](target): the chart images stay in the repository (size).
    for (const m of text.matchAll(/(?<!!)\[[^\]]*\]\(([^)\s]+)\)/g)) {
      const target = m[1]!.split("#")[0]!;
      if (target === "" || /^[a-z]+:/i.test(target)) continue;
      const resolved = normalize(join(dirname(file), target)).split("\\").join("/");
      if (!files.has(resolved) && !files.has(`${resolved}/README.md`)) dead.push(`${file}: ${m[1]}`);
    }
  }
  expect(dead).toEqual([]);
});
