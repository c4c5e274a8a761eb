import { z } from "zod";
import { AnalyticsInputError, describeValue, inputIssue } from "../errors.js";
import { fieldLabel, missingFields, readRecords } from "../input/readRecords.js";
import type { FieldAccessor } from "../input/types.js";
import { defineOptions, fieldAccessorSchema, parseOptions, type OptionsSchema } from "../options.js";
import type { ClusterAssignment, ClusterProfile } from "../cluster/clusterCustomers.js";
import { CLASSIC_SEGMENTS } from "../rfm/segmentDefinitions.js";
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
  type AxisScale,
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

/** zod schema of {@link ClusterScatterOptions}. */
export const clusterScatterOptionsSchema: OptionsSchema<ClusterScatterOptions> = defineOptions<ClusterScatterOptions>()({
  ...chartOptionsShape,
  x: fieldAccessorSchema.optional(),
  y: fieldAccessorSchema.optional(),
  xScale: scaleSchema.optional(),
  yScale: scaleSchema.optional(),
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
    readonly profiles?: readonly Pick<ClusterProfile, "cluster" | "segment">[];
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
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    const s = stats.get(clusterOf[i]) ?? { n: 0, x: new SafeSum(), y: new SafeSum() };
    s.n++;
    s.x.add(xs[i]);
    s.y.add(ys[i]);
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
  const profiles: unknown = result.meta?.profiles;
  const profileSegment = new Map<number, string | null>();
  if (Array.isArray(profiles)) {
    for (const p of profiles) if (p !== null && typeof p === "object" && typeof p.cluster === "number" && typeof p.segment === "string") profileSegment.set(p.cluster, p.segment);
  }
  const clusterIds = [...stats.keys()].sort((a, b) => a - b);
  const labelOf = new Map<number, string>();
  for (const c of clusterIds) {
    const seg = profileSegment.get(c);
    const name = seg ? (segmentLabel.get(seg) ?? seg) : `${w.cluster} ${c}`;
    labelOf.set(c, `${c} · ${name} (${percentText(stats.get(c)!.n / n)})`);
  }
  const values: Record<string, unknown>[] = [];
  for (const i of keep) values.push({ customerId: ids[i], cluster: clusterOf[i], [xName]: xs[i], [yName]: ys[i] });
  const means = clusterIds.map((c) => {
    const s = stats.get(c)!;
    return { cluster: c, customers: s.n, [xName]: s.x.mean(s.n), [yName]: s.y.mean(s.n) };
  });
  // Field names with dots or brackets would be read as paths by Vega-Lite.
  const field = (f: string) => f.replace(/([.[\]\\])/g, "\\$1");
  const x = { field: field(xName), type: "quantitative", title: xName, ...xAxis };
  const y = { field: field(yName), type: "quantitative", title: yName, ...yAxis };
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
          { field: field(xName), type: "quantitative", title: xName, format: ",.4~f" },
          { field: field(yName), type: "quantitative", title: yName, format: ",.4~f" },
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
        x: { field: field(xName), type: "quantitative" },
        y: { field: field(yName), type: "quantitative" },
        color,
        tooltip: [
          { field: "label", type: "nominal", title: w.clusterMean },
          { field: "customers", type: "quantitative", title: w.customers, format: "," },
          { field: field(xName), type: "quantitative", title: xName, format: ",.4~f" },
          { field: field(yName), type: "quantitative", title: yName, format: ",.4~f" },
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
