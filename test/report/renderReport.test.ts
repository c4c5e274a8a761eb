import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, test } from "vitest";
import { AnalyticsInputError, CLASSIC_SEGMENTS, CLV_QUADRANTS, CRM_PYRAMID_TIERS } from "../../src/index.js";
import { renderReport, type RenderReportResult } from "../../src/report/index.js";
import { loadVega } from "../../src/report/loadVega.js";
import type { TransactionsCsv } from "../../src/csv/index.js";
import { HOSTILE_IDS, readRetail, RETAIL_AS_OF } from "./fixture.js";

let retail: TransactionsCsv;
let en: RenderReportResult;
let zh: RenderReportResult;

beforeAll(async () => {
  retail = await readRetail();
  en = await renderReport(retail.columns, { asOf: RETAIL_AS_OF, sourceMeta: retail.meta });
  zh = await renderReport(retail.columns, { asOf: RETAIL_AS_OF, sourceMeta: retail.meta, language: "zh" });
});

/** The text of the page without the inlined Vega runtime (the last two scripts). */
const body = (html: string) => html.slice(0, html.lastIndexOf("<script>", html.lastIndexOf("<script>") - 1));
/** The chart specs embedded in the page, parsed back. */
const specs = (html: string) => [...html.matchAll(/<script type="application\/json" data-chart="([\w-]+)">(.*?)<\/script>/gs)].map((m) => ({ id: m[1], spec: JSON.parse(m[2]) as unknown }));

describe("renderReport: structure", () => {
  test("one HTML document with every section, in order, each listed in the navigation", () => {
    const ids = ["quality", "segments", "rfm", "abc", "pyramid", "churn", "clv", "clusters"];
    expect(en.html.startsWith("<!doctype html>\n<html lang=\"en\">")).toBe(true);
    expect(en.html.trimEnd().endsWith("</html>")).toBe(true);
    const sectionIds = [...en.html.matchAll(/<section id="([\w-]+)">/g)].map((m) => m[1]);
    expect(sectionIds).toEqual(ids);
    for (const id of ids) expect(en.html).toContain(`<a href="#${id}">`);
    expect(en.meta.sections.map((s) => [s.id, s.status])).toEqual(ids.map((id) => [id, "ok"]));
    expect(en.meta.warnings).toEqual([]);
  });

  test("seven charts, compiled to Vega (no Vega-Lite left for the page to compile), each in its section", () => {
    const found = specs(en.html);
    expect(found.map((c) => c.id)).toEqual(["chart-segments", "chart-rfm", "chart-pareto", "chart-periods", "chart-cohorts", "chart-clv", "chart-clusters"]);
    for (const { spec } of found) expect((spec as { $schema: string }).$schema).toBe("https://vega.github.io/schema/vega/v5.json");
    expect(en.meta.sections.flatMap((s) => s.charts)).toEqual(found.map((c) => c.id));
    // every figure has the container its script draws into
    for (const { id } of found) expect(en.html).toContain(`<div class="view" id="${id}"`);
  });

  test("self-contained: the Vega runtime inlined, no external resource, a policy that forbids any request", () => {
    expect(en.html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none';`);
    expect(en.html).toContain(en.meta.versions.vega);
    expect(en.html).not.toMatch(/<(script|img|iframe|link)\b[^>]*\b(src|href)=/i);
    expect(body(en.html)).not.toMatch(/https?:\/\/(?!vega\.github\.io\/schema\/)/);
    // the page is what the file size says: the runtime is most of it
    expect(en.html.length).toBeLessThan(2_000_000);
  });

  test("data quality: rows read and left out by code include what the file reader left out", async () => {
    const html = body(en.html);
    expect(html).toContain("online_retail_orders.csv");
    expect(html).toMatch(/Rows read<\/td><td class="num">1,726</);
    const withSkips = await renderReport(retail.columns, {
      asOf: RETAIL_AS_OF,
      sourceMeta: { source: "orders.csv", rowsRead: 1_800, invalidRows: 74, invalidByCode: { missing_customer_id: 70, invalid_date: 4 } },
    });
    const q = body(withSkips.html);
    expect(q).toMatch(/Rows read<\/td><td class="num">1,800</);
    expect(q).toMatch(/Rows left out \(bad data\)<\/td><td class="num">74</);
    expect(q).toMatch(/<code>missing_customer_id<\/code><\/td><td>no customer id<\/td><td class="num">70</);
    expect(q.indexOf("missing_customer_id")).toBeLessThan(q.indexOf("invalid_date"));
    expect(withSkips.meta.sourceMeta?.rowsRead).toBe(1_800);
  });

  test("refunds: counted and summed under net, counted as left out under exclude", async () => {
    const refunds = Array.from(retail.columns.amount).filter((a) => a < 0);
    expect(refunds.length).toBeGreaterThan(0);
    expect(body(en.html)).toMatch(new RegExp(`Refund rows \\(negative amounts\\)</td><td class="num">${refunds.length}<`));
    const excluded = await renderReport(retail.columns, { asOf: RETAIL_AS_OF, refunds: "exclude" });
    expect(excluded.meta.input.excludedRefunds).toBe(refunds.length);
    expect(body(excluded.html)).toMatch(new RegExp(`Refund rows left out</td><td class="num">${refunds.length}<`));
  });

  test("the eight segments, each with its share and recommended action", () => {
    const html = body(en.html);
    for (const s of CLASSIC_SEGMENTS) {
      expect(html).toContain(`<strong>${s.label}</strong>`);
      expect(html).toContain(s.action.replace(/'/g, "&#39;"));
    }
    expect(html).toMatch(/\d+\.\d%<\/td>/);
  });

  test("churn: the partial last month is marked and its rates are gaps, not zeros", () => {
    const html = body(en.html);
    const row = html.match(/<tr class="partial"><td>2011-12 <span class="muted">partial: 9 of 31 days<\/span><\/td>(.*?)<\/tr>/)?.[1];
    expect(row).toBeDefined();
    expect(row).toContain('<span class="muted">–</span>');
    expect(row).not.toContain("0.0%");
    // whole months have rates
    expect(html).toMatch(/<tr><td>2011-11<\/td>(<td class="num">[\d,]+<\/td>){4}<td class="num">\d+\.\d%<\/td>/);
  });

  test("money to two decimals with grouped thousands; shares as percentages", () => {
    // the page's text: the chart data (JSON) left out
    const html = body(en.html).replace(/<script\b[^>]*>.*?<\/script>/gs, "");
    expect(html).toMatch(/<td class="num">\d{1,3}(,\d{3})*\.\d\d<\/td>/);
    expect(html).not.toMatch(/\d\.\d{5,}/);
  });
});

describe("renderReport: escaping", () => {
  test("customer ids, the title and the source name never become markup", async () => {
    const { html } = await renderReport(retail.columns, {
      asOf: RETAIL_AS_OF,
      title: "<b>Q4</b> & </title><script>alert(1)</script>",
      sourceMeta: { ...retail.meta, source: "<img src=x onerror=alert(2)>.csv" },
    });
    expect(html).toContain("<title>&lt;b&gt;Q4&lt;/b&gt; &amp; &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>");
    expect(html).toContain("<code>&lt;img src=x onerror=alert(2)&gt;.csv</code>");
    expect(html).not.toContain("<script>alert");
    expect(html).not.toContain("<img");
    expect(html.split("</style>")).toHaveLength(2);
    // The hostile ids reach the chart data (the cluster scatter draws every customer here) only
    // through \u-escaped JSON, and come back intact.
    expect(html).toContain("\\u003cscript\\u003ealert");
    const data = JSON.stringify(specs(html).map((c) => c.spec));
    for (const id of HOSTILE_IDS) expect(data).toContain(JSON.stringify(id).slice(1, -1));
    // only the page's own two scripts and the chart data open a <script> element
    expect([...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]).filter((t) => !t.includes("data-chart"))).toEqual(["<script>", "<script>"]);
  });
});

describe("renderReport: languages", () => {
  test("Chinese: the page, headings, segment labels and actions in Chinese", () => {
    const html = body(zh.html);
    expect(zh.html.startsWith('<!doctype html>\n<html lang="zh-CN">')).toBe(true);
    expect(html).toContain("<title>客户分析报告</title>");
    for (const s of CLASSIC_SEGMENTS) {
      expect(html).toContain(`<strong>${s.labelZh}</strong>`);
      expect(html).toContain(s.actionZh);
    }
    // the pyramid tiers' and CLV quadrants' actions too, under the "建议措施" column; no English action
    for (const d of [...CRM_PYRAMID_TIERS, ...CLV_QUADRANTS]) {
      expect(html).toContain(`<td>${d.actionZh}</td>`);
      expect(html).not.toContain(d.action);
    }
    expect(html.match(/<th[^>]*>建议措施<\/th>/g)).toHaveLength(2); // (the segments show theirs beside each segment)
    expect(html).toContain("数据质量");
    expect(html).toContain("不完整：31 天中的 9 天");
    expect(html).not.toContain("Customer report");
    expect(html).not.toContain("Recommended action");
    // the charts are the Chinese ones
    expect(JSON.stringify(specs(zh.html).map((c) => c.spec))).toContain("重要价值客户");
    expect(zh.meta.language).toBe("zh");
  });

  test("English has no Chinese text outside segment data", () => {
    expect(body(en.html)).not.toMatch(/[\u4e00-\u9fff]/);
  });
});

describe("renderReport: determinism and inputs", () => {
  test("the same input and options give the same bytes", async () => {
    const again = await renderReport(retail.columns, { asOf: RETAIL_AS_OF, sourceMeta: retail.meta });
    expect(again.html === en.html).toBe(true);
    expect(again.meta).toEqual(en.meta);
  });

  test("another seed changes only what depends on it", async () => {
    const other = await renderReport(retail.columns, { asOf: RETAIL_AS_OF, sourceMeta: retail.meta, seed: 7 });
    expect(other.meta.seed).toBe(7);
    expect(other.html).toContain("seed 7");
  });

  test("records with a field mapping, frozen, give the same report as columns; nothing is mutated", async () => {
    const c = retail.columns;
    const rows = Object.freeze(
      Array.from({ length: c.date.length }, (_, i) =>
        Object.freeze({ who: c.customerId.dictionary[c.customerId.codes[i]], day: c.date[i], total: c.amount[i], inv: c.orderId!.dictionary[c.orderId!.codes[i]] }),
      ),
    );
    const snapshot = JSON.stringify(rows);
    const before = { amount: Float64Array.from(c.amount), date: Int32Array.from(c.date), codes: Int32Array.from(c.customerId.codes) };
    const fromRecords = await renderReport(
      rows.map((r) => ({ ...r, day: new Date(r.day * 86_400_000).toISOString().slice(0, 10) })),
      { asOf: RETAIL_AS_OF, fields: { customerId: "who", date: "day", amount: "total", orderId: "inv" }, sourceMeta: retail.meta },
    );
    expect(fromRecords.html === en.html).toBe(true);
    expect(JSON.stringify(rows)).toBe(snapshot);
    expect(c.amount).toEqual(before.amount);
    expect(c.date).toEqual(before.date);
    expect(c.customerId.codes).toEqual(before.codes);
  });

  test("a section the data do not allow says why; the rest of the report is there", async () => {
    const { html, meta } = await renderReport(
      [
        { customerId: "a", date: "2024-01-05", amount: 120 },
        { customerId: "b", date: "2024-02-11", amount: 35 },
      ],
      { asOf: "2024-03-31" },
    );
    const status = Object.fromEntries(meta.sections.map((s) => [s.id, s.status]));
    expect(status.quality).toBe("ok");
    expect(status.segments).toBe("ok");
    expect(status.clusters).toBe("unavailable");
    const clusters = meta.sections.find((s) => s.id === "clusters")!;
    expect(clusters.message).toMatch(/^clusterCustomers: /);
    expect(html).toContain('<p class="unavailable">Not available for these data: clusterCustomers: ');
    expect(meta.customers).toBe(2);
  });
});

describe("renderReport: bad arguments and bad data", () => {
  const rows = [{ customerId: "a", date: "2024-01-05", amount: 10 }];
  test("bad options are TypeError/RangeError naming renderReport", async () => {
    await expect(renderReport(rows, { asOf: "2024-03-31", colour: "red" } as never)).rejects.toThrow(TypeError);
    await expect(renderReport(rows, { asOf: "2024-03-31", colour: "red" } as never)).rejects.toThrow(/^renderReport: .*colour/);
    await expect(renderReport(rows, { asOf: "2024-03-31", language: "fr" } as never)).rejects.toThrow(/^renderReport: options\.language/);
    await expect(renderReport(rows, { asOf: "2024-03-31", clusters: 0 })).rejects.toThrow(RangeError);
    await expect(renderReport(rows, { asOf: "2024-03-31", period: "day" } as never)).rejects.toThrow(/^renderReport: options\.period/);
    await expect(renderReport(rows, null as never)).rejects.toThrow(/^renderReport: options\.asOf: is required/);
  });

  test("bad data is an AnalyticsInputError naming renderReport, the row and the field", async () => {
    const error = await renderReport([...rows, { customerId: "b", date: "2024-02-30", amount: 5 }], { asOf: "2024-03-31" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AnalyticsInputError);
    expect((error as AnalyticsInputError).message).toMatch(/^renderReport: /);
    expect((error as AnalyticsInputError).issues[0].path).toEqual(["rows", 1, "date"]);
    await expect(renderReport(rows, {} as never)).rejects.toMatchObject({ code: "invalid_as_of" });
    await expect(renderReport([{ customerId: "a", date: "2024-01-05", amount: -10 }], { asOf: "2024-03-31" })).rejects.toMatchObject({ code: "empty_input" });
  });

  test("without vega or vega-lite the message names the install command", async () => {
    await expect(loadVega("renderReport", { vega: "vega", vegaLite: "vega-lite-not-installed" })).rejects.toThrow(
      /^renderReport: the HTML report needs the optional peer dependencies vega and vega-lite .*npm install vega vega-lite/,
    );
    await expect(loadVega("renderReport", { vega: "vega-not-installed", vegaLite: "vega-lite" })).rejects.toThrow(/npm install vega vega-lite/);
  });
});

describe("vega stays out of the analyses", () => {
  // The command line (a bin, not an entry point) may load them too, for the report and chart commands.
  test("no entry point but crm-analytics/report names vega, vega-lite or vega-embed as a module", () => {
    const src = fileURLToPath(new URL("../../src", import.meta.url));
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir)) {
        const path = join(dir, entry);
        if (statSync(path).isDirectory()) walk(path);
        else if (path.endsWith(".ts") && !path.startsWith(join(src, "report")) && !path.startsWith(join(src, "cli"))) {
          const text = readFileSync(path, "utf8");
          if (/(from\s+|import\s*\(\s*|require\s*\(\s*)["']vega(-lite|-embed)?(\/[^"']*)?["']/.test(text)) offenders.push(path);
        }
      }
    };
    walk(src);
    expect(offenders).toEqual([]);
    // and the report does load them: the check would notice if it stopped looking
    expect(readFileSync(join(src, "report/loadVega.ts"), "utf8")).toMatch(/vegaLite: "vega-lite"/);
  });
});
