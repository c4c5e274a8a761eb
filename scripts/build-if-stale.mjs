// `npm run build` unless dist/ is already the build of the current sources. Used by the `prepare`
// and `prepack` scripts: `prepare` builds dist/ on `npm install` in a clone and when npm installs the
// package from a git URL; `npm pack` runs both, and CI's `npm install` then `npm run build` would
// otherwise build up to three times. The build (tsup) is deterministic, so a stamp of the inputs'
// and the outputs' content hashes says when dist/ is current; the stamp lives in node_modules/.cache,
// outside the package. Plain JavaScript: it runs before anything is built or compiled.
import { execSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const stampFile = join(root, "node_modules", ".cache", "crm-analytics", "build-stamp.json");
const INPUTS = ["src", "package.json", "package-lock.json", "tsup.config.ts", "tsconfig.json", "scripts/entry-points.ts"];

function files(path) {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => files(join(path, name)));
}

function hash(paths) {
  const h = createHash("sha256");
  for (const file of paths.flatMap((p) => files(join(root, p)))) {
    h.update(relative(root, file).split("\\").join("/")).update("\0").update(readFileSync(file)).update("\0");
  }
  return h.digest("hex");
}

const inputs = hash(INPUTS);
const current = () => existsSync(join(root, "dist", "cli", "main.js")) && existsSync(join(root, "dist", "index.js"));
let stamp = null;
try {
  stamp = JSON.parse(readFileSync(stampFile, "utf8"));
} catch {
  stamp = null;
}
if (stamp && stamp.inputs === inputs && current() && stamp.outputs === hash(["dist"])) {
  console.log("dist/ is the build of the current sources; not rebuilding");
} else {
  execSync("npm run build", { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
  mkdirSync(dirname(stampFile), { recursive: true });
  writeFileSync(stampFile, JSON.stringify({ inputs, outputs: hash(["dist"]) }) + "\n");
}
