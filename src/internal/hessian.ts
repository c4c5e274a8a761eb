/**
 * The full covariance of a fit's log-parameters: the inverse of the Hessian of the total negative
 * log-likelihood in φ = ln θ, from central differences of its ANALYTIC gradient (the models' one-pass
 * functions give it), and the Cholesky factor that samples and sigma points need. The Laplace (normal)
 * approximation of the log-parameters is N(φ̂, Σ): it keeps every parameter positive, and the
 * likelihood is nearer a quadratic in ln θ than in θ for the BTYD models' shape and scale parameters.
 */
import { log } from "./elementary.js";

/** The covariance of the log-parameters at a fit. */
export interface LogParameterCovariance {
  /** φ̂ = ln θ̂. */
  logParams: number[];
  /** Σ = H⁻¹, H the Hessian of the total negative log-likelihood in φ (k × k, symmetric). */
  covariance: number[][];
  /** Lower-triangular L with L·Lᵀ = Σ. */
  cholesky: number[][];
}

/** Lower-triangular Cholesky factor of a symmetric matrix; null when it is not positive definite. */
export function cholesky(A: readonly (readonly number[])[]): number[][] | null {
  const k = A.length;
  const L = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let j = 0; j < k; j++) {
    let d = A[j][j];
    for (let m = 0; m < j; m++) d -= L[j][m] * L[j][m];
    // relative to the diagonal: a pivot lost to rounding is not a positive one
    if (!(d > 1e-12 * Math.abs(A[j][j]) && Number.isFinite(d))) return null;
    const s = Math.sqrt(d);
    L[j][j] = s;
    for (let i = j + 1; i < k; i++) {
      let v = A[i][j];
      for (let m = 0; m < j; m++) v -= L[i][m] * L[j][m];
      L[i][j] = v / s;
    }
  }
  return L;
}

/** Inverse of a symmetric positive definite matrix from its Cholesky factor. */
function inverseFromCholesky(L: number[][]): number[][] {
  const k = L.length;
  // L⁻¹ by forward substitution, then Σ = L⁻ᵀ·L⁻¹
  const Li = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let j = 0; j < k; j++) {
    Li[j][j] = 1 / L[j][j];
    for (let i = j + 1; i < k; i++) {
      let s = 0;
      for (let m = j; m < i; m++) s += L[i][m] * Li[m][j];
      Li[i][j] = -s / L[i][i];
    }
  }
  const V = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let m = i; m < k; m++) s += Li[m][i] * Li[m][j];
      V[i][j] = s;
      V[j][i] = s;
    }
  }
  return V;
}

/**
 * The Hessian in φ of a function whose gradient in φ `logGradient(φ, grad)` writes: central
 * differences of the gradient with steps of `h` in φ (2k gradient passes), symmetrised.
 */
export function hessianFromGradient(logGradient: (phi: number[], grad: number[]) => void, phi: readonly number[], h = 1e-4): number[][] {
  const k = phi.length;
  const A = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const gu = new Array<number>(k).fill(0);
  const gd = new Array<number>(k).fill(0);
  for (let j = 0; j < k; j++) {
    const up = phi.slice();
    const down = phi.slice();
    up[j] += h;
    down[j] -= h;
    logGradient(up, gu);
    logGradient(down, gd);
    for (let i = 0; i < k; i++) A[i][j] = (gu[i] - gd[i]) / (2 * h);
  }
  return A.map((row, i) => row.map((_, j) => (A[i][j] + A[j][i]) / 2));
}

/**
 * Covariance of the log-parameters at θ (natural parameters, all > 0): `logGradient(φ, grad)` writes
 * the gradient of the total negative log-likelihood (penalty included, when the fit had one) with
 * respect to φ = ln θ. Returns null when the Hessian is not positive definite (a fit at a boundary or
 * a saddle, or parameters the data do not identify): no covariance, never NaN.
 */
export function logParameterCovariance(logGradient: (phi: number[], grad: number[]) => void, theta: readonly number[]): LogParameterCovariance | null {
  if (!theta.every((v) => v > 0 && Number.isFinite(v))) return null;
  const phi = theta.map(log);
  const H = hessianFromGradient(logGradient, phi);
  if (!H.every((row) => row.every(Number.isFinite))) return null;
  const LH = cholesky(H);
  if (!LH) return null;
  const covariance = inverseFromCholesky(LH);
  const L = cholesky(covariance);
  if (!L || !covariance.every((row) => row.every(Number.isFinite))) return null;
  return { logParams: phi, covariance, cholesky: L };
}

/**
 * Block-diagonal joining of two covariances (independent fits: a purchase model and Gamma-Gamma,
 * whose likelihoods share no parameter).
 */
export function joinCovariances(a: LogParameterCovariance, b: LogParameterCovariance): LogParameterCovariance {
  const k = a.logParams.length;
  const m = b.logParams.length;
  const block = (A: number[][], B: number[][]) =>
    Array.from({ length: k + m }, (_, i) => Array.from({ length: k + m }, (_, j) => (i < k && j < k ? A[i][j] : i >= k && j >= k ? B[i - k][j - k] : 0)));
  return { logParams: [...a.logParams, ...b.logParams], covariance: block(a.covariance, b.covariance), cholesky: block(a.cholesky, b.cholesky) };
}
