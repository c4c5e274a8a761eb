// "Same input and options, same output on Node and Deno": test/determinism/outputs.ts prints model fits,
// predictions for every CDNOW customer, predicted CLV, clusters, computed ABC classes, formula CLV and
// the elementary functions as JSON (shortest round-trip numbers: equal text is equal bits); this runs it
// under both runtimes and requires byte-identical output. Math.log/exp/pow differ in the last bit between
// Node 20's and Deno 2's V8, so before src/internal/elementary.ts the fits and everything after them differed.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const script = "test/determinism/outputs.ts";
const bin = (name: string) => fileURLToPath(new URL(`../node_modules/.bin/${name}`, import.meta.url));

function findDeno(): string | null {
  for (const candidate of [bin("deno"), "deno"]) {
    if (candidate !== "deno" && !existsSync(candidate)) continue;
    const probe = spawnSync(candidate, ["--version"], { encoding: "utf8" });
    if (probe.status === 0) return candidate;
  }
  return null;
}
const deno = findDeno();
const run = (command: string, args: string[]) => execFileSync(command, args, { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, timeout: 120_000 });

describe("determinism across runtimes", () => {
  it.skipIf(deno === null)(
    deno === null ? "Node and Deno give byte-identical outputs (skipped: no deno binary in node_modules/.bin or on PATH)" : "Node and Deno give byte-identical outputs",
    () => {
      const onNode = run(process.execPath, [bin("tsx"), script]);
      const onDeno = run(deno as string, ["run", "--allow-read", "--unstable-sloppy-imports", script]);
      expect(onNode.length).toBeGreaterThan(100_000);
      const a = JSON.parse(onNode) as Record<string, unknown>;
      const b = JSON.parse(onDeno) as Record<string, unknown>;
      // per section first, so a failure names what differs
      for (const key of Object.keys(a)) expect(JSON.stringify(b[key]), key).toBe(JSON.stringify(a[key]));
      expect(onDeno).toBe(onNode);
    },
    120_000,
  );
});
