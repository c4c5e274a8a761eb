import { periodIndicators, type PartialPeriodInfo } from "../../churn/index.js";
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

/** How a partial period is named in a note: `2011-12 covers 9 of 31 days (2011-12-01 to 2011-12-09)`. */
export function partialPeriodText(p: PartialPeriodInfo): string {
  return `${p.period} covers ${p.daysCovered} of ${p.daysInPeriod} days (${p.start} to ${p.end})`;
}

/** `churn`: customer indicators per period. */
export const churnCommand: Command = {
  name: "churn",
  summary: "churn, retention, repurchase and revenue retention per period",
  description:
    "One record per period, from the first period with a purchase to the one holding --as-of: active, new, returning, retained, reactivated, lost customers, churnRate = lost ÷ active at start, retentionRate, repurchaseRate, repeatPurchaseRate, revenue and revenue retention. With --lost-after-days N a customer is lost N days after their last purchase instead of period over period. A period cut by --as-of (or by the first day of the data) has partial = true and the days it covers (daysCovered of daysInPeriod); its rates are left empty unless --partial-periods mark.",
  examples: ["crm-analytics churn orders.csv --as-of 2024-06-30 --period quarter", "crm-analytics churn orders.csv --as-of 2024-06-12 --partial-periods drop"],
  needs: "transactions",
  options: {
    ...PERIOD_OPTIONS,
    "partial-periods": {
      type: "string",
      arg: "null-rates|mark|drop",
      help: "a period cut by --as-of or by the first day of the data: keep it with empty rates (default), keep its rates (mark), or leave it out (drop)",
    },
    "lost-after-days": { type: "string", arg: "N", help: "a customer is active while their last purchase is at most N days old (non-contractual churn)" },
  },
  prepare(values) {
    const lostAfterDays = numberOption(values, "lost-after-days", { integer: true, min: 1 });
    const partialPeriods = choice(values, "partial-periods", ["null-rates", "mark", "drop"] as const, "null-rates");
    const own = { ...periodOptions(values), ...(lostAfterDays !== undefined ? { lostAfterDays } : {}), partialPeriods };
    return (input) => {
      if (input.kind !== "transactions") throw new Error("churn: needs transactions");
      const options = { ...input.read, ...own };
      const { periods, meta } = step("periodIndicators", () => periodIndicators(input.transactions, options));
      // A partial period's churn looks like a spike (9 days of December "lose" most of November's buyers):
      // say which periods are partial and what was done with them.
      const notes: string[] = [];
      const warnings: string[] = [];
      for (const p of meta.partial) {
        if (partialPeriods === "null-rates") notes.push(`${partialPeriodText(p)}: a partial period, its rates are left empty (--partial-periods mark computes them over those days)`);
        else if (partialPeriods === "drop") notes.push(`${partialPeriodText(p)}: a partial period, left out (--partial-periods drop)`);
        else warnings.push(`${partialPeriodText(p)}: a partial period, its rates count those days only and do not compare with whole periods`);
      }
      // The rates from outside data (referrals, complaints, satisfaction, NPS) have no column in a
      // transaction log: always null here, so they are not printed.
      // Period over period (no --lost-after-days), activeAtEnd repeats active and newLapsed is always 0: left out.
      const records = periods.map(({ referralRate: _r, complaintRate: _c, satisfaction: _s, nps: _n, ...rest }) => {
        if (lostAfterDays !== undefined) return rest;
        const { activeAtEnd: _e, newLapsed: _l, ...periodOverPeriod } = rest;
        return periodOverPeriod;
      });
      return { records, meta, notes, warnings };
    };
  },
};
