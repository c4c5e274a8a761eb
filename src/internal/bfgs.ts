/** Result of {@link minimizeBfgs}. */
export interface MinimizeResult {
  x: number[];
  value: number;
  iterations: number;
  gradientNorm: number;
  converged: boolean;
  /** Why the search stopped, in words. */
  reason: string;
}

/** Central-difference gradient. */
export function numericGradient(f: (x: number[]) => number, x: number[], h = 1e-6): number[] {
  return x.map((_, i) => {
    const up = x.slice();
    const down = x.slice();
    up[i] += h;
    down[i] -= h;
    return (f(up) - f(down)) / (2 * h);
  });
}

/**
 * BFGS with a backtracking (Armijo) line search and central-difference gradients, for smooth
 * low-dimensional problems (model fitting in log-parameters). Stops when the largest gradient
 * component is below `gradientTolerance`, or after `maxIterations`. Never returns NaN silently:
 * a non-finite objective at the start throws.
 */
export function minimizeBfgs(f: (x: number[]) => number, x0: number[], options: { gradientTolerance?: number; maxIterations?: number } = {}): MinimizeResult {
  const tol = options.gradientTolerance ?? 1e-7;
  const maxIterations = options.maxIterations ?? 1000;
  const n = x0.length;
  let x = x0.slice();
  let fx = f(x);
  if (!Number.isFinite(fx)) throw new RangeError("minimizeBfgs: the objective is not finite at the start");
  let g = numericGradient(f, x);
  let H: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  const norm = (v: number[]) => Math.max(...v.map(Math.abs));
  let iterations = 0;
  let stalled = false;
  while (iterations < maxIterations && norm(g) > tol) {
    iterations++;
    const p = H.map((row) => -row.reduce((s, h, j) => s + h * g[j], 0));
    let slope = p.reduce((s, pi, i) => s + pi * g[i], 0);
    if (slope >= 0) {
      // not a descent direction: reset to steepest descent
      H = H.map((row, i) => row.map((_, j) => (i === j ? 1 : 0)));
      for (let i = 0; i < n; i++) p[i] = -g[i];
      slope = -g.reduce((s, gi) => s + gi * gi, 0);
    }
    let step = 1;
    let xn = x;
    let fn = fx;
    for (let k = 0; k < 60; k++) {
      xn = x.map((xi, i) => xi + step * p[i]);
      fn = f(xn);
      if (Number.isFinite(fn) && fn <= fx + 1e-4 * step * slope) break;
      step /= 2;
    }
    if (!(Number.isFinite(fn) && fn <= fx)) {
      stalled = true; // no progress possible
      break;
    }
    const gn = numericGradient(f, xn);
    const s = xn.map((xi, i) => xi - x[i]);
    const y = gn.map((gi, i) => gi - g[i]);
    const sy = s.reduce((acc, si, i) => acc + si * y[i], 0);
    if (sy > 1e-14) {
      const Hy = H.map((row) => row.reduce((acc, h, j) => acc + h * y[j], 0));
      const yHy = y.reduce((acc, yi, i) => acc + yi * Hy[i], 0);
      H = H.map((row, i) => row.map((h, j) => h + ((sy + yHy) * s[i] * s[j]) / (sy * sy) - (Hy[i] * s[j] + s[i] * Hy[j]) / sy));
    }
    x = xn;
    fx = fn;
    g = gn;
  }
  const gradientNorm = norm(g);
  const converged = gradientNorm <= tol;
  const reason = converged
    ? `gradient norm ${gradientNorm.toExponential(2)} below the tolerance ${tol} after ${iterations} iterations`
    : stalled
      ? `the line search found no lower value at gradient norm ${gradientNorm.toExponential(2)} (a flat likelihood or an optimum at a boundary)`
      : `stopped after the maximum of ${maxIterations} iterations at gradient norm ${gradientNorm.toExponential(2)}`;
  return { x, value: fx, iterations, gradientNorm, converged, reason };
}

/** Central-difference Hessian of f at v (steps relative to each coordinate's size). */
export function numericHessian(f: (x: number[]) => number, v: number[]): number[][] {
  const n = v.length;
  const H = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const h = v.map((vi) => 1e-4 * Math.max(1, Math.abs(vi)));
  const at = (i: number, di: number, j: number, dj: number) => {
    const w = v.slice();
    w[i] += di;
    w[j] += dj;
    return f(w);
  };
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const value = (at(i, h[i], j, h[j]) - at(i, h[i], j, -h[j]) - at(i, -h[i], j, h[j]) + at(i, -h[i], j, -h[j])) / (4 * h[i] * h[j]);
      H[i][j] = value;
      H[j][i] = value;
    }
  }
  return H;
}

/** Inverse of a small symmetric matrix by Gauss–Jordan with partial pivoting; null when singular. */
export function invert(A: number[][]): number[][] | null {
  const n = A.length;
  const M = A.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[p][c])) p = r;
    if (!(Math.abs(M[p][c]) > 1e-300)) return null;
    [M[c], M[p]] = [M[p], M[c]];
    const d = M[c][c];
    for (let k = 0; k < 2 * n; k++) M[c][k] /= d;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const factor = M[r][c];
      for (let k = 0; k < 2 * n; k++) M[r][k] -= factor * M[c][k];
    }
  }
  return M.map((row) => row.slice(n));
}

/**
 * Standard errors of maximum-likelihood estimates: square roots of the diagonal of the inverse Hessian
 * of the total negative log-likelihood at the estimates (natural parameters). `null` when the Hessian
 * is not invertible or a variance is not positive (the fit is not at a proper maximum).
 */
export function standardErrors(negativeLogLikelihood: (theta: number[]) => number, theta: number[]): number[] | null {
  const V = invert(numericHessian(negativeLogLikelihood, theta));
  if (!V) return null;
  const se = V.map((row, i) => row[i]);
  return se.every((v) => v > 0 && Number.isFinite(v)) ? se.map(Math.sqrt) : null;
}

/** Convergence diagnostics of a model fit. */
export interface FitDiagnostics {
  iterations: number;
  /** Largest gradient component of the objective (mean negative log-likelihood per customer) at the end. */
  gradientNorm: number;
  converged: boolean;
  /** Why the fit stopped, in words; names the parameters that ran off towards 0 or infinity. */
  message: string;
}

/**
 * Diagnostics of a fit over log-parameters: the optimiser's reason, plus the parameters whose logarithm
 * ran beyond ±`edge` (e^±10 by default; `null` names a parameter with a unit, not checked) (a likelihood that keeps rising as they go to 0 or infinity: the data may not pin
 * them down).
 */
export function fitDiagnostics(res: MinimizeResult, names: readonly (string | null)[], edge = 10): FitDiagnostics {
  const drifting = names.filter((name, i) => name !== null && Math.abs(res.x[i]) > edge);
  const towards = names
    .map((name, i) => (name === null ? "" : res.x[i] > edge ? `${name} → ∞` : res.x[i] < -edge ? `${name} → 0` : ""))
    .filter((t) => t !== "");
  const message = drifting.length > 0 ? `${res.reason}; ${towards.join(", ")}: the data may not identify ${drifting.length === 1 ? "this parameter" : "these parameters"}` : res.reason;
  return { iterations: res.iterations, gradientNorm: res.gradientNorm, converged: res.converged, message };
}
