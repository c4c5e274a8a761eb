import { defineConfig } from "tsup";

export default defineConfig({
  entry: {
    index: "src/index.ts",
    "rfm/index": "src/rfm/index.ts",
    "summary/index": "src/summary/index.ts",
    "value/index": "src/value/index.ts",
    "churn/index": "src/churn/index.ts",
    "models/index": "src/models/index.ts",
    "cluster/index": "src/cluster/index.ts",
    "charts/index": "src/charts/index.ts",
    "sql/index": "src/sql/index.ts",
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
