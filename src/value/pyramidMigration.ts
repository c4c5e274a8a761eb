import { AnalyticsInputError, describeValue, type InputIssue } from "../errors.js";
import { CRM_PYRAMID_TIERS, ZEITHAML_PYRAMID_TIERS } from "./tierPyramid.js";

/** A customer's tier in one period (as {@link tierPyramid} returns). */
export interface TierAssignment {
  customerId: string | number;
  tier: string;
}

/** One cell of the migration matrix. */
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

function read(fn: string, name: string, rows: readonly TierAssignment[], known: Set<string> | null): Map<string, string> {
  if (!Array.isArray(rows)) throw new TypeError(`${fn}: ${name} must be an array of { customerId, tier }, got ${describeValue(rows)}`);
  const out = new Map<string, string>();
  const issues: InputIssue[] = [];
  rows.forEach((r, i) => {
    const id = typeof r?.customerId === "number" && Number.isFinite(r.customerId) ? String(r.customerId) : r?.customerId;
    if (typeof id !== "string" || id.trim() === "") {
      if (issues.length < 20) issues.push({ path: `${name}[${i}].customerId`, code: "missing_customer_id", message: `${name}[${i}].customerId: expected a non-empty customer id, got ${describeValue(r?.customerId)}` });
      return;
    }
    if (typeof r.tier !== "string" || (known && !known.has(r.tier))) {
      if (issues.length < 20) issues.push({ path: `${name}[${i}].tier`, code: "invalid_value", message: `${name}[${i}].tier: expected one of the tiers (${known ? [...known].join(", ") : "a string"}), got ${describeValue(r.tier)}` });
      return;
    }
    if (out.has(id)) {
      if (issues.length < 20) issues.push({ path: `${name}[${i}].customerId`, code: "duplicate_customer", message: `${name}[${i}].customerId: customer ${JSON.stringify(id)} appears twice` });
      return;
    }
    out.set(id, r.tier);
  });
  if (issues.length > 0) throw new AnalyticsInputError(fn, issues);
  return out;
}

/**
 * Tier migration between two periods: a transition matrix of customer counts from each tier to each
 * tier (and from/to `null` for customers new in, or absent from, the second period), with the share of
 * each origin tier, and totals of customers who moved up, down or stayed. Tier order (top first) comes
 * from `order`, or from the built-in pyramids when every tier is one of theirs.
 *
 * @param before - Tiers in the first period (`{ customerId, tier }`, e.g. `tierPyramid(...).tiers`).
 * @param after - Tiers in the second period.
 * @param options - `order`: tier ids top first (needed for custom tiers).
 * @returns `matrix` (every from × to pair, in tier order, including empty cells) and `meta` totals.
 * @throws {AnalyticsInputError} Missing or duplicate ids, unknown tiers.
 * @throws {TypeError} Tiers not in a built-in pyramid and no `order`.
 *
 * @example
 * const { meta } = pyramidMigration(
 *   [{ customerId: "a", tier: "gold" }, { customerId: "b", tier: "iron" }, { customerId: "c", tier: "lead" }],
 *   [{ customerId: "a", tier: "platinum" }, { customerId: "b", tier: "lead" }, { customerId: "d", tier: "iron" }],
 * );
 * meta; //=> { customers: 4, up: 1, down: 1, same: 0, new: 1, lost: 1, order: ["platinum", "gold", "iron", "lead"] }
 */
export function pyramidMigration(
  before: readonly TierAssignment[],
  after: readonly TierAssignment[],
  options: { order?: readonly string[] } = {},
): { matrix: MigrationCell[]; meta: { customers: number; up: number; down: number; same: number; new: number; lost: number; order: string[] } } {
  const fn = "pyramidMigration";
  let order: string[];
  if (options.order !== undefined) {
    if (!Array.isArray(options.order) || options.order.length === 0 || options.order.some((t) => typeof t !== "string") || new Set(options.order).size !== options.order.length) {
      throw new TypeError(`${fn}: order must be a non-empty list of distinct tier ids`);
    }
    order = [...options.order];
  } else {
    const used = new Set<string>();
    for (const r of [...(Array.isArray(before) ? before : []), ...(Array.isArray(after) ? after : [])]) if (typeof r?.tier === "string") used.add(r.tier);
    const scheme = [CRM_PYRAMID_TIERS, ZEITHAML_PYRAMID_TIERS].find((tiers) => [...used].every((t) => tiers.some((d) => d.id === t)));
    if (!scheme) throw new TypeError(`${fn}: tiers ${[...used].join(", ")} are not those of a built-in pyramid; pass options.order (top first)`);
    order = scheme.map((t) => t.id);
  }
  const known = new Set(order);
  const a = read(fn, "before", before, known);
  const b = read(fn, "after", after, known);
  const rank = new Map(order.map((t, i) => [t, i]));
  const key = (f: string | null, t: string | null) => `${f ?? ""}\u0000${t ?? ""}`;
  const counts = new Map<string, number>();
  const bump = (f: string | null, t: string | null) => counts.set(key(f, t), (counts.get(key(f, t)) ?? 0) + 1);
  let up = 0;
  let down = 0;
  let same = 0;
  for (const [id, from] of a) {
    const to = b.get(id) ?? null;
    bump(from, to);
    if (to === null) continue;
    const d = (rank.get(to) as number) - (rank.get(from) as number);
    if (d < 0) up++;
    else if (d > 0) down++;
    else same++;
  }
  let added = 0;
  for (const [id, to] of b) {
    if (!a.has(id)) {
      bump(null, to);
      added++;
    }
  }
  const fromTotals = new Map<string | null, number>();
  for (const f of [...order, null]) {
    let s = 0;
    for (const t of [...order, null]) s += counts.get(key(f, t)) ?? 0;
    fromTotals.set(f, s);
  }
  const matrix: MigrationCell[] = [];
  for (const f of [...order, null]) {
    for (const t of [...order, null]) {
      if (f === null && t === null) continue;
      const n = counts.get(key(f, t)) ?? 0;
      const total = fromTotals.get(f) ?? 0;
      const move = f === null ? "new" : t === null ? "lost" : (rank.get(t) as number) < (rank.get(f) as number) ? "up" : (rank.get(t) as number) > (rank.get(f) as number) ? "down" : "same";
      matrix.push({ from: f, to: t, customers: n, shareOfFrom: total > 0 ? n / total : 0, move });
    }
  }
  return { matrix, meta: { customers: new Set([...a.keys(), ...b.keys()]).size, up, down, same, new: added, lost: a.size - up - down - same, order } };
}
