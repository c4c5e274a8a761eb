/**
 * Drawing a Vega-Lite spec for the `chart` command: SVG with vega and vega-lite in Node (optional peer
 * dependencies, imported only when asked), PNG with the same two libraries inside a headless Chromium
 * (real fonts, so Chinese text is measured and drawn as it will look). Nothing here is loaded for the
 * other commands, nor for a `.json` chart.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { VegaLiteSpec } from "../charts/index.js";
import { UsageError } from "./errors.js";

/** The message when vega or vega-lite cannot be loaded. */
function missingVega(format: string, error: unknown): UsageError {
  const why = error instanceof Error ? error.message.split("\n")[0] : String(error);
  return new UsageError(
    `${format === "SVG" ? "an" : "a"} ${format} chart needs the optional packages vega and vega-lite: npm install vega vega-lite (or write the Vega-Lite spec with -o chart.json) (${why})`,
  );
}

/** East Asian wide and full-width characters (drawn about 1 em wide). */
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;

/**
 * vega's estimate of a text's width without a canvas is 0.8 em per character: Chinese characters,
 * about 1 em each, overrun it and labels overlap. This estimate keeps 0.8 em for the others (as vega
 * does) and counts 1.05 em for each wide character.
 */
function estimateWidth(item: { fontSize?: number | string; text?: unknown; limit?: number }, text?: unknown): number {
  const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
  const s = text == null ? "" : String(text).trim();
  let ems = 0;
  for (const ch of s) ems += WIDE.test(ch) ? 1.05 : 0.8;
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

/** Where Chromium is: $CHROMIUM, else /usr/bin/chromium. */
export function chromiumPath(env: Record<string, string | undefined> = process.env): string {
  return env.CHROMIUM ?? "/usr/bin/chromium";
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
 * Whether Chinese text is drawn with real glyphs: "客户" must not look like two private-use code
 * points, which no font has (without a CJK font both come out as the same boxes).
 */
const CJK_GLYPHS = `(() => {
  const draw = (text) => {
    const canvas = document.createElement("canvas");
    canvas.width = 80; canvas.height = 40;
    const ctx = canvas.getContext("2d");
    ctx.font = "28px sans-serif";
    ctx.fillText(text, 4, 30);
    return Array.from(ctx.getImageData(0, 0, 80, 40).data).join(",");
  };
  return draw("客户") !== draw("\\uE000\\uE001");
})()`;

/**
 * The chart as PNG (`scale` × its CSS pixels), drawn by vega in headless Chromium driven over the
 * DevTools protocol on a pipe. Fails, naming the fix, when Chromium, vega or vega-lite is missing, or
 * when the chart has Chinese text and the machine no CJK font.
 * @throws {UsageError} Chromium, vega/vega-lite or a CJK font missing.
 */
export async function renderPng(spec: VegaLiteSpec, options: { chromium?: string; scale?: number; timeoutMs?: number } = {}): Promise<Uint8Array> {
  const chromium = options.chromium ?? chromiumPath();
  if (!existsSync(chromium)) {
    throw new UsageError(`a PNG chart is drawn in headless Chromium, not found at ${chromium}: install it (Debian: apt-get install chromium) or set CHROMIUM=/path/to/chrome; or write -o chart.svg`);
  }
  const builds = browserBuilds();
  const timeoutMs = options.timeoutMs ?? 60_000;
  const profile = mkdtempSync(join(tmpdir(), "crm-chart-"));
  const browser = spawn(
    chromium,
    ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", `--user-data-dir=${profile}`, "--remote-debugging-pipe", "about:blank"],
    { stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"] },
  );
  let stderr = "";
  browser.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  const failAll = (error: Error) => {
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  browser.on("error", (e) => failAll(new UsageError(`cannot start Chromium at ${chromium}: ${e.message}`)));
  browser.on("exit", (code) => failAll(new Error(`Chromium exited (${code}) while drawing the chart: ${stderr.trim().split("\n").slice(-3).join(" | ")}`)));
  let buffer = "";
  (browser.stdio[4] as NodeJS.ReadableStream).on("data", (chunk: Buffer) => {
    buffer += chunk.toString("utf8");
    for (let end = buffer.indexOf("\0"); end >= 0; end = buffer.indexOf("\0")) {
      const msg = JSON.parse(buffer.slice(0, end));
      buffer = buffer.slice(end + 1);
      const p = msg.id !== undefined ? pending.get(msg.id) : undefined;
      if (!p) continue;
      pending.delete(msg.id);
      if (msg.error) p.reject(new Error(msg.error.message));
      else p.resolve(msg.result);
    }
  });
  let nextId = 0;
  const send = (method: string, params: object = {}, sessionId?: string): Promise<any> =>
    new Promise((resolve, reject) => {
      const id = ++nextId;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`Chromium did not answer ${method} within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      pending.set(id, { resolve: (v) => (clearTimeout(timer), resolve(v)), reject: (e) => (clearTimeout(timer), reject(e)) });
      (browser.stdio[3] as NodeJS.WritableStream).write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });
  const evaluate = async (sessionId: string, expression: string): Promise<any> => {
    const r = await send("Runtime.evaluate", { expression, awaitPromise: true, returnByValue: true }, sessionId);
    if (r.exceptionDetails) throw new Error(`drawing the chart in Chromium: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
    return r.result.value;
  };
  try {
    const { targetId } = await send("Target.createTarget", { url: "about:blank" });
    const { sessionId } = await send("Target.attachToTarget", { targetId, flatten: true });
    await evaluate(sessionId, readFileSync(builds.vega, "utf8"));
    await evaluate(sessionId, readFileSync(builds.vegaLite, "utf8"));
    if (/[\u3400-\u9fff]/u.test(JSON.stringify(spec)) && !(await evaluate(sessionId, CJK_GLYPHS))) {
      throw new UsageError("the chart has Chinese text but Chromium has no CJK font to draw it (it would show empty boxes): install one (Debian: apt-get install fonts-noto-cjk), or write -o chart.svg or --labels en");
    }
    const url: string = await evaluate(sessionId, `(${DRAW})(${JSON.stringify(spec)}, ${options.scale ?? 2})`);
    const base64 = url.slice(url.indexOf(",") + 1);
    return new Uint8Array(Buffer.from(base64, "base64"));
  } finally {
    // the profile folder is removed once Chromium has exited (it writes there until then)
    if (browser.exitCode === null && browser.signalCode === null) {
      const exited = new Promise((resolve) => browser.once("exit", resolve));
      browser.kill();
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    }
    try {
      rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
    } catch {
      // a temporary folder left behind is not worth failing a drawn chart
    }
  }
}
