// Properties of the chart builders on generated customers: plain JSON out, inputs untouched, data rows
// conserved, size bounded however many customers there are.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { AnalyticsInputError, classifyAbc, clvQuadrants, cohortRetention, periodIndicators, scoreRfm, segmentRfm } from "../../src/index.js";
import { clusterCustomers } from "../../src/cluster/index.js";
import {
  clusterScatter,
  clvQuadrantChart,
  cohortHeatmap,
  holdoutChart,
  paretoChart,
  periodChart,
  rfmHeatmap,
  segmentBarChart,
  segmentMovementChart,
  segmentShareChart,
  whaleCurveChart,
  survivalChart,
  retentionCurveChart,
  bgBbAliveChart,
  type VegaLiteSpec,
} from "../../src/charts/index.js";
import { customerRecords, deepFreeze, transactionRows } from "../helpers/arbitraries.js";
import { layerOf } from "./layers.js";

type Any = any;

/** Path of the first value that is not JSON (undefined, function, NaN, ±Infinity, symbol, class instance). */
function notJson(v: unknown, path = "spec"): string | null {
  if (v === null || typeof v === "string" || typeof v === "boolean") return null;
  if (typeof v === "number") return Number.isFinite(v) ? null : path;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const bad = notJson(v[i], `${path}[${i}]`);
      if (bad) return bad;
    }
    return null;
  }
  if (typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
    for (const [k, x] of Object.entries(v as object)) {
      const bad = notJson(x, `${path}.${k}`);
      if (bad) return bad;
    }
    return null;
  }
  return path;
}

function expectPlainJson(spec: VegaLiteSpec) {
  expect(notJson(spec)).toBeNull();
  expect(JSON.parse(JSON.stringify(spec))).toStrictEqual(spec);
  expect(spec.$schema).toBe("https://vega.github.io/schema/vega-lite/v5.json");
}

/** Runs `f` unless the analysis refuses the generated data (e.g. a total value of 0 for ABC). */
function unlessDegenerate<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch (e) {
    if (e instanceof AnalyticsInputError) return undefined;
    throw e;
  }
}

const languages = fc.constantFrom("en" as const, "zh" as const);

describe("chart properties", () => {
  test("segment charts: plain JSON, input unchanged, one bar per summary row (two parts in the share chart)", () => {
    fc.assert(
      fc.property(customerRecords(), languages, fc.constantFrom("customers" as const, "revenue" as const, "both" as const), (rows, language, metric) => {
        const result = deepFreeze(segmentRfm(rows));
        const before = structuredClone(result);
        const bars = segmentBarChart(result, { language, metric }) as Any;
        expectPlainJson(bars);
        expect(bars.data.values).toHaveLength(result.meta.segments.length);
        expect(bars.data.values.reduce((s: number, d: Any) => s + d.customers, 0)).toBe(rows.length);
        const sort = metric === "both" ? bars.hconcat[0].encoding.y.sort : bars.encoding.y.sort;
        expect([...sort].sort()).toEqual(bars.data.values.map((d: Any) => d.label).sort());
        if (result.meta.segments.every((s) => s.revenue >= 0) && result.meta.segments.some((s) => s.revenue > 0)) {
          const shares = segmentShareChart(result, { language }) as Any;
          expectPlainJson(shares);
          expect(shares.data.values).toHaveLength(2 * result.meta.segments.length);
          for (const measure of new Set(shares.data.values.map((d: Any) => d.measure))) {
            const parts = shares.data.values.filter((d: Any) => d.measure === measure);
            expect(parts[0].start).toBe(0);
            expect(parts.at(-1).end).toBe(1);
            for (let i = 1; i < parts.length; i++) expect(parts[i].start).toBe(parts[i - 1].end);
          }
        }
        expect(result).toEqual(before);
      }),
    );
  });

  test("rfmHeatmap: plain JSON, input unchanged, every customer in exactly one cell", () => {
    fc.assert(
      fc.property(customerRecords(), fc.integer({ min: 2, max: 6 }), languages, (rows, bins, language) => {
        const result = deepFreeze(scoreRfm(rows, { bins }));
        const before = structuredClone(result);
        const spec = rfmHeatmap(result, { language }) as Any;
        expectPlainJson(spec);
        expect(spec.data.values.reduce((s: number, d: Any) => s + d.customers, 0)).toBe(rows.length);
        const keys = spec.data.values.map((d: Any) => `${d.r},${d.f}`);
        expect(new Set(keys).size).toBe(keys.length);
        expect(spec.data.values.length).toBeLessThanOrEqual(bins * bins);
        expect(result).toEqual(before);
      }),
    );
  });

  test("paretoChart: at most maxPoints vertices, exact ends and cuts, within 2/(maxPoints − 4) of the exact curve", () => {
    fc.assert(
      fc.property(customerRecords(300), fc.integer({ min: 16, max: 80 }), fc.constantFrom("fixed" as const, "computed" as const), (rows, maxPoints, method) => {
        const result = unlessDegenerate(() => deepFreeze(classifyAbc(rows, { method })));
        if (!result) return;
        const before = structuredClone(result);
        const spec = paretoChart(result, { maxPoints }) as Any;
        expectPlainJson(spec);
        const values = spec.data.values;
        const vertices = values.filter((d: Any, i: number) => i === 0 || d.customerShare !== values[i - 1].customerShare || d.valueShare !== values[i - 1].valueShare);
        expect(vertices.length).toBeLessThanOrEqual(maxPoints);
        expect(values.length).toBeLessThanOrEqual(maxPoints + 2);
        expect(vertices[0]).toMatchObject({ customerShare: 0, valueShare: 0 });
        expect(vertices.at(-1).customerShare).toBe(1);
        // the exact curve: one vertex per customer, sorted by value (negatives count as 0)
        const n = rows.length;
        const sorted = rows.map((r) => Math.max(0, r.monetary)).sort((a, b) => b - a);
        const total = sorted.reduce((s, v) => s + v, 0);
        const exact = [0];
        let cum = 0;
        for (const v of sorted) exact.push((cum += v) / total);
        const at = (x: number) => {
          const k = Math.min(n - 1, Math.floor(x * n));
          return exact[k] + (x * n - k) * (exact[k + 1] - exact[k]);
        };
        const step = 2 / (maxPoints - 4);
        for (const v of vertices) expect(Math.abs(v.valueShare - at(v.customerShare))).toBeLessThan(1e-9);
        // between kept vertices the drawn line stays within `step` of the exact curve (on the y axis)
        for (let i = 1; i < vertices.length; i++) {
          const a = vertices[i - 1];
          const b = vertices[i];
          for (let k = Math.ceil(a.customerShare * n); k <= Math.floor(b.customerShare * n); k++) {
            const x = k / n;
            const t = b.customerShare === a.customerShare ? 0 : (x - a.customerShare) / (b.customerShare - a.customerShare);
            expect(Math.abs(a.valueShare + t * (b.valueShare - a.valueShare) - exact[k])).toBeLessThan(step + 1e-9);
          }
        }
        const cuts = layerOf(spec, "text", (l) => l.encoding.text.field === "text").data.values;
        expect(cuts[0].customerShare).toBe(result.meta.counts.A / n);
        expect(cuts[1].customerShare).toBe((result.meta.counts.A + result.meta.counts.B) / n);
        expect(result).toEqual(before);
      }),
      { numRuns: 60 },
    );
  });

  test("clvQuadrantChart: plain JSON, input unchanged, min(n, maxPoints) points, every quadrant count shown", () => {
    fc.assert(
      fc.property(customerRecords(), fc.integer({ min: 10, max: 80 }), (rows, maxPoints) => {
        const result = deepFreeze(clvQuadrants(rows.map((r) => ({ ...r, clv: r.frequency * 3 - r.recencyDays / 10 })), { potential: "clv" }));
        const before = structuredClone(result);
        const spec = clvQuadrantChart(result, { maxPoints, scale: "symlog" }) as Any;
        expectPlainJson(spec);
        expect(spec.data.values).toHaveLength(Math.min(rows.length, maxPoints));
        const ids = new Set(result.customers.map((q) => q.customerId));
        for (const d of spec.data.values) expect(ids.has(d.customerId)).toBe(true);
        const counted = layerOf(spec, "point").spec.encoding.color.scale.domain.map((l: string) => Number(/\(([\d,]+)\)$/.exec(l)![1].replace(/,/g, "")));
        expect(counted.reduce((a: number, b: number) => a + b, 0)).toBe(rows.length);
        expect(result).toEqual(before);
      }),
    );
  });

  test("cohortHeatmap: plain JSON, input unchanged, one row per cell", () => {
    fc.assert(
      fc.property(transactionRows(), fc.constantFrom("share" as const, "customers" as const, "revenue" as const), (tx, metric) => {
        const result = deepFreeze(cohortRetention(tx, { asOf: "2023-12-31", period: "quarter" }));
        const before = structuredClone(result);
        const spec = cohortHeatmap(result, { metric }) as Any;
        expectPlainJson(spec);
        expect(spec.data.values).toHaveLength(result.cells.length);
        expect(spec.data.values.map((d: Any) => d.value)).toEqual(result.cells.map((c) => c[metric]));
        expect(result).toEqual(before);
      }),
    );
  });

  test("periodChart: plain JSON, input unchanged, one row per period and rate, a null rate never drawn as a number", () => {
    fc.assert(
      fc.property(transactionRows(), languages, fc.constantFrom("none" as const, "active" as const, "revenue" as const), (tx, language, volume) => {
        const result = deepFreeze(periodIndicators(tx, { asOf: "2023-12-31", period: "quarter" }));
        const before = structuredClone(result);
        const spec = periodChart(result, { language, volume }) as Any;
        expectPlainJson(spec);
        const rows = layerOf(spec, "line").data.values;
        expect(rows).toHaveLength(2 * result.periods.length);
        expect(rows.filter((d: Any) => d.metric === "churnRate").map((d: Any) => d.value)).toEqual(result.periods.map((p) => p.churnRate));
        expect(rows.filter((d: Any) => d.partial).length).toBe(2 * result.periods.filter((p) => p.partial).length);
        expect(result).toEqual(before);
      }),
    );
  });

  test("clusterScatter: plain JSON, inputs unchanged, min(n, maxPoints) points with their clusters", () => {
    fc.assert(
      fc.property(customerRecords(40), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 10, max: 50 }), (rows, k, maxPoints) => {
        const frozen = deepFreeze(rows);
        const result = deepFreeze(clusterCustomers(frozen, { k: Math.min(k, rows.length), restarts: 2 }));
        const before = structuredClone(result);
        const spec = clusterScatter(frozen, result, { maxPoints, x: "frequency", y: "monetary", yScale: "symlog" }) as Any;
        expectPlainJson(spec);
        expect(spec.data.values).toHaveLength(Math.min(rows.length, maxPoints));
        const clusterOf = new Map(result.customers.map((c) => [c.customerId, c.cluster]));
        for (const d of spec.data.values) expect(d.cluster).toBe(clusterOf.get(d.customerId));
        const means = layerOf(spec, "point", (l) => l.mark.shape === "diamond").data.values;
        expect(means.reduce((s: number, m: Any) => s + m.customers, 0)).toBe(rows.length);
        expect(result).toEqual(before);
      }),
      { numRuns: 40 },
    );
  });

  test("holdoutChart: plain JSON, input unchanged, two rows per input row", () => {
    const row = fc.record({
      customers: fc.integer({ min: 1, max: 1000 }),
      actual: fc.double({ min: 0, max: 50, noNaN: true }),
      predicted: fc.double({ min: 0, max: 50, noNaN: true }),
    });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 12 }), languages, (raw, language) => {
        const rows = deepFreeze(raw.map((r, i) => ({ ...r, frequency: i, frequencyAtLeast: i === raw.length - 1 })));
        const spec = holdoutChart(rows, { language }) as Any;
        expectPlainJson(spec);
        expect(spec.data.values).toHaveLength(2 * rows.length);
        expect(spec.encoding.x.sort).toHaveLength(rows.length);
      }),
    );
  });
});

describe("size stays bounded for big inputs", () => {
  test("1,000,000 customers: the Pareto chart keeps ≤ 502 rows (about 25 kB)", () => {
    const n = 1_000_000;
    // a deterministic long-tailed spread of values, with ties
    const records = Array.from({ length: n }, (_, i) => ({ customerId: `c${i}`, monetary: Math.round(10_000 / (1 + ((i * 7919) % n) / 50)) }));
    const result = classifyAbc(records);
    const spec = paretoChart(result) as Any;
    expect(spec.data.values.length).toBeLessThanOrEqual(502);
    expect(JSON.stringify(spec).length).toBeLessThan(40_000);
    const cuts = layerOf(spec, "text", (l) => l.encoding.text.field === "text").data.values;
    expect(cuts[0].customerShare).toBe(result.meta.counts.A / n);
  });

  test("200,000 customers: scatter charts draw the 3,000-point sample, heatmaps one row per cell", () => {
    const n = 200_000;
    const customers = Array.from({ length: n }, (_, i) => ({ customerId: `c${i}`, recencyDays: (i * 37) % 700, frequency: 1 + ((i * 13) % 30), monetary: 5 + ((i * 7919) % 5000) }));
    const quadrants = clvQuadrants(customers.map((c) => ({ customerId: c.customerId, monetary: c.monetary, clv: c.frequency * 10 })), { potential: "clv" });
    const clv = clvQuadrantChart(quadrants) as Any;
    expect(clv.data.values).toHaveLength(3000);
    expect(JSON.stringify(clv).length).toBeLessThan(400_000);
    const heat = rfmHeatmap(scoreRfm(customers)) as Any;
    expect(heat.data.values.length).toBeLessThanOrEqual(25);
    expect(heat.data.values.reduce((s: number, d: Any) => s + d.customers, 0)).toBe(n);
  });
});

// Hostile numbers: every chart either returns a spec of finite numbers (and no "NaN"/"Infinity" in its
// texts) or throws AnalyticsInputError, TypeError or RangeError naming the function, never an
// internal error.
const hostile = fc.oneof(
  { weight: 4, arbitrary: fc.double() },
  { weight: 3, arbitrary: fc.constantFrom(1e308, -1e308, Number.MAX_VALUE, -Number.MAX_VALUE, 1.7e308, 9e307, 5e-324, -0, 0, 1, 2, 3, 0.5, 1e300, 2 ** 53, Number.NaN, Infinity, -Infinity) },
  { weight: 2, arbitrary: fc.integer({ min: -5, max: 20 }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>("1", null, undefined, true, {}, []) },
);
const text = fc.constantFrom("a", "b", "c", "x", "", "important_value");

function checkOutcome(fn: string, run: () => unknown): void {
  let spec: unknown;
  try {
    spec = run();
  } catch (error) {
    const kind = error instanceof AnalyticsInputError || error instanceof TypeError || error instanceof RangeError;
    if (!kind || !(error as Error).message.startsWith(`${fn}: `)) throw new Error(`${fn} threw ${(error as Error)?.name}: ${(error as Error)?.message}`);
    return;
  }
  expect(notJson(spec)).toBeNull();
  expect(JSON.stringify(spec)).not.toMatch(/NaN|Infinity/);
}

describe("chart properties under hostile numbers", () => {
  const runs = { numRuns: 300 };
  test("segment charts", () => {
    const row = fc.record({ segment: text, label: text, labelZh: text, customers: hostile, revenue: hostile });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 6 }), fc.constantFrom("customers" as const, "revenue" as const, "both" as const), (rows, metric) => {
        checkOutcome("segmentBarChart", () => segmentBarChart(rows as never, { metric }));
        checkOutcome("segmentShareChart", () => segmentShareChart({ segments: rows } as never));
      }),
      runs,
    );
  });

  test("cohortHeatmap", () => {
    const cell = fc.record({ cohort: text, periodIndex: hostile, period: text, cohortSize: hostile, customers: hostile, share: hostile, revenue: hostile });
    fc.assert(
      fc.property(fc.array(cell, { minLength: 1, maxLength: 6 }), fc.constantFrom("share" as const, "customers" as const, "revenue" as const), (cells, metric) => {
        checkOutcome("cohortHeatmap", () => cohortHeatmap(cells as never, { metric }));
      }),
      runs,
    );
  });

  test("periodChart", () => {
    const rec = fc.record({ period: text, active: hostile, churnRate: hostile, retentionRate: hostile, revenue: hostile, partial: fc.constantFrom<unknown>(true, false, undefined, "x"), daysCovered: hostile, daysInPeriod: hostile });
    fc.assert(
      fc.property(fc.array(rec, { minLength: 1, maxLength: 6 }), fc.constantFrom("none" as const, "active" as const, "revenue" as const), (recs, volume) => {
        checkOutcome("periodChart", () => periodChart(recs as never, { volume }));
      }),
      runs,
    );
  });

  test("holdoutChart", () => {
    const row = fc.record({ frequency: hostile, frequencyAtLeast: fc.constantFrom<unknown>(true, false, undefined, "x"), customers: hostile, actual: hostile, predicted: hostile });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 6 }), (rows) => {
        checkOutcome("holdoutChart", () => holdoutChart(rows as never));
      }),
      runs,
    );
  });

  test("segmentMovementChart and whaleCurveChart", () => {
    const cell = fc.record({ from: fc.constantFrom<unknown>("a", "b", null, 1, ""), to: fc.constantFrom<unknown>("a", "b", null, {}), customers: hostile, shareOfFrom: hostile });
    const point = fc.record({ customers: hostile, customerShare: hostile, profitShare: hostile });
    const meta = fc.record({ customers: hostile, totalProfit: hostile, valueDestroyingCustomers: hostile, profitDestroyed: hostile });
    fc.assert(
      fc.property(fc.array(cell, { minLength: 1, maxLength: 8 }), fc.array(point, { minLength: 1, maxLength: 6 }), meta, (cells, points, m) => {
        checkOutcome("segmentMovementChart", () => segmentMovementChart({ meta: { classes: ["a", "b"], cells } } as never));
        checkOutcome("whaleCurveChart", () => whaleCurveChart({ points, meta: m } as never));
      }),
      runs,
    );
  });

  test("survivalChart, retentionCurveChart and bgBbAliveChart", () => {
    const point = fc.record({ group: fc.constantFrom<unknown>("a", "b", "", null, 1), time: hostile, atRisk: hostile, events: hostile, censored: hostile, survival: hostile, lower: hostile, upper: hostile });
    const period = fc.record({ period: hostile, survival: hostile, retentionRate: hostile, actualAlive: hostile });
    const logRank = fc.oneof(fc.constant(null), fc.record({ chiSquare: hostile, df: hostile, pValue: hostile }));
    const params = fc.record({ alpha: hostile, beta: hostile, gamma: hostile, delta: hostile });
    fc.assert(
      fc.property(fc.array(point, { minLength: 1, maxLength: 6 }), fc.array(period, { minLength: 1, maxLength: 6 }), logRank, params, hostile, (points, periods, lr, p, cohortSize) => {
        checkOutcome("survivalChart", () => survivalChart({ points, meta: { logRank: lr } } as never, { censoring: true }));
        checkOutcome("survivalChart", () => survivalChart(null, { sbg: { periods, meta: { cohortSize } } as never, fittedPeriods: 2 }));
        checkOutcome("retentionCurveChart", () => retentionCurveChart({ periods, meta: { params: p } } as never, { fittedPeriods: 2 }));
        checkOutcome("bgBbAliveChart", () => bgBbAliveChart(p as never, { n: 5 }));
      }),
      runs,
    );
  });

  test("rfmHeatmap", () => {
    const rec = fc.record({ r: hostile, f: hostile, monetary: hostile, frequency: hostile, recencyDays: hostile });
    fc.assert(
      fc.property(fc.array(rec, { minLength: 1, maxLength: 6 }), fc.constantFrom("meanMonetary" as const, "customers" as const, "revenue" as const, "meanFrequency" as const), (recs, metric) => {
        const rows = recs.map((r, i) => ({ customerId: `c${i}`, ...r }));
        checkOutcome("rfmHeatmap", () => rfmHeatmap(rows as never, { metric }));
      }),
      runs,
    );
  });

  test("clvQuadrantChart and clusterScatter", () => {
    const quadrant = fc.constantFrom("most_valuable", "loyal", "potential", "low_value", "x");
    const point = fc.record({ current: hostile, potential: hostile, quadrant, cluster: hostile });
    fc.assert(
      fc.property(fc.array(point, { minLength: 1, maxLength: 6 }), hostile, hostile, fc.constantFrom("linear" as const, "log" as const, "symlog" as const), (pts, tc, tp, scale) => {
        const customers = pts.map((p, i) => ({ customerId: `c${i}`, current: p.current, potential: p.potential, quadrant: p.quadrant }));
        checkOutcome("clvQuadrantChart", () => clvQuadrantChart({ customers, meta: { thresholds: { current: tc, potential: tp } } } as never, { scale }));
        const records = pts.map((p, i) => ({ customerId: `c${i}`, x: p.current, y: p.potential }));
        const result = { customers: pts.map((p, i) => ({ customerId: `c${i}`, cluster: p.cluster, distance: 0 })), meta: { model: { features: ["x", "y"] }, profiles: [{ cluster: 0, segment: "x" }] } };
        checkOutcome("clusterScatter", () => clusterScatter(records, result as never, { xScale: scale, yScale: scale === "log" ? "symlog" : scale }));
      }),
      runs,
    );
  });

  test("paretoChart", () => {
    const cust = fc.record({ rank: hostile, cumulativeShare: hostile, abcClass: fc.constantFrom("A", "B", "C", "D"), value: hostile });
    fc.assert(
      fc.property(fc.array(cust, { minLength: 1, maxLength: 6 }), (cs) => {
        const customers = cs.map((c, i) => ({ customerId: `c${i}`, ...c }));
        checkOutcome("paretoChart", () => paretoChart({ customers, meta: {} } as never));
      }),
      runs,
    );
  });
});
