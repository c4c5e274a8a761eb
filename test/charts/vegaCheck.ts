// Test helper: compiles a Vega-Lite spec with the real compiler (collecting every warning and error
// the compiler logs) and renders the compiled Vega spec headless to SVG.
import * as vega from "vega";
import { compile } from "vega-lite";

export interface CheckedChart {
  /** Messages Vega-Lite logged while compiling (warnings, errors). */
  messages: string[];
  /** The compiled Vega spec. */
  vegaSpec: vega.Spec;
  /** The chart rendered by Vega's headless SVG renderer. */
  svg: string;
  /** Messages Vega logged while running the view. */
  viewMessages: string[];
  /** Number of scenegraph items of every named mark (`layer_0_marks`, `concat_1_layer_0_marks`, …). */
  marks: Record<string, number>;
  /** Text of every title, axis title, label and legend entry drawn. */
  texts: string[];
}

interface SceneNode {
  marktype?: string;
  name?: string;
  role?: string;
  items?: SceneNode[];
  text?: string | string[];
}

function walkScene(node: SceneNode, marks: Record<string, number>, texts: string[]): void {
  if (node.marktype !== undefined) {
    const items = node.items ?? [];
    if (node.name) marks[node.name] = (marks[node.name] ?? 0) + items.length;
    for (const item of items) {
      if (node.marktype === "text" && item.text !== undefined) texts.push(Array.isArray(item.text) ? item.text.join(" ") : String(item.text));
      if (node.marktype === "group") for (const child of item.items ?? []) walkScene(child, marks, texts);
    }
  } else for (const child of node.items ?? []) walkScene(child, marks, texts);
}

/** Compiles and renders `spec`; throws when compiling or rendering throws. */
export async function checkChart(spec: unknown): Promise<CheckedChart> {
  const messages: string[] = [];
  const record = (level: string) => (...args: unknown[]) => {
    messages.push(`${level}: ${args.map(String).join(" ")}`);
    return logger;
  };
  const logger = {
    level: () => logger,
    error: record("error"),
    warn: record("warn"),
    info: () => logger,
    debug: () => logger,
  };
  // A JSON round trip first: the chart must not depend on anything JSON drops.
  const json = JSON.parse(JSON.stringify(spec));
  const compiled = compile(json, { logger: logger as never });
  const viewMessages: string[] = [];
  const view = new vega.View(vega.parse(compiled.spec), { renderer: "none" });
  view.logger({
    level: () => view as never,
    error: (...a: unknown[]) => viewMessages.push(`error: ${a.map(String).join(" ")}`),
    warn: (...a: unknown[]) => viewMessages.push(`warn: ${a.map(String).join(" ")}`),
    info: () => undefined,
    debug: () => undefined,
  } as never);
  await view.runAsync();
  const svg = await view.toSVG();
  const marks: Record<string, number> = {};
  const texts: string[] = [];
  walkScene((view.scenegraph() as unknown as { root: SceneNode }).root, marks, texts);
  view.finalize();
  return { messages, vegaSpec: compiled.spec, svg, viewMessages, marks, texts };
}

/** Number of occurrences of `needle` in `haystack`. */
export const count = (haystack: string, needle: string | RegExp) =>
  typeof needle === "string" ? haystack.split(needle).length - 1 : (haystack.match(new RegExp(needle, "g")) ?? []).length;
