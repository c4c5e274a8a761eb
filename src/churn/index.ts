/**
 * Churn, retention and cohorts: `import { periodIndicators } from "crm-analytics/churn"`.
 * @packageDocumentation
 */
export { periodIndicators } from "./periodIndicators.js";
export type { PeriodExternalData, PeriodIndicatorOptions, PeriodIndicatorRow } from "./periodIndicators.js";
export { cohortRetention } from "./cohortRetention.js";
export type { CohortCell } from "./cohortRetention.js";
export { netPromoterScore } from "./netPromoterScore.js";
export type { NetPromoterScore } from "./netPromoterScore.js";
export type { PeriodOptions } from "./activity.js";
export type { PeriodUnit } from "./periods.js";
export { AnalyticsInputError, isAnalyticsInputError, formatInputIssue, formatInputIssues, formatIssuePath } from "../errors.js";
export type { InputIssue, InputIssueCode, IssuePath } from "../errors.js";
export { churnRisk } from "./churnRisk.js";
export type { ChurnRiskOptions, ChurnRiskRecord, ChurnRiskResult, RiskLevel } from "./churnRisk.js";
export { winBackPriority, WIN_BACK_PRIORITIES } from "./winBackPriority.js";
export type { WinBackRecord } from "./winBackPriority.js";
export { lifecycleStage, LIFECYCLE_STAGES } from "./lifecycleStage.js";
export type { LifecycleRecord, LifecycleRules, LifecycleStageId } from "./lifecycleStage.js";
