// Types shared by several model functions: parameters, purchase models, fits, prediction records.
import type { FitDiagnostics } from "../internal/bfgs.js";

/** BG/NBD parameters (Fader, Hardie & Lee 2005), also the modified BG/NBD's; `alpha` is in the data's time unit. */
export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** Pareto/NBD parameters (Schmittlein, Morrison & Colombo 1987); `alpha` and `beta` are in the data's time unit. */
export interface ParetoNbdParams {
  r: number;
  alpha: number;
  s: number;
  beta: number;
}

/** Gamma-Gamma spend parameters (Fader & Hardie 2013, note 025); `v` is in the currency's unit. */
export interface GammaGammaParams {
  p: number;
  q: number;
  v: number;
}

/** A fitted BG/NBD model. */
export interface BgNbdModel {
  model: "bg-nbd";
  params: BgNbdParams;
}

/** A fitted modified BG/NBD model. */
export interface ModifiedBgNbdModel {
  model: "modified-bg-nbd";
  params: BgNbdParams;
}

/** A fitted Pareto/NBD model. */
export interface ParetoNbdModel {
  model: "pareto-nbd";
  params: ParetoNbdParams;
}

/** A fitted purchase model: which model, and its parameters (in the time unit of the data it was fitted on). */
export type PurchaseModel = BgNbdModel | ModifiedBgNbdModel | ParetoNbdModel;

/** One customer's purchase prediction (`predictBgNbd`, `predictModifiedBgNbd`, `predictParetoNbd`). */
export interface PurchasePredictionRecord {
  customerId: string;
  /** Probability that the customer is still active ("alive") at the end of observation. */
  pAlive: number;
  /** Purchases expected in the next `t` time units. */
  expectedPurchases: number;
}

/**
 * `meta` of a purchase prediction: the model and the parameters used, and the horizon `t` (in the
 * data's time unit). It is a {@link PurchaseModel} itself: pass it on to `predictedClv` or
 * `calibrationHoldout` as it is.
 */
export type PurchasePredictionMeta<M extends PurchaseModel = PurchaseModel> = M & {
  /** Horizon of `expectedPurchases`, in the data's time unit. */
  t: number;
};

/** Result of a purchase prediction: one record per customer (input order), and what made it. */
export interface PurchasePredictionResult<M extends PurchaseModel = PurchaseModel> {
  customers: PurchasePredictionRecord[];
  meta: PurchasePredictionMeta<M>;
}

/** Options of the model fits (`fitBgNbd`, `fitModifiedBgNbd`, `fitParetoNbd`, `fitGammaGamma`). */
export interface PenalizedFitOptions {
  /** lifetimes' L2 penalty λ·Σθ² on the (time-rescaled) parameters, ≥ 0 (default 0); see docs/models.md. */
  penalizer?: number;
}

/** Options of the purchase predictions (`predictBgNbd`, `predictModifiedBgNbd`, `predictParetoNbd`). */
export interface PurchasePredictionOptions {
  /** Horizon of `expectedPurchases`, in the data's time unit (required). */
  t: number;
}

/** Options of `predictBgNbd`, `predictModifiedBgNbd` and `predictParetoNbd`: the horizon, and the shape of the result. */
export interface PurchasePredictionOutputOptions extends PurchasePredictionOptions {
  /**
   * `"records"` (default): `customers`, one {@link PurchasePredictionRecord} per customer. `"columns"`:
   * `columns` ({@link PurchasePredictionColumns}), one array per field, without an object per customer.
   */
  output?: "records" | "columns";
}

/** Purchase predictions as columns (`output: "columns"`): entry `i` of every array is customer `i`, input order. */
export interface PurchasePredictionColumns {
  customerId: string[];
  pAlive: Float64Array;
  expectedPurchases: Float64Array;
}

/** Result of a purchase prediction with `output: "columns"`: the same values and `meta` as the records. */
export interface PurchasePredictionColumnsResult<M extends PurchaseModel = PurchaseModel> {
  columns: PurchasePredictionColumns;
  meta: PurchasePredictionMeta<M>;
}

/** A fitted purchase model (`fitBgNbd`, `fitModifiedBgNbd`, `fitParetoNbd`), with parameters `P`. */
export interface PurchaseModelFit<P> {
  params: P;
  /** Total log-likelihood, in the data's time unit. */
  logLikelihood: number;
  /** Standard errors from the inverse Hessian of the total negative log-likelihood (null if not invertible). */
  standardErrors: P | null;
  diagnostics: FitDiagnostics;
  meta: PurchaseFitMeta;
}

/** `meta` of the purchase-model fits (`fitBgNbd`, `fitModifiedBgNbd`, `fitParetoNbd`). */
export interface PurchaseFitMeta {
  /** Customers the model was fitted on. */
  customers: number;
  /** L2 penalty used (0: none). */
  penalizer: number;
}
