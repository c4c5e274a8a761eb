import { churnRisk, type ChurnRiskRecord, type ChurnRiskThresholds } from "../../churn/index.js";
import { compensatedSum } from "../../internal/neumaier.js";
import { checkFinite } from "../../internal/overflow.js";
import { choice, numberOption, type Command, type OptionSpec, type OptionValues } from "../command.js";
import { UsageError } from "../errors.js";
import { step } from "../issues.js";
import { fmtCount, moneyText } from "../counts.js";

/** The overdue thresholds of `churnRisk`, shared by `alerts` and `winback`. */
export const RISK_OPTIONS: Record<string, OptionSpec> = {
  cooling: { type: "string", arg: "X", help: "overdue above X typical gaps: cooling (default 1)" },
  "at-risk": { type: "string", arg: "X", help: "overdue above X typical gaps: at risk, an alert (default 2)" },
  lapsed: { type: "string", arg: "X", help: "overdue above X typical gaps: lapsed, an alert (default 4)" },
};

/** The thresholds given (undefined when none), checked to increase with the defaults filled in. */
export function riskThresholds(values: OptionValues): Partial<ChurnRiskThresholds> | undefined {
  const cooling = numberOption(values, "cooling", { min: 0, exclusiveMin: true });
  const atRisk = numberOption(values, "at-risk", { min: 0, exclusiveMin: true });
  const lapsed = numberOption(values, "lapsed", { min: 0, exclusiveMin: true });
  if (cooling === undefined && atRisk === undefined && lapsed === undefined) return undefined;
  const t = { cooling: cooling ?? 1, atRisk: atRisk ?? 2, lapsed: lapsed ?? 4 };
  if (!(t.cooling < t.atRisk && t.atRisk < t.lapsed)) {
    throw new UsageError(`--cooling, --at-risk and --lapsed must increase (with the defaults 1, 2, 4 for those not given), got ${t.cooling}, ${t.atRisk}, ${t.lapsed}`);
  }
  return { ...(cooling !== undefined ? { cooling } : {}), ...(atRisk !== undefined ? { atRisk } : {}), ...(lapsed !== undefined ? { lapsed } : {}) };
}

const RISK_RANK: Record<string, number> = { lapsed: 0, at_risk: 1, cooling: 2, active: 3 };

/** Highest risk first: the most overdue, then more value at risk, then customerId. */
function byRisk(a: ChurnRiskRecord, b: ChurnRiskRecord): number {
  return (b.overdue ?? 0) - (a.overdue ?? 0) || b.valueAtRisk - a.valueAtRisk || (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0);
}

/** Most value at risk first, then the higher risk level, then the most overdue, then customerId. */
function byValue(a: ChurnRiskRecord, b: ChurnRiskRecord): number {
  return b.valueAtRisk - a.valueAtRisk || RISK_RANK[a.risk] - RISK_RANK[b.risk] || byRisk(a, b);
}

/** `alerts`: the customers who stopped buying, from their own purchase rhythm. */
export const alertsCommand: Command = {
  name: "alerts",
  summary: "churn-risk alerts: customers overdue on their own purchase rhythm, the most value at risk first",
  description:
    "One record per customer at risk or lapsed (an alert), the most value at risk first (then the higher level, then the most overdue): purchaseDays, typicalGapDays (the median gap between the customer's purchase days; for one-day customers the median over all customers, gapSource = population), recencyDays, overdue = recencyDays ÷ typicalGapDays, risk (at_risk above --at-risk gaps, lapsed above --lapsed gaps) and valueAtRisk (the customer's net amount). --sort overdue puts the most overdue first instead (a customer who bought twice on consecutive days long ago is very overdue but rarely worth the call); --top N keeps the first N; --all lists every customer with its level (active, cooling, at_risk, lapsed) and the alert flag. A note on stderr counts the customers per level.",
  examples: [
    "crm-analytics alerts orders.csv --as-of 2024-06-30 --top 50 --format table",
    "crm-analytics alerts orders.csv --as-of 2024-06-30 --sort overdue --at-risk 3 --lapsed 6 -o alerts.csv",
  ],
  needs: "transactions",
  options: {
    ...RISK_OPTIONS,
    sort: { type: "string", arg: "value|overdue", help: "the most value at risk first (default), or the most overdue first" },
    top: { type: "string", arg: "N", help: "keep the first N customers" },
    all: { type: "boolean", help: "every customer with its risk level, not only the alerts" },
  },
  prepare(values) {
    const thresholds = riskThresholds(values);
    const sort = choice(values, "sort", ["value", "overdue"] as const, "value");
    const top = numberOption(values, "top", { integer: true, min: 1 });
    return (input) => {
      if (input.kind !== "transactions") throw new Error("alerts: needs transactions");
      const { customers, meta } = step("churnRisk", () => churnRisk(input.transactions, { ...input.read, ...(thresholds ? { thresholds } : {}) }));
      const listed = (values.all ? customers : customers.filter((c) => c.alert)).slice().sort(sort === "overdue" ? byRisk : byValue);
      const kept = top !== undefined ? listed.slice(0, top) : listed;
      // without a model the P(alive) column is always empty; with --all the alert flag says which are alerts
      const records = kept.map(({ pAlive: _p, ...withAlert }) => {
        if (values.all) return withAlert;
        const { alert: _a, ...rest } = withAlert;
        return rest;
      });
      const c = meta.counts;
      const alerts = customers.filter((x) => x.alert);
      const atRiskValue = step("alerts", () => checkFinite("alerts", compensatedSum(alerts.length, (i) => alerts[i].valueAtRisk), "the value at risk of all alerts"));
      const t = meta.thresholds as ChurnRiskThresholds;
      const notes = [
        `${fmtCount(alerts.length)} of ${fmtCount(customers.length)} customers are alerts (at risk ${fmtCount(c.at_risk)}, lapsed ${fmtCount(c.lapsed)}; active ${fmtCount(c.active)}, cooling ${fmtCount(c.cooling)}), bringing ${moneyText(atRiskValue)} net; levels at ${t.cooling}, ${t.atRisk} and ${t.lapsed} typical gaps overdue`,
        ...(meta.populationGapDays !== null ? [`customers with one purchase day are measured against the median gap of the others, ${meta.populationGapDays} days (gapSource = population)`] : []),
        ...(top !== undefined && listed.length > top ? [`the first ${fmtCount(top)} of ${fmtCount(listed.length)} listed (--top)`] : []),
      ];
      return { records, meta, notes };
    };
  },
};
