import { cohortRetention } from "../../churn/index.js";
import type { Command } from "../command.js";
import { step } from "../issues.js";
import { PERIOD_OPTIONS, periodOptions } from "./churn.js";

/** `cohorts`: acquisition cohorts × periods since acquisition. */
export const cohortsCommand: Command = {
  name: "cohorts",
  summary: "acquisition cohorts × periods since acquisition (customers, share, revenue)",
  description:
    "One record per cohort and period (tidy, ready for a heatmap): cohort (period of the first purchase), periodIndex (0 = the acquisition period), period, customers who bought, share of the cohort, revenue, cohortSize. Every cell up to --as-of is listed, empty ones included.",
  examples: ["crm-analytics cohorts orders.csv --as-of 2024-06-30 --period quarter --format table"],
  needs: "transactions",
  options: { ...PERIOD_OPTIONS },
  run(values, input) {
    if (input.kind !== "transactions") throw new Error("cohorts: needs transactions");
    const { cells, meta } = step("cohortRetention", () => cohortRetention(input.transactions, { ...input.read, ...periodOptions(values) }));
    return { records: cells as unknown as Record<string, unknown>[], meta };
  },
};
