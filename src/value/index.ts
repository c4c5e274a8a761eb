/**
 * Customer value analyses: `import { classifyAbc } from "crm-analytics/value"`.
 * @packageDocumentation
 */
export { classifyAbc, classifyAbcOptionsSchema } from "./classifyAbc.js";
export type { AbcMeta, AbcRecord, AbcResult, ClassifyAbcOptions } from "./classifyAbc.js";
export { AnalyticsInputError, isAnalyticsInputError, formatInputIssue, formatInputIssues, formatIssuePath } from "../errors.js";
export type { InputIssue, InputIssueCode, IssuePath } from "../errors.js";
export { lorenzCurve, gini, lorenzCurveOptionsSchema } from "./lorenzCurve.js";
export type { LorenzCurveOptions, LorenzCurveResult, LorenzPoint, ValueCurveOptions } from "./lorenzCurve.js";
export { clvQuadrants, clvQuadrantOptionsSchema, CLV_QUADRANTS } from "./clvQuadrants.js";
export type { ClvQuadrantOptions, ClvQuadrantRecord, ClvQuadrantResult } from "./clvQuadrants.js";
export { valueMatrix, valueMatrixOptionsSchema, VALUE_MATRIX_CELLS } from "./valueMatrix.js";
export type { ValueMatrixOptions, ValueMatrixRecord } from "./valueMatrix.js";
export { historicalClv, historicalClvOptionsSchema, PERIOD_DAYS } from "./historicalClv.js";
export type { HistoricalClvOptions, HistoricalClvRecord } from "./historicalClv.js";
export { formulaClv, formulaClvOptionsSchema, clvFormula } from "./formulaClv.js";
export type { FormulaClvOptions, FormulaClvRecord } from "./formulaClv.js";
export { tierPyramid, tierPyramidOptionsSchema, CRM_PYRAMID_TIERS, ZEITHAML_PYRAMID_TIERS } from "./tierPyramid.js";
export type { TierDefinition, TierPyramidOptions, TierRecord } from "./tierPyramid.js";
export { pyramidMigration } from "./pyramidMigration.js";
export type { MigrationCell, TierAssignment } from "./pyramidMigration.js";
export { deliveredValue } from "./deliveredValue.js";
export type { DeliveredValuePart, DeliveredValueRecord, Offer } from "./deliveredValue.js";
export type { MatrixCell } from "./twoByTwo.js";
