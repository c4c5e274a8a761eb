/**
 * Customer value analyses: `import { classifyAbc } from "crm-analytics/value"`.
 * @packageDocumentation
 */
export { classifyAbc, classifyAbcOptionsSchema } from "./classifyAbc.js";
export type { AbcColumns, AbcMeta, AbcRecord, AbcThresholds, ClassifyAbcColumnsResult, ClassifyAbcComputedOptions, ClassifyAbcFixedOptions, ClassifyAbcOptions, ClassifyAbcResult } from "./classifyAbc.js";
export { AnalyticsInputError, isAnalyticsInputError, formatInputIssue, formatInputIssues, formatIssuePath } from "../errors.js";
export type { InputIssue, InputIssueCode, IssuePath } from "../errors.js";
export { lorenzCurve, gini, lorenzCurveOptionsSchema, giniOptionsSchema } from "./lorenzCurve.js";
export type { GiniOptions, LorenzCurveOptions, LorenzCurveResult, LorenzPoint } from "./lorenzCurve.js";
export { clvQuadrants, clvQuadrantsOptionsSchema, CLV_QUADRANTS } from "./clvQuadrants.js";
export type { ClvQuadrantColumns, ClvQuadrantRecord, ClvQuadrantsColumnsResult, ClvQuadrantsOptions, ClvQuadrantsResult } from "./clvQuadrants.js";
export { valueMatrix, valueMatrixOptionsSchema, VALUE_MATRIX_CELLS } from "./valueMatrix.js";
export type { ValueMatrixColumns, ValueMatrixColumnsResult, ValueMatrixOptions, ValueMatrixRecord, ValueMatrixResult } from "./valueMatrix.js";
export { historicalClv, historicalClvOptionsSchema, PERIOD_DAYS } from "./historicalClv.js";
export type { HistoricalClvColumns, HistoricalClvColumnsResult, HistoricalClvMeta, HistoricalClvOptions, HistoricalClvRecord, HistoricalClvResult } from "./historicalClv.js";
export { formulaClv, formulaClvOptionsSchema } from "./formulaClv.js";
export type { FormulaClvOptions, FormulaClvRecord, FormulaClvResult } from "./formulaClv.js";
export { clvFromMargin } from "./clvFromMargin.js";
export { tierPyramid, tierPyramidOptionsSchema, CRM_PYRAMID_TIERS, ZEITHAML_PYRAMID_TIERS } from "./tierPyramid.js";
export type { TierColumns, TierDefinition, TierPyramidColumnsResult, TierPyramidMeta, TierPyramidOptions, TierPyramidResult, TierRecord } from "./tierPyramid.js";
export { pyramidMigration, pyramidMigrationOptionsSchema } from "./pyramidMigration.js";
export type { MigrationCell, PyramidMigrationOptions, PyramidMigrationResult, TierAssignment } from "./pyramidMigration.js";
export { deliveredValue, deliveredValueOptionsSchema } from "./deliveredValue.js";
export type { DeliveredValueOptions, DeliveredValuePart, DeliveredValueRecord, DeliveredValueResult, Offer } from "./deliveredValue.js";
export type { MatrixCell, ThresholdMethod, TwoByTwoMeta } from "./twoByTwo.js";
export { segmentMovement, segmentMovementOptionsSchema } from "./segmentMovement.js";
export type { MovementCell, MovementRecord, SegmentMove, SegmentMovementMeta, SegmentMovementOptions, SegmentMovementResult } from "./segmentMovement.js";
export { whaleCurve, whaleCurveOptionsSchema } from "./whaleCurve.js";
export { selectionMatrix, selectionMatrixOptionsSchema, SELECTION_MATRIX_REGIONS } from "./selectionMatrix.js";
export type { SelectionCriterion, SelectionCriterionMeta, SelectionMatrixMeta, SelectionMatrixOptions, SelectionMatrixRecord, SelectionMatrixResult, SelectionNormalization, SelectionRegion } from "./selectionMatrix.js";
export type { WhaleCurveMeta, WhaleCurveOptions, WhaleCurveResult, WhalePoint } from "./whaleCurve.js";
