import { work } from "./special.js";
import { log } from "./elementary.js";

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

/** Options of {@link minimizeBfgs}. */
export interface MinimizeOptions {
  gradientTolerance?: number;
  maxIterations?: number;
  /** Checked before each evaluation round: true stops the search (a deterministic work budget). */
  exhausted?: () => boolean;
  /** Function name for the error messages. */
  name?: string;
}

/**
 * BFGS with a backtracking (Armijo) line search and central-difference gradients, for smooth
 * low-dimensional problems (model fitting in log-parameters). Stops when the largest gradient
 * component is below `gradientTolerance`, after `maxIterations`, or when `exhausted()` says the work
 * budget is spent. Never returns NaN silently: a non-finite objective at the start throws.
 */
export function minimizeBfgs(f: (x: number[]) => number, x0: number[], options: MinimizeOptions = {}): MinimizeResult {
  const tol = options.gradientTolerance ?? 1e-7;
  const maxIterations = options.maxIterations ?? 1000;
  const exhausted = options.exhausted ?? (() => false);
  const n = x0.length;
  let x = x0.slice();
  let fx = f(x);
  if (!Number.isFinite(fx)) throw new RangeError(`${options.name ?? "minimizeBfgs"}: the objective is not finite at the start`);
  let g = numericGradient(f, x);
  let H: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  const norm = (v: number[]) => Math.max(...v.map(Math.abs));
  let iterations = 0;
  let stalled = false;
  let spent = false;
  while (iterations < maxIterations && norm(g) > tol) {
    if (exhausted()) {
      spent = true;
      break;
    }
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
    for (let k = 0; k < 60 && !exhausted(); k++) {
      xn = x.map((xi, i) => xi + step * p[i]);
      fn = f(xn);
      if (Number.isFinite(fn) && fn <= fx + 1e-4 * step * slope) break;
      step /= 2;
    }
    if (!(Number.isFinite(fn) && fn <= fx)) {
      if (exhausted()) spent = true;
      else stalled = true; // no progress possible
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
    : spent
      ? `stopped when its work budget ran out after ${iterations} iterations at gradient norm ${gradientNorm.toExponential(2)}`
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

/** A deterministic work budget for a fit: `exhausted()` once `units` of counted work (see `work`) are done since the call. */
export function workBudget(units: number): { exhausted: () => boolean } {
  const start = work.units;
  return { exhausted: () => work.units - start > units };
}

/** What {@link fitDiagnostics} checks besides the optimiser's own verdict. */
export interface FitChecks {
  /** The objective that was minimised (over the same log-parameters as the result). */
  objective: (x: number[]) => number;
  /** Total log-likelihood at the fitted parameters, and the largest any parameters can give (when known). */
  logLikelihood?: number;
  upperBound?: number;
}

/**
 * Diagnostics of a fit over log-parameters. A fit is reported converged only when the optimiser met
 * its gradient tolerance, no parameter is running off (the objective is no higher when a parameter is
 * multiplied or divided by e², or its logarithm is beyond ±`edge` — `null` names a parameter with a
 * unit, for which only the first test applies), and the log-likelihood is not above `upperBound` (a
 * value no parameters can reach: a floating-point artefact). The message says which of these failed.
 */
export function fitDiagnostics(res: MinimizeResult, names: readonly (string | null)[], checks: FitChecks, edge = 10): FitDiagnostics {
  const f0 = res.value;
  const slack = 1e-10 * Math.max(1, Math.abs(f0));
  const towards: string[] = [];
  names.forEach((name, i) => {
    const at = (delta: number) => {
      const y = res.x.slice();
      y[i] += delta;
      return checks.objective(y);
    };
    const label = name ?? ["p", "q", "v"][i] ?? `parameter ${i}`;
    const up = at(2);
    const down = at(-2);
    if ((Number.isFinite(up) && up <= f0 + slack) || (name !== null && res.x[i] > edge)) towards.push(`${label} → ∞`);
    else if ((Number.isFinite(down) && down <= f0 + slack) || (name !== null && res.x[i] < -edge)) towards.push(`${label} → 0`);
  });
  const parts = [res.reason];
  if (towards.length > 0) {
    parts.push(`${towards.join(", ")}: the likelihood still rises (or stays flat) towards that limit, so the data do not identify ${towards.length === 1 ? "this parameter" : "these parameters"}`);
  }
  const artefact = checks.logLikelihood !== undefined && checks.upperBound !== undefined && checks.logLikelihood > checks.upperBound + 1e-9 * Math.max(1, Math.abs(checks.upperBound));
  if (artefact) {
    parts.push(`the log-likelihood ${checks.logLikelihood} is above ${checks.upperBound}, the most any parameters can give on these data: a floating-point artefact`);
  }
  const finiteGradient = Number.isFinite(res.gradientNorm);
  if (!finiteGradient) parts.push("the gradient is not finite there (reported as the largest double)");
  const converged = res.converged && towards.length === 0 && !artefact && finiteGradient;
  const message = converged ? parts[0] : `not converged: ${parts.join("; ")}`;
  return { iterations: res.iterations, gradientNorm: finiteGradient ? res.gradientNorm : Number.MAX_VALUE, converged, message };
}

/**
 * The largest total log-likelihood any parameters of the BG/NBD family or of Pareto/NBD can give: a
 * customer's likelihood never exceeds that of a Poisson process with its best rate observed up to the
 * last purchase, λˣe^(−λ·t_x) ≤ (x/t_x)ˣe^(−x) (and 1 without repeat purchases). The likelihoods are
 * densities in t_x, so a total above 0 can be genuine (a fast buyer in a long time unit), but never
 * above this bound. Infinity when a customer has repeat purchases at t_x = 0.
 */
export function purchaseLikelihoodBound(x: ArrayLike<number>, tx: ArrayLike<number>, w: ArrayLike<number>): number {
  let bound = 0;
  for (let i = 0; i < x.length; i++) {
    if (x[i] === 0) continue;
    if (!(tx[i] > 0)) return Number.POSITIVE_INFINITY;
    bound += w[i] * (x[i] * log(x[i] / tx[i]) - x[i]);
  }
  return bound;
}
