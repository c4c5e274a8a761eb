import { periodIndicators } from "../../churn/index.js";
import { choice, numberOption, type Command, type OptionSpec, type OptionValues } from "../command.js";
import { step } from "../issues.js";

/** Period options shared by `churn` and `cohorts`. */
export const PERIOD_OPTIONS: Record<string, OptionSpec> = {
  period: { type: "string", arg: "week|month|quarter|year", help: "calendar period (default month)" },
  "week-starts-on": { type: "string", arg: "0..6", help: "first day of a week for --period week: 0 Sunday … 6 Saturday (default 1, Monday)" },
};

export function periodOptions(values: OptionValues): { period: "week" | "month" | "quarter" | "year"; weekStartsOn?: number } {
  const period = choice(values, "period", ["week", "month", "quarter", "year"] as const, "month");
  const weekStartsOn = numberOption(values, "week-starts-on", { integer: true, min: 0, max: 6 });
  return { period, ...(weekStartsOn !== undefined ? { weekStartsOn } : {}) };
}

/** `churn`: customer indicators per period. */
export const churnCommand: Command = {
  name: "churn",
  summary: "churn, retention, repurchase and revenue retention per period",
  description:
    "One record per period, from the first period with a purchase to the one holding --as-of: active, new, returning, retained, reactivated, lost customers, churnRate = lost ÷ active at start, retentionRate, repurchaseRate, repeatPurchaseRate, revenue and revenue retention. With --lost-after-days N a customer is lost N days after their last purchase instead of period over period.",
  examples: ["crm-analytics churn orders.csv --as-of 2024-06-30 --period quarter"],
  needs: "transactions",
  options: {
    ...PERIOD_OPTIONS,
    "lost-after-days": { type: "string", arg: "N", help: "a customer is active while their last purchase is at most N days old (non-contractual churn)" },
  },
  run(values, input) {
    if (input.kind !== "transactions") throw new Error("churn: needs transactions");
    const lostAfterDays = numberOption(values, "lost-after-days", { integer: true, min: 1 });
    const options = { ...input.read, ...periodOptions(values), ...(lostAfterDays !== undefined ? { lostAfterDays } : {}) };
    const { periods, meta } = step("periodIndicators", () => periodIndicators(input.transactions, options));
    // The rates from outside data (referrals, complaints, satisfaction, NPS) have no column in a
    // transaction log: always null here, so they are not printed.
    const records = periods.map(({ referralRate: _r, complaintRate: _c, satisfaction: _s, nps: _n, ...rest }) => rest);
    return { records, meta };
  },
};
