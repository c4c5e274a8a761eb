// Shared pieces of the chart builders: the spec type, common options, labels in two languages, number
// formatting, the deterministic point sample and the final JSON check.
import { z } from "zod";
import { AnalyticsInputError, describeValue, inputIssue, type IssuePath } from "../errors.js";
import { fieldReader } from "../input/readRecords.js";
import { expm1, log, log1p } from "../internal/elementary.js";
import { DOWN, UP } from "../internal/mean.js";
import { groupThousands as groupDigits, percentDigits, toFixedHalfAway } from "../internal/format.js";

/** The Vega-Lite version the specs are written for. */
export const VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";

/** A JSON value: what a chart spec is made of (no functions, no `undefined`, no NaN or ±Infinity). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A Vega-Lite v5 specification as plain JSON, with its data inlined. */
export interface VegaLiteSpec {
  $schema: string;
  [key: string]: JsonValue;
}

/** Options every chart takes. */
export interface ChartOptions {
  /** Chart title (default: a title in the chosen language); `""` for none. */
  title?: string;
  /** Width of the plot area in pixels (per panel for side-by-side charts). */
  width?: number;
  /** Height of the plot area in pixels. */
  height?: number;
  /** Language of titles, axis titles and segment/class labels: `"en"` (default) or `"zh"` (中文). */
  language?: "en" | "zh";
}

/** zod shape of {@link ChartOptions}, spread into each chart's schema. */
export const chartOptionsShape = {
  title: z.string().max(300).optional(),
  width: z.number().int().min(20).max(5000).optional(),
  height: z.number().int().min(20).max(5000).optional(),
  language: z.enum(["en", "zh"]).optional(),
};

/** Default number of points a scatter chart draws (see {@link sampleIndices}). */
export const DEFAULT_MAX_POINTS = 3000;

/**
 * A Vega expression giving the display label of `datum[field]` from a table: the labels live once in
 * the spec instead of once per data row.
 */
export function labelLookup(table: Record<string, string>, field: string): { calculate: string; as: string } {
  return { calculate: `${JSON.stringify(table)}[datum[${JSON.stringify(field)}]]`, as: "label" };
}

/** zod schema of a point budget. */
export const maxPointsSchema = z.number().int().min(10).max(1_000_000);

/** Axis scale types the scatter charts offer. */
export type AxisScale = "linear" | "log" | "symlog";

/** The words the charts print, per language. */
export const TEXT = {
  en: {
    segment: "Segment",
    customers: "Customers",
    revenue: "Revenue",
    customerShare: "Share of customers",
    revenueShare: "Share of revenue",
    share: "Share",
    segmentSizes: "Customers per segment",
    segmentRevenue: "Revenue per segment",
    segmentSizesRevenue: "Customers and revenue per segment",
    segmentShares: "Share of customers and of revenue per segment",
    rfmHeatmap: "RFM heatmap",
    fScore: "F score (frequency)",
    meanMonetary: "Mean monetary",
    meanFrequency: "Mean frequency",
    meanRecencyDays: "Mean recency (days)",
    pareto: "Pareto curve and ABC classes",
    customersRanked: "Share of customers (highest value first)",
    valueShare: "Share of value",
    abcClass: "Class",
    clvQuadrants: "CLV quadrants",
    currentValue: "Current value",
    potentialValue: "Potential value",
    quadrant: "Quadrant",
    cohortRetention: "Cohort retention",
    cohort: "Cohort",
    periodsSince: "Periods since first purchase",
    unitsSince: { week: "Weeks since first purchase", month: "Months since first purchase", quarter: "Quarters since first purchase", year: "Years since first purchase" },
    retention: "Retention",
    clusters: "Customer clusters",
    cluster: "Cluster",
    clusterMean: "cluster mean",
    customerId: "Customer",
    holdout: "Calibration / holdout: purchases in the holdout period",
    calibrationFrequency: "Repeat purchases in the calibration period",
    holdoutPurchases: "Mean purchases in the holdout period",
    actual: "Actual",
    predicted: "Model",
    series: "Series",
    customersShown: (shown: string, all: string) => `${shown} of ${all} customers shown (sample by customer id hash)`,
    customersAll: (all: string) => `${all} customer${all === "1" ? "" : "s"}`,
    partialPeriod: "Partial period",
    daysOf: (covered: string, whole: string) => `${covered} of ${whole} days`,
    partialNote: (labels: boolean) => `Lighter, dashed${labels ? ", *" : ""}: a partial period (its share is of the days covered; see the tooltip)`,
  },
  zh: {
    segment: "客户细分",
    customers: "客户数",
    revenue: "销售额",
    customerShare: "客户占比",
    revenueShare: "销售额占比",
    share: "占比",
    segmentSizes: "各细分客户数",
    segmentRevenue: "各细分销售额",
    segmentSizesRevenue: "各细分客户数与销售额",
    segmentShares: "各细分的客户占比与销售额占比",
    rfmHeatmap: "RFM 热力图",
    fScore: "F 分（购买频次）",
    meanMonetary: "平均消费金额",
    meanFrequency: "平均购买次数",
    meanRecencyDays: "平均距今天数",
    pareto: "帕累托曲线与 ABC 分类",
    customersRanked: "客户累计占比（按价值从高到低）",
    valueShare: "价值累计占比",
    abcClass: "类别",
    clvQuadrants: "客户终身价值四象限",
    currentValue: "当前价值",
    potentialValue: "潜在价值",
    quadrant: "象限",
    cohortRetention: "同期群留存",
    cohort: "同期群",
    periodsSince: "首购后的期数",
    unitsSince: { week: "首购后的周数", month: "首购后的月数", quarter: "首购后的季度数", year: "首购后的年数" },
    retention: "留存率",
    clusters: "客户聚类",
    cluster: "簇",
    clusterMean: "簇均值",
    customerId: "客户编号",
    holdout: "校准期 / 验证期：验证期购买次数",
    calibrationFrequency: "校准期重复购买次数",
    holdoutPurchases: "验证期平均购买次数",
    actual: "实际",
    predicted: "模型",
    series: "系列",
    customersShown: (shown: string, all: string) => `显示 ${all} 位客户中的 ${shown} 位（按客户编号哈希抽样）`,
    customersAll: (all: string) => `${all} 位客户`,
    partialPeriod: "不完整周期",
    daysOf: (covered: string, whole: string) => `${whole} 天中的 ${covered} 天`,
    partialNote: (labels: boolean) => `浅色虚线框${labels ? "、*" : ""}：不完整周期（占比按已覆盖天数计算，详见提示框）`,
  },
} as const;

/** The word list of a language. */
export type Words = (typeof TEXT)["en"] | (typeof TEXT)["zh"];

/** Integer with thousands separators (`23570` → `"23,570"`), independent of the host locale. */
export function groupThousands(x: number): string {
  return groupDigits(toFixedHalfAway(x, 0));
}

/** A share as a percentage with `decimals` decimals (`0.3456` → `"34.6%"`); `null` → `"–"`. */
export function percentText(x: number | null, decimals = 1): string {
  return x === null ? "–" : `${percentDigits(x, decimals)}%`;
}

/** A number for a subtitle: up to `digits` significant digits, thousands grouped (`1234.567` → `"1,234.57"`). */
export function numberText(x: number, digits = 6): string {
  if (Number.isInteger(x)) return groupThousands(x);
  const rounded = Number(x.toPrecision(digits));
  const [int, frac] = String(Math.abs(rounded)).split(".");
  if (int.includes("e")) return String(rounded);
  return (rounded < 0 ? "-" : "") + groupThousands(Number(int)) + (frac ? `.${frac}` : "");
}

/** `title` object of a spec (none when the text is empty). */
export function titleOf(text: string, subtitle?: string | string[]): { title?: JsonValue } {
  if (text === "") return {};
  return { title: subtitle === undefined || subtitle.length === 0 ? { text, anchor: "start" } : { text, subtitle, anchor: "start" } };
}

/** 32-bit FNV-1a hash of a string's UTF-16 code units. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * Which rows a scatter chart draws when there are more than `max`: the `max` rows with the smallest
 * FNV-1a hash of their customer id (equal hashes: earlier rows first), returned in input order. The
 * sample is deterministic, does not depend on the order of the rows, and is the same for every chart
 * of the same customers. With `n <= max` every row is kept.
 */
export function sampleIndices(ids: readonly string[], max: number): Int32Array {
  const n = ids.length;
  if (n <= max) return Int32Array.from({ length: n }, (_, i) => i);
  const hashes = new Uint32Array(n);
  for (let i = 0; i < n; i++) hashes[i] = fnv1a(ids[i]);
  const cutoff = Uint32Array.from(hashes).sort()[max - 1];
  let below = 0;
  for (let i = 0; i < n; i++) if (hashes[i] < cutoff) below++;
  let atCutoff = max - below; // rows hashed exactly at the cutoff still to take, in input order
  const out = new Int32Array(max);
  let k = 0;
  for (let i = 0; i < n; i++) {
    if (hashes[i] < cutoff || (hashes[i] === cutoff && atCutoff-- > 0)) out[k++] = i;
  }
  return out;
}

/**
 * The table an argument holds: the argument itself when it is an array, else the first array found at
 * one of `paths` of a result object (`["segments"]`, `["meta", "segments"]`). Returns the rows and the
 * path they were found at (`[]` for an array argument), for messages.
 */
export function tableOf<T>(fn: string, input: unknown, paths: readonly (readonly string[])[], what: string): { rows: readonly T[]; path: readonly string[] } {
  if (Array.isArray(input)) return { rows: input as readonly T[], path: [] };
  for (const path of paths) {
    let v: unknown = input;
    for (const key of path) v = v !== null && typeof v === "object" && Object.hasOwn(v, key) ? (v as Record<string, unknown>)[key] : undefined;
    if (Array.isArray(v)) return { rows: v as readonly T[], path };
  }
  const where = paths.map((p) => `\`${p.join(".")}\``).join(" or ");
  throw new TypeError(`${fn}: expected ${what} (an array, or a result object with ${where}), got ${describeValue(input)}`);
}

/**
 * An optional field the one reader does not read (a boolean flag, a display text): its value, or
 * `undefined` when the record lacks it; a throwing getter is `unreadable_field` naming the record.
 */
export function optionalField(fn: string, source: string, rows: readonly unknown[], i: number, field: string): unknown {
  const row = rows[i];
  if (row === null || typeof row !== "object") return undefined;
  try {
    return fieldReader<unknown>(field)(row, i);
  } catch (error) {
    const why = error instanceof Error ? error.message : describeValue(error);
    throw new AnalyticsInputError(fn, [inputIssue("unreadable_field", [source, i, field], `reading the field threw: ${why}`)]);
  }
}

/** Days of a partial period: an integer from 1 to 1,000,000. */
export const isPeriodDays = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v >= 1 && v <= 1_000_000;

/** How much of a partial period the data cover. */
export interface PeriodCoverage {
  daysCovered: number;
  daysInPeriod: number;
}

/**
 * The partial-period fields of record `i` (`partial`, `daysCovered`, `daysInPeriod`, written by
 * `periodIndicators` and `cohortRetention`): optional, absent = a whole period. Returns the coverage
 * of a partial period, `null` for a whole one or bad fields, which `report(i, field, message)` is told
 * about (`partial` not a boolean; `daysInPeriod` not days; `daysCovered` not days up to `daysInPeriod`).
 */
export function partialCoverage(fn: string, source: string, rows: readonly unknown[], i: number, report: (i: number, field: string, message: string) => void): PeriodCoverage | null {
  const partial = optionalField(fn, source, rows, i, "partial");
  if (partial !== undefined && typeof partial !== "boolean") report(i, "partial", `expected true, false or no field, got ${describeValue(partial)}`);
  if (partial !== true) return null;
  const covered = optionalField(fn, source, rows, i, "daysCovered");
  const whole = optionalField(fn, source, rows, i, "daysInPeriod");
  if (!isPeriodDays(whole)) report(i, "daysInPeriod", `expected the days of a partial period, an integer from 1 to 1000000, got ${describeValue(whole)}`);
  else if (!isPeriodDays(covered) || covered > whole) report(i, "daysCovered", `expected the days covered, an integer from 1 to daysInPeriod (${whole}), got ${describeValue(covered)}`);
  return isPeriodDays(covered) && isPeriodDays(whole) && covered <= whole ? { daysCovered: covered, daysInPeriod: whole } : null;
}

/** The `overflow` error of a total or mean of the data that no double holds. */
export function overflowError(fn: string, path: IssuePath, what: string): AnalyticsInputError {
  return new AnalyticsInputError(fn, [inputIssue("overflow", path, `${what} is beyond the largest double (1.8e308): the values are too large to add up`)]);
}


/**
 * A running sum that cannot give NaN: the plain sum, and beside it the sum of the values scaled by
 * 2^-64 (exact scaling), used for means and ratios when the plain sum leaves the doubles.
 */
export class SafeSum {
  plain = 0;
  private scaled = 0;

  add(v: number): void {
    this.plain += v;
    this.scaled += v * DOWN;
  }

  /** Whether the sum is positive (judged on the scaled sum when the plain one overflowed). */
  get positive(): boolean {
    return this.finite ? this.plain > 0 : this.scaled > 0;
  }

  /** Whether the sum is not 0 (judged on the scaled sum when the plain one overflowed). */
  get nonZero(): boolean {
    return this.finite ? this.plain !== 0 : this.scaled !== 0;
  }

  /** Whether the plain sum is a finite number. */
  get finite(): boolean {
    return Number.isFinite(this.plain);
  }

  /** The mean over `count` values: finite for finite values (clamped at the largest double). */
  mean(count: number): number {
    const m = this.plain / count;
    if (Number.isFinite(m)) return m;
    return Math.min(Number.MAX_VALUE, Math.max(-Number.MAX_VALUE, ((this.scaled / count) * UP)));
  }

  /** `this / whole`, from the scaled sums when a plain one overflowed. */
  ratioTo(whole: SafeSum): number {
    return this.finite && whole.finite ? this.plain / whole.plain : this.scaled / whole.scaled;
  }
}

/** The midpoint of two finite numbers, without overflow. */
export function midpoint(a: number, b: number): number {
  return a / 2 + b / 2;
}

/** Smallest and largest of finite numbers (no spread of a large array onto the stack). */
export function extent(values: readonly number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

/**
 * Finishes a spec: drops `undefined` properties and checks that everything else is JSON (finite
 * numbers, strings, booleans, null, arrays, plain objects). A failure is a bug in the chart code.
 */
export function finishSpec(fn: string, spec: Record<string, unknown>): VegaLiteSpec {
  const walk = (v: unknown, path: string): JsonValue => {
    if (v === null || typeof v === "string" || typeof v === "boolean") return v;
    if (typeof v === "number") {
      if (!Number.isFinite(v)) throw new Error(`${fn}: internal error: ${path} is ${v}`);
      return Object.is(v, -0) ? 0 : v;
    }
    if (Array.isArray(v)) return v.map((x, i) => walk(x, `${path}[${i}]`));
    if (typeof v === "object") {
      const out: { [key: string]: JsonValue } = {};
      for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = walk(x, `${path}.${k}`);
      return out;
    }
    throw new Error(`${fn}: internal error: ${path} is ${typeof v}`);
  };
  return walk(spec, "spec") as VegaLiteSpec;
}

/** v (> 0) to 12 significant digits in exponent form: a power of ten off by a rounding reads as one. */
const decimalDigits = (v: number): string => Number(v.toPrecision(12)).toExponential();
/** ⌊log₁₀ v⌋ for v > 0, from the decimal form (exactly specified, unlike `Math.log10`). */
const floorLog10 = (v: number): number => Number(decimalDigits(v).split("e")[1]);
/** 10^k for an integer k, by parsing `"1e<k>"` (exactly specified, unlike `10 ** k`). */
const pow10 = (k: number): number => Number(`1e${k}`);

/**
 * Tick values of a log or symlog axis: 1, 2 and 5 × 10^k when the data span at most three decades,
 * else the powers of ten (every other one beyond nine decades); for symlog also 0 and the mirrored
 * negative ticks, from `unit` (the symlog constant, a power of ten) outwards. `null` when fewer than two
 * would show (Vega's own ticks are used then).
 */
export function logTickValues(lo: number, hi: number, symlog: boolean, unit = 1): number[] | null {
  // ⌊log₁₀ v⌋ and ⌈log₁₀ v⌉ for v > 0 read from v to 12 significant digits (so a power of ten off by a
  // rounding counts as one), and 10^k by parsing "1e<k>": exactly specified, unlike Math.log10 and
  // 10 ** k, whose last bit differs between runtimes
  const ceilLog10 = (v: number) => floorLog10(v) + (decimalDigits(v).startsWith("1e") ? 0 : 1);
  // magnitudes in [from, to] (from > 0), with the multiples chosen for the whole axis
  const side = (from: number, to: number, multiples: number[], every: number, k0: number): number[] => {
    const out: number[] = [];
    for (let k = k0; k <= ceilLog10(to); k++) {
      if ((k - k0) % every !== 0) continue;
      for (const m of multiples) {
        const v = Number((m * pow10(k)).toPrecision(12));
        if (!Number.isFinite(v)) continue;
        if (v >= from * (1 - 1e-12) && v <= to * (1 + 1e-12)) out.push(v);
      }
    }
    return out;
  };
  const plan = (from: number, to: number) => {
    const k0 = floorLog10(from);
    const decades = ceilLog10(to) - k0;
    return { multiples: decades <= 3 ? [1, 2, 5] : [1], every: decades > 9 ? 2 : 1, k0 };
  };
  let ticks: number[];
  if (!symlog) {
    if (!(lo > 0 && hi > 0)) ticks = [];
    else {
      const p = plan(lo, hi);
      ticks = side(lo, hi, p.multiples, p.every, p.k0);
    }
  } else {
    const top = Math.max(Math.abs(lo), Math.abs(hi));
    const p = top >= unit ? plan(unit, top) : null;
    const pos = p && hi >= unit ? side(Math.max(unit, lo), hi, p.multiples, p.every, p.k0) : [];
    const neg = p && lo <= -unit ? side(Math.max(unit, -hi), -lo, p.multiples, p.every, p.k0).map((v) => -v).reverse() : [];
    ticks = [...neg, ...(lo <= 0 && hi >= 0 ? [0] : []), ...pos];
  }
  return ticks.length >= 2 ? ticks : null;
}


/**
 * Axis label expression of a language: English groups thousands with SI prefixes ("950", "20k",
 * "1.5M", "2B"); Chinese with 万 (10^4) and 亿 (10^8) ("9,500", "2万", "150万", "3亿").
 */
export function numberLabelExpr(language: "en" | "zh"): string {
  return language === "zh"
    ? "abs(datum.value) < 10000 ? format(datum.value, ',~g') : abs(datum.value) < 100000000 ? format(datum.value / 10000, ',~g') + '万' : format(datum.value / 100000000, ',~g') + '亿'"
    : "abs(datum.value) < 1000 ? format(datum.value, ',~g') : replace(format(datum.value, '~s'), 'G', 'B')";
}

/** Axis scale option of the scatter charts: a scale type, or `"auto"` (chosen from the data's skew: docs/charts.md, "Choosing the scale"). */
export type AxisScaleOption = AxisScale | "auto";

/**
 * Thresholds of the automatic scale rule ({@link chooseAxisScale}): an axis is skewed when the 99th
 * percentile of its positive values is at least `skewRatio` times their median, or the largest value
 * at least `maxRatio` times the median; a log axis needs every value at least the 1st percentile ÷
 * `lowTail`; negative values go to a strip when they are at most `stripShare` of all values.
 */
export const SCALE_RULE: { readonly skewRatio: number; readonly maxRatio: number; readonly lowTail: number; readonly stripShare: number } = {
  skewRatio: 10,
  maxRatio: 100,
  lowTail: 10,
  stripShare: 0.02,
};

/** What {@link chooseAxisScale} chose, and the figures it chose from. */
export interface AxisScaleChoice {
  type: AxisScale;
  /** Symlog constant: a power of ten near the 5th percentile of the positive values (1 for linear and log). */
  constant: number;
  /** A symlog axis draws its (few) negative values in a strip at the low end instead of mirroring the log. */
  strip: boolean;
  /** 99th percentile ÷ median of the positive values (null with fewer than two positive values). */
  skew: number | null;
  /** Share of the values that are ≤ 0. */
  nonPositiveShare: number;
}

/** Nearest-rank quantile of sorted values. */
function quantileSorted(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

/**
 * The scale of a value axis, from the data's skew (docs/charts.md, "Choosing the scale"). With P the
 * positive values, m their median and q01, q05, q99 their percentiles (nearest rank):
 * - linear when fewer than two values are positive, or q99 < 10·m and max < 100·m (not skewed);
 * - log when skewed and every value (and every `exact` value: thresholds, means) is ≥ q01 ÷ 10;
 * - symlog otherwise (zeros, values near zero, negatives), its constant the power of ten at or below
 *   max(q05, m ÷ 10,000); when negative values are at most 2% of the values and no `exact` value is
 *   negative, they are drawn in a strip at the low end (`strip`) rather than over as many decades as the
 *   positive side.
 */
export function chooseAxisScale(values: ArrayLike<number>, exact: readonly number[] = []): AxisScaleChoice {
  const n = values.length;
  let positives = 0;
  let negatives = 0;
  let min = Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v > 0) positives++;
    else if (v < 0) negatives++;
    if (v < min) min = v;
  }
  for (const v of exact) if (v < min) min = v;
  const nonPositiveShare = n === 0 ? 0 : (n - positives) / n;
  const linear: AxisScaleChoice = { type: "linear", constant: 1, strip: false, skew: null, nonPositiveShare };
  if (positives < 2) return linear;
  const sorted = new Float64Array(positives);
  for (let i = 0, k = 0; i < n; i++) if (values[i] > 0) sorted[k++] = values[i];
  sorted.sort();
  const median = quantileSorted(sorted, 0.5);
  const skew = quantileSorted(sorted, 0.99) / median;
  const tail = sorted[positives - 1] / median;
  if (!(skew >= SCALE_RULE.skewRatio || tail >= SCALE_RULE.maxRatio)) return { ...linear, skew };
  // min > 0 first: q01 ÷ 10 underflows to 0 for a subnormal q01, and a log axis cannot hold a 0
  if (min > 0 && min >= quantileSorted(sorted, 0.01) / SCALE_RULE.lowTail) return { type: "log", constant: 1, strip: false, skew, nonPositiveShare };
  const unit = Math.max(quantileSorted(sorted, 0.05), median / 1e4);
  const constant = unit > 0 && Number.isFinite(unit) ? pow10(floorLog10(unit)) : 1;
  const strip = negatives > 0 && negatives <= SCALE_RULE.stripShare * n && exact.every((v) => v >= 0);
  return { type: "symlog", constant: Number.isFinite(constant) && constant > 0 ? constant : 1, strip, skew, nonPositiveShare };
}

/** The encoding pieces of a value axis built by {@link valueAxis}. */
export interface ValueAxis {
  type: AxisScale;
  /** Where negative values are drawn on a symlog axis with a strip (below every other value), else null. */
  strip: number | null;
  /** Vega-Lite `scale` of the encoding: its domain holds every value drawn. */
  scale: JsonValue;
  /** Vega-Lite `axis` of the encoding (tick values on log axes, labels in the language's style). */
  axis: JsonValue;
  /** The axis title, naming the scale when it is not linear (`"Purchases (log scale)"`). */
  title: string;
}

const SCALE_NOTES = {
  en: { log: "log scale", symlog: "symlog scale", stripX: "symlog scale; negatives at the left edge", stripY: "symlog scale; negatives at the bottom" },
  zh: { log: "对数刻度", symlog: "对称对数刻度", stripX: "对称对数刻度；负值画在最左侧", stripY: "对称对数刻度；负值画在最底部" },
} as const;

/** Pixels the scale domain is widened by at each end, so the points at the extremes are drawn whole. */
export const AXIS_PADDING = 10;

/** `x + by`, kept within the doubles (a domain end never becomes ±Infinity). */
function widen(x: number, by: number): number {
  return Math.min(Number.MAX_VALUE, Math.max(-Number.MAX_VALUE, x + by));
}

/**
 * A value axis of a scatter chart: the scale (`requested`, or chosen from `values` by
 * {@link chooseAxisScale} for `"auto"`), a domain holding every value drawn (`lo` … `hi`, thresholds and
 * means included) widened by {@link AXIS_PADDING} pixels, explicit ticks on log and symlog axes, labels
 * in the language's number style, and the title with the scale named. A log scale over values ≤ 0 is a
 * `RangeError` naming `option`.
 */
export function valueAxis(
  fn: string,
  option: string,
  requested: AxisScaleOption,
  data: { values: ArrayLike<number>; exact?: readonly number[]; lo: number; hi: number },
  title: string,
  language: "en" | "zh",
  side: "x" | "y",
): ValueAxis {
  const choice: AxisScaleChoice =
    requested === "auto" ? chooseAxisScale(data.values, data.exact) : { type: requested, constant: 1, strip: false, skew: null, nonPositiveShare: 0 };
  const { type, constant } = choice;
  let { lo, hi } = data;
  const labels = numberLabelExpr(language);
  const notes = SCALE_NOTES[language];
  const named = (note: string) => (language === "zh" ? `${title}（${note}）` : `${title} (${note})`);
  if (type === "linear") {
    // a quantity that starts near 0 is drawn from 0
    if (lo > 0 && lo <= hi / 2) lo = 0;
    if (hi < 0 && hi >= lo / 2) hi = 0;
    if (!(hi > lo)) [lo, hi] = [widen(lo, -Math.max(1, Math.abs(lo) / 2)), widen(hi, Math.max(1, Math.abs(hi) / 2))];
    return { type, strip: null, scale: { domain: [lo, hi], nice: false, zero: false, padding: AXIS_PADDING }, axis: { labelExpr: labels }, title };
  }
  if (type === "log") {
    if (!(lo > 0)) throw new RangeError(`${fn}: ${option} "log" needs positive values, but the smallest is ${lo}; use "symlog"`);
    if (!(hi > lo)) [lo, hi] = [Math.max(lo / 2, Number.MIN_VALUE), widen(hi, hi)];
    const values = logTickValues(lo, hi, false);
    return { type, strip: null, scale: { type, domain: [lo, hi], nice: false, padding: AXIS_PADDING }, axis: values ? { values, labelExpr: labels } : { labelExpr: labels }, title: named(notes.log) };
  }
  // symlog
  let strip: number | null = null;
  if (choice.strip && hi > 0 && lo < 0) {
    // negatives sit 6% of the positive side's length below 0: f(strip) = -0.06 f(hi), f(x) = log1p(|x| / c)
    const top = Number.isFinite(hi / constant) ? log1p(hi / constant) : log(hi) - log(constant);
    strip = -constant * expm1(0.06 * top);
    lo = strip;
  }
  // values between 0 and the constant are drawn from 0 (the linear part of the scale)
  if (lo > 0 && lo < constant) lo = 0;
  if (!(hi > lo)) [lo, hi] = [widen(lo, -Math.max(constant, Math.abs(lo) / 2)), widen(hi, Math.max(constant, Math.abs(hi) / 2))];
  const ticks = strip === null ? logTickValues(lo, hi, true, constant) : logTickValues(0, hi, true, constant);
  const values = strip === null ? ticks : [strip, ...(ticks ?? [0])];
  const labelExpr = strip === null ? labels : `datum.value < 0 ? '< 0' : ${labels}`;
  const scale: { [key: string]: JsonValue } = { type, domain: [lo, hi], nice: false, padding: AXIS_PADDING };
  if (constant !== 1) scale.constant = constant;
  return {
    type,
    strip,
    scale,
    axis: values ? { values, labelExpr } : { labelExpr },
    title: named(strip === null ? notes.symlog : side === "x" ? notes.stripX : notes.stripY),
  };
}

/**
 * Two numbers of one kind for a subtitle, with the same decimals: none when both are integers, else two
 * (money, counts), more when the smaller one needs them for three significant digits
 * (`106.08` and `33.0777` → `"106.08"`, `"33.08"`).
 */
export function sameDecimals(values: readonly number[]): string[] {
  let decimals = 0;
  for (const v of values) {
    if (Number.isInteger(v)) continue;
    const a = Math.abs(v);
    decimals = Math.max(decimals, a >= 1 ? 2 : Math.min(12, 2 - floorLog10(a)));
  }
  return values.map((v) => fixedText(v, decimals));
}

/** A number with `decimals` decimals and thousands grouped (`1234.5` → `"1,234.50"`), independent of the host locale. */
export function fixedText(x: number, decimals: number): string {
  return groupDigits(toFixedHalfAway(x, decimals));
}
