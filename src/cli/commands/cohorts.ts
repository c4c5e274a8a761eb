import { cohortRetention } from "../../churn/index.js";
import { choice, type Command, type CommandInput, type CommandOutput } from "../command.js";
import { UsageError } from "../errors.js";
import { step } from "../issues.js";
import { PERIOD_OPTIONS, partialPeriodText, periodOptions } from "./churn.js";

/** `cohorts`: acquisition cohorts × periods since acquisition. */
export const cohortsCommand: Command = {
  name: "cohorts",
  summary: "acquisition cohorts × periods since acquisition (customers, share, revenue)",
  description:
    "One record per cohort and period (tidy, ready for a heatmap): cohort (period of the first purchase), periodIndex (0 = the acquisition period), period, customers who bought, share of the cohort, revenue, cohortSize. Every cell up to --as-of is listed, empty ones included. A cell whose period is cut by --as-of (the last diagonal) or by the first day of the data has partial = true and the days it covers (daysCovered of daysInPeriod); --partial-periods drop leaves those cells out. --pivot prints the cohort triangle instead: one row per cohort (cohort, cohortSize) and one column per period since acquisition (month0, month1, … named by --period), holding the --value of each cell (share, customers or revenue); a note on stderr names the partial cells, which --partial-periods drop leaves empty.",
  examples: [
    "crm-analytics cohorts orders.csv --as-of 2024-06-30 --period quarter --format table",
    "crm-analytics cohorts orders.csv --as-of 2024-06-30 --pivot --value customers -o triangle.csv",
  ],
  needs: "transactions",
  options: {
    ...PERIOD_OPTIONS,
    "partial-periods": { type: "string", arg: "mark|drop", help: "cells of a period cut by --as-of or by the first day of the data: keep them, marked partial (default), or leave them out (drop)" },
    pivot: { type: "boolean", help: "the cohort triangle: one row per cohort, one column per period since acquisition" },
    value: { type: "string", arg: "share|customers|revenue", help: "--pivot: the value of each cell (default share)" },
  },
  prepare(values) {
    const partialPeriods = choice(values, "partial-periods", ["mark", "drop"] as const, "mark");
    const period = periodOptions(values);
    const value = choice(values, "value", ["share", "customers", "revenue"] as const, "share");
    if (values.value !== undefined && !values.pivot) throw new UsageError("--value applies to --pivot only (the tidy records carry customers, share and revenue)");
    if (values.pivot) return (input) => pivotTriangle(input, period, value, partialPeriods);
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

/**
 * The cohort triangle: one record per cohort (cohort, cohortSize, then `<period>0`, `<period>1`, … up to
 * the oldest cohort's last period), each cell holding `value`, empty where the period is after
 * --as-of. Partial cells keep their value (`mark`) or are left empty (`drop`); a cohort whose only
 * cells are partial keeps its row either way.
 */
function pivotTriangle(
  input: CommandInput,
  period: ReturnType<typeof periodOptions>,
  value: "share" | "customers" | "revenue",
  partialPeriods: "mark" | "drop",
): CommandOutput {
  if (input.kind !== "transactions") throw new Error("cohorts: needs transactions");
  const { cells, meta } = step("cohortRetention", () => cohortRetention(input.transactions, { ...input.read, ...period, partialPeriods: "mark" }));
  const width = cells.reduce((w, c) => Math.max(w, c.periodIndex + 1), 0);
  // "month0" rather than "0": integer-like keys would come first in a record's key order
  const column = (i: number) => `${period.period}${i}`;
  const rows = new Map<string, Record<string, unknown>>();
  for (const c of cells) {
    let row = rows.get(c.cohort);
    if (row === undefined) {
      row = { cohort: c.cohort, cohortSize: c.cohortSize };
      for (let i = 0; i < width; i++) row[column(i)] = null;
      rows.set(c.cohort, row);
    }
    row[column(c.periodIndex)] = c.partial && partialPeriods === "drop" ? null : c[value];
  }
  const notes = meta.partial.map((p) => {
    const cells = p.end === meta.asOf ? "its cells, the last of each cohort's row (the diagonal)," : "its cells";
    return `${partialPeriodText(p)}: a partial period, ${cells} ${partialPeriods === "drop" ? "are left empty (--partial-periods drop)" : "count those days only (--partial-periods drop leaves them empty)"}`;
  });
  return { records: [...rows.values()], meta: { ...meta, pivot: { value, columns: Array.from({ length: width }, (_, i) => column(i)) } }, notes };
}
