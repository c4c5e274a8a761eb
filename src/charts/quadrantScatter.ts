import { describeValue } from "../errors.js";
import { readRecords } from "../input/readRecords.js";
import {
  DEFAULT_MAX_POINTS,
  TEXT,
  VEGA_LITE_SCHEMA,
  finishSpec,
  groupThousands,
  labelLookup,
  sameDecimals,
  sampleIndices,
  titleOf,
  valueAxis,
  type AxisScaleOption,
  type ChartOptions,
  type JsonValue,
  type VegaLiteSpec,
} from "./common.js";

/** One of the two value fields of a quadrant scatter. */
export interface QuadrantValueField {
  /** Name of the field in the records, in `meta.thresholds` and in the rows drawn. */
  readonly field: string;
  /** Axis the field is drawn on. */
  readonly axis: "x" | "y";
  /** Title of its axis (which names the scale after it) and of its tooltip line. */
  readonly title: string;
}

/** A group (quadrant, region) of a quadrant scatter: its id and labels. */
export interface QuadrantGroup {
  readonly id: string;
  readonly label: string;
  readonly labelZh: string;
}

/** What one quadrant scatter chart has of its own; {@link quadrantScatter} draws the rest. */
export interface QuadrantScatterDefinition {
  /** The function whose result the chart draws (named in the `TypeError` for anything else). */
  readonly producer: string;
  /**
   * The two value fields, in reading order: the records are read, the thresholds checked and their texts
   * given to {@link QuadrantScatterDefinition.thresholdLine}, and the tooltip lists them in this order.
   */
  readonly fields: readonly [QuadrantValueField, QuadrantValueField];
  /** The group text field: its name, legend title, groups in legend order and their colours. */
  readonly group: {
    readonly field: string;
    readonly title: string;
    readonly groups: readonly QuadrantGroup[];
    readonly colors: Readonly<Record<string, string>>;
    /** The colour legend's properties. */
    readonly legend: { readonly [key: string]: JsonValue };
  };
  /** d3 format of the values in the tooltip. */
  readonly format: string;
  /** Default title (`options.title` overrides it). */
  readonly title: string;
  /** First subtitle line, from the thresholds' texts (same decimals; in the order of `fields`). */
  readonly thresholdLine: (texts: readonly string[]) => string;
  /** Layers drawn over the points and threshold rules. */
  readonly layers?: readonly JsonValue[];
}

/** Options every quadrant scatter takes. */
export interface QuadrantScatterOptions extends ChartOptions {
  maxPoints?: number;
  scale?: AxisScaleOption;
}

/**
 * A quadrant scatter of a result `{ customers, meta: { thresholds } }` (clvQuadrants, selectionMatrix):
 * one point per customer coloured by group (legend with each group's count), each axis with its scale,
 * the two threshold rules, and the chart's own layers on top. Above `maxPoints` customers a
 * deterministic sample is drawn ({@link sampleIndices}); counts, thresholds and subtitle describe all
 * customers. `options` are parsed already.
 */
export function quadrantScatter(fn: string, result: unknown, opts: QuadrantScatterOptions, def: QuadrantScatterDefinition): VegaLiteSpec {
  const language = opts.language ?? "en";
  const w = TEXT[language];
  const input = result as { customers: readonly Record<string, unknown>[]; meta: { thresholds: Record<string, number> } };
  if (input === null || typeof input !== "object" || !Array.isArray(input.customers) || typeof input.meta?.thresholds !== "object" || input.meta.thresholds === null) {
    throw new TypeError(`${fn}: expected ${def.producer}'s result ({ customers, meta: { thresholds } }), got ${describeValue(result)}`);
  }
  if (input.customers.length === 0) throw new RangeError(`${fn}: no customers to draw (0 records)`);
  const [first, second] = def.fields;
  const thresholds = def.fields.map((f) => input.meta.thresholds[f.field]);
  if (!Number.isFinite(thresholds[0]) || !Number.isFinite(thresholds[1])) {
    throw new TypeError(
      `${fn}: meta.thresholds must hold finite ${first.field} and ${second.field} thresholds, got ${describeValue(thresholds[0])} and ${describeValue(thresholds[1])}`,
    );
  }
  const [xField, yField] = first.axis === "x" ? [first, second] : [second, first];
  const [tX, tY] = first.axis === "x" ? thresholds : [thresholds[1], thresholds[0]];
  const { groups, colors } = def.group;
  const groupField = def.group.field;
  const byId = new Map(groups.map((g) => [g.id, g]));
  const { ids, columns, texts } = readRecords(fn, input.customers, {
    source: "customers",
    fields: { [first.field]: { field: first.field, name: first.field }, [second.field]: { field: second.field, name: second.field } },
    texts: { [groupField]: { field: groupField, name: groupField, allowed: [...byId.keys()] } },
  });
  const n = ids.length;
  const groupOf = texts[groupField];
  const xs = columns[xField.field];
  const ys = columns[yField.field];
  const counts = new Map<string, number>();
  for (const g of groupOf) counts.set(g, (counts.get(g) ?? 0) + 1);
  const labelOf = (id: string) => {
    const g = byId.get(id)!;
    return `${language === "zh" ? g.labelZh : g.label} (${groupThousands(counts.get(id) ?? 0)})`;
  };
  const keep = sampleIndices(ids, opts.maxPoints ?? DEFAULT_MAX_POINTS);
  const values: Record<string, string | number>[] = [];
  // The domains hold every point drawn and the threshold rules.
  let loX = tX;
  let hiX = tX;
  let loY = tY;
  let hiY = tY;
  for (const i of keep) {
    const x = xs[i];
    const y = ys[i];
    if (x < loX) loX = x;
    if (x > hiX) hiX = x;
    if (y < loY) loY = y;
    if (y > hiY) hiY = y;
    // rows as { customerId, x field, y field, group field }, in that order
    const row: Record<string, string | number> = { customerId: ids[i] };
    row[xField.field] = x;
    row[yField.field] = y;
    row[groupField] = groupOf[i];
    values.push(row);
  }
  // Each axis gets its scale: the two fields are not alike spread.
  const requested = opts.scale ?? "auto";
  const xAxis = valueAxis(fn, "scale", requested, { values: xs, exact: [tX], lo: loX, hi: hiX }, xField.title, language, "x");
  const yAxis = valueAxis(fn, "scale", requested, { values: ys, exact: [tY], lo: loY, hi: hiY }, yField.title, language, "y");
  // An axis with a strip plots a copy of the field, its negative values moved to the strip.
  const transform: Record<string, unknown>[] = [];
  const plotted = (name: string, axis: typeof xAxis) => {
    if (axis.strip === null) return name;
    transform.push({ calculate: `datum.${name} < 0 ? ${axis.strip} : datum.${name}`, as: `${name}Plotted` });
    return `${name}Plotted`;
  };
  const xPlotted = plotted(xField.field, xAxis);
  const yPlotted = plotted(yField.field, yAxis);
  const domain = groups.map((g) => labelOf(g.id));
  const subtitle = [
    def.thresholdLine(sameDecimals(thresholds)),
    keep.length < n ? w.customersShown(groupThousands(keep.length), groupThousands(n)) : w.customersAll(groupThousands(n)),
  ];
  const big = keep.length > 1000;
  return finishSpec(fn, {
    $schema: VEGA_LITE_SCHEMA,
    ...titleOf(opts.title ?? def.title, subtitle),
    data: { values },
    width: opts.width ?? 480,
    height: opts.height ?? 360,
    layer: [
      {
        // The legend labels live once in the spec, not on every row.
        transform: [labelLookup(Object.fromEntries(groups.map((g) => [g.id, labelOf(g.id)])), groupField), ...transform],
        mark: { type: "point", filled: true, opacity: big ? 0.45 : 0.8, size: big ? 12 : 40 },
        encoding: {
          x: { field: xPlotted, type: "quantitative", title: xAxis.title, scale: xAxis.scale, axis: xAxis.axis },
          y: { field: yPlotted, type: "quantitative", title: yAxis.title, scale: yAxis.scale, axis: yAxis.axis },
          color: {
            field: "label",
            type: "nominal",
            title: def.group.title,
            scale: { domain, range: groups.map((g) => colors[g.id]) },
            legend: def.group.legend,
          },
          tooltip: [
            { field: "customerId", type: "nominal", title: w.customerId },
            ...def.fields.map((f) => ({ field: f.field, type: "quantitative", title: f.title, format: def.format })),
            { field: "label", type: "nominal", title: def.group.title },
          ],
        },
      },
      // One rule each (own one-row data, not one rule per customer).
      { data: { values: [{}] }, mark: { type: "rule", color: "#555555", strokeDash: [4, 4] }, encoding: { x: { datum: tX } } },
      { data: { values: [{}] }, mark: { type: "rule", color: "#555555", strokeDash: [4, 4] }, encoding: { y: { datum: tY } } },
      ...(def.layers ?? []),
    ],
  });
}
