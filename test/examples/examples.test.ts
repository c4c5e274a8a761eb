// Every script in examples/ runs as a user would run it (`node --import tsx examples/<name>.ts`):
// exit code 0, nothing on stderr, and the facts it prints about the bundled data. The scripts run in
// parallel, as many at a time as there are cores.
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect, test } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const chartsDir = mkdtempSync(join(tmpdir(), "crm-analytics-example-charts-"));
afterAll(() => rmSync(chartsDir, { recursive: true, force: true }));

// What each example must print (strings or patterns); every script in examples/ must be listed.
const EXPECTED: Record<string, (string | RegExp)[]> = {
  "demo.ts": [
    "23,570 customers",
    "重要价值客户",
    "Computed ABC",
    // CDNOW has no order id: frequency counts purchases, and says so everywhere
    "frequency = purchases (one row per purchase; the log has no order id)",
    "frequency > 2.96 purchases",
    // repeated quintile edges are explained with the customers per score
    "F 1 | 1 | 1 | 2 | 4 | 217 purchases",
    "50.5% of the customers bought once",
    "F=1 11,908 · F=2 0 · F=3 4,079 · F=4 3,658 · F=5 3,925 customers",
    /mean per customer[^\n]*\n[^\n]*Days ago\s+Purch\.\s+Spend \$/,
    // the pyramid with labels, customer and revenue shares, not raw tier ids
    /Key: important\s+重要客户\s+2,262 customers\s+9\.6%\s+50\.0% of revenue/,
    /Inferior\s+劣质客户\s+0 customers/,
  ],
  "summaries.ts": ["CDNOW: 69,659 rows → 23,570 customers, as of 1998-06-30", "Online Retail II: 260 customers from 1,720 invoices", "Bad data → invalid_date: rows[0].date"],
  "rfm-scores.ts": ["Scored 23,570 customers (method quantile, 5 bins", "Most common cells: 555", "rank:     4,714 / 4,714 / 4,714 / 4,714 / 4,714"],
  "segments.ts": ["Important value", "重要价值客户", "Customer 00003: HHH → important_value", /Champions\s+2,360/],
  "abc.ts": [/Fixed 80\/95 cuts:\s+A\s+7,695 customers, 80\.0% of revenue/, "20% of customers bring", "Gini coefficient: 0.6"],
  "clv-quadrants.ts": [/Most valuable\s+[\d,]+ customers/, /Low value\s+[\d,]+ customers/, "Value matrix"],
  "pyramid.ts": [/Key: important\s+重要客户\s+2,262 customers/, "Zeithaml pyramid: Platinum", "1997-H2 → 1998-H1"],
  "churn.ts": ["1997-Q1", "1998-Q2", /Churn risk: [\d,]+ active/, "must_win_back", "Lifecycle: Exploration"],
  "cohorts.ts": ["2009-Q4", "9 cohorts, 260 customers in all"],
  "movement.ts": [
    "1997-12-31 → 1998-06-30: 23,570 customers, 19,508 stayed, 4,062 moved, 0 new, 0 lost",
    /Important value\s+3,702\s+88\.7%/,
    "Buyers of 1997-H2 → 1998-H1: 1,156 stayed, 2,307 moved, 1,911 new, 2,958 lost",
    "segmentMovementChart: 80 cells",
  ],
  "whale-curve.ts": [
    "Peak 140.0% of the profit after the 46.5% most profitable customers",
    "12,609 customers (53.5%) destroy $77,216",
    /\$10 per purchase: peak 380\.8% at 33\.1% of customers/,
    'whaleCurveChart: "峰值 140%（前 47% 的客户）"',
  ],
  "selection-matrix.ts": [
    "23,570 CDNOW customers as of 1998-06-30, min–max scores, split at the means:",
    /A: well matched \(select\)\s+6,340 customers\s+26\.9%\s+A 区：门当户对（重点选择）/,
    /D: neither \(do not select\)\s+5,374 customers/,
    "With rank normalisation: A 6,181, B 5,791, C 6,061, D 5,537",
    "selectionMatrixChart: 3000 points drawn; 阈值：吸引力 0.398，服务能力 0.495（最小–最大标准化）",
  ],
  "lifecycle-trajectories.ts": [
    "141,420 stages of 23,570 customers at 6 quarter ends (1997-03-31 … 1998-06-30)",
    /Long-kept\s+长久保持型\s+667\s+2\.8%/,
    /Aborted in exploration\s+早期流产型\s+13822\s+58\.6%/,
    /Left early from stability \(提前退出型\), e\.g\. customer \d+: [a-z →]+stability[a-z →]+decline/,
  ],
  "rfm-grids.ts": [
    "rfm-11 on 23,570 customers (125 cells):",
    /Champions\s+5,438 customers\s+67\.2% of revenue\s+冠军客户/,
    "Customer 00001: cell 111 → lost",
    "rfm-3: Champions 7,666",
    "segmentRfm with RFM_THREE_LEVEL_SCHEME gives the same segments: true",
  ],
  "models.ts": ["23,570 customers", "converged true", "Gamma-Gamma on 11,515 repeat buyers", "Highest 12-month CLV", "7+"],
  "covariates.ts": ["23,570 customers", "converged true; log-likelihood -95203.8 against -95368.4", "purchase coefficient of lnFirst: 0.402 (standard error 0.023", "1.32 times as often", /Customer 22472 \(first day \$278\.43, 1 repeat purchase\): P\(alive\) 0\.722, 1\.01 purchases/],
  "clusters.ts": ["k = 4, seed 42", "important_value", /→ cluster \d/],
  "lookalike.ts": [
    "4,617 important-value customers as the reference; 18,953 other customers scored (kd-tree, k = 5)",
    "Cuts of the segments: recency 367.2 days",
    /The 1,000 most similar by segment: general_value \d+, important_retain \d+/,
    /Prospect P-3: rank 1, similarity 0\.9\d\d/,
  ],
  "charts.ts": ["7 Vega-Lite specs written to", "segment-bars.vl.json", "cohort-retention.vl.json"],
  "service.ts": ["Week: 300 contacts, 235 offered to agents", "(offered definition)", /\d+ agents for 80\/20 \(limited by target\)/, "Erlang C worked example (100 calls / 30 min, 180 s): 14 agents for 80/20"],
  "sql.ts": ["crm_summary", "$1 = 2011-12-10 (DATE)", "DuckDB: 260 customer summaries; in memory: 260", "Segments: 260 of 260 customers"],
};

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

const scripts = readdirSync(join(ROOT, "examples")).filter((f) => f.endsWith(".ts")).sort();

// A small pool: start the scripts as cores free up; each test awaits its own script.
const slots = Math.max(1, availableParallelism());
let running = 0;
const waiting: (() => void)[] = [];
async function runExample(script: string, args: string[]): Promise<Run> {
  if (running >= slots) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  const started = Date.now();
  try {
    return await new Promise<Run>((resolve, reject) => {
      const child = spawn(process.execPath, ["--import", "tsx", join("examples", script), ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: "1" } });
      let stdout = "";
      let stderr = "";
      child.stdout.setEncoding("utf8").on("data", (s: string) => (stdout += s));
      child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
      child.on("error", reject);
      child.on("close", (code) => resolve({ code, stdout, stderr, ms: Date.now() - started }));
    });
  } finally {
    running--;
    waiting.shift()?.();
  }
}
const runs = new Map(scripts.map((s) => [s, runExample(s, s === "charts.ts" ? [chartsDir] : [])]));

test("every example has expectations", () => {
  expect(scripts.filter((s) => !(s in EXPECTED))).toEqual([]);
  expect(Object.keys(EXPECTED).filter((s) => !scripts.includes(s))).toEqual([]);
});

for (const script of scripts) {
  test(`examples/${script} runs and prints its results`, async () => {
    const run = await runs.get(script)!;
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    for (const want of EXPECTED[script] ?? []) {
      if (typeof want === "string") expect(run.stdout).toContain(want);
      else expect(run.stdout).toMatch(want);
    }
  });
}

test("examples/charts.ts writes valid Vega-Lite v5 specs", async () => {
  expect((await runs.get("charts.ts")!).code).toBe(0);
  const files = readdirSync(chartsDir).sort();
  expect(files).toHaveLength(7);
  for (const file of files) {
    const spec = JSON.parse(readFileSync(join(chartsDir, file), "utf8"));
    expect(spec.$schema).toBe("https://vega.github.io/schema/vega-lite/v5.json");
  }
});

test("examples/demo.ts prints no raw tier ids, no 'orders' for purchase rows and no cryptic headers", async () => {
  const run = await runs.get("demo.ts")!;
  expect(run.stdout).not.toMatch(/key_important|key_secondary|Mean R d|purchase rows|> [\d.]+ orders/);
});
