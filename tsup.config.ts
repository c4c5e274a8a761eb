import { chmodSync } from "node:fs";
import { dirname, join } from "node:path";
import { build, type BuildOptions, type Plugin } from "esbuild";
import { defineConfig } from "tsup";
import pkg from "./package.json" with { type: "json" };
import { tsupEntries } from "./scripts/entry-points.js";

/**
 * The command line's build (the package's `bin`, not an export): esbuild bundles `src/cli/main.ts`
 * with zod into `cli/main.js` and chunks under `cli/`, each command in a chunk of its own (loaded by
 * `src/cli/commands/index.ts` when it runs). So a run reads a few files and compiles the code of one
 * command: through the library's chunks it would load all of them and zod's ~280 files from
 * node_modules (`--version` 0.20–0.26 s instead of ~0.1 s). vega and vega-lite, the optional peer
 * dependencies, stay outside (the chart and report commands import them when they draw); zod's
 * translations are left out ({@link ZOD_ENGLISH_ONLY}).
 * `bench/cli.ts` builds the bin it measures with this too.
 */
/**
 * zod's `locales` namespace (`z.locales`, 50 translations of its messages: half of zod's code) holds
 * only English in the command line, which never switches zod's language: zod registers English itself
 * (`v4/classic/schemas.js`). If zod moves its files, nothing matches and the bin is only larger.
 */
const ZOD_ENGLISH_ONLY: Plugin = {
  name: "zod-english-only",
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]v4[\\/](classic|core)$/.test(args.resolveDir) ? { path: join(args.resolveDir, "../locales/index.js"), namespace: "zod-english-only" } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "zod-english-only" }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(join(dirname(args.path), "en.js"))};\n`,
      resolveDir: dirname(args.path),
    }));
  },
};

export const CLI_BUILD: BuildOptions = {
  entryPoints: { "cli/main": "src/cli/main.ts" },
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  chunkNames: "cli/chunk-[hash]",
  external: Object.keys(pkg.peerDependencies),
  // no source maps: Node reads them only under --enable-source-maps, and they were 3 of the bin's 4.3 MB
  sourcemap: false,
  plugins: [ZOD_ENGLISH_ONLY],
  logLevel: "warning",
};

/** Builds the command line into `outdir` (`dist`: `dist/cli/main.js`, executable). */
export async function buildCli(outdir = "dist"): Promise<void> {
  await build({ ...CLI_BUILD, outdir });
  chmodSync(join(outdir, "cli/main.js"), 0o755);
}

export default defineConfig({
  // One entry per subpath of package.json `exports`, the single list (scripts/entry-points.ts).
  entry: tsupEntries(pkg),
  format: ["esm"],
  dts: true,
  // Shared code goes into chunks, so `crm-analytics/rfm` loads only what it uses.
  splitting: true,
  treeshake: true,
  sourcemap: true,
  clean: true,
  target: "node20",
  platform: "neutral",
  // after the library (whose clean empties dist/ first)
  onSuccess: () => buildCli("dist"),
});
