import { cohortRetention } from "../../churn/index.js";
import { choice, type Command } from "../command.js";
import { step } from "../issues.js";
import { PERIOD_OPTIONS, partialPeriodText, periodOptions } from "./churn.js";

/** `cohorts`: acquisition cohorts × periods since acquisition. */
export const cohortsCommand: Command = {
  name: "cohorts",
  summary: "acquisition cohorts × periods since acquisition (customers, share, revenue)",
  description:
    "One record per cohort and period (tidy, ready for a heatmap): cohort (period of the first purchase), periodIndex (0 = the acquisition period), period, customers who bought, share of the cohort, revenue, cohortSize. Every cell up to --as-of is listed, empty ones included. A cell whose period is cut by --as-of (the last diagonal) or by the first day of the data has partial = true and the days it covers (daysCovered of daysInPeriod); --partial-periods drop leaves those cells out.",
  examples: ["crm-analytics cohorts orders.csv --as-of 2024-06-30 --period quarter --format table"],
  needs: "transactions",
  options: {
    ...PERIOD_OPTIONS,
    "partial-periods": { type: "string", arg: "mark|drop", help: "cells of a period cut by --as-of or by the first day of the data: keep them, marked partial (default), or leave them out (drop)" },
  },
  prepare(values) {
    const partialPeriods = choice(values, "partial-periods", ["mark", "drop"] as const, "mark");
    const period = periodOptions(values);
    return (input) => {
      if (input.kind !== "transactions") throw new Error("cohorts: needs transactions");
      const { cells, meta } = step("cohortRetention", () => cohortRetention(input.transactions, { ...input.read, ...period, partialPeriods }));
      const notes = meta.partial.map((p) => {
        const cells = p.end === meta.asOf ? "its cells (the last diagonal)" : "its cells";
        return `${partialPeriodText(p)}: a partial period, ${partialPeriods === "drop" ? `${cells} are left out (--partial-periods drop)` : `${cells} count those days only (partial = true)`}`;
      });
      return { records: cells as unknown as Record<string, unknown>[], meta, notes };
    };
  },
};
