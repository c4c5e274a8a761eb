import { describe, expect, expectTypeOf, test } from "vitest";
import { classifyAbc } from "../../src/index.js";
import { JUPYTER_DISPLAY, VEGA_LITE_MIME, paretoChart, segmentBarChart, toDisplay, toDisplayOptionsSchema, type ChartDisplay, type ToDisplayOptions, type VegaLiteSpec } from "../../src/charts/index.js";
import { segmentRows } from "./fixtures.js";
import { unitLayers } from "./layers.js";

type Any = any;

describe("toDisplay", () => {
  test("gives the Vega-Lite MIME bundle under Symbol.for('Jupyter.display')", () => {
    const spec = segmentBarChart(segmentRows);
    const display = toDisplay(spec);
    expect(JUPYTER_DISPLAY).toBe(Symbol.for("Jupyter.display"));
    const bundle = (display as Any)[Symbol.for("Jupyter.display")]();
    expect(bundle[VEGA_LITE_MIME]).toBe(spec);
    expect(bundle["text/plain"]).toBe("Vega-Lite chart: Customers and revenue per segment (4 data rows)");
    expect(display.spec).toBe(spec);
    expect(toDisplay(spec, { description: "x" })[JUPYTER_DISPLAY]()["text/plain"]).toBe("x");
  });

  test("rows of the layers' own data count too", () => {
    const pareto = paretoChart(classifyAbc([{ customerId: "a", monetary: 1 }, { customerId: "b", monetary: 2 }]));
    const layerRows = new Set(unitLayers(pareto).map((l) => l.data)).size - 1; // data objects other than the top-level one
    const own = unitLayers(pareto)
      .map((l) => l.data)
      .filter((d, i, all) => d !== (pareto as Any).data && all.indexOf(d) === i)
      .reduce((s: number, d: Any) => s + d.values.length, 0);
    expect(layerRows).toBe(2); // the diagonal's one row and the two cut points
    expect(toDisplay(pareto)[JUPYTER_DISPLAY]()["text/plain"]).toBe(`Vega-Lite chart: Pareto curve and ABC classes (${(pareto as Any).data.values.length + own} data rows)`);
  });

  test("refuses what is not a Vega-Lite v5 spec, and unknown options", () => {
    expect(() => toDisplay({ $schema: "https://vega.github.io/schema/vega-lite/v4.json" } as never)).toThrow(
      /^toDisplay: spec must be a Vega-Lite v5 spec \(\$schema "https:\/\/vega.github.io\/schema\/vega-lite\/v5.json"\), got \$schema "https:/,
    );
    expect(() => toDisplay(null as never)).toThrow(/got null$/);
    expect(() => toDisplay({ $schema: "https://vega.github.io/schema/vega-lite/v5.23.0.json" })).not.toThrow();
    expect(() => toDisplay(segmentBarChart(segmentRows), { title: "x" } as never)).toThrow(new TypeError('toDisplay: options: unknown option "title"'));
  });

  test("a spec with NaN or ±Infinity anywhere, a cycle or a throwing getter is a TypeError naming toDisplay", () => {
    const spec: Any = structuredClone(segmentBarChart(segmentRows));
    spec.title.text = -Infinity;
    expect(() => toDisplay(spec)).toThrow(new TypeError("toDisplay: spec.title.text must be a finite number (a spec is JSON), got -Infinity"));
    const nan: Any = structuredClone(segmentBarChart(segmentRows));
    nan.data.values[2].revenue = Number.NaN;
    expect(() => toDisplay(nan)).toThrow(new TypeError("toDisplay: spec.data.values[2].revenue must be a finite number (a spec is JSON), got NaN"));
    const cyclic: Any = { $schema: "https://vega.github.io/schema/vega-lite/v5.json", layer: [] };
    cyclic.layer.push(cyclic);
    expect(() => toDisplay(cyclic)).toThrow(new TypeError("toDisplay: spec.layer[0] contains itself (a cycle): a spec is JSON"));
    const getter: Any = { $schema: "https://vega.github.io/schema/vega-lite/v5.json" };
    Object.defineProperty(getter, "width", { enumerable: true, get: () => { throw new Error("boom"); } });
    expect(() => toDisplay(getter)).toThrow(/^toDisplay: reading spec threw: boom$/);
    // a part shared by two places is not a cycle
    const shared = { type: "quantitative" };
    expect(() => toDisplay({ $schema: "https://vega.github.io/schema/vega-lite/v5.json", encoding: { x: shared, y: shared } })).not.toThrow();
  });

  test("types: input, options, result", () => {
    expectTypeOf(toDisplay).parameter(0).toEqualTypeOf<VegaLiteSpec>();
    expectTypeOf(toDisplay).parameter(1).toEqualTypeOf<ToDisplayOptions | undefined>();
    expectTypeOf(toDisplay).returns.toEqualTypeOf<ChartDisplay>();
    expectTypeOf<keyof typeof toDisplayOptionsSchema.shape>().toEqualTypeOf<keyof ToDisplayOptions>();
  });
});
