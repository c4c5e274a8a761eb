import { z } from "zod";
import { describeValue } from "../errors.js";
import { parseOptions } from "../options.js";
import type { ClusterAssignment, ClusterProfile, ClusterResult } from "../cluster/clusterCustomers.js";
import { CLASSIC_SEGMENTS } from "../rfm/segmentDefinitions.js";
import {
  DEFAULT_MAX_POINTS,
  TEXT,
  VEGA_LITE_SCHEMA,
  chartOptionsShape,
  finishSpec,
  finiteField,
  groupThousands,
  labelLookup,
  maxPointsSchema,
  percentText,
  sampleIndices,
  titleOf,
  type AxisScale,
  valueAxis,
  type ChartOptions,
  type VegaLiteSpec,
} from "./common.js";

/** Options of {@link clusterScatter}. */
export interface ClusterScatterOptions extends ChartOptions {
  /** Field across (default: the first clustering feature). Any numeric field of the records. */
  x?: string;
  /** Field up (default: the second clustering feature). */
  y?: string;
  /** Scale of the x axis: `"linear"` (default), `"log"` (positive values only) or `"symlog"`. */
  xScale?: AxisScale;
  /** Scale of the y axis (as `xScale`). */
  yScale?: AxisScale;
  /** Most customers drawn (default 3000); above it, the customers with the smallest FNV-1a hash of their id are drawn. */
  maxPoints?: number;
  /** Draw each cluster's mean (over all its customers, in the fields' units) as a diamond (default true). */
  means?: boolean;
}

const scaleSchema = z.enum(["linear", "log", "symlog"]);
/** The zod object behind {@link clusterScatterOptionsObject} (internal: `.extend`, `.shape`). */
export const clusterScatterOptionsObject = z
  .object({
    ...chartOptionsShape,
    x: z.string().min(1).optional(),
    y: z.string().min(1).optional(),
    xScale: scaleSchema.optional(),
    yScale: scaleSchema.optional(),
    maxPoints: maxPointsSchema.optional(),
    means: z.boolean().optional(),
  })
  .strict();

/** Input of {@link clusterScatter}: `clusterCustomers`'s result (assignments, profiles, features). */
export interface ClusterScatterInput {
  readonly clusters: readonly Pick<ClusterAssignment, "customerId" | "cluster">[];
  readonly profiles?: readonly Pick<ClusterProfile, "cluster" | "segment">[];
  readonly meta?: { readonly k?: number; readonly model?: { readonly features?: readonly string[] } };
}

/**
 * The cluster scatter: two fields of the customers (by default the first two clustering features)
 * against each other, one point per customer coloured by its `clusterCustomers` cluster, each
 * cluster's mean as a diamond, optional log or symlog axes for long-tailed values such as monetary.
 * Legend entries read "0 · Important value (35.2%)": the cluster, its profile's RFM segment and its
 * share of the customers. Above `maxPoints` customers a deterministic sample is drawn (smallest FNV-1a
 * hash of the customer id); shares and means use all customers.
 *
 * The customers are the records given to `clusterCustomers`; they are matched to the assignments by
 * position when the ids agree, else by `customerId`.
 *
 * @param customers - The clustered records (with `customerId` and the plotted fields).
 * @param result - `clusterCustomers`'s result.
 * @param options - `x`, `y`, `xScale`, `yScale`, `maxPoints`, `means`, `title`, `width` (default 480),
 *   `height` (default 360), `language`.
 * @returns A Vega-Lite v5 spec (plain JSON), one data row per drawn customer (plus one per cluster mean).
 * @throws {TypeError} When a customer has no cluster, a field is missing or not finite, or the input is
 *   not a `clusterCustomers` result (message names record and field).
 * @throws {RangeError} On a log axis with values ≤ 0, or bad options; prefixed `clusterScatter:`.
 *
 * @example
 * const customers = [
 *   { customerId: "a", frequency: 1, monetary: 20 },
 *   { customerId: "b", frequency: 2, monetary: 30 },
 *   { customerId: "c", frequency: 30, monetary: 900 },
 *   { customerId: "d", frequency: 40, monetary: 1100 },
 * ];
 * const result = clusterCustomers(customers, { k: 2, features: ["frequency", "monetary"] });
 * const spec = clusterScatter(customers, result, { xScale: "log", yScale: "log" });
 * spec.data.values.map((d) => d.cluster); //=> [1, 1, 0, 0]
 * spec.layer[1].data.values.map((d) => [d.cluster, d.frequency, d.monetary]); //=> [[0, 35, 1000], [1, 1.5, 25]]
 *
 * @see Vega-Lite point mark: https://vega.github.io/vega-lite/docs/point.html
 * @see Vega-Lite scale types (log, symlog): https://vega.github.io/vega-lite/docs/scale.html
 */
export function clusterScatter(customers: Iterable<object>, result: ClusterScatterInput | ClusterResult, options: ClusterScatterOptions = {}): VegaLiteSpec {
  const fn = "clusterScatter";
  const opts = parseOptions(fn, clusterScatterOptionsObject, options);
  const language = opts.language ?? "en";
  const w = TEXT[language];
  if (customers === null || typeof customers !== "object" || typeof (customers as Iterable<unknown>)[Symbol.iterator] !== "function") {
    throw new TypeError(`${fn}: customers must be the array of records given to clusterCustomers, got ${describeValue(customers)}`);
  }
  if (result === null || typeof result !== "object" || !Array.isArray(result.clusters)) {
    throw new TypeError(`${fn}: expected clusterCustomers's result ({ clusters, profiles, meta }), got ${describeValue(result)}`);
  }
  const rows = (Array.isArray(customers) ? customers : Array.from(customers)) as readonly unknown[];
  const assignments = result.clusters;
  const n = rows.length;
  if (n === 0) throw new RangeError(`${fn}: no customers to draw (0 records)`);
  if (assignments.length !== n) throw new TypeError(`${fn}: ${n} customers but ${assignments.length} cluster assignments: pass the records given to clusterCustomers`);
  const features = result.meta?.model?.features ?? [];
  const xField = opts.x ?? features[0];
  const yField = opts.y ?? (features[1] !== undefined && features[1] !== xField ? features[1] : undefined);
  if (xField === undefined || yField === undefined) {
    throw new TypeError(`${fn}: options.x and options.y are needed (the result has ${features.length} clustering feature${features.length === 1 ? "" : "s"})`);
  }

  // Cluster of each record: by position when the ids agree, else by id.
  const idOf = (i: number): string => {
    const row = rows[i];
    const id = row !== null && typeof row === "object" ? (row as Record<string, unknown>).customerId : undefined;
    if ((typeof id !== "string" || id === "") && !(typeof id === "number" && Number.isFinite(id))) {
      throw new TypeError(`${fn}: customers[${i}].customerId must be a customer id, got ${describeValue(id)}`);
    }
    return String(id);
  };
  const ids: string[] = new Array(n);
  const clusterOf = new Int32Array(n);
  let byId: Map<string, number> | null = null;
  for (let i = 0; i < n; i++) {
    ids[i] = idOf(i);
    const a = assignments[i];
    if (!byId && a?.customerId === ids[i]) clusterOf[i] = a.cluster;
    else {
      byId ??= new Map(assignments.map((x) => [x?.customerId, x?.cluster]));
      const c = byId.get(ids[i]);
      if (c === undefined) throw new TypeError(`${fn}: customers[${i}] (customerId ${JSON.stringify(ids[i])}) has no cluster in the result`);
      clusterOf[i] = c;
    }
    if (!Number.isInteger(clusterOf[i]) || clusterOf[i] < 0) throw new TypeError(`${fn}: the cluster of customer ${JSON.stringify(ids[i])} must be an integer >= 0`);
  }

  // Means and sizes over all customers.
  const stats = new Map<number, { n: number; x: number; y: number }>();
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    xs[i] = finiteField(fn, "customers", i, rows[i], xField);
    ys[i] = finiteField(fn, "customers", i, rows[i], yField);
    const s = stats.get(clusterOf[i]) ?? { n: 0, x: 0, y: 0 };
    s.n++;
    s.x += xs[i];
    s.y += ys[i];
    stats.set(clusterOf[i], s);
  }
  const keep = sampleIndices(ids, opts.maxPoints ?? DEFAULT_MAX_POINTS);
  for (const i of keep) {
    minX = Math.min(minX, xs[i]);
    minY = Math.min(minY, ys[i]);
    maxX = Math.max(maxX, xs[i]);
    maxY = Math.max(maxY, ys[i]);
  }
  const xAxis = valueAxis(fn, "xScale", opts.xScale ?? "linear", minX, maxX);
  const yAxis = valueAxis(fn, "yScale", opts.yScale ?? "linear", minY, maxY);

  const segmentLabel = new Map<string, string>(CLASSIC_SEGMENTS.map((s) => [s.id, language === "zh" ? s.labelZh : s.label]));
  const profileSegment = new Map<number, string | null>((result.profiles ?? []).map((p) => [p.cluster, p.segment]));
  const clusterIds = [...stats.keys()].sort((a, b) => a - b);
  const labelOf = new Map<number, string>();
  for (const c of clusterIds) {
    const seg = profileSegment.get(c);
    const name = seg ? (segmentLabel.get(seg) ?? seg) : `${w.cluster} ${c}`;
    labelOf.set(c, `${c} · ${name} (${percentText(stats.get(c)!.n / n)})`);
  }
  const values: Record<string, unknown>[] = [];
  for (const i of keep) values.push({ customerId: ids[i], cluster: clusterOf[i], [xField]: xs[i], [yField]: ys[i] });
  const means = clusterIds.map((c) => {
    const s = stats.get(c)!;
    return { cluster: c, customers: s.n, [xField]: s.x / s.n, [yField]: s.y / s.n };
  });
  // Field names with dots or brackets would be read as paths by Vega-Lite.
  const field = (f: string) => f.replace(/([.[\]\\])/g, "\\$1");
  const x = { field: field(xField), type: "quantitative", title: xField, ...xAxis };
  const y = { field: field(yField), type: "quantitative", title: yField, ...yAxis };
  const color = {
    field: "label",
    type: "nominal",
    title: w.cluster,
    scale: { domain: clusterIds.map((c) => labelOf.get(c)!), scheme: clusterIds.length <= 10 ? "tableau10" : "tableau20" },
    legend: { labelLimit: 260 },
  };
  const big = keep.length > 1000;
  // The legend labels live once in the spec, not on every row.
  const lookup = labelLookup(Object.fromEntries(labelOf), "cluster");
  const layer: Record<string, unknown>[] = [
    {
      transform: [lookup],
      mark: { type: "point", filled: true, opacity: big ? 0.4 : 0.75, size: big ? 12 : 40 },
      encoding: {
        x,
        y,
        color,
        tooltip: [
          { field: "customerId", type: "nominal", title: "customerId" },
          { field: "label", type: "nominal", title: w.cluster },
          { field: field(xField), type: "quantitative", title: xField, format: ",.4~f" },
          { field: field(yField), type: "quantitative", title: yField, format: ",.4~f" },
        ],
      },
    },
  ];
  if (opts.means ?? true) {
    layer.push({
      data: { values: means },
      transform: [lookup],
      mark: { type: "point", shape: "diamond", filled: true, size: 260, stroke: "black", strokeWidth: 1.5, opacity: 1 },
      encoding: {
        x: { field: field(xField), type: "quantitative" },
        y: { field: field(yField), type: "quantitative" },
        color,
        tooltip: [
          { field: "label", type: "nominal", title: w.clusterMean },
          { field: "customers", type: "quantitative", title: w.customers, format: "," },
          { field: field(xField), type: "quantitative", title: xField, format: ",.4~f" },
          { field: field(yField), type: "quantitative", title: yField, format: ",.4~f" },
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

/** zod schema of {@link ClusterScatterOptions}. */
export const clusterScatterOptionsSchema: z.ZodType<ClusterScatterOptions> = clusterScatterOptionsObject as unknown as z.ZodType<ClusterScatterOptions>;
