import { z } from "zod";
import { AnalyticsInputError } from "../errors.js";
import { parseOptions } from "../options.js";
import type { FieldAccessor } from "../input/types.js";
import { readValues } from "./readValues.js";
import { rankValues } from "./valueRanking.js";

/** A tier of a customer pyramid, top first. */
export interface TierDefinition {
  readonly id: string;
  readonly label: string;
  readonly labelZh: string;
  readonly action: string;
}

/** The customer pyramid of Chinese CRM practice, top first. */
export const CRM_PYRAMID_TIERS: readonly TierDefinition[] = Object.freeze([
  { id: "key_important", label: "Key: important", labelZh: "重要客户", action: "The core of the key customers: dedicated account management." },
  { id: "key_secondary", label: "Key: secondary", labelZh: "次要客户", action: "Key customers below the core: grow them into the core." },
  { id: "ordinary", label: "Ordinary", labelZh: "普通客户", action: "Standard service; look for growth." },
  { id: "small", label: "Small", labelZh: "小客户", action: "Low-cost service channels." },
  { id: "inferior", label: "Inferior", labelZh: "劣质客户", action: "Negative value: reduce cost to serve or stop serving." },
]);

/** The customer pyramid of Zeithaml, Rust & Lemon (2001), top first. */
export const ZEITHAML_PYRAMID_TIERS: readonly TierDefinition[] = Object.freeze([
  { id: "platinum", label: "Platinum", labelZh: "铂金层", action: "Most profitable, loyal, not price-sensitive: invest and retain." },
  { id: "gold", label: "Gold", labelZh: "黄金层", action: "Profitable but more price-sensitive: build loyalty, grow share of wallet." },
  { id: "iron", label: "Iron", labelZh: "钢铁层", action: "Volume that fills capacity: serve efficiently." },
  { id: "lead", label: "Lead", labelZh: "铅层", action: "Unprofitable: raise prices, cut cost to serve, or let go." },
]);

/** Options of {@link tierPyramid}. */
export interface TierPyramidOptions<Row = any> {
  /** Customer value (profit is best): field or accessor, default `"monetary"`. */
  value?: FieldAccessor<Row>;
  customerId?: FieldAccessor<Row>;
  /** `"crm"` (default): key (important, secondary), ordinary, small, inferior. `"zeithaml"`: platinum, gold, iron, lead. */
  scheme?: "crm" | "zeithaml";
  /** Cut on shares of value (`"value"`, default for `"crm"`) or of customers (`"count"`, default for `"zeithaml"`). */
  by?: "value" | "count";
  /**
   * Cumulative cuts, increasing. `"crm"`: `{ important, key, ordinary }`, default by value
   * `{ important: 0.5, key: 0.8, ordinary: 0.95 }`, by count `{ important: 0.05, key: 0.2, ordinary: 0.5 }`.
   * `"zeithaml"`: `{ platinum, gold, iron }`, default `{ platinum: 0.2, gold: 0.5, iron: 0.8 }`.
   */
  cuts?: Record<string, number>;
}

/** One customer's tier. */
export interface TierRecord {
  customerId: string;
  value: number;
  tier: string;
  /** 1 = highest value; ties share the rank. */
  rank: number;
}

const accessor = z.union([z.string().min(1), z.function()]);
/** The zod object behind {@link tierPyramidOptionsObject} (internal: `.extend`, `.shape`). */
export const tierPyramidOptionsObject = z
  .object({
    value: accessor.optional(),
    customerId: accessor.optional(),
    scheme: z.enum(["crm", "zeithaml"]).optional(),
    by: z.enum(["value", "count"]).optional(),
    cuts: z.record(z.string(), z.number().gt(0).lte(1)).optional(),
  })
  .strict();

const CUT_NAMES = { crm: ["important", "key", "ordinary"], zeithaml: ["platinum", "gold", "iron"] } as const;
const DEFAULT_CUTS = {
  crm: { value: { important: 0.5, key: 0.8, ordinary: 0.95 }, count: { important: 0.05, key: 0.2, ordinary: 0.5 } },
  zeithaml: { value: { platinum: 0.5, gold: 0.8, iron: 0.95 }, count: { platinum: 0.2, gold: 0.5, iron: 0.8 } },
} as const;

/**
 * Customer pyramid tiers by value.
 *
 * `scheme: "crm"` (default), the tiering of Chinese CRM practice: customers sorted by value, highest
 * first; **key** customers (关键客户) are the smallest top group bringing 80% of value, split into
 * **important** (重要客户, the smallest top group bringing 50%) and **secondary** (次要客户);
 * **ordinary** (普通客户) up to 95%; **small** (小客户) the rest; **inferior** (劣质客户) every customer
 * whose value is negative (they cost more than they bring), whatever the cuts.
 *
 * `scheme: "zeithaml"` (Zeithaml, Rust & Lemon 2001): by customer share, top 20% **platinum**, next
 * 30% **gold**, next 30% **iron**, the rest **lead**; a negative value is lead whatever its rank.
 *
 * A customer's tier is decided by the share held above its tie group (value or customers), so ties
 * never split and the customer that crosses a cut is in the upper tier. Negative values count as 0 in
 * value shares. All cuts configurable (`cuts`, `by`).
 *
 * @param records - Records with `customerId` and the value (default `monetary`; profit is better if you have it).
 * @param options - `value`, `scheme`, `by`, `cuts`, `customerId`.
 * @returns `tiers` (one per customer, input order) and `meta` (cuts, counts and value shares per tier, top first).
 * @throws {AnalyticsInputError} Bad records; `degenerate_data` for value cuts when the total is not positive.
 * @throws {RangeError | TypeError} Bad options (cuts not increasing, unknown cut names), prefixed `tierPyramid:`.
 *
 * @example
 * const { tiers, meta } = tierPyramid([
 *   { customerId: "a", monetary: 500 }, { customerId: "b", monetary: 300 }, { customerId: "c", monetary: 150 },
 *   { customerId: "d", monetary: 50 }, { customerId: "e", monetary: -20 },
 * ]);
 * tiers.map((t) => t.tier); //=> ["key_important", "key_secondary", "ordinary", "small", "inferior"]
 * meta.counts.inferior;     //=> 1
 *
 * @see Zeithaml, V. A., Rust, R. T. & Lemon, K. N. (2001). The customer pyramid: creating and serving
 *   profitable customers. California Management Review 43(4), 118–142.
 */
export function tierPyramid<Row = any>(
  records: Iterable<Row>,
  options: TierPyramidOptions<Row> = {},
): {
  tiers: TierRecord[];
  meta: { scheme: "crm" | "zeithaml"; by: "value" | "count"; cuts: Record<string, number>; customers: number; total: number; counts: Record<string, number>; valueShares: Record<string, number> };
} {
  const fn = "tierPyramid";
  const opts = parseOptions(fn, tierPyramidOptionsObject, options);
  const scheme = opts.scheme ?? "crm";
  const by = opts.by ?? (scheme === "crm" ? "value" : "count");
  const names = CUT_NAMES[scheme];
  const cuts: Record<string, number> = { ...DEFAULT_CUTS[scheme][by], ...(opts.cuts ?? {}) };
  for (const key of Object.keys(cuts)) {
    if (!(names as readonly string[]).includes(key)) throw new TypeError(`${fn}: cuts.${key} is not a cut of the ${scheme} scheme (${names.join(", ")})`);
  }
  const c = names.map((k) => cuts[k]);
  if (!(c[0] < c[1] && c[1] < c[2])) throw new RangeError(`${fn}: cuts must increase (${names.join(" < ")}), got ${c.join(", ")}`);
  const tiersDef = scheme === "crm" ? CRM_PYRAMID_TIERS : ZEITHAML_PYRAMID_TIERS;
  const { ids, values } = readValues(fn, records, opts.value as FieldAccessor<Row> | undefined, opts.customerId as FieldAccessor<Row> | undefined);
  const r = rankValues(values);
  const n = values.length;
  if (by === "value" && !(r.total > 0)) {
    throw new AnalyticsInputError(fn, [{ path: "records", code: "degenerate_data", message: `records: the total value is ${r.total}: value cuts need a positive total` }]);
  }
  const counts: Record<string, number> = Object.fromEntries(tiersDef.map((t) => [t.id, 0]));
  const sums: Record<string, number> = Object.fromEntries(tiersDef.map((t) => [t.id, 0]));
  const bottom = tiersDef[tiersDef.length - 1].id;
  const tiers: TierRecord[] = ids.map((customerId, i) => {
    const g = r.group[i];
    const above = by === "value" ? r.groupBefore[g] / r.total : r.groupStart[g] / n;
    let tier: string;
    if (values[i] < 0) tier = bottom;
    else if (above < c[0]) tier = tiersDef[0].id;
    else if (above < c[1]) tier = tiersDef[1].id;
    else if (above < c[2]) tier = tiersDef[2].id;
    else tier = scheme === "crm" ? "small" : "lead";
    counts[tier]++;
    sums[tier] += r.clean[i];
    return { customerId, value: values[i], tier, rank: r.groupStart[g] + 1 };
  });
  const valueShares = Object.fromEntries(tiersDef.map((t) => [t.id, r.total > 0 ? sums[t.id] / r.total : 0]));
  return { tiers, meta: { scheme, by, cuts, customers: n, total: r.total, counts, valueShares } };
}

/** zod schema of {@link TierPyramidOptions}. */
export const tierPyramidOptionsSchema: z.ZodType<TierPyramidOptions> = tierPyramidOptionsObject as unknown as z.ZodType<TierPyramidOptions>;
