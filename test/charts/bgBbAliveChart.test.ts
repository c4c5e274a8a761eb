import { describe, expect, expectTypeOf, test } from "vitest";
import fc from "fast-check";
import { predictBgBb } from "../../src/index.js";
import { bgBbAliveChart, bgBbAliveChartOptionsSchema, type BgBbAliveChartOptions, type VegaLiteSpec } from "../../src/charts/index.js";
import { deepFreeze } from "../helpers/arbitraries.js";
import { layerOf, layersOf } from "./layers.js";

type Any = any;

// Fader, Hardie & Shang (2010): the donations data, n = 6
const params = deepFreeze({ alpha: 1.2035, beta: 0.7497, gamma: 0.6567, delta: 2.7834 });

describe("bgBbAliveChart", () => {
  test("one cell per possible history (x = t_x = 0, and 1 <= x <= t_x <= n), P(alive) as predictBgBb's", () => {
    const spec: Any = bgBbAliveChart(params, { n: 6 });
    const cells = spec.data.values.map((d: Any) => [d.x, d.tx]);
    expect(cells).toHaveLength(1 + (6 * 7) / 2);
    expect(cells[0]).toEqual([0, 0]);
    for (const [x, tx] of cells.slice(1)) expect(1 <= x && x <= tx && tx <= 6).toBe(true);
    expect(new Set(cells.map(String)).size).toBe(cells.length);
    // the published example: x = 2, t_x = 4, n = 6
    expect(spec.data.values.find((d: Any) => d.x === 2 && d.tx === 4).pAlive).toBeCloseTo(0.5897, 4);
    const { customers } = predictBgBb(params, [{ frequency: 3, recency: 5, n: 6 }], { opportunities: 1 });
    expect(spec.data.values.find((d: Any) => d.x === 3 && d.tx === 5).pAlive).toBe(customers[0].pAlive);
    // t_x = n: the customer was there at the last opportunity, P(alive) the highest
    const rect = layerOf(spec, "rect").spec;
    expect(rect.encoding.color.scale.domain).toEqual([0, 1]);
    expect(rect.encoding.y.scale.domain).toEqual([6, 5, 4, 3, 2, 1, 0]);
    expect(layerOf(spec, "text").spec.encoding.text.field).toBe("label");
    expect(spec.title.text).toBe("BG/BB: probability alive after 6 opportunities");
    expect(spec.title.subtitle[0]).toBe("α = 1.204, β = 0.7497, γ = 0.6567, δ = 2.783");
    expect(spec.title.subtitle[1]).toMatch(/^lowest \d+\.\d% \(x = \d+, t_x = \d+\), highest \d+\.\d% \(x = \d+, t_x = 6\)$/);
  });

  test("a fit's params; no labels above n = 12 unless asked; Chinese", () => {
    const big: Any = bgBbAliveChart({ params }, { n: 20 });
    expect(big.data.values).toHaveLength(1 + (20 * 21) / 2);
    expect(layersOf(big, "text")).toHaveLength(0);
    expect(layersOf(bgBbAliveChart(params, { n: 20, labels: true }), "text")).toHaveLength(1);
    const zh: Any = bgBbAliveChart(params, { n: 6, language: "zh" });
    expect(zh.title.text).toBe("BG/BB：6 次购买机会后仍活跃的概率");
    const rect = layerOf(zh, "rect").spec;
    expect([rect.encoding.x.title, rect.encoding.y.title, rect.encoding.color.title]).toEqual(["最后一次交易所在的机会（t_x）", "重复交易次数（x）", "活跃概率"]);
    expect(zh.title.subtitle[1]).toMatch(/^最低 .*，最高 /);
  });

  test("bad arguments", () => {
    expect(() => bgBbAliveChart(params, {} as never)).toThrow(/^bgBbAliveChart: /);
    expect(() => bgBbAliveChart(params, { n: 0 })).toThrow(/^bgBbAliveChart: /);
    expect(() => bgBbAliveChart(params, { n: 101 })).toThrow(/^bgBbAliveChart: /);
    expect(() => bgBbAliveChart({ ...params, gamma: 0 }, { n: 6 })).toThrow(new RangeError("bgBbAliveChart: params.gamma must be a finite positive number, got 0"));
    expect(() => bgBbAliveChart({ params: { ...params, delta: Number.NaN } }, { n: 6 })).toThrow(new RangeError("bgBbAliveChart: params.delta must be a finite positive number, got NaN"));
    expect(() => bgBbAliveChart(null as never, { n: 6 })).toThrow(TypeError);
    expect(() => bgBbAliveChart({ params: null } as never, { n: 6 })).toThrow(TypeError);
  });

  test("the input is not mutated; the output is JSON; types", () => {
    const before = JSON.stringify(params);
    const spec = bgBbAliveChart(params, { n: 6, width: 300, height: 200 });
    expect(JSON.stringify(params)).toBe(before);
    expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
    expect([spec.width, spec.height]).toEqual([300, 200]);
    expectTypeOf(bgBbAliveChart).returns.toEqualTypeOf<VegaLiteSpec>();
    expectTypeOf(bgBbAliveChart).parameter(1).toEqualTypeOf<BgBbAliveChartOptions>();
    expectTypeOf<keyof typeof bgBbAliveChartOptionsSchema.shape>().toEqualTypeOf<keyof BgBbAliveChartOptions>();
  });

  test("property: P(alive) in [0, 1], rising with t_x at fixed x; no NaN", () => {
    const positive = fc.double({ min: 0.05, max: 50, noNaN: true });
    fc.assert(
      fc.property(positive, positive, positive, positive, fc.integer({ min: 1, max: 15 }), (alpha, beta, gamma, delta, n) => {
        const spec: Any = bgBbAliveChart({ alpha, beta, gamma, delta }, { n });
        const v = spec.data.values;
        expect(v).toHaveLength(1 + (n * (n + 1)) / 2);
        for (const d of v) expect(d.pAlive >= 0 && d.pAlive <= 1).toBe(true);
        for (let i = 1; i < v.length; i++) if (v[i].x === v[i - 1].x) expect(v[i].pAlive).toBeGreaterThanOrEqual(v[i - 1].pAlive * (1 - 1e-12));
        expect(JSON.stringify(spec)).not.toMatch(/NaN|Infinity/);
      }),
    );
  });
});
