import { z } from "zod";
import { AnalyticsInputError, describeValue, inputIssue } from "../errors.js";
import { fieldLabel, missingFields, readRecords } from "../input/readRecords.js";
import type { FieldAccessor } from "../input/types.js";
import { defineOptions, fieldAccessorSchema, parseOptions, type OptionsSchema } from "../options.js";
import type { ClusterAssignment, ClusterProfile } from "../cluster/clusterCustomers.js";
import { clusterNames, type ClusterNameProfile } from "../cluster/clusterNames.js";
import {
  DEFAULT_MAX_POINTS,
  SafeSum,
  TEXT,
  VEGA_LITE_SCHEMA,
  chartOptionsShape,
  finishSpec,
  groupThousands,
  labelLookup,
  maxPointsSchema,
  percentText,
  sampleIndices,
  titleOf,
  type AxisScaleOption,
  extent,
  valueAxis,
  type ChartOptions,
  type VegaLiteSpec,
} from "./common.js";

/** Options of {@link clusterScatter}. */
export interface ClusterScatterOptions<Row = any> extends ChartOptions {
  /** Field across: a key or an accessor `(row, index) => value` (default: the first clustering feature). */
  x?: FieldAccessor<Row>;
  /** Field up (default: the second clustering feature). */
  y?: FieldAccessor<Row>;
  /**
   * Scale of the x axis: `"auto"` (default: linear, log or symlog chosen from the data's skew, named in
   * the axis title; see docs/charts.md, "Choosing the scale"), `"linear"`, `"log"` (positive values only)
   * or `"symlog"`.
   */
  xScale?: AxisScaleOption;
  /** Scale of the y axis (as `xScale`). */
  yScale?: AxisScaleOption;
  /** Title of the x axis (default: the field's name in words for the library's fields, `"Days since last purchase"`; else the field name). */
  xTitle?: string;
  /** Title of the y axis (as `xTitle`). */
  yTitle?: string;
  /** Most customers drawn (default 3000); above it, the customers with the smallest FNV-1a hash of their id are drawn. */
  maxPoints?: number;
  /** Draw each cluster's mean (over all its customers, in the fields' units) as a diamond (default true). */
  means?: boolean;
}

const scaleSchema = z.enum(["auto", "linear", "log", "symlog"]);

/** zod schema of {@link ClusterScatterOptions}. */
export const clusterScatterOptionsSchema: OptionsSchema<ClusterScatterOptions> = defineOptions<ClusterScatterOptions>()({
  ...chartOptionsShape,
  x: fieldAccessorSchema.optional(),
  y: fieldAccessorSchema.optional(),
  xScale: scaleSchema.optional(),
  yScale: scaleSchema.optional(),
  xTitle: z.string().max(200).optional(),
  yTitle: z.string().max(200).optional(),
  maxPoints: maxPointsSchema.optional(),
  means: z.boolean().optional(),
});

/**
 * Input of {@link clusterScatter}: `clusterCustomers`'s result (assignments, `meta.profiles`,
 * `meta.model.features`), or `assignCluster`'s (`meta.features`).
 */
export interface ClusterScatterInput {
  readonly customers: readonly Pick<ClusterAssignment, "customerId" | "cluster">[];
  readonly meta?: {
    readonly profiles?: readonly (Pick<ClusterProfile, "cluster" | "segment"> & Partial<Pick<ClusterProfile, "meanRecencyDays" | "meanFrequency" | "meanMonetary">>)[];
    readonly model?: { readonly features?: readonly string[] };
    readonly features?: readonly string[];
  };
}

/**
 * The cluster scatter: two fields of the customers (default: the first two clustering features), one
 * point per customer coloured by cluster ("0 · Important value (35.2%)": cluster, profile segment,
 * share), each cluster's mean as a diamond, optional log/symlog axes. Above `maxPoints` a deterministic
 * sample is drawn; shares and means use all customers. Records are matched to `result.customers` by
 * position when the ids agree, else by id.
 *
 * @throws {AnalyticsInputError} A plotted field missing or not finite (`["customers", i, field]`).
 * @throws {TypeError} A customer without a cluster, or `result` not a cluster result; prefixed `clusterScatter:`.
 * @throws {RangeError | TypeError} A log axis over values ≤ 0; bad or unknown options.
 * @example
 * const customers = [
 *   { customerId: "a", frequency: 1, monetary: 20 }, { customerId: "b", frequency: 2, monetary: 30 },
 *   { customerId: "c", frequency: 30, monetary: 900 }, { customerId: "d", frequency: 40, monetary: 1100 },
 * ];
 * const spec = clusterScatter(customers, clusterCustomers(customers, { k: 2, features: ["frequency", "monetary"] }));
 * spec.data.values.map((d) => d.cluster); //=> [1, 1, 0, 0]
 */
export function clusterScatter<Row = any>(customers: Iterable<Row>, result: ClusterScatterInput, options: ClusterScatterOptions<Row> = {}): VegaLiteSpec {
  const fn = "clusterScatter";
  const opts = parseOptions(fn, clusterScatterOptionsSchema, options);
  const language = opts.language ?? "en";
  const w = TEXT[language];
  if (result === null || typeof result !== "object" || !Array.isArray(result.customers)) {
    throw new TypeError(`${fn}: expected clusterCustomers's result ({ customers, meta }), got ${describeValue(result)}`);
  }
  const assignments = result.customers;
  const listed = result.meta?.model?.features ?? result.meta?.features;
  const features: readonly string[] = Array.isArray(listed) && listed.every((f) => typeof f === "string") ? listed : [];
  const xField: FieldAccessor<Row> | undefined = opts.x ?? features[0];
  const yField: FieldAccessor<Row> | undefined = opts.y ?? (features[1] !== undefined && features[1] !== xField ? features[1] : undefined);
  if (xField === undefined || yField === undefined) {
    throw new TypeError(`${fn}: options.x and options.y are needed (the result has ${features.length} clustering feature${features.length === 1 ? "" : "s"})`);
  }
  // Names of the fields in the data rows, axis titles and tooltips.
  const xName = fieldLabel(xField, "x");
  const yName = fieldLabel(yField, "y");
  if (xName === yName && xField !== yField) throw new TypeError(`${fn}: options.x and options.y would both be shown as "${xName}" (an accessor is shown under its option's name)`);
  if (Array.isArray(customers) && customers.length === 0) throw new RangeError(`${fn}: no customers to draw (0 records)`);
  if (customers === null || typeof customers !== "object" || typeof (customers as Iterable<Row>)[Symbol.iterator] !== "function") {
    throw new TypeError(`${fn}: customers must be an array (or iterable) of records, got ${describeValue(customers)}`);
  }
  const rows = Array.isArray(customers) ? (customers as readonly Row[]) : Array.from(customers);
  // x and y are options: a field they name that the records lack is reported at ["options", "x"]
  const first = rows.find((r) => r !== null && typeof r === "object");
  if (first !== undefined) {
    const missing = missingFields<Row>(first as object, [
      [xField, "x"],
      [yField, "y"],
    ]);
    if (missing.length > 0) throw new AnalyticsInputError(fn, missing.map((m) => inputIssue("missing_field", ["options", m.path[1]], m.message)));
  }
  const { ids, columns } = readRecords(fn, rows, {
    source: "customers",
    fields: { x: { field: xField, name: "x" }, y: { field: yField, name: "y" } },
  });
  const n = ids.length;
  if (assignments.length !== n) throw new TypeError(`${fn}: ${n} customers but ${assignments.length} cluster assignments: pass the records given to clusterCustomers`);

  // Cluster of each record: by position when the ids agree, else by id.
  const clusterOf = new Int32Array(n);
  let byId: Map<string, number> | null = null;
  for (let i = 0; i < n; i++) {
    const a = assignments[i];
    let c: unknown;
    if (!byId && a?.customerId === ids[i]) c = a.cluster;
    else {
      byId ??= new Map(assignments.map((x) => [x?.customerId, x?.cluster]));
      c = byId.get(ids[i]);
      if (c === undefined) throw new TypeError(`${fn}: customers[${i}] (customerId ${JSON.stringify(ids[i])}) has no cluster in the result`);
    }
    // checked before it is stored: an Int32Array would turn NaN or 1.5 into a valid-looking cluster
    if (typeof c !== "number" || !Number.isInteger(c) || c < 0 || c > 1_000_000) {
      throw new TypeError(`${fn}: the cluster of customer ${JSON.stringify(ids[i])} must be an integer from 0 to 1000000, got ${describeValue(c)}`);
    }
    clusterOf[i] = c;
  }

  // Means and sizes over all customers.
  const stats = new Map<number, { n: number; x: SafeSum; y: SafeSum }>();
  const xs = columns.x;
  const ys = columns.y;
  for (let i = 0; i < n; i++) {
    const s = stats.get(clusterOf[i]) ?? { n: 0, x: new SafeSum(), y: new SafeSum() };
    s.n++;
    s.x.add(xs[i]);
    s.y.add(ys[i]);
    stats.set(clusterOf[i], s);
  }
  const clusterIds = [...stats.keys()].sort((a, b) => a - b);
  const means = clusterIds.map((c) => {
    const s = stats.get(c)!;
    return { cluster: c, customers: s.n, [xName]: s.x.mean(s.n), [yName]: s.y.mean(s.n) };
  });
  const drawMeans = opts.means ?? true;
  const keep = sampleIndices(ids, opts.maxPoints ?? DEFAULT_MAX_POINTS);
  // The domains hold every point drawn: the sample, and the means when they are drawn.
  const shownX = Array.from(keep, (i) => xs[i]);
  const shownY = Array.from(keep, (i) => ys[i]);
  const meanX = drawMeans ? means.map((m) => m[xName] as number) : [];
  const meanY = drawMeans ? means.map((m) => m[yName] as number) : [];
  const [loX, hiX] = extent([...shownX, ...meanX]);
  const [loY, hiY] = extent([...shownY, ...meanY]);
  const xTitle = opts.xTitle ?? fieldTitle(xField, xName, language);
  const yTitle = opts.yTitle ?? fieldTitle(yField, yName, language);
  const xAxis = valueAxis(fn, "xScale", opts.xScale ?? "auto", { values: xs, exact: meanX, lo: loX, hi: hiX }, xTitle, language, "x");
  const yAxis = valueAxis(fn, "yScale", opts.yScale ?? "auto", { values: ys, exact: meanY, lo: loY, hi: hiY }, yTitle, language, "y");

  const labelOf = clusterLabels(result.meta?.profiles, clusterIds, (c) => stats.get(c)!.n / n, language);
  const values: Record<string, unknown>[] = [];
  for (const i of keep) values.push({ customerId: ids[i], cluster: clusterOf[i], [xName]: xs[i], [yName]: ys[i] });
  // Field names with dots or brackets would be read as paths by Vega-Lite.
  const field = (f: string) => f.replace(/([.[\]\\])/g, "\\$1");
  // An axis with a strip plots a copy of the field, its negative values moved to the strip.
  const plotted = (name: string, axis: typeof xAxis, as: string) =>
    axis.strip === null ? { field: field(name), transform: [] } : { field: as, transform: [{ calculate: `datum[${JSON.stringify(name)}] < 0 ? ${axis.strip} : datum[${JSON.stringify(name)}]`, as }] };
  const px = plotted(xName, xAxis, xName === "plotX" ? "plotX_" : "plotX");
  const py = plotted(yName, yAxis, yName === "plotY" ? "plotY_" : "plotY");
  const x = { field: px.field, type: "quantitative", title: xAxis.title, scale: xAxis.scale, axis: xAxis.axis };
  const y = { field: py.field, type: "quantitative", title: yAxis.title, scale: yAxis.scale, axis: yAxis.axis };
  const color = {
    field: "label",
    type: "nominal",
    title: w.cluster,
    scale: { domain: clusterIds.map((c) => labelOf.get(c)!), scheme: clusterIds.length <= 10 ? "tableau10" : "tableau20" },
    legend: { labelLimit: 360 },
  };
  const big = keep.length > 1000;
  // The legend labels live once in the spec, not on every row.
  const lookup = labelLookup(Object.fromEntries(labelOf), "cluster");
  const tip = (name: string, fieldOf: FieldAccessor<Row>, title: string) => ({ field: field(name), type: "quantitative", title, format: fieldFormat(fieldOf) });
  const layer: Record<string, unknown>[] = [
    {
      transform: [lookup, ...px.transform, ...py.transform],
      mark: { type: "point", filled: true, opacity: big ? 0.4 : 0.75, size: big ? 12 : 40 },
      encoding: {
        x,
        y,
        color,
        tooltip: [
          { field: "customerId", type: "nominal", title: w.customerId },
          { field: "label", type: "nominal", title: w.cluster },
          tip(xName, xField, xTitle),
          tip(yName, yField, yTitle),
        ],
      },
    },
  ];
  if (drawMeans) {
    layer.push({
      data: { values: means },
      transform: [lookup, ...px.transform, ...py.transform],
      mark: { type: "point", shape: "diamond", filled: true, size: 260, stroke: "black", strokeWidth: 1.5, opacity: 1 },
      encoding: {
        x: { field: px.field, type: "quantitative" },
        y: { field: py.field, type: "quantitative" },
        color,
        tooltip: [
          { field: "label", type: "nominal", title: w.clusterMean },
          { field: "customers", type: "quantitative", title: w.customers, format: "," },
          tip(xName, xField, xTitle),
          tip(yName, yField, yTitle),
        ],
      },
    });
  }
  const k = clusterIds.length;
  const shown = keep.length < n ? w.customersShown(groupThousands(keep.length), groupThousands(n)) : w.customersAll(groupThousands(n));
  return finishSpec(fn, {
    $schema: VEGA_LITE_SCHEMA,
    ...titleOf(opts.title ?? w.clusters, `k = ${k} · ${shown}`),
    data: { values },
    width: opts.width ?? 480,
    height: opts.height ?? 360,
    layer,
  });
}

/** Axis titles of the library's customer fields, per language. */
const FIELD_TITLES: Record<string, { en: string; zh: string }> = {
  recencyDays: { en: "Days since last purchase", zh: "距上次购买天数" },
  frequency: { en: "Purchases", zh: "购买次数" },
  monetary: { en: "Revenue", zh: "消费金额" },
  tenureDays: { en: "Days since first purchase", zh: "距首次购买天数" },
  averageOrderValue: { en: "Average order value", zh: "平均订单金额" },
  clv: { en: "Predicted CLV", zh: "预测客户终身价值" },
  r: { en: "R score", zh: "R 分" },
  f: { en: "F score", zh: "F 分" },
  m: { en: "M score", zh: "M 分" },
};

/** Tooltip formats of the library's fields: money to cents, days and counts whole; others up to 4 decimals. */
const FIELD_FORMATS: Record<string, string> = { recencyDays: ",", tenureDays: ",", monetary: ",.2f", averageOrderValue: ",.2f", clv: ",.2f", frequency: ",.4~f" };

function fieldTitle(fieldOf: unknown, name: string, language: "en" | "zh"): string {
  return typeof fieldOf === "string" && Object.hasOwn(FIELD_TITLES, fieldOf) ? FIELD_TITLES[fieldOf][language] : name;
}

function fieldFormat(fieldOf: unknown): string {
  return typeof fieldOf === "string" && Object.hasOwn(FIELD_FORMATS, fieldOf) ? FIELD_FORMATS[fieldOf] : ",.4~f";
}

/**
 * Legend names of the clusters: "2 · Important value (16.8%)", the cluster, its distinct name
 * ({@link clusterNames}: the classic segment of its profile, told apart from clusters of the same
 * segment, or "Cluster 2") and its share. Profiles that are not well-formed records (an
 * `assignCluster` result has none) leave their clusters named by number.
 */
function clusterLabels(profiles: unknown, clusterIds: readonly number[], share: (c: number) => number, language: "en" | "zh"): Map<number, string> {
  const w = TEXT[language];
  const own = new Map<number, ClusterNameProfile>();
  if (Array.isArray(profiles)) {
    for (const p of profiles) {
      if (p === null || typeof p !== "object" || !Number.isInteger(p.cluster) || own.has(p.cluster) || !clusterIds.includes(p.cluster)) continue;
      const mean = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);
      own.set(p.cluster, { cluster: p.cluster, segment: typeof p.segment === "string" ? p.segment : null, meanRecencyDays: mean(p.meanRecencyDays), meanFrequency: mean(p.meanFrequency), meanMonetary: mean(p.meanMonetary) });
    }
  }
  const named = new Map(clusterNames([...own.values()], { language }).clusters.map((c) => [c.cluster, c.name]));
  return new Map(clusterIds.map((c) => [c, `${c} · ${named.get(c) ?? `${w.cluster} ${c}`} (${percentText(share(c))})`]));
}
