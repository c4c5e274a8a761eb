/**
 * The one headless-Chromium driver of the repository: the DevTools protocol on a pipe (messages are
 * NUL-terminated JSON on fds 3 and 4), no dependency beyond Node and a Chromium binary
 * (/usr/bin/chromium, or CHROMIUM=...). The `chart` command draws its PNGs with it (renderChart.ts),
 * scripts/render-charts.ts draws the docs' chart images, scripts/chromium.ts takes screenshots and
 * test/report/renderReport.chromium.test.ts opens the report:
 *
 *   const browser = await launchChromium();
 *   const page = await browser.open("file:///tmp/report.html", { width: 1200, height: 900 });
 *   await page.waitFor("document.documentElement.dataset.rendered !== undefined");
 *   console.log(page.messages, page.requests, await drawsCjk(page));
 *   await browser.close();
 *
 * A page records every console call, uncaught exception, browser log entry (CSP, network) and
 * request; every command waits at most `timeoutMs`, and a browser that exits fails what is pending
 * with the end of its standard error.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Where Chromium is: `$CHROMIUM`, else /usr/bin/chromium. */
export function chromiumPath(env: Record<string, string | undefined> = process.env): string {
  return env.CHROMIUM ?? "/usr/bin/chromium";
}

/** Whether the Chromium binary exists (at `path`, default {@link chromiumPath}). */
export function hasChromium(path: string = chromiumPath()): boolean {
  return existsSync(path);
}

/** How to install what the driver needs, for error messages. */
export const CHROMIUM_INSTALL = "Debian: apt-get install -y chromium fonts-noto-cjk; or set CHROMIUM=/path/to/chrome";

/** Something the page said: a console call, an uncaught exception or a browser log entry (CSP, network). */
export interface PageMessage {
  /** `log`, `warning`, `error`, … for console calls; `exception`; `log-<level>` for browser log entries. */
  type: string;
  text: string;
}

/** One page (target) of the browser. */
export interface ChromiumPage {
  /** Every console message, exception and browser log entry so far. */
  readonly messages: PageMessage[];
  /** Every URL the page requested (the page's own included). */
  readonly requests: string[];
  /** Evaluates an expression in the page (promises awaited), returning its value as JSON; a thrown exception is an Error `page: …`. */
  evaluate<T = unknown>(expression: string): Promise<T>;
  /** Polls `expression` until it is truthy; throws after `timeoutMs` (default 20 s). */
  waitFor(expression: string, timeoutMs?: number): Promise<void>;
  /** A PNG of the whole page (beyond the viewport) or of `clip`. */
  screenshot(clip?: { x: number; y: number; width: number; height: number }): Promise<Buffer>;
}

/** A running headless Chromium. */
export interface Chromium {
  /** Opens `url` (default about:blank) in a new page of `width` × `height` CSS pixels and waits for its load event. */
  open(url?: string, viewport?: { width: number; height: number }): Promise<ChromiumPage>;
  /** Closes the browser (killed after 5 s) and removes its profile. */
  close(): Promise<void>;
}

/** Options of {@link launchChromium}. */
export interface LaunchChromiumOptions {
  /** The binary (default {@link chromiumPath}). */
  chromium?: string;
  /** More command-line switches (`--allow-file-access-from-files`). */
  args?: readonly string[];
  /** Longest wait for one answer of the browser (default 60 s). */
  timeoutMs?: number;
}

/** Thrown by {@link launchChromium} when there is no binary at the path. */
export class ChromiumMissingError extends Error {
  constructor(readonly path: string) {
    super(`no Chromium at ${path} (${CHROMIUM_INSTALL})`);
    this.name = "ChromiumMissingError";
  }
}

type Message = { id?: number; method?: string; params?: any; sessionId?: string; result?: any; error?: { message: string } };

/**
 * Starts headless Chromium with a throw-away profile and no background networking.
 * @throws {ChromiumMissingError} When there is no binary at the path.
 */
export async function launchChromium(options: LaunchChromiumOptions = {}): Promise<Chromium> {
  const binary = options.chromium ?? chromiumPath();
  if (!existsSync(binary)) throw new ChromiumMissingError(binary);
  const timeoutMs = options.timeoutMs ?? 60_000;
  const profile = mkdtempSync(join(tmpdir(), "chromium-"));
  const browser: ChildProcess = spawn(
    binary,
    [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--hide-scrollbars",
      `--user-data-dir=${profile}`,
      "--remote-debugging-pipe",
      ...(options.args ?? []),
      "about:blank",
    ],
    { stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"] },
  );
  let stderr = "";
  browser.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const toBrowser = browser.stdio[3] as NodeJS.WritableStream;
  const fromBrowser = browser.stdio[4] as NodeJS.ReadableStream;
  const pending = new Map<number, (msg: Message) => void>();
  const listeners = new Map<string, (msg: Message) => void>();
  const failAll = (message: string) => {
    for (const settle of pending.values()) settle({ error: { message } });
    pending.clear();
  };
  browser.on("error", (e) => failAll(`cannot start Chromium at ${binary}: ${e.message}`));
  browser.on("exit", (code) => failAll(`Chromium exited (${code}): ${stderr.trim().split("\n").slice(-3).join(" | ")}`));
  // (a pipe closed by an exiting browser is reported by "exit", not as an unhandled error)
  toBrowser.on("error", () => undefined);
  let nextId = 0;
  let buffer = "";
  fromBrowser.on("data", (chunk: Buffer) => {
    buffer += chunk.toString("utf8");
    for (let end = buffer.indexOf("\0"); end >= 0; end = buffer.indexOf("\0")) {
      const msg = JSON.parse(buffer.slice(0, end)) as Message;
      buffer = buffer.slice(end + 1);
      if (msg.id !== undefined) {
        pending.get(msg.id)?.(msg);
        pending.delete(msg.id);
      } else if (msg.sessionId !== undefined) listeners.get(msg.sessionId)?.(msg);
    }
  });
  const send = (method: string, params: object = {}, sessionId?: string): Promise<any> =>
    new Promise((resolve, reject) => {
      const id = ++nextId;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`Chromium did not answer ${method} within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      pending.set(id, (msg) => {
        clearTimeout(timer);
        if (msg.error) reject(new Error(`${method}: ${msg.error.message}`));
        else resolve(msg.result);
      });
      toBrowser.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });
  const close = async (): Promise<void> => {
    if (browser.exitCode === null && browser.signalCode === null) {
      const exited = new Promise((resolve) => browser.once("exit", resolve));
      void send("Browser.close").catch(() => undefined);
      const timer = setTimeout(() => browser.kill(), 5000);
      await exited;
      clearTimeout(timer);
    }
    // the profile is removed once Chromium has exited (it writes there until then)
    try {
      rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    } catch {
      // a temporary folder left behind is not worth failing for
    }
  };
  // The first command answers once the browser is up.
  try {
    await send("Browser.getVersion");
  } catch (error) {
    await close();
    throw error;
  }

  return {
    async open(url = "about:blank", viewport = { width: 1200, height: 900 }) {
      const { targetId } = await send("Target.createTarget", { url: "about:blank" });
      const { sessionId } = await send("Target.attachToTarget", { targetId, flatten: true });
      const messages: PageMessage[] = [];
      const requests: string[] = [];
      let loaded: () => void = () => undefined;
      const load = new Promise<void>((resolve) => (loaded = resolve));
      listeners.set(sessionId, (msg) => {
        const p = msg.params;
        if (msg.method === "Runtime.consoleAPICalled") {
          messages.push({ type: p.type, text: (p.args ?? []).map((a: any) => a.value ?? a.description ?? a.type).join(" ") });
        } else if (msg.method === "Runtime.exceptionThrown") {
          messages.push({ type: "exception", text: p.exceptionDetails?.exception?.description ?? p.exceptionDetails?.text ?? "exception" });
        } else if (msg.method === "Log.entryAdded") {
          messages.push({ type: `log-${p.entry.level}`, text: `${p.entry.source}: ${p.entry.text}${p.entry.url ? ` (${p.entry.url})` : ""}` });
        } else if (msg.method === "Network.requestWillBeSent") {
          requests.push(p.request.url);
        } else if (msg.method === "Page.loadEventFired") loaded();
      });
      for (const domain of ["Page", "Runtime", "Log", "Network"]) await send(`${domain}.enable`, {}, sessionId);
      await send("Emulation.setDeviceMetricsOverride", { width: viewport.width, height: viewport.height, deviceScaleFactor: 1, mobile: false }, sessionId);
      await send("Page.navigate", { url }, sessionId);
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([load, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`${url} did not load within ${timeoutMs / 1000} s`)), timeoutMs)))]);
      clearTimeout(timer);
      const evaluate = async <T>(expression: string): Promise<T> => {
        const r = await send("Runtime.evaluate", { expression, awaitPromise: true, returnByValue: true }, sessionId);
        if (r.exceptionDetails) throw new Error(`page: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
        return r.result.value as T;
      };
      return {
        messages,
        requests,
        evaluate,
        async waitFor(expression, waitMs = 20_000) {
          const until = Date.now() + waitMs;
          while (!(await evaluate<boolean>(`Boolean(${expression})`))) {
            if (Date.now() > until) throw new Error(`timed out after ${waitMs} ms waiting for ${expression}`);
            await new Promise((r) => setTimeout(r, 50));
          }
        },
        async screenshot(clip) {
          const { width, height } = clip ?? (await evaluate<{ width: number; height: number }>("({ width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight })"));
          const r = await send("Page.captureScreenshot", { format: "png", captureBeyondViewport: true, clip: { x: clip?.x ?? 0, y: clip?.y ?? 0, width, height, scale: 1 } }, sessionId);
          return Buffer.from(r.data, "base64");
        },
      };
    },
    close,
  };
}

/**
 * An expression true when the page draws Chinese text with real glyphs: "客户" must not look like two
 * private-use code points, which no font has (without a CJK font both come out as the same boxes, or
 * as nothing).
 */
export const CJK_GLYPHS_EXPRESSION = `(() => {
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

/** Whether the page draws Chinese text with real glyphs ({@link CJK_GLYPHS_EXPRESSION}). */
export function drawsCjk(page: ChromiumPage): Promise<boolean> {
  return page.evaluate<boolean>(CJK_GLYPHS_EXPRESSION);
}
