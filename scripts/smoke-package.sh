#!/usr/bin/env bash
# Packs the built package, installs the tarball in a scratch project and uses it from Node ESM
# (import), CommonJS (require of the ESM build, Node >= 20.19) and Deno: every entry point listed in
# package.json `exports`, then real results from particular ones; runs the installed command line;
# bundles `crm-analytics/rfm` with esbuild to check what it pulls in. Then the README's other install
# paths from a fresh clone of the committed tree: `npm install` there leaves it clean and builds dist/
# (`prepare`), the clone's `npx crm-analytics` runs, Deno imports the clone's dist/ with an import map,
# and `npm install git+file://<clone>` (npm builds it with `prepare`) gives a project whose bin runs and
# whose library Node and Deno import.
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

# Every subpath of the installed package's `exports` (package.json is the one list of entry points, so
# a new entry is covered here without editing this script) loads under ESM import, CommonJS require
# and Deno, and exports something. The checks after this one use particular entries for real results.
node -e 'const p = require("crm-analytics/package.json"); for (const k of Object.keys(p.exports)) if (k !== "./package.json") console.log("crm-analytics" + k.slice(1));' > entries.txt
cat > entries.mjs <<'JS'
import { readFileSync } from "node:fs";
const specifiers = readFileSync("entries.txt", "utf8").trim().split("\n");
for (const s of specifiers) if (Object.keys(await import(s)).length === 0) throw new Error(`${s} exports nothing`);
console.log(`import ok: ${specifiers.length} entry points (${specifiers.join(", ")})`);
JS
cat > entries.cjs <<'JS'
const specifiers = require("node:fs").readFileSync("entries.txt", "utf8").trim().split("\n");
for (const s of specifiers) if (Object.keys(require(s)).length === 0) throw new Error(`${s} exports nothing`);
console.log(`require ok: ${specifiers.length} entry points`);
JS
node entries.mjs | sed 's/^/ESM /'
node entries.cjs | sed 's/^/CJS /'
"$root/node_modules/.bin/deno" run --quiet --allow-read --allow-env entries.mjs | sed 's/^/Deno /'

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
const abbey = scoreRfm(customers, { method: "r-rfm" }).customers.find((s) => s.customerId === "Abbey O'Reilly");
if (abbey.cell !== "343") throw new Error(`expected R rfm's 343 for Abbey O'Reilly, got ${abbey.cell}`);
const seg = segmentRfm(customers);
if (seg.meta.segments.reduce((n, s) => n + s.customers, 0) !== 995) throw new Error("segments do not add up");
const abc = classifyAbc(customers, { method: "computed" }).meta.counts;
if (abc.A !== 405 || abc.B !== 202 || abc.C !== 388) throw new Error(`expected R ABCanalysis' 405/202/388, got ${JSON.stringify(abc)}`);
const cl = clusterCustomers(customers, { k: 3, seed: 1 });
if (cl.meta.profiles.reduce((n, p) => n + p.size, 0) !== 995 || !(cl.meta.inertia > 0)) throw new Error("clusters do not add up");
const months = periodIndicators(rows, opts).periods;
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
const { customers: scores } = scoreRfm(customers, { bins: 2 });
if (scores[1].cell !== "212" || scores[0].cell !== "111") throw new Error(`unexpected cells ${scores.map((s) => s.cell)}`);
if (segmentRfm(customers).customers[1].segment !== "important_develop") throw new Error("unexpected segment");
try {
  summarizeTransactions([{ customerId: "a", date: "2024-02-30", amount: 1 }], { asOf: "2024-03-31" });
  throw new Error("expected an error");
} catch (e) {
  if (!isAnalyticsInputError(e) || e.issues[0].path.join(".") !== "rows.0.date" || e.issues[0].customerId !== "a") throw e;
}
console.log("CJS require ok:", scores.map((s) => s.cell).join(" "));
JS

node check.mjs
node check.cjs
# The same ESM check under Deno (the project's dev dependency), reading the scratch node_modules.
"$root/node_modules/.bin/deno" run --quiet --allow-read --allow-env check.mjs | sed 's/^ESM import ok/Deno import ok/'

cat > charts.mjs <<'JS'
import { segmentRfm, summarizeTransactions } from "crm-analytics";
import { segmentBarChart, toDisplay } from "crm-analytics/charts";
import { summarySql } from "crm-analytics/sql";
const rows = [
  { customerId: "a", date: "2024-01-02", amount: 10 },
  { customerId: "b", date: "2024-03-05", amount: 25 },
];
const spec = segmentBarChart(segmentRfm(summarizeTransactions(rows, { asOf: "2024-12-31" }).customers).meta.segments);
const bundle = toDisplay(spec)[Symbol.for("Jupyter.display")]();
if (bundle["application/vnd.vegalite.v5+json"].$schema !== "https://vega.github.io/schema/vega-lite/v5.json") throw new Error("no Vega-Lite v5 bundle");
const { sql } = summarySql({ dialect: "duckdb", table: "orders", columns: { customerId: "customer_id", date: "order_date", amount: "amount" }, asOf: "2024-12-31" });
if (!sql.includes('"orders"')) throw new Error("unexpected SQL");
console.log("charts and sql ok");
JS
node charts.mjs
"$root/node_modules/.bin/deno" run --quiet --allow-read --allow-env charts.mjs | sed 's/^/Deno: /'

# The installed bin: CSV on stdin to the eight segments.
printf 'customerId,date,amount\na,2024-01-02,10\nb,2024-03-05,25\n' | npx --no-install crm-analytics segments - --as-of 2024-12-31 --format ndjson > segments.ndjson
test "$(wc -l < segments.ndjson)" -eq 2 || { echo "crm-analytics segments: expected 2 lines"; exit 1; }
npx --no-install crm-analytics --version
# A bad row: exit code 1, one line on stderr, nothing on stdout.
set +e
printf 'customerId,date,amount\na,2024-01-02,"12,5"\n' | npx --no-install crm-analytics summary - --as-of 2024-12-31 > bad.out 2> bad.err
code=$?
set -e
test "$code" -eq 1 && test ! -s bad.out && test "$(wc -l < bad.err)" -eq 1 || { echo "crm-analytics: expected exit 1, empty stdout, one stderr line; got $code"; cat bad.err; exit 1; }

# What a bundler pulls in for `crm-analytics/rfm`: no k-means, no charts, no SQL, no command line.
echo 'import { scoreRfm, segmentRfm } from "crm-analytics/rfm"; console.log(scoreRfm, segmentRfm);' > rfm-entry.mjs
"$root/node_modules/.bin/esbuild" rfm-entry.mjs --bundle --platform=node --format=esm --metafile=rfm-meta.json --outfile=rfm-bundle.mjs --log-level=warning
node -e '
const meta = require("./rfm-meta.json");
const inputs = Object.keys(meta.inputs);
const text = require("node:fs").readFileSync("rfm-bundle.mjs", "utf8");
const banned = { "k-means": "kmeansPlusPlus", "ml-kmeans": "ml-kmeans", charts: "vega.github.io/schema", sql: "percentile_cont", cli: "parseArgs" };
for (const [what, marker] of Object.entries(banned)) if (text.includes(marker) || inputs.some((f) => f.includes(marker))) throw new Error(`crm-analytics/rfm bundle pulls in ${what}`);
console.log(`esbuild: crm-analytics/rfm bundles ${inputs.length} inputs, ${(text.length / 1024).toFixed(0)} kB; no k-means, charts, SQL or CLI`);
'
# The root and rfm entries must not load the clustering code (the cluster entry must).
node --input-type=module -e '
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
const dist = "node_modules/crm-analytics/dist";
const load = (file, seen = new Set()) => {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const m of readFileSync(file, "utf8").matchAll(/(?:from|import)\s*["\x27](\.[^"\x27]+)["\x27]/g)) load(join(dirname(file), m[1]), seen);
  return seen;
};
const text = (entry) => [...load(join(dist, entry))].map((f) => readFileSync(f, "utf8")).join("\n");
if (!text("cluster/index.js").includes("kmeansPlusPlus")) throw new Error("cluster entry lacks k-means");
for (const entry of ["index.js", "rfm/index.js"]) if (text(entry).includes("kmeansPlusPlus")) throw new Error(`${entry} loads the clustering code`);
console.log("entries checked: index.js and rfm/index.js do not load k-means");
'
# The package must not leak a dependency on anything but its declared runtime dependencies.
node -e 'const p=require("crm-analytics/package.json"); const d=Object.keys(p.dependencies||{}); if(d.some(x=>!["zod","simple-statistics","ml-kmeans","date-fns"].includes(x))) {console.error("unexpected dependencies", d); process.exit(1)}'

# --- The README's install paths from a fresh clone (the committed tree: commit before running this).
if ! git -C "$root" rev-parse --git-dir >/dev/null 2>&1; then
  echo "smoke: $root is not a git checkout; the git-URL install path cannot be tested" >&2
  exit 1
fi
export npm_config_prefer_offline=true # the clone's dependencies are in npm's cache already
git clone --quiet "$root" "$scratch/clone"
(
  cd "$scratch/clone"
  npm install --no-audit --no-fund >/dev/null 2>npm-install.err || { cat npm-install.err; exit 1; }
  rm npm-install.err
  dirty=$(git status --porcelain)
  test -z "$dirty" || { echo "npm install left the fresh clone dirty:"; echo "$dirty"; git diff | head -40; exit 1; }
  test -f dist/cli/main.js || { echo "npm install in a fresh clone did not build dist/ (prepare)"; exit 1; }
  test "$(npx --no-install crm-analytics --version)" = "$(node -p 'require("./package.json").version')"
  echo "fresh clone: npm install builds dist/ and leaves the tree clean; npx crm-analytics --version ok"
)
# Deno, from anywhere, on the clone's built files: an import map for zod (README "Deno and notebooks").
mkdir "$scratch/deno-dist"
node -e 'const v = require(process.argv[1] + "/package.json").dependencies.zod; console.log(JSON.stringify({ imports: { zod: `npm:zod@${v}` } }))' "$scratch/clone" > "$scratch/deno-dist/deno.json"
cat > "$scratch/deno-dist/main.ts" <<TS
import { segmentRfm, summarizeTransactions } from "$scratch/clone/dist/index.js";
const rows = [{ customerId: "a", date: "2024-01-02", amount: 10 }, { customerId: "b", date: "2024-03-05", amount: 25 }];
const segments = segmentRfm(summarizeTransactions(rows, { asOf: "2024-12-31" }).customers).customers.map((c) => c.segment);
if (segments.join(" ") !== "general_win_back important_develop") throw new Error(segments.join(" "));
console.log("Deno, clone's dist/ with an import map for zod:", segments.join(" "));
TS
# Run, not checked: a path import carries no package.json, so Deno infers the types from the JavaScript,
# where the functions with `output: "records" | "columns"` return the union of both results (the
# declared overloads live in the .d.ts files, which `deno check` reads in the installed case below).
(cd "$scratch/deno-dist" && "$root/node_modules/.bin/deno" run --quiet main.ts)

# npm install from the git URL, under strict-allow-scripts with the README's allowScripts entry, so
# the test fails if npm did not run `prepare` (the build).
mkdir "$scratch/from-git"
cd "$scratch/from-git"
npm init -y >/dev/null
node -e 'const fs = require("fs"); const p = JSON.parse(fs.readFileSync("package.json", "utf8")); p.type = "module"; p.allowScripts = { [process.argv[1]]: true }; fs.writeFileSync("package.json", JSON.stringify(p, null, 2))' "git+file://$scratch/clone"
npm install --no-audit --no-fund --strict-allow-scripts "git+file://$scratch/clone" >/dev/null 2>npm-install.err || { cat npm-install.err; exit 1; }
test -f node_modules/crm-analytics/dist/cli/main.js || { echo "git install: no dist/ (prepare did not run)"; exit 1; }
npx --no-install crm-analytics --version
printf 'customerId,date,amount\na,2024-01-02,10\nb,2024-03-05,25\n' | npx --no-install crm-analytics segments - --as-of 2024-12-31 --format ndjson > segments.ndjson
test "$(wc -l < segments.ndjson)" -eq 2 || { echo "git install: crm-analytics segments: expected 2 lines"; exit 1; }
cp "$scratch/check.mjs" "$scratch/orders.csv" "$scratch/cdnow_btyd.csv" .
node check.mjs | sed 's/^/git install: /'
"$root/node_modules/.bin/deno" run --quiet --allow-read --allow-env check.mjs | sed 's/^ESM import ok/git install: Deno import ok/'
cat > deno-check.ts <<'TS'
import { segmentRfm, summarizeTransactions } from "crm-analytics";
import { paretoChart } from "crm-analytics/charts";
const { customers } = summarizeTransactions([{ customerId: "a", date: "2024-01-02", amount: 10 }], { asOf: "2024-12-31" });
console.log("git install: deno check ok,", segmentRfm(customers).customers[0].segment, typeof paretoChart);
TS
"$root/node_modules/.bin/deno" check --quiet deno-check.ts
"$root/node_modules/.bin/deno" run --quiet deno-check.ts
echo "package smoke test passed"
