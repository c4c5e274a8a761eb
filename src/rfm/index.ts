/**
 * RFM scores and segments: `import { scoreRfm, segmentRfm } from "crm-analytics/rfm"`.
 * @packageDocumentation
 */
export { scoreRfm, scoreRfmOptionsSchema, rfmCell } from "./scoreRfm.js";
export type { RfmMethod, RfmScore, RfmScoreColumns, RfmScoreMeta, ScoreRfmColumnsResult, ScoreRfmResult, RfmDimensionMeta, ScoreRfmOptions } from "./scoreRfm.js";
export { segmentRfm, segmentRfmOptionsSchema } from "./segmentRfm.js";
export type {
  RfmDimensions,
  RfmScoringOptions,
  RfmSegmentColumns,
  RfmSegmentRecord,
  RfmSegmentScheme,
  ThresholdMethod,
  Exclusive,
  KeysOfUnion,
  SegmentRfmSchemeOptions,
  SegmentRfmClassicOptions,
  SegmentRfmColumnsResult,
  SegmentRfmCustomOptions,
  SegmentRfmMeta,
  SegmentRfmOptions,
  SegmentRfmResult,
  SegmentRfmRRfmOptions,
} from "./segmentRfm.js";
export { matchSegmentRules, matchSegmentRulesOptionsSchema } from "./matchSegmentRules.js";
export type { MatchSegmentRulesColumnsResult, MatchSegmentRulesMeta, MatchSegmentRulesOptions, MatchSegmentRulesResult, ScoredCustomer, SegmentMatch, SegmentMatchColumns } from "./matchSegmentRules.js";
export { summarizeSegments, summarizeSegmentsOptionsSchema } from "./summarizeSegments.js";
export type { SegmentLabel, SegmentSummaryRow, SegmentedCustomer, SummarizeSegmentsMeta, SummarizeSegmentsOptions, SummarizeSegmentsResult } from "./summarizeSegments.js";
export { CLASSIC_SEGMENTS, R_RFM_README_SCHEME, R_RFM_TESTS_SCHEME, OTHERS_SEGMENT } from "./segmentDefinitions.js";
export type { ClassicSegmentDefinition, ClassicSegmentId, SegmentDefinition, SegmentRule } from "./segmentDefinitions.js";
export { customerFieldsSchema } from "./customerFields.js";
export type { CustomerFields } from "./customerFields.js";
export { AnalyticsInputError, isAnalyticsInputError, formatInputIssue, formatInputIssues, formatIssuePath } from "../errors.js";
export type { InputIssue, InputIssueCode, IssuePath } from "../errors.js";
export { segmentRfmGrid, segmentRfmGridOptionsSchema } from "./segmentRfmGrid.js";
export type { SegmentRfmGridMeta, SegmentRfmGridOptions, SegmentRfmGridResult } from "./segmentRfmGrid.js";
export { RFM_ELEVEN_SEGMENT_GRID, RFM_THREE_LEVEL_GRID, RFM_THREE_LEVEL_SCHEME } from "./rfmGrids.js";
export type { RfmGrid, RfmGridSegment } from "./rfmGrids.js";
