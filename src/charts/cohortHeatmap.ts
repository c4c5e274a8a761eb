import { z } from "zod";
import { defineOptions, parseOptions, type OptionsSchema } from "../options.js";
import type { CohortCell } from "../churn/cohortRetention.js";
import { AnalyticsInputError, inputIssue, type InputIssue } from "../errors.js";
import { readRecords } from "../input/readRecords.js";
import { TEXT, VEGA_LITE_SCHEMA, chartOptionsShape, finishSpec, groupThousands, midpoint, optionalField, overflowError, partialCoverage, tableOf, titleOf, type ChartOptions, type PeriodCoverage, type VegaLiteSpec } from "./common.js";

/** Options of {@link cohortHeatmap}. */
export interface CohortHeatmapOptions extends ChartOptions {
  /** Cell colour and label: retention `"share"` (default), active `"customers"` or `"revenue"`. */
  metric?: "share" | "customers" | "revenue";
  /** Text in the cells: `"auto"` (default: when there are at most 40 cohorts and 40 periods), `true`, `false`. */
  labels?: "auto" | boolean;
}

/** zod schema of {@link CohortHeatmapOptions}. */
export const cohortHeatmapOptionsSchema: OptionsSchema<CohortHeatmapOptions> = defineOptions<CohortHeatmapOptions>()({
  ...chartOptionsShape,
  metric: z.enum(["share", "customers", "revenue"]).optional(),
  labels: z.union([z.literal("auto"), z.boolean()]).optional(),
});

/** Input of {@link cohortHeatmap}: `cohortRetention`'s result, or its cells. */
export type CohortHeatmapInput = readonly CohortCell[] | { readonly cells: readonly CohortCell[] };

const MAX_PERIOD = 100_000;

const FORMATS = { share: ".0%", customers: ",", revenue: ".2~s" } as const;

/**
 * The cohort retention heatmap: cohorts down (oldest first), periods since the first purchase across,
 * each cell coloured and labelled by the share of the cohort that bought (or `metric`). For shares the
 * colour scale runs from 0 to the best share after the acquisition period and clamps, so the 100%
 * acquisition column does not wash out the rest. Input: `cohortRetention`'s result or its `cells`.
 *
 * @throws {AnalyticsInputError} Bad cells, read by the one reader (paths `["cells", i, field]`): a
 *   missing field, a value that is not finite, a share outside 0..1, a period index, customer count or
 *   cohort size that is not a non-negative integer (`invalid_value`); `overflow` when the
 *   total of the cohorts' customers is beyond the largest double.
 * @throws {RangeError | TypeError} No cells, not a table, or bad options, prefixed `cohortHeatmap:`.
 * @example
 * const spec = cohortHeatmap(cohortRetention([
 *   { customerId: "a", date: "2024-01-05", amount: 10 }, { customerId: "b", date: "2024-01-20", amount: 20 },
 *   { customerId: "a", date: "2024-02-03", amount: 30 }, { customerId: "c", date: "2024-02-10", amount: 5 },
 * ], { asOf: "2024-02-29" }));
 * spec.data.values.map((d) => [d.cohort, d.periodIndex, d.value]);
 * //=> [["2024-01", 0, 1], ["2024-01", 1, 0.5], ["2024-02", 0, 1]]
 * spec.layer.find((l) => l.mark.type === "rect").encoding.color.scale; //=> { scheme: "blues", domain: [0, 0.5], clamp: true }
 */
export function cohortHeatmap(retention: CohortHeatmapInput, options: CohortHeatmapOptions = {}): VegaLiteSpec {
  const fn = "cohortHeatmap";
  const opts = parseOptions(fn, cohortHeatmapOptionsSchema, options);
  const language = opts.language ?? "en";
  const w = TEXT[language];
  const metric = opts.metric ?? "share";
  const { rows } = tableOf<CohortCell>(fn, retention, [["cells"]], "cohortRetention's cells");
  if (rows.length === 0) throw new RangeError(`${fn}: no cohort cells to draw (0 cells)`);
  const source = "cells";
  const { columns, texts } = readRecords(fn, rows, {
    source,
    ids: "index",
    fields: {
      periodIndex: { field: "periodIndex", name: "periodIndex", rule: "count" },
      customers: { field: "customers", name: "customers", rule: "count" },
      share: { field: "share", name: "share" },
      revenue: { field: "revenue", name: "revenue" },
      cohortSize: { field: "cohortSize", name: "cohortSize", rule: "finiteOrAbsent" },
    },
    texts: { cohort: { field: "cohort", name: "cohort" } },
  });
  // beyond the one reader's rules: a share is at most 1, a cohort size is a count
  const issues: InputIssue[] = [];
  let bad = 0;
  const report = (i: number, field: string, message: string) => {
    if (++bad <= 20) issues.push(inputIssue("invalid_value", [source, i, field], message));
  };
  // partial periods: optional fields (absent = a whole period), read and checked here
  const coverage: (PeriodCoverage | null)[] = [];
  for (let i = 0; i < rows.length; i++) {
    if (!(columns.share[i] >= 0 && columns.share[i] <= 1)) report(i, "share", `expected a share from 0 to 1, got ${columns.share[i]}`);
    const size = columns.cohortSize[i];
    if (!Number.isNaN(size) && !(Number.isInteger(size) && size >= 0)) report(i, "cohortSize", `expected an integer >= 0 or null, got ${size}`);
    coverage.push(partialCoverage(fn, source, rows, i, report));
  }
  if (bad > 0) throw new AnalyticsInputError(fn, issues, bad);
  const cohorts: string[] = [];
  const cohortSeen = new Set<string>();
  let maxPeriod = 0;
  let laterMax = 0;
  let lo = Infinity;
  let hi = -Infinity;
  let totalCustomers = 0;
  let partialCells = 0;
  const values = rows.map((_, i) => {
    const cohort = texts.cohort[i];
    const periodIndex = columns.periodIndex[i];
    const customers = columns.customers[i];
    const share = columns.share[i];
    const revenue = columns.revenue[i];
    const cohortSize = Number.isNaN(columns.cohortSize[i]) ? null : columns.cohortSize[i];
    const periodRaw = optionalField(fn, source, rows, i, "period");
    if (!cohortSeen.has(cohort)) {
      cohortSeen.add(cohort);
      cohorts.push(cohort);
    }
    if (periodIndex > maxPeriod) maxPeriod = periodIndex;
    const value = metric === "share" ? share : metric === "customers" ? customers : revenue;
    if (periodIndex > 0 && value > laterMax) laterMax = value;
    if (value < lo) lo = value;
    if (value > hi) hi = value;
    if (periodIndex === 0) totalCustomers += cohortSize ?? customers;
    const days = coverage[i];
    if (days !== null) partialCells++;
    return {
      cohort,
      periodIndex,
      period: typeof periodRaw === "string" ? periodRaw : null,
      cohortSize,
      customers,
      share,
      revenue,
      value,
      partial: days !== null,
      coverage: days === null ? null : w.daysOf(groupThousands(days.daysCovered), groupThousands(days.daysInPeriod)),
    };
  });
  if (!Number.isFinite(totalCustomers)) throw overflowError(fn, [source], "the total number of customers");
  // one column per period up to the last: bounded (100,000 periods is 1,900 years of weeks)
  if (maxPeriod > MAX_PERIOD) {
    throw new AnalyticsInputError(fn, [inputIssue("invalid_value", [source, columns.periodIndex.indexOf(maxPeriod), "periodIndex"], `expected a period index up to ${MAX_PERIOD}, got ${maxPeriod}`)]);
  }
  // Shares: 0 .. the best later period (the acquisition column is 100% by definition).
  const floor = Math.min(0, lo);
  const domain = metric === "share" ? [0, laterMax > 0 ? laterMax : 1] : [floor, hi > floor ? hi : floor + 1];
  const mid = midpoint(domain[0], domain[1]);
  const periods = Array.from({ length: maxPeriod + 1 }, (_, k) => k);
  const showLabels = opts.labels === "auto" || opts.labels === undefined ? cohorts.length <= 40 && periods.length <= 40 : opts.labels;
  // "Months since first purchase" when the result says the period
  const unit: unknown = !Array.isArray(retention) && retention !== null && typeof retention === "object" ? (retention as { meta?: { period?: unknown } }).meta?.period : undefined;
  const periodsTitle = typeof unit === "string" && Object.hasOwn(w.unitsSince, unit) ? w.unitsSince[unit as keyof typeof w.unitsSince] : w.periodsSince;
  const metricTitle = metric === "share" ? w.retention : metric === "customers" ? w.customers : w.revenue;
  const layer: Record<string, unknown>[] = [
    {
      mark: { type: "rect" },
      encoding: {
        // a partial period's cell is lighter, with a dashed outline (its own layer) and a * on its label
        opacity: { condition: { test: "datum.partial", value: 0.5 }, value: 1 },
        color: {
          field: "value",
          type: "quantitative",
          title: metricTitle,
          scale: metric === "share" ? { scheme: "blues", domain, clamp: true } : { scheme: "blues", domain },
          legend: { format: FORMATS[metric] },
        },
        tooltip: [
          { field: "cohort", type: "nominal", title: w.cohort },
          { field: "periodIndex", type: "ordinal", title: w.periodsSince },
          { field: "period", type: "nominal", title: " " },
          { field: "cohortSize", type: "quantitative", title: `${w.cohort} ${w.customers}`, format: "," },
          { field: "customers", type: "quantitative", title: w.customers, format: "," },
          { field: "share", type: "quantitative", title: w.retention, format: ".1%" },
          { field: "revenue", type: "quantitative", title: w.revenue, format: ",.2f" },
          { field: "coverage", type: "nominal", title: w.partialPeriod },
        ],
      },
    },
  ];
  if (partialCells > 0) {
    layer.push({
      transform: [{ filter: "datum.partial" }],
      mark: { type: "rect", fillOpacity: 0, stroke: "#333333", strokeWidth: 1.5, strokeDash: [4, 3] },
    });
  }
  if (showLabels) {
    layer.push({
      transform: [{ calculate: `format(datum.value, ${JSON.stringify(FORMATS[metric])}) + (datum.partial ? "*" : "")`, as: "text" }],
      mark: { type: "text", baseline: "middle", fontSize: 10 },
      encoding: {
        text: { field: "text", type: "nominal" },
        color: { condition: { test: `datum.value > ${mid} && !datum.partial`, value: "white" }, value: "black" },
      },
    });
  }
  const counts = `${language === "en" ? `${cohorts.length} cohort${cohorts.length === 1 ? "" : "s"}` : `${cohorts.length} 个同期群`} · ${w.customersAll(groupThousands(totalCustomers))}`;
  return finishSpec(fn, {
    $schema: VEGA_LITE_SCHEMA,
    ...titleOf(opts.title ?? w.cohortRetention, partialCells > 0 ? [counts, w.partialNote(showLabels)] : counts),
    data: { values },
    width: opts.width ?? Math.min(1000, Math.max(240, 34 * periods.length)),
    height: opts.height ?? Math.min(1000, Math.max(120, 24 * cohorts.length)),
    encoding: {
      x: { field: "periodIndex", type: "ordinal", title: periodsTitle, scale: { domain: periods }, axis: { labelAngle: 0 } },
      y: { field: "cohort", type: "ordinal", title: w.cohort, scale: { domain: cohorts } },
    },
    layer,
  });
}
