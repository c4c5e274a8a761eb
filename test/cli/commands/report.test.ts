import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { renderReport } from "../../../src/report/index.js";
import { cli, tempFiles } from "../helpers.js";
import { readRetail, retailCsvText, RETAIL_AS_OF } from "../../report/fixture.js";

// The bundled Online Retail orders with three customers whose ids are markup, plus two rows without a
// customer id (left out with --on-invalid skip) and one refund.
const text = retailCsvText().replace(/\n$/, "\nY1,2011-05-02,,United Kingdom,10.00\nY2,2011-05-03,,United Kingdom,12.00\n");
const dir = tempFiles({ "orders.csv": text });
const FILE = join(dir, "orders.csv");
const MAP = ["--customer", "customer_id", "--date", "date", "--amount", "amount", "--order", "invoice", "--as-of", RETAIL_AS_OF];

test("report -o report.html: the library's page, with the file's reading in the data-quality section", async () => {
  const out = join(dir, "report.html");
  const r = await cli(["report", FILE, ...MAP, "--on-invalid", "skip", "-o", out]);
  expect([r.code, r.stdout]).toEqual([0, ""]);
  expect(r.stderr).toContain("crm-analytics: left out 2 of 1,728 rows: 2 with problems (missing_customer_id 2) by --on-invalid skip");
  expect(r.stderr).toMatch(/crm-analytics: note: an HTML report of 263 customers: 8 sections, 7 charts \(\d+ kB\)/);
  const html = readFileSync(out, "utf8");
  expect(html.startsWith("<!doctype html>")).toBe(true);
  expect(html).toMatch(/Rows read<\/td><td class="num">1,728</);
  expect(html).toMatch(/Rows left out \(bad data\)<\/td><td class="num">2</);
  expect(html).toMatch(/<code>missing_customer_id<\/code><\/td><td>no customer id<\/td><td class="num">2</);
  expect(html).toContain(`<code>${FILE.replace(/&/g, "&amp;")}</code>`);
  // the same page as the library makes from the same rows (the source's counts aside)
  const csv = await readRetail();
  const { html: library } = await renderReport(csv.columns, { asOf: RETAIL_AS_OF });
  const sections = (h: string) => h.slice(h.indexOf('<section id="segments">'), h.indexOf("<footer>"));
  expect(sections(html)).toBe(sections(library));
});

test("report: rows dropped by --drop-missing-customer, --after-as-of ignore and --refunds exclude are counted", async () => {
  const r = await cli(["report", FILE, ...MAP.slice(0, -1), "2011-11-30", "--drop-missing-customer", "--after-as-of", "ignore", "--refunds", "exclude", "--quiet"]);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/Rows without a customer id, dropped<\/td><td class="num">2</);
  expect(r.stdout).toMatch(/Rows after the as-of date, ignored<\/td><td class="num">[1-9][\d,]*</);
  expect(r.stdout).toMatch(/Refund rows left out<\/td><td class="num">[1-9][\d,]*</);
  expect(r.stdout).toMatch(/Rows left out \(bad data\)<\/td><td class="num">none</);
});

test("report to stdout, in Chinese, with the report's own options", async () => {
  const r = await cli(["report", FILE, ...MAP, "--on-invalid", "skip", "--labels", "zh", "--period", "quarter", "--k", "3", "--seed", "7", "--title", "<b>Q4</b>", "--quiet"]);
  expect(r.code).toBe(0);
  expect(r.stdout.startsWith('<!doctype html>\n<html lang="zh-CN">')).toBe(true);
  expect(r.stdout).toContain("<title>&lt;b&gt;Q4&lt;/b&gt;</title>");
  expect(r.stdout).toContain("k = 3，随机种子 7");
  expect(r.stdout).toContain("<td>2011-Q4 <span");
  expect(r.stderr).not.toContain("note:");
});

test("report --meta: what was read and each section's status", async () => {
  const metaFile = join(dir, "meta.json");
  const r = await cli(["report", FILE, ...MAP, "--on-invalid", "skip", "-o", join(dir, "r.html"), "--meta", metaFile]);
  expect(r.code).toBe(0);
  const meta = JSON.parse(readFileSync(metaFile, "utf8"));
  expect(meta.command).toBe("report");
  expect(meta.input).toMatchObject({ rowsRead: 1_728, invalidRows: 2 });
  expect(meta.meta.sections.map((s: { status: string }) => s.status)).toEqual(Array(8).fill("ok"));
  expect(meta.meta.seed).toBe(42);
});

test("report: options are checked before the data are read (usage errors, exit 2)", async () => {
  const missing = join(dir, "no-such-file.csv");
  for (const [args, message] of [
    [["-o", "report.csv"], "-o report.csv: the report is an HTML page: give the file the extension .html"],
    [["--format", "json"], "--format does not apply to report"],
    [["--k", "0"], "--k must be an integer in [1, 20]"],
    [["--labels", "fr"], "--labels must be one of en, zh"],
    [["--period", "day"], "--period must be one of week, month, quarter, year"],
    [["--months", "1.5"], "--months must be an integer"],
  ] as const) {
    const r = await cli(["report", missing, ...MAP, ...args]);
    expect([r.code, r.stdout]).toEqual([2, ""]);
    expect(r.stderr).toContain(`crm-analytics: ${message}`);
  }
});

test("report: a section the data do not allow is a warning, and the page says why", async () => {
  const small = tempFiles({ "two.csv": "customerId,date,amount\na,2024-01-05,120\nb,2024-02-11,35\n" });
  const r = await cli(["report", join(small, "two.csv"), "--as-of", "2024-03-31"]);
  expect(r.code).toBe(0);
  expect(r.stderr).toMatch(/crm-analytics: warning: the clusters section is not in the report: clusterCustomers: /);
  expect(r.stdout).toContain('<p class="unavailable">');
});

test("report: bad data stops the run as for every command (exit 1)", async () => {
  const bad = tempFiles({ "bad.csv": "customerId,date,amount\na,2024-01-05,120\nb,2024-02-30,35\n" });
  const r = await cli(["report", join(bad, "bad.csv"), "--as-of", "2024-03-31"]);
  expect(r.code).toBe(1);
  expect(r.stdout).toBe("");
  expect(r.stderr).toContain("2024-02-30");
});

test("docs/cli.md documents the report command", () => {
  const doc = readFileSync(fileURLToPath(new URL("../../../docs/cli.md", import.meta.url)), "utf8");
  expect(doc).toMatch(/crm-analytics report .*--as-of .*-o report\.html/);
});
