import { z } from "zod";
import { describeValue } from "../errors.js";
import { defineOptions, parseOptions, type OptionsSchema } from "../options.js";
import { readRecords } from "../input/readRecords.js";
import { migrate } from "./segmentMovement.js";
import { CRM_PYRAMID_TIERS, ZEITHAML_PYRAMID_TIERS } from "./tierPyramid.js";

/** A customer's tier in one period (as {@link tierPyramid} returns). */
export interface TierAssignment {
  customerId: string | number;
  tier: string;
}

/** Options of {@link pyramidMigration}. */
export interface PyramidMigrationOptions {
  /** Tier ids, top first: needed for tiers that are not those of a built-in pyramid. */
  order?: readonly string[];
}

/** One cell of the migration matrix: the customers who went from one tier to another. */
export interface MigrationCell {
  /** Tier in the first period, or `null` for customers new in the second. */
  from: string | null;
  /** Tier in the second period, or `null` for customers absent from it (lost). */
  to: string | null;
  customers: number;
  /** customers ÷ all customers with this `from` (0..1). */
  shareOfFrom: number;
  /** `"up"`, `"down"`, `"same"`, `"new"` or `"lost"`. */
  move: "up" | "down" | "same" | "new" | "lost";
}

/** Result of {@link pyramidMigration}. */
export interface PyramidMigrationResult {
  /** Every from × to pair (tiers in order, then `null`), empty cells included; no `null` × `null`. */
  cells: MigrationCell[];
  meta: {
    /** Customers in either period. */
    customers: number;
    up: number;
    down: number;
    same: number;
    new: number;
    lost: number;
    /** Tier ids, top first. */
    order: string[];
  };
}

/** zod schema of {@link PyramidMigrationOptions}. */
export const pyramidMigrationOptionsSchema: OptionsSchema<PyramidMigrationOptions> = defineOptions<PyramidMigrationOptions>()({
  order: z
    .array(z.string().min(1))
    .min(1)
    .refine((ids) => new Set(ids).size === ids.length, { message: "expected distinct tier ids" })
    .optional(),
});

/** One period's tiers, by the one reader (id rule, duplicates, tiers as non-empty strings). */
interface PeriodTiers {
  source: "before" | "after";
  ids: string[];
  tiers: string[];
}

function readPeriod(fn: string, source: "before" | "after", input: Iterable<TierAssignment>): PeriodTiers {
  if (input === null || typeof input !== "object" || typeof (input as Iterable<unknown>)[Symbol.iterator] !== "function") {
    throw new TypeError(`${fn}: ${source} must be an array (or iterable) of { customerId, tier }, got ${describeValue(input)}`);
  }
  const rows = Array.from(input);
  // An empty period is allowed: every customer of the other one is then new (or lost).
  if (rows.length === 0) return { source, ids: [], tiers: [] };
  const { ids, texts } = readRecords(fn, rows, { source, fields: {}, texts: { tier: { field: "tier", name: "tier" } } });
  const tiers = texts.tier;
  return { source, ids, tiers };
}

/** The tier order: the given one, or that of the built-in pyramid holding every tier used. */
function tierOrder(fn: string, given: readonly string[] | undefined, periods: readonly PeriodTiers[]): string[] {
  if (given !== undefined) return [...given];
  const used = new Set<string>();
  for (const p of periods) for (const t of p.tiers) if (typeof t === "string") used.add(t);
  const scheme = [CRM_PYRAMID_TIERS, ZEITHAML_PYRAMID_TIERS].find((tiers) => [...used].every((t) => tiers.some((d) => d.id === t)));
  if (!scheme) throw new TypeError(`${fn}: tiers ${[...used].join(", ")} are not those of a built-in pyramid; pass options.order (top first)`);
  return scheme.map((t) => t.id);
}

/**
 * Tier migration between two periods: customer counts from each tier to each tier (`null` for
 * customers new in, or absent from, the second period), the share of each origin tier, and how many
 * moved up, down, stayed, were new or lost: {@link segmentMovement} with the tiers ranked. Tier order (top first): `order`, or the built-in pyramid
 * holding every tier used. Customers match by id (the one id rule); either period may be empty.
 *
 * @param before - `{ customerId, tier }` records, e.g. `tierPyramid(...).customers`; `after` likewise.
 * @returns `cells` (every from × to pair in tier order, empty ones included) and `meta` (totals, order).
 * @throws {AnalyticsInputError} Missing or duplicate ids, unknown tiers (naming the customer); paths
 *   start at `before` or `after`.
 * @throws {TypeError | RangeError} Custom tiers without `order`; bad or unknown options.
 * @example
 * pyramidMigration(
 *   [{ customerId: "a", tier: "gold" }, { customerId: "b", tier: "iron" }, { customerId: "c", tier: "lead" }],
 *   [{ customerId: "a", tier: "platinum" }, { customerId: "b", tier: "lead" }, { customerId: "d", tier: "iron" }],
 * ).meta; //=> { customers: 4, up: 1, down: 1, same: 0, new: 1, lost: 1, order: ["platinum", "gold", "iron", "lead"] }
 * @see Zeithaml, Rust & Lemon (2001). The customer pyramid. California Management Review 43(4).
 */
export function pyramidMigration(
  before: Iterable<TierAssignment>,
  after: Iterable<TierAssignment>,
  options: PyramidMigrationOptions = {},
): PyramidMigrationResult {
  const fn = "pyramidMigration";
  const opts = parseOptions(fn, pyramidMigrationOptionsSchema, options);
  const periods = [readPeriod(fn, "before", before), readPeriod(fn, "after", after)];
  const order = tierOrder(fn, opts.order, periods);
  // one use of segmentMovement: tiers ranked top first, cells and counts in pyramidMigration's shape
  const [a, b] = periods.map(({ source, ids, tiers }) => ({ source, field: "tier", ids, classes: tiers, revenue: null }));
  const { meta } = migrate(fn, a, b, order, true, "tiers");
  const cells: MigrationCell[] = meta.cells.map(({ from, to, customers, shareOfFrom, move }) => ({ from, to, customers, shareOfFrom, move: move as MigrationCell["move"] }));
  return { cells, meta: { customers: meta.customers, up: meta.up as number, down: meta.down as number, same: meta.same, new: meta.new, lost: meta.lost, order } };
}
