// The two manifests (npm's package.json and JSR's jsr.json) describe the same package.
import { readFileSync } from "node:fs";
import { expect, test } from "vitest";

const read = (file: string) => JSON.parse(readFileSync(new URL(`../${file}`, import.meta.url), "utf8"));

test("jsr.json has package.json's version and the same subpaths (sources instead of builds)", () => {
  const pkg = read("package.json");
  const jsr = read("jsr.json");
  expect(jsr.version).toBe(pkg.version);
  const npmPaths = Object.keys(pkg.exports).filter((p) => p !== "./package.json");
  expect(Object.keys(jsr.exports).sort()).toEqual(npmPaths.sort());
  for (const [path, source] of Object.entries(jsr.exports as Record<string, string>)) {
    const built = pkg.exports[path].default as string;
    expect(source.replace(/^\.\/src\//, "./dist/").replace(/\.ts$/, ".js")).toBe(built);
  }
});

test("the command line is a bin of the package and is built", () => {
  const pkg = read("package.json");
  expect(pkg.bin).toEqual({ "crm-analytics": "./dist/cli/main.js" });
  expect(readFileSync(new URL("../tsup.config.ts", import.meta.url), "utf8")).toContain('"cli/main": "src/cli/main.ts"');
});
