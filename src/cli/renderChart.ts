/**
 * Drawing a Vega-Lite spec for the `chart` command: SVG with vega and vega-lite in Node (optional peer
 * dependencies, imported only when asked), PNG with the same two libraries inside a headless Chromium
 * (chromium.ts; real fonts, so Chinese text is measured and drawn as it will look). Nothing here is loaded for the
 * other commands, nor for a `.json` chart.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { VegaLiteSpec } from "../charts/index.js";
import { isWide } from "../internal/format.js";
import { chromiumPath, drawsCjk, hasChromium, launchChromium, type Chromium, type ChromiumPage } from "./chromium.js";
import { UsageError } from "./errors.js";

/** The message when vega or vega-lite cannot be loaded. */
function missingVega(format: string, error: unknown): UsageError {
  const why = error instanceof Error ? error.message.split("\n")[0] : String(error);
  return new UsageError(
    `${format === "SVG" ? "an" : "a"} ${format} chart needs the optional packages vega and vega-lite: npm install vega vega-lite (or write the Vega-Lite spec with -o chart.json) (${why})`,
  );
}


/**
 * vega's estimate of a text's width without a canvas is 0.8 em per character: Chinese characters,
 * about 1 em each, overrun it and labels overlap. This estimate keeps 0.8 em for the others (as vega
 * does) and counts 1.05 em for each wide character.
 */
function estimateWidth(item: { fontSize?: number | string; text?: unknown; limit?: number }, text?: unknown): number {
  const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
  const s = text == null ? "" : String(text).trim();
  let ems = 0;
  for (const ch of s) ems += isWide(ch.codePointAt(0)!) ? 1.05 : 0.8;
  return Math.ceil(ems * size);
}

/**
 * The chart as SVG, drawn by vega in Node. Without a canvas package, text widths are estimates (see
 * {@link estimateWidth}); the viewer draws the text with its own fonts.
 * @throws {UsageError} When vega or vega-lite is not installed.
 */
export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  let vega: typeof import("vega");
  let vegaLite: typeof import("vega-lite");
  try {
    vega = await import("vega");
    vegaLite = await import("vega-lite");
  } catch (error) {
    throw missingVega("SVG", error);
  }
  // (not in vega's types, but exported by vega-scenegraph through vega: the hook vl-convert uses too)
  const metrics = (vega as unknown as { textMetrics: { width: unknown; estimateWidth: unknown } }).textMetrics;
  if (metrics.width === metrics.estimateWidth) metrics.width = estimateWidth;
  const view = new vega.View(vega.parse(vegaLite.compile(spec as never).spec), { renderer: "none" });
  try {
    return `${await view.toSVG()}\n`;
  } finally {
    view.finalize();
  }
}

/** The browser builds of vega and vega-lite beside their Node entry points. */
function browserBuilds(): { vega: string; vegaLite: string } {
  const require = createRequire(import.meta.url);
  let vegaMain: string;
  let vegaLiteMain: string;
  try {
    vegaMain = require.resolve("vega");
    vegaLiteMain = require.resolve("vega-lite");
  } catch (error) {
    throw missingVega("PNG", error);
  }
  const vega = join(dirname(vegaMain), "vega.min.js");
  const vegaLite = join(dirname(vegaLiteMain), "vega-lite.min.js");
  for (const f of [vega, vegaLite]) if (!existsSync(f)) throw missingVega("PNG", new Error(`${f} not found`));
  return { vega, vegaLite };
}

/** The page's drawing function: the spec compiled and drawn on a canvas at `scale`, as a PNG data URL. */
const DRAW = `async (spec, scale) => {
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: "none" });
  try { return await view.toImageURL("png", scale); } finally { view.finalize(); }
}`;

/**
 * The chart as PNG (`scale` × its CSS pixels), drawn by vega in headless Chromium driven over the
 * DevTools protocol on a pipe. Fails, naming the fix, when Chromium, vega or vega-lite is missing, or
 * when the chart has Chinese text and the machine no CJK font.
 * @throws {UsageError} Chromium, vega/vega-lite or a CJK font missing.
 */
export async function renderPng(spec: VegaLiteSpec, options: { chromium?: string; scale?: number; timeoutMs?: number } = {}): Promise<Uint8Array> {
  const chromium = options.chromium ?? chromiumPath();
  if (!hasChromium(chromium)) {
    throw new UsageError(`a PNG chart is drawn in headless Chromium, not found at ${chromium}: install it (Debian: apt-get install chromium) or set CHROMIUM=/path/to/chrome; or write -o chart.svg`);
  }
  const builds = browserBuilds();
  let browser: Chromium;
  try {
    browser = await launchChromium({ chromium, timeoutMs: options.timeoutMs ?? 60_000 });
  } catch (error) {
    throw new UsageError(`cannot start headless Chromium at ${chromium} to draw the PNG chart: ${error instanceof Error ? error.message : String(error)}`);
  }
  const evaluate = async <T>(page: ChromiumPage, expression: string): Promise<T> => {
    try {
      return await page.evaluate<T>(expression);
    } catch (error) {
      throw new Error(`drawing the chart in Chromium: ${error instanceof Error ? error.message.replace(/^page: /, "") : String(error)}`);
    }
  };
  try {
    const page = await browser.open();
    await evaluate(page, readFileSync(builds.vega, "utf8"));
    await evaluate(page, readFileSync(builds.vegaLite, "utf8"));
    if (/[\u3400-\u9fff]/u.test(JSON.stringify(spec)) && !(await drawsCjk(page))) {
      throw new UsageError("the chart has Chinese text but Chromium has no CJK font to draw it (it would show empty boxes): install one (Debian: apt-get install fonts-noto-cjk), or write -o chart.svg or --labels en");
    }
    const url = await evaluate<string>(page, `(${DRAW})(${JSON.stringify(spec)}, ${options.scale ?? 2})`);
    const base64 = url.slice(url.indexOf(",") + 1);
    return new Uint8Array(Buffer.from(base64, "base64"));
  } finally {
    await browser.close();
  }
}
