import { isAnalyticsInputError } from "../../errors.js";
import { renderReport, type RenderReportOptions, type ReportSourceMeta } from "../../report/index.js";
import { choice, numberOption, type Command } from "../command.js";
import { UsageError } from "../errors.js";
import { StepError } from "../issues.js";
import { fmtCount } from "../counts.js";

/** `report`: the whole analysis as one offline HTML page for a CRM manager. */
export const reportCommand: Command = {
  name: "report",
  summary: "one offline HTML report: data quality, segments and actions, RFM, ABC, pyramid, churn, cohorts, CLV, clusters",
  description:
    "Writes one self-contained HTML page (no network needed to open it) for a CRM manager: data quality (rows read, rows left out by problem, refunds, date range), the eight RFM segments with their shares and recommended actions, the RFM heatmap, ABC classes and the Pareto curve, the customer pyramid, churn and retention per --period (a partial period is marked and has no rate) with cohort retention, CLV quadrants (potential = the next --months' value predicted by BG/NBD and Gamma-Gamma) and --k k-means clusters (--seed). In English or Chinese (--labels zh). Needs the optional packages vega and vega-lite (npm install vega vega-lite). A section the data do not allow (too few customers, no repeat buyers) says why in the page and in a warning.",
  examples: [
    "crm-analytics report orders.csv --as-of 2024-06-30 -o report.html",
    "crm-analytics report orders.csv --as-of 2024-06-30 --labels zh --period quarter -o report-zh.html",
  ],
  needs: "transactions",
  options: {
    labels: { type: "string", arg: "en|zh", help: "language of the report: en (default) or zh (中文)" },
    title: { type: "string", arg: "TEXT", help: "the report's title (default: Customer report / 客户分析报告)" },
    period: { type: "string", arg: "week|month|quarter|year", help: "period of the churn table and the cohorts (default month)" },
    k: { type: "string", arg: "N", help: "number of k-means clusters (default 4)" },
    seed: { type: "string", arg: "N", help: "seed of the k-means starts (default 42): the same seed gives the same report" },
    months: { type: "string", arg: "N", help: "horizon of the predicted (potential) value of the CLV quadrants in months (default 12)" },
  },
  prepare(values) {
    if (values.format !== undefined) throw new UsageError("--format does not apply to report: it writes one HTML page (-o report.html)");
    const output = values.output;
    if (typeof output === "string" && !/\.html?$/i.test(output)) throw new UsageError(`-o ${output}: the report is an HTML page: give the file the extension .html`);
    const options: Omit<RenderReportOptions, "asOf"> = {
      language: choice(values, "labels", ["en", "zh"] as const, "en"),
      period: choice(values, "period", ["week", "month", "quarter", "year"] as const, "month"),
      clusters: numberOption(values, "k", { integer: true, min: 1, max: 20 }) ?? 4,
      seed: numberOption(values, "seed", { integer: true, min: 0, max: 2 ** 32 - 1 }) ?? 42,
      clvMonths: numberOption(values, "months", { integer: true, min: 1, max: 120 }) ?? 12,
      ...(typeof values.title === "string" ? { title: values.title } : {}),
    };
    return async (input) => {
      if (input.kind !== "transactions") throw new Error("report: needs transactions");
      // The file's reading (the CSV reader's and the library's counts) goes into the data-quality section.
      const sourceMeta = input.reading as ReportSourceMeta | undefined;
      let result;
      try {
        result = await renderReport(input.transactions, { ...input.read, ...options, ...(sourceMeta ? { sourceMeta } : {}) });
      } catch (error) {
        if (isAnalyticsInputError(error)) throw new StepError("renderReport", error.issues, error.issues.map((i) => i.customerId));
        if (error instanceof Error && error.message.includes("npm install vega")) throw new UsageError(error.message.replace(/^renderReport: /, ""));
        throw error;
      }
      const { html, meta } = result;
      const warnings = meta.sections.filter((s) => s.status !== "ok").map((s) => `the ${s.id} section is not in the report: ${s.message}`);
      const drawn = meta.sections.flatMap((s) => s.charts).length;
      return {
        records: [],
        meta,
        document: { contents: html, kind: "html" },
        notes: [`an HTML report of ${fmtCount(meta.customers)} customer${meta.customers === 1 ? "" : "s"}: ${meta.sections.length - warnings.length} section${meta.sections.length - warnings.length === 1 ? "" : "s"}, ${drawn} chart${drawn === 1 ? "" : "s"} (${fmtCount(Math.round(html.length / 1024))} kB)`],
        warnings,
      };
    };
  },
};
