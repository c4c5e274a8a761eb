/**
 * RFM scores and segments: `import { scoreRfm, segmentRfm } from "crm-analytics/rfm"`.
 * @packageDocumentation
 */
export { scoreRfm, scoreRfmOptionsSchema, rfmCell } from "./scoreRfm.js";
export type { RfmMethod, RfmScore, RfmScoreMeta, RfmScoreResult, RfmDimensionMeta, ScoreRfmOptions } from "./scoreRfm.js";
export { segmentRfm, segmentRfmOptionsSchema } from "./segmentRfm.js";
export type { SegmentRfmOptions, SegmentRfmResult, SegmentRfmMeta, RfmSegmentRecord, ClassicThresholds, RfmSchemeOption } from "./segmentRfm.js";
export { matchSegmentRules } from "./matchSegmentRules.js";
export type { ScoredCustomer } from "./matchSegmentRules.js";
export { summarizeSegments } from "./summarizeSegments.js";
export type { SegmentSummaryRow, SegmentedCustomer } from "./summarizeSegments.js";
export { CLASSIC_SEGMENTS, R_RFM_README_SCHEME, R_RFM_TESTS_SCHEME, OTHERS_SEGMENT } from "./segmentDefinitions.js";
export type { ClassicSegmentDefinition, ClassicSegmentId, SegmentDefinition, SegmentRule } from "./segmentDefinitions.js";
export { AnalyticsInputError, isAnalyticsInputError, formatInputIssue, formatInputIssues, formatIssuePath } from "../errors.js";
export type { InputIssue, InputIssueCode, IssuePath } from "../errors.js";
export type { CustomerFields } from "../input/readCustomers.js";
