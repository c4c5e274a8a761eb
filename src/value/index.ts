/**
 * Customer value analyses: `import { classifyAbc } from "crm-analytics/value"`.
 * @packageDocumentation
 */
export { classifyAbc, classifyAbcOptionsSchema } from "./classifyAbc.js";
export type { AbcMeta, AbcRecord, AbcResult, ClassifyAbcOptions } from "./classifyAbc.js";
export { AnalyticsInputError, isAnalyticsInputError, formatInputIssues } from "../errors.js";
export type { InputIssue, InputIssueCode } from "../errors.js";
export { lorenzCurve, gini, lorenzCurveOptionsSchema } from "./lorenzCurve.js";
export type { LorenzCurveOptions, LorenzCurveResult, LorenzPoint, ValueCurveOptions } from "./lorenzCurve.js";
