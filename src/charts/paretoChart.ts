import { z } from "zod";
import { AnalyticsInputError, describeValue, inputIssue, type InputIssue } from "../errors.js";
import { readRecords } from "../input/readRecords.js";
import { defineOptions, parseOptions, type OptionsSchema } from "../options.js";
import type { AbcMeta, AbcRecord } from "../value/classifyAbc.js";
import { TEXT, VEGA_LITE_SCHEMA, chartOptionsShape, finishSpec, groupThousands, percentText, sameDecimals, titleOf, type ChartOptions, type VegaLiteSpec } from "./common.js";

/** Options of {@link paretoChart}. */
export interface ParetoChartOptions extends ChartOptions {
  /** Most curve vertices drawn (default 500, at least 16); see {@link paretoChart} for the rule. */
  maxPoints?: number;
}

/** zod schema of {@link ParetoChartOptions}. */
export const paretoChartOptionsSchema: OptionsSchema<ParetoChartOptions> = defineOptions<ParetoChartOptions>()({
  ...chartOptionsShape,
  maxPoints: z.number().int().min(16).max(100_000).optional(),
});

/** Input of {@link paretoChart}: `classifyAbc`'s result (its customers and meta). */
export interface ParetoChartInput {
  readonly customers: readonly Pick<AbcRecord, "customerId" | "abcClass" | "rank" | "cumulativeShare">[];
  readonly meta: Pick<AbcMeta, "method" | "by" | "thresholds" | "customers" | "counts" | "valueShares" | "computed">;
}

const CLASS_COLORS = ["#1f77b4", "#ff7f0e", "#9d9d9d"];

/**
 * The Pareto (ABC) curve of a `classifyAbc` result: cumulative share of customers (highest value
 * first) against cumulative share of value, the area coloured by class, labelled rules at the class
 * boundaries, the diagonal, and the cuts in the subtitle. The exact curve is downsampled to at most
 * `maxPoints` vertices within 2 ÷ (maxPoints − 4) of it (rule and proof: docs/charts.md). O(n).
 *
 * @throws {TypeError | RangeError} The input is not a `classifyAbc` result; bad or unknown options.
 * @throws {AnalyticsInputError} A record without a valid class, rank or share (`["customers", i, field]`);
 *   `meta.counts` that are not the customers' class counts, or computed limits that are not finite
 *   numbers (`invalid_value` at `["meta", "counts", "A"]`, `["meta", "computed", "abLimit"]`).
 * @example
 * const spec = paretoChart(classifyAbc([
 *   { customerId: "a", monetary: 700 }, { customerId: "b", monetary: 200 },
 *   { customerId: "c", monetary: 60 }, { customerId: "d", monetary: 40 },
 * ]));
 * spec.data.values.map((d) => [d.abcClass, d.customerShare, d.valueShare]);
 * //=> [["A", 0, 0], ["A", 0.25, 0.7], ["A", 0.5, 0.9], ["B", 0.5, 0.9], ["B", 0.75, 0.96],
 * //    ["C", 0.75, 0.96], ["C", 1, 1]]
 * @see Ultsch, A. & Lötsch, J. (2015). Computed ABC Analysis. PLoS ONE 10(6): e0129767.
 */
export function paretoChart(abc: ParetoChartInput, options: ParetoChartOptions = {}): VegaLiteSpec {
  const fn = "paretoChart";
  const opts = parseOptions(fn, paretoChartOptionsSchema, options);
  const language = opts.language ?? "en";
  const w = TEXT[language];
  const maxPoints = opts.maxPoints ?? 500;
  if (abc === null || typeof abc !== "object" || !Array.isArray(abc.customers) || abc.meta === null || typeof abc.meta !== "object") {
    throw new TypeError(`${fn}: expected classifyAbc's result ({ customers, meta }), got ${describeValue(abc)}`);
  }
  const { meta } = abc;
  if (abc.customers.length === 0) throw new RangeError(`${fn}: no customers to draw (0 records)`);
  const source = "customers";
  const { ids, columns, texts } = readRecords(fn, abc.customers, {
    source,
    fields: { rank: { field: "rank", name: "rank", rule: "count" }, share: { field: "cumulativeShare", name: "cumulativeShare", rule: "nonNegative" } },
    texts: { abcClass: { field: "abcClass", name: "abcClass", allowed: ["A", "B", "C"] } },
  });
  const n = ids.length;
  const classes = texts.abcClass;
  const issues: InputIssue[] = [];
  let total = 0;
  const report = (i: number, field: string, message: string) => {
    if (++total <= 20) issues.push(inputIssue("invalid_value", [source, i, field], message, ids[i]));
  };

  // Tie groups by rank: rank k holds the customers whose value is the k-th highest (ranks 1..n).
  const size = new Int32Array(n + 1);
  const share = new Float64Array(n + 1);
  const cls = new Uint8Array(n + 1); // 1 = A, 2 = B, 3 = C
  for (let i = 0; i < n; i++) {
    const rank = columns.rank[i];
    const cum = columns.share[i];
    const c = classes[i];
    const k = c === "A" ? 1 : c === "B" ? 2 : 3;
    if (rank < 1 || rank > n) report(i, "rank", `expected a rank from 1 to ${n}, got ${rank}`);
    if (cum > 1) report(i, "cumulativeShare", `expected a share from 0 to 1, got ${cum}`);
    if (total > 0) continue;
    if (size[rank] > 0 && (share[rank] !== cum || cls[rank] !== k)) {
      throw new TypeError(`${fn}: customers[${i}] has rank ${rank} like an earlier customer but another cumulativeShare or class: not a classifyAbc result`);
    }
    size[rank]++;
    share[rank] = cum;
    cls[rank] = k;
  }
  if (total > 0) throw new AnalyticsInputError(fn, issues, total);

  // The exact vertices, in rank order: x = customers up to the end of the group ÷ n.
  const vx: number[] = [0];
  const vy: number[] = [0];
  const vc: number[] = [1];
  let seen = 0;
  let lastClass = 1;
  for (let rank = 1; rank <= n; rank++) {
    if (size[rank] === 0) continue;
    if (cls[rank] < lastClass) throw new TypeError(`${fn}: classes are not ordered A, B, C by rank (rank ${rank} is ${"ABC"[cls[rank] - 1]} after ${"ABC"[lastClass - 1]})`);
    lastClass = cls[rank];
    seen += size[rank];
    vx.push(seen / n);
    vy.push(share[rank]);
    vc.push(cls[rank]);
  }
  if (seen !== n) throw new TypeError(`${fn}: the ranks do not cover the ${n} customers: not a classifyAbc result`);
  const m = vx.length;
  // A boundary is the last vertex of a class (the start (0, 0) when the class is empty).
  const lastOf = (k: number) => {
    let at = 0;
    for (let j = 1; j < m; j++) if (vc[j] <= k) at = j;
    return at;
  };
  const abAt = lastOf(1);
  const bcAt = lastOf(2);
  const forced = new Set([0, abAt, bcAt, m - 1]);
  const step = 2 / (maxPoints - 4);
  const kept: number[] = [0];
  for (let j = 1; j < m; j++) {
    const last = kept[kept.length - 1];
    if (forced.has(j) || vx[j] - vx[last] >= step || vy[j] - vy[last] >= step) kept.push(j);
  }

  const label = ["", "A", "B", "C"];
  const values: { customerShare: number; valueShare: number; abcClass: string }[] = [];
  for (let t = 0; t < kept.length; t++) {
    const j = kept[t];
    // Vertex 0 belongs to the first class; a vertex where the class changes closes the previous area.
    const own = j === 0 ? vc[kept[1] ?? 0] : vc[j];
    values.push({ customerShare: vx[j], valueShare: vy[j], abcClass: label[own] });
    const next = kept[t + 1];
    if (next !== undefined && vc[next] !== own) values.push({ customerShare: vx[j], valueShare: vy[j], abcClass: label[vc[next]] });
  }

  const cuts = [
    { customerShare: vx[abAt], valueShare: vy[abAt], origin: 0, text: `A | B: ${percentText(vx[abAt])} → ${percentText(vy[abAt])}` },
    { customerShare: vx[bcAt], valueShare: vy[bcAt], origin: 0, text: `B | C: ${percentText(vx[bcAt])} → ${percentText(vy[bcAt])}` },
  ];
  // The numbers of meta the subtitle prints are checked as data (`["meta", ...]` paths): the counts
  // are the customers' classes (the line prints those), the computed limits finite numbers.
  const classCount = { A: 0, B: 0, C: 0 };
  for (const c of classes) classCount[c as "A" | "B" | "C"]++;
  const metaIssues: InputIssue[] = [];
  const counts: unknown = meta.counts;
  if (counts !== undefined && counts !== null) {
    for (const c of ["A", "B", "C"] as const) {
      const v: unknown = typeof counts === "object" ? (counts as Record<string, unknown>)[c] : undefined;
      if (v !== classCount[c]) {
        metaIssues.push(inputIssue("invalid_value", ["meta", "counts", c], `expected the number of customers in class ${c} (${classCount[c]}), got ${describeValue(v)}`));
      }
    }
  }
  const computed: unknown = meta.method === "computed" ? meta.computed : null;
  if (computed !== null && computed !== undefined) {
    for (const limit of ["abLimit", "bcLimit"] as const) {
      const v: unknown = typeof computed === "object" ? (computed as Record<string, unknown>)[limit] : undefined;
      if (typeof v !== "number" || !Number.isFinite(v)) metaIssues.push(inputIssue("invalid_value", ["meta", "computed", limit], `expected a finite number, got ${describeValue(v)}`));
    }
  }
  if (metaIssues.length > 0) throw new AnalyticsInputError(fn, metaIssues);
  const classLine = `A ${groupThousands(classCount.A)} · B ${groupThousands(classCount.B)} · C ${groupThousands(classCount.C)}`;
  let how: string;
  if (meta.method === "computed" && meta.computed) {
    const limits = sameDecimals([meta.computed.abLimit, meta.computed.bcLimit]);
    how =
      language === "en"
        ? `Computed ABC (Ultsch & Lötsch): A value > ${limits[0]}, B ≥ ${limits[1]}`
        : `计算 ABC（Ultsch & Lötsch）：A 价值 > ${limits[0]}，B ≥ ${limits[1]}`;
  } else {
    // a threshold that is not a share is not classifyAbc's: refused, never printed as "NaN%"
    const cut = (v: unknown, fallback: number) => {
      if (v === undefined) return percentText(fallback, 0);
      if (typeof v !== "number" || !(v >= 0 && v <= 1)) throw new TypeError(`${fn}: meta.thresholds must hold shares from 0 to 1 (classifyAbc's), got ${describeValue(v)}`);
      return percentText(v, 0);
    };
    const a = cut(meta.thresholds?.a, 0.8);
    const b = cut(meta.thresholds?.b, 0.95);
    const onCount = meta.by === "count";
    how =
      language === "en"
        ? `Fixed cuts at ${a} / ${b} of ${onCount ? "customers" : "value"}`
        : `固定切分：${onCount ? "客户" : "价值"}的 ${a} / ${b}`;
  }
  const axisX = { field: "customerShare", type: "quantitative", title: w.customersRanked, scale: { domain: [0, 1] }, axis: { format: "%" } };
  const axisY = { field: "valueShare", type: "quantitative", title: w.valueShare, scale: { domain: [0, 1] }, axis: { format: "%" } };
  return finishSpec(fn, {
    $schema: VEGA_LITE_SCHEMA,
    ...titleOf(opts.title ?? w.pareto, [how, `${w.customersAll(groupThousands(n))} · ${classLine}`]),
    data: { values },
    width: opts.width ?? 480,
    height: opts.height ?? 360,
    layer: [
      {
        mark: { type: "area", opacity: 0.35 },
        encoding: {
          x: axisX,
          // One area per class side by side, not stacked on each other.
          y: { ...axisY, stack: null },
          color: { field: "abcClass", type: "nominal", title: w.abcClass, scale: { domain: ["A", "B", "C"], range: CLASS_COLORS } },
        },
      },
      {
        mark: { type: "line", color: "#333333", strokeWidth: 2 },
        encoding: { x: { field: "customerShare", type: "quantitative" }, y: { field: "valueShare", type: "quantitative" } },
      },
      {
        data: { values: [{}] }, // one diagonal, not one per vertex
        mark: { type: "rule", color: "#aaaaaa", strokeDash: [4, 4] },
        encoding: { x: { datum: 0 }, y: { datum: 0 }, x2: { datum: 1 }, y2: { datum: 1 } },
      },
      {
        data: { values: cuts },
        layer: [
          {
            mark: { type: "rule", color: "#333333", strokeDash: [2, 2] },
            encoding: { x: { field: "customerShare", type: "quantitative" }, y: { field: "origin", type: "quantitative" }, y2: { field: "valueShare" } },
          },
          {
            mark: { type: "rule", color: "#333333", strokeDash: [2, 2] },
            encoding: { x: { field: "origin", type: "quantitative" }, x2: { field: "customerShare" }, y: { field: "valueShare", type: "quantitative" } },
          },
          {
            mark: { type: "point", filled: true, color: "#333333", size: 40 },
            encoding: { x: { field: "customerShare", type: "quantitative" }, y: { field: "valueShare", type: "quantitative" } },
          },
          {
            mark: { type: "text", align: "left", dx: 6, dy: 10, fontSize: 11 },
            encoding: {
              x: { field: "customerShare", type: "quantitative" },
              y: { field: "valueShare", type: "quantitative" },
              text: { field: "text", type: "nominal" },
            },
          },
        ],
      },
    ],
  });
}
