import { z } from "zod";
import { AnalyticsInputError, describeValue, inputIssue, type InputIssue, type InputIssueCode, type IssuePath } from "../errors.js";
import { defineOptions, parseOptions, type OptionsSchema } from "../options.js";
import { readRecords } from "../input/readRecords.js";
import type { RiskLevel } from "./churnRisk.js";

/** Win-back priorities, most urgent first, and the pyramid tiers (both schemes) in each. */
export const WIN_BACK_PRIORITIES = Object.freeze([
  { id: "must_win_back", label: "Must win back", labelZh: "必须挽回", tiers: ["key_important", "key_secondary", "platinum", "gold"] },
  { id: "try", label: "Try to win back", labelZh: "尽力挽回", tiers: ["ordinary", "iron"] },
  { id: "flexible", label: "Flexible", labelZh: "见机行事", tiers: ["small"] },
  { id: "let_go", label: "Let go", labelZh: "放弃", tiers: ["inferior", "lead"] },
] as const);

/** Win-back priority ids. */
export type WinBackPriorityId = (typeof WIN_BACK_PRIORITIES)[number]["id"];

/** One at-risk or lapsed customer's win-back priority. */
export interface WinBackRecord {
  customerId: string;
  tier: string;
  risk: RiskLevel;
  priority: WinBackPriorityId;
  valueAtRisk: number;
}

/** Options of {@link winBackPriority}. */
export interface WinBackPriorityOptions {
  /** Bad records listed in the error before it is thrown (default 20). */
  maxIssues?: number;
}

/** Schema of {@link WinBackPriorityOptions} (strict: unknown keys are rejected). */
export const winBackPriorityOptionsSchema: OptionsSchema<WinBackPriorityOptions> = defineOptions<WinBackPriorityOptions>()({
  maxIssues: z.number().int().min(1).optional(),
});

/** Result of {@link winBackPriority}. */
export interface WinBackPriorityResult {
  /** The at-risk and lapsed customers, most urgent first. */
  customers: WinBackRecord[];
  meta: {
    /** Customers per priority. */
    counts: Record<WinBackPriorityId, number>;
  };
}

const RISK_LEVELS: readonly string[] = ["active", "cooling", "at_risk", "lapsed"];
const RANK_OF = new Map<string, number>(WIN_BACK_PRIORITIES.flatMap((p, rank) => p.tiers.map((t) => [t, rank] as const)));

/**
 * Win-back priority of the at-risk and lapsed customers by value tier: key important/secondary or
 * platinum/gold **must win back**, ordinary/iron **try**, small **flexible**, inferior/lead **let go**;
 * more value at risk first within a priority (ties by customerId). Joins risks and tiers by customer id.
 *
 * @param risks - Records with `customerId`, `risk` and `valueAtRisk` (`churnRisk(...).customers`).
 * @param tiers - Records with `customerId` and `tier` (`tierPyramid(...).customers`).
 * @returns `customers` (most urgent first) and `meta.counts` per priority.
 * @throws {AnalyticsInputError} Bad records (paths `["risks", i, field]`, `["tiers", i, field]`, one
 *   record per customer); `invalid_value` for an unknown risk or tier, or a lost customer without a tier.
 *
 * @example
 * const { customers } = winBackPriority(
 *   [{ customerId: "a", risk: "lapsed", valueAtRisk: 900 }, { customerId: "b", risk: "at_risk", valueAtRisk: 50 },
 *    { customerId: "c", risk: "active", valueAtRisk: 500 }],
 *   [{ customerId: "a", tier: "ordinary" }, { customerId: "b", tier: "key_important" }, { customerId: "c", tier: "small" }],
 * );
 * customers.map((c) => [c.customerId, c.priority]); //=> [["b", "must_win_back"], ["a", "try"]]
 *
 * @see Zeithaml, V. A., Rust, R. T. & Lemon, K. N. (2001). The customer pyramid. California Management Review 43(4), 118–142.
 */
export function winBackPriority(
  risks: Iterable<{ customerId: string | number; risk: RiskLevel; valueAtRisk: number }>,
  tiers: Iterable<{ customerId: string | number; tier: string }>,
  options: WinBackPriorityOptions = {},
): WinBackPriorityResult {
  const fn = "winBackPriority";
  const maxIssues = parseOptions(fn, winBackPriorityOptionsSchema, options).maxIssues ?? 20;
  const risk = readRecords(fn, risks, {
    source: "risks",
    maxIssues,
    fields: { valueAtRisk: { field: "valueAtRisk", name: "valueAtRisk" } },
    texts: { risk: { field: "risk", name: "risk" } },
  });
  const tier = readRecords(fn, tiers, { source: "tiers", maxIssues, fields: {}, texts: { tier: { field: "tier", name: "tier" } } });

  const issues: InputIssue[] = [];
  let total = 0;
  const add = (code: InputIssueCode, path: IssuePath, message: string, customerId: string) => {
    if (total++ < maxIssues) issues.push(inputIssue(code, path, message, customerId));
  };
  // customer → tier and priority rank; null for an unknown tier (reported at its own record)
  const tierOf = new Map<string, { tier: string; rank: number } | null>();
  tier.ids.forEach((id, j) => {
    const label = tier.texts.tier[j];
    const rank = typeof label === "string" ? RANK_OF.get(label) : undefined;
    if (rank === undefined) add("invalid_value", ["tiers", j, "tier"], `expected a pyramid tier (${[...RANK_OF.keys()].join(", ")}), got ${describeValue(label)}`, id);
    tierOf.set(id, rank === undefined ? null : { tier: label as string, rank });
  });
  const out: (WinBackRecord & { rank: number })[] = [];
  risk.ids.forEach((id, i) => {
    const level = risk.texts.risk[i];
    if (typeof level !== "string" || !RISK_LEVELS.includes(level)) {
      add("invalid_value", ["risks", i, "risk"], `expected a risk level (${RISK_LEVELS.join(", ")}), got ${describeValue(level)}`, id);
      return;
    }
    if (level !== "at_risk" && level !== "lapsed") return;
    const t = tierOf.get(id);
    if (t === undefined) add("invalid_value", ["risks", i, "customerId"], "no tier for this customer in tiers", id);
    else if (t !== null) out.push({ customerId: id, tier: t.tier, risk: level, priority: WIN_BACK_PRIORITIES[t.rank].id, valueAtRisk: risk.columns.valueAtRisk[i], rank: t.rank });
  });
  if (issues.length > 0) throw new AnalyticsInputError(fn, issues, total);
  out.sort((a, b) => a.rank - b.rank || b.valueAtRisk - a.valueAtRisk || (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0));
  const counts = Object.fromEntries(WIN_BACK_PRIORITIES.map((p) => [p.id, 0])) as Record<WinBackPriorityId, number>;
  for (const r of out) counts[r.priority]++;
  return { customers: out.map(({ rank: _rank, ...r }) => r), meta: { counts } };
}
