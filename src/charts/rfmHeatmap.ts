import { z } from "zod";
import { AnalyticsInputError, describeValue, inputIssue } from "../errors.js";
import { readRecords } from "../input/readRecords.js";
import { defineOptions, parseOptions, type OptionsSchema } from "../options.js";
import { SafeSum, TEXT, VEGA_LITE_SCHEMA, chartOptionsShape, extent, finishSpec, groupThousands, midpoint, overflowError, titleOf, type ChartOptions, type VegaLiteSpec } from "./common.js";

/** What colours the cells of {@link rfmHeatmap}. */
export type RfmHeatmapMetric = "meanMonetary" | "customers" | "revenue" | "meanFrequency" | "meanRecencyDays";

/** Options of {@link rfmHeatmap}. */
export interface RfmHeatmapOptions extends ChartOptions {
  /** Cell colour and label: mean monetary of the cell's customers (default), customers, revenue, mean frequency or mean recency. */
  metric?: RfmHeatmapMetric;
}

/** zod schema of {@link RfmHeatmapOptions}. */
export const rfmHeatmapOptionsSchema: OptionsSchema<RfmHeatmapOptions> = defineOptions<RfmHeatmapOptions>()({
  ...chartOptionsShape,
  metric: z.enum(["meanMonetary", "customers", "revenue", "meanFrequency", "meanRecencyDays"]).optional(),
});

/** A scored customer as {@link rfmHeatmap} reads it (`scoreRfm`'s, or `segmentRfm`'s computed on scores). */
export interface RfmHeatmapRecord {
  customerId: string;
  r: number | null;
  f: number | null;
  recencyDays: number;
  frequency: number;
  monetary: number;
}

/** The bins of the R and F scores, from `scoreRfm`'s meta or `segmentRfm`'s `meta.scoring`. */
export interface RfmHeatmapMeta {
  readonly recency?: { readonly bins: number };
  readonly frequency?: { readonly bins: number };
  readonly scoring?: { readonly recency: { readonly bins: number }; readonly frequency: { readonly bins: number } } | null;
}

/** Input of {@link rfmHeatmap}: `scoreRfm`'s or `segmentRfm`'s result (`customers`, `meta`), or the records. */
export type RfmHeatmapInput = readonly RfmHeatmapRecord[] | { readonly customers: readonly RfmHeatmapRecord[]; readonly meta?: RfmHeatmapMeta };

const FORMATS: Record<RfmHeatmapMetric, string> = {
  meanMonetary: ",.0f",
  customers: ",",
  revenue: ".3~s",
  meanFrequency: ".1f",
  meanRecencyDays: ",.0f",
};

/** Scores above this do not exist (bins are at most 10); it bounds the cell keys. */
const MAX_SCORE = 100;

/** Most bins `scoreRfm` gives a dimension. */
const MAX_BINS = 10;

/**
 * The RFM heatmap: F score across, R score down (most recent at the top), one cell per (R, F) pair
 * coloured and labelled by its customers' mean monetary value (or `metric`); at most bins_R × bins_F
 * data rows however many customers. With the result's `meta` the axes list every score. Input:
 * `scoreRfm`'s result, `segmentRfm`'s computed on scores, or their `customers`.
 *
 * @throws {TypeError} When the records carry no scores (classic segments on raw values) or are not records.
 * @throws {AnalyticsInputError} A score that is not an integer in 0..100 (0..bins with the result's
 *   meta) or a value that is not finite; bins in meta that are not an integer from 2 to 10
 *   (`invalid_value` at `["meta", "recency", "bins"]`).
 * @throws {RangeError} On no records or bad options, prefixed `rfmHeatmap:`.
 * @example
 * const spec = rfmHeatmap(scoreRfm([
 *   { customerId: "a", recencyDays: 5, frequency: 12, monetary: 1500 },
 *   { customerId: "b", recencyDays: 200, frequency: 10, monetary: 1300 },
 *   { customerId: "c", recencyDays: 10, frequency: 1, monetary: 40 },
 *   { customerId: "d", recencyDays: 300, frequency: 1, monetary: 30 },
 * ], { bins: 2 }));
 * spec.data.values.map((d) => [d.r, d.f, d.customers, d.meanMonetary]);
 * //=> [[1, 1, 1, 30], [1, 2, 1, 1300], [2, 1, 1, 40], [2, 2, 1, 1500]]
 * @see Hughes, A. M. (1994). *Strategic Database Marketing*. Probus.
 */
export function rfmHeatmap(scored: RfmHeatmapInput, options: RfmHeatmapOptions = {}): VegaLiteSpec {
  const fn = "rfmHeatmap";
  const opts = parseOptions(fn, rfmHeatmapOptionsSchema, options);
  const language = opts.language ?? "en";
  const w = TEXT[language];
  const metric = opts.metric ?? "meanMonetary";
  let input: readonly RfmHeatmapRecord[];
  let source = "records";
  let binsR = 0;
  let binsF = 0;
  if (Array.isArray(scored)) input = scored;
  else if (scored !== null && typeof scored === "object" && "customers" in scored && Array.isArray(scored.customers)) {
    input = scored.customers;
    source = "customers";
    const meta: RfmHeatmapMeta | undefined = scored.meta ?? undefined;
    // bins as scoreRfm gives them (an integer 2..10), or absent: anything else is refused as data,
    // never used as the length of an axis
    const bins = (dim: "recency" | "frequency") => {
      const own = meta?.[dim];
      const path = own !== undefined && own !== null ? ["meta", dim, "bins"] : ["meta", "scoring", dim, "bins"];
      const d: unknown = own ?? meta?.scoring?.[dim];
      const v: unknown = d !== null && typeof d === "object" ? (d as { bins?: unknown }).bins : undefined;
      if (v === undefined) return 0;
      if (typeof v !== "number" || !Number.isInteger(v) || v < 2 || v > MAX_BINS) {
        throw new AnalyticsInputError(fn, [inputIssue("invalid_value", path, `expected a number of bins from 2 to ${MAX_BINS}, got ${describeValue(v)}`)]);
      }
      return v;
    };
    binsR = bins("recency");
    binsF = bins("frequency");
  } else {
    throw new TypeError(`${fn}: expected scoreRfm's result or its customers (records with r, f and monetary), got ${describeValue(scored)}`);
  }
  if (input.length === 0) throw new RangeError(`${fn}: no scored customers to draw (0 records)`);
  const first: unknown = input.find((row) => row !== null && typeof row === "object");
  if (first !== undefined && ((first as RfmHeatmapRecord).r === null || (first as RfmHeatmapRecord).f === null)) {
    throw new TypeError(`${fn}: the records carry no R/F scores (classic segments on raw values have none): pass scoreRfm's result, or segmentRfm's with basis: "scores"`);
  }
  const { ids, columns } = readRecords(fn, input, {
    source,
    fields: {
      r: { field: "r", name: "r", rule: "count" },
      f: { field: "f", name: "f", rule: "count" },
      monetary: { field: "monetary", name: "monetary" },
      frequency: { field: "frequency", name: "frequency" },
      recency: { field: "recencyDays", name: "recencyDays" },
    },
  });
  const n = ids.length;
  // with the result's bins, a score is at most its dimension's bins
  const topR = binsR > 0 ? binsR : MAX_SCORE;
  const topF = binsF > 0 ? binsF : MAX_SCORE;
  for (let i = 0; i < n; i++) {
    const field = columns.r[i] > topR ? "r" : columns.f[i] > topF ? "f" : null;
    if (field !== null) {
      throw new AnalyticsInputError(fn, [inputIssue("invalid_value", [source, i, field], `expected a score from 0 to ${field === "r" ? topR : topF}, got ${columns[field][i]}`, ids[i])]);
    }
  }
  // Cells keyed r * 101 + f; at most 101 × 101 of them.
  const cells = new Map<number, { r: number; f: number; n: number; monetary: SafeSum; frequency: SafeSum; recency: SafeSum }>();
  let maxR = binsR;
  let maxF = binsF;
  for (let i = 0; i < n; i++) {
    const r = columns.r[i];
    const f = columns.f[i];
    const monetary = columns.monetary[i];
    const frequency = columns.frequency[i];
    const recency = columns.recency[i];
    const key = r * 101 + f;
    let c = cells.get(key);
    if (!c) cells.set(key, (c = { r, f, n: 0, monetary: new SafeSum(), frequency: new SafeSum(), recency: new SafeSum() }));
    c.n++;
    c.monetary.add(monetary);
    c.frequency.add(frequency);
    c.recency.add(recency);
    if (r > maxR) maxR = r;
    if (f > maxF) maxF = f;
  }
  const values = [...cells.values()]
    .sort((a, b) => a.r - b.r || a.f - b.f)
    .map((c) => {
      if (!c.monetary.finite && metric === "revenue") throw overflowError(fn, [source], `the revenue of cell R ${c.r}, F ${c.f}`);
      const row = {
        r: c.r,
        f: c.f,
        customers: c.n,
        share: c.n / n,
        // a revenue beyond the doubles is left out of the tooltip (null) unless it is the metric
        revenue: c.monetary.finite ? c.monetary.plain : null,
        meanMonetary: c.monetary.mean(c.n),
        meanFrequency: c.frequency.mean(c.n),
        meanRecencyDays: c.recency.mean(c.n),
      };
      return { ...row, value: row[metric] as number };
    });
  const [lo, hi] = extent(values.map((v) => v.value));
  const mid = midpoint(lo, hi);
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
