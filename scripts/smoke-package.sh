#!/usr/bin/env bash
# Packs the built package, installs the tarball in a scratch project and uses it from Node ESM
# (import) and CommonJS (require of the ESM build, Node >= 20.19), checking a real result.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cd "$root"
tarball=$(npm pack --silent --pack-destination "$scratch" | tail -n 1)
cd "$scratch"
npm init -y >/dev/null
npm install --silent --no-audit --no-fund "./$tarball" >/dev/null
cp "$root/test/fixtures/data/rfm_data_orders.csv" orders.csv
gzip -dc "$root/test/fixtures/clv/per_customer_cdnow_customers_summary.csv.gz" > cdnow_btyd.csv

cat > check.mjs <<'JS'
import { readFileSync } from "node:fs";
import { summarizeTransactions, segmentRfm } from "crm-analytics";
import { scoreRfm } from "crm-analytics/rfm";
import { summarizeTransactions as fromSubpath } from "crm-analytics/summary";
import { classifyAbc } from "crm-analytics/value";
import { clusterCustomers } from "crm-analytics/cluster";
import { periodIndicators } from "crm-analytics/churn";
import { fitBgNbd } from "crm-analytics/models";
const lines = readFileSync("orders.csv", "utf8").trim().split("\n").slice(1);
const rows = lines.map((l) => {
  const m = l.match(/^"((?:[^"]|"")*)","([^"]*)",(\d+)/);
  return { customer: m[1].replace(/""/g, '"'), date: m[2], revenue: Number(m[3]) };
});
const opts = { asOf: "2006-12-31", fields: { customerId: "customer", date: "date", amount: "revenue" } };
const { customers } = summarizeTransactions(rows, opts);
if (customers.length !== 995 || fromSubpath(rows, opts).customers.length !== 995) throw new Error(`expected 995 customers, got ${customers.length}`);
const abbey = scoreRfm(customers, { method: "r-rfm" }).scores.find((s) => s.customerId === "Abbey O'Reilly");
if (abbey.cell !== "343") throw new Error(`expected R rfm's 343 for Abbey O'Reilly, got ${abbey.cell}`);
const seg = segmentRfm(customers);
if (seg.summary.reduce((n, s) => n + s.customers, 0) !== 995) throw new Error("segments do not add up");
const abc = classifyAbc(customers, { method: "computed" }).meta.counts;
if (abc.A !== 405 || abc.B !== 202 || abc.C !== 388) throw new Error(`expected R ABCanalysis' 405/202/388, got ${JSON.stringify(abc)}`);
const cl = clusterCustomers(customers, { k: 3, seed: 1 });
if (cl.profiles.reduce((n, p) => n + p.size, 0) !== 995 || !(cl.meta.inertia > 0)) throw new Error("clusters do not add up");
const months = periodIndicators(rows, opts);
if (months.at(-1).period !== "2006-12" || months.reduce((n, m) => n + m.new, 0) !== 995) throw new Error("period indicators do not add up");
const btyd = readFileSync("cdnow_btyd.csv", "utf8").trim().split("\n").slice(1).map((l) => {
  const [, frequency, recency, T] = l.split(",").map(Number);
  return { frequency, recency, T };
});
const bg = fitBgNbd(btyd);
if (!bg.diagnostics.converged || Math.abs(bg.params.r - 0.242593) > 1e-5) throw new Error(`BG/NBD fit on CDNOW: r = ${bg.params.r}`);
console.log("ESM import ok:", customers.length, "customers, Abbey O'Reilly", abbey.cell, "ABC", abc, "BG/NBD r", bg.params.r.toFixed(6));
JS

cat > check.cjs <<'JS'
const { summarizeTransactions, scoreRfm, isAnalyticsInputError } = require("crm-analytics");
const { segmentRfm } = require("crm-analytics/rfm");
const { customers } = summarizeTransactions(
  [
    { customerId: "a", date: "2024-01-01", amount: 10 },
    { customerId: "b", date: "2024-03-01", amount: 99 },
  ],
  { asOf: "2024-03-31" },
);
const { scores } = scoreRfm(customers, { bins: 2 });
if (scores[1].cell !== "212" || scores[0].cell !== "111") throw new Error(`unexpected cells ${scores.map((s) => s.cell)}`);
if (segmentRfm(customers).segments[1].segment !== "important_develop") throw new Error("unexpected segment");
try {
  summarizeTransactions([{ customerId: "a", date: "2024-02-30", amount: 1 }], { asOf: "2024-03-31" });
  throw new Error("expected an error");
} catch (e) {
  if (!isAnalyticsInputError(e) || e.issues[0].path !== "rows[0].date") throw e;
}
console.log("CJS require ok:", scores.map((s) => s.cell).join(" "));
JS

node check.mjs
node check.cjs
# The root and rfm entries must not load the clustering code (the cluster entry must).
node --input-type=module -e '
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
const dist = "node_modules/crm-analytics/dist";
const load = (file, seen = new Set()) => {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const m of readFileSync(file, "utf8").matchAll(/from\s*"(\.[^"]+)"/g)) load(join(dirname(file), m[1]), seen);
  return seen;
};
const text = (entry) => [...load(join(dist, entry))].map((f) => readFileSync(f, "utf8")).join("\n");
if (!text("cluster/index.js").includes("kmeansPlusPlus")) throw new Error("cluster entry lacks k-means");
for (const entry of ["index.js", "rfm/index.js"]) if (text(entry).includes("kmeansPlusPlus")) throw new Error(`${entry} loads the clustering code`);
console.log("entries checked: index.js and rfm/index.js do not load k-means");
'
# The package must not leak a dependency on anything but its declared runtime dependencies.
node -e 'const p=require("crm-analytics/package.json"); const d=Object.keys(p.dependencies||{}); if(d.some(x=>!["zod","simple-statistics","ml-kmeans","date-fns"].includes(x))) {console.error("unexpected dependencies", d); process.exit(1)}'
echo "package smoke test passed"
