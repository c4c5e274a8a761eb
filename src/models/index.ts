/**
 * Probabilistic customer-base models: `import { fitBgNbd } from "crm-analytics/models"`.
 * @packageDocumentation
 */
export type { BgNbdModel, BgNbdParams, GammaGammaParams, ModifiedBgNbdModel, ParetoNbdModel, ParetoNbdParams, PenalizedFitOptions, PurchaseFitMeta, PurchasePredictionOptions, PurchaseModel, PurchaseModelFit, PurchasePredictionMeta, PurchasePredictionRecord, PurchasePredictionResult } from "./types.js";
export type { BtydCustomer } from "./btydInput.js";
export type { FitDiagnostics } from "../internal/bfgs.js";
export { toBtydSummary, toBtydSummaryOptionsSchema } from "./toBtydSummary.js";
export type { BtydSummaryCustomer, ToBtydSummaryMeta, ToBtydSummaryOptions, ToBtydSummaryResult } from "./toBtydSummary.js";
export { fitBgNbd, fitBgNbdOptionsSchema, predictBgNbd, predictBgNbdOptionsSchema, bgNbdLogLikelihood, bgNbdExpectedPurchases } from "./bgNbd.js";
export type { BgNbdFit, FitBgNbdOptions, PredictBgNbdOptions, PredictBgNbdResult } from "./bgNbd.js";
export { fitModifiedBgNbd, fitModifiedBgNbdOptionsSchema, predictModifiedBgNbd, predictModifiedBgNbdOptionsSchema, mbgNbdLogLikelihood } from "./mbgNbd.js";
export type { FitModifiedBgNbdOptions, ModifiedBgNbdFit, PredictModifiedBgNbdOptions, PredictModifiedBgNbdResult } from "./mbgNbd.js";
export { fitParetoNbd, fitParetoNbdOptionsSchema, predictParetoNbd, predictParetoNbdOptionsSchema, paretoNbdLogLikelihood } from "./paretoNbd.js";
export type { FitParetoNbdOptions, ParetoNbdFit, PredictParetoNbdOptions, PredictParetoNbdResult } from "./paretoNbd.js";
export { fitBgNbdCovariates, fitBgNbdCovariatesOptionsSchema, predictBgNbdCovariates, predictBgNbdCovariatesOptionsSchema } from "./bgNbdCovariates.js";
export type { BgNbdCovariatesFit, FitBgNbdCovariatesOptions, PredictBgNbdCovariatesOptions, PredictBgNbdCovariatesResult } from "./bgNbdCovariates.js";
export { fitParetoNbdCovariates, fitParetoNbdCovariatesOptionsSchema, predictParetoNbdCovariates, predictParetoNbdCovariatesOptionsSchema } from "./paretoNbdCovariates.js";
export type { FitParetoNbdCovariatesOptions, ParetoNbdCovariatesFit, PredictParetoNbdCovariatesOptions, PredictParetoNbdCovariatesResult } from "./paretoNbdCovariates.js";
export type { CovariateCoefficients, CovariateCustomer, CovariatesFit, CovariatesFitMeta, CovariatesFitOptions, CovariatesPredictionOptions, CovariatesPredictionResult } from "./modelCovariates.js";
export { fitGammaGamma, fitGammaGammaOptionsSchema, gammaGammaExpectedSpend, gammaGammaLogLikelihood } from "./gammaGamma.js";
export type { ExpectedSpendRecord, FitGammaGammaOptions, GammaGammaExpectedSpendMeta, GammaGammaExpectedSpendResult, GammaGammaFit, GammaGammaFitMeta } from "./gammaGamma.js";
export { predictedClv, predictedClvOptionsSchema } from "./predictedClv.js";
export type { PredictedClvMeta, PredictedClvOptions, PredictedClvPurchases, PredictedClvRecord, PredictedClvResult } from "./predictedClv.js";
export { calibrationHoldout, calibrationHoldoutOptionsSchema } from "./calibrationHoldout.js";
export type { CalibrationHoldoutMeta, CalibrationHoldoutOptions, CalibrationHoldoutRecord, CalibrationHoldoutResult } from "./calibrationHoldout.js";
export { purchaseTracking, purchaseTrackingOptionsSchema } from "./purchaseTracking.js";
export type { PurchaseTrackingMeta, PurchaseTrackingOptions, PurchaseTrackingRecord, PurchaseTrackingResult } from "./purchaseTracking.js";
export { compareModels, compareModelsOptionsSchema } from "./compareModels.js";
export type { ComparedModelName, CompareModelsMeta, CompareModelsOptions, CompareModelsResult, HoldoutMetrics, LiftGroup, LikelihoodRatioTest, ModelComparisonRecord, ModelCriterion, ReliabilityBin, TrackingError } from "./compareModels.js";
export { fitBgBb, fitBgBbOptionsSchema, predictBgBb, predictBgBbOptionsSchema, bgBbLogLikelihood, bgBbExpectedPurchases } from "./bgBb.js";
export type { BgBbCustomer, BgBbFit, BgBbFitMeta, BgBbParams, BgBbPredictionRecord, FitBgBbOptions, PredictBgBbOptions, PredictBgBbResult } from "./bgBb.js";
export { toBgBbSummary, toBgBbSummaryOptionsSchema } from "./toBgBbSummary.js";
export type { BgBbPeriod, BgBbSummaryCustomer, ToBgBbSummaryMeta, ToBgBbSummaryOptions, ToBgBbSummaryResult } from "./toBgBbSummary.js";
export { fitSbg, fitSbgOptionsSchema, fitSbgCohorts, sbgSurvival, sbgSurvivalOptionsSchema } from "./sbg.js";
export type { FitSbgCohortsResult, FitSbgOptions, SbgCohortData, SbgCohortFit, SbgContract, SbgData, SbgFit, SbgFitMeta, SbgParams, SbgPeriodRecord, SbgSurvivalOptions, SbgSurvivalResult } from "./sbg.js";
export { kaplanMeier, kaplanMeierOptionsSchema } from "./kaplanMeier.js";
export type { KaplanMeierMeta, KaplanMeierOptions, KaplanMeierResult, LogRankTest, SurvivalGroupSummary, SurvivalPoint, SurvivalRecord } from "./kaplanMeier.js";
export { customerSurvival, customerSurvivalOptionsSchema } from "./survival.js";
export { predictionIntervals, predictionIntervalsOptionsSchema } from "./predictionIntervals.js";
export type { ParameterCovariance, ParameterInterval, PredictionIntervalRecord, PredictionIntervalsMeta, PredictionIntervalsOptions, PredictionIntervalsResult } from "./predictionIntervals.js";
export { simulateCustomers, simulateCustomersOptionsSchema } from "./simulateCustomers.js";
export { bootstrapFit, bootstrapFitOptionsSchema } from "./bootstrapFit.js";
export type { BootstrapFitMeta, BootstrapFitOptions, BootstrapFitResult, BootstrapModel, BootstrapParameter } from "./bootstrapFit.js";
export type { SimulateCustomersMeta, SimulateCustomersOptions, SimulateCustomersResult, SimulatedCustomer } from "./simulateCustomers.js";
export type { CustomerSurvivalOptions, CustomerSurvivalResult } from "./survival.js";
export { AnalyticsInputError, isAnalyticsInputError, formatInputIssue, formatInputIssues, formatIssuePath } from "../errors.js";
export type { InputIssue, InputIssueCode, IssuePath } from "../errors.js";
