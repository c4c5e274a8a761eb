/**
 * The HTML report: `import { renderReport } from "crm-analytics/report"`. One self-contained, offline
 * page for a CRM manager (data quality, segments and actions, RFM, ABC, pyramid, churn and cohorts,
 * CLV quadrants, clusters) in English or Chinese. Needs the optional peer dependencies `vega` and
 * `vega-lite` (`npm install vega vega-lite`), loaded only when a report is rendered. Not re-exported
 * from the root entry.
 * @packageDocumentation
 */
export { renderReport, renderReportOptionsSchema } from "./renderReport.js";
export type { RenderReportMeta, RenderReportOptions, RenderReportResult, ReportSectionMeta, ReportSourceMeta } from "./renderReport.js";
