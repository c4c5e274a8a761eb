// The one headless-Chromium driver (src/cli/chromium.ts): what a page says and asks for is recorded,
// and a missing binary is a clear error. The browser tests are skipped, with a message, only when
// Chromium is missing; .ci/run installs it.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ChromiumMissingError, chromiumPath, drawsCjk, hasChromium, launchChromium, type Chromium } from "../../src/cli/chromium.js";

test("chromiumPath reads CHROMIUM, else /usr/bin/chromium", () => {
  expect(chromiumPath({ CHROMIUM: "/opt/chrome" })).toBe("/opt/chrome");
  expect(chromiumPath({})).toBe("/usr/bin/chromium");
});

test("a missing binary is a ChromiumMissingError naming the path and what to install", async () => {
  expect(hasChromium("/nonexistent/chromium")).toBe(false);
  const error = await launchChromium({ chromium: "/nonexistent/chromium" }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ChromiumMissingError);
  expect((error as Error).message).toBe("no Chromium at /nonexistent/chromium (Debian: apt-get install -y chromium fonts-noto-cjk; or set CHROMIUM=/path/to/chrome)");
});

const available = hasChromium();
if (!available) console.warn(`chromium.test: browser tests SKIPPED, no Chromium at ${chromiumPath()}`);

describe.skipIf(!available)("launchChromium", () => {
  let browser: Chromium;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "chromium-test-"));
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("a page's console calls, exceptions, log entries and requests are recorded", { timeout: 30_000 }, async () => {
    const file = join(dir, "page.html");
    writeFileSync(
      file,
      `<!doctype html><html><head><meta charset="utf-8"></head><body style="margin:0"><div style="width:300px;height:200px;background:red"></div>
<img src="missing.png"><script>console.log("hello", 1); console.warn("careful"); setTimeout(() => { throw new Error("boom"); });</script></body></html>`,
    );
    const url = pathToFileURL(file).href;
    const page = await browser.open(url, { width: 400, height: 300 });
    await page.waitFor("true");
    await new Promise((r) => setTimeout(r, 200));
    expect(page.messages).toContainEqual({ type: "log", text: "hello 1" });
    expect(page.messages).toContainEqual({ type: "warning", text: "careful" });
    expect(page.messages.some((m) => m.type === "exception" && m.text.includes("boom"))).toBe(true);
    expect(page.messages.some((m) => m.type.startsWith("log-") && m.text.includes("missing.png"))).toBe(true);
    expect(page.requests).toEqual([url, new URL("missing.png", url).href]);
    expect(await page.evaluate<number>("Promise.resolve(6 * 7)")).toBe(42);
    await expect(page.evaluate("undefinedName")).rejects.toThrow(/^page: ReferenceError/);
    await expect(page.waitFor("false", 100)).rejects.toThrow("timed out after 100 ms waiting for false");
    const png = await page.screenshot({ x: 0, y: 0, width: 10, height: 10 });
    expect([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join("")).toBe("PNG");
    expect(png.readUInt32BE(16)).toBe(10); // IHDR width
  });

  test("about:blank by default; drawsCjk tells whether Chinese text has glyphs", { timeout: 30_000 }, async () => {
    const page = await browser.open();
    expect(await page.evaluate<string>("location.href")).toBe("about:blank");
    expect(typeof (await drawsCjk(page))).toBe("boolean");
  });
});
