import { z } from "zod";
import { describeValue } from "../errors.js";
import { parseOptions } from "../options.js";
import type { AbcMeta, AbcRecord } from "../value/classifyAbc.js";
import { TEXT, VEGA_LITE_SCHEMA, chartOptionsShape, finishSpec, groupThousands, numberText, percentText, titleOf, type ChartOptions, type VegaLiteSpec } from "./common.js";

/** Options of {@link paretoChart}. */
export interface ParetoChartOptions extends ChartOptions {
  /** Most curve vertices drawn (default 500, at least 16); see {@link paretoChart} for the rule. */
  maxPoints?: number;
}

/** The zod object behind {@link paretoChartOptionsObject} (internal: `.extend`, `.shape`). */
export const paretoChartOptionsObject = z
  .object({ ...chartOptionsShape, maxPoints: z.number().int().min(16).max(100_000).optional() })
  .strict();

/** Input of {@link paretoChart}: `classifyAbc`'s result (the classes and the meta). */
export interface ParetoChartInput {
  readonly classes: readonly Pick<AbcRecord, "abcClass" | "rank" | "cumulativeShare">[];
  readonly meta: Pick<AbcMeta, "method" | "by" | "thresholds" | "customers" | "counts" | "valueShares" | "computed">;
}

const CLASS_COLORS = ["#1f77b4", "#ff7f0e", "#9d9d9d"];

/**
 * The Pareto (ABC) curve of a `classifyAbc` result: customers ranked by value, highest first, the
 * cumulative share of customers against the cumulative share of value they bring, the area under it
 * coloured by class, rules at the A/B and B/C boundaries labelled with their shares, the diagonal of
 * equal shares, and the cuts used in the subtitle (80%/95% or the given thresholds; the computed
 * limits of Ultsch & Lötsch's method).
 *
 * **Curve.** Its vertices are the ends of the tie groups of the ranking, (customers with a value ≥ v ÷
 * n, `cumulativeShare`), plus (0, 0); between them the curve is straight, so these vertices draw it
 * exactly. **Downsampling rule**, for a bounded spec: walking from (0, 0), a vertex is kept when it
 * lies at least s = 2 ÷ (maxPoints − 4) from the last kept vertex in customer share or in value share;
 * (0, 0), (1, 1) and the two class boundaries are always kept. As both shares only grow and each
 * travels 1 in all, at most 2 ÷ s + 4 = maxPoints vertices are kept, and the drawn polyline stays
 * within s of the exact curve on both axes (every dropped vertex is within s of the kept one before
 * it). The default 500 vertices (s ≈ 0.4%) draw 1M customers in about 25 kB. Data rows: the kept
 * vertices, with each boundary vertex also starting the next class's area (at most maxPoints + 2 rows).
 * O(n).
 *
 * @param abc - `classifyAbc`'s result (`classes` with `abcClass`, `rank`, `cumulativeShare`; `meta`).
 * @param options - `maxPoints`, `title`, `width` (default 480), `height` (default 360), `language`.
 * @returns A Vega-Lite v5 spec (plain JSON).
 * @throws {TypeError} When the input is not a `classifyAbc` result (message names the record).
 * @throws {RangeError} On bad options, prefixed `paretoChart:`.
 *
 * @example
 * const abc = classifyAbc([
 *   { customerId: "a", monetary: 700 },
 *   { customerId: "b", monetary: 200 },
 *   { customerId: "c", monetary: 60 },
 *   { customerId: "d", monetary: 40 },
 * ]);
 * const spec = paretoChart(abc);
 * spec.data.values.map((d) => [d.abcClass, d.customerShare, d.valueShare]);
 * //=> [["A", 0, 0], ["A", 0.25, 0.7], ["A", 0.5, 0.9], ["B", 0.5, 0.9], ["B", 0.75, 0.96],
 * //    ["C", 0.75, 0.96], ["C", 1, 1]]
 * spec.layer[3].data.values.map((d) => d.text); //=> ["A | B: 50.0% → 90.0%", "B | C: 75.0% → 96.0%"]
 *
 * @see Vega-Lite area and line marks: https://vega.github.io/vega-lite/docs/area.html
 * @see Vega-Lite rule mark: https://vega.github.io/vega-lite/docs/rule.html
 * @see Ultsch, A. & Lötsch, J. (2015). Computed ABC Analysis for Rational Selection of Most Informative
 *   Variables in Multivariate Data. PLoS ONE 10(6): e0129767.
 */
export function paretoChart(abc: ParetoChartInput, options: ParetoChartOptions = {}): VegaLiteSpec {
  const fn = "paretoChart";
  const opts = parseOptions(fn, paretoChartOptionsObject, options);
  const language = opts.language ?? "en";
  const w = TEXT[language];
  const maxPoints = opts.maxPoints ?? 500;
  if (abc === null || typeof abc !== "object" || !Array.isArray(abc.classes) || abc.meta === null || typeof abc.meta !== "object") {
    throw new TypeError(`${fn}: expected classifyAbc's result ({ classes, meta }), got ${describeValue(abc)}`);
  }
  const { classes, meta } = abc;
  const n = classes.length;
  if (n === 0) throw new RangeError(`${fn}: no customers to draw (0 classes)`);

  // Tie groups by rank: rank k holds the customers whose value is the k-th highest (ranks 1..n).
  const size = new Int32Array(n + 1);
  const share = new Float64Array(n + 1);
  const cls = new Uint8Array(n + 1); // 1 = A, 2 = B, 3 = C
  for (let i = 0; i < n; i++) {
    const c = classes[i] as Partial<AbcRecord> | null;
    const rank = c?.rank;
    const cum = c?.cumulativeShare;
    const k = c?.abcClass === "A" ? 1 : c?.abcClass === "B" ? 2 : c?.abcClass === "C" ? 3 : 0;
    if (typeof rank !== "number" || !Number.isInteger(rank) || rank < 1 || rank > n) {
      throw new TypeError(`${fn}: classes[${i}].rank must be an integer in [1, ${n}], got ${describeValue(rank)}`);
    }
    if (typeof cum !== "number" || !(cum >= 0 && cum <= 1)) {
      throw new TypeError(`${fn}: classes[${i}].cumulativeShare must be a share in [0, 1], got ${describeValue(cum)}`);
    }
    if (k === 0) throw new TypeError(`${fn}: classes[${i}].abcClass must be "A", "B" or "C", got ${describeValue(c?.abcClass)}`);
    if (size[rank] > 0 && (share[rank] !== cum || cls[rank] !== k)) {
      throw new TypeError(`${fn}: classes[${i}] has rank ${rank} like an earlier customer but another cumulativeShare or class: not a classifyAbc result`);
    }
    size[rank]++;
    share[rank] = cum;
    cls[rank] = k;
  }

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
  const counts = meta.counts;
  const classLine = `A ${groupThousands(counts?.A ?? 0)} · B ${groupThousands(counts?.B ?? 0)} · C ${groupThousands(counts?.C ?? 0)}`;
  let how: string;
  if (meta.method === "computed" && meta.computed) {
    how =
      language === "en"
        ? `Computed ABC (Ultsch & Lötsch): A value > ${numberText(meta.computed.abLimit)}, B ≥ ${numberText(meta.computed.bcLimit)}`
        : `计算 ABC（Ultsch & Lötsch）：A 价值 > ${numberText(meta.computed.abLimit)}，B ≥ ${numberText(meta.computed.bcLimit)}`;
  } else {
    const a = percentText(meta.thresholds?.a ?? 0.8, 0);
    const b = percentText(meta.thresholds?.b ?? 0.95, 0);
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

/** zod schema of {@link ParetoChartOptions}. */
export const paretoChartOptionsSchema: z.ZodType<ParetoChartOptions> = paretoChartOptionsObject as unknown as z.ZodType<ParetoChartOptions>;
