/**
 * Churn, retention and cohorts: `import { periodIndicators } from "crm-analytics/churn"`.
 * @packageDocumentation
 */
export { periodIndicators, periodIndicatorsOptionsSchema } from "./periodIndicators.js";
export type { PeriodExternalData, PeriodIndicatorRecord, PeriodIndicatorsOptions, PeriodIndicatorsResult } from "./periodIndicators.js";
export { cohortRetention, cohortRetentionOptionsSchema } from "./cohortRetention.js";
export type { CohortCell, CohortRetentionOptions, CohortRetentionResult } from "./cohortRetention.js";
export { netPromoterScore, netPromoterScoreOptionsSchema } from "./netPromoterScore.js";
export type { NetPromoterScore, NetPromoterScoreOptions } from "./netPromoterScore.js";
export type { PartialPeriodInfo, PartialPeriods, PeriodMeta, PeriodOptions } from "./activity.js";
export type { TransactionReadMeta } from "../input/types.js";
export type { PeriodUnit } from "./periods.js";
export { AnalyticsInputError, isAnalyticsInputError, formatInputIssue, formatInputIssues, formatIssuePath } from "../errors.js";
export type { InputIssue, InputIssueCode, IssuePath } from "../errors.js";
export { churnRisk, churnRiskOptionsSchema } from "./churnRisk.js";
export type { ChurnRiskAliveThresholds, ChurnRiskOptions, ChurnRiskRecord, ChurnRiskResult, ChurnRiskThresholds, RiskLevel } from "./churnRisk.js";
export { winBackPriority, winBackPriorityOptionsSchema, WIN_BACK_PRIORITIES } from "./winBackPriority.js";
export type { WinBackPriorityId, WinBackPriorityOptions, WinBackPriorityResult, WinBackRecord } from "./winBackPriority.js";
export { lifecycleStage, lifecycleStageOptionsSchema, LIFECYCLE_STAGES } from "./lifecycleStage.js";
export type { LifecycleRecord, LifecycleRules, LifecycleStageId, LifecycleStageOptions, LifecycleStageResult } from "./lifecycleStage.js";
export { lifecycleTrajectories, lifecycleTrajectoriesOptionsSchema, LIFECYCLE_TRAJECTORIES } from "./lifecycleTrajectories.js";
export type { LifecycleTrajectoriesOptions, LifecycleTrajectoriesResult, LifecycleTrajectoryId, LifecycleTrajectoryRecord, TrajectoryPeriod } from "./lifecycleTrajectories.js";
