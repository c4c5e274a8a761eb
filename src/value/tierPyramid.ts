import { z } from "zod";
import { AnalyticsInputError, inputIssue } from "../errors.js";
import { defineOptions, fieldAccessorSchema, parseOptions, type OptionsSchema } from "../options.js";
import { readRecords } from "../input/readRecords.js";
import type { FieldAccessor, CustomerInput } from "../input/types.js";
import { checkFinite } from "../internal/overflow.js";
import { tieGroups } from "./valueRanking.js";

/** A tier of a customer pyramid, top first. */
export interface TierDefinition {
  readonly id: string;
  readonly label: string;
  readonly labelZh: string;
  readonly action: string;
  /** The suggested action in Chinese. */
  readonly actionZh: string;
}

/** The customer pyramid of Chinese CRM practice, top first. */
export const CRM_PYRAMID_TIERS: readonly TierDefinition[] = Object.freeze([
  { id: "key_important", label: "Key: important", labelZh: "重要客户", action: "The core of the key customers: dedicated account management.", actionZh: "重点客户中的核心：配备专属客户经理，一对一维护。" },
  { id: "key_secondary", label: "Key: secondary", labelZh: "次要客户", action: "Key customers below the core: grow them into the core.", actionZh: "核心之外的重点客户：加强培育，推动其成长为核心客户。" },
  { id: "ordinary", label: "Ordinary", labelZh: "普通客户", action: "Standard service; look for growth.", actionZh: "普通客户：提供标准服务，发掘增长机会。" },
  { id: "small", label: "Small", labelZh: "小客户", action: "Low-cost service channels.", actionZh: "小客户：通过低成本渠道提供服务。" },
  { id: "inferior", label: "Inferior", labelZh: "劣质客户", action: "Negative value: reduce cost to serve or stop serving.", actionZh: "负价值客户：降低服务成本，或停止服务。" },
]);

/** The customer pyramid of Zeithaml, Rust & Lemon (2001), top first. */
export const ZEITHAML_PYRAMID_TIERS: readonly TierDefinition[] = Object.freeze([
  { id: "platinum", label: "Platinum", labelZh: "铂金层", action: "Most profitable, loyal, not price-sensitive: invest and retain.", actionZh: "利润最高、忠诚且对价格不敏感：加大投入，重点保留。" },
  { id: "gold", label: "Gold", labelZh: "黄金层", action: "Profitable but more price-sensitive: build loyalty, grow share of wallet.", actionZh: "有利润但对价格较敏感：培养忠诚度，提高钱包份额。" },
  { id: "iron", label: "Iron", labelZh: "钢铁层", action: "Volume that fills capacity: serve efficiently.", actionZh: "贡献业务量、消化产能：高效服务，控制成本。" },
  { id: "lead", label: "Lead", labelZh: "铅层", action: "Unprofitable: raise prices, cut cost to serve, or let go.", actionZh: "无利可图：提高价格、降低服务成本，或放弃。" },
]);

/** Options of {@link tierPyramid}. */
export interface TierPyramidOptions<Row = any> {
  /** Customer value (profit is best): field or accessor, default `"monetary"`. */
  value?: FieldAccessor<Row>;
  /** Field or accessor of the customer id (default `"customerId"`). */
  customerId?: FieldAccessor<Row>;
  /** `"crm"` (default): key (important, secondary), ordinary, small, inferior. `"zeithaml"`: platinum, gold, iron, lead. */
  scheme?: "crm" | "zeithaml";
  /** Shares of value (`"value"`, default for `"crm"`) or of customers (`"count"`, default for `"zeithaml"`). */
  by?: "value" | "count";
  /**
   * Cumulative shares where the upper tiers end, increasing; any left out keep their default.
   * `"crm"`: `{ important, key, ordinary }`, by value `{ important: 0.5, key: 0.8, ordinary: 0.95 }`,
   * by count `{ important: 0.05, key: 0.2, ordinary: 0.5 }`. `"zeithaml"`: `{ platinum, gold, iron }`,
   * by count `{ platinum: 0.2, gold: 0.5, iron: 0.8 }`, by value `{ platinum: 0.5, gold: 0.8, iron: 0.95 }`.
   */
  thresholds?: Record<string, number>;
  /**
   * `"records"` (default): `customers`, one {@link TierRecord} per customer. `"columns"`: `columns`
   * ({@link TierColumns}), one array per field, without an object per customer.
   */
  output?: "records" | "columns";
}

/** One customer's tier. */
export interface TierRecord {
  customerId: string;
  value: number;
  tier: string;
  /** 1 = highest value; ties share the rank. */
  rank: number;
}

/** The tiers as columns (`output: "columns"`): entry `i` of every array is customer `i`, input order. */
export type TierColumns = {
  customerId: string[];
  value: Float64Array;
  tier: string[];
  rank: Int32Array;
};

/** What {@link tierPyramid} used and found. */
export interface TierPyramidMeta {
  scheme: "crm" | "zeithaml";
  by: "value" | "count";
  /** The thresholds used (defaults merged with the given ones). */
  thresholds: Record<string, number>;
  customers: number;
  /** Sum of the values, negatives counted as 0. */
  total: number;
  /** Customers per tier id, top first. */
  counts: Record<string, number>;
  /** Share of the total value per tier id, top first. */
  valueShares: Record<string, number>;
}

/** Result of {@link tierPyramid}. */
export interface TierPyramidResult {
  /** One record per customer, input order. */
  customers: TierRecord[];
  meta: TierPyramidMeta;
}

/** Result of {@link tierPyramid} with `output: "columns"`. */
export interface TierPyramidColumnsResult {
  columns: TierColumns;
  meta: TierPyramidMeta;
}

/** zod schema of {@link TierPyramidOptions}. */
export const tierPyramidOptionsSchema: OptionsSchema<TierPyramidOptions> = defineOptions<TierPyramidOptions>()({
  value: fieldAccessorSchema.optional(),
  customerId: fieldAccessorSchema.optional(),
  scheme: z.enum(["crm", "zeithaml"]).optional(),
  by: z.enum(["value", "count"]).optional(),
  thresholds: z.record(z.string(), z.number().gt(0).lte(1)).optional(),
  output: z.enum(["records", "columns"]).optional(),
});

const THRESHOLD_NAMES = { crm: ["important", "key", "ordinary"], zeithaml: ["platinum", "gold", "iron"] } as const;
const DEFAULT_THRESHOLDS = {
  crm: { value: { important: 0.5, key: 0.8, ordinary: 0.95 }, count: { important: 0.05, key: 0.2, ordinary: 0.5 } },
  zeithaml: { value: { platinum: 0.5, gold: 0.8, iron: 0.95 }, count: { platinum: 0.2, gold: 0.5, iron: 0.8 } },
} as const;

/**
 * Customer pyramid tiers by value. `scheme: "crm"` (default, by value share): key customers bring the
 * top 80% (split into important, the top 50%, and secondary), ordinary up to 95%, small the rest,
 * inferior any negative value. `scheme: "zeithaml"` (by customer share): platinum 20%, gold 30%, iron
 * 30%, lead the rest and any negative value. Ties share a tier. `thresholds` and `by` move the cuts;
 * see docs/value.md.
 *
 * @returns `customers` (one {@link TierRecord} each, input order) and `meta` (thresholds, counts, value shares);
 *   with `output: "columns"`, `columns` ({@link TierColumns}) instead of `customers`, the same values.
 * @throws {AnalyticsInputError} Bad records; `degenerate_data` for value shares of a total ≤ 0.
 * @throws {RangeError | TypeError} Thresholds not increasing or not of the scheme, bad options; prefixed `tierPyramid:`.
 * @example
 * const { customers, meta } = tierPyramid([
 *   { customerId: "a", monetary: 500 }, { customerId: "b", monetary: 300 }, { customerId: "c", monetary: 150 },
 *   { customerId: "d", monetary: 50 }, { customerId: "e", monetary: -20 },
 * ]);
 * customers.map((c) => c.tier); //=> ["key_important", "key_secondary", "ordinary", "small", "inferior"]
 * meta.counts.inferior;         //=> 1
 * @example
 * // columns in and out: one array per field, no object per customer (the fast lane for big data)
 * const { columns } = tierPyramid(
 *   { customerId: ["a", "b", "c", "d", "e"], monetary: Float64Array.of(500, 300, 150, 50, 20) },
 *   { scheme: "zeithaml", output: "columns" }, // by customer share: 20% platinum, 30% gold, 30% iron
 * );
 * columns.tier;             //=> ["platinum", "gold", "gold", "iron", "lead"]
 * Array.from(columns.rank); //=> [1, 2, 3, 4, 5]
 * @see Zeithaml, Rust & Lemon (2001). The customer pyramid. California Management Review 43(4), 118–142.
 */
export function tierPyramid<Row = any>(records: CustomerInput<Row>, options: TierPyramidOptions<Row> & { output: "columns" }): TierPyramidColumnsResult;
export function tierPyramid<Row = any>(records: CustomerInput<Row>, options?: TierPyramidOptions<Row>): TierPyramidResult;
export function tierPyramid<Row = any>(records: CustomerInput<Row>, options: TierPyramidOptions<Row> = {}): TierPyramidResult | TierPyramidColumnsResult {
  const fn = "tierPyramid";
  const opts = parseOptions(fn, tierPyramidOptionsSchema, options);
  const scheme = opts.scheme ?? "crm";
  const by = opts.by ?? (scheme === "crm" ? "value" : "count");
  const names = THRESHOLD_NAMES[scheme];
  const thresholds: Record<string, number> = { ...DEFAULT_THRESHOLDS[scheme][by], ...(opts.thresholds ?? {}) };
  for (const key of Object.keys(thresholds)) {
    if (!(names as readonly string[]).includes(key)) throw new TypeError(`${fn}: thresholds.${key} is not a threshold of the ${scheme} scheme (${names.join(", ")})`);
  }
  const c = names.map((k) => thresholds[k]);
  if (!(c[0] < c[1] && c[1] < c[2])) throw new RangeError(`${fn}: thresholds must increase (${names.join(" < ")}), got ${c.join(", ")}`);
  const tiersDef = scheme === "crm" ? CRM_PYRAMID_TIERS : ZEITHAML_PYRAMID_TIERS;
  const { ids, columns } = readRecords(fn, records, { customerId: opts.customerId, fields: { value: { field: opts.value ?? "monetary", name: "value" } } });
  const values = columns.value;
  const r = tieGroups(fn, values);
  const n = values.length;
  if (by === "value" && !(r.total > 0)) {
    throw new AnalyticsInputError(fn, [inputIssue("degenerate_data", ["records"], `the total value is ${r.total}: value shares need a positive total`)]);
  }
  // a tier per tie group (its index in tiersDef): a negative value is the bottom tier
  const groups = r.groupStart.length;
  const bottom = tiersDef.length - 1;
  const groupTier = new Uint8Array(groups);
  const groupRank = new Int32Array(groups);
  const count = new Array<number>(tiersDef.length).fill(0);
  for (let g = 0; g < groups; g++) {
    const above = by === "value" ? r.groupBefore[g] / r.total : r.groupStart[g] / n;
    const t = r.groupRaw[g] < 0 ? bottom : above < c[0] ? 0 : above < c[1] ? 1 : above < c[2] ? 2 : 3; // the fourth tier: small (crm), lead (zeithaml)
    groupTier[g] = t;
    groupRank[g] = r.groupStart[g] + 1;
    count[t] += r.groupCount[g];
  }
  const tierIds = tiersDef.map((t) => t.id);
  // one pass over the customers: the output, and each tier's value summed in input order (as before)
  const sum = new Float64Array(tiersDef.length);
  const columnsOut = opts.output === "columns";
  const tier: string[] = columnsOut ? new Array(n) : [];
  const rank = new Int32Array(columnsOut ? n : 0);
  const customers: TierRecord[] = columnsOut ? [] : new Array(n);
  const { group } = r;
  for (let i = 0; i < n; i++) {
    const g = group[i];
    const t = groupTier[g];
    const v = values[i];
    sum[t] += v > 0 ? v : 0; // negatives count as 0
    if (columnsOut) {
      tier[i] = tierIds[t];
      rank[i] = groupRank[g];
    } else customers[i] = { customerId: ids[i], value: values[i], tier: tierIds[t], rank: groupRank[g] };
  }
  const counts: Record<string, number> = Object.fromEntries(tiersDef.map((t, k) => [t.id, count[k]]));
  const valueShares = Object.fromEntries(
    tiersDef.map((t, k) => [t.id, r.total > 0 ? checkFinite(fn, sum[k], `the value of tier ${t.id}`, { path: ["records"] }) / r.total : 0]),
  );
  const meta: TierPyramidMeta = { scheme, by, thresholds, customers: n, total: r.total, counts, valueShares };
  if (columnsOut) return { columns: { customerId: ids, value: values, tier, rank }, meta };
  return { customers, meta };
}
