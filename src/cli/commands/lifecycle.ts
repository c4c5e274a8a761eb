import { LIFECYCLE_STAGES, lifecycleStage } from "../../churn/index.js";
import { compensatedSum } from "../../internal/neumaier.js";
import { checkFinite } from "../../internal/overflow.js";
import { choice, LABELS_OPTION, labelOf, SUMMARY_OPTION, type Command } from "../command.js";
import { step } from "../issues.js";

/** `lifecycle`: exploration, formation, stability or decline, from each customer's purchase history. */
export const lifecycleCommand: Command = {
  name: "lifecycle",
  summary: "lifecycle stages: exploration, formation, stability, decline (考察期 … 退化期)",
  description:
    "One record per customer: stage (exploration, formation, stability, decline) with a label (--labels en|zh), the reason (the rule that decided: overdue, longer gaps, smaller purchases, few purchases, new, regular, growing) and the numbers behind it: purchaseDays, tenureDays, recencyDays, typicalGapDays, gapTrend (recent ÷ earlier mean gap) and amountTrend (recent ÷ earlier mean purchase). Decline comes first: more than 2 typical gaps overdue, gaps 1.5 times longer or purchases 0.6 times smaller over the last 3; then exploration (one purchase day, or less than 60 days of tenure); stability (5 purchase days over 180 days or more); formation otherwise. --summary prints one record per stage: customers, share, revenue, revenueShare and the suggested action (in the language of --labels).",
  examples: ["crm-analytics lifecycle orders.csv --as-of 2024-06-30 --summary --labels zh", "crm-analytics lifecycle orders.csv --as-of 2024-06-30 --format json -o stages.json"],
  needs: "summaries",
  options: { labels: LABELS_OPTION, summary: SUMMARY_OPTION },
  prepare(values) {
    const lang = choice(values, "labels", ["en", "zh"] as const, "en");
    return (input) => {
      if (input.kind !== "summaries") throw new Error("lifecycle: needs summaries");
      const { customers, meta } = step("lifecycleStage", () => lifecycleStage(input.transactions(), input.read));
      if (!values.summary) return { records: customers.map((c) => ({ ...c, label: labelOf(LIFECYCLE_STAGES, c.stage, lang) })), meta };
      // the revenue of a stage is its customers' net amount (the summaries' monetary, refunds netted)
      const monetary = new Map(input.customers.map((c) => [c.customerId, c.monetary]));
      const amounts: Record<string, number[]> = {};
      for (const c of customers) (amounts[c.stage] ??= []).push(monetary.get(c.customerId) ?? 0);
      const sum = (xs: readonly number[], what: string) => step("lifecycle", () => checkFinite("lifecycle", compensatedSum(xs.length, (i) => xs[i]), what));
      const revenue = Object.fromEntries(Object.entries(amounts).map(([stage, xs]) => [stage, sum(xs, `the revenue of the ${stage} stage`)]));
      const total = sum(Object.values(amounts).flat(), "the revenue of all customers");
      const records = LIFECYCLE_STAGES.map((s) => ({
        stage: s.id,
        label: labelOf(LIFECYCLE_STAGES, s.id, lang),
        customers: meta.counts[s.id],
        share: customers.length > 0 ? meta.counts[s.id] / customers.length : 0,
        revenue: revenue[s.id] ?? 0,
        revenueShare: total > 0 ? (revenue[s.id] ?? 0) / total : null,
        action: lang === "zh" ? s.actionZh : s.action,
      }));
      return { records, meta };
    };
  },
};
