import { z } from "zod";
import { describeValue } from "../errors.js";
import { parseOptions } from "../options.js";
import { TEXT, VEGA_LITE_SCHEMA, chartOptionsShape, finishSpec, finiteField, groupThousands, titleOf, type ChartOptions, type VegaLiteSpec } from "./common.js";

/** What colours the cells of {@link rfmHeatmap}. */
export type RfmHeatmapMetric = "meanMonetary" | "customers" | "revenue" | "meanFrequency" | "meanRecencyDays";

/** Options of {@link rfmHeatmap}. */
export interface RfmHeatmapOptions extends ChartOptions {
  /** Cell colour and label: mean monetary of the cell's customers (default), customers, revenue, mean frequency or mean recency. */
  metric?: RfmHeatmapMetric;
}

/** The zod object behind {@link rfmHeatmapOptionsObject} (internal: `.extend`, `.shape`). */
export const rfmHeatmapOptionsObject = z
  .object({ ...chartOptionsShape, metric: z.enum(["meanMonetary", "customers", "revenue", "meanFrequency", "meanRecencyDays"]).optional() })
  .strict();

/** A scored customer as {@link rfmHeatmap} reads it (`scoreRfm`'s scores, or segments scored on scores). */
export interface RfmHeatmapRecord {
  r: number | null;
  f: number | null;
  recencyDays: number;
  frequency: number;
  monetary: number;
}

/** Input of {@link rfmHeatmap}: `scoreRfm`'s result, a `segmentRfm` result with scores, or the records. */
export type RfmHeatmapInput =
  | readonly RfmHeatmapRecord[]
  | { readonly scores: readonly RfmHeatmapRecord[]; readonly meta?: { readonly recency?: { bins: number }; readonly frequency?: { bins: number } } }
  | { readonly segments: readonly RfmHeatmapRecord[]; readonly meta?: { readonly scoring?: { recency: { bins: number }; frequency: { bins: number } } | null } };

const FORMATS: Record<RfmHeatmapMetric, string> = {
  meanMonetary: ",.0f",
  customers: ",",
  revenue: ".3~s",
  meanFrequency: ".1f",
  meanRecencyDays: ",.0f",
};

/**
 * The RFM heatmap: F score across, R score down (most recent at the top), one cell per (R, F) pair
 * holding customers, coloured and labelled by the cell's mean monetary value (or `metric`). The
 * cells are aggregated here (O(n)), so the spec holds at most bins_R × bins_F data rows whatever the
 * number of customers; empty cells are left blank, and the axes list every score from 1 to the number
 * of bins when the result's `meta` is passed.
 *
 * @param scores - `scoreRfm`'s result (or its `scores`), or a `segmentRfm` result computed on scores
 *   (`scheme` rules or `basis: "scores"`): records with `r`, `f`, `recencyDays`, `frequency`, `monetary`.
 * @param options - `metric`, `title`, `width` (default 360), `height` (default 300), `language`.
 * @returns A Vega-Lite v5 spec (plain JSON) with one data row per non-empty cell.
 * @throws {TypeError} When a record lacks an integer `r`/`f` score (e.g. classic segments on raw
 *   values carry none: use `scoreRfm`) or a finite value; message prefixed `rfmHeatmap:`.
 * @throws {RangeError} On no records or bad options.
 *
 * @example
 * const spec = rfmHeatmap(scoreRfm([
 *   { customerId: "a", recencyDays: 5, frequency: 12, monetary: 1500 },
 *   { customerId: "b", recencyDays: 200, frequency: 10, monetary: 1300 },
 *   { customerId: "c", recencyDays: 10, frequency: 1, monetary: 40 },
 *   { customerId: "d", recencyDays: 300, frequency: 1, monetary: 30 },
 * ], { bins: 2 }));
 * spec.data.values.map((d) => [d.r, d.f, d.customers, d.meanMonetary]);
 * //=> [[1, 1, 1, 30], [1, 2, 1, 1300], [2, 1, 1, 40], [2, 2, 1, 1500]]
 * spec.encoding.y.scale.domain; //=> [2, 1]
 *
 * @see Vega-Lite heatmap with labels: https://vega.github.io/vega-lite/examples/layer_text_heatmap.html
 * @see Hughes, A. M. (1994). *Strategic Database Marketing*. Probus.
 */
export function rfmHeatmap(scores: RfmHeatmapInput, options: RfmHeatmapOptions = {}): VegaLiteSpec {
  const fn = "rfmHeatmap";
  const opts = parseOptions(fn, rfmHeatmapOptionsObject, options);
  const language = opts.language ?? "en";
  const w = TEXT[language];
  const metric = opts.metric ?? "meanMonetary";
  let records: readonly unknown[];
  let binsR = 0;
  let binsF = 0;
  if (Array.isArray(scores)) records = scores;
  else if (scores !== null && typeof scores === "object" && Array.isArray((scores as { scores?: unknown }).scores)) {
    const s = scores as { scores: unknown[]; meta?: { recency?: { bins?: unknown }; frequency?: { bins?: unknown } } };
    records = s.scores;
    binsR = typeof s.meta?.recency?.bins === "number" ? s.meta.recency.bins : 0;
    binsF = typeof s.meta?.frequency?.bins === "number" ? s.meta.frequency.bins : 0;
  } else if (scores !== null && typeof scores === "object" && Array.isArray((scores as { segments?: unknown }).segments)) {
    const s = scores as { segments: unknown[]; meta?: { scoring?: { recency?: { bins?: unknown }; frequency?: { bins?: unknown } } | null } };
    records = s.segments;
    binsR = typeof s.meta?.scoring?.recency?.bins === "number" ? s.meta.scoring.recency.bins : 0;
    binsF = typeof s.meta?.scoring?.frequency?.bins === "number" ? s.meta.scoring.frequency.bins : 0;
  } else {
    throw new TypeError(`${fn}: expected scoreRfm's result or its scores (records with r, f and monetary), got ${describeValue(scores)}`);
  }
  const n = records.length;
  if (n === 0) throw new RangeError(`${fn}: no scored customers to draw (0 records)`);
  const score = (i: number, row: unknown, field: "r" | "f"): number => {
    const v = row !== null && typeof row === "object" ? (row as Record<string, unknown>)[field] : undefined;
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > 100) {
      const hint = v === null ? " (classic segments on raw values carry no scores: pass scoreRfm's result)" : "";
      throw new TypeError(`${fn}: scores[${i}].${field} must be an integer score, got ${describeValue(v)}${hint}`);
    }
    return v;
  };
  // Cells keyed r * 101 + f; at most 101 × 101 of them.
  const cells = new Map<number, { r: number; f: number; n: number; monetary: number; frequency: number; recency: number }>();
  let maxR = binsR;
  let maxF = binsF;
  for (let i = 0; i < n; i++) {
    const row = records[i];
    const r = score(i, row, "r");
    const f = score(i, row, "f");
    const monetary = finiteField(fn, "scores", i, row, "monetary");
    const frequency = finiteField(fn, "scores", i, row, "frequency");
    const recency = finiteField(fn, "scores", i, row, "recencyDays");
    const key = r * 101 + f;
    let c = cells.get(key);
    if (!c) cells.set(key, (c = { r, f, n: 0, monetary: 0, frequency: 0, recency: 0 }));
    c.n++;
    c.monetary += monetary;
    c.frequency += frequency;
    c.recency += recency;
    if (r > maxR) maxR = r;
    if (f > maxF) maxF = f;
  }
  const values = [...cells.values()]
    .sort((a, b) => a.r - b.r || a.f - b.f)
    .map((c) => {
      const row = {
        r: c.r,
        f: c.f,
        customers: c.n,
        share: c.n / n,
        revenue: c.monetary,
        meanMonetary: c.monetary / c.n,
        meanFrequency: c.frequency / c.n,
        meanRecencyDays: c.recency / c.n,
      };
      return { ...row, value: row[metric] };
    });
  const lo = Math.min(...values.map((v) => v.value));
  const hi = Math.max(...values.map((v) => v.value));
  const mid = (lo + hi) / 2;
  const scoresUpTo = (max: number) => Array.from({ length: max }, (_, i) => i + 1);
  const metricTitle = { meanMonetary: w.meanMonetary, customers: w.customers, revenue: w.revenue, meanFrequency: w.meanFrequency, meanRecencyDays: w.meanRecencyDays }[metric];
  const rDomain = scoresUpTo(maxR).reverse();
  const fDomain = scoresUpTo(maxF);
  if (values.some((v) => v.r === 0)) rDomain.push(0);
  if (values.some((v) => v.f === 0)) fDomain.unshift(0);
  const rTitle = language === "en" ? `R score (recency, ${maxR} = most recent)` : `R 分（最近购买，${maxR} = 最近）`;
  return finishSpec(fn, {
    $schema: VEGA_LITE_SCHEMA,
    ...titleOf(opts.title ?? w.rfmHeatmap, `${metricTitle} · ${w.customersAll(groupThousands(n))}`),
    data: { values },
    width: opts.width ?? 360,
    height: opts.height ?? 300,
    encoding: {
      x: { field: "f", type: "ordinal", title: w.fScore, scale: { domain: fDomain }, axis: { labelAngle: 0 } },
      y: { field: "r", type: "ordinal", title: rTitle, scale: { domain: rDomain } },
    },
    layer: [
      {
        mark: { type: "rect" },
        encoding: {
          color: { field: "value", type: "quantitative", title: metricTitle, scale: { scheme: "blues" }, legend: { format: FORMATS[metric] } },
          tooltip: [
            { field: "r", type: "ordinal", title: "R" },
            { field: "f", type: "ordinal", title: "F" },
            { field: "customers", type: "quantitative", title: w.customers, format: "," },
            { field: "share", type: "quantitative", title: w.customerShare, format: ".1%" },
            { field: "meanMonetary", type: "quantitative", title: w.meanMonetary, format: ",.2f" },
            { field: "revenue", type: "quantitative", title: w.revenue, format: ",.2f" },
            { field: "meanFrequency", type: "quantitative", title: w.meanFrequency, format: ".2f" },
            { field: "meanRecencyDays", type: "quantitative", title: w.meanRecencyDays, format: ".1f" },
          ],
        },
      },
      {
        mark: { type: "text", baseline: "middle" },
        encoding: {
          text: { field: "value", type: "quantitative", format: FORMATS[metric] },
          color: { condition: { test: `datum.value > ${mid}`, value: "white" }, value: "black" },
        },
      },
    ],
  });
}

/** zod schema of {@link RfmHeatmapOptions}. */
export const rfmHeatmapOptionsSchema: z.ZodType<RfmHeatmapOptions> = rfmHeatmapOptionsObject as unknown as z.ZodType<RfmHeatmapOptions>;
