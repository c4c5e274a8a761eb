import { z } from "zod";
import { describeValue } from "../errors.js";
import { defineOptions, parseOptions, type OptionsSchema } from "../options.js";
import { predictBgBb, type BgBbCustomer, type BgBbParams } from "../models/bgBb.js";
import { VEGA_LITE_SCHEMA, chartOptionsShape, finishSpec, numberText, percentText, titleOf, type ChartOptions, type VegaLiteSpec } from "./common.js";

/** Options of {@link bgBbAliveChart}. */
export interface BgBbAliveChartOptions extends ChartOptions {
  /** The number of purchase opportunities n of the calibration period: cells for 0 ≤ x ≤ t_x ≤ n (an integer from 1 to 100). */
  n: number;
  /** Write P(alive) in the cells (default: when n ≤ 12). */
  labels?: boolean;
}

/** zod schema of {@link BgBbAliveChartOptions}. */
export const bgBbAliveChartOptionsSchema: OptionsSchema<BgBbAliveChartOptions> = defineOptions<BgBbAliveChartOptions>()({
  ...chartOptionsShape,
  n: z.number().int().min(1).max(100),
  labels: z.boolean().optional(),
});

/** Input of {@link bgBbAliveChart}: BG/BB parameters, or a fit carrying them (`fitBgBb`'s result). */
export type BgBbAliveChartInput = BgBbParams | { readonly params: BgBbParams };

const WORDS = {
  en: {
    title: (n: number) => `BG/BB: probability alive after ${n} opportunities`,
    x: "Opportunity of the last transaction (t_x)",
    y: "Repeat transactions (x)",
    pAlive: "P(alive)",
    params: (a: string, b: string, g: string, d: string) => `α = ${a}, β = ${b}, γ = ${g}, δ = ${d}`,
    range: (lo: string, hi: string) => `lowest ${lo}, highest ${hi}`,
  },
  zh: {
    title: (n: number) => `BG/BB：${n} 次购买机会后仍活跃的概率`,
    x: "最后一次交易所在的机会（t_x）",
    y: "重复交易次数（x）",
    pAlive: "活跃概率",
    params: (a: string, b: string, g: string, d: string) => `α = ${a}，β = ${b}，γ = ${g}，δ = ${d}`,
    range: (lo: string, hi: string) => `最低 ${lo}，最高 ${hi}`,
  },
} as const;

const NAMES = ["alpha", "beta", "gamma", "delta"] as const;

/**
 * The BG/BB probability of being alive (at the next opportunity, Fader, Hardie & Shang 2010 eq. 11)
 * as a heatmap over every possible history of n opportunities: repeat transactions x (rows) by the
 * opportunity of the last one t_x (columns), 1 ≤ x ≤ t_x ≤ n, and the cell x = t_x = 0 of customers
 * with no repeat transaction. A customer with many transactions but none recently (x high, t_x far
 * below n) is likely gone. P(alive) is written in the cells when n ≤ 12 (`labels`).
 *
 * @param fit - `{ alpha, beta, gamma, delta }` or a result with `params` (`fitBgBb`'s).
 * @throws {RangeError | TypeError} A parameter not finite and positive, no parameters, a bad `n` or
 *   other options, prefixed `bgBbAliveChart:`.
 * @example
 * const spec = bgBbAliveChart({ alpha: 1.2035, beta: 0.7497, gamma: 0.6567, delta: 2.7834 }, { n: 6 });
 * spec.data.values.length; //=> 22
 * spec.data.values.filter((d) => d.x === 6).map((d) => [d.tx, Math.round(d.pAlive * 1e4) / 1e4]); //=> [[6, 0.9304]]
 * spec.data.values.find((d) => d.x === 2 && d.tx === 4).label; //=> "59%"
 * spec.title.subtitle[1]; //=> "lowest 6.6% (x = 2, t_x = 2), highest 93.0% (x = 1, t_x = 6)"
 */
export function bgBbAliveChart(fit: BgBbAliveChartInput, options: BgBbAliveChartOptions): VegaLiteSpec {
  const fn = "bgBbAliveChart";
  const opts = parseOptions(fn, bgBbAliveChartOptionsSchema, options);
  const language = opts.language ?? "en";
  const w = WORDS[language];
  if (fit === null || typeof fit !== "object") throw new TypeError(`${fn}: expected BG/BB parameters or a fit with params, got ${describeValue(fit)}`);
  const raw = (Object.hasOwn(fit, "params") ? (fit as { params: unknown }).params : fit) as Record<string, unknown> | null;
  if (raw === null || typeof raw !== "object") throw new TypeError(`${fn}: expected BG/BB parameters { alpha, beta, gamma, delta }, got ${describeValue(raw)}`);
  for (const k of NAMES) {
    const v = raw[k];
    if (!(typeof v === "number" && v > 0 && Number.isFinite(v))) throw new RangeError(`${fn}: params.${k} must be a finite positive number, got ${describeValue(v)}`);
  }
  const params = { alpha: raw.alpha, beta: raw.beta, gamma: raw.gamma, delta: raw.delta } as BgBbParams;
  const n = opts.n;
  const grid: BgBbCustomer[] = [{ frequency: 0, recency: 0, n }];
  for (let x = 1; x <= n; x++) for (let tx = x; tx <= n; tx++) grid.push({ frequency: x, recency: tx, n });
  let predicted;
  try {
    predicted = predictBgBb(params, grid, { opportunities: 1 }).customers;
  } catch (error) {
    if (error instanceof RangeError) throw new RangeError(`${fn}: ${error.message.replace(/^predictBgBb: /, "")}`);
    throw error;
  }
  const labels = opts.labels ?? n <= 12;
  const values = grid.map((g, i) => ({ x: g.frequency, tx: g.recency, pAlive: predicted[i].pAlive, label: percentText(predicted[i].pAlive, 0) }));
  const ticks = Array.from({ length: n + 1 }, (_, i) => i);
  const xEnc = { field: "tx", type: "ordinal", title: w.x, scale: { domain: ticks }, axis: { labelAngle: 0 } };
  const yEnc = { field: "x", type: "ordinal", title: w.y, scale: { domain: [...ticks].reverse() } };
  const layer: Record<string, unknown>[] = [
    {
      mark: { type: "rect", stroke: "#ffffff", strokeWidth: n <= 30 ? 1 : 0 },
      encoding: {
        x: xEnc,
        y: yEnc,
        color: { field: "pAlive", type: "quantitative", title: w.pAlive, scale: { scheme: "blues", domain: [0, 1] }, legend: { format: "%" } },
        tooltip: [
          { field: "x", type: "quantitative", title: w.y },
          { field: "tx", type: "quantitative", title: w.x },
          { field: "pAlive", type: "quantitative", title: w.pAlive, format: ".1%" },
        ],
      },
    },
  ];
  if (labels) {
    layer.push({
      mark: { type: "text", fontSize: n <= 8 ? 11 : 9 },
      encoding: { x: xEnc, y: yEnc, text: { field: "label", type: "nominal" }, color: { condition: { test: "datum.pAlive > 0.6", value: "#ffffff" }, value: "#222222" } },
    });
  }
  let lo = 0;
  let hi = 0;
  for (let i = 1; i < values.length; i++) {
    if (values[i].pAlive < values[lo].pAlive) lo = i;
    if (values[i].pAlive > values[hi].pAlive) hi = i;
  }
  const where = (i: number) => `${percentText(values[i].pAlive, 1)} (x = ${values[i].x}, t_x = ${values[i].tx})`;
  const notes = [w.params(numberText(params.alpha, 4), numberText(params.beta, 4), numberText(params.gamma, 4), numberText(params.delta, 4)), w.range(where(lo), where(hi))];
  const cell = n <= 12 ? 44 : Math.max(8, Math.floor(520 / (n + 1)));
  return finishSpec(fn, {
    $schema: VEGA_LITE_SCHEMA,
    ...titleOf(opts.title ?? w.title(n), notes),
    data: { values },
    width: opts.width ?? cell * (n + 1),
    height: opts.height ?? cell * (n + 1),
    layer,
  });
}
