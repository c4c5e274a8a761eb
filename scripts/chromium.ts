/**
 * Headless Chromium driven over the DevTools protocol on a pipe (messages are NUL-terminated JSON on
 * fds 3 and 4), as scripts/render-charts.ts does it, for scripts and tests that need a real browser:
 * open a page, watch its console, exceptions and network requests, evaluate expressions, take
 * screenshots. No dependency beyond Node and a Chromium binary (/usr/bin/chromium, or CHROMIUM=...).
 *
 *   const browser = await launchChromium();
 *   const page = await browser.open("file:///tmp/report.html", { width: 1200, height: 900 });
 *   await page.waitFor("document.documentElement.dataset.rendered !== undefined");
 *   console.log(page.messages, page.requests);
 *   await browser.close();
 *
 * Used by test/report/report.chromium.test.ts and, from the command line, to screenshot a page:
 *
 *   npx tsx scripts/chromium.ts screenshot file:///tmp/report.html /tmp/report.png [width]
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The Chromium binary: `CHROMIUM` or /usr/bin/chromium. */
export const chromiumPath = (): string => process.env.CHROMIUM ?? "/usr/bin/chromium";

/** Whether the Chromium binary exists. */
export const hasChromium = (): boolean => existsSync(chromiumPath());

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
  /** Evaluates an expression in the page (promises awaited), returning its value as JSON. */
  evaluate<T = unknown>(expression: string): Promise<T>;
  /** Polls `expression` until it is truthy; throws after `timeoutMs`. */
  waitFor(expression: string, timeoutMs?: number): Promise<void>;
  /** A PNG of the whole page (beyond the viewport) or of `clip`. */
  screenshot(clip?: { x: number; y: number; width: number; height: number }): Promise<Buffer>;
}

/** A running headless Chromium. */
export interface Chromium {
  /** Opens `url` in a new page of `width` × `height` CSS pixels and waits for its load event. */
  open(url: string, viewport?: { width: number; height: number }): Promise<ChromiumPage>;
  /** Closes the browser and removes its profile. */
  close(): Promise<void>;
}

type Message = { id?: number; method?: string; params?: any; sessionId?: string; result?: any; error?: { message: string } };

/** Starts headless Chromium with a throw-away profile; network access other than file: is not needed. */
export async function launchChromium(options: { args?: string[] } = {}): Promise<Chromium> {
  const binary = chromiumPath();
  if (!existsSync(binary)) throw new Error(`no Chromium at ${binary} (Debian: apt-get install -y chromium fonts-noto-cjk; or set CHROMIUM=/path/to/chrome)`);
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
  browser.stderr!.on("data", (d) => (stderr += d.toString()));
  const toBrowser = browser.stdio[3] as NodeJS.WritableStream;
  const fromBrowser = browser.stdio[4] as NodeJS.ReadableStream;
  const pending = new Map<number, (msg: Message) => void>();
  const listeners = new Map<string, (msg: Message) => void>();
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
  browser.on("exit", (code) => {
    for (const settle of pending.values()) settle({ error: { message: `chromium exited (${code}): ${stderr.slice(-500)}` } });
    pending.clear();
  });
  const send = (method: string, params: object = {}, sessionId?: string): Promise<any> =>
    new Promise((resolve, reject) => {
      const id = ++nextId;
      pending.set(id, (msg) => (msg.error ? reject(new Error(`${method}: ${msg.error.message}`)) : resolve(msg.result)));
      toBrowser.write(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }) + "\0");
    });
  // The first command answers once the browser is up.
  await send("Browser.getVersion");

  return {
    async open(url, viewport = { width: 1200, height: 900 }) {
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
      await load;
      const evaluate = async <T>(expression: string): Promise<T> => {
        const r = await send("Runtime.evaluate", { expression, awaitPromise: true, returnByValue: true }, sessionId);
        if (r.exceptionDetails) throw new Error(`page: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
        return r.result.value as T;
      };
      return {
        messages,
        requests,
        evaluate,
        async waitFor(expression, timeoutMs = 20_000) {
          const until = Date.now() + timeoutMs;
          while (!(await evaluate<boolean>(`Boolean(${expression})`))) {
            if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${expression}`);
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
    async close() {
      await send("Browser.close").catch(() => undefined);
      const exited = new Promise((resolve) => (browser.exitCode !== null ? resolve(null) : browser.once("exit", resolve)));
      const timer = setTimeout(() => browser.kill(), 5000);
      await exited;
      clearTimeout(timer);
      rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    },
  };
}

async function main(args: string[]): Promise<number> {
  if (args[0] !== "screenshot" || args.length < 3) {
    console.error("usage: tsx scripts/chromium.ts screenshot URL OUT.png [width]");
    return 2;
  }
  const browser = await launchChromium();
  try {
    const page = await browser.open(args[1], { width: Number(args[3] ?? 1200), height: 900 });
    await page.waitFor("document.documentElement.dataset.rendered !== undefined || !document.querySelector('script[data-chart]')").catch(() => undefined);
    writeFileSync(args[2], await page.screenshot());
    for (const m of page.messages) console.error(`${m.type}: ${m.text}`);
  } finally {
    await browser.close();
  }
  return 0;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = await main(process.argv.slice(2));
