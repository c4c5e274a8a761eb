import { describe, expect, expectTypeOf, test } from "vitest";
import fc from "fast-check";
import { AnalyticsInputError, segmentMovement } from "../../src/index.js";
import { segmentMovementChart, segmentMovementChartOptionsSchema, type SegmentMovementChartOptions, type VegaLiteSpec } from "../../src/charts/index.js";
import { deepFreeze } from "../helpers/arbitraries.js";
import { layerOf, layersOf } from "./layers.js";

type Any = any;

const from = [
  { customerId: "a", segment: "important_value" },
  { customerId: "b", segment: "general_win_back" },
  { customerId: "c", segment: "general_win_back" },
  { customerId: "e", segment: "general_win_back" },
];
const to = [
  { customerId: "a", segment: "general_win_back" },
  { customerId: "b", segment: "general_win_back" },
  { customerId: "d", segment: "important_value" },
  { customerId: "e", segment: "important_value" },
];
const moves = deepFreeze(segmentMovement(from, to, { revenue: (_r: unknown, i: number) => i + 1 }));

/** An AnalyticsInputError with exactly this one issue. */
const oneIssue = (issue: object) => expect.objectContaining({ name: "AnalyticsInputError", issues: [expect.objectContaining(issue)] });

describe("segmentMovementChart", () => {
  test("one row per cell, from down and to across, new as the last row and lost as the last column", () => {
    const spec: Any = segmentMovementChart(moves);
    expect(spec.$schema).toContain("vega-lite/v5");
    expect(spec.data.values).toHaveLength(8);
    const shown = spec.data.values.filter((d: Any) => d.customers > 0).map((d: Any) => [d.fromLabel, d.toLabel, d.customers, d.shareOfFrom, d.text]);
    expect(shown).toEqual([
      ["Important value", "General win-back", 1, 1, "1\n100%"],
      ["General win-back", "Important value", 1, 1 / 3, "1\n33%"],
      ["General win-back", "General win-back", 1, 1 / 3, "1\n33%"],
      ["General win-back", "(lost)", 1, 1 / 3, "1\n33%"],
      ["(new)", "Important value", 1, 1, "1\n100%"],
    ]);
    expect(spec.encoding.y.scale.domain).toEqual(["Important value", "General win-back", "(new)"]);
    expect(spec.encoding.x.scale.domain).toEqual(["Important value", "General win-back", "(lost)"]);
    expect(spec.encoding.x.title).toBe("To");
    // the diagonal outlined, empty cells without text
    expect(layerOf(spec, "rect", (l) => l.transform !== undefined).spec.transform).toEqual([{ filter: "datum.same" }]);
    expect(spec.data.values.filter((d: Any) => d.same).map((d: Any) => d.from)).toEqual(["important_value", "general_win_back"]);
    expect(spec.data.values.filter((d: Any) => d.customers === 0).every((d: Any) => d.text === "")).toBe(true);
    expect(spec.title.subtitle[0]).toBe("5 customers · stayed 1 · moved 2 · new 1 · lost 1");
    // revenue of the cells in the tooltip when the result has it
    expect(spec.data.values[1]).toMatchObject({ from: "important_value", to: "general_win_back", revenueFrom: 1, revenueTo: 1 });
    expect(layerOf(spec, "rect", (l) => l.encoding !== undefined).spec.encoding.tooltip.map((t: Any) => t.field)).toContain("revenueTo");
    expect(layerOf(spec, "rect", (l) => l.encoding !== undefined).spec.encoding.color.scale).toEqual({ type: "sqrt", scheme: "blues", domain: [0, 1] });
  });

  test("Chinese labels, dates in the axis titles, the caller's labels and the share metric", () => {
    const zh: Any = segmentMovementChart(moves, { language: "zh", fromDate: "2024-01-01", toDate: "2024-06-30" });
    expect(zh.title.text).toBe("客户细分迁移");
    expect(zh.encoding.y.scale.domain).toEqual(["重要价值客户", "一般挽留客户", "（新增）"]);
    expect(zh.encoding.x.scale.domain).toEqual(["重要价值客户", "一般挽留客户", "（流失）"]);
    expect([zh.encoding.y.title, zh.encoding.x.title]).toEqual(["起始分类（2024-01-01）", "目标分类（2024-06-30）"]);
    expect(zh.title.subtitle[0]).toBe("5 位客户 · 保持 1 · 迁移 2 · 新增 1 · 流失 1");
    const own: Any = segmentMovementChart(moves, { labels: { important_value: "Top" }, metric: "shareOfFrom", title: "" });
    expect(own.encoding.y.scale.domain).toEqual(["Top", "General win-back", "(new)"]);
    expect(own.title).toBeUndefined();
    expect(own.data.values.map((d: Any) => d.value)).toEqual(own.data.values.map((d: Any) => d.shareOfFrom));
    // labels that collide are told apart by id
    const same: Any = segmentMovementChart(moves, { labels: { important_value: "X", general_win_back: "X" } });
    expect(same.encoding.x.scale.domain).toEqual(["X (important_value)", "X (general_win_back)", "(lost)"]);
    // a class label equal to the new-row label
    expect((segmentMovementChart(moves, { labels: { important_value: "(new)" } }) as Any).encoding.y.scale.domain).toEqual(["(new) (important_value)", "General win-back (general_win_back)", "(new)"]);
    expect(layersOf(segmentMovementChart(moves, { cellText: false }), "text")).toHaveLength(0);
  });

  test("a share under 1% reads <1%", () => {
    const many = segmentMovement(
      Array.from({ length: 300 }, (_, i) => ({ customerId: `c${i}`, segment: "a" })),
      Array.from({ length: 300 }, (_, i) => ({ customerId: `c${i}`, segment: i === 0 ? "b" : "a" })),
    );
    const spec: Any = segmentMovementChart(many);
    expect(spec.data.values.find((d: Any) => d.from === "a" && d.to === "b").text).toBe("1\n<1%");
    expect(spec.data.values.find((d: Any) => d.from === "a" && d.to === "a").text).toBe("299\n100%");
  });

  test("bad input: not a result, bad cells, bad classes, bad options", () => {
    expect(() => segmentMovementChart([] as never)).toThrow(new TypeError("segmentMovementChart: expected segmentMovement's result (with meta.cells), got an array"));
    expect(() => segmentMovementChart({ meta: { classes: [], cells: [] } })).toThrow(RangeError);
    const cells = moves.meta.cells.map((c) => ({ ...c }));
    const withCells = (patch: (c: Any[]) => void, classes: unknown = moves.meta.classes) => {
      const copy: Any[] = cells.map((c) => ({ ...c }));
      patch(copy);
      return () => segmentMovementChart({ meta: { classes, cells: copy } } as never);
    };
    expect(withCells((c) => (c[0].customers = -1))).toThrow(oneIssue({ code: "invalid_value", path: ["cells", 0, "customers"] }));
    expect(withCells((c) => (c[0].shareOfFrom = 1.5))).toThrow(oneIssue({ code: "invalid_value", path: ["cells", 0, "shareOfFrom"] }));
    expect(withCells((c) => (c[2].to = "nope"))).toThrow(oneIssue({ code: "invalid_value", path: ["cells", 2, "to"] }));
    expect(withCells((c) => c.push({ ...c[0] }))).toThrow(oneIssue({ code: "invalid_value", path: ["cells", 8, "to"] }));
    expect(withCells((c) => c.push({ ...c[0], from: null, to: null }))).toThrow(oneIssue({ code: "invalid_value", path: ["cells", 8, "from"] }));
    expect(withCells(() => {}, ["a", "a"])).toThrow(oneIssue({ code: "invalid_value", path: ["meta", "classes"] }));
    expect(withCells(() => {}, "a")).toThrow(AnalyticsInputError);
    expect(() => segmentMovementChart(moves, { metric: "revenue" } as never)).toThrow(/^segmentMovementChart: /);
    expect(() => segmentMovementChart(moves, { colour: "red" } as never)).toThrow(/^segmentMovementChart: /);
  });

  test("the input is not mutated; the output is JSON; types", () => {
    const before = JSON.stringify(moves);
    const spec = segmentMovementChart(moves, { language: "zh" });
    expect(JSON.stringify(moves)).toBe(before);
    expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
    expectTypeOf(segmentMovementChart).returns.toEqualTypeOf<VegaLiteSpec>();
    expectTypeOf(segmentMovementChart).parameter(1).toEqualTypeOf<SegmentMovementChartOptions | undefined>();
    expectTypeOf<keyof typeof segmentMovementChartOptionsSchema.shape>().toEqualTypeOf<keyof SegmentMovementChartOptions>();
  });

  test("property: every cell drawn once, the subtitle's counts add up to the customers", () => {
    const cls = fc.constantFrom("x", "y", "z");
    const side = fc.uniqueArray(fc.record({ customerId: fc.constantFrom("a", "b", "c", "d", "e", "f"), segment: cls }), { selector: (r) => r.customerId, maxLength: 6 });
    fc.assert(
      fc.property(side, side, (a, b) => {
        fc.pre(a.length + b.length > 0);
        const result = segmentMovement(a, b);
        const spec: Any = segmentMovementChart(result);
        expect(spec.data.values).toHaveLength(result.meta.cells.length);
        const total = spec.data.values.reduce((s: number, d: Any) => s + d.customers, 0);
        expect(total).toBe(result.meta.customers);
        expect(spec.title.subtitle[0].startsWith(`${total} customer`)).toBe(true);
        expect(JSON.stringify(spec)).not.toMatch(/NaN|Infinity/);
      }),
    );
  });
});
