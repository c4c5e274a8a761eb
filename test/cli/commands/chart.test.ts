import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { cohortHeatmap, paretoChart, rfmHeatmap, segmentBarChart, whaleCurveChart } from "../../../src/charts/index.js";
import { cohortRetention } from "../../../src/churn/index.js";
import { scoreRfm, segmentRfm } from "../../../src/rfm/index.js";
import { classifyAbc, whaleCurve } from "../../../src/value/index.js";
import { AS_OF, customers, FIELDS, FILE, MAP, ROWS } from "../fixture.js";
import { cli, tempFiles } from "../helpers.js";

const out = tempFiles({});

describe("chart: the Vega-Lite spec of the library's chart", () => {
  test("stdout and -o .json get the spec of the same analysis the library draws", async () => {
    const bars = await cli(["chart", FILE, ...MAP, "--chart", "segment-bars", "--labels", "zh"]);
    expect(bars.code).toBe(0);
    expect(JSON.parse(bars.stdout)).toEqual(JSON.parse(JSON.stringify(segmentBarChart(segmentRfm(customers), { language: "zh" }))));
    const file = join(out, "heatmap.vl.json");
    const heat = await cli(["chart", FILE, ...MAP, "--chart", "rfm-heatmap", "--metric", "customers", "--method", "rank", "-o", file]);
    expect(heat.code).toBe(0);
    expect(heat.stdout).toBe("");
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual(JSON.parse(JSON.stringify(rfmHeatmap(scoreRfm(customers, { method: "rank" }), { metric: "customers" }))));
    const pareto = await cli(["chart", FILE, ...MAP, "--chart", "pareto", "--title", "Who brings the money", "--width", "300"]);
    expect(JSON.parse(pareto.stdout)).toEqual(JSON.parse(JSON.stringify(paretoChart(classifyAbc(customers), { title: "Who brings the money", width: 300 }))));
    const whale = await cli(["chart", FILE, ...MAP, "--chart", "whale", "--labels", "zh"]);
    expect(whale.code, whale.stderr).toBe(0);
    expect(JSON.parse(whale.stdout)).toEqual(JSON.parse(JSON.stringify(whaleCurveChart(whaleCurve(customers, { value: "monetary" }), { language: "zh" }))));
    const cohorts = await cli(["chart", FILE, ...MAP, "--chart", "cohorts", "--period", "quarter", "--metric", "revenue"]);
    expect(JSON.parse(cohorts.stdout)).toEqual(JSON.parse(JSON.stringify(cohortHeatmap(cohortRetention(ROWS, { asOf: AS_OF, fields: FIELDS, period: "quarter" }), { metric: "revenue" }))));
  });

  test("every chart kind draws on the fixture", async () => {
    for (const args of [
      ["--chart", "segment-shares"],
      ["--chart", "clv-quadrants", "--retention", "0.8", "--discount-rate", "0.1"],
      ["--chart", "periods", "--metric", "churnRate,repurchaseRate", "--volume", "active"],
      ["--chart", "clusters", "--k", "3", "--seed", "7"],
    ]) {
      const r = await cli(["chart", FILE, ...MAP, ...args]);
      expect(r.code, `${args.join(" ")}: ${r.stderr}`).toBe(0);
      const spec = JSON.parse(r.stdout) as { $schema: string };
      expect(spec.$schema).toMatch(/vega-lite\/v5/);
    }
  });

  test("--meta writes the analysis' meta", async () => {
    const meta = join(out, "meta.json");
    const r = await cli(["chart", FILE, ...MAP, "--chart", "clusters", "--k", "2", "-o", join(out, "c.json"), "--meta", meta]);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(meta, "utf8"))).toMatchObject({ command: "chart", meta: { k: 2, seed: 42 } });
  });
});

describe("chart: SVG and PNG", () => {
  test("-o .svg draws the chart with vega in Node", async () => {
    const file = join(out, "bars.svg");
    const r = await cli(["chart", FILE, ...MAP, "--chart", "segment-bars", "--labels", "zh", "-o", file]);
    expect(r.code).toBe(0);
    const svg = readFileSync(file, "utf8");
    expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain("重要价值客户");
    expect(r.stderr).toContain("note: SVG text widths are estimated");
  });

  test.skipIf(!existsSync(process.env.CHROMIUM ?? "/usr/bin/chromium"))("-o .png draws the chart in headless Chromium", { timeout: 60_000 }, async () => {
    const file = join(out, "pareto.png");
    const r = await cli(["chart", FILE, ...MAP, "--chart", "pareto", "-o", file]);
    expect(r.code, r.stderr).toBe(0);
    const png = readFileSync(file);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    // 2× the chart's size: wider than the 400 px of the plot alone
    expect(png.readUInt32BE(16)).toBeGreaterThan(800);
  });

  test("without Chromium a PNG is a clear error naming what to install", async () => {
    const saved = process.env.CHROMIUM;
    process.env.CHROMIUM = "/nonexistent/chromium";
    try {
      const r = await cli(["chart", FILE, ...MAP, "--chart", "pareto", "-o", join(out, "none.png")]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("crm-analytics: a PNG chart is drawn in headless Chromium, not found at /nonexistent/chromium: install it (Debian: apt-get install chromium) or set CHROMIUM=/path/to/chrome; or write -o chart.svg");
      expect(existsSync(join(out, "none.png"))).toBe(false);
    } finally {
      if (saved === undefined) delete process.env.CHROMIUM;
      else process.env.CHROMIUM = saved;
    }
  });
});

test("chart: bad options are usage errors before the data is read", async () => {
  for (const [flags, message] of [
    [[], "--chart KIND is required: one of segment-bars, segment-shares, rfm-heatmap, pareto, whale, clv-quadrants, cohorts, periods, clusters, holdout"],
    [["--chart", "pie"], '--chart must be one of segment-bars, segment-shares, rfm-heatmap, pareto, whale, clv-quadrants, cohorts, periods, clusters, holdout, got "pie"'],
    [["--chart", "pareto", "--format", "json"], "--format does not apply to chart: the format follows -o's extension (.json for the Vega-Lite spec, .svg, .png)"],
    [["--chart", "pareto", "-o", "/tmp/chart.pdf"], "-o /tmp/chart.pdf: a chart's format follows the file's extension: .json (the Vega-Lite spec, e.g. chart.vl.json), .svg or .png"],
    [["--chart", "pareto", "--k", "3"], "--k does not apply to --chart pareto (it is for clusters)"],
    [["--chart", "segment-bars", "--metric", "share"], '--metric must be one of customers, revenue, both, got "share"'],
    [["--chart", "periods", "--metric", "churnRate,nps"], '--metric for --chart periods must be one or more of churnRate, retentionRate, repurchaseRate, repeatPurchaseRate, revenueRetention (comma-separated), got "nps"'],
    [["--chart", "holdout"], "--chart holdout needs --calibration-end YYYY-MM-DD: the model is fitted on the purchases up to that day and checked on those after it"],
    [["--chart", "holdout", "--calibration-end", "2024-07-01"], "--calibration-end 2024-07-01 must be before --as-of 2024-06-30 (the purchases after it are the holdout)"],
    [["--chart", "clv-quadrants"], "--potential formula needs --retention R and --discount-rate D (per --period; e.g. --retention 0.8 --discount-rate 0.1)"],
    [["--chart", "cohorts", "--width", "10"], '--width must be an integer in [20, 5000], got "10"'],
  ] as const) {
    const r = await cli(["chart", "/nonexistent.csv", "--as-of", "2024-06-30", ...flags]);
    expect(r.stderr).toBe(`crm-analytics: ${message}\n`);
    expect(r.code).toBe(2);
  }
});
