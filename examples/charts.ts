/**
 * Charts: Vega-Lite v5 specs of the analyses, plain JSON with the data inlined. This script writes
 * them to files; open one in the Vega editor (https://vega.github.io/editor/), embed it with
 * vega-embed, or show it in a notebook with toDisplay (see notebook.ipynb).
 *
 *   npx tsx examples/charts.ts [output directory]     # default: a new temporary directory
 *
 * The charts are a subpath of their own: import from "crm-analytics/charts".
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { classifyAbc, cohortRetention, scoreRfm, segmentRfm, summarizeTransactions } from "../src/index.js";
import { clusterCustomers } from "../src/cluster/index.js";
import { clusterScatter, cohortHeatmap, paretoChart, rfmHeatmap, segmentBarChart, segmentShareChart, type VegaLiteSpec } from "../src/charts/index.js";
import { CDNOW_AS_OF, readCdnow, readRetailOrders, RETAIL_AS_OF } from "./data/load.js";

const { customers } = summarizeTransactions(readCdnow(), { asOf: CDNOW_AS_OF });
const segments = segmentRfm(customers);
const clusters = clusterCustomers(customers, { k: 4 });
const cohorts = cohortRetention(readRetailOrders(), {
  asOf: RETAIL_AS_OF,
  period: "quarter",
  fields: { customerId: "customer_id", date: "date", amount: (r) => Number(r.amount), orderId: "invoice" },
});

// Each chart function takes the result of the analysis it draws (segmentRfm's meta.segments, scoreRfm's
// customers, cohortRetention's cells, ...), plus options (title, size, language).
const charts: Record<string, VegaLiteSpec> = {
  "segment-bars": segmentBarChart(segments),
  "segment-bars-zh": segmentBarChart(segments, { metric: "revenue", language: "zh" }),
  "segment-shares": segmentShareChart(segments),
  "rfm-heatmap": rfmHeatmap(scoreRfm(customers)),
  "pareto-computed": paretoChart(classifyAbc(customers, { method: "computed" })),
  // Scatter plots draw a deterministic sample of at most maxPoints customers (3,000 by default).
  clusters: clusterScatter(customers, clusters, { x: "frequency", y: "monetary", xScale: "log", yScale: "symlog" }),
  "cohort-retention": cohortHeatmap(cohorts),
  // clvQuadrantChart and holdoutChart draw the results of clv-quadrants.ts and models.ts.
};

const dir = process.argv[2] ?? mkdtempSync(join(tmpdir(), "crm-analytics-charts-"));
mkdirSync(dir, { recursive: true });
for (const [name, spec] of Object.entries(charts)) {
  const json = JSON.stringify(spec, null, 2);
  writeFileSync(join(dir, `${name}.vl.json`), json);
  const title = typeof spec.title === "object" && spec.title !== null && "text" in spec.title ? spec.title.text : spec.title;
  console.log(`${`${name}.vl.json`.padEnd(26)} ${(json.length / 1024).toFixed(1).padStart(6)} kB  ${title}`);
}
console.log(`${Object.keys(charts).length} Vega-Lite specs written to ${dir}`);
