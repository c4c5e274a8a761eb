import { z } from "zod";
import { parseOptions } from "../options.js";
import type { FieldAccessor } from "../input/types.js";
import { splitTwoAxes } from "./clvQuadrants.js";
import { readValueFields } from "./readValues.js";
import type { MatrixCell } from "./twoByTwo.js";

/** The four cells of the value matrix (purchase frequency × average order value). */
export const VALUE_MATRIX_CELLS: readonly (MatrixCell & { readonly frequency: "high" | "low"; readonly averageOrderValue: "high" | "low" })[] = Object.freeze([
  { id: "best", frequency: "high", averageOrderValue: "high", label: "Best", labelZh: "最优质客户", action: "Reward and retain; they buy often and spend much per order." },
  { id: "spend_happy", frequency: "low", averageOrderValue: "high", label: "Spend-happy", labelZh: "乐于消费型", action: "Raise purchase frequency: reminders, subscriptions, occasions." },
  { id: "frequent", frequency: "high", averageOrderValue: "low", label: "Frequent", labelZh: "经常消费型", action: "Raise basket size: bundles, up-sell, free-shipping thresholds." },
  { id: "uncertain", frequency: "low", averageOrderValue: "low", label: "Uncertain", labelZh: "不确定型", action: "Low-cost activation; watch whether they grow." },
]);

/** Options of {@link valueMatrix}. */
export interface ValueMatrixOptions<Row = any> {
  /** Frequency field or accessor (default `"frequency"`). */
  frequency?: FieldAccessor<Row>;
  /** Average order value field or accessor (default `"averageOrderValue"`). */
  averageOrderValue?: FieldAccessor<Row>;
  /** `"mean"` (default), `"median"` or explicit `{ frequency, averageOrderValue }`. */
  split?: "mean" | "median" | { frequency?: number; averageOrderValue?: number };
  /** A value equal to the threshold is `"low"` (default) or `"high"`. */
  ties?: "low" | "high";
  customerId?: FieldAccessor<Row>;
}

/** One customer's value-matrix cell. */
export interface ValueMatrixRecord {
  customerId: string;
  frequency: number;
  averageOrderValue: number;
  /** `best`, `spend_happy`, `frequent` or `uncertain`. */
  cell: string;
}

const accessor = z.union([z.string().min(1), z.function()]);
/** The zod object behind {@link valueMatrixOptionsObject} (internal: `.extend`, `.shape`). */
export const valueMatrixOptionsObject = z
  .object({
    frequency: accessor.optional(),
    averageOrderValue: accessor.optional(),
    split: z
      .union([z.enum(["mean", "median"]), z.object({ frequency: z.number().finite().optional(), averageOrderValue: z.number().finite().optional() }).strict()])
      .optional(),
    ties: z.enum(["low", "high"]).optional(),
    customerId: accessor.optional(),
  })
  .strict();

/**
 * The value matrix: purchase frequency against average order value, each high or low against its mean
 * (default), median or a given threshold. `best` (high F, high AOV, 最优质客户), `spend_happy` (low F,
 * high AOV, 乐于消费型), `frequent` (high F, low AOV, 经常消费型), `uncertain` (low, low, 不确定型).
 * Takes customer summaries as they are.
 *
 * @param records - Records with `customerId`, `frequency` and `averageOrderValue` (or mapped).
 * @param options - `frequency`, `averageOrderValue`, `split`, `ties`, `customerId`.
 * @returns `cells` (one per customer, input order) and `meta` (thresholds, counts).
 * @throws {AnalyticsInputError} Missing fields, non-finite or negative values, duplicate ids, empty input.
 *
 * @example
 * valueMatrix([
 *   { customerId: "a", frequency: 10, averageOrderValue: 90 },
 *   { customerId: "b", frequency: 1, averageOrderValue: 100 },
 *   { customerId: "c", frequency: 8, averageOrderValue: 10 },
 *   { customerId: "d", frequency: 1, averageOrderValue: 20 },
 * ]).cells.map((c) => c.cell);
 * //=> ["best", "spend_happy", "frequent", "uncertain"]
 */
export function valueMatrix<Row = any>(
  records: Iterable<Row>,
  options: ValueMatrixOptions<Row> = {},
): { cells: ValueMatrixRecord[]; meta: { customers: number; thresholds: { frequency: number; averageOrderValue: number }; ties: "low" | "high"; counts: Record<string, number> } } {
  const fn = "valueMatrix";
  const opts = parseOptions(fn, valueMatrixOptionsObject, options);
  const { ids, columns } = readValueFields(
    fn,
    records,
    {
      frequency: { field: (opts.frequency ?? "frequency") as FieldAccessor<Row>, name: "frequency", nonNegative: true },
      averageOrderValue: { field: (opts.averageOrderValue ?? "averageOrderValue") as FieldAccessor<Row>, name: "averageOrderValue" },
    },
    (opts.customerId ?? "customerId") as FieldAccessor<Row>,
  );
  const ties = opts.ties ?? "low";
  const split = typeof opts.split === "object" ? { x: opts.split.frequency, y: opts.split.averageOrderValue } : opts.split;
  const s = splitTwoAxes(columns.frequency, columns.averageOrderValue, split, ties);
  const counts: Record<string, number> = Object.fromEntries(VALUE_MATRIX_CELLS.map((c) => [c.id, 0]));
  const cells = ids.map((customerId, i) => {
    const cell = VALUE_MATRIX_CELLS.find((c) => (c.frequency === "high") === !!s.xHigh[i] && (c.averageOrderValue === "high") === !!s.yHigh[i])!.id;
    counts[cell]++;
    return { customerId, frequency: columns.frequency[i], averageOrderValue: columns.averageOrderValue[i], cell };
  });
  return { cells, meta: { customers: ids.length, thresholds: { frequency: s.thresholds.x, averageOrderValue: s.thresholds.y }, ties, counts } };
}

/** zod schema of {@link ValueMatrixOptions}. */
export const valueMatrixOptionsSchema: z.ZodType<ValueMatrixOptions> = valueMatrixOptionsObject as unknown as z.ZodType<ValueMatrixOptions>;
