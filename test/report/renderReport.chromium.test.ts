// The report opened in a real browser (headless Chromium over the DevTools pipe, src/cli/chromium.ts):
// fails on any console message of level warning or error, any uncaught exception, any browser log
// entry (a blocked request, a CSP violation), any request beyond the file itself, and any chart whose
// SVG has no data marks. On CDNOW in English (23,570 customers) and on the Online Retail orders in
// Chinese, both committed data. Skipped, with a message, only when Chromium is missing; .ci/run
// installs it (with fonts-noto-cjk), so CI always runs it.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { renderReport } from "../../src/report/index.js";
import { chromiumPath, drawsCjk, hasChromium, launchChromium, type Chromium } from "../../src/cli/chromium.js";
import { CDNOW_AS_OF, readCdnow, readRetail, RETAIL_AS_OF } from "./fixture.js";

const available = hasChromium();
if (!available) console.warn(`renderReport.chromium.test: SKIPPED, no Chromium at ${chromiumPath()} (apt-get install -y chromium fonts-noto-cjk, or set CHROMIUM)`);

/** What the page shows once drawn: per chart, its data marks and whether it has an SVG. */
const INSPECT = `(() => {
  const charts = [...document.querySelectorAll("figure.chart .view")].map((view) => {
    const svg = view.querySelector("svg");
    const marks = svg ? svg.querySelectorAll("g.role-mark > *").length : 0;
    const box = svg ? svg.getBoundingClientRect() : { width: 0, height: 0 };
    return { id: view.id, svg: Boolean(svg), marks, width: Math.round(box.width), height: Math.round(box.height), texts: svg ? svg.querySelectorAll("text").length : 0 };
  });
  return { rendered: document.documentElement.dataset.rendered, charts };
})()`;

describe.skipIf(!available)("renderReport in headless Chromium", () => {
  let browser: Chromium;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "report-chromium-"));
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const cases = [
    { name: "CDNOW, English", language: "en" as const, read: readCdnow, asOf: CDNOW_AS_OF },
    { name: "Online Retail orders, Chinese", language: "zh" as const, read: readRetail, asOf: RETAIL_AS_OF },
  ];
  for (const c of cases) {
    test(`${c.name}: no console message, no request, every chart drawn with marks`, async () => {
      const csv = await c.read();
      const { html, meta } = await renderReport(csv.columns, { asOf: c.asOf, language: c.language, sourceMeta: csv.meta });
      expect(meta.sections.filter((s) => s.status !== "ok")).toEqual([]);
      const file = join(dir, `report-${c.language}.html`);
      writeFileSync(file, html);
      const url = pathToFileURL(file).href;
      const page = await browser.open(url, { width: 1200, height: 900 });
      await page.waitFor("document.documentElement.dataset.rendered !== undefined", 20_000);
      const seen = await page.evaluate<{ rendered: string; charts: { id: string; svg: boolean; marks: number; width: number; height: number; texts: number }[] }>(INSPECT);
      // warnings and errors from the console, exceptions, and the browser's own log (CSP, network)
      const problems = page.messages.filter((m) => !["log", "info", "debug"].includes(m.type) && m.type !== "log-info" && m.type !== "log-verbose");
      expect(problems).toEqual([]);
      expect(page.requests).toEqual([url]);
      expect(seen.rendered).toBe("ok");
      expect(seen.charts.map((ch) => ch.id)).toEqual(meta.sections.flatMap((s) => s.charts));
      for (const ch of seen.charts) {
        expect(ch.svg, `${ch.id}: no SVG`).toBe(true);
        expect(ch.marks, `${ch.id}: no data marks`).toBeGreaterThan(0);
        expect(ch.texts, `${ch.id}: no text`).toBeGreaterThan(0);
        expect(ch.width * ch.height, `${ch.id}: empty box`).toBeGreaterThan(100 * 100);
      }
      if (c.language === "zh") expect(await drawsCjk(page), "Chinese text draws as empty boxes: install fonts-noto-cjk").toBe(true);
    });
  }

  test("a chart that cannot be drawn, or draws nothing, fails the checks (the test can fail)", async () => {
    const csv = await readRetail();
    const { html } = await renderReport(csv.columns, { asOf: RETAIL_AS_OF });
    const rfm = /(<script type="application\/json" data-chart="chart-rfm">)(.*?)(<\/script>)/s;
    const spec = html.match(rfm)![2];
    const variants = {
      // an unknown mark type: vega.parse throws
      error: spec.replace('"type":"rect"', '"type":"no-such-mark"'),
      // every data set emptied: the chart draws axes at most, no data marks
      empty: JSON.stringify({ ...JSON.parse(spec), data: (JSON.parse(spec) as { data: { name: string }[] }).data.map((d) => ({ name: d.name, values: [] })) }),
    };
    for (const [name, broken] of Object.entries(variants)) {
      expect(broken).not.toBe(spec);
      const file = join(dir, `broken-${name}.html`);
      writeFileSync(file, html.replace(rfm, (_, open: string, _spec: string, close: string) => open + broken + close));
      const page = await browser.open(pathToFileURL(file).href);
      await page.waitFor("document.documentElement.dataset.rendered !== undefined", 20_000);
      const seen = await page.evaluate<{ rendered: string; charts: { id: string; marks: number }[] }>(INSPECT);
      if (name === "error") {
        expect(seen.rendered).toBe("error");
        expect(page.messages.some((m) => m.type === "error")).toBe(true);
      } else expect(seen.charts.find((ch) => ch.id === "chart-rfm")!.marks).toBe(0);
    }
  });
});
