/**
 * Probabilistic customer-base models: `import { fitBgNbd } from "crm-analytics/models"`.
 * @packageDocumentation
 */
export { fitBgNbd, predictBgNbd, bgNbdLogLikelihood, bgNbdExpectedPurchases } from "./bgNbd.js";
export type { BgNbdFit, BgNbdParams } from "./bgNbd.js";
export type { FitDiagnostics } from "../internal/bfgs.js";
export { fitGammaGamma, gammaGammaExpectedSpend, gammaGammaLogLikelihood } from "./gammaGamma.js";
export type { GammaGammaParams } from "./gammaGamma.js";
export type { BtydRecord } from "./btydInput.js";
export { AnalyticsInputError, isAnalyticsInputError, formatInputIssue, formatInputIssues, formatIssuePath } from "../errors.js";
export type { InputIssue, InputIssueCode, IssuePath } from "../errors.js";
export { predictedClv } from "./predictedClv.js";
export type { PredictedClvOptions } from "./predictedClv.js";
export { toBtydSummary } from "./toBtydSummary.js";
export type { BtydSummaryRecord, ToBtydSummaryOptions } from "./toBtydSummary.js";
export { fitModifiedBgNbd, predictModifiedBgNbd, mbgNbdLogLikelihood } from "./mbgNbd.js";
export { fitParetoNbd, predictParetoNbd, paretoNbdLogLikelihood } from "./paretoNbd.js";
export type { ParetoNbdParams } from "./paretoNbd.js";
export { calibrationHoldout } from "./calibrationHoldout.js";
export type { HoldoutRow } from "./calibrationHoldout.js";
export type { PurchaseModel } from "./purchaseModel.js";
