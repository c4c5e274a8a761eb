import { z } from "zod";
import { describeValue } from "../errors.js";
import { thrownMessage } from "../input/readRecords.js";
import { defineOptions, parseOptions, type OptionsSchema } from "../options.js";
import type { JsonValue, VegaLiteSpec } from "./common.js";

/**
 * The symbol a Jupyter kernel for JavaScript looks for to display a value richly (Deno's
 * `Deno.jupyter.$display` is this `Symbol.for("Jupyter.display")`): a method returning a MIME bundle.
 */
export const JUPYTER_DISPLAY: unique symbol = Symbol.for("Jupyter.display") as never;

/** MIME type of a Vega-Lite v5 spec in a Jupyter MIME bundle. */
export const VEGA_LITE_MIME = "application/vnd.vegalite.v5+json";

/** A chart a notebook can display: the spec, and the Jupyter display method. */
export interface ChartDisplay {
  readonly spec: VegaLiteSpec;
  [JUPYTER_DISPLAY](): { [VEGA_LITE_MIME]: VegaLiteSpec; "text/plain": string };
}

/** Options of {@link toDisplay}. */
export interface ToDisplayOptions {
  /** The `text/plain` fallback (default: "Vega-Lite chart: <title> (<n> data rows)"). */
  description?: string;
}

/** zod schema of {@link ToDisplayOptions}. */
export const toDisplayOptionsSchema: OptionsSchema<ToDisplayOptions> = defineOptions<ToDisplayOptions>()({
  description: z.string().max(10_000).optional(),
});

/** Number of inline data rows anywhere in the spec. */
function dataRows(v: JsonValue | undefined): number {
  if (v === null || typeof v !== "object") return 0;
  if (Array.isArray(v)) return v.reduce((s: number, x) => s + dataRows(x), 0);
  let n = 0;
  for (const [k, x] of Object.entries(v)) {
    if (k === "data" && x !== null && typeof x === "object" && !Array.isArray(x) && Array.isArray(x.values)) n += x.values.length;
    else if (k === "layer" || k === "hconcat" || k === "vconcat" || k === "concat" || k === "spec") n += dataRows(x);
  }
  return n;
}

/** Deepest nesting of a spec that {@link toDisplay} accepts (Vega-Lite specs are a few levels deep). */
const MAX_DEPTH = 1000;

/**
 * Checks that a spec is JSON a notebook can show: every number finite, no BigInt, no cycle, not nested
 * beyond {@link MAX_DEPTH}, nothing that throws when read. Walks without recursion.
 * @throws {TypeError} naming the first bad value by its path (`spec.title.text`).
 */
function checkSpecJson(fn: string, spec: object): void {
  type Frame = { value: unknown; path: string; depth: number } | { leave: object };
  const stack: Frame[] = [{ value: spec, path: "spec", depth: 0 }];
  const open = new Set<object>(); // objects on the path from the root: meeting one again is a cycle
  const checked = new Set<object>(); // objects shared by several paths are checked once
  while (stack.length > 0) {
    const frame = stack.pop()!;
    if ("leave" in frame) {
      open.delete(frame.leave);
      checked.add(frame.leave);
      continue;
    }
    const { value, path, depth } = frame;
    if (typeof value === "number") {
      if (!Number.isFinite(value)) throw new TypeError(`${fn}: ${path} must be a finite number (a spec is JSON), got ${describeValue(value)}`);
      continue;
    }
    if (typeof value === "bigint") throw new TypeError(`${fn}: ${path} is a BigInt, which JSON cannot hold`);
    if (value === null || typeof value !== "object" || checked.has(value)) continue;
    if (open.has(value)) throw new TypeError(`${fn}: ${path} contains itself (a cycle): a spec is JSON`);
    if (depth >= MAX_DEPTH) throw new TypeError(`${fn}: ${path} is nested ${MAX_DEPTH} levels deep: not a Vega-Lite spec`);
    let entries: [string, unknown][];
    try {
      entries = Array.isArray(value) ? value.map((x, i) => [`[${i}]`, x] as [string, unknown]) : Object.entries(value).map(([k, x]) => [`.${k}`, x] as [string, unknown]);
    } catch (error) {
      throw new TypeError(`${fn}: reading ${path} threw: ${thrownMessage(error)}`);
    }
    open.add(value);
    stack.push({ leave: value });
    for (let j = entries.length - 1; j >= 0; j--) stack.push({ value: entries[j][1], path: path + entries[j][0], depth: depth + 1 });
  }
}

function titleText(spec: VegaLiteSpec): string | null {
  const t = spec.title;
  if (typeof t === "string") return t;
  if (t !== null && typeof t === "object" && !Array.isArray(t) && typeof t.text === "string") return t.text;
  return null;
}

/**
 * Wraps a Vega-Lite v5 spec so a Jupyter notebook with a JavaScript kernel (Deno's `deno jupyter`)
 * renders it when it is a cell's value: `[Symbol.for("Jupyter.display")]()` returns the MIME bundle
 * `{ "application/vnd.vegalite.v5+json": spec, "text/plain": description }`. Nothing is imported from
 * Deno or Jupyter; front ends that render Vega-Lite draw the chart, others show the text.
 *
 * @throws {TypeError} When `spec`'s `$schema` does not name Vega-Lite v5, when it is not JSON (a
 *   number that is NaN or ±Infinity anywhere, a BigInt, a value whose getter throws; the message names
 *   its path, `toDisplay: spec.title.text must be a finite number ...`), or on bad options.
 * @example
 * const spec = holdoutChart([{ frequency: 0, frequencyAtLeast: true, customers: 5, actual: 0.2, predicted: 0.25 }]);
 * const bundle = toDisplay(spec)[Symbol.for("Jupyter.display")]();
 * Object.keys(bundle); //=> ["application/vnd.vegalite.v5+json", "text/plain"]
 * bundle["text/plain"]; //=> "Vega-Lite chart: Calibration / holdout: purchases in the holdout period (2 data rows)"
 * @see Deno Jupyter kernel, rich display: https://docs.deno.com/runtime/reference/cli/jupyter/
 */
export function toDisplay(spec: VegaLiteSpec, options: ToDisplayOptions = {}): ChartDisplay {
  const fn = "toDisplay";
  const opts = parseOptions(fn, toDisplayOptionsSchema, options);
  let schema: unknown;
  try {
    schema = spec !== null && typeof spec === "object" && !Array.isArray(spec) ? spec.$schema : undefined;
  } catch (error) {
    throw new TypeError(`${fn}: reading spec.$schema threw: ${thrownMessage(error)}`);
  }
  if (typeof schema !== "string" || !/\/vega-lite\/v5(\.\d+)*\.json$/.test(schema)) {
    const got = spec !== null && typeof spec === "object" && !Array.isArray(spec) ? `$schema ${describeValue(schema)}` : describeValue(spec);
    throw new TypeError(`${fn}: spec must be a Vega-Lite v5 spec ($schema "https://vega.github.io/schema/vega-lite/v5.json"), got ${got}`);
  }
  checkSpecJson(fn, spec);
  const title = titleText(spec);
  const rows = dataRows(spec);
  const text = opts.description ?? `Vega-Lite chart${title ? `: ${title}` : ""} (${rows} data row${rows === 1 ? "" : "s"})`;
  return {
    spec,
    [JUPYTER_DISPLAY]: () => ({ [VEGA_LITE_MIME]: spec, "text/plain": text }),
  };
}
