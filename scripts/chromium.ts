/**
 * A screenshot of a page in headless Chromium (the driver is src/cli/chromium.ts, which the `chart`
 * command, scripts/render-charts.ts and the report's Chromium test use too):
 *
 *   npx tsx scripts/chromium.ts screenshot file:///tmp/report.html /tmp/report.png [width]
 *
 * Waits for the report's charts to be drawn (`data-rendered` on <html>) when the page has any, then
 * prints every console message, exception and browser log entry of the page on stderr.
 */
import { writeFileSync } from "node:fs";
import { launchChromium } from "../src/cli/chromium.js";

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

process.exitCode = await main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`chromium: ${error instanceof Error ? error.message : String(error)}`);
  return 1;
});
