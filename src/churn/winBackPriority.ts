import { AnalyticsInputError, describeValue, type InputIssue } from "../errors.js";
import type { RiskLevel } from "./churnRisk.js";

/** Win-back priorities, most urgent first. */
export const WIN_BACK_PRIORITIES = Object.freeze([
  { id: "must_win_back", label: "Must win back", labelZh: "必须挽回", tiers: ["key_important", "key_secondary", "platinum", "gold"] },
  { id: "try", label: "Try to win back", labelZh: "尽力挽回", tiers: ["ordinary", "iron"] },
  { id: "flexible", label: "Flexible", labelZh: "见机行事", tiers: ["small"] },
  { id: "let_go", label: "Let go", labelZh: "放弃", tiers: ["inferior", "lead"] },
] as const);

/** One lost or at-risk customer's win-back priority. */
export interface WinBackRecord {
  customerId: string;
  tier: string;
  risk: RiskLevel;
  /** `must_win_back`, `try`, `flexible` or `let_go`. */
  priority: string;
  valueAtRisk: number;
}

/**
 * Win-back priority by value tier for customers who are at risk or lapsed: lost key customers first
 * ("must win back": key important/secondary, or platinum/gold), ordinary/iron ("try"), small
 * ("flexible"), inferior/lead ("let go"). Joins churn-risk records with pyramid tiers by customerId;
 * within a priority, more value at risk first (ties by customerId).
 *
 * @param risks - Records with `customerId`, `risk` and `valueAtRisk` (e.g. `churnRisk(...).customers`).
 * @param tiers - Records with `customerId` and `tier` (e.g. `tierPyramid(...).tiers`).
 * @returns The at-risk and lapsed customers, most urgent first.
 * @throws {AnalyticsInputError} A risk record without a tier, or an unknown tier (`invalid_value`).
 *
 * @example
 * winBackPriority(
 *   [
 *     { customerId: "a", risk: "lapsed", valueAtRisk: 900 }, { customerId: "b", risk: "at_risk", valueAtRisk: 50 },
 *     { customerId: "c", risk: "active", valueAtRisk: 500 },
 *   ],
 *   [{ customerId: "a", tier: "ordinary" }, { customerId: "b", tier: "key_important" }, { customerId: "c", tier: "key_important" }],
 * ).map((r) => [r.customerId, r.priority]);
 * //=> [["b", "must_win_back"], ["a", "try"]]
 */
export function winBackPriority(
  risks: readonly { customerId: string; risk: RiskLevel; valueAtRisk: number }[],
  tiers: readonly { customerId: string; tier: string }[],
): WinBackRecord[] {
  const fn = "winBackPriority";
  if (!Array.isArray(risks) || !Array.isArray(tiers)) throw new TypeError(`${fn}: risks and tiers must be arrays of records`);
  const tierOf = new Map(tiers.map((t) => [String(t.customerId), t.tier]));
  const rankOf = new Map<string, number>();
  WIN_BACK_PRIORITIES.forEach((p, i) => p.tiers.forEach((t) => rankOf.set(t, i)));
  const issues: InputIssue[] = [];
  const out: (WinBackRecord & { rank: number })[] = [];
  risks.forEach((r, i) => {
    if (r.risk !== "at_risk" && r.risk !== "lapsed") return;
    const tier = tierOf.get(String(r.customerId));
    const rank = tier === undefined ? undefined : rankOf.get(tier);
    if (rank === undefined) {
      if (issues.length < 20) issues.push({ path: `risks[${i}].customerId`, code: "invalid_value", message: `risks[${i}].customerId: ${JSON.stringify(r.customerId)} has ${tier === undefined ? "no tier" : `an unknown tier ${describeValue(tier)}`}` });
      return;
    }
    out.push({ customerId: String(r.customerId), tier: tier as string, risk: r.risk, priority: WIN_BACK_PRIORITIES[rank].id, valueAtRisk: r.valueAtRisk, rank });
  });
  if (issues.length > 0) throw new AnalyticsInputError(fn, issues);
  out.sort((a, b) => a.rank - b.rank || b.valueAtRisk - a.valueAtRisk || (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0));
  return out.map(({ rank: _rank, ...r }) => r);
}
