import { defineConfig } from "tsup";
import pkg from "./package.json" with { type: "json" };
import { tsupEntries } from "./scripts/entry-points.js";

export default defineConfig({
  entry: {
    // One entry per subpath of package.json `exports`, the single list (scripts/entry-points.ts).
    ...tsupEntries(pkg),
    // The command line is the package's `bin`, not an export.
    "cli/main": "src/cli/main.ts",
  },
  format: ["esm"],
  dts: true,
  // Shared code goes into chunks, so `crm-analytics/rfm` loads only what it uses.
  splitting: true,
  treeshake: true,
  sourcemap: true,
  clean: true,
  target: "node20",
  platform: "neutral",
});
