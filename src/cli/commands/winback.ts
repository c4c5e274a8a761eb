import { churnRisk, WIN_BACK_PRIORITIES, winBackPriority } from "../../churn/index.js";
import { compensatedSum } from "../../internal/neumaier.js";
import { checkFinite } from "../../internal/overflow.js";
import { CRM_PYRAMID_TIERS, tierPyramid, ZEITHAML_PYRAMID_TIERS } from "../../value/index.js";
import { choice, LABELS_OPTION, labelOf, numberOption, SUMMARY_OPTION, type Command } from "../command.js";
import { UsageError } from "../errors.js";
import { step } from "../issues.js";
import { fmtCount, moneyText } from "../counts.js";
import { RISK_OPTIONS, riskThresholds } from "./alerts.js";

/** `winback`: whom to win back first, the at-risk and lapsed customers by value tier. */
export const winbackCommand: Command = {
  name: "winback",
  summary: "win-back priority of the at-risk and lapsed customers, by value tier (必须挽回 … 放弃)",
  description:
    "One record per customer at risk or lapsed (as in alerts), the most urgent first: tier (the customer pyramid of --scheme crm or zeithaml, as in pyramid), risk, priority with a label (--labels en|zh) and valueAtRisk (the customer's net amount). Key important, key secondary, platinum and gold customers are must_win_back; ordinary and iron try; small flexible; inferior and lead let_go. Within a priority the most value at risk comes first. --top N keeps the first N; --summary prints one record per priority: customers and value at risk.",
  examples: ["crm-analytics winback orders.csv --as-of 2024-06-30 --top 100 -o call-list.csv", "crm-analytics winback orders.csv --as-of 2024-06-30 --summary --labels zh"],
  needs: "summaries",
  options: {
    scheme: { type: "string", arg: "crm|zeithaml", help: "pyramid tiers (default crm, as pyramid)" },
    ...RISK_OPTIONS,
    top: { type: "string", arg: "N", help: "keep the first N customers" },
    labels: LABELS_OPTION,
    summary: SUMMARY_OPTION,
  },
  prepare(values) {
    const scheme = choice(values, "scheme", ["crm", "zeithaml"] as const, "crm");
    const thresholds = riskThresholds(values);
    const top = numberOption(values, "top", { integer: true, min: 1 });
    const lang = choice(values, "labels", ["en", "zh"] as const, "en");
    if (top !== undefined && values.summary) throw new UsageError("--top applies to the customer list, not to --summary");
    const tierDefs = scheme === "crm" ? CRM_PYRAMID_TIERS : ZEITHAML_PYRAMID_TIERS;
    return (input) => {
      if (input.kind !== "summaries") throw new Error("winback: needs summaries");
      const risk = step("churnRisk", () => churnRisk(input.transactions(), { ...input.read, ...(thresholds ? { thresholds } : {}) }));
      const tiers = step("tierPyramid", () => tierPyramid(input.customers, { scheme }), input.customers);
      const { customers, meta } = step("winBackPriority", () => winBackPriority(risk.customers, tiers.customers));
      const allMeta = { ...meta, risk: { thresholds: risk.meta.thresholds, populationGapDays: risk.meta.populationGapDays, counts: risk.meta.counts }, pyramid: tiers.meta };
      const valueOf = (of: readonly { valueAtRisk: number }[], what: string) =>
        step("winback", () => checkFinite("winback", compensatedSum(of.length, (i) => of[i].valueAtRisk), what));
      if (values.summary) {
        const records = WIN_BACK_PRIORITIES.map((p) => {
          const of = customers.filter((c) => c.priority === p.id);
          return {
            priority: p.id,
            label: labelOf(WIN_BACK_PRIORITIES, p.id, lang),
            tiers: p.tiers.filter((t) => tierDefs.some((d) => d.id === t)).join(" "),
            customers: of.length,
            valueAtRisk: valueOf(of, `the value at risk of the ${p.id} customers`),
          };
        });
        return { records, meta: allMeta };
      }
      const kept = top !== undefined ? customers.slice(0, top) : customers;
      const records = kept.map((c) => ({ ...c, tierLabel: labelOf(tierDefs, c.tier, lang), label: labelOf(WIN_BACK_PRIORITIES, c.priority, lang) }));
      const mustValue = customers.filter((c) => c.priority === "must_win_back");
      const notes = [
        `${fmtCount(customers.length)} customers are at risk or lapsed; ${fmtCount(meta.counts.must_win_back)} must be won back (${moneyText(valueOf(mustValue, "the value at risk of the must_win_back customers"))} net), ${fmtCount(meta.counts.try)} try, ${fmtCount(meta.counts.flexible)} flexible, ${fmtCount(meta.counts.let_go)} let go`,
        ...(top !== undefined && customers.length > top ? [`the first ${fmtCount(top)} of ${fmtCount(customers.length)} listed (--top)`] : []),
      ];
      return { records, meta: allMeta, notes };
    };
  },
};
