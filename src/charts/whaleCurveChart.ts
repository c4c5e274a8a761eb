import { AnalyticsInputError, describeValue, inputIssue, type InputIssue } from "../errors.js";
import { readRecords } from "../input/readRecords.js";
import { defineOptions, parseOptions, type OptionsSchema } from "../options.js";
import type { WhaleCurveMeta, WhalePoint } from "../value/whaleCurve.js";
import { VEGA_LITE_SCHEMA, chartOptionsShape, finishSpec, groupThousands, numberText, percentText, titleOf, type ChartOptions, type VegaLiteSpec } from "./common.js";

/** Options of {@link whaleCurveChart}. */
export type WhaleCurveChartOptions = ChartOptions;

/** zod schema of {@link WhaleCurveChartOptions}. */
export const whaleCurveChartOptionsSchema: OptionsSchema<WhaleCurveChartOptions> = defineOptions<WhaleCurveChartOptions>()({ ...chartOptionsShape });

/** Input of {@link whaleCurveChart}: `whaleCurve`'s result (its points and meta). */
export interface WhaleCurveChartInput {
  readonly points: readonly Pick<WhalePoint, "customers" | "customerShare" | "profitShare">[];
  readonly meta: Pick<WhaleCurveMeta, "customers" | "totalProfit" | "valueDestroyingCustomers" | "profitDestroyed">;
}

/** A share in whole percent, with up to 2 decimals when it would otherwise read as `ref` (100%, 0%) but is not. */
function shareText(v: number, ref: number): string {
  for (let d = 0; d <= 2; d++) if (percentText(v, d) !== percentText(ref, d)) return percentText(v, d);
  return percentText(v, 0);
}

const WORDS = {
  en: {
    title: "Whale curve: cumulative profit by customer",
    x: "Share of customers (most profitable first)",
    y: "Cumulative share of total profit",
    total: "100% = total profit",
    peak: (height: string, at: string) => `peak ${height} at ${at} of customers`,
    tail: (share: string) => `value-destroying customers: ${share}`,
    noTail: "no value-destroying customers",
    subtitle: (total: string, customers: string, destroyed: string) => `Total profit ${total} · ${customers} customers · profit destroyed by the loss-makers ${destroyed}`,
    profit: "Cumulative profit",
    customers: "Customers",
  },
  zh: {
    title: "鲸鱼曲线：按客户累计利润",
    x: "客户累计占比（按利润从高到低）",
    y: "累计利润占总利润的比例",
    total: "100% = 总利润",
    peak: (height: string, at: string) => `峰值 ${height}（前 ${at} 的客户）`,
    tail: (share: string) => `毁损价值的客户：${share}`,
    noTail: "没有毁损价值的客户",
    subtitle: (total: string, customers: string, destroyed: string) => `总利润 ${total} · ${customers} 位客户 · 亏损客户毁损的利润 ${destroyed}`,
    profit: "累计利润",
    customers: "客户数",
  },
} as const;

/**
 * The whale curve of a `whaleCurve` result: the cumulative share of the total profit (y, in %; above
 * 100% before the loss-making customers bring it back down) against the share of customers ranked by
 * profit, most profitable first (x). Draws the 100% line, marks and labels the peak ("peak 142% at
 * 31% of customers") and shades the tail of value-destroying customers (the last
 * `meta.valueDestroyingCustomers` of `meta.customers`). Reads `points` and `meta`.
 *
 * @throws {TypeError} The input is not a `whaleCurve` result (`points` array and `meta` object).
 * @throws {AnalyticsInputError} Bad points (paths `["points", i, field]`): a customer share outside
 *   0..1 or not ascending, a profit share that is negative or not finite (`invalid_value`); meta whose
 *   customers, value-destroying customers, total profit (> 0) or profit destroyed (≥ 0) are not such
 *   numbers (`invalid_value` at `["meta", field]`).
 * @throws {RangeError} Fewer than two points or bad options, prefixed `whaleCurveChart:`.
 * @example
 * const spec = whaleCurveChart(whaleCurve([
 *   { customerId: "a", profit: 80 }, { customerId: "b", profit: 50 }, { customerId: "c", profit: -10 }, { customerId: "d", profit: -20 },
 * ]));
 * spec.data.values.map((d) => [d.customerShare, d.profitShare]); //=> [[0, 0], [0.25, 0.8], [0.5, 1.3], [0.75, 1.2], [1, 1]]
 * spec.layer.find((l) => l.data?.values[0].kind === "peak").data.values[0].text; //=> "peak 130% at 50% of customers"
 */
export function whaleCurveChart(curve: WhaleCurveChartInput, options: WhaleCurveChartOptions = {}): VegaLiteSpec {
  const fn = "whaleCurveChart";
  const opts = parseOptions(fn, whaleCurveChartOptionsSchema, options);
  const language = opts.language ?? "en";
  const m = WORDS[language];
  if (curve === null || typeof curve !== "object" || !Array.isArray(curve.points) || curve.meta === null || typeof curve.meta !== "object") {
    throw new TypeError(`${fn}: expected whaleCurve's result ({ points, meta }), got ${describeValue(curve)}`);
  }
  const rows = curve.points;
  if (rows.length < 2) throw new RangeError(`${fn}: a curve needs at least 2 points, got ${rows.length}`);
  const source = "points";
  const { columns } = readRecords(fn, rows, {
    source,
    ids: "index",
    fields: {
      customers: { field: "customers", name: "customers", rule: "count" },
      customerShare: { field: "customerShare", name: "customerShare", rule: "nonNegative" },
      profitShare: { field: "profitShare", name: "profitShare", rule: "nonNegative" },
    },
  });
  const issues: InputIssue[] = [];
  let bad = 0;
  const report = (path: (string | number)[], message: string) => {
    if (++bad <= 20) issues.push(inputIssue("invalid_value", path, message));
  };
  const n = rows.length;
  for (let i = 0; i < n; i++) {
    const x = columns.customerShare[i];
    if (x > 1) report([source, i, "customerShare"], `expected a share from 0 to 1, got ${x}`);
    else if (i > 0 && x < columns.customerShare[i - 1]) report([source, i, "customerShare"], `expected shares in ascending order, got ${x} after ${columns.customerShare[i - 1]}`);
  }
  const meta = curve.meta as unknown as Record<string, unknown>;
  const metaNumber = (field: string, ok: (v: number) => boolean, what: string): number => {
    const v = meta[field];
    if (typeof v === "number" && Number.isFinite(v) && ok(v)) return v;
    report(["meta", field], `expected ${what}, got ${describeValue(v)}`);
    return 0;
  };
  const isCount = (v: number) => Number.isInteger(v) && v >= 0;
  const customers = metaNumber("customers", (v) => isCount(v) && v >= 1, "the number of customers, an integer >= 1");
  const destroying = metaNumber("valueDestroyingCustomers", (v) => isCount(v) && v <= customers, `an integer from 0 to the customers (${customers})`);
  const totalProfit = metaNumber("totalProfit", (v) => v > 0, "the total profit, a positive number");
  const destroyed = metaNumber("profitDestroyed", (v) => v >= 0, "the profit destroyed, a number >= 0");
  // the plot (in %, with headroom above the peak) and the cumulative profit (share × total) must stay finite
  for (let i = 0; i < n; i++) {
    const y = columns.profitShare[i];
    if (!Number.isFinite(y * 112) || !Number.isFinite(y * totalProfit)) report([source, i, "profitShare"], `expected a profit share that can be plotted (its percent and its share of the total profit ${totalProfit} finite), got ${y}`);
  }
  if (bad > 0) throw new AnalyticsInputError(fn, issues, bad);

  // the peak: the first highest point (whaleCurve always returns it)
  let peak = 0;
  for (let i = 1; i < n; i++) if (columns.profitShare[i] > columns.profitShare[peak]) peak = i;
  const peakX = columns.customerShare[peak];
  const peakY = columns.profitShare[peak];
  const tailShare = destroying / customers;
  const tailFrom = 1 - tailShare;
  const values = rows.map((_, i) => ({
    customers: columns.customers[i],
    customerShare: columns.customerShare[i],
    profitShare: columns.profitShare[i],
    cumulativeProfit: columns.profitShare[i] * totalProfit,
  }));
  const top = Math.max(1, peakY);
  // headroom above the peak for its label
  const yMax = top * 1.12;
  const peakText = m.peak(shareText(peakY, 1), shareText(peakX, 1));
  // the label sits left of the peak when the peak is on the right half
  const right = peakX > 0.55;
  const x = { field: "customerShare", type: "quantitative", title: m.x, scale: { domain: [0, 1] }, axis: { format: "%" } };
  const y = { field: "profitShare", type: "quantitative", title: m.y, scale: { domain: [0, yMax], nice: false }, axis: { format: "%" } };
  const layer: Record<string, unknown>[] = [];
  const narrow = tailShare < 0.3;
  if (destroying > 0) {
    layer.push(
      {
        data: { values: [{ from: tailFrom, to: 1 }] },
        mark: { type: "rect", color: "#d62728", opacity: 0.12 },
        encoding: { x: { field: "from", type: "quantitative" }, x2: { field: "to" }, y: { datum: 0 }, y2: { datum: yMax } },
      },
      {
        // a narrow tail: the label ends at the right edge, inside the plot
        data: { values: [{ at: narrow ? 1 : tailFrom + tailShare / 2, y: yMax, text: m.tail(shareText(tailShare, 0)), kind: "tail" }] },
        mark: { type: "text", color: "#b22222", baseline: "top", dy: 4, dx: narrow ? -4 : 0, fontSize: 11, align: narrow ? "right" : "center" },
        encoding: { x: { field: "at", type: "quantitative" }, y: { field: "y", type: "quantitative" }, text: { field: "text", type: "nominal" } },
      },
    );
  }
  else {
    layer.push({
      data: { values: [{ at: 1, y: yMax, text: m.noTail, kind: "tail" }] },
      mark: { type: "text", color: "#666666", baseline: "top", dy: 4, dx: -4, fontSize: 11, align: "right" },
      encoding: { x: { field: "at", type: "quantitative" }, y: { field: "y", type: "quantitative" }, text: { field: "text", type: "nominal" } },
    });
  }
  layer.push(
    {
      data: { values: [{ y: 1, text: m.total, kind: "total" }] },
      layer: [
        { mark: { type: "rule", color: "#888888", strokeDash: [4, 4] }, encoding: { y: { field: "y", type: "quantitative" } } },
        {
          mark: { type: "text", align: "left", baseline: "bottom", dx: 4, dy: -3, fontSize: 10, color: "#666666" },
          encoding: { x: { datum: 0 }, y: { field: "y", type: "quantitative" }, text: { field: "text", type: "nominal" } },
        },
      ],
    },
    {
      mark: { type: "area", color: "#1f77b4", opacity: 0.15 },
      encoding: { x, y },
    },
    {
      mark: { type: "line", color: "#1f77b4", strokeWidth: 2 },
      encoding: {
        x,
        y,
        tooltip: [
          { field: "customerShare", type: "quantitative", title: m.x, format: ".1%" },
          { field: "customers", type: "quantitative", title: m.customers, format: "," },
          { field: "profitShare", type: "quantitative", title: m.y, format: ".1%" },
          { field: "cumulativeProfit", type: "quantitative", title: m.profit, format: ",.0f" },
        ],
      },
    },
    {
      data: { values: [{ customerShare: peakX, profitShare: peakY, text: peakText, kind: "peak" }] },
      mark: { type: "text", align: right ? "right" : "left", baseline: "bottom", dx: right ? -6 : 6, dy: -6, fontSize: 12, fontWeight: "bold" },
      encoding: { x: { field: "customerShare", type: "quantitative" }, y: { field: "profitShare", type: "quantitative" }, text: { field: "text", type: "nominal" } },
    },
    {
      data: { values: [{ customerShare: peakX, profitShare: peakY, origin: 0 }] },
      layer: [
        {
          mark: { type: "rule", color: "#333333", strokeDash: [2, 2] },
          encoding: { x: { field: "customerShare", type: "quantitative" }, y: { field: "origin", type: "quantitative" }, y2: { field: "profitShare" } },
        },
        { mark: { type: "point", filled: true, color: "#333333", size: 50 }, encoding: { x: { field: "customerShare", type: "quantitative" }, y: { field: "profitShare", type: "quantitative" } } },
      ],
    },
  );
  return finishSpec(fn, {
    $schema: VEGA_LITE_SCHEMA,
    ...titleOf(opts.title ?? m.title, m.subtitle(numberText(totalProfit), groupThousands(customers), numberText(destroyed))),
    data: { values },
    width: opts.width ?? 480,
    height: opts.height ?? 340,
    layer,
  });
}
